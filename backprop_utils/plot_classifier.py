"""The pictures of a classifier: a digit, its class probabilities, the
confusion matrix.

What this module is for: ``plot_image`` draws one small image pixel by
pixel (a digit of ``X``, or a row of weights in red and blue);
``plot_probabilities`` one example's softmax output as bars, the true
class and a wrong prediction in their own colours; ``plot_confusion``
how often each true class got each prediction.

What it is not for: computing predictions or accuracy (``labels`` does
that), or large images. Nothing here prints or calls ``plt.show()``;
every function draws on the axes it is given (or on a new figure) and
returns the axes. Chapters import them from ``plotting``, with the other
plot helpers, or from the package.
"""

from numbers import Integral

import matplotlib.pyplot as plt
import numpy as np

__all__ = ["plot_confusion", "plot_image", "plot_probabilities"]


def _as_image(pixels, side=None):
    img = np.asarray(pixels, dtype=float)
    if img.ndim == 1:
        side = int(round(np.sqrt(img.size)))
        if side * side != img.size:
            raise ValueError(
                "a flat image must have a square number of pixels (64 for "
                f"8x8); got {img.size}")
        img = img.reshape(side, side)
    if img.ndim != 2:
        raise ValueError(
            "pixels must be an image, shape (h, w), or a flat row of a "
            f"square image, shape (h * w,); got shape {img.shape}")
    return img


def plot_image(pixels, *, ax=None, title=None, signed=False):
    """Draw one small image, e.g. a digit, pixel by pixel.

    Parameters
    ----------
    pixels : array_like, shape (h, w) or (h * w,)
        A flat row (one example of ``X``) is folded into a square.
    ax : matplotlib Axes, optional
    title : str, optional
    signed : bool, default False
        False: values in [0, 1], 0 white and 1 black (ink on paper).
        True: values of either sign (e.g. weights), red for negative and
        blue for positive, white at 0, symmetric about 0.

    Returns
    -------
    matplotlib Axes

    Examples
    --------
    >>> ax = plot_image(np.eye(8).ravel(), title="a diagonal")
    >>> ax.images[0].get_array().shape
    (8, 8)
    """
    img = _as_image(pixels)
    if ax is None:
        _, ax = plt.subplots(figsize=(2, 2))
    if signed:
        top = float(np.abs(img).max()) or 1.0
        ax.imshow(img, cmap="RdBu", vmin=-top, vmax=top,
                  interpolation="nearest")
    else:
        ax.imshow(img, cmap="gray_r", vmin=0.0, vmax=1.0,
                  interpolation="nearest")
    ax.set_xticks([])
    ax.set_yticks([])
    if title is not None:
        ax.set_title(title)
    return ax


def plot_probabilities(probabilities, *, ax=None, true=None,
                       classes=None):
    """A bar chart of one example's class probabilities.

    Parameters
    ----------
    probabilities : array_like, shape (K,)
        One row of a softmax output, each in [0, 1].
    ax : matplotlib Axes, optional
    true : int, optional
        The index of the true class: its bar is drawn in the second
        colour, and the likeliest class, when it is another, in the third
        (a wrong prediction shows as two colours).
    classes : sequence of str, optional
        The tick labels, one per class; by default ``0 .. K-1``.

    Returns
    -------
    matplotlib Axes
    """
    p = np.asarray(probabilities, dtype=float)
    if p.ndim != 1 or p.size < 2:
        raise ValueError(
            "probabilities must be one example's row, shape (K,) with "
            f"K >= 2; got shape {p.shape}")
    if not np.all((p >= 0) & (p <= 1)):
        raise ValueError(
            "probabilities must lie in [0, 1] (a softmax output); got "
            f"values from {p.min():g} to {p.max():g}")
    K = p.size
    if true is not None and not (isinstance(true, Integral)
                                 and 0 <= true < K):
        raise ValueError(f"true must be a class index 0..{K - 1}; got "
                         f"{true!r}")
    if ax is None:
        _, ax = plt.subplots(figsize=(4, 2.5))
    colours = ["0.6"] * K
    if true is not None:
        top = int(np.argmax(p))
        if top != true:
            colours[top] = "C3"
        colours[true] = "C0"
    ax.bar(np.arange(K), p, color=colours)
    ax.set_ylim(0, 1)
    ax.set_xticks(np.arange(K))
    ax.set_xticklabels(classes if classes is not None
                       else [str(k) for k in range(K)])
    ax.set_yticks([0, 0.5, 1])
    return ax


def plot_confusion(true, predicted, *, ax=None, K=None):
    """The confusion matrix: how often each true class got each prediction.

    Parameters
    ----------
    true, predicted : array_like of int, shape (m,)
        Class labels, ``0..K-1``.
    ax : matplotlib Axes, optional
    K : int, optional
        The number of classes; by default one more than the largest label.

    Returns
    -------
    matplotlib Axes
        Row ``i``, column ``j``: the number of examples of class ``i``
        predicted as ``j``; the diagonal holds the right answers. Every
        non-zero count is written in its cell.
    """
    true = np.asarray(true)
    predicted = np.asarray(predicted)
    if true.shape != predicted.shape or true.ndim != 1:
        raise ValueError(
            "true and predicted must be 1-D label arrays of the same "
            f"shape (m,); got {true.shape} and {predicted.shape}")
    K = int(max(true.max(), predicted.max())) + 1 if K is None else K
    counts = np.zeros((K, K), dtype=int)
    np.add.at(counts, (true, predicted), 1)
    if ax is None:
        _, ax = plt.subplots(figsize=(5.5, 5))
    # the diagonal dominates; a log-like scale keeps the few mistakes
    # visible
    ax.imshow(np.sqrt(counts), cmap="Blues", interpolation="nearest")
    top = np.sqrt(counts.max())
    for i in range(K):
        for j in range(K):
            if counts[i, j]:
                dark = np.sqrt(counts[i, j]) > 0.6 * top
                ax.text(j, i, str(counts[i, j]), ha="center",
                        va="center", color="white" if dark else "black")
    ax.set_xticks(np.arange(K))
    ax.set_yticks(np.arange(K))
    ax.set_xlabel("predicted class")
    ax.set_ylabel("true class")
    return ax
