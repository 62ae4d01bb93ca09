"""Diagrams of the course's small fully connected networks.

What this module is for: ``draw_network``, which draws a network with the
notation of the text on it (``w^(l)_jk`` on the edges, ``b^(l)_j`` beside
the nodes, ``a^(l)_j`` in them), optionally with the numbers of a worked
example (weights, activations, deltas). Most of the code is layout: each
edge label is turned along its own edge and, when the figure is drawn,
moved to the first of its candidate points where it overlaps no other
text and no node, so that it cannot be read as the label of an edge it
crosses.

What it is not for: large networks (the layout is meant for at most about
eight nodes per layer and six layers), or computing anything (the numbers
come from ``network``). Nothing here prints or calls ``plt.show()``;
``draw_network`` draws on the axes it is given (or on a new figure) and
returns the axes. Chapters import it from ``plotting``, with the other
plot helpers, or from the package.
"""

from collections.abc import Mapping
from numbers import Integral, Real

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.artist import Artist
from matplotlib.patches import BoxStyle, Circle
from matplotlib.path import Path

__all__ = ["draw_network"]

# Layout, in data units (the axes have an equal aspect).
_DX = 3.0            # distance between two layers
_DY = 1.5            # distance between two nodes of a layer
_DY_MORE = 0.35      # extra, for node values under and biases above
_R = 0.32            # node radius
# Where the label of an edge sits, as a fraction of the edge from its
# source: the candidate fractions tried for each edge (the one farthest
# from every other edge and every label already placed wins). Labels are
# turned along their edge, so each reads in the direction of its own line
# even where edges cross.
_T_CANDIDATES = (0.72, 0.66, 0.78, 0.6, 0.54, 0.42, 0.36, 0.3,
                 0.24)
# A label nearer than this to another edge could be read as its label.
_MIN_EDGE_GAP = 0.15

_NODE_STYLE = {
    "input": {"facecolor": "#e3eefb", "edgecolor": "#2f5f98"},
    "hidden": {"facecolor": "#ffffff", "edgecolor": "#444444"},
    "output": {"facecolor": "#e6f2e3", "edgecolor": "#2e6b30"},
}
_EDGE_COLOR = "#9a9a9a"
_LABEL_BOX = {"boxstyle": "round,pad=0.15", "facecolor": "white",
              "edgecolor": "none", "alpha": 0.9}



class _EdgeLabelBox:
    """The box of an edge label: rounded, with more room at the two ends
    of the text (along its edge) than above and below it, so that a minus
    sign never touches the line it sits on. ``pad`` and ``end_pad`` are
    fractions of the font size."""

    def __init__(self, pad=0.15, end_pad=0.3):
        self.pad, self.end_pad = pad, end_pad
        self._round = BoxStyle.Round(pad=pad)

    def __call__(self, x0, y0, width, height, mutation_size):
        extra = (self.end_pad - self.pad) * mutation_size
        return self._round(x0 - extra, y0, width + 2 * extra, height,
                           mutation_size)


_EDGE_LABEL_BOX = {**_LABEL_BOX, "boxstyle": _EdgeLabelBox()}

_WEIGHT_LABEL_CHOICES = ("symbols", "values", None)
_NODE_LABEL_CHOICES = ("symbols", None)


def _check_sizes(sizes):
    if isinstance(sizes, (str, bytes, Mapping)) or not hasattr(
            sizes, "__len__"):
        raise TypeError(
            "draw_network needs a list of layer sizes [n_0, ..., n_L] or a "
            "network with .sizes, .weights and .biases; got "
            f"{type(sizes).__name__} {sizes!r}")
    sizes = list(sizes)
    if len(sizes) < 2:
        raise ValueError(
            "sizes must name at least an input and an output layer, e.g. "
            f"[2, 1]; got {sizes!r}")
    for i, n in enumerate(sizes):
        if (isinstance(n, (bool, np.bool_)) or not isinstance(n, Integral)
                or n < 1):
            raise ValueError(
                "every layer size must be a positive integer; got "
                f"sizes[{i}] = {n!r} in {sizes!r}")
    return [int(n) for n in sizes]


