"""Benchmark: screening a chat stream through 20 rules, against a hand-written screening loop.

Builds a stream of 200,000 chat events from 2,000 members (default), with ads, red packets,
voice and video, links, mentions, floods, repeated texts and banned words, and screens it through
20 rules (keywords of 1,000 words, whole-word keywords, three patterns, two flood limits,
duplicates, two link rules, mentions, media, nickname, seven custom conditions), an obligation (the
ad / red-packet rule) and an escalation, calling `tick` every 100 events:

* **groupkit**: `Moderation.screen(state, event, member)` for each event, keeping the state returned;
* **hand-written**: one loop over the same events with mutable dicts per member (deques of recent
  times, texts, strikes, open obligations), doing the same checks with the same regular
  expressions, in the same order, giving the same decisions.

Every decision (member, action, duration, rule) of both sides must be equal, event by event and tick
by tick, or the script stops with status 2. It prints events per second of each side, the ratio
(groupkit seconds / hand-written seconds; the issue asks for at most 3), and the size of groupkit's
state (`ScreenState.size()`: recent events, strikes, reminders and open obligations) after 10,000
and after 200,000 events. Exit status 1 if the ratio exceeds `--limit` or groupkit screens fewer
than `--min-rate` events per second.

    python benchmarks/bench_moderation.py
    python benchmarks/bench_moderation.py --events 20000 --check-only
"""

from __future__ import annotations

import argparse
import gc
import importlib.metadata
import platform
import random
import re
import statistics
import sys
import time
from collections import deque
from datetime import UTC, datetime, timedelta
from typing import Any

import groupkit as gk
from groupkit import moderation as mod
from groupkit.moderation.rules import _keyword_regex, fingerprint, mention_count

START = datetime(2026, 11, 2, 9, tzinfo=UTC)
SECOND, MINUTE, DAY = timedelta(seconds=1), timedelta(minutes=1), timedelta(days=1)
TICK_EVERY = 100


def words(rng: random.Random, n: int) -> list[str]:
    """`n` banned words: a few real ones and made-up Chinese two- to four-character words."""
    real = ["代购", "刷单", "兼职日结", "加微信", "赌博", "博彩", "贷款", "套现"]
    made = {"".join(chr(rng.randrange(0x4E00, 0x9FA5)) for _ in range(rng.randint(2, 4))) for _ in range(n * 2)}
    return (real + sorted(made))[:n]


def policy(rng: random.Random) -> mod.Moderation:
    deny = [f"spam{i}.example" for i in range(20)]
    return mod.Moderation(
        [
            mod.keywords(words(rng, 1000), name="banned words"),
            mod.keywords(["spam", "scam", "casino", "viagra", "crypto"], mode="word", name="english words"),
            mod.pattern(r"(v|vx|wx|微信)\s*[:：号]?\s*[a-z0-9_-]{5,}", name="wechat id"),
            mod.pattern(r"1[3-9]\d{9}", name="phone number"),
            mod.pattern(r"qq\s*[:：]?\s*\d{5,}", name="qq number"),
            mod.flood(5, 10 * SECOND),
            mod.flood(20, MINUTE, name="flood per minute"),
            mod.duplicates(2, 10 * MINUTE),
            mod.links(deny=deny),
            mod.links(min_tenure=7 * DAY, name="newcomer links"),
            mod.mentions(5),
            mod.media(),
            mod.nickname(r"^[^-\s]+-[^-\s]+-[^-\s]+$"),
            mod.custom(mod.field("data.forwarded").eq(True) & mod.kind(gk.Kind.LINK), "delete", name="forwarded link"),
            mod.custom(mod.text_matches("红包群|返利群"), "remove", name="red packet groups"),
            mod.custom(mod.kind(gk.Kind.RED_PACKET) & (mod.field("value") > 200), "warn", name="big red packet"),
            mod.custom(mod.field("data.bot").eq(True), "remove", name="bots"),
            mod.custom(mod.kind(gk.Kind.IMAGE) & mod.field("data.qr").eq(True), "delete", name="qr codes"),
            mod.custom(mod.field("data.mass").eq(True) | mod.field("data.copied").eq(True), name="mass messages"),
            mod.custom(~mod.kind(gk.Kind.MESSAGE) & mod.field("data.nsfw").eq(True), "remove", name="nsfw"),
        ],
        escalation=mod.Escalation([mod.Step("warn"), mod.Step("mute", 10 * MINUTE), mod.Step("mute", DAY),
                                   mod.Step("remove")], decay=30 * DAY),
        obligations=[gk.presets.wechat.RED_PACKET_RULE],
    )


