"""Recurrent cells as functions: forward over time, backward through time.

What this module is for: the functional cores of chapter 8, which
``layers.RNN`` and ``layers.LSTM`` wrap as layers and the tests check
one by one. Two cells:

- the vanilla cell, ``h_t = tanh(W_xh x_t + W_hh h_{t-1} + b)``
  (``rnn_forward``, ``rnn_backward``);
- the LSTM, whose four gates are stacked in PyTorch's order
  ``i, f, g, o`` (``lstm_forward``, ``lstm_backward``)::

      z_t = W_xh x_t + W_hh h_{t-1} + b            (4 n_h numbers)
      i = sigmoid(z_i), f = sigmoid(z_f), g = tanh(z_g), o = sigmoid(z_o)
      c_t = f * c_{t-1} + i * g,    h_t = o * tanh(c_t)

Both are vectorised over the batch: the input's products for every step
are one matrix product before the loop, the weights' gradients one
product after it, and the loop over time runs one step of the
recursion at a time, as it must.

Conventions (the notation page, extended to sequences):

- a batch of sequences is ``X`` of shape ``(m, T, n_in)``: ``X[i, t - 1]``
  is ``x_t`` of example ``i``, steps ``t = 1..T``;
- the hidden states are ``H`` of shape ``(m, T + 1, n_h)``, ``H[:, t]``
  is ``h_t`` and ``H[:, 0]`` is ``h_0`` (zeros unless given); the LSTM's
  cell states ``C`` likewise;
- ``W_xh`` is ``(n_z, n_in)`` and ``W_hh`` is ``(n_z, n_h)``, one row per
  pre-activation as ``torch.nn.Linear`` (and as ``torch.nn.RNN``'s
  ``weight_ih_l0`` and ``weight_hh_l0``); ``b`` is ``(n_z,)``, the sum of
  PyTorch's two biases. ``n_z = n_h`` for the vanilla cell and
  ``4 n_h`` for the LSTM;
- backward takes ``dH_out``, shape ``(m, T, n_h)``: ``dH_out[:, t - 1]``
  is ``dJ/dh_t`` for some scalar ``J`` (the cost, in training), as far
  as it comes from the outputs at step ``t`` (the loss of that step),
  not through later steps. The gradients are sums over the batch and
  over the steps (no ``1/m``: that belongs to the cost).

Truncation: with ``truncate=k``, the gradient of the loss at step ``s``
reaches the pre-activations ``z_s, z_{s-1}, ..., z_{s-k+1}`` and the
inputs of those steps, and stops there: the state ``h_{s-k}`` (and
``c_{s-k}``) is treated as a constant, except ``h_0`` (and ``c_0``),
which is an input of ``z_1`` as ``x_1`` is and gets its share from
every loss that reaches ``z_1`` (``s <= k``). This is D2L's truncated
sum, and what PyTorch computes when the state is detached ``k`` steps
before each loss. ``truncate=None`` (or any ``k >= T``) is full
backpropagation through time.

What it is not for: several layers, bidirectional cells, variable
lengths in one batch, or speed records.
"""

from dataclasses import dataclass
from numbers import Integral

import numpy as np

from .activations import sigmoid
from .network import _as_float_array, _check_finite

__all__ = [
    "TimeGradients",
    "lstm_backward",
    "lstm_forward",
    "rnn_backward",
    "rnn_forward",
]


@dataclass
class TimeGradients:
    """What ``rnn_backward`` and ``lstm_backward`` return.

    Attributes
    ----------
    dX : ndarray, shape (m, T, n_in)
        ``dJ/dx_t`` at ``dX[:, t - 1]``.
    grads : dict
        ``"W_xh"``, ``"W_hh"``, ``"b"``: ``dJ/d`` of each, summed over
        the steps and the batch.
    dh0 : ndarray, shape (m, n_h)
        ``dJ/dh_0``.
    dH : ndarray, shape (m, T, n_h)
        The whole adjoint of ``h_t`` at ``dH[:, t - 1]``: from the outputs
        at step ``t`` and through every later step (chapter 6: adjoints
        add). With truncation, the part of it that is passed on.
    delta : ndarray, shape (m, T, n_z)
        ``dJ/dz_t`` at ``delta[:, t - 1]``, the course's delta at each
        step (for the LSTM the four gates' pre-activations, ``i, f, g,
        o``).
    dc0 : ndarray or None
        The LSTM's ``dJ/dc_0``; None for the vanilla cell.
    dC : ndarray or None
        The LSTM's whole adjoint of ``c_t`` at ``dC[:, t - 1]``, through
        ``h_t`` and through ``c_{t+1}`` (with truncation, the part that
        is passed on); None for the vanilla cell.
    """

    dX: np.ndarray
    grads: dict
    dh0: np.ndarray
    dH: np.ndarray
    delta: np.ndarray
    dc0: np.ndarray = None
    dC: np.ndarray = None


