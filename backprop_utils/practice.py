"""Write it yourself: exercises whose checker names the mistake.

What this module is for: a chapter gives the learner a function to
write (``check("ch2.grad_W", grad_W)``); the checker runs it on a few
seeded cases chosen to tell mistakes apart, and answers with one of:
correct; not attempted yet; the wrong shape (and what that usually
means); a known mistake from ``MISTAKES`` (with one sentence of why and
where the course explains it); an error inside the function (its
message and line); or wrong in a way it does not know (the worst
relative error and the first entry that differs).

The catalogue of mistakes, ``MISTAKES``, names how learners go wrong
with backpropagation: the 1/2 and the factor 2, the missing 1/m, g(z)
where g'(z) belongs, a transpose, and so on. Each exercise in
``EXERCISES`` lists the mistakes plausible for it, each as a function
that makes exactly that mistake (a variant of the reference). A mistake
is named only when the learner's function agrees with its variant on
every case, and the cases are chosen so that no two variants agree with
each other (tests/test_practice.py checks every pair).

What it is not for: grading, or any function outside ``EXERCISES``.
The checker never raises on a learner's bug and never prints a wall of
numbers.
"""

import copy
import html
import inspect
import re
import traceback
from dataclasses import dataclass, field

import numpy as np

from .activations import relu, relu_prime, sigmoid, sigmoid_prime, softmax
from .autodiff import Node, as_lists

__all__ = ["MISTAKES", "EXERCISES", "PAGE_NAMES", "Mistake", "Exercise",
           "CheckResult", "check", "catalogue_entry"]

# Two results agree when every entry does, to this relative tolerance
# (and this absolute one near 0): tight enough to tell a factor 2 or m
# apart, loose enough for a different but exact order of operations.
RTOL, ATOL = 1e-7, 1e-10


# The pages a mistake can point to, by their names in the text.
PAGE_NAMES = {
    "notation.ipynb": "the notation page",
    "ch1_chain.ipynb": "chapter 1",
    "ch2_single_layer.ipynb": "chapter 2",
    "ch3_two_layers.ipynb": "chapter 3",
    "ch4_delta_recursion.ipynb": "chapter 4",
    "ch5_softmax.ipynb": "chapter 5",
    "ch6_autodiff.ipynb": "chapter 6",
}


def myst_anchor(heading):
    """The anchor MyST gives a heading (``myst_heading_anchors``), which
    a link in a page's markdown uses: "Loss and cost, with or without
    the 1/2" -> "loss-and-cost-with-or-without-the-12"."""
    kept = "".join(c for c in heading.lower()
                   if c.isalnum() or c in " -_")
    return "-".join(kept.split())


def html_id(heading):
    """The id the built page gives the same heading (docutils): every
    run of other characters becomes one hyphen ("...-the-1-2")."""
    return re.sub(r"[^a-z0-9]+", "-", heading.lower()).strip("-")


@dataclass(frozen=True)
class Mistake:
    """One way to go wrong: what the checker says, why, and where the
    course explains it (a page of the book and a heading on it).
    ``equation`` is LaTeX; ``code`` is the right line, with the mistaken
    one in its comment (``right  # not wrong``; one pair a line)."""
    name: str
    title: str
    says: str
    why: str
    page: str
    section: str
    equation: str = ""
    code: str = ""

    @property
    def where(self):
        """``page#anchor``, for a link in markdown."""
        return f"{self.page}#{myst_anchor(self.section)}"

    @property
    def where_in_words(self):
        return f"{PAGE_NAMES[self.page]}, \u201c{self.section}\u201d"


_THREE_FACTORS = ("ch1_chain.ipynb", "The last layer: three factors")
_LOSS_AND_COST = ("notation.ipynb", "Loss and cost, with or without the 1/2")

