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

The layers compute with the functional cores of ``convolution``
(``conv2d``, ``max_pool2d`` and their backward passes), which the
chapter shows and the tests check one by one.

Conventions: those of ``convolution`` for images and kernels (NCHW
batches ``(m, C, H, W)``, kernels ``(C_out, C_in, kh, kw)``, a
correlation, strides that fit exactly); a batch of vectors is
``(m, n)``, and a dense layer's ``W`` is ``(n_out, n_in)``, as
``torch.nn.Linear`` (and ``Network``).

What it is not for: speed records (no GPU, no float32), or layers that
keep state between calls (each ``forward`` returns its own cache).
"""

import copy
from dataclasses import dataclass
from numbers import Integral

import numpy as np

from .activations import ACTIVATIONS, get_activation, sigmoid, softmax
from .convolution import (
    _avg_pool,
    _avg_pool_backward,
    _check_adjoint,
    _conv_backward,
    _conv_forward,
    _int_at_least,
    _int_pair,
    _max_pool,
    _max_pool_backward,
    _output_size,
    _pool_args,
    _pool_sizes,
)
from .losses import (
    binary_cross_entropy_from_logits,
    binary_cross_entropy_from_logits_prime,
    cross_entropy_from_logits,
    cross_entropy_from_logits_prime,
    get_loss,
)
from .network import _as_float_array, _check_finite, _check_target_values

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
    adjoints : list of ndarray
        ``adjoints[l - 1]`` is the adjoint of layer ``l``'s output (chapter
        6's bar), per example, in the shape of that output: entry ``i``
        is ``dℒ_i`` by the output of layer ``l`` for example ``i``, not
        divided by ``m``. Here every layer counts (a ``Reshape``, an
        ``Activation``): after a ``Dense`` or ``Conv2D`` layer the
        output is a ``z``, and its adjoint is the course's delta
        ``dℒ/dz``; after an ``Activation`` it is ``dℒ/da``.
        ``adjoints[L - 1]`` is at the output.
    cost : float
        ``J``, the mean loss over the batch.
    forward : SequentialForward
    """

    grads: list
    adjoints: list
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
        # one array in two places (the same layer twice, or two layers
        # given one array): gradient descent would apply one of its
        # gradients only, where a shared weight needs their sum
        seen = {}
        for l, layer in enumerate(self.layers, start=1):
            for name, p in layer.params.items():
                first = seen.setdefault(id(p), f"{name} of layer {l}")
                if first != f"{name} of layer {l}":
                    raise ValueError(
                        f"{name} of layer {l} ({layer!r}) is the same array "
                        f"as {first}: a Sequential needs its own array for "
                        "every parameter (a shared weight would get one of "
                        "its gradients only, not their sum); give each "
                        "layer its own, e.g. with layer.copy()")
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
        _check_target_values(Y, self.loss_name)
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

    def _backward(self, X, Y, every_adjoint=True):
        """Gradients from checked arrays. With ``every_adjoint=False``
        (the training loop) the pass stops at the first layer that has
        parameters: the adjoints before it are left as None and the
        layers before it get empty grads, since no gradient needs them."""
        fp = self._forward(X)
        m = X.shape[0]
        adjoint = self._output_delta(fp.a[-1], Y)
        L = self.n_layers
        first = 1
        if not every_adjoint:
            with_params = [l for l, layer in enumerate(self.layers, 1)
                           if layer.params]
            first = with_params[0] if with_params else L + 1
        adjoints, grads = [None] * L, [{} for _ in range(L)]
        for l in range(L, first - 1, -1):
            adjoints[l - 1] = adjoint
            layer = self.layers[l - 1]
            adjoint, g = layer._backward(adjoint, fp.caches[l - 1],
                                         need_dX=l > first)
            # BP3 and BP4's 1/m (J is a mean), into new arrays: a layer
            # may return a view as a gradient
            grads[l - 1] = {name: dp / m for name, dp in g.items()}
        cost = float(np.mean(self._losses(fp.a[-1], Y)))
        return SequentialGradients(grads=grads, adjoints=adjoints,
                                   cost=cost, forward=fp)

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
        """Forward and backward pass: every adjoint and every gradient.

        Parameters
        ----------
        X : array_like, shape (m, ...)
        Y : array_like, shape (m, n_L)

        Returns
        -------
        SequentialGradients
            ``.grads[l - 1]`` (a dict per layer), ``.adjoints[l - 1]``
            (the shape of layer ``l``'s output), ``.cost`` and
            ``.forward``.

        Notes
        -----
        The output's adjoint from the loss (see the class Notes); then,
        from the last layer to the first,
        ``adj^(l-1), g^(l) = layers[l - 1].backward(adj^(l), cache)`` and
        ``dJ/dp = g^(l)[p] / m``: every layer's backward is the
        vector-Jacobian product of chapter 6, applied to the adjoints.
        """
        X, Y = self._check_data(X, Y)
        return self._backward(X, Y)
