"""The back-test chart drawn into the docs at build time (docs/_ext/backtest_chart.py)."""

from __future__ import annotations

import sys
import xml.etree.ElementTree as ET
from datetime import timedelta
from pathlib import Path

import pytest

import groupkit as gk
from groupkit.actions import Play
from groupkit.metrics import count, tenure_days

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "docs" / "_ext"))

import backtest_chart  # noqa: E402  (a docs hook, not a package)

SVG = "{http://www.w3.org/2000/svg}"
DAY = timedelta(days=1)


@pytest.fixture(scope="module")
def moments() -> tuple[gk.policy.Moment, ...]:
    policy = gk.Policy(
        segments=gk.segments.standard(),
        plays=[Play("welcome", "welcome", tenure_days() < 7), Play("thank", "thank", count(gk.Kind.ANSWER, 7 * DAY) >= 1)],
    )
    club = gk.synthetic.community(seed=2, members=80, days=30)
    end = gk.synthetic.DEFAULT_NOW
    return policy.backtest(club, end - 9 * DAY, end)


def test_the_chart_is_svg_with_a_title_and_a_line_per_segment(moments: tuple[gk.policy.Moment, ...]) -> None:
    root = ET.fromstring(backtest_chart.chart(moments, title="ten days"))
    assert root.tag == f"{SVG}svg" and root.get("role") == "img"
    assert root.find(f"{SVG}title") is not None and root.find(f"{SVG}title").text == "ten days"  # type: ignore[union-attr]
    assert root.find(f"{SVG}desc") is not None
    lines = root.findall(f"{SVG}polyline")
    assert [line.findtext(f"{SVG}title") for line in lines] == list(moments[0].segments)
    for line in lines:
        points = line.get("points", "").split()
        assert len(points) == len(moments)
        assert all(len(point.split(",")) == 2 for point in points)


def test_the_bars_add_up_to_the_actions_of_each_day(moments: tuple[gk.policy.Moment, ...]) -> None:
    root = ET.fromstring(backtest_chart.chart(moments))
    bars = [rect for rect in root.iter(f"{SVG}rect") if rect.find(f"{SVG}title") is not None]
    recommended = sum(sum(moment.actions.values()) for moment in moments)
    assert recommended > 0
    assert sum(int(bar.findtext(f"{SVG}title", "").split()[1]) for bar in bars) == recommended


def test_a_single_quiet_day_still_draws() -> None:
    club = gk.synthetic.community(seed=1, members=5, days=3, events=0)
    moments = gk.Policy(segments=gk.segments.standard()).backtest(club, gk.synthetic.DEFAULT_NOW, gk.synthetic.DEFAULT_NOW)
    root = ET.fromstring(backtest_chart.chart(moments))
    assert all(len(line.get("points", "").split()) == 1 for line in root.findall(f"{SVG}polyline"))
    with pytest.raises(ValueError, match="at least one moment"):
        backtest_chart.chart(())


def test_the_hook_replaces_the_marker_and_leaves_other_pages_alone() -> None:
    page = f"# Back-testing\n\nText.\n\n{backtest_chart.MARKER}\n\nMore text.\n"
    drawn = backtest_chart.on_page_markdown(page, page=None, config=None, files=None)
    assert backtest_chart.MARKER not in drawn and drawn.count("<svg") == 1
    figure = drawn.split("\n\n")[2]
    assert "\n" not in figure  # one block: Markdown passes it through untouched
    ET.fromstring(figure)
    assert backtest_chart.on_page_markdown("# No chart\n", page=None, config=None, files=None) == "# No chart\n"


def test_the_docs_page_has_the_marker() -> None:
    text = (ROOT / "docs" / "concepts" / "policies-and-reviews.md").read_text(encoding="utf-8")
    assert backtest_chart.MARKER in text.splitlines()


def test_the_chinese_chart_words_its_labels_in_chinese(moments: tuple[gk.policy.Moment, ...]) -> None:
    english = ET.fromstring(backtest_chart.chart(moments, title="ten days"))
    chinese = ET.fromstring(backtest_chart.chart(moments, title="十天", lang="zh"))
    texts = [element.text for element in chinese.iter("{http://www.w3.org/2000/svg}text")]
    assert "各分层人数" in texts and "每天的行动数" in texts and "分层" in texts and "行动" in texts
    shown = {gk.i18n.word(name, "zh") for moment in moments for name in moment.segments}
    assert shown <= set(texts)  # each segment's name in the legend, in Chinese
    # the same drawing: only the words differ
    assert len(list(english.iter())) == len(list(chinese.iter()))
