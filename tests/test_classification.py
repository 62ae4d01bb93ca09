"""Many classes: softmax, cross-entropy, one-hot labels, the digits.

softmax and its Jacobian, the cross-entropy loss and the network with a
softmax output are checked against central differences and against
autograd (written again from the definitions on probabilities, not from
our log-sum-exp form); the stable forms are checked at |z| = 1000; every
bad input has its error.
"""

import re
import warnings

import autograd
import autograd.numpy as anp
import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from backprop_utils import (
    ACTIVATIONS,
    Network,
    accuracy,
    check_gradients,
    digits,
    gradient_descent,
    numerical_gradient,
    one_hot,
    predicted_classes,
)
from backprop_utils.activations import softmax, softmax_jacobian
from backprop_utils.losses import (
    cross_entropy,
    cross_entropy_from_logits,
    cross_entropy_from_logits_prime,
    cross_entropy_prime,
)

GRADCHECK_TOL = 1e-7
AUTODIFF_RTOL = 1e-10
AUTODIFF_ATOL = 1e-13
RNG = np.random.default_rng(5)


def autograd_softmax(z):
    e = anp.exp(z - anp.max(z, axis=-1, keepdims=True))
    return e / anp.sum(e, axis=-1, keepdims=True)


def autograd_cross_entropy(z, y):
    """Mean over rows of -sum_k y_k log softmax(z)_k, from probabilities."""
    return anp.mean(-anp.sum(y * anp.log(autograd_softmax(z)), axis=-1))


# -- softmax ----------------------------------------------------------------

def test_softmax_rows_are_probabilities():
    z = RNG.normal(scale=3, size=(6, 4))
    a = softmax(z)
    assert a.shape == (6, 4)
    assert (a > 0).all()
    np.testing.assert_allclose(a.sum(axis=1), 1.0, rtol=1e-15)


def test_softmax_by_hand():
    # e^0, e^(ln 3) = 1, 3: probabilities 1/4 and 3/4
    np.testing.assert_allclose(softmax([0.0, np.log(3.0)]), [0.25, 0.75],
                               rtol=1e-15)


def test_softmax_ignores_a_shift_of_all_logits():
    z = RNG.normal(size=(3, 5))
    np.testing.assert_allclose(softmax(z + 123.0), softmax(z), rtol=1e-12)


def test_softmax_jacobian_matches_central_differences():
    z = RNG.normal(size=4)
    J = softmax_jacobian(z)
    for i in range(4):
        numeric = numerical_gradient(lambda v: float(softmax(v)[i]), z.copy())
        np.testing.assert_allclose(J[i], numeric, rtol=GRADCHECK_TOL,
                                   atol=1e-10, err_msg=f"row {i}")


def test_softmax_jacobian_matches_autograd_for_a_batch():
    z = RNG.normal(size=(3, 4))
    J = softmax_jacobian(z)
    assert J.shape == (3, 4, 4)
    for r in range(3):
        ref = autograd.jacobian(autograd_softmax)(z[r])
        np.testing.assert_allclose(J[r], ref, rtol=AUTODIFF_RTOL,
                                   atol=AUTODIFF_ATOL)


def test_softmax_jacobian_is_diag_a_minus_a_a_transpose():
    z = RNG.normal(size=5)
    a = softmax(z)
    np.testing.assert_allclose(softmax_jacobian(z),
                               np.diag(a) - np.outer(a, a), rtol=1e-14,
                               atol=1e-17)
    # each column sums to 0: the probabilities always sum to 1
    np.testing.assert_allclose(softmax_jacobian(z).sum(axis=0), 0.0,
                               atol=1e-16)


# -- cross-entropy ------------------------------------------------------------

def test_cross_entropy_by_hand():
    # one-hot on class 1: -log 0.75
    assert float(cross_entropy([0.25, 0.75], [0.0, 1.0])) == pytest.approx(
        -np.log(0.75), rel=1e-15)


def test_cross_entropy_sums_over_classes_not_mean():
    a = np.array([[0.2, 0.3, 0.5]])
    y = np.array([[0.0, 0.0, 1.0]])
    assert cross_entropy(a, y)[0] == pytest.approx(-np.log(0.5), rel=1e-15)


