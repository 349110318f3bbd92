"""Health: a small data set checked by hand, each flag, a brute-force reference and invariants."""

from __future__ import annotations

import itertools
import json
import math
from datetime import UTC, datetime, timedelta
from typing import Any

import attrs
import jsonschema  # type: ignore[import-untyped]
import pytest
from hypothesis import given
from hypothesis import strategies as st

import groupkit as gk
from groupkit.health import DEFAULTS, Flag, Health, Thresholds, measure
from groupkit.strategies import aware_datetimes, communities, moments

T0 = datetime(2026, 3, 10, 12, tzinfo=UTC)
SCHEMA = gk.json_schema(Health)
HOUR, DAY = timedelta(hours=1), timedelta(days=1)


def on(month: int, day: int, hour: int = 12) -> datetime:
    return datetime(2026, month, day, hour, tzinfo=UTC)


def club(members: list[gk.Member], events: list[gk.Event], tz: Any = UTC) -> gk.Community:
    return gk.Community("c", gk.Purpose.SUPPORT, gk.Stage.GROWTH, 500, members, events, tz)


# -- the hand-checked data set ---------------------------------------------------------------------
#
# now = 2026-03-10 12:00 UTC; the 30-day window is (02-08 12:00, 03-10 12:00] and touches the 31
# calendar days 02-08 … 03-10; the 7-day period is (03-03 12:00, 03-10 12:00].
# Members: ann, bo, cy, dee (never posts), eve (joined 02-28, posts on her second day), fay (joined
# 03-07, only reacts); hal joins after now (not in the view); gus is a former member (not on the
# roster): he joined and left inside the window, posted an ad and answered a question.

MEMBERS = [
    gk.Member("ann", on(1, 1), role=gk.Role.OWNER),
    gk.Member("bo", on(1, 1)),
    gk.Member("cy", on(1, 1)),
    gk.Member("dee", on(1, 1)),
    gk.Member("eve", on(2, 28)),
    gk.Member("fay", on(3, 7)),
    gk.Member("hal", on(3, 11)),
]
EVENTS = [
    gk.Event("bo", "question", on(1, 29), id="q0"),  # before the window: not considered
    gk.Event("dee", "message", on(2, 8)),  # exactly at the window's start: outside it
    gk.Event("ann", "answer", on(2, 10), reply_to="q0"),  # answers a question from before the window
    gk.Event("ann", "message", on(2, 18)),
    gk.Event("gus", "join", on(2, 21)),
    gk.Event("cy", "question", on(2, 28), id="q5"),
    gk.Event("gus", "reply", on(2, 28, 18), reply_to="q5"),  # first answer to q5 after 6 hours
    gk.Event("ann", "answer", on(3, 1), reply_to="q5"),  # a later answer: the first one counts
    gk.Event("eve", "message", on(3, 2, 0)),  # eve, 1.5 days after joining: activated
    gk.Event("bo", "message", on(3, 2), data={"ad": "yes"}),  # not True: not an ad
    gk.Event("bo", "message", on(3, 3), data={"ad": True}),  # ad 1
    gk.Event("cy", "reaction", on(3, 3, 13), target="bo", data={"ad": True}),  # not a post: not an ad
    gk.Event("gus", "message", on(3, 4), data={"ad": True}),  # ad 2, by a former member
    gk.Event("ann", "message", on(3, 5)),
    gk.Event("gus", "leave", on(3, 5, 18)),
    gk.Event("cy", "question", on(3, 6), id="q3"),
    gk.Event("cy", "answer", on(3, 6, 13), reply_to="q3"),  # by the asker: does not count
    gk.Event("bo", "question", on(3, 7), id="q2"),  # never answered
    gk.Event("fay", "join", on(3, 7)),
    gk.Event("ann", "question", on(3, 8), id="q1"),
    gk.Event("bo", "answer", on(3, 8, 14), reply_to="q1"),  # answers q1 after 2 hours
    gk.Event("fay", "reaction", on(3, 8, 15), target="ann"),
    gk.Event("ann", "message", on(3, 9)),
    gk.Event("ann", "message", on(3, 10, 0)),
    gk.Event("ann", "question", on(3, 10, 7), id="q4"),  # 5 hours old: too young to be overdue
    gk.Event("ann", "message", on(3, 11)),  # after now: unseen
]


