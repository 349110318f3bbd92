"""Badges: due once, or again for each multiple of a repeatable badge's threshold."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

import groupkit as gk
from groupkit.incentives import AWARD_KIND
from groupkit.metrics import count
from groupkit.rules import has_tag
from groupkit.strategies import badges, communities, moments

T0 = datetime(2026, 3, 10, 12, tzinfo=UTC)
DAY = timedelta(days=1)


def club(people: list[gk.Member], events: list[gk.Event]) -> gk.Community:
    return gk.Community("c", "learning", "growth", 500, people, events)


HELPFUL = gk.Badge("helpful", count("answer") >= 3, grade="silver", repeatable=True)
MENTOR = gk.Badge("mentor", has_tag("mentor"), grade="gold", title="Mentor")


def test_badges_newly_due_with_reasons() -> None:
    people = [gk.Member("ann", T0 - 99 * DAY, tags={"mentor"}), gk.Member("bo", T0 - 99 * DAY, badges={"mentor"},
                                                                         tags={"mentor"}),
              gk.Member("cy", T0 - 99 * DAY)]
    events = [*[gk.Event("ann", "answer", T0 - i * DAY) for i in range(1, 8)],
              gk.Event("ann", AWARD_KIND, T0 - 3 * DAY, data={"badge": "helpful"}),
              *[gk.Event("bo", "answer", T0 - i * DAY) for i in range(1, 3)]]
    due = gk.view(club(people, events), now=T0).badges([HELPFUL, MENTOR])
    assert [(a.badge.name, a.times) for a in due["ann"]] == [("helpful", 2), ("mentor", 1)]
    assert str(due["ann"][0]) == "helpful (×2): answers in total = 7 ≥ 3 ✓"
    assert due["bo"] == ()  # holds mentor already; 2 answers are not yet 3
    assert due["cy"] == ()
    assert due["ann"][1].badge.title == "Mentor"


def test_a_repeatable_badge_is_not_due_again_until_the_next_multiple() -> None:
    people = [gk.Member("ann", T0 - 99 * DAY)]
    events = [*[gk.Event("ann", "answer", T0 - i * DAY) for i in range(1, 8)],
              *[gk.Event("ann", AWARD_KIND, T0 - DAY, data={"badge": "helpful"}) for _ in range(2)]]
    assert gk.view(club(people, events), now=T0).badges([HELPFUL]) == {"ann": ()}


def test_badges_check_their_fields() -> None:
    with pytest.raises(ValueError, match="repeatable"):
        gk.Badge("x", has_tag("vip"), repeatable=True)
    with pytest.raises(ValueError, match="grade"):
        gk.Badge("x", has_tag("vip"), grade="platinum")  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="when"):
        gk.Badge("x", "vip")  # type: ignore[arg-type]


@given(communities(), moments(), st.lists(badges(), max_size=3, unique_by=lambda b: b.name))
def test_awards_are_due_held_nowhere_and_independent_of_event_order(
    community: gk.Community, now: datetime, chosen: list[gk.Badge]
) -> None:
    v = gk.view(community, now=now)
    due = v.badges(chosen)
    assert list(due) == v.member_ids
    for member_id, awards in due.items():
        for award in awards:
            assert award.reasons.holds and v.test(award.badge.when)[member_id]
            if not award.badge.repeatable:
                assert award.badge.name not in v.member(member_id).badges
    events = list(community.events)
    random.Random(3).shuffle(events)
    assert gk.view(attrs.evolve(community, events=events), now=now).badges(chosen) == due
    for badge in chosen:
        assert gk.from_data(gk.to_data(badge), gk.Badge) == badge
