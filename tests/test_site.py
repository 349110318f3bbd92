"""The documentation site in a real browser: built with `mkdocs build --strict`, served on
localhost, and driven through headless Chromium (Debian's `chromium`) by Playwright.

- every page, in both languages, loads with no console error, no failed request, no broken internal
  link and no broken image;
- every Mermaid diagram is drawn as an SVG;
- the language switch of every page leads to the same page in the other language;
- search finds the points pages for "积分" (Chinese) and for "points" (English);
- screenshots of the landing page and the playbook page in both languages are saved under
  `build/screenshots/` (not committed).

These tests need Chromium, which `.ci/run` installs (`apt-get install chromium`); they carry the
`browser` mark and run with `python -m pytest -m browser`. Set CHROMIUM to use another binary.
"""

from __future__ import annotations

import functools
import http.server
import os
import re
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parent.parent
SCREENSHOTS = ROOT / "build" / "screenshots"
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
# As the machine's own probe starts it: no sandbox as root, and no calls home on a closed network.
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync"]
OPEN_SHADOW_ROOTS = """
const attach = Element.prototype.attachShadow;
Element.prototype.attachShadow = function (init) { return attach.call(this, {...init, mode: "open"}); };
"""  # Material draws each diagram into a closed shadow root; opened here so the test can find the SVG


SEARCH_READY = """() => {
    const meta = document.querySelector(".md-search-result__meta");
    const config = JSON.parse(document.getElementById("__config").textContent);
    return meta !== null && meta.textContent.trim() === config.translations["search.result.placeholder"];
}"""  # Material shows "Initializing search" until its worker has built the index, then the placeholder


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("site")
    built = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(folder)],
                           cwd=ROOT, capture_output=True, text=True, check=False)
    assert built.returncode == 0, built.stderr[-3000:]
    return folder


@pytest.fixture(scope="module")
def server(site: Path) -> Iterator[str]:
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(site)))
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    httpd.shutdown()


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    assert Path(CHROMIUM).exists(), f"{CHROMIUM} not found: install Debian's chromium (see .ci/run) or set CHROMIUM"
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        yield chromium
        chromium.close()


def pages(site: Path) -> list[str]:
    """Every page of the site, as a path from its root ("", "zh/concepts/facts/" …)."""
    found = [path.parent.relative_to(site).as_posix() for path in site.rglob("index.html")]
    return sorted("" if path == "." else f"{path}/" for path in found)


def target(site: Path, url: str) -> Path:
    path = urlsplit(url).path.lstrip("/")
    file = site / path
    return file / "index.html" if path == "" or path.endswith("/") or file.is_dir() else file


def test_the_site_has_both_languages(site: Path) -> None:
    """Every page is built in both languages, and the Chinese one is written in Chinese."""
    every = pages(site)
    english = [page for page in every if not page.startswith("zh/")]
    chinese = [page for page in every if page.startswith("zh/")]
    assert len(english) > 40
    assert sorted(page.removeprefix("zh/") for page in chinese) == english
    for page in chinese:
        html = (site / page / "index.html").read_text(encoding="utf-8")
        assert '<html lang="zh"' in html, page
        article = html[html.index('<article'):html.index('</article>')]
        assert len(re.findall(r"[\u4e00-\u9fff]", re.sub(r"<pre.*?</pre>", "", article, flags=re.S))) >= 20, page


def test_every_page_loads_cleanly_with_working_links_images_and_diagrams(site: Path, server: str, browser: object) -> None:
    context = browser.new_context()  # type: ignore[attr-defined]
    context.add_init_script(OPEN_SHADOW_ROOTS)
    page = context.new_page()
    problems: list[str] = []
    errors: list[str] = []  # of the page being checked
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("response", lambda response: errors.append(f"{response.status} {response.url}")
            if response.status >= 400 else None)
    diagrams = 0
    for path in pages(site):
        errors.clear()
        page.goto(server + path, wait_until="networkidle")
        expected = page.locator(".mermaid").count()
        if expected:
            page.wait_for_function(
                "n => [...document.querySelectorAll('div.mermaid')]"
                ".filter(d => d.shadowRoot && d.shadowRoot.querySelector('svg')).length >= n",
                arg=expected, timeout=20000)
            diagrams += expected
        links = page.eval_on_selector_all("a[href]", "links => links.map(a => a.href)")
        images = page.eval_on_selector_all("img", "images => images.map(i => [i.src, i.complete && i.naturalWidth > 0])")
        for link in links:
            if link.startswith(server) and not target(site, link).exists():
                problems.append(f"{path}: broken link {link}")
        for src, loaded in images:
            if not loaded:
                problems.append(f"{path}: image not shown {src}")
        problems += [f"{path}: {error}" for error in errors]
    context.close()
    assert problems == [], sorted({p.split(": ", 1)[1].split(" http")[0] + " " + p.rsplit("/", 2)[-2] for p in problems})[:40]
    assert diagrams > 10


def test_the_language_switch_leads_to_the_same_page(site: Path, server: str, browser: object) -> None:
    page = browser.new_page()  # type: ignore[attr-defined]
    for path in pages(site):
        page.goto(server + path)
        other = page.eval_on_selector_all("a[hreflang]", "links => links.map(a => [a.hreflang, a.href])")
        switch = dict(other)
        english = path.removeprefix("zh/")
        assert urljoin(server, switch["en"]) == server + english, path
        assert urljoin(server, switch["zh"]) == server + "zh/" + english, path
    page.close()


@pytest.mark.parametrize(("start", "query"), [("zh/", "积分"), ("", "points")])
def test_search_finds_the_points_pages(server: str, browser: object, start: str, query: str) -> None:
    page = browser.new_page(viewport={"width": 1280, "height": 900})  # type: ignore[attr-defined]
    page.goto(server + start, wait_until="networkidle")
    page.wait_for_function(SEARCH_READY, timeout=120_000)  # the index is loaded: typing now is answered
    page.locator("input.md-search__input").fill(query)
    page.wait_for_selector(".md-search-result__link", timeout=60_000)
    found = page.eval_on_selector_all(".md-search-result__link", "links => links.map(a => a.href)")
    points = server + start + "how-to/run-a-points-program/"  # the points page in the searcher's language
    assert any(url.split("?")[0].split("#")[0] == points for url in found), found
    page.close()


def test_screenshots_of_the_landing_and_playbook_pages(server: str, browser: object) -> None:
    shutil.rmtree(SCREENSHOTS, ignore_errors=True)
    SCREENSHOTS.mkdir(parents=True)
    context = browser.new_context(viewport={"width": 1280, "height": 900})  # type: ignore[attr-defined]
    context.add_init_script(OPEN_SHADOW_ROOTS)
    page = context.new_page()
    for language in ("", "zh/"):
        for name, path in (("landing", ""), ("playbook", "concepts/chat-group-playbook/")):
            page.goto(server + language + path, wait_until="networkidle")
            file = SCREENSHOTS / f"{name}-{language.rstrip('/') or 'en'}.png"
            page.screenshot(path=str(file), full_page=True)
            assert file.stat().st_size > 20_000
    context.close()
