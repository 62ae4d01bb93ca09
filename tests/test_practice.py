"""The Write-it-yourself checker: every exercise, every mistake.

Each mistake is written here the way a learner would write it (not by
calling the module's variants), and must get exactly its own diagnosis.
The general detectors (a constant factor, a sign, a transpose, an
argument changed in place, a result that depends on earlier calls,
float32, odd returns, the time limit) are tried on every exercise where
they can occur. tests/test_practice_bank.py tries the checker on a bank
of answers written blind.
"""

import itertools
import linecache
import math
import time

import numpy as np
import pytest
from scipy.signal import convolve2d, correlate2d

from backprop_utils.activations import relu, relu_prime, sigmoid, \
    sigmoid_prime
from backprop_utils.autodiff import Node
from backprop_utils.practice import (EXERCISES, MISTAKES, STUB_MESSAGE,
                                     CheckResult, check, engine, outcomes)

# The right answer and each plausible mistake, as a learner writes them.
LEARNERS = {
    "ch1.dloss_da": {
        "correct": lambda a, y: 2 * (a - y),
        "dropped_two": lambda a, y: a - y,
        "flipped_sign": lambda a, y: 2 * (y - a),
        "loss_not_slope": lambda a, y: (a - y) * (a - y),
    },
    "ch1.dloss_dw": {
        "correct": lambda a_prev, z, y:
            a_prev * sigmoid(z) * (1 - sigmoid(z)) * 2 * (sigmoid(z) - y),
        "dropped_two": lambda a_prev, z, y:
            a_prev * sigmoid_prime(z) * (sigmoid(z) - y),
        "flipped_sign": lambda a_prev, z, y:
            a_prev * sigmoid_prime(z) * 2 * (y - sigmoid(z)),
        "g_for_gprime": lambda a_prev, z, y:
            a_prev * sigmoid(z) * 2 * (sigmoid(z) - y),
        "gprime_of_a": lambda a_prev, z, y:
            a_prev * sigmoid_prime(sigmoid(z)) * 2 * (sigmoid(z) - y),
        "missing_input": lambda a_prev, z, y:
            sigmoid_prime(z) * 2 * (sigmoid(z) - y),
        "no_gprime": lambda a_prev, z, y: 2 * a_prev * (sigmoid(z) - y),
        "z_for_a": lambda a_prev, z, y:
            a_prev * sigmoid_prime(z) * 2 * (z - y),
    },
    "ch2.grad_W": {
        "correct": lambda X, Y, W, b: (X @ W.T + b - Y).T @ X / len(X),
        "factor_two": lambda X, Y, W, b:
            2 * (X @ W.T + b - Y).T @ X / len(X),
        "missing_mean": lambda X, Y, W, b: (X @ W.T + b - Y).T @ X,
        "flipped_sign": lambda X, Y, W, b: (Y - X @ W.T - b).T @ X / len(X),
        "forgot_bias": lambda X, Y, W, b: (X @ W.T - Y).T @ X / len(X),
    },
    "ch2.grad_b": {
        "correct": lambda X, Y, W, b: (X @ W.T + b - Y).mean(axis=0),
        "factor_two": lambda X, Y, W, b: 2 * (X @ W.T + b - Y).mean(axis=0),
        "missing_mean": lambda X, Y, W, b: (X @ W.T + b - Y).sum(axis=0),
        "flipped_sign": lambda X, Y, W, b: (Y - X @ W.T - b).mean(axis=0),
        "forgot_bias": lambda X, Y, W, b: (X @ W.T - Y).mean(axis=0),
    },
    "ch3.delta_hidden": {
        "correct": lambda W2, delta2, Z1: (delta2 @ W2) * (Z1 > 0),
        "no_gprime": lambda W2, delta2, Z1: delta2 @ W2,
        "g_for_gprime": lambda W2, delta2, Z1: (delta2 @ W2) * relu(Z1),
        "transposed_weights": lambda W2, delta2, Z1:
            (delta2 @ W2.T) * relu_prime(Z1),
    },
    "ch3.grad_W1": {
        "correct": lambda delta1, X: (X.T @ delta1).T / X.shape[0],
        "missing_mean": lambda delta1, X: delta1.T @ X,
    },
    "ch2.output_delta": {
        "correct": lambda Z, Y: 1 / (1 + np.exp(-Z)) - Y,
        "extra_gprime": lambda Z, Y: (sigmoid(Z) - Y) * sigmoid_prime(Z),
        "flipped_sign": lambda Z, Y: Y - sigmoid(Z),
        "z_for_a": lambda Z, Y: Z - Y,
        "no_gprime": lambda Z, Y: -Y / sigmoid(Z) + (1 - Y) / (1 - sigmoid(Z)),
    },
    "ch4.weight_gradients": {
        "correct": lambda deltas, activations: [
            d.T @ a / len(a) for d, a in zip(deltas, activations)],
        "missing_mean": lambda deltas, activations: [
            d.T @ a for d, a in zip(deltas, activations)],
    },
}


def hidden_deltas(slope_of, transpose=False, next_z=False):
    def deltas(Ws, Zs, delta_out):
        out, delta = [None] * (len(Ws) - 1), delta_out
        for l in range(len(Ws) - 1, 0, -1):
            W = Ws[l].T if transpose else Ws[l]
            Z = Zs[l] if next_z else Zs[l - 1]
            delta = slope_of(delta @ W, Z)
            out[l - 1] = delta
        return out
    return deltas


LEARNERS["ch4.deltas"] = {
    "correct": hidden_deltas(lambda back, Z: back * (Z > 0)),
    "transposed_weights": hidden_deltas(lambda back, Z: back * (Z > 0),
                                        transpose=True),
    "g_for_gprime": hidden_deltas(lambda back, Z: back * np.maximum(Z, 0)),
    "no_gprime": hidden_deltas(lambda back, Z: back),
    "wrong_layer_z": hidden_deltas(lambda back, Z: back * (Z > 0),
                                   next_z=True),
}


def gradient_step(two=1, mean=True, update_early=False, slope=True,
                  sign=-1, bias=True, relu_out=False):
    def step(Ws, bs, X, Y, eta):
        Ws = list(Ws)
        As, Zs = [X], []
        for l, (W, b) in enumerate(zip(Ws, bs)):
            Zs.append(As[-1] @ W.T + (b if bias else 0))
            last = l == len(Ws) - 1
            As.append(np.maximum(Zs[-1], 0) if not last or relu_out
                      else Zs[-1])
        delta = two * (As[-1] - Y)
        grads = [None] * len(Ws)
        for l in range(len(Ws) - 1, -1, -1):
            grads[l] = delta.T @ As[l] / (len(X) if mean else 1)
            if update_early:
                Ws[l] = Ws[l] - eta * grads[l]
            if l:
                delta = delta @ Ws[l]
                if slope:
                    delta = delta * (Zs[l - 1] > 0)
        if update_early:
            return Ws
        return [W + sign * eta * G for W, G in zip(Ws, grads)]
    return step


LEARNERS["ch4.gradient_step"] = {
    "correct": gradient_step(),
    "updated_weights_mid_pass": gradient_step(update_early=True),
    "missing_mean": gradient_step(mean=False),
    "factor_two": gradient_step(two=2),
    "no_gprime": gradient_step(slope=False),
    "uphill_step": gradient_step(sign=1),
    "forgot_bias": gradient_step(bias=False),
    "activation_on_output": gradient_step(relu_out=True),
}


def stable_softmax(Z):
    E = np.exp(Z - Z.max(axis=1, keepdims=True))
    return E / E.sum(axis=1, keepdims=True)


def log_softmax(Z):
    c = Z.max(axis=1, keepdims=True)
    return Z - c - np.log(np.exp(Z - c).sum(axis=1, keepdims=True))


def output_gradients(delta_of, mean=True):
    def grads(A_prev, Z, Y):
        delta = delta_of(stable_softmax(Z), Y)
        m = len(Z) if mean else 1
        return [delta.T @ A_prev / m, delta.sum(axis=0) / m]
    return grads


LEARNERS["ch5.softmax"] = {
    "correct": stable_softmax,
    "no_max_shift": lambda Z: np.exp(Z) / np.exp(Z).sum(axis=1)[:, None],
    "global_max_shift": lambda Z: np.exp(Z - np.max(Z)) / np.exp(
        Z - np.max(Z)).sum(axis=1, keepdims=True),
}
LEARNERS["ch5.cost"] = {
    "correct": lambda Z, Y: -np.mean(np.sum(Y * log_softmax(Z), axis=1)),
    "mean_over_classes": lambda Z, Y: -np.mean(Y * log_softmax(Z)),
    "missing_mean": lambda Z, Y: -np.sum(Y * log_softmax(Z)),
    "dropped_minus": lambda Z, Y: np.mean(np.sum(Y * log_softmax(Z),
                                                 axis=1)),
    "no_max_shift": lambda Z, Y: np.mean(
        np.log(np.exp(Z).sum(axis=1)) - (Y * Z).sum(axis=1)),
    "global_max_shift": lambda Z, Y: np.mean(
        Z.max() + np.log(np.exp(Z - Z.max()).sum(axis=1))
        - (Y * Z).sum(axis=1)),
}
LEARNERS["ch5.output_gradients"] = {
    "correct": output_gradients(lambda A, Y: A - Y),
    "elementwise_softmax": output_gradients(
        lambda A, Y: -Y * (1 - A)),
    "mean_over_classes": output_gradients(
        lambda A, Y: (A - Y) / Y.shape[1]),
    "missing_mean": output_gradients(lambda A, Y: A - Y, mean=False),
    "flipped_softmax_delta": output_gradients(lambda A, Y: Y - A),
    "extra_softmax_derivative": output_gradients(
        lambda A, Y: (A - Y) * A * (1 - A)),
}
LEARNERS["ch5.output_gradients"]["z_for_a"] = lambda A_prev, Z, Y: [
    (Z - Y).T @ A_prev / len(Z), (Z - Y).mean(axis=0)]


