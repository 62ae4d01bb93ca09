"""A fully connected feed-forward network with a readable backward pass.

What this module is for: the network every chapter computes with. Its
forward pass keeps every ``z^(l)`` and ``a^(l)`` so a chapter can print
them; its backward pass returns every ``delta^(l)`` as well as the
gradients, because the deltas are what the course teaches. It is
vectorised over the batch (one example per row, no Python loop over
examples) and works in float64.

What it is not for: speed records, other layer types, or automatic
differentiation. It knows exactly the formulas the course derives.

Conventions (the notation page of the course):

- layers are numbered 0 (input) to L (output); ``sizes = [n_0, ..., n_L]``;
- ``weights[l - 1]`` is ``W^(l)``, shape ``(n_l, n_{l-1})``; its entry
  ``[j - 1, k - 1]`` is ``w^(l)_jk``, joining neuron k of layer l-1 to
  neuron j of layer l (the layout of ``torch.nn.Linear``);
- ``biases[l - 1]`` is ``b^(l)``, shape ``(n_l,)``;
- a batch ``X`` has shape ``(m, n_0)``; ``Z^(l) = A^(l-1) @ W^(l).T + b^(l)``
  and ``A^(l) = g^(l)(Z^(l))`` have shape ``(m, n_l)``;
- ``delta^(l) = dℒ/dz^(l)`` for each example (row), not divided by ``m``;
- the cost ``J`` is the mean over the batch of the per-example loss ``ℒ``,
  so ``dJ/dW^(l) = (1/m) delta^(l).T @ A^(l-1)``.

Two output layers are computed from the logits ``z^(L)`` rather than from
``a^(L)``, for numbers that stay finite: a sigmoid output with
``binary_cross_entropy`` and a softmax output with ``cross_entropy``. For
both, ``delta^(L) = a^(L) - y``.
"""

from dataclasses import dataclass
from numbers import Integral

import numpy as np

from .activations import ACTIVATIONS, get_activation, softmax
from .losses import (
    binary_cross_entropy_from_logits,
    binary_cross_entropy_from_logits_prime,
    cross_entropy_from_logits,
    cross_entropy_from_logits_prime,
    get_loss,
)

__all__ = ["ForwardPass", "Gradients", "Network"]


@dataclass
class ForwardPass:
    """Everything the forward pass computed, kept for the backward pass.

    Attributes
    ----------
    z : list of ndarray
        ``z[l - 1]`` is ``Z^(l)``, shape ``(m, n_l)``, for l = 1..L
        (the input layer has no pre-activation).
    a : list of ndarray
        ``a[l]`` is ``A^(l)``, shape ``(m, n_l)``, for l = 0..L;
        ``a[0]`` is the input ``X`` and ``a[-1]`` the prediction.
    """

    z: list
    a: list


@dataclass
class Gradients:
    """What ``Network.backward`` returns.

    Attributes
    ----------
    dW : list of ndarray
        ``dW[l - 1]`` is ``dJ/dW^(l)``, shape ``(n_l, n_{l-1})``.
    db : list of ndarray
        ``db[l - 1]`` is ``dJ/db^(l)``, shape ``(n_l,)``.
    delta : list of ndarray
        ``delta[l - 1]`` is ``delta^(l)``, shape ``(m, n_l)``; row i is
        ``dℒ_i/dz_i^(l)`` for example i (not divided by ``m``).
    cost : float
        ``J``, the mean loss over the batch, at the parameters used.
    forward : ForwardPass
        The forward pass the gradients were computed from.
    """

    dW: list
    db: list
    delta: list
    cost: float
    forward: ForwardPass


def _check_sizes(sizes):
    if isinstance(sizes, (str, bytes)) or not hasattr(sizes, "__len__"):
        raise TypeError(
            "sizes must be a list of layer widths [n_0, ..., n_L]; got "
            f"{sizes!r}"
        )
    sizes = list(sizes)
    if len(sizes) < 2:
        raise ValueError(
            "sizes must name at least an input and an output layer, e.g. "
            f"[2, 1]; got {sizes!r}"
        )
    for i, n in enumerate(sizes):
        if isinstance(n, bool) or not isinstance(n, Integral) or n < 1:
            raise ValueError(
                "every layer size must be a positive integer; got "
                f"sizes[{i}] = {n!r} in {sizes!r}"
            )
    return [int(n) for n in sizes]


