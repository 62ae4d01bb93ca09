"""The static site, in a real browser, with the network cut off.

Every page of the table of contents is served on 127.0.0.1 and opened in
Debian's Chromium; any request to another host is aborted and counted. On
each page: no failed request, all math typeset, every image loaded and
described and captioned, no control that needs a kernel, every demo and
animation responds. Screenshots of every page (desktop and phone) are
saved under _build/screenshots/.
"""

import re
from pathlib import Path

import pytest
import yaml

from browser import CHROMIUM_ARGS, block_the_network, serve

ROOT = Path(__file__).resolve().parent.parent
SHOTS = ROOT / "_build" / "screenshots"
TOC = yaml.safe_load((ROOT / "_toc.yml").read_text())
PAGES = [TOC["root"]] + [c["file"] for c in TOC["chapters"]]
CHAPTERS = [p for p in PAGES if p.startswith("chapters/")
            and p != "chapters/notation"]
CONFIG = yaml.safe_load((ROOT / "_config.yml").read_text())

# Console messages that are known upstream noise, each with its reason.
KNOWN_CONSOLE_NOISE = [
    # pydata-sphinx-theme reads the colour mode from an empty localStorage
    # on a first visit and logs this before falling back to "auto".
    r"Got invalid theme mode: \. Resetting to auto\.",
    # sphinx-thebe declares THEBE_JS_URL on every page; with two of its
    # scripts on a page the second declaration is reported.
    r"Identifier 'THEBE_JS_URL' has already been declared",
    # Browsers ask for /favicon.ico; the site has none.
    r"Failed to load resource: the server responded with a status of 404 "
    r"\(File not found\)",
]
# A word from each chapter that the search page must find there.
SEARCH_WORDS = {
    "chapters/ch1_chain": "sigmoids",
    "chapters/ch2_single_layer": "minibatches",
    "chapters/ch3_two_layers": "Hadamard",
    "chapters/ch4_delta_recursion": "recursion",
}
RAW_TEX = re.compile(r"\\\(|\\\[|\$\$|\\frac|\\partial|\\sum")


@pytest.fixture(scope="module")
def browser(chromium):
    from playwright.sync_api import sync_playwright
    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture(scope="module")
def base_url(site):
    with serve(site) as url:
        yield url


class Visit:
    """One page, opened with the network blocked, and what happened."""

    def __init__(self, browser, url, viewport=None):
        self.blocked, self.failed, self.console = [], [], []
        self.context = browser.new_context(
            viewport=viewport or {"width": 1280, "height": 900})
        block_the_network(self.context, self.blocked)
        self.page = self.context.new_page()
        self.page.on("requestfailed", lambda r: self.failed.append(
            f"{r.url} ({r.failure})"))
        self.page.on("console", lambda m: self.console.append(m.text)
                     if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.console.append(str(e)))
        self.page.goto(url, wait_until="load")
        if self.page.locator("script[src*='mathjax']").count():
            # typesetting is done when MathJax's startup promise resolves
            self.page.wait_for_function(
                "() => window.MathJax && MathJax.startup && "
                "MathJax.startup.promise")
            self.page.evaluate(
                "() => MathJax.startup.promise.then(() => 1)")

    def close(self):
        self.context.close()


@pytest.fixture(scope="module")
def visits(browser, base_url):
    opened = {p: Visit(browser, f"{base_url}/{p}.html") for p in PAGES}
    yield opened
    for v in opened.values():
        v.close()


@pytest.mark.parametrize("page", PAGES)
def test_page_loads_offline(visits, page):
    v = visits[page]
    assert not v.blocked, f"{page}: requests to other hosts: {v.blocked}"
    failed = [f for f in v.failed if "/favicon.ico" not in f]
    assert not failed, f"{page}: failed requests: {failed}"
    noise = re.compile("|".join(KNOWN_CONSOLE_NOISE))
    errors = [e for e in v.console if not noise.search(e)]
    assert not errors, f"{page}: console errors: {errors}"


