"""Write it yourself: exercises whose checker names the mistake.

What this module is for: a chapter gives the learner a function to
write (``check("ch2.grad_W", grad_W)``); the checker runs it on a few
seeded cases chosen to tell mistakes apart, and answers with one of:
correct; not attempted yet; the wrong shape (and what that usually
means); a known mistake from ``MISTAKES`` (with one sentence of why and
where the course explains it); an error inside the function (its
message and line); or wrong in a way it does not know (the worst
relative error and the first entry that differs).

The catalogue of mistakes, ``MISTAKES``, names how learners go wrong
with backpropagation: the 1/2 and the factor 2, the missing 1/m, g(z)
where g'(z) belongs, a transpose, and so on. Each exercise in
``EXERCISES`` lists the mistakes plausible for it, each as a function
that makes exactly that mistake (a variant of the reference). A mistake
is named only when the learner's function agrees with its variant on
every case, and the cases are chosen so that no two variants agree with
each other (tests/test_practice.py checks every pair).

What it is not for: grading, or any function outside ``EXERCISES``.
The checker never raises on a learner's bug and never prints a wall of
numbers.
"""

import html
import inspect
import traceback
from dataclasses import dataclass, field

import numpy as np

from .activations import relu, relu_prime, sigmoid, sigmoid_prime

__all__ = ["MISTAKES", "EXERCISES", "Mistake", "Exercise", "CheckResult",
           "check"]

# Two results agree when every entry does, to this relative tolerance
# (and this absolute one near 0): tight enough to tell a factor 2 or m
# apart, loose enough for a different but exact order of operations.
RTOL, ATOL = 1e-7, 1e-10


@dataclass(frozen=True)
class Mistake:
    """One way to go wrong: what the checker says, why, and where the
    course explains it (a page of the book and a heading on it)."""
    name: str
    title: str
    says: str
    why: str
    where: str
    equation: str = ""
    code: str = ""


