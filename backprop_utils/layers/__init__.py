"""Layers as vector-Jacobian products: convolution, pooling, dense,
recurrent.

What this package is for: the convolutional networks of chapter 7 and
the recurrent networks of chapter 8, one module per kind (``base``: the
interface and its checks; ``image``; ``dense``: dense, activation and
shape layers; ``recurrent``). Each layer is
a pair, written as chapter 6's vector-Jacobian products (CS231n's
``layers.py`` style):

- ``layer.params``: a dict, name -> ndarray (``{"K": ..., "b": ...}``;
  empty for a layer without parameters);
- ``out, cache = layer.forward(X)``: the output, and exactly what the
  backward pass needs (nothing is kept on the layer between calls);
- ``dX, grads = layer.backward(dOut, cache)``: given the adjoint of the
  output, ``dC/d(out)`` for some scalar ``C``, the adjoint of the input
  ``dC/dX`` and of every parameter, ``grads[name] = dC/d params[name]``.

Both are pure: they return fresh arrays (or read-only views) and never
change their arguments. ``sequential.Sequential`` chains layers and
ends them with a loss; ``training.gradient_descent`` trains it as it
trains a ``Network``.

The layers compute with the functional cores of ``convolution``
(``conv2d`` and its backward pass), ``pooling`` (``max_pool2d``,
``avg_pool2d`` and theirs) and ``recurrent`` (``rnn_forward``,
``lstm_forward`` and their backward passes through time), which the
chapters show and the tests check one by one.

Conventions: those of ``convolution`` for images and kernels (NCHW
batches ``(m, C, H, W)``, kernels ``(C_out, C_in, kh, kw)``, a
correlation, strides that never leave the input unread); those of
``recurrent`` for sequences (``(m, T, n_in)``, weights ``W_xh``,
``W_hh`` and ``b`` as ``torch.nn.RNN``); a batch of vectors is
``(m, n)``, and a dense layer's ``W`` is ``(n_out, n_in)``, as
``torch.nn.Linear`` (and ``Network``).

What it is not for: speed records (no GPU, no float32), or layers that
keep state between calls (each ``forward`` returns its own cache).
"""

from .base import Layer
from .dense import Activation, Dense, Flatten, Reshape
from .image import AvgPool2D, Conv2D, MaxPool2D
from .recurrent import LSTM, RNN

__all__ = [
    "Activation",
    "AvgPool2D",
    "Conv2D",
    "Dense",
    "Flatten",
    "Layer",
    "LSTM",
    "MaxPool2D",
    "RNN",
    "Reshape",
]
