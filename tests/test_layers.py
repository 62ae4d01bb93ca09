"""Convolution, pooling and the layer model (``backprop_utils.layers``).

Every backward pass is checked twice: against central differences and
against autograd differentiating a naive reference written with slices
(a sum over the kernel offsets of shifted slices times weights). The
shapes, strides, paddings and batch sizes are drawn by hypothesis. Then
the identities the chapter states (im2col times the kernel is the
convolution, col2im is the adjoint of im2col, the input gradient is a
full convolution with the flipped kernel), the tie rule of max pooling,
``Sequential`` against a ``Network`` and against central differences,
training a ``Sequential``, and the errors a learner sees.
"""

import re

import autograd
import autograd.numpy as anp
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from backprop_utils import (
    ACTIVATIONS,
    Activation,
    AvgPool2D,
    Conv2D,
    Dense,
    Flatten,
    MaxPool2D,
    Network,
    Reshape,
    Sequential,
    avg_pool2d,
    avg_pool2d_backward,
    col2im,
    conv1d,
    conv1d_backward,
    conv2d,
    conv2d_backward,
    digits,
    gradient_descent,
    im2col,
    max_pool2d,
    max_pool2d_backward,
    numerical_gradient,
    one_hot,
    relative_error,
)

# Named tolerances (relative error of whole arrays, gradcheck's norm):
# autograd computes the same sums in another order, so only rounding
# separates the two; a central difference also has its step's rounding.
AUTOGRAD_TOL = 1e-12
CENTRAL_TOL = 1e-9
EXACT_TOL = 1e-13        # two exact formulas for the same numbers
# Central differences of maps that are linear in the perturbed array are
# exact for any step, so a larger step only means less rounding; a model
# with kinks (ReLU, max) gets the usual small step.
LINEAR_STEP = 1e-3
STEP = 1e-6
RICHARDSON_STEP = 1e-3

EXAMPLES = 25            # per property: the file stays fast


def close(a, b, tol, what):
    err = relative_error(a, b)
    assert err <= tol, f"{what}: relative error {err:.3g} > {tol:g}"


def central(f, x, h=RICHARDSON_STEP):
    """Central differences with Richardson's extrapolation: the error of
    ``D(h)`` is ``c h^2 + O(h^4)``, so ``(4 D(h/2) - D(h)) / 3`` cancels
    the ``h^2`` term, and a step large enough to keep rounding small
    (the cost is about 1 while its gradients are about 0.01) is still
    accurate."""
    return (4 * numerical_gradient(f, x, h / 2)
            - numerical_gradient(f, x, h)) / 3


# -- references --------------------------------------------------------------

def naive_conv2d(X, K, b, s, p):
    """Plain loops over every position: the definition, nothing else."""
    Xp = np.pad(X, ((0, 0), (0, 0), (p, p), (p, p)))
    m, C_out = X.shape[0], K.shape[0]
    kh, kw = K.shape[2:]
    Ho = (Xp.shape[2] - kh) // s + 1
    Wo = (Xp.shape[3] - kw) // s + 1
    Z = np.empty((m, C_out, Ho, Wo))
    for n in range(m):
        for o in range(C_out):
            for y in range(Ho):
                for x in range(Wo):
                    window = Xp[n, :, s * y:s * y + kh, s * x:s * x + kw]
                    Z[n, o, y, x] = np.sum(window * K[o]) + b[o]
    return Z


def offsets(shape, kh, kw, s):
    """The output size and, per kernel offset (i, j), the slices of a
    padded input that the offset reads at every output position; ``s``
    is one stride or a pair (down, across)."""
    sh, sw = (s, s) if np.isscalar(s) else s
    Ho = (shape[2] - kh) // sh + 1
    Wo = (shape[3] - kw) // sw + 1
    return Ho, Wo, [(i, j, (slice(None), slice(None),
                            slice(i, i + sh * (Ho - 1) + 1, sh),
                            slice(j, j + sw * (Wo - 1) + 1, sw)))
                    for i in range(kh) for j in range(kw)]


def ag_conv2d(X, K, b, s, p):
    """autograd.numpy: the sum over kernel offsets of shifted slices of
    the padded input times that offset's weights."""
    Xp = anp.pad(X, ((0, 0), (0, 0), (p, p), (p, p)), mode="constant")
    kh, kw = K.shape[2:]
    _, _, pieces = offsets(Xp.shape, kh, kw, s)
    Z = 0.0
    for i, j, sl in pieces:
        Z = Z + anp.einsum("nchw,oc->nohw", Xp[sl], K[:, :, i, j])
    return Z + b[None, :, None, None]


def ag_conv1d(X, K, b, s, p):
    """The same, in 1-D: shifted slices of the padded signals."""
    Xp = anp.pad(X, ((0, 0), (0, 0), (p, p)), mode="constant")
    k = K.shape[2]
    n_out = (Xp.shape[2] - k) // s + 1
    Z = 0.0
    for j in range(k):
        Z = Z + anp.einsum("nct,oc->not",
                           Xp[:, :, j:j + s * (n_out - 1) + 1:s], K[:, :, j])
    return Z + b[None, :, None]


def ag_max_pool(X, k, s):
    """A running maximum over the offsets in row-major order; a later
    entry replaces it only when strictly larger, so autograd sends the
    gradient to the first maximum, the rule of max_pool2d. ``k`` and
    ``s``: one size, or a pair (down, across)."""
    kh, kw = (k, k) if np.isscalar(k) else k
    _, _, pieces = offsets(X.shape, kh, kw, s)
    out = X[pieces[0][2]]
    for _, _, sl in pieces[1:]:
        out = anp.where(X[sl] > out, X[sl], out)
    return out


def ag_avg_pool(X, k, s):
    kh, kw = (k, k) if np.isscalar(k) else k
    _, _, pieces = offsets(X.shape, kh, kw, s)
    return sum(X[sl] for _, _, sl in pieces) / (kh * kw)


# -- drawn problems ----------------------------------------------------------

@st.composite
def conv_problems(draw, one_d=False):
    """Shapes whose stride fits exactly, and random numbers."""
    m = draw(st.integers(1, 3))
    C_in, C_out = draw(st.integers(1, 3)), draw(st.integers(1, 3))
    s = draw(st.integers(1, 3))
    kh = 1 if one_d else draw(st.integers(1, 4))
    kw = draw(st.integers(1, 4))
    Ho = 1 if one_d else draw(st.integers(1, 4))
    Wo = draw(st.integers(1, 4))
    p = draw(st.integers(0, 2))
    # inputs longer by up to min(p, s - 1): the last window then ends
    # before the end of the padding, which a stride may skip (the input
    # itself is still read to its last row)
    skip_h = 0 if one_d else draw(st.integers(0, min(p, s - 1)))
    skip_w = draw(st.integers(0, min(p, s - 1)))
    H = s * (Ho - 1) + kh - 2 * (0 if one_d else p) + skip_h
    W = s * (Wo - 1) + kw - 2 * p + skip_w
    if H < 1 or W < 1:                    # too much padding for this size
        p, H, W = 0, s * (Ho - 1) + kh, s * (Wo - 1) + kw
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    X = rng.standard_normal((m, C_in, H, W))
    K = rng.standard_normal((C_out, C_in, kh, kw))
    b = rng.standard_normal(C_out)
    dZ = rng.standard_normal((m, C_out, Ho, Wo))
    return X, K, b, s, p, dZ


