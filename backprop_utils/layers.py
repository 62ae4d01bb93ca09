"""Layers as vector-Jacobian products: convolution, pooling, dense.

What this module is for: the convolutional networks of chapter 7, and
the layer interface chapter 8's recurrent layer will use. Each layer is
a pair, written as chapter 6's vector-Jacobian products (CS231n's
``layers.py`` style):

- ``layer.params``: a dict, name -> ndarray (``{"K": ..., "b": ...}``;
  empty for a layer without parameters);
- ``out, cache = layer.forward(X)``: the output, and exactly what the
  backward pass needs (nothing is kept on the layer between calls);
- ``dX, grads = layer.backward(dOut, cache)``: given the adjoint of the
  output, ``dC/d(out)`` for some scalar ``C``, the adjoint of the input
  ``dC/dX`` and of every parameter, ``grads[name] = dC/d params[name]``.

Both are pure: they return fresh arrays (or read-only views) and never
change their arguments. ``Sequential`` chains layers and ends them with
a loss; ``training.gradient_descent`` trains it as it trains a
``Network``.

Below the layers are the functional cores that the chapter shows and
the tests check one by one: ``conv2d`` and ``conv2d_backward``,
``conv1d`` and ``conv1d_backward``, ``im2col`` and ``col2im``,
``max_pool2d``, ``avg_pool2d`` and their backward passes. They are
vectorised over the batch and over the positions: the only Python loop
is over the ``kh * kw`` offsets of a window, in ``col2im`` (which adds
the shifted windows back) and in pooling (one operation on whole arrays
per offset).

Conventions (the notation page, extended to images):

- a batch of images is ``(m, C, H, W)``, one example per entry of the
  first axis, channels next (NCHW, as PyTorch); a batch of signals for
  ``conv1d`` is ``(m, C, n)``; a batch of vectors is ``(m, n)``;
- a kernel is ``K`` of shape ``(C_out, C_in, kh, kw)`` and its bias ``b``
  of shape ``(C_out,)``; a dense layer's ``W`` is ``(n_out, n_in)``, as
  ``torch.nn.Linear`` (and ``Network``);
- a convolution layer computes a cross-correlation, exactly
  ``torch.nn.functional.conv2d``: the kernel is not flipped;
- the output size along an axis is ``(n + 2 p - k) / s + 1`` for input
  size ``n``, padding ``p``, window ``k`` and stride ``s``; a stride
  that leaves part of the input uncovered (``n + 2 p - k`` not a
  multiple of ``s``) is refused, where PyTorch would floor silently.

What it is not for: speed records (no GPU, no float32, no dilation or
groups), other padding modes than zeros, or padding when pooling.
"""

import copy
from dataclasses import dataclass
from numbers import Integral

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view

from .activations import ACTIVATIONS, get_activation, sigmoid, softmax
from .losses import (
    binary_cross_entropy_from_logits,
    binary_cross_entropy_from_logits_prime,
    cross_entropy_from_logits,
    cross_entropy_from_logits_prime,
    get_loss,
)
from .network import _as_float_array, _check_finite, _check_one_hot

__all__ = [
    "Activation",
    "AvgPool2D",
    "Conv2D",
    "Dense",
    "Flatten",
    "Layer",
    "MaxPool2D",
    "Reshape",
    "Sequential",
    "SequentialForward",
    "SequentialGradients",
    "avg_pool2d",
    "avg_pool2d_backward",
    "col2im",
    "conv1d",
    "conv1d_backward",
    "conv2d",
    "conv2d_backward",
    "im2col",
    "max_pool2d",
    "max_pool2d_backward",
]


# -- checking sizes ----------------------------------------------------------

def _int_at_least(name, value, minimum):
    if isinstance(value, bool) or not isinstance(value, Integral) \
            or value < minimum:
        raise ValueError(
            f"{name} must be an integer >= {minimum}; got {value!r}")
    return int(value)


def _int_pair(name, value, minimum):
    """An int, or a pair of ints (height, width), each >= minimum."""
    if isinstance(value, (tuple, list)):
        if len(value) != 2:
            raise ValueError(
                f"{name} must be an integer or a pair (height, width); "
                f"got {value!r}")
        return tuple(_int_at_least(name, v, minimum) for v in value)
    v = _int_at_least(name, value, minimum)
    return v, v


def _output_size(who, axis, n, k, s, p):
    """``(n + 2p - k) / s + 1``, or a clear error if it is not whole."""
    span = n + 2 * p
    padded = f" + 2 * padding {p} = {span}" if p else ""
    if k > span:
        raise ValueError(
            f"{who}: the window ({k}) is larger than the input along the "
            f"{axis} ({n}{padded}); the input {axis} must be at least "
            f"{max(1, k - 2 * p)}")
    extra = (span - k) % s
    if extra:
        lo, hi = n - extra, n + s - extra
        fits = f"{lo} or {hi}" if lo >= max(1, k - 2 * p) else f"{hi}"
        raise ValueError(
            f"{who}: stride {s} does not fit the input {axis}: "
            f"{axis} + 2 * padding - window = {n} + {2 * p} - {k} = "
            f"{span - k} is not a multiple of {s}, so the last {extra} "
            f"of the input would never be read. An input {axis} of "
            f"{fits} fits, as does a stride that divides {span - k}")
    return (span - k) // s + 1


def _as_batch(name, X, ndim, layout):
    """A finite float64 array with ``ndim`` axes; ``layout`` says them in
    words, ``"(m, C, H, W)"``."""
    X = _as_float_array(name, X)
    if X.ndim != ndim:
        hint = ""
        if X.ndim == ndim - 1:
            one = "(1, " + layout.split(", ", 1)[1]
            hint = f" For one example, pass {name}[None], shape {one}."
        raise ValueError(
            f"{name} must be {ndim}-D, a batch of shape {layout} with one "
            f"example per entry of axis 0; got shape {X.shape}.{hint}")
    if X.shape[0] == 0:
        raise ValueError(f"{name} must hold at least one example; got "
                         f"shape {X.shape}")
    _check_finite(name, X)
    return X


def _check_kernel(X, K, b, spatial):
    """K of shape (C_out, C_in, *spatial) with C_in = X's channels, and
    b of shape (C_out,); both finite float arrays."""
    names = "(C_out, C_in, " + ", ".join(spatial) + ")"
    K = _as_float_array("K", K)
    if K.ndim != 2 + len(spatial):
        raise ValueError(
            f"K must be {2 + len(spatial)}-D, shape {names}; got shape "
            f"{K.shape}")
    if K.shape[1] != X.shape[1]:
        raise ValueError(
            f"K has C_in = {K.shape[1]} input channel(s) (K.shape[1]) but "
            f"X has {X.shape[1]} (X.shape[1]); K must have shape {names} "
            f"= (C_out, {X.shape[1]}, ...); got {K.shape}")
    _check_finite("K", K)
    if b is not None:
        b = _as_float_array("b", b)
        if b.shape != (K.shape[0],):
            raise ValueError(
                f"b must have shape (C_out,) = ({K.shape[0]},), one bias "
                f"per output channel; got {b.shape}")
        _check_finite("b", b)
    return K, b


