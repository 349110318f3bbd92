"""Views: a community as of a moment, with its events indexed once for every rule asked of it.

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
from collections.abc import Iterator, Sequence
from datetime import date, datetime, time, timedelta
from functools import cached_property
from itertools import compress, islice
from typing import TYPE_CHECKING, Any

from groupkit.errors import UnknownMemberError
from groupkit.facts import Community, Event, Member

if TYPE_CHECKING:
    from groupkit.metrics import Metric, Number
    from groupkit.rules import Predicate, Verdict

__all__ = ["Timeline", "View", "view"]


class Timeline:
    """Events in time order as parallel columns; columns other than times and members fill on demand."""

    __slots__ = ("__dict__", "ats", "events", "member_ids")

    def __init__(self, events: Sequence[Event], ats: list[datetime]) -> None:
        self.events = events
        self.ats = ats
        self.member_ids: list[str] = [event.member_id for event in events]

    @cached_property
    def kinds(self) -> list[str]:
        return [event.kind for event in self.events]

    @cached_property
    def values(self) -> list[int | float]:
        return [event.value for event in self.events]

    @cached_property
    def targets(self) -> list[str | None]:
        return [event.target for event in self.events]

    def since(self, start: datetime | None) -> int:
        """Index of the first event strictly after `start` (all events when `start` is None)."""
        return 0 if start is None else bisect_right(self.ats, start)

    def of_kind(self, kind: str) -> Timeline:
        mask = list(map(kind.__eq__, self.kinds))
        return Timeline(list(compress(self.events, mask)), list(compress(self.ats, mask)))


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
        self.by_id: dict[str, Member] = {m.id: m for m in self.members}
        self._values: dict[Any, dict[str, Any]] = {}
        self._kinds: dict[str, Timeline] = {}

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
        values = self.values(metric)
        return {member_id: values[member_id] for member_id in self.member_ids}

    def test(self, predicate: Predicate) -> dict[str, bool]:
        """Whether `predicate` holds for each member."""
        passing = set(predicate._select(self, self.member_ids))
        return {member_id: member_id in passing for member_id in self.member_ids}

    def explain(self, predicate: Predicate, member_id: str) -> Verdict:
        """Why `predicate` holds or fails for one member: a `Verdict` with the parts that decided."""
        self.member(member_id)
        return predicate._explain(self, member_id)

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

    def values(self, metric: Metric) -> dict[str, Any]:
        """`metric` for every member, computed once per view (a dict that may hold other ids too)."""
        found = self._values.get(metric)
        if found is None:
            found = self._values[metric] = metric._values(self)
        return found

    def fill(self, found: dict[str, Any], default: Any) -> dict[str, Any]:
        """A value for every member: `found`'s where it has one, `default` elsewhere."""
        get = found.get
        return {member_id: get(member_id, default) for member_id in self.member_ids}

    @cached_property
    def timeline(self) -> Timeline:
        """Every event up to `now`, in time order (ties keep the community's order)."""
        events: Sequence[Event] = self.community.events
        ats = [event.at for event in events]
        if any(map(operator.gt, ats, islice(ats, 1, None))):
            order = sorted(range(len(ats)), key=ats.__getitem__)
            events = [events[i] for i in order]
            ats = [ats[i] for i in order]
        end = bisect_right(ats, self.now)
        if end < len(ats):
            events, ats = events[:end], ats[:end]
        return Timeline(events, ats)

    def timeline_of(self, kind: str | None) -> Timeline:
        """The events of one kind up to `now` (all events for None)."""
        if kind is None:
            return self.timeline
        found = self._kinds.get(kind)
        if found is None:
            found = self._kinds[kind] = self.timeline.of_kind(kind)
        return found

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
