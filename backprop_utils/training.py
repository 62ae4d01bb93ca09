"""Gradient descent, full batch or minibatch, seeded.

What this module is for: the plain update ``theta <- theta - eta dJ/dtheta``
applied to every weight and bias of a ``Network``, or to every parameter
of a ``sequential.Sequential`` (one loop for every model), with the gradient
of each step computed from the parameters *before* any of them changes;
and gradient clipping, by norm or by value (``clip_by_norm``,
``clip_by_value``), which training a ``Sequential`` can apply to each
update.

What it is not for: momentum, Adam, schedules or early stopping. Chapters
that need one of those write it out where the learner can see it.
"""

from contextlib import nullcontext
from dataclasses import dataclass, field
from numbers import Integral, Real

import numpy as np

from .fastpath import (
    ONE_THREAD_BELOW,
    BufferedStep,
    _blas_controller,
    _one_thread,
    blas_threads,
)
from .network import Network
from .sequential import Sequential

__all__ = ["TrainingHistory", "clip_by_norm", "clip_by_value",
           "gradient_descent"]


@dataclass
class TrainingHistory:
    """What ``gradient_descent`` returns.

    Attributes
    ----------
    cost : ndarray, shape (epochs_run + 1,)
        The cost ``J`` on the whole data set before training (entry 0)
        and after each epoch.
    updates : int
        How many parameter updates were made.
    diverged : bool
        True when training stopped because an update would have made a
        parameter non-finite (the learning rate is too large); the network
        keeps the last finite parameters. The same when the parameters
        are finite but so large that the forward pass overflows.
    batch_costs : list of float
        The cost of each minibatch, before its update.
    grad_norms : list of float
        A ``Sequential``'s: the joint norm of each update's gradient
        (every parameter's entries together), before any clipping.
        Empty for a ``Network``.
    """

    cost: np.ndarray
    updates: int = 0
    diverged: bool = False
    batch_costs: list = field(default_factory=list)
    grad_norms: list = field(default_factory=list)


