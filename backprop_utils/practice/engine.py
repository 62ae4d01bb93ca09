"""The checker: runs a learner's function on an exercise's cases, and
names what went wrong.

Each case is run twice, on fresh copies of its arguments, under a time
limit. The replies, in order: the time limit reached; not attempted
(the stub's own ``raise`` line, untouched); an argument changed in
place; None, a string, a dict or a generator returned; another result on
the second call; correct (to the precision of what came back); a
mistake of the exercise's own list (the same numbers as a function that
makes exactly that mistake, on every case); a general mistake (the
right result times a constant made of the case's sizes, or transposed);
an error inside the function (its message and line); the wrong shape;
and last, wrong in a way it does not know (the first entry that
differs, and the section that derives the result).
"""

import copy
import dataclasses
import html
import inspect
import itertools
import signal
import threading
import traceback
import types
from contextlib import contextmanager
from dataclasses import dataclass, field
from fractions import Fraction

import numpy as np

from .catalogue import MISTAKES, PAGE_NAMES, Mistake, html_id, myst_anchor

__all__ = ["Exercise", "exercise", "EXERCISES", "CheckResult", "check",
           "RTOL", "ATOL", "TIME_LIMIT", "STUB_MESSAGE"]

# Two float64 results agree when every entry does, to this relative
# tolerance (and this absolute one near 0): tight enough to tell a
# factor 2 or m apart, loose enough for another exact order of
# operations. A result in a lower precision (float32) is compared to
# LOW_PRECISION times its machine epsilon, relative to its largest entry.
RTOL, ATOL = 1e-7, 1e-10
LOW_PRECISION = 100
# Seconds one call may take: the cases are tiny, and a right function
# takes milliseconds.
TIME_LIMIT = 3.0
# The stubs' own line: only it counts as "not attempted".
STUB_MESSAGE = "replace this line with your code"

# Every exercise, by name; the chapter modules add theirs.
EXERCISES = {}

_F64 = float(np.finfo(np.float64).eps)
# mistakes that turn the sign over, each in the words of its exercise
_SIGN_MISTAKES = {"flipped_sign", "dropped_minus", "flipped_softmax_delta",
                  "uphill_step"}


@dataclass(frozen=True)
class Exercise:
    """A function to write: its name and arguments (passed by position,
    so the names are the learner's), what it returns, the reference, a
    variant for each plausible mistake, and the cases (keyword dicts).

    ``page`` and ``section`` say where the course derives the result.
    ``says`` and ``why`` replace the catalogue's words for a mistake
    where they would not fit this exercise. ``sizes`` gives a case's
    named sizes, ``{name: (value, meaning)}``, from which the checker
    names a result that is a constant times the right one.
    ``step_from`` gives what the result is a step from (the old weights),
    so that a step too large or reversed is named as a step. ``adapt``
    turns a function of the exercise into one that returns numbers (for
    a function that makes a ``Node``)."""
    name: str
    signature: tuple
    returns: str
    reference: object
    variants: dict
    cases: list = field(repr=False)
    page: str = ""
    section: str = ""
    says: dict = field(default_factory=dict)
    why: dict = field(default_factory=dict)
    sizes: object = None
    step_from: object = None
    adapt: object = None
    # a mistake this exercise can see in the results themselves (not by
    # a variant): detect(results, cases) -> a name of MISTAKES, or None;
    # detect.names lists the names it can give
    detect: object = None
    # a section nearer this exercise than the catalogue's, for a mistake
    see: dict = field(default_factory=dict)
    # what the entries of the result are, for a result that is not
    # simply the quantity (said with an unknown mistake)
    entries: str = ""

    def runner(self, fn):
        """``fn`` as the checker runs it: a function of one case."""
        if self.adapt is not None:
            return self.adapt(fn, self.signature)
        return lambda case: fn(*[case[k] for k in self.signature])

    @property
    def recognises(self):
        """Every mistake this exercise can name: its own variants, and
        the general ones."""
        general = ["changed_argument", "state_between_calls"]
        if self.sizes is not None:
            general.append("constant_factor")
            if not set(self.variants) & _SIGN_MISTAKES:
                general.append("opposite_sign")
        if any(np.ndim(v) == 2 for v in _arrays(_expected(self)[0][0])):
            general.append("transposed_result")
        general += list(getattr(self.detect, "names", ()))
        return list(self.variants) + [g for g in general
                                      if g not in self.variants]

    @property
    def where_in_words(self):
        return f"{PAGE_NAMES[self.page]}, \u201c{self.section}\u201d"


