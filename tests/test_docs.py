"""The documentation's examples run: every ```python block of every page in docs/.

The blocks of one page run in order in one shared namespace, so a page can build on its earlier
blocks. A block is any fence whose info string starts with ``python`` (``python title="..."``
counts too), also when it is indented inside an admonition or a content tab. ```json blocks must
at least be valid JSON.
"""

from __future__ import annotations

import importlib
import json
import re
import textwrap
from pathlib import Path

import pytest

from tests.examples import EXAMPLES  # noqa: F401  (the pages import the example hosts)

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
PAGES = sorted(DOCS.rglob("*.md"))

_FENCE = re.compile(r"^(?P<indent>[ \t]*)(?P<fence>`{3,}|~{3,})[ \t]*(?P<info>[^`\n]*)$")
_REFERENCE = re.compile(r"^:::[ \t]+(?P<target>[\w.]+)", re.MULTILINE)
_SNIPPET = re.compile(r'^--8<-- "(?P<path>[^":]+)(?::(?P<section>[\w-]+))?"$')
_MARKER = re.compile(r"^[ \t]*# --8<-- \[(?P<end>start|end):(?P<name>[\w-]+)\]$")


def fenced_blocks(text: str) -> list[tuple[int, str, str]]:
    """The fenced code blocks of a markdown page: (line of the opening fence, language, dedented code)."""
    blocks: list[tuple[int, str, str]] = []
    lines = text.splitlines()
    i = 0
    while i < len(lines):
        opening = _FENCE.match(lines[i])
        if opening is None:
            i += 1
            continue
        indent, fence = opening["indent"], opening["fence"]
        language = opening["info"].strip().split(" ", 1)[0].split("{", 1)[0]
        start = i
        body: list[str] = []
        i += 1
        while i < len(lines):
            closing = _FENCE.match(lines[i])
            if (
                closing is not None
                and closing["fence"][0] == fence[0]
                and len(closing["fence"]) >= len(fence)
                and not closing["info"].strip()
            ):
                break
            line = lines[i]
            body.append(line[len(indent) :] if line.startswith(indent) else line.lstrip())
            i += 1
        else:
            raise AssertionError(f"line {start + 1}: the code fence is never closed")
        i += 1
        blocks.append((start + 1, language, "\n".join(body) + "\n"))
    return blocks


def included(path: str, section: str | None) -> str:
    """What `--8<-- "path:section"` includes, as pymdownx.snippets does: the file (or the section
    between its start and end markers, dedented), without the marker lines."""
    lines = (ROOT / path).read_text(encoding="utf-8").splitlines()
    if section is not None:
        starts = [i for i, line in enumerate(lines) if (m := _MARKER.match(line)) and m["name"] == section]
        assert len(starts) == 2, f"{path}: section {section!r} is not marked once"
        lines = lines[starts[0] + 1 : starts[1]]
    code = textwrap.dedent("\n".join(line for line in lines if not _MARKER.match(line)))
    assert code.strip(), f"{path}:{section}: nothing to include"
    return code + "\n"


def expand(code: str) -> str:
    """A block's code with its snippet lines replaced by what they include."""
    return "".join(included(m["path"], m["section"]) if (m := _SNIPPET.match(line)) else line + "\n"
                   for line in code.splitlines())


def python_blocks(text: str) -> list[tuple[int, str]]:
    """The python blocks of a markdown page: (line of the opening fence, dedented code, with snippets
    included)."""
    return [(line, expand(code)) for line, language, code in fenced_blocks(text) if language == "python"]


def _name(page: Path) -> str:
    return page.relative_to(DOCS).as_posix()


def test_every_page_has_a_chinese_twin() -> None:
    """The site is bilingual: each page.md has its page.zh.md (and no Chinese page lacks its English one)."""
    english = {page.relative_to(DOCS).as_posix().removesuffix(".md") for page in PAGES if not page.name.endswith(".zh.md")}
    chinese = {page.relative_to(DOCS).as_posix().removesuffix(".zh.md") for page in PAGES if page.name.endswith(".zh.md")}
    assert english == chinese, (sorted(english - chinese), sorted(chinese - english))


def test_the_docs_have_examples() -> None:
    """Guard against a parser that silently finds nothing: most pages must have examples."""
    with_examples = [page for page in PAGES if python_blocks(page.read_text(encoding="utf-8"))]
    assert len(with_examples) >= 7, [_name(page) for page in with_examples]


@pytest.mark.parametrize("page", PAGES, ids=_name)
def test_examples_run(page: Path) -> None:
    namespace: dict[str, object] = {"__name__": f"docs.{page.stem}"}
    for line, code in python_blocks(page.read_text(encoding="utf-8")):
        compiled = compile(code, f"{_name(page)}, block at line {line}", "exec")
        exec(compiled, namespace)


@pytest.mark.parametrize("page", PAGES, ids=_name)
def test_json_blocks_parse(page: Path) -> None:
    for line, language, code in fenced_blocks(page.read_text(encoding="utf-8")):
        if language == "json":
            try:
                json.loads(code)
            except ValueError as error:
                raise AssertionError(f"{_name(page)}, block at line {line}: {error}") from None


@pytest.mark.parametrize("page", PAGES, ids=_name)
def test_excerpts_are_included_not_copied(page: Path) -> None:
    """A ```py block shows an excerpt of a file under examples/ that the tests run: it may hold only
    `--8<--` lines, each naming a file and a marked section that exist."""
    for line, language, code in fenced_blocks(page.read_text(encoding="utf-8")):
        if language == "py":
            for text in code.splitlines():
                found = _SNIPPET.match(text)
                assert found, f"{_name(page)}, block at line {line}: a ```py block only includes code: {text!r}"
                included(found["path"], found["section"])


@pytest.mark.parametrize("page", sorted(DOCS.glob("reference/*.md")), ids=_name)
def test_reference_targets_import(page: Path) -> None:
    """Each `::: module` on a reference page names a module that exists."""
    targets = _REFERENCE.findall(page.read_text(encoding="utf-8"))
    for target in targets:
        importlib.import_module(target)


def test_fences_are_found_in_admonitions_and_tabs() -> None:
    page = """
Text.

```python title="first"
x = 1
```

!!! note
    ```python
    y = x + 1
    ```

=== "Tab"

    ````python
    z = "```"
    ````

```text
not python
```
"""
    blocks = python_blocks(page)
    assert [line for line, _ in blocks] == [4, 9, 15]
    assert [code for _, code in blocks] == ["x = 1\n", "y = x + 1\n", 'z = "```"\n']


_DIAGRAM = re.compile(r'to_mermaid\((?:"(?:en|zh)"|lang="(?:en|zh)")?\) == """\\?\n(?P<text>.*?)"""', re.DOTALL)


@pytest.mark.parametrize("page", [page for page in PAGES if "to_mermaid(" in page.read_text(encoding="utf-8")],
                         ids=_name)
def test_drawn_ladders_are_the_ones_asserted(page: Path) -> None:
    """A page that asserts what `to_mermaid()` gives shows that text as a diagram, so the picture
    is the library's output (the assertion itself runs in `test_examples_run`)."""
    blocks = fenced_blocks(page.read_text(encoding="utf-8"))
    drawn = [code for _, language, code in blocks if language == "mermaid"]
    asserted = [m["text"] + "\n" for _, language, code in blocks if language == "python"
                for m in _DIAGRAM.finditer(code)]
    assert asserted, f"{_name(page)}: calls to_mermaid() but asserts no diagram"
    for text in asserted:
        assert text in drawn, f"{_name(page)}: the asserted diagram is not shown as a ```mermaid block"