_MISTAKE_LIST = [
    Mistake(
        "dropped_two",
        "the 2 of the square dropped",
        "your result is half the right one",
        "the loss (a - y)² has no 1/2, so its derivative is 2(a - y): "
        "the 2 of the square stays",
        "ch1_chain.ipynb#the-last-layer-three-factors",
        r"\partial (a-y)^2 / \partial a = a - y \quad (\text{should be } "
        r"2(a - y))",
        "2 * (a - y)  # not (a - y)"),
    Mistake(
        "factor_two",
        "a factor 2 where the loss has 1/2",
        "your result is the right one times 2",
        "the loss here is ½(a - y)², whose derivative is a - y: the "
        "1/2 cancels the 2 of the square",
        "notation.ipynb#loss-and-cost-with-or-without-the-12",
        r"\partial \tfrac12 (a-y)^2 / \partial a = 2(a - y) \quad "
        r"(\text{should be } a - y)",
        "(A - Y)  # not 2 * (A - Y)"),
    Mistake(
        "missing_mean",
        "the 1/m of the mean cost left out",
        "your result is the right one times m, the number of examples",
        "the cost J is the mean of the per-example losses, so its gradient "
        "is the mean of theirs: a sum over the batch divided by m",
        "ch2_single_layer.ipynb#from-one-example-to-a-data-set-the-cost",
        r"\partial J / \partial W = \textstyle\sum_i \ldots \quad "
        r"(\text{should be } \tfrac1m \textstyle\sum_i \ldots)",
        "(A - Y).T @ X / m  # not (A - Y).T @ X"),
    Mistake(
        "flipped_sign",
        "a - y and y - a swapped",
        "your result is the right one with the opposite sign",
        "the derivative of (a - y)² with respect to a is 2(a - y); with "
        "y - a every step of gradient descent would go uphill",
        "ch1_chain.ipynb#the-last-layer-three-factors",
        r"2(y - a) \quad (\text{should be } 2(a - y))",
        "a - y  # not y - a"),
    Mistake(
        "g_for_gprime",
        "g(z) where g'(z) belongs",
        "your result uses the activation g(z) where its derivative g'(z) "
        "belongs",
        "the chain rule passes through the activation by its slope, "
        "g'(z), not by its value",
        "ch1_chain.ipynb#the-last-layer-three-factors",
        r"\sigma(z) \cdot 2(a - y) \quad (\text{should be } "
        r"\sigma'(z) \cdot 2(a - y))",
        "sigmoid_prime(z)  # not sigmoid(z)"),
    Mistake(
        "gprime_of_a",
        "g' taken at a instead of at z",
        "your result takes the derivative of the activation at a = g(z) "
        "instead of at z",
        "the slope belongs at the point the activation was applied to, "
        "z; σ'(a) is the slope at another point",
        "ch1_chain.ipynb#the-last-layer-three-factors",
        r"\sigma'(a) \quad (\text{should be } \sigma'(z) = a(1 - a))",
        "sigmoid_prime(z)  # not sigmoid_prime(a)"),
    Mistake(
        "missing_input",
        "the input to the weight left out",
        "your result is the gradient of the bias, not of the weight: the "
        "factor a^(l-1) is missing",
        "z = w a + b, so dz/dw = a (the input the weight multiplies), "
        "while dz/db = 1",
        "ch1_chain.ipynb#the-last-layer-three-factors",
        r"\partial \mathcal{L}/\partial w = \sigma'(z)\, 2(a - y) \quad "
        r"(\text{should be } a^{(L-1)} \sigma'(z)\, 2(a - y))",
        "a_prev * sigmoid_prime(z) * 2 * (a - y)"),
    Mistake(
        "no_gprime",
        "the factor g'(z) left out",
        "your result leaves out the slope of the hidden activation, "
        "g'(z), entirely",
        "a delta is dℒ/dz: going back through a = g(z) multiplies by "
        "g'(z), element by element",
        "ch3_two_layers.ipynb#the-hidden-layer",
        r"\delta^{(1)} = W^{(2)\top} \delta^{(2)} \quad (\text{should be "
        r"} (W^{(2)\top} \delta^{(2)}) \odot g'(z^{(1)}))",
        "(delta2 @ W2) * relu_prime(Z1)  # not delta2 @ W2"),
    Mistake(
        "transposed_weights",
        "W used where its transpose belongs, or the other way round",
        "your result would be right if W were transposed",
        "going back from layer l+1 to layer l sums down a column of "
        "W^(l+1): with one example per row that is delta @ W, not "
        "delta @ W.T",
        "ch3_two_layers.ipynb#why-a-transpose-and-why-the-element-wise-"
        "product",
        r"\Delta^{(2)} W^{(2)\top} \quad (\text{should be } "
        r"\Delta^{(2)} W^{(2)})",
        "delta2 @ W2  # not delta2 @ W2.T"),
]
MISTAKES = {m.name: m for m in _MISTAKE_LIST}


@dataclass(frozen=True)
class Exercise:
    """A function to write: its name and arguments, what it returns,
    the reference, the variants that make each plausible mistake, and
    the cases (a list of keyword dicts) it is checked on."""
    name: str
    signature: tuple
    returns: str
    reference: object
    variants: dict
    cases: list = field(repr=False)
    where: str = ""


def _rng(seed):
    return np.random.default_rng(seed)


# --- chapter 1: a chain of single neurons, L = (a - y)^2 ----------------

def _ch1_cases(seed, n=6):
    rng = _rng(seed)
    # z of both signs, and inputs that are not 1, so that a missing
    # factor shows
    return [{"a_prev": rng.uniform(0.2, 1.8, n),
             "z": rng.uniform(-3, 3, n) * rng.choice([-1, 1], n),
             "y": rng.uniform(0, 1, n)} for _ in range(2)]


def _ch1_dloss_da_cases():
    rng = _rng(11)
    return [{"a": rng.uniform(0.05, 0.95, 5), "y": rng.uniform(0, 1, 5)}
            for _ in range(2)]


def _ch1_dloss_dw(a_prev, z, y, *, mistake=None):
    a = sigmoid(z)
    slope = {"g_for_gprime": sigmoid(z),
             "gprime_of_a": sigmoid_prime(a)}.get(mistake, sigmoid_prime(z))
    outer = {"dropped_two": a - y, "flipped_sign": 2 * (y - a)}.get(
        mistake, 2 * (a - y))
    factor = 1.0 if mistake == "missing_input" else a_prev
    return factor * slope * outer


# --- chapter 2: one layer, identity output, (1/2)(a - y)^2, mean J ------

