"""Tiers: ladders members climb rung by rung, with rules to enter, rules to keep, and perks.

>>> from datetime import timedelta
>>> from groupkit import synthetic, view
>>> from groupkit.metrics import active_days, count
>>> ladder = Ladder([
...     Tier("regular", active_days(timedelta(days=30)) >= 4),
...     Tier("core", (count("answer", timedelta(days=30)) >= 3) & (active_days(timedelta(days=30)) >= 10),
...          keep=active_days(timedelta(days=30)) >= 5, perks=("core badge",)),
... ])
>>> today = view(synthetic.community(seed=3, members=30), now=synthetic.DEFAULT_NOW)
>>> sorted({decision.change for decision in today.tiers(ladder).values()})
['kept', 'promoted']
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Iterator, Mapping
from datetime import timedelta
from typing import TYPE_CHECKING, Any, Literal

import attrs

from groupkit import _checks, _durations, i18n
from groupkit._pickling import reduce_fields
from groupkit.i18n import Lang, Text, _lang, describe, duration, word
from groupkit.metrics import format_number
from groupkit.rules import AllOf, Always, Never, Predicate, Reasons, Verdict, always, never

if TYPE_CHECKING:
    from collections.abc import Set

    from groupkit.views import View

__all__ = ["Change", "Decisions", "Ladder", "Requirement", "Tier", "TierDecision"]

Change = Literal["promoted", "demoted", "kept", "held"]


def _perks(value: object) -> tuple[str, ...]:
    if isinstance(value, str) or not isinstance(value, Iterable):
        raise TypeError(f"perks: expected a sequence of strings, got {type(value).__name__}")
    perks = tuple(value)
    for i, perk in enumerate(perks):
        if not isinstance(perk, str) or not perk:
            raise ValueError(f"perks[{i}]: expected a non-empty string, got {perk!r}")
    return perks


@attrs.frozen
class Tier:
    """A rung of a ladder: `entry` admits a member, `keep` (by default `entry`) keeps them there."""

    name: str = attrs.field(validator=_checks.name)
    entry: Predicate = attrs.field(validator=_checks.predicate)
    keep: Predicate | None = attrs.field(default=None, validator=_checks.optional_predicate)
    perks: tuple[str, ...] = attrs.field(default=(), converter=_perks)

    @property
    def staying(self) -> Predicate:
        """The rule for keeping the tier: `keep`, or `entry` when none is given."""
        return self.entry if self.keep is None else self.keep


def _tiers(values: Iterable[Tier]) -> tuple[Tier, ...]:
    if isinstance(values, Tier) or not isinstance(values, Iterable):
        raise TypeError("tiers: expected a sequence of Tier, lowest first")
    tiers = _checks.named(values, Tier, "tiers", "a Tier", "tier")
    if not tiers:
        raise ValueError("tiers: a ladder needs at least one tier")
    return tiers


def _duration(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, timedelta):
        raise TypeError(f"{attribute.name}: expected a timedelta, got {type(value).__name__}")
    if value < timedelta(0):
        raise ValueError(f"{attribute.name}: must not be negative, got {value}")


_LOCKED = Text("locked", "已锁定")


@attrs.frozen
class TierDecision:
    """What a review decides for one member: from `current` to `new`, and why (`reasons`).

    The reasons are worded when first read: a review of many members costs the decisions only.
    """

    __reduce__ = reduce_fields  # pickled as a tuple of its fields: fast across processes

    member_id: str
    current: str | None
    new: str | None
    change: Change
    reasons: Reasons = attrs.field(converter=Reasons)

    def __str__(self) -> str:
        return self.render("en")

    def render(self, lang: Lang = "en") -> str:
        """The decision and its reasons in English (``"en"``, as `str()`) or Chinese (``"zh"``)."""
        move = f"{self.current} → {self.new}" if self.current != self.new else f"{self.current}"
        if lang == "zh":
            moved = f" → {i18n.name(self.new, 'zh')}" if self.current != self.new else ""
            move = i18n.name(self.current, "zh") + moved
            return f"{self.member_id} {word(self.change, 'zh')}（{move}）：" + "；".join(v.render("zh") for v in self.reasons)
        return f"{self.member_id} {self.change} ({move}): " + "; ".join(v.render(lang) for v in self.reasons)


@attrs.frozen
class Requirement:
    """One requirement of a tier for one member: what it asks, where the member stands, and if met;
    `text` in English, `zh` in Chinese.

    >>> print(Requirement("messages in total = 2 ≥ 3", 2, 3, False, "累计消息数 = 2 < 3").render("zh"))
    累计消息数 = 2 < 3 ✗
    """

    text: str
    observed: Any
    needed: Any
    met: bool
    zh: str = ""

    def __str__(self) -> str:
        return self.render("en")

    def render(self, lang: Lang = "en") -> str:
        """The requirement and its mark in English (``"en"``, as `str()`) or Chinese (``"zh"``)."""
        text = (self.zh or self.text) if _lang(lang) == "zh" else self.text
        return f"{text} {'✓' if self.met else '✗'}"


@attrs.frozen
class Ladder:
    """Tiers, lowest first; `min_stay`, `grace` and `lock` hold demotions (and `lock` promotions too).

    - A member's tier is `Member.tier` (None: below the first tier). The new tier is the highest
      whose `entry` holds together with every lower tier's `entry`: several rungs may be climbed in
      one review, none skipped.
    - A member whose own tier's keep rule fails is demoted to the highest tier below it whose keep
      rules hold rung by rung (or that they would enter now), unless `Member.tier_since` is less
      than `min_stay` ago, or the keep rule still held `grace` ago (it is checked again on a view
      `grace` in the past: the facts alone say whether the member has been failing for the whole
      grace period). Then the change is "held".
    - A member for whom `lock` holds is never moved ("held" when a move was due, else "kept").

    The reasons of a decision are verdicts: for a promotion, the entry rule of the new tier; for a
    demotion, the keep rule that failed (and, when held, why); for "kept", the keep rule of the tier
    and the entry rule of the tier above (titled ``for 'name'``), so a member sees what they lack.
    """

    tiers: tuple[Tier, ...] = attrs.field(converter=_tiers)
    min_stay: timedelta = attrs.field(default=timedelta(0), validator=_duration)
    grace: timedelta = attrs.field(default=timedelta(0), validator=_duration)
    lock: Predicate = attrs.field(factory=never, validator=_checks.predicate)

    @property
    def names(self) -> tuple[str, ...]:
        """The tier names, lowest first."""
        return tuple(tier.name for tier in self.tiers)

    @functools.cached_property
    def _levels(self) -> dict[str, int]:
        return {tier.name: level for level, tier in enumerate(self.tiers)}

    def _level(self, name: str | None, member_id: str) -> int:
        if name is None:
            return -1
        try:
            return self._levels[name]
        except KeyError:
            raise ValueError(
                f"member {member_id!r} is in tier {name!r}, which is not on this ladder ({', '.join(self.names)})"
            ) from None

    def _climb(self, view: View, rules: Iterable[Predicate]) -> dict[str, int]:
        """For each member, the highest rung up to which every rule holds (-1: not even the first)."""
        levels = dict.fromkeys(view.member_ids, -1)
        still: Set[str] = view.everyone
        for level, rule in enumerate(rules):
            still = rule._select(view, still)
            if not still:
                break
            levels.update(dict.fromkeys(still, level))
        return levels

    def _decide(self, view: View) -> Decisions:
        entered = self._climb(view, (tier.entry for tier in self.tiers))
        kept = self._climb(view, (tier.staying for tier in self.tiers))
        staying = self._staying(view)
        locked = self.lock._select(view, view.everyone)
        plan: dict[str, tuple[int, int, Change, Text | None]] = {}
        graced: dict[int, set[str]] = {}  # demotions the grace may hold, by the tier they leave
        for member in view.members:
            current = self._level(member.tier, member.id)
            up = entered[member.id]
            if up > current:
                target = up
            elif current < 0 or member.id in staying:
                target = current
            else:
                target = max(kept[member.id], up)
            change: Change
            hold: Text | None = None
            if target == current:
                change = "kept"
            elif member.id in locked:
                change, target = "held", current
                hold = _LOCKED
            elif target > current:
                change = "promoted"
            else:
                change, hold = "demoted", self._hold(view, member, current)
                if hold is None and self.grace:
                    graced.setdefault(current, set()).add(member.id)
                elif hold is not None:
                    change, target = "held", current
            plan[member.id] = (current, target, change, hold)
        if graced:  # held if the tier's keep rule held `grace` ago: asked once per tier, on a view of then
            earlier = _earlier(view, self.grace)
            for current, members in graced.items():
                tier, grace = self.tiers[current].name, self.grace
                hold = Text(f"kept {tier!r} {_durations.label(grace)} ago, within the grace",
                            f"{duration(grace, 'zh')}前仍保有「{i18n.name(tier, 'zh')}」，在宽限期内")
                for member_id in self.tiers[current].staying._select(earlier, members & earlier.everyone):
                    plan[member_id] = (current, current, "held", hold)
        return Decisions(self, view, plan)

    def _reasons(
        self, view: View, member_id: str, current: int, target: int, change: Change, hold: Text | None
    ) -> list[Verdict]:
        """The verdicts behind one decision (worded when the decision's reasons are first read)."""
        if hold is _LOCKED:
            return [_titled(view.explain(self.lock, member_id), "locked")]
        if change == "promoted":
            return [view.explain(self.tiers[target].entry, member_id)]
        if change in ("demoted", "held"):
            failed = view.explain(self.tiers[current].staying, member_id)
            return [failed] if hold is None else [failed, Verdict(always(), True, hold.en, title="held", zh=hold.zh)]
        reasons = []
        if current >= 0:
            reasons.append(view.explain(self.tiers[current].staying, member_id))
        if current + 1 < len(self.tiers):  # what the climb to the next tier lacks, from the bottom rung up
            climb = AllOf(tuple(tier.entry for tier in self.tiers[: current + 2]))
            reasons.append(_titled(view.explain(climb, member_id), f"for {self.tiers[current + 1].name!r}"))
        return reasons

    def _staying(self, view: View) -> set[str]:
        """The members whose own tier's keep rule holds (each rule asked only of its tier's members)."""
        by_tier: dict[str, set[str]] = {}
        for member in view.members:
            if member.tier is not None:
                by_tier.setdefault(member.tier, set()).add(member.id)
        staying: set[str] = set()
        for name, members in by_tier.items():
            staying |= self.tiers[self._level(name, next(iter(members)))].staying._select(view, members)
        return staying

    def _hold(self, view: View, member: Any, current: int) -> Text | None:
        since = member.tier_since
        if self.min_stay and since is not None and view.now - since < self.min_stay:
            days, tier = format_number((view.now - since).total_seconds() / 86400), self.tiers[current].name
            return Text(f"in {tier!r} for {days} days, less than the minimum stay of {_durations.label(self.min_stay)}",
                        f"在「{i18n.name(tier, 'zh')}」仅{days}天，不足最短停留期{duration(self.min_stay, 'zh')}")
        return None

    def progress(self, view: View, member_id: str) -> tuple[Requirement, ...]:
        """For the tier above the member's, each requirement with their value and the value needed.

        Empty when the member is at the top. Parts of an `&` are listed one by one. A ladder is
        climbed rung by rung, so failing requirements of the tiers below (a member placed by hand)
        come first.
        """
        current = self._level(view.member(member_id).tier, member_id)
        if current + 1 >= len(self.tiers):
            return ()
        requirements = []
        for level in range(current + 2):
            entry = self.tiers[level].entry
            for part in entry.parts if isinstance(entry, AllOf) else (entry,):
                verdict = view.explain(part, member_id)
                if level <= current and verdict.holds:
                    continue
                leaves = list(verdict.leaves())
                if len(leaves) == 1:
                    leaf = leaves[0]
                    zh = leaf.render("zh").rsplit(" ", 1)[0]  # without its mark
                    requirements.append(Requirement(leaf.text or str(leaf), leaf.observed, leaf.threshold, leaf.holds,
                                                    zh))
                else:
                    requirements.append(Requirement(repr(part), None, None, verdict.holds, describe(part, "zh")))
        return tuple(requirements)

    def to_mermaid(self, lang: Lang = "en") -> str:
        """A Mermaid state diagram of the ladder: a state per tier, up on entry, down when keeping fails.

        Each tier's rules are in a note beside it, one requirement of an `&` per line: their code in
        English, sentences in Chinese (``lang="zh"``, with the tiers' Chinese `name`s).

        >>> from groupkit.metrics import count
        >>> print(Ladder([Tier("member", count("message") >= 3, keep=always())]).to_mermaid())
        stateDiagram-v2
            direction TB
            state "member" as t0
            [*] --> t0: entry holds
            note right of t0
                to enter
                count('message') >= 3
                to keep
                always()
            end note
        >>> print(Ladder([Tier("member", count("message") >= 3, keep=always())]).to_mermaid("zh"))
        stateDiagram-v2
            direction TB
            state "member" as t0
            [*] --> t0: 满足进入条件
            note right of t0
                进入条件
                累计消息数 ≥ 3
                保持条件
                总是
            end note
        """
        words = _DIAGRAM_WORDS[_lang(lang)]
        lines = ["stateDiagram-v2", "    direction TB"]
        for i, tier in enumerate(self.tiers):
            perks = (f"（{'、'.join(tier.perks)}）" if lang == "zh" else f" ({', '.join(tier.perks)})") if tier.perks else ""
            lines.append(f'    state "{_mermaid(i18n.name(tier.name, lang) + perks)}" as t{i}')
        for i, tier in enumerate(self.tiers):
            below = "[*]" if i == 0 else f"t{i - 1}"
            up = words["by hand"] if isinstance(tier.entry, Never) else words["up"]
            lines.append(f"    {below} --> t{i}: {up}")
            if not isinstance(tier.staying, Always):
                lines.append(f"    t{i} --> {below}: {words['down']}")
            lines.append(f"    note right of t{i}")
            lines += _rule_lines(words["enter"], tier.entry, lang)
            lines += [f"        {words['keep']}", f"        {words['same']}"] if tier.keep is None else _rule_lines(
                words["keep"], tier.keep, lang)
            lines.append("    end note")
        return "\n".join(lines)


_DIAGRAM_WORDS: dict[str, dict[str, str]] = {
    "en": {"by hand": "given by hand", "up": "entry holds", "down": "keep fails", "enter": "to enter",
           "keep": "to keep", "same": "the entry rules"},
    "zh": {"by hand": "手动授予", "up": "满足进入条件", "down": "不再满足保持条件", "enter": "进入条件",
           "keep": "保持条件", "same": "同进入条件"},
}


def _rule_lines(heading: str, rule: Predicate, lang: Lang) -> list[str]:
    parts = rule.parts if isinstance(rule, AllOf) and rule.parts else (rule,)
    return [f"        {heading}", *(f"        {_mermaid(describe(part, lang))}" for part in parts)]


def _titled(verdict: Verdict, title: str) -> Verdict:
    return Verdict(verdict.rule, verdict.holds, verdict.text, verdict.observed, verdict.threshold, verdict.parts, title)


def _mermaid(text: str) -> str:
    return text.replace('"', "'").replace(":", " ").replace(";", ",").replace("\n", " ")


def _earlier(view: View, grace: timedelta) -> View:
    from groupkit.views import View  # a second view of the same facts, `grace` in the past

    return View(view.community, view.now - grace)


class Decisions(Mapping[str, "TierDecision"]):
    """A ladder's decisions for every member of a view, in the view's member order: each
    `TierDecision` is made when first read, so a review that only acts on the changes (`changed`)
    does not build one per member.
    """

    __slots__ = ("_ladder", "_made", "_plan", "_view")

    def __init__(self, ladder: Ladder, view: View, plan: dict[str, tuple[int, int, Change, Text | None]]) -> None:
        self._ladder, self._view, self._plan = ladder, view, plan
        self._made: dict[str, TierDecision] = {}

    def __getitem__(self, member_id: str) -> TierDecision:
        made = self._made.get(member_id)
        if made is None:
            current, target, change, hold = self._plan[member_id]
            tiers = self._ladder.tiers
            reasons = Reasons(functools.partial(self._ladder._reasons, self._view, member_id, current, target, change,
                                                hold))
            made = self._made[member_id] = TierDecision(
                member_id, None if current < 0 else tiers[current].name, None if target < 0 else tiers[target].name,
                change, reasons)
        return made

    def __iter__(self) -> Iterator[str]:
        return iter(self._plan)

    def __len__(self) -> int:
        return len(self._plan)

    def __contains__(self, member_id: object) -> bool:
        return member_id in self._plan

    def changed(self) -> Iterator[TierDecision]:
        """The decisions that promote or demote, in member order."""
        for member_id, (_, _, change, _) in self._plan.items():
            if change in ("promoted", "demoted"):
                yield self[member_id]

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Decisions) and other._plan == self._plan and other._ladder == self._ladder:
            return True  # the same plan on the same ladder: equal decisions, without wording them
        return super().__eq__(other)

    __hash__ = None  # type: ignore[assignment]

    def __reduce__(self) -> tuple[type[dict[str, TierDecision]], tuple[dict[str, TierDecision]]]:
        return dict, (dict(self.items()),)  # pickled as the decisions themselves, not the view

    def __repr__(self) -> str:
        return repr(dict(self.items()))
