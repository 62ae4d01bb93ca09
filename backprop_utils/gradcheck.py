"""Gradient checking by central differences.

What this module is for: checking a derivative formula against the
definition of the derivative. The central difference
``(f(x + h) - f(x - h)) / (2 h)`` has an error of order ``h^2``, so with
``h = 1e-6`` and float64 the agreement with a correct analytic gradient
is typically around ``1e-9`` in relative terms.

What it is not for: training. It costs two evaluations of ``f`` per
entry, which is why backpropagation exists (see the appendix).
"""

from dataclasses import dataclass

import numpy as np

__all__ = [
    "FormulaCheck",
    "GradientCheck",
    "check_formula",
    "check_gradients",
    "numerical_gradient",
    "numerical_network_gradients",
    "relative_error",
]

DEFAULT_STEP = 1e-6


def numerical_gradient(f, x, h=DEFAULT_STEP):
    """Central-difference gradient of a scalar function of an array.

    Parameters
    ----------
    f : callable
        ``f(x) -> float``.
    x : ndarray of float64, any shape
        The point. Each entry is moved by ``+h`` and ``-h`` *in place*,
        one at a time, and put back exactly, so ``f`` may also read ``x``
        through another name (e.g. ``net.weights[0]``).
    h : float, default 1e-6

    Returns
    -------
    ndarray, same shape as ``x``
        ``(f(x + h e_i) - f(x - h e_i)) / (2 h)`` for each entry ``i``.

    Examples
    --------
    >>> x = np.array([1.0, 2.0])
    >>> np.round(numerical_gradient(lambda v: float(np.sum(v**2)), x), 6)
    array([2., 4.])
    """
    if not (isinstance(x, np.ndarray) and x.dtype == np.float64):
        raise TypeError(
            "x must be a float64 numpy array (it is perturbed in place); "
            f"got {type(x).__name__}"
            + (f" of dtype {x.dtype}" if isinstance(x, np.ndarray) else "")
        )
    if not x.flags.writeable:
        raise ValueError("x must be writable: it is perturbed in place")
    grad = np.zeros_like(x)
    for idx in np.ndindex(x.shape):
        old = x[idx]
        try:
            x[idx] = old + h
            f_plus = f(x)
            x[idx] = old - h
            f_minus = f(x)
        finally:
            x[idx] = old
        grad[idx] = (f_plus - f_minus) / (2.0 * h)
    return grad


def relative_error(a, b):
    """Relative error of two arrays: ``|a - b| / (|a| + |b|)``.

    ``|.|`` is the Euclidean norm of the whole array, so one entry that is
    almost zero in both does not dominate. Two arrays that are both
    exactly zero have relative error 0.

    Examples
    --------
    >>> relative_error(np.array([1.0, 2.0]), np.array([1.0, 2.0]))
    0.0
    """
    a = np.asarray(a, dtype=float)
    b = np.asarray(b, dtype=float)
    if a.shape != b.shape:
        raise ValueError(
            f"cannot compare arrays of shapes {a.shape} and {b.shape}")
    denom = np.linalg.norm(a) + np.linalg.norm(b)
    if denom == 0.0:
        return 0.0
    return float(np.linalg.norm(a - b) / denom)


def numerical_network_gradients(net, X, Y, h=DEFAULT_STEP):
    """Central-difference ``dJ/dW^(l)`` and ``dJ/db^(l)`` of a network.

    Parameters
    ----------
    net : Network
    X : array_like, shape (m, n_0)
    Y : array_like, shape (m, n_L)
    h : float, default 1e-6

    Returns
    -------
    dW, db : lists of ndarray
        Shaped like ``net.weights`` and ``net.biases``. The network's
        parameters are left exactly as they were.
    """
    def J(_):
        return net.cost(X, Y)

    dW = [numerical_gradient(J, W, h) for W in net.weights]
    db = [numerical_gradient(J, b, h) for b in net.biases]
    return dW, db


@dataclass
class GradientCheck:
    """Result of ``check_gradients``.

    Attributes
    ----------
    errors : dict
        Parameter name (``"W^(1)"``, ``"b^(1)"``, ...) -> relative error
        between backprop and central differences for that array.
    worst : float
        The largest of those errors.
    worst_name : str
        The parameter it belongs to.
    """

    errors: dict
    worst: float
    worst_name: str

    def __str__(self):
        lines = [f"{'parameter':<10} relative error"]
        lines += [f"{k:<10} {v:.2e}" for k, v in self.errors.items()]
        lines.append(f"worst: {self.worst:.2e} ({self.worst_name})")
        return "\n".join(lines)


def check_gradients(net, X, Y, h=DEFAULT_STEP):
    """Compare ``net.backward`` with central differences, per parameter.

    Parameters
    ----------
    net : Network
    X : array_like, shape (m, n_0)
    Y : array_like, shape (m, n_L)
    h : float, default 1e-6

    Returns
    -------
    GradientCheck
        Relative error for each ``W^(l)`` and ``b^(l)``, and the worst.

    Examples
    --------
    >>> from backprop_utils import Network
    >>> net = Network([2, 3, 1], ["tanh", "identity"], seed=0)
    >>> X = np.array([[0.5, -1.0]]); Y = np.array([[2.0]])
    >>> check_gradients(net, X, Y).worst < 1e-7
    True
    """
    grads = net.backward(X, Y)
    num_dW, num_db = numerical_network_gradients(net, X, Y, h)
    errors = {}
    for l in range(1, net.n_layers + 1):
        errors[f"W^({l})"] = relative_error(grads.dW[l - 1], num_dW[l - 1])
        errors[f"b^({l})"] = relative_error(grads.db[l - 1], num_db[l - 1])
    worst_name = max(errors, key=errors.get)
    return GradientCheck(errors=errors, worst=errors[worst_name],
                         worst_name=worst_name)


