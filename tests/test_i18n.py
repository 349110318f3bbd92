"""Reasons, decisions and actions in English and in Chinese, worded from structured data."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given

import groupkit as gk
from groupkit import actions as a
from groupkit import i18n
from groupkit.metrics import active_days, count, days_since_last, tenure_days, total
from groupkit.rules import always, has_badge, has_role, has_tag, in_tier, never
from groupkit.strategies import NOW, communities, policies, predicates

T0 = datetime(2026, 11, 20, 12, tzinfo=UTC)
DAY = timedelta(days=1)
ANN = gk.Member("ann", T0 - 40 * DAY, tier="gold", tags={"vip"}, badges={"mentor"})
CLUB = gk.Community("club", gk.Purpose.LEARNING, gk.Stage.GROWTH, 200, [ANN],
                    [gk.Event("ann", gk.Kind.MESSAGE, T0 - timedelta(hours=h)) for h in range(12)])
VIEW = gk.view(CLUB, now=T0)


def both(rule: gk.rules.Predicate) -> tuple[str, str]:
    verdict = VIEW.explain(rule, "ann")
    assert verdict.render("en") == str(verdict)
    return verdict.render("en"), verdict.render("zh")


@pytest.mark.parametrize(("rule", "en", "zh"), [
    (count(gk.Kind.MESSAGE, 7 * DAY) >= 10, "messages in the last 7 days = 12 ≥ 10 ✓", "近7天消息数 = 12 ≥ 10 ✓"),
    (count(gk.Kind.MESSAGE, 7 * DAY) >= 20, "messages in the last 7 days = 12 < 20 ✗", "近7天消息数 = 12 < 20 ✗"),
    (~(count(gk.Kind.MESSAGE) >= 20), "messages in total = 12 < 20 ✓", "累计消息数 = 12 < 20 ✓"),
    (count(gk.Kind.ANSWER).eq(0), "answers in total = 0 ✓", "累计回答数 = 0 ✓"),
    (count(gk.Kind.MESSAGE).eq(3), "messages in total = 12, not 3 ✗", "累计消息数 = 12，不是 3 ✗"),
    (total(gk.Kind.PURCHASE, 90 * DAY) > 0, "purchase value in the last 90 days = 0 ≤ 0 ✗",
     "近90天购买金额 = 0 ≤ 0 ✗"),
    (active_days(30 * DAY) >= 1, "active days in the last 30 days = 1 ≥ 1 ✓", "近30天活跃天数 = 1 ≥ 1 ✓"),
    (days_since_last(gk.Kind.CHECKIN) >= 7, "days since last checkin = 40 ≥ 7 ✓", "距上次打卡天数 = 40 ≥ 7 ✓"),
    (tenure_days() < 7, "days since joining = 40 ≥ 7 ✗", "入群天数 = 40 ≥ 7 ✗"),
    (count(gk.Kind.MESSAGE) >= tenure_days() / 2, "messages in total = 12 < days since joining ÷ 2 (20) ✗",
     "累计消息数 = 12 < 入群天数 ÷ 2（20） ✗"),
    (has_role("admin"), "an admin ✗", "是管理员 ✗"),
    (~has_role("admin"), "not an admin ✓", "不是管理员 ✓"),
    (has_tag("vip"), "tagged 'vip' ✓", "有标签「vip」 ✓"),
    (in_tier("gold"), "in tier 'gold' ✓", "等级是「gold」 ✓"),
    (~has_badge("mentor"), "without badge 'mentor' ✗", "没有勋章「导师」 ✗"),
    (always(), "always ✓", "总是 ✓"),
    (never(), "never ✗", "从不 ✗"),
    (~(has_tag("vip") & has_role("owner")), "not (an owner ✗) ✓", "并非（是群主 ✗） ✓"),
    (a.stage("growth") & a.purpose("learning"), "stage = growth ✓; purpose = learning ✓",
     "阶段 = 中期 ✓；定位 = 学习 ✓"),
    (~a.stage("launch"), "stage = growth, not launch ✓", "阶段 = 中期，不是初期 ✓"),
    (a.fill() >= 0.5, "share of the capacity taken = 0.01 < 0.5 ✗", "已占容量比例 = 0.01 < 0.5 ✗"),
    (a.flagged("long_silence") | (a.health("active_share_7d") >= 0.5),
     "active share (7 days) = 1 ≥ 0.5 ✓", "近7天活跃成员占比 = 1 ≥ 0.5 ✓"),
])
def test_verdicts_read_in_both_languages(rule: gk.rules.Predicate, en: str, zh: str) -> None:
    assert both(rule) == (en, zh)


def test_segments_tiers_and_admission_read_in_chinese() -> None:
    segment = VIEW.explain(gk.segments.standard(), "ann")
    assert segment.render("zh") == ("沉默成员：是群主 ✗ 或 是管理员 ✗ 或 是群管 ✗；近90天购买金额 = 0 < 1 ✗；"
                                    "近30天回答数 + 近30天分享数 + 近30天邀请数 = 0 < 3 ✗；近30天活跃天数 = 1 < 4 ✗")
    ladder = gk.Ladder([gk.Tier("gold", count(gk.Kind.MESSAGE) >= 50)], min_stay=60 * DAY)
    held = gk.Community("club", gk.Purpose.LEARNING, gk.Stage.GROWTH, None,
                        [gk.Member("ann", T0 - 40 * DAY, tier="gold", tier_since=T0 - 10 * DAY)], CLUB.events)
    decision = gk.view(held, now=T0).tiers(ladder)["ann"]
    assert decision.render("zh") == ("ann 暂缓（gold）：累计消息数 = 12 < 50 ✗；"
                                     "暂缓：在「gold」仅10天，不足最短停留期60天 ✓")
    assert decision.render("en") == str(decision)
    entry = gk.Admission(capacity=1, pacing=gk.Pacing(5, DAY))
    refused = entry.decide(CLUB, gk.Member("bo", T0), [], T0)
    assert refused.render("zh") == "请稍后：入群门槛：无 ✓；容量：小群已满（1/1）：请新开一个群 ✗"


def test_actions_reasons_conflicts_and_screening_decisions_read_in_chinese() -> None:
    policy = gk.Policy(plays=[
        gk.Play("reward the active", "reward", count(gk.Kind.MESSAGE, 7 * DAY) >= 10,
                reason=gk.moderation.Text("the active keep the group alive", "活跃成员让群保持活力")),
        gk.Play("remove the flagged", "remove", has_tag("vip")),
    ])
    review = policy.review(CLUB, now=T0)
    assert review.actions[0].render("zh") == "移出 ann：打法「remove the flagged」：有标签「vip」 ✓"
    assert review.dropped[0].action.render("zh") == ("奖励 ann：打法「reward the active」（活跃成员让群保持活力）："
                                                      "近7天消息数 = 12 ≥ 10 ✓")
    assert review.dropped[0].conflict.render("zh") == "移出优先于奖励"
    assert str(review.dropped[0].action) == ("reward ann: play 'reward the active' (the active keep the group alive): "
                                             "messages in the last 7 days = 12 ≥ 10 ✓")
    rules = gk.Moderation([gk.moderation.keywords(["代购"], action=gk.Step("mute", 10 * timedelta(minutes=1)))])
    decision = rules.screen(gk.ScreenState.empty(), gk.Event("ann", gk.Kind.MESSAGE, T0, text="专业代购")).decision
    assert decision.render("zh") == "ann：禁言10分钟【keywords】：消息包含违禁词「代购」"
    assert decision.render("en") == str(decision)
    assert str(decision) == "ann: mute 10 minutes [keywords]: the message contains the banned word '代购'"


def test_an_unknown_language_is_refused() -> None:
    with pytest.raises(ValueError, match="lang: expected one of 'en', 'zh', got 'fr'"):
        VIEW.explain(always(), "ann").render("fr")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="lang: expected one of 'en', 'zh'"):
        i18n.Text("a", "b").render("de")  # type: ignore[arg-type]


@given(policies(), communities())
def test_every_action_renders_in_both_languages(policy: gk.Policy, community: gk.Community) -> None:
    known = set() if policy.ladder is None else set(policy.ladder.names)
    members = [m if m.tier in known or m.tier is None else gk.Member(m.id, m.joined_at, m.role, m.nickname)
               for m in community.members]
    community = gk.Community(community.id, community.purpose, community.stage, community.capacity, members,
                             community.events, community.timezone)
    review = policy.review(community, now=NOW)
    for action in (*review.actions, *review.deferred):
        english, chinese = action.render("en"), action.render("zh")
        assert english == str(action) and chinese and english != chinese
        for reason in action.reasons:
            for verdict in reason.verdicts:
                assert "✓" in verdict.render("zh") or "✗" in verdict.render("zh") or verdict.parts == ()


def test_names_of_the_presets_read_in_chinese_and_others_as_they_are() -> None:
    assert i18n.name("welcome newcomers", "zh") == "欢迎新人"
    assert i18n.name("welcome newcomers") == "welcome newcomers"
    assert i18n.name("我们的打法", "zh") == "我们的打法" and i18n.name(None, "zh") == "无"
    named = {play.name for play in gk.presets.wechat_group().plays}
    named |= {rule.name for rule in (*gk.presets.wechat_group_rules().rules, *gk.presets.wechat_group_rules().obligations)}
    incentives = gk.presets.chat_group_incentives()
    named |= {rule.name for rule in incentives.points.rules} | {badge.name for badge in incentives.badges}
    named |= set(incentives.ladder.names)
    assert named <= set(i18n.NAMES), named - set(i18n.NAMES)  # the chat-group playbook reads in Chinese
    assert i18n.flag("unanswered_questions", "zh") == "提问无人回复"  # the flag
    assert i18n.word("unanswered_questions", "zh") == "未回复的提问数"  # the figure
    with pytest.raises(ValueError, match="lang"):
        i18n.name("x", "fr")  # type: ignore[arg-type]


@pytest.mark.parametrize(("rule", "zh"), [
    ((count(gk.Kind.MESSAGE, 7 * DAY) >= 10) & ~has_role("admin"), "近7天消息数 ≥ 10 且 不是管理员"),
    (has_tag("vip") | (tenure_days() < 3), "有标签「vip」 或 入群天数 < 3"),
    ((has_tag("vip") | has_badge("mentor")) & in_tier("core"), "（有标签「vip」 或 有勋章「导师」） 且 等级是「核心」"),
    (~(count(gk.Kind.MESSAGE) >= 3), "累计消息数 < 3"),
    (~(has_tag("a") & has_tag("b")), "并非（有标签「a」 且 有标签「b」）"),
    (~has_badge("koc"), "没有勋章「KOC」"),
    (a.stage("launch") & ~a.purpose("product"), "阶段是初期 且 定位不是产品"),
    (a.flagged("long_silence"), "健康警示「长时间沉默」已出现"),
    (count(gk.Kind.ANSWER) >= count(gk.Kind.QUESTION), "累计回答数 ≥ 累计提问数"),
    (always(), "总是"), (never(), "从不"), (gk.rules.AllOf(()), "总是"),
])
def test_rules_are_described_before_they_are_applied(rule: gk.rules.Predicate, zh: str) -> None:
    assert i18n.describe(rule, "zh") == zh
    assert i18n.describe(rule) == repr(rule)


@given(predicates())
def test_every_rule_is_described_in_chinese_words(rule: gk.rules.Predicate) -> None:
    words = i18n.describe(rule, "zh")
    assert words and not re.search(r"[a-z_]+\(", words), words  # no code left: every part is worded


def test_ledger_lines_and_awards_read_in_chinese() -> None:
    program = gk.Points([gk.EarningRule("answer", gk.Kind.ANSWER, 5, daily_cap=5),
                         gk.EarningRule("spam", gk.Kind.REPORT, -20)], floor=0, expire_after=30 * DAY)
    events = [gk.Event("ann", gk.Kind.ANSWER, T0 - 40 * DAY), gk.Event("ann", gk.Kind.ANSWER, T0 - 40 * DAY),
              gk.Event("ann", gk.Kind.ANSWER, T0 - 2 * DAY), gk.Event("ann", "redeem", T0 - DAY, value=9),
              gk.Event("ann", gk.Kind.REPORT, T0 - DAY / 2)]
    club = gk.Community("club", gk.Purpose.LEARNING, gk.Stage.GROWTH, None, [ANN], events)
    ledger = gk.view(club, now=T0).points(program)["ann"].entries
    assert [line.render("zh").split(" ", 1)[1] for line in ledger] == [
        "获得 5【回答】", "超出上限未计 5【回答】（「回答」每日上限）", "过期 5（2026-10-11T12:00:00+00:00 获得的积分）",
        "获得 5【回答】", "消耗 5（要消耗9，只有5可用）", "扣除 0【spam】（应扣20，扣到下限0为止）",
    ]
    assert [line.render("en") for line in ledger] == [str(line) for line in ledger]
    award = gk.view(CLUB, now=T0).badges([gk.Badge("sharer_of_the_week", count(gk.Kind.MESSAGE) >= 3)])["ann"][0]
    assert award.render("zh") == "本周分享达人：累计消息数 = 12 ≥ 3 ✓"
    assert award.render("en") == str(award) == "sharer_of_the_week: messages in total = 12 ≥ 3 ✓"
