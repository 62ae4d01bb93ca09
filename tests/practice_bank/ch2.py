"""Learner-style answers to chapter 2's "Write it yourself" exercises.

ch2.grad_W: ``grad_W(X, Y, W, b)``, dJ/dW of an identity layer with the
half squared error, J the mean over the batch; shape (n_1, n_0).
ch2.grad_b: ``grad_b(X, Y, W, b)``, dJ/db, shape (n_1,).
ch2.output_delta: ``output_delta(Z, Y)``, dL/dz of sigmoid outputs with
binary cross-entropy, shape (m, n_1).

Every ``code`` string is self-contained and defines one top-level
function, the learner's answer.
"""

BANK = [
    # ------------------------------------------------------------------
    # ch2.grad_W -- correct
    dict(id="ch2.grad_W/triple-loop",
         exercise="ch2.grad_W", verdict="correct", kind=None, factor=None,
         why="Three nested loops over examples, outputs and inputs, with the prediction worked out one output at a time.",
         code='''
import numpy as np


def grad_W(X, Y, W, b):
    m, n0 = X.shape
    n1 = W.shape[0]
    G = np.zeros((n1, n0))
    for i in range(m):
        for j in range(n1):
            y_hat = b[j]
            for k in range(n0):
                y_hat += W[j, k] * X[i, k]
            err = y_hat - Y[i, j]
            for k in range(n0):
                G[j, k] += err * X[i, k]
    return G / m
'''),
    dict(id="ch2.grad_W/einsum",
         exercise="ch2.grad_W", verdict="correct", kind=None, factor=None,
         why="Writes both products with np.einsum.",
         code='''
import numpy as np


def grad_W(X, Y, W, b):
    Y_hat = np.einsum("ik,jk->ij", X, W) + b
    return np.einsum("ij,ik->jk", Y_hat - Y, X) / len(X)
'''),
    dict(id="ch2.grad_W/mean-of-outer-products",
         exercise="ch2.grad_W", verdict="correct", kind=None, factor=None,
         why="Averages the per-example outer products of error and input.",
         code='''
import numpy as np


def grad_W(X, Y, W, b):
    E = np.matmul(X, W.T) + b[np.newaxis, :] - Y
    return np.mean([np.outer(e, x) for e, x in zip(E, X)], axis=0)
'''),
    dict(id="ch2.grad_W/float32",
         exercise="ch2.grad_W", verdict="correct", kind=None, factor=None,
         why="Casts everything to float32 first; right to float32 precision.",
         code='''
import numpy as np


def grad_W(X, Y, W, b):
    X = X.astype(np.float32)
    E = X @ W.astype(np.float32).T + b.astype(np.float32) - Y.astype(np.float32)
    return (E.T @ X) / np.float32(X.shape[0])
'''),
    # ch2.grad_W -- wrong
    dict(id="ch2.grad_W/sign-flip",
         exercise="ch2.grad_W", verdict="wrong", kind="sign", factor=None,
         why="Uses the residual y - y_hat, as in the least-squares normal equations.",
         code='''
import numpy as np


def grad_W(X, Y, W, b):
    R = Y - (X @ W.T + b)
    return R.T @ X / X.shape[0]
'''),
    dict(id="ch2.grad_W/sum-not-mean",
         exercise="ch2.grad_W", verdict="wrong", kind="constant_multiple", factor="m",
         why="Sums over the examples and forgets to divide by m.",
         code='''
import numpy as np


def grad_W(X, Y, W, b):
    E = X @ W.T + b - Y
    return E.T @ X
'''),
    dict(id="ch2.grad_W/divide-by-Y-size",
         exercise="ch2.grad_W", verdict="wrong", kind="constant_multiple", factor="1/n1",
         why="Divides by Y.size, the number of entries m*n_1, instead of the number of examples.",
         code='''
import numpy as np


def grad_W(X, Y, W, b):
    E = X @ W.T + b - Y
    return E.T @ X / Y.size
'''),
    dict(id="ch2.grad_W/divide-by-len-W",
         exercise="ch2.grad_W", verdict="wrong", kind="constant_multiple", factor="m/n1",
         why="Takes len(W), the number of outputs, as the batch size.",
         code='''
import numpy as np


def grad_W(X, Y, W, b):
    E = X @ W.T + b - Y
    return E.T @ X / len(W)
'''),
    dict(id="ch2.grad_W/no-half",
         exercise="ch2.grad_W", verdict="wrong", kind="constant_multiple", factor="2",
         why="Keeps the 2 of chapter 1's square although this loss has a half.",
         code='''
import numpy as np


def grad_W(X, Y, W, b):
    E = X @ W.T + b - Y
    return 2 * E.T @ X / X.shape[0]
'''),
    dict(id="ch2.grad_W/transposed",
         exercise="ch2.grad_W", verdict="wrong", kind="transpose", factor=None,
         why="Multiplies in the order X^T E and returns an (n_0, n_1) array, the transpose of dJ/dW.",
         code='''
import numpy as np


def grad_W(X, Y, W, b):
    E = X @ W.T + b - Y
    return X.T @ E / X.shape[0]
'''),
    dict(id="ch2.grad_W/forgot-bias",
         exercise="ch2.grad_W", verdict="wrong", kind="other", factor=None,
         why="Leaves the bias out of the prediction, so the errors are off whenever b is not 0.",
         code='''
import numpy as np


def grad_W(X, Y, W, b):
    E = X @ W.T - Y
    return E.T @ X / X.shape[0]
'''),
    dict(id="ch2.grad_W/residual-in-Y",
         exercise="ch2.grad_W", verdict="wrong", kind="mutates_input", factor=None,
         why="Saves memory by turning the caller's Y into the residual with -=, so Y is destroyed though the result is right.",
         code='''
import numpy as np


def grad_W(X, Y, W, b):
    Y -= X @ W.T + b          # Y now holds y - y_hat
    return -(Y.T @ X) / X.shape[0]
'''),
    dict(id="ch2.grad_W/both-gradients",
         exercise="ch2.grad_W", verdict="wrong", kind="odd_return", factor=None,
         why="Returns the pair (dJ/dW, dJ/db) because both came out of the same residual.",
         code='''
import numpy as np


def grad_W(X, Y, W, b):
    E = X @ W.T + b - Y
    m = len(X)
    return E.T @ X / m, E.sum(axis=0) / m
'''),
    dict(id="ch2.grad_W/product-of-means",
         exercise="ch2.grad_W", verdict="wrong", kind="other", factor=None,
         why="Averages the errors and the inputs separately and multiplies the means, which is not the mean of the products.",
         code='''
import numpy as np


def grad_W(X, Y, W, b):
    E = X @ W.T + b - Y
    return np.outer(E.mean(axis=0), X.mean(axis=0))
'''),
    # ------------------------------------------------------------------
    # ch2.grad_b -- correct
    dict(id="ch2.grad_b/sum-over-m",
         exercise="ch2.grad_b", verdict="correct", kind=None, factor=None,
         why="Sums the residuals down the batch and divides by m.",
         code='''
import numpy as np


def grad_b(X, Y, W, b):
    m = X.shape[0]
    return np.sum(np.dot(X, W.T) + b - Y, axis=0) / m
'''),
    dict(id="ch2.grad_b/row-loop",
         exercise="ch2.grad_b", verdict="correct", kind=None, factor=None,
         why="Accumulates one example's error at a time in a loop.",
         code='''
import numpy as np


def grad_b(X, Y, W, b):
    total = np.zeros(len(b))
    for x, y in zip(X, Y):
        total += W @ x + b - y
    return total / len(X)
'''),
    dict(id="ch2.grad_b/ones-vector",
         exercise="ch2.grad_b", verdict="correct", kind=None, factor=None,
         why="Multiplies the error matrix by a row of ones divided by m.",
         code='''
import numpy as np


def grad_b(X, Y, W, b):
    m = len(X)
    E = X @ W.T + b - Y
    return (np.ones(m) / m) @ E
'''),
    dict(id="ch2.grad_b/einsum-average",
         exercise="ch2.grad_b", verdict="correct", kind=None, factor=None,
         why="Uses np.average on axis 0 of an einsum prediction.",
         code='''
import numpy as np


def grad_b(X, Y, W, b):
    Y_hat = np.einsum("mk,jk->mj", X, W) + b
    return np.average(Y_hat - Y, axis=0)
'''),
    # ch2.grad_b -- wrong
    dict(id="ch2.grad_b/mean-axis-1",
         exercise="ch2.grad_b", verdict="wrong", kind="wrong_axis", factor=None,
         why="Averages over the outputs (axis 1) instead of the examples.",
         code='''
import numpy as np


def grad_b(X, Y, W, b):
    E = X @ W.T + b - Y
    return E.mean(axis=1)
'''),
    dict(id="ch2.grad_b/keepdims",
         exercise="ch2.grad_b", verdict="wrong", kind="wrong_shape", factor=None,
         why="Keeps the averaged axis, returning shape (1, n_1) instead of (n_1,).",
         code='''
import numpy as np


def grad_b(X, Y, W, b):
    E = X @ W.T + b - Y
    return E.mean(axis=0, keepdims=True)
'''),
    dict(id="ch2.grad_b/sum-not-mean",
         exercise="ch2.grad_b", verdict="wrong", kind="constant_multiple", factor="m",
         why="Sums the residuals and forgets the 1/m of the mean cost.",
         code='''
import numpy as np


def grad_b(X, Y, W, b):
    return (X @ W.T + b - Y).sum(axis=0)
'''),
    dict(id="ch2.grad_b/sign-flip",
         exercise="ch2.grad_b", verdict="wrong", kind="sign", factor=None,
         why="Averages y - y_hat instead of y_hat - y.",
         code='''
import numpy as np


def grad_b(X, Y, W, b):
    return np.mean(Y - (X @ W.T + b), axis=0)
'''),
    dict(id="ch2.grad_b/one-mean",
         exercise="ch2.grad_b", verdict="wrong", kind="wrong_axis", factor=None,
         why="Takes one mean over every entry, giving a single number for all outputs.",
         code='''
import numpy as np


def grad_b(X, Y, W, b):
    return np.mean(X @ W.T + b - Y)
'''),
    dict(id="ch2.grad_b/divide-by-Y-size",
         exercise="ch2.grad_b", verdict="wrong", kind="constant_multiple", factor="1/n1",
         why="Divides the column sums by Y.size instead of by the number of rows.",
         code='''
import numpy as np


def grad_b(X, Y, W, b):
    E = X @ W.T + b - Y
    return E.sum(axis=0) / Y.size
'''),
    dict(id="ch2.grad_b/no-half",
         exercise="ch2.grad_b", verdict="wrong", kind="constant_multiple", factor="2",
         why="Differentiates the square without the half and keeps a factor 2.",
         code='''
import numpy as np


def grad_b(X, Y, W, b):
    return 2 * np.mean(X @ W.T + b - Y, axis=0)
'''),
    dict(id="ch2.grad_b/forgot-bias",
         exercise="ch2.grad_b", verdict="wrong", kind="other", factor=None,
         why="Predicts with X W^T only, forgetting the bias in the forward pass.",
         code='''
import numpy as np


def grad_b(X, Y, W, b):
    return np.mean(X @ W.T - Y, axis=0)
'''),
    dict(id="ch2.grad_b/stored-in-b",
         exercise="ch2.grad_b", verdict="wrong", kind="mutates_input", factor=None,
         why="Writes the gradient into the caller's b with b[:] = ..., overwriting the biases though the returned array is right.",
         code='''
import numpy as np


def grad_b(X, Y, W, b):
    E = X @ W.T + b - Y
    b[:] = E.mean(axis=0)
    return b
'''),
    dict(id="ch2.grad_b/dict",
         exercise="ch2.grad_b", verdict="wrong", kind="odd_return", factor=None,
         why="Returns a dict with the gradient under the key 'db' instead of the array.",
         code='''
import numpy as np


def grad_b(X, Y, W, b):
    E = X @ W.T + b - Y
    return {"db": E.mean(axis=0)}
'''),
    # ------------------------------------------------------------------
    # ch2.output_delta -- correct
    dict(id="ch2.output_delta/exp-sigmoid",
         exercise="ch2.output_delta", verdict="correct", kind=None, factor=None,
         why="Writes the sigmoid with np.exp inline and subtracts the targets.",
         code='''
import numpy as np


def output_delta(Z, Y):
    with np.errstate(over="ignore"):
        A = 1 / (1 + np.exp(-Z))
    return A - Y
'''),
    dict(id="ch2.output_delta/tanh-half",
         exercise="ch2.output_delta", verdict="correct", kind=None, factor=None,
         why="Computes the sigmoid as (1 + tanh(z/2))/2.",
         code='''
import numpy as np


def output_delta(Z, Y):
    return 0.5 * (1 + np.tanh(0.5 * Z)) - Y
'''),
    dict(id="ch2.output_delta/logaddexp",
         exercise="ch2.output_delta", verdict="correct", kind=None, factor=None,
         why="Gets sigmoid(z) as exp(-log(1 + e^-z)) with np.logaddexp, then subtracts y.",
         code='''
import numpy as np


def output_delta(Z, Y):
    return np.exp(-np.logaddexp(0.0, -Z)) - Y
'''),
    dict(id="ch2.output_delta/renamed-loop",
         exercise="ch2.output_delta", verdict="correct", kind=None, factor=None,
         why="Renames the arguments and fills the deltas entry by entry with the package's sigmoid.",
         code='''
import numpy as np
from backprop_utils.activations import sigmoid


def output_delta(logits, targets):
    out = np.empty(np.shape(logits))
    for i in range(out.shape[0]):
        for j in range(out.shape[1]):
            out[i, j] = sigmoid(logits[i, j]) - targets[i, j]
    return out
'''),
    # ch2.output_delta -- wrong
    dict(id="ch2.output_delta/sign-flip",
         exercise="ch2.output_delta", verdict="wrong", kind="sign", factor=None,
         why="Returns y - a, the direction to move rather than the derivative.",
         code='''
import numpy as np
from backprop_utils.activations import sigmoid


def output_delta(Z, Y):
    return Y - sigmoid(Z)
'''),
    dict(id="ch2.output_delta/z-minus-y",
         exercise="ch2.output_delta", verdict="wrong", kind="z_for_a", factor=None,
         why="Subtracts the targets from the weighted sums, Z - Y, forgetting the sigmoid.",
         code='''
import numpy as np


def output_delta(Z, Y):
    return Z - Y
'''),
    dict(id="ch2.output_delta/extra-sigma-prime",
         exercise="ch2.output_delta", verdict="wrong", kind="extra_derivative", factor=None,
         why="Multiplies a - y by sigmoid'(z) as for the squared error, although with cross-entropy it has already cancelled.",
         code='''
import numpy as np
from backprop_utils.activations import sigmoid, sigmoid_prime


def output_delta(Z, Y):
    return (sigmoid(Z) - Y) * sigmoid_prime(Z)
'''),
    dict(id="ch2.output_delta/dL-da-only",
         exercise="ch2.output_delta", verdict="wrong", kind="missing_derivative", factor=None,
         why="Returns dL/da = (a - y)/(a(1 - a)) and never multiplies by sigmoid'(z).",
         code='''
import numpy as np
from backprop_utils.activations import sigmoid


def output_delta(Z, Y):
    A = sigmoid(Z)
    return (A - Y) / (A * (1 - A))
'''),
    dict(id="ch2.output_delta/over-m",
         exercise="ch2.output_delta", verdict="wrong", kind="constant_multiple", factor="1/m",
         why="Divides by the batch size as if it were dJ/dz of the mean cost.",
         code='''
import numpy as np
from backprop_utils.activations import sigmoid


def output_delta(Z, Y):
    return (sigmoid(Z) - Y) / Z.shape[0]
'''),
    dict(id="ch2.output_delta/in-place",
         exercise="ch2.output_delta", verdict="wrong", kind="mutates_input", factor=None,
         why="Overwrites the caller's Z with its sigmoid and then subtracts Y in place.",
         code='''
import numpy as np
from backprop_utils.activations import sigmoid


def output_delta(Z, Y):
    Z[:] = sigmoid(Z)
    Z -= Y
    return Z
'''),
    dict(id="ch2.output_delta/through-dL-da",
         exercise="ch2.output_delta", verdict="wrong", kind="overflow", factor=None,
         why="Multiplies dL/da = (a - y)/(a(1 - a)) by sigmoid'(z): right for moderate z, but 0/0 = nan once the sigmoid saturates to exactly 0 or 1.",
         code='''
import numpy as np
from backprop_utils.activations import sigmoid, sigmoid_prime


def output_delta(Z, Y):
    A = sigmoid(Z)
    dL_dA = -(Y / A - (1 - Y) / (1 - A))
    return dL_dA * sigmoid_prime(Z)
'''),
    dict(id="ch2.output_delta/squared-error-delta",
         exercise="ch2.output_delta", verdict="wrong", kind="other", factor=None,
         why="Uses chapter 1's squared-error delta 2(a - y) a(1 - a) instead of the cross-entropy one.",
         code='''
import numpy as np
from backprop_utils.activations import sigmoid


def output_delta(Z, Y):
    A = sigmoid(Z)
    return 2 * (A - Y) * A * (1 - A)
'''),
    dict(id="ch2.output_delta/batch-mean",
         exercise="ch2.output_delta", verdict="wrong", kind="wrong_shape", factor=None,
         why="Averages the deltas over the batch and returns one row of shape (n_1,).",
         code='''
import numpy as np
from backprop_utils.activations import sigmoid


def output_delta(Z, Y):
    return np.mean(sigmoid(Z) - Y, axis=0)
'''),
]
