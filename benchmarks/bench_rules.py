"""Benchmark: `view.test` of two rules against hand-written Python loops on the same data.

Builds a synthetic community (100,000 members and 1,000,000 events over 30 days by default) and
times, for each rule, everything from the `Community` object on:

* groupkit: ``gk.view(community, now=NOW).test(rule)``
* hand-written: a function a competent Python developer would write without groupkit, taking the
  same `Community` object: one pass over ``community.events`` filling dicts, then one loop over
  the members, returning a dict member id -> bool.

Building the community is not timed, but every timed run gets a community built fresh (new
`Community`, `Member` and `Event` objects), so nothing can be reused from an earlier run. Each
repetition of a rule uses its own seed; the groupkit run and the hand-written run of a repetition
get two separately built communities from that seed, so they see the same data. Before any timing,
and again after every timed pair, the two answers must be identical dicts, or the script stops.

Prints a table (medians over the repetitions) and one line per rule, ``ratio rule_and = 0.42``,
where ratio = groupkit seconds / hand-written seconds. Exits with status 1 if a ratio exceeds the
limit (1.0 by default), after printing everything, so it can serve as a check.

    python benchmarks/bench_rules.py                       # full size, about 3 minutes
    python benchmarks/bench_rules.py --members 2000 --events 20000   # smoke run, seconds
    python benchmarks/bench_rules.py --profile             # cProfile of the groupkit side instead
"""

from __future__ import annotations

import argparse
import cProfile
import gc
import importlib.metadata
import io
import platform
import pstats
import statistics
import sys
import time
from collections.abc import Callable
from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import groupkit as gk
from groupkit.metrics import active_days, count, tenure_days, total
from groupkit.rules import has_role

DAYS = 30  # the synthetic data span (now - 30 days, DEFAULT_NOW]
# One day before the end of the data: some events come after `now` and some members join later.
NOW = gk.synthetic.DEFAULT_NOW - timedelta(days=1)
WEEK = timedelta(days=7)
MONTH = timedelta(days=30)

# Thresholds, shared by the rules and the hand-written loops so the two cannot drift apart.
MESSAGES_WEEK = 3  # rule_and: messages in the last 7 days
ACTIVE_DAYS_MONTH = 5  # rule_and: distinct active days in the last 30 days
SPENT_EVER = 50  # rule_and: purchase value, all time
EXCLUDED_ROLE = "admin"  # rule_and: not an admin
TENURE = 30  # rule_and: days since joining
CHATTY_WEEK = 10  # rule_or: messages in the last 7 days
PRESENT_DAYS = 15  # rule_or: distinct active days in the last 30 days
MESSAGES_MONTH = 20  # rule_or_counts: messages in the last 30 days
SPENT_MONTH = 100  # rule_or_counts: purchase value in the last 30 days

# "Regular, paying, established members": five parts, the first rules most members out.
RULE_AND = (
    (count("message", WEEK) >= MESSAGES_WEEK)
    & (active_days(MONTH) >= ACTIVE_DAYS_MONTH)
    & (total("purchase") >= SPENT_EVER)
    & ~has_role(EXCLUDED_ROLE)
    & (tenure_days() >= TENURE)
)
# "Active members: chatty this week, or present on half the days this month": no member can be
# skipped for either part.
RULE_OR = (count("message", WEEK) >= CHATTY_WEEK) | (active_days(MONTH) >= PRESENT_DAYS)
# "Big talkers or big spenders this month": two plain counts and sums, the hardest case for an
# engine against one hand-written pass. Reported for information; its ratio is not enforced.
RULE_OR_COUNTS = (count("message", MONTH) >= MESSAGES_MONTH) | (total("purchase", MONTH) >= SPENT_MONTH)


# -- the hand-written baselines ------------------------------------------------------------------


def hand_rule_and(community: gk.Community, now: datetime) -> dict[str, bool]:
    """RULE_AND without groupkit: one pass over the events with dicts, then one over the members."""
    tz = community.timezone
    week_start = now - WEEK
    month_start = now - MONTH
    messages: dict[str, int] = {}
    days: dict[str, set[object]] = {}
    spent: dict[str, float] = {}
    for event in community.events:
        at = event.at
        if at > now:
            continue
        member_id = event.member_id
        kind = event.kind
        if kind == "message" and at > week_start:
            messages[member_id] = messages.get(member_id, 0) + 1
        if at > month_start:
            seen = days.get(member_id)
            if seen is None:
                seen = days[member_id] = set()
            seen.add(at.astimezone(tz).date())
        if kind == "purchase":
            spent[member_id] = spent.get(member_id, 0) + event.value
    result: dict[str, bool] = {}
    for member in community.members:
        if member.joined_at > now:
            continue
        member_id = member.id
        result[member_id] = (
            messages.get(member_id, 0) >= MESSAGES_WEEK
            and len(days.get(member_id, ())) >= ACTIVE_DAYS_MONTH
            and spent.get(member_id, 0) >= SPENT_EVER
            and member.role != EXCLUDED_ROLE
            and (now - member.joined_at).total_seconds() / 86400 >= TENURE
        )
    return result


