"""The command line: check, schema, review and screen on good and bad files; exit statuses; no tracebacks."""

from __future__ import annotations

import json
import os
import pty
import re
import subprocess
import sys
from datetime import datetime, timedelta
from pathlib import Path

import pytest

import groupkit as gk
from groupkit.__main__ import SCHEMAS, main

NOW = "2026-11-01T20:00+08:00"


@pytest.fixture
def files(tmp_path: Path) -> dict[str, Path]:
    paths = {name: tmp_path / name for name in ("policy.json", "community.json", "events.jsonl", "state.json")}
    paths["policy.json"].write_text(json.dumps(gk.to_data(gk.presets.wechat_group()), ensure_ascii=False), "utf-8")
    paths["community.json"].write_text(json.dumps(gk.to_data(gk.synthetic.community(seed=4, members=80))), "utf-8")
    at = gk.synthetic.DEFAULT_NOW
    events = [gk.Event("bo", "message", at, text="大家好"), gk.Event("bo", "message", at, text="加我 vx: abc12345"),
              gk.Event("cy", "voice", at)]
    paths["events.jsonl"].write_text("".join(json.dumps(gk.to_data(e), ensure_ascii=False) + "\n" for e in events),
                                     "utf-8")
    return paths


def run(*args: object) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "groupkit", *map(str, args)], capture_output=True, text=True,
                          check=False)