def gradient_descent(net, X, Y, learning_rate, epochs, batch_size=None,
                     seed=0, callback=None, clip_norm=None, clip_value=None):
    """Train ``net`` in place by (minibatch) gradient descent.

    Parameters
    ----------
    net : Network or Sequential
        Updated in place.
    X : array_like, shape (m, n_0)
        For a ``Sequential``, the shape its first layer takes, ``(m,
        ...)``.
    Y : array_like, shape (m, n_L)
    learning_rate : float
        The step size ``eta``, positive.
    epochs : int
        Passes over the data, zero or more.
    batch_size : int, optional
        Examples per update. ``None`` (default) means the full batch: one
        update per epoch. ``1`` is one example at a time. When
        ``batch_size < m`` the examples are shuffled every epoch by a
        generator seeded with ``seed``; the last batch may be smaller.
    seed : int, default 0
    callback : callable, optional
        Called as ``callback(update, net, batch_cost)`` after every update,
        ``update`` counting from 1; its return value is ignored. While
        training, ``net.weights`` and ``net.biases`` hold views that the
        next update changes (see ``fastpath``): copy what you keep. The
        network gets its own arrays back at the end. The callback runs
        with numpy's error settings as the caller set them, and with the
        run's BLAS threads (one, for a small network; see Notes). A
        ``Sequential``'s parameters stay its layers' own arrays,
        updated in place.
    clip_norm : float, optional
        A ``Sequential`` only: before each update, scale the whole
        gradient so that its joint norm is at most ``clip_norm``
        (``clip_by_norm``, below; the direction stays).
    clip_value : float, optional
        A ``Sequential`` only: before each update, clip every entry of
        the gradient to ``[-clip_value, clip_value]`` on its own
        (``clip_by_value``, below; the direction changes). With both,
        the norm is clipped first.

    Returns
    -------
    TrainingHistory
        ``.cost`` holds ``J`` over all of ``X`` before training and after
        each epoch; ``.batch_costs`` the cost of each minibatch, taken
        before its update.

    Notes
    -----
    One update, for every layer ``l``::

        W^(l) <- W^(l) - eta dJ/dW^(l)
        b^(l) <- b^(l) - eta dJ/db^(l)

    with all the gradients computed first, from the old parameters.

    The inputs, the targets and the network are checked once, before the
    first update (and the network again after each callback). Each step
    is ``fastpath.BufferedStep``: the numbers of ``net.backward(X[rows],
    Y[rows])`` and of the update above, bit for bit, computed into
    arrays reused from step to step; so is the cost over all of ``X``
    (``BufferedStep.cost``, the numbers of ``net.cost(X, Y)``). When the
    network is small, numpy's BLAS runs on one thread for the whole run
    and gets the caller's setting back at the end
    (``fastpath.blas_threads``).

    A ``Sequential`` is trained by the same loop, with the same checks,
    the same shuffled batches and the same history: each step is its
    ``backward`` on the batch (computing only what a gradient needs) and
    then ``p <- p - eta dJ/dp`` for every parameter of every layer,
    written into the layers' arrays once every updated value is known
    to be finite. Its gradient may be clipped first (``clip_norm``,
    ``clip_value``); ``history.grad_norms`` keeps its norm before. For a
    chain of ``Dense`` and ``Activation`` layers these are the numbers of
    the ``Network`` with the same parameters.
    """
    if isinstance(net, Sequential):
        clip = _check_clipping(clip_norm, clip_value)
        return _train_sequential(net, X, Y, learning_rate, epochs,
                                 batch_size, seed, callback, clip)
    if not isinstance(net, Network):
        raise TypeError(
            "gradient_descent trains a Network or a Sequential; "
            f"got {type(net).__name__}")
    if clip_norm is not None or clip_value is not None:
        raise ValueError(
            "gradient_descent clips the gradients of a Sequential only "
            "(chapter 8); a Network trains without clipping: build the "
            "model as a Sequential of Dense and Activation layers, or "
            f"leave clip_norm and clip_value None; got clip_norm="
            f"{clip_norm!r}, clip_value={clip_value!r}")
    X = net._check_X(X)
    Y = net._check_Y(Y, X.shape[0])
    net._check_parameters()
    m = X.shape[0]
    batch_size = _check_settings(m, learning_rate, epochs, batch_size)
    rng = np.random.default_rng(seed)
    step = BufferedStep(net)
    try:
        with blas_threads(net.sizes, batch_size):
            with np.errstate(over="ignore", invalid="ignore"):
                history = TrainingHistory(cost=[step.cost(X, Y)])
            _run_epochs(net, X, Y, learning_rate, epochs, batch_size, rng,
                        callback, step, history)
    finally:
        step.finish()        # the network's own arrays, trained, back
    history.cost = np.array(history.cost)
    return history


def _check_settings(m, learning_rate, epochs, batch_size):
    """The step size, the epochs and the batch size, checked; returns the
    batch size (``m`` for None)."""
    if isinstance(learning_rate, bool) or not isinstance(
            learning_rate, Real) or not (
            np.isfinite(learning_rate) and learning_rate > 0):
        raise ValueError(
            f"learning_rate must be a positive finite number; got "
            f"{learning_rate!r}")
    if isinstance(epochs, bool) or not isinstance(epochs, Integral) \
            or epochs < 0:
        raise ValueError(
            f"epochs must be a non-negative integer; got {epochs!r}")
    if batch_size is None:
        batch_size = m
    elif isinstance(batch_size, bool) or not isinstance(
            batch_size, Integral) or not 1 <= batch_size <= m:
        raise ValueError(
            f"batch_size must be an integer from 1 to m = {m}, or None for "
            f"the full batch; got {batch_size!r}")
    return batch_size


def _check_clipping(clip_norm, clip_value):
    """The clipping of each update: a function of the gradients (a list
    of dicts) that returns them clipped, and their norm before."""
    for name, v in (("clip_norm", clip_norm), ("clip_value", clip_value)):
        if v is not None:
            _positive(name, v, " or None for no clipping")

    def clip(grads):
        clipped, norm = _clip_norm(grads, clip_norm)
        if clip_value is not None:
            clipped = clip_by_value(clipped, clip_value)
        return clipped, norm
    return clip


