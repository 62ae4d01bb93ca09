"""The mistakes page's section on one mistake (``catalogue_entry``),
which tools/execute_notebooks.py writes into chapters/mistakes.ipynb."""

from .record import PAGE_NAMES

__all__ = ["catalogue_entry"]


def _right_then_wrong(code):
    """``right  # not wrong`` as two lines, so that neither is cut off on
    a narrow screen."""
    lines = []
    for line in code.splitlines():
        right, sep, wrong = line.partition("  # not ")
        lines += [right, f"# not: {wrong}"] if sep else [line]
    return "\n".join(lines)


def _wrong_over_right(equation):
    r"""``wrong \quad (\text{should be } right)`` as two centred lines, so
    that the correction is not cut off at the edge of a phone."""
    wrong, sep, right = equation.partition(r" \quad (")
    if not sep:
        return equation
    return (r"\begin{gathered}" + wrong + r" \\ (" + right
            + r"\end{gathered}")


def catalogue_entry(mistake):
    """The section of the mistakes page (chapters/mistakes.ipynb) on one
    mistake, as MyST markdown: a heading, what the checker says, why, the
    equation, the right line of code, where the course explains it and
    which exercises recognise it. ``tools/execute_notebooks.py`` writes
    the page's sections from these, so that its contents list them."""
    from .. import EXERCISES               # the exercises that use it
    used_in = [name for name, ex in EXERCISES.items()
               if mistake.name in ex.recognises]
    where = ("" if mistake.page == "mistakes.ipynb" else
             f"Explained in [{PAGE_NAMES[mistake.page]}]({mistake.where}). ")
    return f"""## {mistake.title}

What the checker says: *{mistake.says}*.

Why it is a mistake: {mistake.why}.

In an equation:

$$
{_wrong_over_right(mistake.equation)}
$$

In code, the right line, and under it the mistaken one:

```python
{_right_then_wrong(mistake.code)}
```

{where}Recognised in the exercises {", ".join(f"`{n}`" for n in used_in)}.
"""