@st.composite
def pool_problems(draw):
    """A window and a stride, each one size or a pair (down, across):
    non-square windows, and strides that differ between the axes."""
    m, C = draw(st.integers(1, 3)), draw(st.integers(1, 3))
    kh, kw = draw(st.integers(1, 3)), draw(st.integers(1, 3))
    sh, sw = draw(st.integers(1, 3)), draw(st.integers(1, 3))
    k = kh if kh == kw and draw(st.booleans()) else (kh, kw)
    s = sh if sh == sw and draw(st.booleans()) else (sh, sw)
    Ho, Wo = draw(st.integers(1, 4)), draw(st.integers(1, 4))
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    X = rng.standard_normal((m, C, sh * (Ho - 1) + kh, sw * (Wo - 1) + kw))
    dOut = rng.standard_normal((m, C, Ho, Wo))
    return X, k, s, dOut


# -- convolution --------------------------------------------------------------

@settings(max_examples=EXAMPLES)
@given(conv_problems())
def test_conv2d_is_the_definition_and_im2col_times_the_kernel(problem):
    X, K, b, s, p, _ = problem
    want = naive_conv2d(X, K, b, s, p)
    close(conv2d(X, K, b, stride=s, padding=p), want, EXACT_TOL, "conv2d")
    cols = im2col(X, K.shape[2:], stride=s, padding=p)
    m, C_out, Ho, Wo = want.shape
    rows = cols @ K.reshape(C_out, -1).T + b     # one row per position
    close(rows.reshape(m, Ho, Wo, C_out).transpose(0, 3, 1, 2), want,
          EXACT_TOL, "im2col @ K")
    # and each row is the window, read channel by channel, row by row
    Xp = np.pad(X, ((0, 0), (0, 0), (p, p), (p, p)))
    kh, kw = K.shape[2:]
    n, y, x = m - 1, Ho - 1, Wo // 2
    window = Xp[n, :, s * y:s * y + kh, s * x:s * x + kw]
    np.testing.assert_array_equal(cols[(n * Ho + y) * Wo + x],
                                  window.ravel())


@settings(max_examples=EXAMPLES)
@given(conv_problems())
def test_col2im_is_the_adjoint_of_im2col(problem):
    X, K, _, s, p, _ = problem
    cols = im2col(X, K.shape[2:], stride=s, padding=p)
    C = np.random.default_rng(1).standard_normal(cols.shape)
    lhs = np.sum(cols * C)                         # <im2col(x), c>
    rhs = np.sum(X * col2im(C, X.shape, K.shape[2:], stride=s,
                            padding=p))            # <x, col2im(c)>
    assert abs(lhs - rhs) <= EXACT_TOL * (abs(lhs) + abs(rhs) + 1), (
        lhs, rhs)


@settings(max_examples=EXAMPLES)
@given(conv_problems())
def test_conv2d_backward_against_autograd(problem):
    X, K, b, s, p, dZ = problem
    dX, dK, db = conv2d_backward(dZ, X, K, stride=s, padding=p)

    def C(X, K, b):              # a scalar whose dC/dZ is dZ
        return anp.sum(ag_conv2d(X, K, b, s, p) * dZ)

    close(dX, autograd.grad(C, 0)(X, K, b), AUTOGRAD_TOL, "dX")
    close(dK, autograd.grad(C, 1)(X, K, b), AUTOGRAD_TOL, "dK")
    close(db, autograd.grad(C, 2)(X, K, b), AUTOGRAD_TOL, "db")
    # the reference is the same function as conv2d
    close(ag_conv2d(X, K, b, s, p), conv2d(X, K, b, s, p), EXACT_TOL, "Z")


@settings(max_examples=EXAMPLES)
@given(conv_problems())
def test_conv2d_backward_against_central_differences(problem):
    X, K, b, s, p, dZ = problem
    dX, dK, db = conv2d_backward(dZ, X, K, stride=s, padding=p)
    X, K, b = X.copy(), K.copy(), b.copy()     # perturbed in place

    def C(_):
        return float(np.sum(conv2d(X, K, b, stride=s, padding=p) * dZ))

    for name, got, arr in (("dX", dX, X), ("dK", dK, K), ("db", db, b)):
        close(got, numerical_gradient(C, arr, LINEAR_STEP), CENTRAL_TOL,
              name)


@settings(max_examples=EXAMPLES)
@given(conv_problems())
def test_the_input_gradient_is_a_full_convolution_with_the_flipped_kernel(
        problem):
    X, K, b, s, p, dZ = problem
    kh, kw = K.shape[2:]
    m, C_out, Ho, Wo = dZ.shape
    # dZ spread out by the stride, padded by kh - 1 and kw - 1 (full)
    spread = np.zeros((m, C_out, s * (Ho - 1) + 1, s * (Wo - 1) + 1))
    spread[:, :, ::s, ::s] = dZ
    full = np.pad(spread, ((0, 0), (0, 0), (kh - 1, kh - 1),
                           (kw - 1, kw - 1)))
    flipped = K[:, :, ::-1, ::-1].transpose(1, 0, 2, 3)   # (C_in, C_out)
    dXp = conv2d(full, flipped, np.zeros(K.shape[1]))
    H, W = X.shape[2:]
    dX = conv2d_backward(dZ, X, K, stride=s, padding=p)[0]
    close(dXp[:, :, p:p + H, p:p + W], dX, EXACT_TOL, "dX")


