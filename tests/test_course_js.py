"""The site's own script (_static/course.js), run in node.js.

The browser tests (test_site.py) check what it does on the pages; here
its TeX-to-text conversion for search snippets is checked on the forms
the chapters use, and the menu-button fix is checked on stand-in
buttons.
"""

import json
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = (ROOT / "_static" / "course.js").read_text()

pytestmark = pytest.mark.skipif(shutil.which("node") is None,
                                reason="needs node.js")

STUB = """
const listeners = [];
global.document = {addEventListener: (t, f) =>
                       t === "DOMContentLoaded" && listeners.push(f),
                   querySelectorAll: () => []};
global.window = {addEventListener: () => {}};
"""


def run(program):
    out = subprocess.run(["node", "-e", STUB + SCRIPT + program],
                         capture_output=True, text=True, timeout=60,
                         check=True).stdout
    return json.loads(out)


@pytest.mark.parametrize("tex, text", [
    (r"the delta \(\delta^{(3)}\) of layer 3", "the delta δ^(3) of layer 3"),
    (r"\(a^{(2)}\)", "a^(2)"),
    (r"\(\delta^{(3)} w^{(3)}\)", "δ^(3) w^(3)"),
    (r"\(\partial \mathcal{L} / \partial z^{(l)}\)", "∂ ℒ / ∂ z^(l)"),
    (r"\(W^{(l+1)\top} \delta^{(l+1)}\)", "W^(l+1)ᵀ δ^(l+1)"),
    (r"\(\operatorname{relu}'(z)\)", "relu'(z)"),
    (r"\(\frac{1}{m}\)", "(1)/(m)"),
    (r"\(\eta\,\lambda_{\max}\)", "η λ_max"),
    (r"half of \(\tfrac12\) cut", "half of 1/2 cut"),
    (r"\(\tfrac{1}{2} (\hat y - y)^2\)", "(1)/(2) (y\u0302 - y)^2"),
])
def test_tex_becomes_readable_text(tex, text):
    got = run("console.log(JSON.stringify(courseTexToText(%s)));"
              % json.dumps(tex))
    assert got == text
    assert "\\" not in got and "{" not in got


def test_search_snippets_pass_through_the_conversion():
    program = """
global.Search = {htmlToText: (html, anchor) => html + "|" + anchor};
listeners.forEach(f => f());
console.log(JSON.stringify(Search.htmlToText("\\\\(\\\\delta\\\\)", "#x")));
"""
    assert run(program) == "δ|#x"


def test_a_tap_on_a_later_menu_button_reaches_the_first():
    # and the tapped button then lets go of the focus and the pointer, so
    # that its tooltip does not stay over the page
    program = """
const clicks = [];
global.MouseEvent = class { constructor(type) { this.type = type; } };
function button(name) {
  const on = [];
  return {name, addEventListener: (t, f) => on.push(f),
          click() { clicks.push(name); on.forEach(f => f(
              {preventDefault() {}, stopPropagation() {}})); },
          blur() { clicks.push(name + ": blur"); },
          dispatchEvent(e) { clicks.push(name + ": " + e.type); }};
}
const primary = [button("first"), button("visible on a phone")];
document.querySelectorAll = s => s === ".primary-toggle" ? primary : [];
listeners.forEach(f => f());
primary[1].click();
console.log(JSON.stringify(clicks));
"""
    assert run(program) == [
        "visible on a phone", "first", "visible on a phone: blur",
        "visible on a phone: mouseleave", "visible on a phone: mouseout"]


def test_search_snippet_starts_at_the_words_searched_for():
    text = ("Download this page .ipynb .pdf import numpy as np from "
            "backprop_utils import gradient_descent. " + "Filler text. " * 30
            + "Each sigmoid shrinks the signal. This is the vanishing "
            "gradient problem in its simplest form. " + "More text. " * 30)
    got = run("console.log(JSON.stringify(courseSnippet(%s, "
              "['vanish', 'gradient'], 'vanishing gradient')));"
              % json.dumps(text))
    # from the beginning of the sentence that has the phrase
    assert got.startswith("\u2026This is the vanishing gradient problem")
    assert got.endswith("\u2026") and len(got) <= 242


def test_search_snippet_without_the_words_starts_at_the_top():
    got = run("console.log(JSON.stringify(courseSnippet("
              "'A short page.', ['delta'], 'delta')));")
    assert got == "A short page."


@pytest.mark.parametrize("text, aligned", [
    ("N(0, 1)    x5.90\nHe         x1.04", 2),          # columns
    ("[[ 0.2 -0.1]\n [-0.1  0.3]\n [ 0.5  0.1]]", 2),    # a matrix
    ("ValueError: Y must be 2-D; got shape (10,).", 0),  # prose wraps
    ("one line  with a gap", 0),                         # not a table
])
def test_printed_tables_are_told_from_prose(text, aligned):
    got = run("console.log(JSON.stringify(courseAlignedLines(%s)));"
              % json.dumps(text))
    assert len(got) == aligned, got
