"""Presets against worked examples whose answers were derived by hand from the published rules.

Discourse: ``reference/anchors.md`` §1 (site_settings.yml defaults, promotion.rb,
trust_level3_requirements.rb). Stack Exchange: §3 (the help-centre reputation table and privileges).
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

import groupkit as gk
from groupkit import presets
from groupkit.incentives import balance

NOW = datetime(2026, 11, 1, 12, tzinfo=UTC)
DAY = timedelta(days=1)


def ago(days: float, minutes: float = 0) -> datetime:
    return NOW - timedelta(days=days, minutes=minutes)


# -- Discourse ------------------------------------------------------------------------------------


def lurker(mid: str, topics: int, posts: int, seconds: int) -> list[gk.Event]:
    """Lifetime reading: `topics` topics entered, `posts` posts read, `seconds` spent reading."""
    return ([gk.Event(mid, "enter_topic", ago(200, i)) for i in range(topics)]
            + [gk.Event(mid, "read", ago(200), value=posts), gk.Event(mid, "read_time", ago(200), value=seconds)])


def regular(mid: str, *, visit_days: int = 50, viewed: int = 7, likers: int = 5, like_days: int = 7) -> list[gk.Event]:
    """What a TL3 candidate did: everything at Discourse's default minimums unless told otherwise.

    In the 100-day window: `visit_days` days visited, 10 topics replied to, `viewed` topics entered,
    100 posts read, 30 likes given, 20 likes received from `likers` members on `like_days` days.
    All time: 200 more topics entered and 450 more posts read long before (so 207 and 550).
    """
    events = lurker(mid, 200, 450, 36_000)
    events += [gk.Event(mid, "visit", ago(d)) for d in range(1, visit_days + 1)]
    events += [gk.Event(mid, "reply_topic", ago(2, i)) for i in range(10)]
    events += [gk.Event(mid, "enter_topic", ago(3, i)) for i in range(viewed)]
    events += [gk.Event(mid, "read", ago(3), value=100)]
    events += [gk.Event(mid, "like", ago(4, i), target="someone") for i in range(30)]
    events += [gk.Event(f"fan{i % likers}", "like", ago(1 + i % like_days, i), target=mid) for i in range(20)]
    return events


def forum(members: list[gk.Member], events: list[gk.Event]) -> gk.Community:
    # 26 topics and 400 posts in the window, by someone who has left: TL3 needs
    # min(round(26 × 25%), 500) = round(6.5) = 7 topics viewed (Ruby rounds half away from zero;
    # Python's round would say 6) and min(round(400 × 25%), 20000) = 100 posts read.
    everyone = [gk.Event("gone", "topic", ago(5, i)) for i in range(26)]
    everyone += [gk.Event("gone", "post", ago(6, i)) for i in range(400)]
    return gk.Community("meta", "knowledge", "growth", None, members, [*events, *everyone])


def member(mid: str, tier: str | None = None, since_days: float = 60, joined_days: float = 400,
           tags: frozenset[str] = frozenset()) -> gk.Member:
    since = ago(since_days) if tier else None
    return gk.Member(mid, ago(joined_days), tier=tier, tier_since=since, tags=tags)


def test_discourse_promotions_climb_every_level_met_at_once() -> None:
    members = [
        member("newbie", joined_days=5 / 1440),  # 5 minutes old: TL1 needs 10 minutes of account age
        member("reader", joined_days=30),
        member("climber", joined_days=30),
        member("candidate", "member"),
        member("six_viewed", "member"),
        member("fresh", joined_days=400),
    ]
    events = lurker("newbie", 5, 30, 700) + lurker("reader", 6, 40, 600)
    # TL2 at its minimums: 20 topics, 100 posts, 60 minutes, 15 days visited, 1 like each way, 3 replies
    events += lurker("climber", 20, 100, 3600) + [gk.Event("climber", "visit", ago(d)) for d in range(1, 16)]
    events += [gk.Event("climber", "like", ago(1), target="reader"), gk.Event("reader", "like", ago(1), target="climber")]
    events += [gk.Event("climber", "reply_topic", ago(2, i)) for i in range(3)]
    events += regular("candidate") + regular("six_viewed", viewed=6)
    events += regular("fresh")  # meets TL3 from nothing: climbs basic, member and regular in one review
    decisions = gk.view(forum(members, events), now=NOW).tiers(presets.discourse_trust_levels())

    outcome = {mid: (d.change, d.new) for mid, d in decisions.items()}
    assert outcome == {
        "newbie": ("kept", None),
        "reader": ("promoted", "basic"),  # 600 s is exactly 10 minutes
        "climber": ("promoted", "member"),
        "candidate": ("promoted", "regular"),
        "six_viewed": ("kept", "member"),
        "fresh": ("promoted", "regular"),
    }
    newbie_needs = decisions["newbie"].reasons[-1]
    assert not newbie_needs.holds and "days since joining × 1440 = 5 < 10 ✗" in str(newbie_needs)
    why_not = decisions["six_viewed"].reasons[-1]
    assert str(why_not).startswith("for 'regular'")
    failed = [(leaf.observed, leaf.threshold) for leaf in why_not.leaves() if not leaf.holds]
    assert failed == [(6, 7)]  # 6 topics viewed in the window, 7 needed


def test_discourse_regulars_lose_tl3_below_ninety_percent_but_not_within_two_weeks() -> None:
    members = [
        member("hysteresis", "regular"),
        member("slipping", "regular"),
        member("new_regular", "regular", since_days=10),
        member("suspended", "regular"),
        member("locked", "member", tags=frozenset({"trust_level_locked"})),
        member("leader", "leader"),
        member("few_likers", "regular"),
        member("few_days", "regular"),
    ]
    events = regular("hysteresis", visit_days=45)  # 45 ≥ 0.9 × 50: kept though below the entry's 50
    events += regular("slipping", visit_days=44)  # 44 < 45: lost
    events += regular("new_regular", visit_days=44)  # lost, but promoted 10 days ago: held
    events += [*regular("suspended"), gk.Event("staff", "suspend", ago(150), target="suspended")]
    events += regular("locked")  # meets TL3, but locked
    events += regular("few_likers", likers=4)  # 4 < 0.9 × ceil(20 / 4) = 4.5 likers: lost
    events += regular("few_days", like_days=6)  # 6 < 0.9 × min(ceil(20 / 3), ceil(75)) = 6.3 days: lost
    decisions = gk.view(forum(members, events), now=NOW).tiers(presets.discourse_trust_levels())

    outcome = {mid: (d.change, d.new) for mid, d in decisions.items()}
    assert outcome == {
        "hysteresis": ("kept", "regular"),
        "slipping": ("demoted", "member"),
        "new_regular": ("held", "regular"),
        "suspended": ("demoted", "member"),  # a suspension 150 days ago is within six months
        "locked": ("held", "member"),
        "leader": ("kept", "leader"),
        "few_likers": ("demoted", "member"),
        "few_days": ("demoted", "member"),
    }
    assert "days with visits in the last 100 days = 44 < 45" in str(decisions["slipping"].reasons[0])
    held = str(decisions["new_regular"].reasons[-1])
    assert "less than the minimum stay of 14 days" in held
    assert "suspends received" in str(decisions["suspended"].reasons[0])
    assert "members who gave likes in the last 100 days = 4 < 4.5 ✗" in str(decisions["few_likers"].reasons[0])
    assert "days with likes received in the last 100 days = 6 < 6.3 ✗" in str(decisions["few_days"].reasons[0])


def test_discourse_suspension_is_forgiven_after_six_months() -> None:
    members = [member("redeemed", "member")]
    events = [*regular("redeemed"), gk.Event("staff", "suspend", ago(190), target="redeemed")]
    decision = gk.view(forum(members, events), now=NOW).tiers(presets.discourse_trust_levels())["redeemed"]
    assert (decision.change, decision.new) == ("promoted", "regular")


def test_discourse_settings_change_the_thresholds() -> None:
    settings = presets.TrustSettings(tl3_requires_days_visited=40)
    members = [member("slipping", "member")]
    decision = gk.view(forum(members, regular("slipping", visit_days=44)), now=NOW).tiers(
        presets.discourse_trust_levels(settings))["slipping"]
    assert decision.new == "regular"
    with pytest.raises(ValueError, match="tl3_time_period"):
        presets.TrustSettings(tl3_time_period=-1)


# -- Stack Exchange -------------------------------------------------------------------------------

D1 = datetime(2026, 10, 30, tzinfo=UTC)  # two UTC days before NOW
D2 = D1 + DAY


def exchange_events() -> list[gk.Event]:
    events = [gk.Event(f"voter{i}", "upvote_answer", D1 + timedelta(hours=1, minutes=i), target="ann")
              for i in range(25)]  # 250 earned, cut to 200 by the daily cap
    events += [
        gk.Event("bo", "accept", D1 + timedelta(hours=14), target="ann"),  # +15 ann (uncapped), +2 bo
        gk.Event("bo", "downvote_answer", D1 + timedelta(hours=15), target="ann"),  # −2 ann, −1 bo
        gk.Event("ann", "accept", D1 + timedelta(hours=16), target="ann"),  # her own answer: nothing
        gk.Event("cy", "upvote_question", D2 + timedelta(hours=1), target="ann"),
        gk.Event("dee", "upvote_question", D2 + timedelta(hours=2), target="ann"),
        gk.Event("eve", "upvote_question", D2 + timedelta(hours=3), target="ann"),  # +30 ann on day 2
        gk.Event("bo", "bounty_place", D2 + timedelta(hours=4), value=100),  # bo 2 − 100: stops at 1
        gk.Event("bo", "bounty_award", D2 + timedelta(hours=5), value=100, target="ann"),  # +100 uncapped
        gk.Event("cy", "association_bonus", D1),
        gk.Event("cy", "association_bonus", D2),  # once only
        gk.Event("ann", "upvote_answer", D2, target="dee"),
        gk.Event("mod", "spam_flagged", D2 + timedelta(hours=6), target="dee"),  # 11 − 100: stops at 1
    ]
    # 20 approved edits a day for 60 days: 2,400 earned, 1,000 at most in all, 40 a day under the cap
    events += [gk.Event("cy", "edit_approved", D1 - timedelta(days=d, minutes=i)) for d in range(60) for i in range(20)]
    return events


def test_stack_exchange_reputation_worked_example() -> None:
    people = [gk.Member(mid, D1 - timedelta(days=100)) for mid in ("ann", "bo", "cy", "dee", "eve")]
    club = gk.Community("so", "knowledge", "mature", None, people, exchange_events())
    balances = gk.view(club, now=NOW).points(presets.stack_exchange_reputation())
    # ann: 1 + 200 (day 1, capped) + 15 (accept) − 2 (downvote) + 30 (day 2) + 100 (bounty) = 344
    # bo: 1 + 2 (accepting) − 1 (downvoting an answer) − 1 (bounty 100, cut at the floor of 1) = 1
    # cy: 1 + 100 (bonus once) + 1,000 (edits, total cap) = 1,101; dee: 1 + 10 − 10 (floor) = 1; eve: 1
    assert {mid: b.balance for mid, b in balances.items()} == {"ann": 344, "bo": 1, "cy": 1101, "dee": 1, "eve": 1}
    ann = balances["ann"]
    assert sum(e.points for e in ann.entries if e.kind == "capped") == 50
    assert [e.note for e in balances["bo"].entries if e.kind == "lost"][-1] == "-100 cut at the floor of 1"
    assert [e.points for e in balances["dee"].entries if e.kind == "lost"] == [-10]


def test_stack_exchange_privileges_follow_the_balance_both_ways() -> None:
    people = [gk.Member("ann", D1 - timedelta(days=100)), gk.Member("cy", D1 - timedelta(days=100)),
              gk.Member("dee", D1 - timedelta(days=100), tier="vote_up", tier_since=D1 - timedelta(days=50))]
    club = gk.Community("so", "knowledge", "mature", None, people, exchange_events())
    decisions = gk.view(club, now=NOW).tiers(presets.stack_exchange_privileges())
    outcome = {mid: (d.change, d.new) for mid, d in decisions.items()}
    # 344 ≥ 300 (run for moderator) < 500; 1,101 ≥ 1,000 (established user) < 1,500; dee fell to 1
    assert outcome == {"ann": ("promoted", "run_for_moderator"), "cy": ("promoted", "established_user"),
                       "dee": ("demoted", "create_posts")}
    assert "points balance = 1 < 15" in str(decisions["dee"].reasons[0])


def test_stack_exchange_thresholds_are_the_published_ones() -> None:
    ladder = presets.stack_exchange_privileges()
    program = presets.stack_exchange_reputation()
    needed = {tier.name: tier.entry for tier in ladder.tiers}
    for name, points in [("vote_up", 15), ("comment_everywhere", 50), ("vote_down", 125), ("edit", 2000),
                         ("close_votes", 3000), ("trusted_user", 20000)]:
        assert needed[name] == (balance(program) >= points)


# -- the chat-group playbook ----------------------------------------------------------------------


def test_chat_group_playbook_pays_check_ins_streaks_and_invites_that_stay() -> None:
    playbook = presets.chat_group_incentives()
    people = [gk.Member("ann", ago(400)), gk.Member("bo", ago(20)), gk.Member("cy", ago(20))]
    events = [gk.Event("ann", gk.Kind.CHECKIN, ago(d)) for d in range(1, 8)]  # 7 days in a row
    events += [gk.Event("ann", gk.Kind.CHECKIN, ago(1, 30))]  # a second check-in the same day: nothing
    events += [gk.Event("ann", gk.Kind.INVITE, ago(20), target="bo"), gk.Event("ann", gk.Kind.INVITE, ago(3), target="cy"),
               gk.Event("ann", gk.Kind.INVITE, ago(20), target="left")]
    events += [gk.Event("bo", gk.Kind.SHARE, ago(1, i)) for i in range(4)]  # 4 shares, capped at 9 points a day
    club = gk.Community("g", "interest", "growth", 500, people, events)
    v = gk.view(club, now=NOW)
    balances = v.points(playbook.points)
    assert balances["ann"].balance == 7 + 10 + 20  # check-ins, the streak bonus, bo's invite (cy's not settled)
    assert balances["bo"].balance == 9
    awards = v.badges(playbook.badges)
    assert [a.badge.name for a in awards["bo"]] == ["sharer_of_the_week"]
    assert awards["ann"] == ()


def test_presets_round_trip() -> None:
    for preset in (presets.discourse_trust_levels(), presets.stack_exchange_reputation(),
                   presets.stack_exchange_privileges(), presets.chat_group_incentives()):
        assert gk.from_data(gk.to_data(preset), type(preset)) == preset
