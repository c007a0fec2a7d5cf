"""`policyc build --watch` and `policyc preview`: rebuild on save, serve the site, reload.

End to end through the real CLI in a subprocess (a tmp copy of policies/, an edited catalog,
the rebuilt page read from disk and over HTTP, Ctrl-C), and the server's boundary in
process: only files inside the site directory, no `..` however encoded, no symlink.
"""

from __future__ import annotations

import http.client
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from policyc import fs
from policyc.live.server import RELOAD_PATH, PreviewServer, content_type, listen, parts_of
from policyc.live.watch import relevant, watch

ROOT = Path(__file__).resolve().parent.parent
CATALOG = Path("dropbox-premium-support/catalogs/en.yaml")
PAGE = Path("site/en/dropbox-premium-support/index.html")
OLD, NEW = "enhanced support options", "much better support options"
TIMEOUT = 180.0  # the machines that run the tests are shared and slow; no timing is asserted


# -- the server, in process -----------------------------------------------------------------


@pytest.fixture
def site(tmp_path: Path) -> Path:
    """A small site, a secret beside it, and links from inside pointing out."""
    site = tmp_path / "site"
    (site / "en").mkdir(parents=True)
    (site / "index.html").write_text("<html><head><title>t</title></head><body>home</body>\n")
    (site / "en" / "index.html").write_text("<html><head></head><body>english</body></html>\n")
    (site / "style.css").write_text("body { color: black }\n")
    (site / "404.html").write_text(
        '<html><head><link rel="stylesheet" href="style.css"></head><body>missing</body></html>'
    )
    (tmp_path / "secret.txt").write_text("top secret\n")
    (tmp_path / "outside").mkdir()
    (tmp_path / "outside" / "index.html").write_text("outside the site\n")
    os.symlink(tmp_path / "secret.txt", site / "linked.txt")
    os.symlink(tmp_path / "outside", site / "linked-dir")
    return site


@pytest.fixture
def server(site: Path) -> Iterator[PreviewServer]:
    served = PreviewServer(site)
    served.start()
    yield served
    served.stop()


def get(
    server: PreviewServer, target: str, method: str = "GET"
) -> tuple[int, dict[str, str], bytes]:
    """The response to a raw request target (sent as is: no client-side normalisation)."""
    host, port = server.server_address[:2]
    conn = http.client.HTTPConnection(str(host), port, timeout=30)
    try:
        conn.putrequest(method, target, skip_accept_encoding=True)
        conn.endheaders()
        response = conn.getresponse()
        return response.status, dict(response.getheaders()), response.read()
    finally:
        conn.close()


def test_serves_pages_with_their_types_and_the_reload_script(server: PreviewServer) -> None:
    status, headers, body = get(server, "/")
    assert status == 200
    assert headers["Content-Type"] == "text/html; charset=utf-8"
    assert b"home" in body and RELOAD_PATH.encode() in body
    assert body.index(b"data-policyc-preview") < body.index(b"</head>")
    status, headers, body = get(server, "/style.css")
    assert (status, headers["Content-Type"], body) == (
        200,
        "text/css; charset=utf-8",
        b"body { color: black }\n",
    )
    status, headers, body = get(server, "/en/")
    assert status == 200 and b"english" in body
    status, headers, _ = get(server, "/en")
    assert (status, headers["Location"]) == (301, "/en/")
    (server.site / "é x\r\nSet-Cookie: a=b").mkdir()
    status, headers, _ = get(server, "/%C3%A9%20x%0D%0ASet-Cookie:%20a=b")
    assert (status, headers["Location"]) == (301, "/%C3%A9%20x%0D%0ASet-Cookie%3A%20a%3Db/")
    assert "Set-Cookie" not in headers
    status, headers, body = get(server, "/en/index.html", "HEAD")
    assert status == 200 and body == b"" and int(headers["Content-Length"]) > 0


