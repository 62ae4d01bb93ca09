"""The catalogue of mistakes: how learners go wrong with backpropagation.

Each ``Mistake`` says what the checker tells the learner, why it is a
mistake, and where the course explains it. The mistakes page
(chapters/mistakes.ipynb) is written from this catalogue
(``catalogue_entry``, by tools/execute_notebooks.py), so that the page
and the checker never disagree.

- ``record``: the ``Mistake`` record, the pages it can point to
  (``PAGE_NAMES``) and the anchors of their headings;
- ``general``: the general mistakes and those of chapters 1 to 6;
  ``ch7``, ``ch8``: each later chapter's; a new chapter adds one module
  and one line to ``MISTAKES`` below;
- ``page``: a mistake's section of the mistakes page.

``MISTAKES`` keeps the page's order: chapters 1 to 6, chapter 7, the
entries written after chapter 7's, then each later chapter.
"""

from . import ch7, ch8, general
from .page import catalogue_entry
from .record import PAGE_NAMES, Mistake, html_id, myst_anchor

__all__ = ["PAGE_NAMES", "Mistake", "MISTAKES", "catalogue_entry",
           "myst_anchor", "html_id"]

MISTAKES = {m.name: m for m in [*general.FIRST, *ch7.MISTAKES,
                                *general.AFTER_CH7, *ch8.MISTAKES]}