_MISTAKE_LIST = [
    Mistake(
        "dropped_two",
        "The 2 of the square dropped",
        "your result is half the right one",
        "the loss (a - y)² has no 1/2, so its derivative is 2(a - y): "
        "the 2 of the square stays",
        *_THREE_FACTORS,
        r"\partial (a-y)^2 / \partial a = a - y \quad (\text{should be } "
        r"2(a - y))",
        "2 * (a - y)  # not (a - y)"),
    Mistake(
        "factor_two",
        "A factor 2 where the loss has 1/2",
        "your result is the right one times 2",
        "the loss here is ½(a - y)², whose derivative is a - y: the "
        "1/2 cancels the 2 of the square",
        *_LOSS_AND_COST,
        r"\partial \tfrac12 (a-y)^2 / \partial a = 2(a - y) \quad "
        r"(\text{should be } a - y)",
        "(A - Y)  # not 2 * (A - Y)"),
    Mistake(
        "missing_mean",
        "The 1/m of the mean cost left out",
        "your result is the right one times m, the number of examples",
        "the cost J is the mean of the per-example losses, so J and its "
        "gradient are means over the batch: a sum divided by m",
        "ch2_single_layer.ipynb", "From one example to a data set: the cost",
        r"J = \textstyle\sum_i \mathcal{L}^{(i)},\ \partial J / \partial W"
        r" = \textstyle\sum_i \ldots \quad (\text{should be } \tfrac1m "
        r"\textstyle\sum_i \ldots)",
        "(A - Y).T @ X / m  # not (A - Y).T @ X\n"
        "J = np.mean(losses)  # not np.sum(losses)"),
    Mistake(
        "flipped_sign",
        "a - y and y - a swapped",
        "your result is the right one with the opposite sign",
        "the loss grows as the output a moves away from y, so its "
        "derivative has the sign of a - y: dℒ/da is 2(a - y) for "
        "(a - y)² and a - y for ½(a - y)², and the delta dℒ/dz of a "
        "sigmoid output with binary cross-entropy is a - y itself; with "
        "y - a, gradient descent would climb",
        *_LOSS_AND_COST,
        r"y - a \quad (\text{should be } a - y)",
        "A - Y  # not Y - A"),
    Mistake(
        "g_for_gprime",
        "g(z) where g'(z) belongs",
        "your result uses the value of the activation, g(z) (σ(z) for a "
        "sigmoid), where its slope g'(z) belongs",
        "the chain rule passes through a function by its slope, not by "
        "its value: σ'(z) for a sigmoid, relu'(z) for a ReLU, g'(z) for "
        "any activation, 1 - tanh²(x) for tanh, 1/x for log",
        *_THREE_FACTORS,
        r"g(z) \quad (\text{should be } g'(z);\ \text{e.g. } "
        r"\sigma'(z) \text{ for } \sigma(z),\ 1/x \text{ for } \log x)",
        "relu_prime(Z)  # not relu(Z)\n"
        "sigmoid_prime(z)  # not sigmoid(z)\n"
        "1 - np.tanh(x) ** 2  # not np.tanh(x)\n"
        "1 / x  # not np.log(x)"),
    Mistake(
        "gprime_of_a",
        "g' taken at a instead of at z",
        "your result takes the slope of the activation at a = g(z) "
        "(σ'(a) for a sigmoid) instead of at z",
        "the slope belongs at the point the activation was applied to, "
        "z; σ'(a) is the slope at another point",
        *_THREE_FACTORS,
        r"\sigma'(a) \quad (\text{should be } \sigma'(z) = a(1 - a))",
        "sigmoid_prime(z)  # not sigmoid_prime(a)"),
    Mistake(
        "missing_input",
        "The input to the weight left out",
        "your result is the gradient of the bias, not of the weight: the "
        "factor a^(L-1) is missing",
        "z = w a + b, so dz/dw = a (the input the weight multiplies), "
        "while dz/db = 1",
        *_THREE_FACTORS,
        r"\partial \mathcal{L}/\partial w = \sigma'(z)\, 2(a - y) \quad "
        r"(\text{should be } a^{(L-1)} \sigma'(z)\, 2(a - y))",
        "a_prev * sigmoid_prime(z) * 2 * (a - y)  "
        "# not sigmoid_prime(z) * 2 * (a - y)"),
    Mistake(
        "no_gprime",
        "The factor g'(z) left out",
        "your result leaves out the slope of the hidden activation, "
        "g'(z), entirely",
        "a delta is dℒ/dz: going back through a = g(z) multiplies by "
        "g'(z), element by element",
        "ch3_two_layers.ipynb", "The hidden layer",
        r"\delta^{(1)} = W^{(2)\top} \delta^{(2)} \quad (\text{should be "
        r"} (W^{(2)\top} \delta^{(2)}) \odot g'(z^{(1)}))",
        "(delta2 @ W2) * relu_prime(Z1)  # not delta2 @ W2"),
    Mistake(
        "transposed_weights",
        "W where its transpose belongs, or the other way round",
        "your result would be right if W were transposed",
        "going back from layer l+1 to layer l sums down a column of "
        "W^(l+1): for one example that is W^(l+1)ᵀ δ^(l+1) (W.T @ delta), "
        "and with one example per row Δ^(l+1) W^(l+1) (delta @ W)",
        "ch3_two_layers.ipynb",
        "Why a transpose, and why the element-wise product",
        r"W^{(2)} \delta^{(2)},\ \Delta^{(2)} W^{(2)\top} \quad "
        r"(\text{should be } W^{(2)\top} \delta^{(2)},\ "
        r"\Delta^{(2)} W^{(2)})",
        "delta2 @ W2  # not delta2 @ W2.T"),
    Mistake(
        "extra_gprime",
        "σ'(z) multiplied in where it has cancelled",
        "your result has an extra factor σ'(z)",
        "with a sigmoid output and cross-entropy, dℒ/da = (a - y) / "
        "(a(1 - a)) and σ'(z) = a(1 - a): the two cancel, and the output "
        "delta is a - y",
        "ch2_single_layer.ipynb",
        "Beyond regression: a sigmoid output and cross-entropy",
        r"\delta = (a - y)\,\sigma'(z) \quad (\text{should be } a - y)",
        "A - Y  # not (A - Y) * sigmoid_prime(Z)"),
    Mistake(
        "wrong_layer_z",
        "z of the next layer",
        "your result takes the slope g' at the next layer's z^(l+1), "
        "where its own layer's z^(l) belongs",
        "delta^(l) goes back through a^(l) = g(z^(l)): the slope is taken "
        "where that layer's activation was applied",
        "ch4_delta_recursion.ipynb", "The recursion in vector form",
        r"\delta^{(l)} = (W^{(l+1)\top} \delta^{(l+1)}) \odot "
        r"g'(z^{(l+1)}) \quad (\text{should be } g'(z^{(l)}))",
        "(delta @ Ws[l]) * relu_prime(Zs[l - 1])  # not relu_prime(Zs[l])"),
    Mistake(
        "updated_weights_mid_pass",
        "Weights updated during the backward pass",
        "your result uses a weight matrix that was already updated when "
        "the deltas of the layers before it were computed",
        "all the gradients of one step belong to the same weights: "
        "compute every one with the old weights, then update them all",
        "ch4_delta_recursion.ipynb", "One step of gradient descent",
        r"\delta^{(l)} = (W^{(l+1)}_{\text{new}}{}^\top \delta^{(l+1)}) "
        r"\odot g'(z^{(l)}) \quad (\text{should be the old } W^{(l+1)})",
        "# after the loop over the layers:\n"
        "new_Ws = [W - eta * G for W, G in zip(Ws, grads)]  "
        "# not Ws[l] = Ws[l] - eta * G inside it"),
]
_CH5 = "ch5_softmax.ipynb"
_MISTAKE_LIST += [
    Mistake(
        "no_max_shift",
        "Softmax without the max shift",
        "your result has nan and zeros where the logits are large",
        "exp(z) overflows to inf once z passes about 709: inf / inf is nan, "
        "and a finite exp(z) divided by an infinite sum is 0; subtract "
        "each row's largest z before exp, which changes no probability",
        _CH5, "Softmax without the max shift",
        r"a_k = e^{z_k} / \textstyle\sum_j e^{z_j} \quad (\text{compute "
        r"as } e^{z_k - c} / \textstyle\sum_j e^{z_j - c},\ c = \max_j "
        r"z_j)",
        "E = np.exp(Z - Z.max(axis=1, keepdims=True))  # not np.exp(Z)"),
    Mistake(
        "mean_over_classes",
        "The loss averaged over the classes",
        "your result is the right one divided by K, the number of classes",
        "the cross-entropy of one example is a sum over the classes, "
        "-Σ_k y_k log a_k; the mean is taken over the examples only",
        _CH5, "The loss averaged over the classes",
        r"\mathcal{L} = -\tfrac1K \textstyle\sum_k y_k \log a_k \quad "
        r"(\text{should be } -\textstyle\sum_k y_k \log a_k)",
        "-np.sum(Y * log_A, axis=1)  # not -np.mean(Y * log_A, axis=1)"),
    Mistake(
        "dropped_minus",
        "The minus sign of the cross-entropy dropped",
        "your result is the right one with its sign flipped",
        "the log of a probability is at most 0, so the loss is "
        "-Σ_k y_k log a_k, a number ≥ 0; without the minus the cost is "
        "negative, and descending it would make the network worse",
        _CH5, "The cross-entropy loss",
        r"\mathcal{L} = \textstyle\sum_k y_k \log a_k \quad "
        r"(\text{should be } -\textstyle\sum_k y_k \log a_k)",
        "-np.sum(Y * log_A, axis=1)  # not np.sum(Y * log_A, axis=1)"),
    Mistake(
        "flipped_softmax_delta",
        "y - a where softmax with cross-entropy gives a - y",
        "your result is the right one with the opposite sign",
        "for softmax with cross-entropy the output delta is dℒ/dz = a - y "
        "(dℒ/da itself is -y/a, which the softmax's Jacobian turns into "
        "a - y); y - a points uphill, and gradient descent would climb",
        _CH5, "Softmax and cross-entropy together",
        r"\delta^{(L)} = y - a \quad (\text{should be } a - y)",
        "A - Y  # not Y - A"),
    Mistake(
        "elementwise_softmax",
        "Softmax treated as element-wise",
        "your result uses only the diagonal a(1 - a) of the softmax's "
        "Jacobian: with cross-entropy that makes the deltas a - y for "
        "the true class and 0 for every other class",
        "each softmax output depends on every z of its row, so dℒ/dz "
        "needs the whole Jacobian diag(a) - a aᵀ, not only its diagonal "
        "a(1 - a): for any v = dℒ/da the product is a ⊙ (v - aᵀv), and "
        "with cross-entropy it is a - y",
        _CH5, "Softmax treated as element-wise",
        r"\delta = v \odot a \odot (1 - a) \quad (\text{should be } "
        r"a \odot (v - a^\top v))",
        "A * (V - np.sum(V * A, axis=1, keepdims=True))  # not V * A * "
        "(1 - A)\n"
        "A - Y  # the same, with cross-entropy"),
]
_CH6 = "ch6_autodiff.ipynb"
_MISTAKE_LIST += [
    Mistake(
        "dropped_upstream",
        "The adjoint from above left out",
        "your result is the local derivative alone: the adjoint grad, "
        "arriving from the node's output, is not multiplied in",
        "a node passes back its local derivative times its own adjoint: "
        "the derivative of everything after the node (grad) times the "
        "derivative of the node itself",
        _CH6, "The adjoint from above left out",
        r"\bar{x} = \tanh'(x) \quad (\text{should be } \bar{x} = "
        r"\bar{t}\, \tanh'(x))",
        "grad * (1 - np.tanh(x) ** 2)  # not 1 - np.tanh(x) ** 2"),
    Mistake(
        "output_formula_of_input",
        "The output's formula fed the input",
        "your result is grad × (1 - x²): the formula 1 - t² wants the "
        "node's output t = tanh(x), and it got the input x",
        "tanh'(x) = 1 - tanh(x)²; written with the output t = tanh(x) it "
        "is 1 - t², and t is not x",
        _CH6, "The output's formula fed the input",
        r"\bar{t}\,(1 - x^2) \quad (\text{should be } "
        r"\bar{t}\,(1 - \tanh^2 x))",
        "grad * (1 - np.tanh(x) ** 2)  # not grad * (1 - x ** 2)"),
    Mistake(
        "batch_mixed",
        "A sum over the whole batch",
        "your result mixes the examples: the sum of grad × a ran over the "
        "whole batch, where each row has its own",
        "the softmax of one example depends on that example's logits "
        "only, so its backward rule sums over the classes of one row: "
        "axis=1, keepdims=True",
        _CH6, "A sum over the whole batch",
        r"\bar{z}_k = a_k (\bar{a}_k - \textstyle\sum_{\text{all rows}, j}"
        r" \bar{a}_j a_j) \quad (\text{should be } \textstyle\sum_j "
        r"\text{ within the row})",
        "A * (grad - np.sum(grad * A, axis=1, keepdims=True))  "
        "# not np.sum(grad * A)"),
    Mistake(
        "overwrite_adjoint",
        "Adjoints overwritten instead of added",
        "your adjoints keep only the last share a node received: a node "
        "used twice loses its other shares",
        "a node used by several others receives a share from each, and "
        "its adjoint is their sum (the chain rule's sum over paths): "
        "start every adjoint at 0 and add with +=",
        _CH6, "Adjoints overwritten instead of added",
        r"\bar{v} = \bar{u}_{\text{last}} \tfrac{\partial u}{\partial v}"
        r" \quad (\text{should be } \bar{v} = \textstyle\sum_{u} \bar{u}"
        r" \tfrac{\partial u}{\partial v})",
        "grad[p] += d * grad[i]  # not grad[p] = d * grad[i]"),
    Mistake(
        "forward_order",
        "The nodes visited in the wrong order",
        "your pass visits a node before the nodes that use it have "
        "passed it their shares",
        "a node's adjoint is complete only when every node that uses it "
        "has been visited: go from the output back to the inputs, in "
        "reverse topological order",
        _CH6, "The nodes visited in the wrong order",
        r"i = 0, 1, \dots, n-1 \quad (\text{should be } i = n-1, \dots, "
        r"1, 0)",
        "for i in reversed(range(n)):  # not for i in range(n):"),
    Mistake(
        "node_not_linked",
        "A new node not linked to its input",
        "your node has the right value, but no parent: the reverse pass "
        "never reaches x, whose adjoint stays 0",
        "backward() can pass a share back only along the parents a node "
        "lists, each with its local derivative: a node made from a value "
        "alone is a constant to the engine",
        _CH6, "A new node not linked to its input",
        r"\bar{x} = 0 \quad (\text{should be } \bar{x} = \bar{t}\, "
        r"\tfrac{1}{x} \text{ for } t = \log x)",
        "Node(np.log(x.value), (x,), (1 / x.value,), 'log')  "
        "# not Node(np.log(x.value))"),
]
MISTAKES = {m.name: m for m in _MISTAKE_LIST}


