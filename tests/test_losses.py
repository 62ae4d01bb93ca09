"""Every loss gradient against central differences."""

import numpy as np
import pytest

from backprop_utils import LOSSES, get_loss, numerical_gradient
from backprop_utils.losses import (
    binary_cross_entropy,
    binary_cross_entropy_from_logits,
    binary_cross_entropy_from_logits_prime,
    half_squared_error,
    squared_error,
)
from backprop_utils.activations import sigmoid

GRAD_RTOL = 1e-7
GRAD_ATOL = 1e-9

RNG = np.random.default_rng(3)
Y_HAT = RNG.uniform(0.05, 0.95, size=(4, 3))
Y = RNG.uniform(0.0, 1.0, size=(4, 3))


@pytest.mark.parametrize("name", sorted(LOSSES))
def test_loss_gradient_matches_central_differences(name):
    loss, loss_prime = LOSSES[name]
    y_hat = Y_HAT.copy()
    numeric = numerical_gradient(lambda v: float(np.sum(loss(v, Y))), y_hat)
    np.testing.assert_allclose(
        loss_prime(Y_HAT, Y), numeric, rtol=GRAD_RTOL, atol=GRAD_ATOL,
        err_msg=f"d{name}/dy_hat: analytic vs central differences")


@pytest.mark.parametrize("name", sorted(LOSSES))
def test_loss_is_one_number_per_example(name):
    loss, _ = LOSSES[name]
    assert loss(Y_HAT, Y).shape == (4,)
    assert np.ndim(loss(Y_HAT[0], Y[0])) == 0


def test_the_half_is_a_factor_of_two_everywhere():
    np.testing.assert_allclose(
        squared_error(Y_HAT, Y), 2 * half_squared_error(Y_HAT, Y),
        rtol=1e-15)
    _, sq_prime = LOSSES["squared_error"]
    _, half_prime = LOSSES["half_squared_error"]
    np.testing.assert_allclose(
        sq_prime(Y_HAT, Y), 2 * half_prime(Y_HAT, Y), rtol=1e-15)


def test_squared_error_by_hand():
    # (0.5 - 1)^2 + (3 - 1)^2 = 0.25 + 4 = 4.25, one example, two outputs
    assert squared_error(np.array([[0.5, 3.0]]),
                         np.array([[1.0, 1.0]]))[0] == 4.25


def test_cross_entropy_from_logits_agrees_with_probabilities():
    z = RNG.normal(size=(4, 3)) * 3
    np.testing.assert_allclose(
        binary_cross_entropy_from_logits(z, Y),
        binary_cross_entropy(sigmoid(z), Y), rtol=1e-12)


def test_cross_entropy_from_logits_gradient():
    z = RNG.normal(size=(4, 3)) * 3
    numeric = numerical_gradient(
        lambda v: float(np.sum(binary_cross_entropy_from_logits(v, Y))),
        z.copy())
    np.testing.assert_allclose(
        binary_cross_entropy_from_logits_prime(z, Y), numeric,
        rtol=GRAD_RTOL, atol=GRAD_ATOL)


def test_cross_entropy_is_finite_and_quiet_for_large_logits():
    z = np.array([[-1000.0], [-1000.0], [1000.0], [1000.0]])
    y = np.array([[0.0], [1.0], [0.0], [1.0]])
    with np.errstate(over="raise", divide="raise", invalid="raise"):
        losses = binary_cross_entropy_from_logits(z, y)
        grad = binary_cross_entropy_from_logits_prime(z, y)
    np.testing.assert_array_equal(losses, [0.0, 1000.0, 1000.0, 0.0])
    np.testing.assert_array_equal(grad, [[0.0], [-1.0], [1.0], [0.0]])


def test_cross_entropy_on_certain_right_answers_is_zero():
    with np.errstate(over="raise", divide="raise", invalid="raise"):
        assert binary_cross_entropy(np.array([[1.0, 0.0]]),
                                    np.array([[1.0, 0.0]]))[0] == 0.0


def test_unknown_loss_lists_the_valid_names():
    with pytest.raises(ValueError, match=r"unknown loss 'mse'.*"
                       r"'binary_cross_entropy'.*'half_squared_error'"):
        get_loss("mse")
