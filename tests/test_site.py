"""The static site, in a real browser, with the network cut off.

Every page of the table of contents is served on 127.0.0.1 and opened in
Debian's Chromium; any request to another host is aborted and counted. On
each page: no failed request, all math typeset, every image loaded and
described and captioned, no control that needs a kernel, every demo and
animation responds. Screenshots of every page (desktop and phone) are
saved under _build/screenshots/.
"""

import gzip
import io
import re
import time
from pathlib import Path

import pytest
import yaml
from PIL import Image

from backprop_utils._png import recorded_text_px
from backprop_utils.style import MIN_SCRIPT_PX, MIN_TEXT_PX
from browser import CHROMIUM_ARGS, block_the_network, serve

ROOT = Path(__file__).resolve().parent.parent
SHOTS = ROOT / "_build" / "screenshots"
TOC = yaml.safe_load((ROOT / "_toc.yml").read_text())
PAGES = [TOC["root"]] + [c["file"] for c in TOC["chapters"]]
# The notation page and the catalogue of mistakes are for reference:
# no exercises of their own.
REFERENCE = {"chapters/notation", "chapters/mistakes"}
CHAPTERS = [p for p in PAGES if p.startswith("chapters/")
            and p not in REFERENCE]
# Pages with no figure at all.
NO_FIGURES = {TOC["root"], "chapters/mistakes"}
CONFIG = yaml.safe_load((ROOT / "_config.yml").read_text())

# Console messages that are known upstream noise, each with its reason.
KNOWN_CONSOLE_NOISE = [
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
    "chapters/ch5_softmax": "log-sum-exp",
    "chapters/ch6_autodiff": "adjoint",
    "chapters/ch7_convolution": "im2col",
    "chapters/ch8_recurrent": "unrolled",
}
# The most a first visit of any page may download, counting every
# response gzip-compressed, as a static host serves it: light enough for
# a phone on a slow line.
PAGE_BUDGET = 450_000
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


AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
WCAG = {"type": "tag", "values": WCAG_TAGS}
# In dark mode only the colours change: axe's contrast rule alone
CONTRAST = {"type": "rule", "values": ["color-contrast"]}
# axe-core's run, and for each text whose contrast it leaves for review,
# its colour, the colour behind it, and, in a box that scrolls sideways,
# that colour under the darkest of the scroll shadows. restoreScroll:
# the page is left as it was found.
AXE_RUN = """runOnly => axe.run(document, {
            runOnly, elementRef: true, restoreScroll: true})
        .then(r => {
            const rgb = s => (s.match(/[\\d.]+/g) || []).map(Number);
            const shadow = rgb(getComputedStyle(document.documentElement)
                .getPropertyValue('--bp-scroll-shadow'));
            const behind = e => {
                for (; e; e = e.parentElement) {
                    const c = rgb(getComputedStyle(e).backgroundColor);
                    if (c.length === 3 || c[3] === 1) return c.slice(0, 3);
                }
                return [255, 255, 255];
            };
            const review = r.incomplete.filter(x => x.id === 'color-contrast')
                .flatMap(x => x.nodes).map(n => {
                    const s = getComputedStyle(n.element);
                    const size = parseFloat(s.fontSize);
                    const bold = +s.fontWeight >= 700;
                    const bg = behind(n.element);
                    const a = shadow[3];
                    // the shadows fall on the boxes that scroll sideways
                    // (course.js marks them)
                    const boxed = n.element.closest(
                        '.bp-scrolls-left, .bp-scrolls-right');
                    const dark = boxed ? bg.map((c, k) => c * (1 - a)
                                                + shadow[k] * a) : bg;
                    return {target: n.target.join(' '),
                            fg: rgb(s.color).slice(0, 3), bg, dark,
                            large: size >= 24 || (bold && size >= 18.66)};
                });
            return {violations: r.violations.map(x => ({
                        id: x.id, impact: x.impact, help: x.help,
                        nodes: x.nodes.slice(0, 5).map(
                            n => n.target.join(' '))})),
                    review}; })"""


RENDER_ALL = """.bd-article section > :not(section, .pst-scrollable-table-container) {
    content-visibility: visible !important; }"""


