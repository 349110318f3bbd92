"""Scores, segments, lifecycle and the Orbit preset."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

import groupkit as gk
from groupkit import scoring
from groupkit.metrics import Metric, count, total
from groupkit.presets import orbit_levels, orbit_love
from groupkit.segments import STAGES, standard
from groupkit.strategies import KINDS, communities, metrics, moments, scores, segmentations

T0 = datetime(2026, 3, 10, 12, tzinfo=UTC)
DAY = timedelta(days=1)


def club(events: list[gk.Event], members: list[gk.Member] | None = None) -> gk.Community:
    people = members or [gk.Member("ann", T0 - 100 * DAY), gk.Member("bo", T0 - 100 * DAY)]
    return gk.Community("c", "learning", "growth", 500, people, events)


def shuffled(community: gk.Community, seed: int) -> gk.Community:
    events = list(community.events)
    random.Random(seed).shuffle(events)
    return gk.Community(community.id, community.purpose, community.stage, community.capacity,
                        community.members, events, community.timezone)


engagements = st.builds(
    scoring.engagement,
    st.dictionaries(st.sampled_from(KINDS), st.integers(1, 5) | st.floats(0.1, 5), min_size=1, max_size=3),
    st.none() | st.sampled_from((DAY, 7 * DAY)),
    st.none() | st.sampled_from((7 * DAY, 30 * DAY)),
    st.none() | st.integers(0, 3),
)


@given(communities(), moments(), engagements, st.data())
def test_an_event_with_a_positive_weight_never_lowers_engagement(
    community: gk.Community, now: datetime, score: scoring.Engagement, data: st.DataObject
) -> None:
    people = [p for p in community.members if p.joined_at <= now]
    if not people:
        return
    who = data.draw(st.sampled_from(people)).id
    kind = data.draw(st.sampled_from(sorted(k for k, w in score.weights.items() if w > 0)))
    at = data.draw(st.datetimes(datetime(2026, 1, 1), now.replace(tzinfo=None), timezones=st.just(UTC)))
    more = gk.Community(community.id, community.purpose, community.stage, community.capacity,
                        community.members, [*community.events, gk.Event(who, kind, at)], community.timezone)
    before = gk.view(community, now=now).measure(score)[who]
    after = gk.view(more, now=now).measure(score)[who]
    assert after >= before - 1e-12


@given(st.sampled_from(KINDS), st.floats(0.1, 10), st.integers(1, 60), st.integers(0, 59), st.integers(1, 30))
def test_with_a_half_life_an_older_event_counts_less(kind: str, weight: float, older: int, newer: int,
                                                     half_life_days: int) -> None:
    if newer >= older:
        newer, older = older - 1, newer + 1
    score = scoring.engagement({kind: weight}, half_life=half_life_days * DAY)

    def worth(days_ago: int) -> float:
        events = [gk.Event("ann", kind, T0 - days_ago * DAY)]
        return float(gk.view(club(events), now=T0).measure(score)["ann"])

    assert worth(older) < worth(newer) <= weight


def test_half_life_halves_and_daily_cap_stops_farming() -> None:
    events = [gk.Event("ann", "checkin", T0 - 7 * DAY)] + [gk.Event("bo", "message", T0 - timedelta(minutes=i))
                                                           for i in range(50)]
    decayed = scoring.engagement({"checkin": 4}, half_life=7 * DAY)
    assert gk.view(club(events), now=T0).measure(decayed)["ann"] == pytest.approx(2.0)
    capped = scoring.engagement({"message": 1}, daily_cap=5)
    assert gk.view(club(events), now=T0).measure(capped) == {"ann": 0, "bo": 5}


@given(communities(), moments(), metrics())
def test_breakdowns_add_up_to_the_value(community: gk.Community, now: datetime, metric: Metric) -> None:
    v = gk.view(community, now=now)
    for member_id, value in v.measure(metric).items():
        parts = v.breakdown(metric, member_id)
        assert sum(parts.values()) == pytest.approx(value, rel=1e-9, abs=1e-9)


def test_engagement_breakdown_is_by_kind() -> None:
    events = [gk.Event("ann", "message", T0 - DAY), gk.Event("ann", "answer", T0 - DAY),
              gk.Event("ann", "answer", T0 - 2 * DAY)]
    score = scoring.engagement({"message": 1, "answer": 5, "share": 2})
    v = gk.view(club(events), now=T0)
    assert v.breakdown(score, "ann") == {"answer": 10, "message": 1, "share": 0}
    assert v.breakdown(count("message") - total("purchase"), "ann") == {"message": 1, "purchase": 0}


@given(communities(), moments(), metrics())
def test_percentiles_lie_in_range_and_preserve_order(community: gk.Community, now: datetime, metric: Metric) -> None:
    v = gk.view(community, now=now)
    values = v.measure(metric)
    ranks = v.measure(scoring.percentile(metric))
    for a in values:
        assert 0 <= ranks[a] <= 100
        for b in values:
            if values[a] < values[b]:
                assert ranks[a] < ranks[b]
            elif values[a] == values[b]:
                assert ranks[a] == ranks[b]


def test_rfm_on_a_small_documented_data_set() -> None:
    # five members; all joined 200 days ago; purchases and messages in the last 90 days
    people = [gk.Member(name, T0 - 200 * DAY) for name in ("a", "b", "c", "d", "e")]
    events = [
        gk.Event("a", "purchase", T0 - 1 * DAY, value=500), gk.Event("a", "message", T0 - 2 * DAY),
        gk.Event("a", "message", T0 - 3 * DAY), gk.Event("a", "message", T0 - 4 * DAY),
        gk.Event("b", "purchase", T0 - 10 * DAY, value=100), gk.Event("b", "message", T0 - 11 * DAY),
        gk.Event("c", "message", T0 - 30 * DAY), gk.Event("c", "message", T0 - 31 * DAY),
        gk.Event("d", "purchase", T0 - 60 * DAY, value=50),
        gk.Event("e", "message", T0 - 150 * DAY),  # outside the 90-day window, but still their last event
    ]
    v = gk.view(club(events, people), now=T0)
    r = scoring.rfm(within=90 * DAY)
    # recency, days since last event: a 1, b 10, c 30, d 60, e 150; fewer days are better:
    # members with a worse value: a 4, b 3, c 2, d 1, e 0 -> scores 5, 4, 3, 2, 1
    assert v.measure(r.recency) == {"a": 5, "b": 4, "c": 3, "d": 2, "e": 1}
    # a score is 1 + 5 × (members with a worse value) // 5; tied members share the lower score
    # frequency, events in 90 days: a 4, b 2, c 2, d 1, e 0 -> worse: a 4, b/c 2, d 1, e 0
    assert v.measure(r.frequency) == {"a": 5, "b": 3, "c": 3, "d": 2, "e": 1}
    # monetary, spent in 90 days: a 500, b 100, d 50, c 0, e 0 -> worse: a 4, b 3, d 2, c/e 0
    assert v.measure(r.monetary) == {"a": 5, "b": 4, "c": 1, "d": 3, "e": 1}
    assert v.measure(r.code) == {"a": 555, "b": 434, "c": 331, "d": 223, "e": 111}


@given(communities(), moments(), segmentations())
def test_every_member_is_in_exactly_one_segment(community: gk.Community, now: datetime,
                                                segmentation: gk.Segmentation) -> None:
    v = gk.view(community, now=now)
    placed = v.segment(segmentation)
    assert list(placed) == v.member_ids
    for member_id, name in placed.items():
        assert name in segmentation.names
        verdict = v.explain(segmentation, member_id)
        assert verdict.title == name and verdict.holds


@given(communities(), moments())
def test_every_member_has_exactly_one_stage_whatever_the_event_order(community: gk.Community,
                                                                     now: datetime) -> None:
    stages = gk.view(community, now=now).segment(gk.lifecycle())
    assert set(stages.values()) <= set(STAGES)
    assert gk.view(shuffled(community, 1), now=now).segment(gk.lifecycle()) == stages
    assert gk.view(shuffled(community, 2), now=now).segment(standard()) == gk.view(community, now=now).segment(
        standard()
    )


@given(communities(), moments(), scores())
def test_event_order_changes_no_score(community: gk.Community, now: datetime, score: Metric) -> None:
    assert gk.view(shuffled(community, 3), now=now).measure(score) == gk.view(community, now=now).measure(score)


def test_lifecycle_stages_with_their_reasons() -> None:
    people = [
        gk.Member("newbie", T0 - 3 * DAY),
        gk.Member("back", T0 - 200 * DAY),
        gk.Member("gone", T0 - 200 * DAY),
        gk.Member("mute", T0 - 60 * DAY),
        gk.Member("fading", T0 - 200 * DAY),
        gk.Member("steady", T0 - 200 * DAY),
    ]
    events = [
        gk.Event("back", "message", T0 - 80 * DAY), gk.Event("back", "message", T0 - 2 * DAY),
        gk.Event("gone", "message", T0 - 45 * DAY),
        *[gk.Event("fading", "message", T0 - (15 + i) * DAY) for i in range(6)],
        gk.Event("fading", "message", T0 - 1 * DAY),
        *[gk.Event("steady", "message", T0 - i * DAY) for i in range(1, 28, 2)],
    ]
    v = gk.view(club(events, people), now=T0)
    assert v.segment(gk.lifecycle()) == {
        "newbie": "new", "back": "reactivated", "gone": "dormant", "mute": "dormant", "fading": "at_risk",
        "steady": "active",
    }
    assert str(v.explain(gk.lifecycle(), "back")) == (
        "reactivated: days of silence before returning in the last 7 days = 78 ≥ 30 ✓"
    )
    assert str(v.explain(gk.lifecycle(), "mute")) == "dormant: events in the last 30 days = 0 ✓"
    steady = str(v.explain(gk.lifecycle(), "steady"))
    assert steady.startswith("active: days since joining = 200 ≥ 14 ✗") or steady.startswith("active: ")


def test_standard_segments_and_their_thresholds() -> None:
    people = [gk.Member("boss", T0 - 99 * DAY, role="owner"), gk.Member("buyer", T0 - 99 * DAY),
              gk.Member("helper", T0 - 99 * DAY), gk.Member("regular", T0 - 99 * DAY),
              gk.Member("quiet", T0 - 99 * DAY)]
    events = [gk.Event("buyer", "purchase", T0 - 5 * DAY, value=99),
              *[gk.Event("helper", "answer", T0 - i * DAY) for i in range(1, 4)],
              *[gk.Event("regular", "message", T0 - i * DAY) for i in range(1, 5)]]
    v = gk.view(club(events, people), now=T0)
    assert v.segment(standard()) == {"boss": "admin", "buyer": "paying", "helper": "contributor",
                                     "regular": "active", "quiet": "silent"}
    assert v.segment(standard(min_active_days=5))["regular"] == "silent"


def test_segmentations_reject_duplicate_names() -> None:
    with pytest.raises(ValueError, match="duplicate segment name"):
        gk.Segmentation([gk.Segment("a", gk.rules.always()), gk.Segment("a", gk.rules.never())])
    with pytest.raises(ValueError, match="default"):
        gk.Segmentation([gk.Segment("a", gk.rules.always())], default="a")


def test_orbit_love_follows_the_published_worked_example() -> None:
    # orbit-model v1 README: weight 1 three months ago = 0.729, weight 3 one month ago = 2.7
    ann = gk.Member("ann", datetime(2025, 1, 1, tzinfo=UTC))
    events = [gk.Event("ann", "message", datetime(2025, 12, 5, tzinfo=UTC)),
              gk.Event("ann", "talk", datetime(2026, 2, 20, tzinfo=UTC))]
    v = gk.view(club(events, [ann]), now=datetime(2026, 3, 2, tzinfo=UTC))
    assert v.measure(orbit_love({"talk": 3}))["ann"] == pytest.approx(0.729 + 2.7)
    with pytest.raises(ValueError, match="1, 2 or 3"):
        orbit_love({"talk": 5})


@pytest.mark.parametrize(("months_ago", "level"), [(0, "orbit2"), (None, "orbit4")])
def test_orbit_levels_have_inclusive_lower_bounds(months_ago: int | None, level: str) -> None:
    ann = gk.Member("ann", datetime(2025, 1, 1, tzinfo=UTC))
    events = [] if months_ago is None else [gk.Event("ann", "message", datetime(2026, 3, 1, tzinfo=UTC))]
    v = gk.view(club(events, [ann]), now=datetime(2026, 3, 2, tzinfo=UTC))
    assert v.segment(orbit_levels())["ann"] == level  # love exactly 1 -> orbit2 (1 is in orbit2's range)


def test_scores_compose_into_rules_and_round_trip() -> None:
    rule = (scoring.engagement({"message": 1}, half_life=7 * DAY) >= 20) & (scoring.rfm().code.eq(555))
    assert gk.from_data(gk.to_data(rule), gk.rules.Predicate) == rule
    assert gk.from_data(gk.to_data(gk.lifecycle()), gk.Segmentation) == gk.lifecycle()
    assert gk.from_data(gk.to_data(orbit_levels({"answer": 3})), gk.Segmentation) == orbit_levels({"answer": 3})
    assert gk.from_data(gk.to_data(scoring.rfm(monetary="red_packet")), scoring.RFM) == scoring.rfm(
        monetary="red_packet"
    )
