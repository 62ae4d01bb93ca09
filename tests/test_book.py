"""The book builds from clean with no warning.

The build is `make site` (run once per test run by the `book_build`
fixture): the reader's `make book` with the same `-W -n --keep-going`,
where any Sphinx warning fails it, from the outputs stored in the
notebooks. nbval re-executes every notebook in the same run: a notebook
that raises, writes to stderr or prints something else than it stores
fails there.
"""

import re
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent


def toc_pages():
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text())
    return [toc["root"]] + [c["file"] for c in toc["chapters"]]


def test_book_builds_without_warnings(book_build):
    code, log = book_build
    warnings = [line for line in log.splitlines()
                if re.search(r"\b(WARNING|ERROR): ", line)]
    assert code == 0, f"make book failed:\n{log[-6000:]}"
    assert not warnings, "warnings in the build:\n" + "\n".join(warnings)
    for page in ["index"] + toc_pages():
        assert (ROOT / "_build" / "html" / f"{page}.html").is_file(), page


def test_every_chapter_notebook_is_in_the_book():
    listed = set(toc_pages())
    on_disk = {f"chapters/{p.stem}" for p in (ROOT / "chapters").glob(
        "*.ipynb")}
    assert on_disk <= listed, f"not in _toc.yml: {sorted(on_disk - listed)}"


# The most a committed notebook may weigh: the demos' frames are in it,
# and every learner downloads it.
NOTEBOOK_BUDGET = 2 ** 20


def test_every_notebook_is_under_one_mebibyte():
    sizes = {p.name: p.stat().st_size
             for p in sorted((ROOT / "chapters").glob("*.ipynb"))}
    assert sizes
    heavy = {name: size for name, size in sizes.items()
             if size >= NOTEBOOK_BUDGET}
    assert not heavy, (f"notebooks of {NOTEBOOK_BUDGET} bytes or more "
                       f"(the budget): {heavy}")


def test_what_the_site_hides_is_collapsed_in_jupyter():
    # a cell whose input the site hides behind a toggle (a solution, a
    # check) opens collapsed in JupyterLab too: a learner there sees what
    # a reader of the site sees (make notebooks sets it)
    import json
    open_there = []
    for path in sorted((ROOT / "chapters").glob("*.ipynb")):
        for i, cell in enumerate(json.loads(path.read_text())["cells"]):
            tags = cell["metadata"].get("tags", [])
            shown = cell["metadata"].get("jupyter", {})
            if cell["cell_type"] == "code" and (
                    "hide-input" in tags or "hide-cell" in tags) and \
                    not shown.get("source_hidden"):
                open_there.append(f"{path.name} cell {i}")
            if "hide-cell" in tags and cell.get("outputs") and \
                    not shown.get("outputs_hidden"):
                open_there.append(f"{path.name} cell {i} (outputs)")
    assert not open_there, ("hidden on the site, open in JupyterLab "
                            f"(run make notebooks): {open_there}")
