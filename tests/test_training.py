"""Gradient descent and the data sets."""

import numpy as np
import pytest

from backprop_utils import (
    Network,
    gradient_descent,
    linear_regression,
    nonlinear_curve,
    two_class,
)

# Gradient descent converges to the least-squares answer; after enough
# steps only rounding separates them.
LSTSQ_ATOL = 1e-6


def linear_neuron(n_inputs):
    net = Network([n_inputs, 1], ["identity"], "half_squared_error")
    net.weights[0][...] = 0.0
    return net


def test_full_batch_descent_reaches_least_squares():
    data = linear_regression(m=50, n_inputs=2, seed=1)
    net = linear_neuron(2)
    hist = gradient_descent(net, data.X, data.Y, learning_rate=0.5,
                            epochs=2000)
    A = np.column_stack([data.X, np.ones(50)])
    sol = np.linalg.lstsq(A, data.Y[:, 0], rcond=None)[0]
    np.testing.assert_allclose(net.weights[0][0], sol[:2], atol=LSTSQ_ATOL)
    np.testing.assert_allclose(net.biases[0][0], sol[2], atol=LSTSQ_ATOL)
    assert hist.cost.shape == (2001,) and hist.updates == 2000
    assert not hist.diverged
    assert np.all(np.diff(hist.cost) <= 1e-15)   # never goes up


def test_update_uses_the_gradient_of_the_old_parameters():
    net = Network([2, 3, 1], ["tanh", "identity"], seed=2)
    X = np.array([[0.5, -1.0], [1.5, 0.2]])
    Y = np.array([[1.0], [0.0]])
    old = net.copy()
    g = old.backward(X, Y)
    gradient_descent(net, X, Y, learning_rate=0.1, epochs=1)
    for l in range(2):
        np.testing.assert_allclose(
            net.weights[l], old.weights[l] - 0.1 * g.dW[l], rtol=1e-15)
        np.testing.assert_allclose(
            net.biases[l], old.biases[l] - 0.1 * g.db[l], rtol=1e-15)


def test_minibatches_count_updates_and_are_seeded():
    data = linear_regression(m=10, n_inputs=1, seed=0)
    seen = []
    a, b = linear_neuron(1), linear_neuron(1)
    ha = gradient_descent(a, data.X, data.Y, 0.1, epochs=3, batch_size=4,
                          seed=7, callback=lambda k, n, c: seen.append(k))
    gradient_descent(b, data.X, data.Y, 0.1, epochs=3, batch_size=4, seed=7)
    assert ha.updates == 9 and seen == list(range(1, 10))   # 4 + 4 + 2
    assert len(ha.batch_costs) == 9 and ha.cost.shape == (4,)
    np.testing.assert_array_equal(a.weights[0], b.weights[0])


def test_too_large_a_step_diverges_and_keeps_finite_parameters():
    data = linear_regression(m=20, n_inputs=2, seed=0)
    net = linear_neuron(2)
    hist = gradient_descent(net, data.X, data.Y, learning_rate=50.0,
                            epochs=5000)
    assert hist.diverged
    assert hist.updates < 5000
    assert all(np.isfinite(p).all() for _, p in net.parameters())
    assert hist.cost[-1] > 1e100 * hist.cost[0]


def test_zero_epochs_changes_nothing():
    data = linear_regression(m=5, n_inputs=2, seed=0)
    net = linear_neuron(2)
    hist = gradient_descent(net, data.X, data.Y, 0.1, epochs=0)
    assert hist.updates == 0 and hist.cost.shape == (1,)
    np.testing.assert_array_equal(net.weights[0], 0.0)


@pytest.mark.parametrize("make", [
    lambda s: linear_regression(m=30, n_inputs=1, seed=s),
    lambda s: linear_regression(m=30, n_inputs=2, seed=s),
    lambda s: nonlinear_curve(m=30, seed=s),
    lambda s: two_class(m=31, seed=s),
])
def test_datasets_are_seeded_columns(make):
    a, b, c = make(0), make(0), make(1)
    assert a.Y.ndim == 2 and a.Y.shape[1] == 1
    assert a.X.shape[0] == a.Y.shape[0]
    np.testing.assert_array_equal(a.X, b.X)
    np.testing.assert_array_equal(a.Y, b.Y)
    assert not np.array_equal(a.X, c.X)


