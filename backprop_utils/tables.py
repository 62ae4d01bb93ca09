"""Small tables of numbers for the chapters.

What this module is for: showing every intermediate quantity of a worked
example (``z``, ``a``, the loss, each delta and gradient) as a table that
reads well on the site (HTML) and in a terminal or a test (plain text),
with the same digits in both.

What it is not for: data analysis (no sorting, no indexing): use pandas
for that; the course does not need it.
"""

import html
from numbers import Real

import numpy as np

__all__ = ["Table"]


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
        Column titles; may hold LaTeX between ``$`` signs, which MathJax
        typesets on the site.
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
        head = "".join(f"<th>{html.escape(h)}</th>" for h in self.headers)
        body = "".join(
            "<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in row)
            + "</tr>" for row in self.rows)
        cap = (f"<caption>{html.escape(self.caption)}</caption>"
               if self.caption else "")
        return (f'<table class="bp-table">{cap}<thead><tr>{head}</tr>'
                f"</thead><tbody>{body}</tbody></table>")
