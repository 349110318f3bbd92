"""Discourse trust levels 1–4 as a `Ladder`, with Discourse's default site settings.

Sources, in discourse/discourse: the defaults of `config/site_settings.yml` (commit f061aee8,
checked against 00011e9c); TL1 and TL2 from `lib/promotion.rb` (067696df); TL3 from
`app/models/trust_level3_requirements.rb` (52c10848); the grace period from
`User#on_tl3_grace_period?`. Where Discourse's blog and its code disagree (the likes-received
diversity), the code is followed: distinct likers ≥ ceil(likes / 4), distinct days ≥
min(ceil(likes / 3), ceil(0.75 × window)); shares of the community's topics and posts are rounded
half away from zero, as Ruby's `Float#round` does.

The ladder reads these event kinds:

| kind | meaning |
|---|---|
| `visit` | the member visited and read that day (days visited are distinct days) |
| `read` | `value` = posts read |
| `read_time` | `value` = seconds spent reading |
| `enter_topic` | the member's first view of a topic |
| `reply_topic` | the member's first reply in a topic |
| `like` | a like given; `target` = the member liked |
| `flag_agreed` | one per flagged post: `target` = its author, `member_id` = the flagger |
| `suspend`, `silence` | `target` = the member penalised |
| `topic`, `post` | a topic or a post created, by anyone |

>>> ladder = discourse_trust_levels()
>>> ladder.names
('basic', 'member', 'regular', 'leader')
"""

from __future__ import annotations

import math
from datetime import timedelta

import attrs

from groupkit.metrics import (
    Metric,
    active_days,
    community_count,
    count,
    minimum,
    received,
    rounded,
    tenure_days,
    total,
)
from groupkit.rules import Predicate, all_of, always, has_tag, never
from groupkit.tiers import Ladder, Tier

__all__ = ["LOCK_TAG", "LOW_WATER_MARK", "PENALTY_FORGIVENESS", "TrustSettings", "discourse_trust_levels"]

LOW_WATER_MARK = 0.9
"""A regular keeps TL3 while each windowed count stays at 90% of its minimum or more."""

PENALTY_FORGIVENESS = timedelta(seconds=15_778_476)
"""Discourse's ``FORGIVENESS_PERIOD = 6.months``, as a duration: half a Gregorian year (182.6 days).

Discourse steps back six calendar months (181 to 184 days); groupkit's windows are durations.
"""

LOCK_TAG = "trust_level_locked"
"""The member tag that stands for Discourse's ``manual_locked_trust_level``: never moved."""


def _count(instance: object, attribute: attrs.Attribute[int], value: object) -> None:
    if type(value) is not int or value < 0:
        raise ValueError(f"{attribute.name}: expected a whole number ≥ 0, got {value!r}")


@attrs.frozen
class TrustSettings:
    """Discourse's ``trust:`` site settings, with their defaults; change them as a site admin would.

    >>> TrustSettings(tl3_time_period=50).tl3_time_period
    50
    """

    tl1_requires_topics_entered: int = attrs.field(default=5, validator=_count)
    tl1_requires_read_posts: int = attrs.field(default=30, validator=_count)
    tl1_requires_time_spent_mins: int = attrs.field(default=10, validator=_count)
    tl2_requires_topics_entered: int = attrs.field(default=20, validator=_count)
    tl2_requires_read_posts: int = attrs.field(default=100, validator=_count)
    tl2_requires_time_spent_mins: int = attrs.field(default=60, validator=_count)
    tl2_requires_days_visited: int = attrs.field(default=15, validator=_count)
    tl2_requires_likes_received: int = attrs.field(default=1, validator=_count)
    tl2_requires_likes_given: int = attrs.field(default=1, validator=_count)
    tl2_requires_topic_reply_count: int = attrs.field(default=3, validator=_count)
    tl3_time_period: int = attrs.field(default=100, validator=_count)
    tl3_requires_days_visited: int = attrs.field(default=50, validator=_count)
    tl3_requires_topics_replied_to: int = attrs.field(default=10, validator=_count)
    tl3_requires_topics_viewed: int = attrs.field(default=25, validator=_count)
    tl3_requires_topics_viewed_cap: int = attrs.field(default=500, validator=_count)
    tl3_requires_posts_read: int = attrs.field(default=25, validator=_count)
    tl3_requires_posts_read_cap: int = attrs.field(default=20000, validator=_count)
    tl3_requires_topics_viewed_all_time: int = attrs.field(default=200, validator=_count)
    tl3_requires_posts_read_all_time: int = attrs.field(default=500, validator=_count)
    tl3_requires_max_flagged: int = attrs.field(default=5, validator=_count)
    tl3_promotion_min_duration: int = attrs.field(default=14, validator=_count)
    tl3_requires_likes_given: int = attrs.field(default=30, validator=_count)
    tl3_requires_likes_received: int = attrs.field(default=20, validator=_count)


