"""Bad input gets a clear error naming what was expected and what came,
and changes nothing."""

import numpy as np
import pytest

from backprop_utils import Network, gradient_descent

X = np.array([[0.1, 0.2], [0.3, -0.4], [1.0, 2.0], [0.0, 0.5]])
Y = np.array([[1.0], [0.0], [1.0], [0.0]])


@pytest.fixture
def net():
    return Network([2, 3, 2, 1], ["relu", "relu", "identity"], seed=0)


def snapshot(net):
    return [p.copy() for _, p in net.parameters()]


def assert_unchanged(net, before):
    for b, (_, p) in zip(before, net.parameters()):
        np.testing.assert_array_equal(p, b)


@pytest.mark.parametrize("method", ["cost", "backward"])
def test_x_with_wrong_number_of_columns(net, method):
    with pytest.raises(ValueError, match=r"n_0 = 2 columns.*got shape "
                       r"\(4, 3\)"):
        getattr(net, method)(np.ones((4, 3)), Y)


def test_one_example_as_a_flat_vector(net):
    with pytest.raises(ValueError, match=r"X must be 2-D.*got shape \(2,\)"
                       r".*X.reshape\(1, -1\)"):
        net.forward(np.array([0.1, 0.2]))


@pytest.mark.parametrize("method", ["cost", "backward", "losses"])
def test_flat_target_vector_is_refused_with_a_hint(net, method):
    before = snapshot(net)
    with pytest.raises(ValueError, match=r"shape \(m, n_L\) = \(4, 1\).*"
                       r"got shape \(4,\).*\(m, m\).*Y.reshape\(-1, 1\)"):
        getattr(net, method)(X, Y.ravel())
    assert_unchanged(net, before)


def test_target_rows_must_match(net):
    with pytest.raises(ValueError, match=r"\(4, 1\) to match X's 4 rows.*"
                       r"got \(3, 1\)"):
        net.cost(X, Y[:3])


def test_target_columns_must_match(net):
    with pytest.raises(ValueError, match=r"1 output unit.*got \(4, 2\)"):
        net.cost(X, np.ones((4, 2)))


def test_unknown_activation_name():
    with pytest.raises(ValueError, match=r"unknown activation 'Relu'; "
                       r"expected one of \['identity', 'leaky_relu', "
                       r"'relu', 'sigmoid', 'tanh'\]"):
        Network([2, 3, 1], ["Relu", "identity"])


def test_unknown_loss_name():
    with pytest.raises(ValueError, match=r"unknown loss 'mse'; expected one"
                       r" of \['binary_cross_entropy', 'cross_entropy', "
                       r"'half_squared_error',"
                       r" 'squared_error'\]"):
        Network([2, 1], ["identity"], loss="mse")


def test_activation_list_of_wrong_length():
    with pytest.raises(ValueError, match=r"expected 3 activation names.*"
                       r"got 2"):
        Network([2, 3, 2, 1], ["relu", "identity"])


def test_activations_given_as_one_string():
    with pytest.raises(TypeError, match=r"list of 2 names"):
        Network([2, 3, 1], "relu")


def test_cross_entropy_needs_a_sigmoid_output():
    with pytest.raises(ValueError, match=r"expects a 'sigmoid' output layer;"
                       r" got output activation 'identity'"):
        Network([2, 1], ["identity"], loss="binary_cross_entropy")


def test_cross_entropy_targets_must_be_probabilities():
    net = Network([2, 1], ["sigmoid"], loss="binary_cross_entropy")
    with pytest.raises(ValueError, match=r"targets in \[0, 1\]; got values "
                       r"from -1.0 to 1.0"):
        net.cost(X, Y * 2 - 1)


@pytest.mark.parametrize("sizes", [[2, 0, 1], [2, -3, 1], [2, 2.5, 1],
                                   [2, True, 1], [2, "3", 1]])
def test_sizes_must_be_positive_integers(sizes):
    with pytest.raises(ValueError, match=r"positive integer; got sizes\[1\]"):
        Network(sizes, ["relu", "identity"])


def test_sizes_need_two_layers():
    with pytest.raises(ValueError, match=r"at least an input and an output"):
        Network([3], [])


@pytest.mark.parametrize("bad", [np.nan, np.inf, -np.inf])
def test_non_finite_inputs(net, bad):
    X_bad = X.copy()
    X_bad[2, 1] = bad
    with pytest.raises(ValueError, match=r"X must be finite; it holds 1 "
                       r"non-finite value\(s\).*index \(2, 1\)"):
        net.backward(X_bad, Y)


def test_non_finite_targets(net):
    with pytest.raises(ValueError, match=r"Y must be finite"):
        net.cost(X, np.full((4, 1), np.nan))


def test_non_finite_parameters(net):
    net.biases[1][0] = np.nan
    with pytest.raises(ValueError, match=r"b\^\(2\) must be finite"):
        net.cost(X, Y)


@pytest.mark.parametrize("bad", [np.nan, np.inf])
def test_non_finite_weight(net, bad):
    net.weights[0][2, 1] = bad
    with pytest.raises(ValueError, match=r"W\^\(1\) must be finite; it "
                       r"holds 1 non-finite value\(s\).*index \(2, 1\)"):
        net.backward(X, Y)


def test_names_assigned_after_construction_are_checked(net):
    # the constructor's checks hold for later assignments too
    net.loss_name = "mse"
    with pytest.raises(ValueError, match=r"unknown loss 'mse'; expected one "
                       r"of \['binary_cross_entropy', 'cross_entropy', "
                       r"'half_squared_error', "
                       r"'squared_error'\]"):
        net.cost(X, Y)
    net.loss_name = "binary_cross_entropy"           # output is not sigmoid
    with pytest.raises(ValueError, match=r"expects a 'sigmoid' output"):
        net.backward(X, Y)
    net.loss_name = "half_squared_error"
    net.activation_names[0] = "softplus"
    with pytest.raises(ValueError, match=r"unknown activation 'softplus'"):
        net.forward(X)


def test_parameter_replaced_with_the_wrong_shape(net):
    net.weights[1] = np.ones((3, 2))
    with pytest.raises(ValueError, match=r"W\^\(2\) = weights\[1\] must have"
                       r" shape \(n_2, n_1\) = \(2, 3\); got \(3, 2\)"):
        net.forward(X)


def test_non_numeric_input(net):
    with pytest.raises(TypeError, match=r"X must be an array of real "
                       r"numbers; got dtype <U"):
        net.forward(np.array([["a", "b"]]))


def test_training_refuses_bad_input_and_changes_nothing(net):
    before = snapshot(net)
    with pytest.raises(ValueError, match=r"Y.reshape\(-1, 1\)"):
        gradient_descent(net, X, Y.ravel(), learning_rate=0.1, epochs=3)
    with pytest.raises(ValueError, match=r"learning_rate must be a positive"):
        gradient_descent(net, X, Y, learning_rate=-0.1, epochs=3)
    with pytest.raises(ValueError, match=r"batch_size must be an integer "
                       r"from 1 to m = 4"):
        gradient_descent(net, X, Y, learning_rate=0.1, epochs=3,
                         batch_size=5)
    assert_unchanged(net, before)
