"""Write learner/requirements.txt: what a learner installs to run the course.

Usage: .venv/bin/python tools/learner_requirements.py   (after `make venv`;
about 20 s, it reads the package index pip is configured with)

The learner's archive (built by `make book`, see _ext/course_archive.py)
needs less than the project: no Jupyter Book, no Sphinx, no test tools,
but JupyterLab to open the notebooks. The packages the notebooks and the
package import, the kernel and JupyterLab (``ROOTS``) are handed to pip's
own resolver, constrained to the project's pins (requirements.txt and
requirements-test.txt), as if into an empty environment:

    pip install --dry-run --ignore-installed --report FILE ROOTS -c PINS

Every version is therefore one the course's site was built and tested
with, and everything pip would install is pinned, extras included
(jupyter-events asks for ``jsonschema[format-nongpl]``, nbconvert for
``bleach[css]``; following ``Requires-Dist`` by hand missed those).

Why pip: it is the resolver the learner's own ``pip install -r`` runs, and
it is in every venv; pip-tools' pip-compile would be a new dependency for
the same resolver. Why ``--dry-run --report`` rather than installing into
a fresh venv and running ``pip freeze``: the same resolution with no venv
and nothing installed (from PyPI pip fetches only the metadata).
tests/test_archive.py does the real install, in the learner's fresh venv
from the archive, and checks that ``pip check`` passes and that
``pip freeze`` lists exactly these pins.

Markers are evaluated for the interpreter running this script (CPython
3.11 on Linux for the course); the header of the written file names the
packages pip adds, unpinned, on Windows and macOS.
"""

import json
import textwrap
import subprocess
import sys
import tempfile
from pathlib import Path

from packaging.markers import default_environment
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "learner" / "requirements.txt"
PROJECT_PINS = [ROOT / "requirements.txt", ROOT / "requirements-test.txt"]
# What the notebooks and backprop_utils import, the kernel that runs
# them, the JupyterLab that opens them, and its MyST renderer (the
# chapters' admonitions and dropdowns would otherwise show as raw text).
ROOTS = ["numpy", "matplotlib", "pillow", "ipywidgets", "ipykernel",
         "scikit-learn", "autograd", "jupyterlab", "jupyterlab-myst"]
# Marker variables of the platforms the learner's README names but the
# course does not test on (Python as here).
ELSEWHERE = {
    "Windows": {"sys_platform": "win32", "os_name": "nt",
                "platform_system": "Windows"},
    "macOS": {"sys_platform": "darwin", "os_name": "posix",
              "platform_system": "Darwin"},
}
HEADER = """\
# Exact versions of what the course's notebooks need, and JupyterLab to
# open them: the same versions the course's site was built and tested
# with. Written by the course's tools/learner_requirements.py (pip's
# resolver, on {here}).
"""


def project_pins():
    """{canonical name: version} of requirements.txt and
    requirements-test.txt."""
    pins = {}
    for path in PROJECT_PINS:
        for line in path.read_text().splitlines():
            line = line.split("#", 1)[0].strip()
            if line:
                name, version = line.split("==")
                pins[canonicalize_name(name)] = version.strip()
    return pins


def resolve(roots=ROOTS):
    """pip's report of what it would install into an empty environment:
    a list of the report's ``install`` items (their ``metadata`` has
    ``name``, ``version``, ``requires_dist``)."""
    with tempfile.TemporaryDirectory() as tmp:
        report = Path(tmp) / "report.json"
        command = [sys.executable, "-m", "pip", "install", "--dry-run",
                   "--ignore-installed", "--quiet", "--report", str(report),
                   *(a for p in PROJECT_PINS for a in ("-c", str(p))),
                   *roots]
        proc = subprocess.run(command, capture_output=True, text=True)
        if proc.returncode != 0:
            raise SystemExit(f"pip could not resolve {roots}:\n"
                             f"{proc.stdout}{proc.stderr}")
        data = json.loads(report.read_text())
    # "0": pip 22.2-22.3 (experimental), "1": pip 23.0 on; the fields
    # read here are the same in both
    if data["version"] not in ("0", "1"):
        raise SystemExit(f"pip's report has version {data['version']}, "
                         "this script reads versions 0 and 1")
    return data["install"]


def added_elsewhere(install):
    """{platform: sorted names} that pip adds there and not here: the
    requirements of the resolved packages whose markers hold only there.
    (The extras the course's set uses carry no platform markers.)"""
    here = default_environment()
    names = {canonicalize_name(i["metadata"]["name"]) for i in install}
    added = {}
    for platform, variables in ELSEWHERE.items():
        there = dict(here, extra="", **variables)
        found = set()
        for item in install:
            for line in item["metadata"].get("requires_dist") or []:
                req = Requirement(line)
                if (req.marker is not None and req.marker.evaluate(there)
                        and canonicalize_name(req.name) not in names):
                    found.add(req.name)
        added[platform] = sorted(found, key=str.lower)
    return added


def text(install=None):
    install = resolve() if install is None else install
    pins = project_pins()
    lines = []
    for item in install:
        name, version = item["metadata"]["name"], item["metadata"]["version"]
        if pins.get(canonicalize_name(name)) != version:
            raise SystemExit(
                f"pip resolved {name}=={version}, but the project pins "
                f"{pins.get(canonicalize_name(name), 'no version of it')}: "
                "pin it in requirements.txt or requirements-test.txt, so "
                "that the learner gets what the site was tested with")
        lines.append((name.lower(), f"{name}=={version}\n"))
    env = default_environment()
    here = (f"{env['platform_python_implementation']} "
            f"{env['python_version']}, {env['platform_system']}")
    others = "; ".join(f"{', '.join(names)} on {platform}"
                       for platform, names in added_elsewhere(install).items()
                       if names)
    header = HEADER.format(here=here)
    if others:
        header += "".join(
            f"# {line}\n" for line in textwrap.wrap(
                f"Elsewhere pip adds, unpinned: {others} (the course is "
                "tested on Linux only).", 70))
    return header + "".join(line for _, line in sorted(lines))


def main():
    OUT.parent.mkdir(exist_ok=True)
    OUT.write_text(text())
    count = sum(1 for line in OUT.read_text().splitlines()
                if line and not line.startswith("#"))
    print(f"wrote {OUT.relative_to(ROOT)}: {count} pins")


if __name__ == "__main__":
    sys.exit(main())
