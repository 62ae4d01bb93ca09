"""Chapter 5's exercises: softmax, the cross-entropy cost and the output
layer's gradients, for a batch of one-hot targets."""

import numpy as np

from ..activations import softmax
from .engine import exercise

_CH5 = "ch5_softmax.ipynb"


def _sizes(case):
    m, K = case["Z"].shape
    out = {"m": (m, "the number of examples"),
           "K": (K, "the number of classes")}
    if "A_prev" in case:
        out["n"] = (case["A_prev"].shape[1], "the inputs to the layer")
    return out


def _cases(big=False):
    rng = np.random.default_rng(55)
    cases = []
    # K = 3 and 4 classes, m = 4 and 5 examples: m is never K, and the
    # true class is sometimes the likeliest and sometimes not
    for m, K in [(4, 3), (5, 4)]:
        Z = rng.normal(scale=2.0, size=(m, K))
        cases.append({"Z": Z, "Y": np.eye(K)[rng.integers(0, K, size=m)]})
    if big:
        # logits of a confident network, as the task warns: exp(z)
        # overflows without a shift (rows 0, 2 and 3 reach above 709);
        # row 1, far below the batch's largest logit, underflows to 0
        # with one shift for the whole batch; row 3 spans 2000, so that
        # a shift by its mean still overflows, and the log of its
        # smallest probability (its true class) is -inf
        Z = rng.normal(scale=2.0, size=(4, 4))
        Z[0] += 800.0
        Z[2] += 760.0
        Z[3] = [-1000.0, 3.0, 1000.0, -2.0]
        cases.append({"Z": Z, "Y": np.eye(4)[[2, 0, 3, 0]]})
    return cases


def _columns_sum_to_one(results, cases):
    """The softmax taken down each column: its columns sum to 1, its
    rows do not."""
    for parts in results:
        P = parts[0][1]
        if P.ndim != 2 or not np.allclose(P.sum(axis=0), 1) or \
                np.allclose(P.sum(axis=1), 1):
            return None
    return "wrong_axis"


_columns_sum_to_one.names = ["wrong_axis"]


def _softmax(Z, *, mistake=None):
    if mistake == "no_max_shift":
        E = np.exp(Z)
        return E / E.sum(axis=1, keepdims=True)
    if mistake == "global_max_shift":
        E = np.exp(Z - Z.max())
        return E / E.sum(axis=1, keepdims=True)
    return softmax(Z)


def _cost(Z, Y, *, mistake=None):
    if mistake == "no_max_shift":
        lse = np.log(np.exp(Z).sum(axis=1))
    elif mistake == "global_max_shift":
        lse = Z.max() + np.log(np.exp(Z - Z.max()).sum(axis=1))
    else:
        top = Z.max(axis=1, keepdims=True)
        lse = top[:, 0] + np.log(np.exp(Z - top).sum(axis=1))
    losses = lse - np.sum(Y * Z, axis=1)          # -log a_c, per example
    if mistake == "mean_over_classes":
        losses = losses / Z.shape[1]
    if mistake == "dropped_minus":
        losses = -losses
    return losses.sum() if mistake == "missing_mean" else losses.mean()


def _gradient_cases():
    rng = np.random.default_rng(56)
    return [{"A_prev": rng.uniform(0, 1.5, size=(c["Z"].shape[0], n)), **c}
            for c, n in zip(_cases(big=True), (3, 2, 2))]


def _output_gradients(A_prev, Z, Y, *, mistake=None):
    A = softmax(Z)
    delta = {"elementwise_softmax": -Y * (1 - A),
             "flipped_softmax_delta": Y - A,
             "mean_over_classes": (A - Y) / Z.shape[1],
             "extra_softmax_derivative": (A - Y) * A * (1 - A),
             "z_for_a": Z - Y}.get(mistake, A - Y)
    m = 1.0 if mistake == "missing_mean" else Z.shape[0]
    return [delta.T @ A_prev / m, delta.sum(axis=0) / m]


exercise(
    "ch5.softmax", ["Z"],
    "the softmax of each row of Z, probabilities that sum to 1 along each "
    "row, finite for logits of any size: shape (m, K), the shape of Z",
    lambda Z, mistake=None: _softmax(Z, mistake=mistake),
    ["no_max_shift", "global_max_shift"],
    [{"Z": c["Z"]} for c in _cases(big=True)],
    where=(_CH5, "Numbers that stay finite"), sizes=_sizes,
    detect=_columns_sum_to_one,
    says={"wrong_axis": "your probabilities sum to 1 down each column, "
                        "over the examples, where each row (one example) "
                        "should sum to 1 over its classes"})

exercise(
    "ch5.cost", ["Z", "Y"],
    "J, the mean over the examples of the cross-entropy of softmax(Z) "
    "against the one-hot rows Y, finite for logits of any size: one number",
    _cost,
    ["mean_over_classes", "missing_mean", "dropped_minus", "no_max_shift",
     "global_max_shift"], _cases(big=True),
    where=(_CH5, "The cross-entropy loss"), sizes=_sizes,
    says={"missing_mean": "your cost is m times the right one: the sum of "
                          "the examples' losses, not their mean",
          "no_max_shift": "your cost is inf or nan once the logits are "
                          "large: log Σ exp(z) overflows",
          "global_max_shift": "your cost is inf or nan for a row whose "
                              "logits are all far below the batch's "
                              "largest one: one shift for the whole batch"},
    why={"no_max_shift": "exp(z) overflows to inf once z passes about 709; "
                         "compute log Σ_k exp(z_k) as c + log Σ_k "
                         "exp(z_k - c), with c each row's largest z",
         "global_max_shift": "with c the batch's largest z, a row far "
                             "below it has exp(z - c) = 0 in every entry, "
                             "and log 0 is -inf; take c = "
                             "Z.max(axis=1, keepdims=True), one per row"})

exercise(
    "ch5.output_gradients", ["A_prev", "Z", "Y"],
    "[dJ/dW^(L), dJ/db^(L)] of a softmax output layer with cross-entropy, "
    "from its inputs A_prev, its logits Z and the one-hot rows Y, finite "
    "for logits of any size: shapes (K, n_(L-1)) and (K,)",
    _output_gradients,
    ["elementwise_softmax", "mean_over_classes", "missing_mean",
     "flipped_softmax_delta", "extra_softmax_derivative", "z_for_a"],
    _gradient_cases(), where=(_CH5, "Softmax and cross-entropy together"),
    sizes=_sizes,
    says={"missing_mean": "your gradients are m times the right ones: sums "
                          "over the examples, not their means"},
    why={"z_for_a": "the output delta of softmax with cross-entropy is "
                    "a - y, with a = softmax(z) the probabilities; z - y "
                    "compares the logits themselves with the targets"})
