"""Scores: engagement, percentile ranks and RFM, each a metric that composes into rules.

>>> from datetime import timedelta
>>> from groupkit import synthetic, view
>>> score = engagement({"message": 1, "answer": 5}, half_life=timedelta(days=14))
>>> score
engagement({'answer': 5, 'message': 1}, half_life=14d)
>>> today = view(synthetic.community(seed=3, members=30), now=synthetic.DEFAULT_NOW)
>>> top = max(today.member_ids, key=today.measure(score).get)
>>> round(sum(today.breakdown(score, top).values()), 6) == round(today.measure(score)[top], 6)
True
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from datetime import timedelta
from itertools import islice
from typing import TYPE_CHECKING, Any, Literal

import attrs

from groupkit import _durations
from groupkit._frozen import FrozenDict, is_finite_number
from groupkit.facts import Kind
from groupkit.metrics import Count, DaysSinceLast, Metric, Total, format_number
from groupkit.views import Column

if TYPE_CHECKING:
    from groupkit.views import View

__all__ = [
    "RFM",
    "Engagement",
    "Gap",
    "Percentile",
    "RFMScore",
    "engagement",
    "gap",
    "percentile",
    "rfm",
]


def _weights(value: object) -> FrozenDict:
    if not isinstance(value, Mapping) or not value:
        raise ValueError(f"weights: expected a non-empty mapping of event kind to weight, got {value!r}")
    weights = {}
    for kind, weight in value.items():
        if not isinstance(kind, str) or not kind:
            raise ValueError(f"weights: expected event kinds as keys, got {kind!r}")
        if not is_finite_number(weight):
            raise TypeError(f"weights[{kind!r}]: expected a finite number, got {weight!r}")
        weights[str.__str__(kind)] = weight
    return FrozenDict(dict(sorted(weights.items())))


def _caps(value: object) -> FrozenDict | None:
    if value is None:
        return None
    if not isinstance(value, Mapping):
        raise TypeError(f"daily_cap: expected a mapping of event kind to a count, or None, got {value!r}")
    for kind, cap in value.items():
        if not isinstance(kind, str) or not kind:
            raise ValueError(f"daily_cap: expected event kinds as keys, got {kind!r}")
        if type(cap) is not int or cap < 0:
            raise ValueError(f"daily_cap[{kind!r}]: expected a count of at least 0, got {cap!r}")
    return FrozenDict(dict(sorted((str.__str__(kind), cap) for kind, cap in value.items())))


@attrs.frozen(repr=False, order=False, cache_hash=True)
class Engagement(Metric):
    """The weighted sum of the member's events: `weights[kind]` each, halving every `half_life`.

    `daily_cap` counts at most that many events of a kind per member per calendar day (the first
    ones of the day), so repeating an action earns nothing past the cap. Kinds without a weight add 0.
    """

    weights: Mapping[str, int | float] = attrs.field(converter=_weights)
    half_life: timedelta | None = attrs.field(default=None, validator=_durations.positive)
    within: timedelta | None = attrs.field(default=None, validator=_durations.positive)
    daily_cap: Mapping[str, int] | None = attrs.field(default=None, converter=_caps)

    def _single(self, kind: str) -> Engagement:
        cap = None if self.daily_cap is None or kind not in self.daily_cap else {kind: self.daily_cap[kind]}
        return Engagement({kind: self.weights[kind]}, self.half_life, self.within, cap)

    def _values(self, view: View) -> Column:
        if len(self.weights) > 1:
            # one column per kind, added in the weights' (sorted) order, so the total is exactly the
            # sum of the breakdown and does not depend on the order of events
            columns = [view.values(self._single(kind)) for kind in self.weights]
            totals: dict[str, Any] = {}
            get = totals.get
            for column in columns:
                for member_id, value in column.values.items():
                    totals[member_id] = get(member_id, 0) + value
            return Column(totals, 0)
        ((kind, weight),) = self.weights.items()
        cap = None if self.daily_cap is None else self.daily_cap.get(kind)
        if cap is None and self.half_life is None:
            return Column({m: weight * n for m, n in Counter(view.authors(kind, self.within)).items()}, 0)
        events = view.timeline_of(kind)
        start = events.since(view.window_start(self.within))
        now, half_life = view.now, self.half_life
        totals = {}
        if cap is None and half_life is not None:  # the common case: each event decays, none is capped
            get = totals.get
            decayed = [weight * 0.5 ** ((now - at) / half_life) for at in islice(events.ats, start, None)]
            for member_id, earned in zip(islice(events.member_ids, start, None), decayed):
                totals[member_id] = get(member_id, 0) + earned
            return Column(totals, 0)
        spans = view.days(events, start) if cap is not None else [(start, len(events.events))]
        for first, end in spans:
            today: dict[str, int] = {}
            for event in events.events[first:end]:
                member_id = event.member_id
                if cap is not None:
                    done = today.get(member_id, 0)
                    if done >= cap:
                        continue
                    today[member_id] = done + 1
                earned = weight if half_life is None else weight * 0.5 ** ((now - event.at) / half_life)
                totals[member_id] = totals.get(member_id, 0) + earned
        return Column(totals, 0)

    def _parts(self, view: View, member_id: str) -> dict[str, Any]:
        return {kind: view.values(self._single(kind)).get(member_id) for kind in self.weights}

    def label(self) -> str:
        weights = ", ".join(f"{kind} {format_number(weight)}" for kind, weight in self.weights.items())
        window = "" if self.within is None else f" in the last {_durations.label(self.within)}"
        halving = "" if self.half_life is None else f", halving every {_durations.label(self.half_life)}"
        return f"engagement ({weights}{halving}){window}"

    def __repr__(self) -> str:
        extra = []
        if self.half_life is not None:
            extra.append(f"half_life={_durations.short(self.half_life)}")
        if self.within is not None:
            extra.append(f"within={_durations.short(self.within)}")
        if self.daily_cap is not None:
            extra.append(f"daily_cap={dict(self.daily_cap)!r}")
        return f"engagement({', '.join([repr(dict(self.weights)), *extra])})"


def _check_metric(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, Metric):
        raise TypeError(f"{attribute.name}: expected a Metric, got {type(value).__name__}")


def _ranks(view: View, values: list[Any]) -> list[float]:
    """Percentile rank of each value among all of them: (below + half the ties) / n × 100."""
    n = len(values)
    tally = Counter(values)
    rank: dict[Any, float] = {}
    below = 0
    for value in sorted(tally):
        rank[value] = (below + tally[value] / 2) / n * 100
        below += tally[value]
    return [rank[value] for value in values]


@attrs.frozen(repr=False, order=False, cache_hash=True)
class Percentile(Metric):
    """The member's percentile rank (0–100) of `of` among the view's members; ties share a rank.

    The rank is the share of members below, plus half of those tied, times 100.
    """

    of: Metric = attrs.field(validator=_check_metric)

    def _values(self, view: View) -> Column:
        ids = view.member_ids
        return view.dense(_ranks(view, list(view.values(self.of).over(ids))))

    def label(self) -> str:
        return f"percentile of {self.of.label()}"

    def __repr__(self) -> str:
        return f"percentile({self.of!r})"


def _check_part(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if value not in ("recency", "frequency", "monetary", "code"):
        raise ValueError(f"part: expected 'recency', 'frequency', 'monetary' or 'code', got {value!r}")


def _kind(value: object) -> str:
    if not isinstance(value, str) or not value:
        raise ValueError(f"monetary: expected a non-empty event kind, got {value!r}")
    return str.__str__(value)


@attrs.frozen(repr=False, order=False, cache_hash=True)
class RFMScore(Metric):
    """One RFM quintile score (1–5, 5 best) within the community, or their three-digit `code`.

    Recency is days since the last event of any kind (fewer is better), frequency the events of any
    kind in the window, monetary the `value` of `monetary` events in the window. A score is
    1 + 5 × (members with a worse value) // (members): the quintile the member falls in, where tied
    members share the lowest score of their group.
    """

    part: Literal["recency", "frequency", "monetary", "code"] = attrs.field(validator=_check_part)
    within: timedelta | None = attrs.field(default=timedelta(days=90), validator=_durations.positive)
    monetary_kind: str = attrs.field(default=Kind.PURCHASE, converter=_kind, alias="monetary")

    def _values(self, view: View) -> Column:
        if self.part == "code":
            r, f, m = (view.values(attrs.evolve(self, part=part)) for part in ("recency", "frequency", "monetary"))
            ids = view.member_ids
            return view.dense(a * 100 + b * 10 + c for a, b, c in zip(r.over(ids), f.over(ids), m.over(ids)))
        raw: Metric
        if self.part == "recency":
            raw = DaysSinceLast(None)
        elif self.part == "frequency":
            raw = Count(None, self.within)
        else:
            raw = Total(self.monetary_kind, self.within)
        values = list(view.values(raw).over(view.member_ids))
        if self.part == "recency":
            values = [-days for days in values]
        # quintile of the share of members strictly below: ties share the lowest score of their
        # group, so the many members who spent nothing all score 1
        n = len(values)
        tally = Counter(values)
        below: dict[Any, int] = {}
        seen = 0
        for value in sorted(tally):
            below[value] = seen
            seen += tally[value]
        return view.dense(1 + 5 * below[value] // n for value in values)

    def label(self) -> str:
        return f"RFM {self.part}" + (" score" if self.part != "code" else "")

    def __repr__(self) -> str:
        return f"{_rfm_repr(self.within, self.monetary_kind)}.{self.part}"


def _rfm_repr(within: timedelta | None, monetary: str) -> str:
    window = "None" if within is None else _durations.short(within)
    return f"rfm(within={window}, monetary={monetary!r})"


@attrs.frozen(repr=False)
class RFM:
    """Recency, frequency and monetary quintile scores; each attribute is a metric.

    >>> scores = rfm(within=timedelta(days=90))
    >>> scores.code.eq(555)
    rfm(within=90d, monetary='purchase').code.eq(555)
    """

    within: timedelta | None = attrs.field(default=timedelta(days=90), validator=_durations.positive)
    monetary_kind: str = attrs.field(default=Kind.PURCHASE, converter=_kind, alias="monetary")

    def _score(self, part: Literal["recency", "frequency", "monetary", "code"]) -> RFMScore:
        return RFMScore(part, self.within, self.monetary_kind)

    @property
    def recency(self) -> RFMScore:
        """1–5: how recently the member did anything (5 = the most recent fifth)."""
        return self._score("recency")

    @property
    def frequency(self) -> RFMScore:
        """1–5: how many events the member made in the window."""
        return self._score("frequency")

    @property
    def monetary(self) -> RFMScore:
        """1–5: how much the member spent in the window (on events of kind `monetary_kind`)."""
        return self._score("monetary")

    @property
    def code(self) -> RFMScore:
        """The usual three-digit label as a number, recency first: 555 is the best."""
        return self._score("code")

    def __repr__(self) -> str:
        return _rfm_repr(self.within, self.monetary_kind)


@attrs.frozen(repr=False, order=False, cache_hash=True)
class Gap(Metric):
    """Days of silence before the member's first event in the window (0 if none in the window).

    The silence runs from the member's previous event, or from joining if there was none.
    """

    within: timedelta = attrs.field(validator=_durations.required)

    def _values(self, view: View) -> Column:
        events = view.timeline
        start = events.since(view.window_start(self.within))
        ids, ats = events.member_ids, events.ats
        # dict() keeps the last value given for a key: reversed, that is each member's first event
        first = dict(zip(reversed(ids[start:]), reversed(ats[start:])))
        before = dict(zip(ids[:start], ats[:start]))
        members = view.by_id
        gaps = {}
        for member_id, came_back in first.items():
            member = members.get(member_id)
            if member is not None:
                since = before.get(member_id, member.joined_at)
                gaps[member_id] = max(0.0, (came_back - since).total_seconds() / 86400)
        return Column(gaps, 0)

    def label(self) -> str:
        return f"days of silence before returning in the last {_durations.label(self.within)}"

    def __repr__(self) -> str:
        return f"gap({_durations.short(self.within)})"


def engagement(
    weights: Mapping[str, int | float],
    half_life: timedelta | None = None,
    within: timedelta | None = None,
    daily_cap: Mapping[str, int] | int | None = None,
) -> Engagement:
    """Weighted activity: each event of a weighted kind earns its weight, halving every `half_life`.

    `daily_cap` is a count per kind, or one count for every weighted kind.

    >>> engagement({"message": 1, "checkin": 2}, daily_cap=3)
    engagement({'checkin': 2, 'message': 1}, daily_cap={'checkin': 3, 'message': 3})
    """
    caps = {kind: daily_cap for kind in weights} if isinstance(daily_cap, int) else daily_cap
    return Engagement(weights, half_life, within, caps)


def percentile(metric: Metric) -> Percentile:
    """The member's percentile rank of `metric` in the community (0–100; ties share a rank).

    >>> from groupkit.metrics import count
    >>> percentile(count("message")) >= 90
    percentile(count('message')) >= 90
    """
    return Percentile(metric)


def rfm(within: timedelta | None = timedelta(days=90), monetary: str = Kind.PURCHASE) -> RFM:
    """Recency, frequency and monetary quintile scores within the community.

    >>> rfm().recency >= 4
    rfm(within=90d, monetary='purchase').recency >= 4
    """
    return RFM(within, monetary)


def gap(within: timedelta) -> Gap:
    """Days of silence before the member's first event in the last `within` (0 if none).

    >>> gap(timedelta(days=7)) >= 30
    gap(7d) >= 30
    """
    return Gap(within)

