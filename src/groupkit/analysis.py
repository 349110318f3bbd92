"""Static checks of a policy: mistakes found from the rules alone, before any facts are looked at.

`check(policy)` (also `Policy.check()`) returns `Problem`s, each with the `path` of the part at
fault, a `message`, and a `severity`: ``"error"`` for a part that cannot work (a tier nobody can
enter, a play that can never fire, a name used twice), ``"warning"`` for one that works but probably
not as meant (an upper tier easier than the one below it, a segment an earlier one always takes
first, an action kind with a budget of zero, a window longer than the history the policy needs).

The checks reason about comparisons with constants: ``count("message", 7d) >= 10`` is the interval
[10, ∞) of that metric; rules joined with ``&`` intersect intervals, and a rule over counts, days
and sizes starts from [0, ∞). What that reasoning cannot decide is not reported: no false alarms.

>>> from groupkit.metrics import count
>>> from groupkit.tiers import Ladder, Tier
>>> from groupkit.policy import Policy
>>> odd = Policy(ladder=Ladder([Tier("regular", (count("message") >= 10) & (count("message") < 5))]))
>>> for problem in check(odd):
...     print(problem)
error at ladder.tiers[0].entry: nobody can ever meet it: messages in total ≥ 10 and < 5 at once
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Iterator
from datetime import timedelta
from typing import TYPE_CHECKING, Any, Literal

import attrs

from groupkit import _durations
from groupkit.actions import Fill, QuietDays, Size
from groupkit.i18n import ACTIONS, Lang, Text, _lang, duration, label, name, word
from groupkit.metrics import (
    ActiveDays,
    CommunityCount,
    Constant,
    Count,
    DaysSinceLast,
    Metric,
    Received,
    Streak,
    TenureDays,
    format_number,
)
from groupkit.rules import AllOf, Always, AnyOf, Compare, Never, Not, Predicate

if TYPE_CHECKING:
    from groupkit.policy import Policy

__all__ = ["Problem", "Severity", "check"]

Severity = Literal["error", "warning"]


@attrs.frozen
class Problem:
    """A mistake in a policy: where (`path`, as in data: ``plays[2].when``), what (`message`, and
    `zh` in Chinese), and how bad.

    >>> problem = Problem("plays[0].when", "it can never hold", "error", "它永远不会成立")
    >>> print(problem)
    error at plays[0].when: it can never hold
    >>> print(problem.render("zh"))
    错误，位置 plays[0].when：它永远不会成立
    """

    path: str
    message: str
    severity: Severity = "error"
    zh: str = attrs.field(default="", eq=False)  # the same message, worded

    def __str__(self) -> str:
        return self.render("en")

    def render(self, lang: Lang = "en") -> str:
        """The problem in English (``"en"``, as `str()`) or Chinese (``"zh"``)."""
        if _lang(lang) == "zh":
            return f"{'错误' if self.severity == 'error' else '警告'}，位置 {self.path}：{self.zh or self.message}"
        return f"{self.severity} at {self.path}: {self.message}"


def _problem(path: str, message: Text, severity: Severity = "error") -> Problem:
    return Problem(path, message.en, severity, message.zh)


# -- intervals of metrics ---------------------------------------------------------------------------

_NON_NEGATIVE = (Count, ActiveDays, DaysSinceLast, TenureDays, Streak, Received, CommunityCount, Size, Fill,
                 QuietDays)


@attrs.frozen
class _Interval:
    low: float = -math.inf
    low_open: bool = True
    high: float = math.inf
    high_open: bool = True

    def meet(self, other: _Interval) -> _Interval:
        low, low_open = max((self.low, not self.low_open), (other.low, not other.low_open))
        high, high_open = min((self.high, self.high_open), (other.high, other.high_open))
        return _Interval(low, not low_open, high, high_open)

    @property
    def empty(self) -> bool:
        return self.low > self.high or (self.low == self.high and (self.low_open or self.high_open))

    def within(self, other: _Interval) -> bool:
        """Whether every value of this interval lies in `other`."""
        if self.empty:
            return True
        low_ok = self.low > other.low or (self.low == other.low and (self.low_open or not other.low_open))
        high_ok = self.high < other.high or (self.high == other.high and (self.high_open or not other.high_open))
        return low_ok and high_ok

    def words(self, lang: Lang = "en") -> str:
        parts = []
        if self.low > -math.inf:
            parts.append(f"{'>' if self.low_open else '≥'} {format_number(self.low)}")
        if self.high < math.inf:
            parts.append(f"{'<' if self.high_open else '≤'} {format_number(self.high)}")
        return (" 且 " if lang == "zh" else " and ").join(parts)


_FLIP = {">=": "<", ">": "<=", "<=": ">", "<": ">=", "==": "!=", "!=": "=="}


def _bound(rule: Predicate) -> tuple[Metric, _Interval] | None:
    """`metric op constant` (or its negation) as the interval it allows, if it is one."""
    negated = isinstance(rule, Not)
    inner = rule.part if isinstance(rule, Not) else rule
    if not isinstance(inner, Compare) or not isinstance(inner.right, Constant):
        return None
    op = _FLIP[inner.op] if negated else inner.op
    value = float(inner.right.value)
    interval = {
        ">=": _Interval(value, False), ">": _Interval(value, True),
        "<=": _Interval(high=value, high_open=False), "<": _Interval(high=value, high_open=True),
        "==": _Interval(value, False, value, False),
    }.get(op)
    return None if interval is None else (inner.left, interval)


def _domain(metric: Metric) -> _Interval:
    return _Interval(0, False) if isinstance(metric, _NON_NEGATIVE) else _Interval()


def _conjuncts(rule: Predicate) -> tuple[Predicate, ...]:
    return rule.parts if isinstance(rule, AllOf) else (rule,)


def _intervals(rule: Predicate) -> dict[Metric, _Interval]:
    found: dict[Metric, _Interval] = {}
    for part in _conjuncts(rule):
        bound = _bound(part)
        if bound is not None:
            metric, interval = bound
            found[metric] = found.get(metric, _domain(metric)).meet(interval)
    return found


def impossible(rule: Predicate) -> str | None:
    """Why `rule` can never hold, if it can be told from the rule alone (else None).

    >>> from groupkit.metrics import count
    >>> impossible(count("message") < 0)
    'messages in total < 0, and it is never below 0'
    """
    why = _impossible(rule)
    return None if why is None else why.en


def _impossible(rule: Predicate) -> Text | None:
    """`impossible` in English and Chinese."""
    if isinstance(rule, Never):
        return Text("it is never()", "规则是 never()（从不）")
    if isinstance(rule, AnyOf):
        whys = [_impossible(part) for part in rule.parts]
        if not whys or any(why is None for why in whys):
            return None
        return Text("; ".join(why.en for why in whys if why), "；".join(why.zh for why in whys if why))
    for part in _conjuncts(rule):
        if part is not rule and (why := _impossible(part)) is not None:
            return why
    for metric, interval in _intervals(rule).items():
        if interval.empty:
            asked = _Interval()
            for part in _conjuncts(rule):
                bound = _bound(part)
                if bound is not None and bound[0] == metric:
                    asked = asked.meet(bound[1])
            en, zh = metric.label(), label(metric, "zh")
            if asked.empty:
                return Text(f"{en} {asked.words()} at once", f"{zh}须同时 {asked.words('zh')}")
            return Text(f"{en} {asked.words()}, and it is never below 0", f"{zh}须 {asked.words('zh')}，但它不会小于0")
    return None


def implies(rule: Predicate, other: Predicate) -> bool:
    """Whether `rule` holding means `other` holds, as far as the rules alone tell (False when unsure)."""
    if isinstance(other, Always) or rule == other or impossible(rule) is not None:
        return True
    if isinstance(other, AllOf):
        return all(implies(rule, part) for part in other.parts)
    if isinstance(rule, AnyOf):
        return all(implies(part, other) for part in rule.parts)
    if isinstance(other, AnyOf):
        return any(implies(rule, part) for part in other.parts)
    if isinstance(rule, AllOf) and any(part == other for part in rule.parts):
        return True
    bound = _bound(other)
    if bound is not None:
        metric, allowed = bound
        held = _intervals(rule).get(metric)
        return held is not None and held.within(allowed)
    return False


# -- the checks -------------------------------------------------------------------------------------


def check(policy: Policy) -> tuple[Problem, ...]:
    """Every problem found in `policy`, in the order of its parts; an empty tuple for a sound one."""
    return (*_ladder(policy), *_segments(policy, "segments"), *_segments(policy, "lifecycle"), *_badges(policy),
            *_plays(policy), *_budget(policy), *_names(policy), *_windows(policy))


def _ladder(policy: Policy) -> Iterator[Problem]:
    if policy.ladder is None:
        return
    tiers = policy.ladder.tiers
    for i, tier in enumerate(tiers):
        path = f"ladder.tiers[{i}]"
        why = None if isinstance(tier.entry, Never) else _impossible(tier.entry)  # never(): given by hand
        if why is not None:
            yield _problem(f"{path}.entry", Text(f"nobody can ever meet it: {why.en}", f"谁都无法满足：{why.zh}"))
        if tier.keep is not None and (why := _impossible(tier.keep)) is not None:
            yield _problem(f"{path}.keep", Text(f"nobody can ever keep the tier: {why.en}", f"谁都无法保住这一等级：{why.zh}"))
        if i and not isinstance(tier.entry, Never) and implies(tiers[i - 1].entry, tier.entry):
            below = tiers[i - 1].name
            yield _problem(f"{path}.entry", Text(
                f"tier {tier.name!r} is no harder to enter than {below!r} below it: whoever meets the lower entry "
                "meets this one",
                f"等级「{name(tier.name, 'zh')}」并不比下一级「{name(below, 'zh')}」更难进入："
                "满足下一级进入条件的人也满足这一级的"),
                "warning")


def _segments(policy: Policy, part: str) -> Iterator[Problem]:
    segmentation = getattr(policy, part)
    if segmentation is None:
        return
    segments = segmentation.segments
    for j, segment in enumerate(segments):
        path = f"{part}.segments[{j}].when"
        why = _impossible(segment.when)
        if why is not None:
            yield _problem(path, Text(f"segment {segment.name!r} can never hold anyone: {why.en}",
                                      f"分层「{word(segment.name, 'zh')}」永远不会有人：{why.zh}"), "warning")
            continue
        for i in range(j):
            if implies(segment.when, segments[i].when):
                earlier = segments[i].name
                yield _problem(path, Text(
                    f"segment {segment.name!r} is shadowed by {earlier!r} before it: everyone it holds is taken "
                    "there first",
                    f"分层「{word(segment.name, 'zh')}」被排在它前面的「{word(earlier, 'zh')}」遮住了：它的成员都先被那里分走"),
                    "warning")
                break


def _badges(policy: Policy) -> Iterator[Problem]:
    for i, badge in enumerate(policy.badges):
        if (why := _impossible(badge.when)) is not None:
            yield _problem(f"badges[{i}].when", Text(f"badge {badge.name!r} can never be earned: {why.en}",
                                                     f"勋章「{name(badge.name, 'zh')}」永远无法获得：{why.zh}"))


def _plays(policy: Policy) -> Iterator[Problem]:
    for i, play in enumerate(policy.plays):
        if (why := _impossible(play.when)) is not None:
            yield _problem(f"plays[{i}].when", Text(f"play {play.name!r} can never fire: {why.en}",
                                                    f"打法「{name(play.name, 'zh')}」永远不会触发：{why.zh}"))


def _budget(policy: Policy) -> Iterator[Problem]:
    budget = policy.budget
    if budget is None:
        return
    if budget.total == 0:
        yield _problem("budget.total", Text("a total budget of 0: every action is deferred",
                                            "总预算为0：每项行动都会被顺延"), "warning")
    produced = {play.action for play in policy.plays}
    for kind, most in budget.per_action.items():
        if most == 0:
            used = Text(" (a play recommends it)", "（有打法会推荐它）") if kind in produced else Text("", "")
            yield _problem(f"budget.per_action.{kind}", Text(
                f"a budget of 0 for {kind!r}: it is always deferred{used.en}",
                f"「{ACTIONS.get(kind, kind)}」的预算为0：它总会被顺延{used.zh}"), "warning")


def _names(policy: Policy) -> Iterator[Problem]:
    if policy.moderation is not None:
        rules = {rule.name for rule in policy.moderation.rules}
        for i, rule in enumerate(policy.moderation.obligations):
            if rule.name in rules:
                yield _problem(f"moderation.obligations[{i}].name", Text(
                    f"the name {rule.name!r} is also a screening rule's: decisions would not say which decided",
                    f"名称「{rule.name}」也是一条筛查规则的名称：决定里分不清是哪一条做出的"))
    if policy.ladder is not None:
        tiers = set(policy.ladder.names)
        for i, badge in enumerate(policy.badges):
            if badge.name in tiers:
                yield _problem(f"badges[{i}].name", Text(
                    f"the name {badge.name!r} is also a tier's: members would not know which they hold",
                    f"名称「{badge.name}」也是一个等级的名称：成员会分不清自己拿到的是哪个"))


def _windows(policy: Policy) -> Iterator[Problem]:
    if policy.history is None:
        return
    for path, window in _walk(policy, ""):
        if window > policy.history:
            yield _problem(path, Text(
                f"a window of {_durations.counted(window)} is longer than the {_durations.counted(policy.history)} "
                "of history the policy needs (`history`)",
                f"{duration(window, 'zh')}的时间窗口长于策略所需的{duration(policy.history, 'zh')}历史（`history`）"), "warning")


def _walk(value: Any, path: str) -> Iterable[tuple[str, timedelta]]:
    """Every window (a `within` of a metric) in `value`, with its path."""
    if isinstance(value, Metric) and isinstance(getattr(value, "within", None), timedelta):
        yield f"{path}.within", value.within  # type: ignore[attr-defined]
    if attrs.has(type(value)):
        for field in attrs.fields(type(value)):
            if field.init and field.name != "within":
                yield from _walk(getattr(value, field.name), f"{path}.{field.name}".lstrip("."))
    elif isinstance(value, tuple):
        for i, item in enumerate(value):
            yield from _walk(item, f"{path}[{i}]")
