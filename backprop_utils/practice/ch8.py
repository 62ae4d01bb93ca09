"""Chapter 8's exercises: the deltas of a vanilla recurrent layer through
time, the gradient of its shared weight W_hh, and clipping a gradient by
its norm.

The cell is the package's (``recurrent.py``): one example per row,
``z_t = x_t W_xh^T + h_(t-1) W_hh^T + b``, ``h_t = tanh(z_t)``; ``H`` of
shape ``(m, T + 1, n_h)`` holds ``h_0`` first, so ``H[:, t]`` is ``h_t``,
while ``dH_out`` and ``delta``, shape ``(m, T, n_h)``, start at step 1:
``delta[:, t - 1]`` is ``δ_t = dJ/dz_t``. The right results are the
package's own (``rnn_backward``, ``training.clip_by_norm``); each
mistake is written out below as the formula a learner would get.
"""

import numpy as np

from ..recurrent import rnn_backward, rnn_forward
from ..training import clip_by_norm
from .engine import exercise

_CH8 = "ch8_recurrent.ipynb"
_DELTAS = (_CH8, "Deltas over time")
_SHARED = (_CH8, "The gradient of a shared weight")
_CLIPPING = (_CH8, "Clipping the gradient")
_SLOPE = (_CH8, "The slope of tanh left out")

# Clipping's right answers differ by more than rounding: PyTorch writes
# the factor min(1, max_norm / (norm + 1e-6)), a relative 1e-6 / norm
# from the exact one; every norm the cases clip is above 0.4, so that
# this stays below a quarter of the tolerance, while the mistakes differ
# by far more (tests/test_practice.py checks both)
_CLIP_RTOL = 1e-5

# detect() compares a learner's float64-read result with a formula: a
# float32 result agrees to ~1e-5 of its largest entry; the mistakes it
# names differ by far more
_DETECT_RTOL = 1e-4


def _agrees(x, y):
    return x.shape == y.shape and np.allclose(
        x, y, rtol=_DETECT_RTOL,
        atol=_DETECT_RTOL * max(float(np.abs(y).max(initial=0.0)), 1e-12))


# --- the cases -----------------------------------------------------------

# (m, T, n_in, n_h): m > 2 and n_h > 1 everywhere, W_hh never symmetric;
# the first case again with new numbers comes second (a result kept by
# shape gives the old numbers there); T = 2 once; the numbers of
# examples and of steps differ within each case, and from one size to
# another, so that a factor 1/m or 1/T is named as such
_SIZES = [(3, 4, 2, 3), (3, 4, 2, 3), (4, 2, 3, 2), (5, 6, 2, 4)]


def _sequences(seed):
    """A forward pass for each size: X, W_xh, W_hh, b, h_0 drawn, H from
    ``rnn_forward``, and dH_out, nonzero at every step and carrying the
    1/m of a mean cost. h_0 is not 0, so that the first step's share of
    dJ/dW_hh, δ_1 h_0ᵀ, is not 0 either; the weights are moderate, so
    that most of tanh's slopes 1 - h_t² are far from 0 and from 1."""
    rng = np.random.default_rng(seed)
    out = []
    for m, T, n_in, n_h in _SIZES:
        X = rng.normal(scale=0.8, size=(m, T, n_in))
        W_xh = rng.normal(scale=0.7 / np.sqrt(n_in), size=(n_h, n_in))
        W_hh = rng.normal(scale=0.8 / np.sqrt(n_h), size=(n_h, n_h))
        b = rng.normal(scale=0.2, size=n_h)
        h0 = np.tanh(rng.normal(scale=0.8, size=(m, n_h)))
        H = rnn_forward(X, W_xh, W_hh, b, h0)
        dH_out = rng.normal(size=(m, T, n_h)) / m
        out.append((X, W_xh, W_hh, H, dH_out))
    return out


def _time_sizes(case):
    first = case.get("dH_out", case.get("delta"))
    m, T, _ = first.shape
    return {"m": (m, "the number of examples"),
            "T": (T, "the number of time steps")}


# --- the deltas through time ---------------------------------------------

def _delta_cases():
    return [{"dH_out": dH_out, "H": H, "W_hh": W_hh}
            for _, _, W_hh, H, dH_out in _sequences(81)]


