"""Incentives: points programs and badges that reward what members do.

Points: `EarningRule`s gathered in a `Points` program; `view.points(program)` gives each member a
`Balance` with its ledger; `balance(program)` and `earned(program, within)` are metrics.

A badge is due when its rule holds and the member does not hold it yet (`Member.badges`). A
repeatable badge is earned once per multiple of its threshold: its rule must be a comparison
``metric >= n`` (n > 0), the member has earned it ``metric // n`` times, and it is due again while
that is more than the times it was awarded. Hosts record each award as an event of kind
`AWARD_KIND` with ``data={"badge": name}``, so the count comes from the facts alone.

>>> from datetime import timedelta
>>> from groupkit import synthetic, view
>>> from groupkit.metrics import count
>>> helpful = Badge("helpful", count("answer") >= 3, grade="silver", title="Helper")
>>> today = view(synthetic.community(seed=3, members=30), now=synthetic.DEFAULT_NOW)
>>> awards = today.badges([helpful])
>>> all(award.badge == helpful for due in awards.values() for award in due)
True
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from datetime import timedelta
from typing import TYPE_CHECKING, Any, Literal, cast

import attrs

from groupkit import _checks, i18n
from groupkit._pickling import reduce_fields
from groupkit.i18n import Lang, _lang
from groupkit.metrics import Constant
from groupkit.points import Balance, Earned, EarningRule, Entry, Ledger, Points, PointsBalance
from groupkit.rules import Compare, Predicate, Verdict

if TYPE_CHECKING:
    from groupkit.views import View

__all__ = [
    "AWARD_KIND",
    "Award",
    "Badge",
    "Balance",
    "EarningRule",
    "Entry",
    "Grade",
    "Ledger",
    "Points",
    "balance",
    "earned",
]

AWARD_KIND = "badge"
"""The event kind a host records when it gives a member a badge (``data={"badge": name}``)."""

Grade = Literal["bronze", "silver", "gold"]


def _grade(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if value not in ("bronze", "silver", "gold"):
        raise ValueError(f"grade: expected 'bronze', 'silver' or 'gold', got {value!r}")


def _repeatable(instance: Badge, attribute: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, bool):
        raise TypeError(f"repeatable: expected true or false, got {value!r}")
    if value and _step(instance.when) is None:
        raise ValueError(
            "repeatable: a repeatable badge's rule must be `metric >= n` with a number n > 0, "
            f"got {instance.when!r}"
        )


def _step(rule: Predicate) -> float | None:
    if isinstance(rule, Compare) and rule.op == ">=" and isinstance(rule.right, Constant) and rule.right.value > 0:
        return rule.right.value
    return None


@attrs.frozen
class Badge:
    """A badge: due when `when` holds; `title` is an exclusive title (专属头衔) shown with the nickname."""

    name: str = attrs.field(validator=_checks.name)
    when: Predicate = attrs.field(validator=_checks.predicate)
    grade: Grade = attrs.field(default="bronze", validator=_grade)
    repeatable: bool = attrs.field(default=False, validator=_repeatable)
    title: str | None = attrs.field(default=None, validator=_checks.optional_name)


@attrs.frozen
class Award:
    """A badge newly due to a member, the verdict that earned it, and which time it is (1 = first).

    >>> from groupkit.rules import always
    >>> award = Award(Badge("mentor", always()), Verdict(always(), True, "always"), times=2)
    >>> print(award)
    mentor (×2): always ✓
    >>> print(award.render("zh"))
    导师（第2次）：总是 ✓
    """

    __reduce__ = reduce_fields  # pickled as a tuple of its fields: fast across processes

    badge: Badge
    reasons: Verdict
    times: int = 1

    def __str__(self) -> str:
        return self.render("en")

    def render(self, lang: Lang = "en") -> str:
        """The award and its reasons in English (``"en"``, as `str()`) or Chinese (``"zh"``)."""
        if _lang(lang) == "zh":
            again = f"（第{self.times}次）" if self.times > 1 else ""
            return f"{i18n.name(self.badge.name, 'zh')}{again}：{self.reasons.render('zh')}"
        again = f" (×{self.times})" if self.times > 1 else ""
        return f"{self.badge.name}{again}: {self.reasons.render(lang)}"


def _awarded(view: View, names: set[str]) -> Counter[tuple[str, str]]:
    """How many times each (member, badge) was recorded as awarded, up to `now`."""
    tally: Counter[tuple[str, str]] = Counter()
    for event in view.window(AWARD_KIND, None):
        name = event.data.get("badge")
        if name in names:
            tally[event.member_id, name] += 1
    return tally


def due(view: View, badges: Iterable[Badge]) -> dict[str, tuple[Award, ...]]:
    """For each member, the badges newly due, in the order given (`view.badges` calls this)."""
    badges = tuple(badges)
    for i, badge in enumerate(badges):
        if not isinstance(badge, Badge):
            raise TypeError(f"badges[{i}]: expected a Badge, got {type(badge).__name__}")
    awarded = _awarded(view, {badge.name for badge in badges if badge.repeatable})
    found: dict[str, list[Award]] = {member_id: [] for member_id in view.member_ids}
    for badge in badges:
        holding = badge.when._select(view, view.everyone)
        step = _step(badge.when) if badge.repeatable else None
        for member_id in view.member_ids:
            if member_id not in holding:
                continue
            if step is None:
                if badge.name in view.by_id[member_id].badges:
                    continue
                times = 1
            else:
                earned = int(view.values(cast(Compare, badge.when).left).get(member_id) // step)
                times = awarded[member_id, badge.name] + 1
                if earned < times:
                    continue
            found[member_id].append(Award(badge, view.explain(badge.when, member_id), times))
    return {member_id: tuple(awards) for member_id, awards in found.items()}


def balance(program: Points) -> PointsBalance:
    """The member's balance under `program`, as a metric: ``balance(reputation) >= 2000``.

    >>> balance(Points([EarningRule("answer", "answer", 10)])) >= 100
    balance(<1-rule program>) >= 100
    """
    return PointsBalance(program)


def earned(program: Points, within: timedelta | None = None) -> Earned:
    """Points the member earned under `program` in the window (losses count negative), as a metric."""
    return Earned(program, within)
