"""The course's PDF (tools/build_pdf.py), printed from the site the tests
build, read back with two PDF libraries and compared with the site.

What the site holds is read here from the built HTML, independently of
the builder's script: the chapters and their headings, every figure,
every check-yourself box and the value it accepts, every hidden solution
and every demo. The PDF is read with pypdf (outline, links, fonts) and
pypdfium2 (text, the box of every character, the placed images).
"""

import hashlib
import json
import re
import shutil
import sys
import unicodedata
from pathlib import Path

import pypdf
import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
import pytest
from bs4 import BeautifulSoup

from backprop_utils._png import (PRINT_DPI, SCRIPT_SHRINK, recorded_screen_dpi,
                                 recorded_text_px)

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))
import build_pdf  # noqa: E402

A4 = (595.28, 841.89)                       # points
MM = 72 / 25.4
SIDE_MARGIN = 14 * MM                       # pdf/print.css
# A4 printed at 100 % on US Letter (279.4 mm high), centred: 8.8 mm of
# each end of the page is lost
LETTER_LOSS = (297 - 279.4) / 2 * MM
MAX_BYTES = 20_000_000
MIN_DPI = 150
MIN_LABEL_PT = 7.0


def norm(text):
    """Text compared between the site and the PDF: NFKC, the minus sign
    as a hyphen, whitespace as one space."""
    text = unicodedata.normalize("NFKC", text).replace("\u2212", "-")
    return re.sub(r"\s+", " ", text).strip()


# ----------------------------------------------------------------- site

@pytest.fixture(scope="session")
def articles(site):
    """[(key, article)] of the pages of _toc.yml, in order (BeautifulSoup
    elements of the built site; parsed once, about 15 s)."""
    out = []
    for key, path in build_pdf.toc_pages():
        soup = BeautifulSoup((site / path).read_text(encoding="utf-8"),
                             "html.parser")
        out.append((key, soup.select_one("article.bd-article")))
    return out


def plain(heading):
    """A heading's text as a reader sees it: a formula as the Unicode of
    its MathML, without its TeX or its typeset boxes, and without the
    heading's "#" link."""
    return norm("".join(text for text, _ in parts(heading)))


def parts(heading):
    """[(text, is_math)] of a heading, in order (see ``plain``)."""
    h = BeautifulSoup(str(heading), "html.parser")
    for tag in h.select("a.headerlink, annotation, .katex-html"):
        tag.decompose()
    out = []
    for node in h.find(["h1", "h2", "h3"]).children:
        math = getattr(node, "select_one", None) and (
            "katex" in node.get("class", []) or node.select_one(".katex"))
        out.append((node.get_text() if hasattr(node, "get_text")
                    else str(node), bool(math)))
    return out


def site_headings(articles):
    """{key: [(level, text)]} of every page's h1-h3, in order."""
    return {key: [(int(h.name[1]), plain(h))
                  for h in article.find_all(["h1", "h2", "h3"])]
            for key, article in articles}


def is_solution(tag):
    """A solution the site hides: a dropdown titled Solution, or a hidden
    cell "Show a solution and what the checker says of it"."""
    if "dropdown" in tag.get("class", []):
        title = tag.select_one(".admonition-title")
        return bool(title and "solution" in title.get_text().lower())
    summary = tag.select_one("details > summary")
    return bool(summary and "solution" in summary.get_text().lower())


def site_solutions(articles):
    return [key for key, article in articles
            for tag in article.select("div.dropdown.admonition, "
                                      "div.cell.tag_hide-cell")
            if is_solution(tag)]


def site_figures(articles):
    """[(key, what)] for every image of the site's pages: each figure,
    demo and animation, those in hidden cells too (the PDF prints what
    they show)."""
    return [(key, img.get("src") or "animation")
            for key, article in articles for img in article.find_all("img")]


def site_hidden_outputs(articles):
    """How many cells the site hides ("Show code cell content") print
    something: the PDF prints it."""
    return sum(1 for _, article in articles
               for cell in article.select("div.cell.tag_hide-cell")
               if not is_solution(cell)
               and (cell.select_one(".cell_output") or BeautifulSoup(
                   "", "html.parser")).get_text().strip())


# ------------------------------------------------------------------ PDF

@pytest.fixture(scope="session")
def book_pdf(site, chromium):
    """Print the PDF from the site the tests built (`make pdf` does the
    same), put it where the site links to it, and return its path and
    the builder's manifest."""
    out = ROOT / "_build" / "pdf" / "backprop-course.pdf"
    try:
        manifest = build_pdf.build(site, out)
    except SystemExit as stop:
        pytest.fail(f"tools/build_pdf.py failed: {stop}")
    shutil.copyfile(out, site / "backprop-course.pdf")
    return out, manifest