def test_figures_match_the_hand_count() -> None:
    health = measure(gk.view(club(MEMBERS, EVENTS), now=T0))
    # hal joined after now: ann, bo, cy, dee, eve, fay
    assert health.members == 6
    # any event in (03-03 12:00, now]: ann, bo, cy (the 13:00 reaction), fay; not dee, not eve (03-02)
    assert health.active_share_7d == 4 / 6
    # in the window: ann, bo, cy, eve, fay; dee's only message is at the window's start, so outside
    assert health.active_share_30d == 5 / 6
    # members active per day: 02-10 ann, 02-18 ann, 02-28 cy, 03-01 ann, 03-02 eve bo, 03-03 bo cy,
    # 03-05 ann, 03-06 cy, 03-07 bo fay, 03-08 ann bo fay, 03-09 ann, 03-10 ann (gus is no member):
    # 1+1+1+1+2+2+1+1+2+3+1+1 = 17 over 31 days, 5 monthly actives → 17 / 31 / 5
    assert health.stickiness == pytest.approx(17 / 31 / 5)
    # newcomers eve and fay; eve posted 1.5 days after joining, fay only reacted
    assert health.newcomer_activation == 0.5
    # questions in the window: q1 q2 q3 q4 q5; answered by someone else: q1 (2 h), q5 (6 h)
    assert health.question_response_rate == 2 / 5
    assert health.median_time_to_first_answer == 4 * HOUR  # the mean of 2 h and 6 h
    # older than 24 hours and unanswered: q2, q3 (self-answered); q4 is 5 hours old
    assert health.unanswered_questions == 2
    # posts in the window: ann 8, bo 4, cy 3, gus 2, eve 1 = 18, of which 2 ads
    assert health.ad_share == 2 / 18
    # members' posts: ann 8, bo 4, cy 3, eve 1 = 16; 4 posters, so the top decile is ann alone
    assert health.top_decile_share == 8 / 16
    # counts 0 0 1 3 4 8, ranks 1..6: (2·(3·1 + 4·3 + 5·4 + 6·8) − 7·16) / (6·16) = 54 / 96
    assert health.gini == 54 / 96
    # eve (joined_at), fay (joined_at and her join event: once), gus (join event, not a member)
    assert (health.joins, health.leaves, health.net_growth) == (3, 1, 2)
    assert [flag.name for flag in health.flags] == ["unmanaged_ads", "unanswered_questions", "long_silence"]
    reasons = {flag.name: flag.reason for flag in health.flags}
    assert reasons["unmanaged_ads"] == "2 of 18 messages in the last 30 days were ads (11.1%), above 5%"
    assert reasons["unanswered_questions"] == (
        "2 questions in the last 30 days got no answer within 1 day; "
        "2 of 5 questions in the last 30 days were answered (40%), below 50%"
    )
    # nothing happened between ann's answer of 02-10 and her message of 02-18
    assert reasons["long_silence"] == (
        "the longest silence in the last 30 days lasted 8.0 days (2026-02-10 12:00 to 2026-02-18 12:00), at least 3 days"
    )


def test_the_view_method_and_overrides() -> None:
    v = gk.view(club(MEMBERS, EVENTS), now=T0)
    assert v.health() == measure(v) == measure(v, DEFAULTS)
    week = measure(v, window=timedelta(days=7))
    # in (03-03 12:00, now]: eve and gus's join are older; fay joined in it; gus left in it
    assert (week.joins, week.leaves, week.active_share_30d) == (1, 1, 4 / 6)
    assert measure(v, unanswered_after=6 * DAY).unanswered_questions == 0
    with pytest.raises(TypeError, match="windw"):
        measure(v, windw=timedelta(days=7))


def test_an_empty_community_has_zero_figures() -> None:
    health = measure(gk.view(club([], []), now=T0))
    assert attrs.astuple(health, recurse=False)[:-1] == (0, 0.0, 0.0, 0.0, 0.0, 0.0, None, 0, 0.0, 0.0, 0.0, 0, 0, 0)
    # a whole window without an event is a silence
    assert [flag.name for flag in health.flags] == ["long_silence"]


def test_stickiness_is_one_when_every_active_member_is_there_every_day() -> None:
    members = [gk.Member("ann", on(1, 1)), gk.Member("bo", on(1, 1))]
    days = [T0 - timedelta(days=d) for d in range(31)]  # 03-10 back to 02-08 12:00, outside the window
    events = [gk.Event(who, "checkin", at) for who in ("ann", "bo") for at in days]
    events += [gk.Event(who, "checkin", on(2, 8, 13)) for who in ("ann", "bo")]  # the first, partial day
    assert measure(gk.view(club(members, events), now=T0)).stickiness == 1.0


