"""Max and average pooling as functions: forward and backward, vectorised.

What this module is for: the pooling of chapter 7, which ``layers``
wraps as ``MaxPool2D`` and ``AvgPool2D``: ``max_pool2d``, ``avg_pool2d``
and their backward passes, on batches of images ``(m, C, H, W)``. Max
pooling routes each adjoint to the first maximum of its window (in
row-major order, as PyTorch on the CPU); average pooling spreads it
equally. The only Python loop is over the offsets of a window (one
operation on whole arrays per offset). Window sizes and strides are an
int or a pair (height, width); a stride that would leave rows of the
input unread is refused, as in ``convolution``.

What it is not for: padding when pooling, or other reductions.
"""

import numpy as np

from .convolution import (
    _as_batch,
    _check_adjoint,
    _int_at_least,
    _int_pair,
    _output_size,
)

__all__ = [
    "avg_pool2d",
    "avg_pool2d_backward",
    "max_pool2d",
    "max_pool2d_backward",
]


def _pool_sizes(who, shape, size, stride):
    return (_output_size(who, "height", shape[2], size[0], stride[0], 0),
            _output_size(who, "width", shape[3], size[1], stride[1], 0))


def _pool_args(size, stride):
    size = _int_pair("size", size, 1)
    stride = size if stride is None else _int_pair("stride", stride, 1)
    return size, stride


def _offsets(shape, size, stride):
    """For each offset ``(i, j)`` of a window, in row-major order, the
    slice of an input of shape ``shape`` that the offset reads at every
    output position: ``X[sl]`` has the output's shape ``(m, C, H_out,
    W_out)``, and ``X[sl][n, c, y, x] = X[n, c, sh*y + i, sw*x + j]``."""
    (kh, kw), (sh, sw) = size, stride
    Ho = (shape[2] - kh) // sh + 1
    Wo = (shape[3] - kw) // sw + 1
    return [(slice(None), slice(None), slice(i, i + sh * (Ho - 1) + 1, sh),
             slice(j, j + sw * (Wo - 1) + 1, sw))
            for i in range(kh) for j in range(kw)]


# Pooling loops over the kh * kw offsets of the window (4 for 2 x 2), each
# step one operation on whole (m, C, H_out, W_out) arrays: for small
# windows that is faster than reducing over the window's axes, which are
# the innermost and shortest (a third of the time for the chapter's 2 x
# 2 pooling).

def _max_pool(X, size, stride):
    """The largest entry of every window, shape (m, C, H_out, W_out)."""
    first, *rest = _offsets(X.shape, size, stride)
    out = X[first].copy()
    for sl in rest:
        np.maximum(out, X[sl], out=out)
    return out


def _max_pool_backward(dOut, X, out, size, stride):
    """dOut to the first maximum of each window (row-major), 0 elsewhere."""
    dX = np.zeros(X.shape)
    left = dOut                    # what no maximum of its window has had
    for k, sl in enumerate(_offsets(X.shape, size, stride)):
        hit = X[sl] == out
        dX[sl] += np.where(hit, left, 0.0)
        if k < size[0] * size[1] - 1:
            left = np.where(hit, 0.0, left)   # a later tie gets nothing
    return dX


def _avg_pool(X, size, stride):
    first, *rest = _offsets(X.shape, size, stride)
    total = X[first].copy()
    for sl in rest:
        total += X[sl]
    return total / (size[0] * size[1])


def _avg_pool_backward(dOut, shape, size, stride):
    # every entry of a window has weight 1/(kh kw) in its mean
    share = dOut / (size[0] * size[1])
    dX = np.zeros(shape)
    for sl in _offsets(shape, size, stride):
        dX[sl] += share
    return dX


