import base64
import hashlib
import io
import re
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import numpy as np  # noqa: E402
import pytest  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402
from PIL import Image  # noqa: E402

from backprop_utils import draw_network  # noqa: E402
from backprop_utils._png import (PALETTE_COLOURS,  # noqa: E402
                                 PRINT_COPIES_ENV, PRINT_DPI,
                                 _script_depth, compress_png, figure_png,
                                 print_copies_wanted, recorded_screen_dpi,
                                 recorded_text_px, save_print_copy,
                                 smallest_script_px, smallest_text_px)


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


def test_the_png_records_its_smallest_text():
    fig = Figure(figsize=(3, 2), dpi=72)
    ax = fig.add_subplot()
    ax.plot([0, 1], [0, 1])
    ax.tick_params(labelsize=13)
    ax.set_title("a title", fontsize=15)
    ax.text(0.5, 0.5, "small", fontsize=7, visible=False)    # not shown
    ax.text(0.5, 0.2, "   ", fontsize=5)                      # blank
    assert recorded_text_px(figure_png(fig, 72)) == 13.0
    assert recorded_text_px(figure_png(fig, 144)) == 26.0
    ax.set_xlabel("x", fontsize=9)
    assert recorded_text_px(figure_png(fig, 100)) == 12.5
    assert recorded_text_px(figure_png(fig, 100, tight=True)) == 12.5


def test_text_of_an_invisible_axes_does_not_count():
    fig = Figure(figsize=(3, 2), dpi=72)
    shown, hidden = fig.subplots(1, 2)
    shown.set_title("t", fontsize=12)
    shown.tick_params(labelsize=12)
    hidden.set_title("tiny", fontsize=4)
    hidden.set_visible(False)
    assert smallest_text_px(fig, 72) == 12.0


def test_a_figure_without_text_records_nothing():
    fig = Figure(figsize=(1, 1), dpi=50)
    ax = fig.add_subplot()
    ax.axis("off")
    assert smallest_text_px(fig, 50) is None
    assert recorded_text_px(figure_png(fig, 50)) is None
    # and a PNG from elsewhere has no record
    assert recorded_text_px(full_colour_png(fig)) is None


def test_demo_and_animation_frames_record_their_text_at_course_sizes():
    from backprop_utils import animate, interactive_figure
    from backprop_utils.style import COURSE_RC

    def draw(fig, w):
        ax = fig.add_subplot()
        ax.plot([0, 1], [0, w])
        ax.set_xlabel("x")

    demo = interactive_figure(draw, {"w": [1.0, 2.0]}, figsize=(3, 2),
                              dpi=72, alt="A line.")
    ticks = COURSE_RC["xtick.labelsize"]
    assert recorded_text_px(demo.frame(w=2.0)) == ticks
    anim = animate(lambda fig, i: draw(fig, i), 3, figsize=(3, 2), dpi=72,
                   alt="A line.")
    frames = re.findall(r"data:image/png;base64,((?:[A-Za-z0-9+/=]|\\\n)+)",
                        anim.html())
    assert len(frames) == 3
    for data in frames:
        png = base64.b64decode(data.replace("\\\n", ""))
        assert recorded_text_px(png) == ticks


@pytest.mark.parametrize("text, depth", [
    ("abc", 0), ("cost $J$", 0), (r"price \$5 and \$6", 0),
    (r"$a\_b$", 0), ("$x^2$", 1), (r"$w^{(2)}_{13}$", 1),
    (r"$\delta^{(1)}_1$ = -0.15", 1), (r"$x^\alpha$", 1),
    (r"$\mathdefault{10^{-1}}$", 1), ("$e^{x_1}$", 2),
    ("$a^{b^{c}}$", 2), (r"$\partial w^{(l)}_{jk}$: $x_k$", 1)])
def test_how_deep_scripts_nest(text, depth):
    assert _script_depth(text) == depth


