"""Metrics: semantics against a brute-force reference, and the expression algebra."""

from __future__ import annotations

import copy
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

import groupkit as gk
from groupkit import metrics as m
from groupkit.strategies import communities, metrics, moments
from tests import oracle

T0 = datetime(2026, 3, 10, 12, tzinfo=UTC)


def at(days: float = 0, hours: float = 0) -> datetime:
    return T0 - timedelta(days=days, hours=hours)


def club(events: list[gk.Event], tz: object = UTC, members: list[gk.Member] | None = None) -> gk.Community:
    people = members or [gk.Member("ann", at(100)), gk.Member("bo", at(100))]
    return gk.Community("c", gk.Purpose.LEARNING, gk.Stage.GROWTH, 500, people, events, tz)  # type: ignore[arg-type]


@given(communities(), moments(), metrics())
def test_every_metric_matches_the_reference(community: gk.Community, now: datetime, metric: m.Metric) -> None:
    measured = gk.view(community, now=now).measure(metric)
    expected = {p.id: oracle.value(metric, community, now, p) for p in oracle.members_at(community, now)}
    assert list(measured) == list(expected)
    for member_id, value in expected.items():
        assert measured[member_id] == pytest.approx(value, rel=1e-9, abs=1e-9), member_id


def test_windows_are_half_open() -> None:
    week = timedelta(days=7)
    events = [gk.Event("ann", "message", at(7)), gk.Event("ann", "message", at(6.99)), gk.Event("ann", "message", T0),
              gk.Event("ann", "message", T0 + timedelta(seconds=1))]
    counts = gk.view(club(events), now=T0).measure(m.count("message", week))
    assert counts == {"ann": 2, "bo": 0}


def test_events_after_now_are_not_seen_and_later_members_are_absent() -> None:
    late = gk.Member("cy", T0 + timedelta(days=1))
    events = [gk.Event("ann", "purchase", at(1), value=30), gk.Event("ann", "purchase", at(-1), value=70)]
    community = club(events, members=[gk.Member("ann", at(10)), late])
    assert gk.view(community, now=T0).measure(m.total("purchase")) == {"ann": 30}
    assert gk.view(community, now=T0 + timedelta(days=2)).measure(m.total("purchase")) == {"ann": 100, "cy": 0}


def test_active_days_use_the_community_timezone() -> None:
    shanghai = ZoneInfo("Asia/Shanghai")
    # 15:30 and 16:30 UTC fall on two different days in Shanghai (23:30 and 00:30)
    events = [gk.Event("ann", "message", datetime(2026, 3, 9, 15, 30, tzinfo=UTC)),
              gk.Event("ann", "message", datetime(2026, 3, 9, 16, 30, tzinfo=UTC))]
    assert gk.view(club(events), now=T0).measure(m.active_days())["ann"] == 1
    assert gk.view(club(events, shanghai), now=T0).measure(m.active_days())["ann"] == 2


def test_streak_ends_today_or_yesterday() -> None:
    checkins = [gk.Event("ann", "checkin", at(d)) for d in (1, 2, 3, 5)] + [gk.Event("bo", "checkin", at(2))]
    streaks = gk.view(club(checkins), now=T0).measure(m.streak("checkin"))
    assert streaks == {"ann": 3, "bo": 0}


def test_days_since_last_falls_back_to_joining() -> None:
    events = [gk.Event("ann", "message", at(2.5))]
    since = gk.view(club(events), now=T0).measure(m.days_since_last("message"))
    assert since == {"ann": 2.5, "bo": 100.0}


def test_received_counts_events_aimed_at_the_member() -> None:
    likes = [gk.Event("bo", "reaction", at(1), target="ann"), gk.Event("gone", "reaction", at(1), target="ann"),
             gk.Event("ann", "reaction", at(1), target="bo")]
    assert gk.view(club(likes), now=T0).measure(m.received("reaction")) == {"ann": 2, "bo": 1}


def test_received_distinct_givers_and_days() -> None:
    likes = [gk.Event("bo", "like", at(1), target="ann"), gk.Event("bo", "like", at(1, 1), target="ann"),
             gk.Event("gone", "like", at(3), target="ann")]
    v = gk.view(club(likes), now=T0)
    assert v.measure(m.received("like", distinct="members")) == {"ann": 2, "bo": 0}
    assert v.measure(m.received("like", distinct="days")) == {"ann": 2, "bo": 0}
    assert v.measure(m.received("like", timedelta(days=2), distinct="days")) == {"ann": 1, "bo": 0}