def max_pool2d(X, size, stride=None):
    """The largest entry of every window, channel by channel.

    Parameters
    ----------
    X : array_like, shape (m, C, H, W)
    size : int or (int, int)
        The window ``kh x kw``.
    stride : int or (int, int), optional
        Default: the window's size (windows side by side, no overlap).

    Returns
    -------
    ndarray, shape (m, C, H_out, W_out)
        ``H_out = (H - kh) / s + 1``, ``W_out`` likewise (no padding); a
        stride that does not fit exactly is refused.

    Examples
    --------
    >>> X = np.array([[[[1.0, 2.0, 5.0, 0.0],
    ...                 [3.0, 4.0, 1.0, 1.0]]]])
    >>> max_pool2d(X, 2)
    array([[[[4., 5.]]]])
    """
    X = _as_batch("X", X, 4, "(m, C, H, W)")
    size, stride = _pool_args(size, stride)
    _pool_sizes("max_pool2d", X.shape, size, stride)
    return _max_pool(X, size, stride)


def max_pool2d_backward(dOut, X, size, stride=None):
    """The backward pass of ``max_pool2d``: ``dC/dX``.

    Parameters
    ----------
    dOut : array_like, shape (m, C, H_out, W_out)
        The adjoint of the pooled output.
    X : array_like, shape (m, C, H, W)
        The input of the forward pass.
    size, stride
        As in the forward pass.

    Returns
    -------
    ndarray, shape (m, C, H, W)

    Notes
    -----
    The maximum of a window moves with its largest entry only, so each
    ``dOut`` entry goes to the position of its window's maximum and the
    other entries get 0 (summed where windows overlap). **Ties**: when
    several entries share the maximum, all of it goes to the *first* in
    row-major order inside the window (the first as ``numpy.argmax``
    reads the window row by row). That is one valid choice of a
    subgradient; PyTorch's CPU max pooling makes the same one.

    Examples
    --------
    >>> X = np.array([[[[1.0, 4.0], [4.0, 0.0]]]])   # a tie: 4 and 4
    >>> max_pool2d_backward([[[[1.0]]]], X, 2)
    array([[[[0., 1.],
             [0., 0.]]]])
    """
    X = _as_batch("X", X, 4, "(m, C, H, W)")
    size, stride = _pool_args(size, stride)
    Ho, Wo = _pool_sizes("max_pool2d_backward", X.shape, size, stride)
    dOut = _check_adjoint("dOut", dOut, X.shape[:2] + (Ho, Wo))
    out = _max_pool(X, size, stride)
    return _max_pool_backward(dOut, X, out, size, stride)


def avg_pool2d(X, size, stride=None):
    """The mean of every window, channel by channel.

    Parameters
    ----------
    X : array_like, shape (m, C, H, W)
    size : int or (int, int)
    stride : int or (int, int), optional
        Default: the window's size.

    Returns
    -------
    ndarray, shape (m, C, H_out, W_out)

    Examples
    --------
    >>> avg_pool2d([[[[1.0, 2.0], [3.0, 6.0]]]], 2)
    array([[[[3.]]]])
    """
    X = _as_batch("X", X, 4, "(m, C, H, W)")
    size, stride = _pool_args(size, stride)
    _pool_sizes("avg_pool2d", X.shape, size, stride)
    return _avg_pool(X, size, stride)


def avg_pool2d_backward(dOut, X_shape, size, stride=None):
    """The backward pass of ``avg_pool2d``: ``dC/dX``.

    Parameters
    ----------
    dOut : array_like, shape (m, C, H_out, W_out)
    X_shape : tuple of int
        ``(m, C, H, W)``: the mean needs only the input's shape.
    size, stride
        As in the forward pass.

    Returns
    -------
    ndarray, shape (m, C, H, W)
        Each ``dOut`` entry spread equally, ``dOut / (kh kw)``, over its
        window (summed where windows overlap).

    Examples
    --------
    >>> avg_pool2d_backward([[[[4.0]]]], (1, 1, 2, 2), 2)
    array([[[[1., 1.],
             [1., 1.]]]])
    """
    if not (isinstance(X_shape, (tuple, list)) and len(X_shape) == 4):
        raise ValueError(
            f"X_shape must be (m, C, H, W), four sizes; got {X_shape!r}")
    shape = tuple(_int_at_least("X_shape entries", n, 1) for n in X_shape)
    size, stride = _pool_args(size, stride)
    Ho, Wo = _pool_sizes("avg_pool2d_backward", shape, size, stride)
    dOut = _check_adjoint("dOut", dOut, shape[:2] + (Ho, Wo))
    return _avg_pool_backward(dOut, shape, size, stride)