PHRASES = ["早上好", "大家好", "今天天气不错", "有人一起跑步吗", "谢谢分享", "收到", "好的👌", "这个活动几点开始？",
           "I agree", "see you tonight", "哈哈哈", "学到了", "周末有空吗", "支持一下"]


def stream(seed: int, n: int, members: int) -> tuple[list[gk.Event], dict[str, gk.Member], list[str]]:
    rng = random.Random(seed)
    banned = words(random.Random(seed), 1000)
    people = {}
    for i in range(members):
        mid = f"u{i:05d}"
        role = gk.Role.ADMIN if i % 100 == 0 else gk.Role.MEMBER
        joined = START - timedelta(days=rng.uniform(0, 3) if i % 10 == 0 else rng.uniform(8, 400))
        nick = f"张{i}-杭州-设计师" if rng.random() < 0.8 else f"user{i}"
        people[mid] = gk.Member(mid, joined, role=role, nickname=nick)
    ids = list(people)
    events: list[gk.Event] = []
    at = START
    while len(events) < n:
        at += timedelta(milliseconds=rng.randrange(0, 1000))
        who = rng.choice(ids)
        roll = rng.random()
        burst = 1
        kind, text, value, data = gk.Kind.MESSAGE, rng.choice(PHRASES), 0, {}
        if roll < 0.03:
            kind, text = rng.choice((gk.Kind.VOICE, gk.Kind.VIDEO)), ""
        elif roll < 0.05:
            kind, text, value = gk.Kind.RED_PACKET, "", rng.choice((10, 50, 88, 300))
            data = {"count": rng.choice((5, 20, 30))}
        elif roll < 0.07:
            text = f"{rng.choice(PHRASES)} {rng.choice(banned)}"
        elif roll < 0.09:
            text = f"看这里 https://{rng.choice(('spam3.example', 'news.example', 'x.example'))}/a"
        elif roll < 0.10:
            text, data = "新品上市，八折", {"ad": True}
        elif roll < 0.11:
            text = "@a @b @c @d @e @f 快来"
        elif roll < 0.12:
            text = f"加我 vx: abc{rng.randrange(10**5, 10**6)}"
        elif roll < 0.13:
            burst = rng.randint(3, 8)  # a flood of the same text
        elif roll < 0.14:
            kind, data = gk.Kind.IMAGE, {"qr": rng.random() < 0.5}
        elif roll < 0.145:
            data = {"mass": True}
        for _ in range(burst):
            events.append(gk.Event(who, kind, at, value=value, text=text, data=data))
            at += timedelta(milliseconds=rng.randrange(100, 900))
            if len(events) >= n:
                break
    return events, people, banned


# -- groupkit ------------------------------------------------------------------------------------


def engine(rules: mod.Moderation, events: list[gk.Event], people: dict[str, gk.Member],
           sizes_at: tuple[int, ...] = ()) -> tuple[list[tuple[Any, ...]], dict[int, int]]:
    state = mod.ScreenState.empty()
    out: list[tuple[Any, ...]] = []
    sizes = {}
    screen, tick = rules.screen, rules.tick
    for i, event in enumerate(events, start=1):
        if i % TICK_EVERY == 0:
            due, state = tick(state, event.at)
            out.extend((d.member_id, d.action, d.duration, d.rule) for d in due)
        result = screen(state, event, people[event.member_id])
        state = result.state
        d = result.decision
        out.append((d.member_id, d.action, d.duration, d.rule))
        if i in sizes_at:
            sizes[i] = state.size()
    return out, sizes


# -- by hand -------------------------------------------------------------------------------------

ORDER = ("allow", "remind", "request", "warn", "delete", "mute", "remove")
STAFF = {gk.Role.OWNER, gk.Role.ADMIN, gk.Role.MODERATOR}
URL = re.compile(r"(?:https?://|www\.)[^\s<>\"'，。！？、）)]+|\b[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,}(?:/[^\s]*)?",
                 re.IGNORECASE)


