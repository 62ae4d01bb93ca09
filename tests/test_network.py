"""Network.forward / cost / backward: by hand, by central differences, and
against an independent autodiff library (autograd)."""

import autograd
import autograd.numpy as anp
import numpy as np
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from backprop_utils import (
    ACTIVATIONS,
    Network,
    check_gradients,
    numerical_network_gradients,
)

# Central differences with h = 1e-6 in float64 agree with a correct
# gradient to about 1e-9; a wrong formula is off by order 1.
GRADCHECK_TOL = 1e-7
# Two exact implementations differ only by rounding.
AUTODIFF_RTOL = 1e-10
AUTODIFF_ATOL = 1e-13
KINKED = {"relu", "leaky_relu"}
RESOLVABLE = 3e-3


# -- a 2-3-2-1 network worked by hand ------------------------------------

def hand_network():
    W1 = [[0.5, -0.5], [1.0, 0.5], [-1.0, 0.25]]
    b1 = [0.0, 0.5, 0.0]
    W2 = [[1.0, 0.5, 2.0], [-1.0, 0.25, 1.0]]
    b2 = [0.0, -0.5]
    W3 = [[1.5, -2.0]]
    b3 = [0.25]
    return Network.from_parameters(
        [W1, W2, W3], [b1, b2, b3], ["relu", "relu", "identity"],
        loss="half_squared_error")


def test_two_three_two_one_by_hand():
    net = hand_network()
    X = np.array([[2.0, 1.0]])
    Y = np.array([[2.0]])
    g = net.backward(X, Y)
    fp = g.forward
    # z1 = W1 x + b1 = (0.5*2 - 0.5*1 + 0, 1*2 + 0.5*1 + 0.5, -1*2 + 0.25*1)
    np.testing.assert_array_equal(fp.z[0], [[0.5, 3.0, -1.75]])
    # a1 = relu(z1): the third unit is off
    np.testing.assert_array_equal(fp.a[1], [[0.5, 3.0, 0.0]])
    # z2 = (1*0.5 + 0.5*3 + 2*0, -1*0.5 + 0.25*3 + 1*0 - 0.5)
    np.testing.assert_array_equal(fp.z[1], [[2.0, -0.25]])
    np.testing.assert_array_equal(fp.a[2], [[2.0, 0.0]])
    # z3 = 1.5*2 - 2*0 + 0.25 = 3.25 = y_hat
    np.testing.assert_array_equal(fp.z[2], [[3.25]])
    # L = 1/2 (3.25 - 2)^2 = 1/2 * 1.5625
    assert g.cost == 0.78125
    # delta3 = y_hat - y = 1.25 (identity output, half squared error)
    np.testing.assert_array_equal(g.delta[2], [[1.25]])
    # delta2 = W3^T delta3 (.) relu'(z2) = (1.5*1.25, -2*1.25) (.) (1, 0)
    np.testing.assert_array_equal(g.delta[1], [[1.875, 0.0]])
    # W2^T delta2 = (1*1.875, 0.5*1.875, 2*1.875); relu'(z1) = (1, 1, 0)
    np.testing.assert_array_equal(g.delta[0], [[1.875, 0.9375, 0.0]])
    # dW3 = delta3 a2^T = 1.25 * (2, 0)
    np.testing.assert_array_equal(g.dW[2], [[2.5, 0.0]])
    np.testing.assert_array_equal(g.db[2], [1.25])
    # dW2 = delta2 a1^T = (1.875*0.5, 1.875*3, 0; zeros)
    np.testing.assert_array_equal(g.dW[1], [[0.9375, 5.625, 0.0],
                                            [0.0, 0.0, 0.0]])
    np.testing.assert_array_equal(g.db[1], [1.875, 0.0])
    # dW1 = delta1 x^T = (1.875*2, 1.875*1; 0.9375*2, 0.9375*1; 0, 0)
    np.testing.assert_array_equal(g.dW[0], [[3.75, 1.875],
                                            [1.875, 0.9375],
                                            [0.0, 0.0]])
    np.testing.assert_array_equal(g.db[0], [1.875, 0.9375, 0.0])


