"""The site's math, typeset when the book is built (KaTeX under node).

A phone reader used to wait for MathJax to typeset every equation after
the page arrived: 6-11 s on a chapter, with the CPU of a mid-range
phone, while the page showed raw TeX or jumped as each equation was set.
Here the build does that work once. The reader's browser gets HTML and
one stylesheet, and runs no script for math.

- Sphinx writes each equation as MathJax expects it, ``\\(...\\)`` in a
  ``span.math`` and ``\\[...\\]`` in a ``div.math``. So do the package's
  tables and check-yourself boxes (``mathjax_process``), the catalogue's
  printed markdown, captions and headings.
- After the build, every page is read with the rules MathJax applied in
  the browser (`Scanner`): math is looked for in the text of the elements
  it processed (classes ``math``, ``mathjax_process``,
  ``tex2jax_process``, ``output_area``, or anything outside an element of
  class ``mathjax_ignore``/``tex2jax_ignore``), never inside ``pre``,
  ``code``, ``script``, ``style`` or ``textarea``. The delimiters are
  MathJax's: ``\\(...\\)`` inline; ``\\[...\\]``, ``$$...$$`` and
  ``\\begin{env}...\\end{env}`` displayed.
- All the TeX of the site goes to one node process (tools/katex_render.js)
  and comes back as KaTeX's HTML, which the page shows, with its MathML,
  which screen readers read and which carries the TeX (select and copy).
- TeX that KaTeX cannot typeset, or a delimiter left open, fails the
  build with the page and the TeX: nothing is left raw for a reader.
- Each page with math links KaTeX's stylesheet and preloads the fonts
  its math uses, so the fonts arrive with the page and the math does not
  move when they come. Only the woff2 fonts are copied (every browser
  that can show the site reads woff2).
- And KaTeX's copy-tex (0.8 KB): text copied from a page has its math
  as TeX between dollars, instead of the glyphs and their MathML twice.

MathJax's own script is no longer added: a renderer registered here
takes its place (Sphinx prefers a registered renderer to MathJax), and
it writes the same markup as Sphinx's MathJax renderer.
"""

import html
import json
import os
import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

from sphinx.errors import ExtensionError
from sphinx.ext import mathjax as sphinx_mathjax

ROOT = Path(__file__).resolve().parent.parent
KATEX = ROOT / "node_modules" / "katex" / "dist"
RENDER = ROOT / "tools" / "katex_render.js"
STATIC = "_static/katex"

PROCESS = {"math", "mathjax_process", "tex2jax_process", "output_area"}
IGNORE = {"mathjax_ignore", "tex2jax_ignore"}
SKIP_TAGS = {"script", "style", "pre", "code", "textarea", "noscript",
             "annotation", "annotation-xml"}
VOID_TAGS = {"area", "base", "br", "col", "embed", "hr", "img", "input",
             "link", "meta", "param", "source", "track", "wbr"}
# where math may start: \( \[ $$ \begin{env}, and \$ (an escaped dollar)
OPENING = re.compile(r"\\\(|\\\[|\$\$|\\begin\{([^}]*)\}|\\\$")


class MathError(ExtensionError):
    pass


def find_math(text):
    """The math in one run of text, as MathJax finds it: a list of
    ``(start, end, tex, display)`` spans of `text`. Raises ValueError
    for a delimiter that is never closed."""
    found, at = [], 0
    while True:
        m = OPENING.search(text, at)
        if not m:
            return found
        opening = m.group(0)
        if opening == "\\$":            # an escaped dollar is a dollar
            found.append((m.start(), m.end(), None, False))
            at = m.end()
            continue
        if m.group(1) is not None:
            closing, inner_from = f"\\end{{{m.group(1)}}}", m.start()
        else:
            closing = {"\\(": "\\)", "\\[": "\\]", "$$": "$$"}[opening]
            inner_from = m.end()
        end = _closing(text, m.end(), closing)
        if end < 0:
            raise ValueError(f"{opening} is never closed: "
                             f"{text[m.start():m.start() + 80]!r}")
        if m.group(1) is not None:
            tex, stop = text[inner_from:end + len(closing)], end + len(closing)
        else:
            tex, stop = text[inner_from:end], end + len(closing)
        found.append((m.start(), stop, tex, opening != "\\("))
        at = stop


