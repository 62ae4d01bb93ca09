"""Per-example losses and their gradients with respect to the prediction.

What this module is for: the loss ``ℒ(y_hat, y)`` of one example, summed
over the output units, and ``dℒ/dy_hat``. Arrays hold one example per row:
``y_hat`` and ``y`` of shape ``(m, n_L)`` give losses of shape ``(m,)``
and gradients of shape ``(m, n_L)``. A single example of shape ``(n_L,)``
gives a scalar loss.

What it is not for: averaging. The cost ``J`` of a batch is the mean of
the per-example losses; ``Network.cost`` takes that mean, not this module.

Names and their formulas (sum over the output units ``j``):

- ``squared_error``:       ``ℒ = sum_j (y_hat_j - y_j)^2``
- ``half_squared_error``:  ``ℒ = 1/2 sum_j (y_hat_j - y_j)^2``
- ``binary_cross_entropy``:
  ``ℒ = -sum_j [y_j log y_hat_j + (1 - y_j) log(1 - y_hat_j)]``, for
  probabilities ``y_hat`` from a sigmoid output layer.
- ``cross_entropy`` (categorical): ``ℒ = -sum_k y_k log y_hat_k``, for
  probabilities ``y_hat`` from a softmax output layer and one-hot targets
  ``y`` (one 1 per row, the class; 0 elsewhere).

The 1/2 only rescales: the gradient of ``squared_error`` is twice that of
``half_squared_error``, and both have the same minimiser.
"""

import numpy as np

from .activations import sigmoid, softmax

__all__ = [
    "LOSSES",
    "binary_cross_entropy",
    "binary_cross_entropy_from_logits",
    "binary_cross_entropy_from_logits_prime",
    "binary_cross_entropy_prime",
    "cross_entropy",
    "cross_entropy_from_logits",
    "cross_entropy_from_logits_prime",
    "cross_entropy_prime",
    "get_loss",
    "half_squared_error",
    "half_squared_error_prime",
    "squared_error",
    "squared_error_prime",
]


def squared_error(y_hat, y):
    """Squared error of each example, ``sum_j (y_hat_j - y_j)^2``.

    Parameters
    ----------
    y_hat, y : array_like, shape (m, n_L) or (n_L,)
        Predictions and targets, of the same shape.

    Returns
    -------
    ndarray, shape (m,), or a float for one example

    Examples
    --------
    >>> squared_error([[0.5], [2.0]], [[1.0], [1.0]])
    array([0.25, 1.  ])
    """
    d = np.asarray(y_hat, dtype=float) - np.asarray(y, dtype=float)
    return np.sum(d * d, axis=-1)


def squared_error_prime(y_hat, y):
    """Gradient of ``squared_error`` with respect to ``y_hat``.

    Returns ``2 (y_hat - y)``, shape (m, n_L): the factor 2 comes from
    the square and is *not* cancelled, since this loss has no 1/2.
    """
    return 2.0 * (np.asarray(y_hat, dtype=float) - np.asarray(y, dtype=float))


def half_squared_error(y_hat, y):
    """Half squared error of each example, ``1/2 sum_j (y_hat_j - y_j)^2``.

    Parameters
    ----------
    y_hat, y : array_like, shape (m, n_L) or (n_L,)

    Returns
    -------
    ndarray, shape (m,), or a float for one example

    Notes
    -----
    This is the loss of *one* example, not a mean: the mean over the
    batch is the cost ``J``.

    Examples
    --------
    >>> half_squared_error([[0.5], [2.0]], [[1.0], [1.0]])
    array([0.125, 0.5  ])
    """
    return 0.5 * squared_error(y_hat, y)


def half_squared_error_prime(y_hat, y):
    """Gradient of ``half_squared_error`` with respect to ``y_hat``.

    Returns ``y_hat - y``, shape (m, n_L): the 1/2 cancels the 2 of the
    square.
    """
    return np.asarray(y_hat, dtype=float) - np.asarray(y, dtype=float)


