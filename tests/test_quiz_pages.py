"""The Check-yourself answers on the built pages, recomputed here from the
package (not from the notebooks' code): the right answer and every
mistaken answer each page holds."""

import html
import json
import re

import numpy as np
import pytest

from backprop_utils import Network
from backprop_utils.activations import relu, sigmoid, sigmoid_prime


def quizzes(site, page):
    text = (site / f"{page}.html").read_text(encoding="utf-8")
    return [json.loads(html.unescape(m)) for m in
            re.findall(r"data-quiz='([^']*)'", text)]


def ch1():
    w, b = [0.6, -1.1, 1.4], [0.2, 0.3, -0.5]
    net = Network.from_parameters([[[v]] for v in w], [[v] for v in b],
                                  ["sigmoid"] * 3, loss="squared_error")
    X, Y = np.array([[1.0]]), np.array([[0.2]])
    g = net.backward(X, Y)
    a_prev, z = g.forward.a[2][0, 0], g.forward.z[2][0, 0]
    a = sigmoid(z)
    dw = g.dW[2][0, 0]
    return [
        (sigmoid_prime(1.5), {"g_for_gprime": sigmoid(1.5),
                              "gprime_of_a": sigmoid_prime(sigmoid(1.5))}),
        (0.94, {"dropped_two": 0.47, "flipped_sign": -0.94}),
        (dw, {"dropped_two": dw / 2, "flipped_sign": -dw,
              "g_for_gprime": a_prev * a * 2 * (a - 0.2),
              "gprime_of_a": a_prev * sigmoid_prime(a) * 2 * (a - 0.2),
              "missing_input": g.db[2][0],
              "no_gprime": a_prev * 2 * (a - 0.2),
              "z_for_a": a_prev * sigmoid_prime(z) * 2 * (z - 0.2)}),
    ] + [(dj, {"missing_mean": 3 * dj, "dropped_two": dj / 2,
               "flipped_sign": -dj})
         for dj in [net.backward(np.array([[1.0], [-1.0], [2.5]]),
                                 np.array([[0.9], [0.1], [0.6]])).dW[2][0, 0]]]


def ch2():
    X = np.array([[1.5, 2.0], [0.0, 1.0], [2.0, -1.0]])
    Y = np.array([[1.0], [0.0], [2.0]])
    net = Network.from_parameters([[[0.5, -0.5]]], [[0.1]], ["identity"],
                                  loss="half_squared_error")
    g = net.backward(X, Y)
    db, dw = g.db[0][0], g.dW[0][0, 0]
    d = sigmoid(0.8) - 1
    return [
        # the bias left out of z: every error 0.1 smaller
        (db, {"factor_two": 2 * db, "missing_mean": 3 * db,
              "flipped_sign": -db, "forgot_bias": db - 0.1}),
        (dw, {"factor_two": 2 * dw, "missing_mean": 3 * dw,
              "flipped_sign": -dw,
              "forgot_bias": dw - 0.1 * X[:, 0].mean()}),
        (0.1 - 0.1 * db, {"factor_two": 0.1 - 0.2 * db,
                          "missing_mean": 0.1 - 0.3 * db,
                          "flipped_sign": 0.1 + 0.1 * db}),
        (d, {"extra_gprime": d * sigmoid_prime(0.8), "flipped_sign": -d,
             "z_for_a": 0.8 - 1,
             # dL/da = (a - y) / (a (1 - a)), not multiplied by σ'(z)
             "no_gprime": d / sigmoid_prime(0.8)}),
    ]


def ch3():
    W2 = np.array([[0.5, -1.0], [2.0, 0.3]])
    d2 = np.array([0.45, -0.2])
    back = d2 @ W2
    x, d1 = np.array([1.0, -2.0, 0.5]), np.array([0.3, 0.1, -0.4])
    g = np.mean(d1 * x)
    return [
        (0.95, {"factor_two": 1.9, "flipped_sign": -0.95}),
        (back[0], {"g_for_gprime": back[0] * 0.7,
                   "transposed_weights": (d2 @ W2.T)[0]}),
        (g, {"missing_mean": 3 * g}),
    ]