# -- checks ------------------------------------------------------------------

def _array(name, value, shape, words):
    a = _as_float_array(name, value)
    if a.shape != tuple(shape):
        raise ValueError(
            f"{name} must have shape {words} = {tuple(shape)}; got "
            f"{a.shape}")
    _check_finite(name, a)
    return a


def _check_sequence(X, who="X"):
    X = _as_float_array(who, X)
    if X.ndim != 3:
        hint = ""
        if X.ndim == 2:
            hint = (" For one sequence, pass X[None]; for one step of "
                    "every example, X[:, None].")
        raise ValueError(
            f"{who} must be a batch of sequences, shape (m, T, n_in): "
            f"examples, time steps, inputs per step; got shape {X.shape}, "
            f"{X.ndim}-D.{hint}")
    m, T, n_in = X.shape
    if m == 0 or T == 0 or n_in == 0:
        raise ValueError(
            f"{who} must hold at least one example, one time step and one "
            f"input per step, shape (m, T, n_in); got shape {X.shape}")
    _check_finite(who, X)
    return X


def _check_weights(X, W_xh, W_hh, b, gates):
    """The weights, checked against each other and against X; returns
    them as float arrays and ``n_h``."""
    W_hh = _as_float_array("W_hh", W_hh)
    if W_hh.ndim != 2 or W_hh.shape[0] != gates * W_hh.shape[1] \
            or W_hh.shape[1] == 0:
        rows = "n_h" if gates == 1 else f"{gates} n_h"
        raise ValueError(
            f"W_hh must have shape ({rows}, n_h), one row per "
            f"pre-activation and one column per hidden unit; got shape "
            f"{W_hh.shape}")
    n_h = W_hh.shape[1]
    rows = gates * n_h
    _check_finite("W_hh", W_hh)
    W_xh = _array("W_xh", W_xh, (rows, X.shape[2]),
                  "(n_z, n_in), n_z rows as W_hh and n_in = X.shape[2]")
    if b is not None:           # backward does not need the bias
        b = _array("b", b, (rows,), "(n_z,), one per row of W_hh")
    return W_xh, W_hh, b, n_h


def _check_state(name, s, m, n_h):
    if s is None:
        return np.zeros((m, n_h))
    return _array(name, s, (m, n_h), "(m, n_h)")


def _check_truncate(truncate):
    if truncate is None:
        return None
    if isinstance(truncate, bool) or not isinstance(truncate, Integral) \
            or truncate < 1:
        raise ValueError(
            f"truncate must be None (full backpropagation through time) "
            f"or a number of steps >= 1; got {truncate!r}")
    return int(truncate)


def _check_backward(dH_out, X, H, n_h, name_H="H"):
    m, T, _ = X.shape
    H = _array(name_H, H, (m, T + 1, n_h),
               "(m, T + 1, n_h), h_0 to h_T, as forward returned it")
    dH_out = _array("dH_out", dH_out, (m, T, n_h),
                    "(m, T, n_h), dJ/dh_t for t = 1..T")
    return dH_out, H


def _backward_inputs(dH_out, X, H, W_xh, W_hh, gates):
    """The checked arrays of a backward pass: dH_out, X, H, W_xh, W_hh
    (``gates``: 1 for the vanilla cell, 4 for the LSTM)."""
    X = _check_sequence(X)
    W_xh, W_hh, _, n_h = _check_weights(X, W_xh, W_hh, None, gates)
    dH_out, H = _check_backward(dH_out, X, H, n_h)
    return dH_out, X, H, W_xh, W_hh


# -- forward -----------------------------------------------------------------

