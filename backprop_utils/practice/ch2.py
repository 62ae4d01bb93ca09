"""Chapter 2's exercises: one identity layer with ℒ = ½ Σ (ŷ - y)² and J
the mean, then a sigmoid output with binary cross-entropy."""

import numpy as np

from ..activations import sigmoid, sigmoid_prime
from .engine import exercise

_COST = ("ch2_single_layer.ipynb", "From one example to a data set: the cost")
_BCE = ("ch2_single_layer.ipynb",
        "Beyond regression: a sigmoid output and cross-entropy")


def _sizes(case):
    m, n0 = case["X"].shape
    return {"m": (m, "the number of examples"),
            "n_0": (n0, "the number of inputs"),
            "n_1": (case["Y"].shape[1], "the number of outputs")}


def _cases():
    rng = np.random.default_rng(22)
    # m = 4, 3 and 5: never 2, and never the same as n_0 or n_1 in every
    # case, so that the 1/m, the 2 and a division by another count differ
    return [{"X": rng.normal(size=(m, n0)), "Y": rng.normal(size=(m, n1)),
             "W": rng.normal(size=(n1, n0)), "b": rng.normal(size=n1)}
            for m, n0, n1 in [(4, 3, 2), (3, 2, 1), (5, 3, 3)]]


def _grad(X, Y, W, b, *, of, mistake=None):
    m = X.shape[0]
    # dℒ/dz, one row per example
    E = X @ W.T - Y if mistake == "forgot_bias" else X @ W.T + b - Y
    if mistake == "factor_two":
        E = 2 * E
    elif mistake == "flipped_sign":
        E = -E
    scale = 1.0 if mistake == "missing_mean" else 1.0 / m
    return scale * (E.T @ X if of == "W" else E.sum(axis=0))


def _bce_cases():
    rng = np.random.default_rng(23)
    cases = [{"Z": rng.normal(scale=2, size=(m, n)),
              "Y": rng.integers(0, 2, size=(m, n)).astype(float)}
             for m, n in [(5, 1), (4, 2)]]
    # saturated outputs, as the task warns: σ(±40) rounds to 1 and to
    # 4e-18, where dℒ/da divides by a(1 - a) = 0
    # and far beyond, where exp(z) itself overflows
    cases.append({"Z": np.array([[40.0, -3.0], [-40.0, 1.5], [2.0, 45.0],
                                 [800.0, -800.0]]),
                  "Y": np.array([[1.0, 0.0], [1.0, 1.0], [0.0, 0.0],
                                 [0.0, 1.0]])})
    return cases


def _bce_sizes(case):
    m, n = case["Z"].shape
    return {"m": (m, "the number of examples"),
            "n_1": (n, "the number of outputs")}


def _output_delta(Z, Y, *, mistake=None):
    A = sigmoid(Z)
    if mistake == "z_for_a":
        return Z - Y
    if mistake == "no_gprime":                    # dℒ/da, not dℒ/dz
        return (A - Y) / (A * (1 - A))
    delta = Y - A if mistake == "flipped_sign" else A - Y
    return delta * sigmoid_prime(Z) if mistake == "extra_gprime" else delta


_HALF_SQUARE = {
    "flipped_sign": "the loss grows as ŷ moves away from y, so its "
                    "derivative has the sign of ŷ - y: ½(ŷ - y)² gives "
                    "ŷ - y; with y - ŷ, gradient descent would climb"}

exercise(
    "ch2.grad_W", ["X", "Y", "W", "b"],
    "dJ/dW for one identity layer, ℒ = ½ Σ_j (ŷ_j - y_j)² per example and "
    "J their mean: shape (n_1, n_0), the shape of W",
    lambda X, Y, W, b, mistake=None: _grad(X, Y, W, b, of="W",
                                           mistake=mistake),
    ["factor_two", "missing_mean", "flipped_sign", "forgot_bias"], _cases(),
    where=_COST, sizes=_sizes, why=_HALF_SQUARE)

exercise(
    "ch2.grad_b", ["X", "Y", "W", "b"],
    "dJ/db for the same layer and cost: shape (n_1,), the shape of b",
    lambda X, Y, W, b, mistake=None: _grad(X, Y, W, b, of="b",
                                           mistake=mistake),
    ["factor_two", "missing_mean", "flipped_sign", "forgot_bias"], _cases(),
    where=_COST, sizes=_sizes, why=_HALF_SQUARE)

exercise(
    "ch2.output_delta", ["Z", "Y"],
    "the output deltas dℒ/dz of sigmoid outputs with binary "
    "cross-entropy, for a batch, finite for z of any size: shape (m, n_1), "
    "the shape of Z",
    _output_delta, ["extra_gprime", "flipped_sign", "z_for_a", "no_gprime"],
    _bce_cases(), where=_BCE, sizes=_bce_sizes,
    says={"no_gprime": "your result is dℒ/da, not dℒ/dz: the step back "
                       "through a = σ(z), times σ'(z), is missing"},
    see={"flipped_sign": _BCE, "z_for_a": _BCE, "no_gprime": _BCE},
    why={"flipped_sign": "with a sigmoid output and binary cross-entropy "
                         "the delta dℒ/dz is a - y: the loss falls as a "
                         "moves toward y; with y - a, gradient descent "
                         "would climb"})