def _xlogy(x, y):
    """``x * log(y)``, taken as 0 where ``x == 0`` (even if ``y == 0``)."""
    x = np.asarray(x, dtype=float)
    y = np.asarray(y, dtype=float)
    safe = np.where(x == 0, 1.0, y)
    with np.errstate(divide="ignore"):
        return np.where(x == 0, 0.0, x * np.log(safe))


def binary_cross_entropy(y_hat, y):
    """Binary cross-entropy of each example, on probabilities ``y_hat``.

    Parameters
    ----------
    y_hat : array_like, shape (m, n_L) or (n_L,)
        Predicted probabilities, in ``[0, 1]``.
    y : array_like, same shape
        Targets, usually 0 or 1.

    Returns
    -------
    ndarray, shape (m,), or a float for one example

    Notes
    -----
    ``ℒ = -sum_j [y_j log y_hat_j + (1 - y_j) log(1 - y_hat_j)]``, with
    ``0 log 0`` taken as 0. A probability that has rounded to exactly 0
    or 1 against the other label gives ``inf``; ``Network`` avoids that by
    computing the loss from the pre-activation instead
    (``binary_cross_entropy_from_logits``).
    """
    y_hat = np.asarray(y_hat, dtype=float)
    y = np.asarray(y, dtype=float)
    return -np.sum(_xlogy(y, y_hat) + _xlogy(1.0 - y, 1.0 - y_hat), axis=-1)


def binary_cross_entropy_prime(y_hat, y):
    """Gradient of ``binary_cross_entropy`` with respect to ``y_hat``.

    Returns ``(y_hat - y) / (y_hat (1 - y_hat))``, shape (m, n_L), for
    ``y_hat`` strictly between 0 and 1. Multiplied by
    ``sigmoid'(z) = y_hat (1 - y_hat)`` it gives ``dℒ/dz = y_hat - y``.
    """
    y_hat = np.asarray(y_hat, dtype=float)
    y = np.asarray(y, dtype=float)
    return (y_hat - y) / (y_hat * (1.0 - y_hat))


def binary_cross_entropy_from_logits(z, y):
    """Binary cross-entropy of ``sigmoid(z)``, computed from ``z``.

    Parameters
    ----------
    z : array_like, shape (m, n_L) or (n_L,)
        Pre-activations of a sigmoid output layer.
    y : array_like, same shape
        Targets in ``[0, 1]``.

    Returns
    -------
    ndarray, shape (m,), or a float for one example

    Notes
    -----
    Since ``log sigmoid(z) = -log(1 + e^-z)`` and
    ``log(1 - sigmoid(z)) = -log(1 + e^z)``, the loss is
    ``sum_j [log(1 + e^z_j) - y_j z_j]``. ``np.logaddexp(0, z)`` computes
    ``log(1 + e^z)`` without overflow, so the result is finite, with no
    warning, for ``|z|`` up to 1000 and beyond. Its derivative is
    ``dℒ/dz = sigmoid(z) - y``.

    Examples
    --------
    >>> float(binary_cross_entropy_from_logits([0.0], [1.0]))  # log 2
    0.6931471805599453
    """
    z = np.asarray(z, dtype=float)
    y = np.asarray(y, dtype=float)
    return np.sum(np.logaddexp(0.0, z) - y * z, axis=-1)


def binary_cross_entropy_from_logits_prime(z, y):
    """``dℒ/dz`` of ``binary_cross_entropy_from_logits``: ``sigmoid(z) - y``."""
    return sigmoid(z) - np.asarray(y, dtype=float)


def cross_entropy(y_hat, y):
    """Categorical cross-entropy of each example, on probabilities.

    Parameters
    ----------
    y_hat : array_like, shape (m, K) or (K,)
        Predicted probabilities, each row summing to 1 (a softmax output).
    y : array_like, same shape
        Targets, one-hot rows.

    Returns
    -------
    ndarray, shape (m,), or a float for one example

    Notes
    -----
    ``ℒ = -sum_k y_k log y_hat_k``: the sum runs over the ``K`` classes,
    it is not a mean over them. With a one-hot ``y`` only the true class
    ``c`` counts, ``ℒ = -log y_hat_c``. ``0 log 0`` is taken as 0; a
    probability of the true class that has rounded to 0 gives ``inf``,
    which is why ``Network`` computes this loss from the logits
    (``cross_entropy_from_logits``).

    Examples
    --------
    >>> float(cross_entropy([0.25, 0.75], [0.0, 1.0]))   # -log 0.75
    0.2876820724517809
    """
    return -np.sum(_xlogy(y, y_hat), axis=-1)


