"""examples/store.py, the SQLite glue: no lost update with two processes screening one community,
nothing lost or done twice when a worker is killed, and timers that fire once across restarts.

The workers are real processes (spawned, each with its own connection to the file), killed with
SIGKILL where the test says so.
"""

from __future__ import annotations

import itertools
import multiprocessing
import os
import random
import signal
import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

import groupkit as gk
from tests.examples import EXAMPLES  # noqa: F401  (puts examples/ on the path)

import store as glue  # isort: skip

RULES = gk.presets.wechat_group_rules()
T0 = datetime(2026, 5, 1, 2, 0, tzinfo=UTC)
SECOND, MINUTE = timedelta(seconds=1), timedelta(minutes=1)
GROUP = "tg:-100123"
TEXTS = ("早上好", "今天做红烧肉", "有人吗", "专业代购", "https://www.xiachufang.com/recipe/1", "@a @b @c @d @e @f 快来",
         "谢谢", "有人吗", "加微信 vx123456", "好的")
SPAWN = multiprocessing.get_context("spawn")


def traffic(count: int, seed: int = 7) -> tuple[list[gk.Event], dict[str, gk.Member]]:
    """`count` events of 40 members in time order: chat, repeats, banned words, links, voice
    messages, bursts, ads (some followed by a red packet, some not)."""
    rng = random.Random(seed)
    members = {f"u{i}": gk.Member(f"u{i}", T0 - timedelta(days=rng.choice([1, 3, 30, 90])),
                                  nickname=rng.choice(["王芳-杭州-设计师", "Bo", "陈磊-上海-教师"])) for i in range(40)}
    events, at = [], T0
    for n in range(count):
        at += timedelta(seconds=rng.choice([0, 1, 1, 2, 5, 20]))
        sender = f"u{rng.randrange(40)}"
        roll = rng.random()
        if roll < 0.05:
            event = gk.Event(sender, gk.Kind.MESSAGE, at, text="#广告 铸铁锅八折", id=f"m{n}", data={"ad": True})
        elif roll < 0.08:
            event = gk.Event(sender, gk.Kind.RED_PACKET, at, id=f"m{n}", value=rng.choice([20, 50, 88]), data={"count": 20})
        elif roll < 0.12:
            event = gk.Event(sender, gk.Kind.VOICE, at, id=f"m{n}")
        else:
            event = gk.Event(sender, gk.Kind.MESSAGE, at, text=rng.choice(TEXTS), id=f"m{n}")
        events.append(event)
    return events, members


def host(path: str, events: list[gk.Event], members: dict[str, gk.Member], start: Any, report: Any) -> None:
    """A bot's worker: screen its share of the group's events through the store, tick now and then,
    and carry out (here: mark done) what it is told to."""
    start.wait()
    with glue.Store(path) as store:
        for n, event in enumerate(events):
            screened = store.screen(RULES, GROUP, event, members[event.member_id])
            actions = screened.actions + (store.tick(RULES, GROUP, event.at) if n % 50 == 49 else ())
            for action in actions:
                store.done(action, event.at)
        report.put(store.conflicts)


def replay(entries: list[glue.Entry]) -> gk.ScreenState:
    """Replay a log from the empty state, one entry after another, checking each entry's decisions."""
    state = gk.ScreenState.empty()
    for entry in entries:
        if entry.kind == "event":
            assert entry.event is not None
            result = RULES.screen(state, entry.event, entry.member)
            assert (result.decision, *result.fired) == entry.decisions, entry.version
            state = result.state
        else:
            assert entry.now is not None
            decisions, state = RULES.tick(state, entry.now)
            assert decisions == entry.decisions, entry.version
    return state


def test_two_processes_screening_one_community_lose_no_update(tmp_path: Path) -> None:
    events, members = traffic(3000)
    path = str(tmp_path / "host.db")
    start, report = SPAWN.Barrier(2), SPAWN.Queue()
    workers = [SPAWN.Process(target=host, args=(path, events[i::2], members, start, report)) for i in (0, 1)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=600)
        assert worker.exitcode == 0
    conflicts = [report.get(timeout=10) for _ in workers]

    with glue.Store(path) as store:
        log = store.log(GROUP)
        state, version = store.state(GROUP)
        pending = store.pending()
    screened = [entry for entry in log if entry.kind == "event"]
    # every event was screened, exactly once, and the versions have no gap: nothing lost
    assert sorted(entry.event.id for entry in screened if entry.event) == sorted(event.id for event in events)
    assert [entry.version for entry in log] == list(range(1, len(log) + 1)) and version == len(log)
    # the two workers really did run at once: their events are interleaved in the log
    senders = [int(entry.event.id[1:]) % 2 for entry in screened if entry.event]
    assert sum(a != b for a, b in itertools.pairwise(senders)) > 100
    assert all(n >= 0 for n in conflicts)  # how often each found the other's write in its way (timing-dependent)
    # the stored state and every stored decision are those of a serial replay of the log
    assert replay(log) == state
    assert any(entry.kind == "tick" and entry.decisions for entry in log)
    assert {d.action for entry in log for d in entry.decisions} >= {"allow", "remind", "warn", "mute", "request", "remove"}
    assert pending == []


