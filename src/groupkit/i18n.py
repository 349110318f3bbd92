"""The message catalog: the words groupkit shows people, in English and in Chinese, and `render`.

Reasons are kept as structured data (the rule, the observed value, the threshold); they are worded
when rendered, in the language asked for. English words of metrics come from their `label()`; the
Chinese words of every kind of event, action, role, stage, purpose, health figure and metric are
here, in one place. `str()` of a reason is its English rendering.

>>> from datetime import timedelta
>>> from groupkit.metrics import count
>>> label(count("message", timedelta(days=7)), "zh")
'近7天消息数'
>>> print(Text("deleted", "已删除").render("zh"))
已删除
"""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING, Any, Literal

import attrs

if TYPE_CHECKING:
    from groupkit.metrics import Metric
    from groupkit.rules import Verdict

__all__ = [
    "ACTIONS", "KINDS", "LANGS", "NAMES", "Lang", "Text", "describe", "duration", "flag", "kind", "label", "name",
    "render_verdict", "word",
]

Lang = Literal["en", "zh"]
LANGS: tuple[Lang, ...] = ("en", "zh")


def _lang(lang: object) -> Lang:
    if lang not in LANGS:
        raise ValueError(f"lang: expected one of {', '.join(map(repr, LANGS))}, got {lang!r}")
    return lang


@attrs.frozen
class Text:
    """Words for people, in English and in Chinese; ``str()`` gives the English.

    >>> print(Text("deleted", "已删除"))
    deleted
    """

    en: str
    zh: str

    def __str__(self) -> str:
        return self.en

    def render(self, lang: Lang = "en") -> str:
        """The words in `lang` (``"en"`` or ``"zh"``)."""
        return self.zh if _lang(lang) == "zh" else self.en


KINDS: dict[str, str] = {
    "message": "消息", "reply": "回复", "reaction": "表情回应", "share": "分享", "checkin": "打卡",
    "attend": "参加活动", "purchase": "购买", "invite": "邀请", "question": "提问", "answer": "回答",
    "report": "举报", "red_packet": "红包", "join": "入群", "leave": "退群", "voice": "语音", "video": "视频",
    "image": "图片", "link": "链接", "mentor": "指派导师", "award": "颁发勋章", "redeem": "兑换",
    "like": "点赞", "post": "帖子", "topic": "话题", "visit": "访问", "edit": "编辑",
    "reactivate_sent": "唤醒私信",
    # Discourse's kinds (see groupkit.presets.discourse)
    "read": "阅读帖子", "read_time": "阅读时长（秒）", "enter_topic": "进入话题", "reply_topic": "回复话题",
    "flag_agreed": "被采纳的举报", "suspend": "封禁", "silence": "禁言",
}
"""Event kinds in Chinese; a kind not listed is shown as it is."""

ACTIONS: dict[str, str] = {
    "welcome": "欢迎", "thank": "感谢", "reward": "奖励", "reactivate": "唤醒", "offer_help": "提供专家帮助",
    "surprise": "送上惊喜", "remove": "移出", "warn": "警告", "remind": "提醒", "start_topic": "发起话题",
    "host_event": "举办活动", "split_group": "拆分群", "promote": "升级", "demote": "降级", "award": "授予勋章",
    "mentor": "安排老带新", "invite_seed_users": "邀请种子用户", "share_stories": "分享故事",
    "regather": "围绕共同目标重新聚集", "tell_brand_story": "传播品牌口碑", "cleanup": "清理", "mute": "禁言",
    "delete": "删除消息", "allow": "放行", "request": "要求", "invite": "邀请",
}
"""Action kinds in Chinese; an action not listed is shown as it is."""

