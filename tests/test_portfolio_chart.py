"""The portfolio chart drawn into the docs at build time (docs/_ext/portfolio_chart.py)."""

from __future__ import annotations

import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

import groupkit as gk
from groupkit.portfolio import Attention

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "docs" / "_ext"))

import portfolio_chart  # noqa: E402  (a docs hook, not a package)

SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture(scope="module")
def ranking() -> tuple[Attention, ...]:
    groups = [gk.synthetic.community(seed=seed, members=40) for seed in (1, 2, 3, 4)]
    return gk.portfolio.review_all(gk.presets.wechat_group(), groups, now=gk.synthetic.DEFAULT_NOW).ranking


def test_a_bar_per_community_in_ranking_order_as_long_as_its_score(ranking: tuple[Attention, ...]) -> None:
    root = ET.fromstring(portfolio_chart.chart(ranking, title="four groups"))
    assert root.tag == f"{SVG}svg" and root.findtext(f"{SVG}title") == "four groups"
    bars = root.findall(f"{SVG}rect")
    assert [bar.findtext(f"{SVG}title", "").split(":")[0] for bar in bars] == [a.community_id for a in ranking]
    lengths = [float(bar.get("width", "nan")) for bar in bars]
    assert lengths == sorted(lengths, reverse=True)  # the ranking is by score, most urgent first
    top = max(a.score for a in ranking)
    for bar, attention in zip(bars, ranking, strict=True):
        assert float(bar.get("width", "nan")) == pytest.approx(
            (portfolio_chart.WIDTH - portfolio_chart.LEFT - portfolio_chart.RIGHT) * attention.score / top, abs=0.1)


def test_the_tooltips_give_the_reasons_in_the_page_language(ranking: tuple[Attention, ...]) -> None:
    chinese = ET.fromstring(portfolio_chart.chart(ranking, title="四个群", lang="zh"))
    tips = [bar.findtext(f"{SVG}title", "") for bar in chinese.findall(f"{SVG}rect")]
    for tip, attention in zip(tips, ranking, strict=True):
        for reason in attention.reasons:
            assert reason.render("zh") in tip
    assert "关注分（越高越先看）" in [text.text for text in chinese.iter(f"{SVG}text")]
    with pytest.raises(ValueError, match="at least one community"):
        portfolio_chart.chart((), title="none")


def test_the_hook_replaces_the_marker_on_the_cookbook_page() -> None:
    page = f"# Many groups\n\n{portfolio_chart.MARKER}\n\nMore.\n"
    drawn = portfolio_chart.on_page_markdown(page, page=None, config=None, files=None)
    figure = drawn.split("\n\n")[1]
    assert "\n" not in figure and figure.count("<svg") == 1
    ET.fromstring(figure)
    assert portfolio_chart.on_page_markdown("# None\n") == "# None\n"
    for name in ("many-groups.md", "many-groups.zh.md"):
        assert portfolio_chart.MARKER in (ROOT / "docs" / "cookbook" / name).read_text(encoding="utf-8").splitlines()
