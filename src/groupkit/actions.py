"""Plays and the actions a review recommends: ranked, one per kind and target, conflicts resolved,
cut to the operator's budget, each with its reasons.

A `Play` says what to do (`action`) for whom (`target`: each member its `when` holds for, or the
community) and how urgent it is (`priority`). Community plays test the community as a whole, with
the measures below (`health`, `size`, `fill`, `quiet_days`, `stage`, `purpose`, `flagged`): one value
for everyone, so they combine with ``&``, ``|`` and ``~`` like any rule. Cooldowns are rules over
the events the host records for what it did: ``days_since_last("reactivate_sent") >= 14``.

>>> from datetime import timedelta
>>> from groupkit.metrics import tenure_days
>>> Play("welcome newcomers", "welcome", tenure_days() < 1, priority=3)
Play('welcome newcomers', 'welcome', tenure_days() < 1, priority=3)
>>> Play("wake the group", "start_topic", quiet_days() >= 3, target="community")
Play('wake the group', 'start_topic', quiet_days() >= 3, target='community')
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping, Sequence, Set
from datetime import datetime, time, timedelta
from typing import TYPE_CHECKING, Any, Literal

import attrs

from groupkit import _checks
from groupkit._frozen import FrozenDict, freeze_json
from groupkit._pickling import reduce_fields
from groupkit.facts import Purpose, Stage
from groupkit.i18n import ACTIONS as ACTION_WORDS
from groupkit.i18n import Lang, Text
from groupkit.metrics import Arithmetic, CommunityCount, Constant, Metric
from groupkit.rules import AllOf, Always, AnyOf, Compare, Never, Not, Predicate, Reasons, Verdict, _Leaf
from groupkit.views import Column

if TYPE_CHECKING:
    from groupkit.views import View

__all__ = [
    "DEFAULT_CONFLICTS",
    "Action",
    "Budget",
    "Conflict",
    "Dropped",
    "Flagged",
    "HealthMeasure",
    "Play",
    "PurposeIs",
    "QuietDays",
    "Reason",
    "Schedule",
    "Size",
    "StageIs",
    "community_level",
    "fill",
    "flagged",
    "health",
    "purpose",
    "quiet_days",
    "rank",
    "resolve",
    "size",
    "stage",
]

Target = Literal["member", "community"]

COMMUNITY = "community"
"""The `target` of an action for the community as a whole is its id; this names the kind of target."""

# -- community measures: one value for every member ------------------------------------------------

_HEALTH_FIELDS = ("members", "active_share_7d", "active_share_30d", "stickiness", "newcomer_activation",
                  "question_response_rate", "unanswered_questions", "ad_share", "top_decile_share", "gini",
                  "joins", "leaves", "net_growth")


def _health_field(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if value not in _HEALTH_FIELDS:
        raise ValueError(f"{attribute.name}: expected a health figure, one of {', '.join(_HEALTH_FIELDS)}; "
                         f"got {value!r}")


@attrs.frozen(repr=False, order=False, cache_hash=True)
class HealthMeasure(Metric):
    """One figure of the community's `Health` (with the default thresholds), the same for every member."""

    field: str = attrs.field(validator=_health_field)

    def _values(self, view: View) -> Column:
        return Column({}, view._health().figure(self.field))

    def label(self) -> str:
        return self.field.replace("_", " ").replace(" 7d", " (7 days)").replace(" 30d", " (30 days)")

    def __repr__(self) -> str:
        return f"health({self.field!r})"


@attrs.frozen(repr=False, order=False, cache_hash=True)
class Size(Metric):
    """How many members the community has as of `now`."""

    def _values(self, view: View) -> Column:
        return Column({}, len(view.members))

    def label(self) -> str:
        return "members"

    def __repr__(self) -> str:
        return "size()"


