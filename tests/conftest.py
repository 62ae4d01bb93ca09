"""Shared test settings and fixtures.

Hypothesis runs derandomized (the same examples on every run and every
machine) with no example database on disk, so the suite is deterministic.

The site is built once per test run (`make site`, from the notebooks'
stored outputs) and shared by the build test and the browser tests, also
across pytest-xdist's workers.
"""

import ast
import fcntl
import functools
import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM_CANDIDATES = ["/usr/bin/chromium", "chromium", "chromium-browser"]

settings.register_profile(
    "course",
    derandomize=True,
    database=None,
    deadline=None,
    max_examples=150,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.load_profile("course")


def _build_the_site():
    """Run `make site`; return (returncode, combined log)."""
    env = dict(os.environ)
    env.pop("MAKEFLAGS", None)
    env.pop("MAKELEVEL", None)
    proc = subprocess.run(
        ["make", "--no-print-directory", "site"], cwd=ROOT, env=env,
        capture_output=True, text=True, timeout=1800)
    return proc.returncode, proc.stdout + proc.stderr


@pytest.fixture(scope="session")
def book_build():
    """Build the site once per test run; return (returncode, combined log).

    The build is `make site`: the book from the outputs stored in the
    notebooks, which nbval re-executes and compares in the same run
    (`make book`, which executes them again, differs only in that).
    Under pytest-xdist every worker has its own session: the first one to
    need the site builds it, holding a lock, and writes the result where
    the others read it, keyed by the run's id.
    """
    run_id = os.environ.get("PYTEST_XDIST_TESTRUNUID")
    if run_id is None:
        return _build_the_site()
    shared = ROOT / "_build" / f"site-build-{run_id}.json"
    shared.parent.mkdir(exist_ok=True)
    with open(ROOT / "_build" / "site-build.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            if shared.is_file():
                result = json.loads(shared.read_text())
                return result["returncode"], result["log"]
            for old in shared.parent.glob("site-build-*.json"):
                old.unlink()             # an earlier run's
            code, log = _build_the_site()
            shared.write_text(json.dumps({"returncode": code, "log": log}))
            return code, log
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


@pytest.fixture(scope="session")
def site(book_build):
    """The built site's folder; the browser tests skip if the build failed
    (the build test reports why)."""
    code, _ = book_build
    if code != 0:
        pytest.fail("the book did not build; see test_book_builds_without_"
                    "warnings for the log")
    return ROOT / "_build" / "html"


@pytest.fixture(scope="session")
def chromium():
    """Path of Debian's Chromium. Missing: a failure under CI (where
    .ci/run installs it), a visible skip on a learner's machine."""
    for name in CHROMIUM_CANDIDATES:
        path = shutil.which(name)
        if path:
            return path
    if os.environ.get("CI"):
        pytest.fail("CI is set but no Chromium was found: .ci/run installs "
                    "Debian's 'chromium' package; the browser tests need it")
    pytest.skip("browser tests skipped: Chromium not found (on Debian or "
                "Ubuntu: apt-get install chromium)")


# Under pytest-xdist (`make test` runs two workers): tests that share a
# costly state run on one worker, one after another, and the longest
# start first, so that neither worker is left alone with a long test at
# the end. xdist's own `--dist loadgroup` reads groups from the node ids,
# which pytest 9.2 no longer lets it change (pytest-xdist issue 1386):
# the scheduler below finds each test's group from its node id instead.
_GROUP_OF_FIXTURE = {
    "visits": "site-desktop",          # test_site: every page, desktop
    "phone_visits": "site-phone",      # test_site: every page, phone
    "lab": "jupyterlab",               # test_jupyterlab: one server
    "book_pdf": "pdf",                 # test_pdf: the PDF, printed once
    "printed": "pdf",                  # and read back once
    "articles": "pdf",                 # with the site's pages, parsed once
}


@functools.cache
def _arguments(path):
    """Test function name -> its argument names, for one test file."""
    tree = ast.parse((ROOT / path).read_text())
    return {f.name: {a.arg for a in f.args.args} for f in tree.body
            if isinstance(f, ast.FunctionDef)}


def _group(nodeid):
    """The group a test runs in, or None: from its node id alone, so that
    the controller (which does not collect) finds the same as a worker."""
    path, _, rest = nodeid.partition("::")
    if path.endswith(".ipynb"):
        return f"notebook:{path}"      # one kernel runs the cells in order
    if not (path.startswith("tests/") and path.endswith(".py")):
        return None
    name = rest.partition("[")[0]
    args = _arguments(path).get(name, set())
    for fixture, group in _GROUP_OF_FIXTURE.items():
        if fixture in args:
            return group
    return None


# What runs first, longest first (measured): the notebooks in JupyterLab,
# the learner's archive, the site's shared visits, the PDF, the notebooks
# under nbval, then everything else in file order.
_FIRST = ["jupyterlab", "tests/test_archive.py::test_from_the_site_to_a_",
          "site-phone", "site-desktop", "pdf", "notebook:"]


def _rank(nodeid):
    key = _group(nodeid) or nodeid
    return next((k for k, prefix in enumerate(_FIRST)
                 if key.startswith(prefix)), len(_FIRST))


def pytest_collection_modifyitems(config, items):
    if hasattr(config, "workerinput"):  # an xdist worker: the order to
        items.sort(key=lambda item: _rank(item.nodeid))  # send (stable)


@pytest.hookimpl(tryfirst=True)
def pytest_xdist_make_scheduler(config, log):
    from xdist.scheduler import LoadScopeScheduling

    class GroupScheduling(LoadScopeScheduling):
        """xdist's load-by-scope scheduler, a scope being a group."""

        def _split_scope(self, nodeid):
            return _group(nodeid) or nodeid

    # the workers' order (longest first), not xdist's (largest group first)
    config.option.loadscopereorder = False
    return GroupScheduling(config, log)
