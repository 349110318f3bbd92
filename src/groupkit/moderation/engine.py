"""`Moderation`: screening rules, an escalation and obligations, applied event by event.

>>> from datetime import datetime, timedelta, timezone
>>> from groupkit.facts import Event
>>> from groupkit.moderation.rules import keywords
>>> screening = Moderation([keywords(["代购"], action="delete")])
>>> at = datetime(2026, 5, 1, 10, tzinfo=timezone.utc)
>>> result = screening.screen(ScreenState.empty(), Event("ann", "message", at, text="专业代购"))
>>> print(result.decision)
ann: delete [keywords]: the message contains the banned word '代购'
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable, Iterable
from datetime import datetime, timedelta
from operator import itemgetter
from typing import Any

import attrs

from groupkit import _checks, _durations
from groupkit._pickling import reduce_by_init
from groupkit.errors import GroupkitError
from groupkit.facts import Event, Member, Role
from groupkit.moderation.actions import Decision, Escalation, Screening, Step, Text, as_step, strength
from groupkit.moderation.conditions import Condition, is_condition
from groupkit.moderation.rules import STAFF, Duplicates, Nickname, ScreenRule, Seen, _exempt_roles, fingerprint, zh_duration
from groupkit.moderation.state import _NOTHING, BUCKETS, MemberRecord, OpenObligation, ScreenState, bucket_of

__all__ = ["Moderation", "Obligation", "OutOfOrderError", "obligation"]

SWEEP_EVERY = 128
"""A bucket of the state is swept every this many events (all of them every 8,192 events)."""

_SAYS = {
    "remind": ("A friendly reminder.", "温馨提醒。"),
    "request": ("Please do it in time.", "请按时完成。"),
    "warn": ("This is a warning.", "这是一次警告。"),
    "delete": ("The message was removed.", "消息已删除。"),
    "mute": ("You are muted{en}.", "你已被禁言{zh}。"),
    "remove": ("You have been removed from the group.", "你已被移出本群。"),
}


class OutOfOrderError(GroupkitError, ValueError):
    """An event older than the state's clock: screening needs events in time order."""


def _required_step(value: object) -> Step:
    step = as_step(value)  # type: ignore[arg-type]
    if step is None:
        raise TypeError("otherwise: expected a Step or an action name")
    return step


@attrs.frozen(repr=False)
class Obligation:
    """When an event meets `trigger`, its sender must send an event meeting `require` within
    `within`, or `otherwise` is done to them. A deadline reached is missed: an obligation due at
    10:03:00 is not met by an event at 10:03:00, and fires at a tick at 10:03:00.

    `meaning` says in both languages what the member has to do, for the messages they read (the
    `name` otherwise).
    """

    name: str = attrs.field(validator=_checks.name)
    trigger: Condition = attrs.field(validator=is_condition)
    require: Condition = attrs.field(validator=is_condition)
    within: timedelta = attrs.field(validator=_durations.required)
    otherwise: Step = attrs.field(converter=_required_step)
    exempt_roles: frozenset[Role] = attrs.field(default=STAFF, converter=_exempt_roles, kw_only=True)
    meaning: Text | None = attrs.field(default=None, kw_only=True)

    def __repr__(self) -> str:
        meaning = "" if self.meaning is None else f", meaning={self.meaning.en!r}"
        return (f"obligation({self.name!r}, {self.trigger!r}, {self.require!r}, "
                f"{_durations.short(self.within)!r}, {self.otherwise!r}{meaning})")

    def task(self) -> Text:
        """What the member has to do, in both languages."""
        return self.meaning if self.meaning is not None else Text(self.name, self.name)


def obligation(name: str, trigger: Condition, require: Condition, within: timedelta,
               otherwise: Step | str, **options: Any) -> Obligation:
    """An obligation with a timer: see `Obligation`."""
    return Obligation(name, trigger, require, within, otherwise, **options)


def _rules(values: Iterable[ScreenRule]) -> tuple[ScreenRule, ...]:
    if isinstance(values, ScreenRule) or not isinstance(values, Iterable):
        raise TypeError("rules: expected a sequence of screening rules")
    return _checks.named(values, ScreenRule, "rules", "a screening rule", "rule")  # type: ignore[type-abstract]


def _obligations(values: Iterable[Obligation]) -> tuple[Obligation, ...]:
    if isinstance(values, Obligation) or not isinstance(values, Iterable):
        raise TypeError("obligations: expected a sequence of Obligation")
    return _checks.named(values, Obligation, "obligations", "an Obligation", "obligation")