def cross_entropy_prime(y_hat, y):
    """Gradient of ``cross_entropy`` with respect to ``y_hat``.

    Returns ``-y / y_hat`` (0 where ``y`` is 0), shape (m, K). Multiplied
    by the softmax Jacobian it gives ``dℒ/dz = y_hat - y``.
    """
    y_hat = np.asarray(y_hat, dtype=float)
    y = np.asarray(y, dtype=float)
    safe = np.where(y == 0, 1.0, y_hat)
    return np.where(y == 0, 0.0, -y / safe)


def cross_entropy_from_logits(z, y):
    """Cross-entropy of ``softmax(z)``, computed from the logits ``z``.

    Parameters
    ----------
    z : array_like, shape (m, K) or (K,)
        Pre-activations of a softmax output layer.
    y : array_like, same shape
        Targets, one-hot rows (or any rows of non-negative numbers).

    Returns
    -------
    ndarray, shape (m,), or a float for one example

    Notes
    -----
    ``log softmax(z)_k = z_k - log sum_j exp(z_j)``, so
    ``ℒ = (sum_k y_k) lse(z) - sum_k y_k z_k`` with
    ``lse(z) = M + log sum_j exp(z_j - M)`` and ``M = max_j z_j`` (the
    log-sum-exp shift: ``exp`` sees no positive number). For one-hot
    ``y`` of class ``c``, ``sum_k y_k = 1`` and ``ℒ = lse(z) - z_c``. Finite, with no
    warning, for ``|z|`` up to 1000 and beyond, even where the
    probability of the true class underflows to 0.

    Examples
    --------
    >>> float(cross_entropy_from_logits([0.0, 0.0], [1.0, 0.0]))  # log 2
    0.6931471805599453
    >>> float(cross_entropy_from_logits([1000.0, -1000.0], [0.0, 1.0]))
    2000.0
    """
    z = np.asarray(z, dtype=float)
    y = np.asarray(y, dtype=float)
    M = z.max(axis=-1, keepdims=True)
    lse = M[..., 0] + np.log(np.sum(np.exp(z - M), axis=-1))
    return np.sum(y, axis=-1) * lse - np.sum(y * z, axis=-1)


def cross_entropy_from_logits_prime(z, y):
    """``dℒ/dz`` of ``cross_entropy_from_logits``: ``softmax(z) - y``.

    Notes
    -----
    In general ``(sum_k y_k) softmax(z) - y``; for one-hot rows (which
    ``Network`` requires) ``sum_k y_k = 1`` and this is ``a - y``.
    """
    y = np.asarray(y, dtype=float)
    return np.sum(y, axis=-1, keepdims=True) * softmax(z) - y


LOSSES = {
    "squared_error": (squared_error, squared_error_prime),
    "half_squared_error": (half_squared_error, half_squared_error_prime),
    "binary_cross_entropy": (
        binary_cross_entropy, binary_cross_entropy_prime),
    "cross_entropy": (cross_entropy, cross_entropy_prime),
}
"""Name -> ``(ℒ, dℒ/dy_hat)``, the table ``Network`` looks names up in."""


def get_loss(name):
    """Return ``(loss, loss_prime)`` for a loss name.

    Raises
    ------
    TypeError
        If ``name`` is not a string.
    ValueError
        If ``name`` is unknown; the message lists the valid names.
    """
    if not isinstance(name, str):
        raise TypeError(
            f"loss name must be a string, one of {sorted(LOSSES)}; got "
            f"{name!r} of type {type(name).__name__}"
        )
    try:
        return LOSSES[name]
    except KeyError:
        raise ValueError(
            f"unknown loss {name!r}; expected one of {sorted(LOSSES)}"
        ) from None