def ch4():
    Ws = [np.array([[0.6, -0.4], [-0.3, 0.9], [-0.7, 0.2]]),
          np.array([[0.5, -0.6, 0.9], [0.1, 0.7, -0.8]]),
          np.array([[0.8, -1.2]])]
    bs = [np.array([0.1, 0.2, 0.1]), np.array([0.2, -0.1]),
          np.array([0.3])]
    X = np.array([[1.0, 0.5]])
    net = Network.from_parameters(Ws, bs, ["relu", "relu", "identity"],
                                  loss="half_squared_error")
    g5 = net.backward(X, np.array([[0.5]]))
    z2 = g5.forward.z[1][0]
    d3 = g5.delta[2][0]
    delta21 = g5.delta[1][0, 0]
    dw3 = g5.dW[2][0, 0]
    # one step at y = 0.8, and the same with W^(3), then W^(2), updated
    # before the deltas below them are formed
    g8 = net.backward(X, np.array([[0.8]]))
    w_new = Ws[0][0, 0] - 0.1 * g8.dW[0][0, 0]
    f = g8.forward
    d = f.a[3] - 0.8
    W3 = Ws[2] - 0.1 * d.T @ f.a[2]
    d = (d @ W3) * (f.z[1] > 0)
    W2 = Ws[1] - 0.1 * d.T @ f.a[1]
    d = (d @ W2) * (f.z[0] > 0)
    early = Ws[0][0, 0] - 0.1 * (d.T @ X)[0, 0]
    # the same step with its own mistakes, by hand: no relu' in the
    # recursion; the bias left out of every z; a ReLU on the output too
    d = f.a[3] - 0.8
    d = d @ Ws[2]
    d = d @ Ws[1]
    no_slope = Ws[0][0, 0] - 0.1 * (d.T @ X)[0, 0]
    A, Zs = X, []
    for W in Ws:
        Zs.append(A @ W.T)
        A = relu(Zs[-1]) if len(Zs) < 3 else Zs[-1]
    d = A - 0.8
    d = (d @ Ws[2]) * (Zs[1] > 0)
    d = (d @ Ws[1]) * (Zs[0] > 0)
    no_bias = Ws[0][0, 0] - 0.1 * (d.T @ X)[0, 0]
    d = relu(f.z[2]) - 0.8
    d = (d @ Ws[2]) * (f.z[1] > 0)
    d = (d @ Ws[1]) * (f.z[0] > 0)
    relu_out = Ws[0][0, 0] - 0.1 * (d.T @ X)[0, 0]
    z1 = g5.forward.z[0][0]
    # relu(z) for relu'(z) at every layer of the recursion, as a learner
    # who makes the mistake makes it
    wrong2 = (d3 @ Ws[2]) * relu(z2)
    wrong1 = (wrong2 @ Ws[1]) * relu(z1)
    return [
        (delta21, {"g_for_gprime": wrong2[0]}),
        (g5.delta[0][0, 1], {"g_for_gprime": wrong1[1]}),
        (dw3, {"factor_two": 2 * dw3, "flipped_sign": -dw3}),
        (w_new, {"updated_weights_mid_pass": early,
                 "factor_two": Ws[0][0, 0] - 0.2 * g8.dW[0][0, 0],
                 "uphill_step": Ws[0][0, 0] + 0.1 * g8.dW[0][0, 0],
                 "no_gprime": no_slope, "forgot_bias": no_bias,
                 "activation_on_output": relu_out}),
    ]


def ch5():
    # the worked example (2-2-3, relu and softmax) with target class 1
    Ws = [np.array([[0.6, -0.4], [0.2, 0.9]]),
          np.array([[1.0, -0.5], [0.4, 0.9], [-0.7, 0.2]])]
    bs = [np.array([0.1, -0.2]), np.array([0.0, 0.1, 0.2])]
    x, y = np.array([1.0, 0.5]), np.array([1.0, 0.0, 0.0])
    # by hand from the definitions, not through the package's softmax
    z1 = Ws[0] @ x + bs[0]
    a1 = relu(z1)
    z2 = Ws[1] @ a1 + bs[1]
    a2 = np.exp(z2) / np.exp(z2).sum()
    loss = -np.log(a2[0])
    d2 = a2 - y
    d1 = (Ws[1].T @ d2) * (z1 > 0)
    # softmax's slope taken element-wise: -y(1 - a), zero off the class
    d2_elementwise = -y * (1 - a2)
    d1_elementwise = (Ws[1].T @ d2_elementwise) * (z1 > 0)
    return [
        (loss, {"mean_over_classes": loss / 3, "dropped_minus": -loss}),
        (d2[0], {"flipped_softmax_delta": -d2[0],
                 "mean_over_classes": d2[0] / 3}),
        (d1[1], {"elementwise_softmax": d1_elementwise[1],
                 "flipped_softmax_delta": -d1[1],
                 "mean_over_classes": d1[1] / 3,
                 # relu(z) where relu'(z) belongs
                 "g_for_gprime": (Ws[1].T @ d2)[1] * relu(z1[1])}),
    ]


