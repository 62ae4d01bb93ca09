"""Small PNG files for the figures, demos and animations, which say how
small their smallest text is.

What this module is for: a demo stores one PNG per slider setting and
an animation one per frame, in the notebook and on the site, so their
size is what a learner downloads. The figures of the course are flat
colours, lines and text: a palette of 64 colours draws them without a
visible change and makes each file about 3.5 times smaller than
matplotlib's full-colour PNG. Every PNG made here also records, in text
chunks, the size in image pixels of the font of its smallest text
(``TEXT_SIZE_KEY``: its font size in points times dpi / 72) and of its
smallest sub- or superscript (``SCRIPT_SIZE_KEY``: mathtext draws a
script at 0.7 of the size of what carries it), so that the site's tests
can check that every label stays readable at the size the page shows
the image.

For the course's PDF (tools/build_pdf.py) a figure is printed at its
drawn size, where the site's 100 dpi would look coarse. With the
environment variable ``PRINT_COPIES_ENV`` naming a folder (``make
notebooks`` sets it), ``save_print_copy`` also draws a figure at
``PRINT_DPI`` and saves it there under the SHA-1 of its screen PNG,
which is the name the PDF's builder looks it up by: the site's image
has the same bytes. Without the variable it does nothing.

What it is not for: photographs or smooth colour maps (a palette would
band them). The output is deterministic: the same figure gives the same
bytes.
"""

import hashlib
import io
import os
import re

from matplotlib.text import Text
from PIL import Image, PngImagePlugin

__all__ = ["compress_png", "figure_png", "smallest_text_px",
           "smallest_script_px", "recorded_text_px", "save_print_copy",
           "recorded_screen_dpi", "print_copies_wanted"]

PALETTE_COLOURS = 64
TEXT_SIZE_KEY = "smallest-text-px"
SCRIPT_SIZE_KEY = "smallest-script-px"
# matplotlib's mathtext draws a sub- or superscript at this fraction of
# the size of what carries it (mathtext.SHRINK_FACTOR)
SCRIPT_SHRINK = 0.7
# The print copies of the figures (see the module's docstring): the
# variable naming their folder, their resolution, and the text chunk in
# which a copy records the dpi of the screen PNG it copies.
PRINT_COPIES_ENV = "BP_PRINT_COPIES"
PRINT_DPI = 220
SCREEN_DPI_KEY = "screen-dpi"


def smallest_text_px(fig, dpi):
    """The font size, in pixels at ``dpi``, of the figure's smallest text.

    Every visible, non-blank text counts: titles, axis labels, tick
    labels, legend entries and annotations. Sub- and superscripts of
    mathtext count at the size of their text, not the smaller size they
    are drawn at. ``None`` when the figure has no text.
    """
    sizes = [t.get_fontsize() for t in _texts(fig)]
    return min(sizes) * dpi / 72.0 if sizes else None


def smallest_script_px(fig, dpi):
    """The size, in pixels at ``dpi``, of the figure's smallest sub- or
    superscript: its text's font size times ``SCRIPT_SHRINK`` for each
    level of nesting. ``None`` when no text has one."""
    sizes = [t.get_fontsize() * SCRIPT_SHRINK ** depth
             for t in _texts(fig)
             for depth in [_script_depth(t.get_text())] if depth]
    return min(sizes) * dpi / 72.0 if sizes else None


def _texts(fig):
    return [t for t in fig.findobj(Text)
            if t.get_visible() and t.get_text().strip() and _shown(t)]


def _script_depth(text):
    """How deeply the sub- and superscripts of the mathtext in ``text``
    nest: 0 for none, 1 for ``$w^{(2)}_{13}$``, 2 for ``$e^{x_1}$``."""
    parts = re.split(r"(?<!\\)\$", text)
    if len(parts) < 3:
        return 0                                    # no mathtext
    return max(_depth(p) for p in parts[1::2])


def _depth(expr):
    best, i = 0, 0
    while i < len(expr):
        if expr[i] == "\\":                        # a command or \_
            m = re.match(r"\\([A-Za-z]+|.)", expr[i:])
            i += len(m.group(0)) if m else 1
        elif expr[i] in "^_":
            argument, i = _argument(expr, i + 1)
            best = max(best, 1 + _depth(argument))
        else:
            i += 1
    return best