def _check_adjoint(name, d, shape):
    """An adjoint must have the shape of what it is the adjoint of."""
    d = _as_float_array(name, d)
    if d.shape != tuple(shape):
        raise ValueError(
            f"{name} must have the shape of the output it is the adjoint "
            f"of, {tuple(shape)}; got {d.shape}")
    _check_finite(name, d)
    return d


# -- the functional cores -----------------------------------------------------

def _pad(X, ph, pw):
    """X with ``ph`` rows and ``pw`` columns of zeros on each side (a new
    array; X itself when there is nothing to add)."""
    if ph == 0 and pw == 0:
        return X
    m, C, H, W = X.shape
    Xp = np.zeros((m, C, H + 2 * ph, W + 2 * pw))
    Xp[:, :, ph:ph + H, pw:pw + W] = X
    return Xp


def _windows(Xp, kh, kw, sh, sw):
    """Every ``kh x kw`` window of ``Xp``, stride ``(sh, sw)``: a
    read-only view of shape ``(m, C, H_out, W_out, kh, kw)`` whose entry
    ``[n, c, y, x, i, j]`` is ``Xp[n, c, sh*y + i, sw*x + j]``."""
    return sliding_window_view(Xp, (kh, kw), axis=(2, 3))[:, :, ::sh, ::sw]


def _im2col(X, kh, kw, stride, padding):
    win = _windows(_pad(X, *padding), kh, kw, *stride)
    m, C, Ho, Wo = win.shape[:4]
    # Copied in the order (c, i, j, n, y, x): the innermost loop of the
    # copy then runs along a row of the image instead of over the kw
    # entries of a window (2.7 times faster for the chapter's 3 x 3);
    # the transpose below is free and gives one window per row.
    buf = np.empty((C, kh, kw, m, Ho, Wo))
    np.copyto(buf, win.transpose(1, 4, 5, 0, 2, 3))
    return buf.reshape(C * kh * kw, m * Ho * Wo).T


def _add_windows(dwin, shape, stride, padding):
    """The adjoint of ``_windows``: add every window's entries back where
    they were read. ``dwin`` has shape ``(m, C, H_out, W_out, kh, kw)``;
    returns ``(m, C, H, W)``, the padding cut off."""
    m, C, Ho, Wo, kh, kw = dwin.shape
    (sh, sw), (ph, pw) = stride, padding
    H, W = shape[2], shape[3]
    dXp = np.zeros((m, C, H + 2 * ph, W + 2 * pw))
    for i in range(kh):             # a loop over the offsets only
        for j in range(kw):
            dXp[:, :, i:i + sh * (Ho - 1) + 1:sh,
                j:j + sw * (Wo - 1) + 1:sw] += dwin[:, :, :, :, i, j]
    if ph or pw:
        return dXp[:, :, ph:ph + H, pw:pw + W].copy()
    return dXp


def _col2im(cols, shape, kh, kw, stride, padding):
    m, C = shape[0], shape[1]
    Ho = (shape[2] + 2 * padding[0] - kh) // stride[0] + 1
    Wo = (shape[3] + 2 * padding[1] - kw) // stride[1] + 1
    dwin = cols.reshape(m, Ho, Wo, C, kh, kw).transpose(0, 3, 1, 2, 4, 5)
    return _add_windows(dwin, shape, stride, padding)


def _conv_forward(X, K, b, stride, padding):
    """Z and the im2col matrix, from checked arrays and sizes."""
    m = X.shape[0]
    C_out, _, kh, kw = K.shape
    cols = _im2col(X, kh, kw, stride, padding)      # (m Ho Wo, C kh kw)
    Z = cols @ K.reshape(C_out, -1).T                # a dense layer on
    Z += b                                           # every window
    Ho = (X.shape[2] + 2 * padding[0] - kh) // stride[0] + 1
    Wo = (X.shape[3] + 2 * padding[1] - kw) // stride[1] + 1
    return Z.reshape(m, Ho, Wo, C_out).transpose(0, 3, 1, 2), cols


def _conv_backward(dZ, cols, shape, K, stride, padding, need_dX=True):
    """dX, dK, db from the adjoint dZ and the im2col matrix of X."""
    C_out, _, kh, kw = K.shape
    K2 = K.reshape(C_out, -1)
    dZ2 = dZ.transpose(0, 2, 3, 1).reshape(-1, C_out)   # (m Ho Wo, C_out)
    dK = (dZ2.T @ cols).reshape(K.shape)                 # as dW = D^T A
    db = dZ2.sum(axis=0)
    dX = None
    if need_dX:
        dX = _col2im(dZ2 @ K2, shape, kh, kw, stride, padding)  # as D W
    return dX, dK, db


def _conv_sizes(who, X, K, stride, padding, spatial_axes):
    """Check that K's windows fit X exactly; return the output sizes."""
    return tuple(
        _output_size(who, axis, n, k, s, p)
        for axis, n, k, s, p in zip(spatial_axes, X.shape[2:], K.shape[2:],
                                    stride, padding))


def im2col(X, kernel_size, stride=1, padding=0):
    """Every window of a batch of images, one window per row.

    Parameters
    ----------
    X : array_like, shape (m, C, H, W)
    kernel_size : int or (int, int)
        The window, ``kh x kw`` (one int: square).
    stride, padding : int, default 1 and 0
        The same along both axes; zeros are padded on every side.

    Returns
    -------
    ndarray, shape (m * H_out * W_out, C * kh * kw)
        Row ``(n * H_out + y) * W_out + x`` is the window of example
        ``n`` at output position ``(y, x)``, read in the order
        ``(c, i, j)``: entry ``(c * kh + i) * kw + j`` is
        ``Xp[n, c, s*y + i, s*x + j]`` (``Xp``, X padded). With ``K`` of
        shape ``(C_out, C, kh, kw)``, ``im2col(X) @ K.reshape(C_out,
        -1).T`` is the convolution, one row per position: a dense layer
        applied to every window with the same weights.

    Notes
    -----
    ``H_out = (H + 2p - kh) / s + 1`` and likewise ``W_out``; a stride
    that does not fit exactly is refused (ValueError). The result is the
    transpose of a C-ordered ``(C kh kw, m H_out W_out)`` array (copying
    in that order is faster); it behaves as any array.

    Examples
    --------
    >>> X = np.arange(9.0).reshape(1, 1, 3, 3)
    >>> im2col(X, 2)
    array([[0., 1., 3., 4.],
           [1., 2., 4., 5.],
           [3., 4., 6., 7.],
           [4., 5., 7., 8.]])
    """
    X = _as_batch("X", X, 4, "(m, C, H, W)")
    kh, kw = _int_pair("kernel_size", kernel_size, 1)
    s = _int_at_least("stride", stride, 1)
    p = _int_at_least("padding", padding, 0)
    for axis, n, k in (("height", X.shape[2], kh), ("width", X.shape[3], kw)):
        _output_size("im2col", axis, n, k, s, p)
    return _im2col(X, kh, kw, (s, s), (p, p))