def test_logits_form_agrees_with_probabilities():
    z = RNG.normal(scale=2, size=(5, 4))
    y = one_hot(RNG.integers(0, 4, size=5), 4)
    np.testing.assert_allclose(cross_entropy_from_logits(z, y),
                               cross_entropy(softmax(z), y), rtol=1e-12)


def test_logits_gradient_is_a_minus_y_and_matches_central_differences():
    z = RNG.normal(size=(3, 4))
    y = one_hot([0, 3, 1], 4)
    grad = cross_entropy_from_logits_prime(z, y)
    np.testing.assert_allclose(grad, softmax(z) - y, rtol=0, atol=0)
    numeric = numerical_gradient(
        lambda v: float(np.sum(cross_entropy_from_logits(v, y))), z.copy())
    np.testing.assert_allclose(grad, numeric, rtol=GRADCHECK_TOL,
                               atol=1e-10)


def test_logits_gradient_matches_autograd():
    z = RNG.normal(size=(4, 3))
    y = one_hot([2, 0, 1, 1], 3)
    ref = autograd.grad(autograd_cross_entropy)(z, y)
    np.testing.assert_allclose(cross_entropy_from_logits_prime(z, y) / 4,
                               ref, rtol=AUTODIFF_RTOL, atol=AUTODIFF_ATOL)


def test_jacobian_times_loss_gradient_collapses_to_a_minus_y():
    # BP1 for softmax: delta = J^T dL/da, and J^T (-y/a) = a - y
    z = RNG.normal(size=(3, 5))
    y = one_hot([4, 0, 2], 5)
    a = softmax(z)
    J = softmax_jacobian(z)
    delta = np.einsum("mik,mi->mk", J, cross_entropy_prime(a, y))
    np.testing.assert_allclose(delta, a - y, rtol=1e-12, atol=1e-15)


@pytest.mark.parametrize("big", [1.0, 100.0, 1000.0])
def test_stable_for_huge_logits(big):
    z = np.array([[big, -big, 0.0], [-big, -big, big], [big, big, -big]])
    y = one_hot([1, 0, 2], 3)      # the true class is unlikely every time
    # underflow to 0 is the right answer, and numpy does not warn about it
    with np.errstate(over="raise", divide="raise", invalid="raise"), \
            warnings.catch_warnings():
        warnings.simplefilter("error")
        a = softmax(z)
        loss = cross_entropy_from_logits(z, y)
        grad = cross_entropy_from_logits_prime(z, y)
        J = softmax_jacobian(z)
    for arr in (a, loss, grad, J):
        assert np.isfinite(arr).all()
    np.testing.assert_allclose(a.sum(axis=1), 1.0, rtol=1e-15)
    if big == 1000.0:
        # the true class's probability underflows to exactly 0; the loss
        # is still the finite lse(z) - z_c
        assert a[0, 1] == 0.0 and a[1, 0] == 0.0
        np.testing.assert_allclose(loss, [2000.0, 2000.0, 2000.0 + np.log(2)],
                                   rtol=1e-15)
        np.testing.assert_allclose(grad[0], [1.0, -1.0, 0.0], atol=0)


def test_network_is_finite_for_huge_logits():
    net = Network.from_parameters([[[1.0], [-1.0]]], [[0.0, 0.0]],
                                  ["softmax"], loss="cross_entropy")
    X = np.array([[500.0], [-500.0]])        # logits +-500: gap of 1000
    Y = one_hot([1, 0], 2)
    with np.errstate(over="raise", divide="raise", invalid="raise"), \
            warnings.catch_warnings():
        warnings.simplefilter("error")
        g = net.backward(X, Y)
    assert g.cost == 1000.0
    np.testing.assert_array_equal(g.delta[0], [[1.0, -1.0], [-1.0, 1.0]])


# -- whole networks with a softmax output --------------------------------------

def autograd_network_cost(params, X, Y, acts):
    fs = {"identity": lambda z: z,
          "relu": lambda z: anp.where(z > 0, z, 0.0),
          "leaky_relu": lambda z: anp.where(z > 0, z, 0.01 * z),
          "sigmoid": lambda z: 1.0 / (1.0 + anp.exp(-z)),
          "tanh": anp.tanh}
    A = X
    for (W, b), name in zip(params[:-1], acts[:-1]):
        A = fs[name](anp.dot(A, W.T) + b)
    W, b = params[-1]
    return autograd_cross_entropy(anp.dot(A, W.T) + b, Y)