def ch6():
    # e = (a + b)(b + 1) at a = 1, b = 2: de/db = c + d, two shares of 3;
    # overwriting keeps one of them, visiting forwards passes nothing
    a, b = 1.0, 2.0
    c, d = a + b, b + 1
    # chapter 4's network with y = 0.5: the adjoint of a^(1)_1 is BP2's
    # sum of two shares; overwriting keeps the share of whichever of
    # z^(2)_1 and z^(2)_2 a valid reverse order visits last: either one
    W2 = np.array([[0.5, -0.6, 0.9], [0.1, 0.7, -0.8]])
    net = Network.from_parameters(
        [np.array([[0.6, -0.4], [-0.3, 0.9], [-0.7, 0.2]]), W2,
         np.array([[0.8, -1.2]])],
        [np.array([0.1, 0.2, 0.1]), np.array([0.2, -0.1]), np.array([0.3])],
        ["relu", "relu", "identity"], loss="half_squared_error")
    g = net.backward(np.array([[1.0, 0.5]]), np.array([[0.5]]))
    d2 = g.delta[1][0]
    # relu(z) for relu'(z) at layer 2: delta(3) times W(3), times relu(z2)
    d2_relu = (g.delta[2][0] * np.array([0.8, -1.2])) * relu(
        g.forward.z[1][0])
    # a tanh node at x = 1.5 with the adjoint 2 arriving
    t = np.tanh(1.5)
    return [
        (d + c, {"overwrite_adjoint": c, "forward_order": 0.0}),
        (W2[:, 0] @ d2, {"overwrite_adjoint": [W2[1, 0] * d2[1],
                                               W2[0, 0] * d2[0]],
                         "forward_order": 0.0,
                         "factor_two": 2 * W2[:, 0] @ d2,
                         "flipped_sign": -W2[:, 0] @ d2,
                         "transposed_weights": W2[0, :2] @ d2,
                         "g_for_gprime": W2[:, 0] @ d2_relu}),
        (2 * (1 - t ** 2), {"dropped_upstream": 1 - t ** 2,
                            "g_for_gprime": 2 * t,
                            "output_formula_of_input": 2 * (1 - 1.5 ** 2),
                            "gprime_of_a": 2 * (1 - np.tanh(t) ** 2),
                            "no_gprime": 2.0}),
    ]


def ch7():
    # the 3-tap filter over 7 inputs, half squared error against
    # targets 0: the deltas are the outputs z
    a = [0.5, -1.0, 2.0, 0.0, 1.5, -0.5, 1.0]
    w, b = [0.4, -0.2, 0.7], 0.1
    d = [sum(w[k] * a[u + k] for k in range(3)) + b for u in range(5)]
    dw1 = sum(d[u] * a[u + 1] for u in range(5))
    # a_1 is read by z_0 (through w_1) and z_1 (through w_0)
    da1 = d[0] * w[1] + d[1] * w[0]
    # max pooling: the top-left window of the map holds two 3s; the
    # delta of its pooled entry is 0.7 * 3, and the first 3 (row 0,
    # column 1) wins the tie
    d_win = 0.7 * 3
    return [
        (dw1, {"one_position": [d[4] * a[5],           # the last position
                                d[0] * a[1]],          # the first
               # the deltas slid flipped: a true convolution
               "convolved_not_correlated": sum(d[4 - u] * a[u + 1]
                                               for u in range(5)),
               # the middle weight of a flipped gradient is itself
               "gradient_flipped": dw1}),
        (da1, {"kernel_not_flipped": d[0] * w[1] + d[1] * w[2],
               "one_position": [d[1] * w[0],           # the last window
                                d[0] * w[1]]}),        # the first
        (d_win, {"pooling_copied": d_win, "tie_every_maximum": d_win,
                 "pooling_averaged": d_win / 4, "tie_shared": d_win / 2,
                 "tie_last_maximum": 0.0}),
        # the whole map: each window passes its delta on once, 0.7 times
        # its maximum 3, 2, 4, 5; copying passes it to all four entries,
        # a tie to every maximum passes the 3 and the 5 twice
        (0.7 * 14, {"pooling_copied": 4 * 0.7 * 14,
                    "tie_every_maximum": 0.7 * (14 + 3 + 5),
                    "pooling_averaged": 0.7 * 14, "tie_shared": 0.7 * 14,
                    "tie_last_maximum": 0.7 * 14}),
    ]


