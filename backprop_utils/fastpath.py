"""The training step with buffers: BP1 to BP4, written into arrays kept
from one step to the next.

What this module is for: ``gradient_descent`` calls ``BufferedStep`` once
per minibatch. It computes exactly what ``Network.backward`` computes,
and then the update, with the same floating-point operations in the same
order, so the trained parameters are identical, bit for bit, to those of
a loop that calls ``backward`` and updates from its result. What it
leaves out is work that does not change a number:

- checking the names, shapes and finiteness of the parameters and of the
  data on every call (``gradient_descent`` checks them once per run, and
  again after a callback, which may have changed them);
- allocating fresh arrays for every ``Z``, ``A``, delta and gradient: all
  of them are written into buffers allocated once per batch size (the
  last, smaller batch of an epoch gets its own set, and so does the
  cost over the whole set), which the next run with the same layer
  sizes takes over;
- one operation per parameter array: during training every weight and
  bias is a view of one flat array, and every gradient of another, so
  the 1/m of BP3 and BP4 is one division and the update one
  subtraction. At the end the values go back into the network's own
  arrays, which keep their identity;
- a second BLAS thread for small matrix products (``blas_threads``):
  splitting them saves little on a quiet machine, and when another
  program keeps a core busy each product waits for the thread that
  cannot run. This one can change a number, in its last bit: a product
  that OpenBLAS would have split between two threads may round some
  of its sums differently on one (on this project's machines, none of
  the chapters' training runs changes).

What it is not for: reading. The course prints ``Network.backward``; this
is its twin for an engineer, with the same four equations:

    forward  Z^(l) = A^(l-1) W^(l)T + b^(l),  A^(l) = g(Z^(l))
    BP1      Delta^(L) = dL/dA (.) g'(Z^(L))   (A - Y for sigmoid + binary
             cross-entropy and for softmax + cross-entropy)
    BP3/BP4  dJ/dW^(l) = Delta^(l)T A^(l-1) / m,  dJ/db^(l) = sum_i / m
    BP2      Delta^(l-1) = (Delta^(l) W^(l)) (.) g'(Z^(l-1))

Nothing a learner holds is overwritten: ``Network.backward`` and
``forward`` keep returning fresh arrays; the buffers here belong to one
training run at a time.
"""

from contextlib import contextmanager, nullcontext

import numpy as np

from .activations import ACTIVATIONS, LEAKY_SLOPE

__all__ = ["BufferedStep", "blas_threads"]


# -- the activations and their slopes, written into a given array --------
#
# Each computes, with the same operations in the same order, the numbers
# of its twin in activations.py (which allocates its result).

def _identity(Z, out, tmp):
    np.copyto(out, Z)


def _relu(Z, out, tmp):
    np.maximum(Z, 0.0, out=out)


def _leaky_relu(Z, out, tmp):
    np.multiply(Z, LEAKY_SLOPE, out=out)
    np.copyto(out, Z, where=Z > 0)


def _sigmoid(Z, out, tmp):
    # e = exp(-|z|); 1 / (1 + e) where z >= 0, e / (1 + e) elsewhere
    np.abs(Z, out=out)
    np.negative(out, out=out)
    np.exp(out, out=out)
    np.add(1.0, out, out=tmp)
    np.divide(out, tmp, out=out, where=Z < 0)
    np.divide(1.0, tmp, out=out, where=Z >= 0)


def _tanh(Z, out, tmp):
    np.tanh(Z, out=out)


def _softmax(Z, out, tmp):
    # tmp[:, 0] keeps the row maxima and tmp[:, 1] the sums of exp: the
    # cross-entropy's log-sum-exp is made of the same two numbers
    M, S = tmp[:, :1], tmp[:, 1:2]
    Z.max(axis=-1, keepdims=True, out=M)
    np.subtract(Z, M, out=out)
    np.exp(out, out=out)
    out.sum(axis=-1, keepdims=True, out=S)
    np.divide(out, S, out=out)


_FORWARD = {"identity": _identity, "relu": _relu,
            "leaky_relu": _leaky_relu, "sigmoid": _sigmoid,
            "tanh": _tanh, "softmax": _softmax}
# those that may write their result over their input (``out is Z``): one
# element-wise operation, or none
_IN_PLACE = {"identity", "relu", "tanh"}