def reverse_pass(add=True, backwards=True, by_parent=False):
    def learner(parents, local):
        n = len(parents)
        grad = [0.0] * n
        grad[-1] = 1.0
        for i in (range(n - 1, -1, -1) if backwards else range(n)):
            pairs = (dict(zip(parents[i], local[i])).items() if by_parent
                     else zip(parents[i], local[i]))
            for p, d in pairs:
                share = d * grad[i]
                grad[p] = grad[p] + share if add else share
        return np.array(grad)
    return learner


LEARNERS["ch6.tanh_backward"] = {
    "correct": lambda x, grad: grad / np.cosh(x) ** 2,
    "dropped_upstream": lambda x, grad: 1 - np.tanh(x) ** 2,
    "g_for_gprime": lambda x, grad: grad * np.tanh(x),
    "output_formula_of_input": lambda x, grad: grad * (1 - x * x),
    "gprime_of_a": lambda x, grad: grad / np.cosh(np.tanh(x)) ** 2,
    "no_gprime": lambda x, grad: grad + 0.0,
}
LEARNERS["ch6.softmax_backward"] = {
    "correct": lambda A, grad: np.stack(
        [(np.diag(a) - np.outer(a, a)) @ g for a, g in zip(A, grad)]),
    "elementwise_softmax": lambda A, grad: grad * A * (1 - A),
    "batch_mixed": lambda A, grad: A * (grad - (grad * A).sum()),
    "wrong_axis": lambda A, grad: A * (grad - (grad * A).sum(axis=0)),
}
LEARNERS["ch6.reverse_pass"] = {
    "correct": reverse_pass(),
    "overwrite_adjoint": reverse_pass(add=False),
    "forward_order": reverse_pass(backwards=False),
    "parent_counted_once": reverse_pass(by_parent=True),
}
LEARNERS["ch6.log_node"] = {
    "correct": lambda x: Node(math.log(x.value), [x], [x.value ** -1]),
    "g_for_gprime": lambda x: Node(math.log(x.value), (x,),
                                   (math.log(x.value),), "log"),
    "node_not_linked": lambda x: Node(np.log(x.value)),
}


# Chapter 7: a stride-1 convolution layer (a cross-correlation, as torch's
# conv2d) and max pooling, written with numpy (and scipy) as a learner
# would, vectorised; the plain loops are further down.
def pad(A, p):
    return np.pad(A, ((0, 0), (0, 0), (p, p), (p, p)))


def kernel_gradient(padded=True, flip_result=False):
    """One einsum per kernel offset (p, q), over the batch and the
    positions at once."""
    def learner(X, dZ, padding):
        Xp = pad(X, padding) if padded else X
        m, O, Ho, Wo = dZ.shape
        kh, kw = Xp.shape[2] - Ho + 1, Xp.shape[3] - Wo + 1
        dK = np.zeros((O, X.shape[1], kh, kw))
        for p in range(kh):
            for q in range(kw):
                dK[:, :, p, q] = np.einsum(
                    "noij,ncij->oc", dZ, Xp[:, :, p:p + Ho, q:q + Wo])
        return dK[:, :, ::-1, ::-1] if flip_result else dK
    return learner


def kernel_gradient_by_position(overwrite=False, example=None):
    """A loop over the output positions, the batch summed by einsum (or
    one example only)."""
    def learner(X, dZ, padding):
        Xp = pad(X, padding)
        m, O, Ho, Wo = dZ.shape
        kh, kw = Xp.shape[2] - Ho + 1, Xp.shape[3] - Wo + 1
        dK = np.zeros((O, X.shape[1], kh, kw))
        for i in range(Ho):
            for j in range(Wo):
                win = Xp[:, :, i:i + kh, j:j + kw]
                if example is None:
                    share = np.einsum("no,ncpq->ocpq", dZ[:, :, i, j], win)
                else:
                    share = np.einsum("o,cpq->ocpq", dZ[example, :, i, j],
                                      win[example])
                dK = share if overwrite else dK + share
        return dK
    return learner


def kernel_gradient_scipy(slide):
    """scipy.signal, one 2-D slide per (example, output, input channel)."""
    def learner(X, dZ, padding):
        Xp = pad(X, padding)
        m, O, Ho, Wo = dZ.shape
        C = X.shape[1]
        dK = np.zeros((O, C, Xp.shape[2] - Ho + 1, Xp.shape[3] - Wo + 1))
        for n in range(m):
            for o in range(O):
                for c in range(C):
                    dK[o, c] += slide(Xp[n, c], dZ[n, o], mode="valid")
        return dK
    return learner


def input_gradient(flip=True, crop="both", channels=None):
    """dZ padded by kh - 1 and kw - 1 zeros, correlated with the flipped
    kernel (input and output channels swapped), the padding cut off."""
    def learner(dZ, K, padding):
        from numpy.lib.stride_tricks import sliding_window_view
        m, O, Ho, Wo = dZ.shape
        kh, kw = K.shape[2:]
        if channels is not None:
            dZ, K = dZ[:, channels], K[channels]
        Kf = K[:, :, ::-1, ::-1] if flip else K
        dZp = np.pad(dZ, ((0, 0), (0, 0), (kh - 1, kh - 1),
                          (kw - 1, kw - 1)))
        win = sliding_window_view(dZp, (kh, kw), axis=(2, 3))
        dXp = np.einsum("nouvpq,ocpq->ncuv", win, Kf)
        p = padding
        H, W = Ho + kh - 1 - 2 * p, Wo + kw - 1 - 2 * p
        return {"both": dXp[:, :, p:H + p, p:W + p], "none": dXp,
                "end": dXp[:, :, :H, :W]}[crop]
    return learner


def input_gradient_by_position(overwrite=False, first_channel=False):
    """Each output position's window gets back dZ times the kernel."""
    def learner(dZ, K, padding):
        m, O, Ho, Wo = dZ.shape
        _, C, kh, kw = K.shape
        dXp = np.zeros((m, C, Ho + kh - 1, Wo + kw - 1))
        for i in range(Ho):
            for j in range(Wo):
                if first_channel:
                    share = np.einsum("n,cpq->ncpq", dZ[:, 0, i, j], K[0])
                else:
                    share = np.einsum("no,ocpq->ncpq", dZ[:, :, i, j], K)
                if overwrite:
                    dXp[:, :, i:i + kh, j:j + kw] = share
                else:
                    dXp[:, :, i:i + kh, j:j + kw] += share
        p = padding
        return dXp[:, :, p:dXp.shape[2] - p, p:dXp.shape[3] - p]
    return learner


