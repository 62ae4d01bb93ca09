"""The course as a learner runs it: one archive, linked from every page.

Jupyter Book loads this module through `sphinx: local_extensions` in
_config.yml. When the site is built it makes ``backprop-course.zip``
from the same sources as the pages, puts it at the root of the site, and
writes a short "Run it yourself" note, with the link and the archive's
size, at the top of every page of the table of contents. The note also
links to the course's PDF, ``backprop-course.pdf`` at the root of the
site, which `make pdf` (and `make book`) prints from the built site
(tools/build_pdf.py); the download menu of every page offers both.

The archive holds one folder, ``backprop-course/``:

- ``README.md`` and ``requirements.txt`` from ``learner/`` (the two
  commands that set it up; the learner's exact pins, written by
  tools/learner_requirements.py);
- ``chapters/``: every notebook of the table of contents, as committed
  (executed, outputs included);
- ``chapters/backprop_utils/``: the package's modules, beside the
  notebooks so that their kernels import it with nothing to install;
- ``bench/run.py`` and ``bench/results.json``, which the appendix reads.

Nothing else: no tests, CI, build outputs or caches. The archive is the
same, byte for byte, for the same sources (fixed dates, sorted names).
"""

import io
import zipfile
from pathlib import Path

import yaml
from docutils import nodes

ARCHIVE = "backprop-course.zip"
PDF = "backprop-course.pdf"
BENCH_MODULES = ("run.py", "common.py", "gradient.py", "training.py",
                 "conv.py", "recurrent.py")
FOLDER = "backprop-course"
# every file of the archive gets this date: the same sources give the
# same bytes
DATE = (2026, 1, 1, 0, 0, 0)


def toc_documents(root):
    """The documents of _toc.yml, root first, as paths without suffix."""
    toc = yaml.safe_load((root / "_toc.yml").read_text(encoding="utf-8"))
    return [toc["root"]] + [c["file"] for c in toc.get("chapters", [])]


def archive_members(root):
    """``{name in the archive: path in the project}``, sorted by name."""
    root = Path(root)
    members = {
        f"{FOLDER}/README.md": root / "learner" / "README.md",
        f"{FOLDER}/requirements.txt": root / "learner" / "requirements.txt",
        f"{FOLDER}/bench/results.json": root / "bench" / "results.json",
    }
    # the benchmark of the appendix, with the modules bench/run.py imports
    for name in BENCH_MODULES:
        members[f"{FOLDER}/bench/{name}"] = root / "bench" / name
    for doc in toc_documents(root):
        path = root / f"{doc}.ipynb"
        if path.is_file():
            members[f"{FOLDER}/{doc}.ipynb"] = path
    # (its subpackages too: practice/)
    package = root / "backprop_utils"
    for path in sorted(package.rglob("*.py")):
        rel = path.relative_to(package).as_posix()
        members[f"{FOLDER}/chapters/backprop_utils/{rel}"] = path
    missing = [str(p) for p in members.values() if not p.is_file()]
    if missing:
        raise FileNotFoundError(f"the archive needs {missing}")
    return dict(sorted(members.items()))


def build_archive(root):
    """The archive's bytes (deterministic)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED,
                         compresslevel=9) as zf:
        for name, path in archive_members(root).items():
            info = zipfile.ZipInfo(name, DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            zf.writestr(info, path.read_bytes())
    return out.getvalue()


def _size(n):
    return f"{n / 1e6:.1f} MB" if n >= 1e5 else f"{n / 1e3:.0f} KB"


def make_archive(app):
    app.course_archive = build_archive(Path(app.srcdir))
    app.course_pages = set(toc_documents(Path(app.srcdir)))


def add_note(app, doctree, docname):
    """The "Run it yourself" note, under the page's title."""
    if docname not in getattr(app, "course_pages", ()):
        return
    section = next(iter(doctree.findall(nodes.section)), None)
    if section is None:
        return
    up = "../" * docname.count("/")
    href = up + ARCHIVE
    size = _size(len(app.course_archive))
    html = (
        '<div class="admonition tip bp-run-it">\n'
        '<p class="admonition-title">Run it yourself</p>\n'
        "<p>The chapters of this course are Jupyter notebooks. "
        f'<a href="{href}" download>Download the course</a> '
        f"({size} zip: every notebook, the code they import, and a "
        "README with the two commands that set it up) to run the code, "
        "change it, and move the sliders live. To print the course or "
        f'read it without a browser: <a href="{up}{PDF}">the course as '
        "one PDF</a>.</p>\n"
        "</div>\n")
    title = next((i for i, n in enumerate(section.children)
                  if isinstance(n, nodes.title)), -1)
    section.insert(title + 1, nodes.raw("", html, format="html"))


def add_to_download_menu(app, pagename, templatename, context, doctree):
    """The archive and the PDF in the theme's download menu, under the
    page's own notebook (after the theme fills the menu, priority 501)."""
    for group in context.get("header_buttons", []):
        if group.get("label") != "download-buttons":
            continue
        up = "../" * pagename.count("/")
        for button in group["buttons"]:
            if button.get("label") == "download-pdf-button":
                button["text"] = "Print page"  # the theme's: this page
        group["buttons"][1:1] = [
            {"type": "link", "url": up + PDF, "text": "Course (.pdf)",
             "tooltip": "Download the whole course as one PDF",
             "icon": "fas fa-file-pdf", "label": "download-course-pdf-button"},
            {"type": "link", "url": up + ARCHIVE, "text": "Course (.zip)",
             "tooltip": "Download the course's notebooks to run them",
             "icon": "fas fa-file-zipper",
             "label": "download-course-zip-button"},
        ]


def write_archive(app, exception):
    if exception is not None or app.builder.format != "html":
        return
    (Path(app.outdir) / ARCHIVE).write_bytes(app.course_archive)


def setup(app):
    app.connect("builder-inited", make_archive)
    app.connect("doctree-resolved", add_note)
    app.connect("html-page-context", add_to_download_menu, priority=600)
    app.connect("build-finished", write_archive)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
