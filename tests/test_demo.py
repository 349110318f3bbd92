"""The demo: runs, prints the playbook's portfolio and actions, who matches and why, the same every time."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest

import groupkit as gk
from groupkit.__main__ import GROUPS, demo, main


def run(*args: str) -> str:
    return subprocess.run([sys.executable, "-m", "groupkit", *args], capture_output=True, text=True, check=True).stdout


def test_demo_runs_as_a_module_and_is_deterministic() -> None:
    runs = [run() for _ in range(2)]
    assert runs[0] == runs[1] == demo() + "\n"
    assert "150 members" in runs[0]
    assert "Regulars to thank:" in runs[0] and "✓" in runs[0]
    assert "Tiers (chat-group playbook):" in runs[0] and "promoted (None → active): points balance = " in runs[0]
    assert "Points, highest balances:" in runs[0] and "earns 'sharer_of_the_week'" in runs[0]
    assert "ann: request [send a red packet]" in runs[0] and "tick: dan: remove [send a red packet]" in runs[0]


def test_demo_ranks_the_portfolio_and_lists_the_first_groups_actions_with_reasons() -> None:
    report = demo()
    ranking = report.split("Which group needs attention first:\n", 1)[1].split("\n\n", 1)[0]
    places = [line.split()[1] for line in ranking.splitlines() if line.lstrip()[0].isdigit()]
    assert sorted(places) == sorted(name for name, *_ in GROUPS)
    scores = [float(line.split()[2]) for line in ranking.splitlines() if line.lstrip()[0].isdigit()]
    assert scores == sorted(scores, reverse=True)
    assert "- health flag" in ranking and "places taken" in ranking
    today = report.split(f"Today in {GROUPS[0][0]}: ", 1)[1].split("\n\n", 1)[0]
    actions = [line for line in today.splitlines() if line.startswith("  ") and line.lstrip()[0].isdigit()]
    assert len(actions) == 8 and all(": play '" in line and "✓" in line for line in actions)


def test_demo_speaks_chinese_with_lang_zh() -> None:
    report = run("--lang", "zh")
    assert report == demo(lang="zh") + "\n"
    assert "最需要关注的群：" in report and "健康警示「" in report
    assert "打法「" in report and "：" in report and "今天在 readers-club" in report
    assert "Which group needs attention first" not in report
    # every word is Chinese but the data's own: ids, nicknames, the chat's text, the preset's call
    data = {"ann", "bo", "cy", "dan", "UTC", "wechat_group", "presets", "groupkit", "synthetic", "voice",
            "red_packet", "https", "example", "com", "vx", "abc", "gk", "KOC", "Sharer", "of", "the", "week"}
    data |= {part for group in GROUPS for part in group[0].split("-")}
    data |= {member.nickname.rstrip("0123456789") for member in gk.synthetic.community(seed=2026).members if member.nickname}
    english = set(re.findall(r"(?<![\w-])[A-Za-z][A-Za-z_]+", report)) - data
    assert not english, english


@pytest.mark.parametrize("args", [["--frobnicate"], ["--lang", "fr"], ["extra"]])
def test_demo_rejects_unknown_arguments(args: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    assert main(args) == 2
    assert "usage: python -m groupkit" in capsys.readouterr().err
