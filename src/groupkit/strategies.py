"""Hypothesis strategies for groupkit's types, so you can property-test your own policies.

Needs the ``hypothesis`` extra. Every strategy generates valid objects and shrinks toward small,
simple ones. Installing groupkit also registers them with `hypothesis.strategies.from_type`.

>>> from hypothesis import given
>>> @given(communities(), predicates())
... def test_rules_never_crash(community, rule):
...     from groupkit.views import view
...     view(community, now=NOW).test(rule)
>>> test_rules_never_crash()
"""

from __future__ import annotations

import functools
from datetime import UTC, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

from hypothesis import strategies as st

from groupkit import actions as a
from groupkit import metrics as m
from groupkit import moderation as mod
from groupkit import rules as r
from groupkit import scoring as sc
from groupkit.admission import Admission, Mentoring, Pacing
from groupkit.facts import Community, Event, Kind, Member, Purpose, Role, Stage
from groupkit.incentives import Badge, EarningRule, Points
from groupkit.metrics import Metric
from groupkit.moderation import Moderation
from groupkit.policy import Policy
from groupkit.presets import orbit_love
from groupkit.rules import Predicate
from groupkit.segments import Segment, Segmentation
from groupkit.tiers import Ladder, Tier

__all__ = [
    "EARLIEST",
    "KINDS",
    "LATEST",
    "NOW",
    "TIMEZONES",
    "admissions",
    "aware_datetimes",
    "badges",
    "communities",
    "event_streams",
    "events",
    "ladders",
    "members",
    "metrics",
    "moderations",
    "moments",
    "plays",
    "point_programs",
    "policies",
    "predicates",
    "scores",
    "segmentations",
    "windows",
]

EARLIEST = datetime(2026, 1, 1)
"""Naive lower bound of generated datetimes (hypothesis takes naive bounds and adds the zone)."""
LATEST = datetime(2026, 3, 1)
"""Naive upper bound of generated datetimes."""
NOW = datetime(2026, 2, 20, 12, tzinfo=UTC)
"""A `now` inside the span the strategies generate: some events fall after it, most before."""
KINDS = (Kind.MESSAGE, Kind.REPLY, Kind.REACTION, Kind.PURCHASE, Kind.CHECKIN)
"""The event kinds generated events and metrics use, few enough that rules meet the events."""
TIMEZONES = (
    UTC,
    timezone(timedelta(hours=8)),
    ZoneInfo("Asia/Shanghai"),
    ZoneInfo("America/New_York"),
    ZoneInfo("Europe/London"),
)
"""The time zones of generated datetimes and communities, with and without daylight saving."""
_IDS = st.text(alphabet="abcdefgh", min_size=1, max_size=3)
_WORDS = st.sampled_from(("vip", "mentor", "new", "gold", "silver"))


def aware_datetimes(
    earliest: datetime = EARLIEST, latest: datetime = LATEST
) -> st.SearchStrategy[datetime]:
    """Timezone-aware datetimes between two naive bounds, in a few real time zones."""
    return st.datetimes(earliest, latest, timezones=st.sampled_from(TIMEZONES))


@functools.cache
def moments() -> st.SearchStrategy[datetime]:
    """Candidate values of `now` for views over generated communities."""
    return aware_datetimes(datetime(2026, 1, 15), LATEST)


@functools.cache
def windows() -> st.SearchStrategy[timedelta | None]:
    """Values for a metric's `within`: all time, common windows, or any positive duration."""
    return st.one_of(
        st.none(),
        st.sampled_from((timedelta(hours=1), timedelta(days=1), timedelta(days=7), timedelta(days=30))),
        st.timedeltas(timedelta(seconds=1), timedelta(days=60)),
    )


