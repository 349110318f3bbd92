"""Complete policies: the chat-group playbook of community-operations practice, and a Discourse forum.

`wechat_group()` joins every part of a WeChat-style group's playbook into one `Policy`. Each play
encodes a rule operators state; the numbers are starting points from their practice, to tune:

| part | the operators' rule |
|---|---|
| `wechat_group_rules()` | nickname, ads and red packets, flooding, voice and video, sensitive words |
| `wechat_group_admission()` | entry rules: a steady pace, the size class, a mentor |
| scoring, `standard()` segments, `lifecycle()` | who is active, silent, contributing, paying; new, at risk, dormant |
| `chat_group_incentives()` | points for check-ins, answers, shares and invites that stay; badges; titled tiers |
| welcome newcomers | greet each newcomer within a day, with the nickname format and the profile template |
| a mentor for each newcomer | a veteran guides each newcomer (老带新) |
| thank helpers, reward the active | thank who answered, reward the most active of the week |
| periodic cleanup | remove members silent for 90 days, and members reported by 3 or more for spreading negative talk |
| win back the silent | a personal message to members silent for 30 days, at most every 14 days |
| reactivate a silent group | three moves: regather around a shared goal, bring expert help, give a surprise |
| stage strategies | launch: seed users, stories; growth: interaction, mutual help; mature: brand, word of mouth |
| weekly timetable (每周群活动表) | a themed Q&A on Wednesday evening, a sharing session on Friday evening |
| split before full | open a new group when 90% of the size class is taken |

`discourse_community()` joins Discourse's trust levels with its default badges (trust-level,
like, invite and visit-streak badges, as far as groupkit's facts can tell them) and a welcome play.

>>> policy = wechat_group()
>>> policy.check()
()
>>> len(policy.plays)
16
"""

from __future__ import annotations

from datetime import timedelta

from groupkit.actions import Budget, Play, Schedule, fill, flagged, health, purpose, stage
from groupkit.facts import Kind, Role
from groupkit.i18n import Text
from groupkit.incentives import Badge
from groupkit.metrics import community_count, count, days_since_last, received, streak, tenure_days
from groupkit.policy import Policy
from groupkit.presets.chat_group import chat_group_incentives
from groupkit.presets.discourse import discourse_trust_levels
from groupkit.presets.wechat import wechat_group_admission, wechat_group_rules
from groupkit.rules import any_of, has_role, in_tier
from groupkit.scoring import engagement
from groupkit.segments import lifecycle, standard

__all__ = ["ENGAGEMENT_WEIGHTS", "discourse_community", "wechat_group"]

DAY = timedelta(days=1)

ENGAGEMENT_WEIGHTS: dict[str, float] = {Kind.MESSAGE: 1, Kind.REPLY: 2, Kind.REACTION: 0.5, Kind.CHECKIN: 1, Kind.SHARE: 3,
                      Kind.ANSWER: 5, Kind.INVITE: 3, Kind.ATTEND: 4}
"""The chat-group engagement score: helping (answers) and bringing people (invites, events) weigh most."""

_STAFF = any_of(has_role(Role.OWNER), has_role(Role.ADMIN), has_role(Role.MODERATOR))