_WORDS: dict[str, str] = {
    # roles
    "owner": "群主", "admin": "管理员", "moderator": "群管", "member": "成员", "guest": "访客",
    # stages and purposes
    "launch": "初期", "growth": "中期", "mature": "成熟期", "declining": "衰退期",
    "product": "产品", "interest": "兴趣", "knowledge": "知识", "network": "人脉", "marketing": "营销",
    "support": "服务", "learning": "学习",
    # health figures and flags
    "members": "成员数", "active_share_7d": "近7天活跃成员占比", "active_share_30d": "近30天活跃成员占比",
    "stickiness": "黏性（日活÷月活）", "newcomer_activation": "新人激活率", "question_response_rate": "提问回复率",
    "unanswered_questions": "未回复的提问数", "ad_share": "广告占比", "top_decile_share": "前10%成员发言占比",
    "gini": "发言基尼系数",
    "median_time_to_first_answer": "首次回复用时中位数", "joins": "入群人数", "leaves": "退群人数", "net_growth": "净增长",
    "unmanaged_ads": "广告无人管理", "long_silence": "长时间沉默", "one_voice_dominates": "一人独大",
    # tier changes, size classes, and the titles of reasons
    "promoted": "升级", "demoted": "降级", "kept": "保持", "held": "暂缓", "locked": "锁定",
    "small": "小", "medium": "中", "large": "大", "oversize": "超大",
    "threshold": "入群门槛", "pacing": "加人节奏", "capacity": "容量", "mentor": "导师",
    # the standard segments and lifecycle stages (groupkit.segments)
    "paying": "付费成员", "contributor": "贡献者", "active": "活跃成员", "silent": "沉默成员",
    "new": "新成员", "reactivated": "已唤醒", "dormant": "沉睡", "at_risk": "有流失风险",
}


NAMES: dict[str, str] = {
    # the plays of the chat-group playbook (groupkit.presets.playbook)
    "welcome newcomers": "欢迎新人", "a mentor for each newcomer": "新人配导师", "thank who answered": "感谢答疑的成员",
    "reward the most active": "奖励最活跃的成员", "remove reported negativity": "移出多人举报的负能量成员",
    "remove the long inactive": "清理长期不发言的成员", "win back the silent": "唤醒沉默成员",
    "regather around a goal": "围绕共同目标重新聚集", "bring expert help": "请专家来答疑", "give a surprise": "送上惊喜",
    "launch: seed users and stories": "初期：种子用户与故事", "growth: interaction and mutual help": "中期：互动与互助",
    "mature: brand and word of mouth": "成熟期：品牌与口碑", "split before full": "满员前拆群",
    "Wednesday Q&A": "周三答疑", "Friday sharing": "周五分享", "welcome new accounts": "欢迎新账号",
    # the WeChat group rules (groupkit.presets.wechat) and the other screening rules' default names
    "nickname": "群昵称格式", "sensitive words": "违禁词", "contact swapping": "私加联系方式", "links": "链接",
    "media": "语音和视频", "flood": "刷屏", "duplicates": "重复消息", "send a red packet": "发广告须发红包",
    # the chat-group incentives (groupkit.presets.chat_group): earning rules, badges, tiers
    "check-in": "打卡", "7-day check-in streak": "连续打卡7天", "answer": "回答", "share": "分享",
    "invite that stayed": "邀请的新人留了下来", "sharer_of_the_week": "本周分享达人", "mentor": "导师", "koc": "KOC",
    "active": "活跃", "core": "核心", "star": "明星",
}
"""Chinese names of the presets' plays, screening rules, point rules, badges and tiers; `name` shows
any other name as it is (name your own rules in Chinese to see Chinese)."""


def name(value: str | None, lang: Lang = "en") -> str:
    """The name of a play, rule, badge or tier in `lang`: Chinese from `NAMES` when it is there, else
    as it is; None (no tier) is ``none`` / ``无``.

    >>> name("welcome newcomers", "zh"), name("我的打法", "zh"), name(None, "zh")
    ('欢迎新人', '我的打法', '无')
    """
    zh = _lang(lang) == "zh"
    if value is None:
        return "无" if zh else "none"
    return NAMES.get(value, value) if zh else value


_FLAGS = {"unanswered_questions": "提问无人回复"}  # the figure of that name is 未回复的提问数


def flag(key: str, lang: Lang = "en") -> str:
    """A health flag's name in `lang`: ``unmanaged_ads`` / ``广告无人管理``."""
    if _lang(lang) == "zh" and key in _FLAGS:
        return _FLAGS[key]
    return word(key, lang)