def hand_rule_or(community: gk.Community, now: datetime) -> dict[str, bool]:
    """RULE_OR without groupkit: one pass over the events with dicts, then one over the members."""
    tz = community.timezone
    week_start = now - WEEK
    month_start = now - MONTH
    messages: dict[str, int] = {}
    days: dict[str, set[object]] = {}
    for event in community.events:
        at = event.at
        if at > now or at <= month_start:
            continue
        member_id = event.member_id
        if at > week_start and event.kind == "message":
            messages[member_id] = messages.get(member_id, 0) + 1
        seen = days.get(member_id)
        if seen is None:
            seen = days[member_id] = set()
        seen.add(at.astimezone(tz).date())
    result: dict[str, bool] = {}
    for member in community.members:
        if member.joined_at > now:
            continue
        member_id = member.id
        result[member_id] = (
            messages.get(member_id, 0) >= CHATTY_WEEK or len(days.get(member_id, ())) >= PRESENT_DAYS
        )
    return result


def hand_rule_or_counts(community: gk.Community, now: datetime) -> dict[str, bool]:
    """RULE_OR_COUNTS without groupkit: one pass over the events with dicts, then one over the members."""
    month_start = now - MONTH
    messages: dict[str, int] = {}
    spent: dict[str, float] = {}
    for event in community.events:
        at = event.at
        if at > now or at <= month_start:
            continue
        kind = event.kind
        if kind == "message":
            member_id = event.member_id
            messages[member_id] = messages.get(member_id, 0) + 1
        elif kind == "purchase":
            member_id = event.member_id
            spent[member_id] = spent.get(member_id, 0) + event.value
    result: dict[str, bool] = {}
    for member in community.members:
        if member.joined_at > now:
            continue
        member_id = member.id
        result[member_id] = messages.get(member_id, 0) >= MESSAGES_MONTH or spent.get(member_id, 0) >= SPENT_MONTH
    return result


def groupkit_test(rule: gk.rules.Predicate) -> Callable[[gk.Community, datetime], dict[str, bool]]:
    def run(community: gk.Community, now: datetime) -> dict[str, bool]:
        return gk.view(community, now=now).test(rule)

    return run


RULES: list[tuple[str, gk.rules.Predicate, Callable[[gk.Community, datetime], dict[str, bool]]]] = [
    ("rule_and", RULE_AND, hand_rule_and),
    ("rule_or", RULE_OR, hand_rule_or),
    ("rule_or_counts", RULE_OR_COUNTS, hand_rule_or_counts),
]
ENFORCED = ("rule_and", "rule_or")  # the two rules the foundation issue sets the bar for


# -- plumbing ------------------------------------------------------------------------------------


class Mismatch(Exception):
    pass


def build(seed: int, members: int, events: int, tz: timezone | ZoneInfo) -> gk.Community:
    """A freshly built synthetic community (not timed); the collector is quiet while it builds."""
    gc.disable()
    try:
        community = gk.synthetic.community(seed=seed, members=members, events=events, days=DAYS, timezone=tz)
    finally:
        gc.enable()
    gc.collect()  # start every timed run from the same collector state
    if len(community.members) != members or len(community.events) != events:
        raise SystemExit(
            f"synthetic.community built {len(community.members)} members and {len(community.events)} "
            f"events, expected {members} and {events}"
        )
    return community


def same(name: str, where: str, engine: dict[str, bool], hand: dict[str, bool]) -> None:
    """Raise `Mismatch` unless both answers are the same dict (same keys, same values, same order)."""
    if engine == hand and list(engine) == list(hand):
        return
    only_engine = [m for m in engine if m not in hand]
    only_hand = [m for m in hand if m not in engine]
    differ = [m for m in engine if m in hand and engine[m] != hand[m]]
    raise Mismatch(
        f"{name} ({where}): groupkit and the hand-written loop disagree: "
        f"{len(engine)} vs {len(hand)} members, {sum(engine.values())} vs {sum(hand.values())} selected; "
        f"only in groupkit {only_engine[:5]}, only hand-written {only_hand[:5]}, "
        f"different values {[(m, engine[m], hand[m]) for m in differ[:5]]}"
        + ("" if engine != hand else "; same contents, different order")
    )


def precheck(tz_name: str) -> None:
    """Both sides agree on small communities, including a day-boundary shift across a DST change."""
    cases = [
        (tz_name, NOW),
        ("UTC", NOW),
        ("America/New_York", gk.synthetic.DEFAULT_NOW),  # US clocks go back on 2026-11-01
    ]
    for seed, (zone, now) in enumerate(cases, start=900):
        community = build(seed, 2_000, 20_000, ZoneInfo(zone))
        for name, rule, hand in RULES:
            engine = gk.view(community, now=now).test(rule)
            same(name, f"precheck {zone} at {now.isoformat()}", engine, hand(community, now))


