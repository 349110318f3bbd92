"""Metrics: numbers per member, as values you can print, compare, combine and store.

A metric compared with a number (or another metric) is a predicate; metrics combine with
``+ - * /`` (dividing by zero gives 0), `minimum` and `maximum`.

>>> from datetime import timedelta
>>> busy = count("message", within=timedelta(days=7)) + 2 * count("reply", within=timedelta(days=7))
>>> busy
count('message', 7d) + 2 * count('reply', 7d)
>>> busy >= 10
count('message', 7d) + 2 * count('reply', 7d) >= 10
"""

from __future__ import annotations

import abc
import math
import operator
from bisect import bisect_left
from collections import Counter
from collections.abc import Callable, Iterable
from datetime import date, timedelta
from itertools import chain, repeat
from typing import TYPE_CHECKING, Any, ClassVar, Literal, TypeAlias

import attrs

from groupkit import _durations
from groupkit._frozen import is_finite_number
from groupkit.views import Column

if TYPE_CHECKING:
    from groupkit.rules import Compare
    from groupkit.views import View

__all__ = [
    "ActiveDays",
    "Arithmetic",
    "CommunityCount",
    "Constant",
    "Count",
    "DaysSinceLast",
    "Highest",
    "Maximum",
    "Metric",
    "Minimum",
    "Number",
    "Received",
    "Rounded",
    "Streak",
    "TenureDays",
    "Total",
    "active_days",
    "community_count",
    "count",
    "days_since_last",
    "format_number",
    "highest",
    "maximum",
    "minimum",
    "received",
    "rounded",
    "streak",
    "tenure_days",
    "total",
]

Number: TypeAlias = int | float
"""What a metric gives per member."""
ArithmeticOp: TypeAlias = Literal["+", "-", "*", "/"]
ComparisonOp: TypeAlias = Literal[">=", ">", "<=", "<", "==", "!="]
Operand: TypeAlias = "Metric | int | float"
_DAY = 86400.0
_LIMIT_MIN, _LIMIT_MAX = math.inf, -math.inf  # neutral extra operands, so min/max always get two


def _as_metric(value: object) -> Metric | None:
    if isinstance(value, Metric):
        return value
    if is_finite_number(value):
        return Constant(value)  # type: ignore[arg-type]
    return None


class Metric(abc.ABC):
    """A number per member, computed from a `View`. Subclasses are frozen attrs classes."""

    __slots__ = ()
    precedence: ClassVar[int] = 9

    @abc.abstractmethod
    def _values(self, view: View) -> Column:
        """The metric for every member of `view` (computed once per view; see `View.values`)."""

    @abc.abstractmethod
    def label(self) -> str:
        """Words for explanations, such as ``messages in the last 7 days``."""

    def _parts(self, view: View, member_id: str) -> dict[str, Any]:
        """What makes up the member's value: part name → contribution, adding up to the value."""
        return {repr(self): view.values(self).get(member_id)}

    # Arithmetic builds expressions.
    def _arith(self, op: ArithmeticOp, other: object, reflected: bool = False) -> Arithmetic:
        operand = _as_metric(other)
        if operand is None:
            raise TypeError(f"cannot combine {self!r} with {type(other).__name__}; use a number or a metric")
        return Arithmetic(op, operand, self) if reflected else Arithmetic(op, self, operand)

    def __add__(self, other: Operand) -> Arithmetic:
        return self._arith("+", other)

    def __radd__(self, other: Operand) -> Arithmetic:
        return self._arith("+", other, reflected=True)

    def __sub__(self, other: Operand) -> Arithmetic:
        return self._arith("-", other)

    def __rsub__(self, other: Operand) -> Arithmetic:
        return self._arith("-", other, reflected=True)

    def __mul__(self, other: Operand) -> Arithmetic:
        return self._arith("*", other)

    def __rmul__(self, other: Operand) -> Arithmetic:
        return self._arith("*", other, reflected=True)

    def __truediv__(self, other: Operand) -> Arithmetic:
        return self._arith("/", other)

    def __rtruediv__(self, other: Operand) -> Arithmetic:
        return self._arith("/", other, reflected=True)

    # Comparisons build predicates; == and != stay value equality.
    def _compare(self, op: ComparisonOp, other: object) -> Compare:
        from groupkit.rules import Compare  # rules builds on metrics

        operand = _as_metric(other)
        if operand is None:
            raise TypeError(f"cannot compare {self!r} with {type(other).__name__}; use a number or a metric")
        return Compare(self, op, operand)

    def __ge__(self, other: Operand) -> Compare:
        return self._compare(">=", other)

    def __gt__(self, other: Operand) -> Compare:
        return self._compare(">", other)

    def __le__(self, other: Operand) -> Compare:
        return self._compare("<=", other)

    def __lt__(self, other: Operand) -> Compare:
        return self._compare("<", other)

    def eq(self, other: Operand) -> Compare:
        """The predicate "this metric equals `other`" (``==`` compares metric objects instead).

        >>> tenure_days().eq(0)
        tenure_days().eq(0)
        """
        return self._compare("==", other)

    def ne(self, other: Operand) -> Compare:
        """The predicate "this metric differs from `other`"."""
        return self._compare("!=", other)