def word(key: str, lang: Lang = "en") -> str:
    """A role, stage, purpose, health figure or flag in `lang` (English: the key, spaced)."""
    return _WORDS.get(key, key) if _lang(lang) == "zh" else key.replace("_", " ")


def kind(name: str | None, lang: Lang = "en") -> str:
    """An event kind in `lang`; None is any event (活动). A kind named after an action the host
    recorded (``regather``) is worded as the action."""
    if name is None:
        return "活动" if lang == "zh" else "event"
    return KINDS.get(name, ACTIONS.get(name, name)) if _lang(lang) == "zh" else name.replace("_", " ")


def duration(span: timedelta, lang: Lang = "en") -> str:
    """A duration in words: ``7 days`` / ``7天``."""
    from groupkit import _durations

    if _lang(lang) == "en":
        return _durations.counted(span)
    seconds = int(span.total_seconds())
    for size, unit in ((86400, "天"), (3600, "小时"), (60, "分钟"), (1, "秒")):
        if seconds > 86400 and size < 3600:  # 182.6天 reads better than 15778476秒
            return f"{span.total_seconds() / 86400:.1f}天"
        if seconds >= size and seconds % size == 0:
            return f"{seconds // size}{unit}"
    return f"{span.total_seconds():g}秒"


def _window(within: timedelta | None) -> str:
    return "累计" if within is None else f"近{duration(within, 'zh')}"


def label(metric: Metric, lang: Lang = "en") -> str:
    """What `metric` measures, in `lang`."""
    if _lang(lang) == "en":
        return metric.label()
    return _zh_label(metric)


def _zh_label(metric: Any) -> str:
    from groupkit import actions, metrics, scoring

    name = type(metric).__name__
    within = getattr(metric, "within", None)
    what = getattr(metric, "kind", None)
    if isinstance(metric, metrics.Count):
        return f"{_window(within)}{kind(what, 'zh')}数"
    if isinstance(metric, metrics.Total):  # the value of purchases is money; of reading time, seconds
        return f"{_window(within)}{kind(what, 'zh')}{'金额' if what in _MONEY else '合计'}"
    if isinstance(metric, metrics.Received):
        if metric.distinct == "members":
            return f"{_window(within)}给出{kind(what, 'zh')}的成员数"
        if metric.distinct == "days":
            return f"{_window(within)}收到{kind(what, 'zh')}的天数"
        return f"{_window(within)}收到的{kind(what, 'zh')}数"
    if isinstance(metric, metrics.CommunityCount):
        return f"{_window(within)}群内{kind(what, 'zh')}数"
    if isinstance(metric, metrics.ActiveDays):
        return f"{_window(within)}活跃天数" if what is None else f"{_window(within)}有{kind(what, 'zh')}的天数"
    if isinstance(metric, metrics.DaysSinceLast):
        return f"距上次{kind(what, 'zh')}天数"
    if isinstance(metric, metrics.TenureDays):
        return "入群天数"
    if isinstance(metric, metrics.Streak):
        return f"连续{kind(what, 'zh')}天数"
    if isinstance(metric, metrics.Constant):
        return metric.label()
    if isinstance(metric, metrics.Arithmetic):
        symbol = {"*": "×", "/": "÷"}.get(metric.op, metric.op)
        left = metric._side(metric.left, _zh_label(metric.left), right=False)
        right = metric._side(metric.right, _zh_label(metric.right), right=True)
        return f"{left} {symbol} {right}"
    if isinstance(metric, (metrics.Minimum, metrics.Maximum)):
        parts = "，".join(_zh_label(part) for part in metric.of)
        return f"{'较小者' if isinstance(metric, metrics.Minimum) else '较大者'}（{parts}）"
    if isinstance(metric, metrics.Rounded):
        return f"{_zh_label(metric.of)}（四舍五入）"
    if isinstance(metric, metrics.Highest):
        return f"全群最高的{_zh_label(metric.of)}"
    if isinstance(metric, scoring.Engagement):
        weights = "，".join(f"{kind(k, 'zh')} {metrics.format_number(w)}" for k, w in metric.weights.items())
        halving = "" if metric.half_life is None else f"，每{duration(metric.half_life, 'zh')}减半"
        return f"{'' if within is None else _window(within)}活跃度（{weights}{halving}）"
    if isinstance(metric, scoring.Percentile):
        return f"{_zh_label(metric.of)}的百分位"
    if isinstance(metric, actions.HealthMeasure):
        return word(metric.field, "zh")
    if isinstance(metric, actions.Size):
        return "成员数"
    if isinstance(metric, actions.Fill):
        return "已占容量比例"
    if isinstance(metric, actions.QuietDays):
        return f"距群内上次{kind(what, 'zh')}天数"
    english: str = metric.label()
    return {"RFMScore": "RFM 评分", "Gap": "回归前沉默天数", "OrbitLove": "Orbit 爱度", "PointsBalance": "积分余额",
            "Earned": "获得积分"}.get(name, english)


