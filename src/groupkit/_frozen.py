"""Immutable, hashable JSON-like values for the free-form fields of facts (`profile`, `data`)."""

from __future__ import annotations

import math
from collections.abc import Iterator, Mapping
from typing import Any, TypeAlias

__all__ = ["FrozenDict", "Json", "freeze_json", "thaw_json"]

Json: TypeAlias = "None | bool | int | float | str | tuple[Json, ...] | FrozenDict"


class FrozenDict(Mapping[str, Any]):
    """A read-only, hashable mapping that compares equal to a `dict` with the same items.

    >>> FrozenDict({"city": "Hangzhou"}) == {"city": "Hangzhou"}
    True
    """

    __slots__ = ("_hash", "_items")

    def __init__(self, items: Mapping[str, Any] | None = None) -> None:
        self._items: dict[str, Any] = dict(items or {})
        self._hash: int | None = None

    def __getitem__(self, key: str) -> Any:
        return self._items[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._items)

    def __len__(self) -> int:
        return len(self._items)

    # the dict's own methods, rather than Mapping's generic ones built on __getitem__
    def __contains__(self, key: object) -> bool:
        return key in self._items

    def __bool__(self) -> bool:
        return bool(self._items)

    def get(self, key: str, default: Any = None) -> Any:
        return self._items.get(key, default)

    def __hash__(self) -> int:
        if self._hash is None:
            self._hash = hash(frozenset(self._items.items()))
        return self._hash

    def __repr__(self) -> str:
        return repr(self._items)

    def __reduce__(self) -> tuple[type[FrozenDict], tuple[dict[str, Any]] | tuple[()]]:
        return (FrozenDict, (self._items,)) if self._items else (FrozenDict, ())


def freeze_json(value: Any, where: str) -> Any:
    """Return `value` as an immutable JSON-like value; `where` names the field in errors.

    >>> freeze_json({"langs": ["zh", "en"]}, "profile")
    {'langs': ('zh', 'en')}
    """
    if value is None or isinstance(value, (bool, str, int)):
        return value
    if isinstance(value, float):
        if not math.isfinite(value):
            raise ValueError(f"{where}: expected a finite number, got {value!r}")
        return value
    if isinstance(value, (list, tuple)):
        return tuple(freeze_json(item, f"{where}[{i}]") for i, item in enumerate(value))
    if isinstance(value, Mapping):
        frozen = {}
        for key, item in value.items():
            if not isinstance(key, str):
                raise TypeError(f"{where}: keys must be strings, got {key!r}")
            frozen[key] = freeze_json(item, f"{where}[{key!r}]")
        return FrozenDict(frozen)
    raise TypeError(
        f"{where}: expected a JSON-compatible value (str, number, bool, None, list, dict), "
        f"got {type(value).__name__}"
    )


def thaw_json(value: Any) -> Any:
    """Turn a frozen JSON-like value back into plain `dict`/`list` data.

    >>> thaw_json(freeze_json({"langs": ["zh"]}, "profile"))
    {'langs': ['zh']}
    """
    if isinstance(value, tuple):
        return [thaw_json(item) for item in value]
    if isinstance(value, Mapping):
        return {key: thaw_json(item) for key, item in value.items()}
    return value


def is_finite_number(value: object) -> bool:
    """True for an `int` or finite `float` that is not a `bool`."""
    return (type(value) is int) or (isinstance(value, (int, float)) and not isinstance(value, bool)
                                    and math.isfinite(value))
