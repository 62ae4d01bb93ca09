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
             "A_prev", "x", "grad", "A", "dZ", "dOut"}
    if name in ("ch6.reverse_pass", "ch6.log_node"):   # not a batch
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
    else:
        flat = call_with(f"    return np.ravel({call})[:, None]\n")
        odd_body = (f"    out = np.array({call}, dtype=float)\n"
                    "    out.flat[0] += 0.5\n    return out\n")
    if isinstance(engine._expected(ex)[0][0], list) or np.size(
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
        else:
            np.asarray(first)[...] *= 2   # e.g. a *= 2
        return out
    res = check(name, spoil)
    assert res.diagnosis == "changed_argument", res
    assert f"changes its argument: {ex.signature[0]} (" in res.message
    assert "training loop" in res.message


@pytest.mark.parametrize("name", sorted(EXERCISES))
def test_a_result_that_depends_on_earlier_calls_is_named(name):
    right = LEARNERS[name]["correct"]
    calls = []                            # kept between calls

    def drifting(*args):
        calls.append(1)
        out = right(*args)
        if isinstance(out, Node):
            return Node(out.value + len(calls), out.parents, out.local)
        if isinstance(out, list):
            return [o + len(calls) for o in out]
        return out + len(calls)
    assert check(name, drifting).diagnosis == "state_between_calls"

    def with_default(*args, seen=[]):     # a mutable default argument
        seen.append(1)
        out = right(*args)
        if len(seen) == 1 or isinstance(out, Node):
            return out
        return [o * 2 for o in out] if isinstance(out, list) else out * 2
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
        if isinstance(out, list):
            return [np.asarray(o, np.float32) for o in out]
        return np.asarray(out, np.float32)
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
    for name, page, section in places:
        assert page in PAGE_NAMES, name
        nb = json.loads((chapters / page).read_text())
        headings = [line.lstrip("#").strip()
                    for c in nb["cells"] if c["cell_type"] == "markdown"
                    for line in "".join(c["source"]).splitlines()
                    if line.startswith("#")]
        assert section in headings, (name, section)
    assert myst_anchor("Loss and cost, with or without the 1/2") == \
        "loss-and-cost-with-or-without-the-12"
    assert html_id("Loss and cost, with or without the 1/2") == \
        "loss-and-cost-with-or-without-the-1-2"


# Where each general mistake can happen: tried in every such exercise
PLAUSIBLE = {
    "flipped_sign": ["ch1.dloss_da", "ch1.dloss_dw", "ch2.grad_W",
                     "ch2.grad_b", "ch2.output_delta"],
    "no_gprime": ["ch1.dloss_dw", "ch2.output_delta", "ch3.delta_hidden",
                  "ch4.deltas", "ch4.gradient_step", "ch6.tanh_backward"],
    "g_for_gprime": ["ch1.dloss_dw", "ch3.delta_hidden", "ch4.deltas",
                     "ch6.tanh_backward", "ch6.log_node"],
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
                          "ch4.weight_gradients"],
    "constant_factor": [n for n, ex in EXERCISES.items()
                        if ex.adapt is None],
    "one_position": ["ch7.kernel_gradient", "ch7.input_gradient"],
    "padding_forgotten": ["ch7.kernel_gradient", "ch7.input_gradient"],
    "batch_not_summed": ["ch7.kernel_gradient"],
    "gradient_flipped": ["ch7.kernel_gradient"],
    "kernel_not_flipped": ["ch7.input_gradient"],
    "channels_not_summed": ["ch7.input_gradient"],
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


@pytest.mark.parametrize("name", ["ch7.kernel_gradient",
                                  "ch7.input_gradient",
                                  "ch7.maxpool_backward"])
def test_a_result_kept_by_shape_is_caught(name):
    # a function that keeps its first result for each set of shapes (as
    # a layer keeps its cache) is right on the first case of each shape
    # only: a later case with the same shapes and new numbers catches it
    ex = EXERCISES[name]
    kept = {}

    def keeps(*args):
        key = tuple(np.shape(a) for a in args)
        if key not in kept:
            kept[key] = ex.reference(**dict(zip(ex.signature, args)))
        return kept[key]

    shapes = [tuple(np.shape(v) for v in case.values())
              for case in ex.cases]
    assert len(set(shapes)) < len(shapes)
    res = check(name, keeps)
    assert not res.ok, res


def test_axes_in_another_order_get_their_own_hint():
    def swapped(X, dZ, padding):
        return np.swapaxes(EXERCISES["ch7.kernel_gradient"].reference(
            X=X, dZ=dZ, padding=padding), 0, 1)
    res = check("ch7.kernel_gradient", swapped)
    assert res.diagnosis == "shape" and "axes in another order" in res.message