def wechat_group() -> Policy:
    """The chat-group playbook as one policy: see the module's table for what each part encodes."""
    incentives = chat_group_incentives()
    quiet = flagged("long_silence") | (health("active_share_7d") < 0.2)
    plays = [
        Play("welcome newcomers", "welcome", tenure_days() < 1, priority=5,
             params={"nickname": "name-region-profession", "profile": "姓名 / 城市 / 职业 / 能提供的帮助 / 想获得的帮助"},
             reason=Text("a newcomer greeted on the first day stays", "第一天被欢迎的新人更愿意留下")),
        Play("a mentor for each newcomer", "mentor", (tenure_days() < 3) & received(Kind.MENTOR).eq(0), priority=4,
             reason=Text("veterans guide newcomers", "老带新")),
        Play("thank who answered", "thank", count(Kind.ANSWER, 7 * DAY) >= 3, priority=3,
             reason=Text("helpers are thanked in public", "公开感谢帮助他人的成员")),
        Play("reward the most active", "reward", (count(Kind.MESSAGE, 7 * DAY) >= 20) & ~_STAFF, priority=2,
             params={"points": 20}, reason=Text("rewards for the active", "奖励活跃成员")),
        Play("remove reported negativity", "remove", received(Kind.REPORT, 30 * DAY, distinct="members") >= 3,
             priority=8, params={"why": "negative talk"},
             reason=Text("members reported by three or more for spreading negative talk are removed",
                         "被三人以上举报传播负面言论的成员请出")),
        Play("remove the long inactive", "remove", (days_since_last() >= 90) & (tenure_days() >= 90) & ~_STAFF,
             priority=1, params={"why": "inactive"},
             reason=Text("periodic cleanup of members silent for 90 days", "定期清理90天未发言的成员")),
        Play("win back the silent", "reactivate",
             (days_since_last(Kind.MESSAGE) >= 30) & (days_since_last("reactivate_sent") >= 14) & (tenure_days() >= 30)
             & ~_STAFF,
             priority=1, reason=Text("a personal message to the silent, at most every 14 days",
                                     "私信沉默成员，每14天最多一次")),
        Play("regather around a goal", "regather", quiet & community_count("regather", 14 * DAY).eq(0),
             target="community", priority=6, reason=Text("a silent group: first move, a shared goal",
                                                         "群沉默时第一步：围绕共同目标重新聚集")),
        Play("bring expert help", "offer_help", quiet & community_count("offer_help", 14 * DAY).eq(0),
             target="community", priority=5, reason=Text("second move: expert help", "第二步：请专家答疑")),
        Play("give a surprise", "surprise", quiet & community_count("surprise", 14 * DAY).eq(0),
             target="community", priority=4, reason=Text("third move: a surprise beyond expectations",
                                                         "第三步：给成员超出预期的惊喜")),
        Play("launch: seed users and stories", "invite_seed_users", stage("launch"), target="community", priority=3,
             params={"then": "share_stories"}, reason=Text("at launch, invite seed users and share stories",
                                                            "初期：邀请种子用户，分享故事")),
        Play("growth: interaction and mutual help", "start_topic",
             stage("growth") & (community_count(Kind.QUESTION, 7 * DAY) < 3), target="community", priority=3,
             reason=Text("in growth, topics that get members helping each other", "中期：发起互动与互助的话题")),
        Play("mature: brand and word of mouth", "tell_brand_story", stage("mature") & (purpose("product") | purpose("marketing")),
             target="community", priority=2, reason=Text("a mature group spreads the brand by word of mouth",
                                                         "成熟期：品牌与口碑传播")),
        Play("split before full", "split_group", fill() >= 0.9, target="community", priority=7,
             reason=Text("a group near its size class is split", "接近人数上限时拆分新群")),
    ]
    timetable = [
        Play("Wednesday Q&A", "host_event", ~stage("declining"), target="community", priority=3,
             params={"theme": "Q&A 答疑"}, schedule=Schedule("20:00", days=["wed"])),
        Play("Friday sharing", "host_event", ~stage("declining"), target="community", priority=3,
             params={"theme": "分享会"}, schedule=Schedule("20:00", days=["fri"])),
    ]
    return Policy(
        scoring=engagement(ENGAGEMENT_WEIGHTS, half_life=14 * DAY, within=90 * DAY),
        segments=standard(),
        lifecycle=lifecycle(),
        ladder=incentives.ladder,
        points=incentives.points,
        badges=incentives.badges,
        moderation=wechat_group_rules(),
        admission=wechat_group_admission(),
        plays=[*plays, *timetable],
        budget=Budget(total=30, per_action={"remove": 5, "reactivate": 10}),
        history=timedelta(days=400),
    )


def discourse_community() -> Policy:
    """Discourse's trust levels (`discourse_trust_levels()`) with its default badges, and a play.

    Badges, from Discourse's fixtures (``db/fixtures/006_badges.rb``, see the presets page): Basic
    User, Member, Regular and Leader for trust levels 1–4 (Regular and Leader may be shown as
    titles); First Like (a like given) and Welcome (a like received); Promoter, Campaigner and
    Champion for 1, 3 and 5 invites (Discourse also asks the invitees' trust level, which these facts
    do not carry); Enthusiast, Aficionado and Devotee for 10, 100 and 365 days in a row with a visit.
    Plays: welcome a new account on its first day; promotions and demotions come from the ladder.
    """
    tl1 = in_tier("basic") | in_tier("member") | in_tier("regular") | in_tier("leader")
    tl2 = in_tier("member") | in_tier("regular") | in_tier("leader")
    tl3 = in_tier("regular") | in_tier("leader")
    badges = [
        Badge("Basic User", tl1, "bronze"),
        Badge("Member", tl2, "bronze"),
        Badge("Regular", tl3, "silver", title="Regular"),
        Badge("Leader", in_tier("leader"), "gold", title="Leader"),
        Badge("First Like", count("like") >= 1, "bronze"),
        Badge("Welcome", received("like") >= 1, "bronze"),
        Badge("Promoter", count(Kind.INVITE) >= 1, "bronze"),
        Badge("Campaigner", count(Kind.INVITE) >= 3, "silver"),
        Badge("Champion", count(Kind.INVITE) >= 5, "gold"),
        Badge("Enthusiast", streak("visit") >= 10, "bronze"),
        Badge("Aficionado", streak("visit") >= 100, "silver"),
        Badge("Devotee", streak("visit") >= 365, "gold"),
    ]
    plays = [
        Play("welcome new accounts", "welcome", tenure_days() < 1, priority=3,
             reason=Text("a new account is welcomed on its first day", "新账号第一天收到欢迎")),
    ]
    return Policy(ladder=discourse_trust_levels(), badges=badges, plays=plays, history=timedelta(days=400))
