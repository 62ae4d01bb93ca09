"""Shared test settings and fixtures.

Hypothesis runs derandomized (the same examples on every run and every
machine) with no example database on disk, so the suite is deterministic.

The book is built once per session, by the README's own command
(`make book`), and shared by the build test and the browser tests.
"""

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


@pytest.fixture(scope="session")
def book_build():
    """Run `make book` once; return (returncode, combined log)."""
    env = dict(os.environ)
    env.pop("MAKEFLAGS", None)
    env.pop("MAKELEVEL", None)
    proc = subprocess.run(
        ["make", "--no-print-directory", "book"], cwd=ROOT, env=env,
        capture_output=True, text=True, timeout=1800)
    return proc.returncode, proc.stdout + proc.stderr


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
