"""The Orbit Model, as the Orbit product used it from September 2020 to February 2022 (model v1).

Source: the orbit-love/orbit-model repository, README at commit 24531943 (2021-01-29; the same at
3519fde5, 2022-02-09): activity weights on "a simple 1-3 scale" with every activity weighing 1 by
default; ``value(month) = (sum of activity values) * 0.9 ^ (months ago)`` where the current calendar
month is 0 months ago; love is the sum over months; and "the ranges we use in the Orbit product":
Orbit 1 love ≥ 1.5, Orbit 2 from 1 to 1.5, Orbit 3 from 0.5 to 1, Orbit 4 below 0.5. The README does
not say which end of a range is inclusive; groupkit takes lower bounds as inclusive.

>>> from datetime import datetime, timezone
>>> from groupkit import Community, Event, Member, view
>>> when = datetime(2026, 3, 15, tzinfo=timezone.utc)
>>> ann = Member("ann", datetime(2025, 1, 1, tzinfo=timezone.utc))
>>> done = [Event("ann", "answer", datetime(2026, 2, 10, tzinfo=timezone.utc)),
...         Event("ann", "message", datetime(2025, 12, 3, tzinfo=timezone.utc))]
>>> club = Community("c", "knowledge", "growth", None, [ann], done)
>>> round(view(club, now=when).measure(orbit_love({"answer": 3}))["ann"], 3)  # 3 × 0.9 + 1 × 0.9³
3.429
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Mapping
from datetime import date
from typing import TYPE_CHECKING

import attrs

from groupkit._frozen import FrozenDict
from groupkit.metrics import Metric
from groupkit.segments import Segment, Segmentation
from groupkit.views import Column

if TYPE_CHECKING:
    from groupkit.views import View

__all__ = ["DECAY", "OrbitLove", "orbit_levels", "orbit_love"]

DECAY = 0.9
"""Love keeps 90% of its value for every calendar month that passes."""


def _weights(value: object) -> FrozenDict:
    if value is None:
        value = {}
    if not isinstance(value, Mapping):
        raise TypeError(f"weights: expected a mapping of event kind to 1, 2 or 3, got {type(value).__name__}")
    for kind, weight in value.items():
        if not isinstance(kind, str) or not kind:
            raise ValueError(f"weights: expected event kinds as keys, got {kind!r}")
        if type(weight) is not int or not 0 <= weight <= 3:
            raise ValueError(
                f"weights[{kind!r}]: the Orbit Model weighs activities 1, 2 or 3 (0 leaves a kind out), got {weight!r}"
            )
    return FrozenDict(dict(sorted(value.items())))


def _month(day: date) -> int:
    return day.year * 12 + day.month - 1


@attrs.frozen(repr=False, order=False, cache_hash=True)
class OrbitLove(Metric):
    """Orbit love: Σ weight(kind) × 0.9^(calendar months ago) over the member's events up to now.

    Months are calendar months in the community's timezone; kinds not in `weights` weigh 1. A weight
    of 0 (groupkit's addition) leaves a kind out, for events that are not activities (joins, leaves,
    actions the host recorded).
    """

    weights: Mapping[str, int] = attrs.field(factory=FrozenDict, converter=_weights)

    def _values(self, view: View) -> Column:
        events = view.timeline
        now_month = _month(view.day_of(view.now))
        weights = self.weights
        # integer weight sums per member and month, then one float sum per member in month order
        sums: dict[str, dict[int, int]] = {}
        first = 0
        ats = events.ats
        while first < len(ats):
            month = _month(view.day_of(ats[first]))
            year, month_of_year = divmod(month + 1, 12)
            start_of_next = view.midnight(date(year, month_of_year + 1, 1))
            end = bisect_left(ats, start_of_next, first)
            ago = now_month - month
            for event in events.events[first:end]:
                per_month = sums.setdefault(event.member_id, {})
                per_month[ago] = per_month.get(ago, 0) + weights.get(event.kind, 1)
            first = end
        love = {
            member_id: sum(total * DECAY**ago for ago, total in sorted(months.items()))
            for member_id, months in sums.items()
        }
        return Column(love, 0)

    def label(self) -> str:
        return "Orbit love"

    def __repr__(self) -> str:
        return f"orbit_love({dict(self.weights)!r})" if self.weights else "orbit_love()"


def orbit_love(weights: Mapping[str, int] | None = None) -> OrbitLove:
    """The Orbit Model v1 love metric; `weights` maps event kinds to 1, 2 or 3 (others weigh 1, 0 omits).

    >>> orbit_love({"answer": 3}) >= 1.5
    orbit_love({'answer': 3}) >= 1.5
    """
    return OrbitLove(weights or {})


def orbit_levels(weights: Mapping[str, int] | None = None) -> Segmentation:
    """Orbit levels by love: orbit1 ≥ 1.5, orbit2 ≥ 1, orbit3 ≥ 0.5, else orbit4.

    >>> orbit_levels().names
    ('orbit1', 'orbit2', 'orbit3', 'orbit4')
    """
    love = orbit_love(weights)
    return Segmentation(
        [Segment("orbit1", love >= 1.5), Segment("orbit2", love >= 1), Segment("orbit3", love >= 0.5)],
        default="orbit4",
    )