def hand(rules: mod.Moderation, events: list[gk.Event], people: dict[str, gk.Member],
         banned: list[str]) -> list[tuple[Any, ...]]:
    """The same 20 rules, obligation and escalation, written out over mutable dicts."""
    banned_re = _keyword_regex(tuple(banned), False)
    english_re = _keyword_regex(("spam", "scam", "casino", "viagra", "crypto"), True)
    wechat_re = re.compile(r"(v|vx|wx|微信)\s*[:：号]?\s*[a-z0-9_-]{5,}", re.IGNORECASE)
    phone_re = re.compile(r"1[3-9]\d{9}", re.IGNORECASE)
    qq_re = re.compile(r"qq\s*[:：]?\s*\d{5,}", re.IGNORECASE)
    nick_re = re.compile(r"^[^-\s]+-[^-\s]+-[^-\s]+$", re.IGNORECASE)
    red_packet_groups = re.compile("红包群|返利群", re.IGNORECASE)
    deny = tuple(f"spam{i}.example" for i in range(20))
    recent: dict[str, deque[tuple[datetime, str, str]]] = {}
    strikes: dict[str, list[datetime]] = {}
    reminded: dict[str, datetime] = {}
    open_: list[tuple[datetime, str, datetime]] = []  # (due, member, opened)
    steps = [("warn", None), ("mute", 10 * MINUTE), ("mute", DAY), ("remove", None)]
    out: list[tuple[Any, ...]] = []
    for i, event in enumerate(events, start=1):
        at, mid, text, kind = event.at, event.member_id, event.text, event.kind
        if i % TICK_EVERY == 0:
            open_.sort()
            while open_ and open_[0][0] <= at:
                _, who, _ = open_.pop(0)
                out.append((who, "remove", None, "send a red packet"))
        member = people[mid]
        mine = recent.setdefault(mid, deque())
        while mine and mine[0][0] <= at - 10 * MINUTE:
            mine.popleft()
        fired: list[tuple[str, timedelta | None, str]] = []
        escalating: list[str] = []
        staff = member.role in STAFF
        key = fingerprint.__wrapped__(text) if text else ""  # once per event, without a cache
        if not staff:
            if text and banned_re.search(text):
                escalating.append("banned words")
            if text and english_re.search(text):
                escalating.append("english words")
            for name, regex in (("wechat id", wechat_re), ("phone number", phone_re), ("qq number", qq_re)):
                if text and regex.search(text):
                    escalating.append(name)
            if 1 + sum(1 for seen in mine if seen[0] > at - 10 * SECOND) > 5:
                escalating.append("flood")
            if 1 + sum(1 for seen in mine if seen[0] > at - MINUTE) > 20:
                escalating.append("flood per minute")
            if key and 1 + sum(1 for seen in mine if seen[2] == key) > 2:
                escalating.append("duplicates")
            if text and "." in text:
                hosts = []
                for link in URL.findall(text):
                    host = link.split("://", 1)[-1]
                    for end in "/?#":
                        host = host.split(end, 1)[0]
                    hosts.append(host.rsplit("@", 1)[-1].split(":", 1)[0].casefold().rstrip("."))
                if any(h == d or h.endswith("." + d) for h in hosts for d in deny):
                    escalating.append("links")
                if hosts and at - member.joined_at < 7 * DAY:
                    escalating.append("newcomer links")
            if mention_count(event) > 5:
                escalating.append("mentions")
            if kind in ("voice", "video"):
                escalating.append("media")
            if not nick_re.search(member.nickname):
                last = reminded.get(mid)
                if last is None or at - last >= DAY:
                    reminded[mid] = at
                    fired.append(("remind", None, "nickname"))
            data = event.data
            if data.get("forwarded") is True and kind == "link":
                fired.append(("delete", None, "forwarded link"))
            if text and red_packet_groups.search(text):
                fired.append(("remove", None, "red packet groups"))
            if kind == "red_packet" and isinstance(event.value, (int, float)) and event.value > 200:
                fired.append(("warn", None, "big red packet"))
            if data.get("bot") is True:
                fired.append(("remove", None, "bots"))
            if kind == "image" and data.get("qr") is True:
                fired.append(("delete", None, "qr codes"))
            if data.get("mass") is True or data.get("copied") is True:
                escalating.append("mass messages")
            if kind != "message" and data.get("nsfw") is True:
                fired.append(("remove", None, "nsfw"))
            if escalating:
                live = [s for s in strikes.get(mid, ()) if at - s < 30 * DAY]
                live = [*live, at][-len(steps):]
                strikes[mid] = live
                action, duration = steps[len(live) - 1]
                fired.append((action, duration, ", ".join(escalating)))
        for j, (due, who, opened) in enumerate(open_):
            if (who == mid and opened < at < due and kind == "red_packet" and event.value >= 50
                    and isinstance(event.data.get("count"), int) and event.data["count"] >= 20):
                del open_[j]
                break
        if not staff and event.data.get("ad") is True:
            open_.append((at + 3 * MINUTE, mid, at))
            fired.append(("request", None, "send a red packet"))
        mine.append((at, kind, key))
        if fired:
            best = max(fired, key=lambda f: (ORDER.index(f[0]), float("inf") if f[1] is None else f[1].total_seconds()))
            out.append((mid, best[0], best[1], best[2]))
        else:
            out.append((mid, "allow", None, None))
    return out