def members(ids: st.SearchStrategy[str] = _IDS) -> st.SearchStrategy[Member]:
    """Valid members with the given ids."""
    return st.builds(
        Member,
        id=ids,
        joined_at=aware_datetimes(datetime(2025, 12, 1), LATEST),
        role=st.sampled_from(Role),
        nickname=st.text(max_size=8),
        tier=st.none() | _WORDS,
        tier_since=st.none() | aware_datetimes(),
        badges=st.frozensets(_WORDS, max_size=2),
        tags=st.frozensets(_WORDS, max_size=2),
        profile=st.dictionaries(st.text(max_size=4), st.integers() | st.text(max_size=4), max_size=2),
    )


def events(member_ids: st.SearchStrategy[str] = _IDS) -> st.SearchStrategy[Event]:
    """Valid events by the given member ids (ids, replies and targets are left for `communities`)."""
    return st.builds(
        Event,
        member_id=member_ids,
        kind=st.sampled_from(KINDS),
        at=aware_datetimes(),
        value=st.integers(0, 500) | st.floats(0, 500, allow_nan=False),
        text=st.text(max_size=10),
        target=st.none() | member_ids,
    )


@st.composite
def communities(draw: st.DrawFn, max_members: int = 8, max_events: int = 40) -> Community:
    """Valid communities: unique member ids, events by members and by a few former members."""
    people = draw(st.lists(members(), max_size=max_members, unique_by=lambda member: member.id))
    authors = st.sampled_from([p.id for p in people] + ["gone"]) if people else st.just("gone")
    made = draw(st.lists(events(authors), max_size=max_events))
    return Community(
        draw(_IDS),
        draw(st.sampled_from(Purpose)),
        draw(st.sampled_from(Stage)),
        draw(st.none() | st.integers(0, 500)),
        people,
        made,
        draw(st.sampled_from(TIMEZONES)),
    )


@functools.cache
def _kinds() -> st.SearchStrategy[str]:
    return st.sampled_from(KINDS)


@functools.cache
def _numbers() -> st.SearchStrategy[int | float]:
    return st.integers(0, 40) | st.floats(0, 40, allow_nan=False).map(lambda x: round(x, 2))


@functools.cache
def _leaf_metrics() -> st.SearchStrategy[Metric]:
    return st.one_of(
        st.builds(m.count, st.none() | _kinds(), windows()),
        st.builds(m.total, _kinds(), windows()),
        st.builds(m.received, _kinds(), windows(), st.sampled_from((None, "members", "days"))),
        st.builds(m.community_count, _kinds(), windows()),
        st.builds(m.active_days, windows(), st.none() | _kinds()),
        st.builds(m.days_since_last, st.none() | _kinds()),
        st.just(m.tenure_days()),
        st.builds(m.streak, _kinds()),
    )


@functools.cache
def _weights() -> st.SearchStrategy[dict[str, int | float]]:
    weight = st.integers(0, 5) | st.floats(0, 5, allow_nan=False).map(lambda x: round(x, 2))
    return st.dictionaries(_kinds(), weight, min_size=1, max_size=3)


@functools.cache
def scores() -> st.SearchStrategy[Metric]:
    """Scores: engagement (with or without half-life and caps), percentiles, RFM scores and gaps."""
    half_lives = st.none() | st.sampled_from((timedelta(days=1), timedelta(days=7), timedelta(days=30)))
    caps = st.none() | st.dictionaries(_kinds(), st.integers(0, 3), max_size=3)
    return st.one_of(
        st.builds(sc.engagement, _weights(), half_lives, windows(), caps),
        st.builds(sc.percentile, _leaf_metrics()),
        st.builds(
            lambda within, part: getattr(sc.rfm(within), part),
            windows(),
            st.sampled_from(("recency", "frequency", "monetary", "code")),
        ),
        st.builds(sc.gap, st.sampled_from((timedelta(days=1), timedelta(days=7)))),
        st.builds(orbit_love, st.none() | st.dictionaries(_kinds(), st.integers(1, 3), max_size=3)),
    )


