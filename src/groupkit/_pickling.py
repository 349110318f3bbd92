"""Pickling for frozen classes that keep derived state (compiled patterns, caches, plans).

Such an object is pickled as the arguments that built it, and built again when unpickled, so it
travels to a process pool or a Dask worker and its derived state is rebuilt there.
"""

from __future__ import annotations

from typing import Any

import attrs

__all__ = ["reduce_by_init"]


def _rebuild(cls: type, arguments: dict[str, Any]) -> Any:
    return cls(**arguments)


def reduce_by_init(self: Any) -> tuple[Any, tuple[type, dict[str, Any]]]:
    """A `__reduce__` for attrs classes: rebuild from the fields given to ``__init__``."""
    cls = type(self)
    return _rebuild, (cls, {field.alias: getattr(self, field.name) for field in attrs.fields(cls) if field.init})