class Visit:
    """One page, opened with the network blocked, and what happened.

    With ``weigh=True`` it also records what the first visit downloaded:
    ``weights``, one ``(url, gzip-compressed size)`` per response, taken
    once the page has loaded, typeset its math and been open 1 s.
    """

    def __init__(self, browser, url, viewport=None, weigh=False,
                 **context_options):
        self.url = url
        self.blocked, self.failed, self.console = [], [], []
        self.context = browser.new_context(
            viewport=viewport or {"width": 1280, "height": 900},
            **context_options)
        block_the_network(self.context, self.blocked)
        self.page = self.context.new_page()
        self.page.on("requestfailed", lambda r: self.failed.append(
            f"{r.url} ({r.failure})"))
        self.page.on("console", lambda m: self.console.append(m.text)
                     if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.console.append(str(e)))
        responses = []
        if weigh:
            self.page.on("response", lambda r: responses.append(r))
        self.page.goto(url, wait_until="load")
        loaded = time.monotonic()
        self.typeset()
        self.weights = None
        if weigh:
            # the demos' other frames load only when a slider moves, so
            # they do not count; anything a script asks for soon does
            wait = 1 - (time.monotonic() - loaded)
            if wait > 0:
                self.page.wait_for_timeout(wait * 1000)
            self.weights = []
            for r in responses:
                try:
                    size = len(gzip.compress(r.body()))
                except Exception:         # a redirect or an aborted request
                    continue
                self.weights.append((r.url, size))

    def typeset(self):
        """Wait until the page's fonts (the math's among them) have
        loaded: the math itself was typeset when the site was built."""
        self.page.evaluate("() => document.fonts.ready.then(() => 1)")

    def as_opened(self):
        """The page, as it was opened: loaded again if a test has left
        it for another page."""
        if self.page.url.split("#")[0] != self.url:
            self.page.goto(self.url, wait_until="load")
            self.typeset()
            self.as_seen()
        return self.page

    def as_seen(self):
        """Every part of the page as a reader sees it once scrolled to.
        The browser renders only the blocks near the view (course.css:
        content-visibility), and course.js checks each element (does it
        scroll? a shrunk figure?) as it comes near. Here every block is
        rendered and every check run, so that the tests see all of the
        page (innerText, sizes) at once; test_checks_run_as_the_reader_
        scrolls tests the lazy part, and bench/pages.py its speed."""
        self.page.add_style_tag(content=RENDER_ALL)
        self.page.evaluate("() => courseCheckAll()")

    def look(self, page, device, dark=False):
        """Before any test touches the page: a full-page screenshot
        (``shot``, under _build/screenshots/) and what axe-core finds
        (``axe``: its violations, and the text whose contrast it leaves
        for review; None if axe-core is not installed). With
        ``dark=True``, also the contrast in the theme's dark mode
        (``axe_dark``), the page then set back as it was."""
        self.as_seen()
        SHOTS.mkdir(parents=True, exist_ok=True)
        self.shot = SHOTS / f"{page.replace('/', '-')}-{device}.png"
        self.page.screenshot(path=str(self.shot), full_page=True)
        self.axe = self.axe_dark = None
        if AXE.is_file():
            self.page.add_script_tag(path=str(AXE))
            self.axe = self.page.evaluate(AXE_RUN, WCAG)
            if dark:
                theme = self.page.evaluate(
                    "() => document.documentElement.dataset.theme")
                self.page.evaluate(
                    "() => document.documentElement.dataset.theme = 'dark'")
                self.axe_dark = self.page.evaluate(AXE_RUN, CONTRAST)
                self.page.evaluate(
                    "t => document.documentElement.dataset.theme = t", theme)
        return self

    def close(self):
        self.context.close()


@pytest.fixture(scope="module")
def visits(browser, base_url):
    opened = {p: Visit(browser, f"{base_url}/{p}.html").look(p, "desktop")
              for p in PAGES}
    yield opened
    for v in opened.values():
        v.close()


PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True,
         "has_touch": True}


@pytest.fixture(scope="module")
def phone_visits(browser, base_url):
    opened = {p: Visit(browser, f"{base_url}/{p}.html", weigh=True,
                       **PHONE).look(p, "phone", dark=True)
              for p in PAGES}
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
    assert p.locator(".katex-error").count() == 0, f"{page}: KaTeX errors"
    text = p.evaluate("""() => {
        const a = document.querySelector('article').cloneNode(true);
        a.querySelectorAll('pre, code, script, style, .katex, '
                           + '.cell_output').forEach(e => e.remove());
        return a.innerText; }""")
    raw = RAW_TEX.findall(text)
    assert not raw, f"{page}: raw TeX left on the page: {raw[:5]}"
    # the math in the package's tables (cell outputs) is typeset too
    tables = p.evaluate("""() => Array.from(
        document.querySelectorAll('.bp-table'), t => {
            const c = t.cloneNode(true);
            c.querySelectorAll('.katex').forEach(e => e.remove());
            return c.innerText; }).join('\\n')""")
    raw = RAW_TEX.findall(tables) + re.findall(r"\$[^$]+\$", tables)
    assert not raw, f"{page}: raw TeX left in a table: {raw[:5]}"


@pytest.mark.parametrize("page", PAGES)
def test_copied_math_comes_as_tex(visits, page):
    # a learner who copies a sentence gets its math as TeX between
    # dollars (KaTeX's copy-tex), not the glyphs and the MathML twice
    p = visits[page].page
    copied = p.evaluate("""() => {
        const math = document.querySelector('article p .katex');
        if (!math) return null;
        const range = document.createRange();
        range.selectNodeContents(math.closest('p'));
        const selection = window.getSelection();
        selection.removeAllRanges();
        selection.addRange(range);
        const data = new DataTransfer();
        document.querySelector('article').dispatchEvent(new ClipboardEvent(
            'copy', {clipboardData: data, bubbles: true, cancelable: true}));
        selection.removeAllRanges();
        return {text: data.getData('text/plain'),
                tex: math.querySelector('annotation').textContent}; }""")
    if copied is None:
        pytest.skip(f"{page}: no math in a paragraph")
    assert f"${copied['tex']}$" in copied["text"], copied


