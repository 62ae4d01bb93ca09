"""The chapter notebooks, run live in JupyterLab in a real browser.

A JupyterLab server (test-only pin) starts on 127.0.0.1 with a token and
its own settings, in a temporary copy of the chapters (so nothing can be
written back to the repository). Debian's Chromium opens each notebook,
clears the stored outputs, runs every cell, checks that no cell shows an
error, moves one slider of the chapter's demo, and checks that the figure
changes. Every request to a host other than the server is aborted and
counted. The server is stopped at the end, whatever happens.
"""

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
import yaml

from browser import CHROMIUM_ARGS, block_the_network

ROOT = Path(__file__).resolve().parent.parent
TOC = yaml.safe_load((ROOT / "_toc.yml").read_text())
NOTEBOOKS = [c["file"] for c in TOC["chapters"]
             if c["file"].startswith("chapters/")]
# The four chapters each end with a demo (the notation page and the
# appendix have none).
WITH_DEMO = [p for p in NOTEBOOKS if p.startswith("chapters/ch")]
SETTINGS = {
    "@jupyterlab/apputils-extension/notification.jupyterlab-settings":
        {"fetchNews": "false", "checkForUpdates": False},
    "@jupyterlab/docmanager-extension/plugin.jupyterlab-settings":
        {"autosave": False},
}
RUN_TIMEOUT_MS = 180_000


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def lab(tmp_path_factory, chromium):
    base = tmp_path_factory.mktemp("jupyterlab")
    work = base / "work"
    shutil.copytree(ROOT / "chapters", work / "chapters")
    if (ROOT / "bench").is_dir():
        shutil.copytree(ROOT / "bench", work / "bench")
    dirs = {name: base / name for name in [
        "home", "config", "data", "runtime", "settings", "workspaces",
        "ipython", "mpl"]}
    for d in dirs.values():
        d.mkdir()
    for rel, value in SETTINGS.items():
        path = dirs["settings"] / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(value))
    env = dict(os.environ, HOME=str(dirs["home"]),
               JUPYTER_CONFIG_DIR=str(dirs["config"]),
               JUPYTER_DATA_DIR=str(dirs["data"]),
               JUPYTER_RUNTIME_DIR=str(dirs["runtime"]),
               JUPYTERLAB_SETTINGS_DIR=str(dirs["settings"]),
               JUPYTERLAB_WORKSPACES_DIR=str(dirs["workspaces"]),
               IPYTHONDIR=str(dirs["ipython"]),
               MPLCONFIGDIR=str(dirs["mpl"]))
    token = os.urandom(16).hex()
    port = free_port()
    log = open(base / "server.log", "w")
    server = subprocess.Popen(
        [sys.executable, "-m", "jupyterlab", "--no-browser",
         f"--ServerApp.token={token}", "--ServerApp.ip=127.0.0.1",
         f"--port={port}", "--ServerApp.port_retries=0",
         f"--ServerApp.root_dir={work}", "--allow-root"],
        env=env, stdout=log, stderr=subprocess.STDOUT,
        start_new_session=True)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 90
        while True:
            try:
                with urllib.request.urlopen(
                        f"{url}/api/status?token={token}", timeout=2):
                    break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    pytest.fail("JupyterLab did not start:\n"
                                + (base / "server.log").read_text()[-3000:])
                time.sleep(0.5)
        yield url, token
    finally:
        try:
            os.killpg(server.pid, signal.SIGTERM)
            server.wait(timeout=20)
        except (ProcessLookupError, subprocess.TimeoutExpired):
            try:
                os.killpg(server.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        log.close()


@pytest.fixture(scope="module")
def lab_browser(lab, chromium):
    from playwright.sync_api import sync_playwright
    blocked = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=chromium,
                                     args=CHROMIUM_ARGS)
        context = browser.new_context(viewport={"width": 1400,
                                                "height": 1000})
        block_the_network(context, blocked)
        yield context, blocked
        context.close()
        browser.close()


PANEL = ".jp-NotebookPanel:not(.lm-mod-hidden)"


def menu(page, title, command):
    page.locator(".lm-MenuBar-itemLabel", has_text=title).first.click()
    page.locator(f".lm-Menu-item[data-command='{command}']").click()


def wait_kernel_idle(page, timeout):
    page.wait_for_function(
        """(panel) => {
            const p = document.querySelector(panel);
            if (!p) return false;
            const name = p.querySelector('.jp-Toolbar-kernelName');
            const ind = p.querySelector('.jp-Notebook-ExecutionIndicator');
            return name && !/No Kernel/.test(name.textContent)
                && ind && ind.getAttribute('data-status') === 'idle';
        }""", arg=PANEL, timeout=timeout)


@pytest.mark.parametrize("notebook", NOTEBOOKS)
def test_notebook_runs_live(lab, lab_browser, notebook):
    url, token = lab
    context, blocked = lab_browser
    page = context.new_page()
    try:
        page.goto(f"{url}/lab/tree/{notebook}.ipynb?reset&token={token}")
        page.wait_for_selector(f"{PANEL} .jp-Notebook", timeout=60_000)
        wait_kernel_idle(page, 60_000)
        menu(page, "Edit", "editmenu:clear-all")
        menu(page, "Run", "runmenu:run-all")
        page.wait_for_function(
            """(panel) => {
                const p = document.querySelector(panel);
                const prompts = Array.from(p.querySelectorAll(
                    '.jp-CodeCell .jp-InputArea-prompt'));
                const ind = p.querySelector(
                    '.jp-Notebook-ExecutionIndicator');
                return prompts.length > 0
                    && prompts.every(e => /\\[\\d+\\]/.test(e.textContent))
                    && ind.getAttribute('data-status') === 'idle';
            }""", arg=PANEL, timeout=RUN_TIMEOUT_MS,
            # every 250 ms, not at every frame: the check reads every
            # prompt, and the page is busy rendering outputs meanwhile
            polling=250)
        panel = page.locator(PANEL)
        errors = panel.locator(
            ".jp-OutputArea-output[data-mime-type="
            "'application/vnd.jupyter.stderr'], .jp-RenderedText"
            "[data-mime-type='application/vnd.jupyter.error']")
        assert errors.count() == 0, (
            f"{notebook}: cells show errors:\n"
            + "\n---\n".join(errors.all_inner_texts())[:3000])
        if notebook in WITH_DEMO:
            handle = panel.locator(".noUi-handle[role=slider]").first
            image = panel.locator("img.widget-image").first
            handle.wait_for(timeout=30_000)
            before = image.get_attribute("src")
            handle.focus()
            page.keyboard.press("ArrowRight")
            page.wait_for_function(
                """([sel, before]) => {
                    const img = document.querySelector(sel);
                    return img && img.getAttribute('src') !== before;
                }""", arg=[f"{PANEL} img.widget-image", before],
                timeout=30_000)
        assert not blocked, f"requests to other hosts: {blocked}"
    finally:
        page.close()
