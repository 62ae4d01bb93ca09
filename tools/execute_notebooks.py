"""Execute notebooks in place, the way nbval and the book build run them.

Usage: python tools/execute_notebooks.py chapters/*.ipynb

Each notebook runs top to bottom in a fresh kernel of this Python, with
its own folder as working directory, and is written back with its outputs.
Commit the result: nbval compares these stored outputs with a fresh run.

The mistakes page (chapters/mistakes.ipynb) is written first: one
markdown section per mistake of the package's catalogue
(``practice.catalogue_entry``), so that the page's contents list them;
tests/test_practice.py checks that the page matches the catalogue.
A cell the site hides (tagged hide-input or hide-cell) is marked to open
collapsed in Jupyter too.

The kernels also leave a print copy of every figure, demo's first frame
and animation's last frame in pdf/figures/ (backprop_utils/_png.py,
``save_print_copy``): the PDF of the course prints those
(tools/build_pdf.py). Afterwards the copies that no figure stored in
chapters/*.ipynb names any more are removed. Commit them with the
notebooks.
"""

import base64
import hashlib
import os
import re
import sys
from pathlib import Path

import nbformat
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parent.parent
PRINT_COPIES = ROOT / "pdf" / "figures"
MISTAKES_PAGE = "mistakes.ipynb"
# a PNG embedded in an HTML output (a demo's or an animation's frame);
# matplotlib's player splits the data over lines ending in a backslash
_DATA_PNG = re.compile(r"data:image/png;base64,((?:[A-Za-z0-9+/=]|\\\n)+)")
# the metadata key that marks a section written from the catalogue
GENERATED = "bp_catalogue"


def catalogue_cells():
    """The mistakes page's sections, one markdown cell per mistake, with
    ids that do not change from one run to the next."""
    from backprop_utils.practice import MISTAKES, catalogue_entry
    cells = []
    for mistake in MISTAKES.values():
        cell = nbformat.v4.new_markdown_cell(catalogue_entry(mistake))
        cell.id = f"mistake-{mistake.name.replace('_', '-')}"
        cell.metadata[GENERATED] = True
        cells.append(cell)
    return cells


def write_catalogue(nb):
    """Replace the generated sections of ``nb`` (at the end of the page)
    with the catalogue's."""
    nb.cells = [c for c in nb.cells if not c.metadata.get(GENERATED)]
    nb.cells += catalogue_cells()


def collapse_what_the_site_hides(nb):
    """A cell tagged hide-input (a solution) or hide-cell opens with its
    source collapsed in JupyterLab and Notebook 7, as on the site; a
    hide-cell's outputs too."""
    for cell in nb.cells:
        tags = cell.metadata.get("tags", [])
        if cell.cell_type != "code":
            continue
        if "hide-input" in tags or "hide-cell" in tags:
            cell.metadata.setdefault("jupyter", {})["source_hidden"] = True
        if "hide-cell" in tags:
            cell.metadata["jupyter"]["outputs_hidden"] = True


def execute(path):
    path = Path(path)
    nb = nbformat.read(path, as_version=4)
    if path.name == MISTAKES_PAGE:
        write_catalogue(nb)
    collapse_what_the_site_hides(nb)
    NotebookClient(
        nb,
        timeout=600,
        kernel_name="python3",
        resources={"metadata": {"path": str(path.parent)}},
    ).execute()
    nbformat.write(nb, path)


def stored_pngs(nb):
    """Every PNG a notebook's outputs hold: the figures (image/png) and
    the frames embedded in HTML outputs."""
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            if "image/png" in data:
                yield base64.b64decode(data["image/png"])
            html = data.get("text/html", "")
            html = html if isinstance(html, str) else "".join(html)
            for match in _DATA_PNG.finditer(html):
                yield base64.b64decode(match.group(1).replace("\\\n", ""))


def prune_print_copies(notebooks):
    """Remove the print copies that no PNG stored in ``notebooks`` names;
    return how many are kept and how many were removed."""
    wanted = {hashlib.sha1(png).hexdigest() + ".png"
              for path in notebooks
              for png in stored_pngs(nbformat.read(path, as_version=4))}
    removed = 0
    for path in PRINT_COPIES.glob("*.png"):
        if path.name not in wanted:
            path.unlink()
            removed += 1
    return len(list(PRINT_COPIES.glob("*.png"))), removed


def main(paths):
    if not paths:
        sys.exit("usage: execute_notebooks.py NOTEBOOK.ipynb ...")
    from backprop_utils._png import PRINT_COPIES_ENV
    os.environ[PRINT_COPIES_ENV] = str(PRINT_COPIES)   # the kernels' too
    for p in paths:
        print(f"executing {p}", flush=True)
        execute(p)
    kept, removed = prune_print_copies(sorted(
        (ROOT / "chapters").glob("*.ipynb")))
    print(f"print copies of the figures: {kept} in "
          f"{PRINT_COPIES.relative_to(ROOT)}, {removed} stale removed")


if __name__ == "__main__":
    main(sys.argv[1:])
