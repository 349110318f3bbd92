"""groupkit: a rules engine for running online communities.

>>> import groupkit as gk
>>> from datetime import timedelta
>>> club = gk.synthetic.community(seed=1, members=40)
>>> v = gk.view(club, now=gk.synthetic.DEFAULT_NOW)
>>> regular = (gk.metrics.count(gk.Kind.MESSAGE, timedelta(days=7)) >= 3) & ~gk.rules.has_role("admin")
>>> isinstance(v.test(regular)["m00001"], bool)
True
"""

from groupkit import (
    actions,
    admission,
    analysis,
    data,
    errors,
    facts,
    health,
    incentives,
    metrics,
    moderation,
    policy,
    portfolio,
    presets,
    report,
    rules,
    scoring,
    segments,
    synthetic,
    tiers,
    views,
)
from groupkit.actions import Action, Budget, Play
from groupkit.admission import Admission, AdmissionDecision, Mentoring, Pacing
from groupkit.analysis import Problem
from groupkit.data import from_data, json_schema, to_data
from groupkit.errors import PolicyError
from groupkit.facts import Community, Event, Kind, Member, Purpose, Role, Stage
from groupkit.health import Health
from groupkit.incentives import Award, Badge, Balance, EarningRule, Points
from groupkit.moderation import Decision, Escalation, Moderation, Screening, ScreenState, Step
from groupkit.policy import Policy, Review
from groupkit.portfolio import Portfolio
from groupkit.rules import Verdict
from groupkit.segments import Segment, Segmentation, lifecycle
from groupkit.tiers import Ladder, Tier, TierDecision
from groupkit.views import View, view

__all__ = [
    "Action",
    "Admission",
    "AdmissionDecision",
    "Award",
    "Badge",
    "Balance",
    "Budget",
    "Community",
    "Decision",
    "EarningRule",
    "Escalation",
    "Event",
    "Health",
    "Kind",
    "Ladder",
    "Member",
    "Mentoring",
    "Moderation",
    "Pacing",
    "Play",
    "Points",
    "Policy",
    "PolicyError",
    "Portfolio",
    "Problem",
    "Purpose",
    "Review",
    "Role",
    "ScreenState",
    "Screening",
    "Segment",
    "Segmentation",
    "Stage",
    "Step",
    "Tier",
    "TierDecision",
    "Verdict",
    "View",
    "actions",
    "admission",
    "analysis",
    "data",
    "errors",
    "facts",
    "from_data",
    "health",
    "incentives",
    "json_schema",
    "lifecycle",
    "metrics",
    "moderation",
    "policy",
    "portfolio",
    "presets",
    "report",
    "rules",
    "scoring",
    "segments",
    "synthetic",
    "tiers",
    "to_data",
    "view",
    "views",
]