def test_check_passes_a_sound_policy_and_fails_on_an_error(files: dict[str, Path], tmp_path: Path,
                                                          capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", str(files["policy.json"])]) == 0
    assert capsys.readouterr().out == f"{files['policy.json']}: no problems\n"
    broken = gk.to_data(gk.Policy(plays=[gk.Play("never", "thank", gk.metrics.count("answer") < 0)]))
    path = tmp_path / "broken.json"
    path.write_text(json.dumps(broken), "utf-8")
    assert main(["check", str(path)]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert lines and all(line.startswith(f"{path}: ") for line in lines)
    assert any(": error: plays[0].when: " in line for line in lines)
    assert main(["check", "--lang", "zh", str(path)]) == 1
    assert capsys.readouterr().out == (f"{path}：错误：plays[0].when：打法「never」永远不会触发："
                                       "累计回答数须 < 0，但它不会小于0\n")
    assert main(["check", "--lang", "zh", str(files["policy.json"])]) == 0
    assert capsys.readouterr().out == f"{files['policy.json']}：没有问题\n"
    assert main(["--lang", "zh", "check", str(files["policy.json"])]) == 0  # before the command too
    assert capsys.readouterr().out == f"{files['policy.json']}：没有问题\n"


def test_schema_prints_the_json_schema_of_each_known_name(capsys: pytest.CaptureFixture[str]) -> None:
    for name in SCHEMAS:
        assert main(["schema", name]) == 0
        assert json.loads(capsys.readouterr().out) == gk.json_schema(getattr(gk, name))
    assert main(["schema", "Nope"]) == 2
    assert "invalid choice: 'Nope'" in capsys.readouterr().err


def test_review_prints_the_ranked_actions_in_each_format(files: dict[str, Path],
                                                         capsys: pytest.CaptureFixture[str]) -> None:
    expected = gk.presets.wechat_group().review(gk.synthetic.community(seed=4, members=80),
                                                now=datetime.fromisoformat(NOW))
    common = ["review", "--policy", str(files["policy.json"]), "--community", str(files["community.json"]), "--now", NOW]
    assert main([*common, "--format", "json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert [(a["kind"], a["target"]) for a in report["actions"]] == [(a.kind, a.target) for a in expected.actions]
    assert report["actions"][0]["reasons"] == [r.render("en") for r in expected.actions[0].reasons]
    assert len(report["deferred"]) == len(expected.deferred) and len(report["dropped"]) == len(expected.dropped)
    assert report["health"]["members"] == expected.health.members
    assert main(common) == 0
    text = capsys.readouterr().out
    assert text.splitlines()[0] == f"Review of synthetic-4 at {expected.now.isoformat()}"
    assert f"  1. {expected.actions[0].render('en')}" in text and "Segments: " in text and "Health: " in text
    assert main([*common, "--lang", "zh", "--format", "markdown"]) == 0
    markdown = capsys.readouterr().out
    assert markdown.startswith("# synthetic-4 的复盘") and "| # | 行动 | 对象 | 理由 |" in markdown
    assert "打法「" in markdown and "## 健康度" in markdown


def test_screen_decides_each_event_and_keeps_the_state(files: dict[str, Path],
                                                       capsys: pytest.CaptureFixture[str]) -> None:
    args = ["screen", "--policy", str(files["policy.json"]), "--events", str(files["events.jsonl"]),
            "--state", str(files["state.json"])]
    assert main(args) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 3 and "bo: allow" in lines[0] and "warn [contact swapping]" in lines[1]
    assert "cy: warn [media]" in lines[2]
    state = gk.from_data(json.loads(files["state.json"].read_text("utf-8")), gk.ScreenState)
    rules = gk.presets.wechat_group_rules()
    serial = gk.ScreenState.empty()
    for line in files["events.jsonl"].read_text("utf-8").splitlines():
        serial = rules.screen(serial, gk.from_data(json.loads(line), gk.Event)).state
    assert state == serial
    assert main(args) == 0  # the second run starts from the stored state: the strikes add up
    assert "bo: " in capsys.readouterr().out


@pytest.mark.parametrize("problem", ["missing", "not json", "naive datetime", "unknown rule type", "bad event line"])
def test_bad_files_get_a_clear_message_exit_2_and_no_traceback(problem: str, files: dict[str, Path],
                                                               tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    args: list[object] = ["review", "--policy", files["policy.json"], "--community", bad, "--now", NOW]
    if problem == "not json":
        bad.write_text('{"id": "c1", ', "utf-8")
        expected = f"{bad}: not valid JSON: "
    elif problem == "naive datetime":
        data = json.loads(files["community.json"].read_text("utf-8"))
        data["members"][0]["joined_at"] = "2026-10-01T10:00:00"
        bad.write_text(json.dumps(data), "utf-8")
        expected = f"{bad}: $.members[0].joined_at"
    elif problem == "unknown rule type":
        bad.write_text(json.dumps({"plays": [{"name": "x", "action": "thank", "when": {"type": "frobnicate"}}]}),
                       "utf-8")
        args = ["check", bad]
        expected = f"{bad}: $.plays[0].when: unknown"
    elif problem == "bad event line":
        bad.write_text(files["events.jsonl"].read_text("utf-8") + '{"member_id": "dan", "kind": "message"}\n', "utf-8")
        args = ["screen", "--policy", files["policy.json"], "--events", bad]
        expected = f"{bad}:4: $.at: required field missing"
    else:
        expected = f"{bad}: cannot read the file: "
    result = run(*args)
    assert result.returncode == 2
    assert result.stderr.startswith(f"groupkit: {expected}"), result.stderr
    assert "Traceback" not in result.stderr and result.stdout == ""


def test_a_naive_now_is_refused(files: dict[str, Path]) -> None:
    result = run("review", "--policy", files["policy.json"], "--community", files["community.json"],
                 "--now", "2026-11-01T20:00")
    assert result.returncode == 2 and "--now: '2026-11-01T20:00' has no UTC offset" in result.stderr
    assert "Traceback" not in result.stderr


def test_bad_input_is_explained_in_chinese_with_lang_zh(files: dict[str, Path], tmp_path: Path) -> None:
    review = ["review", "--lang", "zh", "--policy", files["policy.json"], "--community", files["community.json"]]
    result = run(*review, "--now", "2026-11-01T20:00")
    assert (result.returncode, result.stderr) == (2, "groupkit: --now：'2026-11-01T20:00' 没有时区；"
                                                     "请加上，比如 +08:00（北京时间）或 Z（UTC）\n")
    bad = tmp_path / "bad.json"
    bad.write_text('{"id": "c1", ', "utf-8")
    result = run("--lang", "zh", "check", bad)
    assert result.returncode == 2 and result.stderr.startswith(f"groupkit: {bad}：不是有效的 JSON：第 1 行第 14 列：")
    bad.write_text(json.dumps({"plays": [{"name": "x", "action": "thank", "when": {"type": "frobnicate"}}]}), "utf-8")
    result = run("check", "--lang", "zh", bad)
    lines = result.stderr.splitlines()
    assert result.returncode == 2 and lines[0] == f"groupkit: {bad}：数据有 1 处问题（说明为英文）："
    assert lines[1].startswith(f"{bad}: $.plays[0].when: unknown predicate type 'frobnicate'")
    result = run("--lang", "zh", "check", tmp_path / "missing.json")
    assert result.returncode == 2 and "missing.json：无法读取文件：" in result.stderr and "Traceback" not in result.stderr


def in_a_terminal(*args: str) -> bytes:
    """What `python *args` writes when its stdout and stderr are a (pseudo-)terminal."""
    pid, terminal = pty.fork()
    if pid == 0:  # the child: its stdout and stderr are the terminal
        os.execv(sys.executable, [sys.executable, *args])
    output = b""
    while True:
        try:
            chunk = os.read(terminal, 4096)
        except OSError:  # the child has exited
            break
        if not chunk:
            break
        output += chunk
    os.waitpid(pid, 0)
    return output


def test_a_review_in_a_terminal_is_a_table(files: dict[str, Path]) -> None:
    common = ["-m", "groupkit", "review", "--policy", str(files["policy.json"]), "--community",
              str(files["community.json"]), "--now", NOW]
    shown = re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", in_a_terminal(*common, "--lang", "zh").decode())  # no colours
    expected = gk.presets.wechat_group().review(gk.synthetic.community(seed=4, members=80),
                                                now=datetime.fromisoformat(NOW))
    assert "┃ #" in shown and "行动" in shown and "│ 1 " in shown  # rich's table, with a row per action
    assert shown.count("\n") > len(expected.actions)
    assert "分层：" in shown and "健康度：" in shown
    piped = run(*common[2:], "--lang", "zh").stdout
    assert "│" not in piped and piped.splitlines()[3].startswith("  1. ")  # not a terminal: plain text


def test_the_spinner_shows_in_a_terminal_only_after_a_second() -> None:
    """In a pseudo-terminal: nothing on stderr during the first second of work, the spinner after it."""
    script = (
        "import os, time\n"
        "from groupkit.__main__ import _working\n"
        "with _working('reviewing big-group'):\n"
        "    time.sleep(0.5)\n"
        "    os.write(2, b'|half a second|')\n"
        "    time.sleep(2.5)\n"
    )
    before, after = in_a_terminal("-c", script).split(b"|half a second|")
    assert b"reviewing big-group" not in before
    assert b"reviewing big-group" in after


def test_screen_knows_the_senders_fires_deadlines_and_refuses_old_events(tmp_path: Path,
                                                                         capsys: pytest.CaptureFixture[str]) -> None:
    at = gk.synthetic.DEFAULT_NOW
    policy, community, events, state = (tmp_path / name for name in ("p.json", "c.json", "e.jsonl", "s.json"))
    policy.write_text(json.dumps(gk.to_data(gk.presets.wechat_group()), ensure_ascii=False), "utf-8")
    members = [gk.Member("owner", at - timedelta(days=1), gk.Role.OWNER, nickname="王-杭州-群主"),
               gk.Member("ann", at - timedelta(days=40), nickname="王芳-杭州-设计师")]
    community.write_text(json.dumps(gk.to_data(gk.Community("g", gk.Purpose.PRODUCT, gk.Stage.GROWTH, 500, members,
                                                            []))), "utf-8")
    stream = [gk.Event("owner", "message", at, text="看这里 https://example.com"),
              gk.Event("ann", "message", at + timedelta(seconds=1), text="新品上市，八折", data={"ad": True})]
    events.write_text("".join(json.dumps(gk.to_data(e), ensure_ascii=False) + "\n" for e in stream), "utf-8")
    args = ["screen", "--lang", "zh", "--policy", str(policy), "--events", str(events), "--state", str(state)]
    assert main([*args, "--community", str(community), "--now", (at + timedelta(minutes=5)).isoformat()]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].endswith("owner：放行")  # the owner may post links; without --community: a warning
    assert "ann：要求【发广告须发红包】" in lines[1] and "ann：移出【发广告须发红包】" in lines[2]
    assert len(lines) == 3
    assert main([*args]) == 2  # the same events again: older than the state's clock
    error = capsys.readouterr().err
    assert "第 1 条事件早于上次筛查的时间" in error and "上次筛查到 2026-11-01T12:05:00+00:00" in error
    assert not re.search(r"[A-Za-z]{3,}", error.split("：", 1)[1].replace("groupkit", ""))  # all Chinese
    state.unlink()
    assert main([*args]) == 0 and "owner：警告【链接】" in capsys.readouterr().out.splitlines()[0]
