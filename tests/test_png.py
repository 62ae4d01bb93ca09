import io

import matplotlib

matplotlib.use("Agg")

import numpy as np  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402
from PIL import Image  # noqa: E402

from backprop_utils import draw_network  # noqa: E402
from backprop_utils._png import (PALETTE_COLOURS, compress_png,  # noqa: E402
                                 figure_png)


def network_figure():
    fig = Figure(figsize=(8, 4.6), dpi=72)
    draw_network([2, 3, 2, 1], ax=fig.add_subplot(),
                 node_values={1: [0.1, -0.2, 0.3]}, node_value_label="a")
    fig.axes[0].set_title(r"$\delta^{(2)}_1 = 0.65$")
    return fig


def full_colour_png(fig):
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=72, metadata={"Software": None})
    return buf.getvalue()


def test_palette_png_is_smaller_and_looks_the_same():
    fig = network_figure()
    full = full_colour_png(fig)
    small = figure_png(fig, 72)
    assert len(small) < len(full) / 2, (len(small), len(full))
    a = np.asarray(Image.open(io.BytesIO(full)).convert("RGB"), float)
    b = Image.open(io.BytesIO(small))
    assert b.mode == "P" and len(b.getcolors()) <= PALETTE_COLOURS
    b = np.asarray(b.convert("RGB"), float)
    assert a.shape == b.shape
    # the same picture: on average under 2 levels of 255 per channel
    assert np.abs(a - b).mean() < 2, np.abs(a - b).mean()


def test_palette_png_is_deterministic():
    assert figure_png(network_figure(), 72) == figure_png(
        network_figure(), 72)


def test_transparent_parts_are_laid_on_white():
    rgba = Image.new("RGBA", (4, 2), (0, 0, 0, 0))
    rgba.putpixel((0, 0), (255, 0, 0, 255))
    buf = io.BytesIO()
    rgba.save(buf, format="PNG")
    out = Image.open(io.BytesIO(compress_png(buf.getvalue()))).convert("RGB")
    assert out.getpixel((0, 0)) == (255, 0, 0)
    assert out.getpixel((3, 1)) == (255, 255, 255)
