"""Lighthouse on every help-centre page, mobile and desktop (not part of pytest: ~15 s a run).

Builds the bundled policies with a base URL into a temporary directory, serves the site on
127.0.0.1 and runs npm `lighthouse` (accessibility, best practices, SEO) with Debian's
Chromium on each page in both form factors. Prints one line per page and run; exits 1 when
any score is below 100. Usage: `python tests/lighthouse.py [LIGHTHOUSE_BIN]` (default
`npx --yes lighthouse@12`).
"""

from __future__ import annotations

import functools
import http.server
import json
import os
import shlex
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CATEGORIES = "accessibility,best-practices,seo"


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


def main() -> int:
    command = shlex.split(sys.argv[1]) if len(sys.argv) > 1 else ["npx", "--yes", "lighthouse@12"]
    env = {**os.environ, "CHROME_PATH": os.environ.get("CHROME_PATH", "/usr/bin/chromium")}
    failed = 0
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "generated"
        subprocess.run(
            [
                "policyc",
                "build",
                "--policies",
                str(ROOT / "policies"),
                "--out",
                str(out),
                "--base-url",
                "https://help.example.com/",
            ],
            check=True,
        )
        site = out / "site"
        handler = functools.partial(_Quiet, directory=str(site))
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        base = f"http://127.0.0.1:{server.server_address[1]}/"
        pages = sorted(str(p.relative_to(site)) for p in site.rglob("*.html"))
        try:
            for page in pages:
                for preset in ("mobile", "desktop"):
                    report = Path(tmp) / "report.json"
                    args = [
                        *command,
                        base + page,
                        "--quiet",
                        f"--only-categories={CATEGORIES}",
                        "--chrome-flags=--headless --no-sandbox --disable-gpu",
                        "--output=json",
                        f"--output-path={report}",
                    ]
                    if preset == "desktop":
                        args.append("--preset=desktop")
                    subprocess.run(args, env=env, check=True, timeout=180)
                    found = json.loads(report.read_text(encoding="utf-8"))
                    scores = {
                        k: round(100 * (v["score"] or 0)) for k, v in found["categories"].items()
                    }
                    low = [
                        a["id"]
                        for a in found["audits"].values()
                        if a.get("score") is not None
                        and a["score"] < 1
                        and a.get("scoreDisplayMode") in ("binary", "numeric")
                    ]
                    failed += any(s < 100 for s in scores.values())
                    print(page, preset, scores, " ".join(low), flush=True)
        finally:
            server.shutdown()
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