@pytest.fixture(scope="session")
def printed(book_pdf):
    """The PDF read back: pypdf's reader, and for every page its size,
    its text and the box of every character (pypdfium2)."""
    path, _ = book_pdf
    doc = pdfium.PdfDocument(path)
    pages = []
    for i in range(len(doc)):
        page = doc[i]
        text = page.get_textpage()
        boxes = []
        for j in range(text.count_chars()):
            box = text.get_charbox(j)
            if box[2] > box[0]:             # spaces and line ends: no box
                boxes.append((text.get_text_range(j, 1), box))
        images = []
        for im in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE]):
            left, _, right, _ = im.get_bounds()
            images.append((im.get_px_size()[0], right - left))
        pages.append({"size": page.get_size(), "boxes": boxes,
                      "images": images, "text": text.get_text_range()})
    return pypdf.PdfReader(path), pages


def all_text(pages):
    return norm(" ".join(p["text"] for p in pages))


def test_the_pdf_opens_and_is_small_enough(book_pdf, printed):
    path, manifest = book_pdf
    reader, pages = printed
    assert len(reader.pages) == len(pages) == manifest["pages"] > 100
    assert path.stat().st_size <= MAX_BYTES, (
        f"{path.stat().st_size / 1e6:.1f} MB, more than 20 MB")
    title = build_pdf.book_config()[0]
    assert reader.metadata.title == title
    assert all(p["size"] == pytest.approx(A4, abs=0.5) for p in pages)


def test_the_outline_has_every_chapter_and_its_sections(articles,
                                                        printed):
    reader, _ = printed
    tree = []                              # [(title, [(title, [title])])]

    def walk(items, into):
        for item in items:
            if isinstance(item, list):
                walk(item, into[-1][1])
            else:
                into.append((norm(item.title), []))
    walk(reader.outline, tree)
    top = [title for title, _ in tree]
    assert top[0] == "Contents" and top[-1] == "Answers and solutions"
    chapters = site_headings(articles)
    assert top[1:-1] == [heads[0][1] for heads in chapters.values()]
    for (_, sections), heads in zip(tree[1:-1], chapters.values()):
        want = []
        for level, text in heads[1:]:
            if level == 2:
                want.append((text, []))
            elif level == 3:
                want[-1][1].append(text)
        got = [(t, [s for s, _ in subs]) for t, subs in sections]
        assert got == want, heads[0][1]


def test_every_heading_is_in_the_text(articles, printed):
    """Every heading's words; the formula in a heading too, though the
    text of a typeset formula comes out of the PDF apart from its line."""
    _, pages = printed
    text = all_text(pages)
    squeezed = re.sub(r"\s", "", text)
    missing = []
    for _, article in articles:
        for h in article.find_all(["h1", "h2", "h3"]):
            for part, math in parts(h):
                part = norm(part)
                if part and (re.sub(r"\s", "", part) not in squeezed
                             if math else part not in text):
                    missing.append((plain(h), part))
    assert not missing, missing[:5]


def test_the_contents_give_each_chapter_s_page(book_pdf, printed):
    _, manifest = book_pdf
    _, pages = printed
    # the numbers are printed apart and laid over the contents
    # (tools/build_pdf.py), so on each page their text comes after the
    # titles' and the page's own number
    titles, numbers = "", []
    for n, page in enumerate(pages[:manifest["contents_pages"]], 1):
        these, given = re.fullmatch(r"(.*?) ((?:\d+ )*\d+)",
                                    norm(page["text"])).groups()
        titles += these + " "
        own, *entries = [int(k) for k in given.split()]
        assert own == n
        numbers += entries
    listed = []
    for chapter in manifest["chapters"]:
        top = chapter["heads"][0]
        assert norm(top["text"]) in titles, top
        listed.append(top["page"])
        if chapter["key"] != "mistakes":
            listed += [h["page"] for h in chapter["heads"] if h["level"] == 2]
        # the chapter starts on the page the contents give
        start = pages[top["page"] - 1]["text"]
        assert norm(top["text"])[:30] in norm(start), (top, start[:200])
    assert numbers == listed


def test_no_character_outside_the_printed_area(printed):
    """Nothing outside the page, nor in the side margins (3 pt allowed:
    a glyph's ink may start left of its origin, as the hook of a J), nor
    in the bands that A4 loses when printed at 100 % on US Letter."""
    _, pages = printed
    bad = []
    for n, page in enumerate(pages, 1):
        width, height = page["size"]
        for char, (left, bottom, right, top) in page["boxes"]:
            if (left < SIDE_MARGIN - 3 or right > width - SIDE_MARGIN + 3
                    or bottom < LETTER_LOSS or top > height - LETTER_LOSS):
                bad.append((n, char, round(left), round(bottom)))
    assert not bad, f"{len(bad)} characters outside: {bad[:10]}"