def _lifetime(topics: int, posts: int, minutes: int) -> list[Predicate]:
    """The four checks TL1 and TL2 share (``Promotion#tl1_met?``; time is stored in seconds)."""
    return [
        count("enter_topic") >= topics,
        total("read") >= posts,
        total("read_time") >= minutes * 60,  # time_read / 60 >= minutes, in whole minutes
        tenure_days() * (24 * 60) >= minutes,  # account age in minutes
    ]


def _regular(settings: TrustSettings, share: float) -> Predicate:
    """TL3 at `share` of each windowed minimum: 1 to be promoted, `LOW_WATER_MARK` to keep it."""
    s = settings
    window = timedelta(days=s.tl3_time_period)
    likes = s.tl3_requires_likes_received

    def at_least(metric: Metric, minimum_value: Metric | int) -> Predicate:
        return metric >= (minimum_value if share == 1 else share * minimum_value)

    topics_needed = minimum(rounded(community_count("topic", window) * (s.tl3_requires_topics_viewed / 100)),
                            s.tl3_requires_topics_viewed_cap)
    posts_needed = minimum(rounded(community_count("post", window) * (s.tl3_requires_posts_read / 100)),
                           s.tl3_requires_posts_read_cap)
    return all_of(
        received("suspend", PENALTY_FORGIVENESS).eq(0),
        received("silence", PENALTY_FORGIVENESS).eq(0),
        at_least(active_days(window, kind="visit"), s.tl3_requires_days_visited),
        at_least(count("reply_topic", window), s.tl3_requires_topics_replied_to),
        at_least(count("enter_topic", window), topics_needed),
        at_least(total("read", window), posts_needed),
        received("flag_agreed", window) <= s.tl3_requires_max_flagged,
        received("flag_agreed", window, distinct="members") <= s.tl3_requires_max_flagged,
        count("enter_topic") >= s.tl3_requires_topics_viewed_all_time,
        total("read") >= s.tl3_requires_posts_read_all_time,
        at_least(count("like", window), s.tl3_requires_likes_given),
        at_least(received("like", window), likes),
        at_least(received("like", window, distinct="members"), math.ceil(likes / 4.0)),
        at_least(received("like", window, distinct="days"),
                 min(math.ceil(likes / 3.0), math.ceil(0.75 * s.tl3_time_period))),
    )


def discourse_trust_levels(settings: TrustSettings | None = None) -> Ladder:
    """Discourse's trust levels: ``basic`` (TL1), ``member`` (TL2), ``regular`` (TL3), ``leader`` (TL4).

    TL0 is no tier (None). A review is Discourse's recalculation: a member who meets several levels
    climbs them all at once. TL1 and TL2 are never lost. TL3 is entered on the 100-day window and
    lost below 90% of its windowed minimums (all-time minimums and flag maximums without the 90%),
    never within 14 days of the promotion (`Ladder.min_stay`), and with a suspension or silence in the
    last six months. ``leader`` is given by staff only: its entry never holds, and it is kept. A
    member tagged ``"trust_level_locked"`` is never moved.

    >>> print(discourse_trust_levels().tiers[0].entry)
    (count('enter_topic') >= 5) & (total('read') >= 30) & (total('read_time') >= 600) & (tenure_days() * 1440 >= 10)
    """
    s = settings or TrustSettings()
    basic = _lifetime(s.tl1_requires_topics_entered, s.tl1_requires_read_posts, s.tl1_requires_time_spent_mins)
    member = _lifetime(s.tl2_requires_topics_entered, s.tl2_requires_read_posts, s.tl2_requires_time_spent_mins)
    member += [
        active_days(kind="visit") >= s.tl2_requires_days_visited,
        received("like") >= s.tl2_requires_likes_received,
        count("like") >= s.tl2_requires_likes_given,
        count("reply_topic") >= s.tl2_requires_topic_reply_count,
    ]
    return Ladder(
        [
            Tier("basic", all_of(*basic), keep=always()),
            Tier("member", all_of(*member), keep=always()),
            Tier("regular", _regular(s, 1), keep=_regular(s, LOW_WATER_MARK)),
            Tier("leader", never(), keep=always()),
        ],
        min_stay=timedelta(days=s.tl3_promotion_min_duration),
        lock=has_tag(LOCK_TAG),
    )
