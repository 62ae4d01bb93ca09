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
"""

import sys
from pathlib import Path

import nbformat
from nbclient import NotebookClient

MISTAKES_PAGE = "mistakes.ipynb"
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


def main(paths):
    if not paths:
        sys.exit("usage: execute_notebooks.py NOTEBOOK.ipynb ...")
    for p in paths:
        print(f"executing {p}", flush=True)
        execute(p)


if __name__ == "__main__":
    main(sys.argv[1:])
