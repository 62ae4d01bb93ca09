"""Recurrent layers: the vanilla cell and the LSTM (chapter 8)."""

from numbers import Real

import numpy as np

from ..convolution import _int_at_least
from ..recurrent import (
    _lstm_backward,
    _lstm_forward,
    _rnn_backward,
    _rnn_forward,
    _check_truncate,
)
from .base import Layer, _rng

__all__ = ["LSTM", "RNN"]


class _Recurrent(Layer):
    _gates = 1

    def __init__(self, n_in, n_hidden, return_sequences=False,
                 truncate=None, seed=0):
        self.n_in = _int_at_least("n_in", n_in, 1)
        self.n_hidden = _int_at_least("n_hidden", n_hidden, 1)
        if not isinstance(return_sequences, bool):
            raise TypeError(
                f"return_sequences must be True (every h_t, shape (m, T, "
                f"n_hidden)) or False (h_T only, shape (m, n_hidden)); got "
                f"{return_sequences!r}")
        self.return_sequences = return_sequences
        self.truncate = _check_truncate(truncate)
        n_h, n_z = self.n_hidden, self._gates * self.n_hidden
        self._param_shapes = {
            "W_xh": ((n_z, self.n_in), self._rows + ", n_in)"),
            "W_hh": ((n_z, n_h), self._rows + ", n_hidden)"),
            "b": ((n_z,), self._rows + ",)")}
        rng = _rng(seed)
        self.params = {
            "W_xh": rng.standard_normal((n_z, self.n_in))
            / np.sqrt(self.n_in),
            "W_hh": rng.standard_normal((n_z, n_h)) / np.sqrt(n_h),
            "b": np.zeros(n_z)}

    def __repr__(self):
        extra = "".join(f", {k}={v!r}" for k, v in (
            ("return_sequences", self.return_sequences),
            ("truncate", self.truncate)) if v)
        return f"{type(self).__name__}({self.n_in}, {self.n_hidden}{extra})"

    def output_shape(self, shape):
        n = self.n_in
        hint = ""
        if len(shape) == 2 and shape[1] % n == 0 and shape[1] > n:
            hint = (f" For rows that hold a whole sequence, put "
                    f"Reshape(({shape[1] // n}, {n})) before this layer.")
        elif len(shape) == 2 and shape[1] == n:
            hint = " For one step of every example, pass X[:, None]."
        if len(shape) != 3 or shape[2] != n:
            raise ValueError(
                f"{self!r} expects a batch of sequences of shape (m, T, "
                f"n_in) = (m, T, {n}); got shape {tuple(shape)}.{hint}")
        if shape[0] == 0 or shape[1] == 0:
            raise ValueError(
                f"{self!r} needs at least one example and one time step; "
                f"got shape {tuple(shape)}")
        m, T, _ = shape
        if self.return_sequences:
            return (m, T, self.n_hidden)
        return (m, self.n_hidden)

    def _dH_out(self, dOut, T):
        if self.return_sequences:
            return dOut
        dH = np.zeros((dOut.shape[0], T, self.n_hidden))
        dH[:, -1] = dOut                    # only h_T is read
        return dH

    def _output(self, H):
        return H[:, 1:] if self.return_sequences else H[:, -1]

    @staticmethod
    def _input_shape(cache):
        return cache[0].shape