def ch8():
    # the one-unit cell: w_xh = 0.8, w_hh = 0.5, b = 0, inputs 1, -0.5,
    # 0.5 from h_0 = 0, a half squared error at every step against 0.2,
    # 0, 0.3; by hand, one number at a time
    w_xh, w_hh = 0.8, 0.5
    xs, ys = [1.0, -0.5, 0.5], [0.2, 0.0, 0.3]
    h = [0.0]
    for x in xs:
        h.append(np.tanh(w_xh * x + w_hh * h[-1]))
    e = [None] + [h[t] - ys[t - 1] for t in (1, 2, 3)]   # dL_t/dh_t

    def delta_1(slope, own=lambda t: True, carried=True):
        # the recursion from t = 3 down, with a given slope at step t
        d = 0.0
        for t in (3, 2, 1):
            d = ((e[t] if own(t) else 0.0)
                 + (w_hh * d if carried else 0.0)) * slope(t)
        return d

    def deltas(slope=lambda t: 1 - h[t] ** 2):
        d, out = 0.0, {}
        for t in (3, 2, 1):
            d = (e[t] + w_hh * d) * slope(t)
            out[t] = d
        return out

    right = lambda t: 1 - h[t] ** 2                      # noqa: E731
    d = deltas()
    dw_hh = sum(d[t] * h[t - 1] for t in (1, 2, 3))
    # clipping: W_hh's gradient has entries 3, 0, 0, 4 (norm 5), b's 12
    # and 0; the joint norm is 13
    return [
        (delta_1(right), {
            "recurrence_dropped": delta_1(right, carried=False),
            "last_step_only": delta_1(right, own=lambda t: t == 3),
            "no_gprime": delta_1(lambda t: 1.0),
            "g_for_gprime": delta_1(lambda t: h[t]),
            "gprime_of_a": delta_1(lambda t: 1 - np.tanh(h[t]) ** 2),
            "wrong_hidden_state": delta_1(lambda t: 1 - h[t - 1] ** 2)}),
        (dw_hh, {"last_step_only": d[3] * h[2],
                 "steps_not_summed": d[1] * h[0],     # 0: h_0 = 0
                 "wrong_hidden_state": sum(d[t] * h[t] for t in (1, 2, 3))}),
        (3 / 13, {"clip_elementwise": 1.0, "clip_each_array": 3 / 5,
                  "squared_norm": 3 / 169}),
    ]


EXPECTED = {"chapters/ch1_chain": ch1, "chapters/ch2_single_layer": ch2,
            "chapters/ch3_two_layers": ch3,
            "chapters/ch4_delta_recursion": ch4,
            "chapters/ch5_softmax": ch5,
            "chapters/ch6_autodiff": ch6,
            "chapters/ch7_convolution": ch7,
            "chapters/ch8_recurrent": ch8}


@pytest.mark.parametrize("page", sorted(EXPECTED))
def test_the_page_holds_what_the_package_computes(site, page):
    held = quizzes(site, page)
    expected = EXPECTED[page]()
    assert len(held) == len(expected) >= 3
    for quiz, (answer, mistakes) in zip(held, expected):
        assert quiz["answer"] == pytest.approx(float(answer), rel=1e-12)
        # the page keeps a mistake only if a number can single it out
        kept = {m["text"]: m["value"] for m in quiz["mistakes"]}
        assert kept, quiz
        values = sorted(m["value"] for m in quiz["mistakes"])
        flat = [v for vs in mistakes.values()
                for v in (vs if isinstance(vs, list) else [vs])]
        assert values == pytest.approx(sorted(
            float(v) for v in flat
            if abs(float(v) - float(answer)) > 1e-3 * abs(answer)),
            rel=1e-12)