def _times_slope(name, D, Z, A, tmp):
    """``D *= g'(Z)`` in place; ``A = g(Z)`` is at hand for the slopes
    that are written in terms of it (sigmoid and tanh compute theirs
    from ``g(z)``, which is ``A``, bit for bit)."""
    if name == "identity":
        return                                   # g' = 1: D * 1.0 is D
    if name == "relu":
        np.greater(Z, 0.0, out=tmp)              # 1.0 or 0.0, as relu'
    elif name == "leaky_relu":
        tmp.fill(LEAKY_SLOPE)
        tmp[Z > 0] = 1.0
    elif name == "sigmoid":
        np.subtract(1.0, A, out=tmp)             # s (1 - s)
        np.multiply(A, tmp, out=tmp)
    elif name == "tanh":
        np.multiply(A, A, out=tmp)               # 1 - t^2
        np.subtract(1.0, tmp, out=tmp)
    else:
        raise ValueError(f"no element-wise slope for {name!r}")
    D *= tmp


def _batch_cost(loss, Z, A, Y, m, scratch):
    """``J`` of the batch, as ``np.mean(net._losses(...))`` computes it
    (the same operations on the same numbers), from what the forward
    pass left: ``Z`` and ``A`` of the output layer, and after a softmax
    the row maxima and sums of exp in the first two columns of
    ``scratch``."""
    if loss == "cross_entropy":
        M, S = scratch[:, 0], scratch[:, 1]
        # losses.cross_entropy_from_logits: sum(y) lse - sum(y z), where
        # sum(y) is exactly 1 for the one-hot rows Network requires
        losses = M + np.log(S)
        losses -= np.add.reduce(Y * Z, axis=-1)
    elif loss == "binary_cross_entropy":
        losses = np.add.reduce(np.logaddexp(0.0, Z) - Y * Z, axis=-1)
    else:
        d = A - Y
        losses = np.add.reduce(d * d, axis=-1)
        if loss == "half_squared_error":
            losses = 0.5 * losses
    return float(np.add.reduce(losses) / m)


class _Buffers:
    """Every array one step writes for one batch size ``m``."""

    def __init__(self, sizes, m):
        n = sizes[1:]
        self.Z = [np.empty((m, k)) for k in n]
        self.A = [np.empty((m, k)) for k in n]
        self.D = [np.empty((m, k)) for k in n]       # deltas
        self.tmp = [np.empty((m, k)) for k in n]     # slopes; scratch

    def nbytes(self):
        return sum(a.nbytes for a in self.Z + self.A + self.D + self.tmp)


# -- buffers kept from one run to the next ------------------------------------
#
# A learner may call gradient_descent once per epoch (to watch something
# between epochs). Fresh buffers at every call are fresh memory, which
# the operating system pages in again (glibc hands large freed blocks
# back): that was 2.2 ms of the 7.8 ms of an epoch of 2-64-64-1, the
# whole-set costs included (bench/README.md). So the buffers of the last
# run that finished, up to KEEP_BYTES of them, wait for the next run with
# the same layer sizes. Nothing in them is read before it is written, so
# what a run leaves there never changes a number of the next
# (tests/test_fastpath.py fills them with nan to check).

KEEP_BYTES = 1 << 25                # 32 MiB
_KEPT = {}                          # {(sizes, m): _Buffers}, the last run's


def _flat_views(flat, sizes):
    """Views of ``flat`` shaped as [W^(1), ..., W^(L)], [b^(1), ...]."""
    Ws, bs, at = [], [], 0
    for j, k in zip(sizes, sizes[1:]):
        Ws.append(flat[at:at + k * j].reshape(k, j))
        at += k * j
    for k in sizes[1:]:
        bs.append(flat[at:at + k])
        at += k
    return Ws, bs