class RNN(_Recurrent):
    """The vanilla recurrent layer, ``h_t = tanh(W_xh x_t + W_hh h_{t-1} +
    b)``, from ``h_0 = 0``.

    Parameters
    ----------
    n_in, n_hidden : int
        Inputs per step and hidden units, ``n_in`` and ``n_h``.
    return_sequences : bool, default False
        False: the output is ``h_T``, shape ``(m, n_h)`` (a classifier of
        whole sequences); True: every ``h_t``, shape ``(m, T, n_h)``.
    truncate : int, optional
        Backpropagate each step's gradient through at most this many
        steps (``recurrent``'s docstring); None: through all of them.
    seed : int or numpy.random.Generator, default 0
        ``W_xh`` and ``W_hh`` are drawn from normal distributions with
        standard deviations ``1/sqrt(n_in)`` and ``1/sqrt(n_h)`` (the
        latter puts the spectral radius of ``W_hh`` near 1); ``b``
        starts at 0.

    Attributes
    ----------
    params : dict
        ``"W_xh"`` ``(n_h, n_in)``, ``"W_hh"`` ``(n_h, n_h)``, ``"b"``
        ``(n_h,)``: PyTorch's ``weight_ih_l0``, ``weight_hh_l0`` and the
        sum of its two biases.

    Notes
    -----
    Takes ``(m, T, n_in)``. The forward pass is ``rnn_forward`` and the
    backward pass ``rnn_backward``. The cache is ``(X, H, W_xh,
    W_hh)``: every hidden state and the weights as they were.

    Examples
    --------
    >>> layer = RNN(8, 32)
    >>> out, cache = layer.forward(np.zeros((5, 8, 8)))
    >>> out.shape
    (5, 32)
    >>> RNN(8, 32, return_sequences=True).forward(np.zeros((5, 8, 8)))[0].shape
    (5, 8, 32)
    """

    _gates = 1
    _rows = "(n_hidden"

    def _forward(self, X):
        W_xh, W_hh = self.params["W_xh"], self.params["W_hh"]
        H = _rnn_forward(X, W_xh, W_hh, self.params["b"],
                         np.zeros((X.shape[0], self.n_hidden)))
        # the weights as they were (training changes self.params in place)
        return self._output(H), (X, H, W_xh.copy(), W_hh.copy())

    def _backward(self, dOut, cache, need_dX=True):
        X, H, W_xh, W_hh = cache
        g = _rnn_backward(self._dH_out(dOut, X.shape[1]), X, H, W_xh, W_hh,
                          self.truncate, need_dX)
        return g.dX, g.grads


class LSTM(_Recurrent):
    """A long short-term memory layer, from ``h_0 = c_0 = 0``.

    Parameters
    ----------
    n_in, n_hidden : int
    return_sequences : bool, default False
        False: the output is ``h_T``; True: every ``h_t``.
    truncate : int, optional
        As ``RNN``.
    seed : int or numpy.random.Generator, default 0
        As ``RNN``, for all four gates' rows.
    forget_bias : float, default 1.0
        The forget gate's bias at the start (the other gates' start at
        0). With 1, ``f = sigmoid(1) = 0.73`` for a neutral input, so
        the cell state, and the gradient along it, fades slowly from the
        start (Jozefowicz, Zaremba and Sutskever 2015; Keras does the
        same; PyTorch starts every bias near 0, ``f`` near 1/2).

    Attributes
    ----------
    params : dict
        ``"W_xh"`` ``(4 n_h, n_in)``, ``"W_hh"`` ``(4 n_h, n_h)``,
        ``"b"`` ``(4 n_h,)``, the gates' rows in the order ``i, f, g, o``
        (as ``torch.nn.LSTM``).

    Notes
    -----
    The equations are in ``recurrent``'s docstring; forward is
    ``lstm_forward``, backward ``lstm_backward``. The output is the
    hidden state ``h``, never the cell state ``c``. The cache is ``(X,
    H, C, G, W_xh, W_hh)``.

    Examples
    --------
    >>> layer = LSTM(8, 16)
    >>> layer.params["W_hh"].shape
    (64, 16)
    >>> layer.forward(np.zeros((5, 8, 8)))[0].shape
    (5, 16)
    """

    _gates = 4
    _rows = "(4 n_hidden"

    def __init__(self, n_in, n_hidden, return_sequences=False,
                 truncate=None, seed=0, forget_bias=1.0):
        super().__init__(n_in, n_hidden, return_sequences, truncate, seed)
        if isinstance(forget_bias, bool) or not isinstance(
                forget_bias, Real) or not np.isfinite(forget_bias):
            raise ValueError(
                f"forget_bias must be a finite number; got {forget_bias!r}")
        self.forget_bias = float(forget_bias)
        n = self.n_hidden
        self.params["b"][n:2 * n] = self.forget_bias

    def _forward(self, X):
        W_xh, W_hh = self.params["W_xh"], self.params["W_hh"]
        zeros = np.zeros((X.shape[0], self.n_hidden))
        H, C, G = _lstm_forward(X, W_xh, W_hh, self.params["b"], zeros,
                                zeros)
        return self._output(H), (X, H, C, G, W_xh.copy(), W_hh.copy())

    def _backward(self, dOut, cache, need_dX=True):
        X, H, C, G, W_xh, W_hh = cache
        g = _lstm_backward(self._dH_out(dOut, X.shape[1]), X, H, C, G,
                           W_xh, W_hh, self.truncate, need_dX,
                           need_dC=False)
        return g.dX, g.grads
