"""Write the book's configuration for a build from the stored outputs.

Usage: python tools/site_config.py OUT.yml   (what `make site` runs)

`make book` executes every notebook, as a reader's build should. The
tests build the same site from the outputs stored in the notebooks
instead (`make site`): nbval has just re-executed every notebook and
compared those outputs with a fresh run, so executing them a second time
in the build checks nothing more, and takes minutes.

The copy differs from `_config.yml` in two places only:
- ``execute.execute_notebooks`` is ``"off"``;
- the folders of ``sphinx.local_extensions``, which Jupyter Book reads
  relative to the configuration file, point back to the project's.
Everything else (-W, the theme, the extensions) is the reader's build.
"""

import os
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent


def stored_outputs_config(out_path):
    config = yaml.safe_load((ROOT / "_config.yml").read_text())
    execute = config.get("execute", {})
    if execute.get("execute_notebooks") != "force":
        sys.exit("_config.yml: expected execute.execute_notebooks: force, "
                 f"got {execute.get('execute_notebooks')!r}; update "
                 "tools/site_config.py with it")
    execute["execute_notebooks"] = "off"
    out_dir = Path(out_path).resolve().parent
    local = config.get("sphinx", {}).get("local_extensions", {})
    for name, folder in local.items():
        local[name] = os.path.relpath(ROOT / folder, out_dir)
    return config


def main(argv):
    if len(argv) != 1:
        sys.exit("usage: site_config.py OUT.yml")
    out = Path(argv[0])
    out.parent.mkdir(parents=True, exist_ok=True)
    config = stored_outputs_config(out)
    out.write_text("# Written by tools/site_config.py from _config.yml: "
                   "the same book, built\n# from the outputs stored in "
                   "the notebooks. Do not edit.\n"
                   + yaml.safe_dump(config, sort_keys=False))


if __name__ == "__main__":
    main(sys.argv[1:])
