"""Layers on images: a convolution and two poolings (chapter 7)."""

import numpy as np

from ..convolution import (
    _conv_backward,
    _conv_forward,
    _int_at_least,
    _int_pair,
    _output_size,
)
from ..pooling import (
    _avg_pool,
    _avg_pool_backward,
    _max_pool,
    _max_pool_backward,
    _pool_args,
    _pool_sizes,
)
from .base import Layer, _expect_ndim, _rng

__all__ = ["AvgPool2D", "Conv2D", "MaxPool2D"]


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
    is a full convolution of ``dZ`` with the kernel, that is the flipped
    kernel slid over the padded ``dZ`` (see ``conv2d_backward``). No
    activation: put an ``Activation`` after it.
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
        # the kernel as it was (training changes self.params in place)
        return Z, (X.shape, cols, K.copy())

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
        return out, (X.copy(), out)     # X as it was, whatever comes next

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
