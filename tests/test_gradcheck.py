"""The gradient checker itself."""

import numpy as np
import pytest

from backprop_utils import numerical_gradient, relative_error


def test_numerical_gradient_of_a_known_function():
    x = np.array([[1.0, -2.0], [0.5, 3.0]])
    g = numerical_gradient(lambda v: float(np.sum(np.sin(v))), x)
    np.testing.assert_allclose(g, np.cos(x), rtol=1e-9)


def test_numerical_gradient_puts_every_entry_back():
    x = np.array([0.1, 0.2, 0.3])
    before = x.copy()
    numerical_gradient(lambda v: float(v @ v), x)
    np.testing.assert_array_equal(x, before)


def test_numerical_gradient_restores_even_when_f_raises():
    x = np.array([0.1, 0.2])

    def f(v):
        raise RuntimeError("boom")

    with pytest.raises(RuntimeError):
        numerical_gradient(f, x)
    np.testing.assert_array_equal(x, [0.1, 0.2])


def test_numerical_gradient_needs_a_float_array():
    with pytest.raises(TypeError, match="float64 numpy array.*list"):
        numerical_gradient(lambda v: 0.0, [1.0, 2.0])
    with pytest.raises(TypeError, match="dtype int64"):
        numerical_gradient(lambda v: 0.0, np.array([1, 2]))


def test_relative_error():
    assert relative_error(np.zeros(3), np.zeros(3)) == 0.0
    # |(1, 0) - (0, 0)| / (1 + 0) = 1
    assert relative_error(np.array([1.0, 0.0]), np.zeros(2)) == 1.0
    # |(3, 4) - (3, 4.5)| / (5 + sqrt(29.25))
    expected = 0.5 / (5.0 + np.sqrt(29.25))
    assert relative_error(np.array([3.0, 4.0]),
                          np.array([3.0, 4.5])) == pytest.approx(expected)
    with pytest.raises(ValueError, match=r"shapes \(2,\) and \(3,\)"):
        relative_error(np.zeros(2), np.zeros(3))


def test_check_formula_passes_and_reports():
    from backprop_utils import check_formula
    res = check_formula("dC/dw", 0.5, package=np.array([[0.5]]),
                        central_differences=0.5 + 1e-12)
    assert res.errors["package"] == 0.0
    assert 0 < res.errors["central differences"] < 1e-11
    assert "dC/dw" in str(res) and "vs central differences" in str(res)


def test_check_formula_fails_on_a_wrong_formula():
    from backprop_utils import check_formula
    with pytest.raises(AssertionError, match=r"dC/db: relative error above "
                       r"1e-07: vs package: 3.33e-01"):
        check_formula("dC/db", 2.0, package=1.0)
    with pytest.raises(ValueError, match=r"x: cannot compare the formula's "
                       r"shape \(2,\) with package's \(3,\)"):
        check_formula("x", np.zeros(2), package=np.zeros(3))
    # a transpose is a different layout, even with the same entries
    with pytest.raises(ValueError, match=r"shape \(2, 3\) with package's "
                       r"\(3, 2\)"):
        check_formula("W", np.ones((2, 3)), package=np.ones((3, 2)))
    with pytest.raises(TypeError, match="at least one other"):
        check_formula("x", 1.0)


def test_check_formula_without_raising_reports_the_verdict():
    from backprop_utils import check_formula
    # 2 against 1: |2 - 1| / (2 + 1) = 1/3
    bad = check_formula("dC/db", 2.0, package=1.0, central_differences=2.0,
                        raise_error=False)
    assert not bad.ok
    assert bad.verdict() == ("dC/db: relative error above 1e-07: "
                             "vs package: 3.33e-01")
    good = check_formula("dC/db", 2.0, package=2.0, raise_error=False)
    assert good.ok and good.verdict() == "dC/db: agrees"
    # a NaN is never within tolerance
    nan = check_formula("x", 1.0, package=np.nan, raise_error=False)
    assert not nan.ok and "vs package: nan" in nan.verdict()
    # shapes that cannot be compared still raise: that is not a verdict
    with pytest.raises(ValueError, match="cannot compare"):
        check_formula("x", np.zeros(2), package=np.zeros(3),
                      raise_error=False)


def test_errors_at_rounding_level_print_the_same_on_every_machine():
    # 6e-17 on one processor is 0 on another: both print "< 1e-14"
    from backprop_utils.gradcheck import ROUNDING, check_formula
    for tiny in (0.0, 6.2e-17, 0.9 * ROUNDING):
        text = str(check_formula("x", 1.0, package=1.0 + tiny))
        assert text.endswith("relative error vs package: < 1e-14"), text
    # above it, the digits: |a - b| / (|a| + |b|) = 3e-11
    text = str(check_formula("x", 1.0, package=1.0 + 6e-11))
    assert text.endswith("relative error vs package: 3.0e-11"), text


def test_a_batch_of_images_prints_as_its_shape_and_range():
    # a 4-D array would print as pages of numbers: its shape and range
    # fit on one line, and the check itself still compares every entry
    images = np.arange(24.0).reshape(2, 3, 2, 2) - 5
    from backprop_utils import check_formula
    shown = str(check_formula("dL/dA", images, package=images.copy()))
    assert shown.splitlines()[0] == ("dL/dA = an array of shape "
                                     "(2, 3, 2, 2), from -5 to 18")
    wrong = images.copy()
    wrong[1, 2, 1, 1] += 1.0
    assert not check_formula("dL/dA", images, package=wrong,
                             raise_error=False).ok