@attrs.frozen(repr=False, order=False, cache_hash=True)
class Fill(Metric):
    """Members ÷ the community's capacity (0 when it has none): 0.95 is 95% full."""

    def _values(self, view: View) -> Column:
        capacity = view.community.capacity
        return Column({}, len(view.members) / capacity if capacity else 0)

    def label(self) -> str:
        return "share of the capacity taken"

    def __repr__(self) -> str:
        return "fill()"


def _optional_kind(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if value is not None and (not isinstance(value, str) or not value):
        raise ValueError(f"{attribute.name}: expected an event kind or None, got {value!r}")


@attrs.frozen(repr=False, order=False, cache_hash=True)
class QuietDays(Metric):
    """Days (a float) since anyone's last event of `kind` (any kind if None); since the community's
    first member joined when there is none (0 for a community without members or events)."""

    kind: str | None = attrs.field(default=None, validator=_optional_kind)

    def _values(self, view: View) -> Column:
        timeline = view.timeline_of(self.kind)
        if timeline.ats:
            last = timeline.ats[-1]
        elif view.members:
            last = min(member.joined_at for member in view.members)
        else:
            last = view.now
        return Column({}, (view.now - last).total_seconds() / 86400)

    def label(self) -> str:
        return "days since anyone's last " + ("event" if self.kind is None else self.kind.replace("_", " "))

    def __repr__(self) -> str:
        return "quiet_days()" if self.kind is None else f"quiet_days({self.kind!r})"


class _CommunityLeaf(_Leaf):
    """A yes/no question about the community: the same answer for every member."""

    __slots__ = ()

    def _holds(self, view: View) -> bool:
        raise NotImplementedError

    def _describe(self, view: View, negated: bool) -> str:
        raise NotImplementedError

    def _observed(self, view: View) -> Any:
        return None

    def _select(self, view: View, candidates: Set[str]) -> Set[str]:
        return candidates if self._holds(view) else set()

    def _leaf(self, view: View, member_id: str, negated: bool) -> Verdict:
        holds = self._holds(view) != negated
        return Verdict(Not(self) if negated else self, holds, self._describe(view, negated), self._observed(view))


def _stage(value: object) -> Stage:
    try:
        return Stage(value)  # type: ignore[arg-type]
    except ValueError:
        raise ValueError(f"stage: expected one of {', '.join(s.value for s in Stage)}, got {value!r}") from None


def _purpose(value: object) -> Purpose:
    try:
        return Purpose(value)  # type: ignore[arg-type]
    except ValueError:
        raise ValueError(f"purpose: expected one of {', '.join(p.value for p in Purpose)}, got {value!r}") from None


@attrs.frozen(repr=False, order=False, cache_hash=True)
class StageIs(_CommunityLeaf):
    """The community is at `stage` (launch, growth, mature, declining)."""

    stage: Stage = attrs.field(converter=_stage)

    def _holds(self, view: View) -> bool:
        return view.community.stage == self.stage

    def _observed(self, view: View) -> str:
        return view.community.stage.value

    def _describe(self, view: View, negated: bool) -> str:
        return f"stage = {view.community.stage.value}" + (f", not {self.stage.value}" if negated else "")

    def __repr__(self) -> str:
        return f"stage({self.stage.value!r})"


@attrs.frozen(repr=False, order=False, cache_hash=True)
class PurposeIs(_CommunityLeaf):
    """The community's purpose is `purpose` (product, interest, knowledge, …)."""

    purpose: Purpose = attrs.field(converter=_purpose)

    def _holds(self, view: View) -> bool:
        return view.community.purpose == self.purpose

    def _observed(self, view: View) -> str:
        return view.community.purpose.value

    def _describe(self, view: View, negated: bool) -> str:
        return f"purpose = {view.community.purpose.value}" + (f", not {self.purpose.value}" if negated else "")

    def __repr__(self) -> str:
        return f"purpose({self.purpose.value!r})"


_FLAGS = ("unmanaged_ads", "unanswered_questions", "long_silence", "one_voice_dominates")


def _flag(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if value not in _FLAGS:
        raise ValueError(f"{attribute.name}: expected a health flag, one of {', '.join(_FLAGS)}; got {value!r}")


@attrs.frozen(repr=False, order=False, cache_hash=True)
class Flagged(_CommunityLeaf):
    """The community's health raises the flag `flag` (see `groupkit.health.Health.flags`)."""

    flag: str = attrs.field(validator=_flag)

    def _holds(self, view: View) -> bool:
        return view._health().flag(self.flag) is not None

    def _describe(self, view: View, negated: bool) -> str:
        word = self.flag.replace("_", " ")
        return f"health flag '{word}' not raised" if negated else f"health flag '{word}' raised"

    def __repr__(self) -> str:
        return f"flagged({self.flag!r})"


def health(field: str) -> HealthMeasure:
    """A figure of the community's health: ``health("active_share_7d") < 0.2``."""
    return HealthMeasure(field)


def size() -> Size:
    """How many members the community has: ``size() >= 150``."""
    return Size()


def fill() -> Fill:
    """Members ÷ capacity: ``fill() >= 0.9`` is a group nearing its size class."""
    return Fill()


def quiet_days(kind: str | None = None) -> QuietDays:
    """Days since anyone's last event (of `kind`): ``quiet_days("message") >= 3``."""
    return QuietDays(kind)


def stage(value: Stage | str) -> StageIs:
    """The community is at this stage: ``stage("launch")``."""
    return StageIs(value)


def purpose(value: Purpose | str) -> PurposeIs:
    """The community has this purpose: ``purpose("product")``."""
    return PurposeIs(value)


def flagged(flag: str) -> Flagged:
    """The community's health raises this flag: ``flagged("long_silence")``."""
    return Flagged(flag)


_COMMUNITY_METRICS: tuple[type[Metric], ...] = (HealthMeasure, Size, Fill, QuietDays, CommunityCount, Constant)


def community_level(rule: Predicate | Metric) -> bool:
    """Whether `rule` looks at the community only (the same answer for every member), so it can
    decide a community play.

    >>> community_level(stage("launch") & (size() >= 100)), community_level(size() >= 100 )
    (True, True)
    """
    if isinstance(rule, Metric):
        if isinstance(rule, Arithmetic):
            return community_level(rule.left) and community_level(rule.right)
        return isinstance(rule, _COMMUNITY_METRICS)
    if isinstance(rule, (AllOf, AnyOf)):
        return all(community_level(part) for part in rule.parts)
    if isinstance(rule, Not):
        return community_level(rule.part)
    if isinstance(rule, Compare):
        return community_level(rule.left) and community_level(rule.right)
    return isinstance(rule, (_CommunityLeaf, Always, Never))


# -- plays -----------------------------------------------------------------------------------------


def _action_name(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, str) or not value or not value.replace("_", "").isalnum():
        raise ValueError(f"{attribute.name}: expected an action name of letters, digits and _, such as "
                         f"'welcome' or 'offer_help', got {value!r}")


def _target(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if value not in ("member", "community"):
        raise ValueError(f"{attribute.name}: expected 'member' or 'community', got {value!r}")


def _priority(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if type(value) is not int:
        raise TypeError(f"{attribute.name}: expected a whole number, got {value!r}")


def _params(value: object) -> FrozenDict:
    if isinstance(value, FrozenDict):  # already frozen all the way down
        return value
    if not isinstance(value, Mapping):
        raise TypeError(f"params: expected a mapping of JSON values, got {type(value).__name__}")
    frozen = freeze_json(value, "params")
    assert isinstance(frozen, FrozenDict)
    return frozen


def _text(value: object) -> Text | None:
    if value is None or isinstance(value, Text):
        return value
    if isinstance(value, str) and value:
        return Text(value, value)
    raise TypeError(f"reason: expected a Text (English and Chinese), a non-empty string or None, got {value!r}")


def _time_of_day(value: object) -> tuple[time, ...]:
    if isinstance(value, (str, time)) or not isinstance(value, Iterable):
        value = (value,)
    found = []
    for i, item in enumerate(value):
        if isinstance(item, str):
            try:
                item = time.fromisoformat(item)
            except ValueError:
                raise ValueError(f"at[{i}]: expected a time of day such as '20:00', got {item!r}") from None
        if not isinstance(item, time) or item.tzinfo is not None:
            raise TypeError(f"at[{i}]: expected a time of day without a timezone (the community's is used), "
                            f"got {item!r}")
        found.append(item)
    if not found:
        raise ValueError("at: expected at least one time of day")
    return tuple(sorted(set(found)))


_WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


def _weekdays(value: object) -> tuple[str, ...]:
    if value is None:
        return _WEEKDAYS
    if isinstance(value, str) or not isinstance(value, Iterable):
        raise TypeError(f"days: expected weekdays such as ['fri'], got {type(value).__name__}")
    days = {str(day).lower()[:3] for day in value}
    if not days or not days <= set(_WEEKDAYS):
        raise ValueError(f"days: expected weekdays among {', '.join(_WEEKDAYS)}, got {list(map(str, value))}")
    return tuple(day for day in _WEEKDAYS if day in days)


@attrs.frozen(repr=False)
class Schedule:
    """Times a community play is due, in the community's timezone: `at` (times of day) on `days`
    (weekdays; every day by default). The weekly timetable (每周群活动表) of a group is a few of these.

    >>> Schedule("20:00")
    Schedule('20:00')
    >>> Schedule(["10:00", "20:30"], days=["fri"])
    Schedule(['10:00', '20:30'], days=['fri'])
    """

    at: tuple[time, ...] = attrs.field(converter=_time_of_day)
    days: tuple[str, ...] = attrs.field(default=None, converter=_weekdays)

    def due(self, start: datetime, end: datetime, timezone: Any) -> list[datetime]:
        """The times in ``[start, end)``, as aware datetimes in `timezone`."""
        found = []
        day = start.astimezone(timezone).date() - timedelta(days=1)
        last = end.astimezone(timezone).date() + timedelta(days=1)
        while day <= last:
            if _WEEKDAYS[day.weekday()] in self.days:
                for moment in self.at:
                    local = datetime.combine(day, moment, tzinfo=timezone)
                    if start <= local < end:
                        found.append(local)
            day += timedelta(days=1)
        return sorted(found)

    def __repr__(self) -> str:
        times = [moment.isoformat(timespec="minutes") for moment in self.at]
        shown = repr(times[0]) if len(times) == 1 else repr(times)
        days = "" if len(self.days) == 7 else f", days={list(self.days)!r}"
        return f"Schedule({shown}{days})"


def _schedule(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if value is not None and not isinstance(value, Schedule):
        raise TypeError(f"{attribute.name}: expected a Schedule or None, got {type(value).__name__}")


@attrs.frozen(repr=False)
class Play:
    """A recommended intervention: do `action` for every member `when` holds for (or, with
    ``target="community"``, for the community when it holds), with `priority` (higher first) and
    `params` for the host; `reason` says in words why the play exists. A community play may follow
    a `schedule`: it is then due at those times while `when` holds."""

    name: str = attrs.field(validator=_checks.name)
    action: str = attrs.field(validator=_action_name)
    when: Predicate = attrs.field(validator=_checks.predicate)
    target: Target = attrs.field(default="member", validator=_target)
    priority: int = attrs.field(default=0, validator=_priority)
    params: Mapping[str, Any] = attrs.field(default=FrozenDict(), converter=_params)
    reason: Text | None = attrs.field(default=None, converter=_text)
    schedule: Schedule | None = attrs.field(default=None, validator=_schedule, kw_only=True)

    def __attrs_post_init__(self) -> None:
        if self.target == "community" and not community_level(self.when):
            raise ValueError(f"when: a community play needs a rule about the community (health, size, fill, "
                             f"quiet_days, stage, purpose, flagged, community_count), got {self.when!r}")
        if self.schedule is not None and self.target != "community":
            raise ValueError("schedule: only a community play follows a schedule (target='community')")

    def __repr__(self) -> str:
        extra = [f"target={self.target!r}" if self.target != "member" else "",
                 f"priority={self.priority}" if self.priority else "",
                 f"params={dict(self.params)!r}" if self.params else "",
                 f"schedule={self.schedule!r}" if self.schedule else ""]
        more = "".join(f", {part}" for part in extra if part)
        return f"Play({self.name!r}, {self.action!r}, {self.when!r}{more})"


# -- actions ---------------------------------------------------------------------------------------


class Reason:
    """Why an action is recommended: the rule that produced it (`source`: a play, the ladder, a
    badge, in both languages) and its verdicts with the observed numbers, worded when first read.

    >>> from groupkit.rules import always
    >>> why = Reason(Text("play 'welcome'", "打法「welcome」"), [Verdict(always(), True, "always")])
    >>> print(why)
    play 'welcome': always ✓
    >>> print(why.render("zh"))
    打法「welcome」：总是 ✓
    """

    __slots__ = ("note", "source", "verdicts")

    def __init__(self, source: Text | str, verdicts: Callable[[], Iterable[Verdict]] | Iterable[Verdict] = (),
                 note: Text | None = None) -> None:
        self.source = source if isinstance(source, Text) else Text(source, source)
        self.verdicts = verdicts if isinstance(verdicts, Reasons) else Reasons(verdicts)
        self.note = note

    def render(self, lang: Lang = "en") -> str:
        """The reason in English (``"en"``, as `str()`) or Chinese (``"zh"``)."""
        zh = lang == "zh"
        why = ("；" if zh else "; ").join(verdict.render(lang) for verdict in self.verdicts)
        note = "" if self.note is None else (f"（{self.note.zh}）" if zh else f" ({self.note.en})")
        head = f"{self.source.render(lang)}{note}"
        return f"{head}{'：' if zh else ': '}{why}" if why else head

    def __str__(self) -> str:
        return self.render("en")

    def __repr__(self) -> str:
        return f"<Reason {self}>"

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Reason):
            return NotImplemented
        return (self.source, self.note, tuple(self.verdicts)) == (other.source, other.note, tuple(other.verdicts))

    def __hash__(self) -> int:
        return hash((self.source, self.note))


@attrs.frozen(repr=False)
class Action:
    """A recommended action: `kind` (``"welcome"``, ``"remove"``, …) for `target` (a member id, or the
    community's id for a community action), with `params` for the host, its `priority`, the target's
    `score` (None for the community), the `reasons` behind it, and for a scheduled play the time it
    is due (`at`)."""

    __reduce__ = reduce_fields  # pickled as a tuple of its fields: fast across processes

    kind: str
    target: str
    params: Mapping[str, Any] = attrs.field(default=FrozenDict(), converter=_params)
    priority: int = 0
    reasons: tuple[Reason, ...] = ()
    score: float | None = None
    at: datetime | None = None

    def __str__(self) -> str:
        return self.render("en")

    def render(self, lang: Lang = "en") -> str:
        """The action and its reasons in English (``"en"``, as `str()`) or Chinese (``"zh"``)."""
        when = "" if self.at is None else self.at.isoformat(timespec="minutes")
        reasons = " | ".join(reason.render(lang) for reason in self.reasons)
        if lang == "zh":
            return f"{ACTION_WORDS.get(self.kind, self.kind)} {self.target}{f'（{when}）' if when else ''}：{reasons}"
        return f"{self.kind} {self.target}{f' at {when}' if when else ''}: {reasons}"

    def __repr__(self) -> str:
        return f"<Action {self.kind} {self.target!r} priority {self.priority}>"


def rank(action: Action) -> tuple[Any, ...]:
    """The sort key of actions: priority (highest first), then score (highest first, none last),
    then target id, kind and time."""
    score = action.score
    at = action.at
    return (-action.priority, score is None or math.isnan(score), -(score or 0.0), action.target, action.kind,
            at is not None, 0.0 if at is None else at.timestamp())


@attrs.frozen
class Conflict:
    """When both are recommended for the same target, `winner` stays and `loser` is dropped."""

    winner: str = attrs.field(validator=_action_name)
    loser: str = attrs.field(validator=_action_name)

    def __attrs_post_init__(self) -> None:
        if self.winner == self.loser:
            raise ValueError(f"loser: an action cannot conflict with itself ({self.winner!r})")

    def __str__(self) -> str:
        return self.render("en")

    def render(self, lang: Lang = "en") -> str:
        """The conflict in English or Chinese: ``remove wins over reward`` / ``移出优先于奖励``."""
        if lang == "zh":
            return f"{ACTION_WORDS.get(self.winner, self.winner)}优先于{ACTION_WORDS.get(self.loser, self.loser)}"
        return f"{self.winner} wins over {self.loser}"


def _conflicts(pairs: Iterable[tuple[str, Iterable[str]]]) -> tuple[Conflict, ...]:
    return tuple(Conflict(winner, loser) for winner, losers in pairs for loser in losers)


_KIND_TO_MEMBER = ("welcome", "thank", "reward", "promote", "award", "reactivate", "offer_help", "surprise",
                   "remind", "mentor", "invite")

DEFAULT_CONFLICTS: tuple[Conflict, ...] = _conflicts([
    ("remove", (*_KIND_TO_MEMBER, "warn", "demote")),  # a removed member is not also rewarded or warned
    ("warn", ("thank", "reward", "award", "promote", "surprise")),  # nobody is both thanked and warned
    ("demote", ("promote",)),
])
"""The conflicts a `Policy` resolves unless it is given others: ``remove`` wins over everything done
for a member, ``warn`` over thanks and rewards, ``demote`` over ``promote``."""


@attrs.frozen(repr=False)
class Dropped:
    """An action that lost a conflict: the `action`, the action that beat it (`by`), and the `conflict`."""

    __reduce__ = reduce_fields  # pickled as a tuple of its fields: fast across processes

    action: Action
    by: Action
    conflict: Conflict

    def __repr__(self) -> str:
        return f"<Dropped {self.action.kind} {self.action.target!r}: {self.conflict}>"


def _limit(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if value is not None and (type(value) is not int or value < 0):
        raise ValueError(f"{attribute.name}: expected a whole number ≥ 0 or None, got {value!r}")


def _per_action(value: object) -> FrozenDict:
    if not isinstance(value, Mapping):
        raise TypeError(f"per_action: expected a mapping of action names to counts, got {type(value).__name__}")
    for kind, count in value.items():
        if not isinstance(kind, str) or not kind:
            raise ValueError(f"per_action: expected action names as keys, got {kind!r}")
        if type(count) is not int or count < 0:
            raise ValueError(f"per_action[{kind!r}]: expected a whole number ≥ 0, got {count!r}")
    return FrozenDict(value)


@attrs.frozen
class Budget:
    """What the operator can do in a day: at most `total` actions, and at most `per_action[kind]` of a
    kind. Filled greedily down the ranked list; the rest is deferred, still ranked."""

    total: int | None = attrs.field(default=None, validator=_limit)
    per_action: Mapping[str, int] = attrs.field(default=FrozenDict(), converter=_per_action)


def _merge(same: Sequence[Action]) -> Action:
    """One action for a kind and target: the highest priority, params of the higher-ranked first,
    every reason, the earliest time."""
    first = same[0]
    if len(same) == 1:
        return first
    params: dict[str, Any] = {}
    for action in reversed(same):
        params.update(action.params)
    return Action(first.kind, first.target, params, max(a.priority for a in same),
                  tuple(reason for action in same for reason in action.reasons), first.score,
                  min((a.at for a in same if a.at is not None), default=None))


def _order(conflicts: Iterable[Conflict]) -> dict[str, set[str]]:
    beats: dict[str, set[str]] = {}
    for conflict in conflicts:
        beats.setdefault(conflict.winner, set()).add(conflict.loser)
    return beats


def resolve(candidates: Iterable[Action], conflicts: Iterable[Conflict] = DEFAULT_CONFLICTS,
            budget: Budget | None = None) -> tuple[tuple[Action, ...], tuple[Action, ...], tuple[Dropped, ...]]:
    """Rank, deduplicate (one action per kind and target, reasons merged), resolve conflicts and cut
    to the budget: ``(actions, deferred, dropped)``. A scheduled action is one per time.

    >>> a, b = Action("reward", "ann", priority=1), Action("remove", "ann", priority=5)
    >>> kept, deferred, dropped = resolve([a, b])
    >>> [x.kind for x in kept], [str(d.conflict) for d in dropped]
    (['remove'], ['remove wins over reward'])
    """
    candidates = sorted(candidates, key=rank)
    # one action per kind, target and time; lists only where there is more than one (most have one)
    first: dict[tuple[str, str, datetime | None], Action] = {}
    more: dict[tuple[str, str, datetime | None], list[Action]] = {}
    for action in candidates:
        key = (action.kind, action.target, action.at)
        if first.setdefault(key, action) is not action:
            more.setdefault(key, [first[key]]).append(action)
    merged = [_merge(more[key]) if key in more else action for key, action in first.items()]
    if more:  # a merge may raise a priority: rank again
        merged.sort(key=rank)
    conflicts = tuple(conflicts)
    beats = _order(conflicts)
    table = {(conflict.winner, conflict.loser): conflict for conflict in conflicts}
    targets: dict[str, Action] = {}
    shared: dict[str, list[Action]] = {}  # the targets with more than one action, in rank order
    for action in merged:
        if targets.setdefault(action.target, action) is not action:
            shared.setdefault(action.target, [targets[action.target]]).append(action)
    dropped: list[Dropped] = []
    lost: set[int] = set()
    for actions in shared.values():
        alive = _survivors({action.kind for action in actions}, beats)
        for action in actions:
            if action.kind in alive:
                continue
            winner = next(other for other in actions if other.kind in alive and action.kind in beats.get(other.kind, ()))
            dropped.append(Dropped(action, winner, table[winner.kind, action.kind]))
            lost.add(id(action))
    kept: list[Action] = []
    deferred: list[Action] = []
    total = None if budget is None else budget.total
    per = {} if budget is None else dict(budget.per_action)
    used: dict[str, int] = {}
    for action in merged:
        if id(action) in lost:
            continue
        room = (total is None or len(kept) < total) and used.get(action.kind, 0) < per.get(action.kind, math.inf)
        if room:
            kept.append(action)
            used[action.kind] = used.get(action.kind, 0) + 1
        else:
            deferred.append(action)
    return tuple(kept), tuple(deferred), tuple(sorted(dropped, key=lambda d: rank(d.action)))


def _survivors(kinds: set[str], beats: dict[str, set[str]]) -> set[str]:
    """The kinds that stay: decided winners first; a kind stays unless a kind that stays beats it."""
    alive: set[str] = set()
    undecided = set(kinds)
    while undecided:
        ready = [kind for kind in undecided if not any(kind in beats.get(other, ()) for other in undecided)]
        for kind in sorted(ready or [min(undecided)]):  # a cycle (refused by Policy) is broken by name
            undecided.discard(kind)
            if not any(kind in beats.get(other, ()) for other in alive):
                alive.add(kind)
    return alive