@pytest.mark.parametrize("page", PAGES)
def test_math_fonts_arrive_with_the_page(phone_visits, page):
    # the fonts the math uses are asked for in the page's head, so they
    # come with the page instead of after the first layout (when the
    # math would shift as they arrive); and every one of them loads
    v = phone_visits[page]
    preloaded = set(v.as_opened().evaluate("""() => Array.from(
        document.querySelectorAll('link[rel=preload][as=font]'),
        l => l.href)"""))
    fonts = {url.split("?")[0] for url, _ in v.weights
             if "/katex/fonts/" in url}
    assert fonts <= preloaded, (
        f"{page}: math fonts loaded without a preload: {fonts - preloaded}")
    failed = v.as_opened().evaluate("""() => Array.from(document.fonts)
        .filter(f => f.family.startsWith('KaTeX') && f.status === 'error')
        .map(f => f.family)""")
    assert not failed, f"{page}: math fonts that failed to load: {failed}"


def test_checks_run_as_the_reader_scrolls(browser, base_url):
    # the longest chapter, opened afresh on a phone: a wide formula far
    # down the page has no hint until the reader comes near it; then it
    # has its hint, its tab stop and its shadow (course.js, 3.)
    css = (ROOT / "_static" / "course.css").read_text()
    assert RENDER_ALL.split("{")[0].strip() + " {\n  content-visibility: auto" \
        in css, "Visit.as_seen renders other blocks than course.css skips"
    v = Visit(browser, f"{base_url}/chapters/ch4_delta_recursion.html",
              **PHONE)
    try:
        p = v.page
        far = p.evaluate("""() => {
            const wide = Array.from(document.querySelectorAll(
                'article .katex-display')).filter(e =>
                    e.getBoundingClientRect().top > 5 * window.innerHeight
                    && e.scrollWidth > e.clientWidth + 1);
            if (!wide.length) return null;
            const last = wide[wide.length - 1];
            last.id = last.id || 'bp-far-formula';
            return last.id; }""")
        assert far, "no formula wider than a phone, 5 screens down or more"
        state = """id => {
            const box = document.getElementById(id);
            const place = box.closest('div.math') || box;
            const hint = place.previousElementSibling;
            return {scrolls: box.scrollWidth > box.clientWidth + 1,
                    hint: !!hint && hint.classList.contains(
                        'bp-scroll-hint'),
                    tab: box.getAttribute('tabindex'),
                    shaded: box.classList.contains('bp-scrolls-right')};
            }"""
        before = p.evaluate(state, far)
        p.evaluate("id => document.getElementById(id).scrollIntoView()", far)
        p.wait_for_timeout(300)
        after = p.evaluate(state, far)
        assert before["scrolls"] and after["scrolls"]
        assert not before["hint"] and before["tab"] is None, (
            "checked before it came near the view")
        assert after["hint"] and after["tab"] == "0" and after["shaded"], (
            after)
    finally:
        v.close()


@pytest.mark.parametrize("page", PAGES)
def test_output_tables_and_equations_fit_the_column(visits, page):
    # a long printed line (an error message with its hint at the end)
    # wraps instead of hiding its end past the edge of the column; only
    # a printed table (aligned columns, course.js) scrolls instead, in a
    # box that says so
    wide = visits[page].page.evaluate("""() => Array.from(
        document.querySelectorAll('.cell_output pre'))
        .filter(e => e.scrollWidth > e.clientWidth + 1)
        .filter(e => !(e.classList.contains('bp-output-table')
                       && e.previousElementSibling
                       && e.previousElementSibling.classList.contains(
                           'bp-scroll-hint')))
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
        document.querySelectorAll('article .katex-display'))
        .filter(e => e.scrollWidth > e.clientWidth + 1)
        .map(e => e.textContent.slice(0, 60))""")
    assert not wide, f"{page}: display equation too wide: {wide}"


@pytest.mark.parametrize("page", PAGES)
def test_page_carries_nothing_it_does_not_use(visits, page):
    # no live-code scripts (the site has none) and no saved widget state
    # (the demos' static face does not read it)
    unused = visits[page].page.evaluate("""() => Array.from(
        document.querySelectorAll('script, link[rel=stylesheet]'))
        .filter(e => /thebe/i.test(e.src || e.href || '')
                     || /THEBE_JS_URL/.test(e.textContent)
                     || e.type === 'application/vnd.jupyter.widget-state'
                                   + '+json')
        .map(e => e.src || e.href || e.type)""")
    assert not unused, f"{page}: loads what it never uses: {unused}"


QUIZ_PAGES = ["chapters/ch1_chain", "chapters/ch2_single_layer",
              "chapters/ch3_two_layers", "chapters/ch4_delta_recursion",
              "chapters/ch5_softmax", "chapters/ch6_autodiff",
              "chapters/ch7_convolution", "chapters/ch8_recurrent"]