def _closing(text, i, closing):
    """Where `closing` first appears after `i` outside braces, skipping
    escaped characters; -1 if nowhere."""
    depth = 0
    while i < len(text):
        c = text[i]
        if text.startswith(closing, i) and depth == 0:
            return i
        if c == "\\":
            i += 2
            continue
        if c == "{":
            depth += 1
        elif c == "}":
            depth = max(depth - 1, 0)
        i += 1
    return -1


class Scanner(HTMLParser):
    """Finds the runs of text of a page in which MathJax looked for math:
    ``runs``, a list of ``(start, end)`` offsets into the page."""

    def __init__(self, page):
        super().__init__(convert_charrefs=True)
        self.page = page
        self.lines = [0]
        for line in page.splitlines(keepends=True):
            self.lines.append(self.lines[-1] + len(line))
        self.stack = []       # (tag, "process" | "ignore" | None)
        self.runs = []
        self._text_from = None
        self.feed(page)
        self.close()
        self._end_text(len(page))

    def _offset(self):
        line, col = self.getpos()
        return self.lines[line - 1] + col

    def _end_text(self, at):
        if self._text_from is not None and self._searched():
            self.runs.append((self._text_from, at))
        self._text_from = None

    def _searched(self):
        for tag, _ in self.stack:
            if tag in SKIP_TAGS:
                return False
        for _, mark in reversed(self.stack):
            if mark:
                return mark == "process"
        return True

    def handle_starttag(self, tag, attrs):
        self._end_text(self._offset())
        if tag in VOID_TAGS:
            return
        classes = set((dict(attrs).get("class") or "").split())
        mark = ("process" if classes & PROCESS
                else "ignore" if classes & IGNORE else None)
        self.stack.append((tag, mark))

    def handle_startendtag(self, tag, attrs):
        self._end_text(self._offset())

    def handle_endtag(self, tag):
        self._end_text(self._offset())
        for i in range(len(self.stack) - 1, -1, -1):
            if self.stack[i][0] == tag:
                del self.stack[i:]
                return

    def handle_data(self, data):
        if self._text_from is None:
            self._text_from = self._offset()

    def handle_comment(self, data):
        self._end_text(self._offset())

    handle_decl = handle_pi = unknown_decl = handle_comment


def page_math(page):
    """Every piece of math on a page: ``(start, end, tex, display)``,
    where tex is None for an escaped dollar."""
    found = []
    for start, end in Scanner(page).runs:
        try:
            spans = find_math(page[start:end])
        except ValueError as error:
            raise ValueError(f"{error} (at character {start})") from None
        for s, e, tex, display in spans:
            found.append((start + s, start + e,
                          None if tex is None else html.unescape(tex),
                          display))
    return found