def pool_windows(X, s):
    """(m, C, H/s, W/s, s*s): each window's cells in row-major order."""
    m, C, H, W = X.shape
    return X.reshape(m, C, H // s, s, W // s, s).transpose(
        0, 1, 2, 4, 3, 5).reshape(m, C, H // s, W // s, s * s)


def unpool(share, X):
    m, C, H, W = X.shape
    s = int(round(share.shape[-1] ** 0.5))
    return share.reshape(m, C, H // s, W // s, s, s).transpose(
        0, 1, 2, 4, 3, 5).reshape(X.shape)


def maxpool_backward(route):
    def learner(X, dOut, size):
        w = pool_windows(X, size)
        return unpool(route(w) * dOut[..., None], X)
    return learner


def first_maximum(w):
    return np.eye(w.shape[-1])[np.argmax(w, axis=-1)]


def every_maximum(w):
    return w == w.max(axis=-1, keepdims=True)


def spread(dOut, s):
    return np.repeat(np.repeat(dOut, s, axis=2), s, axis=3)


def maxpool_backward_loop(last_tie=False):
    def learner(X, dOut, size):
        m, C, H, W = X.shape
        dX = np.zeros_like(X)
        for n in range(m):
            for c in range(C):
                for i in range(H // size):
                    for j in range(W // size):
                        best, at = -np.inf, None
                        for a in range(size):
                            for b in range(size):
                                x = X[n, c, i * size + a, j * size + b]
                                if x > best or (last_tie and x == best):
                                    best, at = x, (a, b)
                        dX[n, c, i * size + at[0], j * size + at[1]] = \
                            dOut[n, c, i, j]
        return dX
    return learner


LEARNERS["ch7.kernel_gradient"] = {
    "correct": kernel_gradient(),
    "one_position": kernel_gradient_by_position(overwrite=True),
    "batch_not_summed": kernel_gradient_by_position(example=0),
    "gradient_flipped": kernel_gradient(flip_result=True),
    "convolved_not_correlated": kernel_gradient_scipy(convolve2d),
    "padding_forgotten": kernel_gradient(padded=False),
}
LEARNERS["ch7.input_gradient"] = {
    "correct": input_gradient(),
    "kernel_not_flipped": input_gradient(flip=False),
    "padding_forgotten": input_gradient(crop="none"),
    "padding_cut_one_side": input_gradient(crop="end"),
    "channels_not_summed": input_gradient_by_position(first_channel=True),
    "one_position": input_gradient_by_position(overwrite=True),
}
LEARNERS["ch7.maxpool_backward"] = {
    "correct": maxpool_backward(first_maximum),
    "pooling_copied": lambda X, dOut, size: spread(dOut, size),
    "pooling_averaged": lambda X, dOut, size: spread(dOut, size) / size**2,
    "tie_every_maximum": maxpool_backward(every_maximum),
    "tie_last_maximum": maxpool_backward_loop(last_tie=True),
    "tie_shared": maxpool_backward(lambda w: every_maximum(w) / every_maximum(
        w).sum(axis=-1, keepdims=True)),
}


# Chapter 8: a vanilla recurrent layer, one example per row; H holds h_0
# first (H[:, t] is h_t), dH_out and delta start at step 1
# (delta[:, t - 1] is delta_t). The plain loops are further down.
def deltas_through_time(own_every_step=True, transpose=False,
                        slope="1 - h^2", state=0, bracket="both",
                        skip_slope_at=None, passes="delta",
                        returns="delta"):
    """From t = T down to 1, as the chapter writes it, vectorised over
    the batch: dh = dH_out[:, t - 1] + dh_next, delta_t = dh * slope,
    dh_next = delta_t @ W_hh."""
    def learner(dH_out, H, W_hh):
        m, T, n_h = dH_out.shape
        W = W_hh.T if transpose else W_hh
        out = np.zeros((m, T, n_h))
        dh_next = np.zeros((m, n_h))
        for t in range(T, 0, -1):
            h = H[:, t + state]
            s = {"1 - h^2": 1 - h ** 2, "h": h, "none": 1.0,
                 "1 - tanh(h)^2": 1 - np.tanh(h) ** 2}[slope]
            if t == skip_slope_at or (skip_slope_at == "T" and t == T):
                s = 1.0
            own = dH_out[:, t - 1] if own_every_step or t == T else 0.0
            later = dh_next
            dh = own + later
            if bracket == "both":
                delta = dh * s
            elif bracket == "later":           # a + b @ W * s
                delta = own + later * s
            else:                              # a * s + b @ W
                delta = own * s + later
            out[:, t - 1] = delta if returns == "delta" else dh
            dh_next = (delta if passes == "delta" else dh) @ W
        return out
    return learner


def deltas_off_by_one(dH_out, H, W_hh):
    # 0-based t, and H[:, t] taken for h_{t+1}: it is h_t
    T = dH_out.shape[1]
    delta = np.zeros_like(dH_out)
    for t in reversed(range(T)):
        dh = dH_out[:, t].copy()
        if t + 1 < T:
            dh += delta[:, t + 1] @ W_hh
        delta[:, t] = dh * (1 - H[:, t] ** 2)
    return delta


def shared_gradient_loop(overwrite=False, backwards=False, state=-1):
    """A loop over the steps, each step's share delta_t^T h_{t-1}."""
    def learner(delta, H):
        m, T, n_h = delta.shape
        dW = np.zeros((n_h, n_h))
        for t in (range(T, 0, -1) if backwards else range(1, T + 1)):
            share = delta[:, t - 1].T @ H[:, t + state]
            dW = share if overwrite else dW + share
        return dW
    return learner


def joint_norm(grads):
    return np.sqrt(sum(np.sum(g ** 2) for g in grads.values()))


def clip_loops(root=True, each=False, always=False):
    """The squares added up array by array, then each array scaled."""
    def learner(grads, max_norm):
        total = 0.0
        for g in grads.values():
            total += np.sum(g ** 2)
        norm = np.sqrt(total) if root else total
        out = {}
        for name, g in grads.items():
            n = np.linalg.norm(g) if each else norm
            out[name] = g * (max_norm / n if always else
                             min(1.0, max_norm / n))
        return out
    return learner


LEARNERS["ch8.hidden_deltas"] = {
    "correct": deltas_through_time(),
    "recurrence_dropped": lambda dH_out, H, W_hh:
        dH_out * (1 - H[:, 1:] ** 2),
    "last_step_only": deltas_through_time(own_every_step=False),
    "no_gprime": deltas_through_time(slope="none"),
    "g_for_gprime": deltas_through_time(slope="h"),
    "gprime_of_a": deltas_through_time(slope="1 - tanh(h)^2"),
    "wrong_hidden_state": deltas_off_by_one,
    "transposed_weights": deltas_through_time(transpose=True),
}
LEARNERS["ch8.shared_weight_gradient"] = {
    "correct": lambda delta, H: np.einsum("mti,mtj->ij", delta, H[:, :-1]),
    "last_step_only": lambda delta, H: delta[:, -1].T @ H[:, -2],
    "steps_not_summed": shared_gradient_loop(overwrite=True,
                                             backwards=True),
    "wrong_hidden_state": shared_gradient_loop(state=0),
}
LEARNERS["ch8.clip_by_norm"] = {
    "correct": lambda grads, max_norm: {
        k: g * min(1, max_norm / joint_norm(grads))
        for k, g in grads.items()},
    "clip_elementwise": lambda grads, max_norm: {
        k: np.clip(g, -max_norm, max_norm) for k, g in grads.items()},
    "clip_each_array": clip_loops(each=True),
    "clip_normalised": clip_loops(always=True),
    "squared_norm": clip_loops(root=False),
}

CASES = [(name, kind) for name, kinds in LEARNERS.items() for kind in kinds]


def test_every_exercise_has_learners_for_all_its_mistakes():
    assert set(LEARNERS) == set(EXERCISES)
    for name, ex in EXERCISES.items():
        assert set(LEARNERS[name]) == {"correct", *ex.variants}, name
    assert len(MISTAKES) >= 8
    used = {m for ex in EXERCISES.values() for m in ex.recognises}
    assert used == set(MISTAKES), "a mistake no exercise can recognise"


@pytest.mark.parametrize("name, kind", CASES)
def test_each_learner_gets_exactly_its_own_diagnosis(name, kind):
    res = check(name, LEARNERS[name][kind])
    ex = EXERCISES[name]
    assert isinstance(res, CheckResult)
    if kind == "correct":
        assert res.ok and res.diagnosis == "correct", res
        n = len(ex.cases)
        assert ("both cases" if n == 2 else f"all {n} cases") in res.message
    else:
        assert not res.ok and res.diagnosis == kind, res
        says = ex.says.get(kind, MISTAKES[kind].says)
        why = ex.why.get(kind, MISTAKES[kind].why)
        assert res.message == f"{says}: {why}.", res
        assert res.mistake.name == kind
        page, section = ex.see.get(kind, (MISTAKES[kind].page,
                                          MISTAKES[kind].section))
        assert (res.mistake.page, res.mistake.section) == (page, section)


@pytest.mark.parametrize("name", sorted(EXERCISES))
def test_the_cases_tell_every_pair_of_mistakes_apart(name):
    ex = EXERCISES[name]
    seen = {"reference": engine._expected(ex)[1]}
    for mistake in ex.variants:
        seen[mistake] = engine._variant_outcomes(ex, mistake)
    for (a, oa), (b, ob) in itertools.combinations(seen.items(), 2):
        assert not all(engine._same(x, y) for x, y in zip(oa, ob)), \
            (name, a, b)
    # and the cases show what they must: every batch has more than two
    # examples, so that the 1/m and the 2 differ
    batch = {"a", "y", "a_prev", "z", "X", "Y", "Z", "Z1", "delta1",
             "delta2", "delta_out", "Zs", "deltas", "activations",
             "A_prev", "x", "grad", "A", "dZ", "dOut", "dH_out", "H",
             "delta"}
    if name in ("ch6.reverse_pass", "ch6.log_node",     # not a batch
                "ch8.clip_by_norm"):
        return
    for case in ex.cases:
        rows = [np.shape(a)[0] for key, v in case.items() if key in batch
                for a in (v if isinstance(v, list) else [v])]
        assert rows and min(rows) > 2, (name, rows)


def test_a_function_of_layers_is_checked_at_depths_2_3_and_4():
    for name in ("ch4.deltas", "ch4.weight_gradients", "ch4.gradient_step"):
        ex = EXERCISES[name]
        key = "deltas" if name == "ch4.weight_gradients" else "Ws"
        assert sorted(len(c[key]) for c in ex.cases) == [2, 3, 4], name


def test_relu_is_never_asked_its_slope_at_0():
    # the course takes relu'(0) = 0, numpy's (Z > 0); a learner's
    # (Z >= 0) takes 1; the cases never reach 0, so both are right
    for name in ("ch3.delta_hidden", "ch4.deltas", "ch4.gradient_step"):
        for case in EXERCISES[name].cases:
            Zs = case.get("Zs") or [case.get("Z1")]
            if name == "ch4.gradient_step":
                A, Zs = case["X"], []
                for W, b in zip(case["Ws"], case["bs"]):
                    Zs.append(A @ W.T + b)
                    A = np.maximum(Zs[-1], 0)
            assert all(np.all(Z != 0) for Z in Zs if Z is not None), name
        res = check(name, LEARNERS[name]["correct"])
        assert res.ok


def learner_cell(args, body, ns=None):
    """A function defined as a learner's cell defines it (its lines can
    be looked up, as IPython's can)."""
    ns = dict(ns or {}, np=np)
    src = f"def f({', '.join(args)}):\n" + body
    linecache.cache["<learner cell>"] = (len(src), None,
                                         src.splitlines(True),
                                         "<learner cell>")
    exec(compile(src, "<learner cell>", "exec"), ns)
    return ns["f"]


@pytest.mark.parametrize("name", sorted(EXERCISES))
def test_stub_none_error_shape_and_unknown(name):
    args = EXERCISES[name].signature
    right = LEARNERS[name]["correct"]

    def call_with(body):
        return check(name, learner_cell(args, body, {"right": right}))

    stub = call_with(f"    raise NotImplementedError({STUB_MESSAGE!r})\n")
    assert stub.diagnosis == "not attempted" and not stub.ok
    assert stub.message.startswith("not attempted yet: the function above "
                                   "still raises")
    # a learner's own NotImplementedError is an error, with its words
    own = call_with("    raise NotImplementedError('only 3 layers')\n")
    assert own.diagnosis == "error", own
    assert "NotImplementedError: only 3 layers" in own.message

    none = call_with("    x = 1\n")
    assert none.diagnosis == "returned None"

    raises = call_with("    x = 1\n    return np.zeros(3)[5]\n")
    assert raises.diagnosis == "error"
    assert "IndexError" in raises.message
    assert "line 3: return np.zeros(3)[5]" in raises.message

    call = f"right({', '.join(args)})"
    ex = EXERCISES[name]
    if ex.adapt is not None:                 # a node, not numbers
        flat = call_with(f"    return {call}.value\n")
        assert flat.diagnosis == "odd result", flat
        assert "float, not a Node" in flat.message
        # parents that are not Nodes: backward() fails in the checker,
        # and the reply says what a Node needs
        loose = call_with("    return type(x)(np.log(x.value), "
                          "(x.value,), (1 / x.value,), 'log')\n")
        assert loose.diagnosis == "odd result", loose
        assert "its parents must be Nodes" in loose.message
        odd = call_with(f"    t = {call}\n    t.value += 0.5\n    return t\n")
        assert odd.diagnosis == "unknown", odd
        assert "first difference in case 1" in odd.message
        return
    if isinstance(engine._expected(ex)[0][0], list):   # a list of arrays
        flat = call_with(f"    return [np.ravel(x)[:, None] for x in "
                         f"{call}]\n")
        assert "in item 0" in flat.message
        short = call_with(f"    return {call}[:-1]\n")
        assert short.diagnosis == "odd result" and "a list of" in \
            short.message
        odd_body = (f"    out = [np.array(x, dtype=float) for x in {call}]\n"
                    "    out[0].flat[0] += 0.5\n    return out\n")
    elif isinstance(engine._expected(ex)[0][0], dict):  # name -> array
        flat = call_with(f"    return {{k: np.ravel(x)[:, None] for k, x "
                         f"in {call}.items()}}\n")
        assert "in the item " in flat.message
        short = call_with(f"    out = dict({call})\n"
                          f"    out.popitem()\n    return out\n")
        assert short.diagnosis == "odd result" and "a dict with the " \
            "keys" in short.message
        pair = call_with(f"    return {call}, 1.0\n")
        assert pair.diagnosis == "odd result" and "return the dict " \
            "alone" in pair.message
        listed = call_with(f"    return list({call}.values())\n")
        assert listed.diagnosis == "odd result" and listed.message \
            .startswith("your function returned a list, not a dict")
        odd_body = (f"    out = {{k: np.array(x, dtype=float) for k, x in "
                    f"{call}.items()}}\n"
                    "    next(iter(out.values())).flat[0] += 0.5\n"
                    "    return out\n")
    else:
        flat = call_with(f"    return np.ravel({call})[:, None]\n")
        odd_body = (f"    out = np.array({call}, dtype=float)\n"
                    "    out.flat[0] += 0.5\n    return out\n")
    if isinstance(engine._expected(ex)[0][0], (list, dict)) or np.size(
            engine._expected(ex)[0][0]) > 1:
        assert flat.diagnosis == "shape" and "expected" in flat.message

    odd = call_with(odd_body)
    assert odd.diagnosis == "unknown"
    assert "first difference in case 1" in odd.message
    assert "worst error" in odd.message and "-0 " not in odd.message
    # and where to read, though the mistake has no name
    assert odd.where_in_words == ex.where_in_words
    assert f'<a href="{ex.page}"' in odd._repr_html_()


def _sizes_of(ex, args):
    return ex.sizes(dict(zip(ex.signature, args)))


def _scaled(ex, right, factor):
    """``right`` with its result (or its step) times ``factor(sizes)``."""
    def scaled(*args):
        c = factor(_sizes_of(ex, args))
        out = right(*args)
        if ex.step_from is None:
            return ([c * np.asarray(o) for o in out]
                    if isinstance(out, list) else c * np.asarray(out))
        old = ex.step_from(dict(zip(ex.signature, args)))
        return [w + c * (o - w) for o, w in zip(out, old)]
    return scaled


WITH_SIZES = sorted(n for n, ex in EXERCISES.items() if ex.sizes is not None)


@pytest.mark.parametrize("name", WITH_SIZES)
def test_a_constant_factor_is_named_with_its_sizes(name):
    ex = EXERCISES[name]
    right = LEARNERS[name]["correct"]
    sizes = ex.sizes(ex.cases[0])
    known = {m: MISTAKES[m] for m in ex.variants}
    for text, factor in [("1/2", lambda s: 0.5), ("-1", lambda s: -1.0)] + [
            (f"1/{k}", lambda s, k=k: 1 / s[k][0]) for k in sizes] + [
            (f"{k}/{j}", lambda s, k=k, j=j: s[k][0] / s[j][0])
            for k, j in itertools.permutations(sizes, 2)]:
        res = check(name, _scaled(ex, right, factor))
        assert not res.ok, (name, text)
        if res.diagnosis in known:          # the exercise's own words
            continue
        if text == "-1":
            assert res.diagnosis == "opposite_sign", (name, res)
            continue
        assert res.diagnosis == "constant_factor", (name, text, res)
        assert text in res.message, (name, text, res.message)


@pytest.mark.parametrize("name", sorted(EXERCISES))
def test_an_argument_changed_in_place_is_named(name):
    ex = EXERCISES[name]
    if ex.adapt is not None:              # the checker makes the Node
        return
    right = LEARNERS[name]["correct"]

    def spoil(*args):
        out = right(*args)
        first = args[0]
        if isinstance(first, list):
            first.pop()                   # e.g. Zs.pop()
        elif isinstance(first, dict):
            for g in first.values():      # e.g. g *= scale
                g *= 2
        else:
            np.asarray(first)[...] *= 2   # e.g. a *= 2
        return out
    res = check(name, spoil)
    assert res.diagnosis == "changed_argument", res
    assert f"changes its argument: {ex.signature[0]} (" in res.message
    assert "training loop" in res.message


def each_array(out, f):
    """``f`` applied to every array of a result: an array, a list of
    them, or a dict name -> array."""
    if isinstance(out, dict):
        return {k: f(v) for k, v in out.items()}
    if isinstance(out, list):
        return [f(o) for o in out]
    return f(out)


@pytest.mark.parametrize("name", sorted(EXERCISES))
def test_a_result_that_depends_on_earlier_calls_is_named(name):
    right = LEARNERS[name]["correct"]
    calls = []                            # kept between calls

    def drifting(*args):
        calls.append(1)
        out = right(*args)
        if isinstance(out, Node):
            return Node(out.value + len(calls), out.parents, out.local)
        return each_array(out, lambda o: o + len(calls))
    assert check(name, drifting).diagnosis == "state_between_calls"

    def with_default(*args, seen=[]):     # a mutable default argument
        seen.append(1)
        out = right(*args)
        if len(seen) == 1 or isinstance(out, Node):
            return out
        return each_array(out, lambda o: o * 2)
    if EXERCISES[name].adapt is None:     # (a Node is returned as it is)
        assert check(name, with_default).diagnosis == \
            "state_between_calls"


@pytest.mark.parametrize("name", sorted(EXERCISES))
def test_float32_is_right_to_float32_precision(name):
    ex = EXERCISES[name]
    if ex.adapt is not None:
        return
    right = LEARNERS[name]["correct"]

    def f32(*args):
        out = right(*[[np.float32(w) * 1 for w in a] if isinstance(a, list)
                      and a and isinstance(a[0], np.ndarray)
                      else a for a in args])
        return each_array(out, lambda o: np.asarray(o, np.float32))
    res = check(name, f32)
    assert res.ok, res
    assert "float32 precision" in res.message


@pytest.mark.parametrize("name", sorted(EXERCISES))
def test_renamed_arguments_lists_and_tuples_are_accepted(name):
    ex = EXERCISES[name]
    right = LEARNERS[name]["correct"]
    names = ", ".join(f"my_{k}" for k in ex.signature)
    renamed = learner_cell([f"my_{k}" for k in ex.signature],
                           f"    return right({names})\n", {"right": right})
    assert check(name, renamed).ok
    if ex.adapt is not None:
        return

    def as_lists(*args):
        out = right(*args)
        if isinstance(out, list):
            return tuple(np.asarray(o).tolist() for o in out)
        if isinstance(out, dict):         # and the keys in another order
            return {k: np.asarray(out[k]).tolist() for k in reversed(out)}
        return np.asarray(out).tolist()
    assert check(name, as_lists).ok


def test_odd_returns_are_named():
    cost = LEARNERS["ch5.cost"]["correct"]
    res = check("ch5.cost", lambda Z, Y: f"{cost(Z, Y):.4f}")
    assert res.diagnosis == "odd result"
    assert "a string" in res.message and "not text" in res.message
    res = check("ch4.weight_gradients", lambda deltas, activations: (
        d.T @ a / len(a) for d, a in zip(deltas, activations)))
    assert res.diagnosis == "odd result" and "generator" in res.message
    res = check("ch2.grad_b", lambda X, Y, W, b: {"db": np.zeros(2)})
    assert res.diagnosis == "odd result" and "a dict" in res.message


def test_a_function_that_never_returns_meets_the_time_limit(monkeypatch):
    monkeypatch.setattr(outcomes, "TIME_LIMIT", 0.3)
    f = learner_cell(["a", "y"], "    while True:\n        a = a + 0\n")
    start = time.perf_counter()
    res = check("ch1.dloss_da", f)
    assert time.perf_counter() - start < 5
    assert res.diagnosis == "time limit"
    assert "still running after 0.3 s" in res.message
    assert "(line 2: while True:)" in res.message or "(line 3:" in \
        res.message


def test_a_transposed_gradient_is_named():
    res = check("ch2.grad_W", lambda X, Y, W, b:
                X.T @ (X @ W.T + b - Y) / len(X))
    assert res.diagnosis == "transposed_result", res
    assert res.message.startswith("your result is the transpose")


def test_bad_use():
    with pytest.raises(KeyError, match="no exercise 'ch9.x'; the exercises"):
        check("ch9.x", lambda: None)
    with pytest.raises(TypeError, match="needs the function itself; got "
                       "int 3"):
        check("ch1.dloss_da", 3)
    res = check("ch1.dloss_da", lambda a: 2 * a)
    assert res.diagnosis == "signature" and not res.ok
    assert "passes 2 arguments, in this order: (a, y); your function " \
        "takes (a)" in res.message


def test_the_answer_is_short_on_the_page():
    res = check("ch2.grad_W", LEARNERS["ch2.grad_W"]["factor_two"])
    text, page = repr(res), res._repr_html_()
    assert text.startswith("ch2.grad_W: ✗ your result is the right one "
                           "times 2")
    assert text.endswith("(see the notation page, \u201cLoss and cost, "
                         "with or without the 1/2\u201d)")
    assert len(text) < 400 and len(page) < 900
    # the notebook beside this one (in Jupyter, and in the download)
    assert ('<a href="notation.ipynb" data-bp-section="loss-and-cost-with-'
            'or-without-the-1-2">the notation page') in page
    ok = check("ch2.grad_W", LEARNERS["ch2.grad_W"]["correct"])
    assert repr(ok) == "ch2.grad_W: ✓ correct on all 3 cases."


def test_the_course_solution_says_it_is_the_solution():
    def grad_W_solution(X, Y, W, b):
        return LEARNERS["ch2.grad_W"]["correct"](X, Y, W, b)
    res = check("ch2.grad_W", grad_W_solution)
    assert repr(res).startswith("ch2.grad_W (the course's solution): ✓")


def test_every_mistake_points_to_a_heading_that_exists():
    import json
    from pathlib import Path
    from backprop_utils.practice import PAGE_NAMES, html_id, myst_anchor
    chapters = Path(__file__).resolve().parent.parent / "chapters"
    places = [(m.name, m.page, m.section) for m in MISTAKES.values()] + [
        (ex.name, ex.page, ex.section) for ex in EXERCISES.values()]
    headings = {}
    for page in {page for _, page, _ in places if (chapters / page).exists()}:
        nb = json.loads((chapters / page).read_text())
        headings[page] = [line.lstrip("#").strip()
                          for c in nb["cells"] if c["cell_type"] == "markdown"
                          for line in "".join(c["source"]).splitlines()
                          if line.startswith("#")]
    for name, page, _ in places:
        assert page in PAGE_NAMES, name
    # every heading missing at once: what a new chapter must hold
    missing = sorted({(page, section) for _, page, section in places
                      if section not in headings.get(page, [])})
    assert not missing, "headings missing (page, heading): " + "; ".join(
        f"{page}: {section!r}" for page, section in missing)
    assert myst_anchor("Loss and cost, with or without the 1/2") == \
        "loss-and-cost-with-or-without-the-12"
    assert html_id("Loss and cost, with or without the 1/2") == \
        "loss-and-cost-with-or-without-the-1-2"


# Where each general mistake can happen: tried in every such exercise
PLAUSIBLE = {
    "flipped_sign": ["ch1.dloss_da", "ch1.dloss_dw", "ch2.grad_W",
                     "ch2.grad_b", "ch2.output_delta"],
    "no_gprime": ["ch1.dloss_dw", "ch2.output_delta", "ch3.delta_hidden",
                  "ch4.deltas", "ch4.gradient_step", "ch6.tanh_backward",
                  "ch8.hidden_deltas"],
    "g_for_gprime": ["ch1.dloss_dw", "ch3.delta_hidden", "ch4.deltas",
                     "ch6.tanh_backward", "ch6.log_node",
                     "ch8.hidden_deltas"],
    "missing_mean": ["ch2.grad_W", "ch2.grad_b", "ch3.grad_W1",
                     "ch4.weight_gradients", "ch4.gradient_step",
                     "ch5.cost", "ch5.output_gradients"],
    "z_for_a": ["ch1.dloss_dw", "ch2.output_delta", "ch5.output_gradients"],
    "no_max_shift": ["ch5.softmax", "ch5.cost"],
    "global_max_shift": ["ch5.softmax", "ch5.cost"],
    "wrong_axis": ["ch5.softmax", "ch6.softmax_backward"],
    "elementwise_softmax": ["ch5.output_gradients", "ch6.softmax_backward"],
    "forgot_bias": ["ch2.grad_W", "ch2.grad_b", "ch4.gradient_step"],
    "transposed_result": ["ch2.grad_W", "ch3.grad_W1",
                          "ch4.weight_gradients",
                          "ch8.shared_weight_gradient"],
    # (clipping is not linear in its input: no factor of the sizes)
    "constant_factor": [n for n, ex in EXERCISES.items()
                        if ex.adapt is None and n != "ch8.clip_by_norm"],
    "one_position": ["ch7.kernel_gradient", "ch7.input_gradient"],
    "padding_forgotten": ["ch7.kernel_gradient", "ch7.input_gradient"],
    "batch_not_summed": ["ch7.kernel_gradient"],
    "gradient_flipped": ["ch7.kernel_gradient"],
    "kernel_not_flipped": ["ch7.input_gradient"],
    "channels_not_summed": ["ch7.input_gradient"],
    "transposed_weights": ["ch3.delta_hidden", "ch4.deltas",
                           "ch8.hidden_deltas"],
    "gprime_of_a": ["ch1.dloss_dw", "ch6.tanh_backward",
                    "ch8.hidden_deltas"],
    "last_step_only": ["ch8.hidden_deltas", "ch8.shared_weight_gradient"],
    "wrong_hidden_state": ["ch8.hidden_deltas",
                           "ch8.shared_weight_gradient"],
    "recurrence_dropped": ["ch8.hidden_deltas"],
    "slope_in_part": ["ch8.hidden_deltas"],
    "steps_not_summed": ["ch8.shared_weight_gradient"],
    "clip_elementwise": ["ch8.clip_by_norm"],
    "clip_each_array": ["ch8.clip_by_norm"],
    "clip_normalised": ["ch8.clip_by_norm"],
    "squared_norm": ["ch8.clip_by_norm"],
    "clip_wrong_factor": ["ch8.clip_by_norm"],
    "changed_argument": list(EXERCISES),
    "state_between_calls": list(EXERCISES),
}


def test_every_mistake_is_tried_where_it_can_happen():
    missing = [(m, n) for m, names in PLAUSIBLE.items() for n in names
               if m not in EXERCISES[n].recognises]
    assert not missing, missing


def test_a_gradient_step_too_large_is_called_a_step():
    res = check("ch4.gradient_step",
                LEARNERS["ch4.gradient_step"]["missing_mean"])
    assert res.message.startswith("your step is m times the right one")
    res = check("ch4.gradient_step",
                LEARNERS["ch4.gradient_step"]["factor_two"])
    assert res.message.startswith("your step is twice the right one")


def test_an_overflowing_softmax_is_named_without_a_warning():
    # the learner's exp(1000) is inf, and inf / inf is nan: the checker
    # names that, and numpy's warning does not reach the page
    import warnings
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        res = check("ch5.softmax", LEARNERS["ch5.softmax"]["no_max_shift"])
    assert res.diagnosis == "no_max_shift"
    assert res.message.startswith("your result has nan and zeros")


def test_a_softmax_down_the_columns_is_named():
    res = check("ch5.softmax", lambda Z: np.exp(Z - Z.max(axis=0)) / np.exp(
        Z - Z.max(axis=0)).sum(axis=0))
    assert res.diagnosis == "wrong_axis", res


def test_an_unstable_formula_is_named_as_not_finite():
    # right in exact arithmetic, nan once a sigmoid saturates
    res = check("ch2.output_delta", lambda Z, Y: (
        (sigmoid(Z) - Y) / (sigmoid(Z) * (1 - sigmoid(Z))))
        * sigmoid_prime(Z))
    assert res.diagnosis == "not finite", res
    assert "where the right one is finite" in res.message


def test_the_mistakes_page_holds_the_catalogue():
    # one section per mistake, in the catalogue's order and words, so
    # that the page's contents list them (make notebooks writes them)
    import json
    from pathlib import Path
    from backprop_utils.practice import catalogue_entry
    page = Path(__file__).resolve().parent.parent / "chapters" / \
        "mistakes.ipynb"
    cells = json.loads(page.read_text())["cells"]
    sections = ["".join(c["source"]) for c in cells
                if c["metadata"].get("bp_catalogue")]
    expected = [catalogue_entry(m).rstrip("\n") for m in MISTAKES.values()]
    assert [s.rstrip("\n") for s in sections] == expected, (
        "chapters/mistakes.ipynb does not match the catalogue of "
        "backprop_utils/practice/catalogue/: run `make notebooks` (or "
        "tools/execute_notebooks.py chapters/mistakes.ipynb)")
    headings = [s.splitlines()[0] for s in sections]
    assert headings == [f"## {m.title}" for m in MISTAKES.values()]
    assert len(set(headings)) == len(headings)


# --- chapter 7: convolution and pooling ----------------------------------

def kernel_gradient_loops(X, dZ, padding):
    # the naive loops: every weight, every example, every position
    m, C, H, W = X.shape
    _, O, Ho, Wo = dZ.shape
    p = padding
    Xp = np.zeros((m, C, H + 2 * p, W + 2 * p))
    Xp[:, :, p:p + H, p:p + W] = X
    kh, kw = H + 2 * p - Ho + 1, W + 2 * p - Wo + 1
    dK = np.zeros((O, C, kh, kw))
    for o in range(O):
        for c in range(C):
            for u in range(kh):
                for v in range(kw):
                    for n in range(m):
                        for i in range(Ho):
                            for j in range(Wo):
                                dK[o, c, u, v] += (dZ[n, o, i, j]
                                                   * Xp[n, c, i + u, j + v])
    return dK


def input_gradient_loops(dZ, K, padding):
    # each output entry sends dZ back to every input entry it read
    m, O, Ho, Wo = dZ.shape
    _, C, kh, kw = K.shape
    p = padding
    H, W = Ho + kh - 1 - 2 * p, Wo + kw - 1 - 2 * p
    dXp = np.zeros((m, C, H + 2 * p, W + 2 * p))
    for n in range(m):
        for o in range(O):
            for i in range(Ho):
                for j in range(Wo):
                    for c in range(C):
                        for u in range(kh):
                            for v in range(kw):
                                dXp[n, c, i + u, j + v] += (dZ[n, o, i, j]
                                                            * K[o, c, u, v])
    return dXp[:, :, p:p + H, p:p + W]


@pytest.mark.parametrize("name, fn", [
    ("ch7.kernel_gradient", kernel_gradient_loops),
    ("ch7.kernel_gradient", kernel_gradient_by_position()),
    ("ch7.kernel_gradient", kernel_gradient_scipy(correlate2d)),
    ("ch7.input_gradient", input_gradient_loops),
    ("ch7.input_gradient", input_gradient_by_position()),
    ("ch7.maxpool_backward", maxpool_backward_loop()),
])
def test_plain_loops_and_other_right_answers_are_accepted(name, fn):
    res = check(name, fn)
    n = len(EXERCISES[name].cases)
    assert res.ok and res.message == f"correct on all {n} cases.", res


def test_the_input_gradient_written_with_scipy():
    # a true convolution flips K itself: right; a correlation, or a
    # convolution with K flipped beforehand, is K unflipped
    def with_scipy(slide, flip):
        def learner(dZ, K, padding):
            m, O, Ho, Wo = dZ.shape
            _, C, kh, kw = K.shape
            p = padding
            dXp = np.zeros((m, C, Ho + kh - 1, Wo + kw - 1))
            for n in range(m):
                for o in range(O):
                    for c in range(C):
                        k = K[o, c, ::-1, ::-1] if flip else K[o, c]
                        dXp[n, c] += slide(dZ[n, o], k, mode="full")
            return dXp[:, :, p:dXp.shape[2] - p, p:dXp.shape[3] - p]
        return learner
    assert check("ch7.input_gradient", with_scipy(convolve2d, False)).ok
    assert check("ch7.input_gradient", with_scipy(correlate2d, True)).ok
    for slide, flip in [(correlate2d, False), (convolve2d, True)]:
        res = check("ch7.input_gradient", with_scipy(slide, flip))
        assert res.diagnosis == "kernel_not_flipped", res
        assert "either it was not flipped, or it was flipped and then" \
            in res.message


def test_one_position_or_one_example_is_named_whichever_it_is():
    def position(i, j, n=None):
        def learner(X, dZ, padding):
            Xp = pad(X, padding)
            kh = Xp.shape[2] - dZ.shape[2] + 1
            kw = Xp.shape[3] - dZ.shape[3] + 1
            y, x = i % dZ.shape[2], j % dZ.shape[3]      # -1: the last
            win = Xp[:, :, y:y + kh, x:x + kw]
            if n is None:
                return np.einsum("no,ncpq->ocpq", dZ[:, :, y, x], win)
            return np.einsum("o,cpq->ocpq", dZ[n, :, y, x], win[n])
        return learner
    # the first position (no loop at all); the last position of the
    # last example (a loop over n, i and j that overwrites)
    for fn in (position(0, 0), position(-1, -1, n=-1), position(0, 0, 0)):
        res = check("ch7.kernel_gradient", fn)
        assert res.diagnosis == "one_position", res
        assert res.message.startswith("your kernel gradient comes from one "
                                      "output position only")
    last = kernel_gradient_by_position(example=-1)        # n = m - 1
    res = check("ch7.kernel_gradient", last)
    assert res.diagnosis == "batch_not_summed", res
    assert "dZ already carries the 1/m" in res.message
    # each example's share apart, stacked: (m, O, C, kh, kw)
    res = check("ch7.kernel_gradient", lambda X, dZ, padding: np.stack([
        kernel_gradient()(X[n:n + 1], dZ[n:n + 1], padding)
        for n in range(len(X))]))
    assert res.diagnosis == "batch_not_summed", res
    assert "or each example's share apart" in res.message
    # a loop over the output channels that overwrites keeps the last o
    res = check("ch7.input_gradient", input_gradient(channels=[-1]))
    assert res.diagnosis == "channels_not_summed", res


def test_the_padding_forgotten_is_named_though_its_shape_differs():
    for name in ("ch7.kernel_gradient", "ch7.input_gradient"):
        ex = EXERCISES[name]
        wrong = engine._variant_outcomes(ex, "padding_forgotten")
        right = engine._expected(ex)[1]
        assert any(a.parts[0][1].shape != b.parts[0][1].shape
                   for a, b in zip(wrong, right)), name
        res = check(name, LEARNERS[name]["padding_forgotten"])
        assert res.diagnosis == "padding_forgotten", res
        assert "padding" in res.message.split(":")[0], res
    # a shape that no mistake gives is still a shape, with what to return
    res = check("ch7.input_gradient", lambda dZ, K, padding: input_gradient(
        crop="none")(dZ, K, padding)[:, :, 1:, 1:])
    assert res.diagnosis == "shape", res
    assert "r = r_out + f_r - 1 - 2\u00b7padding" in res.message
    # the border cut from the top and the left is one side too
    res = check("ch7.input_gradient", lambda dZ, K, padding: input_gradient(
        crop="none")(dZ, K, padding)[:, :, 2 * padding:, 2 * padding:])
    assert res.diagnosis == "padding_cut_one_side", res


def test_the_batch_averaged_again_is_a_factor_1_over_m():
    for name in ("ch7.kernel_gradient", "ch7.input_gradient"):
        right = LEARNERS[name]["correct"]
        ex = EXERCISES[name]
        res = check(name, lambda *a: right(*a) / len(a[0]))
        assert res.diagnosis == "constant_factor", res
        assert "exactly 1/m times the right one (m = 3, the number of " \
            "examples" in res.message
        assert "a mean taken twice" in res.message
        assert "1/m" in ex.returns and "already includes" in ex.returns


def test_the_pooling_cases_have_ties_that_tell_the_rules_apart():
    ex = EXERCISES["ch7.maxpool_backward"]
    most = []
    for case in ex.cases:
        w = pool_windows(case["X"], case["size"])
        most.append(int(every_maximum(w).sum(axis=-1).max()))
    # two cases with windows of 3 or more tied maxima, one without ties
    assert sorted(most) == [1, 3, 3] or (most.count(1) == 1 and min(
        k for k in most if k > 1) >= 3), most
    right = engine._expected(ex)[1]
    for mistake in ("tie_every_maximum", "tie_last_maximum", "tie_shared"):
        wrong = engine._variant_outcomes(ex, mistake)
        same = [engine._same(a, b) for a, b in zip(wrong, right)]
        # wrong on every case with ties, right on the one without
        assert same == [k == 1 for k in most], (mistake, same)
    assert "first of them in row-major order" in ex.returns
    # the averaged spread is named as average pooling, not as a factor;
    # the right routing divided by size² is a factor
    res = check("ch7.maxpool_backward",
                LEARNERS["ch7.maxpool_backward"]["pooling_averaged"])
    assert res.diagnosis == "pooling_averaged", res
    right_fn = LEARNERS["ch7.maxpool_backward"]["correct"]
    res = check("ch7.maxpool_backward",
                lambda X, dOut, size: right_fn(X, dOut, size) / size**2)
    assert res.diagnosis == "constant_factor" and "1/s²" in res.message


def test_the_references_are_the_package_functions():
    from backprop_utils import conv2d, conv2d_backward, max_pool2d_backward
    for case in EXERCISES["ch7.kernel_gradient"].cases:
        X, dZ, p = case["X"], case["dZ"], case["padding"]
        dK = kernel_gradient_loops(X, dZ, p)
        np.testing.assert_allclose(
            conv2d_backward(dZ, X, np.zeros(dK.shape), padding=p)[1], dK,
            rtol=1e-12, atol=1e-12)
        # and the layer is a correlation: Z = conv2d(X, K, b) has the
        # shape of dZ for a kernel of dK's shape
        assert conv2d(X, np.zeros(dK.shape), np.zeros(dK.shape[0]),
                      padding=p).shape == dZ.shape
    for case in EXERCISES["ch7.maxpool_backward"].cases:
        np.testing.assert_array_equal(
            max_pool2d_backward(case["dOut"], case["X"], case["size"]),
            maxpool_backward_loop()(case["X"], case["dOut"],
                                    case["size"]))


def shapes_of(value):
    if isinstance(value, dict):
        return tuple((k, np.shape(v)) for k, v in value.items())
    return np.shape(value)


@pytest.mark.parametrize("name", ["ch7.kernel_gradient",
                                  "ch7.input_gradient",
                                  "ch7.maxpool_backward",
                                  "ch8.hidden_deltas",
                                  "ch8.shared_weight_gradient",
                                  "ch8.clip_by_norm"])
def test_a_result_kept_by_shape_is_caught(name):
    # a function that keeps its first result for each set of shapes (as
    # a layer keeps its cache) is right on the first case of each shape
    # only: a later case with the same shapes and new numbers catches it
    ex = EXERCISES[name]
    kept = {}

    def keeps(*args):
        key = tuple(shapes_of(a) for a in args)
        if key not in kept:
            kept[key] = ex.reference(**dict(zip(ex.signature, args)))
        return kept[key]

    shapes = [tuple(shapes_of(v) for v in case.values())
              for case in ex.cases]
    # the first case's shapes again, right after it
    assert shapes[1] == shapes[0]
    assert len(set(shapes)) < len(shapes)
    res = check(name, keeps)
    assert not res.ok, res


def test_axes_in_another_order_get_their_own_hint():
    def swapped(X, dZ, padding):
        return np.swapaxes(EXERCISES["ch7.kernel_gradient"].reference(
            X=X, dZ=dZ, padding=padding), 0, 1)
    res = check("ch7.kernel_gradient", swapped)
    assert res.diagnosis == "shape" and "axes in another order" in res.message


# --- chapter 8: backpropagation through time, and clipping --------------

def hidden_deltas_loops(dH_out, H, W_hh):
    # plain loops: every example, every step from T down to 1, every unit
    m, T, n_h = dH_out.shape
    delta = np.zeros((m, T, n_h))
    for i in range(m):
        for t in range(T, 0, -1):
            for j in range(n_h):
                dh = dH_out[i, t - 1, j]
                if t < T:                     # nothing after T
                    for k in range(n_h):
                        dh += delta[i, t, k] * W_hh[k, j]
                delta[i, t - 1, j] = dh * (1 - H[i, t, j] ** 2)
    return delta


def hidden_deltas_zero_based(dH_out, H, W_hh):
    # 0-based: delta[:, t] is delta_{t+1}, whose state is H[:, t + 1]
    T = dH_out.shape[1]
    delta = np.zeros_like(dH_out)
    for t in reversed(range(T)):
        dh = dH_out[:, t].copy()
        if t + 1 < T:
            dh += delta[:, t + 1] @ W_hh
        delta[:, t] = dh * (1 - H[:, t + 1] ** 2)
    return delta


def shared_gradient_loops(delta, H):
    m, T, n_h = delta.shape
    dW = np.zeros((n_h, n_h))
    for i in range(m):
        for t in range(1, T + 1):
            for a in range(n_h):
                for b in range(n_h):
                    dW[a, b] += delta[i, t - 1, a] * H[i, t - 1, b]
    return dW


def clip_loops_by_hand(grads, max_norm):
    total = 0.0
    for g in grads.values():
        for x in np.ravel(g):
            total += x * x
    norm = math.sqrt(total)
    scale = max_norm / norm if norm > max_norm else 1.0
    return {name: g * scale for name, g in grads.items()}


@pytest.mark.parametrize("name, fn", [
    ("ch8.hidden_deltas", hidden_deltas_loops),
    ("ch8.hidden_deltas", hidden_deltas_zero_based),
    ("ch8.shared_weight_gradient", shared_gradient_loops),
    ("ch8.shared_weight_gradient", shared_gradient_loop()),
    ("ch8.shared_weight_gradient", lambda delta, H: sum(
        delta[:, t].T @ H[:, t] for t in range(delta.shape[1]))),
    ("ch8.shared_weight_gradient", lambda delta, H: delta.reshape(
        -1, delta.shape[2]).T @ H[:, :-1].reshape(-1, H.shape[2])),
    ("ch8.clip_by_norm", clip_loops_by_hand),
    ("ch8.clip_by_norm", clip_loops()),
])
def test_chapter_8_loops_and_other_right_answers_are_accepted(name, fn):
    res = check(name, fn)
    n = len(EXERCISES[name].cases)
    assert res.ok and res.message == f"correct on all {n} cases.", res


def test_the_chapter_8_references_are_the_package_functions():
    from backprop_utils import training
    from backprop_utils.recurrent import rnn_backward, rnn_forward
    rng = np.random.default_rng(0)
    for case in EXERCISES["ch8.hidden_deltas"].cases:
        dH_out, H, W_hh = case["dH_out"], case["H"], case["W_hh"]
        m, T, n_h = dH_out.shape
        # the deltas do not depend on X and W_xh: any will do
        X, W_xh = rng.normal(size=(m, T, 2)), rng.normal(size=(n_h, 2))
        got = rnn_backward(dH_out, X, H, W_xh, W_hh).delta
        np.testing.assert_allclose(
            hidden_deltas_loops(dH_out, H, W_hh), got, rtol=1e-12,
            atol=1e-15)
        np.testing.assert_allclose(
            EXERCISES["ch8.hidden_deltas"].reference(**case), got,
            rtol=1e-12, atol=1e-15)
        assert np.all(dH_out != 0)          # every step's loss counts
    # the shared weight's gradient: the package's, from its own deltas
    for m, T, n_in, n_h in [(3, 4, 2, 3), (4, 1, 3, 2), (5, 6, 2, 4)]:
        X = rng.normal(size=(m, T, n_in))
        W_xh = rng.normal(size=(n_h, n_in))
        W_hh = rng.normal(size=(n_h, n_h)) / n_h
        H = rnn_forward(X, W_xh, W_hh, rng.normal(size=n_h),
                        np.tanh(rng.normal(size=(m, n_h))))
        g = rnn_backward(rng.normal(size=(m, T, n_h)), X, H, W_xh, W_hh)
        for fn in (shared_gradient_loops,
                   EXERCISES["ch8.shared_weight_gradient"].reference):
            np.testing.assert_allclose(fn(delta=g.delta, H=H),
                                       g.grads["W_hh"], rtol=1e-12,
                                       atol=1e-15)
    for case in EXERCISES["ch8.shared_weight_gradient"].cases:
        assert np.all(case["H"][:, 0] != 0)   # the first step's share too
    # clipping: the package's clip_by_norm; clip_by_value is the mistake
    # of clipping each entry
    ex = EXERCISES["ch8.clip_by_norm"]
    for case in ex.cases:
        want = training.clip_by_norm(case["grads"], case["max_norm"])[0]
        got = clip_loops_by_hand(case["grads"], case["max_norm"])
        assert list(got) == list(want)
        for k in want:
            np.testing.assert_allclose(got[k], want[k], rtol=1e-12)
        by_value = training.clip_by_value(case["grads"], case["max_norm"])
        wrong = ex.variants["clip_elementwise"](**case)
        for k in wrong:
            np.testing.assert_array_equal(by_value[k], wrong[k])


def test_the_chapter_8_cases_show_what_they_must():
    # several sizes, n_h > 1, T >= 3 but once, and m != T in every case
    # (so that a factor 1/m and 1/T differ)
    for name in ("ch8.hidden_deltas", "ch8.shared_weight_gradient"):
        cases = EXERCISES[name].cases
        sizes = [c.get("dH_out", c.get("delta")).shape for c in cases]
        assert len(set(sizes)) >= 3, sizes
        assert all(m > 2 and n_h > 1 and m != T for m, T, n_h in sizes)
        assert sorted(T for _, T, _ in sizes)[1] >= 3
        assert min(T for _, T, _ in sizes) >= 2
    # W_hh is never symmetric, so that its transpose gives other numbers
    for case in EXERCISES["ch8.hidden_deltas"].cases:
        assert not np.allclose(case["W_hh"], case["W_hh"].T)
    # clipping: a gradient below max_norm; arrays whose own norms give
    # other factors than the joint norm; a gradient whose entries are all
    # within [-max_norm, max_norm] though its norm is above
    cases = EXERCISES["ch8.clip_by_norm"].cases
    norms = [joint_norm(c["grads"]) for c in cases]
    below = [n <= c["max_norm"] for n, c in zip(norms, cases)]
    assert any(below) and not all(below)
    assert any(n > c["max_norm"] and any(
        np.linalg.norm(g) <= c["max_norm"] for g in c["grads"].values())
        for n, c in zip(norms, cases))
    assert any(n > c["max_norm"] and all(
        np.abs(g).max() <= c["max_norm"] for g in c["grads"].values())
        for n, c in zip(norms, cases))
    assert len({tuple(c["grads"]) for c in cases}) >= 2   # other names


def test_the_slope_of_tanh_left_out_in_part_is_named():
    # at the last step only (a first step handled before the loop), at
    # the first step only, on one term of dh only (the brackets), or in
    # what is passed back or returned only
    for fn in (deltas_through_time(skip_slope_at="T"),
               deltas_through_time(skip_slope_at=1),
               deltas_through_time(bracket="later"),
               deltas_through_time(bracket="own"),
               deltas_through_time(passes="dh"),
               deltas_through_time(returns="dh")):
        res = check("ch8.hidden_deltas", fn)
        assert res.diagnosis == "slope_in_part", res
        assert res.mistake.section == "The slope of tanh left out"
    # at every step: the catalogue's no_gprime, pointed to chapter 8
    res = check("ch8.hidden_deltas", LEARNERS["ch8.hidden_deltas"][
        "no_gprime"])
    assert res.mistake.where_in_words == \
        "chapter 8, \u201cThe slope of tanh left out\u201d"


def test_one_step_of_the_shared_weight_is_named_whichever_it_is():
    # a loop from 1 to T that overwrites keeps the last step's share:
    # the same numbers as the last step alone, and the reply says both
    res = check("ch8.shared_weight_gradient", shared_gradient_loop(
        overwrite=True))
    assert res.diagnosis == "last_step_only", res
    assert "or a loop from t = 1 to T overwrote" in res.message
    # a step in the middle, or every step's share apart (T, n_h, n_h)
    for fn in (lambda delta, H: delta[:, 1].T @ H[:, 1],
               lambda delta, H: np.einsum("mti,mtj->tij", delta,
                                          H[:, :-1])):
        res = check("ch8.shared_weight_gradient", fn)
        assert res.diagnosis == "steps_not_summed", res
    # averaged over the steps: a factor 1/T, in words
    right = LEARNERS["ch8.shared_weight_gradient"]["correct"]
    res = check("ch8.shared_weight_gradient",
                lambda delta, H: right(delta, H) / delta.shape[1])
    assert res.diagnosis == "constant_factor", res
    assert "exactly 1/T times the right one (T = 4, the number of time " \
        "steps" in res.message
    # H^T delta: transposed, and pointed to chapter 8
    res = check("ch8.shared_weight_gradient", lambda delta, H: H[
        :, :-1].reshape(-1, H.shape[2]).T @ delta.reshape(-1, H.shape[2]))
    assert res.diagnosis == "transposed_result", res
    assert res.mistake.section == "The gradient of a shared weight"


def test_the_deltas_changing_dH_out_in_place_are_named():
    # dh added into dH_out itself, a line shorter and the caller's
    # gradient changed
    def learner(dH_out, H, W_hh):
        T = dH_out.shape[1]
        delta = np.zeros_like(dH_out)
        for t in range(T, 0, -1):
            delta[:, t - 1] = dH_out[:, t - 1] * (1 - H[:, t] ** 2)
            if t > 1:
                dH_out[:, t - 2] += delta[:, t - 1] @ W_hh
        return delta
    res = check("ch8.hidden_deltas", learner)
    assert res.diagnosis == "changed_argument", res
    assert "changes its argument: dH_out (its entries were changed)" in \
        res.message


def test_clipping_in_place_is_named():
    # scaling the caller's arrays (g *= s), or putting new ones in the
    # caller's dict (grads[k] = g * s): both change grads
    def in_place(grads, max_norm):
        norm = joint_norm(grads)
        if norm > max_norm:
            for g in grads.values():
                g *= max_norm / norm
        return grads

    def same_dict(grads, max_norm):
        scale = min(1.0, max_norm / joint_norm(grads))
        for k in grads:
            grads[k] = grads[k] * scale
        return grads
    for fn in (in_place, same_dict):
        res = check("ch8.clip_by_norm", fn)
        assert res.diagnosis == "changed_argument", res
        assert "changes its argument: grads (its item 'W_xh': its " \
            "entries were changed)" in res.message
    # a key added to the caller's dict is a change too
    def adds_the_norm(grads, max_norm):
        out = LEARNERS["ch8.clip_by_norm"]["correct"](grads, max_norm)
        grads["norm"] = joint_norm(grads)
        return out
    res = check("ch8.clip_by_norm", adds_the_norm)
    assert res.diagnosis == "changed_argument", res
    assert "its keys" in res.message


def test_clipping_accepts_pytorchs_epsilon_and_no_mistake_comes_close():
    # torch.nn.utils.clip_grad_norm_ divides by norm + 1e-6: a relative
    # 1e-6 / norm off the exact factor, within the exercise's tolerance
    ex = EXERCISES["ch8.clip_by_norm"]
    assert outcomes.RTOL < ex.rtol <= 1e-5

    def torch_style(grads, max_norm):
        norm = joint_norm(grads)
        return {k: g * min(max_norm / (norm + 1e-6), 1.0)
                for k, g in grads.items()}
    res = check("ch8.clip_by_norm", torch_style)
    assert res.ok and res.message == "correct on all 6 cases.", res
    # and with a margin: every norm the cases clip is large enough
    for case in ex.cases:
        norm = joint_norm(case["grads"])
        if norm > case["max_norm"]:
            assert 1e-6 / norm < ex.rtol / 4
    # an epsilon a thousand times larger is still wrong
    res = check("ch8.clip_by_norm", lambda grads, max_norm: {
        k: g * min(max_norm / (joint_norm(grads) + 1e-3), 1.0)
        for k, g in grads.items()})
    assert not res.ok, res
    # every mistake is far outside the tolerance, on some case
    right = engine._expected(ex)[1]
    for mistake in ex.variants:
        worst = 0.0
        for a, b in zip(engine._variant_outcomes(ex, mistake), right):
            for (_, x), (_, y) in zip(a.parts, b.parts):
                worst = max(worst, float(np.max(np.abs(x - y), initial=0))
                            / max(float(np.abs(y).max(initial=0)), 1e-12))
        assert worst > 1000 * ex.rtol, (mistake, worst)


def test_an_all_zero_gradient_is_clipped_to_zeros_without_a_division():
    ex = EXERCISES["ch8.clip_by_norm"]
    zero = [k for k, c in enumerate(ex.cases)
            if not any(np.any(g) for g in c["grads"].values())]
    assert len(zero) == 1
    k = zero[0]
    want = ex.reference(**ex.cases[k])
    assert all(not np.any(g) for g in want.values())

    # the chapter's solution guards the norm of 0; the learners above
    # (numpy's 1 / 0 is inf, and min(1, inf) is 1) come out right too
    def clip_gradients_solution(grads, max_norm):
        norm = np.sqrt(sum(np.sum(g ** 2) for g in grads.values()))
        scale = min(1.0, max_norm / norm) if norm > 0 else 1.0
        return {name: g * scale for name, g in grads.items()}
    for fn in (clip_gradients_solution, clip_loops_by_hand, clip_loops(),
               LEARNERS["ch8.clip_by_norm"]["correct"]):
        assert check("ch8.clip_by_norm", fn).ok
    # a division by a Python float 0 raises: the error and its line
    by_hand = learner_cell(["grads", "max_norm"], (
        "    norm = math.sqrt(sum(float(np.sum(g * g)) "
        "for g in grads.values()))\n"
        "    scale = min(1.0, max_norm / norm)\n"
        "    return {k: g * scale for k, g in grads.items()}\n"),
        {"math": math})
    res = check("ch8.clip_by_norm", by_hand)
    assert res.diagnosis == "error", res
    assert "ZeroDivisionError" in res.message
    assert "(line 3: scale = min(1.0, max_norm / norm))" in res.message
    # g / norm is 0 / 0 = nan: not finite, and why, in clipping's words
    res = check("ch8.clip_by_norm", lambda grads, max_norm: {
        k: g / joint_norm(grads) * min(joint_norm(grads), max_norm)
        for k, g in grads.items()})
    assert res.diagnosis == "not finite", res
    assert f"in case {k + 1} of {len(ex.cases)}" in res.message
    assert "a division by a norm of 0?" in res.message
    assert "overflow" not in res.message
    # each mistake is named whether its zeros come back as zeros or nan
    for fn in (clip_loops(always=True),                      # nan
               lambda grads, max_norm: {                     # guarded
                   k: g * (max_norm / joint_norm(grads)
                           if joint_norm(grads) > 0 else 1.0)
                   for k, g in grads.items()}):
        assert check("ch8.clip_by_norm", fn).diagnosis == "clip_normalised"
    res = check("ch8.clip_by_norm", lambda grads, max_norm: {
        k: g * min(1.0, max_norm / np.sqrt(np.sum(g ** 2)))
        for k, g in grads.items()})                          # nan
    assert res.diagnosis == "clip_each_array", res


def test_a_wrong_clipping_factor_is_named_with_its_numbers():
    def by_factor(factor):
        def learner(grads, max_norm):
            norm = joint_norm(grads)
            scale = factor(norm, max_norm) if norm > 0 else 1.0
            return {k: g * scale for k, g in grads.items()}
        return learner
    cases = EXERCISES["ch8.clip_by_norm"].cases
    first = joint_norm(cases[0]["grads"])
    for factor, says in [
            (lambda n, c: max(1.0, c / n), "your factor is 1 (the gradient "
             "left as it is), where the norm is"),
            (lambda n, c: min(1.0, n / c), "your factor is 1 (the gradient "
             "left as it is)"),
            (lambda n, c: 1.0, "your factor is 1"),          # no clipping
            (lambda n, c: min(1.0, 2 * c / n), "your factor is "
             f"{2 / first:.4g}, where the norm is {first:.4g} and max_norm "
             f"is 1, so that the factor is {1 / first:.4g}")]:
        res = check("ch8.clip_by_norm", by_factor(factor))
        assert res.diagnosis == "clip_wrong_factor", res
        assert "in case 1 of 6" in res.message and says in res.message, res
        assert res.mistake.section == "Clipping the gradient"
    # a norm kept from the first call: the calls before, named
    kept = []

    def cached(grads, max_norm):
        if not kept:
            kept.append(joint_norm(grads))
        return {k: g * min(1.0, max_norm / kept[0])
                for k, g in grads.items()}
    res = check("ch8.clip_by_norm", cached)
    assert res.diagnosis == "state_between_calls", res
    assert f"as if its norm were {first:.4g}" in res.message
    # each column by its own norm: not one factor, not named
    res = check("ch8.clip_by_norm", lambda grads, max_norm: {
        k: g * np.minimum(1.0, max_norm / np.maximum(np.linalg.norm(
            g, axis=0), 1e-300)) for k, g in grads.items()})
    assert res.diagnosis == "unknown", res


def test_the_dict_given_returned_is_named_new_arrays_in_a_new_dict_are_not():
    # the task asks for a new dict: grads itself, returned when nothing
    # needs clipping, is the caller's object (numbers right)
    def same_when_short(grads, max_norm):
        norm = joint_norm(grads)
        if norm <= max_norm:
            return grads
        return {k: g * (max_norm / norm) for k, g in grads.items()}
    res = check("ch8.clip_by_norm", same_when_short)
    assert not res.ok and res.diagnosis == "returned an argument", res
    assert res.message.startswith("your function returned its argument "
                                  "grads itself in case 2 of 6, not a new "
                                  "dict")
    # a new dict of the same arrays is a new dict, as asked
    res = check("ch8.clip_by_norm", lambda grads, max_norm: {
        k: g if joint_norm(grads) <= max_norm else
        g * (max_norm / joint_norm(grads)) for k, g in grads.items()})
    assert res.ok, res
    # returned and changed: named as the change
    def scaled_in_place(grads, max_norm):
        scale = min(1.0, max_norm / joint_norm(grads)) \
            if joint_norm(grads) > 0 else 1.0
        for k in grads:
            grads[k] = grads[k] * scale
        return grads
    res = check("ch8.clip_by_norm", scaled_in_place)
    assert res.diagnosis == "changed_argument", res


def test_a_tuple_where_one_array_belongs_is_said_so():
    # deltas_loop in the chapter returns (delta, dh): stacked, a shape
    # with an extra first axis, and the reply says why
    right = LEARNERS["ch8.hidden_deltas"]["correct"]
    res = check("ch8.hidden_deltas", lambda dH_out, H, W_hh: (
        right(dH_out, H, W_hh), dH_out.copy()))
    assert res.diagnosis == "shape", res
    assert "expected (3, 4, 3), got (2, 3, 4, 3)" in res.message
    assert "returned a tuple of 2 arrays" in res.message
    assert "return the one array asked for alone" in res.message
    # items that do not stack: an odd result, in the same words
    shared = LEARNERS["ch8.shared_weight_gradient"]["correct"]
    res = check("ch8.shared_weight_gradient", lambda delta, H: (
        shared(delta, H), [1.0, 2.0]))
    assert res.diagnosis == "odd result", res
    assert "a tuple of 2 items, among them an array" in res.message
    assert "return the one array asked for alone" in res.message
    # a list of each step's deltas is the axes in another order, not this
    res = check("ch8.hidden_deltas", lambda dH_out, H, W_hh: list(
        np.swapaxes(right(dH_out, H, W_hh), 0, 1)))
    assert res.diagnosis == "shape" and "axes in another order" in \
        res.message and "tuple" not in res.message, res


def test_text_where_a_dict_belongs_is_not_called_a_number():
    right = LEARNERS["ch8.clip_by_norm"]["correct"]
    res = check("ch8.clip_by_norm", lambda grads, max_norm: (
        "no clipping needed" if joint_norm(grads) <= max_norm
        else right(grads, max_norm)))
    assert res.diagnosis == "odd result", res
    assert res.message.startswith("your function returned a string, 'no "
                                  "clipping needed', not a dict with the "
                                  "keys")
    assert "number" not in res.message


def test_a_factor_of_the_shared_weight_points_to_its_sum_over_steps():
    right = LEARNERS["ch8.shared_weight_gradient"]["correct"]
    for factor in (lambda delta: 1 / delta.shape[1],
                   lambda delta: 1 / delta.shape[0]):
        res = check("ch8.shared_weight_gradient",
                    lambda delta, H: right(delta, H) * factor(delta))
        assert res.diagnosis == "constant_factor", res
        assert res.where_in_words == \
            "chapter 8, \u201cThe gradient of a shared weight\u201d"