def _arrays(value):
    if isinstance(value, (list, tuple)):
        return [a for v in value for a in _arrays(v)]
    return [value] if isinstance(value, np.ndarray) else []


def exercise(name, signature, returns, function, mistakes, cases, *,
             where, says=None, why=None, sizes=None, step_from=None,
             adapt=None, detect=None, see=None, entries=""):
    """Make an exercise and add it to ``EXERCISES``. ``function(**case,
    mistake=None)`` is the reference, and with ``mistake=`` a name of
    ``MISTAKES`` it makes exactly that mistake; ``where`` is the page and
    the heading that derive the result."""
    unknown = [m for m in mistakes if m not in MISTAKES]
    if unknown:
        raise ValueError(f"{name}: mistakes {unknown} are not in MISTAKES")

    def variant(mistake):
        def wrong(**kwargs):
            return function(**kwargs, mistake=mistake)
        wrong.__name__ = f"{name}_{mistake}"
        return wrong

    def reference(**kwargs):
        return function(**kwargs)
    page, section = where
    ex = Exercise(name, tuple(signature), returns, reference,
                  {m: variant(m) for m in mistakes}, cases, page, section,
                  says or {}, why or {}, sizes, step_from, adapt, detect,
                  see or {}, entries)
    EXERCISES[name] = ex
    return ex


# --- running a function on the cases ----------------------------------

class _TimeLimit(BaseException):
    """Raised in the learner's function when its time is up (not an
    Exception, so that its own ``except Exception`` does not swallow
    it)."""


@contextmanager
def _time_limit(seconds):
    """A SIGALRM after ``seconds``, where one can be set (the main thread
    of a Unix process, as in Jupyter); no limit elsewhere."""
    if (not hasattr(signal, "setitimer")
            or threading.current_thread() is not threading.main_thread()):
        yield
        return

    def ring(signum, frame):
        raise _TimeLimit
    previous = signal.signal(signal.SIGALRM, ring)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


@dataclass
class _Outcome:
    """What one call did."""
    parts: list = None        # [(label, float64 array)] of the result
    eps: float = _F64         # the precision of the numbers returned
    raised: BaseException = None
    line: tuple = None        # (number, text) of the learner's line
    timed_out: bool = False
    odd: str = None           # what came back instead of numbers
    none: bool = False
    changed: list = field(default_factory=list)   # arguments, in words


def _where(error, own_file):
    line = None
    for frame in traceback.extract_tb(error.__traceback__):
        if own_file is not None and frame.filename == own_file:
            line = (frame.lineno, (frame.line or "").strip())
    return line


def _call(ex, fn, case, own_file=None, like=None):
    """One call of ``fn`` on a fresh copy of ``case``; its result read in
    the layout of ``like`` (the reference's result)."""
    args = copy.deepcopy(case)
    try:
        # an overflow is part of the result (inf or nan), named by the
        # checker; it is not a warning printed above the answer
        with np.errstate(all="ignore"), _time_limit(TIME_LIMIT):
            value = ex.runner(fn)(args)
    except _TimeLimit as stop:
        return _Outcome(timed_out=True, line=_where(stop, own_file))
    except Exception as error:              # a learner's bug, reported
        return _Outcome(raised=error, line=_where(error, own_file))
    out = _read(value, case if like is None else like)
    out.changed = _changed(case, args, ex.signature)
    return out


