"""Demos with sliders that are live in Jupyter and still respond offline.

What this module is for: turning a pure drawing function of a few
parameters into one object with two faces. In Jupyter (a kernel is
running) it shows ipywidgets sliders and an image that is redrawn when a
slider moves. On the static site (no kernel, no network) it shows plain
HTML range inputs and a small script that swaps precomputed PNG frames,
one per combination of slider stops, all embedded in the page.

What it is not for: continuous parameters or large grids (every
combination is rendered and stored; ``max_frames`` guards the size), or
animations. The drawing function gets a fresh ``matplotlib.figure.Figure``
(never pyplot), so nothing leaks into the notebook's own outputs. Nothing
here prints; the output is deterministic (no random ids, no timestamps),
so stored notebook outputs compare equal with a fresh run.
"""

import base64
import hashlib
import html
import json
import math
from collections.abc import Mapping
from numbers import Integral, Real

import matplotlib
import numpy as np
from matplotlib.figure import Figure

from ._png import figure_png, save_print_copy
from .style import COURSE_RC

__all__ = ["Demo", "interactive_figure", "with_caption"]

WIDGET_MIME = "application/vnd.jupyter.widget-view+json"
_PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def _plural(n, word):
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def _fmt_stop(value, precise=False):
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, Integral):
        return str(int(value))
    text = repr(float(value)) if precise else f"{float(value):.4g}"
    return "0" if text in ("-0", "-0.0") else text


def _check_stops(name, seq):
    """Return the stops of one parameter as a tuple of Python scalars."""
    if isinstance(seq, np.ndarray):
        if seq.ndim != 1:
            raise ValueError(
                f"params[{name!r}] must be 1-D (the slider stops); got an "
                f"array of shape {seq.shape}")
        stops = seq.tolist()
    elif isinstance(seq, (str, bytes, Mapping)) or not hasattr(
            seq, "__len__"):
        raise TypeError(
            f"params[{name!r}] must be a sequence of slider stops, e.g. "
            f"[-1.0, 0.0, 1.0]; got {type(seq).__name__} {seq!r}")
    else:
        stops = [v.item() if isinstance(v, np.generic) else v for v in seq]
    if not stops:
        raise ValueError(f"params[{name!r}] has no stops; give at least one")
    for v in stops:
        if not isinstance(v, (str, Real)):
            raise TypeError(
                f"the stops of {name!r} must be numbers or strings; got "
                f"{type(v).__name__} {v!r}")
        if isinstance(v, Real) and not isinstance(v, bool) and not (
                math.isfinite(v)):
            raise ValueError(
                f"the stops of {name!r} must be finite; got {v!r}")
    for i, v in enumerate(stops):
        for u in stops[:i]:
            if type(u) is type(v) and u == v:
                raise ValueError(
                    f"the stops of {name!r} must be distinct; {v!r} comes "
                    "twice")
    return tuple(stops)


def _labels(stops):
    labels = [_fmt_stop(v) for v in stops]
    if len(set(labels)) < len(labels):
        labels = [_fmt_stop(v, precise=True) for v in stops]
    return tuple(labels)


def _png_size(png):
    """Width and height in pixels, read from the PNG header."""
    if png[:8] != _PNG_SIGNATURE or png[12:16] != b"IHDR":
        raise ValueError("not a PNG image")
    return (int.from_bytes(png[16:20], "big"),
            int.from_bytes(png[20:24], "big"))


def _js_json(obj):
    """JSON that is safe inside an HTML <script> element."""
    text = json.dumps(obj, ensure_ascii=True, separators=(",", ":"))
    return (text.replace("<", "\\u003c").replace(">", "\\u003e")
            .replace("&", "\\u0026"))


def with_caption(body, caption):
    """Wrap an HTML block and its caption in ``<figure>``; no caption, no
    wrapper. The caption is plain text (escaped here)."""
    if caption is None:
        return body
    if not isinstance(caption, str) or not caption.strip():
        raise ValueError("caption must be a non-empty str (what the figure "
                         f"shows); got {caption!r}")
    return (f'<figure class="bp-figure" style="margin:0 0 1em 0">\n{body}'
            f"<figcaption>{html.escape(caption)}</figcaption>\n</figure>\n")