def col2im(cols, X_shape, kernel_size, stride=1, padding=0):
    """The adjoint of ``im2col``: every window's entries added back.

    Parameters
    ----------
    cols : array_like, shape (m * H_out * W_out, C * kh * kw)
        One row per window, as ``im2col`` returns.
    X_shape : tuple of int
        ``(m, C, H, W)``, the shape of the images.
    kernel_size, stride, padding
        As for ``im2col``.

    Returns
    -------
    ndarray, shape (m, C, H, W)
        Entry ``[n, c, u, v]`` is the sum of the entries of ``cols``
        that ``im2col`` read from ``X[n, c, u, v]``: a pixel under
        several windows gets the sum of all of them; entries read from
        the padding are dropped.

    Notes
    -----
    ``col2im`` is not the inverse of ``im2col`` but its transpose (its
    adjoint): ``<im2col(X), cols> = <X, col2im(cols)>`` for every ``X``
    and ``cols``. That is why the backward pass of a convolution uses it:
    ``dJ/dX = col2im(dJ/d cols)``.

    Examples
    --------
    >>> col2im(np.ones((4, 4)), (1, 1, 3, 3), 2)   # windows per pixel
    array([[[[1., 2., 1.],
             [2., 4., 2.],
             [1., 2., 1.]]]])
    """
    if not (isinstance(X_shape, (tuple, list)) and len(X_shape) == 4):
        raise ValueError(
            f"X_shape must be (m, C, H, W), four sizes; got {X_shape!r}")
    shape = tuple(_int_at_least("X_shape entries", n, 1) for n in X_shape)
    kh, kw = _int_pair("kernel_size", kernel_size, 1)
    s = _int_at_least("stride", stride, 1)
    p = _int_at_least("padding", padding, 0)
    Ho = _output_size("col2im", "height", shape[2], kh, s, p)
    Wo = _output_size("col2im", "width", shape[3], kw, s, p)
    want = (shape[0] * Ho * Wo, shape[1] * kh * kw)
    cols = _check_adjoint("cols", cols, want)
    return _col2im(cols, shape, kh, kw, (s, s), (p, p))


def conv2d(X, K, b, stride=1, padding=0):
    """A convolution layer's pre-activation: cross-correlate and add b.

    Parameters
    ----------
    X : array_like, shape (m, C_in, H, W)
    K : array_like, shape (C_out, C_in, kh, kw)
    b : array_like, shape (C_out,)
    stride, padding : int, default 1 and 0
        The same along both axes; zeros are padded on every side.

    Returns
    -------
    ndarray, shape (m, C_out, H_out, W_out)
        ``H_out = (H + 2p - kh) / s + 1``, ``W_out`` likewise.

    Notes
    -----
    With ``Xp`` the input padded by ``p`` zeros::

        Z[n, o, y, x] = b[o] + sum_{c, i, j} K[o, c, i, j]
                                 Xp[n, c, s*y + i, s*x + j]

    This is a cross-correlation (the kernel slides unflipped), exactly
    what ``torch.nn.functional.conv2d`` computes and what deep learning
    calls a convolution. It is computed as ``im2col(X) @ K2.T + b`` with
    ``K2 = K.reshape(C_out, -1)``. Refused: a stride that does not fit
    exactly, a kernel larger than the padded input, channels that do not
    match, non-finite numbers.

    Examples
    --------
    >>> X = np.arange(16.0).reshape(1, 1, 4, 4)
    >>> K = np.ones((1, 1, 2, 2))          # sums each 2x2 window
    >>> conv2d(X, K, [0.0], stride=2)
    array([[[[10., 18.],
             [42., 50.]]]])
    """
    X = _as_batch("X", X, 4, "(m, C_in, H, W)")
    K, b = _check_kernel(X, K, b, ("kh", "kw"))
    s = _int_at_least("stride", stride, 1)
    p = _int_at_least("padding", padding, 0)
    _conv_sizes("conv2d", X, K, (s, s), (p, p), ("height", "width"))
    return _conv_forward(X, K, b, (s, s), (p, p))[0]


def conv2d_backward(dZ, X, K, stride=1, padding=0):
    """The backward pass of ``conv2d``: ``dX``, ``dK`` and ``db``.

    Parameters
    ----------
    dZ : array_like, shape (m, C_out, H_out, W_out)
        The adjoint of the output, ``dC/dZ`` for some scalar ``C`` (the
        cost ``J``, say).
    X : array_like, shape (m, C_in, H, W)
        The input of the forward pass.
    K : array_like, shape (C_out, C_in, kh, kw)
    stride, padding : int, default 1 and 0
        As in the forward pass.

    Returns
    -------
    dX : ndarray, shape (m, C_in, H, W)
    dK : ndarray, shape (C_out, C_in, kh, kw)
    db : ndarray, shape (C_out,)
        ``dC/dX``, ``dC/dK``, ``dC/db``.

    Notes
    -----
    Every kernel weight is used at every position, so its gradient sums
    over the positions and the batch::

        dK[o, c, i, j] = sum_{n, y, x} dZ[n, o, y, x] Xp[n, c, s*y+i, s*x+j]
        db[o]          = sum_{n, y, x} dZ[n, o, y, x]

    computed as the dense layer's ``dW = Delta^T A`` on the im2col rows.
    The input gradient sends each ``dZ`` back through the weights it was
    made with, ``dcols = Delta K2``, and ``col2im`` adds each window back
    where it was read. Written out, for stride 1 it is a *full
    convolution* of ``dZ`` with the kernel flipped in both axes (input
    and output channels swapped)::

        dXp[n, c, u, v] = sum_{o, i, j} dZ0[n, o, u - i, v - j] K[o, c, i, j]

    with ``dZ0`` zero outside ``dZ`` (padded by ``kh - 1``, ``kw - 1``);
    a stride ``s`` first spreads ``dZ`` out with ``s - 1`` zeros between
    its entries. ``dX`` is ``dXp`` with the padding cut off. The forward
    pass correlates, the backward pass convolves.

    Examples
    --------
    >>> X = np.arange(9.0).reshape(1, 1, 3, 3)
    >>> dX, dK, db = conv2d_backward(np.ones((1, 1, 2, 2)), X,
    ...                              np.ones((1, 1, 2, 2)))
    >>> dX[0, 0]                 # how many windows read each pixel
    array([[1., 2., 1.],
           [2., 4., 2.],
           [1., 2., 1.]])
    >>> dK[0, 0], db             # sums of each offset's pixels
    (array([[ 8., 12.],
           [20., 24.]]), array([4.]))
    """
    X = _as_batch("X", X, 4, "(m, C_in, H, W)")
    K, _ = _check_kernel(X, K, None, ("kh", "kw"))
    s = _int_at_least("stride", stride, 1)
    p = _int_at_least("padding", padding, 0)
    Ho, Wo = _conv_sizes("conv2d_backward", X, K, (s, s), (p, p),
                         ("height", "width"))
    dZ = _check_adjoint("dZ", dZ, (X.shape[0], K.shape[0], Ho, Wo))
    cols = _im2col(X, K.shape[2], K.shape[3], (s, s), (p, p))
    return _conv_backward(dZ, cols, X.shape, K, (s, s), (p, p))


