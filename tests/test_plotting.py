import itertools

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402
from matplotlib.patches import Circle  # noqa: E402
from matplotlib.path import Path  # noqa: E402
from matplotlib.transforms import BboxTransformTo  # noqa: E402

from backprop_utils.plotting import draw_network, plot_cost  # noqa: E402


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


class FakeNet:
    """Duck-typed network: only what draw_network reads."""

    def __init__(self, sizes):
        self.sizes = list(sizes)
        self.weights = [
            np.arange(m * n, dtype=float).reshape(m, n) / 10 - 0.25
            for n, m in zip(sizes[:-1], sizes[1:])]
        self.biases = [np.full(m, 0.5 * l) for l, m in
                       enumerate(sizes[1:], start=1)]


def texts(ax):
    return [t.get_text() for t in ax.texts]


def circles(ax):
    return [p for p in ax.patches if isinstance(p, Circle)]


def overlapping_texts(ax):
    """Pairs of texts whose drawn outlines overlap. A label turned along
    an edge is compared by its turned box, not by the upright rectangle
    around it (which would report overlaps that are not drawn)."""
    fig = ax.figure
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    outlines = []
    for t in ax.texts:
        patch = t.get_bbox_patch()
        if patch is not None:
            path = patch.get_path().transformed(patch.get_transform())
        else:
            path = Path.unit_rectangle().transformed(
                BboxTransformTo(t.get_window_extent(renderer)))
        outlines.append((t.get_text(), path))
    return [(a, b) for (a, A), (b, B) in itertools.combinations(outlines, 2)
            if A.intersects_path(B, filled=True)]


def test_chain_1_1_1_1():
    ax = draw_network([1, 1, 1, 1])
    assert len(circles(ax)) == 4
    assert len(ax.lines) == 3                      # one edge per layer
    labels = texts(ax)
    for text in ["$x_1$", "$a^{(1)}_1$", "$a^{(3)}_1$", "$w^{(1)}_{11}$",
                 "$w^{(3)}_{11}$", "$b^{(3)}_1$", "layer 0 (input)",
                 "layer 1", "layer 3 (output)"]:
        assert text in labels
    assert not ax.axison


def test_2_3_2_1_symbols_and_counts():
    fig, ax = plt.subplots(figsize=(9, 5))
    out = draw_network([2, 3, 2, 1], ax=ax, title="notation")
    assert out is ax
    assert len(circles(ax)) == 8
    assert len(ax.lines) == 2 * 3 + 3 * 2 + 2 * 1
    labels = texts(ax)
    weights = [t for t in labels if t.startswith("$w^")]
    biases = [t for t in labels if t.startswith("$b^")]
    nodes = [t for t in labels if t.startswith(("$x_", "$a^"))]
    assert len(weights) == 14 and len(set(weights)) == 14
    assert len(biases) == 6                        # non-input nodes only
    assert len(nodes) == 8
    assert "$w^{(2)}_{13}$" in weights             # node 3 of 1 -> 1 of 2
    assert "$w^{(1)}_{32}$" in weights
    assert "$w^{(1)}_{23}$" not in weights         # layer 0 has 2 nodes
    assert {"$x_1$", "$x_2$", "$a^{(3)}_1$"} <= set(nodes)
    assert ax.get_title() == "notation"
    assert ax.get_aspect() == 1.0


@pytest.mark.parametrize("weight_labels", ["symbols", "values"])
def test_2_3_2_1_labels_do_not_overlap_at_9_by_5(weight_labels):
    fig, ax = plt.subplots(figsize=(9, 5))
    draw_network(FakeNet([2, 3, 2, 1]), ax=ax, weight_labels=weight_labels)
    assert overlapping_texts(ax) == []


def test_node_values_do_not_overlap_the_other_labels():
    fig, ax = plt.subplots(figsize=(9, 5))
    draw_network(FakeNet([2, 3, 2, 1]), ax=ax, weight_labels="values",
                 node_values={1: [0.123, -0.5, 2.25], 3: [0.42]},
                 node_value_label=r"\delta")
    assert overlapping_texts(ax) == []


@pytest.mark.parametrize("sizes", [[2, 3, 1], [2, 3, 2, 1], [1, 1, 1, 1],
                                   [3, 2], [2, 2, 1]])
