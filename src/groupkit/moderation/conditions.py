"""Conditions on one incoming event: its kind, its fields and `data` keys, its text.

They combine with ``&``, ``|`` and ``~`` like the rules of `groupkit.rules`, print as you would
write them, and convert to data.

>>> ad_with_red_packet = kind("red_packet") & (field("value") >= 50) & (field("data.count") >= 20)
>>> ad_with_red_packet
kind('red_packet') & (field('value') >= 50) & (field('data.count') >= 20)
"""

from __future__ import annotations

import abc
import operator
from collections.abc import Callable, Iterable
from typing import Any, ClassVar, Literal, TypeAlias

import attrs

from groupkit._pickling import reduce_by_init
from groupkit._regex import SafePattern, compile_safe
from groupkit.facts import Event

__all__ = [
    "AllConditions",
    "AnyCondition",
    "Condition",
    "Field",
    "FieldCompare",
    "KindIs",
    "NotCondition",
    "TextMatches",
    "field",
    "kind",
    "text_matches",
]

Scalar: TypeAlias = "str | int | float | bool | None"
Op: TypeAlias = Literal[">=", ">", "<=", "<", "==", "!="]
_EVENT_FIELDS = ("kind", "value", "text", "target", "reply_to", "id", "member_id")
_OPS: dict[str, Callable[[Any, Any], bool]] = {
    ">=": operator.ge, ">": operator.gt, "<=": operator.le, "<": operator.lt, "==": operator.eq, "!=": operator.ne,
}


class Condition(abc.ABC):
    """A yes/no question about one event. Subclasses are frozen attrs classes."""

    __slots__ = ()
    precedence: ClassVar[int] = 9

    @abc.abstractmethod
    def holds(self, event: Event) -> bool:
        """Whether the condition holds for `event`."""

    def can_hold(self, kind: str, has_text: bool, has_data: bool) -> bool:
        """Whether the condition can hold for some event of `kind`, with (or without) text and data."""
        return True

    def __and__(self, other: Condition) -> AllConditions:
        if not isinstance(other, Condition):
            return NotImplemented
        return AllConditions((*_flat(self, AllConditions), *_flat(other, AllConditions)))

    def __or__(self, other: Condition) -> AnyCondition:
        if not isinstance(other, Condition):
            return NotImplemented
        return AnyCondition((*_flat(self, AnyCondition), *_flat(other, AnyCondition)))

    def __invert__(self) -> NotCondition:
        return NotCondition(self)

    def __bool__(self) -> bool:
        raise TypeError(f"the condition {self!r} has no truth value of its own: combine conditions with & | ~")


def _flat(condition: Condition, group: type[AllConditions] | type[AnyCondition]) -> tuple[Condition, ...]:
    return condition.parts if isinstance(condition, group) else (condition,)


def _text(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, str) or not value:
        raise ValueError(f"{attribute.name}: expected a non-empty string, got {value!r}")


def _plain(value: Any) -> Any:
    """A kind given as a `Kind` member, as the plain string it stands for."""
    return str.__str__(value) if isinstance(value, str) else value


@attrs.frozen(repr=False, cache_hash=True)
class KindIs(Condition):
    """The event is of `kind`."""

    kind: str = attrs.field(converter=_plain, validator=_text)

    def holds(self, event: Event) -> bool:
        return event.kind == self.kind

    def can_hold(self, kind: str, has_text: bool, has_data: bool) -> bool:
        return kind == self.kind

    def __repr__(self) -> str:
        return f"kind({self.kind!r})"


def _path(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, str):
        raise TypeError(f"{attribute.name}: expected a field name, got {type(value).__name__}")
    if value.startswith("data.") and all(value.split(".")[1:]):
        return
    if value not in _EVENT_FIELDS:
        raise ValueError(
            f"{attribute.name}: expected an event field ({', '.join(_EVENT_FIELDS)}) or 'data.<key>', got {value!r}"
        )


def read(event: Event, path: str) -> Any:
    """The event's field `path` (``"value"``) or `data` key (``"data.count"``; None when absent)."""
    if not path.startswith("data."):
        return getattr(event, path)
    found: Any = event.data
    for key in path.split(".")[1:]:
        if not hasattr(found, "get"):
            return None
        found = found.get(key)
    return found