def test_every_font_is_embedded(printed):
    reader, _ = printed
    bare = set()
    for page in reader.pages:
        resources = page.get("/Resources")
        fonts = resources.get_object().get("/Font") if resources else None
        for font in (fonts.get_object() if fonts else {}).values():
            font = font.get_object()
            if font.get("/Subtype") == "/Type3":
                continue                    # its glyphs are drawn inside
            if "/DescendantFonts" in font:
                font = font["/DescendantFonts"][0].get_object()
            descriptor = font.get("/FontDescriptor")
            descriptor = descriptor.get_object() if descriptor else {}
            if not any(k in descriptor for k in
                       ("/FontFile", "/FontFile2", "/FontFile3")):
                bare.add(str(font.get("/BaseFont")))
    assert not bare, f"fonts not embedded: {sorted(bare)}"


def test_every_figure_of_the_site_is_printed_sharp(articles, book_pdf,
                                                    printed):
    """As many images as the site shows figures, demos and animations,
    each at least 150 dpi at the size it is printed."""
    _, manifest = book_pdf
    _, pages = printed
    figures = site_figures(articles)
    placed = [(n, px, width) for n, p in enumerate(pages, 1)
              for px, width in p["images"]]
    assert len(placed) == len(figures) == len(manifest["images"]), (
        len(placed), len(figures), len(manifest["images"]))
    low = [(n, round(px / (width / 72))) for n, px, width in placed
           if px / (width / 72) < MIN_DPI]
    assert not low, f"pages and dpi under {MIN_DPI}: {low}"


def test_figure_labels_are_at_least_7_pt(book_pdf):
    """Every figure's smallest text, in points on paper, from the size
    its print copy records and the width it is printed at; a sub- or
    superscript at mathtext's 0.7 of that (the site's rule)."""
    _, manifest = book_pdf
    small = []
    for image in manifest["images"]:
        data = (ROOT / "pdf" / "figures" / Path(image["copy"]).name
                ).read_bytes()
        pt_per_px = image["width"] / image["pixels"] * 0.75
        for scripts, least in ((False, MIN_LABEL_PT),
                               (True, SCRIPT_SHRINK * MIN_LABEL_PT)):
            px = recorded_text_px(data, scripts=scripts)
            if px is not None and px * pt_per_px < least - 0.01:
                small.append((image["site"], scripts,
                              round(px * pt_per_px, 2)))
    assert not small, small


def test_every_figure_has_a_current_print_copy(site, articles):
    """pdf/figures holds a print copy of every figure the site shows (the
    SHA-1 of the site's PNG names it) and nothing else: both are written
    by `make notebooks`, and a notebook run again without it leaves its
    figures without one."""
    copies = {p.stem for p in (ROOT / "pdf" / "figures").glob("*.png")}
    images = site / "_images"
    shown = {}
    for png in images.rglob("*.png"):
        shown[hashlib.sha1(png.read_bytes()).hexdigest()] = png
    # every figure; of the demos' frames, the one each demo opens with
    needed = set()
    for _, article in articles:
        for img in article.find_all("img"):
            src = img.get("src")
            if src and "_images/" in src:
                path = images / src.split("_images/", 1)[1]
                needed.add(hashlib.sha1(path.read_bytes()).hexdigest())
    missing = needed - copies
    assert not missing, (
        f"{len(missing)} figures of the site have no print copy in "
        "pdf/figures: run make notebooks and commit the notebooks with "
        f"pdf/figures ({sorted(str(shown[m].name) for m in missing)[:5]})")
    stale = copies - set(shown)
    assert not stale, (f"{len(stale)} print copies in pdf/figures belong "
                       "to no figure of the site: run make notebooks")
    for name in sorted(copies)[:5]:
        data = (ROOT / "pdf" / "figures" / f"{name}.png").read_bytes()
        assert recorded_screen_dpi(data) > 0
        assert PRINT_DPI / recorded_screen_dpi(data) >= 2


def quiz_boxes(articles):
    return [json.loads(box["data-quiz"]) for _, article in articles
            for box in article.select("div.bp-quiz")]


def body_and_appendix(pages):
    """The text of the book before its appendix of answers and
    solutions, and the appendix's (the contents name it first)."""
    body, _, appendix = all_text(pages).rpartition(
        "Answers and solutions Answers to the questions ")
    return body, appendix


