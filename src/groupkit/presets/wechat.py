"""The group rules and entry rules of a WeChat group, as community operators write them.

Every number is operators' practice rather than a platform's rule, and each is a starting point:

- **Nickname** "name-region-profession" (姓名-地区-职业): three parts joined by hyphens; a friendly
  reminder, at most once a day.
- **Ads** only with a red packet: whoever posts an ad (`data={"ad": True}`) sends a red packet of at
  least 50 yuan shared among at least 20 people within 3 minutes, or is removed.
- **No flooding**: at most 5 messages in 10 seconds; the same text at most twice in 10 minutes.
- **No voice messages or videos**, which waste everyone's data.
- **Sensitive and spam words** (a short starter list: extend it) and contact-swapping patterns.
- **Escalation**: warn, mute 10 minutes, mute 1 day, remove; strikes lapse after 30 days.
- **Entry**: at most 20 new members a day, fewer than 200 members (a "large" group stays under 200),
  and a veteran (a member of 90 days or more with 10 answers or more) guides each newcomer, at most
  3 at a time, matched by shared tags.

>>> rules = wechat_group_rules()
>>> [rule.name for rule in rules.rules]
['nickname', 'sensitive words', 'contact swapping', 'flood', 'duplicates', 'media', 'links']
"""

from __future__ import annotations

from datetime import timedelta

from groupkit.admission import Admission, Mentoring, Pacing
from groupkit.facts import Kind
from groupkit.metrics import count, tenure_days
from groupkit.moderation import (
    Escalation,
    Moderation,
    Step,
    Text,
    duplicates,
    field,
    flood,
    keywords,
    kind,
    links,
    media,
    nickname,
    obligation,
    pattern,
)
from groupkit.rules import always

__all__ = ["RED_PACKET_RULE", "SENSITIVE_WORDS", "wechat_group_admission", "wechat_group_rules"]

SENSITIVE_WORDS = ("代购", "刷单", "兼职日结", "加微信", "赌博", "博彩", "贷款", "套现")
"""A starter list of words groups commonly ban (resale, fake orders, gambling, loans): extend it."""

RED_PACKET_RULE = obligation(
    "send a red packet",
    trigger=field("data.ad").eq(True),
    require=kind(Kind.RED_PACKET) & (field("value") >= 50) & (field("data.count") >= 20),
    within=timedelta(minutes=3),
    otherwise=Step("remove"),
    meaning=Text("send a red packet of 50 yuan or more for 20 people or more", "发一个50元以上、20人以上领取的红包"),
)
"""An ad is tolerated only with a red packet of 50 yuan or more for 20 people or more, within 3 minutes."""


def wechat_group_rules(words: tuple[str, ...] = SENSITIVE_WORDS) -> Moderation:
    """The group rules of a WeChat group as a `Moderation` (see the module's description)."""
    return Moderation(
        [
            nickname(r"^[^-\s]+-[^-\s]+-[^-\s]+$"),
            keywords(words, name="sensitive words"),
            pattern(r"(vx|wx|v信|微信|威信|薇信)\s*[:：号]\s*[a-z0-9_-]{5,}", name="contact swapping",
                    meaning=Text("a WeChat id to add", "微信号")),
            flood(5, timedelta(seconds=10)),
            duplicates(2, timedelta(minutes=10)),
            media(),
            links(min_tenure=timedelta(days=7)),
        ],
        escalation=Escalation(
            [Step("warn"), Step("mute", timedelta(minutes=10)), Step("mute", timedelta(days=1)), Step("remove")],
            decay=timedelta(days=30),
        ),
        obligations=[RED_PACKET_RULE],
    )


def wechat_group_admission() -> Admission:
    """The entry rules: 20 joins a day, under 200 members, a veteran mentor for each newcomer."""
    return Admission(
        threshold=always(),
        pacing=Pacing(20, timedelta(days=1)),
        capacity=199,
        mentor=Mentoring((tenure_days() >= 90) & (count(Kind.ANSWER) >= 10), max_mentees=3),
    )
