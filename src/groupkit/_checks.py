"""attrs validators shared by the rule objects of several modules; each error names its field."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, TypeVar

from groupkit.rules import Predicate

__all__ = ["name", "named", "optional_name", "optional_predicate", "predicate"]

T = TypeVar("T")


def name(instance: Any, attribute: Any, value: Any) -> None:
    """A non-empty string."""
    if not isinstance(value, str) or not value:
        raise ValueError(f"{attribute.name}: expected a non-empty name, got {value!r}")


def optional_name(instance: Any, attribute: Any, value: Any) -> None:
    """None, or a non-empty string."""
    if value is not None:
        name(instance, attribute, value)


def predicate(instance: Any, attribute: Any, value: Any) -> None:
    """A `Predicate`."""
    if not isinstance(value, Predicate):
        raise TypeError(f"{attribute.name}: expected a Predicate, got {type(value).__name__}")


def optional_predicate(instance: Any, attribute: Any, value: Any) -> None:
    """None, or a `Predicate`."""
    if value is not None:
        predicate(instance, attribute, value)


def named(values: Iterable[T], kind: type[T], field: str, a_kind: str, noun: str) -> tuple[T, ...]:
    """`values` as a tuple of `kind` with unique `.name`s; `a_kind` and `noun` word the errors."""
    items = tuple(values)
    seen: set[str] = set()
    for i, item in enumerate(items):
        if not isinstance(item, kind):
            raise TypeError(f"{field}[{i}]: expected {a_kind}, got {type(item).__name__}")
        item_name = getattr(item, "name")  # noqa: B009 - every named kind has one
        if item_name in seen:
            raise ValueError(f"{field}[{i}].name: duplicate {noun} name {item_name!r}")
        seen.add(item_name)
    return items
