"""An mkdocs hook for the docs build: drop the per-page ``<link rel="alternate" hreflang>`` tags from
each page's head.

mkdocs-static-i18n points them at the same page in the other language, which is right for the
header's language switch (kept: those are ``<a hreflang>`` links). But Material also reads the head's
alternates as language roots and fetches ``sitemap.xml`` beside each one to map pages between
languages: with page links, every page asked for two sitemaps that do not exist (404s in the
browser's console). The language switch does not need them, since its links already lead to the
same page.
"""

from __future__ import annotations

import re
from typing import Any

HEAD_ALTERNATE = re.compile(r'<link rel="alternate" href="[^"]*" hreflang="[^"]*">\s*')


def on_post_page(output: str, page: Any, config: Any) -> str:
    head, separator, body = output.partition("</head>")
    return HEAD_ALTERNATE.sub("", head) + separator + body