def _through_time(dH_out, H, W_hh, *, own=True, carried=True,
                  slope="1 - h^2", slope_own=True, slope_carried=True,
                  skip_slope_at=None, state=0, passes="delta",
                  returns="delta"):
    """From t = T down to 1: dh = dH_out[:, t - 1] + delta[:, t] @ W_hh
    and delta[:, t - 1] = dh * slope, each part switched on or off.
    ``own``: a function of t saying whether dH_out[:, t - 1] counts;
    ``slope``: which factor (at H[:, t + state]); ``skip_slope_at``: a
    step without it; ``passes``, ``returns``: what goes back to step
    t - 1 (times W_hh) and what is returned, delta or dh."""
    m, T, n_h = dH_out.shape
    out = np.zeros((m, T, n_h))
    back = np.zeros((m, n_h))                 # delta_(t+1) @ W_hh
    for t in range(T, 0, -1):
        h = H[:, t + state]
        s = {"1 - h^2": 1 - h ** 2, "h": h, "1 - tanh(h)^2":
             1 - np.tanh(h) ** 2, "none": np.ones_like(h)}[slope]
        if t == skip_slope_at:
            s = np.ones_like(h)
        mine = dH_out[:, t - 1] * (own(t) if callable(own) else own)
        later = back * carried
        dh = mine + later
        delta = ((mine * s if slope_own else mine)
                 + (later * s if slope_carried else later))
        out[:, t - 1] = delta if returns == "delta" else dh
        back = (delta if passes == "delta" else dh) @ W_hh
    return out


def _hidden_deltas(dH_out, H, W_hh, *, mistake=None):
    if mistake is None:
        m, T, n_h = dH_out.shape
        return rnn_backward(dH_out, np.zeros((m, T, 1)), H,
                            np.zeros((n_h, 1)), W_hh).delta
    if mistake == "transposed_weights":
        return _through_time(dH_out, H, W_hh.T)
    T = dH_out.shape[1]
    return _through_time(dH_out, H, W_hh, **{
        "recurrence_dropped": {"carried": False},
        "last_step_only": {"own": lambda t: t == T},
        "no_gprime": {"slope": "none"},
        "g_for_gprime": {"slope": "h"},
        "gprime_of_a": {"slope": "1 - tanh(h)^2"},
        "wrong_hidden_state": {"state": -1},
    }[mistake])


def _slope_in_part(results, cases):
    """Deltas without tanh's slope at one step (any one); with it on one
    of the two terms of dh only, the step's own dH_out (``a * s + b @
    W``) or what comes back from the next step (``a + b @ W * s``); or
    with it in the result only, dh passed back (``dh @ W_hh``), or on
    the way back only, dh returned."""
    for parts, case in zip(results, cases):
        delta = parts[0][1]
        T = case["dH_out"].shape[1]
        forms = [{"skip_slope_at": t} for t in range(1, T + 1)] + [
            {"slope_own": False}, {"slope_carried": False},
            {"passes": "dh"}, {"returns": "dh"}]
        if not any(_agrees(delta, _through_time(**case, **form))
                   for form in forms):
            return None
    return "slope_in_part"


_slope_in_part.names = ["slope_in_part"]


# --- the gradient of W_hh ------------------------------------------------

def _shared_cases():
    cases = []
    for X, W_xh, W_hh, H, dH_out in _sequences(82):
        delta = rnn_backward(dH_out, X, H, W_xh, W_hh).delta
        cases.append({"delta": delta, "H": H})
    return cases


def _step_shares(delta, H):
    """Each step's share delta_t^T h_(t-1): (T, n_h, n_h)."""
    return np.einsum("mti,mtj->tij", delta, H[:, :-1])


def _shared_weight_gradient(delta, H, *, mistake=None):
    if mistake == "wrong_hidden_state":               # h_t for h_(t-1)
        return np.einsum("mti,mtj->ij", delta, H[:, 1:])
    shares = _step_shares(delta, H)
    if mistake == "last_step_only":        # or `dW =` in a loop forwards
        return shares[-1]
    if mistake == "steps_not_summed":     # `dW =` in a loop backwards
        return shares[0]
    return shares.sum(axis=0)


def _one_step(results, cases):
    """The share of one step only (any one), or every step's share apart,
    stacked as (T, n_h, n_h)."""
    for parts, case in zip(results, cases):
        dW = parts[0][1]
        shares = _step_shares(case["delta"], case["H"])
        if not (_agrees(dW, shares) or any(_agrees(dW, s)
                                           for s in shares)):
            return None
    return "steps_not_summed"


