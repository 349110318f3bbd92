"""An mkdocs hook for the docs build: show the review that a page's example produces.

A page that holds the marker line ``<!-- review-of-the-example -->`` gets, in its place, the text of
the review that the page's first ```python block computes (a variable named ``review``): its first
five actions with their reasons, as the table `gk.report.as_markdown` writes, in the page's language. The block is run at build
time, so what the landing page shows is what its code gives; the test suite runs the same block.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import Any

try:
    import groupkit as gk
except ImportError:  # building from a checkout without groupkit installed
    sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "src"))
    import groupkit as gk

MARKER = "<!-- review-of-the-example -->"
FIRST_PYTHON_BLOCK = re.compile(r"^```python[^\n]*\n(.*?)^```", re.MULTILINE | re.DOTALL)


def review_text(markdown: str, lang: str) -> str:
    """The review computed by the first python block of `markdown`: a line of counts and a Markdown
    table of its first five actions, in `lang`."""
    block = FIRST_PYTHON_BLOCK.search(markdown)
    if block is None:
        raise ValueError(f"{MARKER} needs a ```python block before it that computes `review`")
    namespace: dict[str, Any] = {"__name__": "landing"}
    exec(compile(block.group(1), "landing page example", "exec"), namespace)
    review = namespace.get("review")
    if not isinstance(review, gk.Review):
        raise ValueError(f"{MARKER}: the first python block must set `review` to a gk.Review")
    page = gk.report.as_markdown(review, "zh" if lang == "zh" else "en", top=5).splitlines()
    counts, start = page[2], next(i for i, line in enumerate(page) if line.startswith("| #"))
    table = page[start : page.index("", start)]
    return "\n".join([counts, "", *table])


def on_page_markdown(markdown: str, *, page: Any = None, config: Any = None, files: Any = None) -> str:
    if MARKER not in markdown:
        return markdown
    lang = "zh" if page is not None and str(page.url).startswith("zh/") else "en"
    return markdown.replace(MARKER, review_text(markdown, lang))
