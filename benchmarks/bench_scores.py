"""Benchmark: engagement scores, segments and community health against hand-written Python loops.

Builds a synthetic community (100,000 members and 1,000,000 events over 30 days by default) and
times, for each case, everything from the `Community` object on:

* ``engagement``: ``view.measure(engagement(weights, half_life=7d, within=30d, daily_cap=...))``
* ``segment_lifecycle``: ``view.segment(gk.lifecycle())``
* ``segment_standard``: ``view.segment(gk.segments.standard())``
* ``health``: ``view.health()``

each as ``gk.view(community, now=NOW)`` plus the call, against a function a competent Python
developer would write without groupkit, taking the same `Community` and computing the same
numbers from the documented definitions: one pass over ``community.events`` filling dicts, then
one loop over the members.

Conventions as in ``bench_rules.py``: every timed run gets a freshly built community (not timed);
a repetition's two runs get two separately built communities from the same seed and alternate in
order; before any timing, and again after every timed pair, both sides must agree (identical
dicts for segments; engagement and health figures within a relative 1e-9, as float sums may be
added in a different order), or the script stops with status 2. Prints a table of medians and one
line per case, ``ratio engagement = 0.80`` (median groupkit seconds / median hand-written
seconds; the table also shows the lowest and highest ratio of a single timed pair), and exits
with status 1 if a ratio exceeds ``--limit`` (1.5 by default), after printing everything.

    python benchmarks/bench_scores.py                                   # full size, about 6 minutes
    python benchmarks/bench_scores.py --members 2000 --events 20000 --check-only   # agreement only
    python benchmarks/bench_scores.py --profile --case engagement        # cProfile of the groupkit side
"""

from __future__ import annotations

import argparse
import importlib.metadata
import math
import operator
import platform
import random
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from datetime import date, datetime, timedelta
from datetime import time as clock
from itertools import islice
from operator import attrgetter
from typing import Any, NamedTuple
from zoneinfo import ZoneInfo

import attrs

import groupkit as gk
from bench_rules import DAYS, NOW, Mismatch, build, print_profile

DAY = 86400  # seconds; metrics give days as (a - b).total_seconds() / DAY

# -- what is measured (the hand-written loops read the same constants, so the two cannot drift) ---

# engagement
WEIGHTS: dict[str, int | float] = {"message": 1, "reply": 2, "answer": 5, "checkin": 1}
HALF_LIFE = timedelta(days=7)
ENGAGEMENT_WITHIN = timedelta(days=30)
DAILY_CAP: dict[str, int] = {"message": 20, "checkin": 1}
ENGAGEMENT = gk.scoring.engagement(WEIGHTS, half_life=HALF_LIFE, within=ENGAGEMENT_WITHIN, daily_cap=DAILY_CAP)

# lifecycle: gk.lifecycle()'s defaults, spelled out
NEW_WITHIN = timedelta(days=14)
RETURNED_WITHIN = timedelta(days=7)
GAP_OF = timedelta(days=30)
DORMANT_AFTER = timedelta(days=30)
TREND_WINDOW = timedelta(days=14)
DROP = 0.5
LIFECYCLE = gk.lifecycle(NEW_WITHIN, RETURNED_WITHIN, GAP_OF, DORMANT_AFTER, TREND_WINDOW, DROP)

# standard segments: gk.segments.standard()'s defaults, spelled out
ADMIN_ROLES = (gk.Role.OWNER, gk.Role.ADMIN, gk.Role.MODERATOR)
PAYING_WITHIN = timedelta(days=90)
MIN_SPEND = 1
CONTRIBUTOR_WITHIN = timedelta(days=30)
CONTRIBUTING = ("answer", "share", "invite")
MIN_CONTRIBUTIONS = 3
ACTIVE_WITHIN = timedelta(days=30)
MIN_ACTIVE_DAYS = 4
STANDARD = gk.segments.standard(
    ADMIN_ROLES, PAYING_WITHIN, MIN_SPEND, CONTRIBUTOR_WITHIN, MIN_CONTRIBUTIONS, ACTIVE_WITHIN, MIN_ACTIVE_DAYS
)

# health: view.health() with its default thresholds (groupkit.health.Thresholds), spelled out
WINDOW = timedelta(days=30)
ACTIVE_RECENT = timedelta(days=7)
NEWCOMER_GRACE = timedelta(days=7)
UNANSWERED_AFTER = timedelta(hours=24)
POSTS = frozenset({"message", "reply", "question", "answer", "share", "image", "link", "voice", "video"})
MAX_AD_SHARE = 0.05
MAX_UNANSWERED = 0
MIN_RESPONSE_RATE = 0.5
MAX_SILENCE = timedelta(days=3)
MIN_ACTIVE_SHARE = 0.1
MAX_TOP_DECILE_SHARE = 0.5

