"""The course's plot helpers, in one place to import them from.

What this module is for: naming every plot helper, so that the chapters
and the tests import them from here (or from the package) whichever
module draws them. Each kind of picture has a module of its own:

- ``plot_network``: ``draw_network``, diagrams of the small fully
  connected networks with the notation of the text on them;
- ``plot_curves``: ``plot_cost``, the cost ``J`` against the epoch;
- ``plot_classifier``: ``plot_image``, ``plot_probabilities`` and
  ``plot_confusion``, the pictures of a classifier.

What it is not for: code of its own; a new helper goes into the module
of its kind and is named here. None of them prints or calls
``plt.show()``; each draws on the axes it is given (or on a new figure)
and returns the axes.
"""

from .plot_classifier import plot_confusion, plot_image, plot_probabilities
from .plot_curves import plot_cost
from .plot_network import draw_network
# the tests measure where the edge labels sit with the diagrams' geometry
from .plot_network import _point_segment_distance  # noqa: F401

__all__ = ["draw_network", "plot_confusion", "plot_image", "plot_cost",
           "plot_probabilities"]
