"""Execute notebooks in place, the way nbval and the book build run them.

Usage: python tools/execute_notebooks.py chapters/*.ipynb

Each notebook runs top to bottom in a fresh kernel of this Python, with
its own folder as working directory, and is written back with its outputs.
Commit the result: nbval compares these stored outputs with a fresh run.
"""

import sys
from pathlib import Path

import nbformat
from nbclient import NotebookClient


def execute(path):
    path = Path(path)
    nb = nbformat.read(path, as_version=4)
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