REL_TOL = 1e-9  # engagement and health floats: the same sums, possibly added in another order


# -- the hand-written baselines --------------------------------------------------------------------


def time_ordered(events: Sequence[gk.Event]) -> Sequence[gk.Event]:
    """The events in time order (ties keep their order): as given if they already are, else sorted.

    `Community.events` may come in any order; the synthetic data is in time order, so this costs
    one check.
    """
    ats = [event.at for event in events]
    if all(map(operator.le, ats, islice(ats, 1, None))):
        return events
    return sorted(events, key=attrgetter("at"))


def hand_engagement(community: gk.Community, now: datetime) -> dict[str, float]:
    """ENGAGEMENT without groupkit: one pass over the events in time order, then one over the members.

    Per member, kind and local calendar day, the first `cap` events count; each earns
    ``weight * 0.5 ** ((now - at) / half_life)``; events in ``(now - 30 days, now]``.
    """
    tz = community.timezone
    start = now - ENGAGEMENT_WITHIN
    weights, caps = WEIGHTS, DAILY_CAP
    totals: dict[str, float] = {}
    taken: dict[tuple[str, str, date], int] = {}  # (member, kind, local day) -> events counted so far
    for event in time_ordered(community.events):
        at = event.at
        if at > now:
            break
        if at <= start:
            continue
        kind = event.kind
        weight = weights.get(kind)
        if weight is None:
            continue
        member_id = event.member_id
        cap = caps.get(kind)
        if cap is not None:
            key = (member_id, kind, at.astimezone(tz).date())
            done = taken.get(key, 0)
            if done >= cap:
                continue
            taken[key] = done + 1
        totals[member_id] = totals.get(member_id, 0) + weight * 0.5 ** ((now - at) / HALF_LIFE)
    return {member.id: totals.get(member.id, 0) for member in community.members if member.joined_at <= now}


def hand_lifecycle(community: gk.Community, now: datetime) -> dict[str, str]:
    """LIFECYCLE without groupkit: one pass over the events in time order, then one over the members.

    new: tenure < 14 days; reactivated: an event in the last 7 days after a gap of >= 30 days (from
    the previous event, or from joining); dormant: no event in the last 30 days (or none ever);
    at_risk: events in the last 14 days <= half those in the 14 days before (which must be > 0), or
    none in the last 14 days.
    """
    week_start = now - RETURNED_WITHIN
    recent_start = now - TREND_WINDOW
    earlier_start = now - 2 * TREND_WINDOW
    last: dict[str, datetime] = {}  # latest event up to now
    before_week: dict[str, datetime] = {}  # latest event at or before the week's start
    first_in_week: dict[str, datetime] = {}  # first event in (now - 7 days, now]
    recent: dict[str, int] = {}  # events in (now - 14 days, now]
    earlier: dict[str, int] = {}  # events in (now - 28 days, now - 14 days]
    for event in time_ordered(community.events):
        at = event.at
        if at > now:
            break
        member_id = event.member_id
        last[member_id] = at
        if at > week_start:
            if member_id not in first_in_week:
                first_in_week[member_id] = at
        else:
            before_week[member_id] = at
        if at > recent_start:
            recent[member_id] = recent.get(member_id, 0) + 1
        elif at > earlier_start:
            earlier[member_id] = earlier.get(member_id, 0) + 1
    new_days = NEW_WITHIN.total_seconds() / DAY
    gap_days = GAP_OF.total_seconds() / DAY
    dormant_start = now - DORMANT_AFTER
    result: dict[str, str] = {}
    for member in community.members:
        joined = member.joined_at
        if joined > now:
            continue
        member_id = member.id
        came_back = first_in_week.get(member_id)
        latest = last.get(member_id)
        if (now - joined).total_seconds() / DAY < new_days:
            result[member_id] = "new"
        elif (
            came_back is not None
            and max(0.0, (came_back - before_week.get(member_id, joined)).total_seconds() / DAY) >= gap_days
        ):
            result[member_id] = "reactivated"
        elif latest is None or latest <= dormant_start:  # no event in (now - 30 days, now]
            result[member_id] = "dormant"
        else:
            now_count, before = recent.get(member_id, 0), earlier.get(member_id, 0)
            at_risk = (before > 0 and now_count <= before * (1 - DROP)) or now_count == 0
            result[member_id] = "at_risk" if at_risk else "active"
    return result