def _run_epochs(net, X, Y, learning_rate, epochs, batch_size, rng,
                callback, step, history):
    # Weights that have grown huge overflow in the forward pass: the
    # non-finite gradients then stop training as diverged, without a
    # warning for every step. A callback runs with numpy's settings as
    # they were, so the quiet settings wrap each step then, and the whole
    # run otherwise (entering them costs more than a small step).
    if callback is None:
        with np.errstate(over="ignore", invalid="ignore"):
            return _epochs(net, X, Y, learning_rate, epochs, batch_size,
                           rng, callback, step, history, nullcontext)
    return _epochs(net, X, Y, learning_rate, epochs, batch_size, rng,
                   callback, step, history,
                   lambda: np.errstate(over="ignore", invalid="ignore"))


def _epochs(net, X, Y, learning_rate, epochs, batch_size, rng, callback,
            step, history, quiet):
    m = X.shape[0]
    loss_checked = net.loss_name
    if batch_size == m:
        Xe, Ye = X, Y                         # one batch, in order
    else:
        # the shuffled copies, rewritten every epoch (C order, as
        # X.take would make them; "clip" only so that take writes
        # straight into them: every index is in range)
        Xe, Ye = np.empty(X.shape), np.empty(Y.shape)
    for _ in range(int(epochs)):
        if batch_size < m:
            # the epoch's order, once: every batch is then a slice
            order = rng.permutation(m)
            np.take(X, order, axis=0, out=Xe, mode="clip")
            np.take(Y, order, axis=0, out=Ye, mode="clip")
        for start in range(0, m, batch_size):
            with quiet():
                batch_cost, updated = step(Xe[start:start + batch_size],
                                           Ye[start:start + batch_size],
                                           learning_rate)
            if not updated:
                history.diverged = True
                return
            history.updates += 1
            history.batch_costs.append(batch_cost)
            if callback is not None:
                callback(history.updates, net, batch_cost)
                # the callback may have changed the network: check it
                # again, and take in any array it replaced
                net._check_parameters()
                if net.loss_name != loss_checked:
                    net._check_Y(Y, m)
                    loss_checked = net.loss_name
                step.resync()
        with np.errstate(over="ignore", invalid="ignore"):
            cost = step.cost(X, Y)            # = net.cost(X, Y), buffered
        history.cost.append(cost)
        if not np.isfinite(cost):
            history.diverged = True
            return


# -- a Sequential: the same loop, on its layers' parameters -------------------

def _train_sequential(model, X, Y, learning_rate, epochs, batch_size, seed,
                      callback, clip):
    X, Y = model._check_data(X, Y)
    m = X.shape[0]
    batch_size = _check_settings(m, learning_rate, epochs, batch_size)
    rng = np.random.default_rng(seed)
    with _sequential_blas_threads(model, X.shape, batch_size):
        with np.errstate(over="ignore", invalid="ignore"):
            history = TrainingHistory(cost=[_sequential_cost(model, X, Y)])
        if callback is None:
            with np.errstate(over="ignore", invalid="ignore"):
                _sequential_epochs(model, X, Y, learning_rate, epochs,
                                   batch_size, rng, callback, history,
                                   nullcontext, clip)
        else:
            _sequential_epochs(
                model, X, Y, learning_rate, epochs, batch_size, rng,
                callback, history,
                lambda: np.errstate(over="ignore", invalid="ignore"), clip)
    history.cost = np.array(history.cost)
    return history


def _sequential_cost(model, X, Y):
    return float(np.mean(model._losses(model._forward(X).a[-1], Y)))


def _sequential_blas_threads(model, shape, batch_size):
    """One BLAS thread when the largest product of a step is small, as
    ``fastpath.blas_threads`` decides for a ``Network``."""
    largest = model._largest_product((batch_size,) + tuple(shape[1:]))
    controller = _blas_controller()
    if largest >= ONE_THREAD_BELOW or controller is None:
        return nullcontext()
    return _one_thread(controller)


