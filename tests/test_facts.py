"""Facts: validation at construction, immutability, value semantics."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

import groupkit as gk

T0 = datetime(2026, 3, 1, tzinfo=UTC)


@pytest.mark.parametrize(
    ("make", "error", "field"),
    [
        (lambda: gk.Member("ann", datetime(2026, 3, 1)), ValueError, "joined_at"),
        (lambda: gk.Member("", T0), ValueError, "id"),
        (lambda: gk.Member(7, T0), TypeError, "id"),
        (lambda: gk.Member("ann", T0, role="king"), ValueError, "role"),
        (lambda: gk.Member("ann", T0, tier_since=datetime(2026, 1, 1)), ValueError, "tier_since"),
        (lambda: gk.Member("ann", T0, tags="vip"), TypeError, "tags"),
        (lambda: gk.Member("ann", T0, profile={"seen": {1, 2}}), TypeError, "profile"),
        (lambda: gk.Member("ann", T0, profile={"score": float("nan")}), ValueError, "profile"),
        (lambda: gk.Event("ann", "message", datetime(2026, 3, 1)), ValueError, "at"),
        (lambda: gk.Event("ann", "purchase", T0, value=-5), ValueError, "value"),
        (lambda: gk.Event("ann", "purchase", T0, value=True), TypeError, "value"),
        (lambda: gk.Event("ann", "", T0), ValueError, "kind"),
        (lambda: gk.Event("ann", "reply", T0, reply_to=""), ValueError, "reply_to"),
        (lambda: gk.Event("", "message", T0), ValueError, "member_id"),
        (lambda: gk.Community("c", "learning", "growth", -1, [], []), ValueError, "capacity"),
        (lambda: gk.Community("c", "cooking", "growth", 10, [], []), ValueError, "purpose"),
        (lambda: gk.Community("c", "learning", "teen", 10, [], []), ValueError, "stage"),
        (lambda: gk.Community("c", "learning", "growth", 10, [gk.Member("a", T0), gk.Member("a", T0)], []),
         ValueError, "members"),
        (lambda: gk.Community("c", "learning", "growth", 10, [], [gk.Event("a", "m", T0, id="1"),
                                                                 gk.Event("b", "m", T0, id="1")]),
         ValueError, "events"),
        (lambda: gk.Community("c", "learning", "growth", 10, ["ann"], []), TypeError, "members"),
        (lambda: gk.Community("c", "learning", "growth", 10, [], [], timezone="Mars/Olympus"), ValueError,
         "timezone"),
    ],
)
def test_invalid_facts_name_the_field(make: object, error: type[Exception], field: str) -> None:
    with pytest.raises(error, match=field):
        make()  # type: ignore[operator]


def test_facts_are_frozen_and_their_collections_immutable() -> None:
    ann = gk.Member("ann", T0, tags=["vip"], profile={"langs": ["zh", "en"]})
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        ann.role = gk.Role.ADMIN  # type: ignore[misc]
    assert ann.tags == frozenset({"vip"})
    with pytest.raises(TypeError):
        ann.profile["langs"] = []  # type: ignore[index]
    assert ann.profile["langs"] == ("zh", "en")
    club = gk.Community("c", gk.Purpose.NETWORK, gk.Stage.MATURE, None, [ann], [])
    assert isinstance(club.members, tuple) and isinstance(club.events, tuple)


def test_well_known_names_and_defaults() -> None:
    event = gk.Event("ann", gk.Kind.RED_PACKET, T0)
    assert event.kind == "red_packet" and type(event.kind) is str
    assert (event.value, event.text, event.id, event.reply_to, event.target) == (0, "", None, None, None)
    member = gk.Member("ann", T0)
    assert member.role is gk.Role.MEMBER and member.tier is None and member.badges == frozenset()
    club = gk.Community("c", "support", "launch", 100, [], [])
    assert club.timezone is UTC and club.purpose is gk.Purpose.SUPPORT
    assert {s.value for s in gk.Stage} == {"launch", "growth", "mature", "declining"}
    assert {r.value for r in gk.Role} == {"owner", "admin", "moderator", "member", "guest"}


@given(st.builds(gk.Member, id=st.text(min_size=1), joined_at=st.datetimes(timezones=st.just(UTC)),
                 tags=st.frozensets(st.text(min_size=1))))
def test_members_hash_and_compare_by_value(member: gk.Member) -> None:
    twin = attrs.evolve(member)
    assert twin == member and hash(twin) == hash(member)


def test_view_rejects_naive_now() -> None:
    club = gk.Community("c", "support", "launch", 100, [], [])
    with pytest.raises(ValueError, match="now"):
        gk.view(club, now=datetime(2026, 3, 1))
    with pytest.raises(TypeError, match="community"):
        gk.view("club", now=T0)  # type: ignore[arg-type]


def test_timezones_of_any_kind_of_aware_datetime_work() -> None:
    shanghai = ZoneInfo("Asia/Shanghai")
    ann = gk.Member("ann", datetime(2026, 3, 1, 8, tzinfo=shanghai))
    event = gk.Event("ann", "message", datetime(2026, 3, 1, 1, tzinfo=timezone(timedelta(hours=-5))))
    club = gk.Community("c", "interest", "growth", 10, [ann], [event], shanghai)
    assert gk.view(club, now=datetime(2026, 3, 2, tzinfo=UTC)).member_ids == ["ann"]