@st.composite
def softmax_problems(draw):
    n_hidden = draw(st.integers(0, 3))
    sizes = draw(st.lists(st.integers(1, 6), min_size=n_hidden + 1,
                          max_size=n_hidden + 1))
    sizes.append(draw(st.integers(2, 6)))          # K >= 2 classes
    acts = draw(st.lists(st.sampled_from(sorted(ACTIVATIONS)),
                         min_size=n_hidden, max_size=n_hidden))
    acts.append("softmax")
    m = draw(st.integers(1, 7))
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    net = Network(sizes, acts, "cross_entropy", seed=rng)
    for b in net.biases:
        b[...] = rng.normal(scale=0.5, size=b.shape)
    X = rng.normal(size=(m, sizes[0]))
    Y = one_hot(rng.integers(0, sizes[-1], size=m), sizes[-1])
    return net, X, Y


@given(softmax_problems())
def test_softmax_network_matches_autograd(problem):
    net, X, Y = problem
    params = list(zip(net.weights, net.biases))
    acts = net.activation_names
    ref = autograd.grad(autograd_network_cost)(params, X, Y, acts)
    ours = net.backward(X, Y)
    assert ours.cost == pytest.approx(
        autograd_network_cost(params, X, Y, acts), rel=AUTODIFF_RTOL)
    for l, (gW, gb) in enumerate(ref, start=1):
        np.testing.assert_allclose(ours.dW[l - 1], gW, rtol=AUTODIFF_RTOL,
                                   atol=AUTODIFF_ATOL,
                                   err_msg=f"dJ/dW^({l}), {net!r}")
        np.testing.assert_allclose(ours.db[l - 1], gb, rtol=AUTODIFF_RTOL,
                                   atol=AUTODIFF_ATOL,
                                   err_msg=f"dJ/db^({l}), {net!r}")
    np.testing.assert_allclose(ours.delta[-1],
                               ours.forward.a[-1] - Y, rtol=0, atol=0)


def test_softmax_network_matches_central_differences():
    rng = np.random.default_rng(2)
    net = Network([4, 5, 3], ["tanh", "softmax"], "cross_entropy", seed=rng)
    X = rng.normal(size=(6, 4))
    Y = one_hot(rng.integers(0, 3, size=6), 3)
    report = check_gradients(net, X, Y)
    assert report.worst <= GRADCHECK_TOL, str(report)


def test_two_class_softmax_is_sigmoid_of_the_logit_difference():
    # K = 2: softmax(z)_1 = sigmoid(z_1 - z_0), and the losses agree
    rng = np.random.default_rng(4)
    z = rng.normal(size=(5, 2))
    labels = rng.integers(0, 2, size=5)
    d = z[:, 1] - z[:, 0]
    np.testing.assert_allclose(softmax(z)[:, 1], 1 / (1 + np.exp(-d)),
                               rtol=1e-14)
    bce = np.logaddexp(0, d) - labels * d
    np.testing.assert_allclose(
        cross_entropy_from_logits(z, one_hot(labels, 2)), bce, rtol=1e-12)


def test_training_a_softmax_network_lowers_the_cost():
    rng = np.random.default_rng(0)
    X = rng.normal(size=(60, 2))
    labels = (X[:, 0] > 0).astype(int) + (X[:, 1] > 0).astype(int)
    net = Network([2, 8, 3], ["relu", "softmax"], "cross_entropy", seed=1)
    history = gradient_descent(net, X, one_hot(labels, 3), 0.5, 200)
    assert history.cost[-1] < 0.5 * history.cost[0]
    assert accuracy(net.predict(X), labels) > 0.9


# -- labels --------------------------------------------------------------------

def test_one_hot_and_back():
    labels = np.array([3, 0, 2, 2])
    Y = one_hot(labels, 4)
    np.testing.assert_array_equal(Y, [[0, 0, 0, 1], [1, 0, 0, 0],
                                      [0, 0, 1, 0], [0, 0, 1, 0]])
    np.testing.assert_array_equal(predicted_classes(Y), labels)
    assert accuracy(Y, labels) == 1.0
    assert accuracy(Y, Y) == 1.0


def test_one_hot_takes_whole_floats():
    np.testing.assert_array_equal(one_hot([1.0, 0.0], 2), [[0, 1], [1, 0]])


