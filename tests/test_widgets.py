import base64
import html.parser
import json
import re
import shutil
import subprocess

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

from backprop_utils import widgets  # noqa: E402
from backprop_utils.widgets import (  # noqa: E402
    WIDGET_MIME,
    Demo,
    interactive_figure,
)

ALT = "A line whose slope and height follow the sliders w and b."
PNG = b"\x89PNG\r\n\x1a\n"


def draw(fig, w, b):
    assert isinstance(fig, Figure)
    ax = fig.add_subplot()
    x = np.linspace(-1, 1, 11)
    ax.plot(x, w * x + b)
    ax.set_ylim(-3, 3)
    ax.set_title(f"w={w} b={b}")


def small(**kwargs):
    kwargs = {"figsize": (2, 1.5), "dpi": 30, "alt": ALT, **kwargs}
    return interactive_figure(
        draw, {"w": np.array([-1.0, 0.5, 2.0]), "b": [0, 1]}, **kwargs)


class Parsed(html.parser.HTMLParser):
    """The tags of an HTML block, checked to nest properly."""

    VOID = {"input", "img", "br"}

    def __init__(self, text):
        super().__init__()
        self.tags, self.stack, self.data = [], [], {}
        self.feed(text)
        self.close()

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        if tag not in self.VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag):
        assert self.stack and self.stack[-1] == tag, (tag, self.stack)
        self.stack.pop()

    def handle_data(self, data):
        if self.stack:
            self.data.setdefault(self.stack[-1], []).append(data)

    def all(self, tag):
        return [attrs for t, attrs in self.tags if t == tag]


def test_frames_are_png_deterministic_and_follow_the_values():
    demo = small()
    assert isinstance(demo, Demo)
    a = demo.frame(w=0.5, b=1)
    assert a.startswith(PNG)
    assert demo.frame(w=0.5, b=1) == a
    assert small().frame(w=0.5, b=1) == a          # a fresh object too
    assert demo.frame(w=2.0, b=1) != a
    assert demo.frame(w=0.5, b=0) != a
    assert demo.frame(w=np.float64(0.5), b=1) == a
    assert demo.frame(w=0.1 + 0.4, b=1.0) == a     # matched up to rounding


def test_frame_defaults_to_initial_values():
    demo = small()
    assert demo.initial_index == (1, 1)            # middle stops
    assert demo.frame() == demo.frame(w=0.5, b=1)
    demo = small(initial={"w": 2.0})
    assert demo.initial_index == (2, 1)
    assert demo.frame(b=1) == demo.frame(w=2.0, b=1)


def test_draw_gets_a_figure_outside_pyplot():
    before = plt.get_fignums()
    small().html()
    assert plt.get_fignums() == before


def test_frame_rejects_unknown_parameters_and_off_grid_values():
    demo = small()
    with pytest.raises(TypeError, match=r"unknown parameter\(s\) \['c'\]"):
        demo.frame(c=1)
    with pytest.raises(ValueError, match="0.7 is not a stop of 'w'; the 3 "
                                         "stops are -1, 0.5, 2"):
        demo.frame(w=0.7)
    with pytest.raises(ValueError, match="'1' is not a stop of 'b'"):
        demo.frame(b="1")


def test_html_structure():
    demo = small()
    text = demo.html()
    page = Parsed(text)
    assert page.stack == []                        # every tag closed
    (root, *_) = page.all("div")
    assert page.tags[0] == ("div", root)
    assert re.fullmatch(r"bp-demo-[0-9a-f]{16}", root["id"])

    inputs = page.all("input")
    assert text.count('<input type="range"') == len(inputs) == 2
    assert [(i["min"], i["max"], i["step"], i["value"]) for i in inputs] == [
        ("0", "2", "1", "1"), ("0", "1", "1", "1")]
    assert len(page.all("label")) == 2
    assert [d.strip() for d in page.data["span"]] == ["w", "b"]
    assert page.data["output"] == ["0.5", "1"]

    (img,) = page.all("img")
    assert img["alt"] == ALT
    assert img["src"].startswith("data:image/png;base64,")
    assert (img["width"], img["height"]) == ("60", "45")
    assert len(page.all("script")) == 1
    # one data URI per frame: the first shown is the img src, the others
    # are in the script
    assert text.count("data:image/png;base64,") == demo.n_frames == 6
    assert "http" not in text and "uuid" not in text


