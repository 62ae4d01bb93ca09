import re

import numpy as np
import pytest

from backprop_utils import Table


def cells(html):
    """The text of every <th>/<td>, in order."""
    return re.findall(r"<t[hd](?: [^>]*)?>(.*?)</t[hd]>", html)


def test_table_text_and_html_show_the_same_digits():
    t = Table([["$z$", 0.123456789], ["$a$", np.array([1.0, -0.5])],
               ["zero", 0.0]], ["quantity", "value"], digits=4)
    text = str(t)
    assert "0.1235" in text and "[1, -0.5]" in text
    html = t._repr_html_()
    assert html.count("<tr>") == 4           # header + 3 rows
    assert cells(html) == ["quantity", "value", r"\(z\)", "0.1235",
                           r"\(a\)", "[1, -0.5]", "zero", "0"]


def test_table_columns_are_spaced_and_numbers_aligned_right():
    # numbers must not run together on the page ("0.689970.071128"):
    # every cell has horizontal padding; numbers align on the right
    t = Table([[1, 0.68997, 0.071128]], ["layer", "a", "b"], digits=5)
    html = t._repr_html_()
    tds = re.findall(r'<td style="([^"]*)">([^<]*)</td>', html)
    assert [text for _, text in tds] == ["1", "0.68997", "0.071128"]
    for style, _ in tds:
        pad = re.search(r"padding: [\d.]+em ([\d.]+)em", style)
        assert pad and float(pad.group(1)) >= 0.5, style
        assert "text-align: right" in style
    # the titles of columns of numbers sit over them, on the right; a
    # column with text keeps its title on the left
    ths = re.findall(r"<th ([^>]*)>", html)
    assert all("text-align: right" in th for th in ths), ths
    mixed = Table([["a", 1.0], [2.0, 3.0]], ["mixed", "numbers"])._repr_html_()
    ths = re.findall(r"<th ([^>]*)>", mixed)
    assert "text-align: left" in ths[0] and "text-align: right" in ths[1]


def test_table_headers_are_typeset_and_escaped():
    t = Table([["a < b", 1.0]], [r"$\sigma'(z^{(l)})$ & more", "v"])
    html = t._repr_html_()
    assert cells(html)[0] == r"\(\sigma'(z^{(l)})\) &amp; more"
    assert cells(html)[2] == "a &lt; b"
    assert r"$\sigma'(z^{(l)})$ & more" in str(t)   # plain text keeps $


def test_table_rows_must_match_headers():
    with pytest.raises(ValueError, match="row 1 has 1 cells; expected 2"):
        Table([["a", 1], ["b"]], ["name", "value"])
