"""Chapter 3's exercises: the hidden deltas of a ReLU layer, and the
gradient of its weights, for a batch."""

import numpy as np

from ..activations import relu, relu_prime
from .engine import exercise


def _delta_cases():
    rng = np.random.default_rng(33)
    cases = []
    for m, n1, n2 in [(3, 4, 2), (4, 3, 3), (5, 2, 1)]:
        Z1 = rng.normal(size=(m, n1))
        # both signs for sure; never exactly 0, where ReLU has no slope
        Z1[0, 0], Z1[-1, -1] = -abs(Z1[0, 0]), abs(Z1[-1, -1])
        cases.append({"W2": rng.normal(size=(n2, n1)),
                      "delta2": rng.normal(size=(m, n2)), "Z1": Z1})
    return cases


def _delta_sizes(case):
    m, n1 = case["Z1"].shape
    return {"m": (m, "the number of examples"),
            "n_1": (n1, "the hidden neurons"),
            "n_2": (case["W2"].shape[0], "the outputs")}


def _delta_hidden(W2, delta2, Z1, *, mistake=None):
    back = delta2 @ (W2.T if mistake == "transposed_weights" else W2)
    if mistake == "no_gprime":
        return back
    return back * (relu(Z1) if mistake == "g_for_gprime"
                   else relu_prime(Z1))


def _grad_cases():
    rng = np.random.default_rng(34)
    return [{"delta1": rng.normal(size=(m, n1)),
             "X": rng.normal(size=(m, n0))}
            for m, n0, n1 in [(4, 3, 2), (3, 1, 4), (5, 2, 2)]]


def _grad_sizes(case):
    m, n1 = case["delta1"].shape
    return {"m": (m, "the number of examples"),
            "n_0": (case["X"].shape[1], "the inputs"),
            "n_1": (n1, "the hidden neurons")}


def _grad_W1(delta1, X, *, mistake=None):
    G = delta1.T @ X
    return G if mistake == "missing_mean" else G / X.shape[0]


exercise(
    "ch3.delta_hidden", ["W2", "delta2", "Z1"],
    "the deltas of a ReLU hidden layer for a batch: shape (m, n_1), one "
    "row per example",
    _delta_hidden, ["no_gprime", "g_for_gprime", "transposed_weights"],
    _delta_cases(), where=("ch3_two_layers.ipynb", "The hidden layer"),
    sizes=_delta_sizes,
    see={"g_for_gprime": ("ch3_two_layers.ipynb", "The hidden layer")})

exercise(
    "ch3.grad_W1", ["delta1", "X"],
    "dJ/dW^(1) from the hidden deltas of a batch and its inputs: shape "
    "(n_1, n_0), the shape of W^(1)",
    _grad_W1, ["missing_mean"], _grad_cases(),
    where=("ch3_two_layers.ipynb", "The backward pass for a batch"),
    sizes=_grad_sizes)