@dataclass(frozen=True)
class Exercise:
    """A function to write: its name and arguments, what it returns,
    the reference, the variants that make each plausible mistake, and
    the cases (a list of keyword dicts) it is checked on."""
    name: str
    signature: tuple
    returns: str
    reference: object
    variants: dict
    cases: list = field(repr=False)
    # what the checker says of a mistake here, where the catalogue's
    # words would not fit this exercise's result
    says: dict = field(default_factory=dict)
    # for a result that is not numbers (a Node): turns a function of the
    # exercise into one that returns the numbers the checker compares
    adapt: object = None

    def runner(self, fn):
        """``fn`` as the checker runs it on a case."""
        return self.adapt(fn) if self.adapt else fn


def _rng(seed):
    return np.random.default_rng(seed)


# --- chapter 1: a chain of single neurons, L = (a - y)^2 ----------------

def _ch1_cases(seed, n=6):
    rng = _rng(seed)
    # z of both signs, and inputs that are not 1, so that a missing
    # factor shows
    return [{"a_prev": rng.uniform(0.2, 1.8, n),
             "z": rng.uniform(-3, 3, n) * rng.choice([-1, 1], n),
             "y": rng.uniform(0, 1, n)} for _ in range(2)]


def _ch1_dloss_da_cases():
    rng = _rng(11)
    return [{"a": rng.uniform(0.05, 0.95, 5), "y": rng.uniform(0, 1, 5)}
            for _ in range(2)]


