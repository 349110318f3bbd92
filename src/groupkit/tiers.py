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

from collections.abc import Iterable
from datetime import timedelta
from typing import TYPE_CHECKING, Any, Literal

import attrs

from groupkit import _checks, _durations
from groupkit.metrics import format_number
from groupkit.rules import AllOf, Predicate, Verdict, always, never

if TYPE_CHECKING:
    from collections.abc import Set

    from groupkit.views import View

__all__ = ["Change", "Ladder", "Requirement", "Tier", "TierDecision"]

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


@attrs.frozen
class TierDecision:
    """What a review decides for one member: from `current` to `new`, and why (`reasons`)."""

    member_id: str
    current: str | None
    new: str | None
    change: Change
    reasons: tuple[Verdict, ...]

    def __str__(self) -> str:
        move = f"{self.current} → {self.new}" if self.current != self.new else f"{self.current}"
        return f"{self.member_id} {self.change} ({move}): " + "; ".join(map(str, self.reasons))


@attrs.frozen
class Requirement:
    """One requirement of a tier for one member: what it asks, where the member stands, and if met."""

    text: str
    observed: Any
    needed: Any
    met: bool

    def __str__(self) -> str:
        return f"{self.text} {'✓' if self.met else '✗'}"


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

    def _level(self, name: str | None, member_id: str) -> int:
        if name is None:
            return -1
        try:
            return self.names.index(name)
        except ValueError:
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

    def _decide(self, view: View) -> dict[str, TierDecision]:
        entered = self._climb(view, (tier.entry for tier in self.tiers))
        kept = self._climb(view, (tier.staying for tier in self.tiers))
        staying = self._staying(view)
        locked = self.lock._select(view, view.everyone)
        earlier: View | None = None
        decisions = {}
        for member in view.members:
            current = self._level(member.tier, member.id)
            up = entered[member.id]
            if up > current:
                target = up
            elif current < 0 or member.id in staying:
                target = current
            else:
                target = max(kept[member.id], up)
            reasons: list[Verdict] = []
            change: Change
            if target == current:
                change = "kept"
                if current >= 0:
                    reasons.append(view.explain(self.tiers[current].staying, member.id))
                if current + 1 < len(self.tiers):
                    above = self.tiers[current + 1]
                    reasons.append(attrs.evolve(view.explain(above.entry, member.id), title=f"for {above.name!r}"))
            elif member.id in locked:
                change = "held"
                reasons.append(attrs.evolve(view.explain(self.lock, member.id), title="locked"))
                target = current
            elif target > current:
                change = "promoted"
                reasons.append(view.explain(self.tiers[target].entry, member.id))
            else:
                failed = view.explain(self.tiers[current].staying, member.id)
                change, hold = "demoted", self._hold(view, member, current)
                if hold is None and self.grace:
                    earlier = earlier or _earlier(view, self.grace)
                    if member.id in earlier.everyone and self.tiers[current].staying._select(earlier, {member.id}):
                        hold = f"kept {self.tiers[current].name!r} {_durations.label(self.grace)} ago, within the grace"
                reasons.append(failed)
                if hold is not None:
                    change, target = "held", current
                    reasons.append(Verdict(always(), True, hold, title="held"))
            decisions[member.id] = TierDecision(
                member.id, member.tier, None if target < 0 else self.tiers[target].name, change, tuple(reasons)
            )
        return decisions

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

    def _hold(self, view: View, member: Any, current: int) -> str | None:
        since = member.tier_since
        if self.min_stay and since is not None and view.now - since < self.min_stay:
            days = (view.now - since).total_seconds() / 86400
            return (
                f"in {self.tiers[current].name!r} for {format_number(days)} days, "
                f"less than the minimum stay of {_durations.label(self.min_stay)}"
            )
        return None

    def progress(self, view: View, member_id: str) -> tuple[Requirement, ...]:
        """For the tier above the member's, each requirement with their value and the value needed.

        Empty when the member is at the top. Parts of an `&` are listed one by one.
        """
        current = self._level(view.member(member_id).tier, member_id)
        if current + 1 >= len(self.tiers):
            return ()
        entry = self.tiers[current + 1].entry
        parts = entry.parts if isinstance(entry, AllOf) else (entry,)
        requirements = []
        for part in parts:
            verdict = view.explain(part, member_id)
            leaves = list(verdict.leaves())
            if len(leaves) == 1:
                leaf = leaves[0]
                requirements.append(Requirement(leaf.text or str(leaf), leaf.observed, leaf.threshold, leaf.holds))
            else:
                requirements.append(Requirement(repr(part), None, None, verdict.holds))
        return tuple(requirements)

    def to_mermaid(self) -> str:
        """A Mermaid state diagram of the ladder: entry rules up, failed keep rules down.

        >>> print(Ladder([Tier("member", always())]).to_mermaid())
        stateDiagram-v2
            direction LR
            state "member" as t0
            [*] --> t0: always()
            t0 --> [*]: fails always()
        """
        lines = ["stateDiagram-v2", "    direction LR"]
        for i, tier in enumerate(self.tiers):
            perks = f" ({', '.join(tier.perks)})" if tier.perks else ""
            lines.append(f'    state "{_mermaid(tier.name + perks)}" as t{i}')
        for i, tier in enumerate(self.tiers):
            below = "[*]" if i == 0 else f"t{i - 1}"
            lines.append(f"    {below} --> t{i}: {_mermaid(repr(tier.entry))}")
            lines.append(f"    t{i} --> {below}: fails {_mermaid(repr(tier.staying))}")
        return "\n".join(lines)


def _mermaid(text: str) -> str:
    return text.replace('"', "'").replace(":", " ").replace(";", ",").replace("\n", " ")


def _earlier(view: View, grace: timedelta) -> View:
    from groupkit.views import View  # a second view of the same facts, `grace` in the past

    return View(view.community, view.now - grace)
