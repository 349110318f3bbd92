"""A SQLite store for a groupkit host: policies, facts, screening states and the action log.

groupkit keeps nothing between calls; a host keeps it. This module is that glue, done so that the
library's guarantees hold at the edge:

- **No lost update.** Every screening state has a version. A worker screens against the version it
  read and writes back only if the version is still the same (compare-and-set); if another worker
  wrote first, it reads again and screens again. Two workers screening one community at once give
  the result of screening its events one after the other, in the order they were stored.
- **Each event once.** An event is stored with its id, under a unique key: an event delivered twice
  (a platform retrying, a worker restarted) is screened once, and the second delivery gets the
  first's outcome.
- **Nothing lost, nothing done twice.** The new state, the log entry and the actions to carry out
  are written in one transaction. A worker killed before it commits leaves nothing behind, so the
  event is screened when it is delivered again; one killed after leaves the actions in the log, not
  yet done, for `Store.pending` to hand to the next worker.
- **Timers exactly once.** Each state row records its next deadline, so a restarted host finds the
  communities with obligations due (`Store.due`) and ticks them; a tick's decisions are stored with
  the state that no longer holds them, so a deadline fires once however often the host ticks.

Only the standard library's `sqlite3`; data as JSON from `gk.to_data`, read back with `gk.from_data`.

    >>> import groupkit as gk
    >>> from datetime import datetime, timezone
    >>> store = Store(":memory:")
    >>> rules = gk.presets.wechat_group_rules()
    >>> at = datetime(2026, 5, 1, 2, 0, tzinfo=timezone.utc)
    >>> outcome = store.screen(rules, "g1", gk.Event("bo", "message", at, text="专业代购", id="m1"))
    >>> outcome.decision.action, outcome.version, [a.decision.action for a in store.pending("g1")]
    ('warn', 1, ['warn'])
"""

from __future__ import annotations

import itertools
import json
import random
import sqlite3
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from typing import Any, Literal

import attrs

import groupkit as gk

__all__ = ["Entry", "Pending", "Prepared", "Screened", "Store", "VersionConflict", "load_community", "to_carry_out"]

# --8<-- [start:schema]
SCHEMA = """
CREATE TABLE IF NOT EXISTS policies (
    community_id TEXT PRIMARY KEY,
    policy TEXT NOT NULL,                -- gk.to_data(policy), as JSON
    version INTEGER NOT NULL             -- +1 on every write: compare-and-set
);
CREATE TABLE IF NOT EXISTS communities (
    community_id TEXT PRIMARY KEY,
    facts TEXT NOT NULL                  -- gk.to_data(community) without members and events
);
CREATE TABLE IF NOT EXISTS members (
    community_id TEXT NOT NULL,
    member_id TEXT NOT NULL,
    member TEXT NOT NULL,                -- gk.to_data(member)
    PRIMARY KEY (community_id, member_id)
);
CREATE TABLE IF NOT EXISTS states (
    community_id TEXT PRIMARY KEY,
    state TEXT NOT NULL,                 -- gk.to_data(screen state)
    version INTEGER NOT NULL,            -- the number of log entries applied: compare-and-set
    due INTEGER                          -- the next obligation's deadline, in microseconds since 1970
);
CREATE INDEX IF NOT EXISTS states_due ON states (due) WHERE due IS NOT NULL;
CREATE TABLE IF NOT EXISTS log (         -- what made each version of a state: an event or a tick
    community_id TEXT NOT NULL,
    version INTEGER NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('event', 'tick')),
    event_id TEXT,                       -- NULL for a tick
    entry TEXT NOT NULL,                 -- {"event", "member"} as screened, or {"now"}
    decisions TEXT NOT NULL,             -- every decision, with its reasons: why the bot did what it did
    PRIMARY KEY (community_id, version),
    UNIQUE (community_id, event_id)
);
CREATE TABLE IF NOT EXISTS events (      -- events the host records without screening (a DM it sent)
    community_id TEXT NOT NULL,
    event_id TEXT NOT NULL,
    event TEXT NOT NULL,
    PRIMARY KEY (community_id, event_id)
);
CREATE TABLE IF NOT EXISTS actions (     -- the host's to-do list: decisions to carry out on the platform
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    community_id TEXT NOT NULL,
    version INTEGER NOT NULL,            -- the log entry that decided it
    decision TEXT NOT NULL,
    done_at TEXT                         -- NULL until the host has carried it out
);
CREATE INDEX IF NOT EXISTS actions_to_do ON actions (community_id, id) WHERE done_at IS NULL;
"""
# --8<-- [end:schema]

EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def _micros(at: datetime) -> int:
    return (at - EPOCH) // timedelta(microseconds=1)


def _json(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


@attrs.frozen
class Pending:
    """A decision stored for the host to carry out: `id` to mark it done, `version` the log entry,
    and the `event` screened (None for a timer's decision): its id is the message to delete."""

    id: int
    community_id: str
    version: int
    decision: gk.Decision
    event: gk.Event | None = None


@attrs.frozen
class Screened:
    """What storing one event's screening gave: the log `version` it made, the event as screened
    (dated at the state's clock if it came late), the decision, every rule that fired, and the
    actions stored for the host to carry out. `again` is True when the event had been screened
    before (a second delivery): then nothing was written, and this is the first outcome."""

    version: int
    event: gk.Event
    decision: gk.Decision
    fired: tuple[gk.Decision, ...]
    actions: tuple[Pending, ...]
    again: bool = False


@attrs.frozen
class Prepared:
    """A screening computed against `version` of the state, not yet stored: see `Store.prepare`."""

    community_id: str
    version: int
    event: gk.Event
    member: gk.Member | None
    screening: gk.Screening


@attrs.frozen
class Entry:
    """One log entry: an event screened (with its sender) or a tick, and the decisions it gave."""

    version: int
    kind: Literal["event", "tick"]
    event: gk.Event | None
    member: gk.Member | None
    now: datetime | None
    decisions: tuple[gk.Decision, ...]


class VersionConflict(Exception):
    """Raised by `Store.commit` when another worker stored a new version of the state first."""


def to_carry_out(screening: gk.Screening) -> tuple[gk.Decision, ...]:
    """The decisions a host carries out for one screening: the decision, unless it is "allow", and
    any request for an obligation that a stronger decision outranked (an ad that also broke a rule
    is still asked for its red packet), unless the sender is removed."""
    decision = screening.decision
    if decision.action == "allow":
        return ()
    requests = tuple(d for d in screening.fired if d.action == "request" and d is not decision)
    return (decision,) if decision.action == "remove" else (decision, *requests)


class Store:
    """Policies, facts, screening states and the action log of many communities, in one SQLite file.

    Open one `Store` per process (or thread); any number of processes may share the file. `path`
    may be ":memory:" for a store of one's own.
    """

    def __init__(self, path: str, *, timeout: float = 60.0) -> None:
        self.path = path
        self._db = sqlite3.connect(path, timeout=timeout, isolation_level=None)  # transactions are explicit
        for attempt in itertools.count():  # readers never wait for the writer; the first to open the file sets it
            try:
                self._db.execute("PRAGMA journal_mode = WAL")
                break
            except sqlite3.OperationalError:  # another process is setting it: SQLite does not wait for this one
                if attempt * 0.05 > timeout:
                    raise
                time.sleep(0.05)
        self._db.execute("PRAGMA synchronous = NORMAL")
        self._db.executescript(SCHEMA)
        self._db.execute("PRAGMA busy_timeout = 0")  # from now on, _transaction waits for the write lock itself
        self.timeout = timeout
        self._policies: dict[str, tuple[str, gk.Policy]] = {}  # community id -> (stored JSON, policy)
        self._states: dict[str, tuple[gk.ScreenState, int]] = {}  # community id -> the last state seen, its version
        self.conflicts = 0  # how often a write found a newer version and screened again

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    # --8<-- [start:transaction]
    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        """A write transaction: takes the write lock at once, commits, or rolls back on any error.

        While another process holds the lock, it tries again every fraction of a millisecond, at
        random, rather than with SQLite's own waits, which grow to 100 ms: those let a busy worker
        take the lock again and again while the other sleeps.
        """
        deadline = time.monotonic() + self.timeout
        while True:
            try:
                self._db.execute("BEGIN IMMEDIATE")
                break
            except sqlite3.OperationalError as error:
                if "locked" not in str(error) or time.monotonic() > deadline:
                    raise
                time.sleep(random.uniform(0.0001, 0.001))
        try:
            yield self._db
        except BaseException:
            self._db.execute("ROLLBACK")
            raise
        self._db.execute("COMMIT")
    # --8<-- [end:transaction]

    def _one(self, sql: str, *parameters: object) -> Any:
        row = self._db.execute(sql, parameters).fetchone()
        return None if row is None else row[0] if len(row) == 1 else row

    # -- policies ------------------------------------------------------------------------------

    def put_policy(self, community_id: str, policy: gk.Policy, *, version: int = 0) -> int:
        """Store the community's policy over `version` (0: it has none yet); the new version.

        Two admins editing the same policy cannot overwrite each other: the second write, made over
        the version both read, raises `ValueError`; read the policy again and redo the change.
        """
        data = _json(gk.to_data(policy))
        with self._transaction() as db:
            if version == 0:
                written = db.execute("INSERT INTO policies VALUES (?, ?, 1) ON CONFLICT DO NOTHING",
                                     (community_id, data)).rowcount
            else:
                written = db.execute("UPDATE policies SET policy = ?, version = version + 1 "
                                     "WHERE community_id = ? AND version = ?", (data, community_id, version)).rowcount
            if written != 1:
                raise ValueError(f"{community_id}: the policy is no longer at version {version}; read it again")
        return version + 1

    def policy(self, community_id: str) -> tuple[gk.Policy, int]:
        """The community's policy and its version; `KeyError` if it has none."""
        row = self._one("SELECT policy, version FROM policies WHERE community_id = ?", community_id)
        if row is None:
            raise KeyError(f"{community_id}: no policy stored")
        text, version = row
        cached = self._policies.get(community_id)
        if cached is None or cached[0] != text:  # parse a policy once, not on every message
            cached = self._policies[community_id] = (text, gk.from_data(json.loads(text), gk.Policy))
        return cached[1], version

    # -- facts ---------------------------------------------------------------------------------

    def put_community(self, community: gk.Community) -> None:
        """Store a community: its own facts, its members and its events (added to those stored)."""
        facts = gk.to_data(attrs.evolve(community, members=(), events=()))
        with self._transaction() as db:
            db.execute("INSERT INTO communities VALUES (?, ?) ON CONFLICT DO UPDATE SET facts = excluded.facts",
                       (community.id, _json(facts)))
            for member in community.members:
                self._put_member(db, community.id, member)
            db.executemany("INSERT INTO events VALUES (?, ?, ?)",
                           [(community.id, event.id, _json(gk.to_data(event))) for event in community.events])

    def put_member(self, community_id: str, member: gk.Member) -> None:
        """Store a member (a join, a new nickname, a new role), replacing what was stored of them."""
        with self._transaction() as db:
            self._put_member(db, community_id, member)

    @staticmethod
    def _put_member(db: sqlite3.Connection, community_id: str, member: gk.Member) -> None:
        db.execute("INSERT INTO members VALUES (?, ?, ?) ON CONFLICT DO UPDATE SET member = excluded.member",
                   (community_id, member.id, _json(gk.to_data(member))))

    def member(self, community_id: str, member_id: str) -> gk.Member | None:
        """The stored member, or None for a sender the host has not seen join."""
        data = self._one("SELECT member FROM members WHERE community_id = ? AND member_id = ?", community_id, member_id)
        return None if data is None else gk.from_data(json.loads(data), gk.Member)

    def record(self, community_id: str, event: gk.Event) -> None:
        """Record an event that is not screened: something the host did, such as a DM it sent
        (`gk.Event(member, "reactivate_sent", now, id=...)`), for the review's cooldowns."""
        if event.id is None:
            raise ValueError("event: needs an id, so that it is recorded once")
        with self._transaction() as db:
            db.execute("INSERT INTO events VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
                       (community_id, event.id, _json(gk.to_data(event))))

    def community_ids(self) -> list[str]:
        """The communities with stored facts, by id."""
        return [row[0] for row in self._db.execute("SELECT community_id FROM communities ORDER BY community_id")]

    def community(self, community_id: str) -> gk.Community:
        """The community as a review sees it: its facts, its members, the events it screened and
        those the host recorded, in time order. `KeyError` if its facts were never stored."""
        facts = self._one("SELECT facts FROM communities WHERE community_id = ?", community_id)
        if facts is None:
            raise KeyError(f"{community_id}: no community stored")
        data = json.loads(facts)
        data["members"] = [json.loads(row[0]) for row in self._db.execute(
            "SELECT member FROM members WHERE community_id = ? ORDER BY member_id", (community_id,))]
        events = [gk.from_data(json.loads(row[0]), gk.Event) for row in self._db.execute(
            "SELECT event FROM events WHERE community_id = ?", (community_id,))]
        events += [entry.event for entry in self.log(community_id) if entry.event is not None]
        community = gk.from_data(data, gk.Community)
        return attrs.evolve(community, events=sorted(events, key=lambda event: event.at))

    # -- screening -----------------------------------------------------------------------------

    def state(self, community_id: str) -> tuple[gk.ScreenState, int]:
        """The community's screening state and its version (the empty state and 0 before its first event).

        The state this worker wrote last is kept parsed: if the stored version is still that one,
        only the version is read. States are immutable, so sharing them is safe.
        """
        version = self._one("SELECT version FROM states WHERE community_id = ?", community_id)
        if version is None:
            return gk.ScreenState.empty(), 0
        cached = self._states.get(community_id)
        if cached is not None and cached[1] == version:
            return cached
        row = self._one("SELECT state, version FROM states WHERE community_id = ?", community_id)
        state = self._states[community_id] = gk.from_data(json.loads(row[0]), gk.ScreenState), row[1]
        return state

    # --8<-- [start:screen]
    def prepare(self, moderation: gk.Moderation, community_id: str, event: gk.Event,
                member: gk.Member | None = None) -> Prepared:
        """Screen `event` against the stored state, without storing anything: the first half of
        `screen`. An event older than the state's clock (it arrived after a later one) is screened
        as of the clock, as a bot would see it: now."""
        state, version = self.state(community_id)
        if state.clock is not None and event.at < state.clock:
            event = attrs.evolve(event, at=state.clock)
        return Prepared(community_id, version, event, member, moderation.screen(state, event, member))

    def commit(self, prepared: Prepared) -> Screened:
        """Store a prepared screening if the state is still at the version it was screened against:
        the new state, the log entry and the actions, in one transaction. Raises `VersionConflict` if
        another worker stored a version first, and `sqlite3.IntegrityError` if the event was stored."""
        with self._transaction() as db:
            screened = self._write(db, prepared)
        self._states[prepared.community_id] = (prepared.screening.state, screened.version)  # parsed already
        return screened

    def _write(self, db: sqlite3.Connection, prepared: Prepared) -> Screened:
        screening, cid, version = prepared.screening, prepared.community_id, prepared.version + 1
        self._set_state(db, cid, prepared.version, screening.state)
        member = None if prepared.member is None else gk.to_data(prepared.member)
        entry = {"event": gk.to_data(prepared.event), "member": member}
        decisions = gk.to_data((screening.decision, *screening.fired))
        db.execute("INSERT INTO log VALUES (?, ?, 'event', ?, ?, ?)",
                   (cid, version, prepared.event.id, _json(entry), _json(decisions)))
        actions = self._add_actions(db, cid, version, to_carry_out(screening), prepared.event)
        return Screened(version, prepared.event, screening.decision, screening.fired, actions)

    def screen(self, moderation: gk.Moderation, community_id: str, event: gk.Event,
               member: gk.Member | None = None) -> Screened:
        """Screen one event of the community and store the outcome: safe with any number of workers
        on the same community, and with the same event delivered more than once.

        The first try screens without the write lock and stores only if no one wrote meanwhile
        (compare-and-set); if someone did, the second try holds the write lock from reading the
        state to storing the outcome, so a worker never loses to a busier one again and again.
        The actions to carry out are in `Screened.actions` and stay in `pending` until `done`.
        """
        if event.id is None:
            raise ValueError("event: needs an id (the platform's message id), so that it is screened once")
        again = self._screened(community_id, event.id)
        if again is not None:
            return again
        try:
            return self.commit(self.prepare(moderation, community_id, event, member))
        except VersionConflict:
            self.conflicts += 1
        except sqlite3.IntegrityError:  # another worker stored this very event meanwhile
            pass
        with self._transaction() as db:  # no one else can write now
            again = self._screened(community_id, event.id)
            if again is not None:
                return again
            prepared = self.prepare(moderation, community_id, event, member)
            screened = self._write(db, prepared)
        self._states[community_id] = (prepared.screening.state, screened.version)
        return screened
    # --8<-- [end:screen]

    def _screened(self, community_id: str, event_id: str) -> Screened | None:
        row = self._one("SELECT version, entry, decisions FROM log WHERE community_id = ? AND event_id = ?",
                        community_id, event_id)
        if row is None:
            return None
        version, entry, decisions = row[0], json.loads(row[1]), json.loads(row[2])
        fired = tuple(gk.from_data(decision, gk.Decision) for decision in decisions)
        actions = tuple(self._actions("WHERE a.community_id = ? AND a.version = ?", community_id, version))
        return Screened(version, gk.from_data(entry["event"], gk.Event), fired[0], fired[1:], actions, again=True)

    # --8<-- [start:tick]
    def tick(self, moderation: gk.Moderation, community_id: str, now: datetime) -> tuple[Pending, ...]:
        """Fire the community's obligations due by `now` and store the outcome; the actions stored.

        Each obligation fires once: the decisions are stored with the state that no longer holds
        it, so ticking again (another worker, a restart) finds nothing more to fire. A tick older
        than the last event screened counts as of that event.
        """
        state, _ = self.state(community_id)
        if not any(open_.due <= max(now, state.clock or now) for open_ in state.obligations):
            return ()  # nothing due: no need for the write lock
        with self._transaction() as db:  # read, fire and store under the lock: two tickers cannot both fire
            state, version = self.state(community_id)
            at = now if state.clock is None or now >= state.clock else state.clock
            decisions, new_state = moderation.tick(state, at)
            if not decisions:
                return ()
            self._set_state(db, community_id, version, new_state)
            db.execute("INSERT INTO log VALUES (?, ?, 'tick', NULL, ?, ?)",
                       (community_id, version + 1, _json({"now": at.isoformat()}), _json(gk.to_data(decisions))))
            actions = self._add_actions(db, community_id, version + 1, decisions)
        self._states[community_id] = (new_state, version + 1)
        return actions

    def due(self, now: datetime) -> list[str]:
        """The communities with an obligation due by `now`, soonest first: the ones to tick."""
        return [row[0] for row in self._db.execute(
            "SELECT community_id FROM states WHERE due <= ? ORDER BY due, community_id", (_micros(now),))]

    def next_due(self) -> datetime | None:
        """The earliest deadline of any community (None: no obligation open): when to tick next."""
        due = self._one("SELECT min(due) FROM states")
        return None if due is None else EPOCH + timedelta(microseconds=due)
    # --8<-- [end:tick]

    # --8<-- [start:set-state]
    def _set_state(self, db: sqlite3.Connection, community_id: str, version: int, state: gk.ScreenState) -> None:
        data = _json(gk.to_data(state))
        due = _micros(state.obligations[0].due) if state.obligations else None
        if version == 0:
            written = db.execute("INSERT INTO states VALUES (?, ?, 1, ?) ON CONFLICT DO NOTHING",
                                 (community_id, data, due)).rowcount
        else:
            written = db.execute("UPDATE states SET state = ?, version = version + 1, due = ? "
                                 "WHERE community_id = ? AND version = ?", (data, due, community_id, version)).rowcount
        if written != 1:
            raise VersionConflict(community_id)
    # --8<-- [end:set-state]

    # -- the action log ------------------------------------------------------------------------

    def _add_actions(self, db: sqlite3.Connection, community_id: str, version: int,
                     decisions: Sequence[gk.Decision], event: gk.Event | None = None) -> tuple[Pending, ...]:
        added = []
        for decision in decisions:
            cursor = db.execute("INSERT INTO actions (community_id, version, decision) VALUES (?, ?, ?)",
                                (community_id, version, _json(gk.to_data(decision))))
            assert cursor.lastrowid is not None
            added.append(Pending(cursor.lastrowid, community_id, version, decision, event))
        return tuple(added)

    def _actions(self, where: str, *parameters: object) -> Iterator[Pending]:
        for id_, community_id, version, decision, entry in self._db.execute(
                "SELECT a.id, a.community_id, a.version, a.decision, l.entry FROM actions AS a "
                f"JOIN log AS l USING (community_id, version) {where} ORDER BY a.id", parameters):
            event = json.loads(entry).get("event")
            yield Pending(id_, community_id, version, gk.from_data(json.loads(decision), gk.Decision),
                          None if event is None else gk.from_data(event, gk.Event))

    # --8<-- [start:pending]
    def pending(self, community_id: str | None = None) -> list[Pending]:
        """The actions not yet carried out, oldest first (of one community, or of all): after a
        restart, carry these out before anything new."""
        if community_id is None:
            return list(self._actions("WHERE done_at IS NULL"))
        return list(self._actions("WHERE done_at IS NULL AND a.community_id = ?", community_id))

    def done(self, action: Pending, at: datetime) -> None:
        """Mark an action carried out, at `at`."""
        with self._transaction() as db:
            db.execute("UPDATE actions SET done_at = ? WHERE id = ? AND done_at IS NULL", (at.isoformat(), action.id))
    # --8<-- [end:pending]

    def log(self, community_id: str) -> list[Entry]:
        """The community's log, oldest first: replaying it from the empty state gives the stored state."""
        entries = []
        for version, kind, entry, decisions in self._db.execute(
                "SELECT version, kind, entry, decisions FROM log WHERE community_id = ? ORDER BY version",
                (community_id,)):
            data = json.loads(entry)
            fired = tuple(gk.from_data(decision, gk.Decision) for decision in json.loads(decisions))
            if kind == "event":
                member = None if data["member"] is None else gk.from_data(data["member"], gk.Member)
                entries.append(Entry(version, "event", gk.from_data(data["event"], gk.Event), member, None, fired))
            else:
                entries.append(Entry(version, "tick", None, None, datetime.fromisoformat(data["now"]), fired))
        return entries


# --8<-- [start:loader]
def load_community(path: str, community_id: str) -> gk.Community:
    """Open the store at `path` and read one community: a loader for `gk.portfolio.review_all`,
    which runs it on the worker (pass `functools.partial(load_community, path, community_id)`)."""
    with Store(path) as store:
        return store.community(community_id)
# --8<-- [end:loader]
