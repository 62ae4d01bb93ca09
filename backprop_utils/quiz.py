"""Check yourself: a number box that knows the usual mistakes.

What this module is for: a chapter asks a question with a numeric
answer (``Question(prompt, answer, mistakes=...)``), computed by the
notebook when it runs, together with the values that catalogued mistakes
(``practice.MISTAKES``) give. The question has two faces, as the demos
do: on the static site, plain HTML that the course's script
(``_static/course.js``) checks offline, with no kernel; in Jupyter, an
ipywidgets text box and buttons with the same replies.

A reply is "Right" when the number typed agrees with the answer to
``SIG`` significant figures (half a unit in the last of them); "That is
the value you get with a known mistake: ..." when it agrees with a
mistaken value; otherwise "Not what we expected". People type numbers in
many ways: ``-0.25``, ``−0.25`` (the Unicode minus), ``-.25``, ``1/4``,
``2.5e-1``, with spaces; all are read (``parse_number``, and the same
rules in course.js).

Only mistaken values that differ, at that precision, from the answer and
from each other are kept, so a reply never names a mistake the number
does not single out.

What it is not for: answers that are not a single number.
"""

import copy
import hashlib
import html
import json
import math
import re
from numbers import Real

import numpy as np

from .practice import MISTAKES, html_id
from .tables import _html_text
from .widgets import two_faced_bundle

__all__ = ["Question", "parse_number", "SIG"]

SIG = 3           # significant figures a reply is checked to
# The number of a reply: an optional sign, digits with an optional
# point (or a point and digits), an optional exponent; or a fraction of
# two such numbers.
_NUMBER = r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?"
_FRACTION = re.compile(rf"^({_NUMBER})/({_NUMBER})$")
_PLAIN = re.compile(rf"^{_NUMBER}$")


def _normalised(text):
    return re.sub(r"\s+", "", text).replace("\u2212", "-").replace(
        "\u2013", "-")


def typed_figures(text):
    """How many significant figures a typed decimal has ("0.15": 2,
    "-1.50e3": 3), or None for a fraction, zero or no number."""
    t = _normalised(text) if isinstance(text, str) else ""
    if not _PLAIN.match(t):
        return None
    digits = re.split("[eE]", t)[0].lstrip("+-").replace(".", "")
    return len(digits.lstrip("0")) or None


def parse_number(text):
    """The number a learner typed, or None when it is not one.

    Spaces anywhere are ignored, a Unicode minus (U+2212) or en dash is
    a minus, and ``a/b`` is a fraction.
    """
    if not isinstance(text, str):
        return None
    t = _normalised(text)
    if _PLAIN.match(t):
        return float(t)
    m = _FRACTION.match(t)
    if m:
        den = float(m.group(2))
        return float(m.group(1)) / den if den != 0 else None
    return None


def tolerance(value, sig=SIG):
    """Half a unit in the ``sig``-th significant figure of ``value``."""
    if value == 0:
        return 0.5 * 10.0 ** (-sig)
    return 0.5 * 10.0 ** (math.floor(math.log10(abs(value))) - sig + 1)


def agrees(typed, value, sig=SIG):
    """The typed number agrees with ``value`` to ``sig`` figures."""
    return abs(typed - value) <= tolerance(value, sig) * (1 + 1e-9)


def _rounded(value, sig=SIG):
    """``value`` to ``sig`` figures (trailing zeros kept: 0.310), with a
    real minus sign."""
    text = f"{value:#.{sig}g}"
    if "e" not in text:
        text = text.rstrip(".")
    return "0" if float(text) == 0 else text.replace("-", "\u2212")


def _lower_first(title):
    """A title in mid-sentence: "Softmax treated ..." -> "softmax treated
    ...", but a symbol stays as it is ("W where ...", "g(z) ...")."""
    first = title.split(" ", 1)[0]
    capitalised = first == "A" or (
        len(first) > 1 and first[0].isupper() and first[1:].islower())
    return title[0].lower() + title[1:] if capitalised else title