def _titles(titles, names):
    """The title of each slider: ``titles[name]``, or the name."""
    if titles is None:
        return tuple(names)
    if not isinstance(titles, Mapping):
        raise TypeError(f"titles must be a dict {{parameter: title}}; got "
                        f"{type(titles).__name__} {titles!r}")
    unknown = [n for n in titles if n not in names]
    if unknown:
        raise ValueError(f"titles names unknown parameter(s) {unknown}; "
                         f"the parameters are {list(names)}")
    for name, title in titles.items():
        if not isinstance(title, str) or not title.strip():
            raise ValueError(f"the title of {name!r} must be a non-empty "
                             f"str; got {title!r}")
    return tuple(titles.get(n, n) for n in names)


def _kernel_present():
    """True when running in an IPython kernel (comms are possible)."""
    try:
        from IPython import get_ipython
    except ImportError:
        return False
    shell = get_ipython()
    return shell is not None and getattr(shell, "kernel", None) is not None


# The script of the static face. It runs where it stands (at the end of
# the demo's <div>), finds the inputs, outputs and image of its own demo,
# and on every input event computes the frame index row-major over the
# parameters (the last one varies fastest). The frame shown at first is
# stored once, as the <img> src, and is a null in FRAMES.
_SCRIPT = """\
(function () {
  var me = document.currentScript;
  var root = (me && me.parentNode) || document.getElementById(%(id)s);
  var frames = %(frames)s;
  var labels = %(labels)s;
  var inputs = root.querySelectorAll("input[type=range]");
  var outputs = root.querySelectorAll("output");
  var img = root.querySelector("img");
  frames[%(first)d] = img.getAttribute("src");
  function update() {
    var k = 0;
    for (var i = 0; i < inputs.length; i++) {
      var j = parseInt(inputs[i].value, 10);
      k = k * labels[i].length + j;
      outputs[i].textContent = labels[i][j];
    }
    if (img.getAttribute("src") !== frames[k]) {
      img.setAttribute("src", frames[k]);
    }
  }
  for (var i = 0; i < inputs.length; i++) {
    inputs[i].addEventListener("input", update);
  }
  update();
})();
"""


