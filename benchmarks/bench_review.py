"""Benchmark: `policy.review` of the whole chat-group playbook against a hand-written script.

Times, on ONE community (100,000 members and 1,000,000 events over 30 days by default), from the
`Community` object on:

* groupkit: ``gk.presets.wechat_group().review(community, now=NOW)``
* hand-written: `hand_review`, what a competent Python developer writes without groupkit from the
  playbook's rules (the numbers read by hand from ``presets/playbook.py`` and
  ``presets/chat_group.py`` and written out below): one pass over ``community.events`` filling
  dicts, one loop over the members, then ranking, deduplication, conflicts and the budget.

Both must give, for `actions` and for `deferred`, the same ordered list of
``(kind, target, priority, at, params)`` and the same set of dropped ``(kind, target)``: checked on
small communities first (several timezones, stages, moments and an unordered event list), then on
the full one before timing, and again in every timed pair (exit status 2 on a mismatch, with the
first differences). The hand-written side does not word reasons (groupkit words them when read);
it does not compute what no action depends on (segments, lifecycle stages, ledgers, the health
figures the plays do not read), which the review returns besides its actions.

The data: `groupkit.synthetic.community` plus the events it lacks so that every play can fire
(win-back messages, reports, mentoring, redemptions, invites aimed at members and at people who
left, points old enough to expire, one ``regather``), members already in tiers (some locked, some
recently promoted) and holding badges; stage mature, purpose product; `now` a Wednesday at noon in
the community's timezone, so the Wednesday 20:00 Q&A is due within the policy's horizon. The
community is built once, untimed: a review keeps nothing on the `Community` (every cache lives on
the `View` it builds), so timed runs cannot profit from an earlier one.

Prints the medians and ``ratio review = 1.23`` (groupkit seconds / hand-written seconds), and exits
with status 1 if the ratio exceeds ``--limit`` (1.5 by default).

    python benchmarks/bench_review.py                                              # full size
    python benchmarks/bench_review.py --members 2000 --events 20000 --check-only   # smoke run, seconds
    python benchmarks/bench_review.py --profile                                    # cProfile of groupkit
"""

from __future__ import annotations

import argparse
import gc
import importlib.metadata
import math
import platform
import random
import statistics
import sys
import time
from collections import Counter
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta, tzinfo
from datetime import time as clock
from operator import attrgetter, itemgetter
from typing import Any, NamedTuple
from zoneinfo import ZoneInfo

import attrs

import groupkit as gk
from bench_rules import Mismatch, print_profile

DAYS = 30  # the synthetic data span
DAY = timedelta(days=1)
WEEK = timedelta(days=7)
MONTH = timedelta(days=30)

# -- the playbook, read by hand from presets/playbook.py and presets/chat_group.py -------------------

WEIGHTS = {"message": 1, "reply": 2, "reaction": 0.5, "checkin": 1, "share": 3, "answer": 5, "invite": 3,
           "attend": 4}
WEIGHT_ORDER = tuple(sorted(WEIGHTS))  # groupkit adds the per-kind sums in the kinds' sorted order
HALF_LIFE = 14 * DAY
SCORE_WITHIN = 90 * DAY
STAFF = frozenset({"owner", "admin", "moderator"})
WELCOME = {"nickname": "name-region-profession", "profile": "姓名 / 城市 / 职业 / 能提供的帮助 / 想获得的帮助"}
REWARD = {"points": 20}
REMOVE_REPORTED = {"why": "negative talk"}
REMOVE_INACTIVE = {"why": "inactive"}
LAUNCH = {"then": "share_stories"}
NO_PARAMS: dict[str, Any] = {}
QUIET_SHARE = 0.2  # quiet = flagged("long_silence") | (health("active_share_7d") < 0.2)
# the weekly timetable: (weekday, time, theme), priority 3; due while the stage is not "declining"
TIMETABLE = ((2, clock(20, 0), {"theme": "Q&A 答疑"}), (4, clock(20, 0), {"theme": "分享会"}))
TIMETABLE_PRIORITY = 3
HORIZON = DAY  # Policy.horizon's default
# health's defaults (health.Thresholds) that the plays read
SILENCE = timedelta(days=3)
MIN_ACTIVE_SHARE = 0.1
# the ladder: entry (balance, active days in 30d, answers in 30d, reactions received in 30d), keep
TIERS = ("active", "core", "star")
ENTRY = ((30, 8, 0, 0), (200, 15, 5, 0), (600, 20, 0, 50))
KEEP = (4, 10, 15)  # active days in 30d
MIN_STAY = MONTH
GRACE = WEEK
LOCK_TAG = "tier_locked"
# points: check-in 1 (1 a day) and +10 on each 7th day in a row, answer 5 (25 a day), share 3 (9 a
# day), an invite 20 once settled a week later (if its target is still a member); FIFO expiry after a
# year; "redeem" events spend
DAILY_RULES = {"checkin": ("check-in", 1, 1), "answer": ("answer", 5, 25), "share": ("share", 3, 9)}
STREAK_RULE, STREAK_DAYS, STREAK_POINTS = "7-day check-in streak", 7, 10
INVITE_POINTS, SETTLE = 20, WEEK
EXPIRE_AFTER = timedelta(days=365)
SPEND = "redeem"
POINT_KINDS = frozenset({*DAILY_RULES, "invite", SPEND})
BADGES = ("sharer_of_the_week", "mentor", "koc")
# actions.DEFAULT_CONFLICTS: the winner, and what it beats for the same target
BEATS = {
    "remove": frozenset({"welcome", "thank", "reward", "promote", "award", "reactivate", "offer_help", "surprise",
                         "remind", "mentor", "invite", "warn", "demote"}),
    "warn": frozenset({"thank", "reward", "award", "promote", "surprise"}),
    "demote": frozenset({"promote"}),
}
BUDGET_TOTAL, BUDGET_PER = 30, {"remove": 5, "reactivate": 10}