def conv1d(X, K, b, stride=1, padding=0):
    """The 1-D convolution layer's pre-activation, on signals.

    Parameters
    ----------
    X : array_like, shape (m, C_in, n)
        ``m`` signals of ``C_in`` channels and length ``n`` (channels
        before positions, as ``torch.nn.functional.conv1d``).
    K : array_like, shape (C_out, C_in, k)
    b : array_like, shape (C_out,)
    stride, padding : int, default 1 and 0

    Returns
    -------
    ndarray, shape (m, C_out, n_out)
        ``n_out = (n + 2p - k) / s + 1``.

    Notes
    -----
    ``Z[i, o, t] = b[o] + sum_{c, j} K[o, c, j] Xp[i, c, s*t + j]``. It is
    ``conv2d`` on images of height 1 (``X[:, :, None, :]``, a kernel of
    height 1, padding only along the length): the same code runs.

    Examples
    --------
    >>> conv1d([[[1.0, 2.0, 3.0, 4.0]]], [[[1.0, -1.0]]], [0.0])
    array([[[-1., -1., -1.]]])
    """
    X = _as_batch("X", X, 3, "(m, C_in, n)")
    K, b = _check_kernel(X, K, b, ("k",))
    s = _int_at_least("stride", stride, 1)
    p = _int_at_least("padding", padding, 0)
    _output_size("conv1d", "length", X.shape[2], K.shape[2], s, p)
    Z, _ = _conv_forward(X[:, :, None, :], K[:, :, None, :], b, (1, s),
                         (0, p))
    return Z[:, :, 0, :]


def conv1d_backward(dZ, X, K, stride=1, padding=0):
    """The backward pass of ``conv1d``: ``dX``, ``dK`` and ``db``.

    Parameters
    ----------
    dZ : array_like, shape (m, C_out, n_out)
        The adjoint of the output.
    X : array_like, shape (m, C_in, n)
    K : array_like, shape (C_out, C_in, k)
    stride, padding : int, default 1 and 0

    Returns
    -------
    dX : ndarray, shape (m, C_in, n)
    dK : ndarray, shape (C_out, C_in, k)
    db : ndarray, shape (C_out,)

    Notes
    -----
    ``conv2d_backward`` on images of height 1; see its Notes.

    Examples
    --------
    >>> dX, dK, db = conv1d_backward([[[1.0, 1.0, 1.0]]],
    ...                              [[[1.0, 2.0, 3.0, 4.0]]],
    ...                              [[[1.0, -1.0]]])
    >>> dX, dK, db
    (array([[[ 1.,  0.,  0., -1.]]]), array([[[6., 9.]]]), array([3.]))
    """
    X = _as_batch("X", X, 3, "(m, C_in, n)")
    K, _ = _check_kernel(X, K, None, ("k",))
    s = _int_at_least("stride", stride, 1)
    p = _int_at_least("padding", padding, 0)
    n_out = _output_size("conv1d_backward", "length", X.shape[2],
                         K.shape[2], s, p)
    dZ = _check_adjoint("dZ", dZ, (X.shape[0], K.shape[0], n_out))
    X4, K4 = X[:, :, None, :], K[:, :, None, :]
    cols = _im2col(X4, 1, K.shape[2], (1, s), (0, p))
    dX, dK, db = _conv_backward(dZ[:, :, None, :], cols, X4.shape, K4,
                                (1, s), (0, p))
    return dX[:, :, 0, :], dK[:, :, 0, :], db


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


# -- the layers ---------------------------------------------------------------

def _rng(seed):
    if isinstance(seed, np.random.Generator):
        return seed
    if isinstance(seed, Integral) and not isinstance(seed, bool):
        return np.random.default_rng(int(seed))
    raise TypeError(
        f"seed must be an int or a numpy.random.Generator; got {seed!r}")


class Layer:
    """What every layer has: ``params``, ``forward`` and ``backward``.

    A subclass sets ``self.params`` (a dict, name -> float64 ndarray,
    empty when it has no parameters) and defines

    - ``output_shape(shape)``: the output's shape for an input of shape
      ``shape`` (batch axis included), or a ValueError naming what was
      expected and what came;
    - ``_forward(X) -> (out, cache)`` and ``_backward(dOut, cache,
      need_dX=True) -> (dX, grads)`` on checked arrays (with
      ``need_dX=False`` it may skip ``dX`` and return None for it);
    - ``_input_shape(cache)``: the input's shape, read from a cache.

    ``forward`` and ``backward`` check their arguments and call those.
    ``Sequential`` checks a batch once and then calls the unchecked
    ones; it passes ``need_dX=False`` to its first layer (in training,
    to its first layer with parameters), whose input gradient nobody
    reads.
    """

    params = {}
    _param_shapes = {}      # name -> (shape, what the axes are, in words)

    def forward(self, X):
        """The output of the layer, and what ``backward`` needs.

        Parameters
        ----------
        X : array_like
            A batch, one example per entry of axis 0; the shape the
            layer takes is in its class docstring.

        Returns
        -------
        out : ndarray
            Shape ``self.output_shape(X.shape)``.
        cache : tuple or ndarray
            Pass it to ``backward``, unchanged.
        """
        X = _as_float_array("X", X)
        self.output_shape(X.shape)
        _check_finite("X", X)
        self._check_params()
        return self._forward(X)

    def backward(self, dOut, cache):
        """Adjoints: of the input, and of every parameter.

        Parameters
        ----------
        dOut : array_like, shape of the output
            ``dC/d(out)`` for some scalar ``C`` (the cost, in training).
        cache
            What ``forward`` returned beside the output.

        Returns
        -------
        dX : ndarray, shape of the input
            ``dC/dX``.
        grads : dict
            ``grads[name] = dC/d params[name]``, each of its
            parameter's shape; the same keys as ``params``.
        """
        shape = self.output_shape(self._input_shape(cache))
        dOut = _check_adjoint("dOut", dOut, shape)
        return self._backward(dOut, cache)

    def _check_params(self):
        if not isinstance(self.params, dict) or set(self.params) != set(
                self._param_shapes):
            got = (sorted(self.params) if isinstance(self.params, dict)
                   else type(self.params).__name__)
            raise ValueError(
                f"{self!r}.params must be a dict with the keys "
                f"{sorted(self._param_shapes)}; got {got}")
        for name, (shape, words) in self._param_shapes.items():
            p = self.params[name]
            if not (isinstance(p, np.ndarray) and p.dtype == np.float64
                    and p.shape == shape):
                got = (f"{p.dtype} array of shape {p.shape}"
                       if isinstance(p, np.ndarray)
                       else type(p).__name__)
                raise TypeError(
                    f"{self!r}.params[{name!r}] must be a float64 numpy "
                    f"array of shape {words} = {shape} (training updates "
                    f"it in place); got {got}")
            _check_finite(f"{self!r}.params[{name!r}]", p)

    def output_shape(self, shape):  # pragma: no cover - each layer's own
        raise NotImplementedError

    def copy(self):
        """An independent copy (parameters copied, not shared)."""
        return copy.deepcopy(self)


