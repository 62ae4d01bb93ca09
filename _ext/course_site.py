"""Sphinx additions for the course's static site.

Jupyter Book loads this module through `sphinx: local_extensions` in
_config.yml. It only removes what a static page of this course never
uses, so that no page loads dead weight or logs an error:

- sphinx-thebe's scripts and stylesheet. The site has no live code and
  no launch buttons, and the extension added its settings script twice
  per page, a console error ("Identifier 'THEBE_JS_URL' has already been
  declared") on every page.
- The ipywidgets state that myst-nb embeds in every page with a demo
  (34-67 KB of JSON). The static face of a demo is plain HTML and a few
  lines of script; nothing on the page reads the state.

It also gives the theme's colour mode a valid default: without one the
theme logs "Got invalid theme mode" on a first visit, then falls back to
"auto", which is what it is set to here.

After the build, every page is made lighter for a first visit on a
phone (the budget, 1.5 MB gzip, is checked by tests/test_site.py):

- The theme's FontAwesome *script* (540 KB gzip, the largest file of
  every page) is not loaded: the theme's stylesheet already draws the
  same icons from FontAwesome's web font.
- That web font (156 KB for its solid face alone, about 1,900 icons)
  becomes a subset with the icons the site uses (`subset_icons`): those
  whose class (``fa-bars``) appears in a page or a script of the site,
  and those the stylesheets draw themselves (the admonitions' icons, the
  contents' chevron). The stylesheet's rules for the other icons go too.
- The frames of the demos and animations, which the notebooks carry as
  ``data:`` URIs so that a notebook stands alone, become files beside
  the site (``_images/frames/``). A page then loads only the frame it
  shows; the others load when the learner moves a slider or steps an
  animation. (matplotlib's player would fetch every frame at once: its
  preloading loop is turned into a list of addresses.)

The theme's script made every page lay out all of its code, outputs
and tables at load, to give each one that scrolls a tab stop; on a
chapter that took about 1.8 s of a phone's CPU (4x slower). Its check
now runs through course.js's ``courseWhenNear``, for each element as it
comes near the view (`lazy_theme_tab_stops`); the build fails if the
theme's script no longer has that check as expected.

And every control's accessible name contains the text it shows (WCAG
2.5.3, which axe-core checks in tests/test_site.py): the theme's search
buttons were named "Search" while they show "Search Ctrl+K", and
myst-nb's hidden-cell toggles "Toggle hidden content" while they show
"Show code cell source". Their aria-label goes; their name is then
their visible text (or, where that is hidden, their title). The icons,
drawn by the web font, are hidden from screen readers.
"""

import base64
import hashlib
import os
import re
from pathlib import Path

from fontTools import subset as font_subset

WIDGET_STATE = "application/vnd.jupyter.widget-state+json"


def _unused_script(js):
    name = str(getattr(js, "filename", None) or "")
    attributes = getattr(js, "attributes", None) or {}
    return ("thebe" in name
            or "THEBE_JS_URL" in str(attributes.get("body", ""))
            or attributes.get("type") == WIDGET_STATE)


def _unused_stylesheet(css):
    return "thebe" in str(getattr(css, "filename", None) or css)


def prune_page_assets(app, pagename, templatename, context, doctree):
    """Drop the scripts and stylesheets listed in the module docstring."""
    for key, unused in (("script_files", _unused_script),
                        ("css_files", _unused_stylesheet)):
        files = context.get(key)
        if files:
            files[:] = [f for f in files if not unused(f)]


def set_default_mode(app, config):
    config.html_context.setdefault("default_mode", "auto")


FONTAWESOME_SCRIPT = re.compile(
    r'[ \t]*<script defer src="[^"]*_static/scripts/fontawesome\.js[^"]*">'
    r'</script>\n?')
# a PNG as a data: URI; matplotlib's player splits long strings over
# lines with a backslash at the end of each
DATA_PNG = re.compile(r"data:image/png;base64,((?:[A-Za-z0-9+/=]|\\\n)+)")
PLAYER_PRELOAD = """this.frames[i] = new Image();
     this.frames[i].src = frames[i];"""
PLAYER_LAZY = "this.frames[i] = {src: frames[i]};  // loaded when shown"
# aria-labels that differ from the text the control shows
MISMATCHED_NAMES = [
    (re.compile(r'(<button class="[^"]*search-button-field[^"]*"[^>]*?)'
                r' aria-label="Search"'), r"\1"),
    (re.compile(r'<summary aria-label="Toggle hidden content">'),
     "<summary>"),
]
ICON = re.compile(r'<i class="((?:fas|far|fab|fa-[a-z]+) fa-[^"]*)"></i>')


def lighten_page(text, page, outdir):
    """The page's HTML without the icon script and with its frames as
    files; returns the new text."""
    text = FONTAWESOME_SCRIPT.sub("", text)
    folder = outdir / "_images" / "frames"

    def to_file(match):
        data = base64.b64decode(match.group(1).replace("\\\n", ""))
        name = hashlib.sha256(data).hexdigest()[:24] + ".png"
        path = folder / name
        if not path.exists():
            folder.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
        return Path(os.path.relpath(path, page.parent)).as_posix()

    text = DATA_PNG.sub(to_file, text)
    for pattern, replacement in MISMATCHED_NAMES:
        text = pattern.sub(replacement, text)
    text = ICON.sub(r'<i class="\1" aria-hidden="true"></i>', text)
    return text.replace(PLAYER_PRELOAD, PLAYER_LAZY)