def _scalar(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if value is not None and not isinstance(value, (str, int, float, bool)):
        raise TypeError(f"{attribute.name}: expected a string, number, boolean or None, got {type(value).__name__}")


def _op(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if value not in _OPS:
        raise ValueError(f"op: expected one of {', '.join(map(repr, _OPS))}, got {value!r}")


@attrs.frozen(repr=False, cache_hash=True)
class FieldCompare(Condition):
    """The event's field (or `data` key) compared with a value; a missing or mistyped value fails."""

    __reduce__ = reduce_by_init  # pickled as its arguments: derived state is rebuilt

    path: str = attrs.field(validator=_path)
    op: Op = attrs.field(validator=_op)
    value: Scalar = attrs.field(validator=_scalar)
    _keys: tuple[str, ...] = attrs.field(init=False, eq=False, hash=False, repr=False)

    def __attrs_post_init__(self) -> None:
        object.__setattr__(self, "_keys", tuple(self.path.split(".")[1:]) if self.path.startswith("data.") else ())

    def holds(self, event: Event) -> bool:
        keys = self._keys
        if not keys:
            found = getattr(event, self.path)
        elif len(keys) == 1:
            found = event.data.get(keys[0])
        else:
            found = read(event, self.path)
        if self.op in ("==", "!="):
            if found is None:  # most events lack most data keys
                same = self.value is None
            else:
                same = (found == self.value and type(found) is type(self.value)) or (
                    _number(found) and _number(self.value) and found == self.value)
            return same if self.op == "==" else not same
        if not (_number(found) and _number(self.value)) and not (isinstance(found, str) and isinstance(self.value, str)):
            return False
        return _OPS[self.op](found, self.value)

    def can_hold(self, kind: str, has_text: bool, has_data: bool) -> bool:
        if self._keys and not has_data:  # an absent key: only "!= x" or "== None" can hold
            return self.op == "!=" or (self.op == "==" and self.value is None)
        return True

    def __repr__(self) -> str:
        if self.op in ("==", "!="):
            return f"field({self.path!r}).{'eq' if self.op == '==' else 'ne'}({self.value!r})"
        return f"field({self.path!r}) {self.op} {self.value!r}"


def _number(value: object) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


@attrs.frozen(order=False)
class Field:
    """An event field or `data` key, to compare: ``field("value") >= 50``, ``field("data.ad").eq(True)``."""

    path: str = attrs.field(validator=_path)

    def __ge__(self, other: Scalar) -> FieldCompare:
        return FieldCompare(self.path, ">=", other)

    def __gt__(self, other: Scalar) -> FieldCompare:
        return FieldCompare(self.path, ">", other)

    def __le__(self, other: Scalar) -> FieldCompare:
        return FieldCompare(self.path, "<=", other)

    def __lt__(self, other: Scalar) -> FieldCompare:
        return FieldCompare(self.path, "<", other)

    def eq(self, other: Scalar) -> FieldCompare:
        """The field equals `other` (``==`` stays value equality of the `Field` itself)."""
        return FieldCompare(self.path, "==", other)

    def ne(self, other: Scalar) -> FieldCompare:
        """The field differs from `other`."""
        return FieldCompare(self.path, "!=", other)


@attrs.frozen(repr=False, cache_hash=True)
class TextMatches(Condition):
    """The event's text matches `pattern` (a regular expression, checked to be safe; case-insensitive)."""

    __reduce__ = reduce_by_init  # pickled as its arguments: derived state is rebuilt

    pattern: str = attrs.field(validator=_text)
    _compiled: SafePattern = attrs.field(init=False, eq=False, hash=False, repr=False)

    def __attrs_post_init__(self) -> None:
        object.__setattr__(self, "_compiled", compile_safe(self.pattern))

    def holds(self, event: Event) -> bool:
        return bool(event.text) and self._compiled.search(event.text)

    def can_hold(self, kind: str, has_text: bool, has_data: bool) -> bool:
        return has_text

    def __repr__(self) -> str:
        return f"text_matches({self.pattern!r})"


def _conditions(values: Iterable[Condition]) -> tuple[Condition, ...]:
    items = tuple(values)
    for i, item in enumerate(items):
        if not isinstance(item, Condition):
            raise TypeError(f"parts[{i}]: expected a Condition, got {type(item).__name__}")
    return items


def _grouped(condition: Condition) -> str:
    return f"({condition!r})" if isinstance(condition, (AllConditions, AnyCondition, FieldCompare)) else repr(condition)


@attrs.frozen(repr=False, cache_hash=True)
class AllConditions(Condition):
    """Every part holds (``a & b``)."""

    parts: tuple[Condition, ...] = attrs.field(converter=_conditions)

    def holds(self, event: Event) -> bool:
        return all(part.holds(event) for part in self.parts)

    def can_hold(self, kind: str, has_text: bool, has_data: bool) -> bool:
        return all(part.can_hold(kind, has_text, has_data) for part in self.parts)

    def __repr__(self) -> str:
        return " & ".join(map(_grouped, self.parts)) if len(self.parts) > 1 else f"all_of({self.parts!r})"


@attrs.frozen(repr=False, cache_hash=True)
class AnyCondition(Condition):
    """Some part holds (``a | b``)."""

    parts: tuple[Condition, ...] = attrs.field(converter=_conditions)

    def holds(self, event: Event) -> bool:
        return any(part.holds(event) for part in self.parts)

    def can_hold(self, kind: str, has_text: bool, has_data: bool) -> bool:
        return any(part.can_hold(kind, has_text, has_data) for part in self.parts)

    def __repr__(self) -> str:
        return " | ".join(map(_grouped, self.parts)) if len(self.parts) > 1 else f"any_of({self.parts!r})"


def is_condition(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    """An attrs validator: a `Condition` (the error names the field)."""
    if not isinstance(value, Condition):
        raise TypeError(f"{attribute.name}: expected a Condition, got {type(value).__name__}")


@attrs.frozen(repr=False, cache_hash=True)
class NotCondition(Condition):
    """The part does not hold (``~a``)."""

    part: Condition = attrs.field(validator=is_condition)

    def holds(self, event: Event) -> bool:
        return not self.part.holds(event)

    def __repr__(self) -> str:
        return f"~{_grouped(self.part)}"


def kind(event_kind: str) -> KindIs:
    """The event is of this kind.

    >>> kind("red_packet")
    kind('red_packet')
    """
    return KindIs(event_kind)


def field(path: str) -> Field:
    """An event field (``"value"``, ``"text"`` …) or a `data` key (``"data.count"``) to compare.

    >>> field("data.ad").eq(True)
    field('data.ad').eq(True)
    """
    return Field(path)


def text_matches(pattern: str) -> TextMatches:
    """The text matches a regular expression (case-insensitive; unsafe patterns are refused).

    >>> text_matches("加微信|vx")
    text_matches('加微信|vx')
    """
    return TextMatches(pattern)