def test_days_are_calendar_days_in_the_community_timezone() -> None:
    members = [gk.Member("ann", on(1, 1))]
    # 15:30 and 16:30 UTC are one day in UTC and two in Shanghai (23:30 and 00:30)
    events = [gk.Event("ann", "message", on(3, 9, 15).replace(minute=30)),
              gk.Event("ann", "message", on(3, 9, 16).replace(minute=30))]
    utc = measure(gk.view(club(members, events), now=T0))
    shanghai = measure(gk.view(club(members, events, "Asia/Shanghai"), now=T0))
    # both windows touch 31 calendar days
    assert (utc.stickiness, shanghai.stickiness) == (1 / 31, 2 / 31)


def test_median_of_an_odd_count_is_the_middle_delay() -> None:
    members = [gk.Member("ann", on(1, 1)), gk.Member("bo", on(1, 1))]
    events = []
    for n, hours in enumerate((1, 5, 3)):
        events += [gk.Event("ann", "question", on(3, 1 + n), id=f"q{n}"),
                   gk.Event("bo", "reply", on(3, 1 + n) + hours * HOUR, reply_to=f"q{n}"),
                   gk.Event("bo", "answer", on(3, 1 + n) + 2 * hours * HOUR, reply_to=f"q{n}")]
    events.append(gk.Event("bo", "answer", on(3, 9), reply_to="nothing"))
    health = measure(gk.view(club(members, events), now=T0))
    assert (health.question_response_rate, health.median_time_to_first_answer) == (1.0, 3 * HOUR)


# -- flags: each on its own --------------------------------------------------------------------------


def lively(extra: tuple[gk.Event, ...] | list[gk.Event] = (), quiet: range = range(0), **limits: Any) -> list[Flag]:
    """Flags of a community of 10 members who each post once a day, except on the `quiet` days back from now.

    In the window: 300 messages, 30 by each member, at noon minus 0 to 9 minutes each day.
    """
    members = [gk.Member(f"p{i}", on(1, 1)) for i in range(10)]
    events = [gk.Event(f"p{i}", "message", T0 - timedelta(days=d, minutes=i))
              for d in range(32) if d not in quiet for i in range(10)]
    return list(measure(gk.view(club(members, [*events, *extra]), now=T0), **limits).flags)


def test_a_lively_community_raises_no_flag() -> None:
    assert lively() == []


def test_unmanaged_ads() -> None:
    ad = gk.Event("p0", "link", on(3, 5), data={"ad": True})
    assert lively([ad] * 15) == []  # 15 of 315: 4.8%
    [flag] = lively([ad] * 16)
    assert flag == Flag("unmanaged_ads", "16 of 316 messages in the last 30 days were ads (5.1%), above 5%")
    assert flag.render("zh") == "广告无人管理：近30天316条消息中有16条是广告（5.1%），超过5%"
    assert lively([ad] * 16, max_ad_share=0.1) == []


def test_unanswered_questions() -> None:
    answered = [gk.Event("p1", "question", on(3, 8), id="q1"), gk.Event("p2", "answer", on(3, 8, 13), reply_to="q1"),
                gk.Event("p1", "question", on(3, 9), id="q2"), gk.Event("p2", "reply", on(3, 9, 14), reply_to="q2")]
    assert lively([*answered, gk.Event("p3", "question", on(3, 9, 13))]) == []  # 23 hours old: not overdue
    [flag] = lively([*answered, gk.Event("p3", "question", on(3, 9, 11))])  # 25 hours old
    assert flag == Flag("unanswered_questions", "1 question in the last 30 days got no answer within 1 day")
    assert flag.zh == "近30天有1个提问在1天内无人回答"
    assert lively([*answered, gk.Event("p3", "question", on(3, 9, 11))], max_unanswered=1) == []


def test_a_low_response_rate_alone_raises_the_flag() -> None:
    answered = [gk.Event("p1", "question", on(3, 9), id="q"), gk.Event("p2", "answer", on(3, 9, 13), reply_to="q")]
    young = [gk.Event("p1", "question", on(3, 10, 11), id=f"y{n}") for n in range(2)]
    [flag] = lively([*answered, *young])  # none overdue, but only 1 of 3 answered
    assert flag == Flag("unanswered_questions", "1 of 3 questions in the last 30 days were answered (33.3%), below 50%")
    assert flag.zh == "近30天3个提问中1个得到回答（33.3%），低于50%"
    assert lively([*answered, *young], min_response_rate=0.3) == []


