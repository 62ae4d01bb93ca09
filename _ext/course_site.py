"""Sphinx additions for the course's static site.

Jupyter Book loads this module through `sphinx: local_extensions` in
_config.yml. It only removes what a static page of this course never
uses, so that no page loads dead weight or logs an error:

- sphinx-thebe's scripts and stylesheet. The site has no live code and
  no launch buttons, and the extension added its settings script twice
  per page, a console error ("Identifier 'THEBE_JS_URL' has already been
  declared") on every page.
- The ipywidgets state that myst-nb embeds in every page with a demo
  (34-67 KB of JSON). The static face of a demo is plain HTML and a few
  lines of script; nothing on the page reads the state.

It also gives the theme's colour mode a valid default: without one the
theme logs "Got invalid theme mode" on a first visit, then falls back to
"auto", which is what it is set to here.
"""

WIDGET_STATE = "application/vnd.jupyter.widget-state+json"


def _unused_script(js):
    name = str(getattr(js, "filename", None) or "")
    attributes = getattr(js, "attributes", None) or {}
    return ("thebe" in name
            or "THEBE_JS_URL" in str(attributes.get("body", ""))
            or attributes.get("type") == WIDGET_STATE)


def _unused_stylesheet(css):
    return "thebe" in str(getattr(css, "filename", None) or css)


def prune_page_assets(app, pagename, templatename, context, doctree):
    """Drop the scripts and stylesheets listed in the module docstring."""
    for key, unused in (("script_files", _unused_script),
                        ("css_files", _unused_stylesheet)):
        files = context.get(key)
        if files:
            files[:] = [f for f in files if not unused(f)]


def set_default_mode(app, config):
    config.html_context.setdefault("default_mode", "auto")


def setup(app):
    app.connect("config-inited", set_default_mode)
    # after every other extension has added its files to the page
    app.connect("html-page-context", prune_page_assets, priority=900)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