def _ch2_cases():
    rng = _rng(22)
    # m = 4 and m = 3: neither is 2, so the 1/m and the 2 differ
    return [{"X": rng.normal(size=(m, n0)), "Y": rng.normal(size=(m, n1)),
             "W": rng.normal(size=(n1, n0)), "b": rng.normal(size=n1)}
            for m, n0, n1 in [(4, 3, 2), (3, 2, 1)]]


def _ch2_grad(X, Y, W, b, *, of, mistake=None):
    m = X.shape[0]
    E = X @ W.T + b - Y                      # dℒ/dz, one row per example
    if mistake == "factor_two":
        E = 2 * E
    elif mistake == "flipped_sign":
        E = -E
    scale = 1.0 if mistake == "missing_mean" else 1.0 / m
    return scale * (E.T @ X if of == "W" else E.sum(axis=0))


# --- chapter 3: the hidden delta, ReLU, a batch -------------------------

def _ch3_delta_cases():
    rng = _rng(33)
    cases = []
    for m, n1, n2 in [(3, 4, 2), (4, 3, 3), (5, 2, 1)]:
        Z1 = rng.normal(size=(m, n1))
        Z1[0, 0], Z1[-1, -1] = -abs(Z1[0, 0]), abs(Z1[-1, -1])
        cases.append({"W2": rng.normal(size=(n2, n1)),
                      "delta2": rng.normal(size=(m, n2)), "Z1": Z1})
    return cases


def _ch3_delta_hidden(W2, delta2, Z1, *, mistake=None):
    back = delta2 @ (W2.T if mistake == "transposed_weights" else W2)
    if mistake == "no_gprime":
        return back
    return back * (relu(Z1) if mistake == "g_for_gprime"
                   else relu_prime(Z1))


def _ch3_grad_cases():
    rng = _rng(34)
    return [{"delta1": rng.normal(size=(m, n1)),
             "X": rng.normal(size=(m, n0))}
            for m, n0, n1 in [(4, 3, 2), (3, 1, 4)]]


def _ch3_grad_W1(delta1, X, *, mistake=None):
    m = X.shape[0]
    G = delta1.T @ X
    return G if mistake == "missing_mean" else G / m


def _exercise(name, signature, returns, function, mistakes, cases, where):
    def variant(mistake):
        def wrong(**kwargs):
            return function(**kwargs, mistake=mistake)
        wrong.__name__ = f"{name}_{mistake}"
        return wrong

    def reference(**kwargs):
        return function(**kwargs)
    return Exercise(name, tuple(signature), returns, reference,
                    {m: variant(m) for m in mistakes}, cases, where)


_EXERCISE_LIST = [
    _exercise(
        "ch1.dloss_da", ["a", "y"],
        "dℒ/da for ℒ = (a - y)², elementwise: an array of the shape of a",
        lambda a, y, mistake=None: {"dropped_two": a - y,
                                    "flipped_sign": 2 * (y - a)}.get(
                                        mistake, 2 * (a - y)),
        ["dropped_two", "flipped_sign"], _ch1_dloss_da_cases(),
        "ch1_chain.ipynb#the-last-layer-three-factors"),
    _exercise(
        "ch1.dloss_dw", ["a_prev", "z", "y"],
        "dℒ/dw of the last neuron, with z = w a_prev + b, a = σ(z) and "
        "ℒ = (a - y)², elementwise: an array of the shape of z",
        _ch1_dloss_dw,
        ["dropped_two", "flipped_sign", "g_for_gprime", "gprime_of_a",
         "missing_input"], _ch1_cases(12),
        "ch1_chain.ipynb#the-last-layer-three-factors"),
    _exercise(
        "ch2.grad_W", ["X", "Y", "W", "b"],
        "dJ/dW for one identity layer, ℒ = ½ Σ_k (ŷ_k - y_k)² per "
        "example and J their mean: shape (n_1, n_0), the shape of W",
        lambda X, Y, W, b, mistake=None: _ch2_grad(X, Y, W, b, of="W",
                                                   mistake=mistake),
        ["factor_two", "missing_mean", "flipped_sign"], _ch2_cases(),
        "ch2_single_layer.ipynb#from-one-example-to-a-data-set-the-cost"),
    _exercise(
        "ch2.grad_b", ["X", "Y", "W", "b"],
        "dJ/db for the same layer and cost: shape (n_1,), the shape of b",
        lambda X, Y, W, b, mistake=None: _ch2_grad(X, Y, W, b, of="b",
                                                   mistake=mistake),
        ["factor_two", "missing_mean", "flipped_sign"], _ch2_cases(),
        "ch2_single_layer.ipynb#from-one-example-to-a-data-set-the-cost"),
    _exercise(
        "ch3.delta_hidden", ["W2", "delta2", "Z1"],
        "the deltas of a ReLU hidden layer for a batch: shape (m, n_1), "
        "one row per example",
        _ch3_delta_hidden,
        ["no_gprime", "g_for_gprime", "transposed_weights"],
        _ch3_delta_cases(), "ch3_two_layers.ipynb#the-backward-pass-for-a-"
        "batch"),
    _exercise(
        "ch3.grad_W1", ["delta1", "X"],
        "dJ/dW^(1) from the hidden deltas of a batch and its inputs: shape "
        "(n_1, n_0), the shape of W^(1)",
        _ch3_grad_W1, ["missing_mean"], _ch3_grad_cases(),
        "ch3_two_layers.ipynb#the-backward-pass-for-a-batch"),
]
EXERCISES = {e.name: e for e in _EXERCISE_LIST}