# Below this, a relative error is rounding: its digits depend on the
# order in which a sum was added up, which numpy and the BLAS choose by
# the processor (AVX-512 or not), so printing them would make a page's
# numbers differ from one machine to another.
ROUNDING = 1e-14


def _shown_error(err):
    return f"< {ROUNDING:g}" if err < ROUNDING else f"{err:.1e}"


@dataclass
class FormulaCheck:
    """Result of ``check_formula``: one derived quantity, three ways.

    Attributes
    ----------
    label : str
    formula : ndarray
        The value of the equation as derived, in numpy.
    errors : dict
        Name of the other computation (``"package"``,
        ``"central differences"``, ...) -> relative error against
        ``formula``.
    """

    label: str
    formula: np.ndarray
    errors: dict
    tol: float = 1e-7

    @property
    def ok(self):
        """True when every relative error is at most ``tol``."""
        return all(v <= self.tol for v in self.errors.values())

    def verdict(self):
        """One line: ``"<label>: agrees"`` or what disagrees, and by how
        much (the first line of the error ``check_formula`` would raise)."""
        if self.ok:
            return f"{self.label}: agrees"
        return f"{self.label}: " + self._failure()

    def _failure(self):
        bad = {k: v for k, v in self.errors.items() if not v <= self.tol}
        return (f"relative error above {self.tol:g}: "
                + ", ".join(f"vs {k}: {v:.2e}" for k, v in bad.items()))

    def __str__(self):
        # long arrays are summarised (first and last rows), not printed;
        # arrays of three or more axes (a batch of images) by their shape
        # and range, which fit on one line
        formula = np.asarray(self.formula)
        if formula.ndim > 2 and formula.size:
            value = (f"an array of shape {formula.shape}, from "
                     f"{formula.min():.6g} to {formula.max():.6g}")
        else:
            value = np.array2string(formula, precision=6, separator=", ",
                                    threshold=20, edgeitems=3)
        width = max(len(k) for k in self.errors)
        lines = [f"{self.label} = {value}"]
        lines += [f"    relative error vs {k + ':':<{width + 1}} "
                  f"{_shown_error(v)}" for k, v in self.errors.items()]
        return "\n".join(lines)

    __repr__ = __str__


def check_formula(label, formula, tol=1e-7, raise_error=True,
                  **others):
    """Check a derived quantity against other ways of computing it.

    Parameters
    ----------
    label : str
        What is checked, e.g. ``"dC0/dw^(3)"``.
    formula : array_like
        The value from the equation, written out in numpy.
    tol : float, default 1e-7
        The largest relative error (see ``relative_error``) accepted.
    raise_error : bool, default True
        If False, a disagreement does not raise: the result's ``.ok`` is
        False and ``.verdict()`` says what disagrees. For bug hunts, which
        then assert that the check *does* catch the planted mistake.
    **others : array_like
        The same quantity computed other ways, by name, e.g.
        ``package=grads.dW[2], central_differences=numeric``; underscores
        in the names are shown as spaces.

    Returns
    -------
    FormulaCheck
        Prints as a few lines: the value, then each relative error;
        ``.ok`` and ``.verdict()`` sum it up.

    Raises
    ------
    AssertionError
        If any relative error exceeds ``tol`` (unless ``raise_error`` is
        False); the message names it. A notebook that calls this fails if
        a formula ever drifts.
    ValueError
        If a value's shape differs from the formula's by more than
        singleton axes (a scalar and a ``(1, 1)`` array compare; a
        ``(2, 3)`` array and its ``(3, 2)`` transpose do not).

    Examples
    --------
    >>> check_formula("d(x^2)/dx at 0.125", 0.25, package=2 * 0.125)
    d(x^2)/dx at 0.125 = 0.25
        relative error vs package: < 1e-14
    >>> check_formula("d(x^2)/dx at 0.125", 0.125, package=2 * 0.125,
    ...               raise_error=False).verdict()
    'd(x^2)/dx at 0.125: relative error above 1e-07: vs package: 3.33e-01'
    """
    if not others:
        raise TypeError("check_formula needs at least one other "
                        "computation to compare with, e.g. package=...")
    formula = np.asarray(formula, dtype=float)
    errors = {}
    for name, value in others.items():
        value = np.asarray(value, dtype=float)
        if value.shape != formula.shape:
            if np.squeeze(value).shape != np.squeeze(formula).shape:
                raise ValueError(
                    f"{label}: cannot compare the formula's shape "
                    f"{formula.shape} with {name}'s {value.shape}")
            # only singleton axes differ, e.g. a scalar formula against
            # the package's (1, 1) array; never a transpose
            value = value.reshape(formula.shape)
        errors[name.replace("_", " ")] = relative_error(formula, value)
    result = FormulaCheck(label=label, formula=formula, errors=errors,
                          tol=tol)
    if raise_error and not result.ok:
        raise AssertionError(f"{label}: {result._failure()}"
                             f"\nformula: {formula}")
    return result
