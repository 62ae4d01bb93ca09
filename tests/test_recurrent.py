"""Recurrent cells and layers (``backprop_utils.recurrent``, chapter 8).

Every backward pass through time is checked twice: against autograd
differentiating a plain loop over the steps (written here from the
equations, not from the package), and against central differences of a
random linear function of the outputs. The sizes, lengths (``T = 1``
included), initial states and truncations are drawn by hypothesis.
Truncation is checked against autograd on a loss whose every step
restarts from a constant state ``k`` steps back, which is what the
package's docstring says truncation means; and truncation to ``T`` steps
or more is full backpropagation through time. Then the layers inside a
``Sequential``, clipping, and the errors a learner sees.
"""

import warnings

import autograd
import autograd.numpy as anp
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from backprop_utils import (
    LSTM,
    RNN,
    Dense,
    Reshape,
    Sequential,
    clip_by_norm,
    clip_by_value,
    digits,
    gradient_descent,
    lstm_backward,
    lstm_forward,
    numerical_gradient,
    one_hot,
    relative_error,
    rnn_backward,
    rnn_forward,
)

AUTOGRAD_TOL = 1e-12     # the same sums in another order
CENTRAL_TOL = 1e-9       # central differences, smooth functions
# Every function here is smooth (tanh, sigmoid, products), so the
# central differences are Richardson-extrapolated: (4 D(h) - D(2h)) / 3
# cancels the h^2 term of the central difference D(h), and a step of
# 1e-3 then leaves both truncation and rounding near 1e-11. Plain central
# differences with the default step 1e-6 reached 1.6e-9 on an LSTM
# whose W_hh gradient is 1e-4 against a cost of 2.3 (rounding).
SMOOTH_STEP = 1e-3


def central(f, x):
    """Central differences of f at x, Richardson-extrapolated."""
    return (4 * numerical_gradient(f, x.copy(), h=SMOOTH_STEP)
            - numerical_gradient(f, x.copy(), h=2 * SMOOTH_STEP)) / 3


# -- the references: plain loops over time, in autograd ----------------------

def ref_rnn_step(x, h, W_xh, W_hh, b, c=None):
    return anp.tanh(x @ W_xh.T + h @ W_hh.T + b), None


def ref_lstm_step(x, h, W_xh, W_hh, b, c):
    z = x @ W_xh.T + h @ W_hh.T + b
    n = h.shape[1]
    i = 1 / (1 + anp.exp(-z[:, :n]))
    f = 1 / (1 + anp.exp(-z[:, n:2 * n]))
    g = anp.tanh(z[:, 2 * n:3 * n])
    o = 1 / (1 + anp.exp(-z[:, 3 * n:]))
    c_new = f * c + i * g
    return o * anp.tanh(c_new), c_new


REF = {"rnn": ref_rnn_step, "lstm": ref_lstm_step}


def ref_states(cell, X, W_xh, W_hh, b, h0, c0):
    """[h_0, ..., h_T] and [c_0, ..., c_T] by a loop."""
    hs, cs = [h0], [c0]
    for t in range(X.shape[1]):
        h, c = REF[cell](X[:, t], hs[-1], W_xh, W_hh, b, cs[-1])
        hs.append(h)
        cs.append(c)
    return hs, cs


def ref_objective(cell, R, truncate=None):
    """sum_t <R[:, t-1], h_t> as a function of (X, W_xh, W_hh, b, h0, c0);
    with ``truncate=k`` the loss at step s is computed from the state at
    step s - k taken as a constant (its value from an untraced forward),
    or from h_0 (an input, traced) when s - k <= 0."""
    def objective(X, W_xh, W_hh, b, h0, c0):
        T = X.shape[1]
        if truncate is None:
            hs, _ = ref_states(cell, X, W_xh, W_hh, b, h0, c0)
            return sum(anp.sum(R[:, t - 1] * hs[t]) for t in range(1, T + 1))
        # the values, untraced (plain numbers)
        hv, cv = ref_states(cell, *(np.asarray(getattr(a, "_value", a))
                                    for a in (X, W_xh, W_hh, b, h0, c0)))
        total = 0.0
        for s in range(1, T + 1):
            start = s - truncate
            if start <= 0:
                h, c, start = h0, c0, 0
            else:
                h, c = hv[start], cv[start]
                if c is None:
                    c = c0
            for t in range(start + 1, s + 1):
                h, c = REF[cell](X[:, t - 1], h, W_xh, W_hh, b, c)
            total = total + anp.sum(R[:, s - 1] * h)
        return total
    return objective


