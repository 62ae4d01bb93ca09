"""The scalar engines: every operation's local derivative against central
differences; whole expressions and a whole network against autograd; a
node used many times; a chain too deep for recursion; forward mode
against reverse mode."""

import math

import autograd
import autograd.numpy as anp
import numpy as np
import pytest

from backprop_utils import Network
from backprop_utils.autodiff import Dual, Node, as_lists, total

H = 1e-6
CENTRAL_RTOL = 1e-7
AUTODIFF_RTOL = 1e-10

UNARY = {
    "exp": (lambda n: n.exp(), math.exp, [-1.3, 0.2, 2.0]),
    "log": (lambda n: n.log(), math.log, [0.3, 1.0, 4.5]),
    "relu": (lambda n: n.relu(), lambda v: max(v, 0.0), [-1.3, 0.7]),
    "sigmoid": (lambda n: n.sigmoid(), lambda v: 1 / (1 + math.exp(-v)),
                [-2.0, 0.0, 3.1]),
    "tanh": (lambda n: n.tanh(), math.tanh, [-0.8, 0.4]),
    "neg": (lambda n: -n, lambda v: -v, [1.7]),
    "power 3": (lambda n: n ** 3, lambda v: v ** 3, [-1.2, 0.9]),
    "power -0.5": (lambda n: n ** -0.5, lambda v: v ** -0.5, [0.5, 2.0]),
}
BINARY = {
    "+": (lambda a, b: a + b), "-": (lambda a, b: a - b),
    "*": (lambda a, b: a * b), "/": (lambda a, b: a / b),
}


def central(f, *xs):
    """Central differences of a plain function, one input at a time."""
    out = []
    for i in range(len(xs)):
        up = list(xs)
        down = list(xs)
        up[i] += H
        down[i] -= H
        out.append((f(*up) - f(*down)) / (2 * H))
    return out


@pytest.mark.parametrize("name", sorted(UNARY))
def test_each_unary_local_derivative(name):
    op, plain, points = UNARY[name]
    for v in points:
        x = Node(v)
        y = op(x)
        assert y.value == pytest.approx(plain(v), rel=1e-15)
        y.backward()
        (numeric,) = central(plain, v)
        assert x.grad == pytest.approx(numeric, rel=CENTRAL_RTOL, abs=1e-9)
        # forward mode gives the same derivative
        assert op(Dual(v, 1.0)).dot == pytest.approx(x.grad, rel=1e-14)


@pytest.mark.parametrize("name", sorted(BINARY))
def test_each_binary_local_derivative(name):
    f = BINARY[name]
    for u, v in [(1.5, -0.7), (-2.0, 3.0)]:
        a, b = Node(u), Node(v)
        y = f(a, b)
        y.backward()
        du, dv = central(lambda p, q: f(p, q), u, v)
        assert a.grad == pytest.approx(du, rel=CENTRAL_RTOL)
        assert b.grad == pytest.approx(dv, rel=CENTRAL_RTOL)
        assert f(Dual(u, 1.0), Dual(v)).dot == pytest.approx(a.grad,
                                                             rel=1e-14)
        assert f(Dual(u), Dual(v, 1.0)).dot == pytest.approx(b.grad,
                                                             rel=1e-14)
        # numbers on either side
        assert f(a, 2.0).value == f(u, 2.0) and f(2.0, b).value == f(2.0, v)


def test_an_expression_against_autograd():
    def f(x):
        a, b, c = x[0], x[1], x[2]
        return (anp.exp(a * b) + anp.log(c) / (a - 3.0)) ** 2 * anp.tanh(c)
    x = np.array([0.4, -1.1, 2.5])
    nodes = [Node(v) for v in x]
    a, b, c = nodes
    e = ((a * b).exp() + c.log() / (a - 3.0)) ** 2 * c.tanh()
    e.backward()
    ref = autograd.grad(f)(x)
    assert e.value == pytest.approx(f(x), rel=1e-14)
    np.testing.assert_allclose([n.grad for n in nodes], ref,
                               rtol=AUTODIFF_RTOL)