def test_the_png_records_its_smallest_script():
    fig = Figure(figsize=(3, 2), dpi=72)
    ax = fig.add_subplot()
    ax.axis("off")
    ax.text(0.1, 0.5, "plain", fontsize=10)
    assert smallest_script_px(fig, 72) is None
    assert recorded_text_px(figure_png(fig, 72), scripts=True) is None
    ax.text(0.1, 0.8, r"$w^{(2)}_{13}$", fontsize=20)
    ax.text(0.1, 0.2, "$e^{x_1}$", fontsize=20)
    png = figure_png(fig, 72)
    assert recorded_text_px(png) == 10.0
    assert recorded_text_px(png, scripts=True) == pytest.approx(
        20 * 0.7 ** 2, abs=0.01)


# ------------------------------------------------- print copies (the PDF)

def _figure_with_text(dpi=100):
    fig = Figure(figsize=(4, 3), dpi=dpi)
    ax = fig.add_subplot()
    ax.plot([0, 1], [1, 0])
    ax.set_xlabel(r"$w^{(2)}_{13}$")
    return fig


def test_no_print_copy_without_the_variable(monkeypatch, tmp_path):
    monkeypatch.delenv(PRINT_COPIES_ENV, raising=False)
    fig = _figure_with_text()
    assert save_print_copy(fig, figure_png(fig, 100), 100) is None
    assert not print_copies_wanted()


def test_a_print_copy_is_the_figure_at_print_dpi(monkeypatch, tmp_path):
    monkeypatch.setenv(PRINT_COPIES_ENV, str(tmp_path))
    fig = _figure_with_text()
    screen = figure_png(fig, 100, tight=True)
    path = save_print_copy(fig, screen, 100, tight=True)
    # named by the screen PNG's hash, which the site's image shares
    assert Path(path).name == hashlib.sha1(screen).hexdigest() + ".png"
    data = Path(path).read_bytes()
    # the screen PNG does not change when a copy is made
    assert figure_png(fig, 100, tight=True) == screen
    scale = PRINT_DPI / 100
    small, big = (Image.open(io.BytesIO(d)).size for d in (screen, data))
    assert big[0] == pytest.approx(small[0] * scale, abs=scale + 1)
    assert big[1] == pytest.approx(small[1] * scale, abs=scale + 1)
    assert recorded_screen_dpi(data) == 100.0
    assert recorded_screen_dpi(screen) is None
    assert recorded_text_px(data) == pytest.approx(
        recorded_text_px(screen) * scale, abs=0.01)
    assert recorded_text_px(data, scripts=True) == pytest.approx(
        recorded_text_px(screen, scripts=True) * scale, abs=0.01)
    assert not list(tmp_path.glob("*.tmp"))


def test_inline_figures_demos_and_animations_leave_print_copies(
        monkeypatch, tmp_path):
    """Jupyter's PNG of a figure, a demo's first frame (not its others)
    and an animation's last frame each get a copy, named by the bytes
    the notebook stores."""
    from backprop_utils.animation import animate
    from backprop_utils.style import _inline_png
    from backprop_utils.widgets import Demo
    monkeypatch.setenv(PRINT_COPIES_ENV, str(tmp_path))

    def names():
        return {p.name for p in tmp_path.glob("*.png")}

    fig = _figure_with_text()
    png = _inline_png(fig)
    assert names() == {hashlib.sha1(png).hexdigest() + ".png"}

    def draw(fig, w):
        fig.add_subplot().plot([0, 1], [0, w])
    demo = Demo(draw, {"w": [1.0, 2.0, 3.0]}, initial={"w": 2.0},
                figsize=(3, 2), alt="a line")
    before = names()
    demo.html()
    first = demo.frame(w=2.0)
    assert names() - before == {hashlib.sha1(first).hexdigest() + ".png"}

    def coloured(fig, i):           # frame i: red at i / 2
        ax = fig.add_subplot()
        ax.set_facecolor((i / 2, 0, 0))
        ax.set_title(f"frame {i}")
    before = names()
    anim = animate(coloured, 3, alt="a square that turns red")
    last = re.search(r'frames\[2\] = "data:image/png;base64,([^"]+)"',
                     anim.html()).group(1)
    new = names() - before
    assert new == {hashlib.sha1(base64.b64decode(last)).hexdigest()
                   + ".png"}
    # the copy draws the last frame, not the first
    copy = Image.open(tmp_path / new.pop()).convert("RGB")
    middle = copy.getpixel((copy.width // 2, copy.height // 2))
    assert middle[0] > 240 and middle[1] < 15, middle