_one_step.names = ["steps_not_summed"]


# --- clipping by the norm ------------------------------------------------

def _clip_cases():
    rng = np.random.default_rng(83)

    def layer(shapes, scales):
        return {k: rng.normal(scale=s, size=shape)
                for (k, shape), s in zip(shapes.items(), scales)}
    rnn = {"W_xh": (3, 2), "W_hh": (3, 3), "b": (3,)}
    # each case: the arrays, their scales and max_norm. The joint norm
    # is above max_norm but some array's own norm is below it (per-array
    # clipping differs) in the first, third and fifth; in the second the
    # joint norm is below max_norm but its square is above (normalising
    # and the squared norm differ); the fourth is a dense layer's, whose
    # entries are all below max_norm (clipping each entry changes
    # nothing); the fifth has an output layer too, and its norm is
    # below 1 (the squared norm is smaller than the norm); the sixth is
    # all zeros, whose norm is 0: the zeros come back as they are, and a
    # division by the norm raises or gives nan
    zeros = {k: np.zeros(shape) for k, shape in rnn.items()}
    return [
        {"grads": layer(rnn, [0.8, 1.5, 0.1]), "max_norm": 1.0},
        {"grads": layer(rnn, [0.5, 0.7, 0.3]), "max_norm": 3.0},
        {"grads": layer(rnn, [3.0, 0.2, 2.0]), "max_norm": 2.5},
        {"grads": layer({"W": (2, 4), "b": (2,)}, [0.3, 0.2]),
         "max_norm": 0.4},
        {"grads": layer({"W_xh": (4, 2), "W_hh": (4, 4), "b": (4,),
                         "W_hy": (2, 4), "b_y": (2,)},
                        [0.05, 0.2, 0.02, 0.1, 0.3]), "max_norm": 0.5},
        {"grads": zeros, "max_norm": 1.0},
    ]


def _scaled(g, max_norm, norm, mistake=None):
    """``g`` times the factor of clipping (or of a mistake) for a norm,
    1 for a norm of 0, as the chapter's solution guards it."""
    if norm == 0:
        return g * 1.0
    return g * (max_norm / norm if mistake == "clip_normalised"
                else min(1.0, max_norm / norm))


def _clip(grads, max_norm, *, mistake=None):
    """Each mistake on top of the chapter's solution, zeros guarded."""
    if mistake is None:
        return clip_by_norm(grads, max_norm)[0]
    if mistake == "clip_elementwise":
        return {k: np.clip(g, -max_norm, max_norm) for k, g in grads.items()}
    if mistake == "clip_each_array":
        return {k: _scaled(g, max_norm, np.sqrt(np.sum(g ** 2)))
                for k, g in grads.items()}
    squares = sum(float(np.sum(g ** 2)) for g in grads.values())
    norm = {"clip_normalised": np.sqrt(squares),
            "squared_norm": squares}[mistake]
    return {k: _scaled(g, max_norm, norm, mistake) for k, g in grads.items()}


def _joint_norm(grads):
    return float(np.sqrt(sum(float(np.sum(np.square(g)))
                             for g in grads.values())))


def _entries(arrays):
    return np.concatenate([np.ravel(a).astype(float) for a in arrays])


def _zeros_back(x):
    """An all-zero gradient's result as a mistake leaves it: zeros
    (guarded, or a factor that stays finite), or nan (0 / 0)."""
    return not x.any() or bool(np.isnan(x).all())