def test_batch_gradient_is_the_mean_of_per_example_gradients():
    net = Network([3, 4, 2], ["tanh", "sigmoid"], "squared_error", seed=1)
    rng = np.random.default_rng(5)
    X = rng.normal(size=(5, 3))
    Y = rng.normal(size=(5, 2))
    g = net.backward(X, Y)
    singles = [net.backward(X[i:i + 1], Y[i:i + 1]) for i in range(5)]
    for l in range(2):
        np.testing.assert_allclose(
            g.dW[l], np.mean([s.dW[l] for s in singles], axis=0),
            rtol=1e-12)
        np.testing.assert_allclose(
            g.db[l], np.mean([s.db[l] for s in singles], axis=0),
            rtol=1e-12)
        # deltas are per example, not divided by m
        np.testing.assert_allclose(
            g.delta[l], np.vstack([s.delta[l] for s in singles]),
            rtol=1e-12)
    assert g.cost == pytest.approx(np.mean([s.cost for s in singles]),
                                   rel=1e-12)


def test_squared_error_doubles_every_gradient_of_the_half():
    half = Network([2, 3, 1], ["tanh", "identity"], "half_squared_error")
    full = half.copy()
    full.loss_name = "squared_error"
    X = np.array([[0.3, -0.7], [1.1, 0.4]])
    Y = np.array([[0.5], [-1.0]])
    gh, gf = half.backward(X, Y), full.backward(X, Y)
    assert gf.cost == pytest.approx(2 * gh.cost, rel=1e-15)
    for a, b in zip(gf.dW + gf.db, gh.dW + gh.db):
        np.testing.assert_allclose(a, 2 * b, rtol=1e-15)


def test_parameters_are_written_in_place():
    net = Network([2, 3, 2, 1], ["relu", "relu", "identity"], seed=0)
    net.weights[0][1, 0] = 7.0          # w^(1)_21
    X = np.array([[1.0, 0.0]])
    assert net.forward(X).z[0][0, 1] == 7.0


def test_seed_gives_the_same_network():
    a = Network([2, 3, 1], ["relu", "identity"], seed=4)
    b = Network([2, 3, 1], ["relu", "identity"], seed=4)
    c = Network([2, 3, 1], ["relu", "identity"], seed=5)
    np.testing.assert_array_equal(a.weights[0], b.weights[0])
    assert not np.array_equal(a.weights[0], c.weights[0])


def test_numerical_gradients_leave_the_parameters_unchanged():
    net = Network([2, 3, 1], ["sigmoid", "identity"], seed=0)
    before = [p.copy() for _, p in net.parameters()]
    numerical_network_gradients(net, np.ones((2, 2)), np.ones((2, 1)))
    for b, (_, p) in zip(before, net.parameters()):
        np.testing.assert_array_equal(p, b)


def test_gradient_check_catches_a_wrong_gradient(monkeypatch):
    # The check must be able to fail: break relu' and it does.
    net = Network([2, 4, 1], ["relu", "identity"], seed=0)
    X = np.random.default_rng(0).normal(size=(6, 2))
    Y = np.ones((6, 1))
    assert check_gradients(net, X, Y).worst < GRADCHECK_TOL
    relu = ACTIVATIONS["relu"][0]
    monkeypatch.setitem(ACTIVATIONS, "relu", (relu, relu))  # g instead of g'
    report = check_gradients(net, X, Y)
    assert report.worst > 1e-2, str(report)


# -- property-based: random networks against central differences ---------

@st.composite
def problems(draw):
    n_layers = draw(st.integers(1, 4))
    sizes = draw(st.lists(st.integers(1, 5), min_size=n_layers + 1,
                          max_size=n_layers + 1))
    loss = draw(st.sampled_from(
        ["squared_error", "half_squared_error", "binary_cross_entropy"]))
    acts = draw(st.lists(st.sampled_from(sorted(ACTIVATIONS)),
                         min_size=n_layers, max_size=n_layers))
    if loss == "binary_cross_entropy":
        acts[-1] = "sigmoid"
    m = draw(st.integers(1, 6))
    seed = draw(st.integers(0, 2**32 - 1))
    rng = np.random.default_rng(seed)
    net = Network(sizes, acts, loss, seed=rng)
    for b in net.biases:
        b[...] = rng.normal(scale=0.5, size=b.shape)
    X = rng.normal(size=(m, sizes[0]))
    if loss == "binary_cross_entropy":
        Y = rng.uniform(0, 1, size=(m, sizes[-1]))
    else:
        Y = rng.normal(size=(m, sizes[-1]))
    return net, X, Y