def _escalation(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if value is not None and not isinstance(value, Escalation):
        raise TypeError(f"escalation: expected an Escalation or None, got {type(value).__name__}")


def _who(event: Event, member: Member | None) -> str:
    return f"@{member.nickname}" if member is not None and member.nickname else f"@{event.member_id}"


@attrs.frozen(repr=False)
class Moderation:
    """A community's screening: `rules`, the `escalation` that rules without an action follow
    (without one, such a rule deletes the message), and `obligations` with timers.

    Rules apply to ordinary members by default; owners, admins and moderators are exempt unless a
    rule says otherwise. When several rules fire on one event, the strongest action decides
    (allow < remind < request < warn < delete < mute < remove); the rules that follow the escalation
    add one strike between them.
    """

    __reduce__ = reduce_by_init  # pickled as its arguments: derived state is rebuilt

    rules: tuple[ScreenRule, ...] = attrs.field(converter=_rules)
    escalation: Escalation | None = attrs.field(default=None, validator=_escalation)
    obligations: tuple[Obligation, ...] = attrs.field(default=(), converter=_obligations)
    _memory: _Memory = attrs.field(init=False, eq=False, hash=False, repr=False)
    _keys: bool = attrs.field(init=False, eq=False, hash=False, repr=False)
    _plans: dict[Any, _Plan] = attrs.field(init=False, eq=False, hash=False, repr=False)

    def __attrs_post_init__(self) -> None:
        object.__setattr__(self, "_plans", {})
        object.__setattr__(self, "_memory", _Memory.of(self.rules))
        object.__setattr__(self, "_keys", any(isinstance(rule, Duplicates) for rule in self.rules))

    def __repr__(self) -> str:
        rules, obligations = len(self.rules), len(self.obligations)
        return (f"Moderation({rules} rule{'s' if rules != 1 else ''}, {self.escalation!r}, "
                f"{obligations} obligation{'s' if obligations != 1 else ''})")

    # -- screening -----------------------------------------------------------------------------

    def screen(self, state: ScreenState, event: Event, member: Member | None = None) -> Screening:
        """Screen one event against the state: the decision, the new state, and every rule that fired.

        `member` is the sender (role, tier, nickname, `joined_at`); without it the sender counts as
        an ordinary member of unknown tenure.
        """
        if not isinstance(state, ScreenState):
            raise TypeError(f"state: expected a ScreenState, got {type(state).__name__}")
        if not isinstance(event, Event):
            raise TypeError(f"event: expected a groupkit Event, got {type(event).__name__}")
        if member is not None:
            if not isinstance(member, Member):
                raise TypeError(f"member: expected a groupkit Member or None, got {type(member).__name__}")
            if member.id != event.member_id:
                raise ValueError(f"member: the event was sent by {event.member_id!r}, not by {member.id!r}")
        at = event.at
        if state.clock is not None and at < state.clock:
            raise OutOfOrderError(
                f"event at {at.isoformat()} is older than the state's clock {state.clock.isoformat()}: "
                "screen events in time order (the state is unchanged)"
            )
        mid = event.member_id
        index = bucket_of(mid)
        record = state.buckets[index].get(mid, _NOTHING)
        memory = self._memory
        recent = memory.trim(record.recent, at)
        plan = self._plan(member, event.kind, bool(event.text), bool(event.data))
        fired, escalating, reminded = self._check(plan, event, member, record, recent)
        strikes = record.strikes
        if escalating:
            step, strikes = self._escalate(strikes, at)
            names = ", ".join(rule.name for rule, _ in escalating)
            fired.append(self._decision(event, member, step, names, tuple(reason for _, reason in escalating)))
        elif strikes and self.escalation is not None and at - strikes[0] >= self.escalation.decay:
            strikes = tuple(strike for strike in strikes if at - strike < self.escalation.decay)  # lapsed ones go
        obligations = state.obligations
        if (obligations and plan.meets) or plan.triggers:
            obligations = self._settle(obligations, plan.triggers, event, member, fired)
        seen: Seen = (at, event.kind, fingerprint(event.text) if self._keys and event.text else "")
        new_record = MemberRecord((*recent, seen) if memory.keeps(event.kind) else recent, strikes, reminded)
        new_state = state.put(index, mid, new_record, at, obligations)
        if new_state.count % SWEEP_EVERY == 0:
            new_state = self._sweep(new_state, (new_state.count // SWEEP_EVERY) % BUCKETS, at)
        if not fired:
            return Screening(Decision(mid, "allow"), new_state)
        decision = max(fired, key=lambda d: strength(d.action, d.duration))
        return Screening(decision, new_state, tuple(fired))

    def _check(
        self, plan: _Plan, event: Event, member: Member | None, record: MemberRecord, recent: tuple[Seen, ...]
    ) -> tuple[list[Decision], list[tuple[ScreenRule, Text]], tuple[tuple[str, datetime], ...]]:
        """The rules' verdicts: decisions of rules with an action, the violations that escalate, reminders."""
        fired: list[Decision] = []
        escalating: list[tuple[ScreenRule, Text]] = []
        reminded = record.reminded
        at = event.at
        for rule, check, every in plan.checks:
            reason = check(event, member, recent)
            if reason is None:
                continue
            if every is not None:  # a reminder: at most once per `every`
                last = record.last_reminded(rule.name)
                if last is not None and at - last < every:
                    continue
                reminded = (*((n, t) for n, t in reminded if n != rule.name), (rule.name, at))
            if rule.action is None:
                escalating.append((rule, reason))
            else:
                fired.append(self._decision(event, member, rule.action, rule.name, (reason,)))
        return fired, escalating, reminded

    def _plan(self, member: Member | None, kind: str, has_text: bool, has_data: bool) -> _Plan:
        """What to ask of an event: the rules that apply to this sender and can fire on this kind of
        event, the obligations it can trigger or meet, worked out once per kind of sender (role, tier,
        tags) and of event (kind, with or without text and data)."""
        shape = (kind, has_text, has_data)
        key = shape if member is None else (member.role, member.tier, member.tags, *shape)
        found = self._plans.get(key)
        if found is None:
            role = Role.MEMBER if member is None else member.role
            found = _Plan(
                tuple((rule, rule.check, rule.every if isinstance(rule, Nickname) else None) for rule in self.rules
                      if rule.applies_to(member) and rule.can_fire(kind, has_text, has_data)),
                tuple(rule for rule in self.obligations
                      if role not in rule.exempt_roles and rule.trigger.can_hold(kind, has_text, has_data)),
                any(rule.require.can_hold(kind, has_text, has_data) for rule in self.obligations),
            )
            if len(self._plans) < 10_000:  # senders come in few kinds; stay bounded if not
                self._plans[key] = found
        return found

    def _escalate(self, strikes: tuple[datetime, ...], at: datetime) -> tuple[Step, tuple[datetime, ...]]:
        """The step for one more strike at `at`, and the live strikes kept (no more than there are steps)."""
        if self.escalation is None:
            return Step("delete"), strikes
        live = tuple(strike for strike in strikes if at - strike < self.escalation.decay)
        kept = (*live, at)[-len(self.escalation.steps) :]
        return self.escalation.step(len(kept)), kept

    def _settle(self, obligations: tuple[OpenObligation, ...], triggers: tuple[Obligation, ...], event: Event,
                member: Member | None, fired: list[Decision]) -> tuple[OpenObligation, ...]:
        """The open obligations after `event`: the earliest it meets is closed, those it triggers open."""
        at, mid = event.at, event.member_id
        met = next((i for i, open_ in enumerate(obligations)
                    if open_.member_id == mid and open_.opened < at < open_.due
                    and self._obligation(open_.name).require.holds(event)), None)
        kept = obligations if met is None else (*obligations[:met], *obligations[met + 1 :])
        opened: list[OpenObligation] = []
        for rule in triggers:
            if rule.trigger.holds(event):
                due = at + rule.within
                opened.append(OpenObligation(due, mid, rule.name, at, _who(event, member)))
                task, by = rule.task(), _clock(due, rule.within)
                reason = Text(f"{task.en} within {_durations.counted(rule.within)}, by {by}",
                              f"请在{zh_duration(rule.within)}内{task.zh}（截止 {by}）")
                fired.append(self._decision(event, member, Step("request"), rule.name, (reason,)))
        return tuple(sorted((*kept, *opened), key=_due_order)) if opened else kept

    def tick(self, state: ScreenState, now: datetime) -> tuple[tuple[Decision, ...], ScreenState]:
        """Fire the obligations due by `now` (each exactly once), and the state without them."""
        if not isinstance(state, ScreenState):
            raise TypeError(f"state: expected a ScreenState, got {type(state).__name__}")
        if not isinstance(now, datetime) or now.utcoffset() is None:
            raise ValueError(f"now: expected a timezone-aware datetime, got {now!r}")
        if state.clock is not None and now < state.clock:
            raise OutOfOrderError(f"tick at {now.isoformat()} is older than the state's clock {state.clock.isoformat()}")
        due = [open_ for open_ in state.obligations if open_.due <= now]
        decisions = []
        for open_ in due:
            rule = self._obligation(open_.name)
            task, by = rule.task(), _clock(open_.due, rule.within)
            reason = Text(f"did not {task.en} within {_durations.counted(rule.within)} (due {by})",
                          f"未在{zh_duration(rule.within)}内{task.zh}（截止 {by}）")
            decisions.append(Decision(open_.member_id, rule.otherwise.action, rule.otherwise.duration, rule.name,
                                      (reason,), _message(open_.who or f"@{open_.member_id}", rule.otherwise, reason)))
        remaining = tuple(open_ for open_ in state.obligations if open_.due > now)
        return tuple(decisions), attrs.evolve(state, clock=now, obligations=remaining)

    # -- helpers -------------------------------------------------------------------------------

    def _obligation(self, name: str) -> Obligation:
        for rule in self.obligations:
            if rule.name == name:
                return rule
        raise ValueError(f"the state has an open obligation {name!r} that this Moderation does not define")

    def _decision(self, event: Event, member: Member | None, step: Step, rule: str,
                  reasons: tuple[Text, ...]) -> Decision:
        return Decision(event.member_id, step.action, step.duration, rule, reasons,
                        _message(_who(event, member), step, reasons[0]))

    def _sweep(self, state: ScreenState, index: int, now: datetime) -> ScreenState:
        memory = self._memory
        decay = None if self.escalation is None else self.escalation.decay
        every = {rule.name: rule.every for rule in self.rules if isinstance(rule, Nickname)}

        def keep(record: MemberRecord) -> MemberRecord:
            recent = memory.trim(record.recent, now)
            strikes = tuple(s for s in record.strikes if decay is not None and now - s < decay)
            reminded = tuple((n, t) for n, t in record.reminded if n in every and now - t < every[n])
            if recent is record.recent and strikes == record.strikes and reminded == record.reminded:
                return record
            return MemberRecord(recent, strikes, reminded)

        return state.swept(index, keep)


@attrs.frozen
class _Plan:
    """What `Moderation.screen` asks of one kind of event from one kind of sender: the rules in order
    (each with its bound check, and how often it reminds if it is a reminder), the obligations it can
    open, and whether it can meet one."""

    checks: tuple[tuple[ScreenRule, Callable[[Event, Member | None, tuple[Seen, ...]], Text | None],
                        timedelta | None], ...]
    triggers: tuple[Obligation, ...]
    meets: bool  # whether such an event can meet an open obligation


def _due_order(open_: OpenObligation) -> tuple[datetime, str, str, datetime]:
    return open_.due, open_.member_id, open_.name, open_.opened


@attrs.frozen
class _Memory:
    """How long the state keeps a member's events of each kind: the longest window of the rules
    that count that kind (`default` for kinds every-kind rules count; others are not kept)."""

    default: timedelta | None
    by_kind: dict[str, timedelta]
    shortest: timedelta
    longest: timedelta

    @classmethod
    def of(cls, rules: tuple[ScreenRule, ...]) -> _Memory:
        default: timedelta | None = None
        by_kind: dict[str, timedelta] = {}
        for rule in rules:
            window = rule.window()
            if window is None:
                continue
            kinds = rule.kinds_seen()
            if kinds is None:
                default = window if default is None else max(default, window)
            else:
                for kind in kinds:
                    by_kind[kind] = max(by_kind.get(kind, window), window)
        if default is not None:
            by_kind = {kind: max(window, default) for kind, window in by_kind.items()}
        spans = [*by_kind.values(), *([] if default is None else [default])]
        return cls(default, by_kind, min(spans, default=timedelta(0)), max(spans, default=timedelta(0)))

    def keeps(self, kind: str) -> bool:
        """Whether events of `kind` are kept at all."""
        return self.default is not None or kind in self.by_kind

    def trim(self, recent: tuple[Seen, ...], now: datetime) -> tuple[Seen, ...]:
        """The recent events still inside their kind's window at `now`. They are in time order: those
        older than the longest window go and those inside the shortest stay, found by bisection; only
        the events between are looked at one by one."""
        if not recent or recent[0][0] > now - self.shortest:
            return recent
        first = bisect_right(recent, now - self.longest, key=_TIME_OF)
        surely = bisect_right(recent, now - self.shortest, key=_TIME_OF)
        by_kind, default = self.by_kind, self.default or timedelta(0)
        between = tuple(seen for seen in recent[first:surely] if now - seen[0] < by_kind.get(seen[1], default))
        return recent if len(between) == surely else (*between, *recent[surely:])


_TIME_OF = itemgetter(0)


def _clock(due: datetime, within: timedelta) -> str:
    """A deadline as people read it: the time of day (with the date for deadlines a day or more away)
    and the UTC offset, ``10:03:00 UTC+08:00``."""
    offset = due.strftime("%z")
    zone = f"UTC{offset[:3]}:{offset[3:5]}" if offset not in ("", "+0000") else "UTC"
    return due.strftime("%Y-%m-%d %H:%M" if within >= timedelta(days=1) else "%H:%M:%S") + f" {zone}"


def _message(who: str, step: Step, reason: Text) -> Text:
    en, zh = _SAYS.get(step.action, ("", ""))
    if step.action == "mute":
        en = en.format(en="" if step.duration is None else f" for {_durations.counted(step.duration)}")
        zh = zh.format(zh="" if step.duration is None else zh_duration(step.duration))
    return Text(f"{who}: {reason.en}. {en}".strip(), f"{who}：{reason.zh}。{zh}")