def test_two_class_labels():
    d = two_class(m=31, seed=0)
    assert set(np.unique(d.Y)) == {0.0, 1.0}
    assert d.Y.sum() == 16


def test_linear_regression_truth_is_recovered_by_least_squares():
    d = linear_regression(m=2000, n_inputs=2, noise=0.1, seed=0)
    A = np.column_stack([d.X, np.ones(2000)])
    sol = np.linalg.lstsq(A, d.Y[:, 0], rcond=None)[0]
    # noise 0.1 over 2000 points: the estimate is within about 0.01
    np.testing.assert_allclose(sol, [2.0, -3.0, 0.5], atol=0.02)


def test_dataset_size_must_be_positive():
    with pytest.raises(ValueError, match=r"m must be a positive integer; "
                       r"got 0"):
        nonlinear_curve(m=0)


def test_weights_too_large_for_the_forward_pass_diverge_quietly():
    # finite weights whose products overflow: training stops as diverged,
    # keeps the finite parameters, and numpy prints no warning
    import warnings
    rng = np.random.default_rng(0)
    net = Network([8, 8, 8, 8, 3], ["relu"] * 3 + ["softmax"],
                  loss="cross_entropy", seed=0)
    for W in net.weights:
        W[...] = rng.standard_normal(W.shape) * 1e80
    X = rng.uniform(0, 1, size=(5, 8))
    Y = np.eye(3)[[0, 1, 2, 0, 1]]
    before = [p.copy() for _, p in net.parameters()]
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        hist = gradient_descent(net, X, Y, 0.1, 3)
    assert hist.diverged and hist.updates == 0
    for b, (_, p) in zip(before, net.parameters()):
        np.testing.assert_array_equal(p, b)


# -- the BLAS threads: one for a small network, the caller's afterwards ------

def blas_thread_counts(threadpoolctl):
    """The threads of numpy's BLAS, the one the package's products use.
    (scipy, which scikit-learn imports in other tests of the same
    process, brings a BLAS of its own, which training leaves alone.)"""
    counts = [p["num_threads"] for p in threadpoolctl.threadpool_info()
              if p["user_api"] == "blas" and "numpy" in p["filepath"]]
    assert counts, threadpoolctl.threadpool_info()
    return counts


def test_training_gives_the_callers_blas_threads_back():
    threadpoolctl = pytest.importorskip("threadpoolctl")
    data = linear_regression(m=40, n_inputs=2, seed=0)
    during = []
    with threadpoolctl.threadpool_limits(2, user_api="blas"):
        caller = blas_thread_counts(threadpoolctl)
        gradient_descent(linear_neuron(2), data.X, data.Y, 0.1, epochs=2,
                         batch_size=10, callback=lambda k, n, c:
                         during.append(blas_thread_counts(threadpoolctl)))
        assert blas_thread_counts(threadpoolctl) == caller
        assert during == [[1] * len(caller)] * 8

        def stop(update, net, cost):
            raise KeyboardInterrupt        # a learner stopping a long run

        with pytest.raises(KeyboardInterrupt):
            gradient_descent(linear_neuron(2), data.X, data.Y, 0.1, 2,
                             callback=stop)
        assert blas_thread_counts(threadpoolctl) == caller
        # bad input: the same clear error as ever, the threads untouched
        with pytest.raises(ValueError, match=r"Y must be 2-D, shape "
                           r"\(m, n_L\) = \(40, 1\)"):
            gradient_descent(linear_neuron(2), data.X, data.Y.ravel(), 0.1,
                             epochs=2)
        with pytest.raises(ValueError, match="batch_size must be an "
                           "integer from 1 to m = 40"):
            gradient_descent(linear_neuron(2), data.X, data.Y, 0.1, 2,
                             batch_size=41)
        assert blas_thread_counts(threadpoolctl) == caller
