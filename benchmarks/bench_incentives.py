"""Benchmark: Discourse trust levels and Stack Exchange reputation against hand-written Python loops.

Builds two synthetic communities (100,000 members and 1,000,000 events over 200 days by default),
one of a Discourse forum and one of a Stack Exchange site, and times, from the `Community` on:

* ``discourse_tiers``: ``gk.view(community, now=NOW).tiers(gk.presets.discourse_trust_levels())``
* ``stack_exchange_points``: ``gk.view(community, now=NOW).points(gk.presets.stack_exchange_reputation())``

each against a function a competent Python developer would write without groupkit from the
published rules (``reference/anchors.md`` §1 and §3): one pass over ``community.events`` filling
dicts, then one loop over the members. The hand-written trust levels give each member the change
and the new level, as groupkit's decisions do; groupkit words the reasons of a decision (verdicts
with the observed numbers) when they are first read, so the script times that separately, for
every member at once, and prints it beside the ratio (it is not part of it). The hand-written
reputation gives each member's balance, earned total and ledger (every earned, capped and lost
line, as plain tuples), which must equal groupkit's, line for line.

Conventions as in ``bench_rules.py``: every timed run gets a freshly built community (not timed),
the two sides alternate in order, both must agree before timing and in every timed pair (else exit
status 2), the script prints medians and ``ratio discourse_tiers = 0.80`` lines (groupkit seconds /
hand-written seconds) and exits with status 1 if a ratio exceeds ``--limit`` (1.5 by default).

    python benchmarks/bench_incentives.py                                     # full size
    python benchmarks/bench_incentives.py --members 2000 --events 20000 --check-only
    python benchmarks/bench_incentives.py --profile --case discourse_tiers
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
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from itertools import accumulate
from typing import Any, NamedTuple
from zoneinfo import ZoneInfo

import groupkit as gk
from bench_rules import Mismatch, print_profile

NOW = datetime(2026, 11, 1, 12, tzinfo=UTC)
DAYS = 200

# -- Discourse: the defaults of site_settings.yml (anchors §1.2), spelled out for the hand-written side

TL1 = {"topics": 5, "posts": 30, "minutes": 10}
TL2 = {"topics": 20, "posts": 100, "minutes": 60, "days": 15, "likes_received": 1, "likes_given": 1, "replies": 3}
TL3_WINDOW = timedelta(days=100)
TL3 = {"days": 50, "replies": 10, "topics_pct": 25, "topics_cap": 500, "posts_pct": 25, "posts_cap": 20000,
       "topics_all": 200, "posts_all": 500, "max_flagged": 5, "likes_given": 30, "likes_received": 20}
LOW_WATER_MARK = 0.9
FORGIVENESS = timedelta(seconds=15_778_476)  # 6.months
MIN_STAY = timedelta(days=14)
LEVELS = ("basic", "member", "regular", "leader")
LOCK_TAG = "trust_level_locked"

FORUM_KINDS = (("visit", 14), ("read", 14), ("read_time", 8), ("enter_topic", 14), ("reply_topic", 5),
               ("like", 20), ("flag_agreed", 0.4), ("suspend", 0.02), ("silence", 0.02), ("topic", 3),
               ("post", 21.56))


def forum(seed: int, members: int, events: int, tz: Any) -> gk.Community:
    """A Discourse-like forum: skewed activity, members at every level, some locked, some suspended."""
    rng = random.Random(seed)
    start = NOW - timedelta(days=DAYS)
    people, weights = [], []
    for i in range(members):
        joined = start - timedelta(days=rng.uniform(0, 300)) if rng.random() < 0.9 else NOW - timedelta(
            minutes=rng.uniform(1, 60 * 24 * DAYS))
        level = rng.choices((None, *LEVELS), (40, 25, 20, 14, 1))[0]
        since = None if level is None else NOW - timedelta(days=rng.uniform(0, 60))
        tags = frozenset({LOCK_TAG}) if rng.random() < 0.005 else frozenset()
        people.append(gk.Member(f"u{i:06d}", joined, tier=level, tier_since=since, tags=tags))
        weights.append(rng.paretovariate(1.1))
    ids = [p.id for p in people]
    joined_at = {p.id: p.joined_at for p in people}
    cumulative = list(accumulate(weights))
    authors = rng.choices(ids, cum_weights=cumulative, k=events)
    kinds = rng.choices([k for k, _ in FORUM_KINDS], cum_weights=list(accumulate(w for _, w in FORUM_KINDS)),
                        k=events)
    made = []
    for author, kind in zip(authors, kinds):
        at = max(start + timedelta(seconds=rng.randrange(DAYS * 86400)), joined_at[author])
        value, target = 0, None
        if kind == "read":
            value = rng.randint(1, 40)
        elif kind == "read_time":
            value = rng.randint(10, 900)
        elif kind in ("like", "flag_agreed"):
            target = rng.choices(ids, cum_weights=cumulative)[0]
        elif kind in ("suspend", "silence"):
            author, target = "staff", author
        made.append(gk.Event(author, kind, at, value=value, target=target))
    made.sort(key=lambda e: e.at)
    return gk.Community(f"forum-{seed}", "knowledge", "mature", None, people, made, tz)


def hand_discourse(community: gk.Community, now: datetime) -> dict[str, tuple[str, str | None]]:
    """Each member's (change, new level) under Discourse's rules, with one pass over the events."""
    tz = community.timezone
    window_start, penalty_start = now - TL3_WINDOW, now - FORGIVENESS
    topics_all: dict[str, int] = {}
    topics_win: dict[str, int] = {}
    read_all: dict[str, int] = {}
    read_win: dict[str, int] = {}
    read_time: dict[str, int] = {}
    visit_days: dict[str, set[date]] = {}
    visit_days_win: dict[str, set[date]] = {}
    replies_all: dict[str, int] = {}
    replies_win: dict[str, int] = {}
    given_all: dict[str, int] = {}
    given_win: dict[str, int] = {}
    received_all: dict[str, int] = {}
    received_win: dict[str, int] = {}
    likers: dict[str, set[str]] = {}
    like_days: dict[str, set[date]] = {}
    flagged: dict[str, int] = {}
    flaggers: dict[str, set[str]] = {}
    penalised: set[str] = set()
    new_topics = new_posts = 0
    for e in community.events:
        at = e.at
        if at > now:
            continue
        kind, who = e.kind, e.member_id
        recent = at > window_start
        if kind == "post":
            new_posts += recent
        elif kind == "like":
            given_all[who] = given_all.get(who, 0) + 1
            if e.target is not None:
                received_all[e.target] = received_all.get(e.target, 0) + 1
            if recent:
                given_win[who] = given_win.get(who, 0) + 1
                if e.target is not None:
                    received_win[e.target] = received_win.get(e.target, 0) + 1
                    likers.setdefault(e.target, set()).add(who)
                    like_days.setdefault(e.target, set()).add(at.astimezone(tz).date())
        elif kind == "enter_topic":
            topics_all[who] = topics_all.get(who, 0) + 1
            if recent:
                topics_win[who] = topics_win.get(who, 0) + 1
        elif kind == "read":
            read_all[who] = read_all.get(who, 0) + e.value
            if recent:
                read_win[who] = read_win.get(who, 0) + e.value
        elif kind == "visit":
            day = at.astimezone(tz).date()
            visit_days.setdefault(who, set()).add(day)
            if recent:
                visit_days_win.setdefault(who, set()).add(day)
        elif kind == "read_time":
            read_time[who] = read_time.get(who, 0) + e.value
        elif kind == "reply_topic":
            replies_all[who] = replies_all.get(who, 0) + 1
            if recent:
                replies_win[who] = replies_win.get(who, 0) + 1
        elif kind == "topic":
            new_topics += recent
        elif kind == "flag_agreed":
            if recent and e.target is not None:
                flagged[e.target] = flagged.get(e.target, 0) + 1
                flaggers.setdefault(e.target, set()).add(who)
        elif kind in ("suspend", "silence") and at > penalty_start and e.target is not None:
            penalised.add(e.target)

    def rounded(x: float) -> int:
        return math.floor(x + 0.5)

    min_topics = min(rounded(new_topics * TL3["topics_pct"] / 100), TL3["topics_cap"])
    min_posts = min(rounded(new_posts * TL3["posts_pct"] / 100), TL3["posts_cap"])
    min_likers = math.ceil(TL3["likes_received"] / 4.0)
    min_like_days = min(math.ceil(TL3["likes_received"] / 3.0), math.ceil(0.75 * TL3_WINDOW.days))

    def lifetime(mid: str, member: gk.Member, needs: dict[str, int]) -> bool:
        return (topics_all.get(mid, 0) >= needs["topics"] and read_all.get(mid, 0) >= needs["posts"]
                and read_time.get(mid, 0) >= needs["minutes"] * 60
                and (now - member.joined_at).total_seconds() / 86400 * 1440 >= needs["minutes"])

    def tl3(mid: str, share: float) -> bool:
        return (mid not in penalised
                and len(visit_days_win.get(mid, ())) >= share * TL3["days"]
                and replies_win.get(mid, 0) >= share * TL3["replies"]
                and topics_win.get(mid, 0) >= share * min_topics
                and read_win.get(mid, 0) >= share * min_posts
                and flagged.get(mid, 0) <= TL3["max_flagged"]
                and len(flaggers.get(mid, ())) <= TL3["max_flagged"]
                and topics_all.get(mid, 0) >= TL3["topics_all"]
                and read_all.get(mid, 0) >= TL3["posts_all"]
                and given_win.get(mid, 0) >= share * TL3["likes_given"]
                and received_win.get(mid, 0) >= share * TL3["likes_received"]
                and len(likers.get(mid, ())) >= share * min_likers
                and len(like_days.get(mid, ())) >= share * min_like_days)

    decisions = {}
    for member in community.members:
        mid = member.id
        if member.joined_at > now:
            continue
        current = -1 if member.tier is None else LEVELS.index(member.tier)
        up = -1
        if lifetime(mid, member, TL1):
            up = 0
            if (lifetime(mid, member, TL2) and len(visit_days.get(mid, ())) >= TL2["days"]
                    and received_all.get(mid, 0) >= TL2["likes_received"]
                    and given_all.get(mid, 0) >= TL2["likes_given"] and replies_all.get(mid, 0) >= TL2["replies"]):
                up = 1
                if tl3(mid, 1):
                    up = 2
        target = current
        if up > current:
            target = up
        elif current == 2 and not tl3(mid, LOW_WATER_MARK):
            target = max(1, up)
        if target == current:
            decisions[mid] = ("kept", member.tier)
        elif LOCK_TAG in member.tags:
            decisions[mid] = ("held", member.tier)
        elif target > current:
            decisions[mid] = ("promoted", LEVELS[target])
        elif member.tier_since is not None and now - member.tier_since < MIN_STAY:
            decisions[mid] = ("held", member.tier)
        else:
            decisions[mid] = ("demoted", LEVELS[target])
    return decisions


def engine_discourse(community: gk.Community, now: datetime) -> dict[str, Any]:
    return gk.view(community, now=now).tiers(TRUST_LEVELS)


TRUST_LEVELS = gk.presets.discourse_trust_levels()


def same_decisions(where: str, engine: dict[str, Any], hand: dict[str, tuple[str, str | None]]) -> None:
    mine = {mid: (d.change, d.new) for mid, d in engine.items()}
    if mine == hand and list(mine) == list(hand):
        return
    differ = [(m, mine.get(m), hand.get(m)) for m in {*mine, *hand} if mine.get(m) != hand.get(m)]
    raise Mismatch(f"discourse_tiers ({where}): {len(differ)} members differ, e.g. {sorted(differ)[:5]}")


def describe_decisions(engine: dict[str, Any]) -> str:
    changes: dict[str, int] = {}
    levels: dict[str | None, int] = {}
    for d in engine.values():
        changes[d.change] = changes.get(d.change, 0) + 1
        levels[d.new] = levels.get(d.new, 0) + 1
    return (", ".join(f"{k} {v:,}" for k, v in sorted(changes.items())) + "; levels: "
            + ", ".join(f"{k} {levels.get(k, 0):,}" for k in (None, *LEVELS)))


# -- Stack Exchange: the help-centre table (anchors §3.1), spelled out ------------------------------

SE_KINDS = (("upvote_question", 20), ("upvote_answer", 35), ("downvote_question", 6), ("downvote_answer", 6),
            ("accept", 8), ("edit_approved", 15), ("bounty_place", 0.5), ("bounty_award", 0.5),
            ("association_bonus", 1), ("spam_flagged", 0.2))
GAINS = {"upvote_question": 10, "upvote_answer": 10}
DAILY_CAP, EDIT_CAP, START, FLOOR = 200, 1000, 1, 1


def exchange(seed: int, members: int, events: int, tz: Any) -> gk.Community:
    """A Stack Exchange-like site: skewed authorship of voted posts, votes from anyone."""
    rng = random.Random(seed)
    start = NOW - timedelta(days=DAYS)
    people, weights = [], []
    for i in range(members):
        people.append(gk.Member(f"u{i:06d}", start - timedelta(days=rng.uniform(0, 300))))
        weights.append(rng.paretovariate(1.1))
    ids = [p.id for p in people]
    cumulative = list(accumulate(weights))
    actors = rng.choices(ids, k=events)
    targets = rng.choices(ids, cum_weights=cumulative, k=events)
    kinds = rng.choices([k for k, _ in SE_KINDS], cum_weights=list(accumulate(w for _, w in SE_KINDS)), k=events)
    made = []
    for actor, target, kind in zip(actors, targets, kinds):
        at = start + timedelta(seconds=rng.randrange(DAYS * 86400))
        value = rng.choice((50, 100, 200, 500)) if kind in ("bounty_place", "bounty_award") else 0
        aimed = kind not in ("edit_approved", "bounty_place", "association_bonus")
        made.append(gk.Event(actor, kind, at, value=value, target=target if aimed else None))
    made.sort(key=lambda e: e.at)
    return gk.Community(f"exchange-{seed}", "knowledge", "mature", None, people, made, tz)


REPUTATION = gk.presets.stack_exchange_reputation()


def hand_reputation(community: gk.Community, now: datetime) -> dict[str, tuple[int, int, list[tuple[Any, ...]]]]:
    """Each member's balance, earned total and ledger under Stack Exchange's rules, in time order.

    Ledger lines are plain tuples ``(at, kind, points, rule, note)``, as groupkit's `Ledger` keeps them.
    """
    tz = community.timezone
    balance = {m.id: START for m in community.members if m.joined_at <= now}
    earned = dict.fromkeys(balance, 0)
    lines: dict[str, list[tuple[Any, ...]]] = {mid: [] for mid in balance}
    today: dict[tuple[str, date], int] = {}
    edits: dict[str, int] = {}
    bonus: set[str] = set()

    def gain(who: str, rule: str, points: int, at: datetime, exempt: bool = False, room: float = math.inf) -> int:
        """Credit `points`, cut by `room` (a total cap) and the daily cap (unless exempt)."""
        allowed, why = points, ""
        if room < allowed:
            allowed, why = max(0, room), f"{rule} total cap"
        if not exempt:
            key = (who, at.astimezone(tz).date())
            used = today.get(key, 0)
            if DAILY_CAP - used < allowed:
                allowed, why = max(0, DAILY_CAP - used), "daily cap"
            today[key] = used + allowed
        if allowed > 0:
            balance[who] += allowed
            earned[who] += allowed
            lines[who].append((at, "earned", allowed, rule, ""))
        if allowed < points:
            lines[who].append((at, "capped", points - allowed, rule, f"cut by the {why}"))
        return int(allowed)

    def lose(who: str, rule: str, points: int, at: datetime) -> None:
        loss, note = points, ""
        if balance[who] + points < FLOOR:
            loss, note = min(0, FLOOR - balance[who]), f"{points} cut at the floor of {FLOOR}"
        balance[who] += loss
        earned[who] += loss
        lines[who].append((at, "lost", loss, rule, note))

    events = sorted((e for e in community.events if e.at <= now),
                    key=lambda e: (e.at, e.id or "", e.kind, e.member_id, e.target or "", e.value, e.text))
    for e in events:
        kind, actor, target, at = e.kind, e.member_id, e.target, e.at
        if target == actor:
            continue
        if kind == "upvote_question":
            if target in balance:
                gain(target, "question upvoted", 10, at)
        elif kind == "upvote_answer":
            if target in balance:
                gain(target, "answer upvoted", 10, at)
        elif kind == "downvote_question":
            if target in balance:
                lose(target, "question downvoted", -2, at)
        elif kind == "downvote_answer":
            if target in balance:
                lose(target, "answer downvoted", -2, at)
            if actor in balance:
                lose(actor, "downvoted an answer", -1, at)
        elif kind == "accept":
            if target in balance:
                gain(target, "answer accepted", 15, at, exempt=True)
            if actor in balance:
                gain(actor, "accepted an answer", 2, at, exempt=True)
        elif kind == "edit_approved":
            if actor in balance:
                edits[actor] = edits.get(actor, 0) + gain(actor, "edit approved", 2, at,
                                                          room=EDIT_CAP - edits.get(actor, 0))
        elif kind == "bounty_place":
            if actor in balance:
                lose(actor, "bounty placed", -e.value, at)
        elif kind == "bounty_award":
            if target in balance:
                gain(target, "bounty awarded", e.value, at, exempt=True)
        elif kind == "association_bonus":
            if actor in balance:
                gain(actor, "association bonus", 100, at, exempt=True, room=0 if actor in bonus else 100)
                bonus.add(actor)
        elif kind == "spam_flagged" and target in balance:
            lose(target, "spam flagged", -100, at)
    return {mid: (balance[mid], earned[mid], lines[mid]) for mid in balance}


def engine_reputation(community: gk.Community, now: datetime) -> dict[str, Any]:
    return gk.view(community, now=now).points(REPUTATION)


def same_balances(where: str, engine: dict[str, Any], hand: dict[str, tuple[int, int, list[Any]]]) -> None:
    mine = {mid: (b.balance, b.earned, b.entries) for mid, b in engine.items()}
    if mine == hand and list(mine) == list(hand) and all(b.spent == b.expired == 0 for b in engine.values()):
        return
    differ = [(m, mine.get(m, (0, 0))[:2], hand.get(m, (0, 0))[:2]) for m in {*mine, *hand} if mine.get(m) != hand.get(m)]
    raise Mismatch(f"stack_exchange_points ({where}): {len(differ)} members differ, e.g. {sorted(differ)[:5]}")


def describe_balances(engine: dict[str, Any]) -> str:
    values = sorted(b.balance for b in engine.values())
    return (f"balances: median {statistics.median(values):,}, top {values[-1]:,}; "
            f"{sum(len(b.entries) for b in engine.values()):,} ledger lines")


# -- plumbing --------------------------------------------------------------------------------------


class Case(NamedTuple):
    name: str
    build: Callable[[int, int, int, Any], gk.Community]
    engine: Callable[[gk.Community, datetime], Any]
    hand: Callable[[gk.Community, datetime], Any]
    same: Callable[[str, Any, Any], None]
    describe: Callable[[Any], str]
    after: Callable[[Any], float] | None = None  # extra work on groupkit's answer, timed apart


def word_every_reason(decisions: dict[str, Any]) -> float:
    """Seconds to word the reasons of every decision (groupkit does it on first read)."""
    start = time.perf_counter()
    for decision in decisions.values():
        len(decision.reasons)
    return time.perf_counter() - start


CASES = (
    Case("discourse_tiers", forum, engine_discourse, hand_discourse, same_decisions, describe_decisions,
         word_every_reason),
    Case("stack_exchange_points", exchange, engine_reputation, hand_reputation, same_balances, describe_balances),
)


def built(case: Case, seed: int, members: int, events: int, tz: Any) -> gk.Community:
    gc.disable()
    try:
        community = case.build(seed, members, events, tz)
    finally:
        gc.enable()
    gc.collect()
    return community


def precheck(cases: list[Case], tz: Any) -> int:
    checked = 0
    for case in cases:
        for seed, zone, members, events in ((900, tz, 2000, 20000), (901, ZoneInfo("UTC"), 300, 30000),
                                            (902, ZoneInfo("America/New_York"), 50, 20000)):
            community = built(case, seed, members, events, zone)
            for now in (NOW, NOW - timedelta(days=37, hours=5)):
                case.same(f"precheck seed {seed} {zone} at {now.isoformat()}", case.engine(community, now),
                          case.hand(community, now))
                checked += 1
    return checked


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

    if args.profile:
        for case in cases:
            sample = built(case, args.seed, args.members, args.events, tz)
            print_profile(case.name, lambda: case.engine(sample, NOW), args.top)  # noqa: B023
        return 0
    try:
        count = precheck(cases, tz)
        if args.check_only:
            for case in cases:
                community = built(case, args.seed, args.members, args.events, tz)
                case.same(f"seed {args.seed}", case.engine(community, NOW), case.hand(community, NOW))
            print(f"check: groupkit and the hand-written loops agree on {', '.join(case.name for case in cases)}: {count} small "
                  f"checks (three timezones incl. a DST change, two moments) and {args.members:,} members / "
                  f"{args.events:,} events (seed {args.seed})")
            return 0
        print(
            f"groupkit {importlib.metadata.version('groupkit')} benchmark on {platform.python_implementation()} "
            f"{platform.python_version()} ({platform.machine()}): {args.members:,} members, {args.events:,} "
            f"events over {DAYS} days, timezone {args.timezone}, now {NOW.isoformat()}, "
            f"{args.repeat} repetitions (median)"
        )
        print(f"precheck: the same answers in {count} small checks", flush=True)
        engine_times: dict[str, list[float]] = {case.name: [] for case in cases}
        hand_times: dict[str, list[float]] = {case.name: [] for case in cases}
        summaries: dict[str, str] = {}
        extra_times: dict[str, list[float]] = {}
        for rep in range(args.repeat):
            for i, case in enumerate(cases):
                seed = args.seed + rep * len(cases) + i
                sides = [("groupkit", case.engine), ("hand-written", case.hand)]
                if rep % 2:
                    sides.reverse()
                answers: dict[str, Any] = {}
                for side, function in sides:
                    community = built(case, seed, args.members, args.events, tz)
                    start = time.perf_counter()
                    answers[side] = function(community, NOW)
                    seconds = time.perf_counter() - start
                    del community
                    (engine_times if side == "groupkit" else hand_times)[case.name].append(seconds)
                    print(f"  rep {rep + 1} {case.name:<22} {side:<12} {seconds:8.3f} s  (seed {seed})", flush=True)
                case.same(f"seed {seed}", answers["groupkit"], answers["hand-written"])
                summaries.setdefault(case.name, case.describe(answers["groupkit"]))
                if case.after is not None:
                    extra_times.setdefault(case.name, []).append(case.after(answers["groupkit"]))
    except Mismatch as error:
        print(f"MISMATCH: {error}")
        return 2
    print(f"checked: groupkit and hand-written answers agree in every timed pair ({args.repeat} per case)\n")
    print(f"{'case':<23} {'groupkit s':>11} {'hand-written s':>15} {'ratio':>6}  {'each pair':>11}")
    ratios = {}
    for case in cases:
        engine_s, hand_s = statistics.median(engine_times[case.name]), statistics.median(hand_times[case.name])
        ratios[case.name] = engine_s / hand_s
        pairs = [a / b for a, b in zip(engine_times[case.name], hand_times[case.name])]
        print(f"{case.name:<23} {engine_s:>11.3f} {hand_s:>15.3f} {ratios[case.name]:>6.2f}  "
              f"{min(pairs):.2f}-{max(pairs):.2f}")
    print()
    for case in cases:
        print(f"{case.name}: {summaries[case.name]}")
    print()
    for name, seconds in extra_times.items():
        print(f"{name}: wording every member's reasons afterwards takes {statistics.median(seconds):.3f} s "
              "(median; not in the ratio)")
    for name, ratio in ratios.items():
        print(f"ratio {name} = {ratio:.2f}")
    over = [name for name, ratio in ratios.items() if ratio > args.limit]
    if over:
        print(f"FAIL: ratio above {args.limit} for {', '.join(over)}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