def _ch1_dloss_dw(a_prev, z, y, *, mistake=None):
    a = sigmoid(z)
    slope = {"g_for_gprime": sigmoid(z),
             "gprime_of_a": sigmoid_prime(a)}.get(mistake, sigmoid_prime(z))
    outer = {"dropped_two": a - y, "flipped_sign": 2 * (y - a)}.get(
        mistake, 2 * (a - y))
    factor = 1.0 if mistake == "missing_input" else a_prev
    return factor * slope * outer


# --- chapter 2: one layer, identity output, (1/2)(a - y)^2, mean J ------

def _ch2_cases():
    rng = _rng(22)
    # m = 4 and m = 3: neither is 2, so the 1/m and the 2 differ
    return [{"X": rng.normal(size=(m, n0)), "Y": rng.normal(size=(m, n1)),
             "W": rng.normal(size=(n1, n0)), "b": rng.normal(size=n1)}
            for m, n0, n1 in [(4, 3, 2), (3, 2, 1)]]


def _ch2_grad(X, Y, W, b, *, of, mistake=None):
    m = X.shape[0]
    E = X @ W.T + b - Y                      # dℒ/dz, one row per example
    if mistake == "factor_two":
        E = 2 * E
    elif mistake == "flipped_sign":
        E = -E
    scale = 1.0 if mistake == "missing_mean" else 1.0 / m
    return scale * (E.T @ X if of == "W" else E.sum(axis=0))


# --- chapter 3: the hidden delta, ReLU, a batch -------------------------

def _ch3_delta_cases():
    rng = _rng(33)
    cases = []
    for m, n1, n2 in [(3, 4, 2), (4, 3, 3), (5, 2, 1)]:
        Z1 = rng.normal(size=(m, n1))
        Z1[0, 0], Z1[-1, -1] = -abs(Z1[0, 0]), abs(Z1[-1, -1])
        cases.append({"W2": rng.normal(size=(n2, n1)),
                      "delta2": rng.normal(size=(m, n2)), "Z1": Z1})
    return cases


def _ch3_delta_hidden(W2, delta2, Z1, *, mistake=None):
    back = delta2 @ (W2.T if mistake == "transposed_weights" else W2)
    if mistake == "no_gprime":
        return back
    return back * (relu(Z1) if mistake == "g_for_gprime"
                   else relu_prime(Z1))


def _ch3_grad_cases():
    rng = _rng(34)
    return [{"delta1": rng.normal(size=(m, n1)),
             "X": rng.normal(size=(m, n0))}
            for m, n0, n1 in [(4, 3, 2), (3, 1, 4)]]


def _ch3_grad_W1(delta1, X, *, mistake=None):
    m = X.shape[0]
    G = delta1.T @ X
    return G if mistake == "missing_mean" else G / m


# --- chapter 2, a sigmoid output with cross-entropy ---------------------

def _ch2_bce_cases():
    rng = _rng(23)
    return [{"Z": rng.normal(scale=2, size=(m, n)),
             "Y": rng.integers(0, 2, size=(m, n)).astype(float)}
            for m, n in [(5, 1), (4, 2)]]


def _ch2_output_delta(Z, Y, *, mistake=None):
    A = sigmoid(Z)
    delta = Y - A if mistake == "flipped_sign" else A - Y
    return delta * sigmoid_prime(Z) if mistake == "extra_gprime" else delta


# --- chapter 4: the delta recursion and one step of gradient descent ----

def _ch4_sizes_cases(seed, with_targets=False):
    rng = _rng(seed)
    cases = []
    # 2-3-2-1 as in the chapter, and 3-3-3-3, where every W is square
    # and every layer as wide as the next (so that a transposed W or
    # the next layer's z give numbers, not a shape error)
    for sizes, m in [([2, 3, 2, 1], 4), ([3, 3, 3, 3], 3)]:
        Ws = [rng.normal(size=(n, k)) for k, n in zip(sizes, sizes[1:])]
        case = {"Ws": Ws}
        if with_targets:
            case["bs"] = [rng.normal(scale=0.5, size=n) for n in sizes[1:]]
            case["X"] = rng.normal(size=(m, sizes[0]))
            case["Y"] = rng.normal(size=(m, sizes[-1]))
            case["eta"] = 0.1
        else:
            case["Zs"] = [rng.normal(size=(m, n)) for n in sizes[1:]]
            case["delta_out"] = rng.normal(size=(m, sizes[-1]))
        cases.append(case)
    return cases


def _ch4_deltas(Ws, Zs, delta_out, *, mistake=None):
    """Hidden deltas [delta^(1), ..., delta^(L-1)] of ReLU layers."""
    L = len(Ws)
    deltas = [None] * (L - 1) + [delta_out]
    for l in range(L - 1, 0, -1):         # layer l, Ws[l] is W^(l+1)
        W_next = Ws[l].T if mistake == "transposed_weights" else Ws[l]
        back = deltas[l] @ W_next
        Z = Zs[l] if mistake == "wrong_layer_z" else Zs[l - 1]
        slope = relu(Z) if mistake == "g_for_gprime" else relu_prime(Z)
        deltas[l - 1] = back if mistake == "no_gprime" else back * slope
    return deltas[:-1]