class Question:
    """A question whose answer is a number.

    Parameters
    ----------
    prompt : str
        The question; inline math as ``$...$``.
    answer : float
        The right answer, computed by the notebook.
    mistakes : dict, optional
        ``{name of a mistake in practice.MISTAKES: the value it gives}``,
        or a list of values where the mistake can give several (e.g.
        one per valid order of a calculation). A value that agrees (to
        ``sig`` figures) with the answer or with a value of another
        mistake is dropped, and so is a mistake left with no value.
    sig : int, default SIG

    Examples
    --------
    >>> q = Question("What is $2 \\\\cdot 0.25$?", 0.5,
    ...              mistakes={"dropped_two": 0.25})
    >>> q.reply("1/2")[0], q.reply("0.25")[0], q.reply("7")[0]
    ('right', 'dropped_two', 'wrong')
    """

    def __init__(self, prompt, answer, *, mistakes=None, sig=SIG):
        if not isinstance(prompt, str) or not prompt.strip():
            raise ValueError(f"prompt must be a non-empty str; got "
                             f"{prompt!r}")
        if (isinstance(answer, bool) or not isinstance(answer, Real)
                or not math.isfinite(answer)):
            raise ValueError(f"answer must be a finite number; got "
                             f"{answer!r}")
        if isinstance(sig, bool) or not isinstance(sig, int) \
                or not 1 <= sig <= 6:
            raise ValueError(f"sig must be an int from 1 to 6; got {sig!r}")
        mistakes = dict(mistakes or {})
        unknown = sorted(set(mistakes) - set(MISTAKES))
        if unknown:
            raise ValueError(f"unknown mistakes {unknown}; the catalogue "
                             f"has {sorted(MISTAKES)}")
        values_of = {}
        for name, value in mistakes.items():
            values = (list(value) if isinstance(value, (list, tuple))
                      else [value])
            for v in values:
                if (isinstance(v, bool) or not isinstance(v, Real)
                        or not math.isfinite(v)):
                    raise ValueError(f"the value of mistake {name!r} must "
                                     f"be a finite number or a list of "
                                     f"them; got {value!r}")
            if not values:
                raise ValueError(f"mistake {name!r} has no value")
            values_of[name] = [float(v) for v in values]
        self.prompt, self.answer, self.sig = prompt, float(answer), sig

        def close(u, v):
            return agrees(u, v, sig) or agrees(v, u, sig)

        # keep only the values a number can single out: {name: (values)}
        kept = {}
        for name, values in values_of.items():
            mine = []
            for v in values:
                clash = agrees(v, self.answer, sig) or any(
                    close(v, u) for n, us in values_of.items()
                    if n != name for u in us)
                if not clash and not any(close(v, u) for u in mine):
                    mine.append(v)
            if mine:
                kept[name] = tuple(mine)
        self.mistakes = kept
        self.dropped = sorted(set(mistakes) - set(kept))
        key = f"{prompt}|{self.answer!r}".encode()
        self.id = "bp-quiz-" + hashlib.sha1(key).hexdigest()[:10]
        self._box = None

    @classmethod
    def from_exercise(cls, prompt, exercise, inputs, pick=None, *,
                      also=(), mistakes=None, **kwargs):
        """A question whose answer is one number of a Write-it-yourself
        exercise's result on ``inputs``, and whose mistaken answers are
        the same number from each of the exercise's variants (those that
        raise on these inputs, e.g. a transpose of a non-square matrix,
        are left out).

        ``pick`` takes the result to the number (default: the result
        itself, which must then be a single number). ``also`` lists
        other valid set-ups of the same question, as ``(inputs, pick)``
        pairs (the same graph with its nodes numbered in another valid
        order, say): each must give the same answer, and a mistake
        keeps the value it gives in every one of them. ``mistakes``
        adds the values of mistakes the exercise's variants do not make
        (a mistake made before the exercise's inputs, say).
        """
        from .practice import EXERCISES
        ex = EXERCISES[exercise]
        setups = [(inputs, pick or (lambda r: r)), *also]

        def number(fn, setup):
            given, chosen = setup
            return float(np.asarray(chosen(fn(**copy.deepcopy(given)))))

        answer = number(ex.reference, setups[0])
        for k, setup in enumerate(setups[1:], 1):
            other = number(ex.reference, setup)
            if not math.isclose(other, answer, rel_tol=1e-12,
                                abs_tol=1e-15):
                raise ValueError(f"set-up {k} of also= gives the answer "
                                 f"{other!r}, the first {answer!r}: they "
                                 f"are not the same question")
        found = {}
        for name, variant in ex.variants.items():
            values = []
            for setup in setups:
                try:
                    values.append(number(variant, setup))
                except (ValueError, IndexError):
                    continue
            if values:
                found[name] = values
        for name, value in (mistakes or {}).items():
            found.setdefault(name, []).extend(
                value if isinstance(value, (list, tuple)) else [value])
        return cls(prompt, answer, mistakes=found, **kwargs)

    # ------------------------------------------------------------- replies

    def shown_answer(self):
        """The answer as the page shows it, to ``sig`` figures."""
        return _rounded(self.answer, self.sig)

    def mistake_reply(self, name):
        mk = MISTAKES[name]
        return (f"That is the value you get with a known mistake: "
                f"{_lower_first(mk.title)}. Why: {mk.why}.")

    def reply(self, text):
        """(kind, message) for what a learner typed: kind is "right",
        "empty", "unreadable", "imprecise" (right to fewer figures than
        checked), "wrong", or the name of a mistake."""
        if not isinstance(text, str) or not text.strip():
            return "empty", "Type a number first."
        value = parse_number(text)
        if value is None:
            return "unreadable", ("That is not a number we can read: write "
                                  "it like -0.25, .5, 1/4 or 2.5e-1.")
        if agrees(value, self.answer, self.sig):
            return "right", (f"Right: {self.shown_answer()} (checked to "
                             f"{self.sig} significant figures).")
        for name, values in self.mistakes.items():
            if any(agrees(value, v, self.sig) for v in values):
                return name, self.mistake_reply(name)
        figures = typed_figures(text)
        if figures is not None and figures < self.sig and agrees(
                value, self.answer, figures):
            return "imprecise", (
                f"Close: right to the {figures} figure"
                f"{'s' if figures > 1 else ''} you typed, but the box "
                f"checks {self.sig} significant figures: give more.")
        return "wrong", "Not what we expected: try again."

    # ---------------------------------------------------------------- faces

    def html(self):
        """The static face: a labelled box, two buttons and a live
        reply, checked by the site's script; the answer and the mistaken
        values are data, not text."""
        data = {
            "answer": self.answer, "sig": self.sig,
            "shown": self.shown_answer(),
            "mistakes": [
                {"value": v, "text": self.mistake_reply(n),
                 "href": MISTAKES[n].page.replace(".ipynb", ".html") + "#"
                 + html_id(MISTAKES[n].section),
                 "where": MISTAKES[n].where_in_words}
                for n, values in self.mistakes.items() for v in values],
        }
        qid = self.id
        return (
            f'<div class="bp-quiz mathjax_process" id="{qid}" '
            f"data-quiz='{html.escape(json.dumps(data), quote=True)}'>\n"
            f'<label for="{qid}-in"><strong>Check yourself.</strong> '
            f"{_html_text(self.prompt)}</label>\n"
            f'<div class="bp-quiz-row">'
            f'<input id="{qid}-in" type="text" inputmode="text" '
            f'placeholder="{self.sig} significant figures" '
            f'autocomplete="off" spellcheck="false" '
            f'aria-describedby="{qid}-reply">'
            f'<button type="button" class="bp-quiz-check">Check</button>'
            f'<button type="button" class="bp-quiz-show">Show the answer'
            f"</button></div>\n"
            f'<p class="bp-quiz-reply" id="{qid}-reply" role="status" '
            f'aria-live="polite"></p>\n</div>\n')

    def widget(self):
        """The live face: the same box, checked by the kernel."""
        import ipywidgets as widgets

        if self._box is not None and self._box.comm is not None:
            return self._box
        label = widgets.HTMLMath("<strong>Check yourself.</strong> "
                                 + _html_text(self.prompt))
        box = widgets.Text(placeholder=f"{self.sig} significant figures",
                           continuous_update=False)
        check = widgets.Button(description="Check")
        show = widgets.Button(description="Show the answer")
        reply = widgets.HTML("")

        def on_check(_=None):
            kind, message = self.reply(box.value)
            reply.value = f"<p>{html.escape(message)}</p>"

        def on_show(_=None):
            reply.value = (f"<p>The answer: {html.escape(self.shown_answer())}"
                           "</p>")

        check.on_click(on_check)
        show.on_click(on_show)
        # Enter (or leaving the box) sets the value: check it then too
        box.observe(lambda change: on_check(), names="value")
        self._box = widgets.VBox(
            [label, widgets.HBox([box, check, show]), reply])
        self._box.add_class("bp-quiz-live")
        return self._box

    def __repr__(self):
        kinds = ", ".join(self.mistakes) or "none"
        return (f"Question: {self.prompt} (answer kept hidden; checked to "
                f"{self.sig} significant figures; mistakes it knows: "
                f"{kinds})")

    def _repr_mimebundle_(self, include=None, exclude=None):
        return two_faced_bundle(self, include, exclude)