def _check_parameters(sizes, weights, biases):
    """Return W^(l) and b^(l) as float arrays, shapes checked."""
    L = len(sizes) - 1
    for name, seq in (("weights", weights), ("biases", biases)):
        if seq is None or not hasattr(seq, "__len__") or len(seq) != L:
            got = "none" if seq is None else (
                f"{len(seq)}" if hasattr(seq, "__len__") else repr(seq))
            raise ValueError(
                f"the network's .{name} must hold {L} arrays, one per "
                f"layer 1..{L} (sizes {sizes}); got {got}")
    Ws, bs = [], []
    for l in range(1, L + 1):
        W = np.asarray(weights[l - 1], dtype=float)
        b = np.asarray(biases[l - 1], dtype=float)
        want_W = (sizes[l], sizes[l - 1])
        if W.shape != want_W:
            raise ValueError(
                f"W^({l}) = weights[{l - 1}] must have shape (n_{l}, "
                f"n_{l - 1}) = {want_W}; got {W.shape}")
        if b.shape != (sizes[l],):
            raise ValueError(
                f"b^({l}) = biases[{l - 1}] must have shape (n_{l},) = "
                f"({sizes[l]},); got {b.shape}")
        Ws.append(W)
        bs.append(b)
    return Ws, bs


def _check_value_label(label, values, name):
    """Check ``node_value_label`` (or ``..._above``) against its values."""
    if label is None:
        return
    if not isinstance(label, str):
        raise TypeError(
            f"{name} must be a str such as r'\\delta'; got "
            f"{type(label).__name__}")
    if "$" in label:
        raise ValueError(
            f"{name} must be mathtext without dollar signs, "
            f"e.g. r'\\delta'; got {label!r}")
    if not values:
        values_name = name.replace("node_value_label", "node_values")
        raise ValueError(
            f"{name} names the numbers of {values_name}, but no "
            f"{values_name} were given")


def _check_node_values(node_values, sizes, name="node_values"):
    if node_values is None:
        return {}
    if not isinstance(node_values, Mapping):
        raise TypeError(
            f"{name} must be a mapping {{layer: values of length n_l}}, "
            f"e.g. {{1: [0.5, 0.1, 0.2]}}; got {type(node_values).__name__}")
    L = len(sizes) - 1
    checked = {}
    for l, values in node_values.items():
        if (isinstance(l, (bool, np.bool_)) or not isinstance(l, Integral)
                or not 0 <= l <= L):
            raise ValueError(
                f"{name} keys must be layer numbers 0..{L}; got {l!r}")
        try:
            arr = np.asarray(values, dtype=float)
        except (TypeError, ValueError):
            raise TypeError(
                f"{name}[{l}] must be numbers; got {values!r}"
            ) from None
        if arr.ndim == 2 and arr.shape[0] == 1:
            arr = arr[0]     # one example of a batch, shape (1, n_l)
        if arr.shape != (sizes[l],):
            raise ValueError(
                f"{name}[{l}] must hold one value per node of layer "
                f"{l}: expected length {sizes[l]}, got shape {arr.shape}")
        checked[int(l)] = arr
    return checked


def _fmt_param(value):
    text = f"{value:.2f}"
    return "0.00" if text == "-0.00" else text


def _fmt_node_value(value):
    text = f"{value:.3g}"
    return "0" if text == "-0" else text


def _sub(*indices):
    """A mathtext subscript: ``1`` stays ``1``, ``1, 3`` becomes ``{13}``."""
    text = "".join(str(i) for i in indices)
    return text if len(text) == 1 else "{" + text + "}"


def _node_y(n, j, dy):
    """Height of node j (1-based) of a layer of n nodes; node 1 on top."""
    return ((n - 1) / 2 - (j - 1)) * dy


def _point_segment_distance(p, a, b):
    """Distance from point p to the segment a-b (2-vectors)."""
    ab, ap = b - a, p - a
    t = np.clip(ap @ ab / (ab @ ab), 0.0, 1.0)
    return float(np.hypot(*(ap - t * ab)))