class BufferedStep:
    """Steps of gradient descent on ``net``, with buffers.

    Parameters
    ----------
    net : Network
        Its names, shapes and finite parameters must have been checked
        (``gradient_descent`` does, once per run).

    Notes
    -----
    While the step is in use, the network's ``weights`` and ``biases``
    are views of one flat array (so that the update is one operation on
    all of them, and the 1/m of BP3 and BP4 one division); ``finish()``
    copies the values back into the network's own arrays and puts those
    back. ``step(Xb, Yb, eta)`` takes a batch of checked arrays,
    computes its cost ``J`` and every gradient from the current
    parameters (as ``net.backward(Xb, Yb)``) and, if every updated
    parameter
    is finite, updates them: ``W <- W - eta dJ/dW``,
    ``b <- b - eta dJ/db``. It returns ``(J, updated)``; when ``updated``
    is False the parameters are unchanged. Call ``resync()`` after
    anything else has assigned ``net.weights`` or ``net.biases``.
    """

    def __init__(self, net):
        self.net = net
        sizes = net.sizes
        self._sizes = tuple(sizes)
        n = sum(k * j + k for j, k in zip(sizes, sizes[1:]))
        self._P = np.empty(n)              # every parameter
        self._G = np.empty(n)              # every gradient
        self._T = np.empty(n)              # the update, before it is kept
        self._Wv, self._bv = _flat_views(self._P, sizes)
        self._dW, self._db = _flat_views(self._G, sizes)
        self._by_m = {}
        self._own = None
        self.resync()

    def resync(self):
        """Take the network's current parameters into the flat array.

        An array of ``net.weights`` or ``net.biases`` that is not one of
        the views (the network's own, at the start; one a callback put
        there, later) is copied into its view, and remembered as the
        array to give back at the end. Shapes must have been checked.
        """
        net = self.net
        views = self._Wv + self._bv
        current = list(net.weights) + list(net.biases)
        if self._own is not None and all(
                c is v for c, v in zip(current, views)):
            return                                   # nothing replaced
        own = []
        for i, (c, v) in enumerate(zip(current, views)):
            if c is v:
                own.append(self._own[i])
            else:
                np.copyto(v, c)
                own.append(c)
        self._own = own
        net.weights, net.biases = list(self._Wv), list(self._bv)

    def finish(self):
        """Copy the trained values into the network's own arrays and put
        those back in place of the views; hand the buffers on to the
        next run (``KEEP_BYTES``). Safe to call after an error: a slot
        that no longer holds a view is left as it is."""
        L = len(self._Wv)
        for held, views, offset in ((self.net.weights, self._Wv, 0),
                                    (self.net.biases, self._bv, L)):
            for i in range(min(len(held), L)):
                if held[i] is views[i]:
                    own = self._own[offset + i]
                    np.copyto(own, views[i])
                    held[i] = own
        # the buffers, for the next run with these sizes (see KEEP_BYTES)
        if sum(b.nbytes() for b in self._by_m.values()) <= KEEP_BYTES:
            _KEPT.clear()
            _KEPT.update({(self._sizes, m): b
                          for m, b in self._by_m.items()})
        self._by_m = {}

    def _buffers(self, m):
        if m not in self._by_m:
            kept = _KEPT.pop((self._sizes, m), None)   # one owner at a time
            self._by_m[m] = kept or _Buffers(self._sizes, m)
        return self._by_m[m]

    def __call__(self, Xb, Yb, eta):
        net = self.net
        m = Xb.shape[0]
        buf = self._buffers(m)
        Ws, bs, names = self._Wv, self._bv, net.activation_names
        L = len(Ws)
        # forward pass
        A_prev = Xb
        for l in range(L):
            Z = buf.Z[l]
            np.matmul(A_prev, Ws[l].T, out=Z)
            Z += bs[l]
            _FORWARD[names[l]](Z, buf.A[l], buf.tmp[l])
            A_prev = buf.A[l]
        loss = net.loss_name
        cost = _batch_cost(loss, buf.Z[L - 1], buf.A[L - 1], Yb, m,
                           buf.tmp[L - 1])
        # BP1
        D = buf.D[L - 1]
        np.subtract(buf.A[L - 1], Yb, out=D)
        if loss == "squared_error":
            np.multiply(D, 2.0, out=D)
        if loss in ("squared_error", "half_squared_error"):
            _times_slope(names[L - 1], D, buf.Z[L - 1], buf.A[L - 1],
                         buf.tmp[L - 1])
        # BP3 and BP4 (without the 1/m, divided below) and BP2, from the
        # output back
        for l in range(L - 1, -1, -1):
            D = buf.D[l]
            np.matmul(D.T, Xb if l == 0 else buf.A[l - 1], out=self._dW[l])
            np.add.reduce(D, axis=0, out=self._db[l])   # np.sum's own
            if l > 0:
                np.matmul(D, Ws[l], out=buf.D[l - 1])
                _times_slope(names[l - 1], buf.D[l - 1], buf.Z[l - 1],
                             buf.A[l - 1], buf.tmp[l - 1])
        self._G /= m                        # every gradient's 1/m at once
        # the update, kept only if every number is finite
        T = self._T
        np.multiply(self._G, eta, out=T)
        np.subtract(self._P, T, out=T)
        # a finite sum means no inf or nan inside (either would make the
        # sum inf or nan); only if the sum is not finite is each entry
        # looked at (their sum may overflow while they are all finite)
        if not (np.isfinite(np.add.reduce(T)) or np.isfinite(T).all()):
            return cost, False
        np.copyto(self._P, T)
        return cost, True

    def cost(self, X, Y):
        """``J`` over ``X`` at the current parameters, as ``net.cost(X,
        Y)`` computes it, bit for bit, from checked arrays.

        The forward pass goes into buffers kept for ``X``'s number of
        rows, so that ``gradient_descent``'s cost over the whole set,
        before training and after every epoch, does not page in fresh
        memory each time. Only the cost is wanted, so a hidden layer
        whose activation can be applied in place (identity, ReLU, tanh)
        overwrites its ``Z`` with its ``A``: one array per layer.
        """
        net = self.net
        m = X.shape[0]
        buf = self._buffers(m)
        Ws, bs, names = self._Wv, self._bv, net.activation_names
        L = len(Ws)
        A_prev = X
        for l in range(L):
            Z = buf.Z[l]
            np.matmul(A_prev, Ws[l].T, out=Z)
            Z += bs[l]
            if l < L - 1 and names[l] in _IN_PLACE:
                _FORWARD[names[l]](Z, Z, None)
                A_prev = Z
            else:
                _FORWARD[names[l]](Z, buf.A[l], buf.tmp[l])
                A_prev = buf.A[l]
        return _batch_cost(net.loss_name, buf.Z[L - 1], buf.A[L - 1], Y, m,
                           buf.tmp[L - 1])