# What the constants above were written from: `outline(wechat_group())` when they were last checked.
# The preset is still being tuned; when it changes, the script says which lines differ (exit 2) and
# the hand-written side must follow (a change of wording only, such as a play's reason, is not here).
WRITTEN_FROM = (
    "Play('welcome newcomers', 'welcome', tenure_days() < 1, priority=5, params={'nickname': "
    "'name-region-profession', 'profile': '姓名 / 城市 / 职业 / 能提供的帮助 / 想获得的帮助'})",
    "Play('a mentor for each newcomer', 'mentor', (tenure_days() < 3) & (received('mentor').eq(0)), priority=4)",
    "Play('thank who answered', 'thank', count('answer', 7d) >= 3, priority=3)",
    "Play('reward the most active', 'reward', (count('message', 7d) >= 20) & ~(has_role('owner') | "
    "has_role('admin') | has_role('moderator')), priority=2, params={'points': 20})",
    "Play('remove reported negativity', 'remove', received('report', 30d, distinct='members') >= 3, priority=8, "
    "params={'why': 'negative talk'})",
    "Play('remove the long inactive', 'remove', (days_since_last() >= 90) & (tenure_days() >= 90) & "
    "~(has_role('owner') | has_role('admin') | has_role('moderator')), priority=1, params={'why': 'inactive'})",
    "Play('win back the silent', 'reactivate', (days_since_last('message') >= 30) & "
    "(days_since_last('reactivate_sent') >= 14) & (tenure_days() >= 30) & ~(has_role('owner') | "
    "has_role('admin') | has_role('moderator')), priority=1)",
    "Play('regather around a goal', 'regather', ((flagged('long_silence')) | (health('active_share_7d') < 0.2)) & "
    "(community_count('regather', 14d).eq(0)), target='community', priority=6)",
    "Play('bring expert help', 'offer_help', ((flagged('long_silence')) | (health('active_share_7d') < 0.2)) & "
    "(community_count('offer_help', 14d).eq(0)), target='community', priority=5)",
    "Play('give a surprise', 'surprise', ((flagged('long_silence')) | (health('active_share_7d') < 0.2)) & "
    "(community_count('surprise', 14d).eq(0)), target='community', priority=4)",
    "Play('launch: seed users and stories', 'invite_seed_users', stage('launch'), target='community', priority=3, "
    "params={'then': 'share_stories'})",
    "Play('growth: interaction and mutual help', 'start_topic', (stage('growth')) & "
    "(community_count('question', 7d) < 3), target='community', priority=3)",
    "Play('mature: brand and word of mouth', 'tell_brand_story', (stage('mature')) & ((purpose('product')) | "
    "(purpose('marketing'))), target='community', priority=2)",
    "Play('split before full', 'split_group', fill() >= 0.9, target='community', priority=7)",
    "Play('Wednesday Q&A', 'host_event', ~(stage('declining')), target='community', priority=3, "
    "params={'theme': 'Q&A 答疑'}, schedule=Schedule('20:00', days=['wed']))",
    "Play('Friday sharing', 'host_event', ~(stage('declining')), target='community', priority=3, "
    "params={'theme': '分享会'}, schedule=Schedule('20:00', days=['fri']))",
    "scoring engagement({'answer': 5, 'attend': 4, 'checkin': 1, 'invite': 3, 'message': 1, 'reaction': 0.5, "
    "'reply': 2, 'share': 3}, half_life=14d, within=90d)",
    "tier active: (balance(<5-rule program>) >= 30) & (active_days(30d) >= 8); keep active_days(30d) >= 4",
    "tier core: (balance(<5-rule program>) >= 200) & (active_days(30d) >= 15) & (count('answer', 30d) >= 5); "
    "keep active_days(30d) >= 10",
    "tier star: (balance(<5-rule program>) >= 600) & (active_days(30d) >= 20) & (received('reaction', 30d) >= 50); "
    "keep active_days(30d) >= 15",
    "ladder min_stay 30 days, 0:00:00, grace 7 days, 0:00:00, lock has_tag('tier_locked')",
    "rule check-in: checkin 1 per_value=False credit=actor daily_cap=1 total_cap=None when=always() exempt=False "
    "streak=None settle_after=None",
    "rule 7-day check-in streak: checkin 10 per_value=False credit=actor daily_cap=None total_cap=None "
    "when=always() exempt=False streak=7 settle_after=None",
    "rule answer: answer 5 per_value=False credit=actor daily_cap=25 total_cap=None when=always() exempt=False "
    "streak=None settle_after=None",
    "rule share: share 3 per_value=False credit=actor daily_cap=9 total_cap=None when=always() exempt=False "
    "streak=None settle_after=None",
    "rule invite that stayed: invite 20 per_value=False credit=actor daily_cap=None total_cap=None when=always() "
    "exempt=False streak=None settle_after=7 days, 0:00:00",
    "points daily_cap=None expire_after=365 days, 0:00:00 spend=redeem start=0 floor=None",
    "badge sharer_of_the_week: (count('share', 7d) >= 3) & (count('share', 7d) >= highest(count('share', 7d))) "
    "repeatable=False",
    "badge mentor: (count('mentor') >= 3) & (count('answer', 30d) >= 10) repeatable=False",
    "badge koc: (count('share', 30d) >= 8) & (received('reaction', 30d) >= 30) & "
    "(received('reaction', 30d, distinct='members') >= 10) repeatable=False",
    "Budget(total=30, per_action={'remove': 5, 'reactivate': 10}), horizon 1 day, 0:00:00",
    "remove wins over welcome; remove wins over thank; remove wins over reward; remove wins over promote; "
    "remove wins over award; remove wins over reactivate; remove wins over offer_help; remove wins over surprise; "
    "remove wins over remind; remove wins over mentor; remove wins over invite; remove wins over warn; "
    "remove wins over demote; warn wins over thank; warn wins over reward; warn wins over award; "
    "warn wins over promote; warn wins over surprise; demote wins over promote",
)


def outline(policy: gk.Policy) -> list[str]:
    """Everything in a policy that decides its actions (not the wording of reasons), one line a part."""
    assert policy.ladder is not None and policy.points is not None
    lines = [repr(play) for play in policy.plays]
    lines.append(f"scoring {policy.scoring!r}")
    ladder, points = policy.ladder, policy.points
    lines += [f"tier {tier.name}: {tier.entry!r}; keep {tier.staying!r}" for tier in ladder.tiers]
    lines.append(f"ladder min_stay {ladder.min_stay}, grace {ladder.grace}, lock {ladder.lock!r}")
    lines += [f"rule {r.name}: {r.kind} {r.points} per_value={r.per_value} credit={r.credit} daily_cap={r.daily_cap} "
              f"total_cap={r.total_cap} when={r.when!r} exempt={r.exempt_from_cap} streak={r.streak} "
              f"settle_after={r.settle_after}" for r in points.rules]
    lines.append(f"points daily_cap={points.daily_cap} expire_after={points.expire_after} spend={points.spend_kind} "
                 f"start={points.start} floor={points.floor}")
    lines += [f"badge {badge.name}: {badge.when!r} repeatable={badge.repeatable}" for badge in policy.badges]
    lines.append(f"{policy.budget!r}, horizon {policy.horizon}")
    lines.append("; ".join(map(str, policy.conflicts)))
    return lines


def check_preset(policy: gk.Policy) -> None:
    """Raise `Mismatch` if the preset is no longer what the hand-written side was written from."""
    live = outline(policy)
    if tuple(live) != WRITTEN_FROM:
        gone = [line for line in WRITTEN_FROM if line not in live]
        new = [line for line in live if line not in WRITTEN_FROM]
        raise Mismatch("wechat_group() changed since the hand-written side was written from it; update the "
                       "hand-written side and WRITTEN_FROM.\n  was: " + "\n  was: ".join(gone)
                       + "\n  now: " + "\n  now: ".join(new))


_DAWN = datetime.min.replace(tzinfo=UTC)
_MIDNIGHT = clock()
_ZERO = timedelta(0)


class HandReview(NamedTuple):
    actions: list[tuple[Any, ...]]  # (kind, target, priority, at, params)
    deferred: list[tuple[Any, ...]]
    dropped: set[tuple[str, str]]
    candidates: Counter[str]  # by kind, before deduplication
    balances: dict[str, int]  # points balance (members with none left out), checked against groupkit's
    scores: dict[str, float]  # engagement score of each member with a candidate action, likewise