def _changed(before, after, names):
    """The arguments a call changed, each in words."""
    said = []
    for k in names:
        what = _difference(before[k], after[k])
        if what:
            said.append(f"{k} ({what})")
    return said


def _difference(a, b):
    if isinstance(a, np.ndarray):
        if not isinstance(b, np.ndarray) or a.shape != b.shape:
            return "replaced by another shape"
        return "" if np.array_equal(a, b, equal_nan=True) else \
            "its entries were changed"
    if isinstance(a, list):
        if not isinstance(b, list):
            return "replaced"
        if len(a) != len(b):
            return f"{len(a)} items became {len(b)}"
        for j, (x, y) in enumerate(zip(a, b)):
            inner = _difference(x, y)
            if inner:
                return f"its item {j}: {inner}"
        return ""
    if isinstance(a, tuple):
        return "" if len(a) == len(b) and not any(
            _difference(x, y) for x, y in zip(a, b)) else "changed"
    if isinstance(a, (float, int, np.floating)):
        return "" if a == b or (a != a and b != b) else "changed"
    return ""


def _describe(value):
    if isinstance(value, (str, bytes)):
        text = value if len(value) < 30 else value[:27] + "..."
        return (f"a string, {text!r}: return the number itself, not text "
                f"made from it")
    if isinstance(value, dict):
        return "a dict"
    if isinstance(value, (types.GeneratorType, map, filter, zip, range)) \
            or (hasattr(value, "__next__") and hasattr(value, "__iter__")):
        return ("a generator (it yields its items one by one): wrap it "
                "in list(...) or build the list")
    if isinstance(value, set):
        return "a set"
    if isinstance(value, (list, tuple)):
        return (f"a {type(value).__name__} that does not make an array of "
                f"numbers (items of different shapes, or not numbers)")
    return type(value).__name__


class Odd(str):
    """What an ``adapt`` function returns for a result it cannot read:
    what it should have been, and what it was, in words."""


def _read(value, like):
    """A result as an _Outcome with parts [(label, float64 array)] laid
    out as ``like``: an array (a list or a tuple of numbers is accepted),
    or a list of arrays."""
    if value is None:
        return _Outcome(none=True)
    if isinstance(value, Odd):
        return _Outcome(odd=str(value))
    if isinstance(like, (list, tuple)):
        if isinstance(value, np.ndarray) and value.ndim > 0 and \
                value.dtype.kind in "biuf":
            value = list(value)           # the arrays stacked: harmless
        if not isinstance(value, (list, tuple)):
            return _Outcome(odd=f"{_describe(value)}, not a list of "
                            f"{len(like)} arrays")
        if len(value) != len(like):
            return _Outcome(odd=f"a list of {len(value)}, not a list of "
                            f"{len(like)} arrays")
        parts, eps = [], _F64
        for j, (v, w) in enumerate(zip(value, like)):
            inner = _read(v, w)
            if inner.parts is None:
                what = "None" if inner.none else inner.odd
                return _Outcome(odd=f"a list whose item {j} is {what}")
            parts += [(f"item {j}" + (f", {label}" if label else ""), a)
                      for label, a in inner.parts]
            eps = max(eps, inner.eps)
        return _Outcome(parts=parts, eps=eps)
    if isinstance(value, (str, bytes, dict, set)) or hasattr(
            value, "__next__"):
        return _Outcome(odd=_describe(value))
    try:
        array = np.asarray(value)
    except (TypeError, ValueError):
        return _Outcome(odd=_describe(value))
    if array.dtype.kind not in "biuf":
        return _Outcome(odd=f"{_describe(value)} of {array.dtype} "
                        f"entries, not numbers")
    eps = float(np.finfo(array.dtype).eps) if array.dtype.kind == "f" \
        else _F64
    return _Outcome(parts=[("", array.astype(np.float64))], eps=eps)


def _tolerance(eps):
    return RTOL if eps <= _F64 * 1.01 else max(RTOL, LOW_PRECISION * eps)


