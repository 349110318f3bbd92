"""groupkit: a rules engine for running online communities.

>>> import groupkit as gk
>>> from datetime import timedelta
>>> club = gk.synthetic.community(seed=1, members=40)
>>> v = gk.view(club, now=gk.synthetic.DEFAULT_NOW)
>>> regular = (gk.metrics.count(gk.Kind.MESSAGE, timedelta(days=7)) >= 3) & ~gk.rules.has_role("admin")
>>> isinstance(v.test(regular)["m00001"], bool)
True
"""

from groupkit import data, errors, facts, health, incentives, metrics, presets, rules, scoring, segments, synthetic, tiers, views
from groupkit.data import from_data, json_schema, to_data
from groupkit.errors import PolicyError
from groupkit.facts import Community, Event, Kind, Member, Purpose, Role, Stage
from groupkit.health import Health
from groupkit.incentives import Award, Badge, Balance, EarningRule, Points
from groupkit.rules import Verdict
from groupkit.segments import Segment, Segmentation, lifecycle
from groupkit.tiers import Ladder, Tier, TierDecision
from groupkit.views import View, view

__all__ = [
    "Award",
    "Badge",
    "Balance",
    "Community",
    "EarningRule",
    "Event",
    "Health",
    "Kind",
    "Ladder",
    "Member",
    "Points",
    "PolicyError",
    "Purpose",
    "Role",
    "Segment",
    "Segmentation",
    "Stage",
    "Tier",
    "TierDecision",
    "Verdict",
    "View",
    "data",
    "errors",
    "facts",
    "from_data",
    "health",
    "incentives",
    "json_schema",
    "lifecycle",
    "metrics",
    "presets",
    "rules",
    "scoring",
    "segments",
    "synthetic",
    "tiers",
    "to_data",
    "view",
    "views",
]