@pytest.mark.parametrize("weight_labels", ["symbols", "values"])
def test_each_weight_label_sits_on_its_own_edge(sizes, weight_labels):
    # A label on a crossing could belong to either edge: each label is
    # turned along its own edge, sits on it, and is nearer to it than to
    # any other edge (the layouts of the course's networks).
    from backprop_utils.plotting import _point_segment_distance
    fig, ax = plt.subplots(figsize=(9, 5))
    draw_network(FakeNet(sizes), ax=ax, weight_labels=weight_labels)
    fig.canvas.draw()              # where the labels end up when drawn
    edges = [np.array(line.get_xydata()) for line in ax.lines]
    labels = [t for t in ax.texts if t.get_rotation_mode() == "anchor"]
    assert len(labels) == len(edges)
    for text, (p0, p1) in zip(labels, edges):
        spot = np.array(text.get_position())
        assert _point_segment_distance(spot, p0, p1) < 1e-12
        angle = np.degrees(np.arctan2(*(p1 - p0)[::-1])) % 360
        assert np.isclose(text.get_rotation() % 360, angle), text
        nearest_other = min(_point_segment_distance(spot, q0, q1)
                            for q0, q1 in edges
                            if not (np.array_equal(q0, p0)
                                    and np.array_equal(q1, p1)))
        assert nearest_other > 0.15, (text.get_text(), nearest_other)
    assert overlapping_texts(ax) == []


def test_values_above_and_below_the_nodes():
    fig, ax = plt.subplots(figsize=(9, 5.4))
    draw_network(FakeNet([2, 3, 2, 1]), ax=ax, weight_labels="values",
                 bias_labels=False,
                 node_values={1: [0.1, -0.2, 0.3], 3: [0.25]},
                 node_value_label=r"\delta",
                 node_values_above={0: [1.0, 2.0], 1: [0.5, 0.0, 0.7]},
                 node_value_label_above="a")
    labels = texts(ax)
    assert r"$\delta^{(1)}_2$ = -0.2" in labels
    assert "$a^{(0)}_2$ = 2" in labels
    assert "$a^{(1)}_3$ = 0.7" in labels
    by_text = {t.get_text(): t.get_position()[1] for t in ax.texts}
    # above the node and below it: a^(1)_1 over delta^(1)_1
    assert by_text["$a^{(1)}_1$ = 0.5"] > by_text[r"$\delta^{(1)}_1$ = 0.1"]
    assert overlapping_texts(ax) == []
    with pytest.raises(ValueError, match="node_values_above"):
        draw_network([2, 1], node_value_label_above="a")
    with pytest.raises(ValueError, match=r"node_values_above\[1\]"):
        draw_network([2, 1], node_values_above={1: [0.1, 0.2]})


@pytest.mark.parametrize("top", [0.93, 0.88])
@pytest.mark.parametrize("figsize, options", [
    ((8, 4.2), {"node_values": {1: [0.357, -0.428, 0.0],
                                2: [0.714, 0.0], 3: [0.892]},
                "node_value_label": r"\delta"}),
    ((8, 5), {"node_labels": None,
              "node_values": {1: [-0.152, 0.715, 0.0],
                              2: [-0.434, 0.65], 3: [-0.542]},
              "node_value_label": r"\delta",
              "node_values_above": {0: [1.0, 0.5], 1: [0.5, 0.35, 0.0],
                                    2: [0.24, 0.195], 3: [0.258]},
              "node_value_label_above": "a"}),
])
def test_demo_frames_at_11_points_do_not_overlap(figsize, options, top):
    # chapter 4's demo and animation: frames at 72 dpi, where a point is
    # a pixel, so every label is 11 points or more; the axes fill the
    # width of the figure, as there, and less of its height than there
    # (the drawing is then smaller and the labels as large: the labels
    # move, when the figure is drawn, to where they overlap nothing)
    fig, ax = plt.subplots(figsize=figsize, dpi=72)
    fig.subplots_adjust(left=0.01, right=0.99, bottom=0.01, top=top)
    draw_network(FakeNet([2, 3, 2, 1]), ax=ax, weight_labels="values",
                 bias_labels=False, fontsize=11, **options)
    assert min(t.get_fontsize() for t in ax.texts) == 11
    assert overlapping_texts(ax) == []


def test_values_of_a_duck_typed_network():
    net = FakeNet([2, 3, 2, 1])
    net.weights[1][0, 2] = 0.456                   # w^(2)_13
    net.weights[0][1, 0] = -0.0001                 # prints as 0.00
    ax = draw_network(net, weight_labels="values")
    labels = texts(ax)
    assert "0.46" in labels
    assert "-0.00" not in labels
    assert not any(t.startswith("$w^") for t in labels)
    assert "$b^{(2)}_1$ = 1.00" in labels          # biases[1] = 1.0
    assert "$b^{(3)}_1$ = 1.50" in labels
    assert len(circles(ax)) == 8


def test_no_labels():
    ax = draw_network([3, 2], weight_labels=None, bias_labels=False,
                      node_labels=None)
    assert len(circles(ax)) == 5
    assert texts(ax) == ["layer 0 (input)", "layer 1 (output)"]


