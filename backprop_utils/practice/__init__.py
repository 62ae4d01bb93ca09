"""Write it yourself: exercises whose checker names the mistake.

What this subpackage is for: a chapter gives the learner a function to
write (``check("ch2.grad_W", grad_W)``); the checker runs it on a few
seeded cases chosen to tell mistakes apart, and answers with one of:
correct; not attempted yet; a known mistake (with why, and where the
course explains it); an argument changed in place; another result on a
second call; an odd result; an argument returned itself where a new
object is asked for; the time limit reached; an error inside the
function (its message and line); the wrong shape; or wrong in a way it
does not know (the first entry that differs, and where the course
derives the result).

- ``catalogue``: the mistakes (``MISTAKES``), each with what the checker
  says, why, and where the course explains it; the mistakes page is
  written from it.
- ``engine``: ``Exercise``, ``exercise()``, which registers one, and
  ``check()``, which says what went wrong;
- ``outcomes``: running a function on the cases and comparing what came
  back; ``factors``: naming a constant factor.
- ``ch1`` ... ``ch8``: each chapter's exercises; a new chapter adds one
  module and one import below.

What it is not for: grading, or any function outside ``EXERCISES``.
The checker never raises on a learner's bug and never prints a wall of
numbers.
"""

from .catalogue import (MISTAKES, PAGE_NAMES, Mistake, catalogue_entry,
                        html_id, myst_anchor)
from .engine import (ATOL, EXERCISES, RTOL, STUB_MESSAGE, CheckResult,
                     Exercise, check, exercise)
from .outcomes import TIME_LIMIT
# each chapter's module registers its exercises
from . import ch1, ch2, ch3, ch4, ch5, ch6, ch7, ch8  # noqa: F401

__all__ = ["MISTAKES", "EXERCISES", "PAGE_NAMES", "Mistake", "Exercise",
           "CheckResult", "check", "catalogue_entry", "exercise",
           "myst_anchor", "html_id", "RTOL", "ATOL", "TIME_LIMIT",
           "STUB_MESSAGE"]
