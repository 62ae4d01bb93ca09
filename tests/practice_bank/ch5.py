"""Learner-style answers to chapter 5's "Write it yourself" exercises.

ch5.softmax: ``softmax_rows(Z)``, the softmax of each row, safe for large
logits.
ch5.cost: ``cost(Z, Y)``, the mean over the examples of the cross-entropy
of softmax(z) against the one-hot y.
ch5.output_gradients: ``output_gradients(A_prev, Z, Y)``, [dJ/dW^(L),
dJ/db^(L)] of a softmax output with cross-entropy and a mean cost.

Every ``code`` string is self-contained and defines one top-level
function, the learner's answer.
"""

BANK = [
    # ------------------------------------------------------------------
    # ch5.softmax -- correct
    dict(id="ch5.softmax/newaxis-shift",
         exercise="ch5.softmax", verdict="correct", kind=None, factor=None,
         why="Subtracts each row's max via [:, None] indexing instead of keepdims.",
         code='''
import numpy as np


def softmax_rows(Z):
    shifted = Z - np.max(Z, axis=1)[:, None]
    E = np.exp(shifted)
    return E / np.sum(E, axis=1)[:, None]
'''),
    dict(id="ch5.softmax/scipy",
         exercise="ch5.softmax", verdict="correct", kind=None, factor=None,
         why="Calls scipy.special.softmax along axis 1.",
         code='''
import numpy as np
from scipy.special import softmax


def softmax_rows(Z):
    return softmax(Z, axis=1)
'''),
    dict(id="ch5.softmax/row-loop",
         exercise="ch5.softmax", verdict="correct", kind=None, factor=None,
         why="Loops over the rows and shifts each by its own largest logit.",
         code='''
import numpy as np


def softmax_rows(logits):
    out = np.zeros(logits.shape)
    for i, row in enumerate(logits):
        e = np.exp(row - max(row))
        out[i] = e / e.sum()
    return out
'''),
    dict(id="ch5.softmax/log-sum-exp",
         exercise="ch5.softmax", verdict="correct", kind=None, factor=None,
         why="Computes log-softmax with np.logaddexp.reduce and exponentiates it.",
         code='''
import numpy as np


def softmax_rows(Z):
    lse = np.logaddexp.reduce(Z, axis=1, keepdims=True)
    return np.exp(Z - lse)
'''),
    dict(id="ch5.softmax/float32",
         exercise="ch5.softmax", verdict="correct", kind=None, factor=None,
         why="Does the max-shifted softmax in float32; right to float32 precision.",
         code='''
import numpy as np


def softmax_rows(Z):
    Z32 = np.asarray(Z, dtype=np.float32)
    E = np.exp(Z32 - Z32.max(axis=1, keepdims=True))
    return E / E.sum(axis=1, keepdims=True)
'''),
    # ch5.softmax -- wrong
    dict(id="ch5.softmax/no-shift",
         exercise="ch5.softmax", verdict="wrong", kind="overflow", factor=None,
         why="Exponentiates the raw logits, so exp overflows to inf and the result is nan for large logits.",
         code='''
import numpy as np


def softmax_rows(Z):
    E = np.exp(Z)
    return E / E.sum(axis=1, keepdims=True)
'''),
    dict(id="ch5.softmax/max-of-columns",
         exercise="ch5.softmax", verdict="wrong", kind="wrong_axis", factor=None,
         why="Subtracts the max of each column (axis 0), a different shift for every entry of a row, which changes the probabilities.",
         code='''
import numpy as np


def softmax_rows(Z):
    E = np.exp(Z - Z.max(axis=0, keepdims=True))
    return E / E.sum(axis=1, keepdims=True)
'''),
    dict(id="ch5.softmax/one-max",
         exercise="ch5.softmax", verdict="wrong", kind="wrong_axis", factor=None,
         why="Subtracts one max for the whole batch: fine in exact arithmetic, but a row far below the batch's max underflows to 0/0.",
         code='''
import numpy as np


def softmax_rows(Z):
    E = np.exp(Z - np.max(Z))
    return E / E.sum(axis=1, keepdims=True)
'''),
    dict(id="ch5.softmax/normalise-columns",
         exercise="ch5.softmax", verdict="wrong", kind="wrong_axis", factor=None,
         why="Shifts by the row max but divides by the column sums, so the columns sum to 1 instead of the rows.",
         code='''
import numpy as np


def softmax_rows(Z):
    E = np.exp(Z - Z.max(axis=1, keepdims=True))
    return E / E.sum(axis=0, keepdims=True)
'''),
    dict(id="ch5.softmax/no-keepdims",
         exercise="ch5.softmax", verdict="wrong", kind="wrong_axis", factor=None,
         why="Drops keepdims, so the (m,) row sums broadcast along the wrong axis: an error, or wrong numbers when m = K.",
         code='''
import numpy as np


def softmax_rows(Z):
    E = np.exp(Z - Z.max(axis=1, keepdims=True))
    return E / E.sum(axis=1)
'''),
    dict(id="ch5.softmax/shift-in-place",
         exercise="ch5.softmax", verdict="wrong", kind="mutates_input", factor=None,
         why="Subtracts the max from the caller's Z in place with -=, changing the logits it was given.",
         code='''
import numpy as np


def softmax_rows(Z):
    Z -= Z.max(axis=1, keepdims=True)
    E = np.exp(Z)
    return E / E.sum(axis=1, keepdims=True)
'''),
    dict(id="ch5.softmax/sigmoids",
         exercise="ch5.softmax", verdict="wrong", kind="other", factor=None,
         why="Applies the sigmoid to every logit, which gives numbers between 0 and 1 that do not sum to 1.",
         code='''
import numpy as np
from backprop_utils.activations import sigmoid


def softmax_rows(Z):
    return sigmoid(Z)
'''),
    dict(id="ch5.softmax/mean-shift",
         exercise="ch5.softmax", verdict="wrong", kind="overflow", factor=None,
         why="Shifts each row by its mean instead of its max, which still overflows when the logits are spread by more than about 1400.",
         code='''
import numpy as np


def softmax_rows(Z):
    E = np.exp(Z - Z.mean(axis=1, keepdims=True))
    return E / E.sum(axis=1, keepdims=True)
'''),
    # ------------------------------------------------------------------
    # ch5.cost -- correct
    dict(id="ch5.cost/log-softmax",
         exercise="ch5.cost", verdict="correct", kind=None, factor=None,
         why="Builds a stable log-softmax and averages -sum(y log a) over the rows.",
         code='''
import numpy as np


def cost(Z, Y):
    M = Z.max(axis=1, keepdims=True)
    log_A = Z - M - np.log(np.exp(Z - M).sum(axis=1, keepdims=True))
    return -np.mean(np.sum(Y * log_A, axis=1))
'''),
    dict(id="ch5.cost/logaddexp",
         exercise="ch5.cost", verdict="correct", kind=None, factor=None,
         why="Uses np.logaddexp.reduce for log-sum-exp and picks z_c with a product by Y.",
         code='''
import numpy as np


def cost(Z, Y):
    lse = np.logaddexp.reduce(Z, axis=1)
    z_c = (Z * Y).sum(axis=1)
    return float(np.mean(lse - z_c))
'''),
    dict(id="ch5.cost/argmax-loop",
         exercise="ch5.cost", verdict="correct", kind=None, factor=None,
         why="Loops over the examples, finds the true class with argmax of the one-hot row, and adds lse(z) - z_c.",
         code='''
import math

import numpy as np


def cost(Z, Y):
    total = 0.0
    for z, y in zip(Z, Y):
        c = int(np.argmax(y))
        top = max(z)
        lse = top + math.log(sum(math.exp(v - top) for v in z))
        total += lse - z[c]
    return total / len(Z)
'''),
    dict(id="ch5.cost/scipy-logsumexp",
         exercise="ch5.cost", verdict="correct", kind=None, factor=None,
         why="Calls scipy.special.logsumexp on each row.",
         code='''
import numpy as np
from scipy.special import logsumexp


def cost(Z, Y):
    return np.mean(logsumexp(Z, axis=1) - np.einsum("mk,mk->m", Y, Z))
'''),
    # ch5.cost -- wrong
    dict(id="ch5.cost/lse-no-shift",
         exercise="ch5.cost", verdict="wrong", kind="overflow", factor=None,
         why="Takes log(sum(exp(Z))) with no max shift, which overflows to inf for large logits.",
         code='''
import numpy as np


def cost(Z, Y):
    lse = np.log(np.sum(np.exp(Z), axis=1))
    return np.mean(lse - np.sum(Y * Z, axis=1))
'''),
    dict(id="ch5.cost/log-of-softmax",
         exercise="ch5.cost", verdict="wrong", kind="overflow", factor=None,
         why="Takes the log of a (stable) softmax: a probability that underflows to 0 gives log 0 = -inf and 0 * -inf = nan.",
         code='''
import numpy as np
from backprop_utils.activations import softmax


def cost(Z, Y):
    A = softmax(Z)
    return -np.mean(np.sum(Y * np.log(A), axis=1))
'''),
    dict(id="ch5.cost/sum-not-mean",
         exercise="ch5.cost", verdict="wrong", kind="constant_multiple", factor="m",
         why="Sums the losses of the examples instead of averaging them.",
         code='''
import numpy as np


def cost(Z, Y):
    M = Z.max(axis=1, keepdims=True)
    lse = M[:, 0] + np.log(np.exp(Z - M).sum(axis=1))
    return np.sum(lse - np.sum(Y * Z, axis=1))
'''),
    dict(id="ch5.cost/mean-over-entries",
         exercise="ch5.cost", verdict="wrong", kind="constant_multiple", factor="1/K",
         why="Takes np.mean over every entry of Y * log A, which also divides by the number of classes.",
         code='''
import numpy as np


def cost(Z, Y):
    M = Z.max(axis=1, keepdims=True)
    log_A = Z - M - np.log(np.exp(Z - M).sum(axis=1, keepdims=True))
    return -np.mean(Y * log_A)
'''),
    dict(id="ch5.cost/no-minus",
         exercise="ch5.cost", verdict="wrong", kind="sign", factor=None,
         why="Forgets the minus sign of the cross-entropy and returns a negative cost.",
         code='''
import numpy as np


def cost(Z, Y):
    M = Z.max(axis=1, keepdims=True)
    log_A = Z - M - np.log(np.exp(Z - M).sum(axis=1, keepdims=True))
    return np.mean(np.sum(Y * log_A, axis=1))
'''),
    dict(id="ch5.cost/lse-over-batch",
         exercise="ch5.cost", verdict="wrong", kind="wrong_axis", factor=None,
         why="Does the max and log-sum-exp over axis 0, the examples, instead of over the classes.",
         code='''
import numpy as np


def cost(Z, Y):
    M = Z.max(axis=0, keepdims=True)
    log_A = Z - M - np.log(np.exp(Z - M).sum(axis=0, keepdims=True))
    return -np.mean(np.sum(Y * log_A, axis=1))
'''),
    dict(id="ch5.cost/per-example",
         exercise="ch5.cost", verdict="wrong", kind="wrong_shape", factor=None,
         why="Returns the vector of the examples' losses and never takes the mean.",
         code='''
import numpy as np


def cost(Z, Y):
    M = Z.max(axis=1, keepdims=True)
    lse = M[:, 0] + np.log(np.exp(Z - M).sum(axis=1))
    return lse - np.sum(Y * Z, axis=1)
'''),
    dict(id="ch5.cost/shift-in-place",
         exercise="ch5.cost", verdict="wrong", kind="mutates_input", factor=None,
         why="Shifts the caller's logits in place with Z -= max; the cost is right but Z is changed.",
         code='''
import numpy as np


def cost(Z, Y):
    Z -= Z.max(axis=1, keepdims=True)
    return np.mean(np.log(np.exp(Z).sum(axis=1)) - np.sum(Y * Z, axis=1))
'''),
    dict(id="ch5.cost/one-max",
         exercise="ch5.cost", verdict="wrong", kind="wrong_axis", factor=None,
         why="Shifts by one max for the whole batch, so an example whose logits are all far below it gets log(0) = -inf.",
         code='''
import numpy as np


def cost(Z, Y):
    M = Z.max()
    lse = M + np.log(np.exp(Z - M).sum(axis=1))
    return np.mean(lse - (Y * Z).sum(axis=1))
'''),
    dict(id="ch5.cost/forgot-to-add-max-back",
         exercise="ch5.cost", verdict="wrong", kind="other", factor=None,
         why="Shifts by the max inside the log-sum-exp but forgets to add it back before subtracting z_c.",
         code='''
import numpy as np


def cost(Z, Y):
    M = Z.max(axis=1, keepdims=True)
    lse = np.log(np.exp(Z - M).sum(axis=1))
    return np.mean(lse - np.sum(Y * Z, axis=1))
'''),
    dict(id="ch5.cost/formatted-string",
         exercise="ch5.cost", verdict="wrong", kind="odd_return", factor=None,
         why="Returns the cost formatted as a string with four decimals, as it would print it.",
         code='''
import numpy as np


def cost(Z, Y):
    M = Z.max(axis=1, keepdims=True)
    lse = M[:, 0] + np.log(np.exp(Z - M).sum(axis=1))
    J = np.mean(lse - np.sum(Y * Z, axis=1))
    return f"{J:.4f}"
'''),
    # ------------------------------------------------------------------
    # ch5.output_gradients -- correct
    dict(id="ch5.output_gradients/tuple-einsum",
         exercise="ch5.output_gradients", verdict="correct", kind=None, factor=None,
         why="Returns a tuple (dW, db) computed with einsum and a mean down the batch.",
         code='''
import numpy as np
from backprop_utils.activations import softmax


def output_gradients(A_prev, Z, Y):
    D = (softmax(Z) - Y) / Z.shape[0]
    return np.einsum("mk,mn->kn", D, A_prev), D.sum(axis=0)
'''),
    dict(id="ch5.output_gradients/own-softmax",
         exercise="ch5.output_gradients", verdict="correct", kind=None, factor=None,
         why="Writes its own stable softmax as a nested helper and uses np.mean for the biases.",
         code='''
import numpy as np


def output_gradients(A_prev, Z, Y):
    def stable_softmax(S):
        E = np.exp(S - S.max(axis=1, keepdims=True))
        return E / E.sum(axis=1, keepdims=True)

    delta = stable_softmax(Z) - Y
    dW = delta.T @ A_prev / len(Z)
    db = np.mean(delta, axis=0)
    return [dW, db]
'''),
    dict(id="ch5.output_gradients/example-loop",
         exercise="ch5.output_gradients", verdict="correct", kind=None, factor=None,
         why="Accumulates one example's outer product and delta at a time.",
         code='''
import numpy as np
from backprop_utils.activations import softmax


def output_gradients(A_prev, Z, Y):
    m, K = Z.shape
    dW = np.zeros((K, A_prev.shape[1]))
    db = np.zeros(K)
    for a_prev, z, y in zip(A_prev, Z, Y):
        d = softmax(z) - y
        dW += np.outer(d, a_prev)
        db += d
    return [dW / m, db / m]
'''),
    dict(id="ch5.output_gradients/dJ-dZ-first",
         exercise="ch5.output_gradients", verdict="correct", kind=None, factor=None,
         why="Forms dJ/dZ = (A - Y)/m as in the summary, then sums with a ones vector for the biases.",
         code='''
import numpy as np
from backprop_utils.activations import softmax


def output_gradients(A_prev, Z, Y):
    m = Z.shape[0]
    dZ = (softmax(Z) - Y) / m
    return [np.matmul(dZ.T, A_prev), np.ones(m) @ dZ]
'''),
    # ch5.output_gradients -- wrong
    dict(id="ch5.output_gradients/sum-not-mean",
         exercise="ch5.output_gradients", verdict="wrong", kind="constant_multiple", factor="m",
         why="Sums over the batch for both gradients and never divides by m.",
         code='''
import numpy as np
from backprop_utils.activations import softmax


def output_gradients(A_prev, Z, Y):
    delta = softmax(Z) - Y
    return [delta.T @ A_prev, delta.sum(axis=0)]
'''),
    dict(id="ch5.output_gradients/dW-transposed",
         exercise="ch5.output_gradients", verdict="wrong", kind="transpose", factor=None,
         why="Computes A_prev^T delta / m, shape (n_(L-1), K), the transpose of dJ/dW.",
         code='''
import numpy as np
from backprop_utils.activations import softmax


def output_gradients(A_prev, Z, Y):
    m = Z.shape[0]
    delta = softmax(Z) - Y
    return [A_prev.T @ delta / m, delta.mean(axis=0)]
'''),
    dict(id="ch5.output_gradients/db-keepdims",
         exercise="ch5.output_gradients", verdict="wrong", kind="wrong_shape", factor=None,
         why="Keeps the batch axis in the bias gradient, shape (1, K) instead of (K,).",
         code='''
import numpy as np
from backprop_utils.activations import softmax


def output_gradients(A_prev, Z, Y):
    m = Z.shape[0]
    delta = softmax(Z) - Y
    return [delta.T @ A_prev / m, delta.sum(axis=0, keepdims=True) / m]
'''),
    dict(id="ch5.output_gradients/extra-softmax-diagonal",
         exercise="ch5.output_gradients", verdict="wrong", kind="extra_derivative", factor=None,
         why="Multiplies A - Y by a(1 - a) as if softmax were element-wise, on top of the combined delta.",
         code='''
import numpy as np
from backprop_utils.activations import softmax


def output_gradients(A_prev, Z, Y):
    m = Z.shape[0]
    A = softmax(Z)
    delta = (A - Y) * A * (1 - A)
    return [delta.T @ A_prev / m, delta.mean(axis=0)]
'''),
    dict(id="ch5.output_gradients/Z-minus-Y",
         exercise="ch5.output_gradients", verdict="wrong", kind="z_for_a", factor=None,
         why="Uses Z - Y as the output delta, the logits where the probabilities belong.",
         code='''
import numpy as np


def output_gradients(A_prev, Z, Y):
    m = Z.shape[0]
    delta = Z - Y
    return [delta.T @ A_prev / m, delta.mean(axis=0)]
'''),
    dict(id="ch5.output_gradients/db-over-classes",
         exercise="ch5.output_gradients", verdict="wrong", kind="wrong_axis", factor=None,
         why="Averages the deltas over the classes (axis 1) for the bias gradient, one number per example.",
         code='''
import numpy as np
from backprop_utils.activations import softmax


def output_gradients(A_prev, Z, Y):
    m = Z.shape[0]
    delta = softmax(Z) - Y
    return [delta.T @ A_prev / m, delta.mean(axis=1)]
'''),
    dict(id="ch5.output_gradients/dict",
         exercise="ch5.output_gradients", verdict="wrong", kind="odd_return", factor=None,
         why="Returns a dict {'dW': ..., 'db': ...} instead of the list [dW, db].",
         code='''
import numpy as np
from backprop_utils.activations import softmax


def output_gradients(A_prev, Z, Y):
    m = Z.shape[0]
    delta = softmax(Z) - Y
    return {"dW": delta.T @ A_prev / m, "db": delta.sum(axis=0) / m}
'''),
    dict(id="ch5.output_gradients/naive-softmax",
         exercise="ch5.output_gradients", verdict="wrong", kind="overflow", factor=None,
         why="Writes softmax as exp(Z)/sum(exp(Z)) with no max shift, which gives nan for large logits.",
         code='''
import numpy as np


def output_gradients(A_prev, Z, Y):
    E = np.exp(Z)
    A = E / E.sum(axis=1, keepdims=True)
    delta = A - Y
    return [delta.T @ A_prev / len(Z), delta.mean(axis=0)]
'''),
    dict(id="ch5.output_gradients/through-jacobian",
         exercise="ch5.output_gradients", verdict="wrong", kind="overflow", factor=None,
         why="Goes through dL/dA = -Y/A and the softmax Jacobian: right for moderate logits, but a true-class probability that underflows to 0 gives inf * 0 = nan.",
         code='''
import numpy as np
from backprop_utils.activations import softmax, softmax_jacobian


def output_gradients(A_prev, Z, Y):
    m = Z.shape[0]
    A = softmax(Z)
    dL_dA = -Y / A
    delta = np.einsum("mik,mi->mk", softmax_jacobian(Z), dL_dA)
    return [delta.T @ A_prev / m, delta.mean(axis=0)]
'''),
    dict(id="ch5.output_gradients/diagonal-only",
         exercise="ch5.output_gradients", verdict="wrong", kind="other", factor=None,
         why="Multiplies dL/da = -y/a by the Jacobian's diagonal a(1 - a) only, giving -y(1 - a): the wrong classes get no gradient.",
         code='''
import numpy as np
from backprop_utils.activations import softmax


def output_gradients(A_prev, Z, Y):
    m = Z.shape[0]
    A = softmax(Z)
    delta = -Y * (1 - A)
    return [delta.T @ A_prev / m, delta.sum(axis=0) / m]
'''),
    dict(id="ch5.output_gradients/sign-flip",
         exercise="ch5.output_gradients", verdict="wrong", kind="sign", factor=None,
         why="Uses Y - A as the delta, the direction in which to move, not the gradient.",
         code='''
import numpy as np
from backprop_utils.activations import softmax


def output_gradients(A_prev, Z, Y):
    m = Z.shape[0]
    delta = Y - softmax(Z)
    return [delta.T @ A_prev / m, delta.sum(axis=0) / m]
'''),
]
