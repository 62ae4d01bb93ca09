"""Animations that play on the static site, with no kernel and no CDN.

What this module is for: a figure that changes over a sequence of steps
(a fit improving during training, the backward pass moving from layer to
layer), turned into an HTML player: matplotlib's ``HTMLWriter`` with every
frame embedded as a PNG and its own play, pause and step buttons. The
output is deterministic (frames saved without a software stamp, the
player's random id replaced by a hash of its content), so nbval compares
it and two builds are identical.

What it is not for: interaction with parameters (see ``widgets``), or
long videos: every frame is stored in the page.
"""

import base64
import hashlib
import html
import re
import tempfile
from pathlib import Path

import matplotlib
from matplotlib.animation import FuncAnimation, HTMLWriter
from matplotlib.figure import Figure

from ._png import (compress_png, print_copies_wanted, save_print_copy,
                   smallest_script_px, smallest_text_px)
from .style import COURSE_RC
from .widgets import with_caption

__all__ = ["Animation", "animate"]

_UUID = re.compile(r"_anim_img([0-9a-f]{32})")
# a frame as a data: URI; the writer splits it over lines ending in "\\"
_DATA_PNG = re.compile(r"data:image/png;base64,((?:[A-Za-z0-9+/=]|\\\n)+)")
# The player's buttons use Font Awesome 4 icons from a CDN, which an
# offline reader never gets; plain characters with the same meaning
# replace them (each button keeps its title and aria-label, which name
# it; the character is hidden from screen readers).
_FONT_AWESOME = re.compile(r'<link rel="stylesheet"\s+href="[^"]*font-awesome'
                           r'[^"]*">\s*')
_ICONS = {
    "fa fa-minus": "\u2212",                   # slower
    "fa fa-fast-backward": "\u21e4",           # first frame
    "fa fa-step-backward": "\u25c2",           # previous frame
    "fa fa-play fa-flip-horizontal": "\u25c0", # play backwards
    "fa fa-pause": "\u275a\u275a",             # pause
    "fa fa-play": "\u25b6",                    # play
    "fa fa-step-forward": "\u25b8",            # next frame
    "fa fa-fast-forward": "\u21e5",            # last frame
    "fa fa-plus": "+",                         # faster
}
# The player's slider has no label (axe-core: critical, WCAG 4.1.2): it
# gets one, and says which frame it is on out of how many.
_SLIDER = 'class="anim-slider"'
_SLIDER_LABELLED = 'class="anim-slider" aria-label="Frame of the animation"'
# Play on the last frame (or Play backwards on the first) did nothing in
# "Once" mode: the timer stepped past the end and stopped at once. The
# two buttons start again from the other end instead.
_PLAY = ('onclick="anim{id}.play_animation()"',
         'onclick="anim{id}.restart_or_play(1)"')
_REVERSE = ('onclick="anim{id}.reverse_animation()"',
            'onclick="anim{id}.restart_or_play(-1)"')
_RESTART = """
  Animation.prototype.restart_or_play = function(direction)
  {
    var last = this.frames.length - 1;
    if (direction > 0 && this.current_frame >= last) this.first_frame();
    if (direction < 0 && this.current_frame <= 0) this.last_frame();
    if (direction > 0) this.play_animation();
    else this.reverse_animation();
  }
</script>"""


def _player_fixes(text):
    """matplotlib's player with a labelled slider and a Play button that
    starts again from the first frame when it is on the last."""
    ids = set(_UUID.findall(text))
    if (text.count(_SLIDER) != 1 or len(ids) != 1
            or "</script>" not in text):
        raise RuntimeError("matplotlib's player changed: update "
                           "_player_fixes (slider, buttons, script)")
    (uid,) = ids
    text = text.replace(_SLIDER, _SLIDER_LABELLED)
    for old, new in (_PLAY, _REVERSE):
        old, new = old.format(id=uid), new.format(id=uid)
        if text.count(old) != 1:
            raise RuntimeError("matplotlib's player changed: no "
                               f"{old!r}; update _player_fixes")
        text = text.replace(old, new)
    # after the first script: the one that defines Animation
    return text.replace("</script>", _RESTART, 1)


class Animation:
    """An HTML player for a sequence of frames; made by ``animate``."""

    def __init__(self, html_text, n_frames, alt):
        self._html = html_text
        self.n_frames = n_frames
        self.alt = alt

    def html(self):
        """The player: a self-contained block of HTML and inline JS."""
        return self._html

    def _repr_html_(self):
        return self._html

    def __repr__(self):
        return f"Animation: {self.n_frames} frames"