def hand_standard(community: gk.Community, now: datetime) -> dict[str, str]:
    """STANDARD without groupkit: one pass over the events (any order), then one over the members.

    admin: owner, admin or moderator; paying: purchase value >= 1 in the last 90 days; contributor:
    >= 3 answers, shares and invitations in the last 30 days; active: >= 4 distinct local days with
    an event in the last 30 days; else silent.
    """
    tz = community.timezone
    paying_start = now - PAYING_WITHIN
    contributor_start = now - CONTRIBUTOR_WITHIN
    active_start = now - ACTIVE_WITHIN
    spent: dict[str, float] = {}
    contributions: dict[str, int] = {}
    days: dict[str, set[date]] = {}
    for event in community.events:
        at = event.at
        if at > now:
            continue
        kind = event.kind
        member_id = event.member_id
        if kind == "purchase" and at > paying_start:
            spent[member_id] = spent.get(member_id, 0) + event.value
        if at > contributor_start and kind in CONTRIBUTING:
            contributions[member_id] = contributions.get(member_id, 0) + 1
        if at > active_start:
            seen = days.get(member_id)
            if seen is None:
                seen = days[member_id] = set()
            seen.add(at.astimezone(tz).date())
    result: dict[str, str] = {}
    for member in community.members:
        if member.joined_at > now:
            continue
        member_id = member.id
        if member.role in ADMIN_ROLES:
            result[member_id] = "admin"
        elif spent.get(member_id, 0) >= MIN_SPEND:
            result[member_id] = "paying"
        elif contributions.get(member_id, 0) >= MIN_CONTRIBUTIONS:
            result[member_id] = "contributor"
        elif len(days.get(member_id, ())) >= MIN_ACTIVE_DAYS:
            result[member_id] = "active"
        else:
            result[member_id] = "silent"
    return result


def hand_health(community: gk.Community, now: datetime) -> dict[str, Any]:
    """view.health() without groupkit: one pass over the window's events in time order.

    Returns the figures of `groupkit.health.Health` by name, and the names of its flags.
    """
    tz = community.timezone
    start = now - WINDOW
    recent_start = now - ACTIVE_RECENT
    joined_at = {member.id: member.joined_at for member in community.members if member.joined_at <= now}
    newcomers = {member_id: joined for member_id, joined in joined_at.items() if joined > start}
    days: dict[str, set[date]] = {}  # local days with an event in the window, per person
    recent: set[str] = set()  # people with an event in the recent period
    posted: dict[str, int] = {}  # posts in the window, per person
    posts = ads = leaves = 0
    activated: set[str] = set()
    questions: list[gk.Event] = []
    asked: dict[str, gk.Event] = {}
    answers: list[gk.Event] = []
    join_events: dict[str, int] = {}
    earlier = False  # any event before the window
    previous: datetime | None = None  # the previous event in the window
    longest = timedelta(0)  # the longest silence
    for event in time_ordered(community.events):
        at = event.at
        if at > now:
            break
        if at <= start:
            earlier = True
            continue
        if previous is None:
            previous = start if earlier else at
        if at - previous > longest:  # noqa: PLR1730 (max() would add a call per event)
            longest = at - previous
        previous = at
        member_id = event.member_id
        kind = event.kind
        seen = days.get(member_id)
        if seen is None:
            seen = days[member_id] = set()
        seen.add(at.astimezone(tz).date())
        if at > recent_start:
            recent.add(member_id)
        if kind in POSTS:
            posts += 1
            data = event.data
            if data and data.get("ad") is True:
                ads += 1
            posted[member_id] = posted.get(member_id, 0) + 1
            joined = newcomers.get(member_id)
            if joined is not None and joined <= at <= joined + NEWCOMER_GRACE:
                activated.add(member_id)
        if kind == "question":
            questions.append(event)
            if event.id is not None:
                asked[event.id] = event
        elif kind in ("answer", "reply"):
            if event.reply_to is not None:
                answers.append(event)
        elif kind == "join":
            join_events[member_id] = join_events.get(member_id, 0) + 1
        elif kind == "leave":
            leaves += 1
    longest = now - start if previous is None else max(longest, now - previous)

    first_answer: dict[str, timedelta] = {}  # question id -> delay to its first answer
    for answer in answers:
        question = asked.get(answer.reply_to or "")
        if question is None or question.member_id == answer.member_id or answer.at < question.at:
            continue
        delay = answer.at - question.at
        known = first_answer.get(question.id or "")
        if known is None or delay < known:
            first_answer[question.id or ""] = delay
    delays = sorted(first_answer.values())
    middle = len(delays) // 2
    median = None if not delays else delays[middle] if len(delays) % 2 else (delays[middle - 1] + delays[middle]) / 2
    overdue = now - UNANSWERED_AFTER
    unanswered = sum(1 for q in questions if q.at < overdue and (q.id is None or q.id not in first_answer))

    members = len(joined_at)
    active = [len(days[member_id]) for member_id in joined_at if member_id in days]
    touched = (now.astimezone(tz).date() - start.astimezone(tz).date()).days + 1
    counts = sorted(n for member_id, n in posted.items() if member_id in joined_at)
    total = sum(counts)
    top, gini = 0, 0.0
    if total:
        top = sum(counts[len(counts) - math.ceil(len(counts) / 10) :])
        ranked = sum(rank * n for rank, n in enumerate(counts, start=members - len(counts) + 1))
        gini = min(1.0, max(0.0, 2 * ranked / (members * total) - (members + 1) / members))
    joins = sum(max(join_events.pop(member_id, 0), 1) for member_id in newcomers) + sum(join_events.values())

    figures: dict[str, Any] = {
        "members": members,
        "active_share_7d": len(recent.intersection(joined_at)) / members if members else 0.0,
        "active_share_30d": len(active) / members if members else 0.0,
        "stickiness": min(1.0, sum(active) / (touched * len(active))) if active else 0.0,
        "newcomer_activation": len(activated) / len(newcomers) if newcomers else 0.0,
        "question_response_rate": len(first_answer) / len(questions) if questions else 0.0,
        "median_time_to_first_answer": median,
        "unanswered_questions": unanswered,
        "ad_share": ads / posts if posts else 0.0,
        "top_decile_share": top / total if total else 0.0,
        "gini": gini,
        "joins": joins,
        "leaves": leaves,
        "net_growth": joins - leaves,
    }
    flags = []
    if figures["ad_share"] > MAX_AD_SHARE:
        flags.append("unmanaged_ads")
    if unanswered > MAX_UNANSWERED or (questions and figures["question_response_rate"] < MIN_RESPONSE_RATE):
        flags.append("unanswered_questions")
    if longest >= MAX_SILENCE or (members and figures["active_share_7d"] < MIN_ACTIVE_SHARE):
        flags.append("long_silence")
    if figures["top_decile_share"] > MAX_TOP_DECILE_SHARE:
        flags.append("one_voice_dominates")
    figures["flags"] = tuple(flags)
    return figures


