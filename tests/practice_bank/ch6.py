"""Learner-style answers to chapter 6's "Write it yourself" exercises.

ch6.tanh_backward: ``tanh_backward(x, grad)``, the adjoint a tanh node
passes back to its input.
ch6.softmax_backward: ``softmax_backward(A, grad)``, the adjoint of a
softmax node's logits from its outputs A and their adjoint, row by row.
ch6.reverse_pass: ``reverse_pass(parents, local)``, every node's adjoint
for a graph given as lists in topological order, output last.
ch6.log_node: ``log_node(x)``, the engine's Node of log(x) for a Node x.

Every ``code`` string is self-contained and defines one top-level
function, the learner's answer; where a code string also defines a
module-level variable (the state kept between calls), the answer is
still the only top-level def.
"""

BANK = [
    # ------------------------------------------------------------------
    # ch6.tanh_backward -- correct
    dict(id="ch6.tanh_backward/tanh-prime",
         exercise="ch6.tanh_backward", verdict="correct", kind=None, factor=None,
         why="Multiplies the adjoint by the package's tanh_prime of the input.",
         code='''
import numpy as np
from backprop_utils.activations import tanh_prime


def tanh_backward(x, grad):
    return grad * tanh_prime(x)
'''),
    dict(id="ch6.tanh_backward/sech-squared",
         exercise="ch6.tanh_backward", verdict="correct", kind=None, factor=None,
         why="Uses d tanh/dx = 1/cosh(x)^2 (cosh may overflow to inf for huge x, which still gives 0).",
         code='''
import numpy as np


def tanh_backward(x, grad):
    with np.errstate(over="ignore"):
        return grad / np.cosh(x) ** 2
'''),
    dict(id="ch6.tanh_backward/factored",
         exercise="ch6.tanh_backward", verdict="correct", kind=None, factor=None,
         why="Factors 1 - t^2 as (1 - t)(1 + t).",
         code='''
import numpy as np


def tanh_backward(x, grad):
    t = np.tanh(x)
    return grad * (1 - t) * (1 + t)
'''),
    dict(id="ch6.tanh_backward/stable-exp",
         exercise="ch6.tanh_backward", verdict="correct", kind=None, factor=None,
         why="Writes sech^2 with exp(-2|x|), which never overflows: 4e/(1 + e)^2.",
         code='''
import numpy as np


def tanh_backward(x, grad):
    e = np.exp(-2 * np.abs(x))
    return grad * 4 * e / (1 + e) ** 2
'''),
    dict(id="ch6.tanh_backward/float32",
         exercise="ch6.tanh_backward", verdict="correct", kind=None, factor=None,
         why="Computes tanh and the product in float32; right to float32 precision.",
         code='''
import numpy as np


def tanh_backward(inp, upstream):
    t = np.tanh(np.asarray(inp, dtype=np.float32))
    return np.asarray(upstream, dtype=np.float32) * (np.float32(1) - t * t)
'''),
    # ch6.tanh_backward -- wrong
    dict(id="ch6.tanh_backward/x-for-t",
         exercise="ch6.tanh_backward", verdict="wrong", kind="z_for_a", factor=None,
         why="Writes 1 - x^2 with the input x where the output t = tanh(x) belongs.",
         code='''
import numpy as np


def tanh_backward(x, grad):
    return grad * (1 - x ** 2)
'''),
    dict(id="ch6.tanh_backward/no-upstream",
         exercise="ch6.tanh_backward", verdict="wrong", kind="other", factor=None,
         why="Returns the local derivative 1 - tanh(x)^2 and forgets to multiply by the incoming adjoint.",
         code='''
import numpy as np


def tanh_backward(x, grad):
    return 1 - np.tanh(x) ** 2
'''),
    dict(id="ch6.tanh_backward/pass-through",
         exercise="ch6.tanh_backward", verdict="wrong", kind="missing_derivative", factor=None,
         why="Passes the adjoint back unchanged, without the local derivative of tanh.",
         code='''
import numpy as np


def tanh_backward(x, grad):
    return np.array(grad, dtype=float)
'''),
    dict(id="ch6.tanh_backward/prime-of-output",
         exercise="ch6.tanh_backward", verdict="wrong", kind="a_for_z", factor=None,
         why="Computes t = tanh(x) and then evaluates tanh_prime at t instead of at x.",
         code='''
import numpy as np
from backprop_utils.activations import tanh_prime


def tanh_backward(x, grad):
    t = np.tanh(x)
    return grad * tanh_prime(t)
'''),
    dict(id="ch6.tanh_backward/sign-flip",
         exercise="ch6.tanh_backward", verdict="wrong", kind="sign", factor=None,
         why="Writes the local derivative as t^2 - 1.",
         code='''
import numpy as np


def tanh_backward(x, grad):
    t = np.tanh(x)
    return grad * (t * t - 1)
'''),
    dict(id="ch6.tanh_backward/forgot-square",
         exercise="ch6.tanh_backward", verdict="wrong", kind="other", factor=None,
         why="Writes the derivative as 1 - tanh(x), forgetting the square.",
         code='''
import numpy as np


def tanh_backward(x, grad):
    return grad * (1 - np.tanh(x))
'''),
    dict(id="ch6.tanh_backward/in-place",
         exercise="ch6.tanh_backward", verdict="wrong", kind="mutates_input", factor=None,
         why="Multiplies the caller's adjoint array in place with *= and returns it.",
         code='''
import numpy as np


def tanh_backward(x, grad):
    grad *= 1 - np.tanh(x) ** 2
    return grad
'''),
    dict(id="ch6.tanh_backward/sigmoid-rule",
         exercise="ch6.tanh_backward", verdict="wrong", kind="other", factor=None,
         why="Uses the sigmoid's rule t(1 - t) with t = tanh(x).",
         code='''
import numpy as np


def tanh_backward(x, grad):
    t = np.tanh(x)
    return grad * t * (1 - t)
'''),
    # ------------------------------------------------------------------
    # ch6.softmax_backward -- correct
    dict(id="ch6.softmax_backward/jacobian-per-row",
         exercise="ch6.softmax_backward", verdict="correct", kind=None, factor=None,
         why="Builds each row's Jacobian diag(a) - a a^T and multiplies it by that row's adjoint.",
         code='''
import numpy as np


def softmax_backward(A, grad):
    rows = [(np.diag(a) - np.outer(a, a)) @ g for a, g in zip(A, grad)]
    return np.array(rows).reshape(A.shape)
'''),
    dict(id="ch6.softmax_backward/einsum-jacobian",
         exercise="ch6.softmax_backward", verdict="correct", kind=None, factor=None,
         why="Forms all Jacobians at once by broadcasting and applies their transposes with einsum.",
         code='''
import numpy as np


def softmax_backward(A, grad):
    K = A.shape[1]
    J = A[:, :, None] * (np.eye(K)[None] - A[:, None, :])   # J[m, i, k] = da_i/dz_k
    return np.einsum("mik,mi->mk", J, grad)
'''),
    dict(id="ch6.softmax_backward/expanded",
         exercise="ch6.softmax_backward", verdict="correct", kind=None, factor=None,
         why="Expands the product: A*grad minus A times each row's sum of A*grad, with [:, None].",
         code='''
import numpy as np


def softmax_backward(A, grad):
    AG = A * grad
    return AG - A * AG.sum(axis=1)[:, None]
'''),
    dict(id="ch6.softmax_backward/double-loop",
         exercise="ch6.softmax_backward", verdict="correct", kind=None, factor=None,
         why="Renames the arguments and sums da_i/dz_k times the adjoint with explicit loops.",
         code='''
import numpy as np


def softmax_backward(probs, g_out):
    m, K = probs.shape
    out = np.zeros((m, K))
    for r in range(m):
        for k in range(K):
            s = 0.0
            for i in range(K):
                jac = probs[r, i] * ((1.0 if i == k else 0.0) - probs[r, k])
                s += jac * g_out[r, i]
            out[r, k] = s
    return out
'''),
    # ch6.softmax_backward -- wrong
    dict(id="ch6.softmax_backward/sum-whole-batch",
         exercise="ch6.softmax_backward", verdict="wrong", kind="wrong_axis", factor=None,
         why="Sums grad * A over the whole batch instead of over each row's classes.",
         code='''
import numpy as np


def softmax_backward(A, grad):
    return A * (grad - np.sum(grad * A))
'''),
    dict(id="ch6.softmax_backward/sum-axis-0",
         exercise="ch6.softmax_backward", verdict="wrong", kind="wrong_axis", factor=None,
         why="Sums down the columns (axis 0), mixing the examples.",
         code='''
import numpy as np


def softmax_backward(A, grad):
    return A * (grad - np.sum(grad * A, axis=0, keepdims=True))
'''),
    dict(id="ch6.softmax_backward/element-wise",
         exercise="ch6.softmax_backward", verdict="wrong", kind="other", factor=None,
         why="Treats softmax as element-wise and multiplies by the diagonal a(1 - a) only.",
         code='''
import numpy as np


def softmax_backward(A, grad):
    return grad * A * (1 - A)
'''),
    dict(id="ch6.softmax_backward/jacobian-of-A",
         exercise="ch6.softmax_backward", verdict="wrong", kind="a_for_z", factor=None,
         why="Passes the outputs A to softmax_jacobian, which expects logits, so it uses the Jacobian at softmax(A).",
         code='''
import numpy as np
from backprop_utils.activations import softmax_jacobian


def softmax_backward(A, grad):
    J = softmax_jacobian(A)
    return np.einsum("mik,mi->mk", J, grad)
'''),
    dict(id="ch6.softmax_backward/sign-flip",
         exercise="ch6.softmax_backward", verdict="wrong", kind="sign", factor=None,
         why="Writes the bracket the wrong way round, sum(grad*A) - grad.",
         code='''
import numpy as np


def softmax_backward(A, grad):
    return A * (np.sum(grad * A, axis=1, keepdims=True) - grad)
'''),
    dict(id="ch6.softmax_backward/missing-A",
         exercise="ch6.softmax_backward", verdict="wrong", kind="other", factor=None,
         why="Subtracts the weighted mean of the adjoint but forgets the outer factor A.",
         code='''
import numpy as np


def softmax_backward(A, grad):
    return grad - np.sum(grad * A, axis=1, keepdims=True)
'''),
    dict(id="ch6.softmax_backward/in-place",
         exercise="ch6.softmax_backward", verdict="wrong", kind="mutates_input", factor=None,
         why="Updates the caller's grad in place with -= and *= to avoid a temporary.",
         code='''
import numpy as np


def softmax_backward(A, grad):
    grad -= np.sum(grad * A, axis=1, keepdims=True)
    grad *= A
    return grad
'''),
    dict(id="ch6.softmax_backward/no-keepdims",
         exercise="ch6.softmax_backward", verdict="wrong", kind="wrong_axis", factor=None,
         why="Drops keepdims, so the (m,) row sums broadcast along the classes: an error, or wrong numbers when m = K.",
         code='''
import numpy as np


def softmax_backward(A, grad):
    return A * (grad - np.sum(grad * A, axis=1))
'''),
    dict(id="ch6.softmax_backward/jacobians-only",
         exercise="ch6.softmax_backward", verdict="wrong", kind="wrong_shape", factor=None,
         why="Returns the stack of Jacobians, shape (m, K, K), scaled by the adjoint, without contracting it.",
         code='''
import numpy as np


def softmax_backward(A, grad):
    K = A.shape[1]
    J = A[:, :, None] * (np.eye(K) - A[:, None, :])
    return J * grad[:, :, None]
'''),
    # ------------------------------------------------------------------
    # ch6.reverse_pass -- correct
    dict(id="ch6.reverse_pass/recursive-memo",
         exercise="ch6.reverse_pass", verdict="correct", kind=None, factor=None,
         why="Recursive: a node's adjoint is the sum over its children's uses of child adjoint times local derivative, memoised in a dict made inside the call and asked for from the output down.",
         code='''
import numpy as np


def reverse_pass(parents, local):
    n = len(parents)
    uses = [[] for _ in range(n)]          # (child, local derivative)
    for child in range(n):
        for p, d in zip(parents[child], local[child]):
            uses[p].append((child, d))
    memo = {}

    def adjoint(i):
        if i not in memo:
            if i == n - 1:
                memo[i] = 1.0
            else:
                memo[i] = sum(d * adjoint(c) for c, d in uses[i])
        return memo[i]

    for i in reversed(range(n)):           # output first, so the memo fills
        adjoint(i)                         # before any parent asks for it
    return np.array([memo[i] for i in range(n)])
'''),
    dict(id="ch6.reverse_pass/python-list",
         exercise="ch6.reverse_pass", verdict="correct", kind=None, factor=None,
         why="Keeps the adjoints in a Python list of floats, walks backwards with range(n-1, -1, -1), and returns a plain list.",
         code='''
def reverse_pass(parents, local):
    n = len(parents)
    adj = [0.0] * n
    adj[n - 1] = 1.0
    for i in range(n - 1, -1, -1):
        for k in range(len(parents[i])):
            adj[parents[i][k]] += local[i][k] * adj[i]
    return adj
'''),
    dict(id="ch6.reverse_pass/defaultdict",
         exercise="ch6.reverse_pass", verdict="correct", kind=None, factor=None,
         why="Accumulates shares in a collections.defaultdict made inside the call and turns it into an array.",
         code='''
from collections import defaultdict

import numpy as np


def reverse_pass(parents, local):
    bar = defaultdict(float)
    out = len(parents) - 1
    bar[out] = 1.0
    for node in sorted(range(len(parents)), reverse=True):
        for parent, d in zip(parents[node], local[node]):
            bar[parent] = bar[parent] + d * bar[node]
    return np.array([bar[i] for i in range(len(parents))])
'''),
    dict(id="ch6.reverse_pass/np-add-at",
         exercise="ch6.reverse_pass", verdict="correct", kind=None, factor=None,
         why="Hands each node's shares to its parents at once with np.add.at, which adds repeated indices correctly.",
         code='''
import numpy as np


def reverse_pass(parents, local):
    grad = np.zeros(len(parents))
    grad[-1] = 1
    for i in range(len(parents) - 1, -1, -1):
        if parents[i]:
            np.add.at(grad, np.asarray(parents[i], dtype=int),
                      np.asarray(local[i], dtype=float) * grad[i])
    return grad
'''),
    # ch6.reverse_pass -- wrong
    dict(id="ch6.reverse_pass/overwrite",
         exercise="ch6.reverse_pass", verdict="wrong", kind="repeated_parent", factor=None,
         why="Assigns each share with = instead of adding it, so a node used twice (or with two children) keeps only the last share.",
         code='''
import numpy as np


def reverse_pass(parents, local):
    grad = np.zeros(len(parents))
    grad[-1] = 1.0
    for i in reversed(range(len(parents))):
        for p, dl in zip(parents[i], local[i]):
            grad[p] = dl * grad[i]
    return grad
'''),
    dict(id="ch6.reverse_pass/dict-of-parents",
         exercise="ch6.reverse_pass", verdict="wrong", kind="repeated_parent", factor=None,
         why="Turns each node's parents into a dict {parent: local}, which keeps only one entry when a node uses the same parent twice.",
         code='''
import numpy as np


def reverse_pass(parents, local):
    grad = np.zeros(len(parents))
    grad[-1] = 1.0
    for i in range(len(parents) - 1, -1, -1):
        for p, dl in dict(zip(parents[i], local[i])).items():
            grad[p] += dl * grad[i]
    return grad
'''),
    dict(id="ch6.reverse_pass/set-of-parents",
         exercise="ch6.reverse_pass", verdict="wrong", kind="repeated_parent", factor=None,
         why="Loops over set(parents[i]) to avoid visiting a parent twice, looking up its local derivative with .index, so a repeated parent gets one share.",
         code='''
import numpy as np


def reverse_pass(parents, local):
    grad = np.zeros(len(parents))
    grad[-1] = 1.0
    for i in reversed(range(len(parents))):
        for p in set(parents[i]):
            grad[p] += local[i][parents[i].index(p)] * grad[i]
    return grad
'''),
    dict(id="ch6.reverse_pass/module-buffer",
         exercise="ch6.reverse_pass", verdict="wrong", kind="state_between_calls", factor=None,
         why="Keeps the adjoints in a dict at module level that is never cleared, so a second call starts from the first call's adjoints.",
         code='''
import numpy as np

adjoints = {}


def reverse_pass(parents, local):
    n = len(parents)
    adjoints[n - 1] = 1.0
    for i in range(n - 1, -1, -1):
        for p, dl in zip(parents[i], local[i]):
            adjoints[p] = adjoints.get(p, 0.0) + dl * adjoints.get(i, 0.0)
    return np.array([adjoints.get(i, 0.0) for i in range(n)])
'''),
    dict(id="ch6.reverse_pass/default-memo",
         exercise="ch6.reverse_pass", verdict="wrong", kind="state_between_calls", factor=None,
         why="A recursive version that memoises in a mutable default argument, so a later graph reuses adjoints cached for an earlier one.",
         code='''
import numpy as np


def reverse_pass(parents, local, _memo={}):
    n = len(parents)

    def adjoint(i):
        if i not in _memo:
            if i == n - 1:
                _memo[i] = 1.0
            else:
                _memo[i] = sum(local[c][k] * adjoint(c)
                               for c in range(i + 1, n)
                               for k, p in enumerate(parents[c]) if p == i)
        return _memo[i]

    return np.array([adjoint(i) for i in range(n)])
'''),
    dict(id="ch6.reverse_pass/forward-order",
         exercise="ch6.reverse_pass", verdict="wrong", kind="other", factor=None,
         why="Visits the nodes in topological order (inputs first), so a node passes on its adjoint before its children have filled it in.",
         code='''
import numpy as np


def reverse_pass(parents, local):
    grad = np.zeros(len(parents))
    grad[-1] = 1.0
    for i in range(len(parents)):
        for p, dl in zip(parents[i], local[i]):
            grad[p] += dl * grad[i]
    return grad
'''),
    dict(id="ch6.reverse_pass/seed-first-node",
         exercise="ch6.reverse_pass", verdict="wrong", kind="other", factor=None,
         why="Seeds the adjoint 1 at node 0 instead of at the output, the last node.",
         code='''
import numpy as np


def reverse_pass(parents, local):
    grad = np.zeros(len(parents))
    grad[0] = 1.0
    for i in reversed(range(len(parents))):
        for p, dl in zip(parents[i], local[i]):
            grad[p] += dl * grad[i]
    return grad
'''),
    dict(id="ch6.reverse_pass/multiply-shares",
         exercise="ch6.reverse_pass", verdict="wrong", kind="other", factor=None,
         why="Starts every adjoint at 1 and multiplies the shares together instead of adding them.",
         code='''
import numpy as np


def reverse_pass(parents, local):
    grad = np.ones(len(parents))
    for i in reversed(range(len(parents))):
        for p, dl in zip(parents[i], local[i]):
            grad[p] *= dl * grad[i]
    return grad
'''),
    dict(id="ch6.reverse_pass/inputs-only",
         exercise="ch6.reverse_pass", verdict="wrong", kind="wrong_shape", factor=None,
         why="Returns only the adjoints of the inputs (the nodes without parents) instead of every node's.",
         code='''
import numpy as np


def reverse_pass(parents, local):
    grad = np.zeros(len(parents))
    grad[-1] = 1.0
    for i in reversed(range(len(parents))):
        for p, dl in zip(parents[i], local[i]):
            grad[p] += dl * grad[i]
    return np.array([grad[i] for i in range(len(parents)) if not parents[i]])
'''),
    dict(id="ch6.reverse_pass/while-no-decrement",
         exercise="ch6.reverse_pass", verdict="hang", kind="hang", factor=None,
         why="A while loop from the last node whose index is never decreased, so it never ends.",
         code='''
import numpy as np


def reverse_pass(parents, local):
    grad = np.zeros(len(parents))
    grad[-1] = 1.0
    i = len(parents) - 1
    while i >= 0:
        for p, dl in zip(parents[i], local[i]):
            grad[p] += dl * grad[i]
    return grad
'''),
    # ------------------------------------------------------------------
    # ch6.log_node -- correct
    dict(id="ch6.log_node/engine-method",
         exercise="ch6.log_node", verdict="correct", kind=None, factor=None,
         why="Calls the engine's own Node.log, which makes the same node.",
         code='''
from backprop_utils.autodiff import Node


def log_node(x):
    return x.log()
'''),
    dict(id="ch6.log_node/math-lists",
         exercise="ch6.log_node", verdict="correct", kind=None, factor=None,
         why="Uses math.log and passes lists (which Node turns into tuples) with keyword op.",
         code='''
import math

from backprop_utils.autodiff import Node


def log_node(x):
    return Node(math.log(x.value), [x], [1 / x.value], op="ln")
'''),
    dict(id="ch6.log_node/numerical-local",
         exercise="ch6.log_node", verdict="correct", kind=None, factor=None,
         why="Gets the local derivative by a central difference with a step relative to x, accurate to about 1e-10.",
         code='''
import numpy as np
from backprop_utils.autodiff import Node


def log_node(x):
    v = x.value
    h = 1e-5 * v
    slope = (np.log(v + h) - np.log(v - h)) / (2 * h)
    return Node(np.log(v), (x,), (slope,), "log")
'''),
    dict(id="ch6.log_node/keywords-power",
         exercise="ch6.log_node", verdict="correct", kind=None, factor=None,
         why="Names every argument and writes 1/x as x ** -1.",
         code='''
import numpy as np
from backprop_utils.autodiff import Node


def log_node(node):
    return Node(value=np.log(node.value), parents=(node,),
                local=(node.value ** -1,), op="log")
'''),
    # ch6.log_node -- wrong
    dict(id="ch6.log_node/unlinked",
         exercise="ch6.log_node", verdict="wrong", kind="other", factor=None,
         why="Makes the node from the value alone, so it has no parents and nothing reaches x.",
         code='''
import numpy as np
from backprop_utils.autodiff import Node


def log_node(x):
    return Node(np.log(x.value))
'''),
    dict(id="ch6.log_node/local-is-x",
         exercise="ch6.log_node", verdict="wrong", kind="other", factor=None,
         why="Gives x itself as the local derivative, mixing up log with exp's rule.",
         code='''
import numpy as np
from backprop_utils.autodiff import Node


def log_node(x):
    return Node(np.log(x.value), (x,), (x.value,), "log")
'''),
    dict(id="ch6.log_node/minus-one-over-x-squared",
         exercise="ch6.log_node", verdict="wrong", kind="other", factor=None,
         why="Uses -1/x^2, the derivative of 1/x, as the local derivative of log.",
         code='''
import numpy as np
from backprop_utils.autodiff import Node


def log_node(x):
    return Node(np.log(x.value), (x,), (-1 / x.value ** 2,), "log")
'''),
    dict(id="ch6.log_node/local-as-node",
         exercise="ch6.log_node", verdict="wrong", kind="other", factor=None,
         why="Writes the local derivative as 1 / x with the Node x, which makes another Node where a number belongs and Node raises a TypeError.",
         code='''
import numpy as np
from backprop_utils.autodiff import Node


def log_node(x):
    return Node(np.log(x.value), (x,), (1 / x,), "log")
'''),
    dict(id="ch6.log_node/reuses-x",
         exercise="ch6.log_node", verdict="wrong", kind="mutates_input", factor=None,
         why="Overwrites x.value with its log and returns x itself, changing the input node.",
         code='''
import math


def log_node(x):
    x.value = math.log(x.value)
    return x
'''),
    dict(id="ch6.log_node/float",
         exercise="ch6.log_node", verdict="wrong", kind="odd_return", factor=None,
         why="Returns the number log(x.value) instead of a Node.",
         code='''
import numpy as np


def log_node(x):
    return np.log(x.value)
'''),
    dict(id="ch6.log_node/tuple",
         exercise="ch6.log_node", verdict="wrong", kind="odd_return", factor=None,
         why="Returns the four ingredients (value, parents, local, op) as a tuple instead of building the Node.",
         code='''
import numpy as np


def log_node(x):
    return (np.log(x.value), (x,), (1 / x.value,), "log")
'''),
    dict(id="ch6.log_node/log10",
         exercise="ch6.log_node", verdict="wrong", kind="other", factor=None,
         why="Uses np.log10 for the value and 1/x for the slope, mixing the base-10 and natural logarithms.",
         code='''
import numpy as np
from backprop_utils.autodiff import Node


def log_node(x):
    return Node(np.log10(x.value), (x,), (1 / x.value,), "log")
'''),
    dict(id="ch6.log_node/parent-is-value",
         exercise="ch6.log_node", verdict="wrong", kind="other", factor=None,
         why="Lists x.value, a float, as the parent instead of the node x, so backward() fails on it.",
         code='''
import numpy as np
from backprop_utils.autodiff import Node


def log_node(x):
    return Node(np.log(x.value), (x.value,), (1 / x.value,), "log")
'''),
    dict(id="ch6.log_node/swapped-arguments",
         exercise="ch6.log_node", verdict="wrong", kind="other", factor=None,
         why="Passes the local derivatives before the parents, Node(value, local, parents).",
         code='''
import numpy as np
from backprop_utils.autodiff import Node


def log_node(x):
    return Node(np.log(x.value), (1 / x.value,), (x,), "log")
'''),
]