def test_a_write_over_a_stale_version_is_refused_and_screened_again(tmp_path: Path) -> None:
    path = str(tmp_path / "host.db")
    events, members = traffic(3, seed=2)
    with glue.Store(path) as a, glue.Store(path) as b:
        a.screen(RULES, GROUP, events[0], members[events[0].member_id])
        first = a.prepare(RULES, GROUP, events[1], members[events[1].member_id])
        second = b.prepare(RULES, GROUP, events[2], members[events[2].member_id])
        assert first.version == second.version == 1
        a.commit(first)
        with pytest.raises(glue.VersionConflict):
            b.commit(second)  # it would lose events[1]
        assert b.state(GROUP)[1] == 2 and b.pending(GROUP) == a.pending(GROUP)  # nothing of it was written
        again = b.screen(RULES, GROUP, events[2], members[events[2].member_id])
        assert again.version == 3
        decisions, state = serially(events, members)
        assert again.decision == decisions[2]
        assert a.state(GROUP) == b.state(GROUP) == (state, 3)


def killed_after_prepare(path: str, events: list[gk.Event], members: dict[str, gk.Member], kill_at: int) -> None:
    """Screen and act on events until `kill_at`; screen that one, then die before storing it."""
    with glue.Store(path) as store:
        for event in events[:kill_at]:
            for action in store.screen(RULES, GROUP, event, members[event.member_id]).actions:
                store.done(action, event.at)
        event = events[kill_at]
        store.prepare(RULES, GROUP, event, members[event.member_id])
        os.kill(os.getpid(), signal.SIGKILL)


def killed_after_commit(path: str, events: list[gk.Event], members: dict[str, gk.Member]) -> None:
    """Screen and store every event, and die before carrying out any action."""
    with glue.Store(path) as store:
        for event in events:
            store.screen(RULES, GROUP, event, members[event.member_id])
        os.kill(os.getpid(), signal.SIGKILL)


def run(target: Any, *args: Any) -> int | None:
    process = SPAWN.Process(target=target, args=args)
    process.start()
    process.join(timeout=600)
    return process.exitcode


def serially(events: list[gk.Event], members: dict[str, gk.Member]) -> tuple[list[gk.Decision], gk.ScreenState]:
    state, decisions = gk.ScreenState.empty(), []
    for event in events:
        result = RULES.screen(state, event, members[event.member_id])
        decisions.append(result.decision)
        state = result.state
    return decisions, state


def test_a_worker_killed_between_screen_and_store_loses_nothing_and_does_nothing_twice(tmp_path: Path) -> None:
    events, members = traffic(400, seed=11)
    path = str(tmp_path / "host.db")
    assert run(killed_after_prepare, path, events, members, 250) == -signal.SIGKILL
    with glue.Store(path) as store:
        assert store.state(GROUP)[1] == 250  # the screening it had prepared was never stored
        assert store.pending() == []

        # the restarted worker gets every event again (the platform redelivers what was not acknowledged)
        outcomes = [store.screen(RULES, GROUP, event, members[event.member_id]) for event in events]
        assert [outcome.again for outcome in outcomes] == [True] * 250 + [False] * 150
        # the state and the decisions are those of one worker screening each event once
        decisions, state = serially(events, members)
        assert [outcome.decision for outcome in outcomes] == decisions
        assert store.state(GROUP) == (state, 400)
        # the actions of the first 250 were carried out before the kill; only the new ones are to do
        to_do = [action.id for outcome in outcomes[250:] for action in outcome.actions]
        assert [action.id for action in store.pending()] == to_do
        assert len(to_do) > 10


def test_a_worker_killed_before_acting_leaves_its_actions_to_the_next(tmp_path: Path) -> None:
    events, members = traffic(200, seed=3)
    path = str(tmp_path / "host.db")
    assert run(killed_after_commit, path, events, members) == -signal.SIGKILL
    with glue.Store(path) as store:
        left = store.pending()
        decisions, _ = serially(events, members)
        wanted = [d for d in decisions if d.action != "allow"]
        assert [action.decision for action in left if action.decision.action != "request"] == \
               [d for d in wanted if d.action != "request"]
        for action in left:  # the next worker carries them out, once
            store.done(action, T0 + 10 * MINUTE)
        again = [store.screen(RULES, GROUP, event, members[event.member_id]) for event in events]
        assert all(outcome.again for outcome in again)
        assert store.pending() == []
        assert store.state(GROUP)[1] == 200