def test_the_404_page_is_the_site_s_own(server: PreviewServer) -> None:
    status, headers, body = get(server, "/en/no-such-page.html")
    assert status == 404
    assert headers["Content-Type"] == "text/html; charset=utf-8"
    assert b"missing" in body and b'<base href="/">' in body


@pytest.mark.parametrize(
    "target",
    [
        "/../secret.txt",
        "/en/../../secret.txt",
        "/%2e%2e/secret.txt",
        "/%2E%2E/secret.txt",
        "/en/%2e%2e%2f%2e%2e%2fsecret.txt",
        "/..%2fsecret.txt",
        "/%2e%2e%5csecret.txt",
        "/./index.html",
        "//etc/passwd",
        "/en/%00",
        "/%ff",
        "/linked.txt",
        "/linked-dir/index.html",
        "/linked-dir/",
        "http://example.com/../secret.txt",
    ],
)
def test_nothing_outside_the_site_is_served(server: PreviewServer, target: str) -> None:
    status, _headers, body = get(server, target)
    assert status == 404, target
    assert b"secret" not in body and b"outside the site" not in body


def test_a_symlinked_site_directory_is_refused(site: Path, tmp_path: Path) -> None:
    os.symlink(site, tmp_path / "site-link")
    served = PreviewServer(tmp_path / "site-link")
    served.start()
    try:
        assert get(served, "/index.html")[0] == 404
    finally:
        served.stop()


def test_read_within_walks_without_following_links(site: Path) -> None:
    assert fs.read_within(site, ["en", "index.html"], 1000).startswith(b"<html>")
    for parts in (["linked.txt"], ["linked-dir", "index.html"], ["..", "secret.txt"], ["en"]):
        with pytest.raises(fs.Refused):
            fs.read_within(site, parts, 1000)
    with pytest.raises(FileNotFoundError):
        fs.read_within(site, ["nothing.html"], 1000)
    with pytest.raises(fs.TooLarge):
        fs.read_within(site, ["style.css"], 5)


def test_request_paths_are_split_into_plain_names() -> None:
    assert parts_of("/en/x%20y.html?q=1#top") == ["en", "x y.html"]
    assert parts_of("/") == ["index.html"]
    assert parts_of("/a/") == ["a", "index.html"]
    assert parts_of("/a/%2e%2e/b") is None
    assert parts_of("/a%2Fb") is None
    assert parts_of("*") is None


def test_content_types() -> None:
    assert content_type("a.HTML") == "text/html; charset=utf-8"
    assert content_type("sitemap.xml") == "application/xml; charset=utf-8"
    assert content_type("robots.txt") == "text/plain; charset=utf-8"
    assert content_type("noext") == "application/octet-stream"


def test_reload_event_after_a_rebuild(server: PreviewServer) -> None:
    """An open page (its event stream) hears `reload` once the site is rebuilt; a page
    served before an earlier rebuild hears it at once."""
    host, port = server.server_address[:2]
    with socket.create_connection((str(host), port), timeout=30) as conn:
        conn.sendall(f"GET {RELOAD_PATH}?since=0 HTTP/1.1\r\nHost: x\r\n\r\n".encode())
        time.sleep(0.2)
        threading.Timer(0.2, server.reloaded).start()
        received = b""
        while b"data: reload" not in received:
            chunk = conn.recv(4096)
            assert chunk, received
            received += chunk
    assert b"text/event-stream" in received
    with socket.create_connection((str(host), port), timeout=30) as conn:  # a stale page
        conn.sendall(f"GET {RELOAD_PATH}?since=0 HTTP/1.1\r\nHost: x\r\n\r\n".encode())
        received = b""
        while b"data: reload" not in received:
            chunk = conn.recv(4096)
            assert chunk, received
            received += chunk
    assert f"?since={server.reloads.generation}".encode() in get(server, "/")[2]