def _expect_ndim(who, shape, ndim, layout, hint=""):
    if len(shape) != ndim:
        raise ValueError(
            f"{who} expects a batch of shape {layout}, {ndim}-D; got shape "
            f"{tuple(shape)}, {len(shape)}-D.{hint}")
    if shape[0] == 0:
        raise ValueError(f"{who} needs at least one example; got shape "
                         f"{tuple(shape)}")


class Conv2D(Layer):
    """A convolution layer on images: ``Z = conv2d(X, K, b)``.

    Parameters
    ----------
    in_channels, out_channels : int
        ``C_in`` and ``C_out``.
    kernel_size : int or (int, int)
        ``kh x kw`` (one int: square).
    stride, padding : int, default 1 and 0
        The same along both axes; zeros are padded on every side.
    seed : int or numpy.random.Generator, default 0
        The kernel is drawn from a normal distribution with standard
        deviation ``1/sqrt(C_in kh kw)`` (the fan-in: the inputs of one
        output); the bias starts at 0.

    Attributes
    ----------
    params : dict
        ``"K"``, shape ``(C_out, C_in, kh, kw)``; ``"b"``, shape
        ``(C_out,)``.

    Notes
    -----
    Takes ``(m, C_in, H, W)`` and returns ``(m, C_out, H_out, W_out)``.
    It computes a cross-correlation, exactly as
    ``torch.nn.functional.conv2d`` (see ``conv2d``); its input gradient
    is a full convolution of ``dZ`` with the flipped kernel (see
    ``conv2d_backward``). No activation: put an ``Activation`` after it.
    The cache is ``(X.shape, cols, K)``: the im2col matrix of the input
    (what ``dK`` needs) and the kernel (what ``dX`` needs).

    Examples
    --------
    >>> conv = Conv2D(1, 8, 3, padding=1, seed=0)
    >>> conv.params["K"].shape, conv.params["b"].shape
    ((8, 1, 3, 3), (8,))
    >>> Z, cache = conv.forward(np.zeros((32, 1, 8, 8)))
    >>> Z.shape
    (32, 8, 8, 8)
    """

    def __init__(self, in_channels, out_channels, kernel_size, stride=1,
                 padding=0, seed=0):
        self.in_channels = _int_at_least("in_channels", in_channels, 1)
        self.out_channels = _int_at_least("out_channels", out_channels, 1)
        self.kernel_size = _int_pair("kernel_size", kernel_size, 1)
        self.stride = _int_at_least("stride", stride, 1)
        self.padding = _int_at_least("padding", padding, 0)
        kh, kw = self.kernel_size
        fan_in = self.in_channels * kh * kw
        shape = (self.out_channels, self.in_channels, kh, kw)
        self._param_shapes = {
            "K": (shape, "(C_out, C_in, kh, kw)"),
            "b": ((self.out_channels,), "(C_out,)")}
        self.params = {
            "K": _rng(seed).standard_normal(shape) / np.sqrt(fan_in),
            "b": np.zeros(self.out_channels)}

    def __repr__(self):
        kh, kw = self.kernel_size
        extra = "".join(f", {k}={v}" for k, v in (
            ("stride", self.stride), ("padding", self.padding))
            if v != (1 if k == "stride" else 0))
        k = kh if kh == kw else (kh, kw)
        return (f"Conv2D({self.in_channels}, {self.out_channels}, "
                f"kernel_size={k}{extra})")

    def output_shape(self, shape):
        C = self.in_channels
        hint = ""
        if len(shape) == 3 and shape[0] == C:
            hint = " For one image, pass X[None], shape (1, C, H, W)."
        elif len(shape) == 2:
            hint = (" For images stored as rows of pixels, put "
                    "Reshape((C, H, W)) before this layer.")
        _expect_ndim(repr(self), shape, 4, f"(m, C_in, H, W) = (m, {C}, H, "
                     "W)", hint)
        if shape[1] != C:
            raise ValueError(
                f"{self!r} expects C_in = {C} channel(s) on axis 1 of "
                f"(m, C, H, W); got shape {tuple(shape)}, with "
                f"{shape[1]}")
        s, p = self.stride, self.padding
        Ho, Wo = (_output_size(repr(self), axis, n, k, s, p)
                  for axis, n, k in zip(("height", "width"), shape[2:],
                                        self.kernel_size))
        return (shape[0], self.out_channels, Ho, Wo)

    def _forward(self, X):
        s, p = self.stride, self.padding
        K = self.params["K"]
        Z, cols = _conv_forward(X, K, self.params["b"], (s, s), (p, p))
        return Z, (X.shape, cols, K)

    def _backward(self, dOut, cache, need_dX=True):
        shape, cols, K = cache
        s, p = self.stride, self.padding
        dX, dK, db = _conv_backward(dOut, cols, shape, K, (s, s), (p, p),
                                    need_dX)
        return dX, {"K": dK, "b": db}

    @staticmethod
    def _input_shape(cache):
        return cache[0]


class _Pool(Layer):
    _who = "pool"

    def __init__(self, size, stride=None):
        self.size, self.stride = _pool_args(size, stride)
        self.params = {}

    def __repr__(self):
        def short(pair):
            return pair[0] if pair[0] == pair[1] else pair
        extra = ("" if self.stride == self.size
                 else f", stride={short(self.stride)}")
        return f"{type(self).__name__}({short(self.size)}{extra})"

    def output_shape(self, shape):
        hint = (" For one image, pass X[None], shape (1, C, H, W)."
                if len(shape) == 3 else "")
        _expect_ndim(repr(self), shape, 4, "(m, C, H, W)", hint)
        Ho, Wo = _pool_sizes(repr(self), shape, self.size, self.stride)
        return (shape[0], shape[1], Ho, Wo)

    @staticmethod
    def _input_shape(cache):
        return cache[0]


class MaxPool2D(_Pool):
    """Max pooling: the largest entry of each window, per channel.

    Parameters
    ----------
    size : int or (int, int)
        The window.
    stride : int or (int, int), optional
        Default: the window's size (no overlap).

    Notes
    -----
    Takes ``(m, C, H, W)``, returns ``(m, C, H_out, W_out)``; no
    parameters, no padding. The backward pass sends each adjoint to its
    window's maximum; on a tie, to the *first* maximum in row-major order
    inside the window (see ``max_pool2d_backward``). The cache is
    ``(X, out)``: the input (a reference, not a copy) and its maxima,
    from which backward finds each window's first maximum.

    Examples
    --------
    >>> out, cache = MaxPool2D(2).forward(np.ones((3, 8, 8, 8)))
    >>> out.shape
    (3, 8, 4, 4)
    """

    def _forward(self, X):
        out = _max_pool(X, self.size, self.stride)
        return out, (X, out)

    def _backward(self, dOut, cache, need_dX=True):
        X, out = cache
        return _max_pool_backward(dOut, X, out, self.size, self.stride), {}

    @staticmethod
    def _input_shape(cache):
        return cache[0].shape


