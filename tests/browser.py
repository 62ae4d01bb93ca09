"""Helpers for the browser tests: a loopback server and Chromium.

Chromium is Debian's (/usr/bin/chromium), driven by Playwright's Python
client; Playwright never downloads a browser here. Every request to a host
other than the loopback server is aborted and recorded, so a page that
needs the network fails its test instead of passing by luck.
"""

import contextlib
import functools
import http.server
import threading
from urllib.parse import urlparse

LOOPBACK = {"127.0.0.1", "localhost", "[::1]", "::1"}
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu",
    "--disable-background-networking", "--disable-component-update",
    "--disable-sync", "--no-first-run", "--disable-quic",
]


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@contextlib.contextmanager
def serve(folder):
    """Serve `folder` on 127.0.0.1 (a free port); yields the base URL."""
    handler = functools.partial(_QuietHandler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def block_the_network(context, blocked):
    """Abort every request whose host is not loopback; record its URL."""
    def handle(route):
        url = route.request.url
        scheme = urlparse(url).scheme
        host = urlparse(url).hostname or ""
        if scheme in ("data", "blob", "about") or host in LOOPBACK:
            route.continue_()
        else:
            blocked.append(url)
            route.abort()
    context.route("**/*", handle)