def _as_float_array(name, value):
    if type(value) is np.ndarray and value.dtype == np.float64:
        return value  # already what we need: nothing to check or convert
    try:
        arr = np.asarray(value)
    except Exception as exc:  # ragged lists and the like
        raise TypeError(
            f"{name} must be an array of numbers; could not convert "
            f"{type(value).__name__}: {exc}"
        ) from None
    if arr.dtype == object or not (
        np.issubdtype(arr.dtype, np.number) or arr.dtype == bool
    ) or np.issubdtype(arr.dtype, np.complexfloating):
        raise TypeError(
            f"{name} must be an array of real numbers; got dtype {arr.dtype}"
        )
    return arr.astype(float, copy=False)


def _check_finite(name, arr):
    if np.isfinite(arr).all():
        return  # the common case, one pass; below only to say what is wrong
    bad = ~np.isfinite(arr)
    first = tuple(int(i) for i in np.argwhere(bad)[0])
    raise ValueError(
        f"{name} must be finite; it holds {int(bad.sum())} non-finite "
        f"value(s) (nan or inf), the first at index {first}: "
        f"{float(arr[first])}"
    )


def _check_one_hot(name, Y):
    """Rows of 0s and 1s with one 1 each, or a clear error saying where."""
    not01 = (Y != 0) & (Y != 1)
    if not01.any():
        first = tuple(int(i) for i in np.argwhere(not01)[0])
        raise ValueError(
            f"{name} must hold one-hot rows (0s and a single 1 per row, "
            "the class) for cross_entropy; it holds "
            f"{int(not01.sum())} value(s) that are not 0 or 1, the first "
            f"at index {first}: {float(Y[first])}"
        )
    sums = Y.sum(axis=1)
    bad = np.flatnonzero(sums != 1)
    if bad.size:
        raise ValueError(
            f"{name} must hold one-hot rows (exactly one 1 per row) for "
            f"cross_entropy; {bad.size} row(s) do not sum to 1, the first "
            f"is row {int(bad[0])}: {Y[bad[0]].tolist()}"
        )


def _check_target_values(Y, loss_name):
    """Targets of the right shape, checked for what ``loss_name`` needs:
    finite; one-hot rows for ``cross_entropy``; values in [0, 1] for
    ``binary_cross_entropy``. (``Network`` and ``sequential.Sequential``.)"""
    _check_finite("Y", Y)
    if loss_name == "cross_entropy":
        _check_one_hot("Y", Y)
    if loss_name == "binary_cross_entropy" and (
            Y.min() < 0 or Y.max() > 1):
        raise ValueError(
            "binary_cross_entropy expects targets in [0, 1]; got values "
            f"from {float(Y.min())} to {float(Y.max())}"
        )