def draw(rng, cell, m, T, n_in, n_h):
    n_z = (4 if cell == "lstm" else 1) * n_h
    return dict(X=rng.standard_normal((m, T, n_in)),
                W_xh=rng.standard_normal((n_z, n_in)) / np.sqrt(n_in),
                W_hh=rng.standard_normal((n_z, n_h)) / np.sqrt(n_h),
                b=0.3 * rng.standard_normal(n_z),
                h0=0.5 * rng.standard_normal((m, n_h)),
                c0=0.5 * rng.standard_normal((m, n_h)))


def package(cell, p, R, truncate=None):
    """The package's forward and backward: (states, TimeGradients)."""
    if cell == "rnn":
        H = rnn_forward(p["X"], p["W_xh"], p["W_hh"], p["b"], p["h0"])
        return (H,), rnn_backward(R, p["X"], H, p["W_xh"], p["W_hh"],
                                  truncate=truncate)
    H, C, G = lstm_forward(p["X"], p["W_xh"], p["W_hh"], p["b"], p["h0"],
                           p["c0"])
    return (H, C, G), lstm_backward(R, p["X"], H, C, G, p["W_xh"],
                                    p["W_hh"], truncate=truncate)


ARGS = ("X", "W_xh", "W_hh", "b", "h0", "c0")


def autograd_grads(cell, p, R, truncate=None):
    f = ref_objective(cell, R, truncate)
    names = ARGS if cell == "lstm" else ARGS[:-1]    # no c_0 without a cell
    with warnings.catch_warnings():
        # a truncated loss may not depend on h_0 at all: autograd says so
        # and returns zeros, which is the answer
        warnings.filterwarnings("ignore", "Output seems independent")
        return {name: autograd.grad(f, k)(*(p[a] for a in ARGS))
                for k, name in enumerate(names)}


def as_dict(cell, g):
    d = {"X": g.dX, "h0": g.dh0, **g.grads}
    if cell == "lstm":
        d["c0"] = g.dc0
    return d


sizes = st.tuples(st.integers(1, 4), st.integers(1, 6), st.integers(1, 4),
                  st.integers(1, 5))


# -- forward ------------------------------------------------------------------

@pytest.mark.parametrize("cell", ["rnn", "lstm"])
def test_forward_equals_the_loop(cell):
    p = draw(np.random.default_rng(1), cell, 3, 5, 2, 4)
    states, _ = package(cell, p, np.zeros((3, 5, 4)))
    hs, cs = ref_states(cell, *(p[a] for a in ARGS))
    np.testing.assert_allclose(states[0], np.stack(hs, axis=1), rtol=0,
                               atol=1e-15)
    if cell == "lstm":
        np.testing.assert_allclose(states[1], np.stack(cs, axis=1), rtol=0,
                                   atol=1e-15)


# -- backward: autograd and central differences ------------------------------

@pytest.mark.parametrize("cell", ["rnn", "lstm"])
@settings(max_examples=25, deadline=None)
@given(sizes=sizes, seed=st.integers(0, 2**32 - 1))
def test_backward_equals_autograd(cell, sizes, seed):
    m, T, n_in, n_h = sizes
    rng = np.random.default_rng(seed)
    p = draw(rng, cell, m, T, n_in, n_h)
    R = rng.standard_normal((m, T, n_h))
    _, g = package(cell, p, R)
    ours, ref = as_dict(cell, g), autograd_grads(cell, p, R)
    for name in ours:
        assert ours[name].shape == p[name].shape, name
        assert relative_error(ours[name], ref[name]) < AUTOGRAD_TOL, name