@functools.cache
def metrics() -> st.SearchStrategy[Metric]:
    """Metrics: the built-in ones and scores, and arithmetic, minimum and maximum over them."""
    operand = _leaf_metrics() | _numbers().map(m.Constant)
    return st.recursive(
        _leaf_metrics() | scores(),
        lambda inner: st.one_of(
            st.builds(m.Arithmetic, st.sampled_from("+-*/"), inner, inner | operand),
            st.builds(lambda xs: m.Minimum(tuple(xs)), st.lists(inner, min_size=1, max_size=3)),
            st.builds(lambda xs: m.Maximum(tuple(xs)), st.lists(inner, min_size=1, max_size=3)),
            st.builds(m.rounded, inner),
            st.builds(m.highest, inner),
        ),
        max_leaves=4,
    )


@functools.cache
def _leaf_predicates() -> st.SearchStrategy[Predicate]:
    return st.one_of(
        st.builds(r.Compare, metrics(), st.sampled_from((">=", ">", "<=", "<", "==", "!=")),
                  _numbers().map(m.Constant)),
        st.builds(r.Compare, _leaf_metrics(), st.sampled_from((">=", "<")), _leaf_metrics()),
        st.builds(r.has_role, st.sampled_from(Role)),
        st.builds(r.has_tag, _WORDS),
        st.builds(r.in_tier, _WORDS),
        st.builds(r.has_badge, _WORDS),
        st.just(r.always()),
        st.just(r.never()),
    )


@functools.cache
def predicates() -> st.SearchStrategy[Predicate]:
    """Predicates: comparisons and member checks, combined with ``&``, ``|`` and ``~``."""
    return st.recursive(
        _leaf_predicates(),
        lambda inner: st.one_of(
            st.builds(lambda xs: r.AllOf(tuple(xs)), st.lists(inner, max_size=3)),
            st.builds(lambda xs: r.AnyOf(tuple(xs)), st.lists(inner, max_size=3)),
            st.builds(r.Not, inner),
        ),
        max_leaves=6,
    )


@st.composite
def segmentations(draw: st.DrawFn) -> Segmentation:
    """Segmentations of one to four segments with distinct names, and a default."""
    names = draw(st.lists(st.sampled_from(("a", "b", "c", "d", "e")), min_size=2, max_size=5, unique=True))
    rules = draw(st.lists(predicates(), min_size=len(names) - 1, max_size=len(names) - 1))
    return Segmentation([Segment(name, rule) for name, rule in zip(names, rules)], default=names[-1])


@st.composite
def ladders(draw: st.DrawFn) -> Ladder:
    """Ladders of one to three tiers named from the generated members' tier names, lowest first."""
    names = draw(st.lists(_WORDS, min_size=1, max_size=3, unique=True))
    tiers = [
        Tier(name, draw(predicates()), draw(st.none() | predicates()), draw(st.lists(st.text(min_size=1, max_size=5),
                                                                                        max_size=2)))
        for name in names
    ]
    return Ladder(
        tiers,
        min_stay=draw(st.sampled_from((timedelta(0), timedelta(days=14)))),
        grace=draw(st.sampled_from((timedelta(0), timedelta(days=3)))),
        lock=draw(st.sampled_from((r.never(), r.has_tag("vip")))),
    )


def badges() -> st.SearchStrategy[Badge]:
    """Badges: one-off ones on any rule, and repeatable ones on ``metric >= n``."""
    one_off = st.builds(Badge, _WORDS, predicates(), st.sampled_from(("bronze", "silver", "gold")),
                        st.just(False), st.none() | st.text(min_size=1, max_size=6))
    repeatable = st.builds(
        lambda name, metric, n, grade: Badge(name, metric >= n, grade, repeatable=True),
        _WORDS, _leaf_metrics(), st.integers(1, 5), st.sampled_from(("bronze", "silver", "gold")),
    )
    return one_off | repeatable