# -- the groupkit side -----------------------------------------------------------------------------


def engine_engagement(community: gk.Community, now: datetime) -> dict[str, Any]:
    return gk.view(community, now=now).measure(ENGAGEMENT)


def engine_lifecycle(community: gk.Community, now: datetime) -> dict[str, str]:
    return gk.view(community, now=now).segment(LIFECYCLE)


def engine_standard(community: gk.Community, now: datetime) -> dict[str, str]:
    return gk.view(community, now=now).segment(STANDARD)


def engine_health(community: gk.Community, now: datetime) -> Any:
    return gk.view(community, now=now).health()


# -- comparing and describing answers ---------------------------------------------------------------


def close(a: Any, b: Any) -> bool:
    if isinstance(a, float) or isinstance(b, float):
        return isinstance(a, int | float) and isinstance(b, int | float) and math.isclose(a, b, rel_tol=REL_TOL)
    return bool(a == b)


def same_scores(name: str, where: str, engine: dict[str, Any], hand: dict[str, Any]) -> None:
    """Same members in the same order, each score within a relative `REL_TOL`."""
    if list(engine) != list(hand):
        only_engine = [m for m in engine if m not in hand]
        only_hand = [m for m in hand if m not in engine]
        raise Mismatch(
            f"{name} ({where}): {len(engine)} vs {len(hand)} members; only in groupkit {only_engine[:5]}, "
            f"only hand-written {only_hand[:5]}" + ("" if only_engine or only_hand else "; different order")
        )
    differ = [(m, engine[m], hand[m]) for m in engine if not close(engine[m], hand[m])]
    if differ:
        raise Mismatch(f"{name} ({where}): {len(differ)} members differ, e.g. (groupkit, hand-written) {differ[:5]}")


def same_segments(name: str, where: str, engine: dict[str, str], hand: dict[str, str]) -> None:
    """Identical dicts: same keys, same values, same order."""
    if engine == hand and list(engine) == list(hand):
        return
    differ = [(m, engine[m], hand[m]) for m in engine if m in hand and engine[m] != hand[m]]
    raise Mismatch(
        f"{name} ({where}): {len(engine)} vs {len(hand)} members, {len(differ)} in different segments, e.g. "
        f"(member, groupkit, hand-written) {differ[:5]}" + ("" if engine != hand else "; same contents, different order")
    )


def health_figures(health: Any) -> dict[str, Any]:
    """A `Health` record as the hand-written side gives it: its fields by name, flags by name."""
    figures = {field.name: getattr(health, field.name) for field in attrs.fields(type(health))}
    figures["flags"] = tuple(flag.name for flag in figures["flags"])
    return figures


def same_health(name: str, where: str, engine: Any, hand: dict[str, Any]) -> None:
    """Every figure equal (floats within a relative `REL_TOL`), the same flags in the same order."""
    figures = health_figures(engine)
    if list(figures) != list(hand):
        raise Mismatch(f"{name} ({where}): Health has fields {list(figures)}, the hand-written loop {list(hand)}")
    differ = [(key, figures[key], hand[key]) for key in figures if not close(figures[key], hand[key])]
    if differ:
        raise Mismatch(f"{name} ({where}): (figure, groupkit, hand-written) {differ}")