@settings(max_examples=EXAMPLES)
@given(conv_problems(one_d=True))
def test_conv1d_is_conv2d_on_rows_and_its_backward(problem):
    X4, K4, b, s, p, dZ4 = problem
    X, K, dZ = X4[:, :, 0, :], K4[:, :, 0, :], dZ4[:, :, 0, :]
    Z = conv1d(X, K, b, stride=s, padding=p)
    assert Z.shape == dZ.shape
    # the definition: Z[i, o, t] = b[o] + sum_{c, j} K[o, c, j] Xp[i, c, st+j]
    Xp = np.pad(X, ((0, 0), (0, 0), (p, p)))
    k = K.shape[2]
    want = np.stack([np.einsum("ncj,ocj->no", Xp[:, :, s * t:s * t + k], K)
                     for t in range(Z.shape[2])], axis=2) + b[:, None]
    close(Z, want, EXACT_TOL, "conv1d")
    dX, dK, db = conv1d_backward(dZ, X, K, stride=s, padding=p)

    def C(X, K, b):
        return anp.sum(ag_conv1d(X, K, b, s, p) * dZ)

    close(dX, autograd.grad(C, 0)(X, K, b), AUTOGRAD_TOL, "dX")
    close(dK, autograd.grad(C, 1)(X, K, b), AUTOGRAD_TOL, "dK")
    close(db, autograd.grad(C, 2)(X, K, b), AUTOGRAD_TOL, "db")
    X, K, b = X.copy(), K.copy(), b.copy()

    def J(_):
        return float(np.sum(conv1d(X, K, b, stride=s, padding=p) * dZ))

    for name, got, arr in (("dX", dX, X), ("dK", dK, K), ("db", db, b)):
        close(got, numerical_gradient(J, arr, LINEAR_STEP), CENTRAL_TOL,
              name)