def _check_kind(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, str) or not value:
        raise ValueError(f"{attribute.name}: expected a non-empty event kind, got {value!r}")


def _check_optional_kind(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if value is not None:
        _check_kind(instance, attribute, value)


def _plain(kind: str) -> str:
    return str.__str__(kind)


def _plural(kind: str) -> str:
    """``message`` → ``messages``; a kind of several words reads as events: ``enter topic events``."""
    word = kind.replace("_", " ")
    if " " in word:
        return word + " events"
    if word.endswith("y") and word[-2:-1] not in ("a", "e", "i", "o", "u"):
        return word[:-1] + "ies"
    if word.endswith(("s", "sh", "ch", "x")):
        return word + "es"
    return word + "s"


def _window(within: timedelta | None) -> str:
    return "in total" if within is None else f"in the last {_durations.label(within)}"


def _call(name: str, *args: str | None, within: timedelta | None = None) -> str:
    parts = [a for a in args if a is not None]
    if within is not None:
        parts.append(_durations.short(within))
    return f"{name}({', '.join(parts)})"


@attrs.frozen(repr=False, order=False, cache_hash=True)
class Count(Metric):
    """How many events of `kind` (of any kind if None) the member made within the window."""

    kind: str | None = attrs.field(converter=attrs.converters.optional(_plain), validator=_check_optional_kind)
    within: timedelta | None = attrs.field(default=None, validator=_durations.positive)

    def _values(self, view: View) -> Column:
        return Column(Counter(view.authors(self.kind, self.within)), 0)

    def label(self) -> str:
        return f"{'events' if self.kind is None else _plural(self.kind)} {_window(self.within)}"

    def __repr__(self) -> str:
        return _call("count", repr(self.kind), within=self.within)

    def _parts(self, view: View, member_id: str) -> dict[str, Any]:
        return {self.kind or "any": view.values(self).get(member_id)}


@attrs.frozen(repr=False, order=False, cache_hash=True)
class Total(Metric):
    """The sum of the `value` of the member's events of `kind` within the window."""

    kind: str = attrs.field(converter=_plain, validator=_check_kind)
    within: timedelta | None = attrs.field(default=None, validator=_durations.positive)

    def _values(self, view: View) -> Column:
        sums: dict[str, Number] = {}
        fractions: dict[str, list[float]] = {}
        for event in view.window(self.kind, self.within):
            value = event.value
            if type(value) is int:
                sums[event.member_id] = sums.get(event.member_id, 0) + value
            else:
                fractions.setdefault(event.member_id, []).append(value)
        # fsum rounds once, so a float total does not depend on the order of events
        for member_id, values in fractions.items():
            sums[member_id] = math.fsum([sums.get(member_id, 0), *values])
        return Column(sums, 0)

    def label(self) -> str:
        return f"{self.kind.replace('_', ' ')} value {_window(self.within)}"

    def __repr__(self) -> str:
        return _call("total", repr(self.kind), within=self.within)

    def _parts(self, view: View, member_id: str) -> dict[str, Any]:
        return {self.kind: view.values(self).get(member_id)}


def _check_distinct(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if value not in (None, "members", "days"):
        raise ValueError(f"distinct: expected None, 'members' or 'days', got {value!r}")


@attrs.frozen(repr=False, order=False, cache_hash=True)
class Received(Metric):
    """Events of `kind` aimed at the member (their `target`) within the window.

    `distinct="members"` counts the distinct members who aimed them, `distinct="days"` the distinct
    calendar days (community timezone) on which any arrived.
    """

    kind: str = attrs.field(converter=_plain, validator=_check_kind)
    within: timedelta | None = attrs.field(default=None, validator=_durations.positive)
    distinct: Literal["members", "days"] | None = attrs.field(default=None, validator=_check_distinct)

    def _values(self, view: View) -> Column:
        if self.distinct is None:
            return Column(Counter(view.targets(self.kind, self.within)), 0)
        events = view.window(self.kind, self.within)
        pairs: set[tuple[str, object]]
        if self.distinct == "members":
            pairs = {(event.target, event.member_id) for event in events if event.target is not None}
        else:
            day_of = view.day_of
            pairs = {(event.target, day_of(event.at)) for event in events if event.target is not None}
        return Column(Counter(target for target, _ in pairs), 0)

    def label(self) -> str:
        window = _window(self.within)
        if self.distinct == "members":
            return f"members who gave {_plural(self.kind)} {window}"
        if self.distinct == "days":
            return f"days with {_plural(self.kind)} received {window}"
        return f"{_plural(self.kind)} received {window}"

    def __repr__(self) -> str:
        text = _call("received", repr(self.kind), within=self.within)
        return text if self.distinct is None else f"{text[:-1]}, distinct={self.distinct!r})"

    def _parts(self, view: View, member_id: str) -> dict[str, Any]:
        return {f"{self.kind} received": view.values(self).get(member_id)}


@attrs.frozen(repr=False, order=False, cache_hash=True)
class CommunityCount(Metric):
    """How many events of `kind` anyone (members or not) made within the window: one number for all."""

    kind: str = attrs.field(converter=_plain, validator=_check_kind)
    within: timedelta | None = attrs.field(default=None, validator=_durations.positive)

    def _values(self, view: View) -> Column:
        return Column({}, len(view.window(self.kind, self.within)))

    def label(self) -> str:
        return f"{_plural(self.kind)} in the community {_window(self.within)}"

    def __repr__(self) -> str:
        return _call("community_count", repr(self.kind), within=self.within)


@attrs.frozen(repr=False, order=False, cache_hash=True)
class ActiveDays(Metric):
    """Distinct calendar days (community timezone) within the window with an event of `kind` (any if None)."""

    within: timedelta | None = attrs.field(default=None, validator=_durations.positive)
    kind: str | None = attrs.field(default=None, converter=attrs.converters.optional(_plain),
                                   validator=_check_optional_kind)

    def _values(self, view: View) -> Column:
        events = view.timeline_of(self.kind)
        ids = events.member_ids
        start = events.since(view.window_start(self.within))
        daily = (set(ids[first:end]) for first, end in view.days(events, start))
        return Column(Counter(chain.from_iterable(daily)), 0)

    def label(self) -> str:
        days = "active days" if self.kind is None else f"days with {_plural(self.kind)}"
        return f"{days} {_window(self.within)}"

    def __repr__(self) -> str:
        if self.kind is None:
            return _call("active_days", within=self.within)
        if self.within is None:
            return f"active_days(kind={self.kind!r})"
        return _call("active_days", within=self.within)[:-1] + f", kind={self.kind!r})"


_JOINED_AT = operator.attrgetter("joined_at")


@attrs.frozen(repr=False, order=False, cache_hash=True)
class DaysSinceLast(Metric):
    """Days (a float) since the member's last event of `kind` (any kind if None), or since joining."""

    kind: str | None = attrs.field(default=None, converter=attrs.converters.optional(_plain),
                                   validator=_check_optional_kind)

    def _values(self, view: View) -> Column:
        events = view.timeline_of(self.kind)
        last = dict(zip(events.member_ids, events.ats))  # in time order, so the latest wins
        now = view.now
        since: Iterable[Any] = map(last.get, view.member_ids, map(_JOINED_AT, view.members))  # none: joining
        return view.dense([(now - at).total_seconds() / _DAY for at in since])

    def label(self) -> str:
        return f"days since last {'event' if self.kind is None else self.kind.replace('_', ' ')}"

    def __repr__(self) -> str:
        return _call("days_since_last", None if self.kind is None else repr(self.kind))


@attrs.frozen(repr=False, order=False, cache_hash=True)
class TenureDays(Metric):
    """Days (a float) since the member joined."""

    def _values(self, view: View) -> Column:
        now = view.now
        return view.dense((now - member.joined_at).total_seconds() / _DAY for member in view.members)

    def label(self) -> str:
        return "days since joining"

    def __repr__(self) -> str:
        return "tenure_days()"


@attrs.frozen(repr=False, order=False, cache_hash=True)
class Streak(Metric):
    """Consecutive calendar days, ending today or yesterday, with at least one event of `kind`."""

    kind: str = attrs.field(converter=_plain, validator=_check_kind)

    def _values(self, view: View) -> Column:
        events = view.timeline_of(self.kind)
        ats, ids = events.ats, events.member_ids
        today = view.day_of(view.now)

        def on(day: date) -> set[str]:
            first = bisect_left(ats, view.midnight(day))
            return set(ids[first : bisect_left(ats, view.midnight(day + timedelta(days=1)), first)])

        streaks: Counter[str] = Counter()
        running = on(today)
        streaks.update(running)
        day = today - timedelta(days=1)
        yesterday = on(day)
        running = (running & yesterday) | (yesterday - running)
        while running:
            streaks.update(running)
            day -= timedelta(days=1)
            running &= on(day)
        return Column(streaks, 0)

    def label(self) -> str:
        return f"{self.kind.replace('_', ' ')} streak in days"

    def __repr__(self) -> str:
        return _call("streak", repr(self.kind))


def _check_number(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if not is_finite_number(value):
        raise TypeError(f"{attribute.name}: expected a finite int or float, got {value!r}")


@attrs.frozen(repr=False, order=False, cache_hash=True)
class Constant(Metric):
    """The same number for every member; in data it is written as a bare number."""

    value: Number = attrs.field(validator=_check_number)

    def _values(self, view: View) -> Column:
        return Column({}, self.value)

    def label(self) -> str:
        return format_number(self.value)

    def __repr__(self) -> str:
        return repr(self.value)


def format_number(value: Number) -> str:
    """A number as explanations show it: integers plainly, fractions to two decimals.

    >>> format_number(12), format_number(2.0), format_number(3.14159)
    ('12', '2', '3.14')
    """
    if isinstance(value, float):
        rounded = round(value, 2)
        return str(int(rounded)) if rounded.is_integer() else f"{rounded:.2f}".rstrip("0")
    return str(value)


def _constant(column: Column) -> bool:
    """Whether a column has one value for everyone (its default), as a constant or a community figure has."""
    return not column.values and column.default is not None


def _divide(left: Number, right: Number) -> Number:
    return left / right if right else 0


_OPERATIONS: dict[str, tuple[Callable[[Any, Any], Any], int]] = {
    "+": (operator.add, 1),
    "-": (operator.sub, 1),
    "*": (operator.mul, 2),
    "/": (_divide, 2),
}


def _check_op(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if value not in _OPERATIONS:
        raise ValueError(f"op: expected one of '+', '-', '*', '/', got {value!r}")


def _check_metric(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, Metric):
        raise TypeError(f"{attribute.name}: expected a Metric, got {type(value).__name__}")


@attrs.frozen(repr=False, order=False, cache_hash=True)
class Arithmetic(Metric):
    """`left op right` for each member, `op` one of ``+ - * /``; dividing by zero gives 0."""

    op: ArithmeticOp = attrs.field(validator=_check_op)
    left: Metric = attrs.field(validator=_check_metric)
    right: Metric = attrs.field(validator=_check_metric)

    @property
    def precedence(self) -> int:  # type: ignore[override]
        return _OPERATIONS[self.op][1]

    def _values(self, view: View) -> Column:
        function = _OPERATIONS[self.op][0]
        left, right = view.values(self.left), view.values(self.right)
        if _constant(left) and _constant(right):  # the same for everyone: compute it once
            return Column({}, function(left.default, right.default))
        ids = view.member_ids
        return view.dense(map(function, left.over(ids), right.over(ids)))

    def _parts(self, view: View, member_id: str) -> dict[str, Any]:
        if self.op in "+-":
            parts = dict(self.left._parts(view, member_id))
            sign = 1 if self.op == "+" else -1
            for name, value in self.right._parts(view, member_id).items():
                parts[name] = parts.get(name, 0) + sign * value
            return parts
        if isinstance(self.right, Constant) and not (self.op == "/" and self.right.value == 0):
            factor = self.right.value if self.op == "*" else 1 / self.right.value
            return {name: value * factor for name, value in self.left._parts(view, member_id).items()}
        if isinstance(self.left, Constant) and self.op == "*":
            return {name: value * self.left.value for name, value in self.right._parts(view, member_id).items()}
        return super()._parts(view, member_id)

    def _side(self, metric: Metric, text: str, right: bool) -> str:
        tight = metric.precedence < self.precedence or (
            right and metric.precedence == self.precedence and self.op in "-/"
        )
        return f"({text})" if tight else text

    def label(self) -> str:
        symbol = {"*": "×", "/": "÷"}.get(self.op, self.op)
        left = self._side(self.left, self.left.label(), right=False)
        right = self._side(self.right, self.right.label(), right=True)
        return f"{left} {symbol} {right}"

    def __repr__(self) -> str:
        left = self._side(self.left, repr(self.left), right=False)
        right = self._side(self.right, repr(self.right), right=True)
        return f"{left} {self.op} {right}"


def _metrics(values: tuple[Metric, ...]) -> tuple[Metric, ...]:
    items = tuple(values)
    if not items:
        raise ValueError("of: expected at least one metric")
    for i, item in enumerate(items):
        if not isinstance(item, Metric):
            raise TypeError(f"of[{i}]: expected a Metric, got {type(item).__name__}")
    return items


@attrs.frozen(repr=False, order=False, cache_hash=True)
class Minimum(Metric):
    """The smallest of several metrics for each member."""

    of: tuple[Metric, ...] = attrs.field(converter=_metrics)

    def _values(self, view: View) -> Column:
        columns = [view.values(metric) for metric in self.of]
        if all(map(_constant, columns)):
            return Column({}, min(column.default for column in columns))
        ids = view.member_ids
        return view.dense(map(min, *(column.over(ids) for column in columns), repeat(_LIMIT_MIN)))

    def label(self) -> str:
        return f"min({', '.join(metric.label() for metric in self.of)})"

    def __repr__(self) -> str:
        return f"minimum({', '.join(map(repr, self.of))})"


@attrs.frozen(repr=False, order=False, cache_hash=True)
class Maximum(Metric):
    """The largest of several metrics for each member."""

    of: tuple[Metric, ...] = attrs.field(converter=_metrics)

    def _values(self, view: View) -> Column:
        columns = [view.values(metric) for metric in self.of]
        if all(map(_constant, columns)):
            return Column({}, max(column.default for column in columns))
        ids = view.member_ids
        return view.dense(map(max, *(column.over(ids) for column in columns), repeat(_LIMIT_MAX)))

    def label(self) -> str:
        return f"max({', '.join(metric.label() for metric in self.of)})"

    def __repr__(self) -> str:
        return f"maximum({', '.join(map(repr, self.of))})"


def _round_half_away(value: Number) -> Number:
    if not math.isfinite(value):  # an infinite ratio stays what it is
        return value
    return int(math.copysign(math.floor(abs(value) + 0.5), value))


@attrs.frozen(repr=False, order=False, cache_hash=True)
class Rounded(Metric):
    """`of` rounded to a whole number, halves away from zero (2.5 → 3), as Ruby and schoolbooks round.

    Python's `round` rounds halves to even (2.5 → 2); systems written in Ruby, such as Discourse, do not.
    """

    of: Metric = attrs.field(validator=_check_metric)

    def _values(self, view: View) -> Column:
        of = view.values(self.of)
        if _constant(of):
            return Column({}, _round_half_away(of.default))
        return view.dense(map(_round_half_away, of.over(view.member_ids)))

    def label(self) -> str:
        return f"{self.of.label()}, rounded"

    def __repr__(self) -> str:
        return f"rounded({self.of!r})"


@attrs.frozen(repr=False, order=False, cache_hash=True)
class Highest(Metric):
    """The highest value of `of` among the view's members (0 with no members): one number for all."""

    of: Metric = attrs.field(validator=_check_metric)

    def _values(self, view: View) -> Column:
        return Column({}, max(view.values(self.of).over(view.member_ids), default=0))

    def label(self) -> str:
        return f"the most {self.of.label()} of any member"

    def __repr__(self) -> str:
        return f"highest({self.of!r})"


def count(kind: str | None, within: timedelta | None = None) -> Count:
    """Events of `kind` the member made in `(now - within, now]` (all time if None); None counts every kind.

    >>> count("message", within=timedelta(days=7)), count(None, timedelta(days=1))
    (count('message', 7d), count(None, 1d))
    """
    return Count(kind, within)


def total(kind: str, within: timedelta | None = None) -> Total:
    """Sum of the `value` of the member's events of `kind` in the window.

    >>> total("purchase")
    total('purchase')
    """
    return Total(kind, within)


def received(
    kind: str, within: timedelta | None = None, distinct: Literal["members", "days"] | None = None
) -> Received:
    """Events of `kind` whose `target` is the member (likes, answers, reports received).

    `distinct="members"` counts who gave them, `distinct="days"` the days on which they came.

    >>> received("reaction", within=timedelta(days=30))
    received('reaction', 30d)
    >>> received("like", distinct="members").label()
    'members who gave likes in total'
    """
    return Received(kind, within, distinct)


def community_count(kind: str, within: timedelta | None = None) -> CommunityCount:
    """Events of `kind` made by anyone in the window, the same number for every member.

    >>> rounded(0.25 * community_count("topic", timedelta(days=100)))
    rounded(0.25 * community_count('topic', 100d))
    """
    return CommunityCount(kind, within)


def active_days(within: timedelta | None = None, kind: str | None = None) -> ActiveDays:
    """Distinct calendar days with an event (of `kind`, if given), in the community's timezone.

    >>> active_days(timedelta(days=30)), active_days(timedelta(days=100), kind="visit")
    (active_days(30d), active_days(100d, kind='visit'))
    """
    return ActiveDays(within, kind)


def rounded(metric: Metric) -> Rounded:
    """`metric` rounded to a whole number, halves away from zero (see `Rounded`).

    >>> rounded(count("message") / 2)
    rounded(count('message') / 2)
    """
    return Rounded(metric)


def highest(metric: Metric) -> Highest:
    """The highest value of `metric` among the members: ``count("share", week) >= highest(count("share", week))``.

    >>> highest(count("share"))
    highest(count('share'))
    """
    return Highest(metric)


def days_since_last(kind: str | None = None) -> DaysSinceLast:
    """Days since the member's last event of `kind` (any kind if None), or since joining.

    >>> days_since_last("message")
    days_since_last('message')
    """
    return DaysSinceLast(kind)


def tenure_days() -> TenureDays:
    """Days since the member joined.

    >>> tenure_days() >= 30
    tenure_days() >= 30
    """
    return TenureDays()


def streak(kind: str) -> Streak:
    """Consecutive days, ending today or yesterday, with an event of `kind`.

    >>> streak("checkin") >= 7
    streak('checkin') >= 7
    """
    return Streak(kind)


def minimum(*metrics: Operand) -> Minimum:
    """The smallest of the metrics (numbers are allowed) for each member.

    >>> minimum(count("message"), 100)
    minimum(count('message'), 100)
    """
    return Minimum(tuple(_operand(m, i) for i, m in enumerate(metrics)))


def maximum(*metrics: Operand) -> Maximum:
    """The largest of the metrics (numbers are allowed) for each member.

    >>> maximum(count("message"), count("reply"))
    maximum(count('message'), count('reply'))
    """
    return Maximum(tuple(_operand(m, i) for i, m in enumerate(metrics)))


def _operand(value: Operand, index: int) -> Metric:
    metric = _as_metric(value)
    if metric is None:
        raise TypeError(f"of[{index}]: expected a Metric or a number, got {type(value).__name__}")
    return metric