def test_long_silence() -> None:
    assert lively(quiet=range(10, 12)) == []  # two quiet days: from noon to 11:51 three days later
    [flag] = lively(quiet=range(10, 13))
    assert flag == Flag("long_silence", "the longest silence in the last 30 days lasted 4.0 days "
                                        "(2026-02-25 12:00 to 2026-03-01 11:51), at least 3 days")
    assert flag.zh == "近30天最长一次沉默持续4天（2026-02-25 12:00至2026-03-01 11:51），达到3天"
    [flag] = lively(quiet=range(3))  # the silence runs up to now
    assert flag.reason.endswith("lasted 3.0 days (2026-03-07 12:00 to now), at least 3 days")
    assert flag.zh.endswith("持续3天（2026-03-07 12:00至现在），达到3天")
    assert lively(quiet=range(3), max_silence=timedelta(days=4)) == []


def test_a_silence_inside_one_day() -> None:
    members = [gk.Member("ann", on(1, 1))]
    # 09:00, 10:00 and 13:30 in Shanghai on the community's only day, now at 14:00
    events = [gk.Event("ann", "message", on(3, 10, hour)) for hour in (1, 2)]
    events.append(gk.Event("ann", "message", on(3, 10, 5).replace(minute=30)))
    v = gk.view(club(members, events, "Asia/Shanghai"), now=on(3, 10, 6))
    assert [flag.name for flag in measure(v).flags] == ["one_voice_dominates"]  # ann is the only voice
    assert measure(v, max_silence=3 * HOUR).flags[0] == Flag("long_silence", (
        "the longest silence in the last 30 days lasted 3.5 hours (2026-03-10 10:00 to 2026-03-10 13:30), at least 3 hours"
    ))


def test_few_active_members_is_a_long_silence() -> None:
    lurkers = [gk.Member(f"l{i}", on(1, 1)) for i in range(100)]
    members = [gk.Member("p0", on(1, 1)), *lurkers]
    events = [gk.Event("p0", "message", T0 - timedelta(days=d)) for d in range(32)]
    events += [gk.Event(f"l{i}", "message", on(2, 20)) for i in range(100)]  # active this month, not this week
    health = measure(gk.view(club(members, events), now=T0))
    assert health.flags == (Flag("long_silence", "1 of 101 members (1.0%) were active in the last 7 days, below 10%"),)
    assert health.flags[0].render("zh") == "长时间沉默：近7天101名成员中1人活跃（1.0%），低于10%"


def test_one_voice_dominates() -> None:
    # p0 wrote 30 of the 300 messages; with 10 posters the top 10% is p0 alone
    extra = gk.Event("p0", "message", on(3, 5))
    assert lively([extra] * 240) == []  # 270 of 540: 50%, not above
    [flag] = lively([extra] * 241)  # 271 of 541
    assert flag == Flag("one_voice_dominates",
                        "the top 10% of posters wrote 50.1% of the members' messages in the last 30 days, above 50%")
    assert flag.zh == "近30天发言最多的10%成员发了50.1%的消息，超过50%"


def test_thresholds_are_checked_and_named() -> None:
    for bad, field in ((dict(window=timedelta(0)), "window"), (dict(max_ad_share=1.5), "max_ad_share"),
                       (dict(max_unanswered=-1), "max_unanswered"), (dict(posts="message"), "posts"),
                       (dict(max_silence=3), "max_silence")):
        with pytest.raises((TypeError, ValueError), match=field):
            Thresholds(**bad)
    assert Thresholds(posts=[gk.Kind.MESSAGE]).posts == frozenset({"message"})
    assert gk.from_data(gk.to_data(DEFAULTS), Thresholds) == DEFAULTS
    assert gk.from_data({"window": "P7D"}, Thresholds) == Thresholds(window=timedelta(days=7))
    with pytest.raises(gk.PolicyError) as error:
        gk.from_data({"window": "PT0S", "max_ad_share": 2}, Thresholds)
    assert error.value.problems == ("$.window: expected a positive duration, got 0:00:00",
                                    "$.max_ad_share: expected a share between 0 and 1, got 2")
    with pytest.raises(TypeError, match="thresholds"):
        measure(gk.view(club([], []), now=T0), {"window": DAY})  # type: ignore[arg-type]