def test_each_check_yourself_box_is_a_question_answered_in_the_appendix(
        articles, printed):
    _, pages = printed
    boxes = quiz_boxes(articles)
    assert len(boxes) >= 20
    chapters, appendix = body_and_appendix(pages)
    answers, _, _ = appendix.partition(" Solutions ")
    for n in range(1, len(boxes) + 1):
        assert f"Question {n}. " in chapters, n
    assert f"Question {len(boxes) + 1}. " not in chapters
    found = re.findall(r"Answer (\d+) \(question (\d+), .*?\): (\S+)",
                       answers)
    assert [int(n) for n, _, _ in found] == list(range(1, len(boxes) + 1))
    for (n, q, value), box in zip(found, boxes):
        assert n == q
        assert value == norm(box["shown"]), (n, value, box["shown"])
        # the value printed is the box's answer to its figures
        assert float(value) == pytest.approx(box["answer"],
                                             rel=10 ** (1 - box["sig"]))


def test_hidden_solutions_move_to_the_appendix(articles, printed):
    _, pages = printed
    solutions = site_solutions(articles)
    assert len(solutions) >= 20
    body, appendix = body_and_appendix(pages)
    for n in range(1, len(solutions) + 1):
        assert f"Solution {n} in the appendix" in body, n
        assert f"Solution {n} (back to " in appendix, n
    assert f"Solution {len(solutions) + 1} " not in appendix


def test_each_demo_shows_a_frame_and_says_where_it_moves(articles,
                                                         printed):
    _, pages = printed
    demos = sum(len(a.select("div.bp-demo")) for _, a in articles)
    animations = sum(len(a.select("div.animation")) for _, a in articles)
    assert demos >= 5 and animations >= 1
    text = all_text(pages)
    assert text.count(" move the sliders. Shown here: ") == demos
    assert len(re.findall(r"The last of the \d+ frames of an animation; "
                          r"it plays ", text)) == animations
    for key, article in articles:
        if article.select("div.bp-demo, div.animation"):
            assert f"notebook chapters/{key}.ipynb" in text, key


def test_every_link_leads_inside_the_pdf(printed):
    reader, _ = printed
    names = set(reader.named_destinations)
    internal, elsewhere = 0, []
    for page in reader.pages:
        for annot in page.get("/Annots") or []:
            annot = annot.get_object()
            if "/Dest" in annot:
                internal += 1
                assert str(annot["/Dest"]) in names, annot["/Dest"]
            action = annot.get("/A")
            if action is not None and "/URI" in action.get_object():
                elsewhere.append(str(action.get_object()["/URI"]))
    assert internal > 300
    # a link off the document may only lead to a public address
    assert not [u for u in elsewhere if "127.0.0.1" in u
                or not u.startswith("https://")], elsewhere


def test_every_page_of_the_site_links_to_the_pdf(site, articles, book_pdf):
    """From the "Run it yourself" note and the download menu, and the
    home page from its text; the link leads to the file the builder
    wrote."""
    path, _ = book_pdf
    assert (site / "backprop-course.pdf").read_bytes() == path.read_bytes()
    for (key, page), (_, article) in zip(build_pdf.toc_pages(), articles):
        up = "../" * page.count("/")
        note = [a["href"] for a in article.select("div.bp-run-it a[href]")]
        assert f"{up}backprop-course.pdf" in note, key
        menu = re.findall(r'<a href="([^"]*)"[^>]*?class="[^"]*'
                          r'btn-download-course-pdf-button',
                          (site / page).read_text(encoding="utf-8"))
        assert menu == [f"{up}backprop-course.pdf"], key
    # and the home page says so in its text too ("Ways to read it")
    intro = dict(articles)[build_pdf.toc_pages()[0][0]]
    prose = intro.select('p:not(.admonition *) a[href="backprop-course.pdf"]')
    assert len(prose) == 1


def test_what_hidden_cells_print_is_printed(articles, printed):
    """The text refers to what the cells the site hides print ("the
    hidden cell below lists ..."): the PDF prints it, without the code."""
    _, pages = printed
    hidden = site_hidden_outputs(articles)
    assert hidden >= 20
    assert all_text(pages).count(
        "What a cell hidden on the site prints (its code is in the "
        "notebook") == hidden


# words that only make sense on the site, in the text the PDF prints
SITE_ONLY = ["Type a number", "press Enter", "Use the buttons",
             "On this page the frames", "note above", "Show code cell",
             "Hide code cell", "Tap for full size", "Scroll"]


def test_no_words_that_only_make_sense_on_the_site(printed):
    _, pages = printed
    found = [(n, phrase) for n, page in enumerate(pages, 1)
             for phrase in SITE_ONLY if phrase in norm(page["text"])]
    assert not found, found


def test_the_pdf_says_once_where_to_get_the_notebooks(printed):
    _, pages = printed
    text = all_text(pages)
    assert text.count("download the course from its site") == 1
    assert "backprop-course.zip" in text