def describe_scores(scores: dict[str, Any]) -> str:
    scored = [value for value in scores.values() if value]
    top = max(scored, default=0)
    return f"{len(scored):,} of {len(scores):,} members scored, median {statistics.median(scored or [0]):.2f}, top {top:.1f}"


def describe_segments(names: Sequence[str]) -> Callable[[dict[str, str]], str]:
    def describe(segments: dict[str, str]) -> str:
        tally = dict.fromkeys(names, 0)
        for segment in segments.values():
            tally[segment] += 1
        return ", ".join(f"{segment} {n:,}" for segment, n in tally.items())

    return describe


def describe_health(health: Any) -> str:
    f = health_figures(health)
    return (
        f"members {f['members']:,}, active 7d {f['active_share_7d']:.3f}, 30d {f['active_share_30d']:.3f}, "
        f"stickiness {f['stickiness']:.3f}, newcomers {f['newcomer_activation']:.3f}, "
        f"answered {f['question_response_rate']:.3f}, unanswered {f['unanswered_questions']:,}, "
        f"ads {f['ad_share']:.3f}, top decile {f['top_decile_share']:.3f}, gini {f['gini']:.3f}, "
        f"joins {f['joins']:,}, flags {', '.join(f['flags']) or 'none'}"
    )


class Case(NamedTuple):
    name: str
    call: str  # what groupkit is asked, after gk.view(community, now=NOW)
    engine: Callable[[gk.Community, datetime], Any]
    hand: Callable[[gk.Community, datetime], Any]
    same: Callable[[str, str, Any, Any], None]
    describe: Callable[[Any], str]


CASES = [
    Case("engagement", f".measure({ENGAGEMENT!r})", engine_engagement, hand_engagement, same_scores, describe_scores),
    Case("segment_lifecycle", ".segment(gk.lifecycle())", engine_lifecycle, hand_lifecycle, same_segments,
         describe_segments(LIFECYCLE.names)),
    Case("segment_standard", ".segment(gk.segments.standard())", engine_standard, hand_standard, same_segments,
         describe_segments(STANDARD.names)),
    Case("health", ".health()", engine_health, hand_health, same_health, describe_health),
]


# -- small communities for the agreement checks ----------------------------------------------------


