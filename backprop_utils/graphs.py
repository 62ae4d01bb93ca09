"""Computational graphs: the quantities of a formula and how they depend.

What this module is for: drawing a small graph whose nodes are quantities
(a weight, an activation, a pre-activation, the loss) and whose arrows
carry the local derivative of the head with respect to the tail, so that
the chain rule can be read off as a product along a path.

What it is not for: computing anything. The numbers live in ``network``;
this module only draws.
"""

import matplotlib.pyplot as plt
from matplotlib.artist import Artist

__all__ = ["draw_computation_graph"]

_STYLE = {
    "param": {"facecolor": "#fde7c8", "edgecolor": "#b3670b"},
    "input": {"facecolor": "#e3eefb", "edgecolor": "#2f5f98"},
    "value": {"facecolor": "#ffffff", "edgecolor": "#444444"},
    "loss": {"facecolor": "#f8d7da", "edgecolor": "#a12a36"},
}
_NOTE_COLOUR = "#a12a36"          # the text under a node: an adjoint


class _PlaceBoxes(Artist):
    """Puts every node's box where its text is, when the figure is drawn
    and before the arrows are: an arrow is cut where it meets the boxes
    of its two ends, so that its head shows beside a wide label. Draws
    nothing itself."""

    def __init__(self, texts):
        super().__init__()
        self.texts = texts
        self.set_zorder(-10)

    def draw(self, renderer):
        for text in self.texts:
            text.update_bbox_position_size(renderer)


def draw_computation_graph(nodes, edges, *, ax=None, title=None,
                           fontsize=13, label_position=0.5, notes=None,
                           highlight=()):
    """Draw a computational graph with a label on every arrow.

    Parameters
    ----------
    nodes : dict
        ``name -> (x, y, label, kind)``: position in data units, the text
        in the node (matplotlib mathtext, e.g. ``r"$z^{(L)}$"``) and its
        kind, one of ``"param"`` (a weight or bias), ``"input"`` (data or
        an earlier activation), ``"value"`` (computed) and ``"loss"``.
    edges : sequence of (str, str, str)
        ``(tail, head, label)``: an arrow from ``tail`` to ``head`` with
        ``label`` written at its middle, usually the local derivative
        ``d head / d tail``; an empty label writes nothing.
    ax : matplotlib Axes, optional
        Drawn on a new figure when omitted.
    title : str, optional
    fontsize : int, default 13
    label_position : float, default 0.5
        Where along each arrow its label sits, from 0 (tail) to 1 (head);
        below 0.5 separates the labels of arrows that meet at one node.
    notes : dict, optional
        ``name -> text`` written under the node in red, e.g. its adjoint.
    highlight : iterable of str, default ()
        Nodes drawn with a thick red border (the one being worked on).

    Returns
    -------
    matplotlib Axes

    Examples
    --------
    >>> ax = draw_computation_graph(
    ...     {"w": (0, 0, "$w$", "param"), "z": (1, 0, "$z$", "value")},
    ...     [("w", "z", "$a$")])
    """
    if not 0.0 <= label_position <= 1.0:
        raise ValueError(
            f"label_position must be between 0 and 1; got {label_position!r}")
    if ax is None:
        _, ax = plt.subplots(figsize=(8, 4))
    for name, spec in nodes.items():
        if len(spec) != 4:
            raise ValueError(
                f"node {name!r} must be (x, y, label, kind); got {spec!r}")
        kind = spec[3]
        if kind not in _STYLE:
            raise ValueError(
                f"node {name!r} has unknown kind {kind!r}; expected one of "
                f"{sorted(_STYLE)}")
    notes = dict(notes or {})
    highlight = set(highlight)
    for name in [*notes, *highlight]:
        if name not in nodes:
            raise ValueError(
                f"notes and highlight name {name!r}, which is not a node; "
                f"nodes are {sorted(nodes)}")
    for tail, head, _ in edges:
        for end in (tail, head):
            if end not in nodes:
                raise ValueError(
                    f"edge ({tail!r}, {head!r}) names {end!r}, which is not "
                    f"a node; nodes are {sorted(nodes)}")
    boxes = {}
    for name, (x, y, label, kind) in nodes.items():
        style = dict(_STYLE[kind])
        if name in highlight:
            style["edgecolor"] = _NOTE_COLOUR
        box = ax.text(x, y, label, ha="center", va="center",
                      fontsize=fontsize, zorder=3,
                      bbox=dict(boxstyle="round,pad=0.5",
                                linewidth=3.5 if name in highlight else 1.5,
                                **style))
        boxes[name] = box
        if name in notes:
            ax.annotate(notes[name], xy=(0.5, 0), xycoords=box,
                        xytext=(0, -7), textcoords="offset points",
                        ha="center", va="top", fontsize=fontsize - 2,
                        color=_NOTE_COLOUR, zorder=3,
                        bbox=dict(boxstyle="round,pad=0.1",
                                  facecolor="white", edgecolor="none"))
    for tail, head, label in edges:
        (x0, y0), (x1, y1) = nodes[tail][:2], nodes[head][:2]
        ax.annotate("", xy=(x1, y1), xytext=(x0, y0), zorder=1,
                    arrowprops=dict(arrowstyle="-|>", color="#555555",
                                    linewidth=1.4, shrinkA=3, shrinkB=3,
                                    patchA=boxes[tail].get_bbox_patch(),
                                    patchB=boxes[head].get_bbox_patch()))
        if not label:
            continue
        t = label_position
        ax.text(x0 + t * (x1 - x0), y0 + t * (y1 - y0), label, ha="center",
                va="center", fontsize=fontsize - 2, color="#1a4d80",
                zorder=2, bbox=dict(boxstyle="round,pad=0.2",
                                    facecolor="white", edgecolor="none"))
    ax.add_artist(_PlaceBoxes(list(boxes.values())))
    xs = [spec[0] for spec in nodes.values()]
    ys = [spec[1] for spec in nodes.values()]
    ax.set_xlim(min(xs) - 0.7, max(xs) + 0.7)
    ax.set_ylim(min(ys) - 0.7, max(ys) + 0.7)
    ax.set_axis_off()
    if title:
        ax.set_title(title)
    return ax
