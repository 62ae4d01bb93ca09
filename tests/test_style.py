"""The course's figure style and the PNGs Jupyter shows for figures."""

import base64

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pytest  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

from backprop_utils import COURSE_RC, use_course_figures  # noqa: E402
from backprop_utils._png import recorded_text_px  # noqa: E402
from backprop_utils.style import MIN_TEXT_PX  # noqa: E402


@pytest.fixture
def rc():
    with matplotlib.rc_context():
        yield


def test_no_text_under_the_minimum_at_72_dpi():
    # demo frames are 72 dpi, where a point is a pixel
    sizes = [v for k, v in COURSE_RC.items() if "size" in k]
    assert sizes and min(sizes) >= MIN_TEXT_PX


def test_outside_ipython_only_the_rc_changes(rc, monkeypatch):
    import IPython
    monkeypatch.setattr(IPython, "get_ipython", lambda: None)
    use_course_figures()
    for key, value in COURSE_RC.items():
        assert matplotlib.rcParams[key] == value, key


def test_in_ipython_figures_show_as_small_pngs_with_a_record(rc):
    from IPython.core.interactiveshell import InteractiveShell
    shell = InteractiveShell.instance()
    try:
        use_course_figures()
        fig, ax = plt.subplots(figsize=(4, 3))
        ax.plot([0, 1], [1, 0])
        data, _ = shell.display_formatter.format(fig)
        png = data["image/png"]
        if isinstance(png, str):
            png = base64.b64decode(png)
        assert png.startswith(b"\x89PNG")
        # 11-point tick labels at the course's 100 dpi
        assert recorded_text_px(png) == pytest.approx(11 * 100 / 72, 0.01)
        # a figure with nothing on it shows nothing, as in IPython
        data, _ = shell.display_formatter.format(Figure())
        assert "image/png" not in data
    finally:
        plt.close("all")
        InteractiveShell.clear_instance()
