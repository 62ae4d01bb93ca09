"""Chapter 4's exercises: the delta recursion, every weight gradient, and
one step of gradient descent, for any number of layers."""

import numpy as np

from ..activations import relu, relu_prime
from .engine import exercise

_RECURSION = ("ch4_delta_recursion.ipynb", "The recursion in vector form")
_STEP = ("ch4_delta_recursion.ipynb", "One step of gradient descent")

# Depths 3, 4 and 2 (L, the number of weight matrices): a function
# written for one depth fails on the others. 2-3-2-1 as in the chapter;
# 3-3-3-3-3, where every W is square and every layer as wide as the
# next (so that a transposed W or the next layer's z give numbers, not a
# shape error); and 2-4-1.
_DEPTHS = [([2, 3, 2, 1], 4), ([3, 3, 3, 3, 3], 3), ([2, 4, 1], 5)]


def _sizes(case):
    first = case.get("X", case.get("delta_out"))
    return {"m": (first.shape[0], "the number of examples"),
            "L": (len(case["Ws"]), "the number of layers")}


def _layer_cases(seed, with_targets=False):
    rng = np.random.default_rng(seed)
    cases = []
    for sizes, m in _DEPTHS:
        Ws = [rng.normal(size=(n, k)) for k, n in zip(sizes, sizes[1:])]
        case = {"Ws": Ws}
        if with_targets:
            case["bs"] = [rng.normal(scale=0.5, size=n) for n in sizes[1:]]
            case["X"] = rng.normal(size=(m, sizes[0]))
            case["Y"] = rng.normal(size=(m, sizes[-1]))
            case["eta"] = 0.1
        else:
            case["Zs"] = [rng.normal(size=(m, n)) for n in sizes[1:]]
            case["delta_out"] = rng.normal(size=(m, sizes[-1]))
        cases.append(case)
    return cases


def _deltas(Ws, Zs, delta_out, *, mistake=None):
    """Hidden deltas [delta^(1), ..., delta^(L-1)] of ReLU layers."""
    L = len(Ws)
    deltas = [None] * (L - 1) + [delta_out]
    for l in range(L - 1, 0, -1):         # layer l, Ws[l] is W^(l+1)
        W_next = Ws[l].T if mistake == "transposed_weights" else Ws[l]
        back = deltas[l] @ W_next
        Z = Zs[l] if mistake == "wrong_layer_z" else Zs[l - 1]
        slope = relu(Z) if mistake == "g_for_gprime" else relu_prime(Z)
        deltas[l - 1] = back if mistake == "no_gprime" else back * slope
    return deltas[:-1]


def _step(Ws, bs, X, Y, eta, *, mistake=None):
    """New weights after one step on J (ReLU hidden, identity output,
    half squared error, mean over the batch)."""
    m, L = X.shape[0], len(Ws)
    As, Zs = [X], []
    for l in range(L):
        Zs.append(As[-1] @ Ws[l].T
                  + (0.0 if mistake == "forgot_bias" else bs[l]))
        hidden = l < L - 1 or mistake == "activation_on_output"
        As.append(relu(Zs[-1]) if hidden else Zs[-1])
    delta = As[-1] - Y
    if mistake == "factor_two":
        delta = 2 * delta
    Ws = list(Ws)
    new = [None] * L
    sign = 1 if mistake == "uphill_step" else -1
    for l in range(L - 1, -1, -1):
        G = delta.T @ As[l]
        G = G if mistake == "missing_mean" else G / m
        new[l] = Ws[l] + sign * eta * G
        if l > 0:
            if mistake == "updated_weights_mid_pass":
                Ws[l] = new[l]
            delta = delta @ Ws[l]
            if mistake != "no_gprime":
                delta = delta * relu_prime(Zs[l - 1])
    return new


def _gradient_cases():
    rng = np.random.default_rng(44)
    cases = []
    for sizes, m in [([2, 3, 2, 1], 4), ([3, 1, 4], 5), ([2, 2, 3, 2, 1], 3)]:
        cases.append({
            "deltas": [rng.normal(size=(m, n)) for n in sizes[1:]],
            "activations": [rng.normal(size=(m, n)) for n in sizes[:-1]]})
    return cases


def _gradient_sizes(case):
    return {"m": (case["deltas"][0].shape[0], "the number of examples"),
            "L": (len(case["deltas"]), "the number of layers")}


def _weight_gradients(deltas, activations, *, mistake=None):
    m = deltas[0].shape[0]
    out = []
    for delta, A in zip(deltas, activations):
        G = delta.T @ A
        out.append(G if mistake == "missing_mean" else G / m)
    return out


exercise(
    "ch4.deltas", ["Ws", "Zs", "delta_out"],
    "the deltas of the ReLU hidden layers, [delta^(1), ..., delta^(L-1)], "
    "each of shape (m, n_l), for any number of layers L",
    _deltas,
    ["transposed_weights", "g_for_gprime", "no_gprime", "wrong_layer_z"],
    _layer_cases(41), where=_RECURSION, sizes=_sizes,
    see={"g_for_gprime": _RECURSION})

exercise(
    "ch4.weight_gradients", ["deltas", "activations"],
    "[dJ/dW^(1), ..., dJ/dW^(L)] from the deltas [delta^(1), ..., "
    "delta^(L)] and the activations [a^(0), ..., a^(L-1)] of a batch; each "
    "has the shape of its W^(l), (n_l, n_(l-1))",
    _weight_gradients, ["missing_mean"], _gradient_cases(),
    where=("ch4_delta_recursion.ipynb",
           "What the deltas are for: every gradient"),
    sizes=_gradient_sizes)

exercise(
    "ch4.gradient_step", ["Ws", "bs", "X", "Y", "eta"],
    "the weights after one step of gradient descent on J, [W^(1), ..., "
    "W^(L)], each of the shape of the old one, for any number of layers",
    _step,
    ["updated_weights_mid_pass", "missing_mean", "factor_two", "no_gprime",
     "uphill_step", "forgot_bias", "activation_on_output"],
    _layer_cases(42, with_targets=True), where=_STEP, sizes=_sizes,
    step_from=lambda case: case["Ws"],
    says={"factor_two": "your step is twice the right one: each W moved "
                        "by 2η times its gradient (the 2 of the square "
                        "kept where the loss has ½, or 2η in place of η)",
          "missing_mean": "your step is m times the right one: each W "
                          "moved by η times the sum of the examples' "
                          "gradients, not their mean",
          "no_gprime": "your step leaves out relu'(z) in the delta "
                       "recursion: the hidden deltas are W^(l+1)ᵀ δ^(l+1) "
                       "alone"},
    why={"factor_two": "the loss here is ½(ŷ - y)², whose derivative is "
                       "ŷ - y, and the step is η times the gradient"})
