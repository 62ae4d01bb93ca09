"""Chapter 6's exercises: backward rules, a whole reverse pass, and a new
operation for the engine."""

import numpy as np

from ..activations import softmax
from ..autodiff import Node, as_lists
from .engine import Odd, exercise

_CH6 = "ch6_autodiff.ipynb"
_REVERSE = (_CH6, "Reverse accumulation")


def _tanh_cases():
    rng = np.random.default_rng(61)
    # |x| up to 2.5: 1 - x² and 1 - tanh(x)² differ clearly
    return [{"x": rng.uniform(-2.5, 2.5, size=shape),
             "grad": rng.normal(size=shape)} for shape in [(4, 3), (5, 2)]]


def _no_sizes(case):
    return {}


def _tanh_backward(x, grad, *, mistake=None):
    t = np.tanh(x)
    return {"dropped_upstream": 1 - t ** 2,
            "g_for_gprime": grad * t,
            "gprime_of_a": grad * (1 - np.tanh(t) ** 2),
            "no_gprime": grad,
            "output_formula_of_input": grad * (1 - x ** 2)}.get(
                mistake, grad * (1 - t ** 2))


def _softmax_cases():
    rng = np.random.default_rng(62)
    return [{"A": softmax(rng.normal(scale=1.5, size=(m, K))),
             "grad": rng.normal(size=(m, K))} for m, K in [(4, 3), (5, 4)]]


def _softmax_sizes(case):
    m, K = case["A"].shape
    return {"m": (m, "the number of examples"),
            "K": (K, "the number of classes")}


def _softmax_backward(A, grad, *, mistake=None):
    if mistake == "elementwise_softmax":
        return grad * A * (1 - A)
    if mistake == "batch_mixed":
        return A * (grad - np.sum(grad * A))
    if mistake == "wrong_axis":
        return A * (grad - np.sum(grad * A, axis=0, keepdims=True))
    return A * (grad - np.sum(grad * A, axis=1, keepdims=True))


def _graph_cases():
    # e = (a + b)(b + 1): b is used by two nodes
    a, b = Node(2.0), Node(-3.0)
    cases = [(a + b) * (b + 1.0)]
    # a 2-2-1 tanh network on one example, half squared error: each
    # input feeds both hidden units
    x = [Node(0.5), Node(-1.2)]
    w = [[Node(0.7), Node(-0.4)], [Node(0.3), Node(0.9)]]
    h = [(w[j][0] * x[0] + w[j][1] * x[1] + 0.1).tanh() for j in range(2)]
    out = Node(-1.1) * h[0] + Node(0.8) * h[1]
    cases.append(0.5 * (out - 0.25) ** 2)
    # a node that uses the same parent twice: x * x
    u = Node(1.5)
    cases.append((u * u + Node(0.5) * u).tanh())
    return [dict(zip(("parents", "local"), as_lists(e)[1:]))
            for e in cases]


def _graph_sizes(case):
    return {"n": (len(case["parents"]), "the number of nodes")}


def _reverse_pass(parents, local, *, mistake=None):
    if mistake == "parent_counted_once":
        return _reverse_pass_once_per_parent(parents, local)
    n = len(parents)
    grad = np.zeros(n)
    grad[n - 1] = 1.0
    order = range(n) if mistake == "forward_order" else reversed(range(n))
    for i in order:
        for p, d in zip(parents[i], local[i]):
            if mistake == "overwrite_adjoint":
                grad[p] = d * grad[i]
            else:
                grad[p] += d * grad[i]
    return grad


def _reverse_pass_once_per_parent(parents, local):
    n = len(parents)
    grad = np.zeros(n)
    grad[n - 1] = 1.0
    for i in reversed(range(n)):
        for p, d in dict(zip(parents[i], local[i])).items():
            grad[p] += d * grad[i]
    return grad


def _log_cases():
    # x away from 1 and e, so that log x, 1/x and 0 all differ
    return [{"x": x} for x in (0.4, 2.5, 7.0)]


def _log_node(x, *, mistake=None):
    value = np.log(x.value)
    if mistake == "node_not_linked":
        return Node(value)
    local = value if mistake == "g_for_gprime" else 1.0 / x.value
    return Node(value, (x,), (local,), "log")