def test_node_values_with_and_without_label():
    ax = draw_network([2, 3, 2, 1], node_values={2: np.array([0.1234, -2.0])},
                      node_value_label=r"\delta")
    labels = texts(ax)
    assert r"$\delta^{(2)}_1$ = 0.123" in labels
    assert r"$\delta^{(2)}_2$ = -2" in labels
    ax = draw_network([2, 1], node_values={0: [1.5, 2.5],
                                           1: np.array([[0.25]])})
    labels = texts(ax)
    assert {"1.5", "2.5", "0.25"} <= set(labels)
    assert "$x_1$" in labels                       # symbols stay inside


def test_wide_network_draws_every_node():
    sizes = [4, 8, 8, 6, 3, 2]
    ax = draw_network(sizes, weight_labels=None)
    assert len(circles(ax)) == sum(sizes)
    assert len(ax.lines) == sum(a * b for a, b in zip(sizes, sizes[1:]))
    assert "layer 5 (output)" in texts(ax)


def test_draw_network_is_deterministic():
    a = texts(draw_network(FakeNet([2, 3, 1]), weight_labels="values"))
    b = texts(draw_network(FakeNet([2, 3, 1]), weight_labels="values"))
    assert a == b


@pytest.mark.parametrize("sizes, error, match", [
    ([3], ValueError, "at least an input and an output layer"),
    ([2, 0, 1], ValueError, r"sizes\[1\] = 0"),
    ([2, 1.5], ValueError, "positive integer"),
    ([2, True], ValueError, "positive integer"),
    ("231", TypeError, "list of layer sizes"),
    (5, TypeError, "list of layer sizes"),
])
def test_bad_sizes(sizes, error, match):
    with pytest.raises(error, match=match):
        draw_network(sizes)


def test_values_need_a_network():
    with pytest.raises(ValueError, match="needs a network"):
        draw_network([2, 3, 1], weight_labels="values")


def test_bad_parameter_shapes():
    net = FakeNet([2, 3, 1])
    net.weights[0] = net.weights[0].T
    with pytest.raises(ValueError, match=r"W\^\(1\).*\(3, 2\); got \(2, 3\)"):
        draw_network(net, weight_labels="values")
    net = FakeNet([2, 3, 1])
    net.biases = net.biases[:1]
    with pytest.raises(ValueError,
                       match=r"\.biases must hold 2 arrays.*got 1"):
        draw_network(net, weight_labels="values")


def test_bad_options():
    with pytest.raises(ValueError, match='"symbols", "values" or None'):
        draw_network([2, 1], weight_labels="numbers")
    with pytest.raises(ValueError, match="node_labels"):
        draw_network([2, 1], node_labels="values")
    with pytest.raises(TypeError, match="bias_labels"):
        draw_network([2, 1], bias_labels="yes")
    with pytest.raises(ValueError, match="without dollar signs"):
        draw_network([2, 1], node_values={1: [0.5]},
                     node_value_label=r"$\delta$")
    with pytest.raises(ValueError, match="no node_values"):
        draw_network([2, 1], node_value_label="a")
    for size in (3, 31, "9", True, float("nan")):
        with pytest.raises(ValueError, match="fontsize must be a number "
                           rf"of points from 4 to 30; got {size!r}"):
            draw_network([2, 1], fontsize=size)


def test_bad_node_values():
    with pytest.raises(ValueError, match=(
            r"node_values\[1\].*layer 1: expected length 3, got shape "
            r"\(2,\)")):
        draw_network([2, 3, 1], node_values={1: [0.1, 0.2]})
    with pytest.raises(ValueError, match="layer numbers 0..2; got 3"):
        draw_network([2, 3, 1], node_values={3: [0.1]})
    with pytest.raises(TypeError, match="mapping"):
        draw_network([2, 3, 1], node_values=[[0.1, 0.2]])
    with pytest.raises(TypeError, match=r"node_values\[0\] must be numbers"):
        draw_network([2, 3, 1], node_values={0: ["a", "b"]})


def test_plot_cost_line_data_and_labels():
    ax = plot_cost([0.9, 0.5, 0.25])
    (line,) = ax.lines
    np.testing.assert_array_equal(line.get_xdata(), [0, 1, 2])
    np.testing.assert_array_equal(line.get_ydata(), [0.9, 0.5, 0.25])
    assert ax.get_ylabel() == r"cost $J$"
    assert ax.get_xlabel() == "epoch"
    assert ax.get_legend() is None                 # no label, no legend