class AvgPool2D(_Pool):
    """Average pooling: the mean of each window, per channel.

    Parameters
    ----------
    size : int or (int, int)
    stride : int or (int, int), optional
        Default: the window's size.

    Notes
    -----
    Takes ``(m, C, H, W)``, returns ``(m, C, H_out, W_out)``. The
    backward pass spreads each adjoint equally over its window. The
    cache is ``(X.shape,)``.

    Examples
    --------
    >>> out, _ = AvgPool2D(2).forward(np.ones((1, 1, 4, 4)))
    >>> out[0, 0]
    array([[1., 1.],
           [1., 1.]])
    """

    def _forward(self, X):
        return _avg_pool(X, self.size, self.stride), (X.shape,)

    def _backward(self, dOut, cache, need_dX=True):
        return _avg_pool_backward(dOut, cache[0], self.size,
                                  self.stride), {}


class Flatten(Layer):
    """Each example's entries in one row: ``(m, ...)`` to ``(m, n)``.

    Notes
    -----
    ``(m, C, H, W)`` becomes ``(m, C*H*W)``, in C order (channel, then
    row, then column), as ``torch.nn.Flatten``. The output is a view of
    the input where numpy's ``reshape`` can make one. The cache is the
    input's shape.

    Examples
    --------
    >>> out, _ = Flatten().forward(np.zeros((32, 8, 4, 4)))
    >>> out.shape
    (32, 128)
    """

    def __init__(self):
        self.params = {}

    def __repr__(self):
        return "Flatten()"

    def output_shape(self, shape):
        if len(shape) < 2 or shape[0] == 0:
            raise ValueError(
                f"Flatten expects a batch of shape (m, ...), with at "
                f"least one example; got shape {tuple(shape)}")
        return (shape[0], int(np.prod(shape[1:])))

    def _forward(self, X):
        return X.reshape(X.shape[0], -1), X.shape

    def _backward(self, dOut, cache, need_dX=True):
        return dOut.reshape(cache), {}

    @staticmethod
    def _input_shape(cache):
        return cache


class Reshape(Layer):
    """Rows to images, or any per-example shape to another.

    Parameters
    ----------
    shape : tuple of int
        The shape of one example after the layer, e.g. ``(1, 8, 8)``
        for the digits, whose rows hold the 64 pixels of an image.

    Notes
    -----
    ``(m, n)`` becomes ``(m, *shape)``, with ``n`` the product of
    ``shape``, in C order (``X[i].reshape(shape)``). This is how a model
    takes the digits as they come, ``(m, 64)``. The cache is the input's
    shape.

    Examples
    --------
    >>> out, _ = Reshape((1, 8, 8)).forward(np.zeros((5, 64)))
    >>> out.shape
    (5, 1, 8, 8)
    """

    def __init__(self, shape):
        if not isinstance(shape, (tuple, list)) or not shape:
            raise ValueError(
                f"shape must be a tuple of sizes, the shape of one "
                f"example, e.g. (1, 8, 8); got {shape!r}")
        self.shape = tuple(_int_at_least("shape entries", n, 1)
                           for n in shape)
        self.params = {}

    def __repr__(self):
        return f"Reshape({self.shape})"

    def output_shape(self, shape):
        n = int(np.prod(self.shape))
        if len(shape) < 2 or int(np.prod(shape[1:])) != n:
            raise ValueError(
                f"{self!r} expects a batch whose examples hold "
                f"{n} = {' x '.join(map(str, self.shape))} numbers, e.g. "
                f"shape (m, {n}); got shape {tuple(shape)}")
        if shape[0] == 0:
            raise ValueError(f"{self!r} needs at least one example")
        return (shape[0],) + self.shape

    def _forward(self, X):
        return X.reshape((X.shape[0],) + self.shape), X.shape

    def _backward(self, dOut, cache, need_dX=True):
        return dOut.reshape(cache), {}

    @staticmethod
    def _input_shape(cache):
        return cache


class Dense(Layer):
    """A fully connected layer: ``Z = X @ W.T + b``.

    Parameters
    ----------
    n_in, n_out : int
    seed : int or numpy.random.Generator, default 0
        ``W`` is drawn from a normal distribution with standard deviation
        ``1/sqrt(n_in)``, ``b`` starts at 0 (as ``Network``: the same
        generator gives the same numbers, layer after layer).

    Attributes
    ----------
    params : dict
        ``"W"``, shape ``(n_out, n_in)`` (as ``torch.nn.Linear``);
        ``"b"``, shape ``(n_out,)``.

    Notes
    -----
    Takes ``(m, n_in)`` and returns ``(m, n_out)``; it also takes
    ``(m, T, n_in)``, a sequence per example (chapter 8), and applies
    the same ``W`` at every step. Backward, the equations of chapter
    4 without the 1/m (which belongs to the cost, see ``Sequential``)::

        dX = dZ W,    dW = dZ^T X,    db = sum over the rows of dZ

    The cache is ``(X, W)``. No activation: put an ``Activation`` after
    it.

    Examples
    --------
    >>> layer = Dense(128, 10)
    >>> layer.params["W"].shape
    (10, 128)
    """

    def __init__(self, n_in, n_out, seed=0):
        self.n_in = _int_at_least("n_in", n_in, 1)
        self.n_out = _int_at_least("n_out", n_out, 1)
        self._param_shapes = {
            "W": ((self.n_out, self.n_in), "(n_out, n_in)"),
            "b": ((self.n_out,), "(n_out,)")}
        self.params = {
            "W": _rng(seed).standard_normal((self.n_out, self.n_in))
            / np.sqrt(self.n_in),
            "b": np.zeros(self.n_out)}

    def __repr__(self):
        return f"Dense({self.n_in}, {self.n_out})"

    def output_shape(self, shape):
        n = self.n_in
        hint = ""
        if len(shape) == 1 and shape[0] == n:
            hint = " For one example, pass X.reshape(1, -1)."
        elif len(shape) == 4:
            hint = " For images, put Flatten() before this layer."
        if len(shape) not in (2, 3) or shape[-1] != n or shape[0] == 0:
            raise ValueError(
                f"{self!r} expects a batch of shape (m, n_in) = (m, {n}) "
                f"(or (m, T, {n}), a sequence per example); got shape "
                f"{tuple(shape)}.{hint}")
        return tuple(shape[:-1]) + (self.n_out,)

    def _forward(self, X):
        W = self.params["W"]
        Z = X @ W.T
        Z += self.params["b"]
        return Z, (X, W)

    def _backward(self, dOut, cache, need_dX=True):
        X, W = cache
        D = dOut.reshape(-1, self.n_out)          # every step a row
        A = X.reshape(-1, self.n_in)
        grads = {"W": D.T @ A, "b": D.sum(axis=0)}
        return (dOut @ W if need_dX else None), grads

    @staticmethod
    def _input_shape(cache):
        return cache[0].shape