@pytest.mark.parametrize("cell", ["rnn", "lstm"])
@pytest.mark.parametrize("T", [1, 2, 7])
def test_backward_equals_central_differences(cell, T):
    rng = np.random.default_rng(T)
    m, n_in, n_h = 2, 3, 4
    p = draw(rng, cell, m, T, n_in, n_h)
    R = rng.standard_normal((m, T, n_h))
    _, g = package(cell, p, R)
    ours = as_dict(cell, g)

    def objective(**changed):
        q = {**p, **changed}
        states, _ = package(cell, q, np.zeros_like(R))
        return float(np.sum(R * states[0][:, 1:]))

    for name in ours:
        numeric = central(lambda a, name=name: objective(**{name: a}),
                          p[name])
        assert relative_error(ours[name], numeric) < CENTRAL_TOL, (name, T)


@pytest.mark.parametrize("cell", ["rnn", "lstm"])
def test_adjoints_of_the_states_and_the_deltas(cell):
    """dH is the whole adjoint of each h_t, delta that of each z_t and
    (LSTM) dC that of each c_t: checked by perturbing h_t (z_t, c_t)
    inside a loop."""
    rng = np.random.default_rng(5)
    m, T, n_in, n_h = 2, 4, 3, 3
    p = draw(rng, cell, m, T, n_in, n_h)
    R = rng.standard_normal((m, T, n_h))
    _, g = package(cell, p, R)

    def run(t_bump, dh=0.0, dz=0.0, dc=0.0):
        h, c, total = p["h0"], p["c0"], 0.0
        for t in range(1, T + 1):
            z = p["X"][:, t - 1] @ p["W_xh"].T + h @ p["W_hh"].T + p["b"]
            if t == t_bump:
                z = z + dz
            if cell == "rnn":
                h = np.tanh(z)
            else:
                n = n_h
                s = 1 / (1 + np.exp(-z))
                c = s[:, n:2 * n] * c + s[:, :n] * np.tanh(z[:, 2 * n:3 * n])
                if t == t_bump:
                    c = c + dc
                h = s[:, 3 * n:] * np.tanh(c)
            if t == t_bump:
                h = h + dh
            total += np.sum(R[:, t - 1] * h)
        return total

    for t in (1, T - 1, T):
        checks = [((m, n_h), "dh", g.dH[:, t - 1]),
                  (g.delta.shape[::2], "dz", g.delta[:, t - 1])]
        if cell == "lstm":      # the whole adjoint of c_t, too
            checks.append(((m, n_h), "dc", g.dC[:, t - 1]))
        for shape, key, got in checks:
            def f(bump, t=t, key=key):
                return run(t, **{key: bump})
            numeric = central(f, np.zeros(shape))
            assert relative_error(got, numeric) < CENTRAL_TOL, (key, t)


# -- truncation ---------------------------------------------------------------

@pytest.mark.parametrize("cell", ["rnn", "lstm"])
@settings(max_examples=25, deadline=None)
@given(sizes=sizes, k=st.integers(1, 7), seed=st.integers(0, 2**32 - 1))
def test_truncation_equals_autograd_of_the_truncated_loss(cell, sizes, k,
                                                          seed):
    m, T, n_in, n_h = sizes
    rng = np.random.default_rng(seed)
    p = draw(rng, cell, m, T, n_in, n_h)
    R = rng.standard_normal((m, T, n_h))
    _, g = package(cell, p, R, truncate=k)
    ours, ref = as_dict(cell, g), autograd_grads(cell, p, R, truncate=k)
    for name in ours:
        assert relative_error(ours[name], ref[name]) < AUTOGRAD_TOL, name


@pytest.mark.parametrize("cell", ["rnn", "lstm"])
@pytest.mark.parametrize("T", [1, 3, 8])
def test_truncation_to_T_steps_is_full_bptt(cell, T):
    rng = np.random.default_rng(T)
    p = draw(rng, cell, 3, T, 2, 4)
    R = rng.standard_normal((3, T, 4))
    _, full = package(cell, p, R)
    for k in (T, T + 1, 50):
        _, g = package(cell, p, R, truncate=k)
        for name, a in as_dict(cell, full).items():
            np.testing.assert_array_equal(as_dict(cell, g)[name], a)