@st.composite
def point_programs(draw: st.DrawFn, floor: bool = True) -> Points:
    """Points programs over the generated event kinds: gains and losses, caps, expiry, a start and a floor."""
    kinds = draw(st.lists(_kinds(), min_size=1, max_size=4))
    rules = [
        EarningRule(
            f"r{i}", kind, draw(st.integers(-5, 20)), draw(st.booleans()), draw(st.sampled_from(("actor", "target"))),
            draw(st.none() | st.integers(0, 30)), draw(st.none() | st.integers(0, 60)),
            draw(st.just(r.always()) | predicates()), draw(st.booleans()),
            draw(st.none() | st.integers(1, 3)), draw(st.none() | st.sampled_from((timedelta(days=1),
                                                                                   timedelta(days=5)))),
        )
        for i, kind in enumerate(kinds)
    ]
    return Points(
        rules,
        daily_cap=draw(st.none() | st.integers(0, 40)),
        expire_after=draw(st.none() | st.sampled_from((timedelta(days=3), timedelta(days=20)))),
        spend_kind=draw(st.sampled_from(("redeem", Kind.PURCHASE))),
        start=draw(st.integers(0, 5)),
        floor=draw(st.none() | st.integers(0, 3)) if floor else None,
    )


@st.composite
def admissions(draw: st.DrawFn) -> Admission:
    """Entry rules: a threshold (often none), pacing and capacity or not, a mentor or not."""
    pacing = st.none() | st.builds(
        Pacing, st.integers(1, 5), st.sampled_from((timedelta(hours=1), timedelta(days=1), timedelta(days=7)))
    )
    mentor = st.none() | st.builds(
        Mentoring, st.just(r.always()) | predicates(), st.integers(1, 3), st.booleans(),
        st.sampled_from((timedelta(days=7), timedelta(days=30))),
    )
    return Admission(
        draw(st.just(r.always()) | predicates()),
        draw(pacing),
        draw(st.none() | st.integers(1, 40)),
        draw(mentor),
    )


_TEXTS = ("hi", "hello all", "代购", "加微信 vx123", "see https://example.com", "@a @b @c", "same", "新品八折")
_STREAM_KINDS = (Kind.MESSAGE, Kind.VOICE, Kind.VIDEO, Kind.RED_PACKET)


@st.composite
def event_streams(draw: st.DrawFn, member_ids: tuple[str, ...] = ("ann", "bo", "cy"),
                  max_events: int = 30) -> list[Event]:
    """Time-ordered chat events, seconds to minutes apart, with texts and data the screening rules meet."""
    at = draw(aware_datetimes())
    stream = []
    for _ in range(draw(st.integers(0, max_events))):
        at += timedelta(seconds=draw(st.sampled_from((0, 1, 2, 5, 30, 90, 200, 4000))))
        kind = draw(st.sampled_from(_STREAM_KINDS))
        data: dict[str, object] = {}
        value = 0
        if kind == Kind.RED_PACKET:
            value = draw(st.sampled_from((10, 50, 88)))
            data["count"] = draw(st.sampled_from((5, 20)))
        elif draw(st.booleans()) and draw(st.booleans()):
            data["ad"] = True
        stream.append(Event(draw(st.sampled_from(member_ids)), kind, at, value=value,
                            text=draw(st.sampled_from(_TEXTS)), data=data))
    return stream


@st.composite
def moderations(draw: st.DrawFn) -> Moderation:
    """Screening policies: some of every kind of rule, with or without an escalation and obligations."""
    second = timedelta(seconds=1)
    action = st.none() | st.sampled_from(("warn", "delete", mod.Step("mute", 10 * second), "remove"))
    choices = [
        st.builds(lambda a: mod.keywords(["代购", "加微信"], action=a), action),
        st.builds(lambda n, a: mod.flood(n, 10 * second, action=a), st.integers(1, 4), action),
        st.builds(lambda n, a: mod.duplicates(n, 120 * second, action=a), st.integers(1, 3), action),
        st.builds(lambda a: mod.links(deny=["example.com"], action=a), action),
        st.builds(lambda n, a: mod.mentions(n, action=a), st.integers(0, 3), action),
        st.builds(lambda a: mod.media(action=a), action),
        st.builds(lambda a: mod.custom(mod.field("data.ad").eq(True), a), action),
    ]
    rules = [draw(choice) for choice in choices if draw(st.booleans())]
    escalation = draw(st.none() | st.builds(
        mod.Escalation,
        st.lists(st.sampled_from(("warn", "delete", "remove")), min_size=1, max_size=3),
        st.sampled_from((60 * second, 3600 * second)),
    ))
    obligations = []
    if draw(st.booleans()):
        obligations.append(mod.obligation(
            "send a red packet", mod.field("data.ad").eq(True),
            mod.kind(Kind.RED_PACKET) & (mod.field("value") >= 50) & (mod.field("data.count") >= 20),
            180 * second, "remove"))
    return mod.Moderation(rules, escalation=escalation, obligations=obligations)