def _place_edge_labels(edges, obstacles=()):
    """Choose points on each edge for its label, best first.

    ``edges`` is a list of ``(p0, p1)`` pairs of 2-vectors (source,
    target); ``obstacles`` a list of ``(point, radius)`` to keep clear
    of (nodes, bias labels). For each edge in turn, the candidate
    fraction of ``_T_CANDIDATES`` whose point is farthest from every
    other edge, every obstacle and every label already placed comes
    first (ties: the earlier candidate); the other candidates follow,
    farthest from the other edges and the obstacles first, leaving out
    those within ``_MIN_EDGE_GAP`` of another edge. Returns one list of
    points per edge; ``_EdgeLabelSpacer`` picks from it when the figure
    is drawn. Deterministic.
    """
    segments = [(np.asarray(a, float), np.asarray(b, float))
                for a, b in edges]
    placed, choices = [], []
    for i, (a, b) in enumerate(segments):
        scored = []
        for t in _T_CANDIDATES:
            p = a + t * (b - a)
            fixed = min(
                [_point_segment_distance(p, c, d)
                 for m, (c, d) in enumerate(segments) if m != i]
                + [float(np.hypot(*(p - np.asarray(c, float)))) - r
                   for c, r in obstacles]
                + [np.inf])
            score = min([fixed] + [float(np.hypot(*(p - q)))
                                   for q in placed])
            edge_gap = min([_point_segment_distance(p, c, d)
                            for m, (c, d) in enumerate(segments)
                            if m != i] + [np.inf])
            scored.append((p, score, fixed, edge_gap))
        best = 0
        for n, (_, score, _, _) in enumerate(scored):
            if score > scored[best][1] + 1e-9:
                best = n
        rest = sorted((n for n in range(len(scored)) if n != best
                       and scored[n][3] > _MIN_EDGE_GAP),
                      key=lambda n: -scored[n][2])
        placed.append(scored[best][0])
        choices.append([scored[n][0] for n in [best] + rest])
    return choices


class _EdgeLabelSpacer(Artist):
    """Moves each edge label, when the figure is drawn, to its first
    candidate point (``_place_edge_labels``) where its box overlaps no
    other text, no node and no edge label already placed.

    Where a label would collide depends on the size of its text against
    the size of the drawing, which is known only when the figure is drawn
    (after any ``subplots_adjust``): so the choice is made then, in
    display space. Drawn before everything else on the axes; draws
    nothing itself. When every candidate collides, the one with the
    fewest collisions wins (ties: the earlier).
    """

    def __init__(self, labels):
        super().__init__()
        self.labels = labels              # [(Text, [candidate points])]
        self.set_zorder(-10)

    def draw(self, renderer):
        ax = self.axes
        mine = {id(t) for t, _ in self.labels}
        fixed = [_text_outline(t, renderer) for t in ax.texts
                 if id(t) not in mine and t.get_visible()
                 and t.get_text().strip()]
        fixed += [p.get_path().transformed(p.get_transform())
                  for p in ax.patches
                  if isinstance(p, Circle) and p.get_visible()]
        placed = []
        for text, candidates in self.labels:
            if not text.get_visible():
                continue
            best, best_hits, best_outline = None, None, None
            for point in candidates:
                text.set_position(point)
                outline = _text_outline(text, renderer)
                hits = sum(outline.intersects_path(o, filled=True)
                           for o in fixed + placed)
                if best is None or hits < best_hits:
                    best, best_hits, best_outline = point, hits, outline
                if hits == 0:
                    break
            text.set_position(best)
            placed.append(best_outline)


def _text_outline(text, renderer):
    """The outline, in display space, of a text and its box (if it has
    one), turned with the text."""
    rotation = text.get_rotation()
    text.set_rotation(0)
    box = text.get_window_extent(renderer)
    text.set_rotation(rotation)
    pad = end_pad = 0.0
    patch = text.get_bbox_patch()
    if patch is not None:
        # the box's pads are fractions of the font size; in pixels:
        size = text.get_fontsize() * renderer.points_to_pixels(1.0)
        style = patch.get_boxstyle()
        pad = getattr(style, "pad", 0.0) * size
        end_pad = getattr(style, "end_pad", getattr(style, "pad", 0.0)) * size
    x0, y0 = box.x0 - end_pad, box.y0 - pad
    x1, y1 = box.x1 + end_pad, box.y1 + pad
    corners = np.array([[x0, y0], [x1, y0], [x1, y1], [x0, y1], [x0, y0]])
    if rotation:
        # rotation_mode "anchor" with ha = va = "center": about the centre
        centre = np.array([(x0 + x1) / 2, (y0 + y1) / 2])
        c, s = np.cos(np.radians(rotation)), np.sin(np.radians(rotation))
        corners = (corners - centre) @ np.array([[c, s], [-s, c]]) + centre
    return Path(corners, closed=True)