def ticked_then_killed(path: str, now: datetime) -> None:
    with glue.Store(path) as store:
        for community in store.due(now):
            store.tick(RULES, community, now)
        os.kill(os.getpid(), signal.SIGKILL)


def test_timers_fire_each_obligation_once_across_restarts(tmp_path: Path) -> None:
    path = str(tmp_path / "host.db")
    with glue.Store(path) as store:
        ad = gk.Event("li", gk.Kind.MESSAGE, T0, text="#广告 有机蔬菜", id="m1", data={"ad": True})
        paid = gk.Event("wang", gk.Kind.MESSAGE, T0 + SECOND, text="#广告 铸铁锅", id="m2", data={"ad": True})
        packet = gk.Event("wang", gk.Kind.RED_PACKET, T0 + MINUTE, id="m3", value=50, data={"count": 20})
        other = gk.Event("li", gk.Kind.MESSAGE, T0, text="#广告", id="m1", data={"ad": True})
        for event in (ad, paid, packet):
            store.screen(RULES, "g1", event)
        store.screen(RULES, "g2", other)
        assert [action.decision.action for action in store.pending()] == ["request"] * 3
        for action in store.pending():  # the bot asked for the red packets
            store.done(action, T0 + SECOND)
        assert store.next_due() == T0 + 3 * MINUTE
        assert store.due(T0 + 2 * MINUTE) == []
        assert store.tick(RULES, "g1", T0 + 2 * MINUTE) == ()

    # the host restarts after the deadline, ticks the due communities, and dies before acting
    assert run(ticked_then_killed, path, T0 + 5 * MINUTE) == -signal.SIGKILL
    with glue.Store(path) as store:
        fired = store.pending()
        assert [(a.community_id, a.decision.member_id, a.decision.action) for a in fired] == [
            ("g1", "li", "remove"), ("g2", "li", "remove")]
        assert store.due(T0 + 10 * MINUTE) == [] and store.next_due() is None
        for community in ("g1", "g2"):  # ticking again, later, fires nothing more
            assert store.tick(RULES, community, T0 + 10 * MINUTE) == ()
        assert replay(store.log("g1")) == store.state("g1")[0]


def test_two_admins_cannot_overwrite_each_others_policy(tmp_path: Path) -> None:
    with glue.Store(str(tmp_path / "host.db")) as store:
        policy = gk.presets.wechat_group()
        assert store.put_policy("g1", policy) == 1
        with pytest.raises(ValueError, match="no longer at version 0"):
            store.put_policy("g1", policy)
        loaded, version = store.policy("g1")
        assert (loaded, version) == (policy, 1)
        smaller = gk.Policy(moderation=policy.moderation)
        assert store.put_policy("g1", smaller, version=1) == 2
        with pytest.raises(ValueError, match="no longer at version 1"):
            store.put_policy("g1", policy, version=1)  # the other admin's edit, made over version 1
        assert store.policy("g1") == (smaller, 2)
        with pytest.raises(KeyError, match="g2: no policy"):
            store.policy("g2")


def test_the_community_a_review_sees_is_what_the_host_stored_and_screened(tmp_path: Path) -> None:
    events, members = traffic(300, seed=5)
    with glue.Store(str(tmp_path / "host.db")) as store:
        community = gk.Community(GROUP, gk.Purpose.INTEREST, gk.Stage.GROWTH, 500, members.values(), [],
                                 "Asia/Shanghai")
        store.put_community(community)
        for event in events:
            store.screen(RULES, GROUP, event, store.member(GROUP, event.member_id))
        dm = gk.Event("u1", "reactivate_sent", T0 + 3 * MINUTE, id="dm-1")
        store.record(GROUP, dm)
        store.record(GROUP, dm)  # recorded once
        seen = store.community(GROUP)
        by_id = sorted(members.values(), key=lambda member: member.id)
        by_time = sorted([*events, dm], key=lambda event: event.at)
        assert seen == gk.Community(GROUP, gk.Purpose.INTEREST, gk.Stage.GROWTH, 500, by_id, by_time, "Asia/Shanghai")
        assert store.community_ids() == [GROUP]
        assert glue.load_community(store.path, GROUP) == seen
        with pytest.raises(KeyError):
            store.community("nope")
        with pytest.raises(ValueError, match="needs an id"):
            store.screen(RULES, GROUP, gk.Event("u1", "message", T0))
        with pytest.raises(sqlite3.IntegrityError):  # an event id the community already has
            store.put_community(gk.Community(GROUP, "interest", "growth", 500, [], [dm]))