def _node_result(fn, signature):
    """What the checker compares for an exercise that makes a node: the
    function gets each number of the case as a ``Node`` and must return
    a ``Node``; the numbers are its value and the adjoints that one
    ``backward()`` from it gives its inputs."""
    def run(case):
        inputs = [Node(case[k]) for k in signature]
        out = fn(*inputs)
        if out is None:
            return None
        if not isinstance(out, Node):
            return Odd(f"{type(out).__name__}, not a Node (Node(value, "
                       f"parents, local, op))")
        try:
            out.backward()
        except Exception as error:
            return Odd(f"a Node that backward() cannot run through "
                       f"({type(error).__name__}: {error}): its parents "
                       f"must be Nodes, such as x itself, and its local "
                       f"derivatives numbers, one per parent")
        return np.array([out.value, *(n.grad for n in inputs)], dtype=float)
    return run


exercise(
    "ch6.tanh_backward", ["x", "grad"],
    "what a tanh node t = tanh(x) passes back to its input, given grad, "
    "the adjoint of t: an array of the shape of x",
    _tanh_backward,
    ["dropped_upstream", "g_for_gprime", "output_formula_of_input",
     "gprime_of_a", "no_gprime"],
    _tanh_cases(), where=_REVERSE, sizes=_no_sizes,
    see={"g_for_gprime": _REVERSE},
    says={"g_for_gprime": "your result multiplies grad by tanh(x), the "
                          "node's value, where its slope 1 - tanh(x)² "
                          "belongs",
          "gprime_of_a": "your result takes tanh's slope at the output, "
                         "1 - tanh(t)² with t = tanh(x), instead of at "
                         "the input x",
          "no_gprime": "your result passes grad back unchanged: the "
                       "slope 1 - tanh²(x) is missing"},
    why={"opposite_sign": "the slope of tanh, 1 - tanh²(x), is positive: "
                          "the share passed back is grad × (1 - t²), with "
                          "no minus sign"})

exercise(
    "ch6.softmax_backward", ["A", "grad"],
    "the adjoint of the logits of a softmax node, from its outputs A (one "
    "example per row) and their adjoint grad: shape (m, K), the shape of A",
    _softmax_backward, ["elementwise_softmax", "batch_mixed", "wrong_axis"],
    _softmax_cases(), where=(_CH6, "Tensors instead of numbers"),
    sizes=_softmax_sizes,
    says={"elementwise_softmax": "your result is grad × a(1 - a): the "
                                 "diagonal of the softmax's Jacobian only",
          "wrong_axis": "your result sums grad × a down each column, over "
                        "the examples, where each row sums over its own "
                        "classes"},
    why={"elementwise_softmax": "each softmax output depends on every z "
                                "of its row, so the backward rule needs "
                                "the whole Jacobian diag(a) - a aᵀ: "
                                "a ⊙ (ḡ - aᵀḡ), not only its diagonal "
                                "a(1 - a)",
         "opposite_sign": "the softmax's Jacobian is diag(a) - a aᵀ, so "
                          "the adjoint of the logits is a ⊙ (ḡ - aᵀḡ): "
                          "the node's own grad enters with a plus sign"})

exercise(
    "ch6.reverse_pass", ["parents", "local"],
    "the adjoint of every node, d output / d node, for nodes numbered in "
    "topological order with the output last: an array of length "
    "len(parents)",
    _reverse_pass, ["overwrite_adjoint", "forward_order",
                    "parent_counted_once"], _graph_cases(),
    where=_REVERSE, sizes=_graph_sizes)

exercise(
    "ch6.log_node", ["x"],
    "the node of log x for a Node x: Node(value, parents, local, op) with "
    "its value, its parent and its local derivative",
    _log_node, ["g_for_gprime", "node_not_linked"], _log_cases(),
    where=(_CH6, "The engine"),
    says={"g_for_gprime": "your node's local derivative is log x, its own "
                          "value, where the slope 1/x belongs"},
    see={"g_for_gprime": (_CH6, "The engine")},
    entries="entry 0 is the node's value, entry 1 the adjoint that "
            "backward() gives x",
    adapt=_node_result)