def test_a_node_used_many_times_adds_every_path():
    # y = x * x * x + 2x  -> dy/dx = 3 x^2 + 2, through 5 uses of x
    x = Node(1.7)
    y = x * x * x + x + x
    y.backward()
    assert x.grad == pytest.approx(3 * 1.7 ** 2 + 2, rel=1e-15)
    # a second backward starts again from zero adjoints
    y.backward()
    assert x.grad == pytest.approx(3 * 1.7 ** 2 + 2, rel=1e-15)


def test_as_lists_numbers_the_graph_topologically():
    a, b = Node(2.0), Node(-3.0)
    e = (a + b) * (b + 1.0)
    nodes, parents, local = as_lists(e)
    assert nodes[-1] is e and len(nodes) == len(parents) == len(local) == 6
    for i, node in enumerate(nodes):
        assert all(p < i for p in parents[i])          # parents first
        assert [nodes[p] for p in parents[i]] == list(node.parents)
        assert local[i] == list(node.local)
    with pytest.raises(TypeError, match="expected a Node; got float"):
        as_lists(1.0)


def test_as_lists_with_a_seed_gives_other_valid_orders():
    a, b = Node(2.0), Node(-3.0)
    e = (a + b) * (b + 1.0)
    seen = set()
    for seed in range(12):
        nodes, parents, local = as_lists(e, seed=seed)
        assert nodes[-1] is e and len(nodes) == 6
        assert {id(n) for n in nodes} == {id(n) for n in e.graph()}
        for i, node in enumerate(nodes):
            assert all(p < i for p in parents[i])      # parents first
            assert [nodes[p] for p in parents[i]] == list(node.parents)
            assert local[i] == list(node.local)
        seen.add(tuple(id(n) for n in nodes))
        # the same seed, the same order
        assert [id(n) for n in as_lists(e, seed=seed)[0]] == \
            [id(n) for n in nodes]
    assert len(seen) > 2                  # more than one order comes out


def test_a_chain_deeper_than_the_recursion_limit():
    x = Node(0.5)
    y = x
    for _ in range(5000):
        y = y * 1.0001 + 0.0
    y.backward()
    assert x.grad == pytest.approx(1.0001 ** 5000, rel=1e-12)
    assert len(y.graph()) > 5000


def test_a_whole_network_against_autograd():
    rng = np.random.default_rng(0)
    net = Network([3, 4, 2, 1], ["relu", "tanh", "sigmoid"],
                  "binary_cross_entropy", seed=1)
    for b in net.biases:
        b[...] = rng.normal(scale=0.5, size=b.shape)
    X = rng.normal(size=(5, 3))
    Y = rng.uniform(0, 1, size=(5, 1))
    Ws = [[[Node(v) for v in row] for row in W] for W in net.weights]
    bs = [[Node(v) for v in b] for b in net.biases]
    losses = []
    for x, y in zip(X, Y):
        a = list(x)
        for W, b, act in zip(Ws, bs, net.activation_names):
            z = [total([w * ak for w, ak in zip(row, a)]) + bj
                 for row, bj in zip(W, b)]
            a = [getattr(zj, act)() for zj in z]
        p = a[0]
        losses.append(-(y[0] * p.log() + (1 - y[0]) * (1 - p).log()))
    J = total(losses) / len(X)
    J.backward()
    ours = net.backward(X, Y)
    assert J.value == pytest.approx(ours.cost, rel=AUTODIFF_RTOL)
    for l, (W, b) in enumerate(zip(Ws, bs)):
        np.testing.assert_allclose(
            [[n.grad for n in row] for row in W], ours.dW[l],
            rtol=AUTODIFF_RTOL, atol=1e-13, err_msg=f"dJ/dW^({l + 1})")
        np.testing.assert_allclose(
            [n.grad for n in b], ours.db[l], rtol=AUTODIFF_RTOL,
            atol=1e-13, err_msg=f"dJ/db^({l + 1})")


def test_bad_input():
    with pytest.raises(TypeError, match="a Node or a real number; got str"):
        Node(1.0) + "2"
    with pytest.raises(TypeError, match="exponent must be a plain number"):
        Node(2.0) ** Node(2.0)
    with pytest.raises(ValueError, match="log needs a positive number; got "
                       "-1.0"):
        Node(-1.0).log()
    with pytest.raises(TypeError, match="a Dual or a real number"):
        Dual(1.0) * [1.0]
