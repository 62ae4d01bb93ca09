"""Animations: deterministic, offline, accessible."""

import re

import numpy as np
import pytest

from backprop_utils import animate


def draw(fig, i):
    ax = fig.add_subplot()
    ax.plot(np.arange(5), np.arange(5) * i)


def test_player_is_deterministic_and_embeds_every_frame():
    a, b = animate(draw, 3, alt="lines"), animate(draw, 3, alt="lines")
    assert a.html() == b.html()
    assert a._repr_html_() == a.html()
    assert repr(a) == "Animation: 3 frames"
    # every frame is a PNG in the page (matplotlib stores them base64)
    assert len(re.findall(r"data:image/png;base64,", a.html())) == 3


def test_player_loads_nothing_from_the_network():
    text = animate(draw, 2, alt="lines").html()
    assert "http://" not in text and "https://" not in text
    assert "fa fa-" not in text
    assert 'title="Play"' in text


def test_player_image_has_alt_text():
    text = animate(draw, 2, alt="a growing line").html()
    assert re.search(r'<img id="_anim_img[0-9a-f]{32}" alt="a growing '
                     r'line">', text)


def test_frames_differ():
    frames = re.findall(r'"(data:image/png;base64,[^"]+)"',
                        animate(draw, 3, alt="x").html())
    assert len(set(frames)) == 3


@pytest.mark.parametrize("n", [0, -1, 2.5, True])
def test_bad_frame_counts(n):
    with pytest.raises(ValueError, match="n_frames must be a positive "
                       "integer"):
        animate(draw, n, alt="x")


def test_alt_text_is_required():
    with pytest.raises(ValueError, match="alt must be a non-empty"):
        animate(draw, 2, alt=" ")


def test_caption_makes_a_figure():
    plain = animate(draw, 2, alt="lines").html()
    assert "<figure" not in plain
    text = animate(draw, 2, alt="lines", caption="A line <growing>").html()
    assert text.startswith('<figure class="bp-figure"')
    assert text.rstrip().endswith(
        "<figcaption>A line &lt;growing&gt;</figcaption>\n</figure>")
    assert plain in text                           # the player, unchanged
    with pytest.raises(ValueError, match="caption must be a non-empty str"):
        animate(draw, 2, alt="lines", caption="  ")


def test_player_slider_is_labelled():
    # axe-core: a range input with no label is a critical violation
    text = animate(draw, 2, alt="x").html()
    sliders = re.findall(r"<input[^>]*anim-slider[^>]*>", text)
    assert len(sliders) == 1
    assert 'aria-label="Frame of the animation"' in sliders[0]


def test_play_on_the_last_frame_starts_again():
    # "Once" mode stopped at the last frame, and Play there did nothing;
    # Play (and Play backwards) now go through restart_or_play, which
    # tests/test_site.py drives in Chromium
    text = animate(draw, 3, alt="x").html()
    play = re.search(r'<button title="Play" [^>]*onclick="([^"]*)"', text)
    back = re.search(r'<button title="Play backwards" [^>]*onclick="([^"]*)"',
                     text)
    assert play.group(1).endswith(".restart_or_play(1)")
    assert back.group(1).endswith(".restart_or_play(-1)")
    assert "Animation.prototype.restart_or_play = function" in text
    # the icons are hidden from screen readers: the buttons' names are
    # their aria-labels
    assert '<span aria-hidden="true">\u25b6</span>' in text
