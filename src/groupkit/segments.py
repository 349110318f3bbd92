"""Segments: named groups of members, the first that matches wins; and the member lifecycle.

>>> from datetime import timedelta
>>> from groupkit import synthetic, view
>>> from groupkit.metrics import count
>>> talkers = Segmentation([Segment("chatty", count("message", timedelta(days=7)) >= 5)], default="quiet")
>>> today = view(synthetic.community(seed=3, members=30), now=synthetic.DEFAULT_NOW)
>>> sorted(set(today.segment(talkers).values()))
['chatty', 'quiet']
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import timedelta
from typing import TYPE_CHECKING, Any

import attrs

from groupkit import _checks
from groupkit.facts import Kind, Role
from groupkit.metrics import Metric, active_days, count, tenure_days, total
from groupkit.rules import Predicate, Verdict, always, any_of, has_role
from groupkit.scoring import gap

if TYPE_CHECKING:
    from groupkit.views import View

__all__ = ["STAGES", "Segment", "Segmentation", "lifecycle", "standard"]

STAGES = ("new", "reactivated", "dormant", "at_risk", "active")
"""The lifecycle stages, in the order they are tried."""


@attrs.frozen
class Segment:
    """A named group: the members for whom `when` holds (unless an earlier segment took them)."""

    name: str = attrs.field(validator=_checks.name)
    when: Predicate = attrs.field(validator=_checks.predicate)


def _segments(values: Iterable[Segment]) -> tuple[Segment, ...]:
    return _checks.named(values, Segment, "segments", "a Segment", "segment")


def _default(instance: Segmentation, attribute: attrs.Attribute[Any], value: object) -> None:
    _checks.name(instance, attribute, value)
    if any(segment.name == value for segment in instance.segments):
        raise ValueError(f"default: {value!r} is also the name of a segment")


@attrs.frozen
class Segmentation:
    """Puts every member in exactly one segment: the first whose rule holds, else `default`."""

    segments: tuple[Segment, ...] = attrs.field(converter=_segments)
    default: str = attrs.field(default="other", validator=_default)

    @property
    def names(self) -> tuple[str, ...]:
        """Every segment name, the default last."""
        return (*(segment.name for segment in self.segments), self.default)

    def _assign(self, view: View) -> dict[str, str]:
        placed = dict.fromkeys(view.member_ids, self.default)
        rest = view.everyone
        for segment in self.segments:
            if not rest:
                break
            chosen = segment.when._select(view, rest)
            placed.update(dict.fromkeys(chosen, segment.name))
            rest = rest - chosen
        return placed

    def _explain(self, view: View, member_id: str) -> Verdict:
        missed = []
        for segment in self.segments:
            verdict = segment.when._explain(view, member_id)
            if verdict.holds:
                return attrs.evolve(verdict, title=segment.name)
            missed.append(verdict)
        # the default segment: every other segment's rule failed, and these are the reasons
        return Verdict(always(), True, "" if missed else "no segments", parts=tuple(missed), title=self.default)


def standard(
    admin_roles: Iterable[Role] = (Role.OWNER, Role.ADMIN, Role.MODERATOR),
    paying_within: timedelta = timedelta(days=90),
    min_spend: float = 1,
    contributor_within: timedelta = timedelta(days=30),
    min_contributions: int = 3,
    active_within: timedelta = timedelta(days=30),
    min_active_days: int = 4,
) -> Segmentation:
    """The classification operators use: admin, paying, contributor, active, else silent.

    - ``admin``: an owner, admin or moderator (`admin_roles`);
    - ``paying``: spent at least `min_spend` (purchase `value`) in the last `paying_within` (90 days);
    - ``contributor``: at least `min_contributions` (3) answers, shares and invitations in the last
      `contributor_within` (30 days);
    - ``active``: active on at least `min_active_days` (4) days in the last `active_within` (30 days);
    - ``silent``: everyone else.

    >>> [segment.name for segment in standard().segments] + [standard().default]
    ['admin', 'paying', 'contributor', 'active', 'silent']
    """
    roles = tuple(Role(role) for role in admin_roles)
    contributions: Metric = (
        count(Kind.ANSWER, contributor_within) + count(Kind.SHARE, contributor_within)
        + count(Kind.INVITE, contributor_within)
    )
    return Segmentation(
        [
            Segment("admin", any_of(*(has_role(role) for role in roles))),
            Segment("paying", total(Kind.PURCHASE, paying_within) >= min_spend),
            Segment("contributor", contributions >= min_contributions),
            Segment("active", active_days(active_within) >= min_active_days),
        ],
        default="silent",
    )


def lifecycle(
    new_within: timedelta = timedelta(days=14),
    returned_within: timedelta = timedelta(days=7),
    gap_of: timedelta = timedelta(days=30),
    dormant_after: timedelta = timedelta(days=30),
    trend_window: timedelta = timedelta(days=14),
    drop: float = 0.5,
) -> Segmentation:
    """Every member in exactly one stage, the first that applies: new, reactivated, dormant, at_risk, else active.

    - ``new``: joined within the last `new_within` (14 days);
    - ``reactivated``: an event in the last `returned_within` (7 days) after `gap_of` (30 days) or
      more without any (counted from joining when there was no earlier event);
    - ``dormant``: no event for `dormant_after` (30 days), or never an event: no event in the
      window of the last 30 days;
    - ``at_risk``: events in the last `trend_window` (14 days) fell by `drop` (half) or more against
      the `trend_window` before it, or there were none in the last `trend_window` (so a member silent
      for 14 days is at risk until they become dormant);
    - ``active``: everyone else.

    >>> lifecycle().names
    ('new', 'reactivated', 'dormant', 'at_risk', 'active')
    """
    day = 86400
    recent = count(None, trend_window)
    before = count(None, trend_window * 2) - recent
    return Segmentation(
        [
            Segment("new", tenure_days() < new_within.total_seconds() / day),
            Segment("reactivated", gap(returned_within) >= gap_of.total_seconds() / day),
            Segment("dormant", count(None, dormant_after).eq(0)),
            Segment("at_risk", ((before > 0) & (recent <= before * (1 - drop))) | recent.eq(0)),
        ],
        default="active",
    )

