"""Small seeded synthetic data sets for the chapters.

What this module is for: data with a known answer, made on the spot from a
seed, so that every run and every build shows the same numbers. Every
function returns ``X`` of shape ``(m, n_0)`` and ``Y`` of shape ``(m, 1)``
(a column, never a flat ``(m,)`` vector).

What it is not for: benchmarks of learning algorithms. Nothing is
downloaded.
"""

from dataclasses import dataclass

import numpy as np

__all__ = ["Dataset", "linear_regression", "nonlinear_curve", "two_class"]


@dataclass
class Dataset:
    """A data set and, where there is one, the rule that made it.

    Attributes
    ----------
    X : ndarray, shape (m, n_0)
    Y : ndarray, shape (m, 1)
    w : ndarray of shape (n_0,), or None
        True weights of a linear rule ``y = w . x + b + noise``.
    b : float or None
        True bias of that rule.
    """

    X: np.ndarray
    Y: np.ndarray
    w: np.ndarray = None
    b: float = None


def _check_m(m):
    if isinstance(m, bool) or not isinstance(m, (int, np.integer)) or m < 1:
        raise ValueError(f"m must be a positive integer; got {m!r}")


def linear_regression(m=100, n_inputs=2, noise=0.1, seed=0):
    """Points of a plane (or line) plus Gaussian noise.

    Parameters
    ----------
    m : int, default 100
        Number of examples.
    n_inputs : {1, 2}, default 2
    noise : float, default 0.1
        Standard deviation of the noise added to ``y``.
    seed : int, default 0

    Returns
    -------
    Dataset
        ``X`` uniform in ``[-1, 1]``, shape ``(m, n_inputs)``;
        ``Y = X @ w + b + noise``, shape ``(m, 1)``; the true rule is
        ``w = (2, -3)`` (``(2,)`` for one input) and ``b = 0.5``.

    Examples
    --------
    >>> d = linear_regression(m=5, n_inputs=2, seed=0)
    >>> d.X.shape, d.Y.shape, d.w
    ((5, 2), (5, 1), array([ 2., -3.]))
    """
    _check_m(m)
    if n_inputs not in (1, 2):
        raise ValueError(f"n_inputs must be 1 or 2; got {n_inputs!r}")
    rng = np.random.default_rng(seed)
    w = np.array([2.0, -3.0])[:n_inputs]
    b = 0.5
    X = rng.uniform(-1.0, 1.0, size=(m, n_inputs))
    y = X @ w + b + noise * rng.standard_normal(m)
    return Dataset(X=X, Y=y.reshape(-1, 1), w=w, b=b)


def nonlinear_curve(m=200, noise=0.05, seed=0):
    """A wiggly curve ``y = sin(2x) + 0.3 x`` plus noise, ``x`` in [-2, 2].

    No straight line fits it, so a single layer cannot; a hidden layer
    can. ``X`` is sorted, so the curve can be drawn with ``plot``.

    Returns
    -------
    Dataset
        ``X`` of shape ``(m, 1)``, ``Y`` of shape ``(m, 1)``.
    """
    _check_m(m)
    rng = np.random.default_rng(seed)
    x = np.sort(rng.uniform(-2.0, 2.0, size=m))
    y = np.sin(2.0 * x) + 0.3 * x + noise * rng.standard_normal(m)
    return Dataset(X=x.reshape(-1, 1), Y=y.reshape(-1, 1))


def two_class(m=200, noise=0.15, seed=0):
    """Two interleaved half-moons in 2-D, labelled 0 and 1.

    Returns
    -------
    Dataset
        ``X`` of shape ``(m, 2)``; ``Y`` of shape ``(m, 1)`` holding 0.0
        or 1.0, half of each (class 1 gets the extra point when ``m`` is
        odd).
    """
    _check_m(m)
    rng = np.random.default_rng(seed)
    m0 = m // 2
    m1 = m - m0
    t0 = rng.uniform(0.0, np.pi, size=m0)
    t1 = rng.uniform(0.0, np.pi, size=m1)
    upper = np.column_stack([np.cos(t0), np.sin(t0)])
    lower = np.column_stack([1.0 - np.cos(t1), 0.5 - np.sin(t1)])
    X = np.vstack([upper, lower]) + noise * rng.standard_normal((m, 2))
    Y = np.concatenate([np.zeros(m0), np.ones(m1)]).reshape(-1, 1)
    order = rng.permutation(m)
    return Dataset(X=X[order], Y=Y[order])
