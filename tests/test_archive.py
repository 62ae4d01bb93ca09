"""The learner's archive: what it holds, and that it runs as its README says.

`make book` builds backprop-course.zip from the same sources as the site
(_ext/course_archive.py) and links it from every page. Here: the archive
holds exactly the course as a learner runs it; its pins are project pins;
and, downloaded from the served site in Chromium, unpacked into an empty
folder, set up with its README's own commands (read from the README, so
a stale README fails), its pins are complete (`pip check` passes and
`pip freeze` lists exactly them), JupyterLab starts and the README's
command-line run of a chapter runs it with no error. A notebook
downloaded on its own says in one line what is missing and where to get
it.
"""

import io
import os
import re
import shutil
import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest
import yaml
from packaging.utils import canonicalize_name

from browser import CHROMIUM_ARGS, block_the_network, serve

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "_ext"))
sys.path.insert(0, str(ROOT / "tools"))

import course_archive  # noqa: E402
from learner_requirements import project_pins  # noqa: E402

TOC = yaml.safe_load((ROOT / "_toc.yml").read_text())
PAGES = [TOC["root"]] + [c["file"] for c in TOC["chapters"]]
NOTEBOOKS = [p for p in PAGES if (ROOT / f"{p}.ipynb").is_file()]
FOLDER = course_archive.FOLDER
# The notebook run from the unpacked archive, and the one run on its own.
RUN = "chapters/ch1_chain.ipynb"


def expected_names():
    package = {f"chapters/backprop_utils/"
               f"{p.relative_to(ROOT / 'backprop_utils').as_posix()}"
               for p in (ROOT / "backprop_utils").rglob("*.py")}
    assert "chapters/backprop_utils/practice/engine.py" in package
    return ({"README.md", "requirements.txt", "bench/results.json",
             "bench/run.py", "bench/common.py", "bench/gradient.py",
             "bench/training.py", "bench/conv.py", "bench/recurrent.py"}
            | {f"{p}.ipynb" for p in NOTEBOOKS} | package)


def test_the_archive_holds_the_course_and_nothing_else():
    data = course_archive.build_archive(ROOT)
    assert data == course_archive.build_archive(ROOT), "not deterministic"
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        names = zf.namelist()
        assert all(n.startswith(f"{FOLDER}/") for n in names), names
        inside = {n[len(FOLDER) + 1:] for n in names}
        assert inside == expected_names()
        assert len(names) == len(inside)
        # the same bytes as the sources
        sources = course_archive.archive_members(ROOT)
        for name in names:
            assert zf.read(name) == sources[name].read_bytes(), name
    development = re.compile(r"(^|/)(tests|\.ci|_build|_ext|tools|\.git)/"
                             r"|__pycache__|\.egg-info|Makefile|\.pyc$")
    assert not [n for n in inside if development.search(n)]
    assert len(NOTEBOOKS) == len(list((ROOT / "chapters").glob("*.ipynb")))


def learner_pins(text):
    """{canonical name: version} of a requirements or `pip freeze` text."""
    pins = {}
    for line in text.splitlines():
        if line.strip() and not line.startswith("#"):
            name, sep, version = line.partition("==")
            assert sep, f"not an exact pin: {line!r}"
            pins[canonicalize_name(name)] = version.strip()
    return pins


def test_the_learner_pins_are_project_pins():
    """Each learner pin is the project's version of that package. That the
    pins are complete (nothing unpinned comes in) is checked where they are
    installed, by test_from_the_site_to_a_running_notebook; running pip's
    resolver here (tools/learner_requirements.py) would cost about 20 s and
    the package index on every run."""
    pins = learner_pins((ROOT / "learner" / "requirements.txt").read_text())
    project = project_pins()
    assert len(pins) > 50
    wrong = {pkg: (version, project.get(pkg, "not pinned"))
             for pkg, version in pins.items() if project.get(pkg) != version}
    assert not wrong, (
        f"learner pin vs project pin: {wrong}; run "
        ".venv/bin/python tools/learner_requirements.py")
    names = set(pins)
    # what the notebooks need, and what opens them; nothing of the book
    # build or of the tests
    assert {"numpy", "matplotlib", "pillow", "ipywidgets", "ipykernel",
            "autograd", "jupyterlab"} <= names
    assert not names & {"jupyter-book", "sphinx", "pytest", "nbval",
                        "playwright", "hypothesis"}


