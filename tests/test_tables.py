import numpy as np
import pytest

from backprop_utils import Table


def test_table_text_and_html_show_the_same_digits():
    t = Table([["$z$", 0.123456789], ["$a$", np.array([1.0, -0.5])],
               ["zero", 0.0]], ["quantity", "value"], digits=4)
    text = str(t)
    assert "0.1235" in text and "[1, -0.5]" in text
    html = t._repr_html_()
    assert html.count("<tr>") == 4           # header + 3 rows
    assert "<td>0.1235</td>" in html and "<td>0</td>" in html


def test_table_rows_must_match_headers():
    with pytest.raises(ValueError, match="row 1 has 1 cells; expected 2"):
        Table([["a", 1], ["b"]], ["name", "value"])