def test_plot_cost_several_runs_on_one_axes():
    fig, ax = plt.subplots()
    out = plot_cost(np.array([1.0, 0.5]), ax=ax, label=r"$\eta = 0.1$")
    assert out is ax
    plot_cost([1.0, 0.2, 0.1], ax=ax, label=r"$\eta = 1$", logy=True,
              xlabel="update")
    assert len(ax.lines) == 2
    assert [t.get_text() for t in ax.get_legend().get_texts()] == [
        r"$\eta = 0.1$", r"$\eta = 1$"]
    np.testing.assert_array_equal(ax.lines[1].get_ydata(), [1.0, 0.2, 0.1])
    assert ax.get_yscale() == "log"
    assert ax.get_xlabel() == "update"


def test_plot_cost_reads_a_training_history():
    class History:
        cost = np.array([0.3, 0.2])

    ax = plot_cost(History())
    np.testing.assert_array_equal(ax.lines[0].get_ydata(), [0.3, 0.2])


@pytest.mark.parametrize("history, kwargs, error, match", [
    ([], {}, ValueError, "non-empty 1-D"),
    ([[1.0, 2.0]], {}, ValueError, r"got shape \(1, 2\)"),
    (["a", "b"], {}, TypeError, "1-D sequence of numbers"),
    ("abc", {}, TypeError, "got str"),
    ([1.0, np.inf], {}, ValueError, "entry 1 is inf"),
    ([1.0, 0.0], {"logy": True}, ValueError, "positive costs; entry 1"),
    ([1.0], {"label": 3}, TypeError, "label must be a str"),
])
def test_plot_cost_bad_input(history, kwargs, error, match):
    with pytest.raises(error, match=match):
        plot_cost(history, **kwargs)


def test_the_overlap_check_sees_overlaps():
    # the helper above must not pass everything: two labels on one spot,
    # turned or not, overlap
    fig, ax = plt.subplots()
    ax.text(0.5, 0.5, "upright", bbox={"boxstyle": "round"})
    ax.text(0.5, 0.5, "turned", rotation=30, rotation_mode="anchor",
            bbox={"boxstyle": "round"})
    ax.text(0.9, 0.1, "far away")
    assert overlapping_texts(ax) == [("upright", "turned")]


# -- the pictures of a classifier ---------------------------------------

from backprop_utils.plotting import (  # noqa: E402
    plot_confusion,
    plot_image,
    plot_probabilities,
)


def test_plot_image_folds_a_flat_row_and_keeps_the_values():
    row = np.linspace(0, 1, 64)
    ax = plot_image(row, title="8")
    np.testing.assert_array_equal(ax.images[0].get_array(),
                                  row.reshape(8, 8))
    assert ax.get_title() == "8"
    signed = plot_image(np.array([[-2.0, 1.0], [0.0, 0.5]]), signed=True)
    assert signed.images[0].get_clim() == (-2.0, 2.0)


def test_plot_image_refuses_what_is_not_an_image():
    with pytest.raises(ValueError, match="square number of pixels.*got 10"):
        plot_image(np.zeros(10))
    with pytest.raises(ValueError, match=r"got shape \(2, 2, 2\)"):
        plot_image(np.zeros((2, 2, 2)))


def test_plot_probabilities_marks_the_true_and_the_predicted_class():
    ax = plot_probabilities([0.1, 0.6, 0.3], true=2)
    heights = [bar.get_height() for bar in ax.patches]
    assert heights == [0.1, 0.6, 0.3]
    colours = [bar.get_facecolor() for bar in ax.patches]
    assert colours[1] != colours[2] != colours[0]     # predicted, true
    right = plot_probabilities([0.1, 0.6, 0.3], true=1)
    cols = [bar.get_facecolor() for bar in right.patches]
    assert cols[0] == cols[2] != cols[1]


@pytest.mark.parametrize("p,match", [
    ([[0.5, 0.5]], r"shape \(K,\).*\(1, 2\)"),
    ([1.0], "K >= 2"),
    ([1.5, -0.5], r"\[0, 1\].*from -0\.5 to 1\.5"),
])
def test_plot_probabilities_refuses_bad_rows(p, match):
    with pytest.raises(ValueError, match=match):
        plot_probabilities(p)


def test_plot_confusion_counts_and_writes_every_cell():
    true = [0, 0, 1, 2, 2, 2]
    pred = [0, 1, 1, 2, 2, 0]
    ax = plot_confusion(true, pred, K=3)
    # counts by hand: (0,0) 1, (0,1) 1, (1,1) 1, (2,2) 2, (2,0) 1
    written = {(t.get_position(), t.get_text()) for t in ax.texts}
    assert written == {((0, 0), "1"), ((1, 0), "1"), ((1, 1), "1"),
                       ((2, 2), "2"), ((0, 2), "1")}
    with pytest.raises(ValueError, match="same shape"):
        plot_confusion([0, 1], [0])