_MONEY = {"purchase", "red_packet", "redeem"}
_SYMBOLS = {">=": "≥", ">": ">", "<=": "≤", "<": "<", "==": "=", "!=": "≠"}
_OPPOSITE = {">=": "<", ">": "<=", "<=": ">", "<": ">=", "==": "!=", "!=": "=="}


def render_verdict(verdict: Verdict, lang: Lang = "en") -> str:
    """A verdict in words: ``messages in the last 7 days = 12 ≥ 10 ✓`` / ``近7天消息数 = 12 ≥ 10 ✓``."""
    if _lang(lang) == "en":
        return str(verdict)
    return _zh(verdict)


def _zh(verdict: Verdict) -> str:
    from groupkit.rules import AllOf, AnyOf, Not

    mark = "✓" if verdict.holds else "✗"
    rule = verdict.rule
    if verdict.zh:
        reason = f"{verdict.zh} {mark}"
    elif isinstance(rule, Not) and verdict.parts and (each := _none_of(verdict.parts[0])):
        reason = each  # not (a or b): not a; not b
    elif isinstance(rule, Not) and verdict.parts:  # not (a composite)
        reason = f"并非（{_zh(verdict.parts[0])}） {mark}"
    elif verdict.parts:
        reason = (" 或 " if isinstance(rule, AnyOf) else "；").join(_zh(part) for part in verdict.parts)
    elif isinstance(rule, (AllOf, AnyOf)):  # no parts at all: all of nothing, any of nothing
        reason = f"{'总是' if isinstance(rule, AllOf) else '从不'} {mark}"
    else:
        reason = f"{_leaf_text(verdict) or verdict.text} {mark}"
    return f"{_title(verdict.title)}：{reason}" if verdict.title else reason


def _none_of(inner: Verdict) -> str:
    """``not (a or b or …)`` of leaves as ``not a ✓; not b ✓; …`` ("" when it cannot be said so)."""
    from groupkit.rules import AnyOf, Not, Verdict

    if not isinstance(inner.rule, AnyOf) or not inner.parts or any(part.parts or part.zh for part in inner.parts):
        return ""
    texts = []
    for part in inner.parts:
        negated = Verdict(Not(part.rule), not part.holds, part.text, part.observed, part.threshold)
        text = _leaf_text(negated)
        if not text:
            return ""
        texts.append(f"{text} {'✓' if negated.holds else '✗'}")
    return "；".join(texts)


def _title(title: str) -> str:
    if title.startswith("for '") and title.endswith("'"):
        return f"晋级「{name(title[5:-1], 'zh')}」的条件"
    return _WORDS.get(title, title)


def _leaf_text(verdict: Verdict) -> str:
    """The Chinese words of a leaf verdict from its rule and numbers ("" when it is not one)."""
    from groupkit import rules
    from groupkit.metrics import Constant, format_number

    rule = verdict.rule
    negated = isinstance(rule, rules.Not)
    leaf = rule.part if isinstance(rule, rules.Not) else rule
    if isinstance(leaf, rules.Compare):
        holds = verdict.holds
        asked = _OPPOSITE[leaf.op] if negated else leaf.op
        shown = asked if holds else (leaf.op if negated else _OPPOSITE[leaf.op])
        observed, threshold = verdict.observed, verdict.threshold
        limit = (format_number(threshold) if isinstance(leaf.right, Constant)
                 else f"{_zh_label(leaf.right)}（{format_number(threshold)}）")
        value = f"{_zh_label(leaf.left)} = {format_number(observed)}"
        if asked == "==":
            return value + ("" if holds else f"，不是 {limit}")
        if asked == "!=" and not holds:
            return f"{value}，不应等于此值"
        return f"{value} {_SYMBOLS[shown]} {limit}"
    return _zh_leaf(leaf, negated, verdict.observed)