# -- properties ------------------------------------------------------------------------------------


@st.composite
def talkative(draw: st.DrawFn) -> gk.Community:
    """`communities()` with questions, answers (soon after, by the asker, dangling), newcomers' posts, ads, joins, leaves."""
    community = draw(communities())
    who = st.sampled_from([member.id for member in community.members] + ["gone"])
    soon = st.timedeltas(timedelta(0), timedelta(days=10))
    questions = [gk.Event(draw(who), "question", draw(aware_datetimes()), id=draw(st.sampled_from((f"q{n}", None))))
                 for n in range(draw(st.integers(0, 6)))]
    answers = []
    for n in range(draw(st.integers(0, 8))):
        kind = draw(st.sampled_from(("answer", "reply")))
        if draw(st.booleans()) and questions:
            question = draw(st.sampled_from(questions))
            at, reply_to = question.at + draw(soon) / 4, question.id or "q9"
        else:
            at, reply_to = draw(aware_datetimes()), f"q{draw(st.integers(0, 6))}"
        answers.append(gk.Event(draw(who), kind, at, id=f"a{n}", reply_to=reply_to))
    newcomers: list[gk.Member] = []
    if community.members:
        newcomers = draw(st.lists(st.sampled_from(community.members), max_size=3))
    welcomes = [gk.Event(member.id, draw(st.sampled_from(("message", "reaction"))), member.joined_at + draw(soon))
                for member in newcomers]
    others = [gk.Event(draw(who), draw(st.sampled_from(("join", "leave", "message", "link", "reaction"))),
                       draw(aware_datetimes()), data=draw(st.sampled_from(({}, {"ad": True}, {"ad": 1}))))
              for _ in range(draw(st.integers(0, 6)))]
    return attrs.evolve(community, events=[*community.events, *questions, *answers, *welcomes, *others])


def reference(community: gk.Community, now: datetime, t: Thresholds = DEFAULTS) -> tuple[Health, list[str]]:
    """The figures by their definitions, the slow and obvious way, and the names of the flags."""
    tz, start = community.timezone, now - t.window
    members = [m for m in community.members if m.joined_at <= now]
    ids = {m.id for m in members}
    seen = [e for e in community.events if start < e.at <= now]
    recent = {e.member_id for e in community.events if now - t.active_recent < e.at <= now} & ids
    active = {e.member_id for e in seen} & ids
    first_day, last_day = start.astimezone(tz).date(), now.astimezone(tz).date()
    days = [first_day + timedelta(days=n) for n in range((last_day - first_day).days + 1)]
    daily = sum(len({e.member_id for e in seen if e.at.astimezone(tz).date() == day} & ids) for day in days)
    newcomers = [m for m in members if m.joined_at > start]
    activated = [m for m in newcomers if any(e.member_id == m.id and e.kind in t.posts
                                                and m.joined_at <= e.at <= min(now, m.joined_at + t.newcomer_grace)
                                                for e in community.events)]
    questions = [e for e in seen if e.kind == "question"]

    def first_answer(q: gk.Event) -> timedelta | None:
        delays = [a.at - q.at for a in community.events if a.kind in ("answer", "reply") and q.id is not None
                  and a.reply_to == q.id and a.member_id != q.member_id and a.at <= now and a.at >= q.at]
        return min(delays, default=None)

    delays = sorted(d for d in map(first_answer, questions) if d is not None)
    middle = len(delays) // 2
    median = (delays[middle] if len(delays) % 2 else (delays[middle - 1] + delays[middle]) / 2) if delays else None
    posts = [e for e in seen if e.kind in t.posts]
    counts = [sum(1 for e in posts if e.member_id == m.id) for m in members]
    posters = sorted((c for c in counts if c), reverse=True)
    total = sum(counts)
    differences = sum(abs(a - b) for a in counts for b in counts)
    join_events = [e.member_id for e in seen if e.kind == "join"]
    people = set(join_events) | {m.id for m in newcomers}
    joins = sum(max(join_events.count(p), int(p in {m.id for m in newcomers})) for p in people)
    leaves = sum(1 for e in seen if e.kind == "leave")
    times = sorted(e.at for e in community.events if e.at <= now)
    inside = [x for x in times if x > start]
    moments_ = ([start] if len(inside) < len(times) or not inside else []) + inside + [now]
    silence = max(b - a for a, b in itertools.pairwise(moments_))
    figures = Health(
        members=len(members),
        active_share_7d=len(recent) / len(members) if members else 0.0,
        active_share_30d=len(active) / len(members) if members else 0.0,
        stickiness=daily / len(days) / len(active) if active else 0.0,
        newcomer_activation=len(activated) / len(newcomers) if newcomers else 0.0,
        question_response_rate=len(delays) / len(questions) if questions else 0.0,
        median_time_to_first_answer=median,
        unanswered_questions=sum(1 for q in questions if q.at < now - t.unanswered_after and first_answer(q) is None),
        ad_share=sum(1 for e in posts if e.data.get("ad") is True) / len(posts) if posts else 0.0,
        top_decile_share=sum(posters[: math.ceil(len(posters) / 10)]) / total if total else 0.0,
        gini=differences / (2 * len(members) * total) if total else 0.0,
        joins=joins,
        leaves=leaves,
        net_growth=joins - leaves,
    )
    flags = [name for name, raised in (
        ("unmanaged_ads", figures.ad_share > t.max_ad_share),
        ("unanswered_questions", figures.unanswered_questions > t.max_unanswered
         or (questions and figures.question_response_rate < t.min_response_rate)),
        ("long_silence", silence >= t.max_silence or (members and figures.active_share_7d < t.min_active_share)),
        ("one_voice_dominates", figures.top_decile_share > t.max_top_decile_share),
    ) if raised]
    return figures, flags