def test_truncation_of_one_loss_at_the_end_reaches_k_steps():
    """A classifier reads h_T only: with truncate=k the deltas of the first
    T - k steps are exactly zero and the last k equal full BPTT's."""
    rng = np.random.default_rng(0)
    T, k = 8, 3
    p = draw(rng, "rnn", 4, T, 2, 5)
    R = np.zeros((4, T, 5))
    R[:, -1] = rng.standard_normal((4, 5))
    _, full = package("rnn", p, R)
    _, g = package("rnn", p, R, truncate=k)
    assert not g.delta[:, :T - k].any()
    np.testing.assert_array_equal(g.delta[:, T - k:], full.delta[:, T - k:])
    assert not g.dh0.any()


# -- the layers ---------------------------------------------------------------

@pytest.mark.parametrize("Cell", [RNN, LSTM])
@pytest.mark.parametrize("return_sequences", [False, True])
def test_layer_equals_the_functions(Cell, return_sequences):
    layer = Cell(3, 4, return_sequences=return_sequences, seed=2)
    rng = np.random.default_rng(3)
    X = rng.standard_normal((5, 6, 3))
    out, cache = layer.forward(X)
    cell = "rnn" if Cell is RNN else "lstm"
    p = {**layer.params, "X": X, "h0": np.zeros((5, 4)),
         "c0": np.zeros((5, 4))}
    dOut = rng.standard_normal(out.shape)
    R = dOut if return_sequences else np.concatenate(
        [np.zeros((5, 5, 4)), dOut[:, None]], axis=1)
    states, g = package(cell, p, R)
    np.testing.assert_array_equal(
        out, states[0][:, 1:] if return_sequences else states[0][:, -1])
    dX, grads = layer.backward(dOut, cache)
    np.testing.assert_array_equal(dX, g.dX)
    for name in grads:
        np.testing.assert_array_equal(grads[name], g.grads[name])


@pytest.mark.parametrize("Cell", [RNN, LSTM])
def test_sequential_with_a_recurrent_layer_against_central_differences(Cell):
    data = digits()
    X, Y = data.train.X[:6], data.train.Y[:6]
    model = Sequential([Reshape((8, 8)), Cell(8, 5, seed=1),
                        Dense(5, 10, seed=2)])
    g = model.backward(X, Y)
    for (name, p), grad in zip(
            model.parameters(),
            [a for d in g.grads for a in d.values()]):
        def cost(value, p=p):
            saved = p.copy()
            p[...] = value
            try:
                return model.cost(X, Y)
            finally:
                p[...] = saved
        numeric = central(cost, p)
        assert relative_error(grad, numeric) < CENTRAL_TOL, name


def test_a_recurrent_layer_trains_on_the_digits():
    data = digits()
    X, Y = data.train.X, data.train.Y
    model = Sequential([Reshape((8, 8)), RNN(8, 32, seed=0),
                        Dense(32, 10, seed=1)])
    history = gradient_descent(model, X, Y, learning_rate=0.1, epochs=3,
                               batch_size=32, seed=0)
    assert not history.diverged
    assert history.cost[-1] < 0.7 * history.cost[0]


def test_the_layer_does_not_keep_a_reference_to_the_weights():
    """Training changes the weights in place: backward must use the
    weights of its forward pass."""
    layer = RNN(2, 3, seed=0)
    X = np.random.default_rng(0).standard_normal((2, 4, 2))
    out, cache = layer.forward(X)
    before = layer.backward(np.ones_like(out), cache)
    layer.params["W_hh"] += 1.0
    after = layer.backward(np.ones_like(out), cache)
    np.testing.assert_array_equal(before[0], after[0])


# -- clipping -----------------------------------------------------------------

def test_clip_by_norm_scales_all_gradients_by_one_factor():
    rng = np.random.default_rng(0)
    grads = [{"W": rng.standard_normal((3, 2)), "b": rng.standard_normal(3)},
             {}, {"K": rng.standard_normal((2, 2))}]
    flat = np.concatenate([a.ravel() for d in grads for a in d.values()])
    clipped, norm = clip_by_norm(grads, 1.0)
    assert norm == pytest.approx(np.linalg.norm(flat), rel=1e-15)
    new = np.concatenate([a.ravel() for d in clipped for a in d.values()])
    assert np.linalg.norm(new) == pytest.approx(1.0, rel=1e-14)
    np.testing.assert_allclose(new * norm, flat, rtol=1e-14)
    # under the limit: unchanged (new arrays all the same)
    same, _ = clip_by_norm(grads, 2 * norm)
    assert same[0]["W"] is not grads[0]["W"]
    np.testing.assert_array_equal(same[0]["W"], grads[0]["W"])


