"""Running a learner's function on an exercise's cases, and reading what
came back: one call on fresh copies of the arguments under a time limit
(``_call``), the arguments compared after it (``_changed``), the result
read as numbers or named as what it is (``_read``), and two outcomes
compared to the precision of what came back (``_same``). The reference's
and the variants' outcomes are computed once (``_expected``,
``_variant_outcomes``).
"""

import copy
import signal
import threading
import traceback
import types
from contextlib import contextmanager
from dataclasses import dataclass, field

import numpy as np

# Two float64 results agree when every entry does, to this relative
# tolerance (and this absolute one near 0): tight enough to tell a
# factor 2 or m apart, loose enough for another exact order of
# operations. A result in a lower precision (float32) is compared to
# LOW_PRECISION times its machine epsilon, relative to its largest entry.
# An exercise whose right answers differ by more than rounding sets its
# own relative tolerance (``exercise(..., rtol=)``), which replaces RTOL
# for its float64 results and is a floor for lower precisions.
RTOL, ATOL = 1e-7, 1e-10
LOW_PRECISION = 100
# Seconds one call may take: the cases are tiny, and a right function
# takes milliseconds.
TIME_LIMIT = 3.0

_F64 = float(np.finfo(np.float64).eps)

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
    rtol: float = RTOL        # the exercise's tolerance for float64
    # the argument returned itself (its name), where a new object belongs
    returned_argument: str = None
    # the result was a tuple or a list holding arrays, read as one array
    # by stacking them: (its type's name, its length)
    stacked: tuple = None


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
    out.rtol = getattr(ex, "rtol", RTOL)
    out.returned_argument = next(
        (k for k in ex.signature if value is args[k]
         and isinstance(value, (dict, list, np.ndarray))), None)
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
    if isinstance(a, dict):
        if not isinstance(b, dict):
            return "replaced"
        if set(a) != set(b):
            return (f"its keys {sorted(map(str, a))} became "
                    f"{sorted(map(str, b))}")
        for key in a:
            inner = _difference(a[key], b[key])
            if inner:
                return f"its item {key!r}: {inner}"
        return ""
    if isinstance(a, (float, int, np.floating)):
        return "" if a == b or (a != a and b != b) else "changed"
    return ""


def _describe(value, numbers=True):
    """What ``value`` is, in words; ``numbers``: an array or a number is
    asked for (not a dict), so that a string is said to be text made
    from it."""
    if isinstance(value, (str, bytes)):
        text = value if len(value) < 30 else value[:27] + "..."
        if not numbers:
            return f"a string, {text!r}"
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
        kind = type(value).__name__
        if numbers and any(isinstance(v, np.ndarray) for v in value):
            return (f"a {kind} of {len(value)} items, among them an array "
                    f"(return a, b makes a tuple): return the one array "
                    f"asked for alone")
        return (f"a {kind} that does not make an array of numbers (items "
                f"of different shapes, or not numbers)")
    return type(value).__name__


class Odd(str):
    """What an ``adapt`` function returns for a result it cannot read:
    what it should have been, and what it was, in words."""


def _read(value, like):
    """A result as an _Outcome with parts [(label, float64 array)] laid
    out as ``like``: an array (a list or a tuple of numbers is accepted),
    a list of arrays, or a dict name -> array (read in ``like``'s order
    of keys)."""
    if value is None:
        return _Outcome(none=True)
    if isinstance(value, Odd):
        return _Outcome(odd=str(value))
    if isinstance(like, dict):
        return _read_dict(value, like)
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
        if isinstance(value, (list, tuple)) and any(
                isinstance(v, np.ndarray) for v in value):
            return _Outcome(odd=_describe(value))
        return _Outcome(odd=f"{_describe(value)} of {array.dtype} "
                        f"entries, not numbers")
    eps = float(np.finfo(array.dtype).eps) if array.dtype.kind == "f" \
        else _F64
    stacked = None
    if isinstance(value, (list, tuple)) and any(
            isinstance(v, np.ndarray) and v.ndim > 0 for v in value):
        stacked = (type(value).__name__, len(value))
    return _Outcome(parts=[("", array.astype(np.float64))], eps=eps,
                    stacked=stacked)


def _read_dict(value, like):
    """A dict name -> array, its items labelled by their names."""
    keys = ", ".join(map(repr, like))
    if isinstance(value, (list, tuple)) and value and isinstance(
            value[0], dict):
        return _Outcome(odd=f"a {type(value).__name__} whose first item is "
                        f"a dict: return the dict alone")
    if not isinstance(value, dict):
        what = (f"a {type(value).__name__}"
                if isinstance(value, (list, tuple))
                else _describe(value, numbers=False))
        return _Outcome(odd=f"{what}, not a dict with the keys {keys}")
    if set(value) != set(like):
        return _Outcome(odd=f"a dict with the keys "
                        f"{', '.join(map(repr, value)) or 'none'}, not "
                        f"{keys}")
    parts, eps = [], _F64
    for key, w in like.items():
        inner = _read(value[key], w)
        if inner.parts is None:
            what = "None" if inner.none else inner.odd
            return _Outcome(odd=f"a dict whose item {key!r} is {what}")
        parts += [(f"the item {key!r}" + (f", {label}" if label else ""),
                   a) for label, a in inner.parts]
        eps = max(eps, inner.eps)
    return _Outcome(parts=parts, eps=eps)


def _float64(eps):
    return eps <= _F64 * 1.01


def _tolerance(eps, rtol=RTOL):
    """The relative tolerance for numbers of precision ``eps``: ``rtol``
    (the exercise's) for float64, at least LOW_PRECISION epsilons
    below."""
    return rtol if _float64(eps) else max(rtol, LOW_PRECISION * eps)


def _close(x, y, eps=_F64, rtol=RTOL):
    """Entry by entry, ``x`` agrees with ``y`` (NaN with NaN)."""
    if x.shape != y.shape:
        return np.zeros(x.shape, bool)
    tol = _tolerance(eps, rtol)
    atol = ATOL if _float64(eps) else max(
        ATOL, tol * float(np.nanmax(np.abs(y), initial=0.0)))
    return np.isclose(x, y, rtol=tol, atol=atol, equal_nan=True)


def _same(a, b):
    """Two outcomes agree: both raised, or the same shapes and numbers."""
    if a.raised is not None or b.raised is not None:
        return a.raised is not None and b.raised is not None
    if a.parts is None or b.parts is None:
        return False
    eps, rtol = max(a.eps, b.eps), max(a.rtol, b.rtol)
    return len(a.parts) == len(b.parts) and all(
        x.shape == y.shape and bool(_close(x, y, eps, rtol).all())
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
