"""Views: a community as of a moment; each metric is computed once and shared by every rule asked of it.

>>> from datetime import datetime, timezone
>>> from groupkit import synthetic
>>> club = synthetic.community(seed=1, members=20, days=10)
>>> now = datetime(2026, 11, 1, tzinfo=timezone.utc)
>>> v = view(club, now=now)
>>> len(v.member_ids) <= 20
True
"""

from __future__ import annotations

import operator
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Iterator, Sequence
from datetime import UTC, date, datetime, time, timedelta
from functools import cached_property
from itertools import islice, repeat
from operator import attrgetter
from typing import TYPE_CHECKING, Any

from groupkit.errors import UnknownMemberError
from groupkit.facts import Community, Event, Member

if TYPE_CHECKING:
    from groupkit.health import Health, Thresholds, _Measurement
    from groupkit.incentives import Award, Badge
    from groupkit.metrics import Metric, Number
    from groupkit.points import Balance, Points
    from groupkit.rules import Predicate, Verdict
    from groupkit.segments import Segmentation
    from groupkit.tiers import Decisions, Ladder

__all__ = ["Column", "Timeline", "View", "view"]

_DAWN = datetime.min.replace(tzinfo=UTC)


class Column:
    """A metric's value for every member: `values` where known, `default` for everyone else.

    A dense column (every member in `values`) has `default` None.

    Sparse columns keep counts and sums cheap: a member with no events is simply absent.

    >>> Column({"ann": 3}, 0).get("bo")
    0
    """

    __slots__ = ("default", "values")

    def __init__(self, values: dict[str, Any], default: Any) -> None:
        self.values = values
        self.default = default

    def get(self, member_id: str) -> Any:
        """The value for one member."""
        return self.values.get(member_id, self.default)

    def over(self, member_ids: Iterable[str]) -> Iterator[Any]:
        """The values for these members, in their order."""
        return map(self.values.get, member_ids, repeat(self.default))


_AT, _MEMBER_ID = attrgetter("at"), attrgetter("member_id")


class Timeline:
    """Events in time order; the columns drawn from them fill on first use."""

    def __init__(self, events: Sequence[Event], ats: list[datetime] | None = None) -> None:
        self.events = events
        if ats is not None:
            self.ats = ats

    @cached_property
    def ats(self) -> list[datetime]:
        return list(map(_AT, self.events))

    @cached_property
    def member_ids(self) -> list[str]:
        return list(map(_MEMBER_ID, self.events))

    def since(self, start: datetime | None) -> int:
        """Index of the first event strictly after `start` (all events when `start` is None)."""
        return 0 if start is None else bisect_right(self.ats, start)


