"""examples/daily_review.py: every community of a SQLite store reviewed on a process pool, each
review written as Markdown and JSON equal to the serial review, and a bad community named, not lost."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import attrs

import groupkit as gk
from tests.examples import EXAMPLES

from store import Store  # isort: skip

NOW = gk.synthetic.DEFAULT_NOW


def test_every_community_is_reviewed_and_written(tmp_path: Path) -> None:
    path = str(tmp_path / "host.db")
    playbook, forum = gk.presets.wechat_group(), gk.presets.discourse_community()
    with Store(path) as store:
        for seed in range(1, 7):
            community = gk.synthetic.community(seed=seed, members=60)
            store.put_community(community)
            store.put_policy(community.id, playbook if seed <= 4 else forum)
        broken = gk.synthetic.community(seed=9, members=20)
        first = broken.members[0]
        store.put_community(attrs.evolve(broken, members=[attrs.evolve(first, tier="platinum"), *broken.members[1:]]))
        store.put_policy(broken.id, playbook)
        store.put_community(gk.synthetic.community(seed=10, members=20))  # facts but no policy: not reviewed
        expected = {cid: store.policy(cid)[0].review(store.community(cid), now=NOW)
                    for cid in store.community_ids() if cid not in ("synthetic-9", "synthetic-10")}

    out = tmp_path / "reviews"
    done = subprocess.run([sys.executable, str(EXAMPLES / "daily_review.py"), path, "--now", NOW.isoformat(),
                           "--out", str(out), "--workers", "2", "--lang", "zh"],
                          capture_output=True, text=True, timeout=600, check=False)
    assert done.returncode == 1, done.stderr
    assert done.stdout == f"6 communities reviewed into {out}\n"
    assert done.stderr.startswith("synthetic-9: not reviewed: ") and "platinum" in done.stderr
    assert "Traceback" not in done.stderr

    assert sorted(p.name for p in out.iterdir()) == sorted(
        ["index.md"] + [f"synthetic-{n}.{ext}" for n in range(1, 7) for ext in ("md", "json")])
    for cid, review in expected.items():
        assert (out / f"{cid}.md").read_text(encoding="utf-8") == gk.report.as_markdown(review, "zh") + "\n"
        assert json.loads((out / f"{cid}.json").read_text(encoding="utf-8")) == gk.report.as_data(review, "zh")
    index = (out / "index.md").read_text(encoding="utf-8").splitlines()
    assert index[0] == f"# 社群复盘（{NOW.isoformat()}）"
    assert len([line for line in index if line[:1].isdigit()]) == 6
    assert index[-1].startswith("- synthetic-9: 未能复盘: ")


def test_bad_arguments_are_refused(tmp_path: Path) -> None:
    script = str(EXAMPLES / "daily_review.py")
    naive = subprocess.run([sys.executable, script, str(tmp_path / "x.db"), "--now", "2026-11-20T20:00",
                            "--out", str(tmp_path)], capture_output=True, text=True, check=False)
    assert naive.returncode == 2 and "give the time zone" in naive.stderr
    missing = subprocess.run([sys.executable, script, str(tmp_path / "x.db"), "--now", NOW.isoformat(),
                              "--out", str(tmp_path)], capture_output=True, text=True, check=False)
    assert missing.returncode == 2 and "x.db: no such file" in missing.stderr