@given(problems())
def test_backward_matches_central_differences(problem):
    net, X, Y = problem
    fp = net.forward(X)
    # A step of h across a kink of relu is not a derivative: keep every
    # pre-activation of a kinked layer well away from 0.
    for z, name in zip(fp.z, net.activation_names):
        if name in KINKED:
            assume(np.min(np.abs(z)) > 1e-4)
    # Central differences resolve a derivative only to about 1e-10 J
    # (the rounding in J, divided by h = 1e-6). A gradient array smaller
    # than RESOLVABLE * J cannot be checked to 1e-7 this way; those cases
    # are left to the comparison with autograd below.
    g = net.backward(X, Y)
    for grad in g.dW + g.db:
        norm = np.linalg.norm(grad)
        assume(norm == 0.0 or norm >= RESOLVABLE * g.cost)
    report = check_gradients(net, X, Y)
    assert report.worst <= GRADCHECK_TOL, (
        f"{net!r}, m={X.shape[0]}:\n{report}")


# -- against autograd ------------------------------------------------------

AUTOGRAD_ACTIVATIONS = {
    "identity": lambda z: z,
    "relu": lambda z: anp.where(z > 0, z, 0.0),
    "leaky_relu": lambda z: anp.where(z > 0, z, 0.01 * z),
    "sigmoid": lambda z: 1.0 / (1.0 + anp.exp(-z)),
    "tanh": anp.tanh,
}


def autograd_cost(params, X, Y, acts, loss):
    """The cost written again from the definitions, for autograd."""
    A = X
    Z = None
    for (W, b), name in zip(params, acts):
        Z = anp.dot(A, W.T) + b
        A = AUTOGRAD_ACTIVATIONS[name](Z)
    if loss == "squared_error":
        per_example = anp.sum((A - Y) ** 2, axis=1)
    elif loss == "half_squared_error":
        per_example = 0.5 * anp.sum((A - Y) ** 2, axis=1)
    else:
        per_example = anp.sum(anp.logaddexp(0.0, Z) - Y * Z, axis=1)
    return anp.mean(per_example)


@pytest.mark.parametrize("acts,loss", [
    (["relu", "relu", "identity"], "half_squared_error"),
    (["sigmoid", "tanh", "sigmoid"], "squared_error"),
    (["leaky_relu", "tanh", "sigmoid"], "binary_cross_entropy"),
    (["tanh", "identity", "identity"], "half_squared_error"),
])
@pytest.mark.parametrize("m", [1, 7])
def test_backward_matches_autograd(acts, loss, m):
    rng = np.random.default_rng(11)
    net = Network([2, 3, 2, 1], acts, loss, seed=rng)
    for b in net.biases:
        b[...] = rng.normal(size=b.shape)
    X = rng.normal(size=(m, 2))
    Y = rng.uniform(0, 1, size=(m, 1))
    params = list(zip(net.weights, net.biases))
    grads = autograd.grad(autograd_cost)(params, X, Y, acts, loss)
    ours = net.backward(X, Y)
    assert ours.cost == pytest.approx(
        autograd_cost(params, X, Y, acts, loss), rel=AUTODIFF_RTOL)
    for l, (gW, gb) in enumerate(grads, start=1):
        np.testing.assert_allclose(
            ours.dW[l - 1], gW, rtol=AUTODIFF_RTOL, atol=AUTODIFF_ATOL,
            err_msg=f"dJ/dW^({l}) vs autograd")
        np.testing.assert_allclose(
            ours.db[l - 1], gb, rtol=AUTODIFF_RTOL, atol=AUTODIFF_ATOL,
            err_msg=f"dJ/db^({l}) vs autograd")


def test_cross_entropy_network_is_finite_for_huge_pre_activations():
    net = Network.from_parameters([[[1.0]]], [[0.0]], ["sigmoid"],
                                  loss="binary_cross_entropy")
    X = np.array([[1000.0], [-1000.0]])
    Y = np.array([[0.0], [0.0]])
    with np.errstate(over="raise", divide="raise", invalid="raise"):
        g = net.backward(X, Y)
    assert g.cost == 500.0          # (1000 + 0) / 2
    np.testing.assert_array_equal(g.delta[0], [[1.0], [0.0]])
