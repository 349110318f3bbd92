"""Synthetic communities: realistic, deterministic test data for demos, docs and benchmarks.

The same arguments always give the same community; randomness comes from a seeded
`random.Random` of its own, never the global one.

>>> club = community(seed=7, members=30, days=14)
>>> len(club.members), club == community(seed=7, members=30, days=14)
(30, True)
"""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta, tzinfo
from itertools import accumulate

from groupkit.facts import Community, Event, Kind, Member, Purpose, Role, Stage

__all__ = ["DEFAULT_NOW", "community"]

DEFAULT_NOW = datetime(2026, 11, 1, 12, 0, tzinfo=UTC)
_KINDS = (
    (Kind.MESSAGE, 52), (Kind.REPLY, 14), (Kind.REACTION, 12), (Kind.IMAGE, 3), (Kind.LINK, 2),
    (Kind.SHARE, 3), (Kind.CHECKIN, 5), (Kind.QUESTION, 3), (Kind.ANSWER, 3), (Kind.PURCHASE, 2),
    (Kind.INVITE, 1),
)
_NAMES = ("Ann", "Bo", "Chen", "Dana", "Eli", "Fang", "Gus", "Hui", "Ivy", "Jun", "Kai", "Lin")
_TAGS = ("vip", "designer", "parent", "beijing", "shanghai", "student")


def community(
    seed: int = 0,
    members: int = 150,
    days: int = 30,
    events: int | None = None,
    now: datetime = DEFAULT_NOW,
    timezone: tzinfo = UTC,
) -> Community:
    """A community of `members` people with `events` events (8 per member by default) over `days` days.

    Activity is skewed as in real groups: a few people do most of the talking and about a fifth
    never speak. A few former members' events remain, a few people join after the events begin, and
    one message in ten is flagged as an ad (``data={"ad": True}``).
    """
    rng = random.Random(seed)
    start = now - timedelta(days=days)
    people = []
    weights = []
    for i in range(members):
        role = Role.OWNER if i == 0 else Role.ADMIN if i % 50 == 1 else Role.MODERATOR if i % 75 == 2 else (
            Role.GUEST if i % 40 == 3 else Role.MEMBER
        )
        newcomer = rng.random() < 0.1
        joined = now - timedelta(days=rng.uniform(0, days)) if newcomer else start - timedelta(
            days=rng.uniform(1, 400)
        )
        tags = frozenset(rng.sample(_TAGS, rng.choice((0, 0, 1, 1, 2))))
        people.append(
            Member(f"m{i:05d}", joined, role=role, nickname=f"{rng.choice(_NAMES)}{i}", tags=tags)
        )
        weights.append(0.0 if rng.random() < 0.2 else rng.paretovariate(1.3))
    former = [f"x{i:03d}" for i in range(max(1, members // 50))]
    ids = [p.id for p in people] + former
    weights += [1.0] * len(former)
    joined_at = {p.id: p.joined_at for p in people}
    total = members * 8 if events is None else events
    authors = rng.choices(ids, cum_weights=list(accumulate(weights)), k=total)
    kinds = rng.choices([k for k, _ in _KINDS], cum_weights=list(accumulate(w for _, w in _KINDS)), k=total)
    span = days * 86400.0
    moments = sorted(rng.random() * span for _ in range(total))
    made = []
    questions: list[Event] = []
    for n, (author, kind, offset) in enumerate(zip(authors, kinds, moments)):
        at = start + timedelta(seconds=round(offset))
        at = max(at, joined_at.get(author, at))
        value, target, reply_to = 0, None, None
        if kind == Kind.PURCHASE:
            value = rng.choice((19, 49, 99, 199))
        elif kind in (Kind.REACTION, Kind.REPLY):
            target = rng.choice(ids)
        elif kind == Kind.ANSWER and questions:
            asked = questions[rng.randrange(max(0, len(questions) - 20), len(questions))]
            target, reply_to = asked.member_id, asked.id
        ad = {"ad": True} if kind == Kind.MESSAGE and n % 10 == 0 else {}  # some messages advertise
        event = Event(author, kind, at, value=value, id=f"e{n:07d}", reply_to=reply_to, target=target, data=ad)
        if kind == Kind.QUESTION:
            questions.append(event)
        made.append(event)
    made.sort(key=lambda e: e.at)
    return Community(
        f"synthetic-{seed}", Purpose.INTEREST, Stage.GROWTH, max(500, members), people, made, timezone
    )
