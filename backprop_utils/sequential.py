"""A model made of layers: ``Sequential``, ended by a loss.

What this module is for: chaining the layers of ``layers`` (each a
vector-Jacobian pair) into one model with a loss, whose ``backward``
runs the layers' backward passes in turn, and which
``training.gradient_descent`` trains as it trains a ``Network``.

What it is not for: graphs other than a chain (no branches or skip
connections), or losses other than the course's four.
"""

import copy
from dataclasses import dataclass

import numpy as np

from .activations import sigmoid, softmax
from .layers import Layer
from .losses import (
    binary_cross_entropy_from_logits,
    binary_cross_entropy_from_logits_prime,
    cross_entropy_from_logits,
    cross_entropy_from_logits_prime,
    get_loss,
)
from .network import _as_float_array, _check_finite, _check_target_values

__all__ = [
    "Sequential",
    "SequentialForward",
    "SequentialGradients",
]


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
    >>> from backprop_utils import (Activation, Conv2D, Dense, Flatten,
    ...                             MaxPool2D, Reshape)
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