def compare(engine_out: list[tuple[Any, ...]], hand_out: list[tuple[Any, ...]]) -> None:
    if engine_out == hand_out:
        return
    for i, (a, b) in enumerate(zip(engine_out, hand_out)):
        if a != b:
            raise SystemExit(f"MISMATCH at decision {i}: groupkit {a}, hand-written {b}")
    raise SystemExit(f"MISMATCH: {len(engine_out)} groupkit decisions, {len(hand_out)} hand-written")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--events", type=int, default=200_000)
    parser.add_argument("--members", type=int, default=2_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--limit", type=float, default=3.0, help="exit 1 if the ratio exceeds this")
    parser.add_argument("--min-rate", type=float, default=50_000, help="exit 1 below this many events/s")
    parser.add_argument("--check-only", action="store_true", help="only check that both sides agree")
    args = parser.parse_args(argv)
    rules = policy(random.Random(args.seed))
    events, people, banned = stream(args.seed, args.events, args.members)
    if len(rules.rules) != 20:
        raise SystemExit(f"expected 20 rules, got {len(rules.rules)}")
    checkpoints = tuple(n for n in (10_000, args.events) if n <= args.events)
    first, sizes = engine(rules, events, people, checkpoints)
    compare(first, hand(rules, events, people, banned))
    acted = sum(1 for d in first if d[1] != "allow")
    if args.check_only:
        print(f"check: groupkit and the hand-written loop agree on {len(first):,} decisions "
              f"({acted:,} not 'allow') over {args.events:,} events")
        return 0
    print(f"groupkit {importlib.metadata.version('groupkit')} on {platform.python_implementation()} "
          f"{platform.python_version()} ({platform.machine()}): {args.events:,} events from {args.members:,} "
          f"members, 20 rules + 1 obligation + escalation, tick every {TICK_EVERY} events; "
          f"{acted:,} decisions other than 'allow'")
    engine_s, hand_s = [], []
    for rep in range(args.repeat):
        sides = [("groupkit", lambda: engine(rules, events, people)[0]),
                 ("hand-written", lambda: hand(rules, events, people, banned))]
        if rep % 2:
            sides.reverse()
        for side, run in sides:
            gc.collect()
            start = time.perf_counter()
            run()
            seconds = time.perf_counter() - start
            (engine_s if side == "groupkit" else hand_s).append(seconds)
            print(f"  rep {rep + 1} {side:<12} {seconds:7.3f} s  {args.events / seconds:10,.0f} events/s", flush=True)
    e, h = statistics.median(engine_s), statistics.median(hand_s)
    print()
    print(f"groupkit      {args.events / e:10,.0f} events/s")
    print(f"hand-written  {args.events / h:10,.0f} events/s")
    for n, size in sizes.items():
        print(f"state size after {n:,} events: {size:,} items")
    print(f"ratio screening = {e / h:.2f}")
    failed = []
    if e / h > args.limit:
        failed.append(f"ratio above {args.limit}")
    if args.events / e < args.min_rate:
        failed.append(f"fewer than {args.min_rate:,.0f} events/s")
    if failed:
        print("FAIL: " + "; ".join(failed))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
