"""The course as one PDF, printed from the built site by Chromium.

Usage: python tools/build_pdf.py SITE_DIR OUT.pdf      (make pdf runs it)

The whole book is printed as one document, so that its links, outline
and page numbers are the PDF's own:

1. SITE_DIR is served on 127.0.0.1 (every other host blocked, as in the
   browser tests) and one of its pages is opened in Debian's Chromium
   with pdf/print.css and pdf/book.js added.
2. book.js imports the article of every page of _toc.yml, in order, into
   that page (pdfAssemble): ids are prefixed by the page, links between
   pages become links inside the document, each check-yourself box
   becomes a numbered question whose answer (the value the site's box
   accepts) goes to an appendix with the hidden solutions, each demo and
   animation shows one frame (a demo's first, an animation's last) with a
   caption saying where it moves,
   each figure is swapped for its print copy (pdf/figures/, made by
   `make notebooks` at 220 dpi, looked up by the SHA-1 of the site's
   PNG) at the size it was drawn, and what is wider than the column
   shrinks.
3. Chromium prints it once, untagged, with the page number in the foot.
   Every heading carries a link to itself, so the PDF has a named
   destination for each; from them pypdf builds the outline (chapters,
   sections, subsections) and the contents' page numbers, which are
   printed alone in a second, tiny print and laid over the contents.

Writes OUT.pdf and OUT.json (a manifest the tests read: the questions
and their answers, the solutions, the demos, every figure's pixels and
printed width, the headings and their pages, what was shrunk). Fails,
naming what to do, when a figure has no print copy, a heading has no
destination, or something is still wider than the column.
"""

import argparse
import hashlib
import io
import json
import logging
import sys
import time
from pathlib import Path

import pypdf
import yaml
from PIL import Image
from playwright.sync_api import sync_playwright
from pypdf.generic import Fit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT))
from browser import CHROMIUM_ARGS, block_the_network, serve  # noqa: E402

from backprop_utils._png import recorded_screen_dpi  # noqa: E402

PDF_DIR = ROOT / "pdf"
PRINT_COPIES = PDF_DIR / "figures"
CHROMIUM = "/usr/bin/chromium"
# the printed column: 182 mm (A4 less 14 mm each side, print.css) at 96
# CSS px per inch, the width of the site's own column
COLUMN_PX = 688
FOOTER = ('<div style="font-size:8pt;width:100%;text-align:center;'
          'margin-bottom:9mm;font-family:sans-serif;color:#333">'
          '<span class="pageNumber"></span></div>')


def toc_pages(root=ROOT):
    """[(key, path in the site)] of _toc.yml: the root page, then every
    chapter, in order."""
    toc = yaml.safe_load((root / "_toc.yml").read_text(encoding="utf-8"))
    docs = [toc["root"]] + [c["file"] for c in toc.get("chapters", [])]
    return [(Path(d).name, f"{d}.html") for d in docs]


def book_config(root=ROOT):
    """(title, author, public address of the site or "") of _config.yml."""
    config = yaml.safe_load((root / "_config.yml").read_text(encoding="utf-8"))
    base = (((config.get("sphinx") or {}).get("config") or {})
            .get("html_baseurl") or "")
    if base and not base.endswith("/"):
        base += "/"
    return config.get("title", ""), config.get("author", ""), base


def print_copies(site, copies=PRINT_COPIES):
    """{site path of a PNG: {src, width, file}} for every PNG of the site
    with a print copy: ``width`` is the CSS width at which the figure was
    drawn (its pixels over its dpi), so that its labels keep their size
    in points on paper."""
    found = {}
    for png in sorted((site / "_images").rglob("*.png")):
        data = png.read_bytes()
        copy = copies / (hashlib.sha1(data).hexdigest() + ".png")
        if not copy.is_file():
            continue
        dpi = recorded_screen_dpi(copy.read_bytes())
        if not dpi:
            raise SystemExit(f"{copy} records no screen dpi: run make "
                             "notebooks")
        width = Image.open(io.BytesIO(data)).size[0]
        found["/" + png.relative_to(site).as_posix()] = {
            "src": f"/_print/{copy.name}", "width": width / dpi * 96,
            "file": copy.relative_to(ROOT).as_posix()}
    return found


def named_destinations(reader):
    return {str(k).lstrip("/"): v
            for k, v in reader.named_destinations.items()}