def rnn_forward(X, W_xh, W_hh, b, h0=None):
    """The vanilla cell over a batch of sequences.

    Parameters
    ----------
    X : array_like, shape (m, T, n_in)
    W_xh : array_like, shape (n_h, n_in)
    W_hh : array_like, shape (n_h, n_h)
    b : array_like, shape (n_h,)
    h0 : array_like, shape (m, n_h), optional
        Zeros by default.

    Returns
    -------
    H : ndarray, shape (m, T + 1, n_h)
        ``H[:, t] = tanh(x_t W_xh^T + h_{t-1} W_hh^T + b)``, ``H[:, 0] =
        h0``.

    Examples
    --------
    >>> X = np.ones((2, 3, 1))
    >>> H = rnn_forward(X, [[1.0]], [[0.5]], [0.0])
    >>> H.shape
    (2, 4, 1)
    >>> np.round(H[0, :, 0], 4)
    array([0.    , 0.7616, 0.8811, 0.8938])
    """
    X = _check_sequence(X)
    W_xh, W_hh, b, n_h = _check_weights(X, W_xh, W_hh, b, 1)
    h0 = _check_state("h0", h0, X.shape[0], n_h)
    return _rnn_forward(X, W_xh, W_hh, b, h0)


def _rnn_forward(X, W_xh, W_hh, b, h0):
    m, T, _ = X.shape
    H = np.empty((m, T + 1, h0.shape[1]))
    H[:, 0] = h0
    Zx = X @ W_xh.T                 # every step's input part, one product
    Zx += b
    for t in range(1, T + 1):
        np.tanh(Zx[:, t - 1] + H[:, t - 1] @ W_hh.T, out=H[:, t])
    return H


def lstm_forward(X, W_xh, W_hh, b, h0=None, c0=None):
    """The LSTM over a batch of sequences.

    Parameters
    ----------
    X : array_like, shape (m, T, n_in)
    W_xh : array_like, shape (4 n_h, n_in)
        The gates' rows in the order ``i, f, g, o`` (as PyTorch).
    W_hh : array_like, shape (4 n_h, n_h)
    b : array_like, shape (4 n_h,)
    h0, c0 : array_like, shape (m, n_h), optional
        Zeros by default.

    Returns
    -------
    H, C : ndarray, shape (m, T + 1, n_h)
        The hidden and cell states, ``h_0``/``c_0`` first.
    G : ndarray, shape (m, T, 4 n_h)
        The gates after their activations, ``i, f, g, o`` at each step
        (what the backward pass needs).

    Examples
    --------
    >>> n_h = 2
    >>> H, C, G = lstm_forward(np.ones((1, 5, 3)), np.zeros((8, 3)),
    ...                        np.zeros((8, 2)), np.zeros(8))
    >>> np.round(C[0, :, 0], 4)       # every gate 1/2, g = 0: c stays 0
    array([0., 0., 0., 0., 0., 0.])
    """
    X = _check_sequence(X)
    W_xh, W_hh, b, n_h = _check_weights(X, W_xh, W_hh, b, 4)
    h0 = _check_state("h0", h0, X.shape[0], n_h)
    c0 = _check_state("c0", c0, X.shape[0], n_h)
    return _lstm_forward(X, W_xh, W_hh, b, h0, c0)


def _lstm_forward(X, W_xh, W_hh, b, h0, c0):
    m, T, _ = X.shape
    n_h = h0.shape[1]
    H = np.empty((m, T + 1, n_h))
    C = np.empty((m, T + 1, n_h))
    G = np.empty((m, T, 4 * n_h))
    H[:, 0], C[:, 0] = h0, c0
    Zx = X @ W_xh.T
    Zx += b
    for t in range(1, T + 1):
        z = Zx[:, t - 1] + H[:, t - 1] @ W_hh.T
        g = G[:, t - 1]
        g[:, :2 * n_h] = sigmoid(z[:, :2 * n_h])          # i, f
        np.tanh(z[:, 2 * n_h:3 * n_h], out=g[:, 2 * n_h:3 * n_h])
        g[:, 3 * n_h:] = sigmoid(z[:, 3 * n_h:])          # o
        i, f, gg, o = np.split(g, 4, axis=1)
        C[:, t] = f * C[:, t - 1] + i * gg
        H[:, t] = o * np.tanh(C[:, t])
    return H, C, G