def test_every_page_links_the_archive(site):
    archive = site / course_archive.ARCHIVE
    with zipfile.ZipFile(archive) as zf:
        assert zf.testzip() is None
    assert archive.read_bytes() == course_archive.build_archive(ROOT)
    size = f"{archive.stat().st_size / 1e6:.1f} MB"
    for page in PAGES:
        html = (site / f"{page}.html").read_text(encoding="utf-8")
        notes = re.findall(r'<div class="admonition tip bp-run-it">.*?</div>',
                           html, re.S)
        assert len(notes) == 1, f"{page}: {len(notes)} notes"
        href = re.search(r'href="([^"]+)" download', notes[0]).group(1)
        assert (site / page).parent.joinpath(href).resolve() == \
            archive.resolve(), (page, href)
        assert size in notes[0], (page, size)
        # right under the page's title
        assert re.search(r'</h1>\s*<div class="admonition tip bp-run-it">',
                         html), page


def readme_commands(readme):
    """The commands of the README's "Set up and open" section, in order,
    from all its ```sh blocks."""
    section = readme.split("## Set up and open", 1)[1].split("\n## ", 1)[0]
    blocks = re.findall(r"```sh\n(.*?)```", section, re.S)
    assert blocks, "no ```sh block in the README's set-up section"
    return [line for block in blocks for line in block.splitlines()
            if line.strip()]


def run_notebook(python, notebook, folder):
    """Run a notebook with nbclient in `python`'s environment, working in
    `folder`, as Jupyter does; returns (returncode, output)."""
    script = (
        "import sys, nbformat\n"
        "from nbclient import NotebookClient\n"
        "from nbclient.exceptions import CellExecutionError\n"
        "nb = nbformat.read(sys.argv[1], as_version=4)\n"
        "client = NotebookClient(nb, timeout=600, kernel_name='python3',\n"
        "    resources={'metadata': {'path': sys.argv[2]}})\n"
        "try:\n"
        "    client.execute()\n"
        "except CellExecutionError as e:\n"
        "    print('CELL ERROR', e.ename, '|', e.evalue)\n"
        "    sys.exit(3)\n"
        "print('cells run:', sum(c.cell_type == 'code' for c in nb.cells))\n")
    proc = subprocess.run([str(python), "-c", script, str(notebook),
                           str(folder)], capture_output=True, text=True,
                          timeout=600, env=clean_env())
    return proc.returncode, proc.stdout + proc.stderr


def clean_env(**extra):
    env = {k: v for k, v in os.environ.items()
           if k not in ("PYTHONPATH", "VIRTUAL_ENV", "PYTHONHOME")}
    env.update(extra)
    return env


def start_and_stop(command, cwd, env, wait=120):
    """Start a long-running command; True once it says JupyterLab serves."""
    proc = subprocess.Popen(command, shell=True, cwd=cwd, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                            text=True, start_new_session=True)
    seen, deadline = [], time.monotonic() + wait
    try:
        for line in proc.stdout:
            seen.append(line)
            if re.search(r"http://(localhost|127\.0\.0\.1):\d+/lab", line):
                return True, "".join(seen)
            if time.monotonic() > deadline:
                break
        return False, "".join(seen)
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
        proc.stdout.close()