class Demo:
    """A figure that depends on a few parameters, with one slider each.

    Made by :func:`interactive_figure`, which documents the parameters.
    Shown in Jupyter, it is live ipywidgets sliders and an image; on the
    static site (or anywhere without a kernel), it is an HTML block with
    range inputs and every frame embedded.

    Attributes
    ----------
    names : tuple of str
        The parameters, in display order.
    stops : tuple of tuple
        ``stops[i]`` are the allowed values of ``names[i]``.
    labels : tuple of tuple of str
        The same values as the sliders show them.
    initial_index : tuple of int
        The stop each slider starts at.
    shape : tuple of int
        The number of stops of each parameter.
    n_frames : int
        ``prod(shape)``, the number of frames of the static face.
    """

    def __init__(self, draw, params, *, initial=None, figsize=(6, 4),
                 dpi=80, alt=None, caption=None, max_frames=400,
                 titles=None):
        if not callable(draw):
            raise TypeError(
                "draw must be a function draw(fig, **values); got "
                f"{type(draw).__name__}")
        if not isinstance(params, Mapping) or not params:
            raise TypeError(
                "params must be a non-empty dict {name: stops}, e.g. "
                f"{{'w': [-1.0, 0.0, 1.0]}}; got {params!r}")
        for name in params:
            if not isinstance(name, str) or not name.isidentifier():
                raise ValueError(
                    "parameter names must be Python identifiers (they are "
                    f"passed to draw as keywords); got {name!r}")
        self.names = tuple(params)
        self.stops = tuple(_check_stops(n, params[n]) for n in self.names)
        self.labels = tuple(_labels(s) for s in self.stops)
        self.titles = _titles(titles, self.names)
        self.shape = tuple(len(s) for s in self.stops)
        self.n_frames = math.prod(self.shape)

        if (isinstance(max_frames, bool) or not isinstance(
                max_frames, Integral) or max_frames < 1):
            raise ValueError(
                f"max_frames must be a positive int; got {max_frames!r}")
        if self.n_frames > max_frames:
            grid = " x ".join(
                f"{s} ({n})" for s, n in zip(self.shape, self.names))
            raise ValueError(
                f"the grid of stops has {self.n_frames} frames ({grid}), "
                f"more than max_frames={max_frames}; use fewer stops or "
                "raise max_frames")

        try:
            fw, fh = (float(v) for v in figsize)
        except (TypeError, ValueError):
            raise TypeError(
                "figsize must be (width, height) in inches; got "
                f"{figsize!r}") from None
        if not (fw > 0 and fh > 0 and math.isfinite(fw * fh)):
            raise ValueError(
                f"figsize must be two positive numbers; got {figsize!r}")
        if isinstance(dpi, bool) or not isinstance(dpi, Real) or not (
                0 < dpi < 1000):
            raise ValueError(
                f"dpi must be a positive number below 1000; got {dpi!r}")
        self.figsize = (fw, fh)
        self.dpi = dpi

        if alt is None:
            alt = ("A figure that changes with the sliders "
                   + ", ".join(self.names) + ".")
        if not isinstance(alt, str):
            raise TypeError(f"alt must be a str; got {type(alt).__name__}")
        self.alt = alt
        with_caption("", caption)           # checks it
        self.caption = caption

        if initial is None:
            initial = {}
        if not isinstance(initial, Mapping):
            raise TypeError(
                "initial must be a dict {name: value}; got "
                f"{type(initial).__name__}")
        unknown = [n for n in initial if n not in self.names]
        if unknown:
            raise ValueError(
                f"initial names unknown parameter(s) {unknown}; the "
                f"parameters are {list(self.names)}")
        self.initial_index = tuple(
            self._index_of(i, initial[n]) if n in initial
            else len(self.stops[i]) // 2
            for i, n in enumerate(self.names))

        self._draw = draw
        self._frames = {}
        self._html = None
        self._box = None

    # ----------------------------------------------------------- frames

    def _index_of(self, i, value):
        """The index of ``value`` among the stops of parameter ``i``."""
        name, stops = self.names[i], self.stops[i]
        if isinstance(value, np.generic):
            value = value.item()
        for j, s in enumerate(stops):
            if type(s) is type(value) and s == value:
                return j
        if isinstance(value, Real) and not isinstance(value, bool):
            for j, s in enumerate(stops):
                if (isinstance(s, Real) and not isinstance(s, bool)
                        and math.isclose(s, value, rel_tol=1e-9,
                                         abs_tol=1e-12)):
                    return j
        shown = list(self.labels[i])
        if len(shown) > 8:
            shown = shown[:3] + ["..."] + shown[-3:]
        raise ValueError(
            f"{value!r} is not a stop of {name!r}; the {len(stops)} stops "
            f"are {', '.join(shown)}")

    def _flat(self, index):
        k = 0
        for j, n in zip(index, self.shape):
            k = k * n + j
        return k

    def _render(self, index):
        k = self._flat(index)
        if k not in self._frames:
            values = {n: s[j] for n, s, j in zip(self.names, self.stops,
                                                  index)}
            with matplotlib.rc_context(COURSE_RC):
                fig = Figure(figsize=self.figsize, dpi=self.dpi)
                self._draw(fig, **values)
                self._frames[k] = figure_png(fig, self.dpi)
                if index == self.initial_index:     # what the PDF prints
                    save_print_copy(fig, self._frames[k], self.dpi)
        return self._frames[k]

    def frame(self, **values):
        """The PNG image of one setting of the sliders.

        Parameters
        ----------
        **values
            ``name=value`` for some or all parameters; each value must be
            one of the stops of its parameter (floats are matched up to
            rounding). Parameters left out take their initial value.

        Returns
        -------
        bytes
            A PNG file, the same bytes on every call and every run.

        Examples
        --------
        >>> demo = interactive_figure(
        ...     lambda fig, w: fig.add_subplot().plot([0, w]),
        ...     {"w": [0.5, 1.0]}, figsize=(1, 1), dpi=20)
        >>> demo.frame(w=0.5)[:4]
        b'\\x89PNG'
        """
        unknown = [n for n in values if n not in self.names]
        if unknown:
            raise TypeError(
                f"frame() got unknown parameter(s) {unknown}; the "
                f"parameters are {list(self.names)}")
        index = tuple(
            self._index_of(i, values[n]) if n in values
            else self.initial_index[i]
            for i, n in enumerate(self.names))
        return self._render(index)

    # ------------------------------------------------------ static face

    def html(self):
        """The static face: sliders, image and script, as one HTML block.

        Returns
        -------
        str
            A ``<div>`` holding one ``<input type="range">`` per parameter
            (stop indices ``0..len - 1``), an ``<output>`` with the current
            value of each, an ``<img>`` and an inline ``<script>`` with
            all the other frames as ``data:image/png;base64`` URIs. No
            external resource is needed; the same bytes on every run.

        Notes
        -----
        Frame ``k`` is the setting whose stop indices ``(j_0, j_1, ...)``
        give ``k = (j_0 * n_1 + j_1) * n_2 + ...`` (row-major over the
        parameters in order). The first frame shown is stored once, as
        the image source, and the script reads it from there.
        """
        if self._html is None:
            self._html = self._build_html()
        return self._html

    def _build_html(self):
        first = self._flat(self.initial_index)
        uris = []
        for k in range(self.n_frames):
            index = np.unravel_index(k, self.shape)
            png = self._render(tuple(int(j) for j in index))
            uris.append("data:image/png;base64,"
                        + base64.b64encode(png).decode("ascii"))
        width, height = _png_size(self._render(self.initial_index))
        frames = [None if k == first else uri for k, uri in enumerate(uris)]

        digest = hashlib.sha1()
        for part in (self.alt, self.caption or "", *self.names, *self.titles,
                     *("\0".join(lab) for lab in self.labels),
                     repr(self.initial_index), *uris):
            digest.update(part.encode("utf-8"))
            digest.update(b"\0")
        div_id = "bp-demo-" + digest.hexdigest()[:16]

        esc = html.escape
        rows = []
        for i, title in enumerate(self.titles):
            j = self.initial_index[i]
            rows.append(
                '<div style="display:flex;align-items:center;gap:0.6em">'
                '<label>'
                '<span style="display:inline-block;min-width:'
                f'{max(len(t) for t in self.titles) + 1}ch">{esc(title)}'
                '</span>'
                f'<input type="range" min="0" max="{self.shape[i] - 1}" '
                f'step="1" value="{j}" autocomplete="off" '
                'style="vertical-align:middle;width:14em"></label>'
                f"<output>{esc(self.labels[i][j])}</output></div>")
        script = _SCRIPT % {
            "id": _js_json(div_id),
            "frames": _js_json(frames),
            "labels": _js_json([list(lab) for lab in self.labels]),
            "first": first,
        }
        return with_caption(
            f'<div class="bp-demo" id="{div_id}">\n'
            + "\n".join(rows) + "\n"
            + f'<img alt="{esc(self.alt)}" width="{width}" '
            f'height="{height}" style="max-width:100%;height:auto" '
            f'src="{uris[first]}">\n'
            + f"<script>\n{script}</script>\n</div>\n", self.caption)

    # -------------------------------------------------------- live face

    def widget(self):
        """The live face: a VBox of one SelectionSlider per parameter and
        an Image that is redrawn when a slider moves.

        Returns
        -------
        ipywidgets.VBox
            The same box on every call (until it is closed).

        Notes
        -----
        The image is an ``ipywidgets.Image`` whose PNG value is replaced,
        not an ``Output`` widget, so nothing is captured from the kernel's
        output streams. Frames already drawn are cached.
        """
        import ipywidgets as widgets

        if self._box is not None and self._box.comm is not None:
            return self._box
        sliders = [
            widgets.SelectionSlider(
                options=list(zip(labels, stops)), index=j,
                description=title, continuous_update=True,
                style={"description_width": "initial"})
            for title, stops, labels, j in zip(
                self.titles, self.stops, self.labels, self.initial_index)]
        image = widgets.Image(value=self._render(self.initial_index),
                              format="png")

        def redraw(change):
            index = tuple(s.index for s in sliders)
            image.value = self._render(index)

        for s in sliders:
            s.observe(redraw, names="index")
        caption = ([widgets.HTML(f"<em>{html.escape(self.caption)}</em>")]
                   if self.caption else [])
        self._box = widgets.VBox([*sliders, image, *caption])
        return self._box

    # ----------------------------------------------------------- display

    def __repr__(self):
        parts = ", ".join(f"{n} ({_plural(len(s), 'value')})"
                          for n, s in zip(self.names, self.stops))
        return f"Interactive figure: {parts}"

    def _repr_mimebundle_(self, include=None, exclude=None):
        return two_faced_bundle(self, include, exclude)


