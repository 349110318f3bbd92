"""Benchmark: screening one group's chat through the SQLite store of `examples/store.py`, against
screening it in memory.

Builds a stream of chat events of one group (default 3,000 events of 40 members: chat, repeats,
banned words, links, voice messages, ads with and without a red packet) and screens it with
`gk.presets.wechat_group_rules()`:

* **in memory** (the baseline): `Moderation.screen(state, event, member)` for each event, the state
  kept in a variable, as a single bot process that never restarts could;
* **store, one process**: `Store.screen` for each event, on a file: the state read (or reused when
  this process wrote it last), the new state, the log entry and the actions written in one
  transaction, as every event is in a host that survives restarts;
* **store, two processes**: the same events split between two processes that screen at the same
  time (even and odd events), as two bot workers would.

Every run checks that the store's final state and decisions equal the in-memory ones (one process)
and a serial replay of the stored log (two processes), or stops with status 2. It prints events per
second and the ratio of each store run to the in-memory one (seconds / seconds), the conflicts met
and how often the two workers' events alternate in the log.

    python benchmarks/bench_store.py
    python benchmarks/bench_store.py --events 300 --check-only
"""

from __future__ import annotations

import argparse
import itertools
import multiprocessing
import random
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import groupkit as gk

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "examples"))
import store as glue  # examples/ is a folder of scripts, not a package

RULES = gk.presets.wechat_group_rules()
T0 = datetime(2026, 5, 1, 2, 0, tzinfo=UTC)
GROUP = "bench"
TEXTS = ("早上好", "今天做红烧肉", "有人吗", "专业代购", "https://www.xiachufang.com/recipe/1", "谢谢", "有人吗",
         "加微信 vx123456", "好的")


def traffic(count: int, seed: int = 7) -> tuple[list[gk.Event], dict[str, gk.Member]]:
    rng = random.Random(seed)
    members = {f"u{i}": gk.Member(f"u{i}", T0 - timedelta(days=rng.choice([1, 3, 30, 90])),
                                  nickname=rng.choice(["王芳-杭州-设计师", "Bo", "陈磊-上海-教师"])) for i in range(40)}
    events, at = [], T0
    for n in range(count):
        at += timedelta(seconds=rng.choice([0, 1, 1, 2, 5, 20]))
        sender, roll = f"u{rng.randrange(40)}", rng.random()
        if roll < 0.05:
            events.append(gk.Event(sender, "message", at, text="#广告 铸铁锅八折", id=f"m{n}", data={"ad": True}))
        elif roll < 0.08:
            events.append(gk.Event(sender, "red_packet", at, id=f"m{n}", value=rng.choice([20, 88]), data={"count": 20}))
        elif roll < 0.12:
            events.append(gk.Event(sender, "voice", at, id=f"m{n}"))
        else:
            events.append(gk.Event(sender, "message", at, text=rng.choice(TEXTS), id=f"m{n}"))
    return events, members


def worker(path: str, events: list[gk.Event], members: dict[str, gk.Member], start: Any, report: Any) -> None:
    start.wait()
    with glue.Store(path) as store:
        for event in events:
            for action in store.screen(RULES, GROUP, event, members[event.member_id]).actions:
                store.done(action, event.at)
        report.put(store.conflicts)


def replayed(entries: list[glue.Entry]) -> gk.ScreenState:
    state = gk.ScreenState.empty()
    for entry in entries:
        assert entry.event is not None
        result = RULES.screen(state, entry.event, entry.member)
        if (result.decision, *result.fired) != entry.decisions:
            sys.exit(f"MISMATCH: the stored decisions of version {entry.version} differ from a serial replay")
        state = result.state
    return state


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--events", type=int, default=3000)
    parser.add_argument("--check-only", action="store_true", help="check the results, skip the timing summary")
    args = parser.parse_args()
    events, members = traffic(args.events)
    folder = Path(tempfile.mkdtemp())

    started = time.perf_counter()
    state, decisions = gk.ScreenState.empty(), []
    for event in events:
        result = RULES.screen(state, event, members[event.member_id])
        decisions.append(result.decision)
        state = result.state
    memory = time.perf_counter() - started

    with glue.Store(str(folder / "one.db")) as store:
        started = time.perf_counter()
        stored = [store.screen(RULES, GROUP, event, members[event.member_id]).decision for event in events]
        one = time.perf_counter() - started
        if stored != decisions or store.state(GROUP) != (state, len(events)):
            print("MISMATCH: the store's decisions or state differ from screening in memory", file=sys.stderr)
            return 2

    spawn = multiprocessing.get_context("spawn")
    path = str(folder / "two.db")
    start, report = spawn.Barrier(3), spawn.Queue()
    workers = [spawn.Process(target=worker, args=(path, events[i::2], members, start, report)) for i in (0, 1)]
    for process in workers:
        process.start()
    start.wait()  # both have started and imported everything: time the screening only
    started = time.perf_counter()
    for process in workers:
        process.join()
    two = time.perf_counter() - started
    if any(process.exitcode != 0 for process in workers):
        print("a worker failed", file=sys.stderr)
        return 2
    conflicts = [report.get() for _ in workers]
    with glue.Store(path) as store:
        log = store.log(GROUP)
        if sorted(e.event.id for e in log if e.event) != sorted(str(e.id) for e in events) or \
                replayed(log) != store.state(GROUP)[0]:
            print("MISMATCH: the two workers' log is not every event once, or its replay is not the state", file=sys.stderr)
            return 2
        senders = [int(str(entry.event.id)[1:]) % 2 for entry in log if entry.event]
    print(f"check: {len(events):,} events: the store's decisions and state equal screening in memory; the two "
          "workers' log holds every event once and replays to the stored state")
    if args.check_only:
        return 0
    n = len(events)
    print(f"in memory            {memory:7.3f} s  {n / memory:9,.0f} events/s")
    print(f"store, one process   {one:7.3f} s  {n / one:9,.0f} events/s  ratio {one / memory:6.1f}")
    print(f"store, two processes {two:7.3f} s  {n / two:9,.0f} events/s  ratio {two / memory:6.1f}  "
          f"conflicts {conflicts}, the workers alternate {sum(a != b for a, b in itertools.pairwise(senders))} times")
    return 0


if __name__ == "__main__":
    sys.exit(main())