def test_accuracy_by_hand():
    outputs = [[0.1, 0.6, 0.3], [0.5, 0.4, 0.1], [0.2, 0.2, 0.6]]
    assert accuracy(outputs, [1, 1, 2]) == pytest.approx(2 / 3)


@pytest.mark.parametrize("labels,match", [
    ([0, 3], r"0\.\.K-1 = 0\.\.2; labels\[1\] = 3"),
    ([-1, 0], r"labels\[0\] = -1"),
    ([0.5, 1.0], r"whole numbers.*labels\[0\] = 0\.5"),
    ([[0, 1]], r"1-D.*got shape \(1, 2\)"),
])
def test_one_hot_refuses_bad_labels(labels, match):
    with pytest.raises(ValueError, match=match):
        one_hot(labels, 3)


def test_one_hot_refuses_strings_and_bad_K():
    with pytest.raises(TypeError, match="integers.*dtype <U1"):
        one_hot(["a"], 3)
    with pytest.raises(ValueError, match="K, the number of classes.*1"):
        one_hot([0], 1)


def test_accuracy_refuses_mismatches():
    out = np.eye(3)
    with pytest.raises(ValueError, match="one label per example, m = 3; "
                       "got 2"):
        accuracy(out, [0, 1])
    with pytest.raises(ValueError, match=r"0\.\.2; targets\[2\] = 5"):
        accuracy(out, [0, 1, 5])
    with pytest.raises(ValueError, match=r"shape \(m, K\) = \(3, 3\); got "
                       r"\(3, 2\)"):
        accuracy(out, np.ones((3, 2)))
    with pytest.raises(ValueError, match="one-hot rows"):
        accuracy(out, np.full((3, 3), 1 / 3))
    with pytest.raises(ValueError, match=r"\(m, K\) with K >= 2.*\(3,\)"):
        predicted_classes([0.1, 0.2, 0.7])


# -- the network's checks ---------------------------------------------------------

def test_softmax_only_as_the_output_layer():
    with pytest.raises(ValueError, match="only be the output layer "
                       r"\(layer 2\); got it at layer 1"):
        Network([4, 3, 2], ["softmax", "softmax"], "cross_entropy")


def test_cross_entropy_needs_softmax():
    with pytest.raises(ValueError, match="expects a 'softmax' output "
                       "layer; got output activation 'sigmoid'"):
        Network([4, 3], ["sigmoid"], "cross_entropy")


def test_softmax_needs_cross_entropy():
    with pytest.raises(ValueError, match="paired with the 'cross_entropy' "
                       "loss.*got loss 'half_squared_error'"):
        Network([4, 3], ["softmax"], "half_squared_error")


def test_softmax_needs_two_classes():
    with pytest.raises(ValueError, match="at least 2 units.*n_L = 1"):
        Network([4, 1], ["softmax"], "cross_entropy")


@pytest.fixture
def classifier():
    return Network([2, 3], ["softmax"], "cross_entropy", seed=0)


X3 = np.array([[0.0, 1.0], [1.0, 0.0], [0.5, 0.5]])


def test_integer_labels_get_a_one_hot_hint(classifier):
    with pytest.raises(ValueError, match=r"look like class labels.*"
                       r"one_hot\(labels, 3\)"):
        classifier.backward(X3, np.array([0, 2, 1]))


def test_targets_that_are_not_zero_or_one(classifier):
    Y = one_hot([0, 2, 1], 3)
    Y[1, 2] = 0.9
    with pytest.raises(ValueError, match=r"not 0 or 1, the first at index "
                       r"\(1, 2\): 0\.9"):
        classifier.cost(X3, Y)


def test_rows_that_do_not_sum_to_one(classifier):
    Y = one_hot([0, 2, 1], 3)
    Y[2, 0] = 1.0
    with pytest.raises(ValueError, match=r"do not sum to 1, the first is "
                       r"row 2: \[1\.0, 1\.0, 0\.0\]"):
        classifier.backward(X3, Y)


def test_K_must_match_the_output_layer(classifier):
    with pytest.raises(ValueError, match=r"\(m, n_L\) = \(3, 3\).*got "
                       r"\(3, 4\)"):
        classifier.cost(X3, one_hot([0, 3, 1], 4))


