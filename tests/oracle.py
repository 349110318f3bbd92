"""Brute-force reference semantics: slow, obvious code that the engine must agree with."""

from __future__ import annotations

import math
import operator
from datetime import datetime, timedelta
from typing import Any

from groupkit import metrics as m
from groupkit import rules as r
from groupkit import scoring as sc
from groupkit.facts import Community, Event, Member
from groupkit.presets import OrbitLove

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
        case m.Received(kind, within, distinct):
            got = [
                e
                for e in community.events
                if e.target == member.id and e.kind == kind and e.at <= now
                and (within is None or e.at > now - within)
            ]
            if distinct == "members":
                return len({e.member_id for e in got})
            if distinct == "days":
                return len({e.at.astimezone(tz).date() for e in got})
            return len(got)
        case m.CommunityCount(kind, within):
            return sum(1 for e in community.events
                       if e.kind == kind and e.at <= now and (within is None or e.at > now - within))
        case m.Rounded(of):
            x = value(of, community, now, member)
            if not math.isfinite(x):
                return x
            return math.floor(x + 0.5) if x >= 0 else -math.floor(-x + 0.5)
        case m.Highest(of):
            return max((value(of, community, now, p) for p in members_at(community, now)), default=0)
        case m.ActiveDays(within, kind):
            return len({e.at.astimezone(tz).date() for e in seen(community, now, member.id, kind, within)})
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
        case sc.Engagement(weights, half_life, within, daily_cap):
            chosen = [e for e in seen(community, now, member.id, None, within) if e.kind in weights]
            if daily_cap is not None:
                kept, per_day = [], {}
                for e in sorted(chosen, key=lambda e: e.at):
                    key = (e.kind, e.at.astimezone(tz).date())
                    per_day[key] = per_day.get(key, 0) + 1
                    if e.kind not in daily_cap or per_day[key] <= daily_cap[e.kind]:
                        kept.append(e)
                chosen = kept
            return math.fsum(
                weights[e.kind] * (1 if half_life is None else 0.5 ** ((now - e.at) / half_life)) for e in chosen
            )
        case sc.Percentile(of):
            everyone = [value(of, community, now, p) for p in members_at(community, now)]
            mine = value(of, community, now, member)
            below = sum(1 for v in everyone if v < mine)
            tied = sum(1 for v in everyone if v == mine)
            return (below + tied / 2) / len(everyone) * 100
        case sc.RFMScore(part, within, monetary):
            if part == "code":
                r_, f_, m_ = (value(sc.RFMScore(p, within, monetary), community, now, member)
                              for p in ("recency", "frequency", "monetary"))
                return r_ * 100 + f_ * 10 + m_
            raw = {"recency": m.DaysSinceLast(None), "frequency": m.Count(None, within),
                   "monetary": m.Total(monetary, within)}[part]
            sign = -1 if part == "recency" else 1
            everyone = [sign * value(raw, community, now, p) for p in members_at(community, now)]
            mine = sign * value(raw, community, now, member)
            return 1 + 5 * sum(1 for v in everyone if v < mine) // len(everyone)
        case sc.Gap(within):
            recent = [e.at for e in seen(community, now, member.id, None, within)]
            if not recent:
                return 0
            earlier = [e.at for e in seen(community, now, member.id, None, None) if e.at <= now - within]
            since = max(earlier, default=member.joined_at)
            return max(0.0, (min(recent) - since).total_seconds() / DAY)
        case OrbitLove(weights):
            here = now.astimezone(tz).date()
            total = 0.0
            for e in seen(community, now, member.id, None, None):
                day = e.at.astimezone(tz).date()
                ago = (here.year * 12 + here.month) - (day.year * 12 + day.month)
                total += weights.get(e.kind, 1) * 0.9**ago
            return total
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
