"""Every activation derivative against central differences."""

import numpy as np
import pytest

from backprop_utils import ACTIVATIONS, get_activation
from backprop_utils.activations import relu_prime, leaky_relu_prime, sigmoid

H = 1e-6
# Central differences of a smooth function agree to about 1e-9 here.
DERIVATIVE_RTOL = 1e-7
DERIVATIVE_ATOL = 1e-9

# Test points away from the kink at 0 of relu and leaky_relu.
Z = np.array([-3.0, -1.2, -0.4, -1e-3, 1e-3, 0.3, 0.9, 2.5])


@pytest.mark.parametrize("name", sorted(ACTIVATIONS))
def test_derivative_matches_central_differences(name):
    g, g_prime = ACTIVATIONS[name]
    numeric = (g(Z + H) - g(Z - H)) / (2 * H)
    np.testing.assert_allclose(
        g_prime(Z), numeric, rtol=DERIVATIVE_RTOL, atol=DERIVATIVE_ATOL,
        err_msg=f"{name}': analytic vs central differences")


@pytest.mark.parametrize("name", sorted(ACTIVATIONS))
def test_shape_and_dtype_are_kept(name):
    g, g_prime = ACTIVATIONS[name]
    z = np.arange(6.0).reshape(2, 3) - 2.5
    assert g(z).shape == (2, 3) and g(z).dtype == np.float64
    assert g_prime(z).shape == (2, 3) and g_prime(z).dtype == np.float64


def test_value_at_the_kink_is_documented():
    # relu has no derivative at 0; the package uses relu'(0) = 0 (as
    # PyTorch does) and leaky_relu'(0) = the left slope, 0.01.
    assert relu_prime(np.array([0.0]))[0] == 0.0
    assert leaky_relu_prime(np.array([0.0]))[0] == 0.01


def test_sigmoid_is_finite_and_quiet_for_large_inputs():
    z = np.array([-1000.0, -50.0, 0.0, 50.0, 1000.0])
    with np.errstate(over="raise", divide="raise", invalid="raise"):
        s = sigmoid(z)
        ds = ACTIVATIONS["sigmoid"][1](z)
    assert np.all(np.isfinite(s)) and np.all(np.isfinite(ds))
    assert s[0] == 0.0 and s[2] == 0.5 and s[-1] == 1.0


def test_sigmoid_prime_peaks_at_one_quarter():
    z = np.linspace(-10, 10, 2001)
    ds = ACTIVATIONS["sigmoid"][1](z)
    assert ds.max() == 0.25 and z[ds.argmax()] == 0.0


def test_unknown_activation_lists_the_valid_names():
    with pytest.raises(ValueError, match=r"unknown activation 'ReLU'.*"
                       r"'identity'.*'leaky_relu'.*'relu'.*'sigmoid'"):
        get_activation("ReLU")


def test_activation_name_must_be_a_string():
    with pytest.raises(TypeError, match="activation name must be a string"):
        get_activation(np.tanh)