class _Unordered(Exception):
    """The events are not in time order: sort them and start again."""


# -- the hand-written review -------------------------------------------------------------------------


def hand_review(community: gk.Community, now: datetime) -> HandReview:
    """The playbook's actions without groupkit: one pass over the events, one loop over the members."""
    tz = community.timezone
    members = [m for m in community.members if m.joined_at <= now]
    in_view = {m.id for m in members}
    try:
        facts = _scan(community.events, now, tz, in_view)
    except _Unordered:  # the replay of points and the sums of decaying scores go in time order
        facts = _scan(sorted(community.events, key=attrgetter("at")), now, tz, in_view)
    balances = facts.gained
    for member_id, events in facts.replay.items():
        balances[member_id] = _replay(sorted(events, key=_event_order), now, tz, in_view)
        if not balances[member_id]:
            del balances[member_id]

    candidates: dict[tuple[str, str, datetime | None], list[Any]] = {}
    raw: Counter[str] = Counter()

    def add(kind: str, target: str, priority: int, params: dict[str, Any], score: float | None,
            at: datetime | None = None) -> None:
        raw[kind] += 1
        key = (kind, target, at)
        found = candidates.get(key)
        if found is None:
            candidates[key] = [priority, params, score]
        elif priority > found[0]:  # the higher-ranked action's params win
            candidates[key] = [priority, {**found[1], **params}, score]
        else:
            found[1] = {**params, **found[1]}

    eng = facts.engagement
    columns = [eng[kind] for kind in WEIGHT_ORDER]

    scores: dict[str, float] = {}

    def score(member_id: str) -> float:
        total = 0
        for column in columns:
            value = column.get(member_id)
            if value is not None:
                total = total + value
        scores[member_id] = total
        return total

    reported = Counter(target for target, _ in facts.reporters)
    reactors = Counter(target for target, _ in facts.reactors)
    share7, ans7, ans30, msg7 = facts.share7, facts.answer7, facts.answer30, facts.message7
    top_sharer = max((n for member_id, n in share7.items() if member_id in in_view), default=0)
    active_days, reactions = facts.active_days, facts.reactions30
    last_any, last_message, last_sent = facts.last_any, facts.last_message, facts.last_sent
    mentored, mentoring, share30 = facts.mentored, facts.mentoring, facts.share30
    pending: list[tuple[gk.Member, int, int]] = []  # demotions that only the grace can hold
    levels = {name: level for level, name in enumerate(TIERS)}
    for member in members:
        member_id = member.id
        joined = member.joined_at
        tenure = (now - joined).total_seconds() / 86400
        staff = member.role in STAFF
        todo = []
        if tenure < 1:
            todo.append(("welcome", 5, WELCOME))
        if tenure < 3 and not mentored.get(member_id):
            todo.append(("mentor", 4, NO_PARAMS))
        if ans7.get(member_id, 0) >= 3:
            todo.append(("thank", 3, NO_PARAMS))
        if msg7.get(member_id, 0) >= 20 and not staff:
            todo.append(("reward", 2, REWARD))
        if reported.get(member_id, 0) >= 3:
            todo.append(("remove", 8, REMOVE_REPORTED))
        if tenure >= 90 and not staff and (now - last_any.get(member_id, joined)).total_seconds() / 86400 >= 90:
            todo.append(("remove", 1, REMOVE_INACTIVE))
        if (tenure >= 30 and not staff
                and (now - last_message.get(member_id, joined)).total_seconds() / 86400 >= 30
                and (now - last_sent.get(member_id, joined)).total_seconds() / 86400 >= 14):
            todo.append(("reactivate", 1, NO_PARAMS))
        # the ladder
        days = active_days.get(member_id, 0)
        balance = balances.get(member_id, 0)
        up = -1
        for level, (points, needed_days, answers, received) in enumerate(ENTRY):
            if (balance >= points and days >= needed_days and ans30.get(member_id, 0) >= answers
                    and reactions.get(member_id, 0) >= received):
                up = level
            else:
                break
        current = -1 if member.tier is None else levels[member.tier]
        if up > current:
            target = up
        elif current < 0 or days >= KEEP[current]:
            target = current
        else:
            kept = -1
            for level, needed_days in enumerate(KEEP):
                if days < needed_days:
                    break
                kept = level
            target = max(kept, up)
        if target != current and LOCK_TAG not in member.tags:
            if target > current:
                todo.append(("promote", 0, {"from": member.tier, "to": TIERS[target]}))
            elif member.tier_since is None or now - member.tier_since >= MIN_STAY:
                pending.append((member, current, target))
        # badges newly due
        due = []
        shares = share7.get(member_id, 0)
        if shares >= 3 and shares >= top_sharer and "sharer_of_the_week" not in member.badges:
            due.append("sharer_of_the_week")
        if mentoring.get(member_id, 0) >= 3 and ans30.get(member_id, 0) >= 10 and "mentor" not in member.badges:
            due.append("mentor")
        if (share30.get(member_id, 0) >= 8 and reactions.get(member_id, 0) >= 30
                and reactors.get(member_id, 0) >= 10 and "koc" not in member.badges):
            due.append("koc")
        if due:
            todo.append(("award", 0, {"badges": tuple(due)}))
        if todo:
            mine = score(member_id)
            for kind, priority, params in todo:
                add(kind, member_id, priority, params, mine)
    if pending:  # held if the keep rule still held `GRACE` ago (on the facts as of then)
        earlier = _active_days(community.events, now - GRACE, tz,
                               {member.id for member, _, _ in pending if member.joined_at <= now - GRACE})
        for member, current, target in pending:
            if member.joined_at <= now - GRACE and earlier.get(member.id, 0) >= KEEP[current]:
                continue
            add("demote", member.id, 0, {"from": member.tier, "to": None if target < 0 else TIERS[target]},
                score(member.id))

    # community plays
    cid, stage, purpose = community.id, community.stage, community.purpose
    share = len(in_view & facts.recent) / len(members) if members else 0.0
    silent = facts.longest_silence >= SILENCE or (bool(members) and share < MIN_ACTIVE_SHARE)
    if silent or share < QUIET_SHARE:
        for kind, priority in (("regather", 6), ("offer_help", 5), ("surprise", 4)):
            if not facts.community14.get(kind):
                add(kind, cid, priority, NO_PARAMS, None)
    if stage == "launch":
        add("invite_seed_users", cid, 3, LAUNCH, None)
    if stage == "growth" and facts.questions7 < 3:
        add("start_topic", cid, 3, NO_PARAMS, None)
    if stage == "mature" and purpose in ("product", "marketing"):
        add("tell_brand_story", cid, 2, NO_PARAMS, None)
    if community.capacity and len(members) / community.capacity >= 0.9:
        add("split_group", cid, 7, NO_PARAMS, None)
    if stage != "declining":
        end = now + HORIZON
        day, last = now.astimezone(tz).date() - DAY, end.astimezone(tz).date() + DAY
        while day <= last:
            for weekday, moment, params in TIMETABLE:
                if day.weekday() == weekday:
                    at = datetime.combine(day, moment, tzinfo=tz)
                    if now <= at < end:
                        add("host_event", cid, TIMETABLE_PRIORITY, params, None, at)
            day += DAY

    # rank (priority, score with None last, target, kind, time), conflicts, budget
    ranked = sorted(
        (((-priority, score_ is None, -(score_ or 0.0), target, kind, at is not None,
           0.0 if at is None else at.timestamp()), kind, target, priority, at, params)
         for (kind, target, at), (priority, params, score_) in candidates.items()),
        key=itemgetter(0),
    )
    kinds_of: dict[str, set[str]] = {}
    for _, kind, target, *_rest in ranked:
        found = kinds_of.get(target)
        if found is None:
            kinds_of[target] = {kind}
        else:
            found.add(kind)
    dropped: set[tuple[str, str]] = set()
    for target, kinds in kinds_of.items():
        if len(kinds) > 1:
            alive = _survivors(kinds)
            dropped.update((kind, target) for kind in kinds if kind not in alive)
    actions: list[tuple[Any, ...]] = []
    deferred: list[tuple[Any, ...]] = []
    used: Counter[str] = Counter()
    for _, kind, target, priority, at, params in ranked:
        if (kind, target) in dropped:
            continue
        if len(actions) < BUDGET_TOTAL and used[kind] < BUDGET_PER.get(kind, math.inf):
            actions.append((kind, target, priority, at, params))
            used[kind] += 1
        else:
            deferred.append((kind, target, priority, at, params))
    return HandReview(actions, deferred, dropped, raw, balances, scores)


