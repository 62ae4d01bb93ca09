"""Chapter 7's exercises: the two gradients of a convolution layer (its
kernel's and its input's) and the backward pass of max pooling.

The layer is the course's: stride 1, NCHW, a cross-correlation exactly
as ``torch.nn.functional.conv2d``,
``Z[i,j,u,v] = b[j] + sum_{k,α,β} K[j,k,α,β] Xp[i,k,u+α,v+β]`` with
``Xp`` the input padded by ``padding`` zeros on every side. The right
results are the package's own (``conv2d_backward``,
``max_pool2d_backward``); each mistake is written out below as the
formula a learner would get.
"""

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view

from ..convolution import conv2d_backward
from ..pooling import max_pool2d_backward
from .engine import exercise

_CH7 = "ch7_convolution.ipynb"

# detect() compares a learner's float64-read result with a formula: a
# float32 result agrees to ~1e-5 of its largest entry; the mistakes it
# names differ by far more
_DETECT_RTOL = 1e-4


def _pad(A, p):
    return np.pad(A, ((0, 0), (0, 0), (p, p), (p, p)))


def _agrees(x, y):
    return x.shape == y.shape and np.allclose(
        x, y, rtol=_DETECT_RTOL,
        atol=_DETECT_RTOL * max(float(np.abs(y).max(initial=0.0)), 1e-12))


# --- the kernel's gradient ----------------------------------------------

def _kernel_cases():
    rng = np.random.default_rng(71)
    # (m, C, O, H, W, kh, kw, padding): m > 2 and C != O everywhere;
    # non-square kernels; with padding 1 every kernel is at least 3 x 3,
    # so that X left unpadded still gives a kernel (of another shape);
    # the numbers of positions (16, 25, 20) and of examples (3, 4, 5)
    # differ from case to case, so that a constant factor is named once
    cases = []
    for m, C, O, H, W, kh, kw, p in [(3, 2, 3, 5, 6, 2, 3, 0),
                                     (4, 3, 2, 5, 6, 3, 4, 1),
                                     (5, 1, 2, 4, 5, 3, 3, 1)]:
        Ho, Wo = H + 2 * p - kh + 1, W + 2 * p - kw + 1
        cases.append({"X": rng.normal(size=(m, C, H, W)),
                      "dZ": rng.normal(size=(m, O, Ho, Wo)) / m,
                      "padding": p})
    return _repeat_first(cases, _same_shapes(cases[0], rng))


def _repeat_first(cases, same):
    """The cases with ``same`` (the first case's shapes, new numbers)
    second: a function that keeps its last result for the shapes of the
    last call (a layer's cache, say) gives the first case's numbers
    there, and so does one that keeps a result per shape."""
    return [cases[0], same, *cases[1:]]


def _same_shapes(case, rng):
    """A case with the shapes of ``case`` and new numbers: a function
    that keeps a result from an earlier call, keyed on the shapes (a
    layer's cache, say), gives the old numbers here."""
    new = dict(case)
    for name, value in case.items():
        if isinstance(value, np.ndarray):
            new[name] = rng.normal(size=value.shape) * np.abs(value).max()
    return new


def _kernel_sizes(case):
    m, _, Ho, Wo = case["dZ"].shape
    return {"m": (m, "the number of examples"),
            "P": (Ho * Wo, "the number of output positions, "
                           "H_out \u00d7 W_out")}


def _kernel_windows(X, dZ, padding):
    """Each position's window of the padded input: (m, C, Ho, Wo, kh,
    kw), ``win[n, c, i, j, p, q] = Xp[n, c, i + p, j + q]``."""
    Xp = _pad(X, padding)
    kh = Xp.shape[2] - dZ.shape[2] + 1
    kw = Xp.shape[3] - dZ.shape[3] + 1
    return sliding_window_view(Xp, (kh, kw), axis=(2, 3))


def _kernel_gradient(X, dZ, padding, *, mistake=None):
    if mistake == "padding_forgotten":             # X itself, unpadded
        return np.einsum("noij,ncijpq->ocpq", dZ,
                         _kernel_windows(X, dZ, 0))
    win = _kernel_windows(X, dZ, padding)
    if mistake == "one_position":          # `dK =` in a loop: the last
        return np.einsum("no,ncpq->ocpq", dZ[:, :, -1, -1],
                         win[:, :, -1, -1])
    if mistake == "batch_not_summed":             # example 0 only
        return np.einsum("oij,cijpq->ocpq", dZ[0], win[0])
    if mistake == "convolved_not_correlated":   # convolve2d(Xp, dZ)
        return np.einsum("noij,ncijpq->ocpq", dZ[:, :, ::-1, ::-1], win)
    O, C = dZ.shape[1], X.shape[1]
    kh, kw = win.shape[-2:]
    dK = conv2d_backward(dZ, X, np.zeros((O, C, kh, kw)),
                         padding=padding)[1]
    if mistake == "gradient_flipped":             # a true convolution
        return dK[:, :, ::-1, ::-1]
    return dK