# -- backward through time ----------------------------------------------------

def _through_time(dH_out, truncate, n_states, step_back):
    """The loop over time, shared by both cells.

    ``step_back(t, carried)`` gets the adjoints of the state at step
    ``t`` (a tuple of ``n_states`` arrays, each ``(ages, m, n_h)``) and
    returns ``(dz, before)``: the deltas ``dJ/dz_t``, ``(ages, m, n_z)``,
    and the adjoints passed on to the state at step ``t - 1``. Without
    truncation ``ages`` is 1: every adjoint is added into one array
    (chapter 6's adjoints that add). With ``truncate=k`` the adjoints are
    kept apart by how many steps they have travelled from the loss they
    come from (ages ``0..k-1``): they are the same linear map applied to
    ``k`` arrays at once, and the oldest is dropped at each step.
    Returns the deltas ``(m, T, n_z)``, the states' adjoints at
    ``t = 1..T`` and at ``t = 0``.
    """
    m, T, n_h = dH_out.shape
    full = truncate is None or truncate >= T
    ages = 1 if full else truncate
    carried = tuple(np.zeros((ages, m, n_h)) for _ in range(n_states))
    seen = tuple(np.empty((m, T, n_h)) for _ in range(n_states))
    delta = None
    for t in range(T, 0, -1):
        carried[0][0] += dH_out[:, t - 1]           # the loss at step t
        for s, c in zip(seen, carried):
            s[:, t - 1] = c[0] if full else c.sum(axis=0)
        dz, before = step_back(t, carried)
        if delta is None:
            delta = np.empty((m, T, dz.shape[-1]))
        delta[:, t - 1] = dz[0] if full else dz.sum(axis=0)
        if full or t == 1:
            carried = before
        else:                       # one step older; the oldest stops
            carried = tuple(np.concatenate([np.zeros((1, m, n_h)), b[:-1]])
                            for b in before)
    # h_0 (and c_0) is an input of z_1, as x_1 is: every loss that
    # reaches z_1 gives it its share
    at_zero = tuple(c.sum(axis=0) for c in carried)
    return delta, seen, at_zero


def _weight_gradients(delta, X, H, W_xh, need_dX):
    """dX and the gradients from the deltas of every step, in bulk."""
    m, T, n_z = delta.shape
    D = delta.reshape(m * T, n_z)
    grads = {"W_xh": D.T @ X.reshape(m * T, -1),
             "W_hh": D.T @ H[:, :-1].reshape(m * T, -1),
             "b": D.sum(axis=0)}
    dX = delta @ W_xh if need_dX else None
    return dX, grads


def rnn_backward(dH_out, X, H, W_xh, W_hh, truncate=None):
    """Backpropagation through time for the vanilla cell.

    Parameters
    ----------
    dH_out : array_like, shape (m, T, n_h)
        ``dJ/dh_t`` from the outputs at step ``t`` (zeros where a step
        has no output: a classifier that reads ``h_T`` only has a single
        non-zero step).
    X : array_like, shape (m, T, n_in)
    H : array_like, shape (m, T + 1, n_h)
        What ``rnn_forward`` returned.
    W_xh, W_hh : array_like
        The weights of the forward pass.
    truncate : int, optional
        See the module's docstring; None for full backpropagation.

    Returns
    -------
    TimeGradients

    Notes
    -----
    From ``t = T`` down to 1, with ``dh_t`` the whole adjoint of
    ``h_t``::

        dh_t    = dH_out[t] + delta_{t+1} W_hh      (nothing after T)
        delta_t = dh_t * (1 - h_t**2)               (tanh')
        dJ/dW_hh = sum_t delta_t^T h_{t-1},   dJ/dW_xh = sum_t delta_t^T x_t,
        dJ/db    = sum_t delta_t,             dJ/dx_t  = delta_t W_xh

    (rows are examples, as ``Z = A_prev @ W.T + b``).

    Examples
    --------
    >>> X = np.ones((1, 2, 1))
    >>> W_xh, W_hh, b = [[1.0]], [[0.5]], [0.0]
    >>> H = rnn_forward(X, W_xh, W_hh, b)
    >>> g = rnn_backward(np.array([[[0.0], [1.0]]]), X, H, W_xh, W_hh)
    >>> g.delta.shape, g.grads["W_hh"].shape
    ((1, 2, 1), (1, 1))
    """
    dH_out, X, H, W_xh, W_hh = _backward_inputs(dH_out, X, H, W_xh, W_hh, 1)
    return _rnn_backward(dH_out, X, H, W_xh, W_hh,
                         _check_truncate(truncate))