def _quiz_data(box):
    import json
    return json.loads(box.get_attribute("data-quiz"))


def _off_by_much(quiz):
    """A number that agrees with neither the answer nor any mistake."""
    values = [quiz["answer"]] + [m["value"] for m in quiz["mistakes"]]
    guess = 3.7 * max(abs(v) for v in values) + 1.3
    assert all(abs(guess - v) > 1e-3 * abs(guess) for v in values)
    return f"{guess:.4f}"


@pytest.mark.parametrize("page", QUIZ_PAGES)
def test_check_yourself_boxes_reply_offline(visits, site, page):
    # on the page as opened: before any other test has moved a slider or
    # opened a solution
    v = visits[page]
    p = v.page
    boxes = p.locator(".bp-quiz")
    assert boxes.count() >= 3, f"{page}: {boxes.count()} questions"
    # nothing on the page gives an answer away before it is asked for
    visible = p.evaluate("() => document.body.innerText")
    visible = visible.replace("\u2212", "-")
    for i in range(boxes.count()):
        shown = _quiz_data(boxes.nth(i))["shown"].replace("\u2212", "-")
        number = re.compile(r"(?<![\d.])" + re.escape(shown.lstrip("-"))
                            + r"(?![\d])")
        assert not number.search(visible), (
            f"{page}: the answer {shown} is on the page")
    for i in range(boxes.count()):
        box = boxes.nth(i)
        quiz = _quiz_data(box)
        assert quiz["mistakes"], f"{page}: question {i + 1} knows none"
        field = box.locator("input")
        # the box has a label, and the reply is announced
        label = box.locator(f"label[for='{field.get_attribute('id')}']")
        assert label.inner_text().strip()
        reply = box.locator(".bp-quiz-reply")
        assert reply.get_attribute("aria-live") == "polite"

        def answer(text, by_enter=False):
            field.fill(text)
            if by_enter:
                field.press("Enter")
            else:
                box.locator(".bp-quiz-check").click()
            return reply.inner_text(), reply.get_attribute("data-kind")

        a = quiz["answer"]
        for text, enter in [(quiz["shown"], True),
                            (f" {a:.8e} ".replace("-", "\u2212"), False)]:
            said, kind = answer(text, enter)
            assert kind == "right" and said.startswith("Right"), (
                page, i, text, said)
        for m in quiz["mistakes"]:
            said, kind = answer(f"{m['value']:.6g}")
            assert kind == "mistake" and said.startswith(
                "That is the value you get with a known mistake"), (
                page, i, m, said)
            link = reply.locator("a")
            assert link.count() == 1
            href = link.get_attribute("href")
            target, _, anchor = href.partition("#")
            linked = site / Path(page).parent / target
            assert linked.is_file(), href
            assert f'id="{anchor}"' in linked.read_text(), href
        said, kind = answer(_off_by_much(quiz))
        assert kind == "wrong", (page, i, said)
        said, kind = answer("two")
        assert kind == "unreadable", (page, i, said)
        box.locator(".bp-quiz-show").click()
        assert reply.inner_text() == "The answer: " + quiz["shown"]
    noise = re.compile("|".join(KNOWN_CONSOLE_NOISE))
    errors = [e for e in v.console if not noise.search(e)]
    assert not errors and not v.blocked, (errors, v.blocked)


def tap(p, element):
    # as a finger would: on what is on the screen (a long Contents list
    # scrolls)
    element.scroll_into_view_if_needed()
    box = element.bounding_box()
    p.touchscreen.tap(box["x"] + box["width"] / 2,
                      box["y"] + box["height"] / 2)


def tap_the_visible(p, selector, page, what):
    """Tap the first visible element of ``selector`` on a phone."""
    found = p.locator(selector)
    visible = [found.nth(i) for i in range(found.count())
               if found.nth(i).is_visible()]
    assert visible, f"{page}: no visible {what} on a phone"
    tap(p, visible[0])


# The phone tests share one visit of each page (phone_visits), in this
# order: the ones that only look first, the menu (which leaves the page
# for another chapter) last. A test run alone, or after the menu's, gets
# the page as it was opened (Visit.as_opened).