def test_html_is_identical_across_constructions():
    a, b = small(), small()
    assert a.html() == b.html()
    assert a.html() is a.html()                    # cached
    other = small(initial={"w": -1.0})
    assert other.html() != a.html()
    ids = [Parsed(d.html()).all("div")[0]["id"] for d in (a, other)]
    assert ids[0] != ids[1]


def test_html_escapes_text():
    demo = interactive_figure(
        lambda fig, s: fig.add_subplot(), {"s": ["<b>", "a&b", "</script>"]},
        figsize=(1, 1), dpi=20, alt='"quoted" <alt>')
    text = demo.html()
    assert "</script>" not in text.replace("</script>\n</div>", "")
    assert "<b>" not in text
    page = Parsed(text)
    assert page.all("img")[0]["alt"] == '"quoted" <alt>'
    assert page.data["output"] == ["a&b"]


@pytest.mark.skipif(shutil.which("node") is None, reason="needs node.js")
def test_script_swaps_frames_row_major():
    demo = interactive_figure(
        lambda fig, w, b, c: fig.add_subplot().set_title(f"{w}{b}{c}"),
        {"w": [1, 2, 3], "b": [4, 5], "c": [6, 7, 8, 9]},
        figsize=(1, 1), dpi=20)
    page = Parsed(demo.html())
    script = "".join(page.data["script"])
    src = page.all("img")[0]["src"]
    values = [int(i["value"]) for i in page.all("input")]
    assert values == [1, 1, 2]
    moves = [[0, 2], [1, 0], [2, 3], [0, 0], [2, 0]]
    program = """
const moves = %s, values = %s, srcs = [];
const inputs = values.map(v => {
  const on = [];
  return {value: String(v), addEventListener: (t, f) => on.push(f),
          fire: () => on.forEach(f => f())};
});
const outputs = values.map(() => ({textContent: ""}));
const img = {src: %s, getAttribute() { return this.src; },
             setAttribute(n, v) { this.src = v; }};
const root = {
  querySelectorAll: s => s.startsWith("input") ? inputs : outputs,
  querySelector: () => img};
global.document = {currentScript: {parentNode: root},
                   getElementById: () => root};
eval(%s);
const shown = [];
for (const [i, v] of moves) {
  inputs[i].value = String(v); inputs[i].fire();
  shown.push([img.src, outputs.map(o => o.textContent)]);
}
console.log(JSON.stringify(shown));
""" % (json.dumps(moves), json.dumps(values), json.dumps(src),
       json.dumps(script))
    out = subprocess.run(["node", "-e", program], capture_output=True,
                         text=True, timeout=60, check=True).stdout
    shown = json.loads(out)
    index = list(values)
    for (i, v), (uri, labels) in zip(moves, shown):
        index[i] = v
        settings = dict(zip(demo.names,
                            (s[j] for s, j in zip(demo.stops, index))))
        png = demo.frame(**settings)
        assert uri == ("data:image/png;base64,"
                       + base64.b64encode(png).decode("ascii"))
        assert labels == [lab[j] for lab, j in zip(demo.labels, index)]


def test_max_frames():
    params = {"w": np.linspace(-1, 1, 21), "b": np.linspace(0, 1, 11)}
    with pytest.raises(ValueError, match=r"231 frames .*max_frames=200"):
        interactive_figure(draw, params, max_frames=200)
    demo = interactive_figure(draw, params)          # 231 <= 400: fine
    assert demo.n_frames == 231


def test_bad_arguments():
    with pytest.raises(TypeError, match="draw must be a function"):
        interactive_figure(None, {"w": [1]})
    with pytest.raises(TypeError, match="non-empty dict"):
        interactive_figure(draw, {})
    with pytest.raises(ValueError, match="Python identifiers"):
        interactive_figure(draw, {"a b": [1]})
    with pytest.raises(ValueError, match="has no stops"):
        interactive_figure(draw, {"w": []})
    with pytest.raises(ValueError, match=r"must be 1-D.*shape \(2, 2\)"):
        interactive_figure(draw, {"w": np.zeros((2, 2))})
    with pytest.raises(TypeError, match="sequence of slider stops"):
        interactive_figure(draw, {"w": 3})
    with pytest.raises(ValueError, match="distinct; 1 comes twice"):
        interactive_figure(draw, {"w": [1, 2, 1]})
    with pytest.raises(ValueError, match=r"initial names unknown.*\['c'\]"):
        interactive_figure(draw, {"w": [1, 2]}, initial={"c": 1})
    with pytest.raises(ValueError, match="3 is not a stop of 'w'"):
        interactive_figure(draw, {"w": [1, 2]}, initial={"w": 3})
    with pytest.raises(ValueError, match="max_frames must be a positive"):
        interactive_figure(draw, {"w": [1, 2]}, max_frames=0)


