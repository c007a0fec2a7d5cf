"""The preview server: the built site on 127.0.0.1, each page reloading itself after a rebuild.

In: the site directory (`generated/site`). Out: an HTTP server (stdlib `ThreadingHTTPServer`)
that serves the files of that directory only, through `policyc.fs.read_within` (one
directory at a time, no link followed, no `..`: nothing outside the tree is reachable),
with their content types, the site's own 404 page for anything else, and an event stream
(`/.policyc/reload`, server-sent events) that tells open pages to reload after `reloaded()`.

The reload script is added to HTML as it is sent (`inject`), never written to a built page:
`generated/site` stays what `policyc build` writes.
"""

from __future__ import annotations

import contextlib
import errno
import http.server
import os
import signal
import sys
import threading
from pathlib import Path
from typing import Any, NoReturn
from urllib.parse import quote, unquote, urlsplit

from policyc import fs
from policyc.diagnostics import Diagnostic, Span

RELOAD_PATH = "/.policyc/reload"
LIMIT = 64 << 20  # the largest file served (bytes); the site's pages are far smaller
KEEPALIVE_SECONDS = 15.0
TYPES = {
    ".html": "text/html; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".json": "application/json",
    ".xml": "application/xml; charset=utf-8",
    ".txt": "text/plain; charset=utf-8",
    ".md": "text/markdown; charset=utf-8",
    ".svg": "image/svg+xml",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".gif": "image/gif",
    ".webp": "image/webp",
    ".ico": "image/x-icon",
    ".woff2": "font/woff2",
    ".woff": "font/woff",
}
_SCRIPT = (
    "<script data-policyc-preview>(() => {{ /* policyc preview: reload after each rebuild */\n"
    '  const events = new EventSource("{path}?since={generation}");\n'
    "  events.onmessage = () => {{ events.close(); location.reload(); }};\n"
    "}})();</script>\n"
)
_NOT_FOUND = (
    '<!DOCTYPE html>\n<html lang="en">\n<head><meta charset="utf-8"><title>Not found</title>'
    "</head>\n<body><h1>Not found</h1><p>No page at this address in the site.</p></body>\n"
    "</html>\n"
)


def content_type(name: str) -> str:
    """The Content-Type of a file served under this name (by its suffix)."""
    return TYPES.get(os.path.splitext(name)[1].lower(), "application/octet-stream")


def inject(html: bytes, generation: int, base: str | None = None) -> bytes:
    """The page with the reload script (and a `<base href>` if given) added before `</head>`
    (or at its start when it has none)."""
    head = _SCRIPT.format(path=RELOAD_PATH, generation=generation)
    if base is not None:
        head = f'<base href="{base}">\n' + head
    at = html.find(b"</head>")
    at = at if at >= 0 else 0
    return html[:at] + head.encode() + html[at:]


def parts_of(target: str) -> list[str] | None:
    """The path components of a request target, decoded, or None when one of them is not a
    plain name (`..`, `.`, a slash or NUL hidden by percent-encoding): such a request is
    answered 404. A trailing slash asks for the directory's index.html."""
    path = urlsplit(target).path
    if not path.startswith("/"):
        return None
    raw = path[1:].split("/")
    if raw[-1] == "":
        raw[-1] = "index.html"
    parts = []
    for piece in raw:
        try:
            part = unquote(piece, errors="strict")
        except UnicodeDecodeError:
            return None
        if part in ("", ".", "..") or "/" in part or "\\" in part or "\0" in part:
            return None
        parts.append(part)
    return parts


class Reloads:
    """The build generation pages were served with, and a way to wait for the next one."""

    def __init__(self) -> None:
        self.generation = 0
        self.closed = False
        self._changed = threading.Condition()

    def bump(self) -> None:
        with self._changed:
            self.generation += 1
            self._changed.notify_all()

    def close(self) -> None:
        with self._changed:
            self.closed = True
            self._changed.notify_all()

    def wait_after(self, generation: int, timeout: float) -> int:
        """The generation once it is past `generation`, the server closed or `timeout` passed."""
        with self._changed:
            self._changed.wait_for(
                lambda: self.closed or self.generation > generation, timeout=timeout
            )
            return self.generation