def _text_obstacles(pos, l, n, side, scale=1.0):
    """Obstacles for the labels written over (``side=+1``) or under
    (``-1``) the ``n`` nodes of layer ``l``: a label is wide and flat,
    so three points along it, each to be kept 0.2 away (sizes for 9 pt
    text, times ``scale`` for another size)."""
    return [((pos[l, j][0] + dx * scale,
              pos[l, j][1] + side * (_R + 0.17 * scale)), 0.2 * scale)
            for j in range(1, n + 1) for dx in (-0.4, 0.0, 0.4)]


def draw_network(net_or_sizes, *, ax=None, weight_labels="symbols",
                 bias_labels=True, node_labels="symbols", node_values=None,
                 node_value_label=None, node_values_above=None,
                 node_value_label_above=None, title=None, fontsize=10):
    """Draw a fully connected feed-forward network, input on the left.

    Layer ``l`` (0 for the input, ``L`` for the output) is a column of
    circles, node 1 on top; every node of layer ``l - 1`` is joined to
    every node of layer ``l``. The edge from node ``k`` of layer ``l - 1``
    to node ``j`` of layer ``l`` carries the weight ``w^(l)_jk``, the
    entry ``[j - 1, k - 1]`` of ``W^(l)``, which has shape
    ``(n_l, n_{l-1})``.

    Parameters
    ----------
    net_or_sizes : list of int or network
        Either the layer sizes ``[n_0, n_1, ..., n_L]`` (at least two
        positive ints), or any object with ``.sizes``, ``.weights`` (list,
        ``weights[l - 1]`` is ``W^(l)``, shape ``(n_l, n_{l-1})``) and
        ``.biases`` (list, ``biases[l - 1]`` is ``b^(l)``, shape
        ``(n_l,)``), such as a ``Network``.
    ax : matplotlib Axes, optional
        Drawn on a new figure when omitted.
    weight_labels : {"symbols", "values", None}, default "symbols"
        ``"symbols"`` writes ``$w^{(l)}_{jk}$`` on every edge;
        ``"values"`` writes the weights of the network, with two
        decimals (needs a network, not a list of sizes); ``None`` writes
        nothing on the edges. Each label is turned along its own edge and
        placed where it is farthest from the other edges and labels, so
        that it cannot be read as the label of an edge it crosses.
    bias_labels : bool, default True
        Write ``$b^{(l)}_j$`` just above every non-input node; with
        ``weight_labels="values"``, ``$b^{(l)}_j$ = 0.10`` (the value).
    node_labels : {"symbols", None}, default "symbols"
        ``"symbols"`` writes ``$x_k$`` in the input nodes and
        ``$a^{(l)}_j$`` in the others (the output too: ``$a^{(L)}_j$``);
        ``None`` leaves the nodes empty.
    node_values : mapping, optional
        ``{l: values}`` for some layers ``l`` in ``0..L``, ``values`` of
        shape ``(n_l,)`` (or ``(1, n_l)``, one example of a batch):
        numbers written just below the nodes of those layers, with three
        significant digits, e.g. the activations of a forward pass or the
        deltas of a backward pass.
    node_value_label : str, optional
        The symbol of ``node_values``, as mathtext without dollar signs,
        e.g. ``r"\\delta"`` or ``"a"``. The text under node ``j`` of layer
        ``l`` then reads ``$\\delta^{(l)}_j$ = 0.12``; without it, only
        the number ``0.12``.
    node_values_above, node_value_label_above : optional
        A second set of numbers, written just above the nodes (above the
        bias labels when there are any), in another colour; the same
        forms as ``node_values`` and ``node_value_label``. With both, a
        diagram can show the forward values and the deltas at once.
    title : str, optional
        Axes title.
    fontsize : float, default 10
        Points, of the labels on the edges and around the nodes; the
        symbols in the nodes are 2 points larger and the captions under
        the columns 1 point. Ten points suit a figure saved at 100 dpi
        (13.9 px, its indices 9.7 px); a frame of a demo at 72 dpi needs
        11 (11 px, indices 7.7 px: the least the site's tests accept).
        The gaps kept around the labels grow with it.

    Returns
    -------
    matplotlib Axes
        With the axis frame and ticks turned off and an equal aspect.

    Notes
    -----
    Under each column a caption reads ``layer 0 (input)``, ``layer 1``,
    ..., ``layer L (output)``. The text is sized in points and the layout
    in data units: a network with many nodes needs a larger figure, about
    ``(9, 5)`` inches for 2-3-2-1 with every label. With more than about
    four nodes per layer the edge labels crowd each other: pass
    ``weight_labels=None`` (and perhaps ``bias_labels=False``).

    Examples
    --------
    >>> ax = draw_network([2, 3, 2, 1])
    >>> ax = draw_network(net, weight_labels="values",
    ...                   node_values={3: [0.42]},
    ...                   node_value_label="a")   # doctest: +SKIP
    """
    if hasattr(net_or_sizes, "sizes"):
        net = net_or_sizes
        sizes = _check_sizes(net.sizes)
    else:
        net = None
        sizes = _check_sizes(net_or_sizes)
    L = len(sizes) - 1

    if weight_labels not in _WEIGHT_LABEL_CHOICES:
        raise ValueError(
            'weight_labels must be "symbols", "values" or None; got '
            f"{weight_labels!r}")
    if node_labels not in _NODE_LABEL_CHOICES:
        raise ValueError(
            f'node_labels must be "symbols" or None; got {node_labels!r}')
    if not isinstance(bias_labels, (bool, np.bool_)):
        raise TypeError(
            f"bias_labels must be True or False; got {bias_labels!r}")
    values = _check_node_values(node_values, sizes)
    values_above = _check_node_values(node_values_above, sizes,
                                      name="node_values_above")
    _check_value_label(node_value_label, values, "node_value_label")
    _check_value_label(node_value_label_above, values_above,
                       "node_value_label_above")

    show_values = weight_labels == "values"
    if show_values:
        if net is None:
            raise ValueError(
                'weight_labels="values" needs a network with .weights and '
                ".biases, not a list of sizes; got "
                f"{type(net_or_sizes).__name__} {net_or_sizes!r}")
        Ws, bs = _check_parameters(sizes, getattr(net, "weights", None),
                                   getattr(net, "biases", None))

    if ax is None:
        _, ax = plt.subplots(figsize=(max(6.0, 2.2 * (L + 1)),
                                      max(3.0, 0.75 * max(sizes) + 2.0)))

    if (isinstance(fontsize, (bool, np.bool_)) or not isinstance(
            fontsize, Real) or not 4 <= fontsize <= 30):
        raise ValueError(
            f"fontsize must be a number of points from 4 to 30; got "
            f"{fontsize!r}")
    grow = fontsize / 9            # the layout's gaps are for 9 points
    dy = (_DY + (_DY_MORE * grow if values and bias_labels else 0.0)
          + (_DY_MORE * grow if values_above and bias_labels else 0.0)
          + (_DY_MORE * grow if values and values_above else 0.0))
    # height of the bias labels, when there are any, above a node
    above_bias = 0.34 * grow if bias_labels else 0.0
    pos = {(l, j): (l * _DX, _node_y(n, j, dy))
           for l, n in enumerate(sizes) for j in range(1, n + 1)}

    # Edges and their labels (placed per pair of layers: edges of
    # different pairs never share a point).
    edge_labels = []                     # [(Text, candidate points)]
    for l in range(1, L + 1):
        pairs = [(j, k) for j in range(1, sizes[l] + 1)
                 for k in range(1, sizes[l - 1] + 1)]
        ends = [(np.array(pos[l - 1, k]), np.array(pos[l, j]))
                for j, k in pairs]
        for p0, p1 in ends:
            ax.plot([p0[0], p1[0]], [p0[1], p1[1]], color=_EDGE_COLOR,
                    lw=1.0, zorder=1, solid_capstyle="butt")
        if weight_labels is None:
            continue
        # keep clear of the nodes and of the bias labels above them
        obstacles = [(pos[ll, i], _R + 0.2) for ll in (l - 1, l)
                     for i in range(1, sizes[ll] + 1)]
        if bias_labels:
            obstacles += _text_obstacles(pos, l, sizes[l], +1, grow)
        # and of the numbers written under and over the nodes
        for ll, shown, side in ((l - 1, values, -1), (l, values, -1),
                                (l - 1, values_above, +1),
                                (l, values_above, +1)):
            if ll in shown:
                obstacles += _text_obstacles(pos, ll, sizes[ll], side,
                                             grow)
        choices = _place_edge_labels(ends, obstacles)
        for (j, k), (p0, p1), spots in zip(pairs, ends, choices):
            spot = spots[0]
            if show_values:
                text = _fmt_param(Ws[l - 1][j - 1, k - 1])
            else:
                text = rf"$w^{{({l})}}_{_sub(j, k)}$"
            # the axes have an equal aspect: the angle in data units is
            # the angle on the page
            angle = np.degrees(np.arctan2(p1[1] - p0[1], p1[0] - p0[0]))
            label = ax.text(spot[0], spot[1], text, ha="center",
                            va="center", rotation=angle,
                            rotation_mode="anchor", fontsize=fontsize,
                            zorder=4, bbox=_EDGE_LABEL_BOX)
            edge_labels.append((label, spots))
    if edge_labels:
        ax.add_artist(_EdgeLabelSpacer(edge_labels))

    # Nodes, with their symbols, biases and values.
    for l, n in enumerate(sizes):
        kind = "input" if l == 0 else ("output" if l == L else "hidden")
        for j in range(1, n + 1):
            x, y = pos[l, j]
            ax.add_patch(Circle((x, y), _R, lw=1.3, zorder=3,
                                **_NODE_STYLE[kind]))
            if node_labels == "symbols":
                text = (rf"$x_{_sub(j)}$" if l == 0
                        else rf"$a^{{({l})}}_{_sub(j)}$")
                ax.text(x, y, text, ha="center", va="center",
                        fontsize=fontsize + 2,
                        zorder=5)
            if bias_labels and l > 0:
                text = rf"$b^{{({l})}}_{_sub(j)}$"
                if show_values:
                    text += " = " + _fmt_param(bs[l - 1][j - 1])
                ax.text(x, y + _R + 0.06, text, ha="center", va="bottom",
                        fontsize=fontsize, zorder=4, bbox=_LABEL_BOX)
            if l in values:
                text = _fmt_node_value(values[l][j - 1])
                if node_value_label is not None:
                    text = (rf"${node_value_label}^{{({l})}}_{_sub(j)}$ = "
                            + text)
                ax.text(x, y - _R - 0.06, text, ha="center", va="top",
                        fontsize=fontsize, zorder=4, color="#7a1f1f",
                        bbox=_LABEL_BOX)
            if l in values_above:
                text = _fmt_node_value(values_above[l][j - 1])
                if node_value_label_above is not None:
                    text = (rf"${node_value_label_above}^{{({l})}}"
                            rf"_{_sub(j)}$ = " + text)
                lift = above_bias if l > 0 else 0.0
                ax.text(x, y + _R + 0.06 + lift, text, ha="center",
                        va="bottom", fontsize=fontsize, zorder=4,
                        color="#1f4e8c",
                        bbox=_LABEL_BOX)

    # Captions under the columns.
    top = _node_y(max(sizes), 1, dy) + _R
    bottom = -top
    y_caption = bottom - (0.75 * grow if values else 0.3 * grow)
    for l in range(L + 1):
        caption = f"layer {l}"
        if l == 0:
            caption += " (input)"
        elif l == L:
            caption += " (output)"
        ax.text(l * _DX, y_caption, caption, ha="center", va="top",
                fontsize=fontsize + 1, color="#333333")

    ax.set_xlim(-_DX / 3, L * _DX + _DX / 3)
    ax.set_ylim(y_caption - 0.45 * grow,
                top + (0.5 * grow if bias_labels else 0.15 * grow)
                + (0.4 * grow if values_above else 0.0))
    ax.set_aspect("equal")
    ax.axis("off")
    if title is not None:
        ax.set_title(title)
    return ax