def edge_community(seed: int, tz: ZoneInfo, now: datetime, quiet: bool = False) -> gk.Community:
    """A small synthetic community plus events on every boundary the definitions draw, shuffled.

    Events exactly at window starts, at `now` and just after it, at local midnights; a member over
    the daily caps; members who come back after a long gap, go dormant or fall off; newcomers
    posting just inside and just outside their grace; questions without an id, answered by the
    asker, answered "before" being asked, answered by a former member; ads; join and leave events;
    a member who joins after `now`. With `quiet`, nobody does anything for 4 days (a long silence).
    """
    base = build(seed, 300, 3_000, tz)
    rng = random.Random(seed)
    members = list(base.members)
    events = list(base.events)
    ids = [m.id for m in members if m.joined_at <= now - timedelta(days=40)]
    extra: list[gk.Event] = []

    def add(member_id: str, kind: str, at: datetime, **fields: Any) -> gk.Event:
        fields.setdefault("id", f"edge{len(extra):04d}")
        event = gk.Event(member_id, kind, at, **fields)
        extra.append(event)
        return event

    def person(name: str, joined: timedelta, role: gk.Role = gk.Role.MEMBER) -> str:
        members.append(gk.Member(name, now - joined, role=role))
        return name

    # half-open windows: exactly at each window's start, just after it, at now and after now
    for offset in (timedelta(days=d) for d in (90, 30, 28, 14, 7, 1)):
        for kind in ("message", "checkin", "purchase", "answer", "share", "invite", "question", "reply"):
            who = rng.choice(ids)
            add(who, kind, now - offset, value=19 if kind == "purchase" else 0)
            add(who, kind, now - offset + timedelta(microseconds=1), value=0.5 if kind == "purchase" else 0)
    for kind in ("message", "checkin", "purchase"):
        add(rng.choice(ids), kind, now, value=49 if kind == "purchase" else 0)
        add(rng.choice(ids), kind, now + timedelta(seconds=1), value=49 if kind == "purchase" else 0)
    # local midnights: the last event of a day and the first of the next, for one member
    today = now.astimezone(tz).date()
    owl = rng.choice(ids)
    for ago in range(1, 6):
        midnight = datetime.combine(today - timedelta(days=ago), clock(), tzinfo=tz)
        add(owl, "checkin", midnight)
        add(owl, "checkin", midnight - timedelta(microseconds=1))
        add(owl, "message", midnight)
    # daily caps: 30 messages and 3 check-ins on one day
    chatty = rng.choice(ids)
    noon = datetime.combine(today - timedelta(days=3), clock(12), tzinfo=tz)
    for i in range(30):
        add(chatty, "message", noon + timedelta(minutes=7 * i))
    for i in range(3):
        add(chatty, "checkin", noon + timedelta(hours=i))
    # lifecycle: back after a gap (from an event, from joining, or just short of it), dormant, falling off
    back = person("back-after-gap", timedelta(days=60))
    add(back, "message", now - timedelta(days=50))
    add(back, "reaction", now - timedelta(days=3))
    late_starter = person("back-from-joining", timedelta(days=45))
    add(late_starter, "message", now - timedelta(days=2))
    for name, silence in (("gap-exactly-30-days", timedelta(days=30)), ("gap-just-short", timedelta(days=30, seconds=-1))):
        who = person(name, timedelta(days=60))
        add(who, "message", now - timedelta(days=6) - silence)
        add(who, "message", now - timedelta(days=6))
    person("never-posted", timedelta(days=100))
    lapsed = person("lapsed", timedelta(days=100))
    add(lapsed, "message", now - timedelta(days=30))
    for name, recent in (("falling", 3), ("steady", 4)):
        who = person(name, timedelta(days=100))
        for i in range(6):
            add(who, "message", now - timedelta(days=27) + timedelta(hours=i))
        for i in range(recent):
            add(who, "message", now - timedelta(days=13) + timedelta(hours=i))
    person("exactly-14-days", timedelta(days=14))
    trend = person("trend-boundary", timedelta(days=100))  # the event at now - 14 days is "before"
    for at in (now - timedelta(days=20), now - timedelta(days=19), now - TREND_WINDOW, now - timedelta(days=2)):
        add(trend, "message", at)
    # standard segments: an event exactly at a window's start is outside it
    paying = person("paying-boundary", timedelta(days=100))
    add(paying, "purchase", now - PAYING_WITHIN, value=99)
    contributing = person("contributor-boundary", timedelta(days=100))
    for at in (now - CONTRIBUTOR_WITHIN, now - timedelta(days=3), now - timedelta(days=2)):
        add(contributing, "share", at)
    present = person("active-boundary", timedelta(days=100))
    for at in (now - ACTIVE_WITHIN, now - timedelta(days=5), now - timedelta(days=3), now - timedelta(days=1)):
        add(present, "reaction", at)
    person("admin-silent", timedelta(days=100), gk.Role.MODERATOR)
    # members after now: one joins later, one has an event before joining
    later = person("joins-later", -timedelta(hours=1))
    add(later, "message", now + timedelta(hours=2))
    early = person("early-bird", -timedelta(days=1))
    add(early, "message", now - timedelta(days=1))
    # newcomers: posting at the end of the grace, just after it, or only reacting
    for name, delay, kind in (("on-time", NEWCOMER_GRACE, "message"),
                              ("too-late", NEWCOMER_GRACE + timedelta(microseconds=1), "message"),
                              ("reacts-only", timedelta(hours=1), "reaction")):
        who = person(name, timedelta(days=10))
        add(who, kind, now - timedelta(days=10) + delay)
    # questions and answers
    asker, helper = rng.sample(ids, 2)
    former = next(e.member_id for e in base.events if not e.member_id.startswith("m"))
    add(asker, "question", now - timedelta(days=3), id=None)  # cannot be answered
    selfish = add(asker, "question", now - timedelta(days=4))
    add(asker, "answer", now - timedelta(days=3), reply_to=selfish.id)
    early_answer = add(asker, "question", now - timedelta(days=4))
    add(helper, "answer", now - timedelta(days=5), reply_to=early_answer.id)
    two = add(asker, "question", now - timedelta(days=2))
    add(helper, "answer", now - timedelta(days=1), reply_to=two.id)
    add(helper, "reply", now - timedelta(days=2) + timedelta(minutes=5), reply_to=two.id)
    add(former, "answer", now - timedelta(days=2) + timedelta(minutes=9), reply_to=two.id)
    by_reply = add(asker, "question", now - timedelta(days=9))
    add(helper, "reply", now - timedelta(days=9) + timedelta(hours=1), reply_to=by_reply.id)
    by_former = add(asker, "question", now - timedelta(days=6))
    add(former, "answer", now - timedelta(days=6) + timedelta(seconds=1), reply_to=by_former.id)
    old = add(asker, "question", now - timedelta(days=31))
    add(helper, "answer", now - timedelta(days=29), reply_to=old.id)
    add(asker, "question", now - UNANSWERED_AFTER)  # not yet overdue
    add(asker, "question", now - UNANSWERED_AFTER - timedelta(microseconds=1))
    same_time = add(asker, "question", now - timedelta(days=8))
    add(helper, "answer", now - timedelta(days=8), reply_to=same_time.id)
    # ads (only True counts, only on posts), joins and leaves
    add(rng.choice(ids), "link", now - timedelta(days=2), data={"ad": True})
    add(rng.choice(ids), "message", now - timedelta(days=2), data={"ad": 1})
    add(rng.choice(ids), "reaction", now - timedelta(days=2), data={"ad": True})
    newcomer = person("joined-twice", timedelta(days=5))
    add(newcomer, "join", now - timedelta(days=5))
    add(newcomer, "leave", now - timedelta(days=4))
    add(newcomer, "join", now - timedelta(days=3))
    add(rng.choice(ids), "join", now - timedelta(days=2))
    add(former, "join", now - timedelta(days=9))
    add(former, "leave", now - timedelta(days=1))
    add(former, "join", now - timedelta(days=40))
    hush = (now - timedelta(days=12), now - timedelta(days=8))
    everything = [e for e in events + extra if not (quiet and hush[0] < e.at <= hush[1])]
    rng.shuffle(everything)
    return gk.Community(base.id + "-edge", base.purpose, base.stage, base.capacity, members, everything, tz)