def build(site, out):
    site, out = Path(site).resolve(), Path(out)
    if not Path(CHROMIUM).is_file():
        raise SystemExit(f"the PDF is printed by Debian's Chromium, and "
                         f"{CHROMIUM} is missing: apt-get install chromium")
    if not (site / "index.html").is_file():
        raise SystemExit(f"{site} is not a built site: run make site")
    out.parent.mkdir(parents=True, exist_ok=True)
    title, author, site_base = book_config()
    pages = toc_pages()
    copies = print_copies(site)
    logging.getLogger("pypdf").setLevel(logging.ERROR)  # trailer-size notes
    seconds = {}
    started = time.perf_counter()
    with serve(site) as base, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM,
                                     args=CHROMIUM_ARGS)
        try:
            context = browser.new_context(
                viewport={"width": COLUMN_PX, "height": 1000})
            blocked = []
            block_the_network(context, blocked)
            context.route(f"{base}/_print/*", lambda route: route.fulfill(
                path=str(PRINT_COPIES / route.request.url.rsplit("/", 1)[1]),
                content_type="image/png"))
            page = context.new_page()
            errors = []
            page.on("pageerror", lambda e: errors.append(str(e)))
            # a short chapter page as the shell: the site's CSS and fonts
            page.goto(f"{base}/chapters/notation.html", wait_until="load")
            page.emulate_media(media="print")
            page.add_style_tag(path=str(PDF_DIR / "print.css"))
            page.add_script_tag(path=str(PDF_DIR / "book.js"))
            summary = page.evaluate("(o) => pdfAssemble(o)", {
                "pages": [{"key": k, "url": f"{base}/{p}"} for k, p in pages],
                "siteBase": site_base, "copies": copies})
            seconds["assemble"] = time.perf_counter() - started
            problems = _problems(summary, blocked, errors)
            if problems:
                raise SystemExit("the PDF was not printed:\n  "
                                 + "\n  ".join(problems))
            t = time.perf_counter()
            body = page.pdf(format="A4", print_background=True,
                            prefer_css_page_size=True, outline=False,
                            tagged=False, display_header_footer=True,
                            header_template="<span></span>",
                            footer_template=FOOTER)
            seconds["print"] = time.perf_counter() - t
            reader = pypdf.PdfReader(io.BytesIO(body))
            dests = named_destinations(reader)
            heads = [h for c in summary["chapters"] for h in c["heads"]]
            lost = [h["id"] for h in heads if h["id"] not in dests]
            if lost:
                raise SystemExit(f"headings without a destination in the "
                                 f"PDF: {lost[:10]}")
            for h in heads:
                h["page"] = reader.get_destination_page_number(
                    dests[h["id"]]) + 1
            # the contents' numbers, printed alone and laid over its pages
            t = time.perf_counter()
            filled = page.evaluate("(p) => pdfFillToc(p)",
                                   {h["id"]: h["page"] for h in heads})
            page.evaluate("() => pdfNumbersOnly()")
            numbers = pypdf.PdfReader(io.BytesIO(page.pdf(
                format="A4", prefer_css_page_size=True,
                display_header_footer=True,
                header_template="<span></span>",
                footer_template="<span></span>")))
            seconds["contents"] = time.perf_counter() - t
        finally:
            browser.close()
    writer = pypdf.PdfWriter(clone_from=reader)
    for i, numbered in enumerate(numbers.pages):
        writer.pages[i].merge_page(numbered)
    _outline(writer, reader, dests, heads)
    writer.page_mode = "/UseOutlines"
    writer.add_metadata({"/Title": title, "/Author": author})
    buf = io.BytesIO()
    writer.write(buf)
    out.write_bytes(buf.getvalue())
    seconds["total"] = time.perf_counter() - started
    for s in summary["solutions"]:
        s.pop("html", None)
    summary.update(pages=len(reader.pages), bytes=len(buf.getvalue()),
                   contents_pages=len(numbers.pages), contents_filled=filled,
                   seconds={k: round(v, 2) for k, v in seconds.items()})
    out.with_suffix(".json").write_text(json.dumps(summary, indent=1,
                                                   ensure_ascii=False))
    return summary


def _problems(summary, blocked, errors):
    """What stops the print: a figure without its print copy, a formula
    or table still wider than the column, a request off the machine, a
    script error."""
    problems = []
    missing = sorted({i["site"] for i in summary["images"]
                      if not i["copy"]})
    if missing:
        problems.append(
            f"{len(missing)} figures have no print copy in "
            f"{PRINT_COPIES.relative_to(ROOT)} (run make notebooks, then "
            f"commit the notebooks and pdf/figures): {missing[:5]}")
    wide = [f for f in summary["fit"] if f.get("fits") is False]
    if wide:
        problems.append(f"still wider than the column: {wide[:5]}")
    if blocked:
        problems.append(f"requests off the machine: {blocked[:5]}")
    if errors:
        problems.append(f"script errors: {errors[:5]}")
    return problems


def _outline(writer, reader, dests, heads):
    """Chapters, their sections and subsections, from our own headings."""
    parents = {}
    for h in [{"level": 1, "text": "Contents", "id": "contents"}] + heads:
        d = dests.get(h["id"])
        if d is None:
            continue
        parent = parents.get(h["level"] - 1) if h["level"] > 1 else None
        item = writer.add_outline_item(
            title=h["text"], page_number=reader.get_destination_page_number(d),
            parent=parent, fit=Fit.xyz(left=0, top=float(d["/Top"])))
        parents[h["level"]] = item
        for deeper in range(h["level"] + 1, 7):
            parents.pop(deeper, None)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("site", help="the built site (_build/html)")
    parser.add_argument("out", help="the PDF to write")
    args = parser.parse_args(argv)
    summary = build(args.site, args.out)
    print(f"{args.out}: {summary['pages']} pages, "
          f"{summary['bytes'] / 1e6:.1f} MB, {len(summary['questions'])} "
          f"questions, {len(summary['solutions'])} solutions, "
          f"{len(summary['images'])} figures; "
          f"{summary['seconds']['total']:.0f} s")


if __name__ == "__main__":
    main()