class Activation(Layer):
    """An element-wise activation ``A = g(Z)``, by name.

    Parameters
    ----------
    name : str
        ``identity``, ``relu``, ``leaky_relu``, ``sigmoid`` or ``tanh``
        (``activations.ACTIVATIONS``). Softmax is not a layer here: a
        ``Sequential`` with the ``cross_entropy`` loss applies it to the
        last layer's output, the logits.

    Notes
    -----
    Any shape in, the same shape out. Backward ``dZ = dA (.) g'(Z)``,
    with ``g'`` from the same table (``relu'(0) = 0``). The cache is
    ``Z``.

    Examples
    --------
    >>> A, Z = Activation("relu").forward(np.array([[-1.0, 2.0]]))
    >>> A
    array([[0., 2.]])
    """

    def __init__(self, name):
        if name == "softmax":
            raise ValueError(
                "'softmax' is not an Activation layer: end the model with "
                "the logits and use Sequential(..., loss='cross_entropy'), "
                "which applies softmax inside the loss (delta = a - y)")
        get_activation(name)             # a clear error for a bad name
        self.name = name
        self.params = {}

    def __repr__(self):
        return f"Activation({self.name!r})"

    def output_shape(self, shape):
        if len(shape) < 1 or shape[0] == 0:
            raise ValueError(
                f"{self!r} expects a batch with at least one example; got "
                f"shape {tuple(shape)}")
        return tuple(shape)

    def _forward(self, Z):
        return ACTIVATIONS[self.name][0](Z), Z

    def _backward(self, dOut, cache, need_dX=True):
        return dOut * ACTIVATIONS[self.name][1](cache), {}

    @staticmethod
    def _input_shape(cache):
        return cache.shape


# -- the model ----------------------------------------------------------------

@dataclass
class SequentialForward:
    """What ``Sequential.forward`` computed.

    Attributes
    ----------
    a : list of ndarray
        ``a[0]`` is the input ``X`` and ``a[l]`` the output of layer
        ``l`` (l = 1..L, ``layers[l - 1]``); ``a[L]`` is the output of
        the last layer (the logits, for the cross-entropy losses).
    caches : list
        ``caches[l - 1]``, what layer ``l`` keeps for its backward pass.
    """

    a: list
    caches: list


@dataclass
class SequentialGradients:
    """What ``Sequential.backward`` returns.

    Attributes
    ----------
    grads : list of dict
        ``grads[l - 1][name]`` is ``dJ/d`` of parameter ``name`` of layer
        ``l``, its shape (an empty dict for a layer without parameters).
    delta : list of ndarray
        ``delta[l - 1]`` is ``dℒ/da^(l)``, the adjoint of layer ``l``'s
        output, per example, shape of ``a^(l)``: row ``i`` is
        ``dℒ_i/da_i^(l)``, not divided by ``m`` (as ``Network``'s
        deltas; the output of a ``Dense`` layer is a ``z^(l)``, and there
        the two agree). ``delta[L - 1]`` is at the output.
    cost : float
        ``J``, the mean loss over the batch.
    forward : SequentialForward
    """

    grads: list
    delta: list
    cost: float
    forward: SequentialForward


_MODEL_LOSSES = ("cross_entropy", "binary_cross_entropy",
                 "half_squared_error", "squared_error")


