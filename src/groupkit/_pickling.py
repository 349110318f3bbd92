"""Pickling for frozen classes that keep derived state (compiled patterns, caches, plans).

Such an object is pickled as the arguments that built it, and built again when unpickled, so it
travels to a process pool or a Dask worker and its derived state is rebuilt there.
"""

from __future__ import annotations

import copyreg
import operator
from collections.abc import Callable
from typing import Any

import attrs

__all__ = ["reduce_by_init", "reduce_fields"]


def _rebuild(cls: type, arguments: dict[str, Any]) -> Any:
    return cls(**arguments)


def reduce_by_init(self: Any) -> tuple[Any, tuple[type, dict[str, Any]]]:
    """A `__reduce__` for attrs classes: rebuild from the fields given to ``__init__``."""
    cls = type(self)
    return _rebuild, (cls, {field.alias: getattr(self, field.name) for field in attrs.fields(cls) if field.init})


_STATE: dict[type, Callable[[Any], tuple[Any, ...]]] = {}


def _state_of(cls: type) -> Callable[[Any], tuple[Any, ...]]:
    names = [field.name for field in attrs.fields(cls)]
    if len(names) == 1:
        only = operator.attrgetter(names[0])
        return lambda instance: (only(instance),)
    return operator.attrgetter(*names)


def reduce_fields(self: Any) -> tuple[Any, tuple[type], tuple[Any, ...]]:
    """A `__reduce__` for frozen attrs classes with many instances (events, verdicts, actions): the
    field values as a tuple, restored by attrs' ``__setstate__`` without running validators again
    (the values were valid when pickled). Several times faster than attrs' own, which pickles a dict."""
    cls = type(self)
    state = _STATE.get(cls)
    if state is None:
        state = _STATE[cls] = _state_of(cls)
    return copyreg.__newobj__, (cls,), state(self)  # type: ignore[attr-defined]
