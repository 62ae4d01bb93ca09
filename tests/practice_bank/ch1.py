"""Learner-style answers to chapter 1's "Write it yourself" exercises.

ch1.dloss_da: ``loss_slope(a, y)``, d/da of (a - y)^2.
ch1.dloss_dw: ``last_weight_gradient(a_prev, z, y)``, dL/dw of the last
sigmoid neuron with L = (sigmoid(z) - y)^2.

Every ``code`` string is self-contained and defines one top-level
function, the learner's answer.
"""

BANK = [
    # ------------------------------------------------------------------
    # ch1.dloss_da -- correct
    dict(id="ch1.dloss_da/renamed-expanded",
         exercise="ch1.dloss_da", verdict="correct", kind=None, factor=None,
         why="Renames the arguments and multiplies the bracket out, 2a - 2y.",
         code='''
import numpy as np


def loss_slope(a_hat, target):
    return 2.0 * a_hat - 2.0 * target
'''),
    dict(id="ch1.dloss_da/ndindex-loop",
         exercise="ch1.dloss_da", verdict="correct", kind=None, factor=None,
         why="Walks over every entry with np.ndindex and fills a new array one number at a time.",
         code='''
import numpy as np


def loss_slope(a, y):
    a = np.asarray(a, dtype=float)
    y = np.asarray(y, dtype=float)
    out = np.zeros(a.shape)
    for idx in np.ndindex(a.shape):
        out[idx] = 2 * (a[idx] - y[idx])
    return out
'''),
    dict(id="ch1.dloss_da/residual-twice",
         exercise="ch1.dloss_da", verdict="correct", kind=None, factor=None,
         why="Adds the residual to itself instead of multiplying by 2.",
         code='''
import numpy as np


def loss_slope(a, y):
    r = np.subtract(a, y)
    return r + r
'''),
    dict(id="ch1.dloss_da/float32",
         exercise="ch1.dloss_da", verdict="correct", kind=None, factor=None,
         why="Does the arithmetic in float32, right to float32 precision.",
         code='''
import numpy as np


def loss_slope(a, y):
    a32 = np.asarray(a, dtype=np.float32)
    y32 = np.asarray(y, dtype=np.float32)
    return np.float32(2) * (a32 - y32)
'''),
    # ch1.dloss_da -- wrong
    dict(id="ch1.dloss_da/sign-flip",
         exercise="ch1.dloss_da", verdict="wrong", kind="sign", factor=None,
         why="Writes the derivative as 2(y - a), differentiating with respect to y by mistake.",
         code='''
import numpy as np


def loss_slope(a, y):
    return 2 * (y - a)
'''),
    dict(id="ch1.dloss_da/forgot-two",
         exercise="ch1.dloss_da", verdict="wrong", kind="constant_multiple", factor="1/2",
         why="Drops the 2 of the square, as if the loss had a half in front.",
         code='''
import numpy as np


def loss_slope(a, y):
    return a - y
'''),
    dict(id="ch1.dloss_da/returns-loss",
         exercise="ch1.dloss_da", verdict="wrong", kind="other", factor=None,
         why="Returns the loss (a - y)^2 itself rather than its derivative.",
         code='''
import numpy as np


def loss_slope(a, y):
    return (a - y) ** 2
'''),
    dict(id="ch1.dloss_da/two-a-minus-y",
         exercise="ch1.dloss_da", verdict="wrong", kind="other", factor=None,
         why="Forgets the brackets and writes 2*a - y.",
         code='''
import numpy as np


def loss_slope(a, y):
    return 2 * a - y
'''),
    dict(id="ch1.dloss_da/in-place",
         exercise="ch1.dloss_da", verdict="wrong", kind="mutates_input", factor=None,
         why="Computes the slope in the caller's array a with -= and *=, so a is overwritten although the returned value is right.",
         code='''
import numpy as np


def loss_slope(a, y):
    a -= y
    a *= 2
    return a
'''),
    dict(id="ch1.dloss_da/times-sigma-prime",
         exercise="ch1.dloss_da", verdict="wrong", kind="extra_derivative", factor=None,
         why="Runs ahead to dL/dz and multiplies by the sigmoid slope a(1 - a).",
         code='''
import numpy as np


def loss_slope(a, y):
    return 2 * (a - y) * a * (1 - a)
'''),
    dict(id="ch1.dloss_da/prints",
         exercise="ch1.dloss_da", verdict="wrong", kind="odd_return", factor=None,
         why="Prints the slope instead of returning it, so the function returns None.",
         code='''
import numpy as np


def loss_slope(a, y):
    slope = 2 * (a - y)
    print("dL/da =", slope)
'''),
    dict(id="ch1.dloss_da/batch-mean",
         exercise="ch1.dloss_da", verdict="wrong", kind="wrong_shape", factor=None,
         why="Averages the slopes over the examples and returns one number instead of one per entry.",
         code='''
import numpy as np


def loss_slope(a, y):
    return 2 * np.mean(a - y)
'''),
    dict(id="ch1.dloss_da/abs",
         exercise="ch1.dloss_da", verdict="wrong", kind="other", factor=None,
         why="Takes the absolute value of the residual, treating the slope as a size.",
         code='''
import numpy as np


def loss_slope(a, y):
    return 2 * np.abs(a - y)
'''),
    # ------------------------------------------------------------------
    # ch1.dloss_dw -- correct
    dict(id="ch1.dloss_dw/own-sigmoid",
         exercise="ch1.dloss_dw", verdict="correct", kind=None, factor=None,
         why="Writes the sigmoid out with np.exp and its slope as s(1 - s).",
         code='''
import numpy as np


def last_weight_gradient(a_prev, z, y):
    with np.errstate(over="ignore"):       # exp(1000) = inf gives s = 0
        s = 1.0 / (1.0 + np.exp(-np.asarray(z, dtype=float)))
    return 2 * a_prev * s * (1 - s) * (s - y)
'''),
    dict(id="ch1.dloss_dw/delta-first",
         exercise="ch1.dloss_dw", verdict="correct", kind=None, factor=None,
         why="Computes the neuron's delta first, then multiplies it by the input activation.",
         code='''
import numpy as np
from backprop_utils.activations import sigmoid


def last_weight_gradient(a_prev, z, y):
    a = sigmoid(z)
    delta = 2 * (a - y) * a * (1 - a)
    return delta * a_prev
'''),
    dict(id="ch1.dloss_dw/tanh-form",
         exercise="ch1.dloss_dw", verdict="correct", kind=None, factor=None,
         why="Uses sigmoid(z) = (1 + tanh(z/2))/2, whose slope is (1 - tanh(z/2)^2)/4.",
         code='''
import numpy as np


def last_weight_gradient(a_prev, z, y):
    t = np.tanh(np.asarray(z, dtype=float) / 2)
    a = 0.5 * (1 + t)
    slope = 0.25 * (1 - t ** 2)
    return a_prev * slope * 2 * (a - y)
'''),
    dict(id="ch1.dloss_dw/math-loop",
         exercise="ch1.dloss_dw", verdict="correct", kind=None, factor=None,
         why="Renames the arguments and loops over broadcast entries with the math module, one example at a time.",
         code='''
import math

import numpy as np


def last_weight_gradient(x, z_L, target):
    x, z_L, target = np.broadcast_arrays(np.asarray(x, dtype=float),
                                         np.asarray(z_L, dtype=float),
                                         np.asarray(target, dtype=float))
    out = np.empty(x.shape)
    for idx in np.ndindex(x.shape):
        zi = float(z_L[idx])
        if zi >= 0:
            a = 1 / (1 + math.exp(-zi))
        else:
            a = math.exp(zi) / (1 + math.exp(zi))
        out[idx] = x[idx] * a * (1 - a) * 2 * (a - target[idx])
    return out
'''),
    # ch1.dloss_dw -- wrong
    dict(id="ch1.dloss_dw/no-sigma-prime",
         exercise="ch1.dloss_dw", verdict="wrong", kind="missing_derivative", factor=None,
         why="Leaves out the sigmoid's slope, multiplying only a_prev by 2(a - y).",
         code='''
import numpy as np
from backprop_utils.activations import sigmoid


def last_weight_gradient(a_prev, z, y):
    return a_prev * 2 * (sigmoid(z) - y)
'''),
    dict(id="ch1.dloss_dw/z-minus-y",
         exercise="ch1.dloss_dw", verdict="wrong", kind="z_for_a", factor=None,
         why="Uses the weighted sum z in the loss factor, 2(z - y), where the activation belongs.",
         code='''
import numpy as np
from backprop_utils.activations import sigmoid_prime


def last_weight_gradient(a_prev, z, y):
    return a_prev * sigmoid_prime(z) * 2 * (z - y)
'''),
    dict(id="ch1.dloss_dw/sigma-prime-of-a",
         exercise="ch1.dloss_dw", verdict="wrong", kind="a_for_z", factor=None,
         why="Evaluates sigmoid_prime at the activation a instead of at z.",
         code='''
import numpy as np
from backprop_utils.activations import sigmoid, sigmoid_prime


def last_weight_gradient(a_prev, z, y):
    a = sigmoid(z)
    return a_prev * sigmoid_prime(a) * 2 * (a - y)
'''),
    dict(id="ch1.dloss_dw/forgot-two",
         exercise="ch1.dloss_dw", verdict="wrong", kind="constant_multiple", factor="1/2",
         why="Differentiates the square as if it had a half in front and drops the 2.",
         code='''
import numpy as np
from backprop_utils.activations import sigmoid, sigmoid_prime


def last_weight_gradient(a_prev, z, y):
    return a_prev * sigmoid_prime(z) * (sigmoid(z) - y)
'''),
    dict(id="ch1.dloss_dw/sign-flip",
         exercise="ch1.dloss_dw", verdict="wrong", kind="sign", factor=None,
         why="Writes the loss factor as 2(y - a).",
         code='''
import numpy as np
from backprop_utils.activations import sigmoid, sigmoid_prime


def last_weight_gradient(a_prev, z, y):
    return 2 * a_prev * sigmoid_prime(z) * (y - sigmoid(z))
'''),
    dict(id="ch1.dloss_dw/bias-gradient",
         exercise="ch1.dloss_dw", verdict="wrong", kind="other", factor=None,
         why="Stops at the delta, which is the bias gradient, and never multiplies by a_prev.",
         code='''
import numpy as np
from backprop_utils.activations import sigmoid, sigmoid_prime


def last_weight_gradient(a_prev, z, y):
    return sigmoid_prime(z) * 2 * (sigmoid(z) - y)
'''),
    dict(id="ch1.dloss_dw/sigma-prime-twice",
         exercise="ch1.dloss_dw", verdict="wrong", kind="extra_derivative", factor=None,
         why="Multiplies by the sigmoid's slope twice, once as a(1 - a) and once as sigmoid_prime(z).",
         code='''
import numpy as np
from backprop_utils.activations import sigmoid, sigmoid_prime


def last_weight_gradient(a_prev, z, y):
    a = sigmoid(z)
    dL_da = 2 * (a - y) * a * (1 - a)
    return a_prev * sigmoid_prime(z) * dL_da
'''),
    dict(id="ch1.dloss_dw/in-place-a-prev",
         exercise="ch1.dloss_dw", verdict="wrong", kind="mutates_input", factor=None,
         why="Builds the product inside the caller's a_prev with *=, overwriting that array.",
         code='''
import numpy as np
from backprop_utils.activations import sigmoid, sigmoid_prime


def last_weight_gradient(a_prev, z, y):
    a_prev *= sigmoid_prime(z)
    a_prev *= 2 * (sigmoid(z) - y)
    return a_prev
'''),
    dict(id="ch1.dloss_dw/summed",
         exercise="ch1.dloss_dw", verdict="wrong", kind="wrong_shape", factor=None,
         why="Sums the examples' gradients into one number instead of returning one per example.",
         code='''
import numpy as np
from backprop_utils.activations import sigmoid, sigmoid_prime


def last_weight_gradient(a_prev, z, y):
    return np.sum(a_prev * sigmoid_prime(z) * 2 * (sigmoid(z) - y))
'''),
]
