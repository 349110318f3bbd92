"""Admission: thresholds, capacity, pacing and mentors, through the public API."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import attrs
import jsonschema
import pytest
from hypothesis import given
from hypothesis import strategies as st

import groupkit as gk
from groupkit.metrics import count, tenure_days
from groupkit.rules import always, has_tag, never
from groupkit.strategies import TIMEZONES, admissions, predicates

NOW = datetime(2026, 3, 1, 12, tzinfo=UTC)
DAY = timedelta(days=1)


def club(members: Sequence[gk.Member], events: Sequence[gk.Event] = (), capacity: int | None = None) -> gk.Community:
    return gk.Community("club", gk.Purpose.PRODUCT, gk.Stage.GROWTH, capacity, members, events)


def veteran(member_id: str, *tags: str, days: int = 60) -> gk.Member:
    return gk.Member(member_id, NOW - timedelta(days=days), tags=frozenset(tags))


def purchases(member_id: str, *days_ago: float) -> list[gk.Event]:
    return [gk.Event(member_id, gk.Kind.PURCHASE, NOW - timedelta(days=d), value=299) for d in days_ago]


def mentored(mentor: str, newcomer: str, days_ago: float) -> gk.Event:
    return gk.Event(mentor, gk.Kind.MENTOR, NOW - timedelta(days=days_ago), target=newcomer)


# -- worked examples -----------------------------------------------------------------------------


def test_the_fashion_brand_admits_only_customers_with_two_purchases() -> None:
    customers = gk.Admission(threshold=count(gk.Kind.PURCHASE) >= 2)
    brand = club([veteran("owner")])
    zoe = gk.Member("zoe", NOW)

    admitted = customers.decide(brand, zoe, purchases("zoe", 40, 3), NOW)
    assert admitted == gk.AdmissionDecision("admit", admitted.reasons, None, None)
    assert [(v.title, v.holds) for v in admitted.reasons] == [("threshold", True)]
    assert str(admitted) == "admit: threshold: purchases in total = 2 ≥ 2 ✓"

    refused = customers.decide(brand, zoe, purchases("zoe", 40), NOW)
    assert refused.outcome == "refuse"
    assert refused.mentor_id is None and refused.retry_at is None
    assert len(refused.reasons) == 1 and not refused.reasons[0].holds
    assert str(refused.reasons[0]) == "threshold: purchases in total = 1 < 2 ✗"
    assert refused.reasons[0].observed == 1 and refused.reasons[0].threshold == 2

    # a purchase the host dated after now is not seen yet; nobody's history is but the applicant's
    later = [*purchases("zoe", 40), gk.Event("zoe", gk.Kind.PURCHASE, NOW + DAY)]
    assert customers.decide(brand, zoe, later, NOW).outcome == "refuse"
    assert customers.decide(club([veteran("owner")], purchases("owner", 1, 2)), zoe, [], NOW).outcome == "refuse"


def test_the_threshold_uses_windows_and_the_applicants_own_record() -> None:
    recent = gk.Admission(threshold=(count(gk.Kind.PURCHASE, timedelta(days=90)) >= 2) & ~has_tag("banned"))
    brand = club([veteran("owner")])
    assert recent.decide(brand, gk.Member("zoe", NOW), purchases("zoe", 100, 3), NOW).outcome == "refuse"
    assert recent.decide(brand, gk.Member("zoe", NOW), purchases("zoe", 80, 3), NOW).outcome == "admit"
    banned = gk.Member("zoe", NOW, tags={"banned"})
    assert str(recent.decide(brand, banned, purchases("zoe", 80, 3), NOW)) == "refuse: threshold: not tagged 'banned' ✗"


def test_pacing_waits_until_exactly_when_a_place_frees() -> None:
    paced = gk.Admission(pacing=gk.Pacing(3, DAY))
    members = [veteran("old", days=3)] + [
        gk.Member(name, NOW - ago) for name, ago in (("a", timedelta(hours=23)), ("b", timedelta(hours=20)),
                                                      ("c", timedelta(hours=2)))
    ]
    group = club(members)
    applicant = gk.Member("new", NOW)

    waiting = paced.decide(group, applicant, [], NOW)
    assert waiting.outcome == "wait"
    assert waiting.retry_at == NOW + timedelta(hours=1)  # a joined 23 hours ago: out of the window in an hour
    assert str(waiting.reasons[-1]).startswith("pacing: 3 joins in the last day, the most allowed is 3")
    assert paced.decide(group, applicant, [], NOW + timedelta(minutes=59, seconds=59)).outcome == "wait"
    assert paced.decide(group, applicant, [], NOW + timedelta(hours=1)).outcome == "admit"

    # the window is (now - per, now]: a join exactly one day ago has left it
    edge = club([gk.Member("a", NOW - DAY), gk.Member("b", NOW - timedelta(hours=1)), gk.Member("c", NOW)])
    assert paced.decide(edge, applicant, [], NOW).outcome == "admit"

    # with more joins in the window than allowed (added by hand), enough of them must leave it
    crowded = club([gk.Member(f"m{i}", NOW - timedelta(hours=10 - i)) for i in range(5)])
    assert paced.decide(crowded, applicant, [], NOW).retry_at == NOW - timedelta(hours=8) + DAY


def test_pacing_counts_elapsed_time_across_a_clock_change() -> None:
    from zoneinfo import ZoneInfo

    new_york = ZoneInfo("America/New_York")
    now = datetime(2026, 3, 8, 12, tzinfo=new_york)  # clocks went forward an hour at 2:00 that night
    joined = now.astimezone(UTC) - timedelta(hours=20)
    paced = gk.Admission(pacing=gk.Pacing(1, DAY))
    decision = paced.decide(club([gk.Member("a", joined)]), gk.Member("new", now), [], now)
    assert decision.retry_at is not None
    assert decision.retry_at - now == timedelta(hours=4)
    assert decision.retry_at.astimezone(UTC) == joined + DAY


def test_a_full_group_waits_and_suggests_a_new_group() -> None:
    members = [veteran(f"m{i}") for i in range(3)]
    applicant = gk.Member("new", NOW)
    full = gk.Admission(capacity=3).decide(club(members), applicant, [], NOW)
    assert full.outcome == "wait" and full.retry_at is None
    assert str(full.reasons[-1]) == "capacity: the small group is full (3 of 3 places taken): open a new group ✗"

    # members who join later are not yet counted; the community's own capacity is a limit too
    future = [*members[:2], gk.Member("soon", NOW + DAY)]
    assert gk.Admission(capacity=3).decide(club(future), applicant, [], NOW).outcome == "admit"
    assert gk.Admission(capacity=10).decide(club(members, capacity=3), applicant, [], NOW).outcome == "wait"
    assert gk.Admission().decide(club(members, capacity=3), applicant, [], NOW).outcome == "wait"
    assert gk.Admission().decide(club(members, capacity=4), applicant, [], NOW).outcome == "admit"

    # a full group waits even when the pace would also hold the applicant back; a refusal comes first
    both = gk.Admission(pacing=gk.Pacing(1, DAY), capacity=3)
    assert both.decide(club([*members[:2], gk.Member("c", NOW)]), applicant, [], NOW).retry_at is None
    assert gk.Admission(never(), capacity=3).decide(club(members), applicant, [], NOW).outcome == "refuse"


def test_size_classes_follow_the_operators_practice() -> None:
    assert [gk.admission.size_class(n) for n in (0, 39, 40, 99, 100, 199, 200, 500)] == [
        "small", "small", "medium", "medium", "large", "large", "oversize", "oversize",
    ]


MENTORS = gk.Mentoring(tenure_days() >= 30, max_mentees=2)


def test_the_mentor_shares_the_most_tags() -> None:
    members = [veteran("ann", "design"), veteran("bo", "design", "paris"), veteran("cy"), veteran("fresh", "design",
                                                                                                  "paris", days=5)]
    applicant = gk.Member("new", NOW, tags={"design", "paris"})
    decision = gk.Admission(mentor=MENTORS).decide(club(members), applicant, [], NOW)
    assert decision.outcome == "admit" and decision.mentor_id == "bo"
    assert str(decision.reasons[-1]) == "mentor: 'bo', with 0 of 2 current mentees, sharing tags 'design', 'paris' ✓"
    assert decision.reasons[-1].parts[0].holds  # why bo is eligible

    # without tag matching: the fewest current mentees, then the smallest id
    plain = gk.Mentoring(tenure_days() >= 30, max_mentees=2, match_tags=False)
    assert gk.Admission(mentor=plain).decide(club(members), applicant, [], NOW).mentor_id == "ann"
    busy = [mentored("ann", "fresh", 2)]
    assert gk.Admission(mentor=plain).decide(club(members, busy), applicant, [], NOW).mentor_id == "bo"


def test_the_mentor_has_the_fewest_mentees_then_the_smallest_id() -> None:
    members = [veteran("cy", "design"), veteran("bo", "design"), veteran("ann", "design"), veteran("m1", days=1),
               veteran("m2", days=1), veteran("m3", days=1)]
    applicant = gk.Member("new", NOW, tags={"design"})
    admission = gk.Admission(mentor=MENTORS)
    assert admission.decide(club(members), applicant, [], NOW).mentor_id == "ann"
    load = [mentored("ann", "m1", 3), mentored("bo", "m2", 2)]
    assert admission.decide(club(members, load), applicant, [], NOW).mentor_id == "cy"
    # a full mentor is passed over even when they share more tags
    full = [mentored("ann", "m1", 3), mentored("ann", "m2", 2), mentored("bo", "m3", 1)]
    tagged = [*members[:2], veteran("ann", "design", "paris"), *members[3:]]
    both = gk.Member("new", NOW, tags={"design", "paris"})
    assert admission.decide(club(tagged, full), both, [], NOW).mentor_id == "cy"


def test_mentees_who_left_or_were_assigned_long_ago_do_not_count() -> None:
    members = [veteran("ann"), veteran("bo"), veteran("m1", days=40), veteran("m2", days=1), veteran("m3", days=1)]
    applicant = gk.Member("new", NOW)
    admission = gk.Admission(mentor=gk.Mentoring(tenure_days() >= 50, max_mentees=1, match_tags=False))
    # ann's mentee m1 was assigned 31 days ago, her mentee "gone" has left: she is free
    history = [mentored("ann", "m1", 31), mentored("ann", "gone", 2), mentored("bo", "m2", 29)]
    assert admission.decide(club(members, history), applicant, [], NOW).mentor_id == "ann"
    # an assignment within the period counts; so does a reassignment, for the new mentor only
    assert admission.decide(club(members, [*history, mentored("ann", "m3", 1)]), applicant, [], NOW).mentor_id is None
    moved = [mentored("ann", "m2", 20), mentored("bo", "m2", 10)]
    assert admission.decide(club(members, moved), applicant, [], NOW).mentor_id == "ann"
    # an assignment recorded after now is not seen yet, and the period is the mentoring's own
    assert admission.decide(club(members, [mentored("ann", "m2", -1)]), applicant, [], NOW).mentor_id == "ann"
    week = gk.Admission(mentor=gk.Mentoring(tenure_days() >= 50, 1, match_tags=False, period=timedelta(days=7)))
    assert week.decide(club(members, [mentored("ann", "m2", 8)]), applicant, [], NOW).mentor_id == "ann"


def test_no_free_mentor_still_admits() -> None:
    members = [veteran("ann"), veteran("m1", days=1)]
    applicant = gk.Member("new", NOW)
    busy = gk.Admission(mentor=gk.Mentoring(tenure_days() >= 30, max_mentees=1))
    decision = busy.decide(club(members, [mentored("ann", "m1", 1)]), applicant, [], NOW)
    assert decision.outcome == "admit" and decision.mentor_id is None
    assert str(decision.reasons[-1]) == "mentor: no eligible member has fewer than 1 current mentees ✗"
    nobody = gk.Admission(mentor=gk.Mentoring(has_tag("mentor"), max_mentees=3))
    assert nobody.decide(club(members), applicant, [], NOW).mentor_id is None


def test_an_admission_explains_every_check_it_passed() -> None:
    admission = gk.Admission(count(gk.Kind.PURCHASE) >= 1, gk.Pacing(5, DAY), capacity=200, mentor=MENTORS)
    decision = admission.decide(club([veteran("ann")]), gk.Member("new", NOW), purchases("new", 1), NOW)
    assert [(v.title, v.holds) for v in decision.reasons] == [
        ("threshold", True), ("capacity", True), ("pacing", True), ("mentor", True),
    ]
    assert str(decision.reasons[1]) == "capacity: 1 of 200 places taken ✓"
    assert str(decision.reasons[2]) == "pacing: 0 joins in the last day, under the 5 allowed ✓"


# -- bad input -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("make", "error", "message"),
    [
        (lambda: gk.Pacing(0, DAY), ValueError, "max_joins: expected a positive number, got 0"),
        (lambda: gk.Pacing(True, DAY), TypeError, "max_joins: expected an int, got bool"),
        (lambda: gk.Pacing(3, timedelta(0)), ValueError, "per: expected a positive duration"),
        (lambda: gk.Pacing(3, 86400), TypeError, "per: expected a timedelta, got int"),
        (lambda: gk.Mentoring("veteran", 3), TypeError, "eligible: expected a Predicate, got str"),
        (lambda: gk.Mentoring(always(), -1), ValueError, "max_mentees: expected a positive number, got -1"),
        (lambda: gk.Mentoring(always(), 1, match_tags="yes"), TypeError, "match_tags: expected True or False"),
        (lambda: gk.Mentoring(always(), 1, period=-DAY), ValueError, "period: expected a positive duration"),
        (lambda: gk.Admission(threshold=count("purchase")), TypeError, "threshold: expected a Predicate, got Count"),
        (lambda: gk.Admission(pacing=(3, DAY)), TypeError, "pacing: expected a Pacing or None, got tuple"),
        (lambda: gk.Admission(capacity=0), ValueError, "capacity: expected a positive number, got 0"),
        (lambda: gk.Admission(capacity=2.5), TypeError, "capacity: expected an int, got float"),
        (lambda: gk.Admission(mentor=always()), TypeError, "mentor: expected a Mentoring or None, got Always"),
        (lambda: gk.admission.size_class(-1), ValueError, "capacity: must not be negative, got -1"),
        (lambda: gk.admission.size_class("200"), TypeError, "capacity: expected an int, got str"),
    ],
)
def test_bad_rules_are_refused_naming_the_field(make: Any, error: type[Exception], message: str) -> None:
    with pytest.raises(error, match=message):
        make()


def test_bad_applicants_and_histories_are_refused() -> None:
    admission = gk.Admission()
    group = club([veteran("ann")])
    new = gk.Member("new", NOW)
    with pytest.raises(ValueError, match="applicant: 'ann' is already a member of 'club'"):
        admission.decide(group, veteran("ann"), [], NOW)
    with pytest.raises(ValueError, match=r"history\[1\].member_id: expected the applicant's own events \('new'\), "
                                         r"got an event of 'ann'"):
        admission.decide(group, new, [*purchases("new", 1), *purchases("ann", 1)], NOW)
    twice = [gk.Event("new", gk.Kind.PURCHASE, NOW, id="p1")] * 2
    with pytest.raises(ValueError, match=r"history\[1\].id: duplicate event id 'p1'"):
        admission.decide(group, new, twice, NOW)
    with pytest.raises(TypeError, match=r"history\[0\]: expected an Event, got dict"):
        admission.decide(group, new, [{"member_id": "new"}], NOW)  # type: ignore[list-item]
    with pytest.raises(TypeError, match="history: expected a sequence of Event, got Event"):
        admission.decide(group, new, purchases("new", 1)[0], NOW)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="applicant: expected a groupkit Member, got str"):
        admission.decide(group, "new", [], NOW)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="community: expected a groupkit Community, got list"):
        admission.decide([], new, [], NOW)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="now: expected a timezone-aware datetime"):
        admission.decide(group, new, [], NOW.replace(tzinfo=None))
    with pytest.raises(ValueError, match=r"applicant\.joined_at: expected a moment no later than now"):
        admission.decide(group, gk.Member("new", NOW + DAY), [], NOW)


def test_bad_admission_data_names_the_path() -> None:
    data = {"threshold": {"type": "always"}, "pacing": {"max_joins": 0, "per": "P1D"}, "capacity": "200"}
    with pytest.raises(gk.PolicyError) as caught:
        gk.from_data(data, gk.Admission)
    text = str(caught.value)
    assert "$.capacity: expected an integer, got str" in text
    assert "$.pacing.max_joins: expected a positive number, got 0" in text


# -- properties ----------------------------------------------------------------------------------

START = datetime(2026, 3, 1, tzinfo=UTC)


@st.composite
def arrivals(draw: st.DrawFn) -> list[tuple[gk.Member, list[gk.Event]]]:
    """Applicants arriving at increasing times, each with a few purchases of their own before arriving."""
    gaps = draw(st.lists(st.integers(1, 36 * 60), min_size=1, max_size=25))
    zones = st.sampled_from(TIMEZONES)
    people = []
    at = START
    for i, minutes in enumerate(gaps):
        at += timedelta(minutes=minutes)
        applicant = gk.Member(f"a{i:02d}", at.astimezone(draw(zones)),
                              tags=draw(st.frozensets(st.sampled_from(("vip", "new", "gold")), max_size=2)))
        bought = [gk.Event(applicant.id, gk.Kind.PURCHASE, at - timedelta(days=d))
                  for d in draw(st.lists(st.integers(0, 60), max_size=3))]
        people.append((applicant, bought))
    return people


@st.composite
def founders(draw: st.DrawFn) -> list[gk.Member]:
    """The members already in the group when applicants start arriving: some long ago, some lately."""
    ages = draw(st.lists(st.integers(1, 20 * 24 * 60), max_size=8))
    tags = st.frozensets(st.sampled_from(("vip", "new", "gold")), max_size=2)
    return [gk.Member(f"f{i}", START - timedelta(minutes=age), tags=draw(tags)) for i, age in enumerate(ages)]


@given(admissions(), founders(), arrivals(), st.none() | st.integers(0, 15))
def test_admissions_never_exceed_capacity_or_pacing(
    admission: gk.Admission, members: list[gk.Member], applicants: list[tuple[gk.Member, list[gk.Event]]],
    community_capacity: int | None,
) -> None:
    limits = [c for c in (admission.capacity, community_capacity) if c is not None]
    group = gk.Community("g", gk.Purpose.INTEREST, gk.Stage.GROWTH, community_capacity, members, [])
    joins: list[datetime] = []
    for applicant, history in applicants:
        now = applicant.joined_at
        decision = admission.decide(group, applicant, history, now)
        assert decision.outcome in ("admit", "wait", "refuse")
        if decision.retry_at is not None:
            assert decision.outcome == "wait" and decision.retry_at > now
        if decision.outcome != "admit":
            assert decision.mentor_id is None
            continue
        if decision.mentor_id is not None:
            assert admission.mentor is not None
            assert gk.view(group, now=now).test(admission.mentor.eligible)[decision.mentor_id]
        events = list(group.events)
        if decision.mentor_id is not None:
            events.append(gk.Event(decision.mentor_id, gk.Kind.MENTOR, now, target=applicant.id))
        group = attrs.evolve(group, members=[*group.members, applicant], events=events)
        joins.append(now)
        if limits:
            assert len(group.members) <= min(limits)
    if admission.pacing is not None:
        per = admission.pacing.per
        everyone = [m.joined_at.astimezone(UTC) for m in group.members]
        for join in joins:
            end = join.astimezone(UTC)
            assert sum(end - per < at <= end for at in everyone) <= admission.pacing.max_joins
    if admission.mentor is not None:
        assignments = [e for e in group.events if e.kind == gk.Kind.MENTOR]
        for event in assignments:
            end, period = event.at.astimezone(UTC), admission.mentor.period
            load = sum(e.member_id == event.member_id and end - period < e.at.astimezone(UTC) <= end for e in assignments)
            assert load <= admission.mentor.max_mentees


@given(st.integers(1, 4), st.sampled_from((timedelta(hours=1), DAY)), founders(), st.sampled_from(TIMEZONES))
def test_retry_at_is_the_first_moment_a_place_frees(
    max_joins: int, per: timedelta, members: list[gk.Member], zone: Any
) -> None:
    paced = gk.Admission(pacing=gk.Pacing(max_joins, per))
    group = club(members)
    now = START.astimezone(zone)
    decision = paced.decide(group, gk.Member("new", now), [], now)
    if decision.outcome == "admit":
        return
    assert decision.retry_at is not None
    assert paced.decide(group, gk.Member("new", now), [], decision.retry_at).outcome == "admit"
    just_before = decision.retry_at - timedelta(microseconds=1)
    assert paced.decide(group, gk.Member("new", now), [], just_before).outcome == "wait"


@given(admissions(), founders(), arrivals(), st.randoms(use_true_random=False))
def test_decisions_are_deterministic_and_ignore_the_order_of_members(
    admission: gk.Admission, members: list[gk.Member], applicants: list[tuple[gk.Member, list[gk.Event]]], rng: Any
) -> None:
    applicant, history = applicants[0]
    now = applicant.joined_at
    events = [gk.Event(m.id, gk.Kind.MENTOR, now - timedelta(days=i), target=members[-1].id)
              for i, m in enumerate(members[:-1])] if members else []
    group = club(members, events)
    first = admission.decide(group, applicant, history, now)
    assert admission.decide(group, applicant, history, now) == first
    shuffled = list(members)
    rng.shuffle(shuffled)
    again = admission.decide(club(shuffled, events), applicant, history, now)
    assert (again.outcome, again.mentor_id, again.retry_at) == (first.outcome, first.mentor_id, first.retry_at)
    assert list(map(str, again.reasons)) == list(map(str, first.reasons))


def test_admission_has_a_json_schema() -> None:
    schema = gk.json_schema(gk.Admission)
    jsonschema.Draft202012Validator.check_schema(schema)
    assert schema["$defs"]["Admission"]["required"] == []
    assert sorted(schema["$defs"]["Mentoring"]["required"]) == ["eligible", "max_mentees"]


VALIDATOR = jsonschema.Draft202012Validator(gk.json_schema(gk.Admission))


@given(admissions())
def test_admissions_round_trip_through_json(admission: gk.Admission) -> None:
    data = gk.to_data(admission)
    VALIDATOR.validate(data)
    loaded = gk.from_data(json.loads(json.dumps(data, allow_nan=False)), gk.Admission)
    assert loaded == admission
    assert gk.to_data(loaded) == data


@given(predicates())
def test_any_threshold_decides_without_error(threshold: gk.rules.Predicate) -> None:
    decision = gk.Admission(threshold).decide(club([veteran("ann")]), gk.Member("new", NOW), purchases("new", 1, 2), NOW)
    assert decision.outcome in ("admit", "refuse")
    assert decision.reasons[0].holds == (decision.outcome == "admit")


def test_decisions_round_trip_through_json() -> None:
    admission = gk.Admission(count(gk.Kind.PURCHASE) >= 2, gk.Pacing(1, DAY), capacity=40, mentor=MENTORS)
    group = club([veteran("ann", "vip"), gk.Member("b", NOW - timedelta(hours=3))])
    decisions = [
        admission.decide(group, gk.Member("new", NOW), purchases("new", 1, 2), NOW),
        admission.decide(group, gk.Member("new", NOW), purchases("new", 1, 2), NOW + DAY),
        admission.decide(group, gk.Member("new", NOW), [], NOW),
    ]
    assert [d.outcome for d in decisions] == ["wait", "admit", "refuse"]
    for decision in decisions:
        loaded = gk.from_data(json.loads(json.dumps(gk.to_data(decision))), gk.AdmissionDecision)
        assert loaded == decision


def test_admission_time_zone_of_retry_is_that_of_now() -> None:
    shanghai = timezone(timedelta(hours=8))
    now = NOW.astimezone(shanghai)
    decision = gk.Admission(pacing=gk.Pacing(1, DAY)).decide(club([gk.Member("a", NOW - timedelta(hours=1))]),
                                                           gk.Member("new", now), [], now)
    assert decision.retry_at is not None and decision.retry_at.utcoffset() == timedelta(hours=8)
