"""Small PNG files for the figures, demos and animations, which say how
small their smallest text is.

What this module is for: a demo stores one PNG per slider setting and
an animation one per frame, in the notebook and on the site, so their
size is what a learner downloads. The figures of the course are flat
colours, lines and text: a palette of 64 colours draws them without a
visible change and makes each file about 3.5 times smaller than
matplotlib's full-colour PNG. Every PNG made here also records, in a
text chunk named ``TEXT_SIZE_KEY``, the height in image pixels of the
font of its smallest text (its font size in points times dpi / 72), so
that the site's tests can check that every label stays readable at the
size the page shows the image.

What it is not for: photographs or smooth colour maps (a palette would
band them). The output is deterministic: the same figure gives the same
bytes.
"""

import io

from matplotlib.text import Text
from PIL import Image, PngImagePlugin

__all__ = ["compress_png", "figure_png", "smallest_text_px",
           "recorded_text_px"]

PALETTE_COLOURS = 64
TEXT_SIZE_KEY = "smallest-text-px"


def smallest_text_px(fig, dpi):
    """The font size, in pixels at ``dpi``, of the figure's smallest text.

    Every visible, non-blank text counts: titles, axis labels, tick
    labels, legend entries and annotations. Sub- and superscripts of
    mathtext count at the size of their text, not the smaller size they
    are drawn at. ``None`` when the figure has no text.
    """
    sizes = [t.get_fontsize() for t in fig.findobj(Text)
             if t.get_visible() and t.get_text().strip()
             and _shown(t)]
    return min(sizes) * dpi / 72.0 if sizes else None


def _shown(text):
    """False for a text hidden by its parents (e.g. an invisible axes)."""
    artist = text
    while artist is not None:
        if not artist.get_visible():
            return False
        parent = getattr(artist, "axes", None)
        artist = parent if parent is not artist else None
    return True


def compress_png(data, text_px=None):
    """A PNG with a palette of ``PALETTE_COLOURS`` colours, on white.

    Parameters
    ----------
    data : bytes
        Any PNG (RGB or RGBA; transparent parts are laid on white).
    text_px : float, optional
        Recorded under ``TEXT_SIZE_KEY`` (see ``smallest_text_px``).

    Returns
    -------
    bytes
        The palette PNG, optimised.
    """
    image = Image.open(io.BytesIO(data))
    image.load()
    if image.mode != "RGB":
        white = Image.new("RGBA", image.size, (255, 255, 255, 255))
        image = Image.alpha_composite(white, image.convert("RGBA"))
        image = image.convert("RGB")
    small = image.quantize(colors=PALETTE_COLOURS,
                           method=Image.Quantize.MEDIANCUT,
                           dither=Image.Dither.NONE)
    info = None
    if text_px is not None:
        info = PngImagePlugin.PngInfo()
        info.add_text(TEXT_SIZE_KEY, f"{text_px:.2f}")
    out = io.BytesIO()
    small.save(out, format="PNG", optimize=True, pnginfo=info)
    return out.getvalue()


def figure_png(fig, dpi, *, tight=False):
    """A matplotlib figure as a small palette PNG (see ``compress_png``)
    that records the size of its smallest text.

    ``tight=True`` crops the white margin as Jupyter's inline figures do
    (``bbox_inches="tight"``).
    """
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=dpi, metadata={"Software": None},
                bbox_inches="tight" if tight else None)
    # after savefig: the figure is drawn, so every tick label exists
    return compress_png(buf.getvalue(), smallest_text_px(fig, dpi))


def recorded_text_px(data):
    """The smallest text size a PNG made here records, or ``None``."""
    image = Image.open(io.BytesIO(data))
    value = getattr(image, "text", {}).get(TEXT_SIZE_KEY)
    return float(value) if value is not None else None
