"""Ladders: promotion rung by rung, demotion with minimum stay, grace and locks, and explanations."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

import groupkit as gk
from groupkit.metrics import active_days, count
from groupkit.rules import always, has_tag, never
from groupkit.strategies import communities, ladders, moments

T0 = datetime(2026, 3, 10, 12, tzinfo=UTC)
DAY = timedelta(days=1)


def placed(community: gk.Community, ladder: gk.Ladder, data: st.DataObject) -> gk.Community:
    """The community with each member put on a rung of `ladder` (or below it)."""
    people = [
        attrs.evolve(p, tier=tier, tier_since=None if tier is None else data.draw(st.sampled_from(
            (T0 - 100 * DAY, T0 - 5 * DAY, p.joined_at))))
        for p in community.members
        for tier in [data.draw(st.none() | st.sampled_from(ladder.names))]
    ]
    return gk.Community(community.id, community.purpose, community.stage, community.capacity, people,
                        community.events, community.timezone)


@given(communities(), moments(), ladders(), st.data())
def test_no_rung_is_skipped_and_those_who_meet_every_rule_stay(
    community: gk.Community, now: datetime, ladder: gk.Ladder, data: st.DataObject
) -> None:
    community = placed(community, ladder, data)
    v = gk.view(community, now=now)
    decisions = v.tiers(ladder)
    entries = [v.test(tier.entry) for tier in ladder.tiers]
    keeps = [v.test(tier.staying) for tier in ladder.tiers]
    for member_id, decision in decisions.items():
        assert decision.member_id == member_id and decision.reasons
        old = -1 if decision.current is None else ladder.names.index(decision.current)
        new = -1 if decision.new is None else ladder.names.index(decision.new)
        if decision.change == "promoted":
            assert new > old and all(entries[i][member_id] for i in range(new + 1))
        if decision.change in ("kept", "held"):
            assert new == old
        if all(entries[i][member_id] and keeps[i][member_id] for i in range(len(ladder.tiers))):
            assert decision.change != "demoted"


@given(communities(), moments(), ladders(), st.data())
def test_lock_and_min_stay_always_hold_a_demotion(
    community: gk.Community, now: datetime, ladder: gk.Ladder, data: st.DataObject
) -> None:
    community = placed(community, ladder, data)
    locked = attrs.evolve(ladder, lock=always())
    for decision in gk.view(community, now=now).tiers(locked).values():
        assert decision.change in ("kept", "held") and decision.new == decision.current
    staying = attrs.evolve(ladder, min_stay=timedelta(days=10_000), lock=never())
    for member in community.members:
        if member.joined_at <= now and member.tier_since is not None and member.tier_since <= now:
            decision = gk.view(community, now=now).tiers(staying)[member.id]
            assert decision.change != "demoted"


@given(communities(), moments(), ladders(), st.data())
def test_event_order_changes_no_decision_and_ladders_round_trip(
    community: gk.Community, now: datetime, ladder: gk.Ladder, data: st.DataObject
) -> None:
    community = placed(community, ladder, data)
    events = list(community.events)
    random.Random(7).shuffle(events)
    shuffled = attrs.evolve(community, events=events)
    assert gk.view(shuffled, now=now).tiers(ladder) == gk.view(community, now=now).tiers(ladder)
    assert gk.from_data(gk.to_data(ladder), gk.Ladder) == ladder


def club(people: list[gk.Member], events: list[gk.Event]) -> gk.Community:
    return gk.Community("c", "learning", "growth", 500, people, events)


LADDER = gk.Ladder(
    [
        gk.Tier("regular", active_days(30 * DAY) >= 3),
        gk.Tier("core", (count("answer", 30 * DAY) >= 3) & (active_days(30 * DAY) >= 5),
                keep=active_days(30 * DAY) >= 4, perks=("title: core member",)),
    ],
    min_stay=14 * DAY,
    lock=has_tag("frozen"),
)


def test_review_decisions_with_reasons() -> None:
    people = [
        gk.Member("climber", T0 - 99 * DAY),
        gk.Member("lapsed", T0 - 99 * DAY, tier="core", tier_since=T0 - 60 * DAY),
        gk.Member("fresh", T0 - 99 * DAY, tier="core", tier_since=T0 - 3 * DAY),
        gk.Member("frozen", T0 - 99 * DAY, tags={"frozen"}),
        gk.Member("idle", T0 - 99 * DAY),
    ]
    events = [
        *[gk.Event("climber", "answer", T0 - i * DAY) for i in range(1, 6)],
        gk.Event("lapsed", "message", T0 - 2 * DAY),
        *[gk.Event("frozen", "message", T0 - i * DAY) for i in range(1, 6)],
    ]
    decisions = gk.view(club(people, events), now=T0).tiers(LADDER)
    assert {m: (d.change, d.new) for m, d in decisions.items()} == {
        "climber": ("promoted", "core"),  # both rungs in one review
        "lapsed": ("demoted", None),  # keeps neither core (4 days) nor regular (3 days): 1 active day
        "fresh": ("held", "core"),  # in core for 3 days, less than the 14-day minimum stay
        "frozen": ("held", None),  # would reach regular, but tagged frozen
        "idle": ("kept", None),
    }
    assert str(decisions["lapsed"]) == "lapsed demoted (core → None): active days in the last 30 days = 1 < 4 ✗"
    assert "less than the minimum stay of 14 days" in str(decisions["fresh"])
    assert str(decisions["frozen"].reasons[0]) == "locked: tagged 'frozen' ✓"


def test_grace_holds_a_demotion_until_the_rule_has_failed_for_the_whole_grace() -> None:
    ladder = gk.Ladder([gk.Tier("active", count("message", 7 * DAY) >= 1)], grace=3 * DAY)
    people = [gk.Member("recent", T0 - 99 * DAY, tier="active"), gk.Member("long", T0 - 99 * DAY, tier="active")]
    events = [gk.Event("recent", "message", T0 - 8 * DAY), gk.Event("long", "message", T0 - 12 * DAY)]
    decisions = gk.view(club(people, events), now=T0).tiers(ladder)
    assert decisions["recent"].change == "held"  # it still held 3 days ago (message 8 days ago was within 7)
    assert decisions["long"].change == "demoted"


def test_progress_lists_what_the_next_tier_needs() -> None:
    people = [gk.Member("ann", T0 - 99 * DAY, tier="regular")]
    events = [gk.Event("ann", "answer", T0 - i * DAY) for i in range(1, 3)]
    steps = LADDER.progress(gk.view(club(people, events), now=T0), "ann")
    assert [(s.text, s.observed, s.needed, s.met) for s in steps] == [
        ("active days in the last 30 days = 2 < 3", 2, 3, False),  # her own tier's entry, first: rung by rung
        ("answers in the last 30 days = 2 < 3", 2, 3, False),
        ("active days in the last 30 days = 2 < 5", 2, 5, False),
    ]
    assert [step.render("zh") for step in steps] == ["近30天活跃天数 = 2 < 3 ✗", "近30天回答数 = 2 < 3 ✗",
                                                     "近30天活跃天数 = 2 < 5 ✗"]
    assert [step.render("en") for step in steps] == [str(step) for step in steps]
    assert LADDER.progress(gk.view(club([attrs.evolve(people[0], tier="core")], events), now=T0), "ann") == ()


def test_ladders_check_their_tiers() -> None:
    with pytest.raises(ValueError, match="duplicate tier name"):
        gk.Ladder([gk.Tier("a", always()), gk.Tier("a", never())])
    with pytest.raises(ValueError, match="at least one tier"):
        gk.Ladder([])
    with pytest.raises(ValueError, match="min_stay"):
        gk.Ladder([gk.Tier("a", always())], min_stay=-DAY)
    stranger = gk.Member("x", T0 - DAY, tier="gold")
    with pytest.raises(ValueError, match="'gold', which is not on this ladder"):
        gk.view(club([stranger], []), now=T0).tiers(LADDER)


def test_ladder_as_a_mermaid_diagram() -> None:
    diagram = LADDER.to_mermaid()
    assert diagram.splitlines()[:3] == ["stateDiagram-v2", "    direction TB", '    state "regular" as t0']
    assert '    state "core (title  core member)" as t1' in diagram
    assert "    t0 --> t1: entry holds\n    t1 --> t0: keep fails\n    note right of t1\n        to enter\n" in diagram
    assert "        to keep\n        active_days(30d) >= 4\n    end note" in diagram
    assert LADDER.to_mermaid("zh") == """\
stateDiagram-v2
    direction TB
    state "regular" as t0
    state "核心（title  core member）" as t1
    [*] --> t0: 满足进入条件
    t0 --> [*]: 不再满足保持条件
    note right of t0
        进入条件
        近30天活跃天数 ≥ 3
        保持条件
        同进入条件
    end note
    t0 --> t1: 满足进入条件
    t1 --> t0: 不再满足保持条件
    note right of t1
        进入条件
        近30天回答数 ≥ 3
        近30天活跃天数 ≥ 5
        保持条件
        近30天活跃天数 ≥ 4
    end note"""


@given(ladders())
def test_every_ladder_draws_in_both_languages(ladder: gk.Ladder) -> None:
    for lang in ("en", "zh"):
        lines = ladder.to_mermaid(lang).splitlines()
        assert lines[:2] == ["stateDiagram-v2", "    direction TB"]
        assert sum(line.startswith("    state ") for line in lines) == len(ladder.tiers)
        assert sum(line == "    end note" for line in lines) == len(ladder.tiers)
    with pytest.raises(ValueError, match="lang"):
        ladder.to_mermaid("fr")  # type: ignore[arg-type]
