"""Points programs: earning rules with caps, losses, spending and first-in-first-out expiry.

Imported by `groupkit.incentives`, which is where users find it.
"""

from __future__ import annotations

import re
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import UTC, datetime, timedelta
from itertools import compress, islice
from operator import attrgetter, eq
from typing import TYPE_CHECKING, Any, Literal, NamedTuple, overload

import attrs

from groupkit import _checks, _durations, i18n
from groupkit._frozen import is_finite_number
from groupkit._pickling import reduce_fields
from groupkit.i18n import Lang, _lang
from groupkit.metrics import Metric, format_number
from groupkit.rules import Predicate, always
from groupkit.views import Column

if TYPE_CHECKING:
    from groupkit.views import View

__all__ = ["Balance", "Earned", "EarningRule", "Entry", "Ledger", "Points", "PointsBalance"]

Number = int | float


def _plain(value: object) -> object:
    return str.__str__(value) if isinstance(value, str) else value


def _number(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if not is_finite_number(value):
        raise TypeError(f"{attribute.name}: expected a finite number, got {value!r}")


def _optional_cap(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if value is not None:
        _number(instance, attribute, value)
        if value < 0:  # type: ignore[operator]
            raise ValueError(f"{attribute.name}: must not be negative, got {value!r}")


def _optional_number(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if value is not None:
        _number(instance, attribute, value)


def _credit(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if value not in ("actor", "target"):
        raise ValueError(f"credit: expected 'actor' or 'target', got {value!r}")


def _bool(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, bool):
        raise TypeError(f"{attribute.name}: expected true or false, got {value!r}")


def _optional_streak(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if value is not None:
        if type(value) is not int:
            raise TypeError(f"streak: expected a whole number of days, got {value!r}")
        if value < 1:
            raise ValueError(f"streak: must be at least 1 day, got {value!r}")


@attrs.frozen
class EarningRule:
    """Points per event of `kind` (or `points × value` when `per_value`; negative for a loss).

    `credit="target"` credits the member the event is aimed at; an event aimed at its own author
    earns nothing. `daily_cap` and `total_cap` bound what this rule earns a member per calendar day
    and in all; `when` must hold for the credited member; `exempt_from_cap` passes the program's
    daily cap.

    `streak=n` earns only on the day that completes each run of n consecutive calendar days with a
    credited event of `kind` (the 7th, 14th, … day in a row): a streak bonus. `settle_after` holds
    the points until that long after the event, and credits them then only if the event's `target`
    (if it has one) is still a member: an invite pays once the invitee has stayed.

    >>> EarningRule("streak bonus", "checkin", 20, streak=7).streak
    7
    """

    name: str = attrs.field(validator=_checks.name)
    kind: str = attrs.field(converter=_plain, validator=_checks.name)
    points: Number = attrs.field(validator=_number)
    per_value: bool = attrs.field(default=False, validator=_bool)
    credit: Literal["actor", "target"] = attrs.field(default="actor", validator=_credit)
    daily_cap: Number | None = attrs.field(default=None, validator=_optional_cap)
    total_cap: Number | None = attrs.field(default=None, validator=_optional_cap)
    when: Predicate = attrs.field(factory=always, validator=_checks.predicate)
    exempt_from_cap: bool = attrs.field(default=False, validator=_bool)
    streak: int | None = attrs.field(default=None, validator=_optional_streak)
    settle_after: timedelta | None = attrs.field(default=None, validator=_durations.positive)


def _rules(values: Iterable[EarningRule]) -> tuple[EarningRule, ...]:
    return _checks.named(values, EarningRule, "rules", "an EarningRule", "rule")


@attrs.frozen
class Points:
    """A points program: earning rules, an overall daily cap, expiry, spending, a start and a floor.

    Gains of rules not `exempt_from_cap` are cut so that a member's day (in the community's timezone)
    stays within `daily_cap`; losses are never capped. Points expire `expire_after` after they were
    earned; events of `spend_kind` (by the member, `value` points) spend the oldest points first.
    Every member starts at `start`; a loss that would take a balance below `floor` is cut at it (the
    ledger line says so), and spending never goes below `floor` (or 0 without one). `soon` is how far
    ahead `Balance.expiring_soon` looks.
    """

    rules: tuple[EarningRule, ...] = attrs.field(converter=_rules)
    daily_cap: Number | None = attrs.field(default=None, validator=_optional_cap)
    expire_after: timedelta | None = attrs.field(default=None, validator=_durations.positive)
    spend_kind: str = attrs.field(default="redeem", converter=_plain, validator=_checks.name)
    start: Number = attrs.field(default=0, validator=_number)
    floor: Number | None = attrs.field(default=None, validator=_optional_number)
    soon: timedelta = attrs.field(default=timedelta(days=7), validator=_durations.required)


EntryKind = Literal["earned", "capped", "lost", "spent", "expired"]


class Entry(NamedTuple):
    """One line of a member's ledger: when, what, how many points (as counted), which rule, and a note.

    >>> line = Entry(datetime(2026, 3, 1, tzinfo=UTC), "capped", 3, "answer", "cut by the answer daily cap")
    >>> print(line)
    2026-03-01T00:00:00+00:00 capped 3 [answer] (cut by the answer daily cap)
    >>> print(line.render("zh"))
    2026-03-01T00:00:00+00:00 超出上限未计 3【回答】（「回答」每日上限）
    """

    at: datetime
    kind: EntryKind
    points: Number
    rule: str | None = None
    note: str = ""

    def __str__(self) -> str:
        return self.render("en")

    def render(self, lang: Lang = "en") -> str:
        """The line in English (``"en"``, as `str()`) or Chinese (``"zh"``)."""
        if _lang(lang) == "zh":
            rule = f"【{i18n.name(self.rule, 'zh')}】" if self.rule else ""
            note = f"（{_zh_note(self.note)}）" if self.note else ""
            points = abs(self.points) if self.kind == "lost" else self.points  # 扣除 6, not 扣除 -6
            return f"{self.at.isoformat()} {_ENTRY_WORDS[self.kind]} {format_number(points)}{rule}{note}"
        rule = f" [{self.rule}]" if self.rule else ""
        note = f" ({self.note})" if self.note else ""
        return f"{self.at.isoformat()} {self.kind} {format_number(self.points)}{rule}{note}"


_ENTRY_WORDS = {"earned": "获得", "capped": "超出上限未计", "lost": "扣除", "spent": "消耗", "expired": "过期"}
_NOTES: tuple[tuple[re.Pattern[str], Callable[[re.Match[str]], str]], ...] = (
    (re.compile(r"cut by the (?:(.+) )?(daily|total) cap"),
     lambda m: (f"「{i18n.name(m[1], 'zh')}」" if m[1] else "") + ("每日" if m[2] == "daily" else "累计")
     + ("上限" if m[1] else "总上限")),
    (re.compile(r"-?(\S+) cut at the floor of (\S+)"), lambda m: f"应扣{m[1]}，扣到下限{m[2]}为止"),
    (re.compile(r"asked (\S+), only (\S+) available"), lambda m: f"要消耗{m[1]}，只有{m[2]}可用"),
    (re.compile(r"earned (\S+)"), lambda m: f"{m[1]} 获得的积分"),
)


def _zh_note(note: str) -> str:
    """The Chinese words of a note groupkit wrote on a ledger line (another note as it is)."""
    for pattern, words in _NOTES:
        if (found := pattern.fullmatch(note)) is not None:
            return words(found)
    return note


class Ledger(Sequence[Entry]):
    """A member's ledger: `Entry` lines, oldest first; equal to any sequence of the same lines.

    A busy program writes a line per event, millions in all, so a ledger keeps its lines as plain
    tuples (which cost Python's garbage collector nothing) and hands out `Entry` objects on access.

    >>> line = (datetime(2026, 3, 1, tzinfo=UTC), "earned", 10, "answer", "")
    >>> Ledger([line])[0].points, Ledger([line]) == [Entry(*line)]
    (10, True)
    """

    __slots__ = ("_lines",)

    def __init__(self, lines: Iterable[tuple[datetime, EntryKind, Number, str | None, str]] = ()) -> None:
        self._lines = tuple(lines)

    def __len__(self) -> int:
        return len(self._lines)

    @overload
    def __getitem__(self, index: int) -> Entry: ...

    @overload
    def __getitem__(self, index: slice) -> Ledger: ...

    def __getitem__(self, index: int | slice) -> Entry | Ledger:
        if isinstance(index, slice):
            return Ledger(self._lines[index])
        return Entry._make(self._lines[index])

    def __iter__(self) -> Iterator[Entry]:
        return map(Entry._make, self._lines)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Ledger):
            return self._lines == other._lines
        if isinstance(other, Sequence) and not isinstance(other, str):
            return self._lines == tuple(other)
        return NotImplemented

    def __hash__(self) -> int:
        return hash(self._lines)

    def __repr__(self) -> str:
        return f"Ledger({list(self)!r})"


@attrs.frozen
class Balance:
    """A member's points: `balance == start + earned − spent − expired`, and the ledger behind it.

    `earned` counts losses as negative amounts; "capped" lines record what caps cut and do not count.
    """

    __reduce__ = reduce_fields  # pickled as a tuple of its fields: fast across processes

    balance: Number
    earned: Number
    spent: Number
    expired: Number
    expiring_soon: Number
    entries: Ledger


class _Discarded(list[tuple[Any, ...]]):
    """Where the lines go when only balances are asked for: nowhere."""

    def append(self, line: tuple[Any, ...]) -> None:
        pass


_DISCARDED = _Discarded()
_NO_LOTS: deque[tuple[Any, Number]] = deque()  # shared by the accounts of programs without expiry; never changed


class _Account:
    """One member's running state while the events are replayed in time order.

    Caps and streaks are tallied in one dict shared by all accounts (`tally`), keyed by member id
    first: a busy program has many members, and fewer objects cost the garbage collector less.
    """

    __slots__ = ("balance", "debt", "earned", "entries", "expired", "id", "lots", "spent", "tally")

    def __init__(self, member_id: str, start: Number, tally: dict[tuple[Any, ...], Any], expiring: bool,
                 lines: Any = None) -> None:
        self.id = member_id
        self.balance: Number = start
        self.earned: Number = 0
        self.spent: Number = 0
        self.expired: Number = 0
        # (earned at, points left), oldest first; kept only when points expire (else never read). Tuples
        # of a time and a number are not tracked by the garbage collector, so a long replay stays cheap.
        self.lots: deque[tuple[Any, Number]] = (deque([(None, start)] if start > 0 else ()) if expiring
                                                else _NO_LOTS)
        self.debt: Number = -start if start < 0 else 0  # losses beyond every lot, repaid by later gains
        self.entries: list[tuple[Any, ...]] = [] if lines is None else lines  # ledger lines, as in `Ledger`
        self.tally = tally

    def completes_streak(self, rule: EarningRule, day: Any) -> bool:
        """Whether a credited event on `day` completes a run of `rule.streak` days (and record it)."""
        key = (self.id, "streak", rule.name)
        last, run = self.tally.get(key, (None, 0))
        if day == last:
            return False
        run = run + 1 if last is not None and (day - last).days == 1 else 1
        self.tally[key] = (day, run)
        return run % rule.streak == 0  # type: ignore[operator]

    def consume(self, amount: Number) -> None:
        """Take `amount` from the oldest lots first; what no lot covers becomes debt."""
        lots = self.lots
        while amount > 0 and lots:
            earned_at, left = lots[0]
            taken = min(left, amount)
            amount -= taken
            if left - taken <= 0:
                lots.popleft()
            else:
                lots[0] = (earned_at, left - taken)
        if amount > 0:
            self.debt += amount

    def add_lot(self, at: datetime, points: Number) -> None:
        """Points earned at `at`: they repay debt first, and what is left can expire."""
        repaid = min(self.debt, points)
        self.debt -= repaid
        if points > repaid:
            self.lots.append((at, points - repaid))

    def expire(self, moment: datetime, after: timedelta | None) -> None:
        while after is not None and self.lots and self.lots[0][0] is not None and self.lots[0][0] + after <= moment:
            earned_at, left = self.lots.popleft()
            if left > 0:
                self.expired += left
                self.balance -= left
                self.entries.append((earned_at + after, "expired", left, None, "earned " + earned_at.isoformat()))


def _sort_key(event: Any) -> tuple[Any, ...]:
    return (event.at, event.id or "", event.kind, event.member_id, event.target or "", event.value, event.text)


def _in_order(events: list[Any]) -> list[Any]:
    """`events` in time order; events at the same moment ordered by their content, not their position."""
    events.sort(key=attrgetter("at"))
    ats = list(map(attrgetter("at"), events))
    tied = list(compress(range(1, len(ats)), map(eq, ats, islice(ats, 1, None))))
    i = 0
    while i < len(tied):  # each run of equal moments is sorted by the whole event
        first = tied[i] - 1
        while i + 1 < len(tied) and tied[i + 1] == tied[i] + 1:
            i += 1
        end = tied[i] + 1
        events[first:end] = sorted(events[first:end], key=_sort_key)
        i += 1
    return events


class _Days:
    """The calendar day of moments given in time order, asking the timezone once per day."""

    def __init__(self, view: View) -> None:
        self.view = view
        self.start = self.end = datetime.max.replace(tzinfo=UTC)
        self.day: Any = None

    def of(self, at: datetime) -> Any:
        if not self.start <= at < self.end:
            view = self.view
            self.day = view.day_of(at)
            zone = at.tzinfo  # bounds in the events' own zone compare without asking for offsets
            self.start = view.midnight(self.day).astimezone(zone)
            self.end = view.midnight(self.day + timedelta(days=1)).astimezone(zone)
            if not self.start <= at < self.end:  # a day that a clock change makes odd: ask every time
                self.start = self.end
        return self.day


def _replay(view: View, program: Points, keep_lines: bool) -> dict[str, _Account]:
    """The accounts touched by the events up to `now`, in time order; ledger lines kept if asked."""
    by_kind: dict[str, list[EarningRule]] = {}
    for rule in program.rules:
        by_kind.setdefault(rule.kind, []).append(rule)
    allowed = {rule.name: rule.when._select(view, view.everyone) for rule in program.rules}
    now = view.now
    wanted = {*by_kind, program.spend_kind}
    events = [e for e in view.community.events if e.kind in wanted and e.at <= now]
    accounts: dict[str, _Account] = {}
    lines = None if keep_lines else _DISCARDED
    tally: dict[tuple[Any, ...], Any] = {}
    everyone = view.everyone
    after, floor, start = program.expire_after, program.floor, program.start
    expiring = after is not None
    days = _Days(view)
    for moment, event, rules in _steps(view, _in_order(events), by_kind, program.spend_kind):
        if rules is None:  # a spending event
            if event.member_id in everyone:
                spender = accounts.get(event.member_id) or accounts.setdefault(
                    event.member_id, _Account(event.member_id, start, tally, expiring, lines))
                spender.expire(moment, after)
                _spend(spender, event, floor, expiring)
            continue
        target = event.target
        if target is not None and target == event.member_id:
            continue
        for rule in rules:
            credited = event.member_id if rule.credit == "actor" else target
            if credited is None or credited not in allowed[rule.name]:
                continue
            if rule.settle_after is not None and target is not None and target not in everyone:
                continue
            account = accounts.get(credited) or accounts.setdefault(credited, _Account(credited, start, tally, expiring, lines))
            if rule.streak is not None and not account.completes_streak(rule, view.day_of(event.at)):
                continue
            if expiring:
                account.expire(moment, after)
            amount = rule.points * event.value if rule.per_value else rule.points
            if amount >= 0:
                _gain(account, days.of(moment), program, rule, moment, amount, expiring)
            else:
                _lose(account, rule, moment, amount, floor, expiring)
    return accounts


def ledgers(view: View, program: Points) -> dict[str, Balance]:
    """Every member's balance and ledger under `program`, replaying the events up to `now` in time order."""
    accounts = _replay(view, program, keep_lines=True)
    now, after = view.now, program.expire_after
    untouched = Balance(program.start, 0, 0, 0, 0, Ledger())  # for every member no event concerned
    result = {}
    for member_id in view.member_ids:
        found = accounts.get(member_id)
        if found is None:
            result[member_id] = untouched
            continue
        account = found
        account.expire(now, after)
        soon = 0 if after is None else sum(
            left for earned_at, left in account.lots if earned_at is not None and earned_at + after <= now + program.soon
        )
        result[member_id] = Balance(account.balance, account.earned, account.spent, account.expired, soon,
                                    Ledger(account.entries))
    return result


def balances(view: View, program: Points) -> dict[str, Number]:
    """Every member's balance under `program`, as `ledgers` gives it, without keeping ledger lines
    (what a rule on the balance needs)."""
    after, now = program.expire_after, view.now
    accounts = _replay(view, program, keep_lines=False)
    result: dict[str, Number] = {}
    for member_id in view.member_ids:
        account = accounts.get(member_id)
        if account is None:
            result[member_id] = program.start
        else:
            account.expire(now, after)
            result[member_id] = account.balance
    return result


def _steps(
    view: View, events: list[Any], by_kind: dict[str, list[EarningRule]], spend_kind: str
) -> Iterable[tuple[datetime, Any, tuple[EarningRule, ...] | None]]:
    """What happens when, in time order: (moment, event, rules applied then; None for spending)."""
    now_rules = {kind: tuple(r for r in rules if r.settle_after is None) for kind, rules in by_kind.items()}
    later_rules = {kind: [r for r in rules if r.settle_after is not None] for kind, rules in by_kind.items()}
    if not any(later_rules.values()) and spend_kind not in now_rules:
        # each event meets its rules (None: spending) at its own moment, paired in C, not in a loop
        rules_of: dict[str, tuple[EarningRule, ...] | None] = {**now_rules, spend_kind: None}
        return zip(map(attrgetter("at"), events), events, map(rules_of.__getitem__, map(attrgetter("kind"), events)))
    steps: list[tuple[datetime, Any, tuple[EarningRule, ...] | None]] = []
    settling: list[tuple[datetime, Any, tuple[EarningRule, ...] | None]] = []
    for event in events:
        if event.kind == spend_kind:
            steps.append((event.at, event, None))
        rules = now_rules.get(event.kind)
        if rules:
            steps.append((event.at, event, rules))
        for rule in later_rules.get(event.kind, ()):
            settled_at = event.at + rule.settle_after
            if settled_at <= view.now:
                settling.append((settled_at, event, (rule,)))
    merged = steps + settling  # stable: at one moment, events first, then what settles, in event order
    merged.sort(key=lambda step: step[0])
    return merged


def _gain(
    account: _Account, day: Any, program: Points, rule: EarningRule, at: datetime, amount: Number, lots: bool
) -> None:
    allowed, why = amount, ""
    name, tally, who = rule.name, account.tally, account.id
    if rule.daily_cap is not None:
        room = rule.daily_cap - tally.get((who, name, day), 0)
        if room < allowed:
            allowed, why = max(0, room), f"{name} daily cap"
    if rule.total_cap is not None:
        room = rule.total_cap - tally.get((who, name), 0)
        if room < allowed:
            allowed, why = max(0, room), f"{name} total cap"
    counted = program.daily_cap is not None and not rule.exempt_from_cap
    if counted:
        room = program.daily_cap - tally.get((who, None, day), 0)
        if room < allowed:
            allowed, why = max(0, room), "daily cap"
    if allowed > 0:
        account.entries.append((at, "earned", allowed, name, ""))
        account.earned += allowed
        account.balance += allowed
        if lots:
            account.add_lot(at, allowed)
        if rule.daily_cap is not None:
            tally[who, name, day] = tally.get((who, name, day), 0) + allowed
        if rule.total_cap is not None:
            tally[who, name] = tally.get((who, name), 0) + allowed
        if counted:
            tally[who, None, day] = tally.get((who, None, day), 0) + allowed
    if allowed < amount:
        account.entries.append((at, "capped", amount - allowed, name, f"cut by the {why}"))


def _lose(
    account: _Account, rule: EarningRule, at: datetime, amount: Number, floor: Number | None, lots: bool
) -> None:
    loss, note = amount, ""
    if floor is not None and account.balance + amount < floor:
        loss = min(0, floor - account.balance)
        note = f"{format_number(amount)} cut at the floor of {format_number(floor)}"
    account.entries.append((at, "lost", loss, rule.name, note))
    account.earned += loss
    account.balance += loss
    if lots:
        account.consume(-loss)


def _spend(account: _Account, event: Any, floor: Number | None, lots: bool) -> None:
    asked = event.value
    available = max(0, account.balance - (0 if floor is None else max(floor, 0)))
    spent = min(asked, available)
    note = "" if spent == asked else f"asked {format_number(asked)}, only {format_number(spent)} available"
    account.entries.append((event.at, "spent", spent, None, note))
    account.spent += spent
    account.balance -= spent
    if lots:
        account.consume(spent)


def _check_program(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, Points):
        raise TypeError(f"program: expected a Points program, got {type(value).__name__}")


@attrs.frozen(repr=False, order=False, cache_hash=True)
class PointsBalance(Metric):
    """The member's balance under a points program, as a metric (usable in rules and ladders)."""

    program: Points = attrs.field(validator=_check_program)

    def _values(self, view: View) -> Column:
        balances = view._balances(self.program)
        return view.dense(balances[member_id] for member_id in view.member_ids)

    def label(self) -> str:
        return "points balance"

    def __repr__(self) -> str:
        return f"balance(<{len(self.program.rules)}-rule program>)"


@attrs.frozen(repr=False, order=False, cache_hash=True)
class Earned(Metric):
    """Points the member earned (losses counted negative) in the window, under a points program."""

    program: Points = attrs.field(validator=_check_program)
    within: timedelta | None = attrs.field(default=None, validator=_durations.positive)

    def _values(self, view: View) -> Column:
        start = view.window_start(self.within)
        balances = view.points(self.program)
        return view.dense(
            sum(e.points for e in balances[m].entries if e.kind in ("earned", "lost") and (start is None or e.at > start))
            for m in view.member_ids
        )

    def label(self) -> str:
        return "points earned" + ("" if self.within is None else f" in the last {_durations.label(self.within)}")

    def __repr__(self) -> str:
        window = "" if self.within is None else f", within={_durations.short(self.within)}"
        return f"earned(<{len(self.program.rules)}-rule program>{window})"