def animate(draw, n_frames, *, figsize=(6, 4), dpi=80, interval=400,
            alt="An animated figure.", caption=None):
    """Draw ``n_frames`` frames and return an HTML player.

    Parameters
    ----------
    draw : callable
        ``draw(fig, i)`` draws frame ``i`` (0 to ``n_frames - 1``) on
        ``fig``, a ``matplotlib.figure.Figure`` cleared before each frame
        (not pyplot, so nothing leaks into the notebook's outputs).
    n_frames : int
        At least 1.
    figsize : (float, float), default (6, 4)
    dpi : float, default 80
        Keep it low: every frame is embedded in the page.
    interval : int, default 400
        Milliseconds between frames when playing.
    alt : str
        Alternative text of the player's image.
    caption : str, optional
        Shown under the player (a ``<figure>`` with this
        ``<figcaption>``). Plain text.

    Returns
    -------
    Animation
        Shown as the player in Jupyter and on the site; ``.html()`` gives
        the markup.

    Examples
    --------
    >>> def draw(fig, i):
    ...     fig.add_subplot().plot([0, 1], [0, i])
    >>> animate(draw, 3)
    Animation: 3 frames
    """
    if isinstance(n_frames, bool) or not isinstance(n_frames, int) \
            or n_frames < 1:
        raise ValueError(
            f"n_frames must be a positive integer; got {n_frames!r}")
    if not isinstance(alt, str) or not alt.strip():
        raise ValueError("alt must be a non-empty description of the "
                         "animation, for readers who cannot see it")
    with_caption("", caption)               # checks it before the work
    fig = Figure(figsize=figsize, dpi=dpi)
    text_px = []                    # (text, scripts) of each frame, in order

    def update(i):
        fig.clear()
        draw(fig, i)
        fig.draw_without_rendering()        # lays out the tick labels
        text_px.append((smallest_text_px(fig, dpi),
                        smallest_script_px(fig, dpi)))
        return []

    with matplotlib.rc_context(COURSE_RC), \
            tempfile.TemporaryDirectory() as tmp:
        anim = FuncAnimation(fig, update, frames=n_frames,
                             interval=interval, blit=False, repeat=False)
        path = Path(tmp) / "anim.html"
        writer = HTMLWriter(fps=1000.0 / interval, embed_frames=True,
                            default_mode="once")
        anim.save(str(path), writer=writer, dpi=dpi,
                  savefig_kwargs={"metadata": {"Software": None}})
        text = path.read_text()
    # every frame as a palette PNG (about 3.5 times smaller; _png.py)
    sizes = iter(text_px[-n_frames:])
    frames = []

    def small(match):
        frames.append(compress_png(
            base64.b64decode(match.group(1).replace("\\\n", "")),
            *next(sizes)))
        return "data:image/png;base64," + base64.b64encode(
            frames[-1]).decode()
    text = _DATA_PNG.sub(small, text)
    if print_copies_wanted():     # the PDF prints the last frame
        # drawn on a figure of its own: a draw of the animation's figure
        # would start the animation again at its first frame
        with matplotlib.rc_context(COURSE_RC):
            last = Figure(figsize=figsize, dpi=dpi)
            draw(last, n_frames - 1)
            save_print_copy(last, frames[-1], dpi)
    text = _FONT_AWESOME.sub("", text)
    for cls, char in _ICONS.items():
        text = text.replace(f'<i class="{cls}"></i>',
                            f'<span aria-hidden="true">{char}</span>')
    if "font-awesome" in text or 'class="fa ' in text:
        raise RuntimeError("matplotlib's player changed: it still refers "
                           "to Font Awesome; update _ICONS")
    text = _player_fixes(text)
    ids = set(_UUID.findall(text))
    stripped = text
    for uid in ids:
        stripped = stripped.replace(uid, "")
    stable = hashlib.sha1(stripped.encode("utf-8")).hexdigest()[:32]
    for uid in ids:
        text = text.replace(uid, stable)
    text = re.sub(r'(<img id="_anim_img[0-9a-f]{32}")',
                  lambda m: f'{m.group(1)} alt="{html.escape(alt)}"',
                  text, count=1)
    return Animation(with_caption(text, caption), n_frames, alt)
