"""groupkit promises no I/O: this test reads its own source and fails on any."""

from __future__ import annotations

import ast
from pathlib import Path

import groupkit

SOURCE = Path(groupkit.__file__).parent
BANNED_CALLS = {"open", "input", "exec", "eval", "compile", "__import__", "breakpoint"}
BANNED_MODULES = {"socket", "subprocess", "requests", "urllib", "http", "httpx", "aiohttp", "shutil",
                  "tempfile", "sqlite3", "pickle", "shelve", "multiprocessing", "threading", "asyncio",
                  "logging", "io", "pathlib", "glob"}
BANNED_ATTRIBUTE_CALLS = {("datetime", "now"), ("datetime", "utcnow"), ("datetime", "today"),
                          ("date", "today"), ("time", "time"), ("time", "monotonic"),
                          ("time", "perf_counter"), ("time", "sleep"), ("time", "time_ns"),
                          ("os", "getenv"), ("os", "system"), ("os", "popen"), ("os", "urandom")}
BANNED_ATTRIBUTES = {("os", "environ"), ("sys", "stdout"), ("sys", "stderr"), ("sys", "stdin")}
MODULE_RANDOM = {"random", "randint", "choice", "choices", "shuffle", "seed", "sample", "uniform",
                 "randrange", "gauss", "paretovariate", "getrandbits"}


def findings(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    main = path.name == "__main__.py"
    found = []
    for node in ast.walk(tree):
        where = f"{path.name}:{getattr(node, 'lineno', '?')}"
        if isinstance(node, ast.Import | ast.ImportFrom):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else [node.module or ""]
            found += [f"{where} imports {n}" for n in names if n.split(".")[0] in BANNED_MODULES]
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
            # `__main__`, the command line, is the one module that may print and read or write files
            if (node.func.id in BANNED_CALLS and not (main and node.func.id == "open")) or (
                    node.func.id == "print" and not main):
                found.append(f"{where} calls {node.func.id}()")
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            owner = node.func.value
            name = owner.id if isinstance(owner, ast.Name) else getattr(owner, "attr", None)
            if (name, node.func.attr) in BANNED_ATTRIBUTE_CALLS:
                found.append(f"{where} calls {name}.{node.func.attr}()")
            if name == "random" and node.func.attr in MODULE_RANDOM:
                found.append(f"{where} uses the global random state: random.{node.func.attr}()")
        elif (isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name)
              and (node.value.id, node.attr) in BANNED_ATTRIBUTES and not main):
                found.append(f"{where} uses {node.value.id}.{node.attr}")
    return found


def test_no_io_in_the_library() -> None:
    files = sorted(SOURCE.rglob("*.py"))
    assert len(files) > 5
    problems = [problem for path in files for problem in findings(path)]
    assert problems == []


def test_the_scanner_catches_io(tmp_path: Path) -> None:
    sample = tmp_path / "sample.py"
    sample.write_text(
        "import socket\nimport os, random\nfrom datetime import datetime\n"
        "x = os.environ['HOME']\nprint(datetime.now())\nopen('f')\nrandom.random()\n"
    )
    assert len(findings(sample)) == 6