@pytest.mark.parametrize("page", PAGES)
def test_nothing_runs_off_a_phone_screen(phone_visits, page):
    # Figures, demos and players fit a 390 px screen. A table, an equation
    # or code wider than the screen sits in its own box that scrolls
    # sideways (and shows it: course.css), and that box fits.
    p = phone_visits[page].as_opened()
    off = p.evaluate("""() => {
        const W = document.documentElement.clientWidth;
        const right = e => e.getBoundingClientRect().right;
        const shown = e => e.getBoundingClientRect().width > 0;
        const bad = [];
        const name = e => e.tagName + ' '
            + (e.getAttribute('alt') || e.textContent).trim().slice(0, 50);
        for (const e of document.querySelectorAll(
                'article img, article figure, .bp-demo, .animation, '
                + '.anim-controls, .anim-buttons button'))
            if (shown(e) && right(e) > W + 1) bad.push(name(e));
        const boxes = '.bp-table-scroll, .pst-scrollable-table-container, '
            + 'div.highlight, .katex-display';
        for (const e of document.querySelectorAll(
                'article table, article .katex, article pre')) {
            if (!shown(e) || right(e) <= W + 1) continue;
            const box = e.matches(boxes) ? e : e.closest(boxes);
            const scrolls = box && ['auto', 'scroll'].includes(
                getComputedStyle(box).overflowX);
            if (!scrolls || right(box) > W + 1) bad.push(name(e));
        }
        return bad; }""")
    assert not off, f"{page}: runs off a 390 px screen: {off}"
    # and every box that does scroll says so: a line of text above it
    # (course.js), and a shadow on the side where more is hidden
    silent = p.evaluate("""() => Array.from(document.querySelectorAll(
            '.bp-table-scroll, .pst-scrollable-table-container, '
            + 'article .katex-display, .cell_output pre'))
        .filter(b => b.scrollWidth > b.clientWidth + 1)
        .filter(b => {
            const place = b.closest('div.math') || b;
            const hint = place.previousElementSibling;
            const said = hint && hint.classList.contains('bp-scroll-hint')
                && /wider than the page: scroll it sideways/.test(
                       hint.textContent);
            const shaded = b.matches('.pst-scrollable-table-container')
                || getComputedStyle(b).boxShadow.includes('inset');
            return !(said && shaded); })
        .map(b => b.className + ' ' + b.textContent.slice(0, 40)
             + ' [above it: ' + ((b.closest('div.math') || b)
                 .previousElementSibling || {}).className + ']')""")
    assert not silent, f"{page}: scrolls sideways without saying so: {silent}"
    # a printed table keeps its columns: none of its aligned lines wraps
    # (it scrolls instead); other printed lines may wrap
    broken = p.evaluate("""() => {
        const aligned = /\\S {2,}\\S|^ +\\S/;
        const bad = [];
        for (const pre of document.querySelectorAll('.cell_output pre')) {
            if (!pre.getClientRects().length) continue;
            const walker = document.createTreeWalker(pre, NodeFilter.SHOW_TEXT);
            const nodes = [];
            for (let n = walker.nextNode(); n; n = walker.nextNode())
                nodes.push(n);
            const text = nodes.map(n => n.data).join('');
            const at = i => {
                for (const n of nodes) {
                    if (i <= n.data.length) return [n, i];
                    i -= n.data.length;
                }
                const n = nodes[nodes.length - 1];
                return [n, n.data.length];
            };
            const lines = text.split('\\n');
            if (lines.filter(l => aligned.test(l)).length < 2) continue;
            let start = 0;
            for (const line of lines) {
                if (aligned.test(line) && line.trim()) {
                    const r = document.createRange();
                    r.setStart(...at(start));
                    r.setEnd(...at(start + line.length));
                    const tops = new Set(Array.from(r.getClientRects(),
                        x => Math.round(x.top)));
                    if (tops.size > 1) { bad.push(line.slice(0, 50)); break; }
                }
                start += line.length + 1;
            }
        }
        return bad; }""")
    assert not broken, (f"{page}: printed tables whose aligned lines wrap "
                        f"on a 390 px phone: {broken}")


@pytest.mark.parametrize("page", PAGES)
def test_previous_and_next_fit_a_phone(phone_visits, page):
    # the links at the bottom of the page, with their titles and arrows,
    # stay inside a 390 px screen, nothing of them cut
    p = phone_visits[page].as_opened()
    links = p.evaluate("""() => {
        const W = document.documentElement.clientWidth;
        return Array.from(document.querySelectorAll('.prev-next-area a'),
            a => {
                const box = a.getBoundingClientRect();
                const parts = Array.from(a.querySelectorAll(
                    'i, .prev-next-title, .prev-next-subtitle'),
                    e => e.getBoundingClientRect());
                const title = a.querySelector('.prev-next-title');
                return {title: title.innerText,
                        inside: box.left >= -0.5 && box.right <= W + 0.5
                            && parts.every(r => r.left >= box.left - 0.5
                                           && r.right <= box.right + 0.5
                                           && r.right <= W + 0.5),
                        cut: title.scrollWidth > title.clientWidth + 1}; });
        }""")
    assert links, f"{page}: no previous/next links"
    bad = [x for x in links if not x["inside"] or x["cut"]]
    assert not bad, f"{page}: previous/next cut on a 390 px phone: {bad}"


