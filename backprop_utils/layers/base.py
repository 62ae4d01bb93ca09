"""The layer interface every layer shares: ``Layer`` and its checks."""

import copy
from numbers import Integral

import numpy as np

from ..network import _as_float_array, _check_finite
from ..convolution import _check_adjoint

__all__ = ["Layer"]


def _read_only(view):
    """A reshaped view that cannot write into the array it shows (the
    module's promise: fresh arrays, or read-only views)."""
    view.flags.writeable = False
    return view


def _rng(seed):
    if isinstance(seed, np.random.Generator):
        return seed
    if isinstance(seed, Integral) and not isinstance(seed, bool):
        return np.random.default_rng(int(seed))
    raise TypeError(
        f"seed must be an int or a numpy.random.Generator; got {seed!r}")


class Layer:
    """What every layer has: ``params``, ``forward`` and ``backward``.

    A subclass sets ``self.params`` (a dict, name -> float64 ndarray,
    empty when it has no parameters) and defines

    - ``output_shape(shape)``: the output's shape for an input of shape
      ``shape`` (batch axis included), or a ValueError naming what was
      expected and what came;
    - ``_forward(X) -> (out, cache)`` and ``_backward(dOut, cache,
      need_dX=True) -> (dX, grads)`` on checked arrays (with
      ``need_dX=False`` it may skip ``dX`` and return None for it);
    - ``_input_shape(cache)``: the input's shape, read from a cache.

    ``forward`` and ``backward`` check their arguments and call those.
    ``Sequential`` checks a batch once and then calls the unchecked
    ones; it passes ``need_dX=False`` to its first layer (in training,
    to its first layer with parameters), whose input gradient nobody
    reads.
    """

    params = {}
    _param_shapes = {}      # name -> (shape, what the axes are, in words)

    def forward(self, X):
        """The output of the layer, and what ``backward`` needs.

        Parameters
        ----------
        X : array_like
            A batch, one example per entry of axis 0; the shape the
            layer takes is in its class docstring.

        Returns
        -------
        out : ndarray
            Shape ``self.output_shape(X.shape)``.
        cache : tuple or ndarray
            Pass it to ``backward``, unchanged.
        """
        X = _as_float_array("X", X)
        self.output_shape(X.shape)
        _check_finite("X", X)
        self._check_params()
        return self._forward(X)

    def backward(self, dOut, cache):
        """Adjoints: of the input, and of every parameter.

        Parameters
        ----------
        dOut : array_like, shape of the output
            ``dC/d(out)`` for some scalar ``C`` (the cost, in training).
        cache
            What ``forward`` returned beside the output.

        Returns
        -------
        dX : ndarray, shape of the input
            ``dC/dX``.
        grads : dict
            ``grads[name] = dC/d params[name]``, each of its
            parameter's shape; the same keys as ``params``.
        """
        shape = self.output_shape(self._input_shape(cache))
        dOut = _check_adjoint("dOut", dOut, shape)
        return self._backward(dOut, cache)

    def _check_params(self):
        if not isinstance(self.params, dict) or set(self.params) != set(
                self._param_shapes):
            got = (sorted(self.params) if isinstance(self.params, dict)
                   else type(self.params).__name__)
            raise ValueError(
                f"{self!r}.params must be a dict with the keys "
                f"{sorted(self._param_shapes)}; got {got}")
        for name, (shape, words) in self._param_shapes.items():
            p = self.params[name]
            if not (isinstance(p, np.ndarray) and p.dtype == np.float64
                    and p.shape == shape):
                got = (f"{p.dtype} array of shape {p.shape}"
                       if isinstance(p, np.ndarray)
                       else type(p).__name__)
                raise TypeError(
                    f"{self!r}.params[{name!r}] must be a float64 numpy "
                    f"array of shape {words} = {shape} (training updates "
                    f"it in place); got {got}")
            _check_finite(f"{self!r}.params[{name!r}]", p)

    def output_shape(self, shape):  # pragma: no cover - each layer's own
        raise NotImplementedError

    def copy(self):
        """An independent copy (parameters copied, not shared)."""
        return copy.deepcopy(self)


def _expect_ndim(who, shape, ndim, layout, hint=""):
    if len(shape) != ndim:
        raise ValueError(
            f"{who} expects a batch of shape {layout}, {ndim}-D; got shape "
            f"{tuple(shape)}, {len(shape)}-D.{hint}")
    if shape[0] == 0:
        raise ValueError(f"{who} needs at least one example; got shape "
                         f"{tuple(shape)}")
