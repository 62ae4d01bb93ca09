"""A mistake's record, and the pages and headings it points to: the
anchor of a heading in a page's markdown (``myst_anchor``) and its id on
the built page (``html_id``)."""

import re
from dataclasses import dataclass

__all__ = ["PAGE_NAMES", "Mistake", "myst_anchor", "html_id"]

# The pages a mistake can point to, by their names in the text.
PAGE_NAMES = {
    "notation.ipynb": "the notation page",
    "ch1_chain.ipynb": "chapter 1",
    "ch2_single_layer.ipynb": "chapter 2",
    "ch3_two_layers.ipynb": "chapter 3",
    "ch4_delta_recursion.ipynb": "chapter 4",
    "ch5_softmax.ipynb": "chapter 5",
    "ch6_autodiff.ipynb": "chapter 6",
    "ch7_convolution.ipynb": "chapter 7",
    "ch8_recurrent.ipynb": "chapter 8",
    "mistakes.ipynb": "the catalogue of mistakes",
}


def myst_anchor(heading):
    """The anchor MyST gives a heading (``myst_heading_anchors``), which
    a link in a page's markdown uses: "Loss and cost, with or without
    the 1/2" -> "loss-and-cost-with-or-without-the-12"."""
    kept = "".join(c for c in heading.lower()
                   if c.isalnum() or c in " -_")
    return "-".join(kept.split())


def html_id(heading):
    """The id the built page gives the same heading (docutils): every
    run of other characters becomes one hyphen ("...-the-1-2")."""
    return re.sub(r"[^a-z0-9]+", "-", heading.lower()).strip("-")


@dataclass(frozen=True)
class Mistake:
    """One way to go wrong: what the checker says, why, and where the
    course explains it (a page of the book and a heading on it).
    ``equation`` is LaTeX; ``code`` is the right line, with the mistaken
    one in its comment (``right  # not wrong``; one pair a line)."""
    name: str
    title: str
    says: str
    why: str
    page: str
    section: str
    equation: str = ""
    code: str = ""

    @property
    def where(self):
        """``page#anchor``, for a link in markdown."""
        return f"{self.page}#{myst_anchor(self.section)}"

    @property
    def where_in_words(self):
        return f"{PAGE_NAMES[self.page]}, \u201c{self.section}\u201d"