def test_clip_by_value_changes_the_direction():
    g = {"W": np.array([[10.0, 0.1]])}
    clipped = clip_by_value(g, 1.0)["W"]
    np.testing.assert_array_equal(clipped, [[1.0, 0.1]])
    assert g["W"][0, 0] == 10.0                    # the input is unchanged


@pytest.mark.parametrize("bad", [0, -1.0, float("nan"), float("inf"), True,
                                 "1"])
def test_clipping_refuses_a_bad_limit(bad):
    with pytest.raises(ValueError, match="positive finite number"):
        clip_by_norm({"W": np.ones(2)}, bad)
    with pytest.raises(ValueError, match="positive finite number"):
        clip_by_value({"W": np.ones(2)}, bad)


# -- bad input: a clear error, and nothing changed ----------------------------

def rnn_args(m=2, T=3, n_in=2, n_h=4):
    rng = np.random.default_rng(0)
    return (rng.standard_normal((m, T, n_in)),
            rng.standard_normal((n_h, n_in)),
            rng.standard_normal((n_h, n_h)), np.zeros(n_h))


@pytest.mark.parametrize("X, message", [
    (np.zeros((3, 2)), r"\(m, T, n_in\).*got shape \(3, 2\), 2-D.*X\[None\]"),
    (np.zeros((1, 2, 3, 2)), r"\(m, T, n_in\).*4-D"),
    (np.zeros((2, 0, 2)), r"at least one example, one time step"),
    (np.zeros((0, 3, 2)), r"at least one example, one time step"),
    (np.zeros((2, 3, 5)), r"W_xh must have shape .*\(4, 5\); got \(4, 2\)"),
])
def test_rnn_forward_refuses_bad_sequences(X, message):
    _, W_xh, W_hh, b = rnn_args()
    saved = [a.copy() for a in (X, W_xh, W_hh, b)]
    with pytest.raises(ValueError, match=message):
        rnn_forward(X, W_xh, W_hh, b)
    for a, s in zip((X, W_xh, W_hh, b), saved):
        np.testing.assert_array_equal(a, s)


def test_mismatched_weights_are_named():
    X, W_xh, W_hh, b = rnn_args()
    with pytest.raises(ValueError, match=r"W_hh must have shape \(n_h, n_h\)"):
        rnn_forward(X, W_xh, W_hh[:, :3], b)
    with pytest.raises(ValueError, match=r"b must have shape \(n_z,\)"):
        rnn_forward(X, W_xh, W_hh, np.zeros(3))
    with pytest.raises(ValueError, match=r"h0 must have shape \(m, n_h\)"):
        rnn_forward(X, W_xh, W_hh, b, h0=np.zeros(4))
    with pytest.raises(ValueError,
                       match=r"W_hh must have shape \(4 n_h, n_h\)"):
        lstm_forward(X, np.zeros((4, 2)), W_hh, b)
    with pytest.raises(ValueError, match="finite"):
        rnn_forward(X, W_xh, W_hh * np.nan, b)


def test_backward_refuses_mismatched_adjoints_and_states():
    X, W_xh, W_hh, b = rnn_args()
    H = rnn_forward(X, W_xh, W_hh, b)
    with pytest.raises(ValueError,
                       match=r"dH_out must have shape .*\(2, 3, 4\)"):
        rnn_backward(np.zeros((2, 4)), X, H, W_xh, W_hh)
    with pytest.raises(ValueError, match=r"H must have shape .*\(2, 4, 4\)"):
        rnn_backward(np.zeros((2, 3, 4)), X, H[:, 1:], W_xh, W_hh)
    with pytest.raises(ValueError, match="truncate must be None"):
        rnn_backward(np.zeros((2, 3, 4)), X, H, W_xh, W_hh, truncate=0)


