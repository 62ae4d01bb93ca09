"""backprop_utils: the code behind the backpropagation course.

Every chapter imports from here; the tests in ``tests/`` check it against
central differences and an independent autodiff library. One module per
job:

- ``activations``: ``g`` and ``g'`` side by side, by name;
- ``losses``: per-example losses and ``dℒ/dy_hat``;
- ``network``: ``Network`` with ``forward``, ``cost`` and ``backward``;
- ``convolution``: convolution as functions, forward and backward
  (``conv2d``, ``conv1d``, ``im2col``, ``col2im``);
- ``pooling``: max and average pooling as functions, forward and
  backward;
- ``recurrent``: recurrent cells as functions, forward over time and
  backward through time (``rnn_forward``, ``lstm_forward`` and their
  backward passes);
- ``layers``: layers as vector-Jacobian pairs (``Conv2D``, ``MaxPool2D``,
  ``AvgPool2D``, ``Flatten``, ``Reshape``, ``Dense``, ``Activation``,
  ``RNN``, ``LSTM``) on those functions;
- ``sequential``: ``Sequential``, layers chained and ended by a loss;
- ``gradcheck``: central differences, relative errors, formula checks;
- ``tables``: tables of the numbers of a worked example;
- ``training``: gradient descent, full batch and minibatch, for a
  ``Network`` and a ``Sequential``, and gradient clipping;
- ``fastpath``: its steps, BP1 to BP4 with buffers;
- ``datasets``: small seeded data sets, and the handwritten digits;
- ``labels``: one-hot rows, predicted classes, accuracy;
- ``plotting``: network diagrams, cost curves, digits and class
  probabilities;
- ``graphs``: computational graphs with a derivative on each arrow;
- ``autodiff``: automatic differentiation on single numbers, reverse
  mode (``Node``) and forward mode (``Dual``);
- ``widgets``: demos that are live in Jupyter and still respond on the
  static site;
- ``animation``: players that animate a sequence of frames offline;
- ``practice``: Write-it-yourself exercises and the checker that names
  the mistake a learner made;
- ``quiz``: Check-yourself questions with a numeric answer, checked on
  the static site without a kernel, and live in Jupyter;
- ``style``: the figures' font sizes, and the call that makes a
  chapter's inline figures small PNGs that record their text size.
"""

from .activations import ACTIVATIONS, get_activation
from .animation import Animation, animate
from .convolution import (
    col2im,
    conv1d,
    conv1d_backward,
    conv2d,
    conv2d_backward,
    im2col,
)
from .datasets import (
    Dataset,
    Digits,
    LabelledSet,
    digits,
    linear_regression,
    nonlinear_curve,
    shifted_copies,
    two_class,
)
from .gradcheck import (
    FormulaCheck,
    GradientCheck,
    check_formula,
    check_gradients,
    numerical_gradient,
    numerical_network_gradients,
    relative_error,
)
from .graphs import draw_computation_graph
from .labels import accuracy, one_hot, predicted_classes
from .layers import (
    Activation,
    AvgPool2D,
    Conv2D,
    Dense,
    Flatten,
    Layer,
    LSTM,
    MaxPool2D,
    RNN,
    Reshape,
)
from .losses import LOSSES, get_loss
from .network import ForwardPass, Gradients, Network
from .plotting import (
    draw_network,
    plot_confusion,
    plot_cost,
    plot_image,
    plot_probabilities,
)
from .pooling import (
    avg_pool2d,
    avg_pool2d_backward,
    max_pool2d,
    max_pool2d_backward,
)
from .recurrent import (
    TimeGradients,
    lstm_backward,
    lstm_forward,
    rnn_backward,
    rnn_forward,
)
from .sequential import Sequential, SequentialForward, SequentialGradients
from .style import COURSE_RC, use_course_figures
from .tables import Table
from .training import (
    TrainingHistory,
    clip_by_norm,
    clip_by_value,
    gradient_descent,
)
from .widgets import Demo, interactive_figure

__all__ = [
    "Activation",
    "ACTIVATIONS",
    "Animation",
    "AvgPool2D",
    "Conv2D",
    "COURSE_RC",
    "Dataset",
    "Demo",
    "Dense",
    "Digits",
    "Flatten",
    "FormulaCheck",
    "ForwardPass",
    "GradientCheck",
    "Gradients",
    "LabelledSet",
    "Layer",
    "LSTM",
    "LOSSES",
    "MaxPool2D",
    "Network",
    "RNN",
    "Reshape",
    "Sequential",
    "SequentialForward",
    "SequentialGradients",
    "Table",
    "TimeGradients",
    "TrainingHistory",
    "accuracy",
    "animate",
    "avg_pool2d",
    "avg_pool2d_backward",
    "check_formula",
    "check_gradients",
    "clip_by_norm",
    "clip_by_value",
    "col2im",
    "conv1d",
    "conv1d_backward",
    "conv2d",
    "conv2d_backward",
    "digits",
    "draw_computation_graph",
    "draw_network",
    "get_activation",
    "get_loss",
    "gradient_descent",
    "im2col",
    "interactive_figure",
    "linear_regression",
    "lstm_backward",
    "lstm_forward",
    "max_pool2d",
    "max_pool2d_backward",
    "nonlinear_curve",
    "numerical_gradient",
    "numerical_network_gradients",
    "one_hot",
    "plot_confusion",
    "plot_cost",
    "plot_image",
    "plot_probabilities",
    "predicted_classes",
    "relative_error",
    "rnn_backward",
    "rnn_forward",
    "shifted_copies",
    "two_class",
    "use_course_figures",
]

__version__ = "0.1.0"
