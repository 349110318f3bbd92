"""Points programs: caps, exempt rules, losses and the floor, spending, FIFO expiry, and the ledger."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

import groupkit as gk
from groupkit.incentives import balance, earned
from groupkit.strategies import KINDS, communities, moments, point_programs

T0 = datetime(2026, 3, 10, 12, tzinfo=UTC)
DAY = timedelta(days=1)


def club(events: list[gk.Event]) -> gk.Community:
    people = [gk.Member(name, T0 - 99 * DAY) for name in ("ann", "bo", "cy")]
    return gk.Community("c", "knowledge", "growth", 500, people, events)


REPUTATION = gk.Points(
    [
        gk.EarningRule("upvote", "upvote_answer", 10, credit="target"),
        gk.EarningRule("downvoted", "downvote_answer", -2, credit="target"),
        gk.EarningRule("downvoting", "downvote_answer", -1),
        gk.EarningRule("accepted", "accept", 15, credit="target", exempt_from_cap=True),
    ],
    daily_cap=200,
    start=1,
    floor=1,
)


def test_daily_cap_cuts_gains_but_exempt_rules_and_losses_pass() -> None:
    morning = T0 - DAY + timedelta(hours=1)
    events = [gk.Event("bo", "upvote_answer", morning + timedelta(minutes=i), target="ann") for i in range(25)]
    events += [gk.Event("bo", "accept", morning + timedelta(hours=2), target="ann"),
               gk.Event("cy", "downvote_answer", morning + timedelta(hours=3), target="ann"),
               gk.Event("ann", "upvote_answer", morning, target="ann")]  # aimed at herself: earns nothing
    ann = gk.view(club(events), now=T0).points(REPUTATION)["ann"]
    assert ann.balance == 1 + 200 + 15 - 2 and ann.earned == 213
    capped = [e for e in ann.entries if e.kind == "capped"]
    assert [(e.points, e.note) for e in capped] == [(10, "cut by the daily cap")] * 5
    cy = gk.view(club(events), now=T0).points(REPUTATION)["cy"]
    assert cy.balance == 1 and cy.entries[0].note == "-1 cut at the floor of 1"


def test_streak_bonus_pays_on_each_seventh_day_in_a_row() -> None:
    program = gk.Points([gk.EarningRule("check-in", "checkin", 1, daily_cap=1),
                         gk.EarningRule("week streak", "checkin", 10, streak=7)])
    days = [*range(16, 0, -1)]  # 16 consecutive days ending yesterday, two check-ins on day 10
    events = [gk.Event("ann", "checkin", T0 - d * DAY) for d in days] + [gk.Event("ann", "checkin", T0 - 10 * DAY)]
    events += [gk.Event("bo", "checkin", T0 - d * DAY) for d in (9, 8, 7, 6, 5, 4, 2)]  # a gap on day 3
    balances = gk.view(club(events), now=T0).points(program)
    ann = balances["ann"]
    bonuses = [e.at for e in ann.entries if e.rule == "week streak"]
    assert bonuses == [T0 - 10 * DAY, T0 - 3 * DAY]  # the 7th and the 14th day in a row
    assert ann.balance == 16 + 20
    assert balances["bo"].balance == 7


def test_settled_points_wait_and_need_the_target_to_stay() -> None:
    program = gk.Points([gk.EarningRule("invite", "invite", 50, settle_after=7 * DAY)])
    events = [gk.Event("ann", "invite", T0 - 10 * DAY, target="bo"),  # bo stayed: pays on day -3
              gk.Event("ann", "invite", T0 - 10 * DAY, target="gone"),  # left: never pays
              gk.Event("ann", "invite", T0 - 2 * DAY, target="cy")]  # not yet settled
    ann = gk.view(club(events), now=T0).points(program)["ann"]
    assert [(e.at, e.points) for e in ann.entries] == [(T0 - 3 * DAY, 50)]
    later = gk.view(club(events), now=T0 + 6 * DAY).points(program)["ann"]
    assert later.balance == 100


def test_gains_repay_a_negative_balance_before_they_can_expire() -> None:
    program = gk.Points([gk.EarningRule("answer", "answer", 10), gk.EarningRule("spam", "spam", -5)],
                        expire_after=10 * DAY)
    events = [gk.Event("ann", "spam", T0 - 20 * DAY), gk.Event("ann", "answer", T0 - 15 * DAY)]
    ann = gk.view(club(events), now=T0).points(program)["ann"]
    # −5, then +10 of which 5 repay the debt: only 5 points were ever there to expire
    assert (ann.balance, ann.earned, ann.expired) == (0, 5, 5)


def test_spending_is_first_in_first_out_and_never_silently_clipped() -> None:
    program = gk.Points([gk.EarningRule("answer", "answer", 10)], expire_after=18 * DAY)
    events = [gk.Event("ann", "answer", T0 - 20 * DAY), gk.Event("ann", "answer", T0 - 5 * DAY),
              gk.Event("ann", "redeem", T0 - 3 * DAY, value=15), gk.Event("bo", "redeem", T0 - DAY, value=5)]
    v = gk.view(club(events), now=T0)
    ann = v.points(program)["ann"]
    # the 10 points of day -20 would expire on day -2, but the spend of day -3 used them first
    assert (ann.balance, ann.earned, ann.spent, ann.expired) == (5, 20, 15, 0)
    bo = v.points(program)["bo"]
    assert bo.spent == 0 and bo.entries[0].note == "asked 5, only 0 available"


def test_points_expire_after_their_time_and_are_reported_as_expiring_soon() -> None:
    program = gk.Points([gk.EarningRule("checkin", "checkin", 5)], expire_after=30 * DAY, soon=7 * DAY)
    events = [gk.Event("ann", "checkin", T0 - 40 * DAY), gk.Event("ann", "checkin", T0 - 25 * DAY),
              gk.Event("ann", "checkin", T0 - DAY)]
    ann = gk.view(club(events), now=T0).points(program)["ann"]
    assert (ann.balance, ann.expired, ann.expiring_soon) == (10, 5, 5)
    assert [str(e) for e in ann.entries if e.kind == "expired"] == [
        f"{(T0 - 10 * DAY).isoformat()} expired 5 (earned {(T0 - 40 * DAY).isoformat()})"
    ]
    assert gk.view(club(events), now=T0).measure(balance(program))["ann"] == 10
    assert gk.view(club(events), now=T0).measure(earned(program, within=7 * DAY))["ann"] == 5


@given(communities(), moments(), point_programs(floor=False))
def test_balances_add_up_and_expiry_waits(community: gk.Community, now: datetime, program: gk.Points) -> None:
    for account in gk.view(community, now=now).points(program).values():
        assert account.balance == pytest.approx(program.start + account.earned - account.spent - account.expired)
        for entry in account.entries:
            assert entry.at <= now
            if entry.kind == "expired":
                assert program.expire_after is not None
                assert entry.note == "earned " + (entry.at - program.expire_after).isoformat()


@given(communities(), moments(), point_programs())
def test_no_day_earns_more_than_the_cap_except_through_exempt_rules(
    community: gk.Community, now: datetime, program: gk.Points
) -> None:
    if program.daily_cap is None:
        return
    exempt = {rule.name for rule in program.rules if rule.exempt_from_cap}
    v = gk.view(community, now=now)
    for account in v.points(program).values():
        per_day: dict[object, float] = {}
        for entry in account.entries:
            if entry.kind == "earned" and entry.rule not in exempt:
                day = v.day_of(entry.at)
                per_day[day] = per_day.get(day, 0) + entry.points
        assert all(total <= program.daily_cap + 1e-9 for total in per_day.values())


@given(communities(), moments(), point_programs(), st.data())
def test_a_matching_event_never_lowers_earned_and_order_changes_nothing(
    community: gk.Community, now: datetime, program: gk.Points, data: st.DataObject
) -> None:
    v = gk.view(community, now=now)
    before = v.points(program)
    events = list(community.events)
    random.Random(5).shuffle(events)
    assert gk.view(attrs.evolve(community, events=events), now=now).points(program) == before
    positive = [rule for rule in program.rules
                if rule.points > 0 and not any(o.kind == rule.kind and o.points < 0 for o in program.rules)]
    if not positive or not v.member_ids:
        return
    rule = data.draw(st.sampled_from(positive))
    member = data.draw(st.sampled_from(v.member_ids))
    other = data.draw(st.sampled_from([*v.member_ids, "outsider"]))
    actor, target = (member, other) if rule.credit == "actor" else (other, member)
    extra = gk.Event(actor, rule.kind, now - DAY, value=data.draw(st.integers(0, 5)), target=target)
    after = gk.view(attrs.evolve(community, events=[*community.events, extra]), now=now).points(program)
    assert after[member].earned >= before[member].earned


@given(point_programs())
def test_programs_round_trip(program: gk.Points) -> None:
    assert gk.from_data(gk.to_data(program), gk.Points) == program


def test_programs_check_their_rules() -> None:
    with pytest.raises(ValueError, match="duplicate rule name"):
        gk.Points([gk.EarningRule("a", "answer", 1), gk.EarningRule("a", "share", 1)])
    with pytest.raises(ValueError, match="credit"):
        gk.EarningRule("a", "answer", 1, credit="author")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="daily_cap"):
        gk.Points([], daily_cap=-1)
    assert KINDS