@pytest.mark.parametrize("page", [p for p in PAGES if p not in NO_FIGURES])
def test_a_tap_opens_a_shrunk_figure_at_full_size(phone_visits, page):
    p = phone_visits[page].as_opened()
    shrunk = p.locator("article img").evaluate_all(
        "is => is.map((i, k) => [k, i.naturalWidth > i.clientWidth + 1])")
    assert any(s for _, s in shrunk), f"{page}: no figure shrunk on a phone"
    # every shrunk figure says that a tap opens it, in a label under its
    # corner that hides nothing of it; a figure at full size has none
    cues = p.locator("article img").evaluate_all("""is => is.map(i => {
        const shrunk = i.naturalWidth > i.clientWidth + 1;
        const wrap = i.closest('.bp-zoom-wrap');
        const cue = wrap && wrap.querySelector('.bp-zoom-cue');
        const c = cue && cue.getBoundingClientRect();
        const b = i.getBoundingClientRect();
        const shown = !!c && c.width > 0 && getComputedStyle(cue).display
            !== 'none';
        return {alt: i.alt.slice(0, 40), shrunk, shown,
                text: shown ? cue.innerText : '',
                under: shown && c.top >= b.bottom - 1 && c.right <= b.right + 1
                       && c.left >= b.left - 1}; })""")
    wrong = [c for c in cues if c["shrunk"] != c["shown"]
             or (c["shown"] and not (c["under"]
                                     and "Tap for full size" in c["text"]))]
    assert not wrong, f"{page}: figures whose tap-to-enlarge cue is wrong: {wrong}"
    k = next(k for k, s in shrunk if s)
    img = p.locator("article img").nth(k)
    img.scroll_into_view_if_needed()
    box = img.bounding_box()
    p.touchscreen.tap(box["x"] + box["width"] / 2,
                      box["y"] + box["height"] / 2)
    layer = p.locator(".bp-zoom")
    layer.wait_for(state="visible", timeout=5000)
    full = layer.locator("img").evaluate(
        "i => [i.naturalWidth, Math.round(i.getBoundingClientRect().width)]")
    assert full[0] == full[1], f"{page}: not shown at full size: {full}"
    # wider than the screen: the bar says so, and stays in view with its
    # Close button when the figure is scrolled sideways
    note = layer.locator(".bp-zoom-bar p").inner_text()
    wide = full[0] > PHONE["viewport"]["width"]
    assert ("swipe sideways" in note) == wide, (page, full, note)
    layer.evaluate("l => { l.scrollLeft = l.scrollWidth; }")
    button = layer.locator(".bp-zoom-bar button")
    at = button.bounding_box()
    assert 0 <= at["x"] and at["y"] >= 0 and at["y"] < 60, (page, at)
    button.tap()
    assert layer.count() == 0, f"{page}: the full-size figure did not close"


