"""Small PNG files for the frames of demos and animations.

What this module is for: a demo stores one PNG per slider setting and
an animation one per frame, in the notebook and on the site, so their
size is what a learner downloads. The figures of the course are flat
colours, lines and text: a palette of 64 colours draws them without a
visible change and makes each file about 3.5 times smaller than
matplotlib's full-colour PNG.

What it is not for: photographs or smooth colour maps (a palette would
band them); the chapters' static figures, which myst-nb saves itself.
The output is deterministic: the same figure gives the same bytes.
"""

import io

from PIL import Image

__all__ = ["compress_png", "figure_png"]

PALETTE_COLOURS = 64


def compress_png(data):
    """A PNG with a palette of ``PALETTE_COLOURS`` colours, on white.

    Parameters
    ----------
    data : bytes
        Any PNG (RGB or RGBA; transparent parts are laid on white).

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
    out = io.BytesIO()
    small.save(out, format="PNG", optimize=True)
    return out.getvalue()


def figure_png(fig, dpi):
    """A matplotlib figure as a small palette PNG (see ``compress_png``)."""
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=dpi, metadata={"Software": None})
    return compress_png(buf.getvalue())