def _sequential_epochs(model, X, Y, learning_rate, epochs, batch_size, rng,
                       callback, history, quiet, clip):
    m = X.shape[0]
    loss_checked = model.loss_name
    for _ in range(int(epochs)):
        if batch_size < m:
            order = rng.permutation(m)
            Xe, Ye = X.take(order, axis=0), Y.take(order, axis=0)
        else:
            Xe, Ye = X, Y                     # one batch, in order
        for start in range(0, m, batch_size):
            with quiet():
                g = model._backward(Xe[start:start + batch_size],
                                    Ye[start:start + batch_size],
                                    every_adjoint=False)
                grads, norm = clip(g.grads)
                # every new value first; kept only if all are finite
                new = [(layer.params[name], layer.params[name]
                        - learning_rate * lg[name])
                       for layer, lg in zip(model.layers, grads)
                       for name in lg]
            if not all(np.isfinite(p_new).all() for _, p_new in new):
                history.diverged = True
                return
            for p, p_new in new:
                np.copyto(p, p_new)
            history.updates += 1
            history.batch_costs.append(g.cost)
            history.grad_norms.append(norm)
            if callback is not None:
                callback(history.updates, model, g.cost)
                # the callback may have changed the model: check it again
                model._check_parameters()
                model._shapes(X.shape)
                if model.loss_name != loss_checked:
                    model._check_Y(Y, model._shapes(X.shape)[-1])
                    loss_checked = model.loss_name
        with np.errstate(over="ignore", invalid="ignore"):
            cost = _sequential_cost(model, X, Y)
        history.cost.append(cost)
        if not np.isfinite(cost):
            history.diverged = True
            return


# -- clipping ----------------------------------------------------------------

def _arrays(grads):
    """The arrays of a dict name -> gradient, or of a list of such dicts
    (a ``Sequential``'s)."""
    if isinstance(grads, dict):
        return list(grads.values())
    if isinstance(grads, (list, tuple)) and all(
            isinstance(g, dict) for g in grads):
        return [a for g in grads for a in g.values()]
    raise TypeError(
        f"grads must be a dict name -> array (one layer's, or "
        f"TimeGradients.grads) or a list of such dicts (a Sequential's "
        f"SequentialGradients.grads); got {type(grads).__name__}")


def _rebuild(grads, f):
    """The same structure, ``f`` applied to every array."""
    if isinstance(grads, dict):
        return {k: f(v) for k, v in grads.items()}
    return [{k: f(v) for k, v in g.items()} for g in grads]


def _positive(name, value, alternative=""):
    if isinstance(value, bool) or not isinstance(value, Real) \
            or not (np.isfinite(value) and value > 0):
        raise ValueError(
            f"{name} must be a positive finite number{alternative}; got "
            f"{value!r}")
    return float(value)


def _clip_norm(grads, max_norm):
    """Clipped copies (by the joint norm; None: no clipping) and the
    norm before."""
    arrays = [np.asarray(a, dtype=float) for a in _arrays(grads)]
    norm = float(np.sqrt(sum(float(np.vdot(a, a)) for a in arrays)))
    scale = 1.0 if max_norm is None or norm <= max_norm \
        else max_norm / norm
    return _rebuild(grads, lambda a: np.asarray(a, dtype=float) * scale), norm


def clip_by_norm(grads, max_norm):
    """Scale every gradient by one factor so that their joint norm is at
    most ``max_norm``: the direction does not change.

    Parameters
    ----------
    grads : dict or list of dict
        Name -> array (a layer's, or ``TimeGradients.grads``), or a
        ``Sequential``'s list of such dicts.
    max_norm : float
        Positive.

    Returns
    -------
    clipped : the same structure, new arrays
        ``g * min(1, max_norm / norm)``.
    norm : float
        The joint norm before clipping, ``sqrt(sum of every entry
        squared)`` over all the arrays (as
        ``torch.nn.utils.clip_grad_norm_``).

    Examples
    --------
    >>> clipped, norm = clip_by_norm({"W": np.array([[3.0, 4.0]])}, 1.0)
    >>> norm, clipped["W"]
    (5.0, array([[0.6, 0.8]]))
    """
    return _clip_norm(grads, _positive("max_norm", max_norm))


def clip_by_value(grads, limit):
    """Clip every entry of every gradient to ``[-limit, limit]``, each on
    its own: the direction changes (chapter 8 compares it with
    ``clip_by_norm``).

    Parameters
    ----------
    grads : dict or list of dict
    limit : float
        Positive.

    Returns
    -------
    The same structure, new arrays.

    Examples
    --------
    >>> clip_by_value({"W": np.array([[3.0, 0.5]])}, 1.0)["W"]
    array([[1. , 0.5]])
    """
    limit = _positive("limit", limit)
    _arrays(grads)
    return _rebuild(grads, lambda a: np.clip(np.asarray(a, dtype=float),
                                             -limit, limit))