class Network:
    """A feed-forward network ``n_0 - n_1 - ... - n_L``.

    Parameters
    ----------
    sizes : sequence of int
        Layer widths ``[n_0, ..., n_L]``, at least two, all positive.
    activations : sequence of str
        One name per layer 1..L (``len(sizes) - 1`` names), each one of
        ``identity``, ``relu``, ``leaky_relu``, ``sigmoid``, ``tanh``;
        the output layer may also be ``softmax``.
    loss : str, default "half_squared_error"
        ``squared_error``, ``half_squared_error``,
        ``binary_cross_entropy`` (needs a sigmoid output layer) or
        ``cross_entropy`` (needs a softmax output layer; the targets are
        one-hot rows, see ``one_hot``). A softmax output needs
        ``cross_entropy``.
    seed : int or numpy.random.Generator, default 0
        Where the initial weights come from. Weights are drawn from a
        normal distribution with standard deviation ``1/sqrt(n_{l-1})``;
        biases start at 0.

    Attributes
    ----------
    sizes : list of int
    activation_names : list of str
    loss_name : str
    weights : list of ndarray
        ``weights[l - 1]`` is ``W^(l)``, shape ``(n_l, n_{l-1})``;
        writable in place (``net.weights[0][1, 0] = 0.5`` sets
        ``w^(1)_21``).
    biases : list of ndarray
        ``biases[l - 1]`` is ``b^(l)``, shape ``(n_l,)``.

    Examples
    --------
    >>> net = Network([2, 3, 2, 1], ["relu", "relu", "identity"], seed=0)
    >>> [W.shape for W in net.weights]
    [(3, 2), (2, 3), (1, 2)]
    """

    def __init__(self, sizes, activations, loss="half_squared_error",
                 seed=0):
        sizes = _check_sizes(sizes)
        acts = self._check_names(activations, loss, len(sizes) - 1)
        if acts[-1] == "softmax" and sizes[-1] < 2:
            raise ValueError(
                "a 'softmax' output layer needs at least 2 units, one per "
                "class (softmax of a single unit is always 1); got "
                f"n_L = {sizes[-1]}"
            )
        if isinstance(seed, np.random.Generator):
            rng = seed
        elif isinstance(seed, Integral) and not isinstance(seed, bool):
            rng = np.random.default_rng(int(seed))
        else:
            raise TypeError(
                "seed must be an int or a numpy.random.Generator; got "
                f"{seed!r}"
            )
        self.sizes = sizes
        self.activation_names = acts
        self.loss_name = loss
        self.weights = [
            rng.standard_normal((n, n_prev)) / np.sqrt(n_prev)
            for n_prev, n in zip(sizes[:-1], sizes[1:])
        ]
        self.biases = [np.zeros(n) for n in sizes[1:]]

    @classmethod
    def from_parameters(cls, weights, biases, activations,
                        loss="half_squared_error"):
        """Build a network with stated weights and biases.

        Parameters
        ----------
        weights : sequence of array_like
            ``weights[l - 1]`` is ``W^(l)``, shape ``(n_l, n_{l-1})``.
        biases : sequence of array_like
            ``biases[l - 1]`` is ``b^(l)``, shape ``(n_l,)``.
        activations, loss
            As for ``Network``.

        Examples
        --------
        >>> net = Network.from_parameters([[[2.0]]], [[0.5]], ["identity"])
        >>> net.sizes
        [1, 1]
        """
        weights = [_as_float_array(f"weights[{i}]", W)
                   for i, W in enumerate(weights)]
        if not weights or any(W.ndim != 2 for W in weights):
            raise ValueError(
                "weights must be a non-empty list of 2-D arrays, W^(l) of "
                "shape (n_l, n_{l-1}); got shapes "
                f"{[W.shape for W in weights]}"
            )
        sizes = [weights[0].shape[1]] + [W.shape[0] for W in weights]
        net = cls(sizes, activations, loss, seed=0)
        if len(biases) != len(weights):
            raise ValueError(
                f"expected {len(weights)} bias vectors, one per weight "
                f"matrix; got {len(biases)}"
            )
        net.weights = [W.copy() for W in weights]
        net.biases = [_as_float_array(f"biases[{i}]", b).copy()
                      for i, b in enumerate(biases)]
        net._check_parameters()
        return net

    @staticmethod
    def _check_names(activations, loss, n_layers):
        """The activation list and the loss name, checked together.

        Run by the constructor and again on every call (a learner may
        assign ``net.loss_name`` or edit ``net.activation_names``), so a
        bad name always gets the same clear error.
        """
        acts = Network._check_activations(activations, n_layers)
        get_loss(loss)
        if loss == "binary_cross_entropy" and acts[-1] != "sigmoid":
            raise ValueError(
                "binary_cross_entropy is the loss of probabilities: it "
                "expects a 'sigmoid' output layer; got output activation "
                f"{acts[-1]!r}"
            )
        if loss == "cross_entropy" and acts[-1] != "softmax":
            raise ValueError(
                "cross_entropy is the loss of a probability distribution "
                "over classes: it expects a 'softmax' output layer; got "
                f"output activation {acts[-1]!r}"
            )
        if acts[-1] == "softmax" and loss != "cross_entropy":
            raise ValueError(
                "a 'softmax' output layer is paired with the "
                "'cross_entropy' loss in this course (that pairing gives "
                f"delta^(L) = a - y); got loss {loss!r}"
            )
        return acts

    @staticmethod
    def _check_activations(activations, n_layers):
        if isinstance(activations, str) or not hasattr(
                activations, "__len__"):
            raise TypeError(
                f"activations must be a list of {n_layers} names, one per "
                f"layer 1..L; got {activations!r}"
            )
        acts = list(activations)
        if len(acts) != n_layers:
            raise ValueError(
                f"expected {n_layers} activation names (one per layer "
                f"1..{n_layers}); got {len(acts)}: {acts!r}"
            )
        for l, name in enumerate(acts, start=1):
            if name == "softmax":
                if l != n_layers:
                    raise ValueError(
                        "'softmax' mixes the units of a layer into "
                        "probabilities, so it can only be the output layer "
                        f"(layer {n_layers}); got it at layer {l} of "
                        f"{acts!r}"
                    )
                continue
            get_activation(name)
        return acts

    # -- shapes and checks ------------------------------------------------

    @property
    def n_layers(self):
        """``L``, the number of layers after the input layer."""
        return len(self.sizes) - 1

    def parameters(self):
        """Return ``[(name, array), ...]``: ``W^(1)``, ``b^(1)``, ``W^(2)``...

        The arrays are the network's own (not copies).
        """
        out = []
        for l in range(1, self.n_layers + 1):
            out.append((f"W^({l})", self.weights[l - 1]))
            out.append((f"b^({l})", self.biases[l - 1]))
        return out

    def n_parameters(self):
        """The number of weights and biases."""
        return sum(p.size for _, p in self.parameters())

    def _check_parameters(self):
        L = self.n_layers
        self._check_names(self.activation_names, self.loss_name, L)
        if len(self.weights) != L or len(self.biases) != L:
            raise ValueError(
                f"expected {L} weight matrices and {L} bias vectors; got "
                f"{len(self.weights)} and {len(self.biases)}"
            )
        for l in range(1, L + 1):
            want = (self.sizes[l], self.sizes[l - 1])
            W = self.weights[l - 1]
            if np.shape(W) != want:
                raise ValueError(
                    f"W^({l}) = weights[{l - 1}] must have shape "
                    f"(n_{l}, n_{l - 1}) = {want}; got {np.shape(W)}"
                )
            b = self.biases[l - 1]
            if np.shape(b) != (want[0],):
                raise ValueError(
                    f"b^({l}) = biases[{l - 1}] must have shape "
                    f"(n_{l},) = {(want[0],)}; got {np.shape(b)}"
                )
            _check_finite(f"W^({l})", np.asarray(W, dtype=float))
            _check_finite(f"b^({l})", np.asarray(b, dtype=float))

    def _check_X(self, X):
        X = _as_float_array("X", X)
        n0 = self.sizes[0]
        if X.ndim != 2:
            hint = ""
            if X.ndim == 1 and X.shape[0] == n0:
                hint = (" For one example, pass X.reshape(1, -1), "
                        "shape (1, n_0).")
            raise ValueError(
                f"X must be 2-D, shape (m, n_0) = (m, {n0}) with one "
                f"example per row; got shape {X.shape}.{hint}"
            )
        if X.shape[1] != n0:
            raise ValueError(
                f"X must have n_0 = {n0} columns (one per input); got "
                f"shape {X.shape}"
            )
        if X.shape[0] == 0:
            raise ValueError("X must hold at least one example; got 0 rows")
        _check_finite("X", X)
        return X

    def _check_Y(self, Y, m):
        Y = _as_float_array("Y", Y)
        nL = self.sizes[-1]
        if Y.ndim != 2:
            hint = ""
            if (Y.ndim == 1 and Y.shape[0] == m
                    and self.loss_name == "cross_entropy"):
                hint = (" These look like class labels; cross_entropy "
                        "takes one-hot rows: use one_hot(labels, "
                        f"{nL}).")
            elif Y.ndim == 1 and Y.shape[0] == m and nL == 1:
                hint = (" A target vector of shape (m,) is not broadcast "
                        "(against predictions of shape (m, 1) it would "
                        "give an (m, m) array); use Y.reshape(-1, 1).")
            raise ValueError(
                f"Y must be 2-D, shape (m, n_L) = ({m}, {nL}) with one "
                f"target row per example; got shape {Y.shape}.{hint}"
            )
        if Y.shape != (m, nL):
            raise ValueError(
                f"Y must have shape (m, n_L) = ({m}, {nL}) to match X's "
                f"{m} rows and the {nL} output unit(s); got {Y.shape}"
            )
        _check_target_values(Y, self.loss_name)
        return Y

    # -- the computations -------------------------------------------------

    def forward(self, X):
        """Run the forward pass and keep every ``Z^(l)`` and ``A^(l)``.

        Parameters
        ----------
        X : array_like, shape (m, n_0)
            One example per row.

        Returns
        -------
        ForwardPass
            ``.z[l - 1]`` is ``Z^(l)`` and ``.a[l]`` is ``A^(l)``, each of
            shape ``(m, n_l)``.

        Notes
        -----
        ``Z^(l) = A^(l-1) W^(l)T + b^(l)`` and ``A^(l) = g^(l)(Z^(l))``:
        row i is ``z^(l) = W^(l) a^(l-1) + b^(l)`` for example i.
        """
        X = self._check_X(X)
        self._check_parameters()
        return self._forward(X)

    def _forward(self, X):
        zs, activations = [], [X]
        A = X
        for W, b, name in zip(self.weights, self.biases,
                              self.activation_names):
            Z = A @ W.T
            Z += b                      # in place: no second (m, n_l) array
            A = softmax(Z) if name == "softmax" else ACTIVATIONS[name][0](Z)
            zs.append(Z)
            activations.append(A)
        return ForwardPass(z=zs, a=activations)

    def predict(self, X):
        """The output ``A^(L)`` for a batch ``X``, shape ``(m, n_L)``."""
        return self.forward(X).a[-1]

    def _losses(self, fp, Y):
        if self.loss_name == "binary_cross_entropy":
            return binary_cross_entropy_from_logits(fp.z[-1], Y)
        if self.loss_name == "cross_entropy":
            return cross_entropy_from_logits(fp.z[-1], Y)
        return get_loss(self.loss_name)[0](fp.a[-1], Y)

    def losses(self, X, Y):
        """The per-example losses ``ℒ_i``, shape ``(m,)``.

        Parameters
        ----------
        X : array_like, shape (m, n_0)
        Y : array_like, shape (m, n_L)
        """
        X = self._check_X(X)
        Y = self._check_Y(Y, X.shape[0])
        self._check_parameters()
        return self._losses(self._forward(X), Y)

    def cost(self, X, Y):
        """The cost ``J = (1/m) sum_i ℒ_i``, a float.

        Parameters
        ----------
        X : array_like, shape (m, n_0)
        Y : array_like, shape (m, n_L)
        """
        return float(np.mean(self.losses(X, Y)))

    def backward(self, X, Y):
        """Forward and backward pass: every delta and every gradient.

        Parameters
        ----------
        X : array_like, shape (m, n_0)
        Y : array_like, shape (m, n_L)

        Returns
        -------
        Gradients
            ``.dW[l - 1]`` (``n_l, n_{l-1}``), ``.db[l - 1]`` (``n_l,``),
            ``.delta[l - 1]`` (``m, n_l``), ``.cost`` and ``.forward``.

        Notes
        -----
        The four equations, with ``(.)`` the element-wise product::

            BP1  delta^(L) = dℒ/da^(L) (.) g'(z^(L))
            BP2  delta^(l) = (W^(l+1)T delta^(l+1)) (.) g'(z^(l))
            BP3  dJ/dW^(l) = (1/m) sum_i delta^(l)(i) a^(l-1)(i)T
                           = (1/m) Delta^(l)T A^(l-1)
            BP4  dJ/db^(l) = (1/m) sum_i delta^(l)(i)

        (example i in superscript, as in the book).

        For ``binary_cross_entropy`` on a sigmoid output, and for
        ``cross_entropy`` on a softmax output (where BP1 is a Jacobian
        product, not an element-wise one), the first line simplifies to
        ``delta^(L) = a^(L) - y`` and is computed that way, from the
        logits.
        """
        X = self._check_X(X)
        Y = self._check_Y(Y, X.shape[0])
        self._check_parameters()
        fp = self._forward(X)
        m = X.shape[0]
        L = self.n_layers
        if self.loss_name == "binary_cross_entropy":
            delta = binary_cross_entropy_from_logits_prime(fp.z[-1], Y)
        elif self.loss_name == "cross_entropy":
            delta = cross_entropy_from_logits_prime(fp.z[-1], Y)
        else:
            loss_prime = get_loss(self.loss_name)[1]
            g_prime = ACTIVATIONS[self.activation_names[-1]][1]
            delta = loss_prime(fp.a[-1], Y) * g_prime(fp.z[-1])
        deltas = [None] * L
        dW = [None] * L
        db = [None] * L
        # In-place updates (/=, *=) give the same numbers as BP3 and BP2
        # without allocating a second array of each size.
        for l in range(L, 0, -1):
            deltas[l - 1] = delta
            dW[l - 1] = delta.T @ fp.a[l - 1]
            dW[l - 1] /= m
            db[l - 1] = delta.sum(axis=0) / m
            if l > 1:
                g_prime = ACTIVATIONS[self.activation_names[l - 2]][1]
                delta = delta @ self.weights[l - 1]   # a new array
                delta *= g_prime(fp.z[l - 2])
        cost = float(np.mean(self._losses(fp, Y)))
        return Gradients(dW=dW, db=db, delta=deltas, cost=cost, forward=fp)

    def copy(self):
        """An independent copy (parameters copied, not shared)."""
        return Network.from_parameters(
            [W.copy() for W in self.weights],
            [b.copy() for b in self.biases],
            self.activation_names, self.loss_name)

    def __repr__(self):
        # short enough for a 79-character line in a notebook
        sizes = "-".join(str(n) for n in self.sizes)
        acts = "/".join(self.activation_names)
        return f"Network({sizes}, {acts}, {self.loss_name})"