def _ch4_step(Ws, bs, X, Y, eta, *, mistake=None):
    """New weights after one step on J (ReLU hidden, identity output,
    half squared error, mean over the batch)."""
    m, L = X.shape[0], len(Ws)
    As, Zs = [X], []
    for l in range(L):
        Zs.append(As[-1] @ Ws[l].T + bs[l])
        As.append(relu(Zs[-1]) if l < L - 1 else Zs[-1])
    delta = As[-1] - Y
    if mistake == "factor_two":
        delta = 2 * delta
    Ws = list(Ws)
    new = [None] * L
    for l in range(L - 1, -1, -1):
        G = delta.T @ As[l]
        G = G if mistake == "missing_mean" else G / m
        new[l] = Ws[l] - eta * G
        if l > 0:
            if mistake == "updated_weights_mid_pass":
                Ws[l] = new[l]
            delta = (delta @ Ws[l]) * relu_prime(Zs[l - 1])
    return new


def _ch4_gradient_cases():
    rng = _rng(44)
    cases = []
    for sizes, m in [([2, 3, 2, 1], 4), ([3, 1, 4], 5)]:
        cases.append({
            "deltas": [rng.normal(size=(m, n)) for n in sizes[1:]],
            "activations": [rng.normal(size=(m, n)) for n in sizes[:-1]]})
    return cases


def _ch4_weight_gradients(deltas, activations, *, mistake=None):
    m = deltas[0].shape[0]
    out = []
    for delta, A in zip(deltas, activations):
        G = delta.T @ A
        out.append(G if mistake == "missing_mean" else G / m)
    return out


# --- chapter 5: softmax and cross-entropy, a batch -----------------------

def _ch5_cases(big=False):
    rng = _rng(55)
    cases = []
    # K = 3 and K = 4 classes, m = 4 and 5 examples: m is never K, and
    # the true class is sometimes the likeliest and sometimes not
    for m, n0, K in [(4, 3, 3), (5, 2, 4)]:
        Z = rng.normal(scale=2.0, size=(m, K))
        case = {"Z": Z, "Y": np.eye(K)[rng.integers(0, K, size=m)]}
        cases.append(case)
    if big:
        # logits of a confident network: exp(z) overflows without the shift
        cases[1] = {"Z": cases[1]["Z"] * 400.0, "Y": cases[1]["Y"]}
    return cases


def _ch5_softmax(Z, Y=None, *, mistake=None):
    if mistake == "no_max_shift":
        E = np.exp(Z)
        return E / E.sum(axis=1, keepdims=True)
    return softmax(Z)


def _ch5_cost(Z, Y, *, mistake=None):
    lse = Z.max(axis=1) + np.log(np.exp(Z - Z.max(axis=1, keepdims=True))
                                 .sum(axis=1))
    losses = lse - np.sum(Y * Z, axis=1)          # -log a_c, per example
    if mistake == "mean_over_classes":
        losses = losses / Z.shape[1]
    if mistake == "dropped_minus":
        losses = -losses
    return losses.sum() if mistake == "missing_mean" else losses.mean()


def _ch5_gradient_cases():
    rng = _rng(56)
    return [{"A_prev": rng.uniform(0, 1.5, size=(m, n)), **case}
            for case, n in zip(_ch5_cases(), (3, 2))
            for m in [case["Z"].shape[0]]]


def _ch5_output_gradients(A_prev, Z, Y, *, mistake=None):
    A = softmax(Z)
    delta = {"elementwise_softmax": -Y * (1 - A),
             "flipped_softmax_delta": Y - A,
             "mean_over_classes": (A - Y) / Z.shape[1]}.get(mistake, A - Y)
    m = 1.0 if mistake == "missing_mean" else Z.shape[0]
    return [delta.T @ A_prev / m, delta.sum(axis=0) / m]


# --- chapter 6: backward rules and a reverse pass -----------------------

def _ch6_tanh_cases():
    rng = _rng(61)
    # |x| up to 2.5: 1 - x² and 1 - tanh(x)² differ clearly
    return [{"x": rng.uniform(-2.5, 2.5, size=shape),
             "grad": rng.normal(size=shape)} for shape in [(4, 3), (5, 2)]]


def _ch6_tanh_backward(x, grad, *, mistake=None):
    t = np.tanh(x)
    return {"dropped_upstream": 1 - t ** 2,
            "g_for_gprime": grad * t,
            "output_formula_of_input": grad * (1 - x ** 2)}.get(
                mistake, grad * (1 - t ** 2))


def _ch6_softmax_cases():
    rng = _rng(62)
    return [{"A": softmax(rng.normal(scale=1.5, size=(m, K))),
             "grad": rng.normal(size=(m, K))} for m, K in [(4, 3), (5, 4)]]


def _ch6_softmax_backward(A, grad, *, mistake=None):
    if mistake == "elementwise_softmax":
        return grad * A * (1 - A)
    if mistake == "batch_mixed":
        return A * (grad - np.sum(grad * A))
    return A * (grad - np.sum(grad * A, axis=1, keepdims=True))


def _ch6_graph_cases():
    # e = (a + b)(b + 1): b is used twice
    a, b = Node(2.0), Node(-3.0)
    cases = [(a + b) * (b + 1.0)]
    # a 2-2-1 tanh network on one example, half squared error: each
    # input feeds both hidden units
    x = [Node(0.5), Node(-1.2)]
    w = [[Node(0.7), Node(-0.4)], [Node(0.3), Node(0.9)]]
    h = [(w[j][0] * x[0] + w[j][1] * x[1] + 0.1).tanh() for j in range(2)]
    out = Node(-1.1) * h[0] + Node(0.8) * h[1]
    cases.append(0.5 * (out - 0.25) ** 2)
    return [dict(zip(("parents", "local"), as_lists(e)[1:]))
            for e in cases]


def _ch6_reverse_pass(parents, local, *, mistake=None):
    n = len(parents)
    grad = np.zeros(n)
    grad[n - 1] = 1.0
    order = range(n) if mistake == "forward_order" else reversed(range(n))
    for i in order:
        for p, d in zip(parents[i], local[i]):
            if mistake == "overwrite_adjoint":
                grad[p] = d * grad[i]
            else:
                grad[p] += d * grad[i]
    return grad


def _ch6_log_cases():
    # x away from 1 and e, so that log x, 1/x and 0 all differ
    return [{"x": x} for x in (0.4, 2.5, 7.0)]


def _ch6_log_node(x, *, mistake=None):
    value = np.log(x.value)
    if mistake == "node_not_linked":
        return Node(value)
    local = value if mistake == "g_for_gprime" else 1.0 / x.value
    return Node(value, (x,), (local,), "log")


