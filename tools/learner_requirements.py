"""Write learner/requirements.txt: what a learner installs to run the course.

Usage: .venv/bin/python tools/learner_requirements.py   (after `make venv`)

The learner's archive (built by `make book`, see _ext/course_archive.py)
needs less than the project: no Jupyter Book, no Sphinx, no test tools,
but JupyterLab to open the notebooks. This script takes the packages the
notebooks and the package import (``ROOTS``) and JupyterLab, follows
their requirements through the installed distributions of this
environment (markers evaluated here, extras left out), and pins each at
the version installed, which is the version of requirements.txt or
requirements-test.txt. tests/test_archive.py checks that the committed
file is what this script writes; run it again when the pins change.
"""

import importlib.metadata as metadata
import sys
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "learner" / "requirements.txt"
# What the notebooks and backprop_utils import, the kernel that runs
# them, and the JupyterLab that opens them.
ROOTS = ["numpy", "matplotlib", "pillow", "ipywidgets", "ipykernel",
         "scikit-learn", "jupyterlab"]
HEADER = """\
# Exact versions of what the course's notebooks need, and JupyterLab to
# open them: the same versions the course's site was built and tested
# with. Written by the course's tools/learner_requirements.py.
"""


def closure(roots=ROOTS):
    """{canonical name: (name, version)} of the roots and all they need."""
    installed = {canonicalize_name(d.metadata["Name"]): d
                 for d in metadata.distributions()}
    found, todo = {}, list(roots)
    while todo:
        name = canonicalize_name(todo.pop())
        if name in found:
            continue
        if name not in installed:
            raise SystemExit(f"{name} is needed but not installed here: "
                             "run `make venv` first")
        dist = installed[name]
        found[name] = (dist.metadata["Name"], dist.version)
        for line in dist.requires or []:
            req = Requirement(line)
            if req.marker is None or req.marker.evaluate({"extra": ""}):
                todo.append(req.name)
    return found


def text():
    pins = sorted(closure().values(), key=lambda p: p[0].lower())
    return HEADER + "".join(f"{name}=={version}\n" for name, version in pins)


def main():
    OUT.parent.mkdir(exist_ok=True)
    OUT.write_text(text())
    print(f"wrote {OUT.relative_to(ROOT)}")


if __name__ == "__main__":
    sys.exit(main())