def agree(health: Health, expected: Health) -> None:
    for field in attrs.fields(Health):
        value = getattr(expected, field.name)
        if field.name != "flags":
            assert getattr(health, field.name) == (pytest.approx(value, abs=1e-12) if isinstance(value, float) else value), \
                field.name


@given(talkative(), moments())
def test_health_matches_the_reference(community: gk.Community, now: datetime) -> None:
    health = measure(gk.view(community, now=now))
    expected, flags = reference(community, now)
    assert [flag.name for flag in health.flags] == flags
    agree(health, expected)


@given(talkative(), moments(), st.sampled_from((HOUR, DAY, 7 * DAY, 45 * DAY)), st.sampled_from((HOUR, 3 * DAY)))
def test_health_matches_the_reference_for_other_thresholds(
    community: gk.Community, now: datetime, window: timedelta, silence: timedelta
) -> None:
    limits = Thresholds(window=window, active_recent=2 * DAY, newcomer_grace=DAY, unanswered_after=HOUR,
                        posts=frozenset({"message", "reaction"}), max_silence=silence)
    health = measure(gk.view(community, now=now), limits)
    expected, flags = reference(community, now, limits)
    assert [flag.name for flag in health.flags] == flags
    agree(health, expected)


@given(talkative(), moments())
def test_every_figure_lies_in_its_range(community: gk.Community, now: datetime) -> None:
    health = measure(gk.view(community, now=now))
    shares = (health.active_share_7d, health.active_share_30d, health.stickiness, health.newcomer_activation,
              health.question_response_rate, health.ad_share, health.top_decile_share, health.gini)
    assert all(0.0 <= share <= 1.0 for share in shares)
    assert health.active_share_7d <= health.active_share_30d
    assert min(health.members, health.unanswered_questions, health.joins, health.leaves) >= 0
    assert health.net_growth == health.joins - health.leaves
    assert health.median_time_to_first_answer is None or health.median_time_to_first_answer >= timedelta(0)
    assert (health.median_time_to_first_answer is None) == (health.question_response_rate == 0)
    names = [flag.name for flag in health.flags]
    assert len(set(names)) == len(names) and all(flag.reason for flag in health.flags)


@given(talkative(), moments(), st.randoms(use_true_random=False))
def test_event_order_changes_nothing(community: gk.Community, now: datetime, rng: Any) -> None:
    events = list(community.events)
    rng.shuffle(events)
    shuffled = attrs.evolve(community, events=events)
    assert measure(gk.view(shuffled, now=now)) == measure(gk.view(community, now=now))


@given(talkative(), moments())
def test_health_round_trips_through_data(community: gk.Community, now: datetime) -> None:
    health = measure(gk.view(community, now=now))
    data = gk.to_data(health)
    jsonschema.validate(data, SCHEMA)
    assert gk.from_data(json.loads(json.dumps(data)), Health) == health
    assert gk.from_data(data, Health) == health