def _survivors(kinds: set[str]) -> set[str]:
    """The kinds that stay: a kind is dropped when a kind that stays beats it (the table has no cycle)."""
    alive: set[str] = set()
    undecided = set(kinds)
    while undecided:
        ready = [k for k in undecided if not any(k in BEATS.get(other, ()) for other in undecided)]
        for kind in ready:
            undecided.discard(kind)
            if not any(kind in BEATS.get(other, ()) for other in alive):
                alive.add(kind)
    return alive


class _Facts(NamedTuple):
    last_any: dict[str, datetime]
    last_message: dict[str, datetime]
    last_sent: dict[str, datetime]
    message7: dict[str, int]
    answer7: dict[str, int]
    answer30: dict[str, int]
    share7: dict[str, int]
    share30: dict[str, int]
    mentoring: dict[str, int]
    mentored: dict[str, int]
    reactions30: dict[str, int]
    reactors: set[tuple[str, str]]
    reporters: set[tuple[str, str]]
    recent: set[str]
    active_days: Counter[str]
    engagement: dict[str, dict[str, float]]
    gained: dict[str, int]
    replay: dict[str, list[gk.Event]]
    questions7: int
    community14: dict[str, int]
    longest_silence: timedelta


# what the pass does with each kind of event (others only count as activity and towards the score)
_MESSAGE, _REACTION, _DAILY, _QUESTION, _INVITE, _MENTOR, _REPORT, _SENT, _SPEND, _MOVE = range(10)
_CODES = {"message": _MESSAGE, "reaction": _REACTION, **dict.fromkeys(DAILY_RULES, _DAILY), "question": _QUESTION,
          "invite": _INVITE, "mentor": _MENTOR, "report": _REPORT, "reactivate_sent": _SENT, SPEND: _SPEND,
          "regather": _MOVE, "offer_help": _MOVE, "surprise": _MOVE}


def _scan(events: Any, now: datetime, tz: tzinfo, in_view: set[str]) -> _Facts:
    """The one pass over the events, in time order (raises `_Unordered` if they are not)."""
    week, fortnight, month, scored = now - WEEK, now - 2 * WEEK, now - MONTH, now - SCORE_WITHIN
    expiring = now - EXPIRE_AFTER  # points earned at or before this have expired by now
    half_life = HALF_LIFE
    last_any: dict[str, datetime] = {}
    last_message: dict[str, datetime] = {}
    last_sent: dict[str, datetime] = {}
    message7: dict[str, int] = {}
    answer7: dict[str, int] = {}
    answer30: dict[str, int] = {}
    share7: dict[str, int] = {}
    share30: dict[str, int] = {}
    mentoring: dict[str, int] = {}
    mentored: dict[str, int] = {}
    reactions30: dict[str, int] = {}
    reactors: set[tuple[str, str]] = set()
    reporters: set[tuple[str, str]] = set()
    recent: set[str] = set()
    active_days: Counter[str] = Counter()
    today: set[str] = set()
    engagement: dict[str, dict[str, float]] = {kind: {} for kind in WEIGHTS}
    decaying = {kind: (weight, engagement[kind]) for kind, weight in WEIGHTS.items()}
    codes = _CODES
    gained: dict[str, int] = {}
    caps: dict[tuple[str, str], tuple[int, int]] = {}  # (member, kind) -> (day number, points that day)
    checkins: dict[str, tuple[int, date, int]] = {}  # member -> (day number, day, days in a row)
    replay: dict[str, list[gk.Event]] = {}  # points events of each member, replayed if they spend or expire
    complicated: set[str] = set()
    community14 = {"regather": 0, "offer_help": 0, "surprise": 0}
    questions7 = 0
    previous = _DAWN
    day_end = _DAWN
    day = date.min
    day_no = 0
    before_window = False
    last_in_window: datetime | None = None
    longest = _ZERO
    for event in events:
        at = event.at
        if at < previous:
            raise _Unordered
        previous = at
        if at > now:
            continue
        member_id = event.member_id
        kind = event.kind
        if at >= day_end:  # a new calendar day in the community's timezone
            if today:
                active_days.update(today)
                today = set()
            day = at.astimezone(tz).date()
            day_end = datetime.combine(day + DAY, _MIDNIGHT, tzinfo=tz).astimezone(at.tzinfo)
            day_no += 1
            # a silence of days spans a midnight, so only gaps into a new day can reach the limit
            if last_in_window is not None and at - last_in_window > longest:
                longest = at - last_in_window
        last_any[member_id] = at
        if at > month:
            if last_in_window is None and before_window:
                longest = max(longest, at - month)
            last_in_window = at
            today.add(member_id)
            if at > week:
                recent.add(member_id)
        else:
            before_window = True
        decay = decaying.get(kind)
        if decay is not None and at > scored:
            weight, column = decay
            column[member_id] = column.get(member_id, 0) + weight * 0.5 ** ((now - at) / half_life)
        code = codes.get(kind)
        if code is None:
            continue
        if code == _MESSAGE:
            last_message[member_id] = at
            if at > week:
                message7[member_id] = message7.get(member_id, 0) + 1
        elif code == _REACTION:
            target = event.target
            if target is not None and at > month:
                reactions30[target] = reactions30.get(target, 0) + 1
                reactors.add((target, member_id))
        elif code == _DAILY:
            if kind == "answer":
                if at > month:
                    answer30[member_id] = answer30.get(member_id, 0) + 1
                    if at > week:
                        answer7[member_id] = answer7.get(member_id, 0) + 1
            elif kind == "share" and at > month:
                share30[member_id] = share30.get(member_id, 0) + 1
                if at > week:
                    share7[member_id] = share7.get(member_id, 0) + 1
            if member_id not in in_view:
                continue
            found = replay.get(member_id)
            if found is None:
                replay[member_id] = [event]
            else:
                found.append(event)
            if event.target == member_id:  # an event aimed at its own author earns nothing
                continue
            _, points, cap = DAILY_RULES[kind]
            key = (member_id, kind)
            tally = caps.get(key)
            done = tally[1] if tally is not None and tally[0] == day_no else 0
            allowed = min(points, cap - done)
            earned = 0
            if allowed > 0:
                caps[key] = (day_no, done + allowed)
                earned = allowed
            if kind == "checkin":
                streak = checkins.get(member_id)
                if streak is None or streak[0] != day_no:
                    run = streak[2] + 1 if streak is not None and (day - streak[1]).days == 1 else 1
                    checkins[member_id] = (day_no, day, run)
                    if run % STREAK_DAYS == 0:
                        earned += STREAK_POINTS
            if earned:
                gained[member_id] = gained.get(member_id, 0) + earned
                if at <= expiring:
                    complicated.add(member_id)
        elif code == _QUESTION:
            if at > week:
                questions7 += 1
        elif code == _INVITE:
            if member_id in in_view:
                found = replay.get(member_id)
                if found is None:
                    replay[member_id] = [event]
                else:
                    found.append(event)
                target = event.target
                settled = at + SETTLE
                if target != member_id and (target is None or target in in_view) and settled <= now:
                    gained[member_id] = gained.get(member_id, 0) + INVITE_POINTS
                    if settled <= expiring:
                        complicated.add(member_id)
        elif code == _MENTOR:
            mentoring[member_id] = mentoring.get(member_id, 0) + 1
            target = event.target
            if target is not None:
                mentored[target] = mentored.get(target, 0) + 1
        elif code == _REPORT:
            if at > month and event.target is not None:
                reporters.add((event.target, member_id))
        elif code == _SENT:
            last_sent[member_id] = at
        elif code == _SPEND:
            if member_id in in_view:
                complicated.add(member_id)
                found = replay.get(member_id)
                if found is None:
                    replay[member_id] = [event]
                else:
                    found.append(event)
        elif at > fortnight:  # regather, offer_help, surprise
            community14[kind] += 1
    if today:
        active_days.update(today)
    # up to now; with nothing in the window, silent all along
    longest = now - month if last_in_window is None else max(longest, now - last_in_window)
    return _Facts(last_any, last_message, last_sent, message7, answer7, answer30, share7, share30, mentoring,
                  mentored, reactions30, reactors, reporters, recent, active_days, engagement, gained,
                  {member_id: replay[member_id] for member_id in complicated}, questions7, community14, longest)


