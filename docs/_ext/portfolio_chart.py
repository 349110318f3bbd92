"""An mkdocs hook for the docs build: draw a portfolio's ranking as an inline SVG.

A page that holds the marker line ``<!-- portfolio-chart -->`` gets, in its place, a bar chart of
``gk.portfolio.review_all(gk.presets.wechat_group(), ...)`` over eight synthetic groups: one bar per
group, as long as its attention score, most urgent first, each with its reasons as the bar's
tooltip, in the page's language. `chart` is a pure function of the ranking, tested in
``tests/test_portfolio_chart.py``.
"""

from __future__ import annotations

import functools
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

try:
    import groupkit as gk
except ImportError:  # building from a checkout without groupkit installed
    sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "src"))
    import groupkit as gk

from groupkit.portfolio import Attention

MARKER = "<!-- portfolio-chart -->"
SEEDS, MEMBERS = range(1, 9), 60  # the groups the chart reviews

WIDTH, LEFT, RIGHT, TOP, ROW = 760, 120, 60, 40, 28
COLOUR = "#0072B2"  # Okabe-Ito blue, as in the back-test chart
WORDS = {
    "en": {"axis": "attention score (higher: look first)", "none": "no reasons: nothing stands out"},
    "zh": {"axis": "关注分（越高越先看）", "none": "没有突出问题"},
}


def chart(ranking: Sequence[Attention], *, title: str, lang: str = "en") -> str:
    """An SVG of a portfolio's ranking: a bar per community, as long as its score, in ranking
    order, labelled with the community's id and score; its reasons (in `lang`) are its tooltip."""
    if not ranking:
        raise ValueError("ranking: expected at least one community")
    words = WORDS[lang]
    top = max((attention.score for attention in ranking), default=0.0) or 1.0
    height = TOP + ROW * len(ranking) + 30
    plot = WIDTH - LEFT - RIGHT
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" width="100%" role="img" '
        f'aria-labelledby="portfolio-title" font-family="sans-serif" style="max-width: {WIDTH}px">',
        f'<title id="portfolio-title">{escape(title)}</title>',
        f'<text x="{LEFT}" y="{TOP - 16}" font-size="12" fill="currentColor">{escape(words["axis"])}</text>',
    ]
    for i, attention in enumerate(ranking):
        y = TOP + ROW * i
        length = plot * max(attention.score, 0.0) / top
        reasons = "; ".join(reason.render(lang) for reason in attention.reasons) or words["none"]
        parts.append(f'<text x="{LEFT - 8}" y="{y + 17}" font-size="12" text-anchor="end" '
                     f'fill="currentColor">{escape(attention.community_id)}</text>')
        parts.append(f'<rect x="{LEFT}" y="{y + 4}" width="{length:.1f}" height="{ROW - 8}" fill="{COLOUR}">'
                     f'<title>{escape(f"{attention.community_id}: {reasons}")}</title></rect>')
        parts.append(f'<text x="{LEFT + length + 6:.1f}" y="{y + 17}" font-size="12" '
                     f'fill="currentColor">{attention.score:.2f}</text>')
    parts.append("</svg>")
    return "".join(parts)


@functools.lru_cache(maxsize=2)
def figure(lang: str = "en") -> str:
    """The chart of the playbook's portfolio over the eight synthetic groups, in a figure."""
    groups = [gk.synthetic.community(seed=seed, members=MEMBERS) for seed in SEEDS]
    portfolio = gk.portfolio.review_all(gk.presets.wechat_group(), groups, now=gk.synthetic.DEFAULT_NOW)
    if lang == "zh":
        title = f"wechat_group() 对 {len(groups)} 个合成群的关注排序"
        caption = "每个群的关注分（柱长），最需要先看的在最上面；把鼠标停在柱上可以看到理由。"
    else:
        title = f"wechat_group() ranking {len(groups)} synthetic groups for attention"
        caption = "Each group's attention score (bar length), the most urgent first; hover a bar for its reasons."
    # One line, no blank lines: Markdown passes a block-level element through as it is.
    svg = chart(portfolio.ranking, title=title, lang=lang)
    return f'<figure class="portfolio-chart">{svg}<figcaption>{caption}</figcaption></figure>'


def on_page_markdown(markdown: str, *, page: Any = None, config: Any = None, files: Any = None) -> str:
    """Replace the marker line with the chart (pages without it are left as they are)."""
    if MARKER not in markdown:
        return markdown
    lang = "zh" if page is not None and str(page.url).startswith("zh/") else "en"
    return markdown.replace(MARKER, figure(lang))
