"""The checker: runs a learner's function on an exercise's cases, and
names what went wrong.

Each case is run twice, on fresh copies of its arguments, under a time
limit. The replies, in order: the time limit reached; not attempted
(the stub's own ``raise`` line, untouched); an argument changed in
place; None, a string, a dict (where none is asked for) or a generator
returned; another result on the second call; an argument returned
itself, where a new object belongs (the numbers right); correct (to the
precision of what came back, or to the exercise's own tolerance); a
mistake of the exercise's own list (the same numbers as a function that
makes exactly that mistake, on every case); a general mistake (the
right result times a constant made of the case's sizes, or transposed);
one the exercise sees in the results (``detect``); a nan or inf where
the right result is finite; an error inside the function (its message
and line); the wrong shape; and last, wrong in a way it does not know
(the first entry that differs, and the section that derives the
result).
"""

import copy
import dataclasses
import html
import inspect
import types
from dataclasses import dataclass, field

import numpy as np

from . import outcomes
from .catalogue import MISTAKES, PAGE_NAMES, Mistake, html_id, myst_anchor
from .factors import _constant, _factor_words
from .outcomes import (_F64, ATOL, RTOL, Odd, _call, _close, _expected,
                       _same, _tolerance, _variant_outcomes)

__all__ = ["Exercise", "exercise", "EXERCISES", "CheckResult", "check",
           "Odd", "RTOL", "ATOL", "STUB_MESSAGE"]

# The stubs' own line: only it counts as "not attempted".
STUB_MESSAGE = "replace this line with your code"

# Every exercise, by name; the chapter modules add theirs.
EXERCISES = {}

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
    # a variant): detect(results, cases) -> a name of MISTAKES, or a pair
    # (name, what the checker says, in place of the catalogue's words),
    # or None; detect.names lists the names it can give
    detect: object = None
    # a section nearer this exercise than the catalogue's, for a mistake
    see: dict = field(default_factory=dict)
    # what the entries of the result are, for a result that is not
    # simply the quantity (said with an unknown mistake)
    entries: str = ""
    # the relative tolerance of a float64 result (RTOL unless the right
    # answers differ by more than rounding; a floor for float32)
    rtol: float = RTOL
    # where a nan or inf in the result comes from in this exercise, said
    # in place of the general words (an overflow, a 0/0, a log of 0)
    finite: str = ""

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
        # named only when every array of the result is a matrix
        arrays = _arrays(_expected(self)[0][0])
        if arrays and all(np.ndim(v) == 2 for v in arrays):
            general.append("transposed_result")
        general += list(getattr(self.detect, "names", ()))
        return list(self.variants) + [g for g in general
                                      if g not in self.variants]

    @property
    def where_in_words(self):
        return f"{PAGE_NAMES[self.page]}, \u201c{self.section}\u201d"


def _arrays(value):
    if isinstance(value, dict):
        value = list(value.values())
    if isinstance(value, (list, tuple)):
        return [a for v in value for a in _arrays(v)]
    return [value] if isinstance(value, np.ndarray) else []


def exercise(name, signature, returns, function, mistakes, cases, *,
             where, says=None, why=None, sizes=None, step_from=None,
             adapt=None, detect=None, see=None, entries="", rtol=RTOL,
             finite=""):
    """Make an exercise and add it to ``EXERCISES``. ``function(**case,
    mistake=None)`` is the reference, and with ``mistake=`` a name of
    ``MISTAKES`` it makes exactly that mistake; ``where`` is the page and
    the heading that derive the result. ``rtol`` loosens the comparison
    of float64 results for an exercise whose right answers differ by
    more than rounding; ``finite`` says where a nan in the result comes
    from in this exercise."""
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
                  see or {}, entries, rtol, finite)
    EXERCISES[name] = ex
    return ex


# --- the answer ----------------------------------------------------------

@dataclass
class CheckResult:
    """The checker's answer. ``ok`` is True only for a correct function;
    ``diagnosis`` is one of "correct", "not attempted", "returned None",
    "odd result", "returned an argument", "time limit", "not finite",
    "error", "shape", "signature", "unknown", or the name of a mistake
    of ``MISTAKES``; ``message`` says it in words. ``solution``: the
    function checked is the course's own (its name ends in
    ``_solution``), and the answer says so."""
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
                          f"{outcomes.TIME_LIMIT:g} s on case {k + 1} of "
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
        # the right numbers in the caller's own object: a new one is asked
        # for (an argument changed as well is named as that, above)
        k = next((k for k, o in enumerate(mine) if o.returned_argument),
                 None)
        if k is not None and not changed:
            arg = mine[k].returned_argument
            kind = type(ex.cases[k][arg]).__name__
            kind = "array" if kind == "ndarray" else kind
            return result(False, "returned an argument",
                          f"your function returned its argument {arg} "
                          f"itself in case {k + 1} of {n}, not a new "
                          f"{kind}: the numbers are right, but your result "
                          f"and the caller's {arg} are then one object, "
                          f"and a change to either changes the other: "
                          f"return a new {kind} in every case.")
        cases = "both cases" if n == 2 else f"all {n} cases"
        low = max(o.eps for o in mine)
        if low > _F64 * 1.01:
            bits = {np.finfo(t).eps: np.dtype(t).name
                    for t in (np.float16, np.float32)}
            kind = bits.get(low, "a lower precision")
            return result(True, "correct",
                          f"correct on {cases}, to {kind} precision (its "
                          f"results agree with the float64 ones to "
                          f"{_tolerance(low, ex.rtol):.0e} of the largest "
                          f"entry).")
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
                and bool(_close(x, y.T, a.eps, a.rtol).all())
                for (_, x), (_, y) in zip(a.parts, b.parts))
               for a, b in zip(mine, right)):
            return named("transposed_result")
        if ex.detect is not None:
            seen = ex.detect([o.parts for o in mine], ex.cases)
            if isinstance(seen, tuple):        # (name, its own words)
                return named(*seen)
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
                    cause = ex.finite or (
                        "an overflow (exp of a large number), a 0/0, or "
                        "the log of 0. The cases include large inputs, as "
                        "the task says; rewrite the formula so that "
                        "nothing overflows on the way (a factor that "
                        "cancels, a shift by each row's largest z, or "
                        "log-sum-exp for the log of a softmax)")
                    return result(
                        False, "not finite",
                        f"your result is {x[i]} in case {k + 1} of {n}, "
                        f"{within}entry {at}, where the right one is "
                        f"finite ({y[i] + 0.0:.6g}): {cause}.")
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
            if a.stacked and x.shape[1:] == y.shape:
                kind, count = a.stacked
                hint = (f" Your function returned a {kind} of {count} "
                        f"arrays (return a, b makes a tuple), which reads "
                        f"as one array with an extra first axis: return "
                        f"the one array asked for alone.")
            elif x.shape == y.shape[::-1]:
                hint = (" The right shape transposed: check which axis "
                        "holds the examples (one per row) and which the "
                        "neurons.")
            elif sorted(x.shape) == sorted(y.shape):
                hint = (" The right axes in another order: check which "
                        "axis holds what (for an array of filters, the "
                        "output channels come first).")
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
            bad = ~_close(x, y, a.eps, a.rtol)
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