# --- the checker --------------------------------------------------------

class _Raised:
    """What a call raised, standing in for its result."""

    def __init__(self, error, line):
        self.error, self.line = error, line


def _call(fn, kwargs, own_file=None):
    copies = {k: np.array(v, copy=True) for k, v in kwargs.items()}
    try:
        return fn(**copies)
    except Exception as error:              # a learner's bug, reported
        line = None
        for frame in traceback.extract_tb(error.__traceback__):
            if own_file is not None and frame.filename == own_file:
                line = (frame.lineno, (frame.line or "").strip())
        return _Raised(error, line)


def _as_array(value):
    if isinstance(value, _Raised) or value is None:
        return value
    try:
        out = np.asarray(value, dtype=float)
    except (TypeError, ValueError):
        return _Raised(TypeError(
            f"it returned {type(value).__name__}, not an array of numbers"),
            None)
    return out


def _same(a, b):
    """Two outcomes agree: both raised, both None, or the same shape and
    numbers."""
    if isinstance(a, _Raised) or isinstance(b, _Raised):
        return isinstance(a, _Raised) and isinstance(b, _Raised)
    if a is None or b is None:
        return a is None and b is None
    return a.shape == b.shape and np.allclose(a, b, rtol=RTOL, atol=ATOL)


@dataclass
class CheckResult:
    """The checker's answer. ``ok`` is True only for a correct function;
    ``diagnosis`` is one of "correct", "not attempted", "returned None",
    "error", "shape", "unknown", or the name of a mistake of
    ``MISTAKES``; ``message`` says it in words."""
    exercise: str
    ok: bool
    diagnosis: str
    message: str
    link: str = ""

    def _mark(self):
        return ("✓" if self.ok else
                "○" if self.diagnosis == "not attempted" else "✗")

    def __repr__(self):
        head = self._mark() + " "
        link = f"\n  (see {self.link})" if self.link else ""
        return f"{self.exercise}: {head}{self.message}{link}"

    def _repr_html_(self):
        colour = "#2e6b30" if self.ok else "#7a1f1f"
        mark = self._mark()
        link = ""
        if self.link:
            page, _, anchor = self.link.partition("#")
            href = page.replace(".ipynb", ".html") + (
                f"#{anchor}" if anchor else "")
            link = (f' <a href="{html.escape(href)}">Where the course '
                    "explains it.</a>")
        return (f'<div class="bp-check mathjax_ignore" style="border-left:'
                f'4px solid {colour};padding:0.3em 0.8em;margin:0.5em 0">'
                f'<b style="color:{colour}">{mark} '
                f"{html.escape(self.exercise)}</b>: "
                f"{html.escape(self.message)}{link}</div>")


def _signature_names(fn):
    try:
        params = inspect.signature(fn).parameters.values()
    except (TypeError, ValueError):
        return None
    return tuple(p.name for p in params
                 if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD,
                               p.KEYWORD_ONLY))