def timed(
    function: Callable[[gk.Community, datetime], dict[str, bool]], community: gk.Community, now: datetime
) -> tuple[float, dict[str, bool]]:
    start = time.perf_counter()
    result = function(community, now)
    return time.perf_counter() - start, result


def print_profile(title: str, run: Callable[[], object], top: int) -> None:
    """Run `run` under cProfile and print the `top` rows by own time and by cumulative time."""
    profiler = cProfile.Profile()
    profiler.enable()
    run()
    profiler.disable()
    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out).strip_dirs()
    print(f"\n=== {title}: groupkit side under cProfile ===")
    stats.sort_stats("tottime").print_stats(top)
    stats.sort_stats("cumulative").print_stats(top)
    print(out.getvalue())


def profile(args: argparse.Namespace, tz: ZoneInfo) -> None:
    for i, (name, rule, _) in enumerate(RULES):
        community = build(args.seed + i, args.members, args.events, tz)
        print_profile(f"{name} = {rule!r}", lambda: gk.view(community, now=NOW).test(rule), args.top)  # noqa: B023


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--members", type=int, default=100_000)
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=3, help="timed repetitions per rule (median reported)")
    parser.add_argument("--seed", type=int, default=1, help="seed of the first repetition")
    parser.add_argument("--timezone", default="Asia/Shanghai", help="the community's timezone (IANA name)")
    parser.add_argument("--limit", type=float, default=1.0, help="exit 1 if a ratio exceeds this")
    parser.add_argument("--profile", action="store_true", help="profile the groupkit side instead of timing")
    parser.add_argument("--top", type=int, default=25, help="rows per profile table")
    parser.add_argument("--check-only", action="store_true", help="only check that both sides agree")
    args = parser.parse_args(argv)
    tz = ZoneInfo(args.timezone)

    if args.check_only:
        try:
            precheck(args.timezone)
        except Mismatch as error:
            print(f"MISMATCH: {error}")
            return 2
        print("check: groupkit and the hand-written loops agree on 3 small communities (incl. a DST change)")
        return 0

    if args.profile:
        profile(args, tz)
        return 0

    print(
        f"groupkit {importlib.metadata.version('groupkit')} benchmark on {platform.python_implementation()} "
        f"{platform.python_version()} ({platform.machine()}): {args.members:,} members, {args.events:,} "
        f"events over {DAYS} days, timezone {args.timezone}, now {NOW.isoformat()}, "
        f"{args.repeat} repetitions (median)"
    )
    for name, rule, _ in RULES:
        print(f"  {name} = {rule!r}")
    try:
        precheck(args.timezone)
        print("precheck: identical answers on 3 small communities (incl. a DST change)", flush=True)

        engine_times: dict[str, list[float]] = {name: [] for name, _, _ in RULES}
        hand_times: dict[str, list[float]] = {name: [] for name, _, _ in RULES}
        selected: dict[str, int] = {}
        for rep in range(args.repeat):
            for i, (name, rule, hand) in enumerate(RULES):
                seed = args.seed + rep * len(RULES) + i
                sides = [("groupkit", groupkit_test(rule)), ("hand-written", hand)]
                if rep % 2:
                    sides.reverse()
                answers: dict[str, dict[str, bool]] = {}
                for side, function in sides:
                    community = build(seed, args.members, args.events, tz)
                    if not selected and not answers:  # the first community built: describe it
                        joined = sum(member.joined_at <= NOW for member in community.members)
                        seen = sum(event.at <= NOW for event in community.events)
                        print(f"data (seed {seed}): {joined:,} members joined by now, {seen:,} events up to now")
                    seconds, answers[side] = timed(function, community, NOW)
                    del community
                    (engine_times if side == "groupkit" else hand_times)[name].append(seconds)
                    print(f"  rep {rep + 1} {name:<8} {side:<12} {seconds:8.3f} s  (seed {seed})", flush=True)
                same(name, f"seed {seed}", answers["groupkit"], answers["hand-written"])
                selected.setdefault(name, sum(answers["groupkit"].values()))
    except Mismatch as error:
        print(f"MISMATCH: {error}")
        return 2

    print(f"checked: groupkit and hand-written answers identical in every timed pair ({args.repeat} per rule)")
    print()
    print(f"{'rule':<15} {'selected':>9} {'groupkit s':>11} {'hand-written s':>15} {'ratio':>6}")
    ratios = {}
    for name, _, _ in RULES:
        engine_s = statistics.median(engine_times[name])
        hand_s = statistics.median(hand_times[name])
        ratios[name] = engine_s / hand_s
        print(f"{name:<15} {selected[name]:>9,} {engine_s:>11.3f} {hand_s:>15.3f} {ratios[name]:>6.2f}")
    print()
    for name, ratio in ratios.items():
        print(f"ratio {name} = {ratio:.2f}" + ("" if name in ENFORCED else "  (for information, not enforced)"))
    over = [name for name, ratio in ratios.items() if ratio > args.limit and name in ENFORCED]
    if over:
        print(f"FAIL: ratio above {args.limit} for {', '.join(over)}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
