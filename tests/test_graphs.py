import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pytest  # noqa: E402
from matplotlib.text import Annotation  # noqa: E402

from backprop_utils.graphs import draw_computation_graph  # noqa: E402

NODES = {
    "w": (0, 1, "$w$", "param"),
    "a": (0, 0, "$a$", "input"),
    "z": (1, 0.5, "$z$", "value"),
    "C": (2, 0.5, "$C$", "loss"),
}
EDGES = [("w", "z", "$a$"), ("a", "z", "$w$"), ("z", "C", "$2(z-y)$")]


def test_every_node_and_edge_label_is_drawn():
    fig, ax = plt.subplots()
    assert draw_computation_graph(NODES, EDGES, ax=ax) is ax
    texts = [t.get_text() for t in ax.texts]
    for label in ["$w$", "$a$", "$z$", "$C$", "$2(z-y)$"]:
        assert label in texts
    arrows = [t for t in ax.texts if isinstance(t, Annotation)]
    assert len(arrows) == len(EDGES)
    assert len(ax.texts) - len(arrows) == len(NODES) + len(EDGES)
    plt.close(fig)


def test_bad_graphs_are_refused():
    with pytest.raises(ValueError, match=r"names 'q', which is not a node"):
        draw_computation_graph(NODES, [("q", "z", "")])
    with pytest.raises(ValueError, match=r"unknown kind 'weight'"):
        draw_computation_graph({"w": (0, 0, "$w$", "weight")}, [])
    plt.close("all")


def test_label_position_moves_the_labels_along_the_arrow():
    fig, ax = plt.subplots()
    draw_computation_graph(NODES, [("w", "C", "$q$")], ax=ax,
                           label_position=0.25)
    (label,) = [t for t in ax.texts if t.get_text() == "$q$"]
    assert label.get_position() == (0.5, 0.875)     # a quarter from w
    with pytest.raises(ValueError, match="between 0 and 1; got 1.5"):
        draw_computation_graph(NODES, EDGES, label_position=1.5)
    plt.close("all")


def test_notes_highlight_and_unlabelled_edges():
    fig, ax = plt.subplots()
    draw_computation_graph(NODES, [("w", "z", ""), ("z", "C", "$1$")],
                           ax=ax, notes={"z": "0.25"}, highlight=["z"])
    labels = [t.get_text() for t in ax.texts if not isinstance(t, Annotation)]
    assert "" not in labels                   # no box for an empty label
    (note,) = [t for t in ax.texts if t.get_text() == "0.25"]
    (z,) = [t for t in ax.texts if t.get_text() == "$z$"]
    fig.canvas.draw()
    # the note sits under its node, centred on it
    zb, nb = z.get_window_extent(), note.get_window_extent()
    assert nb.y1 <= zb.y0 + 1 and abs(nb.x0 + nb.x1 - zb.x0 - zb.x1) < 2
    assert z.get_bbox_patch().get_linewidth() > 3          # highlighted
    (w,) = [t for t in ax.texts if t.get_text() == "$w$"]
    assert w.get_bbox_patch().get_linewidth() < 2
    with pytest.raises(ValueError, match="name 'q', which is not a node"):
        draw_computation_graph(NODES, EDGES, notes={"q": "1"})
    plt.close("all")