def _event_order(event: gk.Event) -> tuple[Any, ...]:
    """Time order; events at the same moment by content (as groupkit's points replay orders them)."""
    return (event.at, event.id or "", event.kind, event.member_id, event.target or "", event.value, event.text)


def _replay(events: list[gk.Event], now: datetime, tz: tzinfo, in_view: set[str]) -> int:
    """One member's balance by replaying their points events in order: caps, streaks, settling,
    spending and first-in-first-out expiry (for members who spend or whose points can expire)."""
    steps: list[tuple[datetime, gk.Event, str]] = []
    settling: list[tuple[datetime, gk.Event, str]] = []
    for event in events:
        if event.kind == SPEND:
            steps.append((event.at, event, "spend"))
        elif event.kind == "invite":
            if event.at + SETTLE <= now:
                settling.append((event.at + SETTLE, event, "invite"))
        else:
            steps.append((event.at, event, event.kind))
    steps += settling
    steps.sort(key=itemgetter(0))  # stable: events first at one moment, then what settles
    balance = 0
    lots: list[list[Any]] = []  # [earned at, points left], oldest first
    tally: dict[Any, int] = {}
    last_day: date | None = None
    run = 0

    def expire(moment: datetime) -> None:
        nonlocal balance
        while lots and lots[0][0] + EXPIRE_AFTER <= moment:
            balance -= lots.pop(0)[1]

    def gain(moment: datetime, points: int) -> None:
        nonlocal balance
        balance += points
        lots.append([moment, points])

    for moment, event, what in steps:
        if what == "spend":
            expire(moment)
            spent = min(event.value, max(0, balance))
            balance -= spent
            while spent > 0 and lots:
                taken = min(lots[0][1], spent)
                lots[0][1] -= taken
                spent -= taken
                if lots[0][1] <= 0:
                    lots.pop(0)
            continue
        if event.target is not None and event.target == event.member_id:
            continue
        if what == "invite":
            if event.target is None or event.target in in_view:
                expire(moment)
                gain(moment, INVITE_POINTS)
            continue
        _, points, cap = DAILY_RULES[what]
        day = moment.astimezone(tz).date()
        expire(moment)
        done = tally.get((what, day), 0)
        allowed = min(points, max(0, cap - done))
        if allowed > 0:
            gain(moment, allowed)
            tally[what, day] = done + allowed
        if what == "checkin" and day != last_day:
            run = run + 1 if last_day is not None and (day - last_day).days == 1 else 1
            last_day = day
            if run % STREAK_DAYS == 0:
                expire(moment)
                gain(moment, STREAK_POINTS)
    expire(now)
    return balance


def _active_days(events: Any, now: datetime, tz: tzinfo, wanted: set[str]) -> Counter[str]:
    """Active days in `(now - 30 days, now]` of the `wanted` members (for the ladder's grace)."""
    start = now - MONTH
    days: set[tuple[str, date]] = set()
    if wanted:
        for event in events:
            if event.member_id in wanted and start < event.at <= now:
                days.add((event.member_id, event.at.astimezone(tz).date()))
    return Counter(member_id for member_id, _ in days)


# -- the data ----------------------------------------------------------------------------------------


def wednesday_noon(tz: tzinfo) -> datetime:
    """Wednesday 2026-10-28, 12:00 in `tz`, as UTC: the Wednesday 20:00 Q&A is due within a day."""
    return datetime(2026, 10, 28, 12, 0, tzinfo=tz).astimezone(UTC)


