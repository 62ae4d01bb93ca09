"""Layers on vectors and shapes: ``Dense``, ``Activation``, ``Flatten``,
``Reshape``."""

import numpy as np

from ..activations import ACTIVATIONS, get_activation
from ..convolution import _int_at_least
from .base import Layer, _read_only, _rng

__all__ = ["Activation", "Dense", "Flatten", "Reshape"]


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