class Sequential:
    """Layers one after the other, ended by a loss.

    Parameters
    ----------
    layers : sequence of Layer
        Layer ``l`` is ``layers[l - 1]``, l = 1..L.
    loss : str, default "cross_entropy"
        ``cross_entropy``: softmax of the last layer's output (the
        logits, shape ``(m, K)``, K >= 2) against one-hot rows;
        ``binary_cross_entropy``: a sigmoid of each output against
        targets in [0, 1]; ``half_squared_error`` or ``squared_error``:
        the output itself (an identity output) against the targets.
        The last layer's output must be 2-D, ``(m, n_L)``.

    Attributes
    ----------
    layers : list of Layer
    loss_name : str

    Notes
    -----
    The cost is the mean ``J = (1/m) sum_i ℒ_i``. ``backward`` runs the
    chain on the *sum* ``m J``, whose adjoints are the per-example deltas
    of the course: at the output ``delta^(L) = softmax(z) - y`` for
    cross-entropy (``sigmoid(z) - y`` for binary cross-entropy,
    ``a - y`` for half squared error, twice that for squared error),
    then each layer's ``backward`` in turn. The ``1/m`` enters once, in
    the parameter gradients, as BP3 and BP4 put it in ``Network``: for a
    chain of ``Dense`` and ``Activation`` layers this computes
    ``Network.backward``'s numbers, operation for operation.

    Examples
    --------
    >>> model = Sequential([Reshape((1, 8, 8)), Conv2D(1, 8, 3, padding=1),
    ...                     Activation("relu"), MaxPool2D(2), Flatten(),
    ...                     Dense(128, 10)])
    >>> model.n_parameters()
    1370
    >>> model.predict(np.zeros((2, 64))).shape
    (2, 10)
    """

    def __init__(self, layers, loss="cross_entropy"):
        if isinstance(layers, Layer) or not hasattr(layers, "__len__"):
            raise TypeError(
                f"layers must be a list of layers, e.g. [Dense(2, 3), "
                f"Activation('relu'), Dense(3, 1)]; got {layers!r}")
        self.layers = list(layers)
        self.loss_name = loss
        self._check_structure()

    def _check_structure(self):
        if not self.layers:
            raise ValueError("a Sequential needs at least one layer; got "
                             "none")
        for l, layer in enumerate(self.layers, start=1):
            if not isinstance(layer, Layer):
                raise TypeError(
                    f"layer {l} must be a Layer (Conv2D, Dense, "
                    f"Activation, ...); got {layer!r} of type "
                    f"{type(layer).__name__}")
        if not isinstance(self.loss_name, str) \
                or self.loss_name not in _MODEL_LOSSES:
            raise ValueError(
                f"unknown loss {self.loss_name!r} for a Sequential; "
                f"expected one of {sorted(_MODEL_LOSSES)}")

    def __repr__(self):
        inner = "".join(f"\n  ({l}) {layer!r}"
                        for l, layer in enumerate(self.layers, start=1))
        return f"Sequential({inner}\n  loss={self.loss_name!r})"

    @property
    def n_layers(self):
        """``L``, the number of layers."""
        return len(self.layers)

    def parameters(self):
        """``[(name, array), ...]``: ``"K^(2)"``, ``"b^(2)"``, ...

        ``name^(l)`` is parameter ``name`` of layer ``l``; the arrays are
        the layers' own (not copies).
        """
        return [(f"{name}^({l})", p)
                for l, layer in enumerate(self.layers, start=1)
                for name, p in layer.params.items()]

    def n_parameters(self):
        """The number of weights and biases."""
        return sum(p.size for _, p in self.parameters())

    def copy(self):
        """An independent copy (parameters copied, not shared)."""
        return copy.deepcopy(self)

    # -- checks --------------------------------------------------------------

    def _check_parameters(self):
        self._check_structure()
        for layer in self.layers:
            layer._check_params()

    def _shapes(self, shape):
        """The shape of every ``a^(l)``, or a ValueError naming the layer
        that refused its input."""
        shapes = [tuple(shape)]
        for l, layer in enumerate(self.layers, start=1):
            try:
                shapes.append(tuple(layer.output_shape(shapes[-1])))
            except ValueError as exc:
                given = ("X" if l == 1 else
                         f"the output of layer {l - 1}, "
                         f"{self.layers[l - 2]!r},")
                raise ValueError(
                    f"layer {l} of {self.n_layers}, {layer!r}, cannot take "
                    f"{given} of shape {shapes[-1]}: {exc}") from None
        out = shapes[-1]
        if len(out) != 2:
            raise ValueError(
                f"the last layer's output must be 2-D, (m, n_L), for the "
                f"loss; {self.layers[-1]!r} gives shape {out}: end with "
                f"Flatten() and a Dense layer")
        if self.loss_name == "cross_entropy" and out[1] < 2:
            raise ValueError(
                f"cross_entropy needs at least 2 outputs, one logit per "
                f"class; the last layer gives {out[1]}")
        return shapes

    def _largest_product(self, shape):
        """The multiply-adds of the largest matrix product that a step on
        a batch of shape ``shape`` makes (the BLAS threads of training
        are chosen from it, as for a ``Network``)."""
        shapes = self._shapes(shape)
        largest = 0
        for layer, out in zip(self.layers, shapes[1:]):
            for p in layer.params.values():
                # a weight array applied at every output position
                per_use = p.size if p.ndim > 1 else 0
                positions = int(np.prod(out)) // max(1, p.shape[0])
                largest = max(largest, per_use * positions)
        return largest

    def _check_X(self, X):
        X = _as_float_array("X", X)
        if X.ndim < 2 or X.shape[0] == 0:
            raise ValueError(
                f"X must be a batch, one example per entry of axis 0, "
                f"with at least one example; got shape {X.shape}")
        shapes = self._shapes(X.shape)
        _check_finite("X", X)
        return X, shapes

    def _check_Y(self, Y, out_shape):
        Y = _as_float_array("Y", Y)
        if Y.shape != out_shape:
            hint = ""
            if Y.ndim == 1 and Y.shape[0] == out_shape[0] and \
                    self.loss_name == "cross_entropy":
                hint = (" These look like class labels; cross_entropy "
                        "takes one-hot rows: use one_hot(labels, "
                        f"{out_shape[1]}).")
            raise ValueError(
                f"Y must have the output's shape (m, n_L) = {out_shape}, "
                f"one target row per example; got {Y.shape}.{hint}")
        _check_finite("Y", Y)
        if self.loss_name == "cross_entropy":
            _check_one_hot("Y", Y)
        if self.loss_name == "binary_cross_entropy" and (
                Y.min() < 0 or Y.max() > 1):
            raise ValueError(
                "binary_cross_entropy expects targets in [0, 1]; got values "
                f"from {float(Y.min())} to {float(Y.max())}")
        return Y

    def _check_data(self, X, Y):
        """X, Y and the parameters, checked together, once."""
        X, shapes = self._check_X(X)
        Y = self._check_Y(Y, shapes[-1])
        self._check_parameters()
        return X, Y

    # -- the computations ----------------------------------------------------

    def _forward(self, X):
        a, caches = [X], []
        for layer in self.layers:
            out, cache = layer._forward(a[-1])
            a.append(out)
            caches.append(cache)
        return SequentialForward(a=a, caches=caches)

    def _logits_to_output(self, Z):
        if self.loss_name == "cross_entropy":
            return softmax(Z)
        if self.loss_name == "binary_cross_entropy":
            return sigmoid(Z)
        return Z

    def _losses(self, Z, Y):
        if self.loss_name == "cross_entropy":
            return cross_entropy_from_logits(Z, Y)
        if self.loss_name == "binary_cross_entropy":
            return binary_cross_entropy_from_logits(Z, Y)
        return get_loss(self.loss_name)[0](Z, Y)

    def _output_delta(self, Z, Y):
        if self.loss_name == "cross_entropy":
            return cross_entropy_from_logits_prime(Z, Y)
        if self.loss_name == "binary_cross_entropy":
            return binary_cross_entropy_from_logits_prime(Z, Y)
        return get_loss(self.loss_name)[1](Z, Y)

    def _backward(self, X, Y, every_delta=True):
        """Gradients from checked arrays. With ``every_delta=False`` (the
        training loop) the pass stops at the first layer that has
        parameters: the deltas before it are left as None and the
        layers before it get empty grads, since no gradient needs them."""
        fp = self._forward(X)
        m = X.shape[0]
        delta = self._output_delta(fp.a[-1], Y)
        L = self.n_layers
        first = 1
        if not every_delta:
            with_params = [l for l, layer in enumerate(self.layers, 1)
                           if layer.params]
            first = with_params[0] if with_params else L + 1
        deltas, grads = [None] * L, [{} for _ in range(L)]
        for l in range(L, first - 1, -1):
            deltas[l - 1] = delta
            layer = self.layers[l - 1]
            delta, g = layer._backward(delta, fp.caches[l - 1],
                                       need_dX=l > first)
            for name in g:
                g[name] /= m          # BP3 and BP4's 1/m: J is a mean
            grads[l - 1] = g
        cost = float(np.mean(self._losses(fp.a[-1], Y)))
        return SequentialGradients(grads=grads, delta=deltas, cost=cost,
                                   forward=fp)

    def forward(self, X):
        """Run every layer and keep every output and cache.

        Parameters
        ----------
        X : array_like, shape (m, ...)
            The shape the first layer takes.

        Returns
        -------
        SequentialForward
            ``.a[l]`` is layer ``l``'s output (``.a[0]`` is ``X``).
        """
        X, _ = self._check_X(X)
        self._check_parameters()
        return self._forward(X)

    def predict(self, X):
        """The prediction for a batch, shape ``(m, n_L)``.

        The probabilities for the cross-entropy losses (softmax, or a
        sigmoid per output, of the logits), the output itself for the
        squared errors.
        """
        return self._logits_to_output(self.forward(X).a[-1])

    def losses(self, X, Y):
        """The per-example losses ``ℒ_i``, shape ``(m,)``.

        Parameters
        ----------
        X : array_like, shape (m, ...)
        Y : array_like, shape (m, n_L)
        """
        X, Y = self._check_data(X, Y)
        return self._losses(self._forward(X).a[-1], Y)

    def cost(self, X, Y):
        """The cost ``J = (1/m) sum_i ℒ_i``, a float.

        Parameters
        ----------
        X : array_like, shape (m, ...)
        Y : array_like, shape (m, n_L)
        """
        return float(np.mean(self.losses(X, Y)))

    def backward(self, X, Y):
        """Forward and backward pass: every delta and every gradient.

        Parameters
        ----------
        X : array_like, shape (m, ...)
        Y : array_like, shape (m, n_L)

        Returns
        -------
        SequentialGradients
            ``.grads[l - 1]`` (a dict per layer), ``.delta[l - 1]`` (the
            shape of ``a^(l)``), ``.cost`` and ``.forward``.

        Notes
        -----
        ``delta^(L)`` at the output from the loss (see the class Notes);
        then, from the last layer to the first,
        ``delta^(l-1), g^(l) = layers[l - 1].backward(delta^(l), cache)``
        and ``dJ/dp = g^(l)[p] / m``: every layer's backward is the
        vector-Jacobian product of chapter 6, applied to the deltas.
        """
        X, Y = self._check_data(X, Y)
        return self._backward(X, Y)
