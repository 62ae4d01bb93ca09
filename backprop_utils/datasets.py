"""The chapters' data: small seeded synthetic sets, and real digits.

What this module is for: data with a known answer, made on the spot from a
seed, so that every run and every build shows the same numbers. The
synthetic sets return ``X`` of shape ``(m, n_0)`` and ``Y`` of shape
``(m, 1)`` (a column, never a flat ``(m,)`` vector). ``digits`` returns
scikit-learn's handwritten digits split into training, validation and
test sets, with integer labels and one-hot rows.

What it is not for: benchmarks of learning algorithms. Nothing is
downloaded: the digits ship inside scikit-learn.
"""

from dataclasses import dataclass

import numpy as np

__all__ = [
    "Dataset",
    "Digits",
    "LabelledSet",
    "digits",
    "linear_regression",
    "nonlinear_curve",
    "shifted_copies",
    "two_class",
]


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


@dataclass
class LabelledSet:
    """Examples with class labels, in both forms.

    Attributes
    ----------
    X : ndarray, shape (m, n_0)
        One example per row.
    labels : ndarray of int, shape (m,)
        The class of each example, ``0..K-1``.
    Y : ndarray, shape (m, K)
        The same classes as one-hot rows (``one_hot(labels, K)``).
    """

    X: np.ndarray
    labels: np.ndarray
    Y: np.ndarray

    @property
    def m(self):
        """The number of examples."""
        return self.X.shape[0]


@dataclass
class Digits:
    """The handwritten digits, split three ways.

    Attributes
    ----------
    train, validation, test : LabelledSet
        ``X`` of shape ``(m, 64)``: the 8x8 pixels of an image row by
        row (``X[i].reshape(8, 8)`` is the image), scaled to [0, 1];
        ``labels`` of shape ``(m,)``, the digit 0..9; ``Y`` of shape
        ``(m, 10)``, one-hot.
    """

    train: LabelledSet
    validation: LabelledSet
    test: LabelledSet


DIGITS_PIXEL_MAX = 16.0
"""The largest pixel value in scikit-learn's digits (they range 0..16)."""


def digits(seed=0, validation_fraction=0.2, test_fraction=0.2):
    """scikit-learn's 1,797 handwritten digits, split and scaled.

    Parameters
    ----------
    seed : int, default 0
        Seeds the split: the same seed gives the same three sets.
    validation_fraction, test_fraction : float, default 0.2
        The share of each digit's images that goes to the validation and
        to the test set (rounded per digit); the rest is for training.

    Returns
    -------
    Digits
        With the defaults: 1,079 training, 359 validation and 359 test
        images, each digit in the same proportion in all three sets
        (a stratified split). Pixels are divided by 16, so they lie in
        [0, 1]. Within each set the order is shuffled.

    Notes
    -----
    The images are read from the installed scikit-learn
    (``sklearn.datasets.load_digits``); nothing is downloaded. They are
    8x8 images of digits written by 43 people (UCI's "Optical
    Recognition of Handwritten Digits"), each pixel a count 0..16 of
    the dark points in a 4x4 block of a 32x32 bitmap.

    Examples
    --------
    >>> d = digits()
    >>> d.train.X.shape, d.train.labels.shape, d.train.Y.shape
    ((1079, 64), (1079,), (1079, 10))
    """
    for name, f in (("validation_fraction", validation_fraction),
                    ("test_fraction", test_fraction)):
        if isinstance(f, bool) or not isinstance(f, (int, float)) or not (
                0 < f < 1):
            raise ValueError(f"{name} must be a number in (0, 1); got {f!r}")
    if validation_fraction + test_fraction >= 1:
        raise ValueError(
            "validation_fraction + test_fraction must be below 1, to leave "
            f"examples for training; got {validation_fraction} + "
            f"{test_fraction}")
    from sklearn.datasets import load_digits   # only this loader needs it

    from .labels import one_hot

    raw = load_digits()
    X = raw.data / DIGITS_PIXEL_MAX
    labels = raw.target.astype(np.int64)
    K = int(labels.max()) + 1
    rng = np.random.default_rng(seed)
    parts = {"train": [], "validation": [], "test": []}
    for c in range(K):
        rows = rng.permutation(np.flatnonzero(labels == c))
        n_test = round(test_fraction * rows.size)
        n_val = round(validation_fraction * rows.size)
        parts["test"].append(rows[:n_test])
        parts["validation"].append(rows[n_test:n_test + n_val])
        parts["train"].append(rows[n_test + n_val:])
    sets = {}
    for name, chunks in parts.items():
        rows = rng.permutation(np.concatenate(chunks))
        sets[name] = LabelledSet(X=X[rows], labels=labels[rows],
                                 Y=one_hot(labels[rows], K))
    return Digits(**sets)


