"""The chat-group incentive playbook: points, badges and titled tiers for a WeChat-style group.

Community-operations practice rather than one system's published rules, so every number here is a
starting point to tune: check-ins pay a little every day and a bonus for each week in a row; answers
and shares pay more, within a daily limit, so that flooding the group does not; an invite pays once
the invitee has stayed a week. Badges go to the week's most active sharer, to mentors and to KOCs
(key opinion consumers: members whose shares the group reacts to); tiers carry exclusive titles.

>>> playbook = chat_group_incentives()
>>> playbook.ladder.names
('active', 'core', 'star')
>>> [badge.name for badge in playbook.badges]
['sharer_of_the_week', 'mentor', 'koc']
"""

from __future__ import annotations

from datetime import timedelta

import attrs

from groupkit.facts import Kind
from groupkit.incentives import Badge, EarningRule, Points, balance
from groupkit.metrics import active_days, count, highest, received
from groupkit.rules import has_tag
from groupkit.tiers import Ladder, Tier

__all__ = ["ChatGroupIncentives", "chat_group_incentives"]

WEEK = timedelta(days=7)
MONTH = timedelta(days=30)


@attrs.frozen
class ChatGroupIncentives:
    """A playbook's three parts: the points program, the badges, and the tier ladder."""

    points: Points
    badges: tuple[Badge, ...]
    ladder: Ladder


def chat_group_incentives() -> ChatGroupIncentives:
    """Points for check-ins (one a day, +10 for each 7 days in a row), answers, shares and invites
    that stay; badges for the week's top sharer, mentors and KOCs; tiers with exclusive titles.

    Points expire after a year, first in first out, and members spend them with ``redeem`` events.

    >>> print(chat_group_incentives().ladder.tiers[0].perks)
    ('title: 活跃成员 (Active member)',)
    """
    points = Points(
        [
            EarningRule("check-in", Kind.CHECKIN, 1, daily_cap=1),
            EarningRule("7-day check-in streak", Kind.CHECKIN, 10, streak=7),
            EarningRule("answer", Kind.ANSWER, 5, daily_cap=25),
            EarningRule("share", Kind.SHARE, 3, daily_cap=9),
            EarningRule("invite that stayed", Kind.INVITE, 20, settle_after=WEEK),
        ],
        expire_after=timedelta(days=365),
    )
    shares = count(Kind.SHARE, WEEK)
    badges = (
        Badge("sharer_of_the_week", (shares >= 3) & (shares >= highest(shares)), grade="silver",
              title="本周分享达人 (Sharer of the week)"),
        Badge("mentor", (count(Kind.MENTOR) >= 3) & (count(Kind.ANSWER, MONTH) >= 10), grade="gold",
              title="导师 (Mentor)"),
        Badge("koc", (count(Kind.SHARE, MONTH) >= 8) & (received(Kind.REACTION, MONTH) >= 30)
              & (received(Kind.REACTION, MONTH, distinct="members") >= 10), grade="gold",
              title="KOC"),
    )
    earned = balance(points)
    ladder = Ladder(
        [
            Tier("active", (earned >= 30) & (active_days(MONTH) >= 8), keep=active_days(MONTH) >= 4,
                 perks=("title: 活跃成员 (Active member)",)),
            Tier("core", (earned >= 200) & (active_days(MONTH) >= 15) & (count(Kind.ANSWER, MONTH) >= 5),
                 keep=active_days(MONTH) >= 10, perks=("title: 核心成员 (Core member)", "may pin messages")),
            Tier("star", (earned >= 600) & (active_days(MONTH) >= 20) & (received(Kind.REACTION, MONTH) >= 50),
                 keep=active_days(MONTH) >= 15, perks=("title: 明星成员 (Star member)", "hosts a weekly topic")),
        ],
        min_stay=MONTH,
        grace=WEEK,
        lock=has_tag("tier_locked"),
    )
    return ChatGroupIncentives(points, badges, ladder)
