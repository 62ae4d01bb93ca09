"""The look of the course's figures: text large enough to read.

What this module is for: one set of matplotlib settings (``COURSE_RC``)
that every figure of the course is drawn with, and ``use_course_figures``,
which a chapter calls once at its top so that its inline figures are
drawn with them and shown as small palette PNGs (``_png.py``) that record
the size of their smallest text and smallest sub- or superscript. The
site's tests read that record and check every figure at the width the
page shows it: on a desktop screen no label under 11 CSS pixels, and no
script under 0.7 of that, the share at which mathtext draws a script.

The demos and animations (``widgets``, ``animation``) draw their frames
with ``COURSE_RC`` themselves, whether or not a chapter called
``use_course_figures``.

What it is not for: choosing colours or layouts (each drawing function
does that), or figures outside Jupyter (``use_course_figures`` changes
only the rcParams there).
"""

import matplotlib

from ._png import SCRIPT_SHRINK, figure_png, save_print_copy

__all__ = ["COURSE_RC", "MIN_TEXT_PX", "MIN_SCRIPT_PX",
           "use_course_figures"]

# The smallest text a figure may show, in CSS pixels, at the width a
# desktop page shows it, and the smallest sub- or superscript: the
# script of a label at the smallest size (the site's tests check both).
MIN_TEXT_PX = 11
MIN_SCRIPT_PX = MIN_TEXT_PX * SCRIPT_SHRINK

# Font sizes in points. A demo frame is saved at 72 dpi and shown at full
# size, where a point is a pixel: no text under 11 points. A static
# figure is saved at 100 dpi, where 11 points are 15.3 px at full size
# and still 11 px when the page shrinks a figure 9.5 inches wide into its
# 688 px column.
COURSE_RC = {
    "figure.dpi": 100,
    "font.size": 11,
    "axes.titlesize": 12,
    "axes.labelsize": 11,
    "xtick.labelsize": 11,
    "ytick.labelsize": 11,
    "legend.fontsize": 11,
    "legend.title_fontsize": 11,
    "figure.titlesize": 12,
}


def _inline_png(fig):
    """Jupyter's PNG of a figure, made by ``figure_png``."""
    if not fig.axes and not fig.texts and not fig.patches:
        return None                     # what IPython shows for it: nothing
    png = figure_png(fig, fig.dpi, tight=True)
    save_print_copy(fig, png, fig.dpi, tight=True)
    return png


def use_course_figures():
    """Draw this session's figures with ``COURSE_RC`` and show them, in
    Jupyter, as small PNGs that record their smallest text.

    Call it once, after ``import matplotlib.pyplot``. Outside IPython it
    only sets the rcParams.
    """
    matplotlib.rcParams.update(COURSE_RC)
    try:
        from IPython import get_ipython
    except ImportError:
        return
    shell = get_ipython()
    if shell is None:
        return
    backend = matplotlib.get_backend(auto_select=False)
    if "inline" in str(backend):
        # Load the inline backend now: it registers its own PNG maker
        # when it first loads, which would replace the one below.
        import matplotlib_inline.backend_inline  # noqa: F401
        matplotlib.rcParams.update(COURSE_RC)
    from matplotlib.figure import Figure
    formatter = shell.display_formatter.formatters["image/png"]
    formatter.for_type(Figure, _inline_png)
