"""The training path with buffers computes what ``Network.backward``
computes: the same trained parameters, bit for bit, as a loop that calls
``backward`` and updates from its fresh arrays."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from backprop_utils import ACTIVATIONS, Network, gradient_descent, one_hot
from backprop_utils.fastpath import BufferedStep


def reference_gradient_descent(net, X, Y, learning_rate, epochs,
                               batch_size=None, seed=0):
    """gradient_descent as it was before the buffers: ``backward`` on
    every minibatch, then ``W - eta dW`` into fresh arrays."""
    X, Y = np.asarray(X, float), np.asarray(Y, float)
    m = X.shape[0]
    batch_size = m if batch_size is None else batch_size
    rng = np.random.default_rng(seed)
    costs = [net.cost(X, Y)]
    batch_costs = []
    for _ in range(epochs):
        order = np.arange(m) if batch_size == m else rng.permutation(m)
        for start in range(0, m, batch_size):
            rows = order[start:start + batch_size]
            grads = net.backward(X[rows], Y[rows])
            new_W = [W - learning_rate * dW
                     for W, dW in zip(net.weights, grads.dW)]
            new_b = [b - learning_rate * db
                     for b, db in zip(net.biases, grads.db)]
            for W, W_new in zip(net.weights, new_W):
                W[...] = W_new
            for b, b_new in zip(net.biases, new_b):
                b[...] = b_new
            batch_costs.append(grads.cost)
        costs.append(float(np.mean(net._losses(net._forward(X), Y))))
    return np.array(costs), batch_costs


def assert_bitwise(a, b, what):
    for i, (p, q) in enumerate(zip(a, b)):
        assert p.shape == q.shape and np.array_equal(p, q), (
            f"{what} {i}: largest difference {np.max(np.abs(p - q))}")


LOSSES = ["squared_error", "half_squared_error", "binary_cross_entropy",
          "cross_entropy"]


@st.composite
def training_problems(draw):
    n_hidden = draw(st.integers(0, 3))
    sizes = draw(st.lists(st.integers(1, 6), min_size=n_hidden + 2,
                          max_size=n_hidden + 2))
    loss = draw(st.sampled_from(LOSSES))
    acts = draw(st.lists(st.sampled_from(sorted(ACTIVATIONS)),
                         min_size=n_hidden + 1, max_size=n_hidden + 1))
    m = draw(st.integers(1, 9))
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    if loss == "binary_cross_entropy":
        acts[-1] = "sigmoid"
    if loss == "cross_entropy":
        acts[-1] = "softmax"
        sizes[-1] = max(sizes[-1], 2)
    X = rng.normal(size=(m, sizes[0]))
    if loss == "cross_entropy":
        Y = one_hot(rng.integers(0, sizes[-1], size=m), sizes[-1])
    elif loss == "binary_cross_entropy":
        Y = rng.uniform(0, 1, size=(m, sizes[-1]))
    else:
        Y = rng.normal(size=(m, sizes[-1]))
    seed = draw(st.integers(0, 2**32 - 1))
    batch_size = draw(st.integers(1, m))       # often a smaller last batch
    eta = draw(st.sampled_from([0.01, 0.1, 0.5]))
    epochs = draw(st.integers(1, 3))
    return sizes, acts, loss, X, Y, seed, batch_size, eta, epochs


@settings(max_examples=150, deadline=None)
@given(training_problems())
def test_trained_parameters_are_those_of_backward_bit_for_bit(problem):
    sizes, acts, loss, X, Y, seed, batch_size, eta, epochs = problem
    fast = Network(sizes, acts, loss, seed=seed)
    slow = fast.copy()
    history = gradient_descent(fast, X, Y, eta, epochs,
                               batch_size=batch_size, seed=seed)
    costs, batch_costs = reference_gradient_descent(
        slow, X, Y, eta, epochs, batch_size=batch_size, seed=seed)
    if history.diverged:                  # the reference has no stop
        return
    assert_bitwise(fast.weights, slow.weights, "W")
    assert_bitwise(fast.biases, slow.biases, "b")
    assert np.array_equal(history.cost, costs)
    assert history.batch_costs == batch_costs


@pytest.mark.parametrize("loss", LOSSES)
@pytest.mark.parametrize("m,batch_size", [(23, 4), (16, 16), (7, 1)])
def test_every_loss_and_batch_layout(loss, m, batch_size):
    rng = np.random.default_rng(7)
    out = {"binary_cross_entropy": "sigmoid", "cross_entropy": "softmax"}
    acts = ["relu", "tanh", out.get(loss, "identity")]
    net = Network([5, 6, 4, 3], acts, loss, seed=1)
    X = rng.normal(size=(m, 5))
    Y = (one_hot(rng.integers(0, 3, size=m), 3) if loss == "cross_entropy"
         else rng.uniform(0, 1, size=(m, 3)))
    ref = net.copy()
    history = gradient_descent(net, X, Y, 0.2, 4, batch_size=batch_size,
                               seed=3)
    costs, batch_costs = reference_gradient_descent(
        ref, X, Y, 0.2, 4, batch_size=batch_size, seed=3)
    assert history.batch_costs == batch_costs
    assert np.array_equal(history.cost, costs)
    assert_bitwise(net.weights, ref.weights, "W")
    assert_bitwise(net.biases, ref.biases, "b")


def test_one_step_is_backward_and_the_update():
    rng = np.random.default_rng(0)
    net = Network([3, 4, 2], ["sigmoid", "softmax"], "cross_entropy", seed=0)
    X = rng.normal(size=(5, 3))
    Y = one_hot([0, 1, 1, 0, 1], 2)
    grads = net.backward(X, Y)
    before = [p.copy() for _, p in net.parameters()]
    arrays = [p for _, p in net.parameters()]
    step = BufferedStep(net)
    cost, updated = step(X, Y, 0.1)
    step.finish()
    assert updated and cost == grads.cost
    for old, new, g in zip(before, arrays, [grads.dW[0], grads.db[0],
                                            grads.dW[1], grads.db[1]]):
        assert np.array_equal(new, old - 0.1 * g)
    # the network's arrays were updated in place, and what backward
    # returned, which a learner may hold, is untouched by later steps
    assert all(a is p for a, (_, p) in zip(arrays, net.parameters()))
    kept = [d.copy() for d in grads.delta + grads.dW + grads.db]
    step = BufferedStep(net)
    for _ in range(3):
        step(X, Y, 0.1)
    step.finish()
    assert all(a is p for a, (_, p) in zip(arrays, net.parameters()))
    assert_bitwise(grads.delta + grads.dW + grads.db, kept, "held array")


def test_a_callback_that_breaks_the_network_is_caught():
    rng = np.random.default_rng(0)
    net = Network([2, 3, 1], ["relu", "identity"], seed=0)
    X, Y = rng.normal(size=(8, 2)), rng.normal(size=(8, 1))

    def spoil(update, net, cost):
        net.weights[0] = np.zeros((2, 2))        # the wrong shape

    with pytest.raises(ValueError, match=r"W\^\(1\).*shape"):
        gradient_descent(net, X, Y, 0.1, 2, batch_size=4, callback=spoil)


def test_a_callback_that_replaces_the_weights_is_followed():
    rng = np.random.default_rng(0)
    X, Y = rng.normal(size=(8, 2)), rng.normal(size=(8, 1))
    net = Network([2, 3, 1], ["relu", "identity"], seed=0)
    ref = net.copy()

    def halve(update, net, cost):
        net.weights = [W / 2 for W in net.weights]   # new arrays

    gradient_descent(net, X, Y, 0.1, 2, batch_size=4, callback=halve)
    # the same by hand: each update from backward, then the halving
    rng2 = np.random.default_rng(0)
    for _ in range(2):
        order = rng2.permutation(8)
        for start in (0, 4):
            rows = order[start:start + 4]
            g = ref.backward(X[rows], Y[rows])
            ref.weights = [W - 0.1 * dW for W, dW in zip(ref.weights, g.dW)]
            ref.biases = [b - 0.1 * db for b, db in zip(ref.biases, g.db)]
            ref.weights = [W / 2 for W in ref.weights]
    assert_bitwise(net.weights, ref.weights, "W")
    assert_bitwise(net.biases, ref.biases, "b")


def test_an_error_in_a_callback_gives_the_network_its_arrays_back():
    rng = np.random.default_rng(0)
    net = Network([2, 3, 1], ["relu", "identity"], seed=0)
    own = [p for _, p in net.parameters()]
    X, Y = rng.normal(size=(8, 2)), rng.normal(size=(8, 1))
    seen = []

    def stop(update, net, cost):
        seen.append([p.copy() for _, p in net.parameters()])
        raise KeyboardInterrupt        # as a learner stopping a long run

    with pytest.raises(KeyboardInterrupt):
        gradient_descent(net, X, Y, 0.1, 3, batch_size=4, callback=stop)
    # the network holds its own arrays again, with the values after the
    # one update that was made
    assert all(a is p for a, (_, p) in zip(own, net.parameters()))
    assert_bitwise([p for _, p in net.parameters()], seen[0], "parameter")


# -- the cost over a whole set, with buffers --------------------------------

def same_float(a, b):
    """Equal, bit for bit, or both nan (an overflowing forward pass)."""
    return a == b or (np.isnan(a) and np.isnan(b))


@settings(max_examples=150, deadline=None)
@given(training_problems())
def test_cost_is_net_cost_bit_for_bit(problem):
    sizes, acts, loss, X, Y, seed, batch_size, eta, epochs = problem
    net = Network(sizes, acts, loss, seed=seed)
    X_in, Y_in = X.copy(), Y.copy()
    step = BufferedStep(net)
    try:
        assert same_float(step.cost(X, Y), net.cost(X, Y))
        # the buffers of the cost and those of the step, used in turn
        # (the same ones when the batch is the whole set)
        for _ in range(2):
            step(X[:batch_size], Y[:batch_size], eta)
            again = step.cost(X, Y)
            assert same_float(again, step.cost(X, Y))
            assert same_float(again, net.cost(X, Y))
    finally:
        step.finish()
    # the cost left the inputs as they were
    assert np.array_equal(X, X_in) and np.array_equal(Y, Y_in)


@pytest.mark.parametrize("acts", [["relu", "relu", "identity"],
                                  ["tanh", "leaky_relu", "sigmoid"],
                                  ["sigmoid", "tanh", "softmax"]])
def test_cost_of_a_larger_set_than_the_batch(acts):
    # a whole set of 300 rows after steps on batches of 32: the numbers
    # of the public path, whichever hidden layers compute in place
    rng = np.random.default_rng(5)
    loss = {"identity": "half_squared_error",
            "sigmoid": "binary_cross_entropy",
            "softmax": "cross_entropy"}[acts[-1]]
    net = Network([7, 16, 9, 3], acts, loss, seed=2)
    X = rng.normal(size=(300, 7))
    Y = (one_hot(rng.integers(0, 3, size=300), 3) if loss == "cross_entropy"
         else rng.uniform(0, 1, size=(300, 3)))
    ref = net.copy()
    history = gradient_descent(net, X, Y, 0.1, 3, batch_size=32, seed=1)
    costs, _ = reference_gradient_descent(ref, X, Y, 0.1, 3, batch_size=32,
                                          seed=1)
    assert np.array_equal(history.cost, costs)
    assert history.cost[-1] == net.cost(X, Y)


# -- buffers kept from one run to the next ------------------------------------

def test_kept_buffers_change_no_number():
    # a run leaves its buffers for the next one with the same sizes;
    # filled with nan in between, they change nothing: every entry is
    # written before it is read
    from backprop_utils import fastpath
    rng = np.random.default_rng(4)
    X = rng.normal(size=(50, 4))
    Y = one_hot(rng.integers(0, 3, size=50), 3)
    sizes, acts = [4, 8, 6, 3], ["relu", "sigmoid", "softmax"]
    gradient_descent(Network(sizes, acts, "cross_entropy", seed=1), X, Y,
                     0.2, 1, batch_size=16, seed=0)
    kept = dict(fastpath._KEPT)
    assert sorted(m for _, m in kept) == [2, 16, 50]  # last batch, batch, m
    for b in kept.values():
        for a in b.Z + b.A + b.D + b.tmp:
            a.fill(np.nan)
    net = Network(sizes, acts, "cross_entropy", seed=2)
    ref = net.copy()
    history = gradient_descent(net, X, Y, 0.2, 3, batch_size=16, seed=5)
    costs, batch_costs = reference_gradient_descent(ref, X, Y, 0.2, 3,
                                                    batch_size=16, seed=5)
    assert np.array_equal(history.cost, costs)
    assert history.batch_costs == batch_costs
    assert_bitwise(net.weights, ref.weights, "W")
    assert_bitwise(net.biases, ref.biases, "b")
    # the same buffers served the second run, and wait for a third
    assert all(fastpath._KEPT[k] is b for k, b in kept.items())


def test_buffers_have_one_owner_and_a_size_limit(monkeypatch):
    from backprop_utils import fastpath
    rng = np.random.default_rng(0)
    X, Y = rng.normal(size=(12, 2)), rng.normal(size=(12, 1))
    net = Network([2, 5, 1], ["tanh", "identity"], seed=0)
    gradient_descent(net, X, Y, 0.1, 1)                  # leaves m = 12
    first, second = BufferedStep(net), BufferedStep(net.copy())
    first.cost(X, Y)
    second.cost(X, Y)                     # while the first still holds its
    assert first._by_m[12] is not second._by_m[12]
    first.finish()
    second.finish()
    monkeypatch.setattr(fastpath, "KEEP_BYTES", 0)
    gradient_descent(net, X, Y, 0.1, 1)
    assert fastpath._KEPT == {}                          # too large to keep


# -- the BLAS threads of a run ------------------------------------------------

threadpoolctl = pytest.importorskip("threadpoolctl")


def blas_thread_counts():
    """The threads of numpy's BLAS, the one the package's products use
    (scipy, which other tests of the same process import, brings its
    own, which a training run may leave alone)."""
    counts = [p["num_threads"] for p in threadpoolctl.threadpool_info()
              if p["user_api"] == "blas" and "numpy" in p["filepath"]]
    assert counts, threadpoolctl.threadpool_info()
    return counts


def test_a_small_network_trains_on_one_blas_thread_then_restores():
    from backprop_utils.fastpath import blas_threads
    with threadpoolctl.threadpool_limits(2, user_api="blas"):
        caller = blas_thread_counts()
        with blas_threads([64, 64, 10], 32):
            assert blas_thread_counts() == [1] * len(caller)
        assert blas_thread_counts() == caller


def test_a_large_product_keeps_the_callers_threads():
    from backprop_utils.fastpath import ONE_THREAD_BELOW, blas_threads
    sizes = [784, 256, 10]
    batch = -(-ONE_THREAD_BELOW // (784 * 256))       # just at the bound
    with threadpoolctl.threadpool_limits(2, user_api="blas"):
        caller = blas_thread_counts()
        with blas_threads(sizes, batch):
            assert blas_thread_counts() == caller
        with blas_threads(sizes, batch - 1):
            assert blas_thread_counts() == [1] * len(caller)


def test_without_threadpoolctl_nothing_is_limited(monkeypatch):
    from backprop_utils import fastpath
    monkeypatch.setattr(fastpath, "_BLAS", [None])    # as if not installed
    with threadpoolctl.threadpool_limits(2, user_api="blas"):
        caller = blas_thread_counts()
        with fastpath.blas_threads([2, 3, 1], 4):
            assert blas_thread_counts() == caller