def test_from_the_site_to_a_running_notebook(site, chromium, tmp_path):
    from playwright.sync_api import sync_playwright
    start = time.monotonic()
    blocked = []
    with serve(site) as url, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=chromium,
                                     args=CHROMIUM_ARGS)
        context = browser.new_context(accept_downloads=True)
        block_the_network(context, blocked)
        page = context.new_page()
        page.goto(f"{url}/{RUN[:-len('.ipynb')]}.html", wait_until="load")
        with page.expect_download() as download:
            page.locator(".bp-run-it a[download]").click()
        zip_path = tmp_path / download.value.suggested_filename
        download.value.save_as(zip_path)
        browser.close()
    assert not blocked, blocked
    assert zip_path.name == course_archive.ARCHIVE
    unpacked = tmp_path / "unpacked"
    unpacked.mkdir()
    with zipfile.ZipFile(zip_path) as zf:
        zf.extractall(unpacked)
    course = unpacked / FOLDER
    commands = readme_commands((course / "README.md").read_text())
    assert len(commands) == 3, (
        "expected the README's set-up, JupyterLab and command-line run "
        f"commands, got {commands}")
    setup, open_lab, run_one = commands

    # 1. the set-up command, as written
    proc = subprocess.run(setup, shell=True, cwd=course, env=clean_env(),
                          capture_output=True, text=True, timeout=900)
    assert proc.returncode == 0, f"{setup}\n{proc.stdout[-3000:]}" \
        f"{proc.stderr[-3000:]}"
    python = course / ".venv" / "bin" / "python"
    probe = subprocess.run(
        [str(python), "-c", "import backprop_utils"], cwd=course,
        capture_output=True, text=True, env=clean_env())
    assert probe.returncode != 0, "the package leaked into the venv"

    # the pins are complete: nothing broken, nothing unpinned came in
    check = subprocess.run([str(python), "-m", "pip", "check"],
                           capture_output=True, text=True, env=clean_env())
    assert check.returncode == 0, f"pip check:\n{check.stdout}{check.stderr}"
    freeze = subprocess.run([str(python), "-m", "pip", "freeze"],
                            capture_output=True, text=True, env=clean_env())
    assert freeze.returncode == 0, freeze.stderr
    pinned = learner_pins((course / "requirements.txt").read_text())
    installed = learner_pins(freeze.stdout)
    differ = {pkg: (pinned.get(pkg, "unpinned"),
                    installed.get(pkg, "not installed"))
              for pkg in pinned.keys() | installed.keys()
              if pinned.get(pkg) != installed.get(pkg)}
    assert not differ, (
        f"requirements.txt vs pip freeze: {differ}; run "
        ".venv/bin/python tools/learner_requirements.py")

    # 2. the command that opens JupyterLab, as written: it serves
    jupyter_home = tmp_path / "jupyter"
    (jupyter_home / "config").mkdir(parents=True)
    if os.geteuid() == 0:           # CI runs as root; a learner does not
        (jupyter_home / "config" / "jupyter_server_config.json").write_text(
            '{"ServerApp": {"allow_root": true}}')
    jupyter_env = clean_env(
        BROWSER="true", JUPYTER_CONFIG_DIR=str(jupyter_home / "config"),
        JUPYTER_RUNTIME_DIR=str(jupyter_home / "runtime"))
    ok, log = start_and_stop(open_lab, course, jupyter_env)
    assert ok, f"{open_lab} did not start JupyterLab:\n{log[-3000:]}"

    # 3. the command that runs a chapter, as written, from the same
    # folder: every cell runs (nbclient exits 1 at a cell that fails)
    assert RUN in run_one, f"the README runs another notebook: {run_one}"
    before = (course / RUN).read_bytes()
    proc = subprocess.run(run_one, shell=True, cwd=course, env=jupyter_env,
                          capture_output=True, text=True, timeout=600)
    out = proc.stdout + proc.stderr
    assert proc.returncode == 0, f"{run_one}\n{out[-3000:]}"
    assert "Executing notebook with kernel" in out, out[-3000:]
    assert (course / RUN).read_bytes() == before, "the notebook was changed"
    # and the appendix's benchmark, as its README runs it, finds every
    # module it imports (--help: the imports, without the minutes)
    proc = subprocess.run(
        [str(python), "bench/run.py", "--help"], cwd=course,
        env=clean_env(PYTHONPATH="chapters"), capture_output=True,
        text=True, timeout=120)
    assert proc.returncode == 0 and "--quick" in proc.stdout, (
        f"bench/run.py --help:\n{proc.stdout[-2000:]}{proc.stderr[-2000:]}")
    elapsed = time.monotonic() - start
    size = zip_path.stat().st_size
    print(f"\narchive {size / 1e6:.2f} MB, {len(pinned)} pins; from "
          f"download to `{run_one}` done: {elapsed:.0f} s")

    # 4. one notebook on its own: a one-line message, from the first cell
    alone = tmp_path / "alone"
    alone.mkdir()
    shutil.copy(course / RUN, alone)
    code, out = run_notebook(python, alone / Path(RUN).name, alone)
    assert code == 3, out[-3000:]
    line = next(x for x in out.splitlines() if x.startswith("CELL ERROR"))
    assert line.startswith("CELL ERROR ImportError | backprop_utils, the "
                           "course's package, is missing: download"), line
    assert course_archive.ARCHIVE in line and "Run it yourself" in line
