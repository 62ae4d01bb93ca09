"""Small tables of numbers for the chapters.

What this module is for: showing every intermediate quantity of a worked
example (``z``, ``a``, the loss, each delta and gradient) as a table that
reads well on the site (HTML) and in a terminal or a test (plain text),
with the same digits in both.

What it is not for: data analysis (no sorting, no indexing): use pandas
for that; the course does not need it.
"""

import html
import re
from numbers import Real

import numpy as np

__all__ = ["Table"]


# Inline math between single dollar signs, as in the chapters' Markdown.
_DOLLAR_MATH = re.compile(r"\$([^$]+)\$")

# Space between columns and numbers aligned on the right, in the page's
# own font with digits of equal width; inline so that the table looks
# the same on the site and in Jupyter.
_TABLE_STYLE = "border-collapse: collapse; margin: 0.5em 0;"
_CELL_STYLE = "padding: 0.2em 0.5em; border-bottom: 1px solid #ddd;"
_NUMBER_STYLE = (_CELL_STYLE + " text-align: right;"
                 " font-variant-numeric: tabular-nums;")
_TEXT_STYLE = _CELL_STYLE + " text-align: left;"


def _html_text(text):
    """Escape text for HTML; inline math ``$...$`` becomes ``\\(...\\)``,
    which MathJax typesets on the site and Jupyter typesets too."""
    parts = _DOLLAR_MATH.split(text)
    # even parts are text, odd parts the math between the dollars
    return "".join(
        html.escape(part) if i % 2 == 0
        else r"\(" + html.escape(part, quote=False) + r"\)"
        for i, part in enumerate(parts))


def _is_number(value):
    return not isinstance(value, str)


def _fmt(value, digits):
    if isinstance(value, str):
        return value
    if isinstance(value, (bool, np.bool_)):
        return str(bool(value))
    if isinstance(value, Real) or np.ndim(value) == 0:
        v = float(value)
        if v == 0.0:
            return "0"
        return f"{v:.{digits}g}"
    arr = np.asarray(value, dtype=float)
    return "[" + ", ".join(_fmt(v, digits) for v in arr.ravel()) + "]"


class Table:
    """A table of labelled rows.

    Parameters
    ----------
    rows : sequence of sequences
        One entry per cell: a number (printed with ``digits`` significant
        digits), a small array (printed as a list) or a string.
    headers : sequence of str
        Column titles; may hold LaTeX between ``$`` signs (as may string
        cells), which is typeset on the site and in Jupyter. The plain
        text form keeps the dollars.
    digits : int, default 6
        Significant digits of every number.
    caption : str, optional

    Examples
    --------
    >>> t = Table([["z", 0.5], ["a", 0.622459]], ["quantity", "value"],
    ...           digits=3)
    >>> print(t)
    quantity  value
    --------  -----
    z         0.5
    a         0.622
    """

    def __init__(self, rows, headers, digits=6, caption=None):
        self.headers = [str(h) for h in headers]
        self.rows = [[_fmt(v, digits) for v in row] for row in rows]
        # numbers are aligned on the right in HTML, text on the left
        self._numeric = [[_is_number(v) for v in row] for row in rows]
        for i, row in enumerate(self.rows):
            if len(row) != len(self.headers):
                raise ValueError(
                    f"row {i} has {len(row)} cells; expected "
                    f"{len(self.headers)}, one per header")
        self.caption = caption

    def __str__(self):
        cols = list(zip(self.headers, *self.rows))
        widths = [max(len(c) for c in col) for col in cols]
        lines = ["  ".join(h.ljust(w) for h, w in zip(self.headers, widths))
                 .rstrip()]
        lines.append("  ".join("-" * w for w in widths))
        for row in self.rows:
            lines.append("  ".join(c.ljust(w) for c, w in zip(row, widths))
                         .rstrip())
        if self.caption:
            lines.insert(0, self.caption)
        return "\n".join(lines)

    __repr__ = __str__

    def _repr_html_(self):
        # a column of numbers has its title on the right, over them
        numeric = [all(nums[c] for nums in self._numeric) and
                   bool(self._numeric) for c in range(len(self.headers))]
        head = "".join(
            f'<th style="{_NUMBER_STYLE if num else _TEXT_STYLE}">'
            f"{_html_text(h)}</th>" for h, num in zip(self.headers, numeric))
        body = "".join(
            "<tr>" + "".join(
                f'<td style="{_NUMBER_STYLE if num else _TEXT_STYLE}">'
                f"{_html_text(c)}</td>"
                for c, num in zip(row, nums)) + "</tr>"
            for row, nums in zip(self.rows, self._numeric))
        cap = (f"<caption>{_html_text(self.caption)}</caption>"
               if self.caption else "")
        # a wide table scrolls sideways inside its own box on a narrow
        # screen instead of running off the page; the site's MathJax
        # skips cell outputs unless told (class mathjax_process)
        return ('<div class="bp-table-scroll mathjax_process" '
                'style="overflow-x: auto;">'
                f'<table class="bp-table" style="{_TABLE_STYLE}">{cap}'
                f"<thead><tr>{head}</tr></thead><tbody>{body}</tbody>"
                "</table></div>")
