"""`Policy`: every part of a community's playbook in one value, and `review`, what to do today.

A review looks at the community as of `now` once, and from that one view gives each member's
score, segment, lifecycle stage, tier decision, points and newly due badges, the community's health,
and the recommended actions: the plays that fire, tier changes (``promote``, ``demote``) and
badges (``award``), ranked by priority, then score, then target; one per kind and target, reasons
merged; conflicts resolved by `conflicts`; cut to the `budget`, the rest `deferred`, the losers of
conflicts `dropped`.

>>> import groupkit as gk
>>> from groupkit.actions import Play
>>> from groupkit.metrics import tenure_days
>>> policy = Policy(plays=[Play("welcome newcomers", "welcome", tenure_days() < 14, priority=2)])
>>> club = gk.synthetic.community(seed=1, members=200)
>>> review = policy.review(club, now=gk.synthetic.DEFAULT_NOW)
>>> print(review.actions[0])
welcome m00043: play 'welcome newcomers': days since joining = 8.87 < 14 ✓
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from datetime import datetime, timedelta
from typing import Any

import attrs

from groupkit import _checks, _durations, i18n
from groupkit._lazy import Later
from groupkit.actions import DEFAULT_CONFLICTS, Action, Budget, Conflict, Dropped, Play, Reason, resolve
from groupkit.admission import Admission
from groupkit.analysis import Problem, check
from groupkit.facts import Community
from groupkit.health import Health
from groupkit.i18n import Text
from groupkit.incentives import Award, Badge
from groupkit.metrics import Metric
from groupkit.moderation import Moderation
from groupkit.points import Balance, Points
from groupkit.rules import Predicate, Reasons, Verdict
from groupkit.segments import Segmentation
from groupkit.tiers import Decisions, Ladder, TierDecision
from groupkit.views import View, view

__all__ = ["Moment", "Policy", "Review"]

Number = int | float


def _optional(kind: type, what: str) -> Any:
    def check(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
        if value is not None and not isinstance(value, kind):
            raise TypeError(f"{attribute.name}: expected {what} or None, got {type(value).__name__}")

    return check


def _badges(values: Iterable[Badge]) -> tuple[Badge, ...]:
    if isinstance(values, Badge) or not isinstance(values, Iterable):
        raise TypeError("badges: expected a sequence of Badge")
    return _checks.named(values, Badge, "badges", "a Badge", "badge")


def _plays(values: Iterable[Play]) -> tuple[Play, ...]:
    if isinstance(values, Play) or not isinstance(values, Iterable):
        raise TypeError("plays: expected a sequence of Play")
    return _checks.named(values, Play, "plays", "a Play", "play")


def _conflicts(values: Iterable[Conflict]) -> tuple[Conflict, ...]:
    if isinstance(values, Conflict) or not isinstance(values, Iterable):
        raise TypeError("conflicts: expected a sequence of Conflict")
    items = tuple(values)
    beats: dict[str, set[str]] = {}
    for i, item in enumerate(items):
        if not isinstance(item, Conflict):
            raise TypeError(f"conflicts[{i}]: expected a Conflict, got {type(item).__name__}")
        beats.setdefault(item.winner, set()).add(item.loser)
    for i, item in enumerate(items):  # a cycle would leave it open which of two actions stays
        if _reaches(item.loser, item.winner, beats):
            raise ValueError(f"conflicts[{i}]: {item} closes a cycle: {item.loser!r} already wins over "
                             f"{item.winner!r}, directly or through others")
    return items


def _reaches(start: str, goal: str, beats: dict[str, set[str]]) -> bool:
    seen, stack = set(), [start]
    while stack:
        kind = stack.pop()
        if kind == goal:
            return True
        if kind not in seen:
            seen.add(kind)
            stack.extend(beats.get(kind, ()))
    return False


@attrs.frozen(repr=False)
class Policy:
    """A community's playbook: scoring, segments, lifecycle, ladder, points, badges, screening,
    admission, plays, the daily budget and the conflict table. Every part is optional.

    `horizon` is the time until the next review: the scheduled plays due within it are listed.
    `history` is how far back the host keeps events for the policy (None: not said); `check` warns
    of windows longer than that.
    """

    scoring: Metric | None = attrs.field(default=None, validator=_optional(Metric, "a Metric"))
    segments: Segmentation | None = attrs.field(default=None, validator=_optional(Segmentation, "a Segmentation"))
    lifecycle: Segmentation | None = attrs.field(default=None, validator=_optional(Segmentation, "a Segmentation"))
    ladder: Ladder | None = attrs.field(default=None, validator=_optional(Ladder, "a Ladder"))
    points: Points | None = attrs.field(default=None, validator=_optional(Points, "a Points program"))
    badges: tuple[Badge, ...] = attrs.field(default=(), converter=_badges)
    moderation: Moderation | None = attrs.field(default=None, validator=_optional(Moderation, "a Moderation"))
    admission: Admission | None = attrs.field(default=None, validator=_optional(Admission, "an Admission"))
    plays: tuple[Play, ...] = attrs.field(default=(), converter=_plays)
    budget: Budget | None = attrs.field(default=None, validator=_optional(Budget, "a Budget"))
    conflicts: tuple[Conflict, ...] = attrs.field(default=DEFAULT_CONFLICTS, converter=_conflicts)
    horizon: timedelta = attrs.field(default=timedelta(days=1), validator=_durations.required)
    history: timedelta | None = attrs.field(default=None, validator=_durations.positive)

    def check(self) -> tuple[Problem, ...]:
        """The mistakes found in this policy without any facts: see `groupkit.analysis`. A sound
        policy gives an empty tuple."""
        return check(self)

    def __repr__(self) -> str:
        parts = [name for name in ("scoring", "segments", "lifecycle", "ladder", "points", "moderation",
                                   "admission", "budget") if getattr(self, name) is not None]
        counts = [f"{len(self.badges)} badges" if self.badges else "", f"{len(self.plays)} plays" if self.plays else ""]
        return f"Policy({', '.join([*parts, *(c for c in counts if c)]) or 'empty'})"

    def review(self, community: Community, *, now: datetime) -> Review:
        """What to do in `community` as of `now`: see `Review`. Deterministic: the same facts give the
        same review, whatever the order of the events."""
        seen = view(community, now=now)
        seen._group_by_kind()  # every part reads events of a few kinds: one pass groups them for all
        scores = seen.measure(self.scoring) if self.scoring is not None else {}
        tiers = seen.tiers(self.ladder) if self.ladder is not None else None
        badges = {m: awards for m, awards in seen.badges(self.badges).items() if awards} if self.badges else {}
        candidates = [*self._plays(seen, scores), *(_tier_actions(tiers, scores) if tiers is not None else ()),
                      *_award_actions(badges, scores)]
        actions, deferred, dropped = resolve(candidates, self.conflicts, self.budget)
        segments, lifecycle, points = self.segments, self.lifecycle, self.points
        return Review(
            community.id, now, scores,
            Later(lambda: seen.segment(segments)) if segments is not None else {},
            Later(lambda: seen.segment(lifecycle)) if lifecycle is not None else {},
            tiers if tiers is not None else {},
            Later(lambda: seen.points(points)) if points is not None else {},
            badges, seen.health, actions, deferred, dropped,
        )

    def backtest(self, community: Community, start: datetime, end: datetime,
                 every: timedelta = timedelta(days=1)) -> tuple[Moment, ...]:
        """Replay the policy over the facts as of each `start`, `start + every`, … up to `end`
        (included): a `Moment` per date with the segment sizes, the health and the actions by kind.
        Exact: each is the review the policy would have given on that date.

        >>> import groupkit as gk
        >>> from datetime import timedelta
        >>> policy = Policy(segments=gk.segments.standard())
        >>> club = gk.synthetic.community(seed=1, members=60)
        >>> end = gk.synthetic.DEFAULT_NOW
        >>> [moment.segments["active"] for moment in policy.backtest(club, end - timedelta(days=2), end)]
        [20, 21, 23]
        """
        if not isinstance(start, datetime) or not isinstance(end, datetime):
            raise TypeError("start, end: expected datetimes")
        if start.utcoffset() is None or end.utcoffset() is None:
            raise ValueError("start, end: expected timezone-aware datetimes")
        if end < start:
            raise ValueError(f"end: {end.isoformat()} is before start {start.isoformat()}")
        if not isinstance(every, timedelta) or every <= timedelta(0):
            raise ValueError(f"every: expected a positive duration, got {every!r}")
        moments = []
        at = start
        while at <= end:
            review = self.review(community, now=at)
            moments.append(Moment(
                at, _sizes(self.segments, review.segments.values()), _sizes(self.lifecycle, review.stages.values()),
                review.health, dict(sorted(_sizes(None, (action.kind for action in review.actions)).items())),
            ))
            at += every
        return tuple(moments)

    def _plays(self, seen: View, scores: Mapping[str, Number]) -> Iterable[Action]:
        community = seen.community
        for play in self.plays:
            source = Text(f"play {play.name!r}", f"打法「{i18n.name(play.name, 'zh')}」")
            if play.target == "member":
                chosen = play.when._select(seen, seen.everyone)
                for member_id in seen.member_ids:
                    if member_id in chosen:
                        why = _Explained(source, play.when, seen, member_id, play.reason)
                        yield Action(play.action, member_id, play.params, play.priority, (why,), scores.get(member_id))
                continue
            if not play.when._select(seen, {community.id}):
                continue
            why = _Explained(source, play.when, seen, community.id, play.reason)
            if play.schedule is None:
                yield Action(play.action, community.id, play.params, play.priority, (why,))
            else:
                for at in play.schedule.due(seen.now, seen.now + self.horizon, community.timezone):
                    yield Action(play.action, community.id, play.params, play.priority, (why,), None, at)


class _Explained(Reason):
    """A play's reason, with the verdicts worded from its rule when first read: one object per
    recommended action, however many a large community gets. Pickled as a plain `Reason`."""

    __slots__ = ("_rule", "_target", "_view")

    def __init__(self, source: Text, rule: Predicate, seen: View, target: str, note: Text | None) -> None:
        self.source, self.note = source, note
        self._rule, self._view, self._target = rule, seen, target

    @property
    def verdicts(self) -> Reasons:  # type: ignore[override]
        try:
            return _VERDICTS.__get__(self)  # type: ignore[no-any-return]
        except AttributeError:
            found = Reasons(_explain(self._rule, self._view, self._target))
            _VERDICTS.__set__(self, found)
            return found

    def __reduce__(self) -> tuple[Any, ...]:
        return Reason, (self.source, self.verdicts, self.note)


_VERDICTS: Any = Reason.__dict__["verdicts"]  # the slot of the worded verdicts


def _explain(rule: Predicate, seen: View, target: str) -> list[Verdict]:
    return [rule._explain(seen, target)]


def _tier_actions(tiers: Decisions, scores: Mapping[str, Number]) -> Iterable[Action]:
    source = Text("ladder", "等级阶梯")
    for decision in tiers.changed():
        kind = "promote" if decision.change == "promoted" else "demote"
        why = Reason(source, decision.reasons)
        yield Action(kind, decision.member_id, {"from": decision.current, "to": decision.new}, 0, (why,),
                     scores.get(decision.member_id))


def _award_actions(badges: Mapping[str, tuple[Award, ...]], scores: Mapping[str, Number]) -> Iterable[Action]:
    for member_id, awards in badges.items():
        reasons = tuple(Reason(Text(f"badge {award.badge.name!r}", f"勋章「{i18n.name(award.badge.name, 'zh')}」"),
                               [award.reasons]) for award in awards)
        names = [award.badge.name for award in awards]
        yield Action("award", member_id, {"badges": names}, 0, reasons, scores.get(member_id))


def _sizes(segmentation: Segmentation | None, names: Iterable[str]) -> dict[str, int]:
    """How many of each name: every segment of `segmentation` first (0 when empty), in its order."""
    counts: dict[str, int] = dict.fromkeys(segmentation.names, 0) if segmentation is not None else {}
    for name in names:
        counts[name] = counts.get(name, 0) + 1
    return counts


@attrs.frozen
class Moment:
    """One date of a back-test: segment and lifecycle sizes, the health, and actions by kind."""

    now: datetime
    segments: Mapping[str, int]
    stages: Mapping[str, int]
    health: Health
    actions: Mapping[str, int]


@attrs.frozen(repr=False, eq=False)
class Review:
    """A policy's answer for one community at `now`.

    Per member (by id, in the community's order): `scores`, `segments`, lifecycle `stages`, `tiers`
    (a `TierDecision` each), `points` (a `Balance` each) and `badges` (the awards newly due, members
    with none left out); the community's `health`; and the recommended `actions` (ranked, within the
    budget), the `deferred` ones (over the budget, still ranked) and the `dropped` ones (each with the
    conflict that dropped it). A part the policy does not have is empty.

    The parts the actions do not need (segments, stages, points, health, and each tier decision)
    are computed when first read, from the same facts: a host that only acts on the list pays for
    the list. Reviews compare equal when every part is equal.
    """

    community_id: str
    now: datetime
    scores: Mapping[str, Number]
    segments: Mapping[str, str]
    stages: Mapping[str, str]
    tiers: Mapping[str, TierDecision]
    points: Mapping[str, Balance]
    badges: Mapping[str, tuple[Award, ...]]
    _health: Health | Callable[[], Health] = attrs.field(alias="health")
    actions: tuple[Action, ...]
    deferred: tuple[Action, ...] = ()
    dropped: tuple[Dropped, ...] = ()

    @property
    def health(self) -> Health:
        """The community's health as of `now` (see `groupkit.health.Health`)."""
        found = self._health
        if not isinstance(found, Health):
            found = found()
            object.__setattr__(self, "_health", found)
        return found

    def _parts(self) -> tuple[Any, ...]:
        return (self.community_id, self.now, self.scores, self.segments, self.stages, self.tiers, self.points,
                self.badges, self.health, self.actions, self.deferred, self.dropped)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Review):
            return NotImplemented
        return self is other or self._parts() == other._parts()

    __hash__ = None  # type: ignore[assignment]

    def __reduce__(self) -> tuple[Any, ...]:
        return Review, self._parts()  # every part computed: nothing of the view travels

    def __repr__(self) -> str:
        return (f"<Review of {self.community_id!r} at {self.now.isoformat()}: {len(self.actions)} actions, "
                f"{len(self.deferred)} deferred, {len(self.dropped)} dropped>")