@pytest.mark.parametrize("size", [8, 28])
def test_a_stride_may_skip_padding_but_not_the_input(size):
    # 3 x 3, stride 2, padding 1 on an even size (the digits, MNIST): the
    # last window ends on the last pixel, one padding row is never read;
    # the output is floor((n + 2 - 3) / 2) + 1 = n / 2, as in PyTorch
    rng = np.random.default_rng(size)
    X = rng.standard_normal((2, 2, size, size))
    K, b = rng.standard_normal((3, 2, 3, 3)), rng.standard_normal(3)
    Z = conv2d(X, K, b, stride=2, padding=1)
    assert Z.shape == (2, 3, size // 2, size // 2)
    close(Z, naive_conv2d(X, K, b, 2, 1), EXACT_TOL, "Z")
    dZ = rng.standard_normal(Z.shape)
    dX, dK, db = conv2d_backward(dZ, X, K, stride=2, padding=1)

    def C(X, K, b):
        return anp.sum(ag_conv2d(X, K, b, 2, 1) * dZ)

    for i, (name, got) in enumerate((("dX", dX), ("dK", dK), ("db", db))):
        close(got, autograd.grad(C, i)(X, K, b), AUTOGRAD_TOL, name)
    # every pixel is read: the last row and column have gradients
    assert np.all(dX[:, :, -1, :] != 0) and np.all(dX[:, :, :, -1] != 0)
    assert Conv2D(2, 3, 3, stride=2, padding=1).output_shape(
        X.shape) == Z.shape
    # an odd size fits exactly; without the padding, the stride would
    # leave the image's own last row unread: refused
    assert conv2d(X[:, :, 1:, 1:], K, b, stride=2, padding=1).shape == (
        2, 3, size // 2, size // 2)
    with pytest.raises(ValueError, match=r"conv2d: stride 2 does not fit "
                       r"the input height: .* so the last row of the "
                       r"input would never be read"):
        conv2d(X, K, b, stride=2, padding=0)


def test_a_shared_parameter_array_is_refused():
    # gradient descent would apply one of its two gradients only
    d = Dense(3, 3)
    with pytest.raises(ValueError, match=r"W of layer 3 \(Dense\(3, 3\)\) "
                       r"is the same array as W of layer 1: .* not their "
                       r"sum"):
        Sequential([d, Activation("tanh"), d], loss="half_squared_error")
    other = Dense(3, 3, seed=1)
    model = Sequential([d, Activation("tanh"), other],
                       loss="half_squared_error")
    other.params["b"] = d.params["b"]          # after construction
    with pytest.raises(ValueError, match=r"b of layer 3 .* same array as "
                       r"b of layer 1"):
        model.cost(np.zeros((2, 3)), np.zeros((2, 3)))


def test_caches_and_views_stay_what_they_were():
    rng = np.random.default_rng(5)
    # a cache kept across an update of the parameters (training changes
    # them in place) still gives the backward pass of its forward pass
    for layer, shape in ((Conv2D(2, 3, 3, padding=1), (2, 2, 5, 5)),
                         (Dense(4, 3), (2, 4))):
        X = rng.standard_normal(shape)
        out, cache = layer.forward(X)
        dOut = rng.standard_normal(out.shape)
        before = layer.backward(dOut, cache)
        for p in layer.params.values():
            p += 1.0
        after = layer.backward(dOut, cache)
        np.testing.assert_array_equal(after[0], before[0])
    # max pooling keeps X as it was, whatever the caller does with X
    X = rng.standard_normal((1, 2, 4, 4))
    pool = MaxPool2D(2)
    out, cache = pool.forward(X)
    dOut = rng.standard_normal(out.shape)
    want = pool.backward(dOut, cache)[0]
    X[...] = 0.0
    np.testing.assert_array_equal(pool.backward(dOut, cache)[0], want)
    # a reshaping layer's output is a view that cannot write into X
    for layer in (Flatten(), Reshape((2, 8))):
        X = rng.standard_normal((3, 2, 2, 4))
        out, cache = layer.forward(X)
        with pytest.raises(ValueError, match="read-only"):
            out[...] = 99.0
        dX, _ = layer.backward(np.ones(out.shape), cache)
        with pytest.raises(ValueError, match="read-only"):
            dX[...] = 99.0


def test_conv2d_by_hand():
    # a 3x3 image, one 2x2 kernel, stride 1, no padding:
    #   Z[0, 0] = 1*1 + 2*0 + 4*0 + 5*(-1) = -4, and so on: each entry is
    #   the top-left pixel of its window minus the bottom-right one
    X = np.arange(1.0, 10.0).reshape(1, 1, 3, 3)
    K = np.array([[[[1.0, 0.0], [0.0, -1.0]]]])
    Z = conv2d(X, K, [0.5])
    np.testing.assert_array_equal(Z, [[[[-3.5, -3.5], [-3.5, -3.5]]]])
    # the same kernel with padding 1: the corners see one pixel each
    Zp = conv2d(X, K, [0.0], padding=1)
    assert Zp.shape == (1, 1, 4, 4)
    assert Zp[0, 0, 0, 0] == -1.0 and Zp[0, 0, 3, 3] == 9.0


# -- pooling ------------------------------------------------------------------

@settings(max_examples=EXAMPLES)
@given(pool_problems())
def test_max_pool_against_autograd_and_central_differences(problem):
    X, k, s, dOut = problem
    out = max_pool2d(X, k, stride=s)
    close(out, ag_max_pool(X, k, s), 0.0, "max_pool2d")
    dX = max_pool2d_backward(dOut, X, k, stride=s)
    close(dX, autograd.grad(lambda X: anp.sum(ag_max_pool(X, k, s) * dOut))(
        X), AUTOGRAD_TOL, "dX")
    X = X.copy()
    close(dX, numerical_gradient(
        lambda _: float(np.sum(max_pool2d(X, k, stride=s) * dOut)), X,
        STEP), CENTRAL_TOL, "dX")


@settings(max_examples=EXAMPLES)
@given(pool_problems())
def test_avg_pool_against_autograd_and_central_differences(problem):
    X, k, s, dOut = problem
    close(avg_pool2d(X, k, stride=s), ag_avg_pool(X, k, s), EXACT_TOL,
          "avg_pool2d")
    dX = avg_pool2d_backward(dOut, X.shape, k, stride=s)
    close(dX, autograd.grad(lambda X: anp.sum(ag_avg_pool(X, k, s) * dOut))(
        X), AUTOGRAD_TOL, "dX")
    X = X.copy()
    close(dX, numerical_gradient(
        lambda _: float(np.sum(avg_pool2d(X, k, stride=s) * dOut)), X,
        LINEAR_STEP), CENTRAL_TOL, "dX")


def test_max_pool_ties_go_to_the_first_maximum_in_row_major_order():
    # window 1: 3 at (0, 1) and at (1, 0): the first in row-major order
    # is (0, 1). Window 2: all four equal: (0, 0). Window 3: the maximum
    # 5 is alone, at (1, 1).
    X = np.array([[[[1.0, 3.0, 2.0, 2.0, 0.0, 0.0],
                    [3.0, 0.0, 2.0, 2.0, 0.0, 5.0]]]])
    dX = max_pool2d_backward([[[[10.0, 20.0, 30.0]]]], X, 2)
    np.testing.assert_array_equal(
        dX, [[[[0.0, 10.0, 20.0, 0.0, 0.0, 0.0],
               [0.0, 0.0, 0.0, 0.0, 0.0, 30.0]]]])
    # the layer follows the same rule
    out, cache = MaxPool2D(2).forward(X)
    np.testing.assert_array_equal(out, [[[[3.0, 2.0, 5.0]]]])
    np.testing.assert_array_equal(
        MaxPool2D(2).backward([[[[10.0, 20.0, 30.0]]]], cache)[0], dX)


def test_overlapping_max_windows_add_up():
    # stride 1: the centre 9 is the maximum of all four 2x2 windows
    X = np.zeros((1, 1, 3, 3))
    X[0, 0, 1, 1] = 9.0
    dX = max_pool2d_backward(np.ones((1, 1, 2, 2)), X, 2, stride=1)
    assert dX[0, 0, 1, 1] == 4.0 and dX.sum() == 4.0


def test_avg_pool_spreads_equally():
    dX = avg_pool2d_backward(np.array([[[[4.0, 8.0]]]]), (1, 1, 2, 4), 2)
    np.testing.assert_array_equal(dX, [[[[1.0, 1.0, 2.0, 2.0],
                                         [1.0, 1.0, 2.0, 2.0]]]])
    # overlapping windows (3x3, stride 1 on 4x4): a pixel gets 1/9 from
    # each window that holds it, so the corners 1/9 and the centre 4/9
    dX = avg_pool2d_backward(np.ones((1, 1, 2, 2)), (1, 1, 4, 4), 3, 1)
    np.testing.assert_allclose(dX[0, 0, 0, 0], 1 / 9, rtol=1e-15)
    np.testing.assert_allclose(dX[0, 0, 1, 1], 4 / 9, rtol=1e-15)


# -- the layers ---------------------------------------------------------------

def layer_cases():
    """(layer, input shape) pairs covering every layer type."""
    cases = [
        (Conv2D(2, 3, 3, seed=1), (2, 2, 5, 5)),
        (Conv2D(1, 2, (2, 3), stride=2, padding=1, seed=2), (3, 1, 4, 5)),
        (MaxPool2D(2), (2, 3, 4, 6)),
        (MaxPool2D(3, stride=1), (1, 2, 4, 4)),
        (AvgPool2D(2), (2, 2, 4, 4)),
        (AvgPool2D((1, 2), stride=1), (1, 1, 2, 3)),
        (Flatten(), (2, 3, 2, 2)),
        (Reshape((1, 2, 3)), (4, 6)),
        (Dense(4, 3, seed=3), (5, 4)),
        (Dense(3, 2, seed=4), (2, 4, 3)),        # a sequence per example
    ]
    cases += [(Activation(name), (3, 2, 2)) for name in sorted(ACTIVATIONS)]
    return cases


CASES = layer_cases()


@pytest.mark.parametrize("layer, shape", CASES,
                         ids=[repr(c[0]) for c in CASES])
def test_each_layer_against_central_differences(layer, shape):
    rng = np.random.default_rng(7)
    X = rng.standard_normal(shape)
    X_before = X.copy()
    params_before = {k: v.copy() for k, v in layer.params.items()}
    out, cache = layer.forward(X)
    assert out.shape == layer.output_shape(shape)
    R = rng.standard_normal(out.shape)            # dC/d(out)
    R_before = R.copy()
    dX, grads = layer.backward(R, cache)
    # pure: nothing it was given has changed, forward or backward
    np.testing.assert_array_equal(X, X_before)
    np.testing.assert_array_equal(R, R_before)
    for k, v in layer.params.items():
        np.testing.assert_array_equal(v, params_before[k])
    assert dX.shape == X.shape
    assert set(grads) == set(layer.params)

    def C(_):
        return float(np.sum(layer.forward(X)[0] * R))

    # piecewise linear layers: a small step, which crosses no kink (and
    # is exact between kinks); smooth ones: the extrapolated differences
    kinked = isinstance(layer, MaxPool2D) or getattr(
        layer, "name", "") in ("relu", "leaky_relu")

    def numeric(arr):
        return (numerical_gradient(C, arr, STEP) if kinked
                else central(C, arr))

    close(dX, numeric(X), CENTRAL_TOL, "dX")
    for name, p in layer.params.items():
        assert grads[name].shape == p.shape
        close(grads[name], numeric(p), CENTRAL_TOL, f"d{name}")


def test_layers_match_the_functional_cores():
    rng = np.random.default_rng(8)
    X = rng.standard_normal((2, 2, 6, 6))
    conv = Conv2D(2, 3, 3, stride=1, padding=1, seed=5)
    K, b = conv.params["K"], conv.params["b"]
    Z, cache = conv.forward(X)
    np.testing.assert_array_equal(Z, conv2d(X, K, b, padding=1))
    dZ = rng.standard_normal(Z.shape)
    dX, g = conv.backward(dZ, cache)
    for got, want in zip((dX, g["K"], g["b"]),
                         conv2d_backward(dZ, X, K, padding=1)):
        np.testing.assert_array_equal(got, want)
    pool = MaxPool2D(2)
    out, cache = pool.forward(X)
    np.testing.assert_array_equal(out, max_pool2d(X, 2))
    d = rng.standard_normal(out.shape)
    np.testing.assert_array_equal(pool.backward(d, cache)[0],
                                  max_pool2d_backward(d, X, 2))


def test_a_layer_keeps_no_state_between_calls():
    conv = Conv2D(1, 2, 2, seed=0)
    rng = np.random.default_rng(9)
    X1, X2 = rng.standard_normal((2, 3, 1, 3, 3))
    _, cache1 = conv.forward(X1)
    conv.forward(X2)                            # another call between
    dZ = np.ones((3, 2, 2, 2))
    got = conv.backward(dZ, cache1)
    want = conv2d_backward(dZ, X1, conv.params["K"])
    for a, b in zip((got[0], got[1]["K"], got[1]["b"]), want):
        np.testing.assert_array_equal(a, b)


def test_initial_weights_are_seeded_with_fan_in_scale():
    a, b = Conv2D(4, 64, 5, seed=3), Conv2D(4, 64, 5, seed=3)
    np.testing.assert_array_equal(a.params["K"], b.params["K"])
    np.testing.assert_array_equal(a.params["b"], 0.0)
    # std 1/sqrt(4 * 5 * 5) = 0.1, from 6400 draws: within a few percent
    assert abs(a.params["K"].std() - 0.1) < 0.005
    rng = np.random.default_rng(0)
    c, d = Conv2D(1, 2, 3, seed=rng), Conv2D(1, 2, 3, seed=rng)
    assert not np.array_equal(c.params["K"], d.params["K"])
    assert c.params["K"].dtype == np.float64


# -- Sequential ---------------------------------------------------------------

def tiny_cnn(seed=0, act="tanh"):
    rng = np.random.default_rng(seed)
    return Sequential([
        Reshape((1, 5, 5)),
        Conv2D(1, 2, 2, seed=rng),                         # 2 x 4 x 4
        Activation(act),
        MaxPool2D(2),                                      # 2 x 2 x 2
        Conv2D(2, 3, 2, stride=1, padding=1, seed=rng),    # 3 x 3 x 3
        Activation(act),
        AvgPool2D(3),                                      # 3 x 1 x 1
        Flatten(),
        Dense(3, 4, seed=rng),
    ], loss="cross_entropy")


@pytest.mark.parametrize("loss, act", [("cross_entropy", "tanh"),
                                       ("cross_entropy", "relu"),
                                       ("half_squared_error", "sigmoid"),
                                       ("squared_error", "tanh"),
                                       ("binary_cross_entropy", "tanh")])
def test_sequential_backward_against_central_differences(loss, act):
    model = tiny_cnn(1, act)
    model.loss_name = loss
    rng = np.random.default_rng(2)
    X = rng.uniform(0, 1, (3, 25))
    Y = (one_hot([0, 3, 1], 4) if loss == "cross_entropy"
         else rng.uniform(0, 1, (3, 4)))
    g = model.backward(X, Y)
    assert g.cost == model.cost(X, Y)
    # the model has kinks (max pooling; ReLU), which the differences
    # must not cross: every step they take (+-h, +-h/2 on one entry of
    # one parameter) keeps each window's maximum where it was and each
    # ReLU input on its side of 0. The step is small enough for that and
    # still extrapolated (rounding stays near 1e-12).
    h = 1e-4

    def kinks():
        a = model.forward(X).a
        windows = a[3].reshape(3, 2, 2, 2, 2, 2).transpose(
            0, 1, 2, 4, 3, 5).reshape(3, 2, 2, 2, 4)
        return np.argmax(windows, axis=-1), a[2] > 0, a[5] > 0

    where = kinks()
    for layer in model.layers:
        for p in layer.params.values():
            for k in range(p.size):
                for step in (h, -h, h / 2, -h / 2):
                    p.flat[k] += step
                    moved = kinks()
                    p.flat[k] -= step
                    assert all(np.array_equal(u, v)
                               for u, v in zip(moved, where)), (
                        f"a step of {step} on {layer!r} crosses a kink")

    def J(_):
        return model.cost(X, Y)

    for l, layer in enumerate(model.layers, start=1):
        assert set(g.grads[l - 1]) == set(layer.params)
        for name, p in layer.params.items():
            close(g.grads[l - 1][name], central(J, p, h), CENTRAL_TOL,
                  f"{name}^({l})")
    # the adjoints: dℒ by each layer's output, per example; for the
    # batch, m times dJ by that output
    for l in (4, 9):
        a = g.forward.a[l].copy()
        if l == 4:                # the second ReLU lies downstream
            side = g.forward.a[5] > 0
            for k in range(a.size):
                for step in (h, -h, h / 2, -h / 2):
                    moved = a.copy()
                    moved.flat[k] += step
                    z = model.layers[4].forward(moved)[0]
                    assert np.array_equal(z > 0, side), (
                        f"a step of {step} on a^(4) crosses a kink")

        def J_of_a(_, l=l, a=a):
            out = a
            for layer in model.layers[l:]:
                out = layer.forward(out)[0]
            return float(np.mean(model._losses(out, Y)))

        close(g.adjoints[l - 1], X.shape[0] * central(J_of_a, a, h),
              CENTRAL_TOL, f"adjoint {l}")


def test_sequential_against_autograd():
    model = tiny_cnn(4, "tanh")
    rng = np.random.default_rng(5)
    X = rng.uniform(0, 1, (4, 25))
    Y = one_hot([0, 1, 2, 3], 4)
    g = model.backward(X, Y)
    c1, c2, dense = model.layers[1], model.layers[4], model.layers[8]

    def J(K1, b1, K2, b2, W, b):
        A = anp.tanh(ag_conv2d(X.reshape(4, 1, 5, 5), K1, b1, 1, 0))
        A = ag_max_pool(A, 2, 2)
        A = anp.tanh(ag_conv2d(A, K2, b2, 1, 1))
        A = ag_avg_pool(A, 3, 3).reshape(4, 3)
        Z = anp.dot(A, W.T) + b
        lse = anp.log(anp.sum(anp.exp(Z), axis=1))
        return anp.mean(lse - anp.sum(Y * Z, axis=1))

    args = (c1.params["K"], c1.params["b"], c2.params["K"], c2.params["b"],
            dense.params["W"], dense.params["b"])
    assert abs(J(*args) - g.cost) <= 1e-13 * g.cost
    ours = [g.grads[1]["K"], g.grads[1]["b"], g.grads[4]["K"],
            g.grads[4]["b"], g.grads[8]["W"], g.grads[8]["b"]]
    for i, got in enumerate(ours):
        close(got, autograd.grad(J, i)(*args), AUTOGRAD_TOL, f"arg {i}")


def mirror(net):
    """The Sequential of Dense and Activation layers that is ``net``
    (a softmax output is inside the cross-entropy loss; an identity
    output needs no layer)."""
    layers = []
    for W, b, act in zip(net.weights, net.biases, net.activation_names):
        dense = Dense(W.shape[1], W.shape[0])
        dense.params = {"W": W.copy(), "b": b.copy()}
        layers.append(dense)
        if act not in ("softmax", "identity"):
            layers.append(Activation(act))
    return Sequential(layers, net.loss_name)


@pytest.mark.parametrize("acts, loss", [
    (["relu", "tanh", "softmax"], "cross_entropy"),
    (["sigmoid", "leaky_relu", "identity"], "half_squared_error"),
    (["tanh", "relu", "identity"], "squared_error"),
])
def test_sequential_of_dense_layers_is_the_network(acts, loss):
    net = Network([3, 5, 4, 3], acts, loss, seed=1)
    model = mirror(net)
    rng = np.random.default_rng(3)
    X = rng.standard_normal((6, 3))
    Y = (one_hot([0, 1, 2, 0, 1, 2], 3) if loss == "cross_entropy"
         else rng.standard_normal((6, 3)))
    gn, gs = net.backward(X, Y), model.backward(X, Y)
    assert gn.cost == gs.cost
    dense = [l for l, layer in enumerate(model.layers) if
             isinstance(layer, Dense)]
    for i, l in enumerate(dense):
        # the same operations in the same order: the same numbers
        np.testing.assert_array_equal(gs.grads[l]["W"], gn.dW[i])
        np.testing.assert_array_equal(gs.grads[l]["b"], gn.db[i])
        np.testing.assert_array_equal(gs.adjoints[l], gn.delta[i])
    # trained side by side: the same parameters
    hn = gradient_descent(net, X, Y, 0.1, 3, batch_size=4, seed=2)
    hs = gradient_descent(model, X, Y, 0.1, 3, batch_size=4, seed=2)
    np.testing.assert_allclose(hs.cost, hn.cost, rtol=1e-13)
    for i, l in enumerate(dense):
        np.testing.assert_allclose(model.layers[l].params["W"],
                                   net.weights[i], rtol=1e-13, atol=1e-15)


def test_sequential_matches_network_initial_weights():
    rng = np.random.default_rng(0)
    model = Sequential([Dense(2, 3, seed=rng), Activation("relu"),
                        Dense(3, 1, seed=rng)], "half_squared_error")
    net = Network([2, 3, 1], ["relu", "identity"], seed=0)
    np.testing.assert_array_equal(model.layers[0].params["W"],
                                  net.weights[0])
    np.testing.assert_array_equal(model.layers[2].params["W"],
                                  net.weights[1])


def test_sequential_bookkeeping():
    model = tiny_cnn()
    names = [n for n, _ in model.parameters()]
    assert names == ["K^(2)", "b^(2)", "K^(5)", "b^(5)", "W^(9)", "b^(9)"]
    assert model.n_parameters() == 8 + 2 + 24 + 3 + 12 + 4
    twin = model.copy()
    twin.layers[1].params["K"][...] = 0.0
    assert model.layers[1].params["K"].any()
    text = repr(model)
    assert "(2) Conv2D(1, 2, kernel_size=2)" in text
    assert "loss='cross_entropy'" in text
    assert all(len(line) <= 79 for line in text.splitlines())
    X = np.random.default_rng(0).uniform(0, 1, (3, 25))
    P = model.predict(X)
    np.testing.assert_allclose(P.sum(axis=1), 1.0, rtol=1e-15)
    fp = model.forward(X)
    assert len(fp.a) == 10 and fp.a[0] is not None
    assert [a.shape for a in fp.a[1:4]] == [(3, 1, 5, 5), (3, 2, 4, 4),
                                            (3, 2, 4, 4)]


# -- training a Sequential ----------------------------------------------------

def digits_cnn(seed=0):
    rng = np.random.default_rng(seed)
    return Sequential([Reshape((1, 8, 8)),
                       Conv2D(1, 8, 3, padding=1, seed=rng),
                       Activation("relu"), MaxPool2D(2), Flatten(),
                       Dense(128, 10, seed=rng)], "cross_entropy")


def test_the_chapter_cnn_learns_the_digits_in_two_epochs():
    d = digits()
    X, Y = d.train.X, d.train.Y
    X_before, Y_before = X.copy(), Y.copy()
    model = digits_cnn()
    seen = []
    hist = gradient_descent(model, X, Y, 0.1, 2, batch_size=32, seed=0,
                            callback=lambda k, mdl, c: seen.append(
                                (k, mdl is model, c)))
    steps = 2 * -(-X.shape[0] // 32)             # 34 per epoch
    assert hist.updates == steps and len(hist.batch_costs) == steps
    assert [k for k, _, _ in seen] == list(range(1, steps + 1))
    assert all(same for _, same, _ in seen)
    assert [c for _, _, c in seen] == hist.batch_costs
    assert hist.cost.shape == (3,) and not hist.diverged
    assert hist.cost[0] > hist.cost[1] > hist.cost[2]
    assert hist.cost[2] < 0.5 * hist.cost[0]
    np.testing.assert_array_equal(X, X_before)
    np.testing.assert_array_equal(Y, Y_before)
    np.testing.assert_allclose(hist.cost[-1], model.cost(X, Y), rtol=1e-13)


def test_one_full_batch_step_uses_the_old_gradients():
    model = tiny_cnn(2, "tanh")
    rng = np.random.default_rng(4)
    X = rng.uniform(0, 1, (5, 25))
    Y = one_hot([0, 1, 2, 3, 0], 4)
    old = model.copy()
    g = old.backward(X, Y)
    hist = gradient_descent(model, X, Y, 0.5, 1)
    assert hist.updates == 1 and hist.batch_costs == [g.cost]
    for layer, old_layer, grads in zip(model.layers, old.layers, g.grads):
        for name, p in layer.params.items():
            np.testing.assert_allclose(
                p, old_layer.params[name] - 0.5 * grads[name], rtol=1e-14,
                atol=1e-16)


def test_training_keeps_the_layers_arrays_and_is_seeded():
    X = np.random.default_rng(5).uniform(0, 1, (10, 25))
    Y = one_hot(np.arange(10) % 4, 4)
    a, b = tiny_cnn(3), tiny_cnn(3)
    K = a.layers[1].params["K"]
    ha = gradient_descent(a, X, Y, 0.3, 3, batch_size=4, seed=9)
    hb = gradient_descent(b, X, Y, 0.3, 3, batch_size=4, seed=9)
    assert a.layers[1].params["K"] is K          # updated in place
    np.testing.assert_array_equal(ha.cost, hb.cost)
    assert ha.updates == 9 and ha.cost.shape == (4,)
    hc = gradient_descent(tiny_cnn(3), X, Y, 0.3, 3, batch_size=4, seed=8)
    assert not np.array_equal(ha.cost, hc.cost)  # other batches


def test_a_huge_learning_rate_diverges_and_keeps_finite_parameters():
    model = Sequential([Dense(2, 1)], "half_squared_error")
    X = np.random.default_rng(0).standard_normal((20, 2))
    Y = X @ np.array([[2.0], [-1.0]])
    hist = gradient_descent(model, X, Y, 50.0, 5000)
    assert hist.diverged and hist.updates < 5000
    assert all(np.isfinite(p).all() for _, p in model.parameters())
    assert hist.cost[-1] > 1e100 * hist.cost[0]


def test_zero_epochs_change_nothing():
    model = tiny_cnn()
    before = [p.copy() for _, p in model.parameters()]
    X = np.zeros((2, 25))
    hist = gradient_descent(model, X, one_hot([0, 1], 4), 0.1, 0)
    assert hist.updates == 0 and hist.cost.shape == (1,)
    for b, (_, p) in zip(before, model.parameters()):
        np.testing.assert_array_equal(p, b)


def test_a_callback_that_breaks_the_model_is_caught():
    model = tiny_cnn()

    def spoil(update, mdl, cost):
        mdl.layers[1].params["K"] = np.zeros((2, 1, 3, 3))

    with pytest.raises(TypeError, match=re.escape(
            "Conv2D(1, 2, kernel_size=2).params['K'] must be a float64 "
            "numpy array of shape (C_out, C_in, kh, kw) = (2, 1, 2, 2)")):
        gradient_descent(model, np.zeros((4, 25)), one_hot([0] * 4, 4),
                         0.1, 1, batch_size=2, callback=spoil)


# -- bad input: clear errors, nothing changed ---------------------------------

X8 = np.random.default_rng(0).standard_normal((2, 1, 8, 8))
K3 = np.random.default_rng(1).standard_normal((4, 1, 3, 3))
B4 = np.zeros(4)


def with_nan(a, at):
    a = a.copy()
    a[at] = np.nan
    return a


BAD_CALLS = [
    ("stride that does not fit",
     lambda: conv2d(X8, K3, B4, stride=2), ValueError,
     r"conv2d: stride 2 does not fit the input height: height - window "
     r"= 8 - 3 = 5 is not a multiple of 2, so the "
     r"last row of the input would never be read\. An "
     r"input height of 7 or 9 fits"),
    ("kernel larger than the padded input",
     lambda: conv2d(X8[:, :, :2, :2], K3, B4), ValueError,
     r"the window \(3\) is larger than the input along the height \(2\); "
     r"the input height must be at least 3"),
    ("one image without the batch axis",
     lambda: conv2d(X8[0], K3, B4), ValueError,
     r"X must be 4-D, a batch of shape \(m, C_in, H, W\) .* got shape "
     r"\(1, 8, 8\)\. For one example, pass X\[None\], shape "
     r"\(1, C_in, H, W\)"),
    ("wrong number of channels",
     lambda: conv2d(np.zeros((2, 3, 8, 8)), K3, B4), ValueError,
     r"K has C_in = 1 input channel\(s\) \(K.shape\[1\]\) but X has 3"),
    ("bias of the wrong shape",
     lambda: conv2d(X8, K3, np.zeros(3)), ValueError,
     r"b must have shape \(C_out,\) = \(4,\), one bias per output "
     r"channel; got \(3,\)"),
    ("no bias",
     lambda: conv2d(X8, K3, None), ValueError,
     r"b must be an array of shape \(C_out,\) = \(4,\), one bias per "
     r"output channel; got None \(for no bias, pass np.zeros\(4\)\)"),
    ("a kernel without output channels",
     lambda: conv2d(X8, K3[:0], B4[:0]), ValueError,
     r"K must have at least one output and one input channel, and X at "
     r"least one channel; got K of shape \(0, 1, 3, 3\)"),
    ("images without channels",
     lambda: conv2d(X8[:, :0], K3[:, :0], B4), ValueError,
     r"got K of shape \(4, 0, 3, 3\) and X of shape \(2, 0, 8, 8\)"),
    ("non-finite input",
     lambda: conv2d(with_nan(X8, (1, 0, 2, 3)), K3, B4), ValueError,
     r"X must be finite; it holds 1 non-finite value\(s\).*\(1, 0, 2, 3\)"),
    ("non-finite kernel",
     lambda: conv2d(X8, with_nan(K3, (0, 0, 1, 1)), B4), ValueError,
     r"K must be finite"),
    ("strings",
     lambda: conv2d(np.full((1, 1, 3, 3), "a"), K3, B4), TypeError,
     r"X must be an array of real numbers; got dtype <U1"),
    ("negative padding",
     lambda: conv2d(X8, K3, B4, padding=-1), ValueError,
     r"padding must be an integer >= 0; got -1"),
    ("zero stride",
     lambda: conv2d(X8, K3, B4, stride=0), ValueError,
     r"stride must be an integer >= 1; got 0"),
    ("adjoint of the wrong shape",
     lambda: conv2d_backward(np.zeros((2, 4, 8, 8)), X8, K3), ValueError,
     r"dZ must have the shape of the output it is the adjoint of, "
     r"\(2, 4, 6, 6\); got \(2, 4, 8, 8\)"),
    ("conv1d on images",
     lambda: conv1d(X8, K3[:, :, 0, :], B4), ValueError,
     r"X must be 3-D, a batch of shape \(m, C_in, n\) .* got shape "
     r"\(2, 1, 8, 8\)"),
    ("conv1d stride that does not fit",
     lambda: conv1d(X8[:, :, 0, :], K3[:, :, 0, :], B4, stride=3),
     ValueError, r"conv1d: stride 3 does not fit the input length: length "
     r"- window = 8 - 3 = 5 .* last 2 entries .* An input length of 6 "
     r"or 9 fits"),
    ("pool window that does not fit",
     lambda: max_pool2d(X8[:, :, :7, :], 2), ValueError,
     r"max_pool2d: stride 2 does not fit the input height: height - "
     r"window = 7 - 2 = 5 is not a multiple of 2.*An input height of 6 or "
     r"8 fits"),
    ("pool window too large",
     lambda: avg_pool2d(X8, 9), ValueError,
     r"the window \(9\) is larger than the input along the height \(8\)"),
    ("col2im of the wrong shape",
     lambda: col2im(np.zeros((5, 9)), (2, 1, 8, 8), 3), ValueError,
     r"cols must have the shape .* \(72, 9\); got \(5, 9\)"),
]


@pytest.mark.parametrize("what, call, exc, message", BAD_CALLS,
                         ids=[c[0] for c in BAD_CALLS])
def test_functions_refuse_bad_input_clearly(what, call, exc, message):
    X_before, K_before = X8.copy(), K3.copy()
    with pytest.raises(exc, match=message):
        call()
    np.testing.assert_array_equal(X8, X_before)
    np.testing.assert_array_equal(K3, K_before)


def test_layers_refuse_bad_input_clearly():
    conv = Conv2D(1, 8, 3, padding=1)
    with pytest.raises(ValueError, match=re.escape(
            "Conv2D(1, 8, kernel_size=3, padding=1) expects a batch of "
            "shape (m, C_in, H, W) = (m, 1, H, W), 4-D; got shape "
            "(1, 8, 8), 3-D. For one image, pass X[None]")):
        conv.forward(np.zeros((1, 8, 8)))
    with pytest.raises(ValueError, match=re.escape(
            "expects C_in = 1 channel(s) on axis 1 of (m, C, H, W); got "
            "shape (2, 3, 8, 8), with 3")):
        conv.forward(np.zeros((2, 3, 8, 8)))
    with pytest.raises(ValueError, match=r"put Reshape\(\(C, H, W\)\) "
                       r"before this layer"):
        conv.forward(np.zeros((2, 64)))
    with pytest.raises(ValueError, match=r"Dense\(128, 10\) expects a batch "
                       r"of shape \(m, n_in\) = \(m, 128\) .* got shape "
                       r"\(2, 8, 4, 4\)\. For images, put Flatten\(\)"):
        Dense(128, 10).forward(np.zeros((2, 8, 4, 4)))
    with pytest.raises(ValueError, match=r"Reshape\(\(1, 8, 8\)\) expects a "
                       r"batch whose examples hold 64 = 1 x 8 x 8 numbers"):
        Reshape((1, 8, 8)).forward(np.zeros((2, 63)))
    with pytest.raises(ValueError, match=r"'softmax' is not an Activation "
                       r"layer.*loss='cross_entropy'"):
        Activation("softmax")
    with pytest.raises(ValueError, match=r"unknown activation 'Relu'"):
        Activation("Relu")
    conv.params["K"] = conv.params["K"].astype(np.float32)
    with pytest.raises(TypeError, match=re.escape(
            "params['K'] must be a float64 numpy array of shape (C_out, "
            "C_in, kh, kw) = (8, 1, 3, 3) (training updates it in place); "
            "got float32 array of shape (8, 1, 3, 3)")):
        conv.forward(np.zeros((2, 1, 8, 8)))
    conv.params["K"] = np.zeros((8, 1, 2, 2))
    with pytest.raises(TypeError, match=r"got float64 array of shape "
                       r"\(8, 1, 2, 2\)"):
        conv.forward(np.zeros((2, 1, 8, 8)))
    conv.params = {"K": np.zeros((8, 1, 3, 3))}
    with pytest.raises(ValueError, match=r"params must be a dict with the "
                       r"keys \['K', 'b'\]; got \['K'\]"):
        conv.forward(np.zeros((2, 1, 8, 8)))
    pool = MaxPool2D(2)
    out, cache = pool.forward(np.zeros((1, 1, 4, 4)))
    with pytest.raises(ValueError, match=r"dOut must have the shape of the "
                       r"output it is the adjoint of, \(1, 1, 2, 2\); got "
                       r"\(1, 1, 4, 4\)"):
        pool.backward(np.zeros((1, 1, 4, 4)), cache)


def test_sequential_refuses_bad_input_and_changes_nothing():
    model = digits_cnn()
    before = [p.copy() for _, p in model.parameters()]
    X = np.random.default_rng(0).uniform(0, 1, (4, 64))
    Y = one_hot([1, 2, 3, 4], 10)
    X_before, Y_before = X.copy(), Y.copy()
    with pytest.raises(ValueError, match=re.escape(
            "layer 2 of 2, Conv2D(2, 4, kernel_size=3), cannot take the "
            "output of layer 1, Reshape((1, 8, 8)), of shape (4, 1, 8, 8): "
            "Conv2D(2, 4, kernel_size=3) expects C_in = 2 channel(s)")):
        Sequential([Reshape((1, 8, 8)), Conv2D(2, 4, 3)]).predict(X)
    with pytest.raises(ValueError, match=re.escape(
            "layer 1 of 5, Conv2D(1, 8, kernel_size=3, padding=1), cannot "
            "take X of shape (4, 64): ")):
        Sequential(model.layers[1:]).cost(X, Y)
    with pytest.raises(ValueError, match=r"Y must have the output's shape "
                       r"\(m, n_L\) = \(4, 10\).*got \(4,\)\. These look "
                       r"like class labels"):
        model.backward(X, np.array([1, 2, 3, 4]))
    with pytest.raises(ValueError, match=r"one-hot rows"):
        gradient_descent(model, X, Y * 2, 0.1, 1)
    with pytest.raises(ValueError, match=r"learning_rate must be a positive "
                       r"finite number; got -0.1"):
        gradient_descent(model, X, Y, -0.1, 1)
    with pytest.raises(ValueError, match=r"batch_size must be an integer "
                       r"from 1 to m = 4"):
        gradient_descent(model, X, Y, 0.1, 1, batch_size=5)
    with pytest.raises(ValueError, match=r"X must be finite"):
        gradient_descent(model, with_nan(X, (0, 0)), Y, 0.1, 1)
    with pytest.raises(ValueError, match=r"the last layer's output must be "
                       r"2-D, \(m, n_L\), for the loss; MaxPool2D\(2\) "
                       r"gives shape \(4, 8, 4, 4\)"):
        Sequential(model.layers[:4]).cost(X, Y)
    with pytest.raises(ValueError, match=r"unknown loss 'mse' for a "
                       r"Sequential"):
        Sequential([Dense(2, 1)], "mse")
    with pytest.raises(TypeError, match=r"layer 2 must be a Layer"):
        Sequential([Dense(2, 1), np.tanh])
    with pytest.raises(TypeError, match=r"gradient_descent trains a Network "
                       r"or a Sequential; got list"):
        gradient_descent([Dense(2, 1)], X, Y, 0.1, 1)
    np.testing.assert_array_equal(X, X_before)
    np.testing.assert_array_equal(Y, Y_before)
    for b, (_, p) in zip(before, model.parameters()):
        np.testing.assert_array_equal(p, b)
