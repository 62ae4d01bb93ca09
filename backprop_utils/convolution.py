"""Convolution and pooling as functions: forward and backward, vectorised.

What this module is for: the functional cores that chapter 7 shows and
the tests check one by one, and that ``layers`` wraps as layers:
``conv2d`` and ``conv2d_backward``, ``conv1d`` and ``conv1d_backward``,
``im2col`` and ``col2im`` (pooling is in ``pooling``), and the size
checks both share. They are vectorised over the batch and over the
positions: the only Python loop is over the ``kh * kw`` offsets of a
window, in ``col2im`` (which adds the shifted windows back) and in
pooling (one operation on whole arrays per offset).

Conventions (the notation page, extended to images):

- a batch of images is ``(m, C, H, W)``, one example per entry of the
  first axis, channels next (NCHW, as PyTorch); a batch of signals for
  ``conv1d`` is ``(m, C, n)``;
- a kernel is ``K`` of shape ``(C_out, C_in, kh, kw)`` and its bias ``b``
  of shape ``(C_out,)``;
- a convolution computes a cross-correlation, exactly
  ``torch.nn.functional.conv2d``: the kernel is not flipped;
- the output size along an axis is ``floor((n + 2 p - k) / s) + 1`` for
  input size ``n``, padding ``p``, window ``k`` and stride ``s``, as
  PyTorch's; but a stride that leaves rows (or columns) of the input
  itself unread is refused, where PyTorch would drop them silently. A
  stride may skip padding only: a 3 x 3 kernel with stride 2 and
  padding 1 on an 8 x 8 image reads every pixel (4 x 4 outputs).

What it is not for: speed records (no GPU, no float32, no dilation or
groups), other padding modes than zeros, or padding when pooling.
"""

from numbers import Integral

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view

from .network import _as_float_array, _check_finite

__all__ = [
    "col2im",
    "conv1d",
    "conv1d_backward",
    "conv2d",
    "conv2d_backward",
    "im2col",
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


# what the entries along an axis are, in words (one, several)
_UNITS = {"height": ("row", "rows"), "width": ("column", "columns"),
          "length": ("entry", "entries")}


def _last(axis, count):
    """"row", "3 rows", ...: the last ``count`` entries along ``axis``."""
    one, many = _UNITS.get(axis, ("entry", "entries"))
    return one if count == 1 else f"{count} {many}"


def _output_size(who, axis, n, k, s, p):
    """``floor((n + 2p - k) / s) + 1``, or a clear error when a stride
    would leave rows (columns, entries) of the input itself unread: what
    a window never reaches may only be padding."""
    span = n + 2 * p
    padded = f" + 2 * padding {p} = {span}" if p else ""
    if k > span:
        raise ValueError(
            f"{who}: the window ({k}) is larger than the input along the "
            f"{axis} ({n}{padded}); the input {axis} must be at least "
            f"{max(1, k - 2 * p)}")
    extra = (span - k) % s        # entries after the last window's end
    unread = extra - p            # of them, the input's own (not padding)
    if unread > 0:
        lo, hi = n - unread, n + s - extra
        fits = f"{lo} or {hi}" if lo >= max(1, k - 2 * p) else f"{hi}"
        sizes = (f"{axis} + 2 * padding - window = {n} + {2 * p} - {k}"
                 if p else f"{axis} - window = {n} - {k}")
        raise ValueError(
            f"{who}: stride {s} does not fit the input {axis}: {sizes} = "
            f"{span - k} is not a multiple of {s}, so the last "
            f"{_last(axis, unread)} of the input would never be read. An "
            f"input {axis} of {fits} fits, as does a stride that divides "
            f"{span - k}")
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


def _check_kernel(X, K, b, spatial, with_bias=True):
    """K of shape (C_out, C_in, *spatial) with C_in = X's channels, at
    least one channel each, and (``with_bias``) b of shape (C_out,);
    both finite float arrays."""
    names = "(C_out, C_in, " + ", ".join(spatial) + ")"
    K = _as_float_array("K", K)
    if K.ndim != 2 + len(spatial):
        raise ValueError(
            f"K must be {2 + len(spatial)}-D, shape {names}; got shape "
            f"{K.shape}")
    if 0 in K.shape[:2] or X.shape[1] == 0:
        raise ValueError(
            f"K must have at least one output and one input channel, and X "
            f"at least one channel; got K of shape {K.shape} and X of "
            f"shape {X.shape}")
    if K.shape[1] != X.shape[1]:
        raise ValueError(
            f"K has C_in = {K.shape[1]} input channel(s) (K.shape[1]) but "
            f"X has {X.shape[1]} (X.shape[1]); K must have shape {names} "
            f"= (C_out, {X.shape[1]}, ...); got {K.shape}")
    _check_finite("K", K)
    if with_bias:
        if b is None:
            raise ValueError(
                f"b must be an array of shape (C_out,) = ({K.shape[0]},), "
                "one bias per output channel; got None (for no bias, pass "
                f"np.zeros({K.shape[0]}))")
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
    convolution* of ``dZ`` with the kernel (input and output channels
    swapped), the kernel read backwards in both axes::

        dXp[n, c, u, v] = sum_{o, i, j} dZ0[n, o, u - i, v - j] K[o, c, i, j]

    where ``dZ0[n, o, y, x]`` is ``dZ[n, o, y, x]`` for an output
    position and 0 for any other index (negative, or past the end): as
    arrays, ``dZ`` padded with ``kh - 1`` and ``kw - 1`` zeros on each
    side, correlated with the flipped kernel. A stride ``s`` first
    spreads ``dZ`` out with ``s - 1`` zeros between its entries. ``dX``
    is ``dXp`` with the padding cut off. The forward pass correlates,
    the backward pass convolves.

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
    K, _ = _check_kernel(X, K, None, ("kh", "kw"), with_bias=False)
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
    K, _ = _check_kernel(X, K, None, ("k",), with_bias=False)
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