def _close(x, y, eps=_F64):
    """Entry by entry, ``x`` agrees with ``y`` (NaN with NaN)."""
    if x.shape != y.shape:
        return np.zeros(np.broadcast_shapes(x.shape, x.shape), bool)
    tol = _tolerance(eps)
    atol = ATOL if tol == RTOL else max(
        ATOL, tol * float(np.nanmax(np.abs(y), initial=0.0)))
    return np.isclose(x, y, rtol=tol, atol=atol, equal_nan=True)


def _same(a, b):
    """Two outcomes agree: both raised, or the same shapes and numbers."""
    if a.raised is not None or b.raised is not None:
        return a.raised is not None and b.raised is not None
    if a.parts is None or b.parts is None:
        return False
    eps = max(a.eps, b.eps)
    return len(a.parts) == len(b.parts) and all(
        x.shape == y.shape and bool(_close(x, y, eps).all())
        for (_, x), (_, y) in zip(a.parts, b.parts))


_CACHE = {}


def _as_keywords(ex, fn):
    """A function of the exercise's keywords, called by position."""
    return lambda *args: fn(**dict(zip(ex.signature, args)))


def _expected(ex):
    """The reference's raw results and outcomes, one per case (kept)."""
    key = (ex.name, "reference")
    if key not in _CACHE:
        run = ex.runner(_as_keywords(ex, ex.reference))
        raw = [run(copy.deepcopy(c)) for c in ex.cases]
        outs = [_call(ex, _as_keywords(ex, ex.reference), c, like=r)
                for c, r in zip(ex.cases, raw)]
        _CACHE[key] = (raw, outs)
    return _CACHE[key]


def _variant_outcomes(ex, mistake):
    key = (ex.name, mistake)
    if key not in _CACHE:
        raw, _ = _expected(ex)
        fn = ex.variants[mistake]
        _CACHE[key] = [_call(ex, _as_keywords(ex, fn), c, like=r)
                       for c, r in zip(ex.cases, raw)]
    return _CACHE[key]


# --- naming a constant factor --------------------------------------------

def _ratio(x, y, eps):
    """c with x = c y, entry by entry, or None."""
    yy = float(np.sum(y * y))
    if not np.isfinite(x).all() or yy == 0:
        return None
    c = float(np.sum(x * y)) / yy
    if not np.allclose(x, c * y, rtol=_tolerance(eps) * 10,
                       atol=_tolerance(eps) * 10 * float(np.abs(y).max())):
        return None
    return c


def _formulas(sizes):
    """Candidate factors made of a case's sizes: {text: value}."""
    out = {"-1": Fraction(-1), "2": Fraction(2), "1/2": Fraction(1, 2),
           "-2": Fraction(-2), "-1/2": Fraction(-1, 2)}
    names = list(sizes)
    for s in names:
        v = Fraction(sizes[s][0])
        out[s] = v
        out[f"1/{s}"] = 1 / v
        out[f"2{s}"] = 2 * v
        out[f"1/(2{s})"] = 1 / (2 * v)
        out[f"-{s}"] = -v
        out[f"-1/{s}"] = -1 / v
        out[f"1/{s}²"] = 1 / (v * v)
    for s, t in itertools.permutations(names, 2):
        out[f"{s}/{t}"] = Fraction(sizes[s][0]) / Fraction(sizes[t][0])
    return out