def describe(rule: Any, lang: Lang = "en") -> str:
    """A rule in words, before it is applied to anyone: its code (``repr``) in English, sentences
    in Chinese.

    >>> from datetime import timedelta
    >>> from groupkit.metrics import active_days, count
    >>> from groupkit.rules import has_role
    >>> rule = (count("message", timedelta(days=7)) >= 10) & ~has_role("admin")
    >>> describe(rule)
    "(count('message', 7d) >= 10) & ~has_role('admin')"
    >>> describe(rule, "zh")
    '近7天消息数 ≥ 10 且 不是管理员'
    """
    if _lang(lang) == "en":
        return repr(rule)
    return _zh_rule(rule)


def _zh_rule(rule: Any, inside: bool = False) -> str:
    from groupkit import rules
    from groupkit.metrics import Constant, format_number

    if isinstance(rule, (rules.AllOf, rules.AnyOf)):
        if not rule.parts:
            return "总是" if isinstance(rule, rules.AllOf) else "从不"
        joined = (" 且 " if isinstance(rule, rules.AllOf) else " 或 ").join(_zh_rule(part, True) for part in rule.parts)
        return f"（{joined}）" if inside and len(rule.parts) > 1 else joined
    negated = isinstance(rule, rules.Not)
    leaf = rule.part if isinstance(rule, rules.Not) else rule
    if isinstance(leaf, rules.Compare):
        op = _OPPOSITE[leaf.op] if negated else leaf.op
        limit = format_number(leaf.right.value) if isinstance(leaf.right, Constant) else _zh_label(leaf.right)
        return f"{_zh_label(leaf.left)} {_SYMBOLS[op]} {limit}"
    if isinstance(leaf, (rules.AllOf, rules.AnyOf, rules.Not)):
        return f"并非（{_zh_rule(leaf)}）"
    return _zh_leaf(leaf, negated) or repr(rule)


def _zh_leaf(leaf: Any, negated: bool, observed: Any = None) -> str:
    """The Chinese words of a leaf rule that is not a comparison ("" when it is not one)."""
    from groupkit import actions, rules

    no = "不" if negated else ""
    if isinstance(leaf, rules.HasRole):
        return f"{no}是{word(leaf.role.value, 'zh')}"
    if isinstance(leaf, rules.HasTag):
        return f"{'没' if negated else ''}有标签「{leaf.tag}」"
    if isinstance(leaf, rules.InTier):
        return f"等级{no}是「{name(leaf.tier, 'zh')}」"
    if isinstance(leaf, rules.HasBadge):
        return f"{'没' if negated else ''}有勋章「{name(leaf.badge, 'zh')}」"
    if isinstance(leaf, rules.Always):
        return "从不" if negated else "总是"
    if isinstance(leaf, rules.Never):
        return "总是" if negated else "从不"
    if isinstance(leaf, actions.StageIs):
        if observed is None:
            return f"阶段{no}是{word(leaf.stage.value, 'zh')}"
        return f"阶段 = {word(observed, 'zh')}" + (f"，不是{word(leaf.stage.value, 'zh')}" if negated else "")
    if isinstance(leaf, actions.PurposeIs):
        if observed is None:
            return f"定位{no}是{word(leaf.purpose.value, 'zh')}"
        return f"定位 = {word(observed, 'zh')}" + (f"，不是{word(leaf.purpose.value, 'zh')}" if negated else "")
    if isinstance(leaf, actions.Flagged):
        return f"健康警示「{flag(leaf.flag, 'zh')}」{'未出现' if negated else '已出现'}"
    return ""
