"""The chapter notebooks, run live in JupyterLab in a real browser.

A JupyterLab server (test-only pin) starts on 127.0.0.1 with a token and
its own settings, in a temporary copy of the chapters (so nothing can be
written back to the repository). Debian's Chromium loads JupyterLab once
and opens each notebook in it in turn (with the command a double click
in the file browser runs), clears the stored outputs, runs every cell,
checks that no cell shows an error, moves one slider of the chapter's
demo, and checks that the figure changes; then closes the notebook and
shuts its kernel down. Every request to a host other than the server is
aborted and counted. The server is stopped at the end, whatever
happens.

On the same visit, once every cell has run, the notebook must look as the
site does: exactly the cells the site hides (tagged hide-input or
hide-cell) show their source collapsed, and every markdown cell is
rendered by jupyterlab-myst (a learner's pin), with each admonition a box
and each dropdown a closed ``details``, and no raw directive
(``:::{admonition}``, ``:class: dropdown``) left in the text. (A
hide-cell's outputs open collapsed too, but JupyterLab's Clear All
Outputs, which the test uses first, opens them: checking them would need
every cell attached before the run, about 70 s more over the notebooks;
tests/test_book.py checks their metadata.)
"""

import json
import os
import re
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
         f"--ServerApp.root_dir={work}", "--allow-root",
         # window.jupyterapp: the test opens each notebook with the
         # command a double click in the file browser runs, in one page
         "--LabApp.expose_app_in_browser=True"],
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
def lab_page(lab, chromium):
    """One JupyterLab page for the whole module (loading the application
    takes seconds); each test opens its notebook in it, and closes it
    and shuts its kernel down at the end."""
    from playwright.sync_api import sync_playwright
    url, token = lab
    blocked = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=chromium,
                                     args=CHROMIUM_ARGS)
        context = browser.new_context(viewport={"width": 1400,
                                                "height": 1000})
        block_the_network(context, blocked)
        page = context.new_page()
        page.goto(f"{url}/lab?reset&token={token}")
        page.wait_for_function(
            "() => window.jupyterapp && window.jupyterapp.commands"
            ".hasCommand('docmanager:open')", timeout=60_000)
        # the layout restored (the workspace reset) before anything opens
        page.evaluate("() => window.jupyterapp.restored.then(() => true)")
        yield page, blocked
        context.close()
        browser.close()


PANEL = ".jp-NotebookPanel:not(.lm-mod-hidden)"


def menu(page, title, command):
    page.locator(".lm-MenuBar-itemLabel", has_text=title).first.click()
    page.locator(f".lm-Menu-item[data-command='{command}']").click()


# A MyST admonition directive and its options: `:::{note}`, or
# `:::{admonition} Title` then `:class: dropdown` (the site's dropdowns).
ADMONITION = re.compile(
    r"^(?::{3,}|`{3,})\{(admonition|note|tip|hint|important|warning|"
    r"caution|attention|danger|error|seealso|dropdown)\}[^\n]*\n"
    r"((?:[ \t]*:[\w-]+:[^\n]*\n)*)", re.M)
HIDDEN_INPUT = {"hide-input", "hide-cell"}


def as_the_site_shows(notebook):
    """What JupyterLab should show of `notebook`, by cell index: the code
    cells whose source opens collapsed, and for each markdown cell its
    admonitions, as (boxes, dropdowns)."""
    cells = json.loads((ROOT / f"{notebook}.ipynb").read_text())["cells"]
    source_hidden, markdown = set(), {}
    for i, cell in enumerate(cells):
        tags = set(cell["metadata"].get("tags", []))
        if cell["cell_type"] == "code":
            if tags & HIDDEN_INPUT:
                source_hidden.add(i)
        elif cell["cell_type"] == "markdown":
            boxes = dropdowns = 0
            for name, options in ADMONITION.findall("".join(cell["source"])):
                if name == "dropdown" or re.search(
                        r"^\s*:class:.*\bdropdown\b", options, re.M):
                    dropdowns += 1
                else:
                    boxes += 1
            markdown[i] = (boxes, dropdowns)
    return len(cells), source_hidden, markdown