def _rnn_backward(dH_out, X, H, W_xh, W_hh, truncate, need_dX=True):
    def step_back(t, carried):
        dh, = carried
        dz = dh * (1.0 - H[:, t] ** 2)
        return dz, (dz @ W_hh,)

    delta, (dH,), (dh0,) = _through_time(dH_out, truncate, 1, step_back)
    dX, grads = _weight_gradients(delta, X, H, W_xh, need_dX)
    return TimeGradients(dX=dX, grads=grads, dh0=dh0, dH=dH, delta=delta)


def lstm_backward(dH_out, X, H, C, G, W_xh, W_hh, truncate=None):
    """Backpropagation through time for the LSTM.

    Parameters
    ----------
    dH_out : array_like, shape (m, T, n_h)
        ``dJ/dh_t`` from the outputs at step ``t``.
    X : array_like, shape (m, T, n_in)
    H, C, G : array_like
        What ``lstm_forward`` returned.
    W_xh, W_hh : array_like
        The weights of the forward pass.
    truncate : int, optional
        See the module's docstring; None for full backpropagation.

    Returns
    -------
    TimeGradients
        With ``dc0`` and ``dC`` set.

    Notes
    -----
    From ``t = T`` down to 1, with ``dh_t`` and ``dc_t`` the whole
    adjoints of the two states (``*`` is element-wise)::

        dh_t  = dH_out[t] + delta_{t+1} W_hh
        dc_t  = dc_t (from step t + 1) + dh_t * o * (1 - tanh(c_t)**2)
        delta = [dc_t * g * i (1 - i),  dc_t * c_{t-1} * f (1 - f),
                 dc_t * i * (1 - g**2), dh_t * tanh(c_t) * o (1 - o)]
        dc_{t-1} (passed on) = dc_t * f

    The last line is the additive path: from ``c_t`` to ``c_{t-1}`` the
    adjoint is multiplied by the forget gate only, with no weight
    matrix and no derivative of a squashing function in between.
    """
    dH_out, X, H, W_xh, W_hh = _backward_inputs(dH_out, X, H, W_xh, W_hh, 4)
    m, T, _ = X.shape
    n_h = W_hh.shape[1]
    C = _array("C", C, (m, T + 1, n_h),
               "(m, T + 1, n_h), c_0 to c_T, as forward returned it")
    G = _array("G", G, (m, T, 4 * n_h),
               "(m, T, 4 n_h), the gates as forward returned them")
    return _lstm_backward(dH_out, X, H, C, G, W_xh, W_hh,
                          _check_truncate(truncate))


def _lstm_backward(dH_out, X, H, C, G, W_xh, W_hh, truncate, need_dX=True,
                   need_dC=True):
    def step_back(t, carried):
        dh, dc = carried
        i, f, g, o = np.split(G[:, t - 1], 4, axis=1)
        tc = np.tanh(C[:, t])
        dc = dc + dh * (o * (1.0 - tc ** 2))
        dz = np.concatenate([dc * (g * i * (1.0 - i)),
                             dc * (C[:, t - 1] * f * (1.0 - f)),
                             dc * (i * (1.0 - g ** 2)),
                             dh * (tc * o * (1.0 - o))], axis=-1)
        return dz, (dz @ W_hh, dc * f)

    delta, (dH, dC), (dh0, dc0) = _through_time(dH_out, truncate, 2,
                                                step_back)
    if need_dC:
        # the loop saw c_t's adjoint from step t + 1 only; the whole one
        # adds h_t's share (linear in the adjoints: true for every age).
        # A layer in training reads none of it (3.6 % of an epoch).
        dC += dH * (G[:, :, 3 * H.shape[2]:]
                    * (1.0 - np.tanh(C[:, 1:]) ** 2))
    else:
        dC = None
    dX, grads = _weight_gradients(delta, X, H, W_xh, need_dX)
    return TimeGradients(dX=dX, grads=grads, dh0=dh0, dH=dH, delta=delta,
                         dc0=dc0, dC=dC)