def test_text_plain_is_deterministic():
    a = small()._repr_mimebundle_(include=["text/plain"])
    b = small()._repr_mimebundle_(include=["text/plain"])
    assert a == b == {"text/plain": "Interactive figure: w (3 values), "
                                    "b (2 values)"}
    assert repr(small()) == a["text/plain"]


def test_bundle_without_a_kernel_has_no_widget():
    bundle = small()._repr_mimebundle_()
    assert set(bundle) == {"text/plain", "text/html"}
    assert bundle["text/html"] == small().html()
    assert "text/html" not in small()._repr_mimebundle_(
        exclude=["text/html"])


def test_bundle_in_a_kernel_has_the_widget_view(monkeypatch):
    pytest.importorskip("ipywidgets")
    monkeypatch.setattr(widgets, "_kernel_present", lambda: True)
    demo = small()
    bundle = demo._repr_mimebundle_()
    assert set(bundle) == {"text/plain", "text/html", WIDGET_MIME}
    view = bundle[WIDGET_MIME]
    assert view["version_major"] == 2 and view["version_minor"] == 0
    assert view["model_id"] == demo.widget().model_id


def test_widget_face_redraws_when_a_slider_moves():
    ipywidgets = pytest.importorskip("ipywidgets")
    demo = small()
    try:
        box = demo.widget()
    except Exception as exc:  # pragma: no cover - depends on ipywidgets
        pytest.skip(f"ipywidgets needs a kernel comm here: {exc!r}")
    assert isinstance(box, ipywidgets.VBox)
    assert demo.widget() is box
    w_slider, b_slider, image = box.children
    assert isinstance(w_slider, ipywidgets.SelectionSlider)
    assert isinstance(image, ipywidgets.Image)
    assert image.format == "png"
    assert (w_slider.description, b_slider.description) == ("w", "b")
    assert w_slider.options == (("-1", -1.0), ("0.5", 0.5), ("2", 2.0))
    assert w_slider.label == "0.5"
    assert (w_slider.value, b_slider.value) == (0.5, 1)
    assert bytes(image.value) == demo.frame(w=0.5, b=1)

    w_slider.value = 2.0
    assert bytes(image.value) == demo.frame(w=2.0, b=1)
    b_slider.index = 0
    assert bytes(image.value) == demo.frame(w=2.0, b=0)
    box.close()
    assert demo.widget() is not box                # a closed box is rebuilt


def test_caption_in_both_faces():
    plain = small().html()
    demo = small(caption="Slope w & height b.")
    page = Parsed(demo.html())
    assert page.stack == []                        # every tag closed
    assert page.tags[0][0] == "figure" and page.tags[1][0] == "div"
    assert page.data["figcaption"] == ["Slope w & height b."]
    assert "Slope w &amp; height b." in demo.html()
    # the demo inside is the same block, but for its id (a hash that
    # includes the caption)
    strip = lambda t: re.sub(r"bp-demo-[0-9a-f]{16}", "ID", t)  # noqa: E731
    assert strip(plain) in strip(demo.html())
    box = demo.widget()
    assert "Slope w &amp; height b." in box.children[-1].value
    with pytest.raises(ValueError, match="caption must be a non-empty str"):
        small(caption="")
    with pytest.raises(ValueError, match="caption must be a non-empty str"):
        small(caption=3)


def test_sliders_can_carry_the_text_symbols():
    demo = small(titles={"w": "w⁽ᴸ⁾"})
    page = demo.html()
    assert ">w⁽ᴸ⁾</span>" in page and ">b</span>" in page
    assert [s.description for s in demo.widget().children[:2]] == [
        "w⁽ᴸ⁾", "b"]
    assert demo.names == ("w", "b")               # draw still gets w=
    demo.widget().close()
    with pytest.raises(ValueError, match=r"titles names unknown "
                       r"parameter\(s\) \['x'\]"):
        small(titles={"x": "x"})
    with pytest.raises(ValueError, match="the title of 'w' must be a "
                       "non-empty str"):
        small(titles={"w": ""})
    with pytest.raises(TypeError, match="titles must be a dict"):
        small(titles=["w"])