def test_port_in_use_is_pc415(tmp_path: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        found = listen(tmp_path, taken.getsockname()[1])
    assert not isinstance(found, PreviewServer)
    assert found.code == "PC415"


def test_watching_a_missing_directory_is_pc416(tmp_path: Path) -> None:
    found = watch([tmp_path / "gone"], lambda _changed: None)
    assert found is not None and found.code == "PC416"


def test_which_changes_rebuild(tmp_path: Path) -> None:
    (tmp_path / "dir.d").mkdir()
    assert relevant("policies/x/sla.yaml") and relevant("policies/x/a.yml")
    assert relevant("policies/x") and relevant(str(tmp_path / "dir.d"))
    assert not relevant("policies/x/.sla.yaml.swp") and not relevant("policies/x/sla.yaml~")
    assert not relevant("policies/x/notes.txt")


# -- the CLI, end to end --------------------------------------------------------------------


class Running:
    """A `policyc` process whose stderr is collected line by line in the background."""

    def __init__(self, *args: str | Path, cwd: Path) -> None:
        env = {**os.environ, "NO_COLOR": "1", "PYTHONUNBUFFERED": "1"}
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "policyc", *map(str, args)],
            cwd=cwd,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        self.lines: list[str] = []
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        assert self.proc.stderr is not None
        for line in self.proc.stderr:
            self.lines.append(line)

    @property
    def stderr(self) -> str:
        return "".join(self.lines)

    def wait_for(self, pattern: str, count: int = 1) -> re.Match[str]:
        """The `count`-th match of `pattern` in stderr, waiting for it."""
        deadline = time.monotonic() + TIMEOUT
        while time.monotonic() < deadline:
            found = list(re.finditer(pattern, self.stderr))
            if len(found) >= count:
                return found[count - 1]
            assert self.proc.poll() is None, f"exited {self.proc.returncode}:\n{self.stderr}"
            time.sleep(0.05)
        raise AssertionError(f"no {pattern!r} in time:\n{self.stderr}")

    def interrupt(self) -> int:
        """Ctrl-C; the exit code."""
        self.proc.send_signal(signal.SIGINT)
        code = self.proc.wait(timeout=TIMEOUT)
        self._reader.join(timeout=TIMEOUT)
        return code

    def kill(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()


@pytest.fixture
def policies(tmp_path: Path) -> Path:
    copy = tmp_path / "policies"
    shutil.copytree(ROOT / "policies", copy)
    return copy


def edit(policies: Path) -> float:
    """Save the catalog with one sentence changed, as an editor does (a new file renamed
    over the old); the time it was saved."""
    path = policies / CATALOG
    text = path.read_text(encoding="utf-8")
    assert OLD in text
    fs.replace_file(path, text.replace(OLD, NEW).encode())
    return time.monotonic()


def wait_for_page(out: Path, saved: float) -> float:
    """Seconds from `saved` until the rebuilt page is on disk with the new sentence."""
    page = out / PAGE
    deadline = saved + TIMEOUT
    while time.monotonic() < deadline:
        try:
            if NEW in page.read_text(encoding="utf-8"):
                return time.monotonic() - saved
        except FileNotFoundError:  # never: the output is replaced by a rename
            raise
        time.sleep(0.02)
    raise AssertionError("the page was not rebuilt")


def assert_clean_stop(running: Running) -> None:
    code = running.interrupt()
    assert code == 0, running.stderr
    assert "Traceback" not in running.stderr
    assert running.stderr.rstrip().endswith("stopped")


def assert_no_reload_script(out: Path) -> None:
    for path in out.rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            assert RELOAD_PATH.encode() not in data and b"data-policyc-preview" not in data, path


def test_build_watch_rebuilds_on_save(policies: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    running = Running("build", "--watch", "--policies", policies, "--out", out, cwd=tmp_path)
    try:
        running.wait_for(r"watching policies for changes")
        assert OLD in (out / PAGE).read_text(encoding="utf-8")
        latency = wait_for_page(out, edit(policies))
        running.wait_for(r"watching policies for changes", 2)
        print(f"\nwatch: saved → page on disk in {latency:.2f} s")  # the benchmark measures it
        assert "changed: policies/dropbox-premium-support/catalogs/en.yaml" in running.stderr
        assert re.search(r"built \d+ files into out in [\d.]+ s", running.stderr)
        (policies / CATALOG).write_text("messages: [not, a, mapping\n", encoding="utf-8")
        running.wait_for(r"error\[PC103\]")
        running.wait_for(r"watching policies for changes", 3)
        assert NEW in (out / PAGE).read_text(encoding="utf-8")  # the last good build stays
        assert_clean_stop(running)
    finally:
        running.kill()
    assert not [p.name for p in tmp_path.iterdir() if p.name.startswith(".out.")]


def test_ctrl_c_during_a_rebuild_leaves_a_whole_output(policies: Path, tmp_path: Path) -> None:
    """Interrupted in the middle of a rebuild: exit 0, no traceback, and the output is the
    previous build or the new one, never a mix (the build's atomic swap), with nothing
    left beside it."""
    out = tmp_path / "out"
    running = Running("build", "--watch", "--policies", policies, "--out", out, cwd=tmp_path)
    try:
        running.wait_for(r"watching policies for changes")
        before = sorted(p.relative_to(out) for p in out.rglob("*"))
        edit(policies)
        running.wait_for(r"changed: ")
        time.sleep(0.3)
        assert_clean_stop(running)
    finally:
        running.kill()
    assert sorted(p.relative_to(out) for p in out.rglob("*")) == before
    page = (out / PAGE).read_text(encoding="utf-8")
    assert (OLD in page) != (NEW in page)
    assert not [p.name for p in tmp_path.iterdir() if p.name.startswith(".out.")]


def test_build_watch_and_check_is_a_usage_error(policies: Path, tmp_path: Path) -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "policyc", "build", "--watch", "--check", "--policies", policies],
        capture_output=True,
        text=True,
        cwd=tmp_path,
    )
    assert proc.returncode == 2 and "--watch" in proc.stderr


