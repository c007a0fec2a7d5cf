"""The HTTP client of `policyc push`: httpx with timeouts, retries and clean errors.

In: a base URL, the headers that carry the token, a request. Out: the decoded JSON answer,
or a `PushError`: PC602 unreachable, PC603 the first 4xx (with the vendor's message), PC604
429/5xx on every attempt (Retry-After honoured, else exponential backoff), PC608 not JSON.
The token is only ever in the headers given; every message is scrubbed of it.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

import httpx

from policyc.push.errors import PushError

RETRIES = 5  # attempts per request on 429/5xx and network errors
BACKOFF = 1.0  # seconds before the second attempt; doubles each time
MAX_WAIT = 60.0  # seconds: a longer Retry-After is capped
_LOCAL = ("127.0.0.1", "localhost", "::1")


def check_base_url(url: str) -> str:
    """The base URL without a trailing slash, or PC607: http(s) only, https unless local."""
    parts = urlsplit(url)
    local = parts.hostname in _LOCAL
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise PushError("PC607", f"--base-url {url!r} is not an http(s) URL")
    if parts.scheme == "http" and not local:
        raise PushError(
            "PC607",
            f"--base-url {url!r} is plain http: the token would travel in clear text",
            "use https (http is accepted for 127.0.0.1 and localhost only)",
        )
    return url.rstrip("/")


class Client:
    """Requests to one API: JSON in, JSON out."""

    def __init__(
        self,
        base_url: str,
        headers: dict[str, str],
        *,
        secrets: tuple[str, ...],
        timeout: float = 30.0,
        sleep: Callable[[float], None] = time.sleep,
        retries: int = RETRIES,
    ) -> None:
        self.base_url = check_base_url(base_url)
        self._secrets = tuple(x for x in secrets if x)
        self._sleep = sleep
        self._retries = retries
        self._http = httpx.Client(
            base_url=self.base_url,
            headers=headers,
            timeout=httpx.Timeout(timeout),
            follow_redirects=False,
        )
        self.requests = 0  # requests sent, retries included

    def close(self) -> None:
        self._http.close()

    def __enter__(self) -> Client:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def scrub(self, text: str) -> str:
        for secret in self._secrets:
            text = text.replace(secret, "[token]")
        return text

    def request(
        self, method: str, path: str, *, body: Any = None, params: dict[str, Any] | None = None
    ) -> Any:
        """Send one request, retrying 429/5xx and network errors; the decoded answer."""
        what = f"{method} {path}"
        for attempt in range(1, self._retries + 1):
            try:
                self.requests += 1
                answer = self._http.request(method, path, json=body, params=params)
            except httpx.HTTPError as exc:
                if attempt == self._retries:
                    raise PushError(
                        "PC602",
                        self.scrub(f"{what}: {type(exc).__name__}: {exc}"),
                        f"check --base-url ({self.base_url}) and the network",
                    ) from None
                self._sleep(BACKOFF * 2.0 ** (attempt - 1))
                continue
            status = answer.status_code
            if status == 429 or status >= 500:
                if attempt == self._retries:
                    raise PushError(
                        "PC604",
                        self.scrub(f"{what}: HTTP {status} after {attempt} attempts"),
                        "run the command again later; the plan resumes where it stopped",
                    )
                self._sleep(_wait(answer, attempt))
                continue
            if status >= 400:
                raise PushError(
                    "PC603",
                    self.scrub(f"{what}: HTTP {status}: {vendor_message(answer)}"),
                    "fix what the vendor names and apply again",
                )
            return _decoded(answer, what, self.scrub)
        raise AssertionError("unreachable")  # pragma: no cover


def _wait(answer: httpx.Response, attempt: int) -> float:
    """Seconds to wait: Retry-After (seconds) when given, else exponential backoff."""
    after = str(answer.headers.get("Retry-After", ""))
    try:
        return min(max(float(after), 0.0), MAX_WAIT)
    except ValueError:
        return min(BACKOFF * 2.0 ** (attempt - 1), MAX_WAIT)


def _decoded(answer: httpx.Response, what: str, scrub: Callable[[str], str]) -> Any:
    if answer.status_code == 204 or not answer.content:
        return None
    try:
        return answer.json()
    except (json.JSONDecodeError, UnicodeDecodeError):
        kind = answer.headers.get("Content-Type", "no content type")
        raise PushError(
            "PC608",
            scrub(f"{what}: the answer is not JSON ({kind})"),
            "check that --base-url names the API root",
        ) from None


def vendor_message(answer: httpx.Response) -> str:
    """The vendor's own words for an error: Zendesk's `error`/`description`/`details`,
    PagerDuty's `error.message`/`error.errors`, else the start of the body."""
    try:
        data = answer.json()
    except (json.JSONDecodeError, UnicodeDecodeError):
        return answer.text[:300].strip() or answer.reason_phrase
    if isinstance(data, dict):
        err = data.get("error")
        if isinstance(err, dict):  # PagerDuty
            parts = [str(err.get("message", ""))] + [str(e) for e in err.get("errors", [])]
            return "; ".join(p for p in parts if p)
        parts = [str(x) for x in (err, data.get("description")) if x]
        details = data.get("details")
        if details:
            parts.append(json.dumps(details, ensure_ascii=False, sort_keys=True))
        if parts:
            return ": ".join(parts)
    return json.dumps(data, ensure_ascii=False)[:300]