# -- how many BLAS threads ---------------------------------------------------
#
# numpy's OpenBLAS splits a matrix product between threads from a few
# hundred thousand multiply-adds on, and its threads wait for each other
# at the end of every product. When another program keeps a core busy,
# a split product can wait a whole time slice of the scheduler for the
# thread that cannot run: on 2 cores, chapter 5's digits took 2.4 to 3
# times as long with one core kept busy, and as long as quiet on one
# thread; a 1079 x 64 by 64 x 64 product (its cost over the training
# set) took 9.4 ms on two threads and 0.23 ms on one (bench/README.md).
# Quiet, two threads make such a product at most twice as fast. Below
# ONE_THREAD_BELOW multiply-adds in the largest product of a step, a
# training run therefore uses one thread; above it, two threads halve
# a product that takes a millisecond or more, and a wait is a smaller
# share of it.

ONE_THREAD_BELOW = 1 << 24          # multiply-adds: about 1 ms on one core

_BLAS = []      # [threadpoolctl controller of numpy's BLAS], found once


def _blas_controller():
    if not _BLAS:
        try:
            from threadpoolctl import ThreadpoolController
        except ImportError:             # optional: then nothing is limited
            _BLAS.append(None)
        else:                           # numpy (imported above) is loaded
            _BLAS.append(ThreadpoolController().select(user_api="blas"))
    return _BLAS[0]


def blas_threads(sizes, batch_size):
    """The BLAS threads of a training run: a context manager.

    Parameters
    ----------
    sizes : list of int
        The network's layer widths ``[n_0, ..., n_L]``.
    batch_size : int
        Rows per step.

    Returns
    -------
    context manager
        Limits numpy's BLAS to one thread while entered, and gives the
        caller's setting back on leaving, when the largest matrix
        product of one step (``batch_size * n_l * n_(l-1)`` multiply-adds)
        is below ``ONE_THREAD_BELOW``; otherwise, or without
        ``threadpoolctl``, it changes nothing.

    Notes
    -----
    One thread or two give the same numbers for most products, but not
    for all: OpenBLAS splits a product's rows between its threads, and
    the rows at the edge of a block may then be summed in another order.
    A run limited to one thread gives the numbers of a one-core machine
    whatever the machine.

    Examples
    --------
    >>> with blas_threads([64, 64, 10], 32):     # 32 x 64 x 64: one thread
    ...     pass
    """
    largest = batch_size * max(a * b for a, b in zip(sizes, sizes[1:]))
    controller = _blas_controller()
    if largest >= ONE_THREAD_BELOW or controller is None:
        return nullcontext()
    return _one_thread(controller)


@contextmanager
def _one_thread(controller):
    # threadpoolctl limits when its limiter is made: make it on entering
    with controller.limit(limits=1):
        yield


assert set(_FORWARD) == set(ACTIVATIONS) | {"softmax"}
