"""Learner-style answers to chapter 4's "Write it yourself" exercises.

ch4.deltas: ``hidden_deltas(Ws, Zs, delta_out)``, the ReLU hidden deltas
[Delta^(1), ..., Delta^(L-1)] for any number of layers.
ch4.weight_gradients: ``weight_gradients(deltas, activations)``,
[dJ/dW^(1), ..., dJ/dW^(L)] of the mean cost.
ch4.gradient_step: ``gradient_step(Ws, bs, X, Y, eta)``, the weights after
one step of gradient descent (ReLU hidden layers, identity output, half
squared error, mean cost).

Every ``code`` string is self-contained and defines one top-level
function, the learner's answer (``ch4.weight_gradients/module-list`` also
defines a module-level list, the state it keeps between calls). For
ch4.gradient_step a
"constant_multiple" factor multiplies the step, W_new - W; for the
list-valued functions it multiplies every array of the list.
"""

BANK = [
    # ------------------------------------------------------------------
    # ch4.deltas -- correct
    dict(id="ch4.deltas/append-then-reverse",
         exercise="ch4.deltas", verdict="correct", kind=None, factor=None,
         why="Appends the deltas from the top layer down and reverses the list at the end.",
         code='''
import numpy as np
from backprop_utils.activations import relu_prime


def hidden_deltas(Ws, Zs, delta_out):
    out = []
    d = delta_out
    for l in reversed(range(1, len(Ws))):
        d = (d @ Ws[l]) * relu_prime(Zs[l - 1])
        out.append(d)
    return out[::-1]
'''),
    dict(id="ch4.deltas/recursive",
         exercise="ch4.deltas", verdict="correct", kind=None, factor=None,
         why="Recursion: computes the top hidden delta, then calls itself on the network without its last layer.",
         code='''
import numpy as np
from backprop_utils.activations import relu_prime


def hidden_deltas(Ws, Zs, delta_out):
    if len(Ws) == 1:
        return []
    d = (delta_out @ Ws[-1]) * relu_prime(Zs[-2])
    return hidden_deltas(Ws[:-1], Zs[:-1], d) + [d]
'''),
    dict(id="ch4.deltas/insert-front-where",
         exercise="ch4.deltas", verdict="correct", kind=None, factor=None,
         why="Walks down with negative indices, masks with np.where and inserts each delta at the front.",
         code='''
import numpy as np


def hidden_deltas(Ws, Zs, delta_out):
    deltas = []
    delta = delta_out
    for k in range(1, len(Ws)):
        W_above = Ws[-k]            # W^(L-k+1)
        Z_here = Zs[-k - 1]         # Z^(L-k)
        delta = np.where(Z_here > 0, delta @ W_above, 0.0)
        deltas.insert(0, delta)
    return deltas
'''),
    dict(id="ch4.deltas/einsum-dict",
         exercise="ch4.deltas", verdict="correct", kind=None, factor=None,
         why="Keeps the deltas in a dict keyed by layer number (1-based, as in the text) and lists them at the end.",
         code='''
import numpy as np
from backprop_utils.activations import relu_prime


def hidden_deltas(Ws, Zs, delta_out):
    L = len(Ws)
    delta = {L: delta_out}
    for l in range(L - 1, 0, -1):
        W_next = Ws[l]              # W^(l+1)
        back = np.einsum("mk,kj->mj", delta[l + 1], W_next)
        delta[l] = back * relu_prime(Zs[l - 1])
    return [delta[l] for l in range(1, L)]
'''),
    # ch4.deltas -- wrong
    dict(id="ch4.deltas/three-layers-only",
         exercise="ch4.deltas", verdict="wrong", kind="fixed_depth", factor=None,
         why="Writes out the two hidden deltas of the chapter's 3-layer example by hand, so any other depth breaks.",
         code='''
import numpy as np
from backprop_utils.activations import relu_prime


def hidden_deltas(Ws, Zs, delta_out):
    d2 = (delta_out @ Ws[2]) * relu_prime(Zs[1])
    d1 = (d2 @ Ws[1]) * relu_prime(Zs[0])
    return [d1, d2]
'''),
    dict(id="ch4.deltas/top-first",
         exercise="ch4.deltas", verdict="wrong", kind="other", factor=None,
         why="Returns the deltas in the order it computed them, from layer L-1 down to 1, instead of from 1 up.",
         code='''
import numpy as np
from backprop_utils.activations import relu_prime


def hidden_deltas(Ws, Zs, delta_out):
    deltas = []
    delta = delta_out
    for l in range(len(Ws) - 1, 0, -1):
        delta = (delta @ Ws[l]) * relu_prime(Zs[l - 1])
        deltas.append(delta)
    return deltas
'''),
    dict(id="ch4.deltas/Z-off-by-one",
         exercise="ch4.deltas", verdict="wrong", kind="other", factor=None,
         why="Takes relu' of Zs[l], the layer above, because Ws[l] and Zs[l] look like they belong together.",
         code='''
import numpy as np
from backprop_utils.activations import relu_prime


def hidden_deltas(Ws, Zs, delta_out):
    L = len(Ws)
    deltas = [None] * (L - 1)
    delta = delta_out
    for l in range(L - 1, 0, -1):
        delta = (delta @ Ws[l]) * relu_prime(Zs[l])
        deltas[l - 1] = delta
    return deltas
'''),
    dict(id="ch4.deltas/W-transposed",
         exercise="ch4.deltas", verdict="wrong", kind="transpose", factor=None,
         why="Multiplies by W^T in the batch form, which runs only for square weights and then gives the wrong deltas.",
         code='''
import numpy as np
from backprop_utils.activations import relu_prime


def hidden_deltas(Ws, Zs, delta_out):
    L = len(Ws)
    deltas = [None] * (L - 1)
    delta = delta_out
    for l in range(L - 1, 0, -1):
        delta = (delta @ Ws[l].T) * relu_prime(Zs[l - 1])
        deltas[l - 1] = delta
    return deltas
'''),
    dict(id="ch4.deltas/no-relu-prime",
         exercise="ch4.deltas", verdict="wrong", kind="missing_derivative", factor=None,
         why="Sends the deltas back through the weights only and forgets relu' at every layer.",
         code='''
import numpy as np


def hidden_deltas(Ws, Zs, delta_out):
    deltas = []
    delta = delta_out
    for W in Ws[:0:-1]:
        delta = delta @ W
        deltas.insert(0, delta)
    return deltas
'''),
    dict(id="ch4.deltas/includes-output",
         exercise="ch4.deltas", verdict="wrong", kind="odd_return", factor=None,
         why="Appends delta_out to the list, returning L deltas instead of the L-1 hidden ones.",
         code='''
import numpy as np
from backprop_utils.activations import relu_prime


def hidden_deltas(Ws, Zs, delta_out):
    deltas = [delta_out]
    for l in range(len(Ws) - 1, 0, -1):
        deltas.insert(0, (deltas[0] @ Ws[l]) * relu_prime(Zs[l - 1]))
    return deltas
'''),
    dict(id="ch4.deltas/pops-Zs",
         exercise="ch4.deltas", verdict="wrong", kind="mutates_input", factor=None,
         why="Pops from the caller's list Zs to walk backwards, leaving it empty although the deltas are right.",
         code='''
import numpy as np
from backprop_utils.activations import relu_prime


def hidden_deltas(Ws, Zs, delta_out):
    Zs.pop()                        # Z^(L) is not needed
    deltas = []
    delta = delta_out
    l = len(Ws) - 1
    while Zs:
        delta = (delta @ Ws[l]) * relu_prime(Zs.pop())
        deltas.insert(0, delta)
        l -= 1
    return deltas
'''),
    dict(id="ch4.deltas/only-three-raise",
         exercise="ch4.deltas", verdict="wrong", kind="own_raise", factor=None,
         why="Computes the top hidden delta, then gives up with its own NotImplementedError for anything but 3 layers.",
         code='''
import numpy as np
from backprop_utils.activations import relu_prime


def hidden_deltas(Ws, Zs, delta_out):
    d_top = (delta_out @ Ws[-1]) * relu_prime(Zs[-2])
    if len(Ws) != 3:
        raise NotImplementedError("only 3 layers for now")
    d1 = (d_top @ Ws[1]) * relu_prime(Zs[0])
    return [d1, d_top]
'''),
    dict(id="ch4.deltas/default-list",
         exercise="ch4.deltas", verdict="wrong", kind="state_between_calls", factor=None,
         why="Collects the deltas in a mutable default argument, so every call returns the deltas of all earlier calls too.",
         code='''
import numpy as np
from backprop_utils.activations import relu_prime


def hidden_deltas(Ws, Zs, delta_out, deltas=[]):
    delta = delta_out
    new = []
    for l in range(len(Ws) - 1, 0, -1):
        delta = (delta @ Ws[l]) * relu_prime(Zs[l - 1])
        new.insert(0, delta)
    deltas.extend(new)
    return deltas
'''),
    dict(id="ch4.deltas/while-no-decrement",
         exercise="ch4.deltas", verdict="hang", kind="hang", factor=None,
         why="A while loop over the layers that never decreases its counter, so it never ends.",
         code='''
import numpy as np
from backprop_utils.activations import relu_prime


def hidden_deltas(Ws, Zs, delta_out):
    L = len(Ws)
    deltas = [None] * (L - 1)
    delta = delta_out
    l = L - 1
    while l > 0:
        delta = (delta_out @ Ws[l]) * relu_prime(Zs[l - 1])
        deltas[l - 1] = delta
    return deltas
'''),
    # ------------------------------------------------------------------
    # ch4.weight_gradients -- correct
    dict(id="ch4.weight_gradients/index-loop-einsum",
         exercise="ch4.weight_gradients", verdict="correct", kind=None, factor=None,
         why="Loops over layer indices and contracts over the batch with einsum.",
         code='''
import numpy as np


def weight_gradients(deltas, activations):
    grads = []
    for l in range(len(deltas)):
        m = activations[l].shape[0]
        grads.append(np.einsum("mj,mk->jk", deltas[l], activations[l]) / m)
    return grads
'''),
    dict(id="ch4.weight_gradients/map-lambda",
         exercise="ch4.weight_gradients", verdict="correct", kind=None, factor=None,
         why="Maps a lambda over the two lists, with .dot and the row-major product transposed.",
         code='''
import numpy as np


def weight_gradients(deltas, activations):
    return list(map(lambda d, A: A.T.dot(d).T / d.shape[0],
                    deltas, activations))
'''),
    dict(id="ch4.weight_gradients/outer-products",
         exercise="ch4.weight_gradients", verdict="correct", kind=None, factor=None,
         why="Averages per-example outer products for every layer.",
         code='''
import numpy as np


def weight_gradients(deltas, activations):
    out = []
    for D, A in zip(deltas, activations):
        G = np.zeros((D.shape[1], A.shape[1]))
        for d, a in zip(D, A):
            G += np.outer(d, a)
        out.append(G / len(D))
    return out
'''),
    dict(id="ch4.weight_gradients/tuple-matmul",
         exercise="ch4.weight_gradients", verdict="correct", kind=None, factor=None,
         why="Returns a tuple instead of a list, built with np.matmul and a batch size taken once.",
         code='''
import numpy as np


def weight_gradients(deltas, activations):
    m = len(activations[0])
    return tuple(np.matmul(D.T, A) / m for D, A in zip(deltas, activations))
'''),
    # ch4.weight_gradients -- wrong
    dict(id="ch4.weight_gradients/transposed",
         exercise="ch4.weight_gradients", verdict="wrong", kind="transpose", factor=None,
         why="Writes A^T Delta, the row-major convention, giving each gradient the transposed shape.",
         code='''
import numpy as np


def weight_gradients(deltas, activations):
    m = deltas[0].shape[0]
    return [A.T @ d / m for d, A in zip(deltas, activations)]
'''),
    dict(id="ch4.weight_gradients/sum-not-mean",
         exercise="ch4.weight_gradients", verdict="wrong", kind="constant_multiple", factor="m",
         why="Forgets the 1/m of the mean cost.",
         code='''
import numpy as np


def weight_gradients(deltas, activations):
    return [d.T @ A for d, A in zip(deltas, activations)]
'''),
    dict(id="ch4.weight_gradients/shifted-pairing",
         exercise="ch4.weight_gradients", verdict="wrong", kind="other", factor=None,
         why="Translates A^(l-1) literally into activations[l - 1] although the list already starts at A^(0), so every delta meets the wrong activations (the first one the last).",
         code='''
import numpy as np


def weight_gradients(deltas, activations):
    m = deltas[0].shape[0]
    grads = []
    for l in range(len(deltas)):
        # dJ/dW^(l) = Delta^(l) A^(l-1)^T / m
        grads.append(deltas[l].T @ activations[l - 1] / m)
    return grads
'''),
    dict(id="ch4.weight_gradients/three-layers-only",
         exercise="ch4.weight_gradients", verdict="wrong", kind="fixed_depth", factor=None,
         why="Writes the three gradients of a 3-layer network by index.",
         code='''
import numpy as np


def weight_gradients(deltas, activations):
    m = activations[0].shape[0]
    dW1 = deltas[0].T @ activations[0] / m
    dW2 = deltas[1].T @ activations[1] / m
    dW3 = deltas[2].T @ activations[2] / m
    return [dW1, dW2, dW3]
'''),
    dict(id="ch4.weight_gradients/generator",
         exercise="ch4.weight_gradients", verdict="wrong", kind="odd_return", factor=None,
         why="Returns a generator expression instead of a list, which can be read only once and has no length.",
         code='''
import numpy as np


def weight_gradients(deltas, activations):
    m = deltas[0].shape[0]
    return (d.T @ A / m for d, A in zip(deltas, activations))
'''),
    dict(id="ch4.weight_gradients/divide-by-units",
         exercise="ch4.weight_gradients", verdict="wrong", kind="constant_multiple", factor="m/n_l",
         why="Divides each gradient by d.shape[1], the layer's number of units, instead of the batch size.",
         code='''
import numpy as np


def weight_gradients(deltas, activations):
    return [d.T @ A / d.shape[1] for d, A in zip(deltas, activations)]
'''),
    dict(id="ch4.weight_gradients/overwrites-deltas",
         exercise="ch4.weight_gradients", verdict="wrong", kind="mutates_input", factor=None,
         why="Replaces each delta in the caller's list with its gradient and returns that list.",
         code='''
import numpy as np


def weight_gradients(deltas, activations):
    m = deltas[0].shape[0]
    for l in range(len(deltas)):
        deltas[l] = deltas[l].T @ activations[l] / m
    return deltas
'''),
    dict(id="ch4.weight_gradients/module-list",
         exercise="ch4.weight_gradients", verdict="wrong", kind="state_between_calls", factor=None,
         why="Appends to a list created outside the function, so a second call returns the first call's gradients as well.",
         code='''
import numpy as np

grads = []


def weight_gradients(deltas, activations):
    m = deltas[0].shape[0]
    for d, A in zip(deltas, activations):
        grads.append(d.T @ A / m)
    return grads
'''),
    dict(id="ch4.weight_gradients/last-first",
         exercise="ch4.weight_gradients", verdict="wrong", kind="other", factor=None,
         why="Walks the layers backwards, as in the backward pass, and returns the gradients from W^(L) down to W^(1).",
         code='''
import numpy as np


def weight_gradients(deltas, activations):
    m = deltas[0].shape[0]
    out = []
    for l in range(len(deltas) - 1, -1, -1):
        out.append(deltas[l].T @ activations[l] / m)
    return out
'''),
    # ------------------------------------------------------------------
    # ch4.gradient_step -- correct
    dict(id="ch4.gradient_step/relu-prime-of-A",
         exercise="ch4.gradient_step", verdict="correct", kind=None, factor=None,
         why="Keeps only the activations and takes relu' of A instead of Z, which is the same mask for ReLU.",
         code='''
import numpy as np
from backprop_utils.activations import relu, relu_prime


def gradient_step(Ws, bs, X, Y, eta):
    L = len(Ws)
    As = [X]
    for l in range(L):
        Z = As[-1] @ Ws[l].T + bs[l]
        As.append(Z if l == L - 1 else relu(Z))
    m = X.shape[0]
    delta = As[-1] - Y
    grads = [None] * L
    for l in range(L - 1, -1, -1):
        grads[l] = delta.T @ As[l] / m
        if l > 0:
            delta = (delta @ Ws[l]) * relu_prime(As[l])
    return [W - eta * G for W, G in zip(Ws, grads)]
'''),
    dict(id="ch4.gradient_step/copy-then-update",
         exercise="ch4.gradient_step", verdict="correct", kind=None, factor=None,
         why="Copies the weights first and updates the copies during the backward pass, while the deltas still use the old weights.",
         code='''
import numpy as np


def gradient_step(Ws, bs, X, Y, eta):
    new_Ws = [W.copy() for W in Ws]
    acts, pre = [X], []
    for l, (W, b) in enumerate(zip(Ws, bs)):
        z = acts[-1] @ W.T + b
        pre.append(z)
        acts.append(np.maximum(z, 0) if l < len(Ws) - 1 else z)
    m = len(X)
    delta = acts[-1] - Y
    for l in reversed(range(len(Ws))):
        grad = delta.T @ acts[l] / m
        if l > 0:
            delta = (delta @ Ws[l]) * (pre[l - 1] > 0)
        new_Ws[l] -= eta * grad
    return new_Ws
'''),
    dict(id="ch4.gradient_step/all-deltas-first",
         exercise="ch4.gradient_step", verdict="correct", kind=None, factor=None,
         why="Computes every delta first, then every gradient with einsum, then the update.",
         code='''
import numpy as np
from backprop_utils.activations import relu, relu_prime


def gradient_step(Ws, bs, X, Y, eta):
    L = len(Ws)
    A, Z = [X], []
    for l in range(L):
        Z.append(np.einsum("mk,jk->mj", A[l], Ws[l]) + bs[l])
        A.append(Z[l] if l == L - 1 else relu(Z[l]))
    D = [None] * L
    D[L - 1] = A[L] - Y
    for l in range(L - 2, -1, -1):
        D[l] = (D[l + 1] @ Ws[l + 1]) * relu_prime(Z[l])
    m = X.shape[0]
    G = [np.einsum("mj,mk->jk", D[l], A[l]) / m for l in range(L)]
    return [Ws[l] - eta * G[l] for l in range(L)]
'''),
    dict(id="ch4.gradient_step/recursive-backward",
         exercise="ch4.gradient_step", verdict="correct", kind=None, factor=None,
         why="Does the forward and backward pass in one recursive helper nested in the function.",
         code='''
import numpy as np


def gradient_step(Ws, bs, X, Y, eta):
    m, L = X.shape[0], len(Ws)
    grads = [None] * L

    def go(l, A_in):
        # returns dJ/dZ of layer l (0-based), filling grads on the way back
        Z = A_in @ Ws[l].T + bs[l]
        if l == L - 1:
            dZ = (Z - Y) / m
        else:
            dA = go(l + 1, np.maximum(Z, 0.0)) @ Ws[l + 1]
            dZ = dA * (Z > 0)
        grads[l] = dZ.T @ A_in
        return dZ

    go(0, X)
    return [W - eta * g for W, g in zip(Ws, grads)]
'''),
    # ch4.gradient_step -- wrong
    dict(id="ch4.gradient_step/sum-not-mean",
         exercise="ch4.gradient_step", verdict="wrong", kind="constant_multiple", factor="m",
         why="Uses the summed gradient, forgetting the 1/m of the mean cost, so the step is m times too long.",
         code='''
import numpy as np
from backprop_utils.activations import relu, relu_prime


def gradient_step(Ws, bs, X, Y, eta):
    L = len(Ws)
    As, Zs = [X], []
    for l in range(L):
        Zs.append(As[-1] @ Ws[l].T + bs[l])
        As.append(relu(Zs[-1]) if l < L - 1 else Zs[-1])
    delta = As[-1] - Y
    grads = [None] * L
    for l in range(L - 1, -1, -1):
        grads[l] = delta.T @ As[l]
        if l > 0:
            delta = (delta @ Ws[l]) * relu_prime(Zs[l - 1])
    return [W - eta * G for W, G in zip(Ws, grads)]
'''),
    dict(id="ch4.gradient_step/uphill",
         exercise="ch4.gradient_step", verdict="wrong", kind="sign", factor=None,
         why="Adds eta times the gradient instead of subtracting it.",
         code='''
import numpy as np
from backprop_utils.activations import relu, relu_prime


def gradient_step(Ws, bs, X, Y, eta):
    L, m = len(Ws), len(X)
    As, Zs = [X], []
    for l in range(L):
        Zs.append(As[-1] @ Ws[l].T + bs[l])
        As.append(relu(Zs[-1]) if l < L - 1 else Zs[-1])
    delta = As[-1] - Y
    new = [None] * L
    for l in range(L - 1, -1, -1):
        new[l] = Ws[l] + eta * (delta.T @ As[l] / m)
        if l > 0:
            delta = (delta @ Ws[l]) * relu_prime(Zs[l - 1])
    return new
'''),
    dict(id="ch4.gradient_step/update-during-backward",
         exercise="ch4.gradient_step", verdict="wrong", kind="other", factor=None,
         why="Updates each weight matrix as soon as its gradient is known, so the next delta goes back through the new weights.",
         code='''
import numpy as np
from backprop_utils.activations import relu, relu_prime


def gradient_step(Ws, bs, X, Y, eta):
    Ws = [W.copy() for W in Ws]
    L, m = len(Ws), X.shape[0]
    As, Zs = [X], []
    for l in range(L):
        Zs.append(As[-1] @ Ws[l].T + bs[l])
        As.append(relu(Zs[-1]) if l < L - 1 else Zs[-1])
    delta = As[-1] - Y
    for l in range(L - 1, -1, -1):
        Ws[l] = Ws[l] - eta * (delta.T @ As[l] / m)
        if l > 0:
            delta = (delta @ Ws[l]) * relu_prime(Zs[l - 1])
    return Ws
'''),
    dict(id="ch4.gradient_step/in-place-update",
         exercise="ch4.gradient_step", verdict="wrong", kind="mutates_input", factor=None,
         why="Computes all gradients first (right), then updates the caller's matrices in place with W -= eta*G and returns them.",
         code='''
import numpy as np
from backprop_utils.activations import relu, relu_prime


def gradient_step(Ws, bs, X, Y, eta):
    L, m = len(Ws), X.shape[0]
    As, Zs = [X], []
    for l in range(L):
        Zs.append(As[-1] @ Ws[l].T + bs[l])
        As.append(relu(Zs[-1]) if l < L - 1 else Zs[-1])
    delta = As[-1] - Y
    grads = [None] * L
    for l in range(L - 1, -1, -1):
        grads[l] = delta.T @ As[l] / m
        if l > 0:
            delta = (delta @ Ws[l]) * relu_prime(Zs[l - 1])
    for W, G in zip(Ws, grads):
        W -= eta * G
    return Ws
'''),
    dict(id="ch4.gradient_step/relu-on-output",
         exercise="ch4.gradient_step", verdict="wrong", kind="other", factor=None,
         why="Applies ReLU to every layer, the output too, although the output is the identity.",
         code='''
import numpy as np
from backprop_utils.activations import relu, relu_prime


def gradient_step(Ws, bs, X, Y, eta):
    L, m = len(Ws), X.shape[0]
    As, Zs = [X], []
    for W, b in zip(Ws, bs):
        Zs.append(As[-1] @ W.T + b)
        As.append(relu(Zs[-1]))
    delta = (As[-1] - Y) * relu_prime(Zs[-1])
    grads = [None] * L
    for l in range(L - 1, -1, -1):
        grads[l] = delta.T @ As[l] / m
        if l > 0:
            delta = (delta @ Ws[l]) * relu_prime(Zs[l - 1])
    return [W - eta * G for W, G in zip(Ws, grads)]
'''),
    dict(id="ch4.gradient_step/three-layers-only",
         exercise="ch4.gradient_step", verdict="wrong", kind="fixed_depth", factor=None,
         why="Spells out the forward and backward pass of a 3-layer network line by line.",
         code='''
import numpy as np
from backprop_utils.activations import relu, relu_prime


def gradient_step(Ws, bs, X, Y, eta):
    W1, W2, W3 = Ws
    b1, b2, b3 = bs
    m = X.shape[0]
    Z1 = X @ W1.T + b1
    A1 = relu(Z1)
    Z2 = A1 @ W2.T + b2
    A2 = relu(Z2)
    Z3 = A2 @ W3.T + b3
    D3 = Z3 - Y
    D2 = (D3 @ W3) * relu_prime(Z2)
    D1 = (D2 @ W2) * relu_prime(Z1)
    return [W1 - eta * D1.T @ X / m,
            W2 - eta * D2.T @ A1 / m,
            W3 - eta * D3.T @ A2 / m]
'''),
    dict(id="ch4.gradient_step/only-three-raise",
         exercise="ch4.gradient_step", verdict="wrong", kind="own_raise", factor=None,
         why="Runs the forward pass for any depth, then raises its own NotImplementedError unless the network has the chapter's 3 layers.",
         code='''
import numpy as np
from backprop_utils.activations import relu, relu_prime


def gradient_step(Ws, bs, X, Y, eta):
    As, Zs = [X], []
    for l, (W, b) in enumerate(zip(Ws, bs)):
        Zs.append(As[-1] @ W.T + b)
        As.append(relu(Zs[-1]) if l < len(Ws) - 1 else Zs[-1])
    if len(Ws) != 3:
        raise NotImplementedError("only written for 3 layers")
    m = X.shape[0]
    D3 = As[3] - Y
    D2 = (D3 @ Ws[2]) * relu_prime(Zs[1])
    D1 = (D2 @ Ws[1]) * relu_prime(Zs[0])
    grads = [D1.T @ As[0] / m, D2.T @ As[1] / m, D3.T @ As[2] / m]
    return [W - eta * G for W, G in zip(Ws, grads)]
'''),
    dict(id="ch4.gradient_step/no-relu-prime",
         exercise="ch4.gradient_step", verdict="wrong", kind="missing_derivative", factor=None,
         why="Back-propagates through the weights but forgets relu' of the hidden layers.",
         code='''
import numpy as np
from backprop_utils.activations import relu


def gradient_step(Ws, bs, X, Y, eta):
    L, m = len(Ws), X.shape[0]
    As = [X]
    for l in range(L):
        Z = As[-1] @ Ws[l].T + bs[l]
        As.append(relu(Z) if l < L - 1 else Z)
    delta = As[-1] - Y
    grads = []
    for l in range(L - 1, -1, -1):
        grads.insert(0, delta.T @ As[l] / m)
        delta = delta @ Ws[l]
    return [W - eta * G for W, G in zip(Ws, grads)]
'''),
    dict(id="ch4.gradient_step/forgot-biases",
         exercise="ch4.gradient_step", verdict="wrong", kind="other", factor=None,
         why="Reads 'the biases are left out' as leaving them out of the forward pass too.",
         code='''
import numpy as np
from backprop_utils.activations import relu, relu_prime


def gradient_step(Ws, bs, X, Y, eta):
    L, m = len(Ws), X.shape[0]
    As, Zs = [X], []
    for l in range(L):
        Zs.append(As[-1] @ Ws[l].T)
        As.append(relu(Zs[-1]) if l < L - 1 else Zs[-1])
    delta = As[-1] - Y
    grads = [None] * L
    for l in range(L - 1, -1, -1):
        grads[l] = delta.T @ As[l] / m
        if l > 0:
            delta = (delta @ Ws[l]) * relu_prime(Zs[l - 1])
    return [W - eta * G for W, G in zip(Ws, grads)]
'''),
    dict(id="ch4.gradient_step/no-half",
         exercise="ch4.gradient_step", verdict="wrong", kind="constant_multiple", factor="2",
         why="Starts the backward pass from 2(A - Y), the derivative without the half, so the step is twice too long.",
         code='''
import numpy as np
from backprop_utils.activations import relu, relu_prime


def gradient_step(Ws, bs, X, Y, eta):
    L, m = len(Ws), X.shape[0]
    As, Zs = [X], []
    for l in range(L):
        Zs.append(As[-1] @ Ws[l].T + bs[l])
        As.append(relu(Zs[-1]) if l < L - 1 else Zs[-1])
    delta = 2 * (As[-1] - Y)
    grads = [None] * L
    for l in range(L - 1, -1, -1):
        grads[l] = delta.T @ As[l] / m
        if l > 0:
            delta = (delta @ Ws[l]) * relu_prime(Zs[l - 1])
    return [W - eta * G for W, G in zip(Ws, grads)]
'''),
]