def sparse_community(seed: int, tz: ZoneInfo, now: datetime, first: timedelta, last: timedelta) -> gk.Community:
    """20 members; one event 40 days before `now`, then one an hour from `now - first` to `now - last`.

    The longest silence is at the window's start (`first` > 3 days) or at its end (`last` > 3 days),
    while enough members are active in the last 7 days.
    """
    rng = random.Random(seed)
    members = [gk.Member(f"s{i:02d}", now - timedelta(days=100)) for i in range(20)]
    ats = [now - timedelta(days=40)]
    at = now - first
    while at <= now - last:
        ats.append(at)
        at += timedelta(hours=1)
    events = [gk.Event(rng.choice(members).id, rng.choice(("message", "reaction", "checkin")), at) for at in ats]
    return gk.Community(f"sparse-{seed}", gk.Purpose.INTEREST, gk.Stage.MATURE, None, members, events, tz)


def agreement_communities(tz_name: str) -> list[tuple[str, gk.Community, datetime]]:
    """Small communities on which both sides must agree before anything is timed."""
    tz, new_york, utc = ZoneInfo(tz_name), ZoneInfo("America/New_York"), ZoneInfo("UTC")
    silent = build(905, 500, 0, utc)
    return [
        (f"synthetic {tz_name}", build(900, 2_000, 20_000, tz), NOW),
        ("synthetic UTC", build(901, 2_000, 20_000, utc), NOW),
        ("synthetic America/New_York over the DST change", build(902, 2_000, 20_000, new_york), gk.synthetic.DEFAULT_NOW),
        (f"edge cases {tz_name}, shuffled", edge_community(903, tz, NOW), NOW),
        ("edge cases America/New_York, shuffled, 4 quiet days", edge_community(904, new_york, gk.synthetic.DEFAULT_NOW, True),
         gk.synthetic.DEFAULT_NOW),
        ("no events", silent, NOW),
        ("silent at the window's start", sparse_community(906, utc, NOW, timedelta(days=26), timedelta(0)), NOW),
        ("silent at the end", sparse_community(907, tz, NOW, timedelta(days=29), timedelta(days=3.5)), NOW),
    ]


def precheck(tz_name: str, cases: Sequence[Case]) -> int:
    checked = agreement_communities(tz_name)
    for where, community, now in checked:
        for case in cases:
            case.same(case.name, f"precheck {where} at {now.isoformat()}", case.engine(community, now), case.hand(community, now))
    return len(checked)


def defaults_note() -> str:
    """Whether the benchmarked segmentations are the library's defaults (they are built explicitly)."""
    different = [name for name, mine, default in (("lifecycle", LIFECYCLE, gk.lifecycle()),
                                                  ("standard", STANDARD, gk.segments.standard())) if mine != default]
    return "" if not different else f"note: {' and '.join(different)}() defaults differ from the benchmarked ones"


# -- plumbing --------------------------------------------------------------------------------------


def timed(function: Callable[[gk.Community, datetime], Any], community: gk.Community, now: datetime) -> tuple[float, Any]:
    start = time.perf_counter()
    result = function(community, now)
    return time.perf_counter() - start, result


def profile(args: argparse.Namespace, cases: Sequence[Case]) -> None:
    for i, case in enumerate(cases):
        community = build(args.seed + i, args.members, args.events, ZoneInfo(args.timezone))
        print_profile(f"{case.name}: gk.view(community, now=NOW){case.call}",
                      lambda: case.engine(community, NOW), args.top)  # noqa: B023


