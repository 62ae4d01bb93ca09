"""The Write-it-yourself checker: every exercise, every mistake.

Each mistake is written here the way a learner would write it (not by
calling the module's variants), and must get exactly its own diagnosis.
"""

import itertools
import linecache
import math

import numpy as np
import pytest

from backprop_utils.activations import relu, relu_prime, sigmoid, \
    sigmoid_prime
from backprop_utils.autodiff import Node
from backprop_utils.practice import (EXERCISES, MISTAKES, CheckResult,
                                     _run, _same, check)

# The right answer and each plausible mistake, as a learner writes them.
LEARNERS = {
    "ch1.dloss_da": {
        "correct": lambda a, y: 2 * (a - y),
        "dropped_two": lambda a, y: a - y,
        "flipped_sign": lambda a, y: 2 * (y - a),
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
    },
    "ch2.grad_W": {
        "correct": lambda X, Y, W, b: (X @ W.T + b - Y).T @ X / len(X),
        "factor_two": lambda X, Y, W, b:
            2 * (X @ W.T + b - Y).T @ X / len(X),
        "missing_mean": lambda X, Y, W, b: (X @ W.T + b - Y).T @ X,
        "flipped_sign": lambda X, Y, W, b: (Y - X @ W.T - b).T @ X / len(X),
    },
    "ch2.grad_b": {
        "correct": lambda X, Y, W, b: (X @ W.T + b - Y).mean(axis=0),
        "factor_two": lambda X, Y, W, b: 2 * (X @ W.T + b - Y).mean(axis=0),
        "missing_mean": lambda X, Y, W, b: (X @ W.T + b - Y).sum(axis=0),
        "flipped_sign": lambda X, Y, W, b: (Y - X @ W.T - b).mean(axis=0),
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


def gradient_step(two=1, mean=True, update_early=False):
    def step(Ws, bs, X, Y, eta):
        As, Zs = [X], []
        for l, (W, b) in enumerate(zip(Ws, bs)):
            Zs.append(As[-1] @ W.T + b)
            As.append(np.maximum(Zs[-1], 0) if l < len(Ws) - 1 else Zs[-1])
        delta = two * (As[-1] - Y)
        grads = [None] * len(Ws)
        for l in range(len(Ws) - 1, -1, -1):
            grads[l] = delta.T @ As[l] / (len(X) if mean else 1)
            if update_early:
                Ws[l] = Ws[l] - eta * grads[l]
            if l:
                delta = (delta @ Ws[l]) * (Zs[l - 1] > 0)
        if update_early:
            return Ws
        return [W - eta * G for W, G in zip(Ws, grads)]
    return step


LEARNERS["ch4.gradient_step"] = {
    "correct": gradient_step(),
    "updated_weights_mid_pass": gradient_step(update_early=True),
    "missing_mean": gradient_step(mean=False),
    "factor_two": gradient_step(two=2),
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
}
LEARNERS["ch5.cost"] = {
    "correct": lambda Z, Y: -np.mean(np.sum(Y * log_softmax(Z), axis=1)),
    "mean_over_classes": lambda Z, Y: -np.mean(Y * log_softmax(Z)),
    "missing_mean": lambda Z, Y: -np.sum(Y * log_softmax(Z)),
    "dropped_minus": lambda Z, Y: np.mean(np.sum(Y * log_softmax(Z),
                                                 axis=1)),
}
LEARNERS["ch5.output_gradients"] = {
    "correct": output_gradients(lambda A, Y: A - Y),
    "elementwise_softmax": output_gradients(
        lambda A, Y: (-Y / A) * A * (1 - A)),
    "mean_over_classes": output_gradients(
        lambda A, Y: (A - Y) / Y.shape[1]),
    "missing_mean": output_gradients(lambda A, Y: A - Y, mean=False),
    "flipped_softmax_delta": output_gradients(lambda A, Y: Y - A),
}


def reverse_pass(add=True, backwards=True):
    def learner(parents, local):
        n = len(parents)
        grad = [0.0] * n
        grad[-1] = 1.0
        for i in (range(n - 1, -1, -1) if backwards else range(n)):
            for k, p in enumerate(parents[i]):
                share = local[i][k] * grad[i]
                grad[p] = grad[p] + share if add else share
        return np.array(grad)
    return learner


LEARNERS["ch6.tanh_backward"] = {
    "correct": lambda x, grad: grad / np.cosh(x) ** 2,
    "dropped_upstream": lambda x, grad: 1 - np.tanh(x) ** 2,
    "g_for_gprime": lambda x, grad: grad * np.tanh(x),
    "output_formula_of_input": lambda x, grad: grad * (1 - x * x),
}
LEARNERS["ch6.softmax_backward"] = {
    "correct": lambda A, grad: np.stack(
        [(np.diag(a) - np.outer(a, a)) @ g for a, g in zip(A, grad)]),
    "elementwise_softmax": lambda A, grad: grad * A * (1 - A),
    "batch_mixed": lambda A, grad: A * (grad - (grad * A).sum()),
}
LEARNERS["ch6.reverse_pass"] = {
    "correct": reverse_pass(),
    "overwrite_adjoint": reverse_pass(add=False),
    "forward_order": reverse_pass(backwards=False),
}
LEARNERS["ch6.log_node"] = {
    "correct": lambda x: Node(math.log(x.value), [x], [x.value ** -1]),
    "g_for_gprime": lambda x: Node(math.log(x.value), (x,),
                                   (math.log(x.value),), "log"),
    "node_not_linked": lambda x: Node(np.log(x.value)),
}
CASES = [(name, kind) for name, kinds in LEARNERS.items() for kind in kinds]


def test_every_exercise_has_learners_for_all_its_mistakes():
    assert set(LEARNERS) == set(EXERCISES)
    for name, ex in EXERCISES.items():
        assert set(LEARNERS[name]) == {"correct", *ex.variants}, name
    assert len(MISTAKES) >= 8
    used = {m for ex in EXERCISES.values() for m in ex.variants}
    assert used == set(MISTAKES), "a mistake no exercise can recognise"


@pytest.mark.parametrize("name, kind", CASES)
def test_each_learner_gets_exactly_its_own_diagnosis(name, kind):
    res = check(name, LEARNERS[name][kind])
    assert isinstance(res, CheckResult)
    if kind == "correct":
        assert res.ok and res.diagnosis == "correct", res
        n = len(EXERCISES[name].cases)
        assert ("both cases" if n == 2 else f"all {n} cases") in res.message
    else:
        assert not res.ok and res.diagnosis == kind, res
        says = EXERCISES[name].says.get(kind, MISTAKES[kind].says)
        assert res.message.startswith(says + ": " + MISTAKES[kind].why)
        assert res.mistake is MISTAKES[kind]
        assert res.link == MISTAKES[kind].where


@pytest.mark.parametrize("name", sorted(EXERCISES))
def test_the_cases_tell_every_pair_of_mistakes_apart(name):
    ex = EXERCISES[name]
    outcomes = {"reference": _run(ex.reference, ex)}
    for mistake, variant in ex.variants.items():
        outcomes[mistake] = _run(variant, ex)
    for (a, oa), (b, ob) in itertools.combinations(outcomes.items(), 2):
        assert not all(_same(x, y) for x, y in zip(oa, ob)), (name, a, b)
    # and the cases show what they must: every batch has more than two
    # examples, so that the 1/m and the 2 differ
    batch = {"a", "y", "a_prev", "z", "X", "Y", "Z", "Z1", "delta1",
             "delta2", "delta_out", "Zs", "deltas", "activations",
             "A_prev", "x", "grad", "A"}
    if name in ("ch6.reverse_pass", "ch6.log_node"):   # not a batch
        return
    for case in ex.cases:
        rows = [np.shape(a)[0] for key, v in case.items() if key in batch
                for a in (v if isinstance(v, list) else [v])]
        assert rows and min(rows) > 2, (name, rows)


@pytest.mark.parametrize("name", sorted(EXERCISES))
def test_stub_none_error_shape_and_unknown(name):
    args = EXERCISES[name].signature
    right = LEARNERS[name]["correct"]

    def call_with(body):
        ns = {"right": right, "np": np}
        src = (f"def f({', '.join(args)}):\n" + body)
        # as IPython does with a cell: its lines can be looked up
        linecache.cache["<learner cell>"] = (len(src), None,
                                             src.splitlines(True),
                                             "<learner cell>")
        exec(compile(src, "<learner cell>", "exec"), ns)
        return check(name, ns["f"])

    stub = call_with("    raise NotImplementedError('write this')\n")
    assert stub.diagnosis == "not attempted" and not stub.ok
    assert stub.message.startswith("not attempted yet: write the function")

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
        assert flat.diagnosis == "shape", flat
        assert "it should return a Node" in flat.message
        assert "it returned float" in flat.message
        odd = call_with(f"    t = {call}\n    t.value += 0.5\n    return t\n")
        assert odd.diagnosis == "unknown", odd
        assert "first difference in case 1" in odd.message
        return
    if isinstance(ex.reference(**ex.cases[0]), list):   # a list of arrays
        flat = call_with(f"    return [np.ravel(x)[:, None] for x in "
                         f"{call}]\n")
        assert "in item 0" in flat.message
        short = call_with(f"    return {call}[:-1]\n")
        assert short.diagnosis == "shape" and "a list of" in short.message
        odd_body = (f"    out = [np.array(x, dtype=float) for x in {call}]\n"
                    "    out[0].flat[0] += 0.5\n    return out\n")
    else:
        flat = call_with(f"    return np.ravel({call})[:, None]\n")
        odd_body = (f"    out = np.array({call}, dtype=float)\n"
                    "    out.flat[0] += 0.5\n    return out\n")
    assert flat.diagnosis == "shape" and "expected" in flat.message

    odd = call_with(odd_body)
    assert odd.diagnosis == "unknown"
    assert "first difference in case 1" in odd.message
    assert "worst error" in odd.message and "-0 " not in odd.message


def test_a_transposed_result_is_called_a_shape_error():
    res = check("ch2.grad_W", lambda X, Y, W, b:
                X.T @ (X @ W.T + b - Y) / len(X))
    assert res.diagnosis == "shape"
    assert "transposed" in res.message and "expected (2, 3), got (3, 2)" \
        in res.message


def test_the_learners_inputs_are_copies():
    def spoil(a, y):
        a[...] = 0
        return 2 * (a - y)
    assert check("ch1.dloss_da", spoil).diagnosis != "correct"
    assert check("ch1.dloss_da", LEARNERS["ch1.dloss_da"]["correct"]).ok


def test_bad_use():
    with pytest.raises(KeyError, match="no exercise 'ch9.x'; the exercises"):
        check("ch9.x", lambda: None)
    with pytest.raises(TypeError, match="needs the function itself; got "
                       "int 3"):
        check("ch1.dloss_da", 3)
    with pytest.raises(TypeError, match=r"takes the arguments \(a, y\); "
                       r"your function takes \(y, a\)"):
        check("ch1.dloss_da", lambda y, a: 2 * (a - y))


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
    assert repr(ok) == "ch2.grad_W: ✓ correct on both cases."


def test_every_mistake_points_to_a_heading_that_exists():
    import json
    from pathlib import Path
    from backprop_utils.practice import PAGE_NAMES, html_id, myst_anchor
    chapters = Path(__file__).resolve().parent.parent / "chapters"
    for mistake in MISTAKES.values():
        assert mistake.page in PAGE_NAMES, mistake.name
        nb = json.loads((chapters / mistake.page).read_text())
        headings = [line.lstrip("#").strip()
                    for c in nb["cells"] if c["cell_type"] == "markdown"
                    for line in "".join(c["source"]).splitlines()
                    if line.startswith("#")]
        assert mistake.section in headings, (mistake.name, mistake.section)
    assert myst_anchor("Loss and cost, with or without the 1/2") == \
        "loss-and-cost-with-or-without-the-12"
    assert html_id("Loss and cost, with or without the 1/2") == \
        "loss-and-cost-with-or-without-the-1-2"


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
        "backprop_utils/practice.py: run `make notebooks` (or "
        "tools/execute_notebooks.py chapters/mistakes.ipynb)")
    headings = [s.splitlines()[0] for s in sections]
    assert headings == [f"## {m.title}" for m in MISTAKES.values()]
    assert len(set(headings)) == len(headings)