ICON_CLASS = re.compile(r"\bfa-[a-z0-9]+(?:-[a-z0-9]+)*")
# a theme rule that only names an icon's character:
# .fa-bars:before,.fa-navicon:before{content:"\f0c9"}
ICON_RULE = re.compile(
    r'(?<=[}\n])((?:\.fa-[a-z0-9-]+:(?:before|after),?)+)\{content:"[^"]*"\}')
CSS_STRING = re.compile(r'"(?:[^"\\]|\\.)*"')
CSS_ESCAPE = re.compile(r"\\([0-9a-fA-F]{1,6})\s?")
ICON_FACE = re.compile(
    r"url\((\.\./vendor/fontawesome/webfonts/(fa-[a-z]+-[0-9]+))"
    r'\.woff2\) format\("woff2"\),url\([^)]*\.ttf\) format\("truetype"\)')


def _private_use(css):
    """The characters of the icon fonts' private-use area that the
    strings of a stylesheet hold, written as they are or escaped."""
    found = set()
    for literal in CSS_STRING.findall(css):
        text = CSS_ESCAPE.sub(lambda m: chr(int(m.group(1), 16)), literal)
        found |= {ord(c) for c in text if 0xE000 <= ord(c) <= 0xF8FF}
    return found


def subset_icons(outdir):
    """Keep only the icons the site uses, in the font and in the theme's
    stylesheet; returns the code points kept."""
    theme = outdir / "_static" / "styles" / "pydata-sphinx-theme.css"
    fonts = outdir / "_static" / "vendor" / "fontawesome" / "webfonts"
    if not theme.is_file() or not fonts.is_dir():
        return set()
    used = set()
    for path in [*outdir.rglob("*.html"), *outdir.rglob("*.js")]:
        used |= set(ICON_CLASS.findall(path.read_text(encoding="utf-8",
                                                      errors="replace")))
    css = theme.read_text(encoding="utf-8")

    def keep_if_used(match):
        names = re.findall(r"\.(fa-[a-z0-9-]+):", match.group(1))
        return match.group(0) if used & set(names) else ""

    css = ICON_RULE.sub(keep_if_used, css)
    # every stylesheet of the site, this one as it is now included
    points = _private_use(css)
    for sheet in outdir.rglob("*.css"):
        if sheet != theme:
            points |= _private_use(sheet.read_text(encoding="utf-8",
                                                   errors="replace"))
    # read from the TrueType copy (reading woff2 would need brotli),
    # written as WOFF; both originals go
    for ttf in fonts.glob("*.ttf"):
        options = font_subset.Options()
        options.flavor = "woff"
        options.layout_features = []
        font = font_subset.load_font(str(ttf), options)
        subsetter = font_subset.Subsetter(options)
        subsetter.populate(unicodes=points)
        subsetter.subset(font)
        font_subset.save_font(font, str(ttf.with_suffix(".woff")), options)
        ttf.unlink()
        ttf.with_suffix(".woff2").unlink(missing_ok=True)
    css = ICON_FACE.sub(r'url(\1.woff) format("woff")', css)
    theme.write_text(css, encoding="utf-8")
    theme.with_suffix(".css.map").unlink(missing_ok=True)
    return points


# pydata-sphinx-theme 0.15.4's tab stops for boxes that scroll
THEME_TAB_STOP = ("e.tabIndex=e.scrollWidth>e.clientWidth||"
                  "e.scrollHeight>e.clientHeight?0:-1")
LAZY_TAB_STOP = ('window.courseWhenNear?courseWhenNear(e,"theme-tab-stop",'
                 "e=>{" + THEME_TAB_STOP + "}):" + THEME_TAB_STOP)


def lazy_theme_tab_stops(outdir):
    script = outdir / "_static" / "scripts" / "pydata-sphinx-theme.js"
    if not script.is_file():
        return
    text = script.read_text(encoding="utf-8")
    if text.count(THEME_TAB_STOP) != 1 or "courseWhenNear" in text:
        raise RuntimeError(
            f"{script}: expected the theme's tab-stop check once "
            f"({THEME_TAB_STOP!r}); update _ext/course_site.py for this "
            "version of pydata-sphinx-theme")
    script.write_text(text.replace(THEME_TAB_STOP, LAZY_TAB_STOP),
                      encoding="utf-8")
    script.with_suffix(".js.map").unlink(missing_ok=True)


def lighten_site(app, exception):
    if exception is not None or app.builder.format != "html":
        return
    outdir = Path(app.outdir)
    subset_icons(outdir)
    lazy_theme_tab_stops(outdir)
    for page in outdir.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        lighter = lighten_page(text, page, outdir)
        if lighter != text:
            page.write_text(lighter, encoding="utf-8")


def setup(app):
    app.connect("config-inited", set_default_mode)
    app.connect("build-finished", lighten_site)
    # after every other extension has added its files to the page
    app.connect("html-page-context", prune_page_assets, priority=900)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