ONE_PIXEL = ((1, 0), (-1, 0), (0, 1), (0, -1))
"""The four moves of one pixel: down, up, right, left (rows, columns)."""


def shifted_copies(X, Y, shifts=ONE_PIXEL, image_shape=(8, 8)):
    """The images of ``X`` followed by copies of them moved by ``shifts``.

    Data augmentation for chapter 7: a digit moved by one pixel is the
    same digit, and showing a network the moved copies teaches it so.

    Parameters
    ----------
    X : array_like, shape (m, rows * columns)
        One image per row, read as ``image_shape`` in C order (the
        digits' layout).
    Y : array_like, shape (m, ...)
        The targets, repeated for every copy.
    shifts : sequence of (int, int), default ONE_PIXEL
        ``(down, right)`` moves in pixels, negative for up and left. The
        pixels that come in at the edge are 0; those pushed out are lost.
    image_shape : (int, int), default (8, 8)

    Returns
    -------
    X_all : ndarray, shape ((1 + len(shifts)) m, rows * columns)
        ``X`` itself first, then one block of ``m`` rows per shift.
    Y_all : ndarray, shape ((1 + len(shifts)) m, ...)

    Examples
    --------
    >>> X = np.arange(4.0).reshape(1, 4)        # one 2 x 2 image
    >>> X_all, Y_all = shifted_copies(X, np.ones((1, 1)), [(1, 0)],
    ...                               image_shape=(2, 2))
    >>> X_all
    array([[0., 1., 2., 3.],
           [0., 0., 0., 1.]])
    """
    X = np.asarray(X, dtype=float)
    Y = np.asarray(Y)
    rows, cols = image_shape
    if X.ndim != 2 or X.shape[1] != rows * cols:
        raise ValueError(
            f"X must hold one image of {rows} x {cols} = {rows * cols} "
            f"pixels per row, shape (m, {rows * cols}); got shape {X.shape}")
    if Y.ndim < 1 or Y.shape[0] != X.shape[0]:
        raise ValueError(
            f"Y must have one row per image of X ({X.shape[0]}); got shape "
            f"{Y.shape}")
    pairs = []
    for shift in shifts:
        whole = hasattr(shift, "__len__") and len(shift) == 2 and all(
            isinstance(v, (int, np.integer)) and not isinstance(v, bool)
            for v in shift)
        if not whole or abs(shift[0]) >= rows or abs(shift[1]) >= cols:
            raise ValueError(
                f"each shift must be two whole numbers of pixels (down, "
                f"right), each smaller than the image ({rows} x {cols}); "
                f"got {shift!r}")
        pairs.append((int(shift[0]), int(shift[1])))
    images = X.reshape(-1, rows, cols)
    padded = np.pad(images, ((0, 0), (rows, rows), (cols, cols)))
    moved = [padded[:, rows - dr:2 * rows - dr, cols - dc:2 * cols - dc]
             .reshape(len(X), rows * cols) for dr, dc in pairs]
    return (np.concatenate([X] + moved),
            np.concatenate([Y] * (1 + len(pairs))))