def typeset_all(items):
    """KaTeX's HTML for each ``(tex, display)``, in one node process."""
    if not items:
        return []
    if not (KATEX / "katex.min.js").is_file():
        raise MathError(
            "KaTeX is not installed: run `make book` (it runs `npm ci`), "
            f"or `npm ci` in {ROOT}")
    done = subprocess.run(
        ["node", str(RENDER)], input=json.dumps(items), cwd=ROOT,
        capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise MathError(f"{RENDER.name} failed: {done.stderr.strip()}")
    return json.loads(done.stdout)


# KaTeX's classes, and the font each one makes its math use (from
# katex.css); a page preloads the fonts of the classes it has, and
# tests/test_site.py checks that every font a page loads was preloaded
FONT_OF_CLASS = {
    "mathnormal": "Math-Italic",
    "mathit": "Main-Italic", "textit": "Main-Italic",
    "mathbf": "Main-Bold", "textbf": "Main-Bold",
    "boldsymbol": "Math-BoldItalic", "amsrm": "AMS-Regular",
    "mathbb": "AMS-Regular", "textbb": "AMS-Regular",
    "mathcal": "Caligraphic-Regular", "mathfrak": "Fraktur-Regular",
    "mathtt": "Typewriter-Regular", "texttt": "Typewriter-Regular",
    "mathscr": "Script-Regular", "mathsf": "SansSerif-Regular",
    "textsf": "SansSerif-Regular", "size1": "Size1-Regular",
    "delim-size1": "Size1-Regular", "small-op": "Size1-Regular",
    "size2": "Size2-Regular", "large-op": "Size2-Regular",
    "size3": "Size3-Regular", "size4": "Size4-Regular",
    "delim-size4": "Size4-Regular",
}
KATEX_CLASS = re.compile(r'class="([^"]*)"')


def fonts_used(typeset_html):
    fonts = {"Main-Regular"}
    for m in KATEX_CLASS.finditer(typeset_html):
        for name in m.group(1).split():
            if name in FONT_OF_CLASS:
                fonts.add(FONT_OF_CLASS[name])
    return sorted(fonts)


def head_links(page_path, outdir, fonts):
    to_static = Path(os.path.relpath(outdir / STATIC, page_path.parent))
    links = [f'<link rel="stylesheet" href="{to_static.as_posix()}/'
             'katex.min.css" />',
             f'<script defer src="{to_static.as_posix()}/copy-tex.min.js">'
             '</script>']
    for font in fonts:
        links.append(f'<link rel="preload" href="{to_static.as_posix()}/'
                     f'fonts/KaTeX_{font}.woff2" as="font" type="font/woff2"'
                     ' crossorigin />')
    return "\n    ".join(links)


def copy_katex(outdir):
    """KaTeX's stylesheet, with its woff2 fonts only, and copy-tex."""
    target = outdir / STATIC
    (target / "fonts").mkdir(parents=True, exist_ok=True)
    css = (KATEX / "katex.min.css").read_text(encoding="utf-8")
    css = re.sub(r',url\(fonts/[^)]*\.(?:woff|ttf)\) format\("[a-z]+"\)',
                 "", css)
    (target / "katex.min.css").write_text(css, encoding="utf-8")
    shutil.copyfile(KATEX / "contrib" / "copy-tex.min.js",
                    target / "copy-tex.min.js")
    for font in (KATEX / "fonts").glob("*.woff2"):
        shutil.copyfile(font, target / "fonts" / font.name)


def typeset_site(app, exception):
    if exception is not None or app.builder.format != "html":
        return
    outdir = Path(app.outdir)
    pages = {}
    for path in sorted(outdir.rglob("*.html")):
        text = path.read_text(encoding="utf-8")
        try:
            found = page_math(text)
        except ValueError as error:
            raise MathError(f"{path.relative_to(outdir)}: {error}") from None
        if found:
            pages[path] = (text, found)
    wanted = sorted({(tex, display) for _, found in pages.values()
                     for _, _, tex, display in found if tex is not None})
    typeset = dict(zip(wanted, typeset_all([list(w) for w in wanted])))
    errors = [f"{tex!r}: {typeset[(tex, d)]['error']}"
              for tex, d in wanted if "error" in typeset[(tex, d)]]
    if errors:
        raise MathError("KaTeX cannot typeset this TeX:\n  "
                        + "\n  ".join(errors[:20]))
    copy_katex(outdir)
    for path, (text, found) in pages.items():
        out, at, shown = [], 0, []
        for start, end, tex, display in found:
            out.append(text[at:start])
            if tex is None:
                out.append("$")
            else:
                piece = typeset[(tex, display)]["html"]
                shown.append(piece)
                out.append(piece)
            at = end
        out.append(text[at:])
        text = "".join(out)
        if shown:
            links = head_links(path, outdir, fonts_used("".join(shown)))
            text = text.replace("</head>", f"    {links}\n  </head>", 1)
        path.write_text(text, encoding="utf-8")


def setup(app):
    # the markup of Sphinx's MathJax renderer, under another name: with a
    # second renderer registered, Sphinx uses it and adds no MathJax
    app.add_html_math_renderer(
        "katex_at_build",
        (sphinx_mathjax.html_visit_math, None),
        (sphinx_mathjax.html_visit_displaymath, None))
    # before course_site's own post-processing of the pages
    app.connect("build-finished", typeset_site, priority=400)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