_ACTIONS = ("welcome", "thank", "reward", "reactivate", "remove", "warn", "start_topic", "promote", "surprise")


@functools.cache
def _community_predicates() -> st.SearchStrategy[Predicate]:
    figure = st.sampled_from(("active_share_7d", "stickiness", "ad_share", "members", "net_growth"))
    measure = st.one_of(st.builds(a.health, figure), st.just(a.size()), st.just(a.fill()),
                        st.builds(a.quiet_days, st.none() | _kinds()))
    leaf = st.one_of(
        st.builds(r.Compare, measure, st.sampled_from((">=", "<")), _numbers().map(m.Constant)),
        st.builds(a.stage, st.sampled_from(Stage)),
        st.builds(a.purpose, st.sampled_from(Purpose)),
        st.builds(a.flagged, st.sampled_from(("unmanaged_ads", "unanswered_questions", "long_silence",
                                              "one_voice_dominates"))),
        st.just(r.always()),
    )
    return st.recursive(leaf, lambda inner: st.one_of(
        st.builds(lambda xs: r.AllOf(tuple(xs)), st.lists(inner, min_size=1, max_size=3)),
        st.builds(lambda xs: r.AnyOf(tuple(xs)), st.lists(inner, min_size=1, max_size=3)),
        st.builds(r.Not, inner),
    ), max_leaves=3)


@st.composite
def plays(draw: st.DrawFn, name: str = "play") -> a.Play:
    """Plays: for members on any rule, or for the community on community measures, some scheduled."""
    action = draw(st.sampled_from(_ACTIONS))
    priority = draw(st.integers(-2, 5))
    params = draw(st.dictionaries(st.sampled_from(("tone", "points")), st.integers(0, 9) | _WORDS, max_size=2))
    if draw(st.booleans()):
        return a.Play(name, action, draw(predicates()), "member", priority, params)
    schedule = draw(st.none() | st.builds(
        a.Schedule, st.lists(st.sampled_from(("09:00", "20:00", "20:30")), min_size=1, max_size=2),
        st.none() | st.lists(st.sampled_from(("mon", "wed", "fri", "sun")), min_size=1, max_size=2)))
    return a.Play(name, action, draw(_community_predicates()), "community", priority, params, schedule=schedule)


@st.composite
def policies(draw: st.DrawFn) -> Policy:
    """Policies with every part optional: a score, segments, a lifecycle, a ladder, points, badges,
    screening, admission, plays, a budget and the default conflicts or none."""
    named_badges = draw(st.lists(badges(), max_size=2, unique_by=lambda badge: badge.name))
    budget = draw(st.none() | st.builds(
        a.Budget, st.none() | st.integers(0, 6),
        st.dictionaries(st.sampled_from(_ACTIONS), st.integers(0, 3), max_size=2)))
    return Policy(
        scoring=draw(st.none() | scores()),
        segments=draw(st.none() | segmentations()),
        lifecycle=draw(st.none() | segmentations()),
        ladder=draw(st.none() | ladders()),
        points=draw(st.none() | point_programs()),
        badges=named_badges,
        moderation=draw(st.none() | moderations()),
        admission=draw(st.none() | admissions()),
        plays=[draw(plays(f"play {i}")) for i in range(draw(st.integers(0, 4)))],
        budget=budget,
        conflicts=draw(st.sampled_from((a.DEFAULT_CONFLICTS, ()))),
    )
