"""Chapter 1's exercises: a chain of single neurons, ℒ = (a - y)²."""

import numpy as np

from ..activations import sigmoid, sigmoid_prime
from .engine import exercise

_THREE_FACTORS = ("ch1_chain.ipynb", "The last layer: three factors")
_SIGN = {"flipped_sign": "the loss (a - y)² grows as a moves away from y, "
                         "so its slope has the sign of a - y: 2(a - y); "
                         "with y - a, gradient descent would climb"}


def _sizes(case):
    return {"n": (np.size(next(iter(case.values()))),
                  "the number of entries")}


def _dloss_da_cases():
    rng = np.random.default_rng(11)
    return [{"a": rng.uniform(0.05, 0.95, n), "y": rng.uniform(0, 1, n)}
            for n in (5, 4)]


def _dloss_da(a, y, *, mistake=None):
    return {"dropped_two": a - y, "flipped_sign": 2 * (y - a),
            "loss_not_slope": (a - y) ** 2}.get(mistake, 2 * (a - y))


def _dloss_dw_cases():
    rng = np.random.default_rng(12)
    # z of both signs, and inputs that are not 1, so that a missing
    # factor shows; two lengths, so that a division by it shows
    return [{"a_prev": rng.uniform(0.2, 1.8, n),
             "z": rng.uniform(-3, 3, n) * rng.choice([-1, 1], n),
             "y": rng.uniform(0, 1, n)} for n in (6, 5)]


def _dloss_dw(a_prev, z, y, *, mistake=None):
    a = sigmoid(z)
    slope = {"g_for_gprime": sigmoid(z), "gprime_of_a": sigmoid_prime(a),
             "no_gprime": 1.0}.get(mistake, sigmoid_prime(z))
    outer = {"dropped_two": a - y, "flipped_sign": 2 * (y - a),
             "z_for_a": 2 * (z - y)}.get(mistake, 2 * (a - y))
    factor = 1.0 if mistake == "missing_input" else a_prev
    return factor * slope * outer


exercise(
    "ch1.dloss_da", ["a", "y"],
    "dℒ/da for ℒ = (a - y)², elementwise: an array of the shape of a",
    _dloss_da, ["dropped_two", "flipped_sign", "loss_not_slope"],
    _dloss_da_cases(),
    where=_THREE_FACTORS, sizes=_sizes, why=_SIGN)

exercise(
    "ch1.dloss_dw", ["a_prev", "z", "y"],
    "dℒ/dw of the last neuron, with z = w a_prev + b, a = σ(z) and "
    "ℒ = (a - y)², elementwise: an array of the shape of z",
    _dloss_dw,
    ["dropped_two", "flipped_sign", "g_for_gprime", "gprime_of_a",
     "missing_input", "no_gprime", "z_for_a"], _dloss_dw_cases(),
    where=_THREE_FACTORS, sizes=_sizes,
    says={"no_gprime": "your result leaves out σ'(z), the slope of the "
                       "sigmoid, entirely"},
    why={"no_gprime": "a = σ(z) sits between w and the loss, so the chain "
                      "rule multiplies by its slope: dℒ/dw = a_prev · "
                      "σ'(z) · 2(a - y)", **_SIGN},
    see={"no_gprime": _THREE_FACTORS})