def test_preview_serves_rebuilds_and_reloads(policies: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    running = Running("preview", "--policies", policies, "--out", out, cwd=tmp_path)
    try:
        url = running.wait_for(r"serving out/site at http://127\.0\.0\.1:(\d+)/")
        running.wait_for(r"watching policies for changes")
        port = int(url.group(1))
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=TIMEOUT)
        conn.request("GET", "/en/dropbox-premium-support/")
        response = conn.getresponse()
        page = response.read().decode()
        assert response.status == 200 and OLD in page
        since = re.search(r"since=(\d+)", page)
        assert since is not None
        events = socket.create_connection(("127.0.0.1", port), timeout=TIMEOUT)
        events.sendall(f"GET {RELOAD_PATH}?since={since.group(1)} HTTP/1.1\r\n\r\n".encode())
        edit(policies)
        received = b""
        while b"data: reload" not in received:
            chunk = events.recv(4096)
            assert chunk, received
            received += chunk
        events.close()
        conn.request("GET", "/en/dropbox-premium-support/index.html")
        response = conn.getresponse()
        assert NEW in response.read().decode()
        conn.request("GET", "/%2e%2e/manifest.json")
        response = conn.getresponse()
        assert response.status == 404 and b"artifacts" not in response.read()
        conn.close()
        assert_clean_stop(running)
    finally:
        running.kill()
    with pytest.raises(OSError):  # the serving child ended with the command
        socket.create_connection(("127.0.0.1", port), timeout=10).close()
    assert NEW in (out / PAGE).read_text(encoding="utf-8")
    assert_no_reload_script(out)


def test_preview_port_in_use(policies: Path, tmp_path: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        proc = subprocess.run(
            [
                sys.executable,
                "-m",
                "policyc",
                "preview",
                "--policies",
                policies,
                "--port",
                str(port),
            ],
            capture_output=True,
            text=True,
            cwd=tmp_path,
            env={**os.environ, "NO_COLOR": "1"},
        )
    assert proc.returncode == 2
    assert f"error[PC415] cannot serve the preview on 127.0.0.1:{port}" in proc.stderr
    assert "Traceback" not in proc.stderr