def check(name, fn):
    """Run ``fn`` on the cases of exercise ``name`` and say how it did.

    Parameters
    ----------
    name : str
        A key of ``EXERCISES``, e.g. ``"ch2.grad_W"``.
    fn : callable
        The learner's function, with the exercise's arguments by name.

    Returns
    -------
    CheckResult
        Shown as one short line (or box, on a page).

    Raises
    ------
    KeyError
        For an unknown exercise name (the error lists the known ones).
    TypeError
        When ``fn`` is not callable or its arguments are not the
        exercise's.
    """
    if name not in EXERCISES:
        raise KeyError(f"no exercise {name!r}; the exercises are "
                       f"{sorted(EXERCISES)}")
    ex = EXERCISES[name]
    if not callable(fn):
        raise TypeError(f"check({name!r}, fn) needs the function itself; "
                        f"got {type(fn).__name__} {fn!r}")
    names = _signature_names(fn)
    if names is not None and names != ex.signature:
        raise TypeError(
            f"{name} takes the arguments ({', '.join(ex.signature)}); "
            f"your function takes ({', '.join(names)})")
    own_file = getattr(getattr(fn, "__code__", None), "co_filename", None)
    mine = [_as_array(_call(fn, c, own_file)) for c in ex.cases]
    right = [np.asarray(ex.reference(**c), dtype=float) for c in ex.cases]
    n = len(ex.cases)

    def result(ok, diagnosis, message, link=""):
        return CheckResult(name, ok, diagnosis, message, link)

    first_raise = next((o for o in mine if isinstance(o, _Raised)), None)
    if first_raise is not None and isinstance(first_raise.error,
                                              NotImplementedError):
        return result(False, "not attempted",
                      f"not attempted yet: write the function; it returns "
                      f"{ex.returns}.")
    if all(_same(a, b) for a, b in zip(mine, right)):
        return result(True, "correct", f"correct on all {n} cases.")
    if any(o is None for o in mine):
        return result(False, "returned None",
                      "your function returned None: is a return statement "
                      f"missing? It should return {ex.returns}.")
    # a known mistake: the same outcome as its variant on every case,
    # with at least one case that returned numbers
    matches = []
    for mistake, variant in ex.variants.items():
        theirs = [_as_array(_call(variant, c)) for c in ex.cases]
        if (all(_same(a, b) for a, b in zip(mine, theirs))
                and any(not isinstance(o, _Raised) for o in mine)):
            matches.append(mistake)
    if len(matches) == 1:
        mk = MISTAKES[matches[0]]
        return result(False, mk.name, f"{mk.says}: {mk.why}.", mk.where)
    if first_raise is not None:
        where = ""
        if first_raise.line:
            number, text = first_raise.line
            where = f" (line {number}: {text})" if text else \
                f" (line {number})"
        error = first_raise.error
        return result(False, "error",
                      f"your function raised {type(error).__name__}: "
                      f"{error}{where}.")
    for case, a, b in zip(ex.cases, mine, right):
        if a.shape != b.shape:
            hint = ""
            if a.shape == b.shape[::-1]:
                hint = (" The right shape transposed: check which axis "
                        "holds the examples (one per row) and which the "
                        "neurons.")
            elif a.size == b.size:
                hint = (" The same numbers of entries in another shape: "
                        "an extra or a missing axis of length 1?")
            return result(False, "shape",
                          f"wrong shape: expected {b.shape}, got "
                          f"{a.shape}.{hint} It should return "
                          f"{ex.returns}.")
    worst, first = 0.0, None
    for k, (a, b) in enumerate(zip(mine, right)):
        with np.errstate(invalid="ignore"):
            err = np.abs(a - b) / np.maximum(np.abs(b), ATOL)
        err[~np.isfinite(err)] = np.inf           # NaN or inf in yours
        worst = max(worst, float(err.max()))
        bad = ~np.isclose(a, b, rtol=RTOL, atol=ATOL)
        if first is None and bad.any():
            i = tuple(int(j) for j in np.argwhere(bad)[0])
            first = (k + 1, i, float(a[i]), float(b[i]))
    k, i, got, want = first
    at = f"[{', '.join(map(str, i))}]" if i else ""
    return result(False, "unknown",
                  f"wrong, and not a mistake the checker knows: worst "
                  f"relative error {worst:.2g}; first difference in case "
                  f"{k} of {n}, entry {at or '(the value)'}: yours "
                  f"{got:.6g}, expected {want:.6g}.")
