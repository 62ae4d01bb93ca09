"""Activation functions and their derivatives, side by side.

What this module is for: the element-wise functions ``g`` that turn a
pre-activation ``z`` into an activation ``a = g(z)``, each paired with its
derivative ``g'(z)``, and a name table that ``Network`` looks names up in.

Every function in ``ACTIVATIONS`` takes ``z`` (any shape) and returns a
new float64 array of the same shape. Derivatives take ``z``, not ``a``.

``softmax`` is here too, but not in ``ACTIVATIONS``: it mixes the units of
a layer (each output depends on every ``z_k`` of its row), so its
derivative is a Jacobian matrix per example, ``softmax_jacobian``, not an
element-wise ``g'``. ``Network`` allows it only as the output layer, paired
with the ``cross_entropy`` loss.

What it is not for: in-place tricks.
"""

import numpy as np

__all__ = [
    "ACTIVATIONS",
    "get_activation",
    "identity",
    "identity_prime",
    "leaky_relu",
    "leaky_relu_prime",
    "relu",
    "relu_prime",
    "sigmoid",
    "sigmoid_prime",
    "softmax",
    "softmax_jacobian",
    "tanh",
    "tanh_prime",
]

LEAKY_SLOPE = 0.01
"""Slope of ``leaky_relu`` for negative ``z``."""


def identity(z):
    """Identity activation, ``g(z) = z``.

    Parameters
    ----------
    z : array_like, any shape
        Pre-activations.

    Returns
    -------
    ndarray, same shape as ``z``

    Examples
    --------
    >>> identity([-1.0, 2.0])
    array([-1.,  2.])
    """
    return np.array(z, dtype=float)


def identity_prime(z):
    """Derivative of ``identity``: ``g'(z) = 1`` everywhere (takes ``z``)."""
    return np.ones_like(np.asarray(z, dtype=float))


def relu(z):
    """Rectified linear unit, ``g(z) = max(0, z)``.

    Parameters
    ----------
    z : array_like, any shape
        Pre-activations.

    Returns
    -------
    ndarray, same shape as ``z``

    Examples
    --------
    >>> relu([-1.0, 0.0, 2.0])
    array([0., 0., 2.])
    """
    z = np.asarray(z, dtype=float)
    return np.maximum(z, 0.0)   # one pass; -0.0 and 0.0 both give 0.0


def relu_prime(z):
    """Derivative of ``relu`` (takes ``z``): 1 where ``z > 0``, else 0.

    Notes
    -----
    ReLU has a kink at ``z = 0`` where no derivative exists. We use
    ``relu'(0) = 0``, as PyTorch does: a unit whose pre-activation is
    exactly zero passes no gradient back.

    Examples
    --------
    >>> relu_prime([-1.0, 0.0, 2.0])
    array([0., 0., 1.])
    """
    z = np.asarray(z, dtype=float)
    return (z > 0).astype(float)   # True -> 1.0, False -> 0.0


def leaky_relu(z):
    """Leaky ReLU, ``g(z) = z`` for ``z > 0`` and ``0.01 z`` otherwise."""
    z = np.asarray(z, dtype=float)
    return np.where(z > 0, z, LEAKY_SLOPE * z)


def leaky_relu_prime(z):
    """Derivative of ``leaky_relu`` (takes ``z``): 1 or 0.01.

    Notes
    -----
    At the kink ``z = 0`` we use the left slope, 0.01 (same rule as
    ``relu_prime``: ``z > 0`` decides).
    """
    z = np.asarray(z, dtype=float)
    return np.where(z > 0, 1.0, LEAKY_SLOPE)


