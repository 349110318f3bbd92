"""attrs validators shared by the rule objects of several modules; each error names its field."""

from __future__ import annotations

from typing import Any

from groupkit.rules import Predicate

__all__ = ["name", "optional_name", "optional_predicate", "predicate"]


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