def _one_position_or_example(results, cases):
    """A kernel gradient made of one output position (any one, summed
    over the batch or of one example) or of one example (any one), or
    the examples' shares stacked, (m, O, C, kh, kw): what a loop that
    overwrites (``=`` for ``+=``) or a loop left out gives."""
    seen = set()
    for parts, case in zip(results, cases):
        dK = parts[0][1]
        X, dZ, p = case["X"], case["dZ"], case["padding"]
        win = _kernel_windows(X, dZ, p)
        m, _, Ho, Wo = dZ.shape
        names = set()
        for i in range(Ho):
            for j in range(Wo):
                if _agrees(dK, np.einsum("no,ncpq->ocpq", dZ[:, :, i, j],
                                         win[:, :, i, j])) or any(
                        _agrees(dK, np.einsum("o,cpq->ocpq", dZ[n, :, i, j],
                                              win[n, :, i, j]))
                        for n in range(m)):
                    names.add("one_position")
        if any(_agrees(dK, np.einsum("oij,cijpq->ocpq", dZ[n], win[n]))
               for n in range(m)) or _agrees(
                   dK, np.einsum("noij,ncijpq->nocpq", dZ, win)):
            names.add("batch_not_summed")
        if len(names) != 1:
            return None
        seen |= names
    return seen.pop() if len(seen) == 1 else None


_one_position_or_example.names = ["one_position", "batch_not_summed"]


# --- the input's gradient -----------------------------------------------

def _input_cases():
    rng = np.random.default_rng(72)
    # (m, O, C, Ho, Wo, kh, kw, padding): m > 2, C != O, windows that
    # overlap (so that overwriting loses shares), non-square kernels
    cases = []
    for m, O, C, Ho, Wo, kh, kw, p in [(3, 3, 2, 4, 3, 2, 3, 0),
                                       (4, 2, 3, 4, 5, 3, 3, 1),
                                       (5, 3, 1, 3, 4, 3, 4, 1)]:
        cases.append({"dZ": rng.normal(size=(m, O, Ho, Wo)) / m,
                      "K": rng.normal(size=(O, C, kh, kw)),
                      "padding": p})
    return _repeat_first(cases, _same_shapes(cases[0], rng))


def _input_sizes(case):
    return {"m": (case["dZ"].shape[0], "the number of examples")}


def _full_correlation(dZ, K):
    """``dXp[n, c, u, v] = sum_{o,p,q} dZ0[n, o, u + p - kh + 1,
    v + q - kw + 1] K[o, c, p, q]``: dZ padded by kh - 1 and kw - 1
    zeros, correlated with K as it is (unflipped)."""
    kh, kw = K.shape[2:]
    dZp = np.pad(dZ, ((0, 0), (0, 0), (kh - 1, kh - 1), (kw - 1, kw - 1)))
    win = sliding_window_view(dZp, (kh, kw), axis=(2, 3))
    return np.einsum("nouvpq,ocpq->ncuv", win, K)


def _padded_input_gradient(dZ, K):
    """The gradient of the padded input: a full convolution, that is a
    full correlation with K flipped in both spatial axes."""
    return _full_correlation(dZ, K[:, :, ::-1, ::-1])


def _input_gradient(dZ, K, padding, *, mistake=None):
    m, O, Ho, Wo = dZ.shape
    _, C, kh, kw = K.shape
    p = padding
    H, W = Ho + kh - 1 - 2 * p, Wo + kw - 1 - 2 * p
    if mistake == "kernel_not_flipped":
        return _full_correlation(dZ, K)[:, :, p:H + p, p:W + p]
    if mistake == "padding_forgotten":                # not cut off
        return _padded_input_gradient(dZ, K)
    if mistake == "padding_cut_one_side":
        return _padded_input_gradient(dZ, K)[:, :, :H, :W]
    if mistake == "channels_not_summed":              # o = 0 only
        return _padded_input_gradient(dZ[:, :1], K[:1])[:, :, p:H + p,
                                                         p:W + p]
    if mistake == "one_position":
        # `dXp[.., window] =` for `+=`: each pixel keeps the share of
        # the last window (in row-major order) that reads it
        dXp = np.zeros((m, C, H + 2 * p, W + 2 * p))
        for i in range(Ho):
            for j in range(Wo):
                dXp[:, :, i:i + kh, j:j + kw] = np.einsum(
                    "no,ocpq->ncpq", dZ[:, :, i, j], K)
        return dXp[:, :, p:H + p, p:W + p]
    return conv2d_backward(dZ, np.zeros((m, C, H, W)), K, padding=p)[0]


