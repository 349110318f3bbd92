"""What screening decides: actions, steps of an escalation, decisions with bilingual reasons.

>>> Escalation((Step("warn"), Step("mute", timedelta(minutes=10)), Step("remove")), decay=timedelta(days=30))
Escalation(warn → mute 10 minutes → remove, decay 30 days)
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import timedelta
from typing import Any, Literal, TypeAlias

import attrs

from groupkit import _durations, i18n
from groupkit.i18n import ACTIONS as ACTION_WORDS
from groupkit.i18n import Lang, Text, duration

__all__ = ["ACTIONS", "Action", "Decision", "Escalation", "Screening", "Step", "Text", "strength"]

Action: TypeAlias = Literal["allow", "remind", "request", "warn", "delete", "mute", "remove"]
ACTIONS: tuple[Action, ...] = ("allow", "remind", "request", "warn", "delete", "mute", "remove")
"""Every action, weakest first: when several rules fire, the strongest decides."""


def _action(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if value not in ACTIONS:
        raise ValueError(f"{attribute.name}: expected one of {', '.join(map(repr, ACTIONS))}, got {value!r}")


def _optional_duration(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if value is not None:
        _durations.positive(instance, attribute, value)


@attrs.frozen(repr=False)
class Step:
    """An action to take, with a duration for ``"mute"`` (None: until lifted).

    >>> Step("mute", timedelta(minutes=10))
    Step('mute', 10 minutes)
    """

    action: Action = attrs.field(validator=_action)
    duration: timedelta | None = attrs.field(default=None, validator=_optional_duration)

    def __repr__(self) -> str:
        return f"Step({self.action!r}" + ("" if self.duration is None else f", {_durations.counted(self.duration)}") + ")"

    def words(self) -> str:
        """The step in words: ``mute 10 minutes``, ``mute 1 day``."""
        return self.action + ("" if self.duration is None else f" {_durations.counted(self.duration)}")



def as_step(value: Step | str | None) -> Step | None:
    """A `Step`, from a step or an action name (None stays None)."""
    if value is None or isinstance(value, Step):
        return value
    if isinstance(value, str):
        return Step(value)  # type: ignore[arg-type]
    raise TypeError(f"action: expected a Step or an action name, got {type(value).__name__}")


def _steps(values: Iterable[Step | str]) -> tuple[Step, ...]:
    if isinstance(values, (str, Step)) or not isinstance(values, Iterable):
        raise TypeError("steps: expected a sequence of Step (or action names)")
    steps = tuple(as_step(value) for value in values)
    if not steps:
        raise ValueError("steps: an escalation needs at least one step")
    return steps  # type: ignore[return-value]


@attrs.frozen(repr=False)
class Escalation:
    """Steps taken one after another as a member's violations add up; strikes older than `decay` lapse.

    The n-th live strike takes the n-th step; past the last step, the last repeats.
    """

    steps: tuple[Step, ...] = attrs.field(converter=_steps)
    decay: timedelta = attrs.field(default=timedelta(days=30), validator=_durations.required)

    def step(self, strikes: int) -> Step:
        """The step for a member with `strikes` live strikes (counting the one just added)."""
        return self.steps[min(strikes, len(self.steps)) - 1]

    def __repr__(self) -> str:
        return f"Escalation({' → '.join(step.words() for step in self.steps)}, decay {_durations.counted(self.decay)})"


def strength(action: Action, duration: timedelta | None) -> tuple[int, float]:
    """How strong an action is, to pick the strongest: by `ACTIONS` order, then longer mutes."""
    return ACTIONS.index(action), float("inf") if duration is None else duration.total_seconds()


@attrs.frozen
class Decision:
    """What to do about one member: the action (and its duration), the rule that decided, and why.

    `reasons` are bilingual `Text`; `message` is what a bot may say in the group.
    """

    member_id: str
    action: Action
    duration: timedelta | None = None
    rule: str | None = None
    reasons: tuple[Text, ...] = ()
    message: Text | None = None

    def __str__(self) -> str:
        return self.render("en")

    def render(self, lang: Lang = "en") -> str:
        """The decision and its reasons in English (``"en"``, as `str()`) or Chinese (``"zh"``)."""
        if lang == "zh":
            step = ACTION_WORDS.get(self.action, self.action)
            if self.duration is not None:
                step += duration(self.duration, "zh")
            why = "；".join(reason.zh for reason in self.reasons)
            rule = f"【{_zh_names(self.rule)}】" if self.rule else ""
            return f"{self.member_id}：{step}{rule}" + (f"：{why}" if why else "")
        step = Step(self.action, self.duration).words()
        why = "; ".join(map(str, self.reasons))
        return f"{self.member_id}: {step}" + (f" [{self.rule}]" if self.rule else "") + (f": {why}" if why else "")


@attrs.frozen
class Screening:
    """The outcome of screening one event: the decision, the new state, and every rule that fired."""

    decision: Decision
    state: Any  # a ScreenState; typed loosely here to keep the modules apart
    fired: tuple[Decision, ...] = ()


def _zh_names(rules: str) -> str:
    """A decision's rule names in Chinese (a burst of several rules is named ``a, b``)."""
    return "、".join(i18n.name(part, "zh") for part in rules.split(", "))
