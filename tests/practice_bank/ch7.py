"""Learner-style answers to chapter 7's "Write it yourself" exercises.

ch7.kernel_gradient: ``kernel_gradient(X, dZ, padding)``, dJ/dK of a
stride-1 convolution layer (a cross-correlation) from its input X and dZ.
ch7.input_gradient: ``input_gradient(dZ, K, padding)``, dJ/dX of the same
layer from dZ and its filters K.
ch7.maxpool_backward: ``maxpool_backward(X, dOut, size)``, dJ/dX of max
pooling over non-overlapping size x size windows (a tie goes to the first
maximum in row-major order).

Written blind (from what a learner sees) by a tester, one file each;
every ``code`` string is the tester's file verbatim, except that the two
answers that imported scipy inside the function import it at the top of
the cell instead (see their ``why``). Every ``code`` string defines one
top-level function, the learner's answer; where it also defines a
module-level variable (the state kept between calls), the answer is still
the only top-level def.
"""

BANK = [
    # ------------------------------------------------------------------
    # ch7.kernel_gradient -- correct
    dict(id="ch7.kernel_gradient/im2col-float32",
         exercise="ch7.kernel_gradient", verdict="correct", kind=None, factor=None,
         why='Builds the im2col matrix of the padded input and multiplies it by the reshaped deltas, in float32; right to float32 precision.',
         code='''
import numpy as np
def kernel_gradient(X, dZ, padding):
    X = np.asarray(X, dtype=np.float32)
    dZ = np.asarray(dZ, dtype=np.float32)
    p = padding
    Xp = np.pad(X, ((0, 0), (0, 0), (p, p), (p, p)))
    m, n_in, rp, cp = Xp.shape
    n_out, ro, co = dZ.shape[1:]
    fr, fc = rp - ro + 1, cp - co + 1
    cols = np.empty((m, ro, co, n_in, fr, fc), dtype=np.float32)
    for u in range(ro):
        for v in range(co):
            cols[:, u, v] = Xp[:, :, u:u + fr, v:v + fc]
    A_hat = cols.reshape(m * ro * co, -1)
    D_hat = dZ.transpose(0, 2, 3, 1).reshape(-1, n_out)
    return (D_hat.T @ A_hat).reshape(n_out, n_in, fr, fc)
'''),
    dict(id="ch7.kernel_gradient/loops",
         exercise="ch7.kernel_gradient", verdict="correct", kind=None, factor=None,
         why='Pads by hand and sums dZ[i,j,u,v] Xp[i,k,u+a,v+b] in seven plain loops.',
         code='''
import numpy as np
def kernel_gradient(X, dZ, padding):
    p = padding
    m, n_in, r, c = X.shape
    _, n_out, r_out, c_out = dZ.shape
    Xp = np.zeros((m, n_in, r + 2 * p, c + 2 * p))
    Xp[:, :, p:p + r, p:p + c] = X
    fr, fc = r + 2 * p - r_out + 1, c + 2 * p - c_out + 1
    dW = np.zeros((n_out, n_in, fr, fc))
    for i in range(m):
        for j in range(n_out):
            for k in range(n_in):
                for a in range(fr):
                    for b in range(fc):
                        s = 0.0
                        for u in range(r_out):
                            for v in range(c_out):
                                s += dZ[i, j, u, v] * Xp[i, k, u + a, v + b]
                        dW[j, k, a, b] += s
    return dW
'''),
    dict(id="ch7.kernel_gradient/package",
         exercise="ch7.kernel_gradient", verdict="correct", kind=None, factor=None,
         why="Calls the package's conv2d_backward with a zero kernel of the right size and takes its kernel gradient.",
         code='''
import numpy as np
from backprop_utils import conv2d_backward
def kernel_gradient(X, dZ, padding):
    fr = X.shape[2] + 2 * padding - dZ.shape[2] + 1
    fc = X.shape[3] + 2 * padding - dZ.shape[3] + 1
    K = np.zeros((dZ.shape[1], X.shape[1], fr, fc))
    return conv2d_backward(dZ, X, K, 1, padding)[1]
'''),
    dict(id="ch7.kernel_gradient/scipy-convolve-flipped",
         exercise="ch7.kernel_gradient", verdict="correct", kind=None, factor=None,
         why="Correlates as a convolution with the deltas flipped, scipy's convolve2d in 'valid' mode, summed over the batch.",
         code='''
import numpy as np
from scipy.signal import convolve2d
def kernel_gradient(X, dZ, padding):
    # correlation = convolution with the flipped deltas
    Xp = np.pad(X, ((0, 0), (0, 0), (padding,) * 2, (padding,) * 2))
    return np.array([[sum(convolve2d(Xp[i, k], dZ[i, j, ::-1, ::-1], "valid")
                          for i in range(X.shape[0]))
                      for k in range(X.shape[1])]
                     for j in range(dZ.shape[1])])
'''),
    dict(id="ch7.kernel_gradient/scipy-correlate",
         exercise="ch7.kernel_gradient", verdict="correct", kind=None, factor=None,
         why="Adds scipy's correlate2d of each padded input channel with each delta map, 'valid' mode.",
         code='''
import numpy as np
from scipy.signal import correlate2d
def kernel_gradient(X, dZ, padding):
    Xp = np.pad(X, ((0, 0), (0, 0), (padding, padding), (padding, padding)))
    m, n_in = X.shape[:2]
    n_out = dZ.shape[1]
    out = None
    for i in range(m):
        for j in range(n_out):
            for k in range(n_in):
                g = correlate2d(Xp[i, k], dZ[i, j], mode="valid")
                if out is None:
                    out = np.zeros((n_out, n_in) + g.shape)
                out[j, k] += g
    return out
'''),
    dict(id="ch7.kernel_gradient/scipy-import-inside",
         exercise="ch7.kernel_gradient", verdict="correct", kind=None, factor=None,
         why="Sums scipy's correlate2d(Xp, dZ, 'valid') over the batch; the learner imported scipy inside the function, moved here to the top of the cell so that scipy's first import (about 2 s under load) does not count against the checker's 3 s limit.",
         code='''
import numpy as np
from scipy.signal import correlate2d
def kernel_gradient(X, dZ, padding):
    Xp = np.pad(X, ((0, 0), (0, 0), (padding,) * 2, (padding,) * 2))
    return np.array([[sum(correlate2d(Xp[i, k], dZ[i, j], "valid")
                          for i in range(X.shape[0]))
                      for k in range(X.shape[1])]
                     for j in range(dZ.shape[1])])
'''),
    dict(id="ch7.kernel_gradient/sliding-einsum",
         exercise="ch7.kernel_gradient", verdict="correct", kind=None, factor=None,
         why='Takes sliding_window_view windows of the padded input and contracts them with the deltas in one einsum; renames the parameters.',
         code='''
import numpy as np
from numpy.lib.stride_tricks import sliding_window_view
def kernel_gradient(inputs, grad_out, pad):
    xp = np.pad(inputs, [(0, 0), (0, 0), (pad, pad), (pad, pad)])
    ro, co = grad_out.shape[-2:]
    win = sliding_window_view(xp, (ro, co), axis=(2, 3))  # (m, n_in, fr, fc, ro, co)
    return np.einsum("mkabuv,mjuv->jkab", win, grad_out)
'''),
    dict(id="ch7.kernel_gradient/tensordot-kw",
         exercise="ch7.kernel_gradient", verdict="correct", kind=None, factor=None,
         why='Uses tensordot over the batch and positions for each filter offset and stacks the results; padding has a default of 0.',
         code='''
import numpy as np
def kernel_gradient(X, dZ, padding=0):
    Xp = np.pad(X, ((0, 0), (0, 0), (padding, padding), (padding, padding)))
    ro, co = dZ.shape[2], dZ.shape[3]
    fr, fc = Xp.shape[2] - ro + 1, Xp.shape[3] - co + 1
    rows = []
    for a in range(fr):
        row = []
        for b in range(fc):
            # sum over batch and positions: axes (0, 2, 3)
            row.append(np.tensordot(dZ, Xp[:, :, a:a + ro, b:b + co], axes=([0, 2, 3], [0, 2, 3])))
        rows.append(np.stack(row, -1))
    return np.stack(rows, -2)
'''),
    # ------------------------------------------------------------------
    # ch7.kernel_gradient -- wrong
    dict(id="ch7.kernel_gradient/bias-added",
         exercise="ch7.kernel_gradient", verdict="wrong", kind="other", factor=None,
         why="Adds the bias gradient (dZ summed over batch and positions) to every weight's gradient.",
         code='''
import numpy as np
def kernel_gradient(X, dZ, padding):
    p = padding
    Xp = np.pad(X, ((0, 0), (0, 0), (p, p), (p, p)))
    ro, co = dZ.shape[2:]
    fr, fc = Xp.shape[2] - ro + 1, Xp.shape[3] - co + 1
    dW = np.zeros((dZ.shape[1], X.shape[1], fr, fc))
    for a in range(fr):
        for b in range(fc):
            dW[:, :, a, b] = np.einsum("iouv,icuv->oc", dZ, Xp[:, :, a:a + ro, b:b + co])
    return dW + dZ.sum(axis=(0, 2, 3))[:, None, None, None]   # "plus db"
'''),
    dict(id="ch7.kernel_gradient/channels-reshape",
         exercise="ch7.kernel_gradient", verdict="wrong", kind="other", factor=None,
         why='Builds the gradient as (n_in, n_out, ...) and reshapes it, instead of transposing, to (n_out, n_in, ...), which scrambles the channels.',
         code='''
import numpy as np
def kernel_gradient(X, dZ, padding):
    p = padding
    Xp = np.pad(X, ((0, 0), (0, 0), (p, p), (p, p)))
    ro, co = dZ.shape[2:]
    fr, fc = Xp.shape[2] - ro + 1, Xp.shape[3] - co + 1
    dW = np.zeros((X.shape[1], dZ.shape[1], fr, fc))   # (n_in, n_out, ...)
    for a in range(fr):
        for b in range(fc):
            dW[:, :, a, b] = np.einsum("iouv,icuv->co", dZ, Xp[:, :, a:a + ro, b:b + co])
    return dW.reshape(dZ.shape[1], X.shape[1], fr, fc)   # reshape, not transpose
'''),
    dict(id="ch7.kernel_gradient/channels-transposed",
         exercise="ch7.kernel_gradient", verdict="wrong", kind="transpose", factor=None,
         why='Returns the gradient with its two channel axes swapped, (n_in, n_out, f_r, f_c).',
         code='''
import numpy as np
def kernel_gradient(X, dZ, padding):
    p = padding
    Xp = np.pad(X, ((0, 0), (0, 0), (p, p), (p, p)))
    ro, co = dZ.shape[2:]
    fr, fc = Xp.shape[2] - ro + 1, Xp.shape[3] - co + 1
    dW = np.zeros((X.shape[1], dZ.shape[1], fr, fc))   # (from, to) order
    for a in range(fr):
        for b in range(fc):
            dW[:, :, a, b] = np.einsum("iouv,icuv->co", dZ, Xp[:, :, a:a + ro, b:b + co])
    return dW
'''),
    dict(id="ch7.kernel_gradient/exception",
         exercise="ch7.kernel_gradient", verdict="wrong", kind="other", factor=None,
         why='Takes windows the size of the filter instead of the output, so the einsum raises a broadcasting error.',
         code='''
import numpy as np
def kernel_gradient(X, dZ, padding):
    p = padding
    Xp = np.pad(X, ((0, 0), (0, 0), (p, p), (p, p)))
    ro, co = dZ.shape[2:]
    fr, fc = Xp.shape[2] - ro + 1, Xp.shape[3] - co + 1
    dW = np.zeros((dZ.shape[1], X.shape[1], fr, fc))
    for a in range(fr):
        for b in range(fc):
            dW[:, :, a, b] = np.einsum("iouv,icuv->oc", dZ, Xp[:, :, a:a + fr, b:b + fc])  # window sized like filter
    return dW
'''),
    dict(id="ch7.kernel_gradient/first-example",
         exercise="ch7.kernel_gradient", verdict="wrong", kind="batch_not_summed", factor=None,
         why='Computes the gradient from the first example of the batch only.',
         code='''
import numpy as np
def kernel_gradient(X, dZ, padding):
    p = padding
    Xp = np.pad(X[0], ((0, 0), (p, p), (p, p)))
    d = dZ[0]
    ro, co = d.shape[1:]
    fr, fc = Xp.shape[1] - ro + 1, Xp.shape[2] - co + 1
    dW = np.zeros((d.shape[0], Xp.shape[0], fr, fc))
    for a in range(fr):
        for b in range(fc):
            dW[:, :, a, b] = np.einsum("ouv,cuv->oc", d, Xp[:, a:a + ro, b:b + co])
    return dW
'''),
    dict(id="ch7.kernel_gradient/flipped-result",
         exercise="ch7.kernel_gradient", verdict="wrong", kind="flip", factor=None,
         why="Computes the right gradient and then flips it in both spatial axes, as if the kernel's gradient needed the flip.",
         code='''
import numpy as np
def kernel_gradient(X, dZ, padding):
    p = padding
    Xp = np.pad(X, ((0, 0), (0, 0), (p, p), (p, p)))
    ro, co = dZ.shape[2:]
    fr, fc = Xp.shape[2] - ro + 1, Xp.shape[3] - co + 1
    dW = np.zeros((dZ.shape[1], X.shape[1], fr, fc))
    for a in range(fr):
        for b in range(fc):
            dW[:, :, a, b] = np.einsum("iouv,icuv->oc", dZ, Xp[:, :, a:a + ro, b:b + co])
    return dW[:, :, ::-1, ::-1]   # "the flip of the kernel"
'''),
    dict(id="ch7.kernel_gradient/hardcoded-3x3",
         exercise="ch7.kernel_gradient", verdict="wrong", kind="fixed_depth", factor=None,
         why='Hard-codes a 3x3 filter, which fails for any other filter size.',
         code='''
import numpy as np
def kernel_gradient(X, dZ, padding):
    p = padding
    Xp = np.pad(X, ((0, 0), (0, 0), (p, p), (p, p)))
    ro, co = dZ.shape[2:]
    dW = np.zeros((dZ.shape[1], X.shape[1], 3, 3))
    for a in range(3):
        for b in range(3):
            dW[:, :, a, b] = np.einsum("iouv,icuv->oc", dZ, Xp[:, :, a:a + ro, b:b + co])
    return dW
'''),
    dict(id="ch7.kernel_gradient/hardcoded-pad1",
         exercise="ch7.kernel_gradient", verdict="wrong", kind="fixed_depth", factor=None,
         why="Pads by 1, the chapter example's padding, whatever the padding argument says.",
         code='''
import numpy as np
def kernel_gradient(X, dZ, padding):
    Xp = np.pad(X, ((0, 0), (0, 0), (1, 1), (1, 1)))   # the example's padding
    ro, co = dZ.shape[2:]
    fr, fc = Xp.shape[2] - ro + 1, Xp.shape[3] - co + 1
    dW = np.zeros((dZ.shape[1], X.shape[1], fr, fc))
    for a in range(fr):
        for b in range(fc):
            dW[:, :, a, b] = np.einsum("iouv,icuv->oc", dZ, Xp[:, :, a:a + ro, b:b + co])
    return dW
'''),
    dict(id="ch7.kernel_gradient/infinite",
         exercise="ch7.kernel_gradient", verdict="hang", kind="hang", factor=None,
         why='Forgets a += 1 in the outer while loop, so it never ends.',
         code='''
import numpy as np
def kernel_gradient(X, dZ, padding):
    p = padding
    Xp = np.pad(X, ((0, 0), (0, 0), (p, p), (p, p)))
    ro, co = dZ.shape[2:]
    fr, fc = Xp.shape[2] - ro + 1, Xp.shape[3] - co + 1
    dW = np.zeros((dZ.shape[1], X.shape[1], fr, fc))
    a = 0
    while a < fr:
        b = 0
        while b < fc:
            dW[:, :, a, b] = np.einsum("iouv,icuv->oc", dZ, Xp[:, :, a:a + ro, b:b + co])
            b += 1
        # forgot a += 1
    return dW
'''),
    dict(id="ch7.kernel_gradient/inplace-dZ",
         exercise="ch7.kernel_gradient", verdict="wrong", kind="mutates_input", factor=None,
         why="Flips dZ in place so that convolve2d flips it back: the value is right but the caller's dZ is changed.",
         code='''
import numpy as np
from scipy.signal import convolve2d
def kernel_gradient(X, dZ, padding):
    # flip the deltas so that convolve2d un-flips them (in place!)
    dZ[:] = dZ[:, :, ::-1, ::-1].copy()
    Xp = np.pad(X, ((0, 0), (0, 0), (padding,) * 2, (padding,) * 2))
    return np.array([[sum(convolve2d(Xp[i, k], dZ[i, j], "valid")
                          for i in range(X.shape[0]))
                      for k in range(X.shape[1])]
                     for j in range(dZ.shape[1])])
'''),
    dict(id="ch7.kernel_gradient/last-example",
         exercise="ch7.kernel_gradient", verdict="wrong", kind="batch_not_summed", factor=None,
         why="Resets the gradient inside the batch loop, so only the last example's share is returned.",
         code='''
import numpy as np
def kernel_gradient(X, dZ, padding):
    p = padding
    Xp = np.pad(X, ((0, 0), (0, 0), (p, p), (p, p)))
    m = X.shape[0]
    ro, co = dZ.shape[2:]
    fr, fc = Xp.shape[2] - ro + 1, Xp.shape[3] - co + 1
    for i in range(m):
        dW = np.zeros((dZ.shape[1], X.shape[1], fr, fc))     # reset inside the batch loop
        for a in range(fr):
            for b in range(fc):
                dW[:, :, a, b] = np.einsum("ouv,cuv->oc", dZ[i], Xp[i, :, a:a + ro, b:b + co])
    return dW
'''),
    dict(id="ch7.kernel_gradient/mean-again",
         exercise="ch7.kernel_gradient", verdict="wrong", kind="constant_multiple", factor="1/m",
         why='Divides by m again, though dZ already carries the 1/m of the mean cost.',
         code='''
import numpy as np
def kernel_gradient(X, dZ, padding):
    p = padding
    m = X.shape[0]
    Xp = np.pad(X, ((0, 0), (0, 0), (p, p), (p, p)))
    ro, co = dZ.shape[2:]
    fr, fc = Xp.shape[2] - ro + 1, Xp.shape[3] - co + 1
    dW = np.zeros((dZ.shape[1], X.shape[1], fr, fc))
    for a in range(fr):
        for b in range(fc):
            dW[:, :, a, b] = np.einsum("iouv,icuv->oc", dZ, Xp[:, :, a:a + ro, b:b + co])
    return dW / m    # the mean over the batch
'''),
    dict(id="ch7.kernel_gradient/no-padding",
         exercise="ch7.kernel_gradient", verdict="wrong", kind="padding", factor=None,
         why='Correlates dZ with the unpadded X, so the gradient is smaller by 2*padding along each axis.',
         code='''
import numpy as np
def kernel_gradient(X, dZ, padding):
    ro, co = dZ.shape[2:]
    fr, fc = X.shape[2] - ro + 1, X.shape[3] - co + 1
    dW = np.zeros((dZ.shape[1], X.shape[1], fr, fc))
    for a in range(fr):
        for b in range(fc):
            dW[:, :, a, b] = np.einsum("iouv,icuv->oc", dZ, X[:, :, a:a + ro, b:b + co])
    return dW
'''),
    dict(id="ch7.kernel_gradient/no-padding-sizes-from-formula",
         exercise="ch7.kernel_gradient", verdict="wrong", kind="padding", factor=None,
         why='Gets the filter size from the formula but never pads X, skipping the offsets whose windows run off the edge.',
         code='''
import numpy as np
def kernel_gradient(X, dZ, padding):
    # sizes from the formula, but the input itself is not padded:
    # windows running off the end are just shorter ... so only keep offsets that fit
    ro, co = dZ.shape[2:]
    fr = X.shape[2] + 2 * padding - ro + 1
    fc = X.shape[3] + 2 * padding - co + 1
    dW = np.zeros((dZ.shape[1], X.shape[1], fr, fc))
    for a in range(fr):
        for b in range(fc):
            win = X[:, :, a:a + ro, b:b + co]
            if win.shape[2:] == (ro, co):
                dW[:, :, a, b] = np.einsum("iouv,icuv->oc", dZ, win)
    return dW
'''),
    dict(id="ch7.kernel_gradient/none",
         exercise="ch7.kernel_gradient", verdict="wrong", kind="odd_return", factor=None,
         why='Computes the gradient but forgets the return statement.',
         code='''
import numpy as np
def kernel_gradient(X, dZ, padding):
    p = padding
    Xp = np.pad(X, ((0, 0), (0, 0), (p, p), (p, p)))
    ro, co = dZ.shape[2:]
    fr, fc = Xp.shape[2] - ro + 1, Xp.shape[3] - co + 1
    dW = np.zeros((dZ.shape[1], X.shape[1], fr, fc))
    for a in range(fr):
        for b in range(fc):
            dW[:, :, a, b] = np.einsum("iouv,icuv->oc", dZ, Xp[:, :, a:a + ro, b:b + co])
    # forgot return
'''),
    dict(id="ch7.kernel_gradient/one-position",
         exercise="ch7.kernel_gradient", verdict="wrong", kind="one_position", factor=None,
         why='Uses the share of output position (0, 0) only, dz_00/dw_ab = a_ab, for the whole gradient.',
         code='''
import numpy as np
def kernel_gradient(X, dZ, padding):
    p = padding
    Xp = np.pad(X, ((0, 0), (0, 0), (p, p), (p, p)))
    ro, co = dZ.shape[2:]
    fr, fc = Xp.shape[2] - ro + 1, Xp.shape[3] - co + 1
    # dz_00 / dw_ab = a_ab
    return np.einsum("ij,ikab->jkab", dZ[:, :, 0, 0], Xp[:, :, :fr, :fc])
'''),
    dict(id="ch7.kernel_gradient/overwrite-positions",
         exercise="ch7.kernel_gradient", verdict="wrong", kind="one_position", factor=None,
         why="Loops over the output positions but assigns with = instead of adding with +=, keeping the last position's share.",
         code='''
import numpy as np
def kernel_gradient(X, dZ, padding):
    p = padding
    Xp = np.pad(X, ((0, 0), (0, 0), (p, p), (p, p)))
    m, n_in = X.shape[:2]
    _, n_out, ro, co = dZ.shape
    fr, fc = Xp.shape[2] - ro + 1, Xp.shape[3] - co + 1
    dW = np.zeros((n_out, n_in, fr, fc))
    for i in range(m):
        for j in range(n_out):
            for u in range(ro):
                for v in range(co):
                    dW[j] = dZ[i, j, u, v] * Xp[i, :, u:u + fr, v:v + fc]   # = instead of +=
    return dW
'''),
    dict(id="ch7.kernel_gradient/pad-2p",
         exercise="ch7.kernel_gradient", verdict="wrong", kind="padding", factor=None,
         why='Pads X by 2p zeros on each side (the 2p of the size formula) instead of p.',
         code='''
import numpy as np
def kernel_gradient(X, dZ, padding):
    # sizes from the formula, X padded by 2p on each side ("2p in the formula")
    p = padding
    Xp = np.pad(X, ((0, 0), (0, 0), (2 * p, 2 * p), (2 * p, 2 * p)))
    ro, co = dZ.shape[2:]
    fr, fc = X.shape[2] + 2 * p - ro + 1, X.shape[3] + 2 * p - co + 1
    dW = np.zeros((dZ.shape[1], X.shape[1], fr, fc))
    for a in range(fr):
        for b in range(fc):
            dW[:, :, a, b] = np.einsum("iouv,icuv->oc", dZ, Xp[:, :, a:a + ro, b:b + co])
    return dW
'''),
    dict(id="ch7.kernel_gradient/pad-one-side",
         exercise="ch7.kernel_gradient", verdict="wrong", kind="padding", factor=None,
         why='Puts all 2p padding zeros before the input, at the top and the left, instead of p on each side.',
         code='''
import numpy as np
def kernel_gradient(X, dZ, padding):
    p = padding
    Xp = np.pad(X, ((0, 0), (0, 0), (2 * p, 0), (2 * p, 0)))   # all 2p zeros in front
    ro, co = dZ.shape[2:]
    fr, fc = Xp.shape[2] - ro + 1, Xp.shape[3] - co + 1
    dW = np.zeros((dZ.shape[1], X.shape[1], fr, fc))
    for a in range(fr):
        for b in range(fc):
            dW[:, :, a, b] = np.einsum("iouv,icuv->oc", dZ, Xp[:, :, a:a + ro, b:b + co])
    return dW
'''),
    dict(id="ch7.kernel_gradient/per-example",
         exercise="ch7.kernel_gradient", verdict="wrong", kind="batch_not_summed", factor=None,
         why="Keeps each example's share apart, returning an array of shape (m, n_out, n_in, f_r, f_c).",
         code='''
import numpy as np
def kernel_gradient(X, dZ, padding):
    p = padding
    Xp = np.pad(X, ((0, 0), (0, 0), (p, p), (p, p)))
    ro, co = dZ.shape[2:]
    fr, fc = Xp.shape[2] - ro + 1, Xp.shape[3] - co + 1
    dW = np.zeros((X.shape[0], dZ.shape[1], X.shape[1], fr, fc))
    for a in range(fr):
        for b in range(fc):
            dW[..., a, b] = np.einsum("iouv,icuv->ioc", dZ, Xp[:, :, a:a + ro, b:b + co])
    return dW
'''),
    dict(id="ch7.kernel_gradient/scipy-convolve",
         exercise="ch7.kernel_gradient", verdict="wrong", kind="flip", factor=None,
         why="Uses scipy's convolve2d, a true convolution that flips dZ, where the layer's gradient is a correlation.",
         code='''
import numpy as np
from scipy.signal import convolve2d
def kernel_gradient(X, dZ, padding):
    # "it's a convolution layer, so convolve"
    Xp = np.pad(X, ((0, 0), (0, 0), (padding,) * 2, (padding,) * 2))
    return np.array([[sum(convolve2d(Xp[i, k], dZ[i, j], "valid")
                          for i in range(X.shape[0]))
                      for k in range(X.shape[1])]
                     for j in range(dZ.shape[1])])
'''),
    dict(id="ch7.kernel_gradient/state-accumulate",
         exercise="ch7.kernel_gradient", verdict="wrong", kind="state_between_calls", factor=None,
         why='Accumulates into a module-level buffer that is never reset, so each call adds to the previous result.',
         code='''
import numpy as np
dW = None
def kernel_gradient(X, dZ, padding):
    # "accumulate the gradient" into a global buffer, never reset
    global dW
    p = padding
    Xp = np.pad(X, ((0, 0), (0, 0), (p, p), (p, p)))
    ro, co = dZ.shape[2:]
    fr, fc = Xp.shape[2] - ro + 1, Xp.shape[3] - co + 1
    if dW is None or dW.shape != (dZ.shape[1], X.shape[1], fr, fc):
        dW = np.zeros((dZ.shape[1], X.shape[1], fr, fc))
    for a in range(fr):
        for b in range(fc):
            dW[:, :, a, b] += np.einsum("iouv,icuv->oc", dZ, Xp[:, :, a:a + ro, b:b + co])
    return dW
'''),
    dict(id="ch7.kernel_gradient/state-cache",
         exercise="ch7.kernel_gradient", verdict="wrong", kind="state_between_calls", factor=None,
         why='Caches the result by the shapes of the arguments and padding, so a new batch of the same shapes gets the old gradient.',
         code='''
import numpy as np
_cache = {}
def kernel_gradient(X, dZ, padding):
    key = (X.shape, dZ.shape, padding)
    if key in _cache:
        return _cache[key]
    p = padding
    Xp = np.pad(X, ((0, 0), (0, 0), (p, p), (p, p)))
    ro, co = dZ.shape[2:]
    fr, fc = Xp.shape[2] - ro + 1, Xp.shape[3] - co + 1
    dW = np.zeros((dZ.shape[1], X.shape[1], fr, fc))
    for a in range(fr):
        for b in range(fc):
            dW[:, :, a, b] = np.einsum("iouv,icuv->oc", dZ, Xp[:, :, a:a + ro, b:b + co])
    _cache[key] = dW
    return dW
'''),
    dict(id="ch7.kernel_gradient/string",
         exercise="ch7.kernel_gradient", verdict="wrong", kind="odd_return", factor=None,
         why='Returns a string describing the computation instead of the array.',
         code='''
def kernel_gradient(X, dZ, padding):
    return "correlate(X_padded, dZ)"
'''),
    dict(id="ch7.kernel_gradient/sum-out-channels",
         exercise="ch7.kernel_gradient", verdict="wrong", kind="other", factor=None,
         why="Sums over the output channels too and copies that sum into every output channel's gradient.",
         code='''
import numpy as np
def kernel_gradient(X, dZ, padding):
    p = padding
    Xp = np.pad(X, ((0, 0), (0, 0), (p, p), (p, p)))
    ro, co = dZ.shape[2:]
    n_out = dZ.shape[1]
    fr, fc = Xp.shape[2] - ro + 1, Xp.shape[3] - co + 1
    dW = np.zeros((n_out, X.shape[1], fr, fc))
    for a in range(fr):
        for b in range(fc):
            g = np.einsum("iouv,icuv->c", dZ, Xp[:, :, a:a + ro, b:b + co])  # summed over o too
            dW[:, :, a, b] = g[None, :]
    return dW
'''),
    dict(id="ch7.kernel_gradient/transposed-spatial",
         exercise="ch7.kernel_gradient", verdict="wrong", kind="flip", factor=None,
         why='Calls correlate2d with its arguments swapped (dZ over Xp), which gives the gradient flipped in both spatial axes.',
         code='''
import numpy as np
def kernel_gradient(X, dZ, padding):
    # correlation of the deltas with the input (arguments swapped): gives the flipped gradient
    from scipy.signal import correlate2d
    Xp = np.pad(X, ((0, 0), (0, 0), (padding,) * 2, (padding,) * 2))
    return np.array([[sum(correlate2d(dZ[i, j], Xp[i, k], "valid")
                          for i in range(X.shape[0]))
                      for k in range(X.shape[1])]
                     for j in range(dZ.shape[1])])
'''),
    # ------------------------------------------------------------------
    # ch7.input_gradient -- correct
    dict(id="ch7.input_gradient/col2im",
         exercise="ch7.input_gradient", verdict="correct", kind=None, factor=None,
         why='Multiplies the reshaped deltas by the reshaped kernel and adds the columns back into the padded input (col2im by hand), then cuts the border.',
         code='''
import numpy as np
def input_gradient(dZ, K, padding):
    m, n_out, ro, co = dZ.shape
    n_in, fr, fc = K.shape[1:]
    D_hat = dZ.transpose(0, 2, 3, 1).reshape(-1, n_out)
    dcols = (D_hat @ K.reshape(n_out, -1)).reshape(m, ro, co, n_in, fr, fc)
    dXp = np.zeros((m, n_in, ro + fr - 1, co + fc - 1))
    for u in range(ro):
        for v in range(co):
            dXp[:, :, u:u + fr, v:v + fc] += dcols[:, u, v]
    p = padding
    if p:
        dXp = dXp[:, :, p:-p, p:-p]
    return dXp
'''),
    dict(id="ch7.input_gradient/full-conv-flipped",
         exercise="ch7.input_gradient", verdict="correct", kind=None, factor=None,
         why='Pads the deltas by f-1, slides the kernel flipped by 180 degrees over them, and cuts the padding off.',
         code='''
import numpy as np
def input_gradient(dZ, K, padding):
    # pad the deltas with f-1 zeros, slide the 180-degree-flipped kernel, cut the border
    fr, fc = K.shape[2:]
    ro, co = dZ.shape[2:]
    Dp = np.pad(dZ, ((0, 0), (0, 0), (fr - 1, fr - 1), (fc - 1, fc - 1)))
    Kf = K[:, :, ::-1, ::-1]
    R, C = ro + fr - 1, co + fc - 1
    out = np.zeros((dZ.shape[0], K.shape[1], R, C))
    for t in range(R):
        for s in range(C):
            out[:, :, t, s] = np.einsum("ijab,jkab->ik", Dp[:, :, t:t + fr, s:s + fc], Kf)
    p = padding
    return out[:, :, p:R - p, p:C - p]
'''),
    dict(id="ch7.input_gradient/loops",
         exercise="ch7.input_gradient", verdict="correct", kind=None, factor=None,
         why='Adds dZ[i,j,u,v] K[j,k,a,b] into the padded gradient in seven plain loops and cuts the border.',
         code='''
import numpy as np
def input_gradient(dZ, K, padding):
    m, n_out, ro, co = dZ.shape
    _, n_in, fr, fc = K.shape
    p = padding
    R, C = ro + fr - 1, co + fc - 1      # padded input size
    dXp = np.zeros((m, n_in, R, C))
    for i in range(m):
        for j in range(n_out):
            for u in range(ro):
                for v in range(co):
                    for k in range(n_in):
                        for a in range(fr):
                            for b in range(fc):
                                dXp[i, k, u + a, v + b] += dZ[i, j, u, v] * K[j, k, a, b]
    return dXp[:, :, p:R - p, p:C - p]
'''),
    dict(id="ch7.input_gradient/package-im2col",
         exercise="ch7.input_gradient", verdict="correct", kind=None, factor=None,
         why="Computes the column gradient with one matrix product and hands it to the package's col2im with the padding.",
         code='''
import numpy as np
from backprop_utils import col2im
def input_gradient(dZ, K, padding):
    m, n_out, ro, co = dZ.shape
    n_in, fr, fc = K.shape[1:]
    r, c = ro + fr - 1 - 2 * padding, co + fc - 1 - 2 * padding
    dcols = dZ.transpose(0, 2, 3, 1).reshape(-1, n_out) @ K.reshape(n_out, -1)
    return col2im(dcols, (m, n_in, r, c), (fr, fc), stride=1, padding=padding)
'''),
    dict(id="ch7.input_gradient/scipy-convolve2d",
         exercise="ch7.input_gradient", verdict="correct", kind=None, factor=None,
         why="Sums scipy's full convolve2d of each delta map with its filter over the output channels and cuts the border.",
         code='''
import numpy as np
from scipy.signal import convolve2d
def input_gradient(dZ, K, padding):
    m, n_out = dZ.shape[:2]
    n_in = K.shape[1]
    full = np.array([[sum(convolve2d(dZ[i, j], K[j, k], mode="full") for j in range(n_out))
                      for k in range(n_in)] for i in range(m)])
    p = padding
    return full[:, :, p:full.shape[2] - p, p:full.shape[3] - p]
'''),
    dict(id="ch7.input_gradient/scipy-correlate-flipped-direct",
         exercise="ch7.input_gradient", verdict="correct", kind=None, factor=None,
         why="Correlates the deltas with the flipped kernel in 'full' mode and keeps the unpadded part of each result.",
         code='''
import numpy as np
from scipy.signal import correlate2d
def input_gradient(dZ, K, padding):
    # the unpadded input directly: pad the deltas by f-1-p and correlate with the flipped kernel
    m, n_out, ro, co = dZ.shape
    _, n_in, fr, fc = K.shape
    p = padding
    r, c = ro + fr - 1 - 2 * p, co + fc - 1 - 2 * p
    out = np.zeros((m, n_in, r, c))
    for i in range(m):
        for k in range(n_in):
            for j in range(n_out):
                full = correlate2d(dZ[i, j], K[j, k, ::-1, ::-1], mode="full")
                out[i, k] += full[p:p + r, p:p + c]
    return out
'''),
    dict(id="ch7.input_gradient/scipy-import-inside",
         exercise="ch7.input_gradient", verdict="correct", kind=None, factor=None,
         why="Sums scipy's full convolve2d over the output channels and cuts the border; the learner imported scipy.signal inside the function, moved here to the top of the cell so that scipy's first import (about 2 s under load) does not count against the checker's 3 s limit.",
         code='''
import numpy as np
import scipy.signal as sig
def input_gradient(dZ, K, padding):
    m, n_out = dZ.shape[:2]
    full = np.array([[sum(sig.convolve2d(dZ[i, j], K[j, k]) for j in range(n_out))
                      for k in range(K.shape[1])] for i in range(m)])
    p = padding
    return full[:, :, p:full.shape[2] - p, p:full.shape[3] - p]
'''),
    dict(id="ch7.input_gradient/sliding-float32-renamed",
         exercise="ch7.input_gradient", verdict="correct", kind=None, factor=None,
         why='Takes sliding_window_view windows of the padded deltas and contracts them with the flipped kernel, in float32, with renamed parameters; right to float32 precision.',
         code='''
import numpy as np
from numpy.lib.stride_tricks import sliding_window_view
def input_gradient(delta, kernel, pad):
    delta = delta.astype(np.float32)
    kernel = kernel.astype(np.float32)
    fr, fc = kernel.shape[-2:]
    dp = np.pad(delta, [(0, 0), (0, 0), (fr - 1,) * 2, (fc - 1,) * 2])
    win = sliding_window_view(dp, (fr, fc), axis=(2, 3))   # (m, n_out, R, C, fr, fc)
    full = np.einsum("mjtsab,jkab->mkts", win, kernel[:, :, ::-1, ::-1])
    R, C = full.shape[2:]
    return full[:, :, pad:R - pad, pad:C - pad]
'''),
    # ------------------------------------------------------------------
    # ch7.input_gradient -- wrong
    dict(id="ch7.input_gradient/batch-summed",
         exercise="ch7.input_gradient", verdict="wrong", kind="other", factor=None,
         why="Sums the deltas over the batch and gives every example that same summed gradient, though each example's input has its own.",
         code='''
import numpy as np
def input_gradient(dZ, K, padding):
    m, n_out, ro, co = dZ.shape
    fr, fc = K.shape[2:]
    dXp = np.zeros((K.shape[1], ro + fr - 1, co + fc - 1))
    for a in range(fr):
        for b in range(fc):
            dXp[:, a:a + ro, b:b + co] += np.einsum("iouv,oc->cuv", dZ, K[:, :, a, b])  # sums the batch
    p = padding
    g = dXp[:, p:dXp.shape[1] - p, p:dXp.shape[2] - p]
    return np.broadcast_to(g, (m,) + g.shape).copy()
'''),
    dict(id="ch7.input_gradient/border-not-cut",
         exercise="ch7.input_gradient", verdict="wrong", kind="padding", factor=None,
         why='Returns the gradient of the padded input without cutting off its padding rows and columns.',
         code='''
import numpy as np
def input_gradient(dZ, K, padding):
    m, n_out, ro, co = dZ.shape
    fr, fc = K.shape[2:]
    dXp = np.zeros((m, K.shape[1], ro + fr - 1, co + fc - 1))
    for a in range(fr):
        for b in range(fc):
            dXp[:, :, a:a + ro, b:b + co] += np.einsum("iouv,oc->icuv", dZ, K[:, :, a, b])
    return dXp
'''),
    dict(id="ch7.input_gradient/channels-reshape",
         exercise="ch7.input_gradient", verdict="wrong", kind="other", factor=None,
         why="Swaps the kernel's channel axes with reshape instead of transpose, which scrambles the filters.",
         code='''
import numpy as np
def input_gradient(dZ, K, padding):
    n_out, n_in, fr, fc = K.shape
    Kt = K.reshape(n_in, n_out, fr, fc)        # "swap the channel axes" with reshape
    m, _, ro, co = dZ.shape
    dXp = np.zeros((m, n_in, ro + fr - 1, co + fc - 1))
    for a in range(fr):
        for b in range(fc):
            dXp[:, :, a:a + ro, b:b + co] += np.einsum("iouv,co->icuv", dZ, Kt[:, :, a, b])
    p = padding
    return dXp[:, :, p:dXp.shape[2] - p, p:dXp.shape[3] - p]
'''),
    dict(id="ch7.input_gradient/channels-wrong-index",
         exercise="ch7.input_gradient", verdict="wrong", kind="transpose", factor=None,
         why='Indexes the kernel as K[k, j] instead of K[j, k], swapping its input and output channel axes, which raises an IndexError.',
         code='''
import numpy as np
from scipy.signal import convolve2d
def input_gradient(dZ, K, padding):
    m, n_out = dZ.shape[:2]
    n_in = K.shape[1]
    p = padding
    # K[k, j] instead of K[j, k]
    full = np.array([[sum(convolve2d(dZ[i, j], K[k, j], mode="full") for j in range(n_out))
                      for k in range(n_in)] for i in range(m)])
    return full[:, :, p:full.shape[2] - p, p:full.shape[3] - p]
'''),
    dict(id="ch7.input_gradient/cut-one-side",
         exercise="ch7.input_gradient", verdict="wrong", kind="padding", factor=None,
         why='Cuts all 2*padding extra rows and columns from the end (bottom and right) instead of padding from each side.',
         code='''
import numpy as np
def input_gradient(dZ, K, padding):
    m, n_out, ro, co = dZ.shape
    fr, fc = K.shape[2:]
    dXp = np.zeros((m, K.shape[1], ro + fr - 1, co + fc - 1))
    for a in range(fr):
        for b in range(fc):
            dXp[:, :, a:a + ro, b:b + co] += np.einsum("iouv,oc->icuv", dZ, K[:, :, a, b])
    r, c = dXp.shape[2] - 2 * padding, dXp.shape[3] - 2 * padding
    return dXp[:, :, :r, :c]     # cut 2p from the end
'''),
    dict(id="ch7.input_gradient/cut-p-minus-p",
         exercise="ch7.input_gradient", verdict="wrong", kind="wrong_shape", factor=None,
         why='Cuts the border with [p:-p], which gives an empty array when the padding is 0.',
         code='''
import numpy as np
def input_gradient(dZ, K, padding):
    p = padding
    m, n_out, ro, co = dZ.shape
    fr, fc = K.shape[2:]
    dXp = np.zeros((m, K.shape[1], ro + fr - 1, co + fc - 1))
    for a in range(fr):
        for b in range(fc):
            dXp[:, :, a:a + ro, b:b + co] += np.einsum("iouv,oc->icuv", dZ, K[:, :, a, b])
    return dXp[:, :, p:-p, p:-p]        # empty when p = 0
'''),
    dict(id="ch7.input_gradient/exception",
         exercise="ch7.input_gradient", verdict="wrong", kind="other", factor=None,
         why='Writes the einsum subscripts of the kernel slice in the wrong order, so the einsum raises a broadcasting error.',
         code='''
import numpy as np
def input_gradient(dZ, K, padding):
    # einsum subscripts in the wrong order: (n_out, n_in) taken as (n_in, n_out)
    m, n_out, ro, co = dZ.shape
    fr, fc = K.shape[2:]
    dXp = np.zeros((m, K.shape[1], ro + fr - 1, co + fc - 1))
    for a in range(fr):
        for b in range(fc):
            dXp[:, :, a:a + ro, b:b + co] += np.einsum("iouv,co->icuv", dZ, K[:, :, a, b])
    p = padding
    return dXp[:, :, p:dXp.shape[2] - p, p:dXp.shape[3] - p]
'''),
    dict(id="ch7.input_gradient/first-example",
         exercise="ch7.input_gradient", verdict="wrong", kind="other", factor=None,
         why="Computes the first example's input gradient and returns copies of it for every example.",
         code='''
import numpy as np
def input_gradient(dZ, K, padding):
    d = dZ[0]
    n_out, ro, co = d.shape
    fr, fc = K.shape[2:]
    p = padding
    dXp = np.zeros((K.shape[1], ro + fr - 1, co + fc - 1))
    for a in range(fr):
        for b in range(fc):
            dXp[:, a:a + ro, b:b + co] += np.einsum("ouv,oc->cuv", d, K[:, :, a, b])
    g = dXp[:, p:dXp.shape[1] - p, p:dXp.shape[2] - p]
    return np.stack([g] * dZ.shape[0])      # same gradient for every example
'''),
    dict(id="ch7.input_gradient/flipped-twice",
         exercise="ch7.input_gradient", verdict="wrong", kind="flip", factor=None,
         why='Flips the kernel and then hands it to convolve2d, which flips it again.',
         code='''
import numpy as np
from scipy.signal import convolve2d
def input_gradient(dZ, K, padding):
    Kf = K[:, :, ::-1, ::-1]        # flip the kernel ...
    m, n_out = dZ.shape[:2]
    n_in = K.shape[1]
    full = np.array([[sum(convolve2d(dZ[i, j], Kf[j, k], mode="full") for j in range(n_out))
                      for k in range(n_in)] for i in range(m)])   # ... and convolve2d flips again
    p = padding
    return full[:, :, p:full.shape[2] - p, p:full.shape[3] - p]
'''),
    dict(id="ch7.input_gradient/hardcoded-3x3",
         exercise="ch7.input_gradient", verdict="wrong", kind="fixed_depth", factor=None,
         why='Hard-codes a 3x3 filter (padding the deltas by 2), which fails for any other filter size.',
         code='''
import numpy as np
def input_gradient(dZ, K, padding):
    p = padding
    ro, co = dZ.shape[2:]
    Dp = np.pad(dZ, ((0, 0), (0, 0), (2, 2), (2, 2)))        # f - 1 = 2
    Kf = K[:, :, ::-1, ::-1]
    R, C = ro + 2, co + 2
    out = np.zeros((dZ.shape[0], K.shape[1], R, C))
    for t in range(R):
        for s in range(C):
            out[:, :, t, s] = np.einsum("ijab,jkab->ik", Dp[:, :, t:t + 3, s:s + 3], Kf[:, :, :3, :3])
    return out[:, :, p:R - p, p:C - p]
'''),
    dict(id="ch7.input_gradient/hardcoded-pad1",
         exercise="ch7.input_gradient", verdict="wrong", kind="fixed_depth", factor=None,
         why="Cuts a border of 1, the chapter example's padding, whatever the padding argument says.",
         code='''
import numpy as np
def input_gradient(dZ, K, padding):
    m, n_out, ro, co = dZ.shape
    fr, fc = K.shape[2:]
    dXp = np.zeros((m, K.shape[1], ro + fr - 1, co + fc - 1))
    for a in range(fr):
        for b in range(fc):
            dXp[:, :, a:a + ro, b:b + co] += np.einsum("iouv,oc->icuv", dZ, K[:, :, a, b])
    return dXp[:, :, 1:-1, 1:-1]
'''),
    dict(id="ch7.input_gradient/infinite",
         exercise="ch7.input_gradient", verdict="hang", kind="hang", factor=None,
         why='Writes a + 1 instead of a += 1 in the while loop, so it never ends.',
         code='''
import numpy as np
def input_gradient(dZ, K, padding):
    m, n_out, ro, co = dZ.shape
    fr, fc = K.shape[2:]
    dXp = np.zeros((m, K.shape[1], ro + fr - 1, co + fc - 1))
    a = 0
    while a < fr:
        for b in range(fc):
            dXp[:, :, a:a + ro, b:b + co] += np.einsum("iouv,oc->icuv", dZ, K[:, :, a, b])
        a + 1
    p = padding
    return dXp[:, :, p:dXp.shape[2] - p, p:dXp.shape[3] - p]
'''),
    dict(id="ch7.input_gradient/inplace-flip",
         exercise="ch7.input_gradient", verdict="wrong", kind="mutates_input", factor=None,
         why="Flips the kernel in place, changing the caller's K (and its result on a second call).",
         code='''
import numpy as np
def input_gradient(dZ, K, padding):
    K[:] = K[:, :, ::-1, ::-1].copy()            # flip the kernel, in place
    fr, fc = K.shape[2:]
    ro, co = dZ.shape[2:]
    Dp = np.pad(dZ, ((0, 0), (0, 0), (fr - 1, fr - 1), (fc - 1, fc - 1)))
    R, C = ro + fr - 1, co + fc - 1
    out = np.zeros((dZ.shape[0], K.shape[1], R, C))
    for t in range(R):
        for s in range(C):
            out[:, :, t, s] = np.einsum("ijab,jkab->ik", Dp[:, :, t:t + fr, s:s + fc], K)
    p = padding
    return out[:, :, p:R - p, p:C - p]
'''),
    dict(id="ch7.input_gradient/mean-again",
         exercise="ch7.input_gradient", verdict="wrong", kind="constant_multiple", factor="1/m",
         why='Divides by m again, though dZ already carries the 1/m of the mean cost.',
         code='''
import numpy as np
def input_gradient(dZ, K, padding):
    m, n_out, ro, co = dZ.shape
    fr, fc = K.shape[2:]
    dXp = np.zeros((m, K.shape[1], ro + fr - 1, co + fc - 1))
    for a in range(fr):
        for b in range(fc):
            dXp[:, :, a:a + ro, b:b + co] += np.einsum("iouv,oc->icuv", dZ, K[:, :, a, b])
    p = padding
    return dXp[:, :, p:dXp.shape[2] - p, p:dXp.shape[3] - p] / m
'''),
    dict(id="ch7.input_gradient/none",
         exercise="ch7.input_gradient", verdict="wrong", kind="odd_return", factor=None,
         why="Prints the gradient's shape instead of returning the gradient.",
         code='''
import numpy as np
def input_gradient(dZ, K, padding):
    m, n_out, ro, co = dZ.shape
    fr, fc = K.shape[2:]
    dXp = np.zeros((m, K.shape[1], ro + fr - 1, co + fc - 1))
    for a in range(fr):
        for b in range(fc):
            dXp[:, :, a:a + ro, b:b + co] += np.einsum("iouv,oc->icuv", dZ, K[:, :, a, b])
    p = padding
    dX = dXp[:, :, p:dXp.shape[2] - p, p:dXp.shape[3] - p]
    print(dX.shape)
'''),
    dict(id="ch7.input_gradient/not-flipped",
         exercise="ch7.input_gradient", verdict="wrong", kind="flip", factor=None,
         why='Slides the kernel over the padded deltas without flipping it.',
         code='''
import numpy as np
def input_gradient(dZ, K, padding):
    fr, fc = K.shape[2:]
    ro, co = dZ.shape[2:]
    Dp = np.pad(dZ, ((0, 0), (0, 0), (fr - 1, fr - 1), (fc - 1, fc - 1)))
    R, C = ro + fr - 1, co + fc - 1
    out = np.zeros((dZ.shape[0], K.shape[1], R, C))
    for t in range(R):
        for s in range(C):
            out[:, :, t, s] = np.einsum("ijab,jkab->ik", Dp[:, :, t:t + fr, s:s + fc], K)
    p = padding
    return out[:, :, p:R - p, p:C - p]
'''),
    dict(id="ch7.input_gradient/out-channels-assign",
         exercise="ch7.input_gradient", verdict="wrong", kind="channels_not_summed", factor=None,
         why="Assigns each output channel's convolution with = instead of adding with +=, keeping the last output channel's share.",
         code='''
import numpy as np
from scipy.signal import convolve2d
def input_gradient(dZ, K, padding):
    m, n_out = dZ.shape[:2]
    n_in = K.shape[1]
    p = padding
    out = None
    for i in range(m):
        for k in range(n_in):
            for j in range(n_out):
                full = convolve2d(dZ[i, j], K[j, k], mode="full")
                if out is None:
                    out = np.zeros((m, n_in) + full.shape)
                out[i, k] = full          # = instead of +=
    return out[:, :, p:out.shape[2] - p, p:out.shape[3] - p]
'''),
    dict(id="ch7.input_gradient/overwrite-positions",
         exercise="ch7.input_gradient", verdict="wrong", kind="one_position", factor=None,
         why="Assigns each output position's share to its window with = instead of adding with +=, keeping the last window's share for each pixel.",
         code='''
import numpy as np
def input_gradient(dZ, K, padding):
    m, n_out, ro, co = dZ.shape
    fr, fc = K.shape[2:]
    p = padding
    dXp = np.zeros((m, K.shape[1], ro + fr - 1, co + fc - 1))
    for i in range(m):
        for u in range(ro):
            for v in range(co):
                dXp[i, :, u:u + fr, v:v + fc] = np.einsum("o,ocab->cab", dZ[i, :, u, v], K)  # = not +=
    return dXp[:, :, p:dXp.shape[2] - p, p:dXp.shape[3] - p]
'''),
    dict(id="ch7.input_gradient/pad-deltas-by-p",
         exercise="ch7.input_gradient", verdict="wrong", kind="padding", factor=None,
         why="Pads the deltas by the layer's padding p instead of f-1, as a 'same' convolution back, skipping windows that do not fit.",
         code='''
import numpy as np
def input_gradient(dZ, K, padding):
    # "same" convolution back: pad the deltas like the forward pass padded the input
    p = padding
    fr, fc = K.shape[2:]
    ro, co = dZ.shape[2:]
    r, c = ro + fr - 1 - 2 * p, co + fc - 1 - 2 * p
    Dp = np.pad(dZ, ((0, 0), (0, 0), (p, p), (p, p)))
    Kf = K[:, :, ::-1, ::-1]
    out = np.zeros((dZ.shape[0], K.shape[1], r, c))
    for t in range(r):
        for s in range(c):
            win = Dp[:, :, t:t + fr, s:s + fc]
            if win.shape[2:] != (fr, fc):
                continue
            out[:, :, t, s] = np.einsum("ijab,jkab->ik", win, Kf)
    return out
'''),
    dict(id="ch7.input_gradient/state-cache",
         exercise="ch7.input_gradient", verdict="wrong", kind="state_between_calls", factor=None,
         why='Returns the last result saved at module level when the batch size and channel count match, so a new batch of the same shape gets the old gradient.',
         code='''
import numpy as np
_saved = {}
def input_gradient(dZ, K, padding):
    if "dX" in _saved and _saved["dX"].shape[:2] == (dZ.shape[0], K.shape[1]):
        return _saved["dX"]
    m, n_out, ro, co = dZ.shape
    fr, fc = K.shape[2:]
    dXp = np.zeros((m, K.shape[1], ro + fr - 1, co + fc - 1))
    for a in range(fr):
        for b in range(fc):
            dXp[:, :, a:a + ro, b:b + co] += np.einsum("iouv,oc->icuv", dZ, K[:, :, a, b])
    p = padding
    _saved["dX"] = dXp[:, :, p:dXp.shape[2] - p, p:dXp.shape[3] - p]
    return _saved["dX"]
'''),
    dict(id="ch7.input_gradient/string",
         exercise="ch7.input_gradient", verdict="wrong", kind="odd_return", factor=None,
         why='Returns a string describing the computation instead of the array.',
         code='''
def input_gradient(dZ, K, padding):
    return "full convolution of dZ with the flipped K"
'''),
    dict(id="ch7.input_gradient/times-m",
         exercise="ch7.input_gradient", verdict="wrong", kind="constant_multiple", factor="m",
         why="Multiplies by m to 'undo the 1/m', as if each example's input had its own loss.",
         code='''
import numpy as np
def input_gradient(dZ, K, padding):
    # "undo the 1/m: each example's input has its own loss"
    m, n_out, ro, co = dZ.shape
    fr, fc = K.shape[2:]
    dXp = np.zeros((m, K.shape[1], ro + fr - 1, co + fc - 1))
    for a in range(fr):
        for b in range(fc):
            dXp[:, :, a:a + ro, b:b + co] += np.einsum("iouv,oc->icuv", dZ, K[:, :, a, b])
    p = padding
    return m * dXp[:, :, p:dXp.shape[2] - p, p:dXp.shape[3] - p]
'''),
    # ------------------------------------------------------------------
    # ch7.maxpool_backward -- correct
    dict(id="ch7.maxpool_backward/eye-float32-renamed",
         exercise="ch7.maxpool_backward", verdict="correct", kind=None, factor=None,
         why='Builds one-hot rows of the first argmax of each window with np.eye, in float32, with renamed parameters; right to float32 precision.',
         code='''
import numpy as np
def maxpool_backward(inputs, grad_pooled, k):
    inputs = np.asarray(inputs, dtype=np.float32)
    grad_pooled = np.asarray(grad_pooled, dtype=np.float32)
    m, n, r, c = inputs.shape
    win = inputs.reshape(m, n, r // k, k, c // k, k).swapaxes(3, 4).reshape(m, n, r // k, c // k, k * k)
    onehot = np.eye(k * k, dtype=np.float32)[win.argmax(-1)]      # (m, n, R, C, k*k)
    g = onehot * grad_pooled[..., None]
    return g.reshape(m, n, r // k, c // k, k, k).swapaxes(3, 4).reshape(m, n, r, c)
'''),
    dict(id="ch7.maxpool_backward/kron-mask",
         exercise="ch7.maxpool_backward", verdict="correct", kind=None, factor=None,
         why='Upsamples the pooled maxima and keeps the first matching pixel of each window in row-major order.',
         code='''
import numpy as np
def maxpool_backward(X, dOut, size):
    # upsample the pooled max and the deltas, then keep the first matching pixel per window
    up = lambda a: a.repeat(size, axis=2).repeat(size, axis=3)
    pooled = X.reshape(X.shape[0], X.shape[1], X.shape[2] // size, size, X.shape[3] // size, size).max(axis=(3, 5))
    mask = X == up(pooled)
    dX = np.zeros(X.shape)
    taken = np.zeros(pooled.shape, bool)
    for t in range(size):
        for s in range(size):
            hit = mask[:, :, t::size, s::size] & ~taken
            dX[:, :, t::size, s::size] = np.where(hit, dOut, 0.0)
            taken |= hit
    return dX
'''),
    dict(id="ch7.maxpool_backward/loops",
         exercise="ch7.maxpool_backward", verdict="correct", kind=None, factor=None,
         why='Scans each window row by row with a strict >, so the first maximum gets the whole delta.',
         code='''
import numpy as np
def maxpool_backward(X, dOut, size):
    dX = np.zeros(X.shape)
    m, n, R, C = dOut.shape
    for i in range(m):
        for j in range(n):
            for u in range(R):
                for v in range(C):
                    best, bt, bs = None, 0, 0
                    for t in range(size):          # row-major scan, strict > keeps the first
                        for s in range(size):
                            x = X[i, j, u * size + t, v * size + s]
                            if best is None or x > best:
                                best, bt, bs = x, t, s
                    dX[i, j, u * size + bt, v * size + bs] = dOut[i, j, u, v]
    return dX
'''),
    dict(id="ch7.maxpool_backward/mask-first",
         exercise="ch7.maxpool_backward", verdict="correct", kind=None, factor=None,
         why="Masks each window's maxima and keeps the first of them with a cumulative sum.",
         code='''
import numpy as np
def maxpool_backward(X, dOut, size):
    # mask of the maxima, then keep only the first one of each window in row-major order
    m, n, r, c = X.shape
    w = X.reshape(m, n, r // size, size, c // size, size).transpose(0, 1, 2, 4, 3, 5)
    w = w.reshape(m, n, r // size, c // size, -1)
    is_max = w == w.max(axis=-1, keepdims=True)
    first = is_max & (np.cumsum(is_max, axis=-1) == 1)
    g = first * dOut[..., None]
    g = g.reshape(m, n, r // size, c // size, size, size).transpose(0, 1, 2, 4, 3, 5)
    return g.reshape(X.shape)
'''),
    dict(id="ch7.maxpool_backward/package",
         exercise="ch7.maxpool_backward", verdict="correct", kind=None, factor=None,
         why="Calls the package's max_pool2d_backward.",
         code='''
from backprop_utils import max_pool2d_backward
def maxpool_backward(X, dOut, size):
    return max_pool2d_backward(dOut, X, size)
'''),
    dict(id="ch7.maxpool_backward/unravel",
         exercise="ch7.maxpool_backward", verdict="correct", kind=None, factor=None,
         why="Routes each delta to np.argmax of its window, unravelled with the window's shape.",
         code='''
import numpy as np
def maxpool_backward(X, dOut, size):
    dX = np.zeros_like(X, dtype=float)
    for idx in np.ndindex(*dOut.shape):
        i, j, u, v = idx
        w = X[i, j, u*size:(u+1)*size, v*size:(v+1)*size]
        t, s = np.unravel_index(w.argmax(), w.shape)
        dX[i, j, u*size + t, v*size + s] = dOut[idx]
    return dX
'''),
    # ------------------------------------------------------------------
    # ch7.maxpool_backward -- wrong
    dict(id="ch7.maxpool_backward/argmax-wrong-axis",
         exercise="ch7.maxpool_backward", verdict="wrong", kind="wrong_axis", factor=None,
         why="Takes the argmax over the window's rows only, so each column of the window gets the delta.",
         code='''
import numpy as np
def maxpool_backward(X, dOut, size):
    m, n, r, c = X.shape
    w = X.reshape(m, n, r // size, size, c // size, size)     # axes (m, n, R, t, C, s)
    t = w.argmax(axis=3)                                       # (m, n, R, C, s): argmax over window rows only
    g = np.zeros_like(w)
    np.put_along_axis(g, t[:, :, :, None], dOut[:, :, :, None, :, None] * np.ones((1, 1, 1, 1, 1, size)), axis=3)
    return g.reshape(X.shape)
'''),
    dict(id="ch7.maxpool_backward/average",
         exercise="ch7.maxpool_backward", verdict="wrong", kind="pooling_spread", factor=None,
         why='Spreads dOut / size^2 over every cell of the window, the gradient of average pooling.',
         code='''
import numpy as np
def maxpool_backward(X, dOut, size):
    return np.kron(dOut, np.ones((1, 1, size, size))) / size ** 2
'''),
    dict(id="ch7.maxpool_backward/exception",
         exercise="ch7.maxpool_backward", verdict="wrong", kind="other", factor=None,
         why='Indexes dOut[i, j, u] without v, so assigning a row to one pixel raises a ValueError.',
         code='''
import numpy as np
def maxpool_backward(X, dOut, size):
    dX = np.zeros(X.shape)
    for idx in np.ndindex(*dOut.shape):
        i, j, u, v = idx
        w = X[i, j, u*size:(u+1)*size, v*size:(v+1)*size]
        k = w.argmax()
        dX[i, j, u*size + k // size, v*size + k % size] = dOut[i, j, u]   # forgot v
    return dX
'''),
    dict(id="ch7.maxpool_backward/global-argmax",
         exercise="ch7.maxpool_backward", verdict="wrong", kind="other", factor=None,
         why="Unravels the window's argmax with the whole map's shape, which sends deltas to wrong pixels and raises an IndexError.",
         code='''
import numpy as np
def maxpool_backward(X, dOut, size):
    dX = np.zeros(X.shape)
    for idx in np.ndindex(*dOut.shape):
        i, j, u, v = idx
        w = X[i, j, u*size:(u+1)*size, v*size:(v+1)*size]
        t, s = np.unravel_index(np.argmax(w), X.shape[2:])    # unravel with the map's shape
        dX[i, j, u*size + t, v*size + s] = dOut[idx]
    return dX
'''),
    dict(id="ch7.maxpool_backward/hardcoded-size2",
         exercise="ch7.maxpool_backward", verdict="wrong", kind="fixed_depth", factor=None,
         why='Hard-codes 2x2 windows, which fails for any other pooling size.',
         code='''
import numpy as np
def maxpool_backward(X, dOut, size):
    m, n, r, c = X.shape
    w = X.reshape(m, n, r // 2, 2, c // 2, 2).transpose(0, 1, 2, 4, 3, 5).reshape(m, n, r // 2, c // 2, 4)
    first = w.argmax(-1)
    g = np.zeros_like(w)
    np.put_along_axis(g, first[..., None], dOut[..., None] if dOut.shape[2] == r // 2 else 0, axis=-1)
    return g.reshape(m, n, r // 2, c // 2, 2, 2).transpose(0, 1, 2, 4, 3, 5).reshape(X.shape)
'''),
    dict(id="ch7.maxpool_backward/infinite",
         exercise="ch7.maxpool_backward", verdict="hang", kind="hang", factor=None,
         why='Writes u + size instead of u += size in the while loop, so it never ends.',
         code='''
import numpy as np
def maxpool_backward(X, dOut, size):
    dX = np.zeros(X.shape)
    m, n, r, c = X.shape
    u = 0
    while u < r:
        v = 0
        while v < c:
            w = X[:, :, u:u+size, v:v+size].reshape(m, n, -1)
            k = w.argmax(-1)
            for i in range(m):
                for j in range(n):
                    dX[i, j, u + k[i, j] // size, v + k[i, j] % size] = dOut[i, j, u // size, v // size]
            v += size
        u + size
    return dX
'''),
    dict(id="ch7.maxpool_backward/inplace-alias",
         exercise="ch7.maxpool_backward", verdict="wrong", kind="mutates_input", factor=None,
         why="Reuses X as the output array without a copy, zeroing and overwriting the caller's input.",
         code='''
import numpy as np
def maxpool_backward(X, dOut, size):
    m, n, r, c = X.shape
    wins = X.reshape(m, n, r // size, size, c // size, size).transpose(0, 1, 2, 4, 3, 5).reshape(m, n, r // size, c // size, -1)
    first = wins.argmax(-1)
    dX = X              # reuse the array as the output (no copy)
    dX[:] = 0
    for i, j, u, v in np.ndindex(*dOut.shape):
        t, s = divmod(first[i, j, u, v], size)
        dX[i, j, u * size + t, v * size + s] = dOut[i, j, u, v]
    return dX
'''),
    dict(id="ch7.maxpool_backward/inplace-mark",
         exercise="ch7.maxpool_backward", verdict="wrong", kind="mutates_input", factor=None,
         why="Marks each window's winner with -inf in a view of the caller's X.",
         code='''
import numpy as np
def maxpool_backward(X, dOut, size):
    # mark each winner with -inf so that a later tie cannot take it ... in the caller's X
    dX = np.zeros(X.shape)
    for i, j, u, v in np.ndindex(*dOut.shape):
        w = X[i, j, u*size:(u+1)*size, v*size:(v+1)*size]
        t, s = np.unravel_index(w.argmax(), w.shape)
        dX[i, j, u*size + t, v*size + s] = dOut[i, j, u, v]
        w[t, s] = -np.inf
    return dX
'''),
    dict(id="ch7.maxpool_backward/max-value-compare-global",
         exercise="ch7.maxpool_backward", verdict="wrong", kind="other", factor=None,
         why="Masks against the maximum of the whole map instead of each window's maximum.",
         code='''
import numpy as np
def maxpool_backward(X, dOut, size):
    # mask against the max of the whole map
    m, n, r, c = X.shape
    mask = X == X.max(axis=(2, 3), keepdims=True)
    return mask * dOut.repeat(size, 2).repeat(size, 3)
'''),
    dict(id="ch7.maxpool_backward/no-transpose",
         exercise="ch7.maxpool_backward", verdict="wrong", kind="other", factor=None,
         why="Forms the windows with a plain reshape without moving the axes, so each 'window' is a run of pixels of one row.",
         code='''
import numpy as np
def maxpool_backward(X, dOut, size):
    # windows by a plain reshape, without moving the axes: each "window" is size*size pixels of a row
    m, n, r, c = X.shape
    windows = X.reshape(m, n, r // size, c // size, size * size)
    first = np.argmax(windows, axis=-1)
    routed = np.zeros_like(windows)
    np.put_along_axis(routed, first[..., None], dOut[..., None], axis=-1)
    return routed.reshape(X.shape)
'''),
    dict(id="ch7.maxpool_backward/none",
         exercise="ch7.maxpool_backward", verdict="wrong", kind="odd_return", factor=None,
         why='Routes the deltas but forgets the return statement.',
         code='''
import numpy as np
def maxpool_backward(X, dOut, size):
    dX = np.zeros(X.shape)
    for idx in np.ndindex(*dOut.shape):
        i, j, u, v = idx
        w = X[i, j, u*size:(u+1)*size, v*size:(v+1)*size]
        t, s = np.unravel_index(w.argmax(), w.shape)
        dX[i, j, u*size + t, v*size + s] = dOut[idx]
'''),
    dict(id="ch7.maxpool_backward/pooled-shape",
         exercise="ch7.maxpool_backward", verdict="wrong", kind="wrong_shape", factor=None,
         why="Returns dOut itself, at the pooled size, as 'the gradient of max is 1 at the max'.",
         code='''
import numpy as np
def maxpool_backward(X, dOut, size):
    # "the gradient of max is 1 at the max": returns it at the pooled size
    m, n, r, c = X.shape
    return dOut * 1.0
'''),
    dict(id="ch7.maxpool_backward/routes-first-cell",
         exercise="ch7.maxpool_backward", verdict="wrong", kind="other", factor=None,
         why="Sends each delta to the window's top-left cell, forgetting where the maximum is.",
         code='''
import numpy as np
def maxpool_backward(X, dOut, size):
    # the delta to the window's top-left cell (position of the max forgotten)
    dX = np.zeros(X.shape)
    dX[:, :, ::size, ::size] = dOut
    return dX
'''),
    dict(id="ch7.maxpool_backward/spread",
         exercise="ch7.maxpool_backward", verdict="wrong", kind="pooling_spread", factor=None,
         why='Copies the whole of dOut into every cell of the window.',
         code='''
import numpy as np
def maxpool_backward(X, dOut, size):
    return np.kron(dOut, np.ones((1, 1, size, size)))
'''),
    dict(id="ch7.maxpool_backward/state",
         exercise="ch7.maxpool_backward", verdict="wrong", kind="state_between_calls", factor=None,
         why="Remembers the switches at module level, like a layer's cache, and reuses them for any input of the same shape.",
         code='''
import numpy as np
_mask = None
def maxpool_backward(X, dOut, size):
    global _mask
    m, n, r, c = X.shape
    if _mask is None or _mask.shape != X.shape:     # the switches, remembered like a layer does
        w = X.reshape(m, n, r // size, size, c // size, size).transpose(0, 1, 2, 4, 3, 5).reshape(m, n, r // size, c // size, -1)
        onehot = np.eye(size * size)[w.argmax(-1)]
        _mask = onehot.reshape(m, n, r // size, c // size, size, size).transpose(0, 1, 2, 4, 3, 5).reshape(X.shape)
    return _mask * dOut.repeat(size, 2).repeat(size, 3)
'''),
    dict(id="ch7.maxpool_backward/string",
         exercise="ch7.maxpool_backward", verdict="wrong", kind="odd_return", factor=None,
         why='Returns a string describing the computation instead of the array.',
         code='''
def maxpool_backward(X, dOut, size):
    return "route each delta to the argmax"
'''),
    dict(id="ch7.maxpool_backward/ties-all",
         exercise="ch7.maxpool_backward", verdict="wrong", kind="ties", factor=None,
         why="Gives the whole of dOut to every entry that ties for the window's maximum.",
         code='''
import numpy as np
def maxpool_backward(X, dOut, size):
    up = lambda a: a.repeat(size, axis=2).repeat(size, axis=3)
    m, n, r, c = X.shape
    pooled = X.reshape(m, n, r // size, size, c // size, size).max(axis=(3, 5))
    return (X == up(pooled)) * up(dOut)
'''),
    dict(id="ch7.maxpool_backward/ties-column-major",
         exercise="ch7.maxpool_backward", verdict="wrong", kind="ties", factor=None,
         why='Takes the first maximum in column-major order, so a tie goes to another entry than the first in row-major order.',
         code='''
import numpy as np
def maxpool_backward(X, dOut, size):
    dX = np.zeros(X.shape)
    for idx in np.ndindex(*dOut.shape):
        i, j, u, v = idx
        w = X[i, j, u*size:(u+1)*size, v*size:(v+1)*size]
        s, t = np.unravel_index(w.T.argmax(), w.shape)   # reads column by column
        dX[i, j, u*size + t, v*size + s] = dOut[idx]
    return dX
'''),
    dict(id="ch7.maxpool_backward/ties-last",
         exercise="ch7.maxpool_backward", verdict="wrong", kind="ties", factor=None,
         why='Scans with >=, so a tie goes to the last maximum.',
         code='''
import numpy as np
def maxpool_backward(X, dOut, size):
    dX = np.zeros(X.shape)
    m, n, R, C = dOut.shape
    for i in range(m):
        for j in range(n):
            for u in range(R):
                for v in range(C):
                    best, bt, bs = -np.inf, 0, 0
                    for t in range(size):
                        for s in range(size):
                            x = X[i, j, u * size + t, v * size + s]
                            if x >= best:
                                best, bt, bs = x, t, s
                    dX[i, j, u * size + bt, v * size + bs] = dOut[i, j, u, v]
    return dX
'''),
    dict(id="ch7.maxpool_backward/ties-split",
         exercise="ch7.maxpool_backward", verdict="wrong", kind="ties", factor=None,
         why='Shares dOut equally among the tied maxima.',
         code='''
import numpy as np
def maxpool_backward(X, dOut, size):
    # share the delta among tied maxima, as central differences do
    up = lambda a: a.repeat(size, axis=2).repeat(size, axis=3)
    m, n, r, c = X.shape
    pooled = X.reshape(m, n, r // size, size, c // size, size).max(axis=(3, 5))
    mask = X == up(pooled)
    count = mask.reshape(m, n, r // size, size, c // size, size).sum(axis=(3, 5))
    return mask * up(dOut / count)
'''),
    dict(id="ch7.maxpool_backward/times-x",
         exercise="ch7.maxpool_backward", verdict="wrong", kind="other", factor=None,
         why='Multiplies the routed delta by the winning value, taking the local derivative of max as x.',
         code='''
import numpy as np
def maxpool_backward(X, dOut, size):
    # chain rule with the local derivative taken as the winning value
    up = lambda a: a.repeat(size, axis=2).repeat(size, axis=3)
    m, n, r, c = X.shape
    dX = np.zeros(X.shape)
    for idx in np.ndindex(*dOut.shape):
        i, j, u, v = idx
        w = X[i, j, u*size:(u+1)*size, v*size:(v+1)*size]
        t, s = np.unravel_index(w.argmax(), w.shape)
        dX[i, j, u*size + t, v*size + s] = dOut[idx] * w[t, s]
    return dX
'''),
]
