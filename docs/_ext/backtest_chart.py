"""An mkdocs hook for the docs build: draw a back-test of the chat-group playbook as an inline SVG.

A page that holds the marker line ``<!-- backtest-chart -->`` gets, in its place, a chart of
``gk.presets.wechat_group().backtest(...)`` over 30 days of a synthetic group: the size of each
segment per day (lines) and the actions recommended per day, by kind (stacked bars). The SVG is
written by hand, so the build needs nothing beyond groupkit. `chart` is a pure function of the
back-test's moments, tested in ``tests/test_backtest_chart.py``.
"""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable, Mapping, Sequence
from datetime import timedelta
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape, quoteattr
from zoneinfo import ZoneInfo

try:
    import groupkit as gk
except ImportError:  # building from a checkout without groupkit installed
    sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "src"))
    import groupkit as gk

from groupkit import i18n
from groupkit.policy import Moment

MARKER = "<!-- backtest-chart -->"

# The community and the period the docs page describes (policies-and-reviews.md, "Back-testing").
SEED, MEMBERS, DAYS, EVENTS = 4, 200, 90, 5000
PERIOD = timedelta(days=29)  # 30 reviews, one a day, the last at gk.synthetic.DEFAULT_NOW

# Okabe-Ito and two more: told apart with the common kinds of colour blindness, and on a dark page.
PALETTE = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#999999", "#F0E442",
           "#8C6D31", "#17BECF")

WIDTH, HEIGHT = 760, 446
LEFT, RIGHT = 56, 150  # room for the y labels, and for the legend on the right
LINES_TOP, LINES_BOTTOM = 44, 236
BARS_TOP, BARS_BOTTOM = 290, 420


def _ticks(top: float, count: int = 4) -> list[float]:
    """Round tick values from 0 to at least `top`: 0, 25, 50 … (about `count` steps)."""
    if top <= 0:
        return [0, 1]
    raw = top / count
    scale = 10 ** (len(str(int(raw))) - 1)
    step = next(unit * scale for unit in (1, 2, 2.5, 5, 10) if unit * scale >= raw)
    ticks = [0.0]
    while ticks[-1] < top:
        ticks.append(ticks[-1] + step)
    return ticks


def _number(value: float) -> str:
    return f"{value:g}"


def _point(value: float) -> str:
    return f"{value:.1f}"


def _x(i: int, n: int) -> float:
    """The centre of the `i`-th of `n` days along the x axis."""
    plot = WIDTH - LEFT - RIGHT
    return LEFT + plot * (i + 0.5) / n


def _y(value: float, top: float, y_top: float, y_bottom: float) -> float:
    return y_bottom - (y_bottom - y_top) * (value / top if top else 0)


def _axis(ticks: list[float], y_top: float, y_bottom: float, label: str) -> list[str]:
    parts = [f'<text x="{LEFT}" y="{_point(y_top - 14)}" font-size="12" fill="currentColor">{escape(label)}</text>']
    for tick in ticks:
        y = _point(_y(tick, ticks[-1], y_top, y_bottom))
        parts.append(f'<line x1="{LEFT}" y1="{y}" x2="{WIDTH - RIGHT}" y2="{y}" stroke="currentColor" '
                     f'stroke-opacity="{0.5 if tick == 0 else 0.12}"/>')
        parts.append(f'<text x="{LEFT - 6}" y="{y}" font-size="11" text-anchor="end" dominant-baseline="middle" '
                     f'fill="currentColor">{_number(tick)}</text>')
    return parts


def _names(rows: Sequence[Mapping[str, int]]) -> list[str]:
    """Every key of the rows, in the order first seen."""
    found: dict[str, None] = {}
    for row in rows:
        found.update(dict.fromkeys(row))
    return list(found)


def _legend(names: Sequence[str], colours: Mapping[str, str], y: float, heading: str, mark: str,
            shown: Callable[[str], str] = str) -> list[str]:
    x = WIDTH - RIGHT + 16
    parts = [f'<text x="{x}" y="{_point(y)}" font-size="12" font-weight="bold" fill="currentColor">'
             f'{escape(heading)}</text>']
    for i, name in enumerate(names):
        row = y + 16 * (i + 1)
        colour = quoteattr(colours[name])
        if mark == "line":
            parts.append(f'<line x1="{x}" y1="{_point(row - 4)}" x2="{x + 16}" y2="{_point(row - 4)}" '
                         f'stroke={colour} stroke-width="3"/>')
        else:
            parts.append(f'<rect x="{x + 3}" y="{_point(row - 9)}" width="10" height="10" fill={colour}/>')
        parts.append(f'<text x="{x + 22}" y="{_point(row)}" font-size="11" fill="currentColor">{escape(shown(name))}</text>')
    return parts


WORDS = {
    "en": {"members": "members per segment", "actions": "actions per day", "segments": "segments",
           "legend actions": "actions"},
    "zh": {"members": "各分层人数", "actions": "每天的行动数", "segments": "分层", "legend actions": "行动"},
}