def main(argv: list[str] | None = None) -> int:
    names = [case.name for case in CASES]
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--members", type=int, default=100_000)
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=3, help="timed repetitions per case (median reported)")
    parser.add_argument("--seed", type=int, default=1, help="seed of the first repetition")
    parser.add_argument("--timezone", default="Asia/Shanghai", help="the community's timezone (IANA name)")
    parser.add_argument("--limit", type=float, default=1.5, help="exit 1 if a ratio exceeds this")
    parser.add_argument("--case", action="append", choices=names, help="only this case (repeatable)")
    parser.add_argument("--profile", action="store_true", help="profile the groupkit side instead of timing")
    parser.add_argument("--top", type=int, default=25, help="rows per profile table")
    parser.add_argument("--check-only", action="store_true", help="only check that both sides agree")
    args = parser.parse_args(argv)
    tz = ZoneInfo(args.timezone)
    cases = [case for case in CASES if args.case is None or case.name in args.case]
    note = defaults_note()

    if args.check_only:
        try:
            count = precheck(args.timezone, cases)
            community = build(args.seed, args.members, args.events, tz)
            for case in cases:
                case.same(case.name, f"seed {args.seed}", case.engine(community, NOW), case.hand(community, NOW))
        except Mismatch as error:
            print(f"MISMATCH: {error}")
            return 2
        print(
            f"check: groupkit and the hand-written loops agree on {', '.join(case.name for case in cases)}: "
            f"{count} small communities (incl. a DST change and edge cases) and {args.members:,} members / "
            f"{args.events:,} events (seed {args.seed})"
        )
        if note:
            print(note)
        return 0

    if args.profile:
        profile(args, cases)
        return 0

    print(
        f"groupkit {importlib.metadata.version('groupkit')} benchmark on {platform.python_implementation()} "
        f"{platform.python_version()} ({platform.machine()}): {args.members:,} members, {args.events:,} "
        f"events over {DAYS} days, timezone {args.timezone}, now {NOW.isoformat()}, "
        f"{args.repeat} repetitions (median)"
    )
    for case in cases:
        print(f"  {case.name}: gk.view(community, now=NOW){case.call}")
    if note:
        print(note)
    summaries: dict[str, str] = {}
    try:
        count = precheck(args.timezone, cases)
        print(f"precheck: the same answers on {count} small communities (incl. a DST change and edge cases)", flush=True)

        engine_times: dict[str, list[float]] = {case.name: [] for case in cases}
        hand_times: dict[str, list[float]] = {case.name: [] for case in cases}
        for rep in range(args.repeat):
            for i, case in enumerate(cases):
                seed = args.seed + rep * len(cases) + i
                sides = [("groupkit", case.engine), ("hand-written", case.hand)]
                if rep % 2:
                    sides.reverse()
                answers: dict[str, Any] = {}
                for side, function in sides:
                    community = build(seed, args.members, args.events, tz)
                    if not summaries and not answers:  # the first community built: describe it
                        joined = sum(member.joined_at <= NOW for member in community.members)
                        seen = sum(event.at <= NOW for event in community.events)
                        print(f"data (seed {seed}): {joined:,} members joined by now, {seen:,} events up to now")
                    seconds, answers[side] = timed(function, community, NOW)
                    del community
                    (engine_times if side == "groupkit" else hand_times)[case.name].append(seconds)
                    print(f"  rep {rep + 1} {case.name:<17} {side:<12} {seconds:8.3f} s  (seed {seed})", flush=True)
                case.same(case.name, f"seed {seed}", answers["groupkit"], answers["hand-written"])
                summaries.setdefault(case.name, case.describe(answers["groupkit"]))
    except Mismatch as error:
        print(f"MISMATCH: {error}")
        return 2

    print(f"checked: groupkit and hand-written answers agree in every timed pair ({args.repeat} per case)")
    print()
    print(f"{'case':<18} {'groupkit s':>11} {'hand-written s':>15} {'ratio':>6}  {'each pair':>11}")
    ratios = {}
    for case in cases:
        engine_s = statistics.median(engine_times[case.name])
        hand_s = statistics.median(hand_times[case.name])
        ratios[case.name] = engine_s / hand_s
        pairs = [a / b for a, b in zip(engine_times[case.name], hand_times[case.name])]
        spread = f"{min(pairs):.2f}-{max(pairs):.2f}"
        print(f"{case.name:<18} {engine_s:>11.3f} {hand_s:>15.3f} {ratios[case.name]:>6.2f}  {spread:>11}")
    print()
    for case in cases:
        print(f"{case.name}: {summaries[case.name]}")
    print()
    for name, ratio in ratios.items():
        print(f"ratio {name} = {ratio:.2f}")
    over = [name for name, ratio in ratios.items() if ratio > args.limit]
    if over:
        print(f"FAIL: ratio above {args.limit} for {', '.join(over)}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