def _node_result(fn):
    """What the checker compares for an exercise that makes a node: the
    function gets each number of the case as a ``Node`` and must return
    a ``Node``; the numbers are its value and the adjoints that one
    ``backward()`` from it gives its inputs."""
    def run(**case):
        inputs = {name: Node(value) for name, value in case.items()}
        out = fn(**inputs)
        if out is None:
            return None
        if not isinstance(out, Node):
            return _Unreadable(f"a Node (Node(value, parents, local, op)); "
                               f"it returned {type(out).__name__}")
        out.backward()
        return np.array([out.value, *(n.grad for n in inputs.values())],
                        dtype=float)
    return run


def _exercise(name, signature, returns, function, mistakes, cases,
              says=None, adapt=None):
    def variant(mistake):
        def wrong(**kwargs):
            return function(**kwargs, mistake=mistake)
        wrong.__name__ = f"{name}_{mistake}"
        return wrong

    def reference(**kwargs):
        return function(**kwargs)
    return Exercise(name, tuple(signature), returns, reference,
                    {m: variant(m) for m in mistakes}, cases, says or {},
                    adapt)


_EXERCISE_LIST = [
    _exercise(
        "ch1.dloss_da", ["a", "y"],
        "dℒ/da for ℒ = (a - y)², elementwise: an array of the shape of a",
        lambda a, y, mistake=None: {"dropped_two": a - y,
                                    "flipped_sign": 2 * (y - a)}.get(
                                        mistake, 2 * (a - y)),
        ["dropped_two", "flipped_sign"], _ch1_dloss_da_cases()),
    _exercise(
        "ch1.dloss_dw", ["a_prev", "z", "y"],
        "dℒ/dw of the last neuron, with z = w a_prev + b, a = σ(z) and "
        "ℒ = (a - y)², elementwise: an array of the shape of z",
        _ch1_dloss_dw,
        ["dropped_two", "flipped_sign", "g_for_gprime", "gprime_of_a",
         "missing_input"], _ch1_cases(12)),
    _exercise(
        "ch2.grad_W", ["X", "Y", "W", "b"],
        "dJ/dW for one identity layer, ℒ = ½ Σ_j (ŷ_j - y_j)² per "
        "example and J their mean: shape (n_1, n_0), the shape of W",
        lambda X, Y, W, b, mistake=None: _ch2_grad(X, Y, W, b, of="W",
                                                   mistake=mistake),
        ["factor_two", "missing_mean", "flipped_sign"], _ch2_cases()),
    _exercise(
        "ch2.grad_b", ["X", "Y", "W", "b"],
        "dJ/db for the same layer and cost: shape (n_1,), the shape of b",
        lambda X, Y, W, b, mistake=None: _ch2_grad(X, Y, W, b, of="b",
                                                   mistake=mistake),
        ["factor_two", "missing_mean", "flipped_sign"], _ch2_cases()),
    _exercise(
        "ch2.output_delta", ["Z", "Y"],
        "the output deltas dℒ/dz of sigmoid outputs with binary "
        "cross-entropy, for a batch: shape (m, n_1), the shape of Z",
        _ch2_output_delta, ["extra_gprime", "flipped_sign"],
        _ch2_bce_cases()),
    _exercise(
        "ch3.delta_hidden", ["W2", "delta2", "Z1"],
        "the deltas of a ReLU hidden layer for a batch: shape (m, n_1), "
        "one row per example",
        _ch3_delta_hidden,
        ["no_gprime", "g_for_gprime", "transposed_weights"],
        _ch3_delta_cases()),
    _exercise(
        "ch3.grad_W1", ["delta1", "X"],
        "dJ/dW^(1) from the hidden deltas of a batch and its inputs: shape "
        "(n_1, n_0), the shape of W^(1)",
        _ch3_grad_W1, ["missing_mean"], _ch3_grad_cases()),
    _exercise(
        "ch4.deltas", ["Ws", "Zs", "delta_out"],
        "the deltas of the ReLU hidden layers, [delta^(1), ..., "
        "delta^(L-1)], each of shape (m, n_l)",
        _ch4_deltas,
        ["transposed_weights", "g_for_gprime", "no_gprime",
         "wrong_layer_z"], _ch4_sizes_cases(41)),
    _exercise(
        "ch4.weight_gradients", ["deltas", "activations"],
        "[dJ/dW^(1), ..., dJ/dW^(L)] from the deltas [delta^(1), ..., "
        "delta^(L)] and the activations [a^(0), ..., a^(L-1)] of a batch; "
        "each has the shape of its W^(l), (n_l, n_(l-1))",
        _ch4_weight_gradients, ["missing_mean"], _ch4_gradient_cases()),
    _exercise(
        "ch4.gradient_step", ["Ws", "bs", "X", "Y", "eta"],
        "the weights after one step of gradient descent on J, [W^(1), ..., "
        "W^(L)], each of the shape of the old one",
        _ch4_step,
        ["updated_weights_mid_pass", "missing_mean", "factor_two"],
        _ch4_sizes_cases(42, with_targets=True),
        says={"factor_two": "your step is twice the right one: each W "
                            "moved by 2η times its gradient",
              "missing_mean": "your step is m times the right one: each W "
                              "moved by η times the sum of the examples' "
                              "gradients, not their mean"}),
]
_EXERCISE_LIST += [
    _exercise(
        "ch5.softmax", ["Z"],
        "the softmax of each row of Z, probabilities that sum to 1 along "
        "each row: shape (m, K), the shape of Z",
        lambda Z, mistake=None: _ch5_softmax(Z, mistake=mistake),
        ["no_max_shift"],
        [{"Z": c["Z"]} for c in _ch5_cases(big=True)]),
    _exercise(
        "ch5.cost", ["Z", "Y"],
        "J, the mean over the examples of the cross-entropy of softmax(Z) "
        "against the one-hot rows Y: one number",
        _ch5_cost, ["mean_over_classes", "missing_mean", "dropped_minus"],
        _ch5_cases(),
        says={"missing_mean": "your cost is m times the right one: the "
                              "sum of the examples' losses, not their "
                              "mean"}),
    _exercise(
        "ch5.output_gradients", ["A_prev", "Z", "Y"],
        "[dJ/dW^(L), dJ/db^(L)] of a softmax output layer with "
        "cross-entropy, from its inputs A_prev, its logits Z and the "
        "one-hot rows Y: shapes (K, n_(L-1)) and (K,)",
        _ch5_output_gradients,
        ["elementwise_softmax", "mean_over_classes", "missing_mean",
         "flipped_softmax_delta"], _ch5_gradient_cases(),
        says={"elementwise_softmax": "your gradients come from deltas "
                                     "that are a - y for the true class "
                                     "and 0 for every other class: the "
                                     "diagonal of the softmax's Jacobian "
                                     "only"}),
]
_EXERCISE_LIST += [
    _exercise(
        "ch6.tanh_backward", ["x", "grad"],
        "what a tanh node t = tanh(x) passes back to its input, given "
        "grad, the adjoint of t: an array of the shape of x",
        _ch6_tanh_backward,
        ["dropped_upstream", "g_for_gprime", "output_formula_of_input"],
        _ch6_tanh_cases(),
        says={"g_for_gprime": "your result multiplies grad by tanh(x), "
                              "the node's value, where its slope "
                              "1 - tanh(x)² belongs"}),
    _exercise(
        "ch6.softmax_backward", ["A", "grad"],
        "the adjoint of the logits of a softmax node, from its outputs A "
        "(one example per row) and their adjoint grad: shape (m, K), "
        "the shape of A",
        _ch6_softmax_backward, ["elementwise_softmax", "batch_mixed"],
        _ch6_softmax_cases(),
        says={"elementwise_softmax": "your result is grad × a(1 - a): "
                                     "the diagonal of the softmax's "
                                     "Jacobian only"}),
    _exercise(
        "ch6.reverse_pass", ["parents", "local"],
        "the adjoint of every node, d output / d node, for nodes numbered "
        "in topological order with the output last: an array of length "
        "len(parents)",
        _ch6_reverse_pass, ["overwrite_adjoint", "forward_order"],
        _ch6_graph_cases()),
    _exercise(
        "ch6.log_node", ["x"],
        "the node of log x for a Node x: Node(value, parents, local, op) "
        "with its value, its parent and its local derivative",
        _ch6_log_node, ["g_for_gprime", "node_not_linked"],
        _ch6_log_cases(),
        says={"g_for_gprime": "your node's local derivative is log x, "
                              "its own value, where the slope 1/x "
                              "belongs"},
        adapt=_node_result),
]
EXERCISES = {e.name: e for e in _EXERCISE_LIST}


