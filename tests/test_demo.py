"""The demo: runs, prints who matches and why, and prints the same thing every time."""

from __future__ import annotations

import subprocess
import sys

from groupkit.__main__ import demo, main


def test_demo_runs_as_a_module_and_is_deterministic() -> None:
    runs = [
        subprocess.run([sys.executable, "-m", "groupkit"], capture_output=True, text=True, check=True).stdout
        for _ in range(2)
    ]
    assert runs[0] == runs[1] == demo() + "\n"
    assert "150 members" in runs[0]
    assert "Regulars to thank:" in runs[0] and "✓" in runs[0]
    assert "Tiers (chat-group playbook):" in runs[0] and "promoted (None → active): points balance = " in runs[0]
    assert "Points, highest balances:" in runs[0] and "earns 'sharer_of_the_week'" in runs[0]
    assert "ann: request [send a red packet]" in runs[0] and "tick: dan: remove [send a red packet]" in runs[0]


def test_demo_rejects_unknown_arguments(capsys: object) -> None:
    assert main(["--frobnicate"]) == 2
