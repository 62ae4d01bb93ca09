"""The book builds from clean, every notebook executed, with no warning.

This runs `make book`, the same command the README gives, so the test and
the learner build the site the same way (`-W -n --keep-going`: any Sphinx
warning, or a notebook that raises or writes to stderr, fails it).
"""

import os
import re
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.slow
def test_book_builds_without_warnings():
    env = dict(os.environ)
    env.pop("MAKEFLAGS", None)
    env.pop("MAKELEVEL", None)
    proc = subprocess.run(
        ["make", "--no-print-directory", "book"], cwd=ROOT, env=env,
        capture_output=True, text=True, timeout=1800)
    log = proc.stdout + proc.stderr
    warnings = [line for line in log.splitlines()
                if re.search(r"\b(WARNING|ERROR): ", line)]
    assert proc.returncode == 0, f"make book failed:\n{log[-6000:]}"
    assert not warnings, "warnings in the build:\n" + "\n".join(warnings)
    for page in ["index.html", "intro.html", "chapters/notation.html"]:
        assert (ROOT / "_build" / "html" / page).is_file(), page