@pytest.mark.parametrize("page", PAGES)
def test_math_is_typeset(visits, page):
    p = visits[page].page
    assert p.locator("mjx-merror").count() == 0, f"{page}: MathJax errors"
    text = p.evaluate("""() => {
        const a = document.querySelector('article').cloneNode(true);
        a.querySelectorAll('pre, code, script, style, mjx-container, '
                           + '.cell_output').forEach(e => e.remove());
        return a.innerText; }""")
    raw = RAW_TEX.findall(text)
    assert not raw, f"{page}: raw TeX left on the page: {raw[:5]}"
    # the math in the package's tables (cell outputs) is typeset too
    tables = p.evaluate("""() => Array.from(
        document.querySelectorAll('.bp-table'), t => {
            const c = t.cloneNode(true);
            c.querySelectorAll('mjx-container').forEach(e => e.remove());
            return c.innerText; }).join('\\n')""")
    raw = RAW_TEX.findall(tables) + re.findall(r"\$[^$]+\$", tables)
    assert not raw, f"{page}: raw TeX left in a table: {raw[:5]}"


@pytest.mark.parametrize("page", PAGES)
def test_output_tables_and_equations_fit_the_column(visits, page):
    # a long printed line (an error message with its hint at the end)
    # wraps instead of hiding its end past the edge of the column
    wide = visits[page].page.evaluate("""() => Array.from(
        document.querySelectorAll('.cell_output pre'))
        .filter(e => e.scrollWidth > e.clientWidth + 1)
        .map(e => e.innerText.slice(0, 80))""")
    assert not wide, f"{page}: printed output wider than its box: {wide}"
    # and every table of numbers fits the column on a desktop screen
    # (on a phone it may scroll inside its own box)
    wide = visits[page].page.evaluate("""() => Array.from(
        document.querySelectorAll('.bp-table-scroll'))
        .filter(e => e.scrollWidth > e.clientWidth + 1)
        .map(e => e.innerText.slice(0, 40))""")
    assert not wide, f"{page}: table wider than the column: {wide}"
    # and every display equation fits the column on a desktop screen
    wide = visits[page].page.evaluate("""() => Array.from(
        document.querySelectorAll('article mjx-container[display=true]'))
        .filter(e => e.scrollWidth > e.clientWidth + 1)
        .map(e => e.textContent.slice(0, 60))""")
    assert not wide, f"{page}: display equation too wide: {wide}"


@pytest.mark.parametrize("page", PAGES)
def test_images_load_and_have_alt_text(visits, page):
    images = visits[page].page.evaluate("""() =>
        Array.from(document.querySelectorAll('article img')).map(i => ({
            src: i.src.slice(0, 60), ok: i.complete && i.naturalWidth > 0,
            alt: (i.getAttribute('alt') || '').trim()}))""")
    broken = [i["src"] for i in images if not i["ok"]]
    assert not broken, f"{page}: images that did not load: {broken}"
    no_alt = [i["src"] for i in images if not i["alt"]]
    assert not no_alt, f"{page}: images without alt text: {no_alt}"


@pytest.mark.parametrize("page", PAGES)
def test_every_figure_has_a_caption(visits, page):
    images = visits[page].page.evaluate("""() =>
        Array.from(document.querySelectorAll('article img')).map(i => {
            const f = i.closest('figure');
            const c = f && f.querySelector('figcaption');
            return {alt: (i.getAttribute('alt') || '').slice(0, 60),
                    caption: c ? c.innerText.trim() : ''}; })""")
    bare = [i["alt"] for i in images if not i["caption"]]
    assert not bare, f"{page}: images without a caption: {bare}"


@pytest.mark.parametrize("page", PAGES)
def test_no_control_needs_a_kernel(visits, page):
    p = visits[page].page
    dead = p.locator(".jupyter-widgets, .widget-slider, .widget-hslider, "
                     "script[type='application/vnd.jupyter.widget-view"
                     "+json']")
    assert dead.count() == 0, (
        f"{page}: {dead.count()} ipywidgets element(s) on the static page, "
        "which cannot respond without a kernel")