def _argument(expr, i):
    """The script starting at ``expr[i]``: a {group}, a command or a
    character; returns it and the index after it."""
    while i < len(expr) and expr[i] == " ":
        i += 1
    if i >= len(expr):
        return "", i
    if expr[i] == "{":
        level = 0
        for j in range(i, len(expr)):
            level += {"{": 1, "}": -1}.get(expr[j], 0)
            if level == 0:
                return expr[i + 1:j], j + 1
        return expr[i + 1:], len(expr)
    m = re.match(r"\\([A-Za-z]+|.)", expr[i:])
    if m:
        return m.group(0), i + len(m.group(0))
    return expr[i], i + 1


def _shown(text):
    """False for a text hidden by its parents (e.g. an invisible axes)."""
    artist = text
    while artist is not None:
        if not artist.get_visible():
            return False
        parent = getattr(artist, "axes", None)
        artist = parent if parent is not artist else None
    return True


def compress_png(data, text_px=None, script_px=None, screen_dpi=None):
    """A PNG with a palette of ``PALETTE_COLOURS`` colours, on white.

    Parameters
    ----------
    data : bytes
        Any PNG (RGB or RGBA; transparent parts are laid on white).
    text_px, script_px : float, optional
        Recorded under ``TEXT_SIZE_KEY`` and ``SCRIPT_SIZE_KEY`` (see
        ``smallest_text_px`` and ``smallest_script_px``).
    screen_dpi : float, optional
        Recorded under ``SCREEN_DPI_KEY`` (a print copy's; see
        ``save_print_copy``).

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
    info = PngImagePlugin.PngInfo()
    for key, value in ((TEXT_SIZE_KEY, text_px),
                       (SCRIPT_SIZE_KEY, script_px),
                       (SCREEN_DPI_KEY, screen_dpi)):
        if value is not None:
            info.add_text(key, f"{value:.2f}")
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
    return compress_png(buf.getvalue(), smallest_text_px(fig, dpi),
                        smallest_script_px(fig, dpi))


def print_copies_wanted():
    """Whether ``PRINT_COPIES_ENV`` names a folder for print copies."""
    return bool(os.environ.get(PRINT_COPIES_ENV))


def save_print_copy(fig, screen_png, screen_dpi, *, tight=False):
    """With ``PRINT_COPIES_ENV`` set, draw ``fig`` again at ``PRINT_DPI``
    and save it in that folder as ``<SHA-1 of screen_png>.png``.

    ``screen_png`` is the PNG the notebook shows (made by ``figure_png``
    from the same figure at ``screen_dpi``, with the same ``tight``); the
    copy records ``screen_dpi``, so that the PDF prints it at the size
    the figure was drawn, and the size of its smallest text at
    ``PRINT_DPI``. Returns the copy's path, or ``None`` when the variable
    is not set. A copy that exists is kept; a new one is written under a
    temporary name first, so two kernels never leave half a file.
    """
    folder = os.environ.get(PRINT_COPIES_ENV)
    if not folder:
        return None
    os.makedirs(folder, exist_ok=True)
    path = os.path.join(folder,
                        hashlib.sha1(screen_png).hexdigest() + ".png")
    if os.path.exists(path):
        return path
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=PRINT_DPI,
                metadata={"Software": None},
                bbox_inches="tight" if tight else None)
    data = compress_png(buf.getvalue(), smallest_text_px(fig, PRINT_DPI),
                        smallest_script_px(fig, PRINT_DPI), screen_dpi)
    temporary = f"{path}.{os.getpid()}.tmp"
    with open(temporary, "wb") as f:
        f.write(data)
    os.replace(temporary, path)
    return path


def recorded_screen_dpi(data):
    """The dpi of the screen PNG that a print copy copies, or ``None``."""
    value = getattr(Image.open(io.BytesIO(data)), "text", {}).get(
        SCREEN_DPI_KEY)
    return float(value) if value is not None else None


def recorded_text_px(data, scripts=False):
    """The size of the smallest text (``scripts=True``: of the smallest
    sub- or superscript) that a PNG made here records, or ``None``."""
    image = Image.open(io.BytesIO(data))
    key = SCRIPT_SIZE_KEY if scripts else TEXT_SIZE_KEY
    value = getattr(image, "text", {}).get(key)
    return float(value) if value is not None else None