def _clip_detect(results, cases):
    """The mistakes of clipping, whichever way the all-zero gradient came
    out (zeros, or nan from 0 / 0: the variants give zeros); then, for a
    result that is every array times one factor per case, a norm kept
    from an earlier call (one norm behind every case's factor), or else
    a factor that is not min(1, max_norm / norm)."""
    got = [_entries(a for _, a in parts) for parts in results]
    given = [_entries(c["grads"].values()) for c in cases]
    if any(x.shape != g.shape for x, g in zip(got, given)):
        return None
    live = [k for k, g in enumerate(given) if g.any()]
    if not all(_zeros_back(got[k]) for k in range(len(cases))
               if k not in live):
        return None
    for name in ("clip_elementwise", "clip_each_array", "clip_normalised",
                 "squared_norm"):
        if all(_agrees(got[k], _entries(_clip(**cases[k],
                                              mistake=name).values()))
               for k in live):
            return name
    # one factor per case, c with result = c * grads
    factors = {}
    for k in live:
        x, g = got[k], given[k]
        if not np.isfinite(x).all():
            return None
        c = float(x @ g / (g @ g))
        if not _agrees(x, c * g):
            return None
        factors[k] = c
    norms = {k: _joint_norm(cases[k]["grads"]) for k in live}
    limit = {k: cases[k]["max_norm"] for k in live}
    right = {k: min(1.0, limit[k] / norms[k]) for k in live}
    wrong = [k for k in live if not np.isclose(factors[k], right[k],
                                               rtol=_DETECT_RTOL)]
    if not wrong:
        return None
    # a norm kept: every factor is min(1, max_norm / N0), one N0 read
    # from two cases or more that were shortened
    short = [k for k in live if factors[k] < 1 - _DETECT_RTOL]
    if len(short) >= 2:
        kept = limit[short[0]] / factors[short[0]]
        if all(np.isclose(factors[k], min(1.0, limit[k] / kept),
                          rtol=_DETECT_RTOL) for k in live):
            return ("state_between_calls",
                    f"your result scales the gradient of every case as "
                    f"if its norm were {kept:.4g}, though the norms differ "
                    f"(case {wrong[0] + 1} of {len(cases)} has "
                    f"{norms[wrong[0]]:.4g}): a norm computed once and "
                    f"kept from an earlier call")
    k = wrong[0]
    c = factors[k]
    what = (" (the gradient left as it is)" if np.isclose(c, 1.0)
            else " (the gradient stretched)" if c > 1 else "")
    ought = " (the gradient left as it is)" if right[k] == 1.0 else ""
    return ("clip_wrong_factor",
            f"your result multiplies every array by one factor, as "
            f"clipping by norm does, but not by min(1, max_norm / norm): "
            f"in case {k + 1} of {len(cases)} your factor is {c:.4g}{what}, "
            f"where the norm is {norms[k]:.4g} and max_norm is "
            f"{limit[k]:g}, so that the factor is {right[k]:.4g}{ought}")


_clip_detect.names = ["clip_elementwise", "clip_each_array",
                      "clip_normalised", "squared_norm",
                      "state_between_calls", "clip_wrong_factor"]


# --- the exercises -------------------------------------------------------

_CELL = ("of a vanilla recurrent layer (z_t = x_t W_xh^T + h_(t-1) "
         "W_hh^T + b with one example per row, h_t = tanh(z_t))")

exercise(
    "ch8.hidden_deltas", ["dH_out", "H", "W_hh"],
    f"the deltas \u03b4_t = dJ/dz_t {_CELL}, from dH_out, shape (m, T, "
    "n_h), whose [:, t - 1] is the share of dJ/dh_t that comes from the "
    "outputs at step t alone, the states H, shape (m, T + 1, n_h), "
    "H[:, t] = h_t and H[:, 0] = h_0, and W_hh, shape (n_h, n_h): an "
    "array of shape (m, T, n_h) whose [:, t - 1] is \u03b4_t",
    _hidden_deltas,
    ["recurrence_dropped", "last_step_only", "no_gprime", "g_for_gprime",
     "gprime_of_a", "wrong_hidden_state", "transposed_weights"],
    _delta_cases(), where=_DELTAS, sizes=_time_sizes,
    detect=_slope_in_part,
    see={"last_step_only": _DELTAS, "no_gprime": _SLOPE,
         "g_for_gprime": _DELTAS, "gprime_of_a": _DELTAS,
         "transposed_weights": _DELTAS},
    says={"last_step_only": "your deltas use the loss of the last step "
                            "only: dH_out of the earlier steps is left "
                            "out",
          "no_gprime": "your deltas leave out tanh's slope, 1 - h_t\u00b2, "
                       "at every step, in what they pass back and in what "
                       "they return",
          "g_for_gprime": "your deltas multiply by h_t = tanh(z_t), the "
                          "activation's value, where its slope 1 - "
                          "h_t\u00b2 belongs",
          "gprime_of_a": "your deltas take tanh's slope as 1 - "
                         "tanh(h_t)\u00b2, which applies tanh a second "
                         "time: h_t is tanh(z_t) already",
          "wrong_hidden_state": "your deltas take tanh's slope at "
                                "h_(t-1), the state step t reads, where "
                                "h_t, the state it makes, belongs: "
                                "H[:, t - 1] for H[:, t]",
          "transposed_weights": "your deltas would be right if W_hh were "
                                "transposed"},
    why={"last_step_only": "the network has an output, and a loss, at "
                           "every step, so h_t gets dH_out[:, t - 1] "
                           "from its own step at every t, besides what "
                           "comes back from the later steps; only a "
                           "network that reads h_T alone has one nonzero "
                           "step",
         "no_gprime": "\u03b4_t is dJ/dz_t, and z_t reaches everything "
                      "after it through h_t = tanh(z_t): at every step "
                      "the adjoint of h_t is multiplied, element by "
                      "element, by tanh'(z_t) = 1 - h_t\u00b2",
         "g_for_gprime": "the chain rule passes through tanh by its "
                         "slope, tanh'(z_t) = 1 - tanh\u00b2(z_t) = 1 - "
                         "h_t\u00b2, not by its value",
         "gprime_of_a": "tanh'(z_t) = 1 - tanh(z_t)\u00b2 = 1 - "
                        "h_t\u00b2: H[:, t] is the output of tanh, and "
                        "the slope is written with it directly, "
                        "1 - H[:, t] ** 2",
         "transposed_weights": "z_(t+1) = W_hh h_t + W_xh x_(t+1) + b, so "
                               "h_t gets W_hh\u1d40 \u03b4_{t+1} back for "
                               "one example, and with one example per row "
                               "delta[:, t] @ W_hh; delta[:, t] @ "
                               "W_hh.T is the forward pass's direction"})