@pytest.mark.parametrize("page", CHAPTERS + ["chapters/mistakes"])
def test_phone_contents_close_after_a_tap_on_a_heading(phone_visits, page):
    p = phone_visits[page].as_opened()
    tap_the_visible(p, ".secondary-toggle", page, "Contents button")
    dialog = p.locator("#pst-secondary-sidebar-modal")
    dialog.wait_for(state="visible", timeout=5000)
    links = dialog.locator("a.nav-link")
    shown = [links.nth(i) for i in range(links.count())
             if links.nth(i).is_visible()]
    assert len(shown) >= 3, f"{page}: {len(shown)} headings in Contents"
    if page == "chapters/mistakes":
        # every mistake of the catalogue has its entry
        from backprop_utils.practice import MISTAKES
        titles = [link.inner_text().strip().replace("\u2019", "'")
                  for link in shown]       # Sphinx's smart quotes
        assert titles == [m.title for m in MISTAKES.values()], titles
    link = shown[len(shown) // 2]
    target = link.get_attribute("href")
    tap(p, link)
    p.wait_for_function(
        "() => !document.getElementById('pst-secondary-sidebar-modal')"
        ".open", timeout=5000)
    p.wait_for_timeout(300)
    assert p.url.endswith(target), (page, p.url, target)
    top = p.evaluate("id => document.getElementById(id)"
                     ".getBoundingClientRect().top",
                     target[1:])
    assert 0 <= top < 200, (
        f"{page}: after the tap the heading {target} is at {top} px")
    assert p.locator(".tooltip.show").count() == 0, (
        f"{page}: a tooltip stays over the page")


@pytest.mark.parametrize("page", PAGES)
def test_phone_menu_opens_the_navigation(phone_visits, page):
    p = phone_visits[page].as_opened()
    tap_the_visible(p, ".primary-toggle", page, "menu button")
    dialog = p.locator("#pst-primary-sidebar-modal")
    dialog.wait_for(state="visible", timeout=5000)
    assert dialog.evaluate("d => d.open"), f"{page}: the menu did not open"
    # the button's tooltip does not stay over the page
    p.wait_for_timeout(400)
    assert p.locator(".tooltip.show").count() == 0, f"{page}: tooltip stays"
    # a link in it leads to another chapter
    target = "ch2_single_layer" if "ch2_" not in page else "ch3_two_layers"
    link = dialog.locator(f"a[href*='{target}']").first
    assert link.is_visible(), f"{page}: no visible link to {target}"
    with p.expect_navigation():
        tap(p, link)
    assert target in p.url, f"{page}: the link went to {p.url}"


def _contrast(fg, bg):
    def lum(c):
        def ch(v):
            v /= 255
            return v / 12.92 if v <= 0.04045 else ((v + 0.055) / 1.055) ** 2.4
        return 0.2126 * ch(c[0]) + 0.7152 * ch(c[1]) + 0.0722 * ch(c[2])
    hi, lo = sorted([lum(fg), lum(bg)], reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def _assert_accessible(v, page, device, dark=False):
    """axe-core, WCAG 2.1 A and AA: no violation. Text whose contrast axe
    leaves for review (a cell scrolled out of its box, a glyph) is
    measured here: its colour against the colour behind it, and against
    that colour under the darkest of the scroll shadows (course.css).
    axe ran on the page as opened (Visit.look); with ``dark``, its
    contrast rule in the theme's dark mode."""
    assert v.axe is not None, (
        f"{AXE.relative_to(ROOT)} is missing: `make test` installs it "
        "(npm ci, from package-lock.json)")
    result = v.axe_dark if dark else v.axe
    if dark:
        device += ", dark mode"
    assert not result["violations"], (
        f"{page} ({device}): axe-core finds WCAG 2.1 A/AA violations: "
        + "; ".join(f"{x['id']} ({x['impact']}: {x['help']}) at "
                    f"{x['nodes']}" for x in result["violations"]))
    low = []
    for n in result["review"]:
        least = 3.0 if n["large"] else 4.5
        for bg in (n["bg"], n["dark"]):
            ratio = _contrast(n["fg"], bg)
            if ratio < least:
                low.append(f"{n['target']}: {ratio:.2f} < {least}")
    assert not low, f"{page} ({device}): low contrast: {low[:5]}"


@pytest.mark.parametrize("page", PAGES)
def test_no_accessibility_violations_on_a_desktop(visits, page):
    _assert_accessible(visits[page], page, "desktop")


@pytest.mark.parametrize("page", PAGES)
def test_no_accessibility_violations_on_a_phone(phone_visits, page):
    _assert_accessible(phone_visits[page], page, "phone")


@pytest.mark.parametrize("page", PAGES)
def test_text_is_readable_in_dark_mode(phone_visits, page):
    _assert_accessible(phone_visits[page], page, "phone", dark=True)


@pytest.mark.parametrize("page", PAGES)
def test_screenshot_on_a_desktop(visits, page):
    assert visits[page].shot.stat().st_size > 10_000, (
        f"{visits[page].shot} looks empty")


@pytest.mark.parametrize("page", PAGES)
def test_screenshot_on_a_phone(phone_visits, page):
    assert phone_visits[page].shot.stat().st_size > 10_000, (
        f"{phone_visits[page].shot} looks empty")


FRAME_FILE = re.compile(r"_images/frames/[0-9a-f]+\.png")


@pytest.mark.parametrize("page", [p for p in PAGES if p not in NO_FIGURES])
def test_figure_text_is_readable_on_a_desktop(visits, site, base_url, page):
    """Every figure, and every frame of every demo and animation, records
    the pixel size of its smallest text and of its smallest sub- or
    superscript (backprop_utils/_png.py); at the width the desktop page
    shows it, the text is at least MIN_TEXT_PX CSS pixels, a script at
    least MIN_SCRIPT_PX (0.7 of it, as mathtext draws scripts). On a phone
    a tap opens a shrunk figure at full size.
    """
    shown = visits[page].page.evaluate("""() =>
        Array.from(document.querySelectorAll('article img')).map(i => {
            const box = i.closest('.cell_output') || i.parentElement;
            return {src: i.src, width: i.getBoundingClientRect().width,
                    html: box.innerHTML}; })""")
    assert shown, f"{page}: no figure"
    small, unrecorded = [], []
    for img in shown:
        assert img["src"].startswith(base_url + "/"), img["src"][:80]
        files = {img["src"][len(base_url) + 1:].split("?")[0]}
        files |= set(FRAME_FILE.findall(img["html"]))
        for name in sorted(files):
            data = (site / re.sub(r"^(\.\./)+", "", name)).read_bytes()
            px = recorded_text_px(data)
            if px is None:
                unrecorded.append(name)
                continue
            width = Image.open(io.BytesIO(data)).width
            scale = img["width"] / width
            script = recorded_text_px(data, scripts=True)
            for what, size, least in (("text", px, MIN_TEXT_PX),
                                      ("script", script, MIN_SCRIPT_PX)):
                if size is not None and size * scale < least - 0.05:
                    small.append(
                        f"{name}: {what} {size * scale:.1f} px ({size:.1f} "
                        f"px in an image {width} px wide shown at "
                        f"{img['width']:.0f} px)")
    assert not unrecorded, (
        f"{page}: figures that do not record their text size (draw them "
        f"after use_course_figures(), or with figure_png): {unrecorded}")
    assert not small, (f"{page}: text under {MIN_TEXT_PX} CSS px or "
                       f"scripts under {MIN_SCRIPT_PX:.1f} at 1280 px "
                       "wide: " + "; ".join(small))


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
        slider = p.locator("input.anim-slider").nth(i)
        before = img.get_attribute("src")
        p.locator("button[title='Next frame']").nth(i).click()
        assert img.get_attribute("src") != before, (
            f"{page}: animation {i + 1} did not step")
        last = int(slider.get_attribute("max"))

        def plays_from(end, play):
            # at one end, `play` starts again from the other end: the
            # slider moves inside (0, last) ("Once" mode would stay put)
            p.locator(f"button[title='{end}']").nth(i).click()
            assert int(slider.input_value()) == (
                last if end == "Last frame" else 0)
            p.locator(f"button[title='{play}']").nth(i).click()
            p.wait_for_function(
                "([s, last]) => +s.value > 0 && +s.value < last",
                arg=[slider.element_handle(), last], timeout=10000)
            p.locator("button[title='Pause']").nth(i).click()

        plays_from("Last frame", "Play")
        plays_from("First frame", "Play backwards")
        p.locator("button[title='First frame']").nth(i).click()


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


@pytest.mark.parametrize("query", ["delta", "vanishing gradient",
                                   "softmax"])
def test_search_snippets_are_readable_text(browser, base_url, query):
    # snippets are cut from the pages' HTML, where math is still TeX; and
    # they are the prose around the words searched for, not the page's
    # buttons (".ipynb .pdf") or its code (the imports)
    v = Visit(browser, f"{base_url}/search.html?q={query}")
    try:
        v.page.wait_for_selector("#search-results li p.context",
                                 timeout=20000)
        v.page.wait_for_timeout(500)
        snippets = v.page.locator(
            "#search-results p.context").all_inner_texts()
        assert snippets, f"no snippets for {query!r}"
        tex = [t for t in snippets if "\\" in t or "$" in t]
        assert not tex, f"search snippets with TeX: {tex[:3]}"
        # typeset math read box by box has KaTeX's zero-width spaces
        boxes = [t for t in snippets if "\u200b" in t]
        assert not boxes, f"snippets with typeset math as text: {boxes[:3]}"
        junk = [t for t in snippets if re.search(
            r"\.ipynb|\.pdf|import numpy|from backprop_utils|\bdef |"
            r"Contents \.|Run it yourself", t)]
        assert not junk, f"{query!r}: snippets that are not prose: {junk}"
        # (a page may have "delta" only as TeX, which the snippet shows
        # as δ; the phrase is in the prose of each page that has it)
        missing = [t for t in snippets if " " in query
                   and query.lower() not in t.lower()]
        assert not missing, (f"{query!r}: snippets without the words "
                             f"searched for: {missing}")
    finally:
        v.close()


@pytest.mark.parametrize("device", ["desktop", "phone"])
def test_search_icon_leaves_the_query_readable(browser, base_url, device):
    # the magnifier stood over the first letter of the query, on the
    # search page and in the search dialog
    options = PHONE if device == "phone" else {}
    for url, form in [
            ("search.html?q=vanishing", "main form.bd-search"),
            ("chapters/ch1_chain.html", "#pst-search-dialog form.bd-search")]:
        v = Visit(browser, f"{base_url}/{url}", **options)
        p = v.page
        try:
            if "dialog" in form:          # the search button's dialog
                buttons = p.locator("button.search-button__button")
                [visible] = [buttons.nth(i) for i in range(buttons.count())
                             if buttons.nth(i).is_visible()][:1]
                visible.click()
                p.locator(form).wait_for(state="visible", timeout=5000)
                p.locator(form + " input").fill("vanishing")
            box = p.locator(form).evaluate("""f => {
                const i = f.querySelector('.fa-magnifying-glass');
                const q = f.querySelector('input');
                const s = getComputedStyle(q);
                return {icon: i.getBoundingClientRect().right,
                        text: q.getBoundingClientRect().left
                              + parseFloat(s.paddingLeft)}; }""")
            assert box["icon"] <= box["text"] + 0.5, (
                f"{device}, {form}: the magnifier covers the query: {box}")
        finally:
            v.close()


def test_first_visit_of_every_page_is_within_budget(phone_visits, capsys):
    # an empty cache (each visit has a context of its own), every
    # response counted gzip-compressed (Visit's weights)
    rows = []
    for page in PAGES:
        weights = phone_visits[page].weights
        own = [size for url, size in weights
               if url.split("?")[0].endswith(f"/{page}.html")]
        rows.append((page, sum(size for _, size in weights),
                     own[0] if own else 0, len(weights)))
    table = "\n".join(
        [f"{'page':32s} {'first visit':>12s} {'own':>10s} {'requests':>9s}"]
        + [f"{p:32s} {t / 1e3:9.0f} KB {o / 1e3:7.0f} KB {n:9d}"
           for p, t, o, n in rows])
    with capsys.disabled():                # shown in every test run
        print("\nfirst-visit bytes, gzip:\n" + table)
    (ROOT / "_build" / "page_weights.txt").write_text(table + "\n")
    over = [(p, t) for p, t, _, _ in rows if t > PAGE_BUDGET]
    assert not over, (f"pages over the {PAGE_BUDGET / 1e3:.0f} KB budget: "
                      f"{over}\n{table}")