def _right_then_wrong(code):
    """``right  # not wrong`` as two lines, so that neither is cut off on
    a narrow screen."""
    lines = []
    for line in code.splitlines():
        right, sep, wrong = line.partition("  # not ")
        lines += [right, f"# not: {wrong}"] if sep else [line]
    return "\n".join(lines)


def catalogue_entry(mistake):
    """The section of the mistakes page (chapters/mistakes.ipynb) on one
    mistake, as MyST markdown: a heading, what the checker says, why, the
    equation, the right line of code, where the course explains it and
    which exercises recognise it. ``tools/execute_notebooks.py`` writes
    the page's sections from these, so that its contents list them."""
    used_in = [name for name, ex in EXERCISES.items()
               if mistake.name in ex.variants]
    return f"""## {mistake.title}

What the checker says: *{mistake.says}*.

Why it is a mistake: {mistake.why}.

In an equation:

$$
{mistake.equation}
$$

In code, the right line, and under it the mistaken one:

```python
{_right_then_wrong(mistake.code)}
```

Explained in [{PAGE_NAMES[mistake.page]}]({mistake.where}). Recognised
in the exercises {", ".join(f"`{n}`" for n in used_in)}.
"""


# --- the checker --------------------------------------------------------

class _Raised:
    """What a call raised, standing in for its result."""

    def __init__(self, error, line):
        self.error, self.line = error, line


class _Unreadable:
    """A result that is not what the exercise returns (a string, a list
    of the wrong length...): says what it is."""

    def __init__(self, what):
        self.what = what


def _call(fn, kwargs, own_file=None):
    copies = copy.deepcopy(kwargs)          # the learner may change them
    try:
        # an overflow is part of the result (inf or nan), named by the
        # checker; it is not a warning printed above the answer
        with np.errstate(all="ignore"):
            return fn(**copies)
    except Exception as error:              # a learner's bug, reported
        line = None
        for frame in traceback.extract_tb(error.__traceback__):
            if own_file is not None and frame.filename == own_file:
                line = (frame.lineno, (frame.line or "").strip())
        return _Raised(error, line)


def _parts(value, like):
    """A result as a list of (label, array), in the layout of ``like``
    (the reference's result: an array, or a list of arrays); or what
    stands in for it."""
    if isinstance(value, (_Raised, _Unreadable)) or value is None:
        return value
    if isinstance(like, (list, tuple)):
        if not isinstance(value, (list, tuple)) or len(value) != len(like):
            got = (f"a list of {len(value)}"
                   if isinstance(value, (list, tuple))
                   else type(value).__name__)
            return _Unreadable(f"a list of {len(like)} arrays; it returned "
                               f"{got}")
        out = []
        for j, (v, w) in enumerate(zip(value, like)):
            inner = _parts(v, w)
            if not isinstance(inner, list):
                return _Unreadable(f"a list of {len(like)} arrays; item {j} "
                                   f"of it is {type(v).__name__}")
            out += [(f"item {j}" + (f", {label}" if label else ""), a)
                    for label, a in inner]
        return out
    try:
        return [("", np.asarray(value, dtype=float))]
    except (TypeError, ValueError):
        return _Unreadable(f"an array of numbers; it returned "
                           f"{type(value).__name__}")


def _same(a, b):
    """Two outcomes agree: both raised, both None, or the same shapes and
    numbers."""
    if isinstance(a, _Raised) or isinstance(b, _Raised):
        return isinstance(a, _Raised) and isinstance(b, _Raised)
    if not isinstance(a, list) or not isinstance(b, list):
        return False
    return len(a) == len(b) and all(
        x.shape == y.shape
        and np.allclose(x, y, rtol=RTOL, atol=ATOL, equal_nan=True)
        for (_, x), (_, y) in zip(a, b))


def _run(fn, ex, own_file=None):
    """The outcomes of ``fn`` on the exercise's cases."""
    out = []
    for case in ex.cases:
        like = ex.runner(ex.reference)(**copy.deepcopy(case))
        out.append(_parts(_call(ex.runner(fn), case, own_file), like))
    return out