@pytest.mark.parametrize("Cell", [RNN, LSTM])
def test_layers_refuse_bad_input_clearly(Cell):
    layer = Cell(8, 4)
    with pytest.raises(ValueError, match=r"Reshape\(\(8, 8\)\)"):
        layer.forward(np.zeros((3, 64)))
    with pytest.raises(ValueError,
                       match=r"\(m, T, 8\); got shape \(3, 5, 7\)"):
        layer.forward(np.zeros((3, 5, 7)))
    with pytest.raises(ValueError, match="at least one example and one time"):
        layer.forward(np.zeros((3, 0, 8)))
    with pytest.raises(ValueError, match="truncate"):
        Cell(8, 4, truncate=0)
    with pytest.raises(TypeError, match="return_sequences"):
        Cell(8, 4, return_sequences="yes")
    out, cache = layer.forward(np.zeros((3, 5, 8)))
    with pytest.raises(ValueError, match=r"shape of the output .*\(3, 4\)"):
        layer.backward(np.zeros((3, 5, 4)), cache)


def test_a_sequential_ending_in_a_sequence_is_refused():
    model_layers = [RNN(8, 4, return_sequences=True), Dense(4, 10)]
    with pytest.raises(ValueError, match="must be 2-D"):
        Sequential(model_layers).forward(np.zeros((2, 8, 8)))


def test_training_clips_by_norm_and_records_the_norms():
    data = digits()
    X, Y = data.train.X[:64], data.train.Y[:64]

    def model():
        return Sequential([Reshape((8, 8)), RNN(8, 16, seed=0),
                           Dense(16, 10, seed=1)])

    free, clipped = model(), model()
    h_free = gradient_descent(free, X, Y, 0.5, 1, batch_size=16)
    h_clip = gradient_descent(clipped, X, Y, 0.5, 1, batch_size=16,
                              clip_norm=0.1)
    # the same first batch: the same gradient norm before clipping
    assert h_free.grad_norms[0] == h_clip.grad_norms[0] > 0.1
    assert len(h_clip.grad_norms) == h_clip.updates == 4
    # one clipped step by hand from the same start equals the first update
    start = model()
    g = start.backward(X[np.random.default_rng(0).permutation(64)[:16]],
                       Y[np.random.default_rng(0).permutation(64)[:16]])
    _, norm = clip_by_norm(g.grads, 0.1)
    assert norm == h_clip.grad_norms[0]
    once = model()
    gradient_descent(once, X, Y, 0.5, 1, batch_size=64, clip_norm=0.1)
    full = model().backward(X, Y)
    expected, _ = clip_by_norm(full.grads, 0.1)
    for (name, p), e in zip(once.parameters(),
                            [a for d in expected for a in d.values()]):
        p0 = dict(model().parameters())[name]
        np.testing.assert_allclose(p, p0 - 0.5 * e, rtol=0, atol=1e-15)


def test_training_refuses_clipping_a_network_and_bad_limits():
    from backprop_utils import Network
    data = digits()
    with pytest.raises(ValueError, match="Sequential only"):
        gradient_descent(Network([64, 10], ["softmax"], "cross_entropy"),
                         data.train.X, data.train.Y, 0.1,
                         1, clip_norm=1.0)
    model = Sequential([Reshape((8, 8)), RNN(8, 4), Dense(4, 10)])
    with pytest.raises(ValueError, match="clip_value must be a positive"):
        gradient_descent(model, data.train.X, data.train.Y, 0.1, 1,
                         clip_value=-1.0)


def test_lstm_forget_bias_starts_the_forget_gates():
    layer = LSTM(3, 4, forget_bias=2.5)
    b = layer.params["b"]
    np.testing.assert_array_equal(b[4:8], 2.5)
    assert not b[:4].any() and not b[8:].any()
    assert LSTM(3, 4).params["b"][4:8].tolist() == [1.0] * 4
    for bad in (float("nan"), "1", True):
        with pytest.raises(ValueError, match="forget_bias must be a finite"):
            LSTM(3, 4, forget_bias=bad)