class Handler(http.server.BaseHTTPRequestHandler):
    """GET and HEAD of the site's files and of the reload event stream."""

    server: PreviewServer
    protocol_version = "HTTP/1.1"
    server_version = "policyc-preview"

    def do_GET(self) -> None:
        if urlsplit(self.path).path == RELOAD_PATH:
            self._events()
        else:
            self._file(send_body=True)

    def do_HEAD(self) -> None:
        self._file(send_body=False)

    def log_message(self, format: str, *args: Any) -> None:
        """Quiet: the terminal shows the build's findings, not every request."""

    def _file(self, *, send_body: bool) -> None:
        parts = parts_of(self.path)
        body, status, name = None, 200, ""
        if parts is not None:
            body, name, redirect = self._read(parts)
            if redirect:
                self._send(301, b"", "text/plain", {"Location": redirect}, send_body)
                return
        if body is None:
            body, status, name = self._not_found(), 404, "404.html"
        kind = content_type(name)
        if kind.startswith("text/html"):
            base = "/" if status == 404 else None  # the 404 page's links are relative to /
            body = inject(body, self.server.reloads.generation, base)
        self._send(status, body, kind, {}, send_body)

    def _read(self, parts: list[str]) -> tuple[bytes | None, str, str | None]:
        """(the file's bytes, its name, None), or (None, "", the directory's URL with a
        slash) for a directory asked without one, or (None, "", None) when refused."""
        try:
            return fs.read_within(self.server.site, parts, LIMIT), parts[-1], None
        except fs.Refused as exc:
            if exc.why == "a directory":
                return None, "", "/" + "/".join(quote(part) for part in parts) + "/"
        except OSError as exc:
            if exc.errno not in (errno.ENOENT, errno.ENOTDIR, errno.EACCES):
                raise
        return None, "", None

    def _not_found(self) -> bytes:
        try:
            return fs.read_within(self.server.site, ["404.html"], LIMIT)
        except OSError:
            return _NOT_FOUND.encode()

    def _send(
        self, status: int, body: bytes, kind: str, headers: dict[str, str], send_body: bool
    ) -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.send_header("X-Content-Type-Options", "nosniff")
        for key, value in headers.items():
            self.send_header(key, value)
        self.end_headers()
        if send_body:
            self.wfile.write(body)

    def _events(self) -> None:
        """Server-sent events: `reload` once the site was rebuilt after the page's own
        generation (`?since=N`), comments in between to notice a closed page."""
        query = urlsplit(self.path).query
        since = query.removeprefix("since=")
        seen = int(since) if since.isdigit() else self.server.reloads.generation
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Cache-Control", "no-store")
        self.send_header("Connection", "close")
        self.end_headers()
        self.close_connection = True
        reloads = self.server.reloads
        try:
            while not reloads.closed:
                now = reloads.wait_after(seen, KEEPALIVE_SECONDS)
                if reloads.closed:
                    break
                self.wfile.write(b"data: reload\n\n" if now > seen else b": waiting\n\n")
                self.wfile.flush()
                if now > seen:
                    break
        except OSError:  # the page was closed or reloaded
            pass


def listen(site: Path, port: int = 0) -> PreviewServer | Diagnostic:
    """A server of `site` bound to 127.0.0.1:`port` (not serving yet), or PC415 when the
    port cannot be had (in use, or privileged)."""
    try:
        return PreviewServer(site, port)
    except OSError as exc:
        return Diagnostic(
            "PC415",
            f"cannot serve the preview on 127.0.0.1:{port}: {exc.strerror or exc}",
            Span(site.as_posix()),
            hint="pass another --port, or leave it out to use a free one",
        )


class PreviewServer(http.server.ThreadingHTTPServer):
    """The site directory on 127.0.0.1:`port` (0: a free port); `url` says where."""

    daemon_threads = True

    def __init__(self, site: Path, port: int = 0) -> None:
        self.site = site
        self.reloads = Reloads()
        super().__init__(("127.0.0.1", port), Handler)

    @property
    def url(self) -> str:
        host, port = self.server_address[:2]
        return f"http://{host!s}:{port}/"

    def reloaded(self) -> None:
        """Tell every open page to reload (after a rebuild that changed the site)."""
        self.reloads.bump()

    def handle_error(self, request: Any, client_address: Any) -> None:
        """A request that failed (mostly a browser that went away mid-answer) costs that
        request only, and prints one line, not the stdlib's traceback."""
        error = sys.exc_info()[1]
        if isinstance(error, ConnectionError | TimeoutError):
            return
        print(f"preview: {type(error).__name__}: {error}", file=sys.stderr)

    def start(self) -> threading.Thread:
        """Serve in a background thread until `stop()`."""
        thread = threading.Thread(target=self.serve_forever, name="policyc-preview", daemon=True)
        thread.start()
        return thread

    def stop(self) -> None:
        self.reloads.close()
        self.shutdown()
        self.server_close()


class ServingChild:
    """The server running in a child process, told of rebuilds through a pipe.

    The builds then run in a process whose only Python thread is the main one, so they
    keep sharing the emit work with a forked helper (`policyc.parallel` forks only then);
    with the server's threads beside them they would run serially. The child ignores
    Ctrl-C and ends when the pipe closes: when this process stops or dies. Without `fork`
    (Windows) the server runs in a thread of this process instead.
    """

    def __init__(self, server: PreviewServer) -> None:
        self.server, self.pid, self._pipe = server, 0, -1
        if not hasattr(os, "fork"):
            server.start()
            return
        read, write = os.pipe()
        pid = os.fork()
        if pid == 0:  # the child: serves until the pipe closes, never returns
            os.close(write)
            _serve_until_closed(server, read)
        os.close(read)
        server.server_close()  # the child listens; this process only builds
        self.pid, self._pipe = pid, write

    def reloaded(self) -> None:
        if not self.pid:
            self.server.reloaded()
            return
        with contextlib.suppress(OSError):  # the child is gone: nothing to reload
            os.write(self._pipe, b"r")

    def stop(self) -> None:
        if not self.pid:
            self.server.stop()
            return
        os.close(self._pipe)
        with contextlib.suppress(ChildProcessError):
            os.waitpid(self.pid, 0)


def _serve_until_closed(server: PreviewServer, pipe: int) -> NoReturn:
    status = 1
    try:
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent stops; then the pipe closes
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        server.start()
        while os.read(pipe, 1):
            server.reloaded()
        server.stop()
        status = 0
    finally:
        os._exit(status)