def community(seed: int, members: int, events: int, tz: tzinfo, *, stage: str = "mature",
              purpose: str = "product", capacity: float | None = 1.0, shuffle: bool = False,
              edges: datetime | None = None) -> gk.Community:
    """The synthetic community (up to `wednesday_noon`) with what it lacks for every play to fire.

    `capacity` is a multiple of `members` (None: no limit); `shuffle` puts the events out of order;
    `edges` adds members and events exactly on the boundaries the rules draw as of that moment.
    """
    end = wednesday_noon(tz)
    gc.disable()
    try:
        base = gk.synthetic.community(seed=seed, members=members, events=events, days=DAYS, now=end, timezone=tz)
        rng = random.Random(seed * 7919 + 17)
        people = list(base.members)
        ids = [m.id for m in people]
        joined = {m.id: m.joined_at for m in people}
        for i, member in enumerate(people):
            changes: dict[str, Any] = {}
            if rng.random() < 0.06:
                changes["tier"] = rng.choices(TIERS, (60, 30, 10))[0]
                changes["tier_since"] = end - timedelta(seconds=round(rng.uniform(0, 120 * 86400)))
                if rng.random() < 0.15:  # left and came back: their events are older than their joining
                    changes["joined_at"] = end - timedelta(seconds=round(rng.uniform(0, 9 * 86400)))
            if rng.random() < 0.004:
                changes["tags"] = member.tags | {LOCK_TAG}
            if rng.random() < 0.003:
                changes["badges"] = {rng.choice(BADGES)}
            if changes:
                people[i] = attrs.evolve(member, **changes)

        def at(low_days: float, high_days: float, member_id: str | None = None) -> datetime:
            moment = end - timedelta(seconds=round(rng.uniform(low_days * 86400, high_days * 86400)))
            return max(moment, joined.get(member_id, moment)) if member_id is not None else moment

        answers = Counter(e.member_id for e in base.events if e.kind == "answer")
        busy = [member_id for member_id, _ in answers.most_common(max(10, members // 200)) if member_id in joined]
        extra = []
        for member_id in rng.sample(ids, max(1, members // 100)):  # win-back messages sent
            extra.append(gk.Event(member_id, "reactivate_sent", at(0, 30, member_id)))
        for target in rng.sample(ids, max(3, members // 300)):  # reported by several members
            reporters = rng.sample(ids, rng.randint(2, 6))
            old = rng.random() < 0.1
            for reporter in reporters:
                if reporter != target:
                    extra.append(gk.Event(reporter, "report", at(25, 35) if old else at(0, 29), target=target))
            if rng.random() < 0.3:  # the same reporter twice counts once
                extra.append(gk.Event(reporters[0], "report", at(0, 29), target=target))
        for _ in range(max(1, members // 50)):  # single reports
            extra.append(gk.Event(rng.choice(ids), "report", at(0, 40), target=rng.choice(ids)))
        newcomers = [m.id for m in people if m.joined_at > end - timedelta(days=5)] or ids
        for mentor in rng.sample(busy, max(1, len(busy) // 3)):  # mentors (老带新)
            for _ in range(rng.randint(1, 6)):
                newcomer = rng.choice(newcomers)
                extra.append(gk.Event(mentor, "mentor", at(0, 5, newcomer), target=newcomer))
        spenders = rng.sample(busy, max(1, len(busy) // 2)) + rng.sample(ids, max(1, members // 200))
        for member_id in spenders:  # redemptions
            for _ in range(rng.randint(1, 3)):
                extra.append(gk.Event(member_id, "redeem", at(0, 30, member_id), value=rng.choice((5, 20, 50, 200))))
        for member_id in rng.sample(ids, max(1, members // 30)):  # invites aimed at someone
            aimed = rng.choice(ids) if rng.random() < 0.75 else f"guest{rng.randrange(10**6):06d}"
            extra.append(gk.Event(member_id, "invite", at(0, 30, member_id), target=aimed))
        for member_id in rng.sample(ids, max(1, members // 50)):  # points old enough to expire
            first = end - timedelta(days=rng.uniform(355, 375))
            if joined[member_id] > first:
                continue
            for n in range(rng.randint(1, 9)):
                kind = rng.choice(("checkin", "checkin", "answer", "share", "invite", SPEND))
                extra.append(gk.Event(member_id, kind, first + timedelta(days=n, seconds=rng.randrange(3600)),
                                      value=50 if kind == SPEND else 0))
        for member in people:  # tier holders active before the data began: a week ago their keep rule held
            back = member.joined_at != joined[member.id]
            if back and rng.random() < 0.5:  # mentored when first here
                extra.append(gk.Event(rng.choice(busy), "mentor", at(56, 90), target=member.id))
            if member.tier is not None and (back or rng.random() < 0.3):
                for n in rng.sample(range(31, 38), rng.randint(1, 7)):
                    extra.append(gk.Event(member.id, "message", at(n - 1, n, member.id)))
        shares = Counter(e.member_id for e in base.events if e.kind == "share")
        for member_id, _ in shares.most_common(max(2, members // 1000)):  # KOCs: shares the group reacts to
            fans = rng.sample(ids, rng.choice((6, 9, 10, 12)))
            for _ in range(rng.randint(25, 40)):
                extra.append(gk.Event(rng.choice(fans), "reaction", at(0, 29), target=member_id))
        extra.append(gk.Event(ids[0], "regather", end - 2 * DAY))  # the last regathering: within 14 days
        extra.append(gk.Event(ids[0], "offer_help", end - 20 * DAY))  # expert help: longer ago
        if edges is not None:
            more, extra_events = _edges(edges, tz, ids, rng)
            people += more
            extra += extra_events
        made = sorted([*base.events, *extra], key=attrgetter("at"))
        if shuffle:
            rng.shuffle(made)
        result = attrs.evolve(base, members=people, events=made, stage=stage, purpose=purpose,
                              capacity=None if capacity is None else max(1, round(members * capacity)))
    finally:
        gc.enable()
    gc.collect()
    return result


def _edges(now: datetime, tz: tzinfo, ids: list[str], rng: random.Random) -> tuple[list[gk.Member], list[gk.Event]]:
    """Members and events exactly on the boundaries as of `now`: window starts, `now` itself and just
    after, the settling and expiry instants, join and tier dates, a local midnight."""
    people = [
        gk.Member("edge-new", now - DAY),  # tenure exactly 1 day: no welcome
        gk.Member("edge-new2", now - DAY + timedelta(microseconds=1)),  # just under: welcome
        gk.Member("edge-3d", now - 3 * DAY),
        gk.Member("edge-30d", now - MONTH),  # tenure exactly 30 days: may be won back
        gk.Member("edge-90d", now - 90 * DAY),  # exactly 90 days, never a word: removed
        gk.Member("edge-late", now + timedelta(seconds=1)),  # joins after now: not in the review
        gk.Member("edge-tier", now - 200 * DAY, tier="active", tier_since=now - MIN_STAY),  # min stay just over
        gk.Member("edge-tier1", now - 200 * DAY, tier="core", tier_since=now - MIN_STAY + timedelta(seconds=1)),
        gk.Member("edge-tier2", now - 200 * DAY, tier="active", tier_since=now - 90 * DAY),
        gk.Member("edge-grace", now - GRACE, tier="active", tier_since=now - 90 * DAY),  # joined exactly a week ago
        gk.Member("edge-points", now - 400 * DAY),
        gk.Member("edge-silent", now - 200 * DAY),
        # one short of a threshold but for an event exactly at a window's start (which is outside it)
        gk.Member("edge-chatty", now - 200 * DAY), gk.Member("edge-helper", now - 200 * DAY),
        gk.Member("edge-koc", now - 200 * DAY), gk.Member("edge-reported", now - 200 * DAY),
        gk.Member("edge-tier3", now - 200 * DAY, tier="active", tier_since=now - 90 * DAY),
        gk.Member("edge-old", now - 400 * DAY), gk.Member("edge-invite", now - 400 * DAY),
    ]
    midnight = datetime.combine(now.astimezone(tz).date(), _MIDNIGHT, tzinfo=tz).astimezone(UTC)
    e = gk.Event
    events = [
        e("edge-points", "message", now - WEEK), e("edge-points", "answer", now - WEEK),
        e("edge-points", "share", now - WEEK), e("edge-points", "question", now - WEEK),
        e("edge-points", "answer", now - MONTH), e("edge-points", "share", now - MONTH),
        e("edge-points", "message", now), e("edge-points", "message", now + timedelta(seconds=1)),
        e("edge-points", "invite", now - SETTLE), e("edge-points", "invite", now - SETTLE + timedelta(seconds=1)),
        e("edge-points", "checkin", now - EXPIRE_AFTER - SETTLE),
        e("edge-points", "answer", now - EXPIRE_AFTER), e("edge-points", "answer", now - EXPIRE_AFTER),
        e("edge-points", "answer", now - EXPIRE_AFTER + timedelta(seconds=1)),
        e("edge-points", SPEND, now - EXPIRE_AFTER + timedelta(seconds=1), value=3),
        e("edge-points", "invite", now - EXPIRE_AFTER - SETTLE),
        e("edge-points", SPEND, now - DAY, value=1), e("edge-points", "checkin", now - DAY),
        e("edge-points", "checkin", midnight - timedelta(microseconds=1)), e("edge-points", "checkin", midnight),
        e("edge-points", "answer", midnight - timedelta(seconds=1)), e("edge-points", "answer", midnight),
        e("edge-points", "share", now - SCORE_WITHIN), e("edge-points", "share", now - SCORE_WITHIN + timedelta(1)),
        e("edge-silent", "message", now - MONTH), e("edge-silent", "reactivate_sent", now - 2 * WEEK),
        e("edge-30d", "reactivate_sent", now - 2 * WEEK + timedelta(seconds=1)),
        e("edge-tier", "message", now - MONTH), e("edge-tier1", "message", now - MONTH - GRACE),
        e("edge-3d", "message", now - 3 * DAY),
        e(ids[1], "mentor", now + timedelta(seconds=1), target="edge-3d"),
        e(ids[2], "regather", now - 2 * WEEK), e(ids[2], "surprise", now - 2 * WEEK + timedelta(seconds=1)),
        e(ids[3], "report", now - MONTH, target="edge-silent"), e(ids[4], "report", now, target="edge-silent"),
        e(ids[5], "report", now - MONTH + timedelta(seconds=1), target="edge-silent"),
        e(ids[6], "report", now, target="edge-silent"), e(ids[6], "report", now, target="edge-silent"),
        e(ids[3], "report", now - MONTH, target="edge-reported"), e(ids[4], "report", now, target="edge-reported"),
        e(ids[5], "report", now - MONTH + timedelta(seconds=1), target="edge-reported"),
        e("edge-chatty", "message", now - WEEK), e("edge-helper", "answer", now - WEEK),
        e(ids[20], "reaction", now - MONTH, target="edge-koc"), e("edge-tier3", "message", now - MONTH),
        e("edge-old", "checkin", now - EXPIRE_AFTER), e("edge-invite", "invite", now - SETTLE),  # at `now` exactly
    ]
    hours = [timedelta(hours=h) for h in range(1, 24 * 6, 7)]
    events += [e("edge-chatty", "message", now - hours[n]) for n in range(19)]
    events += [e("edge-helper", "answer", now - hours[n]) for n in range(2)]
    events += [e("edge-tier3", "message", now - n * DAY - timedelta(hours=1)) for n in range(3)]
    events += [e("edge-koc", "share", now - n * DAY - timedelta(hours=2)) for n in range(8)]
    events += [e(ids[10 + n % 10], "reaction", now - timedelta(hours=3 * n + 1), target="edge-koc") for n in range(29)]
    for n in range(4):  # tier holders whose keep rule held a week ago, or held but for the window's start
        events.append(e("edge-grace", "message", now - MONTH - n * DAY))
        events.append(e("edge-tier2", "message", now - GRACE - MONTH + n * DAY))
    rng.shuffle(events)
    return people, events


# -- comparing ---------------------------------------------------------------------------------------


def engine_answer(review: gk.Review) -> HandReview:
    """groupkit's review in the hand-written side's terms."""
    def rows(actions: tuple[gk.Action, ...]) -> list[tuple[Any, ...]]:
        return [(a.kind, a.target, a.priority, a.at, dict(a.params)) for a in actions]

    return HandReview(rows(review.actions), rows(review.deferred),
                      {(d.action.kind, d.action.target) for d in review.dropped}, Counter(),
                      {m: b.balance for m, b in review.points.items() if b.balance}, dict(review.scores))


def same(where: str, review: gk.Review, hand: HandReview) -> None:
    engine = engine_answer(review)
    problems = []
    for name in ("actions", "deferred"):
        mine, theirs = getattr(engine, name), getattr(hand, name)
        if mine != theirs:
            first = next((i for i, (a, b) in enumerate(zip(mine, theirs)) if a != b), min(len(mine), len(theirs)))
            problems.append(f"{name}: {len(mine)} from groupkit, {len(theirs)} by hand; first difference at "
                            f"#{first}: groupkit {mine[first:first + 3]} / hand {theirs[first:first + 3]}")
            only_engine = Counter(a[0] for a in set(map(_key, mine)) - set(map(_key, theirs)))
            only_hand = Counter(a[0] for a in set(map(_key, theirs)) - set(map(_key, mine)))
            problems.append(f"{name}: only groupkit {dict(only_engine)}, only by hand {dict(only_hand)}")
    if engine.balances != hand.balances:
        differ = sorted((m, engine.balances.get(m), hand.balances.get(m)) for m in {*engine.balances, *hand.balances}
                        if engine.balances.get(m) != hand.balances.get(m))
        problems.append(f"points balances: {len(differ)} members differ (member, groupkit, hand): {differ[:5]}")
    differ = sorted((m, engine.scores.get(m), s) for m, s in hand.scores.items() if engine.scores.get(m) != s)
    if differ:
        problems.append(f"scores: {len(differ)} members differ (member, groupkit, hand): {differ[:5]}")
    if engine.dropped != hand.dropped:
        problems.append(f"dropped: {len(engine.dropped)} from groupkit, {len(hand.dropped)} by hand; only groupkit "
                        f"{sorted(engine.dropped - hand.dropped)[:5]}, only by hand {sorted(hand.dropped - engine.dropped)[:5]}")
    if problems:
        raise Mismatch(f"{where}:\n  " + "\n  ".join(problems))


def _key(row: tuple[Any, ...]) -> tuple[Any, ...]:
    kind, target, priority, at, params = row
    return kind, target, priority, at, tuple(sorted(params.items()))


def describe(review: gk.Review, hand: HandReview) -> list[str]:
    def by_kind(kinds: Counter[str]) -> str:
        return ", ".join(f"{kind} {n:,}" for kind, n in sorted(kinds.items(), key=lambda kv: (-kv[1], kv[0]))) or "-"

    return [
        f"candidates {sum(hand.candidates.values()):,}: {by_kind(hand.candidates)}",
        f"actions {len(review.actions)}: {by_kind(Counter(a.kind for a in review.actions))}",
        f"deferred {len(review.deferred):,}: {by_kind(Counter(a.kind for a in review.deferred))}",
        f"dropped {len(review.dropped):,}: {by_kind(Counter(d.action.kind for d in review.dropped))}",
    ]


# -- plumbing ----------------------------------------------------------------------------------------

POLICY = gk.presets.wechat_group()


class Case(NamedTuple):
    seed: int
    zone: str
    members: int
    events: int
    stage: str
    purpose: str
    capacity: float | None
    shift: timedelta  # now = wednesday_noon + shift
    shuffle: bool = False
    edges: bool = False


def cases(zone: str) -> list[Case]:
    """Small communities that between them make every play fire (and not fire)."""
    return [
        Case(900, zone, 2000, 20000, "mature", "product", 1.0, _ZERO, edges=True),
        Case(901, "UTC", 2000, 20000, "launch", "interest", None, -timedelta(days=5, hours=7)),  # Fri 20:00 due
        Case(902, zone, 1500, 15000, "growth", "marketing", 3.0, timedelta(days=9)),  # a silent week: quiet
        Case(903, "America/New_York", 800, 12000, "declining", "product", 1.1, timedelta(days=4, hours=9),
             edges=True),  # DST
        Case(904, zone, 1200, 12000, "mature", "marketing", 1.0, timedelta(hours=9), shuffle=True),
        Case(905, "America/New_York", 600, 6000, "growth", "learning", 2.0, timedelta(days=2, hours=8, minutes=1)),
        Case(906, zone, 1000, 8000, "launch", "support", 0.5, timedelta(days=13), edges=True),  # quiet
        Case(907, zone, 1000, 10000, "mature", "interest", 1.0, -timedelta(days=25)),  # silent at the window's start
    ]


def check_case(case: Case) -> tuple[gk.Review, HandReview]:
    now = wednesday_noon(ZoneInfo(case.zone)) + case.shift
    club = community(case.seed, case.members, case.events, ZoneInfo(case.zone), stage=case.stage,
                     purpose=case.purpose, capacity=case.capacity, shuffle=case.shuffle,
                     edges=now if case.edges else None)
    review, hand = POLICY.review(club, now=now), hand_review(club, now)
    same(f"seed {case.seed}, {case.zone}, {case.stage}, now {now.isoformat()}", review, hand)
    return review, hand


def precheck(zone: str) -> Counter[str]:
    fired: Counter[str] = Counter()
    for case in cases(zone):
        _, hand = check_case(case)
        fired.update(hand.candidates)
    return fired


def timed(function: Callable[[], Any]) -> tuple[float, Any]:
    gc.collect()
    start = time.perf_counter()
    result = function()
    return time.perf_counter() - start, result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--members", type=int, default=100_000)
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=3, help="timed repetitions per side (median reported)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--timezone", default="Asia/Shanghai", help="the community's timezone (IANA name)")
    parser.add_argument("--limit", type=float, default=1.5, help="exit 1 if the ratio exceeds this")
    parser.add_argument("--profile", action="store_true", help="profile the groupkit side instead of timing")
    parser.add_argument("--top", type=int, default=30, help="rows per profile table")
    parser.add_argument("--check-only", action="store_true", help="only check that both sides agree")
    args = parser.parse_args(argv)
    tz = ZoneInfo(args.timezone)
    now = wednesday_noon(tz)

    if args.profile:
        club = community(args.seed, args.members, args.events, tz)
        print_profile("review", lambda: POLICY.review(club, now=now), args.top)
        return 0
    try:
        check_preset(POLICY)
        fired = precheck(args.timezone)
        missing = {"welcome", "mentor", "thank", "reward", "remove", "reactivate", "regather", "offer_help",
                   "surprise", "invite_seed_users", "start_topic", "tell_brand_story", "split_group", "host_event",
                   "promote", "demote", "award"} - set(fired)
        if missing:
            raise Mismatch(f"the small communities never make these actions: {sorted(missing)}")
        small = f"{len(cases(args.timezone))} small communities (3 timezones incl. a DST change, every stage, " \
                "an unordered event list; every kind of action)"
        if args.check_only:
            check_case(Case(args.seed, args.timezone, args.members, args.events, "mature", "product", 1.0, _ZERO))
            print(f"check: groupkit and the hand-written review agree on {small} and on {args.members:,} members / "
                  f"{args.events:,} events (seed {args.seed})")
            return 0
        print(f"groupkit {importlib.metadata.version('groupkit')} benchmark on {platform.python_implementation()} "
              f"{platform.python_version()} ({platform.machine()}): policy.review of wechat_group(), "
              f"{args.repeat} repetitions (median)")
        print(f"precheck: identical actions, deferred and dropped on {small}", flush=True)
        club = community(args.seed, args.members, args.events, tz)
        print(f"data (seed {args.seed}): {len(club.members):,} members, {len(club.events):,} events, timezone "
              f"{args.timezone}, stage {club.stage.value}, purpose {club.purpose.value}, capacity {club.capacity:,}, "
              f"now {now.astimezone(tz).isoformat()} ({now.astimezone(tz):%A})", flush=True)
        seconds, review = timed(lambda: POLICY.review(club, now=now))
        hand_seconds, hand = timed(lambda: hand_review(club, now))
        same(f"full size, seed {args.seed}", review, hand)
        print(f"full-size check: identical (untimed warm-up: groupkit {seconds:.3f} s, hand-written "
              f"{hand_seconds:.3f} s)", flush=True)
        summary = describe(review, hand)
        del review, hand
        times: dict[str, list[float]] = {"groupkit": [], "hand-written": []}
        for rep in range(args.repeat):
            sides: list[tuple[str, Callable[[], Any]]] = [
                ("groupkit", lambda: POLICY.review(club, now=now)),
                ("hand-written", lambda: hand_review(club, now)),
            ]
            if rep % 2:
                sides.reverse()
            answers: dict[str, Any] = {}
            for side, function in sides:
                seconds, answers[side] = timed(function)
                times[side].append(seconds)
                print(f"  rep {rep + 1} {side:<12} {seconds:8.3f} s", flush=True)
            same(f"timed repetition {rep + 1}", answers["groupkit"], answers["hand-written"])
            del answers
    except Mismatch as error:
        print(f"MISMATCH: {error}")
        return 2
    print(f"checked: groupkit and hand-written answers identical in every timed pair ({args.repeat})\n")
    engine_s, hand_s = statistics.median(times["groupkit"]), statistics.median(times["hand-written"])
    pairs = [a / b for a, b in zip(times["groupkit"], times["hand-written"])]
    print(f"{'case':<8} {'groupkit s':>11} {'hand-written s':>15} {'ratio':>6}  {'each pair':>11}")
    print(f"{'review':<8} {engine_s:>11.3f} {hand_s:>15.3f} {engine_s / hand_s:>6.2f}  "
          f"{min(pairs):.2f}-{max(pairs):.2f}\n")
    for line in summary:
        print(line)
    ratio = engine_s / hand_s
    print(f"\nratio review = {ratio:.2f}")
    if ratio > args.limit:
        print(f"FAIL: ratio above {args.limit}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