# Every cell of the visible notebook, by its index in the notebook: its
# collapsed input, and for a markdown cell what jupyterlab-myst made of it
# (its element sits beside the hidden editor; without the extension the
# text is in JupyterLab's own .jp-MarkdownOutput). The text read
# for raw directives leaves out KaTeX's MathML, which repeats the TeX.
CELLS_AS_SHOWN = r"""(panel) => {
    const p = document.querySelector(panel);
    return Array.from(p.querySelectorAll('.jp-Notebook-cell')).map(c => {
        const shown = {
            index: Number(c.dataset.windowedListIndex),
            markdown: c.classList.contains('jp-MarkdownCell'),
            source_hidden: !!c.querySelector(':scope > .jp-Cell-inputWrapper'
                + ' .jp-InputPlaceholder'),
        };
        if (!shown.markdown) return shown;
        const out = c.querySelector('.jp-InputArea > .myst');
        shown.myst = !!out;
        const rendered = out || c.querySelector('.jp-MarkdownOutput');
        shown.boxes = out ? out.querySelectorAll('aside.myst-admonition')
            .length : 0;
        shown.dropdowns = out ? out.querySelectorAll(
            'details.myst-admonition').length : 0;
        const walker = document.createTreeWalker(
            rendered || c, NodeFilter.SHOW_TEXT, {acceptNode: n =>
                n.parentElement.closest('.katex-mathml, .cm-editor')
                ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT});
        let text = '';
        while (walker.nextNode()) text += walker.currentNode.nodeValue;
        const raw = text.match(
            /(:::+|```+)\s*\{[\w-]+\}|^\s*:class:|\{[\w-]+\}`/m);
        shown.raw = raw ? text.slice(Math.max(0, raw.index - 40),
                                     raw.index + 60) : null;
        return shown;
    });
}"""


def check_shown_as_on_the_site(page, notebook):
    count, source_hidden, markdown = as_the_site_shows(notebook)
    # every cell attached (JupyterLab attaches cells progressively) and
    # every markdown cell rendered (jupyterlab-myst renders asynchronously)
    page.wait_for_function(
        """([panel, count]) => {
            const p = document.querySelector(panel);
            const cells = p.querySelectorAll('.jp-Notebook-cell');
            return cells.length === count && Array.from(cells).every(c =>
                !c.classList.contains('jp-MarkdownCell')
                || c.querySelector('.jp-InputArea > .myst, '
                                   + '.jp-MarkdownOutput > *'));
        }""", arg=[PANEL, count], timeout=30_000, polling=250)
    shown = {c["index"]: c for c in page.evaluate(CELLS_AS_SHOWN, PANEL)}
    assert sorted(shown) == list(range(count)), notebook

    def cells(indices):
        return ", ".join(f"cell {i}" for i in sorted(indices)) or "none"
    collapsed = {i for i, c in shown.items() if c["source_hidden"]}
    assert collapsed == source_hidden, (
        f"{notebook}: source collapsed in JupyterLab: {cells(collapsed)}; "
        f"hidden on the site (hide-input, hide-cell): "
        f"{cells(source_hidden)} (make notebooks sets their "
        "jupyter.source_hidden)")
    plain = [i for i in markdown if not shown[i]["myst"]]
    assert not plain, (
        f"{notebook}: markdown not rendered by jupyterlab-myst: "
        f"{cells(plain)} (is it installed? pip install -r "
        "requirements-test.txt)")
    raw = {i: shown[i]["raw"] for i in markdown if shown[i]["raw"]}
    assert not raw, f"{notebook}: raw MyST shown: {raw}"
    wrong = {i: {"expected (boxes, dropdowns)": markdown[i],
                 "shown": (shown[i]["boxes"], shown[i]["dropdowns"])}
             for i in markdown
             if markdown[i] != (shown[i]["boxes"], shown[i]["dropdowns"])}
    assert not wrong, f"{notebook}: admonitions not rendered: {wrong}"


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
def test_notebook_runs_live(lab_page, notebook):
    page, blocked = lab_page
    path = f"{notebook}.ipynb"
    page.evaluate("path => window.jupyterapp.commands.execute("
                  "'docmanager:open', {path}).then(() => true)", path)
    try:
        page.wait_for_function(
            """([panel, path]) => {
                const p = document.querySelector(panel);
                return p && p.querySelector('.jp-Notebook')
                    && window.jupyterapp.shell.currentWidget
                    && window.jupyterapp.shell.currentWidget.context
                    && window.jupyterapp.shell.currentWidget.context.path
                       === path;
            }""", arg=[PANEL, path], timeout=60_000)
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
        check_shown_as_on_the_site(page, notebook)
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
        # close the notebook (unsaved: the outputs are not written back)
        # and shut its kernel down, as File > Close and Shut Down does
        page.evaluate(
            """async (path) => {
                const app = window.jupyterapp;
                const w = app.shell.currentWidget;
                if (w && w.context && w.context.path === path) {
                    await w.sessionContext.shutdown();
                    w.context.model.dirty = false;
                    w.dispose();
                }
            }""", path)
