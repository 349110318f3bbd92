"""The screening state a host keeps between events: immutable, serialisable and bounded.

It holds, per member, only what the rules' windows need (their recent events, their live strikes,
when they were last reminded of the nickname rule), the open obligations, and the clock (the time of
the last event or tick). Members are spread over buckets, so a new state copies one small bucket,
not every member; a sweep of one bucket every few events drops what has aged out, so the state's
size follows the traffic of the last window, not the length of the stream.

>>> ScreenState.empty().clock is None
True
"""

from __future__ import annotations

import zlib
from collections.abc import Iterator, Mapping
from datetime import datetime
from typing import Any

import attrs

from groupkit.moderation.rules import Seen

__all__ = ["MemberRecord", "OpenObligation", "ScreenState"]

BUCKETS = 64


@attrs.frozen
class MemberRecord:
    """One member's part of the state: recent events (time, kind, text fingerprint), live strikes,
    and when they were last reminded (per rule name)."""

    recent: tuple[Seen, ...] = ()
    strikes: tuple[datetime, ...] = ()
    reminded: tuple[tuple[str, datetime], ...] = ()

    def last_reminded(self, rule: str) -> datetime | None:
        """When the member was last reminded under `rule` (None: not within the state's memory)."""
        return next((at for name, at in self.reminded if name == rule), None)

    def __bool__(self) -> bool:
        return bool(self.recent or self.strikes or self.reminded)


@attrs.frozen(order=True)
class OpenObligation:
    """An obligation a member has to meet by `due` (opened by their event at `opened`); `who` is how
    messages address them (``@nickname``)."""

    due: datetime
    member_id: str
    name: str
    opened: datetime
    who: str = ""


def bucket_of(member_id: str) -> int:
    """The bucket of a member: a stable hash, the same in every process."""
    return zlib.crc32(member_id.encode()) % BUCKETS


@attrs.frozen(eq=False)
class ScreenState:
    """What screening remembers. Build the first with `ScreenState.empty()`; every screen and tick
    returns a new one, and the old one stays as it was."""

    clock: datetime | None
    buckets: tuple[Mapping[str, MemberRecord], ...]
    obligations: tuple[OpenObligation, ...] = ()
    count: int = 0  # events screened, to pace the sweep

    @classmethod
    def empty(cls) -> ScreenState:
        """The state of a community before its first event."""
        return _EMPTY

    def record(self, member_id: str) -> MemberRecord:
        """The member's record (empty if the state holds nothing about them)."""
        return self.buckets[bucket_of(member_id)].get(member_id, _NOTHING)

    def members(self) -> Iterator[tuple[str, MemberRecord]]:
        """Every member the state holds something about, with their record, ordered by id."""
        found = [item for bucket in self.buckets for item in bucket.items()]
        return iter(sorted(found))

    def size(self) -> int:
        """How many items the state holds: recent events, strikes, reminders and open obligations."""
        return len(self.obligations) + sum(
            len(r.recent) + len(r.strikes) + len(r.reminded) for bucket in self.buckets for r in bucket.values()
        )

    def replace(self, member_id: str, record: MemberRecord, **changes: Any) -> ScreenState:
        """A new state with the member's record replaced (dropped when empty) and other `changes`."""
        index = bucket_of(member_id)
        bucket = dict(self.buckets[index])
        if record:
            bucket[member_id] = record
        else:
            bucket.pop(member_id, None)
        buckets = (*self.buckets[:index], bucket, *self.buckets[index + 1 :])
        return ScreenState(changes.get("clock", self.clock), buckets, changes.get("obligations", self.obligations),
                           changes.get("count", self.count))

    def put(self, index: int, member_id: str, record: MemberRecord, clock: datetime,
            obligations: tuple[OpenObligation, ...]) -> ScreenState:
        """The state after one more event: the member's record (in bucket `index`) replaced, the clock
        and the obligations set (the fast path of `Moderation.screen`)."""
        bucket = dict(self.buckets[index])
        if record:
            bucket[member_id] = record
        else:
            bucket.pop(member_id, None)
        buckets = list(self.buckets)
        buckets[index] = bucket
        return ScreenState(clock, tuple(buckets), obligations, self.count + 1)

    def swept(self, index: int, keep: Any) -> ScreenState:
        """A new state whose bucket `index` keeps only the records `keep(record)` returns (trimmed)."""
        bucket = self.buckets[index]
        kept = {member_id: trimmed for member_id, record in bucket.items() if (trimmed := keep(record))}
        if len(kept) == len(bucket) and all(kept[m] is bucket[m] for m in kept):
            return self
        return attrs.evolve(self, buckets=(*self.buckets[:index], kept, *self.buckets[index + 1 :]))

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, ScreenState):
            return NotImplemented
        return (self.clock == other.clock and self.obligations == other.obligations
                and list(self.members()) == list(other.members()))

    def __hash__(self) -> int:
        return hash((self.clock, self.obligations, tuple(self.members())))

    def __repr__(self) -> str:
        members = sum(len(bucket) for bucket in self.buckets)
        clock = None if self.clock is None else self.clock.isoformat()
        return f"<ScreenState at {clock}: {members} members, {len(self.obligations)} open obligations>"


_NOTHING = MemberRecord()
_EMPTY = ScreenState(None, tuple({} for _ in range(BUCKETS)))