def test_training_refuses_bad_targets_and_changes_nothing(classifier):
    before = [p.copy() for _, p in classifier.parameters()]
    with pytest.raises(ValueError, match="one-hot"):
        gradient_descent(classifier, X3, np.full((3, 3), 1 / 3), 0.1, 1)
    for b, (_, p) in zip(before, classifier.parameters()):
        np.testing.assert_array_equal(p, b)


# -- the digits -------------------------------------------------------------

@pytest.fixture(scope="module")
def split():
    return digits()


def test_digits_shapes_and_scale(split):
    sizes = {name: getattr(split, name).m
             for name in ("train", "validation", "test")}
    assert sizes == {"train": 1079, "validation": 359, "test": 359}
    for part in (split.train, split.validation, split.test):
        assert part.X.shape == (part.m, 64)
        assert part.labels.shape == (part.m,)
        assert part.Y.shape == (part.m, 10)
        assert part.X.min() == 0.0 and part.X.max() == 1.0
        np.testing.assert_array_equal(part.Y, one_hot(part.labels, 10))


def test_digits_split_is_stratified_and_disjoint(split):
    from sklearn.datasets import load_digits
    raw = load_digits()
    counts = np.bincount(raw.target)
    for part, share in ((split.test, 0.2), (split.validation, 0.2)):
        np.testing.assert_array_equal(np.bincount(part.labels),
                                      np.round(share * counts))
    # every image is in exactly one set: the three sets' rows, as bytes,
    # are the 1,797 images
    rows = [x.tobytes() for part in (split.train, split.validation,
                                     split.test) for x in part.X]
    assert sorted(rows) == sorted((x / 16.0).tobytes() for x in raw.data)


def test_digits_are_seeded(split):
    again = digits(seed=0)
    np.testing.assert_array_equal(again.test.X, split.test.X)
    other = digits(seed=1)
    assert not np.array_equal(other.test.labels, split.test.labels)


@pytest.mark.parametrize("kwargs,match", [
    ({"test_fraction": 0.0}, r"test_fraction must be a number in \(0, 1\)"),
    ({"validation_fraction": 1.5}, "validation_fraction must be"),
    ({"validation_fraction": 0.5, "test_fraction": 0.5}, "below 1"),
])
def test_digits_refuses_bad_fractions(kwargs, match):
    with pytest.raises(ValueError, match=match):
        digits(**kwargs)


def test_shifted_copies_move_every_pixel_by_one():
    from backprop_utils import digits, shifted_copies
    d = digits()
    X, Y = d.train.X[:5], d.train.Y[:5]
    X_all, Y_all = shifted_copies(X, Y)
    assert X_all.shape == (25, 64) and Y_all.shape == (25, 10)
    assert np.array_equal(X_all[:5], X)
    assert np.array_equal(Y_all, np.concatenate([Y] * 5))
    images = X.reshape(5, 8, 8)
    # pixel by pixel: the copy moved (dr, dc) holds the pixel from
    # (r - dr, c - dc), and 0 where that lies outside the image
    for block, (dr, dc) in enumerate([(1, 0), (-1, 0), (0, 1), (0, -1)]):
        moved = X_all[5 * (block + 1):5 * (block + 2)].reshape(5, 8, 8)
        for r in range(8):
            for c in range(8):
                inside = 0 <= r - dr < 8 and 0 <= c - dc < 8
                want = images[:, r - dr, c - dc] if inside else 0.0
                assert np.array_equal(moved[:, r, c], want * np.ones(5))


def test_shifted_copies_refuse_what_does_not_fit():
    from backprop_utils import shifted_copies
    X, Y = np.zeros((3, 64)), np.zeros((3, 10))
    before = X.copy()
    for bad, words in [
            (dict(X=np.zeros((3, 63)), Y=Y), "64 pixels per row"),
            (dict(X=np.zeros(64), Y=Y), "64 pixels per row"),
            (dict(X=X, Y=np.zeros((2, 10))), "one row per image of X (3)"),
            (dict(X=X, Y=Y, shifts=[(8, 0)]), "smaller than the image"),
            (dict(X=X, Y=Y, shifts=[(0.5, 0)]), "two whole numbers"),
            (dict(X=X, Y=Y, shifts=[(1,)]), "two whole numbers"),
            (dict(X=X, Y=Y, shifts=[1]), "two whole numbers")]:
        with pytest.raises(ValueError, match=re.escape(words)):
            shifted_copies(**bad)
    assert np.array_equal(X, before)
