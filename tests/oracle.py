"""Brute-force reference semantics: slow, obvious code that the engine must agree with."""

from __future__ import annotations

import math
import operator
from datetime import datetime, timedelta
from typing import Any

from groupkit import metrics as m
from groupkit import rules as r
from groupkit.facts import Community, Event, Member

DAY = 86400


def seen(community: Community, now: datetime, member_id: str, kind: str | None, within: timedelta | None) -> list[Event]:
    return [
        e
        for e in community.events
        if e.member_id == member_id
        and e.at <= now
        and (kind is None or e.kind == kind)
        and (within is None or e.at > now - within)
    ]


def value(metric: m.Metric, community: Community, now: datetime, member: Member) -> Any:
    tz = community.timezone
    match metric:
        case m.Constant(number):
            return number
        case m.Count(kind, within):
            return len(seen(community, now, member.id, kind, within))
        case m.Total(kind, within):
            values = [e.value for e in seen(community, now, member.id, kind, within)]
            return sum(values) if all(type(v) is int for v in values) else math.fsum(values)
        case m.Received(kind, within):
            return sum(
                1
                for e in community.events
                if e.target == member.id and e.kind == kind and e.at <= now
                and (within is None or e.at > now - within)
            )
        case m.ActiveDays(within):
            return len({e.at.astimezone(tz).date() for e in seen(community, now, member.id, None, within)})
        case m.DaysSinceLast(kind):
            last = max((e.at for e in seen(community, now, member.id, kind, None)), default=member.joined_at)
            return (now - last).total_seconds() / DAY
        case m.TenureDays():
            return (now - member.joined_at).total_seconds() / DAY
        case m.Streak(kind):
            days = {e.at.astimezone(tz).date() for e in seen(community, now, member.id, kind, None)}
            day = now.astimezone(tz).date()
            if day not in days:
                day -= timedelta(days=1)
            run = 0
            while day in days:
                run += 1
                day -= timedelta(days=1)
            return run
        case m.Arithmetic(op, left, right):
            a, b = value(left, community, now, member), value(right, community, now, member)
            if op == "/":
                return a / b if b else 0
            return {"+": operator.add, "-": operator.sub, "*": operator.mul}[op](a, b)
        case m.Minimum(of):
            return min(value(x, community, now, member) for x in of)
        case m.Maximum(of):
            return max(value(x, community, now, member) for x in of)
    raise AssertionError(f"no reference for {metric!r}")


COMPARE = {">=": operator.ge, ">": operator.gt, "<=": operator.le, "<": operator.lt,
           "==": operator.eq, "!=": operator.ne}


def holds(rule: r.Predicate, community: Community, now: datetime, member: Member) -> bool:
    match rule:
        case r.Compare(left, op, right):
            return COMPARE[op](value(left, community, now, member), value(right, community, now, member))
        case r.AllOf(parts):
            return all(holds(p, community, now, member) for p in parts)
        case r.AnyOf(parts):
            return any(holds(p, community, now, member) for p in parts)
        case r.Not(part):
            return not holds(part, community, now, member)
        case r.HasRole(role):
            return member.role == role
        case r.HasTag(tag):
            return tag in member.tags
        case r.InTier(tier):
            return member.tier == tier
        case r.HasBadge(badge):
            return badge in member.badges
        case r.Always():
            return True
        case r.Never():
            return False
    raise AssertionError(f"no reference for {rule!r}")


def members_at(community: Community, now: datetime) -> list[Member]:
    return [p for p in community.members if p.joined_at <= now]
