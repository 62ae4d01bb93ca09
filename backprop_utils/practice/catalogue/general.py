"""The general mistakes, and those of chapters 1 to 6.

Two lists, in the order of the mistakes page: ``FIRST``, and
``AFTER_CH7``, the entries written after chapter 7's (general ones, such
as a constant factor or an argument changed in place, and more of
chapters 1 to 6), which the page lists after chapter 7's.
"""

from .record import Mistake

__all__ = ["FIRST", "AFTER_CH7"]

_THREE_FACTORS = ("ch1_chain.ipynb", "The last layer: three factors")
_LOSS_AND_COST = ("notation.ipynb", "Loss and cost, with or without the 1/2")

FIRST = [
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
FIRST += [
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
        "your deltas are a - y for the true class and 0 for every other "
        "class: either the softmax was treated as element-wise (the "
        "diagonal a(1 - a) of its Jacobian only), or only the true class "
        "was given a gradient (the two give the same numbers)",
        "every class gets a gradient, not only the true one, and each "
        "softmax output depends on every z of its row, so dℒ/dz "
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
FIRST += [
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
        "only the output's own parents got a share: your pass either "
        "visits the nodes from the inputs up, each before the nodes that "
        "use it have passed it their shares, or handles only the output "
        "node (the two give the same numbers)",
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

# after chapter 7's on the page
AFTER_CH7 = [
    Mistake(
        "z_for_a",
        "z where a belongs",
        "your result uses the pre-activation z where the activation "
        "a = g(z) belongs",
        "the loss compares the output a = g(z) with the target y, so its "
        "derivative is written with a: a - y, not z - y (the two agree "
        "only for an identity output)",
        *_THREE_FACTORS,
        r"z - y \quad (\text{should be } a - y = g(z) - y)",
        "sigmoid(Z) - Y  # not Z - Y"),
    Mistake(
        "transposed_result",
        "A gradient transposed",
        "your result is the transpose of the right one",
        "a gradient has the shape of what it is the gradient of: with one "
        "example per row, dJ/dW^(l) = (1/m) Δ^(l)ᵀ A^(l-1) has the shape "
        "of W^(l), (n_l, n_(l-1)); A^(l-1)ᵀ Δ^(l) is its transpose",
        "notation.ipynb", "Deltas, and what they are for",
        r"A^{(l-1)\top} \Delta^{(l)} \quad (\text{should be } "
        r"\Delta^{(l)\top} A^{(l-1)})",
        "delta.T @ A / m  # not A.T @ delta / m"),
    Mistake(
        "global_max_shift",
        "One maximum for the whole batch",
        "your result is nan in the rows whose logits are all far below "
        "the batch's largest one",
        "the shift must be each row's own largest z: with the batch's "
        "maximum, a row far below it has exp(z - c) = 0 in every entry, "
        "and 0/0 is nan (log 0 is -inf); subtract "
        "Z.max(axis=1, keepdims=True)",
        _CH5, "Softmax without the max shift",
        r"c = \max_{i,j} z_{ij} \quad (\text{should be } c_i = \max_j "
        r"z_{ij}, \text{ one per row})",
        "Z - Z.max(axis=1, keepdims=True)  # not Z - Z.max()"),
    Mistake(
        "wrong_axis",
        "A sum over the wrong axis",
        "your result sums over the examples (axis 0) where each example's "
        "row sums over its classes (axis 1)",
        "one example per row: a softmax, a cross-entropy or a "
        "log-sum-exp runs along each row, axis=1 (keepdims=True to "
        "divide by it); axis 0 mixes the examples",
        _CH5, "A batch",
        r"\textstyle\sum_i e^{z_{ik}} \quad (\text{should be } "
        r"\textstyle\sum_k e^{z_{ik}}, \text{ within row } i)",
        "E / E.sum(axis=1, keepdims=True)  # not E / E.sum(axis=0)"),
    Mistake(
        "extra_softmax_derivative",
        "The softmax's slope applied a second time",
        "your deltas carry an extra factor a(1 - a): (a - y) a (1 - a)",
        "with softmax and cross-entropy, dℒ/dz = a - y already includes "
        "the softmax's Jacobian; multiplying by a(1 - a) applies (its "
        "diagonal) a second time",
        _CH5, "Softmax and cross-entropy together",
        r"\delta = (a - y) \odot a \odot (1 - a) \quad (\text{should be } "
        r"a - y)",
        "A - Y  # not (A - Y) * A * (1 - A)"),
    Mistake(
        "constant_factor",
        "A constant factor too many or too few",
        "your result is the right one times a constant",
        "every factor of a gradient comes from the chain rule or from the "
        "mean: a 1/m appears once, from J = (1/m) Σ ℒ, and a 2 only "
        "where the loss has a square without ½; a division by another "
        "count, or a mean taken twice, scales the whole result",
        "notation.ipynb", "Loss and cost, with or without the 1/2",
        r"\tfrac{1}{m^2} \Delta^\top A \quad (\text{should be } "
        r"\tfrac1m \Delta^\top A)",
        "G = delta.T @ A / m  # not delta.T @ A / m / m"),
    Mistake(
        "opposite_sign",
        "The sign turned over",
        "your result is the right one with the opposite sign",
        "the chain rule multiplies slopes, each with its own sign, and "
        "adds nothing of its own: a minus sign belongs only where a "
        "derivative has one; with the sign turned over, gradient descent "
        "would climb",
        _CH6, "Reverse accumulation",
        r"-\bar{t}\, \tfrac{\partial t}{\partial x} \quad "
        r"(\text{should be } \bar{t}\, \tfrac{\partial t}{\partial x})",
        "grad * (1 - t ** 2)  # not -grad * (1 - t ** 2)"),
    Mistake(
        "uphill_step",
        "A step uphill",
        "your weights moved by +η times the gradient",
        "the gradient points to where the cost grows fastest, so gradient "
        "descent steps against it, W - ηG; W + ηG climbs the cost",
        "ch4_delta_recursion.ipynb", "One step of gradient descent",
        r"W + \eta\, \partial J / \partial W \quad (\text{should be } "
        r"W - \eta\, \partial J / \partial W)",
        "W - eta * G  # not W + eta * G"),
    Mistake(
        "forgot_bias",
        "The bias left out of the forward pass",
        "your result is what the right one would be with every bias 0: "
        "the bias is left out of z = W a + b",
        "the pre-activation is z = W a + b; without b the forward pass "
        "computes other outputs, and every gradient after it is taken at "
        "the wrong point",
        "notation.ipynb", "The forward pass for one example",
        r"Z = A W^\top \quad (\text{should be } Z = A W^\top + b)",
        "Z = A @ W.T + b  # not A @ W.T"),
    Mistake(
        "loss_not_slope",
        "The loss where its derivative belongs",
        "your result is the loss itself, not its derivative",
        "the chain rule needs the slope dℒ/da: for ℒ = (a - y)² that is "
        "2(a - y), which says which way and how fast the loss changes; "
        "the loss (a - y)² says only how large it is",
        *_THREE_FACTORS,
        r"(a - y)^2 \quad (\text{should be } 2(a - y))",
        "2 * (a - y)  # not (a - y) ** 2"),
    Mistake(
        "activation_on_output",
        "An activation on the identity output",
        "your result applies the hidden layers' ReLU to the output too",
        "the output layer here is the identity, ŷ = z^(L), so that it can "
        "give any number, negative ones too; the ReLU belongs to the "
        "hidden layers only, and with it the output delta would carry "
        "relu'(z^(L))",
        "ch4_delta_recursion.ipynb", "The network and its loss",
        r"\hat y = \operatorname{relu}(z^{(L)}) \quad (\text{should be } "
        r"\hat y = z^{(L)})",
        "Z if l == L - 1 else relu(Z)  # not relu(Z) for every layer"),
    Mistake(
        "parent_counted_once",
        "A parent used twice counted once",
        "your adjoints count a parent once when a node uses it twice "
        "(x * x): one of its two shares is lost",
        "each use of a parent is an edge of the graph with its own share: "
        "t = x · x passes x̄ = t̄ x + t̄ x; go through parents[i] and "
        "local[i] together, position by position, and add every share "
        "(a dict keyed by parent keeps only one)",
        _CH6, "Adjoints overwritten instead of added",
        r"\bar{x} = \bar{t}\, x \quad (\text{should be } \bar{x} = "
        r"\bar{t}\, x + \bar{t}\, x \text{ for } t = x \cdot x)",
        "for p, d in zip(parents[i], local[i]):  "
        "# not for p, d in dict(zip(parents[i], local[i])).items():"),
    Mistake(
        "changed_argument",
        "An argument changed in place",
        "your function changes its argument",
        "the caller still needs its arguments: a training loop hands the "
        "same activations, deltas and weights to several functions, and "
        "one that changes them in place (a -= y, W -= eta * G, "
        "Zs.pop(), Z -= Z.max(...)) corrupts what the others compute, or "
        "moves the caller's weights behind its back; make a new array "
        "instead (d = a - y, W - eta * G)",
        "mistakes.ipynb", "An argument changed in place",
        r"a \leftarrow a - y \text{ in place} \quad (\text{should be "
        r"a new } d = a - y)",
        "d = a - y  # not a -= y\n"
        "new_W = W - eta * G  # not W -= eta * G"),
    Mistake(
        "state_between_calls",
        "A result that depends on the calls before",
        "your function gave another result when it was called again with "
        "the same arguments",
        "something outlives each call: an array or list made once at the "
        "top level, a mutable default argument (def f(x, buf=[])), or an "
        "attribute; a training loop calls the function thousands of "
        "times, so make every buffer inside the function",
        "mistakes.ipynb", "A result that depends on the calls before",
        r"f(x) \ne f(x) \text{ on the second call} \quad (\text{should "
        r"be the same})",
        "grad = np.zeros(n)  # not a grad made once, outside the function"),
]
