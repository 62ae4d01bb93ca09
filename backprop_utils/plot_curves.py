"""The cost curve of training: the cost ``J`` against the epoch.

What this module is for: ``plot_cost``, one run's cost after each epoch
(or each update), on a linear or a logarithmic axis; called several times
on the same axes, with labels, it compares runs (learning rates, batch
sizes). The history is checked first: a run that diverged is named
(its first non-finite entry), not drawn as a line that stops.

What it is not for: computing the cost (``network`` and ``training`` do
that), or line plots in general. Nothing here prints or calls
``plt.show()``; ``plot_cost`` draws on the axes it is given (or on a new
figure) and returns the axes. Chapters import it from ``plotting``, with
the other plot helpers, or from the package.
"""

from collections.abc import Mapping

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.ticker import MaxNLocator

__all__ = ["plot_cost"]


def plot_cost(history, *, ax=None, label=None, logy=False, xlabel="epoch"):
    """Plot the cost ``J`` against the epoch (or the update).

    Parameters
    ----------
    history : sequence of float, shape (n,), or TrainingHistory
        The cost after each epoch, entry 0 before training; an object
        with a ``.cost`` attribute (what ``gradient_descent`` returns) is
        read through it. At least one finite value.
    ax : matplotlib Axes, optional
        Drawn on a new figure when omitted. Call ``plot_cost`` several
        times on the same axes, with different labels, to compare runs.
    label : str, optional
        The legend entry of this curve; the legend is (re)drawn when it
        is given.
    logy : bool, default False
        A logarithmic cost axis (every value must then be positive).
    xlabel : str, default "epoch"

    Returns
    -------
    matplotlib Axes

    Notes
    -----
    Entry ``i`` of ``history`` is drawn at ``x = i``; short histories
    (up to 30 values) get a marker on every point so that they stay
    visible.

    Examples
    --------
    >>> ax = plot_cost([0.9, 0.5, 0.3, 0.25], label=r"$\\eta = 0.5$")
    >>> ax.lines[0].get_ydata().tolist()
    [0.9, 0.5, 0.3, 0.25]
    """
    if hasattr(history, "cost") and not isinstance(history, np.ndarray):
        history = history.cost
    if isinstance(history, (str, bytes, Mapping)):
        raise TypeError(
            "history must be a 1-D sequence of cost values; got "
            f"{type(history).__name__}")
    try:
        cost = np.asarray(history, dtype=float)
    except (TypeError, ValueError):
        raise TypeError(
            "history must be a 1-D sequence of numbers (the cost after "
            f"each epoch); got {history!r}") from None
    if cost.ndim != 1 or cost.size == 0:
        raise ValueError(
            "history must be a non-empty 1-D sequence of cost values; got "
            f"shape {cost.shape}")
    bad = ~np.isfinite(cost)
    if bad.any():
        first = int(np.argmax(bad))
        raise ValueError(
            f"history must be finite; entry {first} is {cost[first]} "
            "(did training diverge?)")
    if logy and (cost <= 0).any():
        first = int(np.argmax(cost <= 0))
        raise ValueError(
            "logy=True needs positive costs; entry "
            f"{first} is {cost[first]}")
    if label is not None and not isinstance(label, str):
        raise TypeError(f"label must be a str; got {label!r}")

    if ax is None:
        _, ax = plt.subplots(figsize=(6, 3.5))
    marker = "o" if cost.size <= 30 else None
    ax.plot(np.arange(cost.size), cost, marker=marker, markersize=3.5,
            label=label if label is not None else "_nolegend_")
    if logy:
        ax.set_yscale("log")
    ax.set_xlabel(xlabel)
    ax.set_ylabel(r"cost $J$")
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.grid(True, alpha=0.3)
    if label is not None:
        ax.legend()
    return ax
