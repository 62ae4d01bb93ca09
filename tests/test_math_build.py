"""The site's math is typeset when the book is built (_ext/course_math.py)
and its icons are a subset of the theme's icon font (_ext/course_site.py).

The finder is tried on MathJax's rules, one by one; KaTeX on TeX it can
and cannot typeset; then every built page: no math left for a browser to
typeset, every formula with the MathML that a screen reader reads and
the TeX that a copy takes, the stylesheet and the fonts it needs. The
browser's side (fonts loaded, nothing raw on screen) is in test_site.py.
"""

import importlib.util
import re
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def _load(name):
    spec = importlib.util.spec_from_file_location(
        name, ROOT / "_ext" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


course_math = _load("course_math")
course_site = _load("course_site")
find_math, page_math = course_math.find_math, course_math.page_math
needs_katex = pytest.mark.skipif(
    shutil.which("node") is None
    or not (course_math.KATEX / "katex.min.js").is_file(),
    reason="node or KaTeX (npm ci) missing")


def test_finds_each_delimiter_as_mathjax_does():
    text = (r"a \(x_1\) b \[y\] c $$z$$ d "
            r"\begin{align} p &= q \end{align} e")
    found = [(text[s:e], tex, display)
             for s, e, tex, display in find_math(text)]
    assert found == [
        (r"\(x_1\)", "x_1", False),
        (r"\[y\]", "y", True),
        ("$$z$$", "z", True),
        (r"\begin{align} p &= q \end{align}",
         r"\begin{align} p &= q \end{align}", True)]


def test_a_closing_delimiter_inside_braces_or_escaped_does_not_close():
    text = r"\(\text{\)} + \{ 1 \}\) after"
    (start, end, tex, _), = find_math(text)
    assert tex == r"\text{\)} + \{ 1 \}"
    assert text[end:] == " after"


def test_an_escaped_dollar_is_a_dollar_and_one_dollar_is_not_math():
    found = find_math(r"costs \$5 and $3")
    assert [(tex, display) for _, _, tex, display in found] == [
        (None, False)]


@pytest.mark.parametrize("text", [r"a \(x", r"\[y", "$$z", r"\begin{a} x"])
def test_a_delimiter_left_open_is_an_error(text):
    with pytest.raises(ValueError, match="never closed"):
        find_math(text)


def _tex(page):
    return [tex for _, _, tex, _ in page_math(page)]


def test_math_is_looked_for_where_mathjax_looked():
    page = (
        r'<p>\(top\)</p>'
        r'<section class="tex2jax_ignore mathjax_ignore">'
        r'<p>\(ignored\) <span class="math">\(inline\)</span></p>'
        r'<div class="math">\[shown\]</div>'
        r'<div class="bp-table-scroll mathjax_process"><table><tr>'
        r'<td>\(in a table\)</td></tr></table>'
        r'<div class="bp-check mathjax_ignore">\(in a reply\)</div></div>'
        r'<div class="output_area"><pre>\(printed\)</pre>'
        r'<code>\(code\)</code><span>\(output\)</span></div>'
        r'<script>var s = "\(script\)";</script>'
        r'<div class="math"><br/>\(after a void tag\)<img src="x.png">'
        r'\(after an image\)</div>'
        r'</section>')
    assert _tex(page) == ["top", "inline", "shown", "in a table",
                          "output", "after a void tag", "after an image"]


def test_the_tex_is_read_without_its_html_escapes():
    assert _tex('<span class="math">\\(a &lt; b &amp;&amp; c\\)</span>') \
        == ["a < b && c"]
    # and the offsets point into the page as written
    page = 'x <span class="math">\\(a &lt; b\\)</span> y'
    (start, end, _, _), = page_math(page)
    assert page[start:end] == "\\(a &lt; b\\)"


@needs_katex
def test_katex_typesets_with_mathml_and_the_tex_for_copying():
    shown, = course_math.typeset_all([[r"\frac{\partial C}{\partial w}",
                                       True]])
    html = shown["html"]
    assert 'class="katex-display"' in html
    assert "<math" in html and 'display="block"' in html
    assert ('<annotation encoding="application/x-tex">'
            r"\frac{\partial C}{\partial w}</annotation>") in html
    assert 'class="katex-html" aria-hidden="true"' in html


@needs_katex
def test_tex_katex_cannot_typeset_is_an_error_with_its_message():
    open_brace, unknown, good = course_math.typeset_all(
        [[r"\frac{1", False], [r"\notacommand x", False], ["x", False]])
    assert "expected '}'" in open_brace["error"]
    assert "notacommand" in unknown["error"]
    assert "html" in good and "error" not in good


def test_fonts_are_named_from_the_classes_of_the_math():
    html = ('<span class="mord mathnormal">x</span>'
            '<span class="delimsizing size2">(</span>'
            '<span class="mord mathcal">L</span>')
    assert course_math.fonts_used(html) == [
        "Caligraphic-Regular", "Main-Regular", "Math-Italic",
        "Size2-Regular"]
    for font in course_math.FONT_OF_CLASS.values():
        assert (course_math.KATEX / "fonts" / f"KaTeX_{font}.woff2"
                ).is_file() or not course_math.KATEX.is_dir(), font


# ---- the built site ----------------------------------------------------

def _pages(site):
    return sorted(site.rglob("*.html"))


def test_no_page_leaves_math_to_the_browser(site):
    for path in _pages(site):
        text = path.read_text(encoding="utf-8")
        assert not page_math(text), f"{path.name}: TeX left to typeset"
        assert not re.search(r"<script[^>]*mathjax", text, re.I), path.name
        assert "window.MathJax" not in text, path.name
    assert not (site / "_static" / "mathjax").exists()


def test_every_formula_carries_mathml_and_its_tex(site):
    counted = 0
    for path in _pages(site):
        text = path.read_text(encoding="utf-8")
        formulas = text.count('<span class="katex">')
        assert text.count('<span class="katex-mathml"><math') == formulas
        assert text.count('<annotation encoding="application/x-tex">') \
            == formulas
        if formulas:
            assert "_static/katex/katex.min.css" in text, path.name
        counted += formulas
    assert counted > 1000     # the chapters have hundreds each


def test_every_preloaded_font_exists_and_every_page_preloads_the_main_ones(
        site):
    for path in _pages(site):
        text = path.read_text(encoding="utf-8")
        fonts = re.findall(r'<link rel="preload" href="([^"]+\.woff2)"', text)
        for href in fonts:
            assert (path.parent / href).resolve().is_file(), href
        if '<span class="katex">' in text:
            names = {Path(f).name for f in fonts}
            assert {"KaTeX_Main-Regular.woff2",
                    "KaTeX_Math-Italic.woff2"} <= names, path.name


def test_the_icon_font_holds_every_icon_the_site_shows(site):
    from fontTools.ttLib import TTFont

    css = (site / "_static" / "styles" / "pydata-sphinx-theme.css"
           ).read_text(encoding="utf-8")
    fonts = site / "_static" / "vendor" / "fontawesome" / "webfonts"
    solid = set(TTFont(fonts / "fa-solid-900.woff").getBestCmap())
    # the icons of the theme as installed, before the subset
    import pydata_sphinx_theme
    original = (Path(pydata_sphinx_theme.__file__).parent / "theme"
                / "pydata_sphinx_theme" / "static" / "styles"
                / "pydata-sphinx-theme.css").read_text(encoding="utf-8")
    icon_names = set(re.findall(r"\.(fa-[a-z0-9-]+):before", original))
    used = set()
    for path in _pages(site):
        for classes in re.findall(r'class="([^"]*)"',
                                  path.read_text(encoding="utf-8")):
            used |= set(classes.split())
    icons = used & icon_names
    assert {"fa-bars", "fa-magnifying-glass", "fa-download"} <= icons
    char = r'"(\\[0-9a-f]{1,6}|[^"\\])"'     # "\f065" or the character

    def code(text):
        return int(text[1:], 16) if text.startswith("\\") else ord(text)

    for icon in icons:
        m = re.search(r"\." + icon + r":before[^{]*\{content:" + char, css)
        assert m, f"{icon}: no rule left in the theme's stylesheet"
        assert code(m.group(1)) in solid, f"{icon}: not in the font"
    # the admonitions' icons, which the stylesheet draws itself
    for name in ("info-circle", "lightbulb", "exclamation-triangle"):
        m = re.search(r"--pst-icon-" + name + ":" + char, css)
        assert m and code(m.group(1)) in solid, name
    # and only a small subset: the whole solid face was 156 KB
    weight = sum(f.stat().st_size for f in fonts.iterdir())
    assert weight < 20_000, weight
    assert not list(fonts.glob("*.woff2")) + list(fonts.glob("*.ttf"))