exercise(
    "ch8.shared_weight_gradient", ["delta", "H"],
    f"dJ/dW_hh, the gradient of the recurrent weights W_hh {_CELL}, from "
    "the deltas, shape (m, T, n_h), whose [:, t - 1] is \u03b4_t = "
    "dJ/dz_t, and the states H, shape (m, T + 1, n_h), H[:, t] = h_t and "
    "H[:, 0] = h_0: an array of shape (n_h, n_h), the sum over the steps "
    "and the examples of each step's share",
    _shared_weight_gradient,
    ["last_step_only", "steps_not_summed", "wrong_hidden_state"],
    _shared_cases(), where=_SHARED, sizes=_time_sizes, detect=_one_step,
    # a factor (1/T, 1/m): where the sum over the steps and the examples
    # is derived, not the notation page's 1/2
    see={"transposed_result": _SHARED, "constant_factor": _SHARED},
    says={"last_step_only": "your gradient holds the last step's share "
                            "only, \u03b4_T h_{T-1}\u1d40: either only the "
                            "last step was used, or a loop from t = 1 to "
                            "T overwrote the gradient instead of adding to "
                            "it (the two give the same numbers)",
          "wrong_hidden_state": "your gradient pairs \u03b4_t with h_t, "
                                "the state step t makes, where h_(t-1), "
                                "the state it reads, belongs: H[:, t] for "
                                "H[:, t - 1]",
          "transposed_result": "your gradient is the transpose of the "
                               "right one"},
    why={"last_step_only": "W_hh is the same matrix at every step, so its "
                           "gradient sums the shares of all T steps, "
                           "\u03a3_t \u03b4_t h_{t-1}\u1d40: add each "
                           "step's share with +=, or sum over the steps "
                           "at once",
         "transposed_result": "W_hh has one row per unit of z_t and one "
                              "column per unit of h_(t-1), and so has its "
                              "gradient, \u03a3_t \u03b4_t "
                              "h_{t-1}\u1d40, delta[:, t - 1].T @ "
                              "H[:, t - 1] with one example per row; "
                              "W_hh is square, so the transpose has the "
                              "same shape, and only the numbers tell"})

exercise(
    "ch8.clip_by_norm", ["grads", "max_norm"],
    "the gradients clipped by their norm: a new dict with the keys of "
    "grads (a dict name -> array), every array multiplied by the same "
    "factor min(1, max_norm / norm), the norm being the square root of "
    "the sum of the squares of every entry of every array",
    _clip, ["clip_elementwise", "clip_each_array", "clip_normalised",
            "squared_norm"],
    _clip_cases(), where=_CLIPPING, detect=_clip_detect, rtol=_CLIP_RTOL,
    finite="a division by a norm of 0? One case's gradient is all zeros, "
           "so that its norm is 0 and max_norm / norm or g / norm is a "
           "division by 0; its factor min(1, max_norm / norm) is 1 (the "
           "norm is at most max_norm), and the zeros come back as they "
           "are: divide only when the norm is above max_norm, or above 0")