@dataclass
class CheckResult:
    """The checker's answer. ``ok`` is True only for a correct function;
    ``diagnosis`` is one of "correct", "not attempted", "returned None",
    "error", "shape", "unknown", or the name of a mistake of
    ``MISTAKES``; ``message`` says it in words."""
    exercise: str
    ok: bool
    diagnosis: str
    message: str
    mistake: Mistake = None

    @property
    def link(self):
        """Where the course explains the mistake, ``page#anchor``."""
        return self.mistake.where if self.mistake else ""

    def _mark(self):
        return ("✓" if self.ok else
                "○" if self.diagnosis == "not attempted" else "✗")

    def __repr__(self):
        head = self._mark() + " "
        see = (f"\n  (see {self.mistake.where_in_words})" if self.mistake
               else "")
        return f"{self.exercise}: {head}{self.message}{see}"

    def _repr_html_(self):
        colour = ("#2e6b30" if self.ok else "#2f5f98"
                  if self.diagnosis == "not attempted" else "#7a1f1f")
        mark = self._mark()
        link = ""
        if self.mistake:
            # the notebook, beside this one in Jupyter; on the site,
            # course.js turns it into the page and the section's id
            mk = self.mistake
            link = (f' Explained in <a href="{html.escape(mk.page)}" '
                    f'data-bp-section="{html_id(mk.section)}">'
                    f"{html.escape(mk.where_in_words)}</a>.")
        return (f'<div class="bp-check mathjax_ignore" style="border-left:'
                f'4px solid {colour};padding:0.3em 0.8em;margin:0.5em 0">'
                f'<b style="color:{colour}">{mark} '
                f"{html.escape(self.exercise)}</b>: "
                f"{html.escape(self.message)}{link}</div>")


def _signature_names(fn):
    try:
        params = inspect.signature(fn).parameters.values()
    except (TypeError, ValueError):
        return None
    return tuple(p.name for p in params
                 if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD,
                               p.KEYWORD_ONLY))


def check(name, fn):
    """Run ``fn`` on the cases of exercise ``name`` and say how it did.

    Parameters
    ----------
    name : str
        A key of ``EXERCISES``, e.g. ``"ch2.grad_W"``.
    fn : callable
        The learner's function, with the exercise's arguments by name.

    Returns
    -------
    CheckResult
        Shown as one short line (or box, on a page).

    Raises
    ------
    KeyError
        For an unknown exercise name (the error lists the known ones).
    TypeError
        When ``fn`` is not callable or its arguments are not the
        exercise's.
    """
    if name not in EXERCISES:
        raise KeyError(f"no exercise {name!r}; the exercises are "
                       f"{sorted(EXERCISES)}")
    ex = EXERCISES[name]
    if not callable(fn):
        raise TypeError(f"check({name!r}, fn) needs the function itself; "
                        f"got {type(fn).__name__} {fn!r}")
    names = _signature_names(fn)
    if names is not None and names != ex.signature:
        raise TypeError(
            f"{name} takes the arguments ({', '.join(ex.signature)}); "
            f"your function takes ({', '.join(names)})")
    own_file = getattr(getattr(fn, "__code__", None), "co_filename", None)
    mine = _run(fn, ex, own_file)
    right = _run(ex.reference, ex)
    n = len(ex.cases)

    def result(ok, diagnosis, message, mistake=None):
        return CheckResult(name, ok, diagnosis, message, mistake)

    first_raise = next((o for o in mine if isinstance(o, _Raised)), None)
    if first_raise is not None and isinstance(first_raise.error,
                                              NotImplementedError):
        return result(False, "not attempted",
                      f"not attempted yet: write the function; it returns "
                      f"{ex.returns}.")
    if all(_same(a, b) for a, b in zip(mine, right)):
        return result(True, "correct",
                      "correct on both cases." if n == 2
                      else f"correct on all {n} cases.")
    if any(o is None for o in mine):
        return result(False, "returned None",
                      "your function returned None: is a return statement "
                      f"missing? It should return {ex.returns}.")
    # a known mistake: the same outcome as its variant on every case,
    # with at least one case that returned numbers
    matches = [m for m, variant in ex.variants.items()
               if all(_same(a, b) for a, b in zip(mine, _run(variant, ex)))
               and any(isinstance(o, list) for o in mine)]
    if len(matches) == 1:
        mk = MISTAKES[matches[0]]
        says = ex.says.get(mk.name, mk.says)
        return result(False, mk.name, f"{says}: {mk.why}.", mk)
    if first_raise is not None:
        where = ""
        if first_raise.line:
            number, text = first_raise.line
            where = f" (line {number}: {text})" if text else \
                f" (line {number})"
        error = first_raise.error
        return result(False, "error",
                      f"your function raised {type(error).__name__}: "
                      f"{error}{where}.")
    odd = next((o for o in mine if isinstance(o, _Unreadable)), None)
    if odd is not None:
        return result(False, "shape",
                      f"wrong kind of result: it should return {odd.what}.")
    for a, b in zip(mine, right):
        for (label, x), (_, y) in zip(a, b):
            if x.shape == y.shape:
                continue
            hint = ""
            if x.shape == y.shape[::-1]:
                hint = (" The right shape transposed: check which axis "
                        "holds the examples (one per row) and which the "
                        "neurons.")
            elif x.size == y.size:
                hint = (" The same numbers of entries in another shape: "
                        "an extra or a missing axis of length 1?")
            within = f" in {label}" if label else ""
            return result(False, "shape",
                          f"wrong shape{within}: expected {y.shape}, got "
                          f"{x.shape}.{hint} It should return "
                          f"{ex.returns}.")
    worst, first = 0.0, None
    for k, (a, b) in enumerate(zip(mine, right)):
        for (label, x), (_, y) in zip(a, b):
            # relative to the largest entry: an entry that should be 0
            # (a switched-off unit) does not blow the error up
            scale = max(float(np.abs(y).max(initial=0.0)), ATOL)
            with np.errstate(invalid="ignore"):
                err = np.array(np.abs(x - y) / scale)   # 0-d for one number
            err[~np.isfinite(err)] = np.inf       # NaN or inf in yours
            worst = max(worst, float(err.max(initial=0.0)))
            bad = ~np.isclose(x, y, rtol=RTOL, atol=ATOL)
            if first is None and bad.any():
                i = tuple(int(j) for j in np.argwhere(bad)[0])
                first = (k + 1, label, i, float(x[i]), float(y[i]))
    k, label, i, got, want = first
    at = f"[{', '.join(map(str, i))}]" if i else "(the value)"
    within = f"{label}, " if label else ""
    return result(False, "unknown",
                  f"wrong, and not a mistake the checker knows: worst "
                  f"error {worst:.2g} of the largest right entry; first "
                  f"difference in case "
                  f"{k} of {n}, {within}entry {at}: yours {got + 0.0:.6g}, "
                  f"expected {want + 0.0:.6g}.")