def two_faced_bundle(face, include=None, exclude=None):
    """Plain text, the static HTML face and, in a kernel, the widget, of
    an object with ``.html()`` and ``.widget()`` (a demo, a question).

    A front end picks the richest entry it can show: Jupyter the widget,
    the book (configured with ``nb_mime_priority_overrides``) the HTML.
    """
    def wanted(mime):
        return ((include is None or mime in include)
                and (exclude is None or mime not in exclude))

    bundle = {}
    if wanted("text/plain"):
        bundle["text/plain"] = repr(face)
    if wanted("text/html"):
        bundle["text/html"] = face.html()
    if wanted(WIDGET_MIME) and _kernel_present():
        try:
            bundle[WIDGET_MIME] = face.widget()._repr_mimebundle_()[
                WIDGET_MIME]
        except Exception:  # no comms, no front end: the html is enough
            pass
    return bundle


def interactive_figure(draw, params, *, initial=None, figsize=(6, 4),
                       dpi=80, alt=None, caption=None, max_frames=400,
                       titles=None):
    """Make a figure with one slider per parameter, live or static.

    Parameters
    ----------
    draw : callable
        ``draw(fig, **values)`` draws on ``fig``, a new
        ``matplotlib.figure.Figure(figsize=figsize, dpi=dpi)`` (add axes
        with ``fig.add_subplot()``; do not use pyplot), for one value of
        every parameter, passed as keywords. Its return value is ignored.
        It should depend only on its arguments.
    params : dict
        ``name -> stops``: the allowed values of each parameter (a 1-D
        sequence of numbers or strings, distinct), in display order.
    initial : dict, optional
        ``name -> value``, the stop each slider starts at; by default the
        middle stop, index ``len(stops) // 2``.
    figsize : (float, float), default (6, 4)
        In inches.
    dpi : float, default 80
        Pixels per inch of the frames; keep it low, every frame is stored.
    alt : str, optional
        The alternative text of the image (what the figure shows, for a
        reader who cannot see it). By default it names the sliders.
    caption : str, optional
        Shown under the figure, in both faces (on the site, the demo is a
        ``<figure>`` with this ``<figcaption>``). Plain text.
    max_frames : int, default 400
        The largest allowed grid: the product of the numbers of stops.
    titles : dict, optional
        ``{parameter: title}``: what the slider of a parameter is called
        in both faces, in the text's symbols (plain text, e.g.
        ``{"a_prev": "a⁽ᴸ⁻¹⁾"}``); by default its name.

    Returns
    -------
    Demo
        Shown by Jupyter or the book; ``Demo.frame(**values)`` gives one
        PNG, ``Demo.html()`` the static face, ``Demo.widget()`` the live
        one.

    Raises
    ------
    ValueError
        If the grid has more than ``max_frames`` frames, or an initial
        value is not a stop.

    Notes
    -----
    The static face embeds every frame, ``prod(len(stops))`` PNG images:
    a 21 x 11 grid at the default size is a few megabytes. Frames are
    drawn when first needed and cached; showing the demo draws them all
    (the HTML face is part of every display), about 0.1 s per frame.

    Examples
    --------
    >>> def draw(fig, w, b):
    ...     ax = fig.add_subplot()
    ...     x = np.linspace(-3, 3, 61)
    ...     ax.plot(x, np.tanh(w * x + b))
    >>> demo = interactive_figure(draw, {"w": [0.5, 1.0, 2.0],
    ...                                  "b": [-1.0, 0.0, 1.0]})
    >>> demo
    Interactive figure: w (3 values), b (3 values)
    """
    return Demo(draw, params, initial=initial, figsize=figsize, dpi=dpi,
                alt=alt, caption=caption, max_frames=max_frames,
                titles=titles)