class View:
    """The community as of `now`: members who had joined by then, events up to then.

    Build one with `view`. Results are plain dicts keyed by member id in the community's order.
    Aggregates are computed once per view and shared by every rule evaluated on it.
    """

    def __init__(self, community: Community, now: datetime) -> None:
        if not isinstance(community, Community):
            raise TypeError(f"community: expected a groupkit Community, got {type(community).__name__}")
        if not isinstance(now, datetime):
            raise TypeError(f"now: expected a datetime, got {type(now).__name__}")
        if now.utcoffset() is None:
            raise ValueError(f"now: expected a timezone-aware datetime, got naive {now}")
        self.community = community
        self.now = now
        self.timezone = community.timezone
        self.members: tuple[Member, ...] = tuple(m for m in community.members if m.joined_at <= now)
        self.member_ids: list[str] = [m.id for m in self.members]
        self.everyone: frozenset[str] = frozenset(self.member_ids)
        self._values: dict[Any, Column] = {}
        self._ledgers: dict[Any, Any] = {}
        self._kinds: dict[str, Timeline] = {}
        self._by_kind: dict[str, list[Event]] | None = None
        self._labels: dict[Any, str] = {}
        self._scans = 0

    def __repr__(self) -> str:
        return f"<View of {self.community.id!r} at {self.now.isoformat()}: {len(self.members)} members>"

    # -- what users call -------------------------------------------------------------------------

    def measure(self, metric: Metric) -> dict[str, Number]:
        """Each member's value of `metric`.

        >>> from groupkit import metrics, synthetic
        >>> v = view(synthetic.community(seed=3, members=10), now=synthetic.DEFAULT_NOW)
        >>> list(v.measure(metrics.count("message")).items())[:2]
        [('m00000', 1), ('m00001', 0)]
        """
        ids = self.member_ids
        return dict(zip(ids, self.values(metric).over(ids)))

    def test(self, predicate: Predicate) -> dict[str, bool]:
        """Whether `predicate` holds for each member.

        >>> from groupkit import rules, synthetic
        >>> v = view(synthetic.community(seed=3, members=10), now=synthetic.DEFAULT_NOW)
        >>> v.test(rules.has_role("owner"))["m00000"]
        True
        """
        result = dict.fromkeys(self.member_ids, False)
        result.update(dict.fromkeys(predicate._select(self, self.everyone), True))
        return result

    def segment(self, segmentation: Segmentation) -> dict[str, str]:
        """The segment of each member: the first whose rule holds, else the default.

        >>> from groupkit import segments, synthetic
        >>> v = view(synthetic.community(seed=3, members=10), now=synthetic.DEFAULT_NOW)
        >>> v.segment(segments.standard())["m00000"]
        'admin'
        """
        return segmentation._assign(self)

    def tiers(self, ladder: Ladder) -> Decisions:
        """What a review decides for each member on `ladder`: promoted, demoted, kept or held, and why
        (a read-only mapping from member id to `TierDecision`, each made when first read)."""
        return ladder._decide(self)

    def points(self, program: Points) -> dict[str, Balance]:
        """Each member's `Balance` under `program`: balance, earned, spent, expired and the ledger."""
        from groupkit.points import ledgers  # points build on views

        found = self._ledgers.get(program)
        if found is None:
            found = self._ledgers[program] = ledgers(self, program)
        return found

    def _balances(self, program: Points) -> dict[str, Number]:
        """Each member's points balance under `program` (from the ledgers, if they were asked for)."""
        from groupkit.points import balances

        found = self._ledgers.get(program)
        if found is not None:
            return {member_id: balance.balance for member_id, balance in found.items()}
        key = ("balances", program)
        numbers = self._ledgers.get(key)
        if numbers is None:
            numbers = self._ledgers[key] = balances(self, program)
        return numbers

    def badges(self, badges: Iterable[Badge]) -> dict[str, tuple[Award, ...]]:
        """For each member, the badges newly due (not yet held, or due again if repeatable), with reasons."""
        from groupkit.incentives import due  # incentives build on views

        return due(self, badges)

    def breakdown(self, metric: Metric, member_id: str) -> dict[str, Number]:
        """What makes up one member's value: each part (an event kind, or a term) and its share.

        The contributions add up to the member's value of `metric`.

        >>> from groupkit import metrics, synthetic
        >>> v = view(synthetic.community(seed=3, members=10), now=synthetic.DEFAULT_NOW)
        >>> v.breakdown(metrics.count("message") + 2 * metrics.count("reply"), "m00004")
        {'message': 3, 'reply': 2}
        """
        self.member(member_id)
        return metric._parts(self, member_id)

    def health(self, thresholds: Thresholds | None = None, **changes: Any) -> Health:
        """The community's condition as of `now`: see `groupkit.health.Health` and `Thresholds`.

        `changes` override single thresholds by name: ``view.health(unanswered_after=timedelta(hours=4))``.
        """
        return self._health(thresholds, **changes).measured

    def _health(self, thresholds: Thresholds | None = None, **changes: Any) -> _Measurement:
        """The health measurement for these thresholds, made once per view; figures and flags are
        measured when first asked."""
        from groupkit.health import DEFAULTS, _measurement  # health builds on views

        key = ("health", DEFAULTS if thresholds is None else thresholds, tuple(sorted(changes.items())))
        found = self._ledgers.get(key)
        if found is None:
            found = self._ledgers[key] = _measurement(self, DEFAULTS if thresholds is None else thresholds, **changes)
        return found

    def explain(self, predicate: Predicate | Segmentation, member_id: str) -> Verdict:
        """Why `predicate` holds or fails for one member: a `Verdict` with the parts that decided.

        Given a `Segmentation`, the verdict that placed the member in their segment (its `title`).

        >>> from groupkit import metrics, rules, synthetic
        >>> v = view(synthetic.community(seed=3, members=10), now=synthetic.DEFAULT_NOW)
        >>> print(v.explain(rules.has_role("owner") & (metrics.count("message") >= 1), "m00000"))
        an owner ✓; messages in total = 1 ≥ 1 ✓
        """
        self.member(member_id)
        return predicate._explain(self, member_id)

    @cached_property
    def by_id(self) -> dict[str, Member]:
        """The members of the view by id."""
        return {member.id: member for member in self.members}

    def member(self, member_id: str) -> Member:
        """The member with this id, or `UnknownMemberError` if they are not in the view."""
        try:
            return self.by_id[member_id]
        except KeyError:
            raise UnknownMemberError(
                f"member {member_id!r} is not in the view of {self.community.id!r} at "
                f"{self.now.isoformat()} (never a member, or joined later)"
            ) from None

    # -- what metrics and rules build on ---------------------------------------------------------

    def values(self, metric: Metric) -> Column:
        """`metric` for every member, computed once per view (its `values` may hold other ids too)."""
        found = self._values.get(metric)
        if found is None:
            found = self._values[metric] = metric._values(self)
        return found

    def label(self, metric: Metric) -> str:
        """`metric.label()`, worded once per view (explanations ask for it member after member)."""
        found = self._labels.get(metric)
        if found is None:
            found = self._labels[metric] = metric.label()
        return found

    def dense(self, values: Iterable[Any]) -> Column:
        """A column from one value per member, in member order."""
        return Column(dict(zip(self.member_ids, values)), None)

    # A windowed count or sum is one tight pass over the events that tests kind and time: cheaper
    # than ordering the events first, and it reads the time only of events of the right kind.

    # Rules that read many kinds (a trust-level ladder reads a dozen) would pay a pass over every
    # event for each; after `_SCANS` such passes the view groups the events by kind once, and later
    # questions read only the events of their kind.
    _SCANS = 2

    def of_kind(self, kind: str) -> Sequence[Event]:
        """The events of `kind`, in the community's order, at any time (grouped once scans add up)."""
        if self._by_kind is None:
            self._scans += 1
            if self._scans <= self._SCANS:
                return [event for event in self.community.events if event.kind == kind]
            self._group_by_kind()
        assert self._by_kind is not None
        return self._by_kind.get(kind, ())

    def _group_by_kind(self) -> None:
        """Group the events by kind now (a policy's review reads many kinds: one pass serves them all)."""
        if self._by_kind is not None:
            return
        groups: dict[str, list[Event]] = {}
        for event in self.community.events:
            found = groups.get(event.kind)
            if found is None:
                groups[event.kind] = [event]
            else:
                found.append(event)
        self._by_kind = groups

    def window(self, kind: str, within: timedelta | None) -> list[Event]:
        """The events of `kind` in the window `(now - within, now]`, in the community's order."""
        start, now = self._bounds(within)
        if self._by_kind is None and self._scans < self._SCANS:
            self._scans += 1
            return [event for event in self.community.events if event.kind == kind and start < event.at <= now]
        return [event for event in self.of_kind(kind) if start < event.at <= now]

    def authors(self, kind: str | None, within: timedelta | None) -> list[str]:
        """Who made each event of `kind` (any kind for None) in the window: one member id per event."""
        if kind is None:
            timeline = self.timeline
            return timeline.member_ids[timeline.since(self.window_start(within)) :]
        start, now = self._bounds(within)
        if self._by_kind is None and self._scans < self._SCANS:
            self._scans += 1
            return [e.member_id for e in self.community.events if e.kind == kind and start < e.at <= now]
        timeline = self.timeline_of(kind)  # in time order, up to now: the window is a slice
        return timeline.member_ids[timeline.since(start) :]

    def targets(self, kind: str, within: timedelta | None) -> list[str]:
        """Whom each event of `kind` in the window was aimed at (events with a `target` only)."""
        return [event.target for event in self.window(kind, within) if event.target is not None]

    def _bounds(self, within: timedelta | None) -> tuple[datetime, datetime]:
        start = self.window_start(within)
        return (_DAWN if start is None else start), self.now

    @cached_property
    def timeline(self) -> Timeline:
        """Every event up to `now`, in time order (ties keep the community's order)."""
        events = self.community.events
        return self._ordered(events, list(map(_AT, events)))

    def timeline_of(self, kind: str | None) -> Timeline:
        """The events of one kind up to `now`, in time order (all events for None)."""
        if kind is None:
            return self.timeline
        found = self._kinds.get(kind)
        if found is None:
            events = list(self.of_kind(kind))
            found = self._kinds[kind] = self._ordered(events, list(map(_AT, events)))
        return found

    def _ordered(self, events: Sequence[Event], ats: list[datetime]) -> Timeline:
        if any(map(operator.gt, ats, islice(ats, 1, None))):
            order = sorted(range(len(ats)), key=ats.__getitem__)
            events = [events[i] for i in order]
            ats = [ats[i] for i in order]
        end = bisect_right(ats, self.now)
        if end < len(ats):
            events, ats = events[:end], ats[:end]
        return Timeline(events, ats)

    def window_start(self, within: timedelta | None) -> datetime | None:
        """The exclusive start of the window `(now - within, now]`."""
        return None if within is None else self.now - within

    def day_of(self, at: datetime) -> date:
        """The calendar day of `at` in the community's timezone."""
        return at.astimezone(self.timezone).date()

    def midnight(self, day: date) -> datetime:
        """The start of `day` in the community's timezone."""
        return datetime.combine(day, time(), tzinfo=self.timezone)

    def days(self, timeline: Timeline, start: int) -> Iterator[tuple[int, int]]:
        """Split `timeline` from index `start` on into calendar days: (first, end) index pairs."""
        ats = timeline.ats
        if start >= len(ats):
            return
        day = self.day_of(ats[start])
        last = self.day_of(self.now)
        while day <= last:
            day += timedelta(days=1)
            end = bisect_left(ats, self.midnight(day), start)
            if end > start:
                yield start, end
            start = end
            if start >= len(ats):
                return
            day = max(day, self.day_of(ats[start]))


def view(community: Community, *, now: datetime) -> View:
    """The community as of `now` (events after `now` are not seen).

    >>> from datetime import datetime, timezone
    >>> from groupkit.facts import Community, Purpose, Stage
    >>> empty = Community("c", Purpose.SUPPORT, Stage.LAUNCH, None, [], [])
    >>> view(empty, now=datetime(2026, 1, 1, tzinfo=timezone.utc)).member_ids
    []
    """
    return View(community, now)
