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
change their arguments. ``sequential.Sequential`` chains layers and
ends them with a loss; ``training.gradient_descent`` trains it as it
trains a ``Network``.

The layers compute with the functional cores of ``convolution``
(``conv2d`` and its backward pass) and ``pooling`` (``max_pool2d``,
``avg_pool2d`` and theirs), which the chapter shows and the tests check
one by one.

Conventions: those of ``convolution`` for images and kernels (NCHW
batches ``(m, C, H, W)``, kernels ``(C_out, C_in, kh, kw)``, a
correlation, strides that never leave the input unread); a batch of
vectors is ``(m, n)``, and a dense layer's ``W`` is ``(n_out, n_in)``,
as ``torch.nn.Linear`` (and ``Network``).

What it is not for: speed records (no GPU, no float32), or layers that
keep state between calls (each ``forward`` returns its own cache).
"""

import copy
from numbers import Integral

import numpy as np

from .activations import ACTIVATIONS, get_activation
from .convolution import (
    _check_adjoint,
    _conv_backward,
    _conv_forward,
    _int_at_least,
    _int_pair,
    _output_size,
)
from .network import _as_float_array, _check_finite
from .pooling import (
    _avg_pool,
    _avg_pool_backward,
    _max_pool,
    _max_pool_backward,
    _pool_args,
    _pool_sizes,
)

__all__ = [
    "Activation",
    "AvgPool2D",
    "Conv2D",
    "Dense",
    "Flatten",
    "Layer",
    "MaxPool2D",
    "Reshape",
]


# -- the layers ---------------------------------------------------------------

def _read_only(view):
    """A reshaped view that cannot write into the array it shows (the
    module's promise: fresh arrays, or read-only views)."""
    view.flags.writeable = False
    return view


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
        return _read_only(X.reshape(X.shape[0], -1)), X.shape

    def _backward(self, dOut, cache, need_dX=True):
        return _read_only(dOut.reshape(cache)), {}

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
        return _read_only(X.reshape((X.shape[0],) + self.shape)), X.shape

    def _backward(self, dOut, cache, need_dX=True):
        return _read_only(dOut.reshape(cache)), {}

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
        # W as it was (training changes self.params in place)
        return Z, (X, W.copy())

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