def chart(moments: Sequence[Moment], *, title: str = "A back-test: segments and actions per day",
          lang: str = "en") -> str:
    """An SVG of a back-test: a line per segment (members in it each day), and the actions
    recommended each day as bars stacked by kind. One point per moment on every line. Labels,
    segment names and action kinds are in `lang` ("en" or "zh")."""
    words = WORDS[lang]
    seg, act = (lambda name: i18n.word(name, lang)), (lambda name: i18n.kind(name, lang))
    if not moments:
        raise ValueError("moments: expected at least one moment of a back-test")
    n = len(moments)
    segments = _names([moment.segments for moment in moments])
    kinds = sorted(_names([moment.actions for moment in moments]))
    colours = {name: PALETTE[i % len(PALETTE)] for i, name in enumerate(segments)}
    fills = {kind: PALETTE[i % len(PALETTE)] for i, kind in enumerate(kinds)}
    first, last = moments[0].now.date().isoformat(), moments[-1].now.date().isoformat()
    description = (f"{n} daily reviews from {first} to {last}. Lines: members in each segment "
                   f"({', '.join(segments) or 'none'}). Bars: actions recommended each day, by kind "
                   f"({', '.join(kinds) or 'none'}).")
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" width="100%" role="img" '
        f'aria-labelledby="backtest-title backtest-desc" font-family="sans-serif" style="max-width: {WIDTH}px">',
        f'<title id="backtest-title">{escape(title)}</title>',
        f'<desc id="backtest-desc">{escape(description)}</desc>',
    ]

    top = _ticks(max((max(moment.segments.values(), default=0) for moment in moments), default=0))
    parts += _axis(top, LINES_TOP, LINES_BOTTOM, words["members"])
    for name in segments:
        points = " ".join(f"{_point(_x(i, n))},{_point(_y(moment.segments.get(name, 0), top[-1], LINES_TOP, LINES_BOTTOM))}"
                          for i, moment in enumerate(moments))
        parts.append(f'<polyline points="{points}" fill="none" stroke={quoteattr(colours[name])} stroke-width="2" '
                     f'stroke-linejoin="round"><title>{escape(seg(name))}</title></polyline>')

    totals = [sum(moment.actions.values()) for moment in moments]
    bar_top = _ticks(max(totals, default=0))
    parts += _axis(bar_top, BARS_TOP, BARS_BOTTOM, words["actions"])
    width = (WIDTH - LEFT - RIGHT) / n * 0.7
    for i, moment in enumerate(moments):
        base = 0
        for kind in kinds:
            count = moment.actions.get(kind, 0)
            if not count:
                continue
            y_low = _y(base, bar_top[-1], BARS_TOP, BARS_BOTTOM)
            y_high = _y(base + count, bar_top[-1], BARS_TOP, BARS_BOTTOM)
            parts.append(f'<rect x="{_point(_x(i, n) - width / 2)}" y="{_point(y_high)}" width="{_point(width)}" '
                         f'height="{_point(y_low - y_high)}" fill={quoteattr(fills[kind])}>'
                         f'<title>{escape(f"{moment.now.date().isoformat()}: {count} {act(kind)}")}</title></rect>')
            base += count

    step = max(1, round(n / 6))
    for i in range(0, n, step):
        label = moments[i].now.strftime("%m-%d")
        parts.append(f'<text x="{_point(_x(i, n))}" y="{BARS_BOTTOM + 18}" font-size="11" text-anchor="middle" '
                     f'fill="currentColor">{label}</text>')
    parts += _legend(segments, colours, LINES_TOP, words["segments"], "line", seg)
    parts += _legend(kinds, fills, LINES_TOP + 16 * (len(segments) + 2), words["legend actions"], "box", act)
    parts.append("</svg>")
    return "".join(parts)


@functools.lru_cache(maxsize=2)
def figure(lang: str = "en") -> str:
    """The chart of the chat-group playbook's back-test, in a figure, as the docs page describes it."""
    group = gk.synthetic.community(seed=SEED, members=MEMBERS, days=DAYS, events=EVENTS,
                                   timezone=ZoneInfo("Asia/Shanghai"))
    end = gk.synthetic.DEFAULT_NOW
    moments = gk.presets.wechat_group().backtest(group, end - PERIOD, end)
    if lang == "zh":
        title = f"wechat_group() 在一个 {MEMBERS} 人的合成群上回测 {len(moments)} 天"
        caption = "各分层的人数（折线）和每天建议的行动（柱），每天复盘一次。"
    else:
        title = f"wechat_group() over {len(moments)} days of a synthetic group of {MEMBERS}"
        caption = "Segment sizes (lines) and the actions recommended each day (bars), one review a day."
    # One line, no blank lines: Markdown passes a block-level element through as it is.
    svg = chart(moments, title=title, lang=lang)
    return f'<figure class="backtest-chart">{svg}<figcaption>{caption}</figcaption></figure>'


def on_page_markdown(markdown: str, *, page: Any = None, config: Any = None, files: Any = None) -> str:
    """Replace the marker line with the chart (pages without it are left as they are)."""
    if MARKER not in markdown:
        return markdown
    lang = "zh" if page is not None and str(page.url).startswith("zh/") else "en"
    return markdown.replace(MARKER, figure(lang))