def test_community_count_counts_everyone_and_highest_takes_the_top_member() -> None:
    topics = [gk.Event("gone", "topic", at(1)), gk.Event("ann", "topic", at(2)), gk.Event("ann", "topic", at(200))]
    v = gk.view(club(topics), now=T0)
    assert v.measure(m.community_count("topic", timedelta(days=100))) == {"ann": 2, "bo": 2}
    assert v.measure(m.highest(m.count("topic"))) == {"ann": 2, "bo": 2}


@pytest.mark.parametrize(("number", "whole"), [(2.5, 3), (3.5, 4), (0.49, 0), (-2.5, -3), (12, 12)])
def test_rounded_rounds_halves_away_from_zero(number: float, whole: int) -> None:
    assert gk.view(club([]), now=T0).measure(m.rounded(m.Constant(number)))["ann"] == whole


def test_active_days_of_one_kind() -> None:
    events = [gk.Event("ann", "visit", at(1)), gk.Event("ann", "visit", at(1, 1)), gk.Event("ann", "message", at(2))]
    v = gk.view(club(events), now=T0)
    assert v.measure(m.active_days(kind="visit")) == {"ann": 1, "bo": 0}
    assert v.measure(m.active_days()) == {"ann": 2, "bo": 0}


def test_arithmetic_division_by_zero_gives_zero_and_min_max() -> None:
    events = [gk.Event("ann", "reply", at(1)), gk.Event("ann", "message", at(1)), gk.Event("ann", "message", at(2))]
    v = gk.view(club(events), now=T0)
    ratio = m.count("reply") / m.count("message")
    assert v.measure(ratio) == {"ann": 0.5, "bo": 0}
    assert v.measure(m.minimum(m.count("message"), 1)) == {"ann": 1, "bo": 0}
    assert v.measure(m.maximum(m.count("message"), 1) * 10 - 5) == {"ann": 15, "bo": 5}
    assert v.measure(100 - m.count("message")) == {"ann": 98, "bo": 100}


def test_float_totals_do_not_depend_on_event_order() -> None:
    values = [0.1, 1e16, 0.2, -0.0 + 3.3, 1.0, 1e-8]
    events = [gk.Event("ann", "purchase", at(1), value=v) for v in values]
    forward = gk.view(club(events), now=T0).measure(m.total("purchase"))
    backward = gk.view(club(events[::-1]), now=T0).measure(m.total("purchase"))
    assert forward == backward


@pytest.mark.parametrize(
    ("metric", "text"),
    [
        (m.count("message", timedelta(days=7)), "count('message', 7d)"),
        (m.total("purchase", timedelta(hours=36)), "total('purchase', 1d12h)"),
        (m.count("a") - (m.count("b") - m.count("c")), "count('a') - (count('b') - count('c'))"),
        ((m.count("a") + 1) * 2, "(count('a') + 1) * 2"),
        (m.days_since_last(), "days_since_last()"),
        (m.tenure_days().eq(3), "tenure_days().eq(3)"),
    ],
)
def test_repr_reads_like_the_rule(metric: object, text: str) -> None:
    assert repr(metric) == text


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda: m.count(""), "kind"),
        (lambda: m.count("message", timedelta(0)), "within"),
        (lambda: m.count("message", 7), "within"),  # type: ignore[arg-type]
        (lambda: m.Arithmetic("%", m.count("a"), m.count("b")), "op"),  # type: ignore[arg-type]
        (m.minimum, "of"),
        (lambda: m.count("a") >= "ten", "compare"),
        (lambda: m.Constant(float("nan")), "value"),
    ],
)
def test_bad_metrics_are_rejected_with_the_field_named(make: object, message: str) -> None:
    with pytest.raises((ValueError, TypeError), match=message):
        make()  # type: ignore[operator]


@given(metrics())
def test_metrics_are_values(metric: m.Metric) -> None:
    assert metric == copy.deepcopy(metric) and hash(metric) == hash(copy.deepcopy(metric))
    assert isinstance(metric.label(), str) and metric.label()


@given(st.data())
def test_metric_comparison_with_numbers_on_either_side(data: st.DataObject) -> None:
    number = data.draw(st.integers(0, 10))
    metric = m.count("message")
    assert (number <= metric) == (metric >= number)
    assert (number > metric) == (metric < number)
