"""A tiny static server for the app's web build (a single-page app: a path that is no file gets
index.html). The browser journeys serve their build with it from a thread; `make mobile` runs it:

    python -m scripts.spa_server mobile/dist 8081 [host]
"""
from __future__ import annotations

import argparse
import contextlib
import functools
import sys
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit


class SpaHandler(SimpleHTTPRequestHandler):
    def send_head(self):
        path = Path(self.translate_path(urlsplit(self.path).path))
        if not path.exists():
            self.path = "/index.html"
        return super().send_head()

    def end_headers(self):
        self.send_header("Cache-Control", "no-store")  # a rebuilt app is what the next load gets
        super().end_headers()

    def log_message(self, format, *args):  # noqa: A002 - the base class's name
        pass


def make_server(root: Path, port: int = 0, host: str = "127.0.0.1") -> ThreadingHTTPServer:
    return ThreadingHTTPServer((host, port), functools.partial(SpaHandler, directory=str(root)))


@contextlib.contextmanager
def serving(root: Path, host: str = "127.0.0.1"):
    """Serves `root` on a free port from a thread; yields the origin (http://127.0.0.1:PORT)."""
    server = make_server(root, 0, host)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://{host}:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("root", type=Path, help="the web build's folder (holding index.html)")
    parser.add_argument("port", type=int, help="port to listen on")
    parser.add_argument("host", nargs="?", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    args = parser.parse_args(argv)
    root, port, host = args.root, args.port, args.host
    if not (root / "index.html").is_file():
        print(f"{root}/index.html is missing: build the app first (cd mobile && npm run build:web)", file=sys.stderr)
        return 1
    server = make_server(root, port, host)
    print(f"serving {root} on http://{host}:{port} (Ctrl-C stops)")
    with contextlib.suppress(KeyboardInterrupt):
        server.serve_forever()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