def _constant(ex, mine, right):
    """The factor c (its formula, in words) with mine = c × right on
    every case, or None."""
    ratios = []
    for k, (a, b) in enumerate(zip(mine, right)):
        if a.parts is None or b.parts is None or len(a.parts) != len(
                b.parts):
            return None
        base = None
        if ex.step_from is not None:
            base = ex.step_from(ex.cases[k])
            base = [np.asarray(w, float) for w in
                    (base if isinstance(base, (list, tuple)) else [base])]
        xs, ys = [], []
        for j, ((_, x), (_, y)) in enumerate(zip(a.parts, b.parts)):
            if x.shape != y.shape:
                return None
            if base is not None:
                x, y = x - base[j], y - base[j]
            xs.append(x.ravel())
            ys.append(y.ravel())
        c = _ratio(np.concatenate(xs), np.concatenate(ys), a.eps)
        if c is None:
            return None
        ratios.append(c)
    if not ratios or all(abs(c - 1) < 1e-6 for c in ratios):
        return None
    found = None
    for k, case in enumerate(ex.cases):
        fits = {text for text, v in _formulas(ex.sizes(case)).items()
                if abs(float(v) - ratios[k]) <= 1e-6 * abs(ratios[k])}
        found = fits if found is None else found & fits
    if not found:
        return None
    simplest = min(len(t) for t in found)
    return sorted(t for t in found if len(t) == simplest)


def _factor_words(ex, formulas):
    """What a factor means, in the words of the case's sizes."""
    sizes = ex.sizes(ex.cases[0])
    formula = formulas[0]
    named = [s for s in sizes if s in formula]
    values = ", ".join(f"{s} = {sizes[s][0]}, {sizes[s][1]}" for s in named)
    values = f" ({values}, in the first case)" if values else ""
    either = " or ".join(formulas)
    bare = formula.lstrip("-")
    if bare == "2":
        meaning = ("a factor 2 too many: every factor comes from the chain "
                   "rule, and a 2 only from a square without ½")
    elif bare == "1/2":
        meaning = ("a factor 2 missing: the derivative of a square without "
                   "½ keeps its 2")
    elif bare.startswith("1/"):
        meaning = ("an extra division: a mean taken twice, or a division "
                   "that does not belong")
    elif "/" in bare:
        top, bottom = bare.split("/")
        meaning = (f"a division by {bottom} where {top} belongs, the mean "
                   f"taken over the wrong count")
    else:
        meaning = "a division left out, a sum where the mean belongs"
    if formula.startswith("-"):
        meaning += ", and the sign turned over"
    return f"exactly {either} times the right one{values}", meaning


# --- the answer ----------------------------------------------------------

@dataclass
class CheckResult:
    """The checker's answer. ``ok`` is True only for a correct function;
    ``diagnosis`` is one of "correct", "not attempted", "returned None",
    "odd result", "time limit", "not finite", "error", "shape",
    "signature", "unknown", or the name of a mistake of ``MISTAKES``; ``message`` says
    it in words. ``solution``: the function checked is the course's own
    (its name ends in ``_solution``), and the answer says so."""
    exercise: str
    ok: bool
    diagnosis: str
    message: str
    mistake: Mistake = None
    page: str = ""
    section: str = ""
    solution: bool = False

    @property
    def link(self):
        """Where the course explains the mistake, or derives the result:
        ``page#anchor``."""
        if self.mistake:
            return self.mistake.where
        return f"{self.page}#{myst_anchor(self.section)}" if self.page \
            else ""

    @property
    def where_in_words(self):
        if self.mistake:
            return self.mistake.where_in_words
        return (f"{PAGE_NAMES[self.page]}, \u201c{self.section}\u201d"
                if self.page else "")

    def _mark(self):
        return ("✓" if self.ok else
                "○" if self.diagnosis == "not attempted" else "✗")

    def _head(self):
        whose = " (the course's solution)" if self.solution else ""
        return f"{self.exercise}{whose}"

    def __repr__(self):
        see = ""
        if not self.ok and self.where_in_words and \
                self.diagnosis != "not attempted":
            see = f"\n  (see {self.where_in_words})"
        return f"{self._head()}: {self._mark()} {self.message}{see}"

    def _repr_html_(self):
        colour = ("#2e6b30" if self.ok else "#2f5f98"
                  if self.diagnosis == "not attempted" else "#7a1f1f")
        link = ""
        if not self.ok and self.where_in_words and \
                self.diagnosis != "not attempted":
            # the notebook, beside this one in Jupyter; on the site,
            # course.js turns it into the page and the section's id
            page, section = ((self.mistake.page, self.mistake.section)
                             if self.mistake else (self.page, self.section))
            verb = "Explained in" if self.mistake else "Derived in"
            link = (f' {verb} <a href="{html.escape(page)}" '
                    f'data-bp-section="{html_id(section)}">'
                    f"{html.escape(self.where_in_words)}</a>.")
        return (f'<div class="bp-check mathjax_ignore" style="border-left:'
                f'4px solid {colour};padding:0.3em 0.8em;margin:0.5em 0">'
                f'<b style="color:{colour}">{self._mark()} '
                f"{html.escape(self._head())}</b>: "
                f"{html.escape(self.message)}{link}</div>")