def _last_channel_or_other_side(results, cases):
    """The input gradient of the last output channel alone (a loop over
    o that overwrites), or the padded input's gradient with its border
    cut from the top and the left."""
    for name, wrong in [
            ("channels_not_summed",
             lambda dZ, K, p: _input_gradient(dZ[:, -1:], K[-1:], p)),
            ("padding_cut_one_side",
             lambda dZ, K, p: _padded_input_gradient(dZ, K)[:, :, 2 * p:,
                                                            2 * p:])]:
        if all(_agrees(parts[0][1], wrong(c["dZ"], c["K"], c["padding"]))
               for parts, c in zip(results, cases)):
            return name
    return None


_last_channel_or_other_side.names = ["channels_not_summed",
                                     "padding_cut_one_side"]


# --- max pooling ---------------------------------------------------------

def _pool_cases():
    rng = np.random.default_rng(73)
    # (m, C, H, W, size, ties): windows of 2 and 3, images that are not
    # square; small integers make ties (two, three or more maxima in a
    # window, so that the first, the last, all and a share all differ),
    # and the case of real numbers has none
    cases = []
    for m, C, H, W, s, ties in [(3, 2, 4, 6, 2, True),
                                (4, 3, 6, 9, 3, True),
                                (5, 2, 6, 4, 2, False)]:
        X = (rng.integers(0, 3, size=(m, C, H, W)).astype(float) if ties
             else rng.normal(size=(m, C, H, W)))
        cases.append({"X": X,
                      "dOut": rng.normal(size=(m, C, H // s, W // s)) / m,
                      "size": s})
    # the shapes of the first case, new numbers (ties again)
    m, C, H, W = cases[0]["X"].shape
    return _repeat_first(cases, {
        "X": rng.integers(0, 3, size=(m, C, H, W)).astype(float),
        "dOut": rng.normal(size=(m, C, H // 2, W // 2)) / m, "size": 2})


def _pool_sizes(case):
    return {"m": (case["X"].shape[0], "the number of examples"),
            "s": (case["size"], "the side of a window")}


def _maxpool_backward(X, dOut, size, *, mistake=None):
    if mistake is None:
        return max_pool2d_backward(dOut, X, size)
    m, C, H, W = X.shape
    s, Ho, Wo = size, H // size, W // size
    # each window's cells in row-major order, on the last axis
    win = X.reshape(m, C, Ho, s, Wo, s).transpose(0, 1, 2, 4, 3, 5) \
        .reshape(m, C, Ho, Wo, s * s)
    top = win == win.max(axis=-1, keepdims=True)
    share = {
        "pooling_copied": np.ones_like(win),
        "pooling_averaged": np.full_like(win, 1.0 / (s * s)),
        "tie_every_maximum": top * 1.0,
        "tie_shared": top / top.sum(axis=-1, keepdims=True),
        "tie_last_maximum": np.eye(s * s)[
            s * s - 1 - np.argmax(win[..., ::-1], axis=-1)],
    }[mistake]
    dwin = share * dOut[..., None]
    return dwin.reshape(m, C, Ho, Wo, s, s).transpose(0, 1, 2, 4, 3, 5) \
        .reshape(m, C, H, W)


# --- the exercises -------------------------------------------------------

exercise(
    "ch7.kernel_gradient", ["X", "dZ", "padding"],
    "dJ/dK, the gradient of the cost with respect to the filters K (W "
    "in the text) of a stride-1 convolution layer (a cross-correlation, "
    "as torch's conv2d: Z[i,j,u,v] = b[j] + \u03a3_{k,\u03b1,\u03b2} "
    "K[j,k,\u03b1,\u03b2] Xp[i,k,u+\u03b1,v+\u03b2], Xp "
    "the input padded by `padding` zeros on every side), from its input "
    "X of shape (m, n_in, r, c) and dZ = dJ/dZ of shape (m, n_out, "
    "r_out, c_out), which already includes the 1/m of the mean cost: an "
    "array of shape (n_out, n_in, f_r, f_c), with f_r = r + "
    "2\u00b7padding - r_out + 1 and f_c = c + 2\u00b7padding - c_out + "
    "1",
    _kernel_gradient,
    ["one_position", "batch_not_summed", "gradient_flipped",
     "convolved_not_correlated", "padding_forgotten"],
    _kernel_cases(), where=(_CH7, "The gradient of the kernel"),
    sizes=_kernel_sizes, detect=_one_position_or_example,
    says={"one_position": "your kernel gradient comes from one output "
                          "position only, where every position's share "
                          "belongs",
          "batch_not_summed": "your kernel gradient is not summed "
                              "over the batch: it holds one example's "
                              "share, or each example's share apart, "
                              "where their sum belongs",
          "padding_forgotten": "your kernel gradient is what X without "
                               "its padding gives, smaller by "
                               "2\u00b7padding along each axis"},
    why={"one_position": "the same kernel is used at every position of "
                         "every example, so dJ/dK[j,k,\u03b1,\u03b2] sums "
                         "dZ[i,j,u,v] Xp[i,k,u+\u03b1,v+\u03b2] over all "
                         "i, u and v: add each position's share with +=, "
                         "never overwrite",
         "batch_not_summed": "the same kernel is used on every example, "
                             "so dJ/dK sums every example's share; dZ "
                             "already carries the 1/m of the mean cost, "
                             "so the sum over the batch is the whole "
                             "gradient",
         "padding_forgotten": "the layer reads its windows from Xp, X "
                              "padded by `padding` zeros on every side, "
                              "so the kernel's gradient correlates dZ "
                              "with Xp: pad X first, np.pad(X, ((0, 0), "
                              "(0, 0), (p, p), (p, p)))"})

exercise(
    "ch7.input_gradient", ["dZ", "K", "padding"],
    "dJ/dX, the gradient of the cost with respect to the input X of a "
    "stride-1 convolution layer (a cross-correlation, as torch's conv2d: "
    "Z[i,j,u,v] = b[j] + \u03a3_{k,\u03b1,\u03b2} K[j,k,\u03b1,\u03b2] "
    "Xp[i,k,u+\u03b1,v+\u03b2], Xp "
    "the input padded by `padding` zeros on every side), from dZ = dJ/dZ "
    "of shape (m, n_out, r_out, c_out), which already includes the 1/m "
    "of the mean cost, and the filters K of shape (n_out, n_in, f_r, "
    "f_c): an array of shape (m, n_in, r, c), with r = r_out + f_r - 1 - "
    "2\u00b7padding and c = c_out + f_c - 1 - 2\u00b7padding (the "
    "gradient of X itself, its padding cut off)",
    _input_gradient,
    ["kernel_not_flipped", "padding_forgotten", "padding_cut_one_side",
     "channels_not_summed", "one_position"],
    _input_cases(), where=(_CH7, "The gradient of the input"),
    sizes=_input_sizes, detect=_last_channel_or_other_side,
    says={"padding_forgotten": "your result is the gradient of the padded "
                               "input Xp, its padding rows and columns "
                               "not cut off",
          "one_position": "your result keeps, for each input pixel, the "
                          "share of one output position only (the last "
                          "window that reads it), where the shares of "
                          "every window that reads it add up"},
    why={"padding_forgotten": "those rows and columns belong to the "
                              "zeros of the padding, constants, not to "
                              "X: cut `padding` of them off every side, "
                              "dXp[:, :, p:dXp.shape[2] - p, "
                              "p:dXp.shape[3] - p]",
         "one_position": "a pixel read by several windows (they overlap "
                         "whenever the kernel is larger than 1 \u00d7 1) "
                         "receives a share from each, and its gradient is "
                         "their sum: add each window's share with +=, "
                         "never overwrite"})

exercise(
    "ch7.maxpool_backward", ["X", "dOut", "size"],
    "dJ/dX for max pooling over non-overlapping size \u00d7 size "
    "windows (stride = size; r and c are multiples of size) of X of "
    "shape (m, n, r, c), from dOut = dJ/dOut, the adjoint of the pooled "
    "output, of shape (m, n, r/size, c/size): each window's dOut goes to "
    "its largest entry, and 0 to its other entries; when several entries "
    "tie for the largest, all of dOut goes to the first of them in "
    "row-major order (the one np.argmax finds in the window read row by "
    "row): an array of the shape of X",
    _maxpool_backward,
    ["pooling_copied", "pooling_averaged", "tie_every_maximum",
     "tie_last_maximum", "tie_shared"],
    _pool_cases(), where=(_CH7, "Pooling"), sizes=_pool_sizes)
