"""Benchmark: `gk.portfolio.review_all` of many communities, serially, on a process pool and on Dask.

Builds `--communities` synthetic communities (1,000 of 200 members by default, 8 events per member
over 30 days) and reviews them all with `gk.presets.wechat_group()`, given two ways: as `Community`
objects built beforehand (not timed; each is pickled to a worker), and as loaders
(``functools.partial(load, n, ...)``: each worker builds, as a host would read from its store, the
communities it reviews; the building is timed on every side). Each is run three ways:

* ``serial``: ``review_all(policy, communities, now=NOW)``
* ``pool``: the same with ``executor=ProcessPoolExecutor(--workers)`` (the pool is started before
  the timer, and warmed with one small call, so the timer sees the work, not the start-up)
* ``dask``: the same with ``executor=client.get_executor(pure=False)`` of a ``dask.distributed.LocalCluster``
  of `--workers` worker processes, one thread each (started and warmed before the timer)

Each parallel result must equal the serial one (else exit status 2). The script prints the median
time of `--repeat` runs, communities per second, and ``ratio pool = 0.62`` lines (parallel seconds
÷ serial seconds: below 1 is faster).

    python benchmarks/bench_portfolio.py                           # 1,000 communities, ~15 minutes
    python benchmarks/bench_portfolio.py --communities 20 --check-only
"""

from __future__ import annotations

import argparse
import functools
import importlib.metadata
import os
import platform
import statistics
import sys
import time
from collections.abc import Callable
from concurrent.futures import Executor, ProcessPoolExecutor
from datetime import UTC, datetime
from typing import Any

import attrs

import groupkit as gk
from groupkit.portfolio import Portfolio, review_all

NOW = datetime(2026, 11, 1, 12, tzinfo=UTC)


def load(n: int, members: int, seed: int) -> gk.Community:
    """The `n`-th community of the portfolio, as a host would load it from its store."""
    size = max(members + (n * 37) % (members // 2 + 1) - members // 4, 10)
    community = gk.synthetic.community(seed=seed + n, members=size, now=NOW)
    return attrs.evolve(community, id=f"group-{n:04d}", capacity=size + 20)


def spin(rounds: int) -> int:
    """Pure Python work with nothing to send: what the machine's cores give two processes at best."""
    total = 0
    for i in range(rounds):
        total += i * i
    return total


def capacity(workers: int, rounds: int = 5_000_000) -> float:
    """How many times faster `workers` processes run `workers` spins than one process runs them all."""
    start = time.perf_counter()
    for _ in range(workers):
        spin(rounds)
    serial = time.perf_counter() - start
    with ProcessPoolExecutor(max_workers=workers) as pool:
        list(pool.map(spin, [10] * workers))  # started before the timer
        start = time.perf_counter()
        list(pool.map(spin, [rounds] * workers))
        parallel = time.perf_counter() - start
    return serial / parallel


def timed(run: Callable[[], Portfolio], repeat: int) -> tuple[float, Portfolio]:
    times, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = run()
        times.append(time.perf_counter() - start)
    assert result is not None
    return statistics.median(times), result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--communities", type=int, default=1000)
    parser.add_argument("--members", type=int, default=200)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--no-dask", action="store_true", help="skip the Dask cluster")
    parser.add_argument("--check-only", action="store_true", help="one run each, check the results agree")
    args = parser.parse_args(argv)
    repeat = 1 if args.check_only else args.repeat

    print(f"groupkit {importlib.metadata.version('groupkit')} portfolio benchmark on "
          f"{platform.python_implementation()} {platform.python_version()} ({platform.machine()}, "
          f"{os.cpu_count()} CPUs): {args.communities:,} communities of about {args.members} members, "
          f"{args.workers} workers")
    print(f"this machine: {args.workers} processes of pure Python work run {capacity(args.workers):.2f}x as fast as one "
          f"(the most any parallel run below can gain)")
    start = time.perf_counter()
    loaders = [functools.partial(load, n, args.members, args.seed) for n in range(args.communities)]
    groups = [loader() for loader in loaders]
    events = sum(len(group.events) for group in groups)
    print(f"built {len(groups):,} communities ({sum(len(g.members) for g in groups):,} members, {events:,} events) "
          f"in {time.perf_counter() - start:.1f} s")
    policy = gk.presets.wechat_group()
    results: dict[tuple[str, str], float] = {}
    inputs: dict[str, list[Any]] = {"objects": groups, "loaders": loaders}
    serial: dict[str, Portfolio] = {}
    for given, items in inputs.items():
        results[given, "serial"], serial[given] = timed(lambda items=items: review_all(policy, items, now=NOW), repeat)
    if serial["objects"] != serial["loaders"]:
        print("MISMATCH: loaded communities give another portfolio", file=sys.stderr)
        return 2

    def parallel(name: str, executor: Executor) -> None:
        review_all(policy, groups[:2], now=NOW, executor=executor)  # warm the workers
        for given, items in inputs.items():
            seconds, portfolio = timed(lambda items=items: review_all(policy, items, now=NOW, executor=executor),
                                       repeat)
            if portfolio != serial["objects"]:
                print(f"MISMATCH: the {name} portfolio of {given} differs from the serial one", file=sys.stderr)
                raise SystemExit(2)
            results[given, name] = seconds

    with ProcessPoolExecutor(max_workers=args.workers) as pool:
        parallel("pool", pool)
    if not args.no_dask:
        from distributed import Client, LocalCluster

        with LocalCluster(n_workers=args.workers, threads_per_worker=1, processes=True,
                          dashboard_address=None) as cluster, Client(cluster) as client:
            parallel("dask", client.get_executor(pure=False))  # no tokenizing of the arguments

    actions = sum(len(review.actions) for review in serial["objects"].reviews if isinstance(review, gk.Review))
    print(f"{actions:,} actions recommended; most urgent: {serial['objects'].ranking[0]}")
    print(f"{'given':<8} {'run':<8} {'seconds':>9} {'communities/s':>14}")
    for (given, name), seconds in results.items():
        print(f"{given:<8} {name:<8} {seconds:9.2f} {len(groups) / seconds:14.1f}")
    for (given, name), seconds in results.items():
        if name != "serial":
            print(f"ratio {name} {given} = {seconds / results[given, 'serial']:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
