"""The errors groupkit raises; all derive from `GroupkitError`.

Invalid facts raise the built-in `ValueError` or `TypeError` at construction, with a message that
names the field, because that is what Python code expects of a bad argument.
"""

from __future__ import annotations

__all__ = ["GroupkitError", "PolicyError", "UnknownMemberError"]


class GroupkitError(Exception):
    """Base class of the errors that are groupkit's own."""


class PolicyError(GroupkitError, ValueError):
    """Data that cannot be loaded: every problem found, each with its path.

    >>> error = PolicyError(["$.within: expected a duration, got '3 minuts'"])
    >>> error.problems
    ("$.within: expected a duration, got '3 minuts'",)
    >>> print(error)
    1 problem in the data:
      $.within: expected a duration, got '3 minuts'
    """

    def __init__(self, problems: list[str] | tuple[str, ...]) -> None:
        self.problems = tuple(problems)
        noun = "problem" if len(self.problems) == 1 else "problems"
        super().__init__(
            f"{len(self.problems)} {noun} in the data:\n" + "\n".join(f"  {p}" for p in self.problems)
        )


class UnknownMemberError(GroupkitError, KeyError):
    """A member id that is not in the view (never a member, or joined after the view's `now`)."""

    def __str__(self) -> str:
        return str(self.args[0]) if self.args else "unknown member"