@pytest.mark.parametrize("page", PAGES)
def test_demos_respond_without_a_kernel(visits, page):
    p = visits[page].page
    demos = p.locator(".bp-demo")
    for i in range(demos.count()):
        demo = demos.nth(i)
        img = demo.locator("img")
        for j in range(demo.locator("input[type=range]").count()):
            slider = demo.locator("input[type=range]").nth(j)
            before = img.get_attribute("src")
            at_max = slider.get_attribute("value") == slider.get_attribute(
                "max")
            slider.focus()
            p.keyboard.press("ArrowLeft" if at_max else "ArrowRight")
            assert img.get_attribute("src") != before, (
                f"{page}: demo {i + 1}, slider {j + 1} moved but the figure "
                "did not change")


@pytest.mark.parametrize("page", PAGES)
def test_animations_play(visits, page):
    p = visits[page].page
    players = p.locator("img[id^='_anim_img']")
    for i in range(players.count()):
        img = players.nth(i)
        before = img.get_attribute("src")
        p.locator("button[title='Next frame']").nth(i).click()
        assert img.get_attribute("src") != before, (
            f"{page}: animation {i + 1} did not step")


@pytest.mark.parametrize("page", CHAPTERS)
def test_solutions_are_hidden_until_opened(visits, page):
    p = visits[page].page
    solutions = p.locator("div.dropdown.admonition")
    assert solutions.count() > 0, f"{page}: no exercise solutions"
    for i in range(solutions.count()):
        body = solutions.nth(i).locator("p").nth(1)
        assert not body.is_visible(), f"{page}: solution {i + 1} is open"
    solutions.first.locator("button").first.click()
    assert solutions.first.locator("p").nth(1).is_visible(), (
        f"{page}: the first solution did not open")


@pytest.mark.parametrize("page", [p for p in PAGES if p.startswith(
    "chapters/")])
def test_notebook_download(visits, base_url, page):
    p = visits[page].page
    link = p.locator("a.btn-download-source-button")
    assert link.count() == 1, f"{page}: no download button"
    href = link.get_attribute("href")
    assert href.endswith(".ipynb"), f"{page}: download gives {href}"
    response = p.request.get(f"{base_url}/{page}.html".rsplit("/", 1)[0]
                             + "/" + href)
    assert response.ok and b'"cells"' in response.body(), (
        f"{page}: {href} is not a notebook")


@pytest.mark.parametrize("page", PAGES)
def test_title_footer_and_launch_buttons(visits, page):
    p = visits[page].page
    assert CONFIG["title"] in p.title()
    footer = p.locator("footer.bd-footer-content").inner_text()
    assert CONFIG["author"] in footer and CONFIG["copyright"] in footer
    repo = (CONFIG.get("repository") or {}).get("url")
    launch = p.locator("a[href*='mybinder'], a[href*='colab.research']")
    if repo and page.startswith("chapters/"):
        assert launch.count() >= 1, f"{page}: no launch buttons for {repo}"
    elif not repo:
        # No repository is set in _config.yml: a launch button could only
        # point nowhere, so there must be none.
        assert launch.count() == 0, f"{page}: launch button without a repo"


@pytest.mark.parametrize("page", [p for p in SEARCH_WORDS if p in PAGES])
def test_search_finds_each_chapter(browser, base_url, page):
    v = Visit(browser, f"{base_url}/search.html?q={SEARCH_WORDS[page]}")
    try:
        v.page.wait_for_selector("#search-results li", timeout=20000)
        links = v.page.locator("#search-results li a").evaluate_all(
            "as => as.map(a => a.getAttribute('href'))")
        assert any(page in (h or "") for h in links), (
            f"searching {SEARCH_WORDS[page]!r} did not find {page}: {links}")
    finally:
        v.close()


@pytest.mark.parametrize("page", PAGES)
def test_screenshots(browser, base_url, page):
    SHOTS.mkdir(parents=True, exist_ok=True)
    name = page.replace("/", "-")
    for label, viewport in [("desktop", {"width": 1280, "height": 900}),
                            ("phone", {"width": 390, "height": 844})]:
        v = Visit(browser, f"{base_url}/{page}.html", viewport)
        try:
            path = SHOTS / f"{name}-{label}.png"
            v.page.screenshot(path=str(path), full_page=True)
            assert path.stat().st_size > 10_000, f"{path} looks empty"
        finally:
            v.close()
