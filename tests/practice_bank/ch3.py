"""Learner-style answers to chapter 3's "Write it yourself" exercises.

ch3.delta_hidden: ``delta_hidden(W2, delta2, Z1)``, the ReLU hidden
deltas of a batch, (delta2 W2) * relu'(Z1), shape (m, n_1).
ch3.grad_W1: ``grad_W1(delta1, X)``, dJ/dW^(1) of the mean cost, shape
(n_1, n_0).

Every ``code`` string is self-contained and defines one top-level
function, the learner's answer.
"""

BANK = [
    # ------------------------------------------------------------------
    # ch3.delta_hidden -- correct
    dict(id="ch3.delta_hidden/np-where",
         exercise="ch3.delta_hidden", verdict="correct", kind=None, factor=None,
         why="Keeps the back-propagated value where z > 0 and puts 0 elsewhere with np.where.",
         code='''
import numpy as np


def delta_hidden(W2, delta2, Z1):
    back = delta2 @ W2
    return np.where(Z1 > 0, back, 0.0)
'''),
    dict(id="ch3.delta_hidden/einsum-mask",
         exercise="ch3.delta_hidden", verdict="correct", kind=None, factor=None,
         why="Sums over the next layer's units with einsum and multiplies by a boolean mask.",
         code='''
import numpy as np


def delta_hidden(W2, delta2, Z1):
    return np.einsum("mk,kj->mj", delta2, W2) * (Z1 > 0)
'''),
    dict(id="ch3.delta_hidden/per-example-columns",
         exercise="ch3.delta_hidden", verdict="correct", kind=None, factor=None,
         why="Applies the one-example column formula W2^T delta2 * relu'(z1) to each row and stacks the results.",
         code='''
import numpy as np
from backprop_utils.activations import relu_prime


def delta_hidden(W2, delta2, Z1):
    rows = []
    for d2, z1 in zip(delta2, Z1):
        rows.append((W2.T @ d2) * relu_prime(z1))
    return np.array(rows).reshape(Z1.shape)
'''),
    dict(id="ch3.delta_hidden/column-form-transposed-back",
         exercise="ch3.delta_hidden", verdict="correct", kind=None, factor=None,
         why="Works with examples as columns, (W2^T Delta2^T) * relu'(Z1^T), and transposes back at the end.",
         code='''
import numpy as np
from backprop_utils.activations import relu_prime


def delta_hidden(W2, delta2, Z1):
    D1_cols = (W2.T @ delta2.T) * relu_prime(Z1.T)
    return D1_cols.T
'''),
    # ch3.delta_hidden -- wrong
    dict(id="ch3.delta_hidden/W2-transposed",
         exercise="ch3.delta_hidden", verdict="wrong", kind="transpose", factor=None,
         why="Copies the column formula's transpose into the batch form, delta2 @ W2.T, which only runs when W2 is square and then gives the wrong sums.",
         code='''
import numpy as np
from backprop_utils.activations import relu_prime


def delta_hidden(W2, delta2, Z1):
    return (delta2 @ W2.T) * relu_prime(Z1)
'''),
    dict(id="ch3.delta_hidden/no-relu-prime",
         exercise="ch3.delta_hidden", verdict="wrong", kind="missing_derivative", factor=None,
         why="Sends the deltas back through W2 and forgets to multiply by relu'(Z1).",
         code='''
import numpy as np


def delta_hidden(W2, delta2, Z1):
    return delta2 @ W2
'''),
    dict(id="ch3.delta_hidden/relu-not-prime",
         exercise="ch3.delta_hidden", verdict="wrong", kind="other", factor=None,
         why="Multiplies by relu(Z1), the activation, instead of its derivative relu'(Z1).",
         code='''
import numpy as np
from backprop_utils.activations import relu


def delta_hidden(W2, delta2, Z1):
    return (delta2 @ W2) * relu(Z1)
'''),
    dict(id="ch3.delta_hidden/relu-prime-at-0-is-1",
         exercise="ch3.delta_hidden", verdict="correct", kind=None, factor=None,
         # relabelled "correct" (it was written "wrong"): issue 27 asks that
         # either the cases avoid z = 0 or both conventions be accepted; the
         # cases avoid 0, so relu'(0) = 1 and relu'(0) = 0 are both right
         why="Builds its own mask with Z1 >= 0, so a unit with z exactly 0 passes its gradient back (relu'(0) = 1, where the package takes 0).",
         code='''
import numpy as np


def delta_hidden(W2, delta2, Z1):
    return (delta2 @ W2) * (Z1 >= 0)
'''),
    dict(id="ch3.delta_hidden/mask-in-Z1",
         exercise="ch3.delta_hidden", verdict="wrong", kind="mutates_input", factor=None,
         why="Turns the caller's Z1 into the 0/1 mask in place with boolean indexing before using it.",
         code='''
import numpy as np


def delta_hidden(W2, delta2, Z1):
    Z1[Z1 <= 0] = 0
    Z1[Z1 > 0] = 1
    return (delta2 @ W2) * Z1
'''),
    dict(id="ch3.delta_hidden/sigmoid-prime",
         exercise="ch3.delta_hidden", verdict="wrong", kind="other", factor=None,
         why="Reaches for sigmoid_prime out of habit although the hidden layer is ReLU.",
         code='''
import numpy as np
from backprop_utils.activations import sigmoid_prime


def delta_hidden(W2, delta2, Z1):
    return (delta2 @ W2) * sigmoid_prime(Z1)
'''),
    dict(id="ch3.delta_hidden/columns-out",
         exercise="ch3.delta_hidden", verdict="wrong", kind="transpose", factor=None,
         why="Uses the examples-as-columns form and returns (n_1, m), forgetting to transpose back.",
         code='''
import numpy as np
from backprop_utils.activations import relu_prime


def delta_hidden(W2, delta2, Z1):
    return (W2.T @ delta2.T) * relu_prime(Z1).T
'''),
    dict(id="ch3.delta_hidden/over-m",
         exercise="ch3.delta_hidden", verdict="wrong", kind="constant_multiple", factor="1/m",
         why="Divides by the batch size, mixing the mean of the cost into the deltas.",
         code='''
import numpy as np
from backprop_utils.activations import relu_prime


def delta_hidden(W2, delta2, Z1):
    m = delta2.shape[0]
    return (delta2 @ W2) * relu_prime(Z1) / m
'''),
    # ------------------------------------------------------------------
    # ch3.grad_W1 -- correct
    dict(id="ch3.grad_W1/outer-loop",
         exercise="ch3.grad_W1", verdict="correct", kind=None, factor=None,
         why="Adds up one outer product delta x^T per example and divides by m.",
         code='''
import numpy as np


def grad_W1(delta1, X):
    G = np.zeros((delta1.shape[1], X.shape[1]))
    for d, x in zip(delta1, X):
        G += np.outer(d, x)
    return G / len(X)
'''),
    dict(id="ch3.grad_W1/einsum",
         exercise="ch3.grad_W1", verdict="correct", kind=None, factor=None,
         why="Contracts over the examples with einsum.",
         code='''
import numpy as np


def grad_W1(delta1, X):
    return np.einsum("mi,mj->ij", delta1, X) / X.shape[0]
'''),
    dict(id="ch3.grad_W1/broadcast-mean",
         exercise="ch3.grad_W1", verdict="correct", kind=None, factor=None,
         why="Forms every example's gradient by broadcasting to (m, n_1, n_0) and averages over the first axis.",
         code='''
import numpy as np


def grad_W1(delta1, X):
    per_example = delta1[:, :, None] * X[:, None, :]
    return per_example.mean(axis=0)
'''),
    dict(id="ch3.grad_W1/transpose-of-XT-delta",
         exercise="ch3.grad_W1", verdict="correct", kind=None, factor=None,
         why="Computes the row-major X^T Delta and transposes it to the shape of W1.",
         code='''
import numpy as np


def grad_W1(deltas, inputs):
    m = len(deltas)
    return np.transpose(np.dot(inputs.T, deltas)) / m
'''),
    # ch3.grad_W1 -- wrong
    dict(id="ch3.grad_W1/transposed",
         exercise="ch3.grad_W1", verdict="wrong", kind="transpose", factor=None,
         why="Returns the row-major X^T Delta / m, shape (n_0, n_1), without transposing it.",
         code='''
import numpy as np


def grad_W1(delta1, X):
    return X.T @ delta1 / X.shape[0]
'''),
    dict(id="ch3.grad_W1/sum-not-mean",
         exercise="ch3.grad_W1", verdict="wrong", kind="constant_multiple", factor="m",
         why="Sums over the batch and forgets to divide by m.",
         code='''
import numpy as np


def grad_W1(delta1, X):
    return delta1.T @ X
'''),
    dict(id="ch3.grad_W1/divide-by-n0",
         exercise="ch3.grad_W1", verdict="wrong", kind="constant_multiple", factor="m/n0",
         why="Divides by X.shape[1], the number of inputs, taking it for the batch size.",
         code='''
import numpy as np


def grad_W1(delta1, X):
    return delta1.T @ X / X.shape[1]
'''),
    dict(id="ch3.grad_W1/divide-by-X-size",
         exercise="ch3.grad_W1", verdict="wrong", kind="constant_multiple", factor="1/n0",
         why="Divides by X.size, the number of entries of X, instead of the number of rows.",
         code='''
import numpy as np


def grad_W1(delta1, X):
    return delta1.T @ X / X.size
'''),
    dict(id="ch3.grad_W1/product-of-means",
         exercise="ch3.grad_W1", verdict="wrong", kind="other", factor=None,
         why="Multiplies the mean delta by the mean input instead of averaging the products.",
         code='''
import numpy as np


def grad_W1(delta1, X):
    return np.outer(delta1.mean(axis=0), X.mean(axis=0))
'''),
    dict(id="ch3.grad_W1/per-example-stack",
         exercise="ch3.grad_W1", verdict="wrong", kind="wrong_shape", factor=None,
         why="Computes every example's gradient, shape (m, n_1, n_0), but never averages them.",
         code='''
import numpy as np


def grad_W1(delta1, X):
    m = X.shape[0]
    return np.einsum("mi,mj->mij", delta1, X) / m
'''),
    dict(id="ch3.grad_W1/descent-direction",
         exercise="ch3.grad_W1", verdict="wrong", kind="sign", factor=None,
         why="Returns the downhill direction, minus the gradient, ready to add to W1.",
         code='''
import numpy as np


def grad_W1(delta1, X):
    return -(delta1.T @ X) / len(X)
'''),
    dict(id="ch3.grad_W1/scale-X-in-place",
         exercise="ch3.grad_W1", verdict="wrong", kind="mutates_input", factor=None,
         why="Divides the caller's X by m in place to fold the mean into the product.",
         code='''
import numpy as np


def grad_W1(delta1, X):
    X /= X.shape[0]
    return delta1.T @ X
'''),
    dict(id="ch3.grad_W1/with-bias",
         exercise="ch3.grad_W1", verdict="wrong", kind="odd_return", factor=None,
         why="Returns the weight and bias gradients together in a tuple.",
         code='''
import numpy as np


def grad_W1(delta1, X):
    m = X.shape[0]
    return delta1.T @ X / m, delta1.mean(axis=0)
'''),
]
