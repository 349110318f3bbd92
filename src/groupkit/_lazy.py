"""A read-only mapping computed when first read: the parts of a review that a host may never look at."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from typing import Any, TypeVar

__all__ = ["Later"]

K = TypeVar("K")
V = TypeVar("V")


class Later(Mapping[K, V]):
    """The mapping `make()` returns, asked for once, on first read; pickled as the mapping itself.

    >>> calls = []
    >>> later = Later(lambda: calls.append(1) or {"ann": "active"})
    >>> len(calls)
    0
    >>> later["ann"], later == {"ann": "active"}, len(calls)
    ('active', True, 1)
    """

    __slots__ = ("_make", "_value")

    def __init__(self, make: Callable[[], Mapping[K, V]]) -> None:
        self._make: Callable[[], Mapping[K, V]] | None = make
        self._value: Mapping[K, V] | None = None

    @property
    def _all(self) -> Mapping[K, V]:
        if self._value is None:
            assert self._make is not None
            self._value, self._make = self._make(), None
        return self._value

    def __getitem__(self, key: K) -> V:
        return self._all[key]

    def __iter__(self) -> Iterator[K]:
        return iter(self._all)

    def __len__(self) -> int:
        return len(self._all)

    def __contains__(self, key: object) -> bool:
        return key in self._all

    def __eq__(self, other: object) -> bool:
        return self._all == other if isinstance(other, Mapping) else NotImplemented

    __hash__ = None  # type: ignore[assignment]

    def __reduce__(self) -> tuple[Any, ...]:
        return dict, (dict(self._all),)

    def __repr__(self) -> str:
        return repr(dict(self._all))
