"""Class labels: one-hot rows, predicted classes, accuracy.

What this module is for: moving between the two ways a class is written,
an integer label ``c`` in ``0..K-1`` and a one-hot row (1 at index ``c``,
0 elsewhere), and reading a classifier's output: the predicted class of
each example is the index of its largest output.

Shapes: labels are 1-D, shape ``(m,)``; one-hot targets and network
outputs are 2-D, shape ``(m, K)``, one example per row.

What it is not for: anything with a loss. ``Network`` with
``loss="cross_entropy"`` takes the one-hot rows ``one_hot`` makes.
"""

from numbers import Integral

import numpy as np

__all__ = ["accuracy", "one_hot", "predicted_classes"]


def _check_labels(labels, K=None, name="labels"):
    arr = np.asarray(labels)
    if arr.ndim != 1:
        raise ValueError(
            f"{name} must be 1-D, one integer class per example, shape "
            f"(m,); got shape {arr.shape}"
        )
    if arr.dtype == bool or not (
            np.issubdtype(arr.dtype, np.integer)
            or np.issubdtype(arr.dtype, np.floating)):
        raise TypeError(
            f"{name} must be integers (class numbers); got dtype "
            f"{arr.dtype}"
        )
    if np.issubdtype(arr.dtype, np.floating):
        bad = ~np.isfinite(arr) | (arr != np.round(arr))
        if bad.any():
            i = int(np.flatnonzero(bad)[0])
            raise ValueError(
                f"{name} must be whole numbers (class numbers); "
                f"{name}[{i}] = {float(arr[i])}"
            )
    arr = arr.astype(np.int64)
    if K is not None and arr.size and (arr.min() < 0 or arr.max() >= K):
        i = int(np.flatnonzero((arr < 0) | (arr >= K))[0])
        raise ValueError(
            f"{name} must lie in 0..K-1 = 0..{K - 1}; {name}[{i}] = "
            f"{int(arr[i])}"
        )
    return arr


def one_hot(labels, K):
    """Integer class labels as one-hot rows.

    Parameters
    ----------
    labels : array_like of int, shape (m,)
        Each in ``0..K-1``.
    K : int
        The number of classes, at least 2.

    Returns
    -------
    ndarray, shape (m, K), float64
        Row ``i`` has a 1 at column ``labels[i]`` and 0 elsewhere.

    Examples
    --------
    >>> one_hot([2, 0], 3)
    array([[0., 0., 1.],
           [1., 0., 0.]])
    """
    if isinstance(K, bool) or not isinstance(K, Integral) or K < 2:
        raise ValueError(
            f"K, the number of classes, must be an integer >= 2; got {K!r}")
    labels = _check_labels(labels, int(K))
    Y = np.zeros((labels.size, int(K)))
    Y[np.arange(labels.size), labels] = 1.0
    return Y


def predicted_classes(outputs):
    """The predicted class of each example: the index of its largest output.

    Parameters
    ----------
    outputs : array_like, shape (m, K)
        Probabilities or logits, one example per row (``K >= 2``).

    Returns
    -------
    ndarray of int, shape (m,)
        Ties go to the lowest index (as ``numpy.argmax``).

    Examples
    --------
    >>> predicted_classes([[0.1, 0.7, 0.2], [0.5, 0.2, 0.3]])
    array([1, 0])
    """
    outputs = np.asarray(outputs, dtype=float)
    if outputs.ndim != 2 or outputs.shape[1] < 2:
        raise ValueError(
            "outputs must be 2-D, shape (m, K) with K >= 2 classes, one "
            f"example per row; got shape {outputs.shape}"
        )
    return np.argmax(outputs, axis=1)


def accuracy(outputs, targets):
    """The fraction of examples whose predicted class is the true one.

    Parameters
    ----------
    outputs : array_like, shape (m, K)
        Probabilities or logits, one example per row.
    targets : array_like
        The true classes: integer labels of shape ``(m,)``, or one-hot
        rows of shape ``(m, K)``.

    Returns
    -------
    float, in [0, 1]

    Examples
    --------
    >>> accuracy([[0.1, 0.9], [0.8, 0.2]], [1, 1])
    0.5
    """
    predicted = predicted_classes(outputs)
    m, K = np.shape(outputs)
    targets = np.asarray(targets)
    if targets.ndim == 2:
        if targets.shape != (m, K):
            raise ValueError(
                f"one-hot targets must have the outputs' shape (m, K) = "
                f"{(m, K)}; got {targets.shape}"
            )
        rows = targets.astype(float)
        if not (((rows == 0) | (rows == 1)).all()
                and (rows.sum(axis=1) == 1).all()):
            raise ValueError(
                "2-D targets must be one-hot rows (0s and a single 1 per "
                "row); pass integer labels of shape (m,) otherwise"
            )
        labels = np.argmax(rows, axis=1)
    else:
        labels = _check_labels(targets, K, name="targets")
        if labels.size != m:
            raise ValueError(
                f"targets must hold one label per example, m = {m}; got "
                f"{labels.size}"
            )
    return float(np.mean(predicted == labels))
