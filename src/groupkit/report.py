"""A review written out for people and programs: plain text, Markdown, or JSON-ready data, in
English or Chinese.

The command line prints these; hosts send them to a group's admins (a bot's daily message) or write
them to files (`examples/daily_review.py`). `top` keeps only the first actions of the ranking.

>>> import groupkit as gk
>>> review = gk.presets.wechat_group().review(gk.synthetic.community(seed=1, members=40), now=gk.synthetic.DEFAULT_NOW)
>>> print(as_text(review, "zh", top=2).splitlines()[0])
synthetic-1 的复盘（2026-11-01T12:00:00+00:00）
>>> as_data(review)["community"], len(as_data(review, top=2)["actions"])
('synthetic-1', 2)
"""

from __future__ import annotations

from collections import Counter
from datetime import timedelta
from typing import Any

import attrs

from groupkit.actions import Action
from groupkit.data import to_data
from groupkit.i18n import ACTIONS, Lang, kind, word
from groupkit.i18n import flag as flag_name
from groupkit.policy import Review

__all__ = ["as_data", "as_markdown", "as_text"]


def _action(item: Action, lang: Lang) -> dict[str, Any]:
    return {"kind": item.kind, "target": item.target, "priority": item.priority, "score": item.score,
            "at": None if item.at is None else item.at.isoformat(), "params": to_data(dict(item.params)),
            "reasons": [reason.render(lang) for reason in item.reasons]}


def as_data(review: Review, lang: Lang = "en", *, top: int | None = None) -> dict[str, Any]:
    """The review as JSON-compatible data: actions (the first `top`), deferred and dropped ones,
    each with its reasons worded in `lang`; the size of each segment; the health figures and flags.

    >>> import groupkit as gk
    >>> review = gk.Policy().review(gk.Community("c1", "interest", "launch", None, [], []), now=gk.synthetic.DEFAULT_NOW)
    >>> data = as_data(review, "zh")
    >>> data["community"], data["actions"], data["health"]["flags"][0]["name"]
    ('c1', [], 'long_silence')
    """
    return {
        "community": review.community_id, "now": review.now.isoformat(),
        "actions": [_action(item, lang) for item in review.actions[:top]],
        "deferred": [_action(item, lang) for item in review.deferred],
        "dropped": [{"action": _action(d.action, lang), "by": d.by.kind, "conflict": d.conflict.render(lang)}
                    for d in review.dropped],
        "segments": dict(Counter(review.segments.values())), "health": to_data(review.health),
    }


def _figure(value: object, lang: Lang) -> str:
    """A health figure for people: shares and ratios to two places, durations in words."""
    if isinstance(value, float):
        return f"{value:.2f}"
    if isinstance(value, timedelta):
        hours = value.total_seconds() / 3600
        return (f"{hours:.1f}小时" if lang == "zh" else f"{hours:.1f} hours") if hours < 48 else \
            (f"{hours / 24:.1f}天" if lang == "zh" else f"{hours / 24:.1f} days")
    return "—" if value is None else str(value)


def _figures(review: Review, lang: Lang) -> list[tuple[str, str]]:
    """(name, value) of each health figure, worded in `lang`."""
    health = review.health
    return [(word(field.name, lang), _figure(getattr(health, field.name), lang))
            for field in attrs.fields(type(health)) if field.name != "flags"]


def _segments(review: Review, lang: Lang) -> list[tuple[str, int]]:
    return [(word(name, lang), size) for name, size in Counter(review.segments.values()).items()]


def _heading(review: Review, lang: Lang) -> tuple[str, str]:
    zh = lang == "zh"
    title = (f"{review.community_id} 的复盘（{review.now.isoformat()}）" if zh
             else f"Review of {review.community_id} at {review.now.isoformat()}")
    actions = len(review.actions)
    counts = (f"预算内 {actions} 项行动，{len(review.deferred)} 项顺延，{len(review.dropped)} 项因冲突取消"
              if zh else f"{actions} action{'s' * (actions != 1)} within the budget, {len(review.deferred)} deferred, "
                         f"{len(review.dropped)} dropped by conflicts")
    return title, counts


def as_markdown(review: Review, lang: Lang = "en", *, top: int | None = None) -> str:
    """The review as a Markdown page: a table of the actions (the first `top`) with their reasons,
    then the segments and the health figures and flags.

    >>> import groupkit as gk
    >>> review = gk.Policy().review(gk.Community("c1", "interest", "launch", None, [], []), now=gk.synthetic.DEFAULT_NOW)
    >>> print(as_markdown(review, "zh").splitlines()[0])
    # c1 的复盘（2026-11-01T12:00:00+00:00）
    """
    zh = lang == "zh"
    title, counts = _heading(review, lang)
    lines = [f"# {title}", "", counts, "",
             "| # | 行动 | 对象 | 理由 |" if zh else "| # | action | target | reasons |", "|---|---|---|---|"]
    lines += [f"| {n} | {_action_kind(item.kind, lang)}{'' if item.at is None else ' ' + item.at.isoformat(timespec='minutes')} "
              f"| {item.target} | {' / '.join(r.render(lang).replace('|', '/') for r in item.reasons)} |"
              for n, item in enumerate(review.actions[:top], start=1)]
    lines += ["", "## " + ("分层" if zh else "Segments"), ""]
    colon = "：" if zh else ": "
    lines += [f"- {name}{colon}{size}" for name, size in _segments(review, lang)]
    lines += ["", "## " + ("健康度" if zh else "Health"), ""]
    lines += [f"- {name}{colon}{value}" for name, value in _figures(review, lang)]
    lines += [f"- 警示「{flag_name(flag.name, lang)}」：{flag.zh or flag.reason}" if zh
              else f"- flag {flag_name(flag.name, lang)}: {flag.reason}" for flag in review.health.flags]
    return "\n".join(lines)


def as_text(review: Review, lang: Lang = "en", *, top: int | None = None) -> str:
    """The review as plain text: a heading, the actions (the first `top`) one per line with their
    reasons, then one line each for the segments, the health figures and the flags."""
    zh = lang == "zh"
    title, counts = _heading(review, lang)
    flags = [flag_name(flag.name, lang) for flag in review.health.flags]
    sep = "，" if zh else ", "
    lines = [title, counts, ""]
    lines += [f"{n:>3}. {item.render(lang)}" for n, item in enumerate(review.actions[:top], start=1)]
    lines += ["", ("分层：" if zh else "Segments: ") + sep.join(f"{name} {size}" for name, size in _segments(review, lang))]
    lines += [("健康度：" if zh else "Health: ") + sep.join(f"{name} {value}" for name, value in _figures(review, lang))]
    lines += [("警示：" if zh else "Flags: ") + (sep.join(flags) or ("无" if zh else "none"))]
    return "\n".join(lines)


def _action_kind(name: str, lang: Lang) -> str:
    """An action kind in `lang` (``mentor`` is 安排老带新 as an action, 指派导师 as an event)."""
    return ACTIONS.get(name, name) if lang == "zh" else kind(name, lang)
