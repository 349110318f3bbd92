"""The hypothesis entry point: makes `st.from_type(gk.Member)` and friends work.

Hypothesis runs this hook while it is itself being imported, so the strategies module (which
imports hypothesis) is looked up only when a strategy is first asked for.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

__all__ = ["_hypothesis_setup_hook"]


def _lazy(name: str) -> Callable[[type], Any]:
    def resolve(_: type) -> Any:
        from groupkit import strategies

        return getattr(strategies, name)()

    return resolve


def _hypothesis_setup_hook() -> None:
    from hypothesis import strategies as st

    from groupkit.facts import Community, Event, Member
    from groupkit.metrics import Metric
    from groupkit.rules import Predicate

    for cls, name in (
        (Member, "members"),
        (Event, "events"),
        (Community, "communities"),
        (Metric, "metrics"),
        (Predicate, "predicates"),
    ):
        st.register_type_strategy(cls, _lazy(name))