def sigmoid(z):
    """Logistic sigmoid, ``g(z) = 1 / (1 + exp(-z))``.

    Notes
    -----
    Computed without overflow for any finite ``z``: for ``z < 0`` we use
    the equal form ``exp(z) / (1 + exp(z))``, so ``exp`` only ever sees
    non-positive numbers. ``sigmoid(-1000)`` is 0 and ``sigmoid(1000)``
    is 1, with no warning.

    Examples
    --------
    >>> sigmoid([0.0])
    array([0.5])
    """
    z = np.asarray(z, dtype=float)
    e = np.exp(-np.abs(z))            # in (0, 1], never overflows
    return np.where(z >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


def sigmoid_prime(z):
    """Derivative of ``sigmoid`` (takes ``z``): ``s(z) (1 - s(z))``.

    Notes
    -----
    Its largest value is 1/4, at ``z = 0``.
    """
    s = sigmoid(z)
    return s * (1.0 - s)


def tanh(z):
    """Hyperbolic tangent, ``g(z) = tanh(z)``."""
    return np.tanh(np.asarray(z, dtype=float))


def tanh_prime(z):
    """Derivative of ``tanh`` (takes ``z``): ``1 - tanh(z)^2``."""
    t = np.tanh(np.asarray(z, dtype=float))
    return 1.0 - t * t


def softmax(z):
    """Softmax of each row, ``a_k = exp(z_k) / sum_j exp(z_j)``.

    Parameters
    ----------
    z : array_like, shape (m, K) or (K,)
        Pre-activations (logits), one example per row; the sum runs over
        the last axis.

    Returns
    -------
    ndarray, same shape as ``z``
        Probabilities: each row is positive (or 0 after underflow) and
        sums to 1.

    Notes
    -----
    ``exp(z_k - M) / sum_j exp(z_j - M)`` is the same number for every
    ``M``; we take ``M = max_j z_j``, so ``exp`` only sees numbers <= 0 and
    cannot overflow (``exp(1000)`` would be ``inf``). The largest term is
    ``exp(0) = 1``, so the sum is at least 1 and never 0.

    Examples
    --------
    >>> softmax([0.0, 0.0])
    array([0.5, 0.5])
    >>> softmax([1000.0, 0.0])
    array([1., 0.])
    """
    z = np.asarray(z, dtype=float)
    e = np.exp(z - z.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)


def softmax_jacobian(z):
    """The Jacobian of ``softmax`` (takes ``z``): ``diag(a) - a a^T``.

    Parameters
    ----------
    z : array_like, shape (m, K) or (K,)

    Returns
    -------
    ndarray, shape (m, K, K) or (K, K)
        Entry ``[..., i, k]`` is ``da_i/dz_k = a_i (1[i = k] - a_k)``.

    Examples
    --------
    >>> softmax_jacobian([0.0, 0.0])
    array([[ 0.25, -0.25],
           [-0.25,  0.25]])
    """
    a = softmax(z)
    eye = np.eye(a.shape[-1])
    return a[..., :, None] * (eye - a[..., None, :])


ACTIVATIONS = {
    "identity": (identity, identity_prime),
    "relu": (relu, relu_prime),
    "leaky_relu": (leaky_relu, leaky_relu_prime),
    "sigmoid": (sigmoid, sigmoid_prime),
    "tanh": (tanh, tanh_prime),
}
"""Name -> ``(g, g_prime)``, the table ``Network`` looks names up in."""


def get_activation(name):
    """Return ``(g, g_prime)`` for an activation name.

    Raises
    ------
    TypeError
        If ``name`` is not a string.
    ValueError
        If ``name`` is unknown; the message lists the valid names.
    """
    if not isinstance(name, str):
        raise TypeError(
            f"activation name must be a string, one of {sorted(ACTIVATIONS)};"
            f" got {name!r} of type {type(name).__name__}"
        )
    if name == "softmax":
        raise ValueError(
            "'softmax' is not element-wise, so it has no g' here: use "
            "softmax and softmax_jacobian; a Network takes it as its "
            "output layer"
        )
    try:
        return ACTIVATIONS[name]
    except KeyError:
        raise ValueError(
            f"unknown activation {name!r}; expected one of "
            f"{sorted(ACTIVATIONS)}, or 'softmax' for an output layer"
        ) from None