def _arity_error(fn, ex):
    """Why ``fn`` cannot take the exercise's arguments by position, or
    None."""
    try:
        sig = inspect.signature(fn)
    except (TypeError, ValueError):
        return None
    try:
        sig.bind(*ex.signature)
    except TypeError:
        takes = ", ".join(sig.parameters)
        return (f"{ex.name} passes {len(ex.signature)} arguments, in this "
                f"order: ({', '.join(ex.signature)}); your function takes "
                f"({takes}).")
    return None


def _fresh(fn, defaults):
    """``fn`` with its default arguments as they were before the checker
    first called it (a mutable default keeps what earlier calls put in
    it); ``fn`` itself if it is not a plain function."""
    if defaults is None or not isinstance(fn, types.FunctionType):
        return fn
    again = types.FunctionType(fn.__code__, fn.__globals__, fn.__name__,
                               copy.deepcopy(defaults[0]), fn.__closure__)
    again.__kwdefaults__ = copy.deepcopy(defaults[1])
    return again


def _line(outcome):
    if not outcome.line:
        return ""
    number, text = outcome.line
    return f" (line {number}: {text})" if text else f" (line {number})"


def check(name, fn):
    """Run ``fn`` on the cases of exercise ``name`` and say how it did.

    Parameters
    ----------
    name : str
        A key of ``EXERCISES``, e.g. ``"ch2.grad_W"``.
    fn : callable
        The learner's function. Its arguments are passed by position, in
        the exercise's order, so their names are the learner's.

    Returns
    -------
    CheckResult
        Shown as one short line (or box, on a page).

    Raises
    ------
    KeyError
        For an unknown exercise name (the error lists the known ones).
    TypeError
        When ``fn`` is not callable.
    """
    if name not in EXERCISES:
        raise KeyError(f"no exercise {name!r}; the exercises are "
                       f"{sorted(EXERCISES)}")
    ex = EXERCISES[name]
    if not callable(fn):
        raise TypeError(f"check({name!r}, fn) needs the function itself; "
                        f"got {type(fn).__name__} {fn!r}")
    solution = getattr(fn, "__name__", "").endswith("_solution")

    def result(ok, diagnosis, message, mistake=None):
        return CheckResult(name, ok, diagnosis, message, mistake, ex.page,
                           ex.section, solution)

    arity = _arity_error(fn, ex)
    if arity:
        return result(False, "signature", arity)
    own_file = getattr(getattr(fn, "__code__", None), "co_filename", None)
    try:
        defaults = copy.deepcopy((fn.__defaults__, fn.__kwdefaults__))
    except Exception:                       # not a plain function
        defaults = None
    raw, right = _expected(ex)
    n = len(ex.cases)
    # every case twice: in order, then in reverse order with the
    # function's default arguments as they first were (what a function
    # keeps between calls shows in one or the other)
    mine, again = [None] * n, [None] * n
    for k in list(range(n)) + list(range(n - 1, -1, -1)):
        if mine[k] is not None and mine[k].raised is not None:
            continue
        call = fn if mine[k] is None else _fresh(fn, defaults)
        out = _call(ex, call, ex.cases[k], own_file, raw[k])
        if out.timed_out:
            return result(False, "time limit",
                          f"your function was still running after "
                          f"{TIME_LIMIT:g} s on case {k + 1} of "
                          f"{n}{_line(out)}; the cases are "
                          f"tiny, and a right one takes milliseconds: a "
                          f"loop that never ends?")
        if mine[k] is None:
            mine[k] = out
        else:
            again[k] = out
    first_raise = next((o for o in mine if o.raised is not None), None)
    if (first_raise is not None
            and isinstance(first_raise.raised, NotImplementedError)
            and str(first_raise.raised) == STUB_MESSAGE):
        return result(False, "not attempted",
                      f"not attempted yet: the function above still raises "
                      f"its NotImplementedError. Write it, and run the "
                      f"cell again; it returns {ex.returns}.")
    again = [o for o in again if o is not None]
    # an argument changed in place: the diagnosis when the result is
    # right, and a note after any other
    changed = next((o.changed for o in mine + again if o.changed), None)
    if changed:
        plain = result
        mk = MISTAKES["changed_argument"]

        def result(ok, diagnosis, message, mistake=None):
            if ok:
                return plain(False, mk.name,
                             f"{mk.says}: {'; '.join(changed)}. "
                             f"{mk.why[0].upper()}{mk.why[1:]}.", mk)
            return plain(ok, diagnosis, f"{message} Also, it changes its "
                         f"argument {'; '.join(changed)}, which the caller "
                         f"still needs.", mistake)
    if any(o.none for o in mine):
        return result(False, "returned None",
                      "your function returned None: is a return statement "
                      f"missing? It should return {ex.returns}.")
    odd = next((o.odd for o in mine if o.odd), None)
    if odd:
        return result(False, "odd result",
                      f"your function returned {odd}. It should return "
                      f"{ex.returns}.")
    answered = [o for o in mine if o.raised is None]
    if any(not _same(a, b) for a, b in zip(answered, again)
           if a.parts is not None or b.parts is not None):
        mk = MISTAKES["state_between_calls"]
        return result(False, mk.name, f"{mk.says}: {mk.why}.", mk)
    if all(_same(a, b) for a, b in zip(mine, right)):
        cases = "both cases" if n == 2 else f"all {n} cases"
        low = max(o.eps for o in mine)
        if low > _F64 * 1.01:
            bits = {np.finfo(t).eps: np.dtype(t).name
                    for t in (np.float16, np.float32)}
            kind = bits.get(low, "a lower precision")
            return result(True, "correct",
                          f"correct on {cases}, to {kind} precision (its "
                          f"results agree with the float64 ones to "
                          f"{_tolerance(low):.0e} of the largest entry).")
        return result(True, "correct", f"correct on {cases}.")

    def named(key, says=None, why=None):
        mk = MISTAKES[key]
        if key in ex.see:             # a section nearer this exercise
            page, section = ex.see[key]
            mk = dataclasses.replace(mk, page=page, section=section)
        says = says or ex.says.get(key, mk.says)
        why = why or ex.why.get(key, mk.why)
        return result(False, key, f"{says}: {why}.", mk)

    # a mistake of the exercise's list: the same outcome as its variant
    # on every case, with at least one case that returned numbers
    if any(o.parts is not None for o in mine):
        matches = [m for m in ex.variants
                   if all(_same(a, b) for a, b in
                          zip(mine, _variant_outcomes(ex, m)))]
        if len(matches) == 1:
            return named(matches[0])
        if len(matches) > 1:
            names = " or ".join(MISTAKES[m].title.lower()
                                for m in matches)
            return result(False, "unknown",
                          f"your result matches more than one mistake on "
                          f"these cases: {names}.")
    if all(o.parts is not None for o in mine):
        if ex.sizes is not None:
            formulas = _constant(ex, mine, right)
            if formulas == ["-1"]:
                return named("opposite_sign")
            if formulas:
                says, why = _factor_words(ex, formulas)
                return named("constant_factor", f"your result is {says}",
                             why)
        if all(len(a.parts) == len(b.parts) and all(
                x.ndim == 2 and x.shape == y.T.shape
                and bool(_close(x, y.T, a.eps).all())
                for (_, x), (_, y) in zip(a.parts, b.parts))
               for a, b in zip(mine, right)):
            return named("transposed_result")
        if ex.detect is not None:
            seen = ex.detect([o.parts for o in mine], ex.cases)
            if seen:
                return named(seen)
        for k, (a, b) in enumerate(zip(mine, right)):
            for (label, x), (_, y) in zip(a.parts, b.parts):
                if x.shape != y.shape:
                    continue
                bad = ~np.isfinite(x) & np.isfinite(y)
                if bad.any():
                    i = tuple(int(j) for j in np.argwhere(bad)[0])
                    at = f"[{', '.join(map(str, i))}]" if i else \
                        "(the value)"
                    within = f"{label}, " if label else ""
                    return result(
                        False, "not finite",
                        f"your result is {x[i]} in case {k + 1} of {n}, "
                        f"{within}entry {at}, where the right one is "
                        f"finite ({y[i] + 0.0:.6g}): an overflow (exp of a "
                        f"large number), a 0/0, or the log of 0. The cases "
                        f"include large inputs, as the task says; rewrite "
                        f"the formula so that nothing overflows on the way "
                        f"(a factor that cancels, a shift by each row's "
                        f"largest z, or log-sum-exp for the log of a "
                        f"softmax).")
    if first_raise is not None:
        error = first_raise.raised
        return result(False, "error",
                      f"your function raised {type(error).__name__}: "
                      f"{error}{_line(first_raise)}.")
    for a, b in zip(mine, right):
        for (label, x), (_, y) in zip(a.parts, b.parts):
            if x.shape == y.shape:
                continue
            hint = ""
            if x.shape == y.shape[::-1]:
                hint = (" The right shape transposed: check which axis "
                        "holds the examples (one per row) and which the "
                        "neurons.")
            elif x.size == y.size:
                hint = (" The same numbers of entries in another shape: "
                        "an extra or a missing axis of length 1?")
            elif x.size == 1 and y.size > 1:
                hint = " One number where an array belongs: a sum too many?"
            within = f" in {label}" if label else ""
            return result(False, "shape",
                          f"wrong shape{within}: expected {y.shape}, got "
                          f"{x.shape}.{hint} It should return "
                          f"{ex.returns}.")
    worst, first = 0.0, None
    for k, (a, b) in enumerate(zip(mine, right)):
        for (label, x), (_, y) in zip(a.parts, b.parts):
            # relative to the largest entry: an entry that should be 0
            # (a switched-off unit) does not blow the error up
            scale = max(float(np.abs(y).max(initial=0.0)), ATOL)
            with np.errstate(invalid="ignore"):
                err = np.array(np.abs(x - y) / scale)   # 0-d for one number
            err[~np.isfinite(err)] = np.inf       # NaN or inf in yours
            worst = max(worst, float(err.max(initial=0.0)))
            bad = ~_close(x, y, a.eps)
            if first is None and bad.any():
                i = tuple(int(j) for j in np.argwhere(bad)[0])
                first = (k + 1, label, i, float(x[i]), float(y[i]))
    k, label, i, got, want = first
    at = f"[{', '.join(map(str, i))}]" if i else "(the value)"
    within = f"{label}, " if label else ""
    nan = (" Yours has nan or inf there: an overflow, a 0/0, or the log "
           "of 0?" if not np.isfinite(got) else "")
    return result(False, "unknown",
                  f"wrong, and not a mistake the checker knows: worst "
                  f"error {worst:.2g} of the largest right entry; first "
                  f"difference in case "
                  f"{k} of {n}, {within}entry {at}: yours {got + 0.0:.6g}, "
                  f"expected {want + 0.0:.6g}.{nan}"
                  + (f" ({ex.entries})" if ex.entries else ""))
