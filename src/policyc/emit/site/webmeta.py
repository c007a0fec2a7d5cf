"""What the web platform expects of a static site beyond its pages.

In: a `--base-url` and the site's page paths. Out: the checked base URL, the inline favicon
(a `data:` URI, so no page requests one and gets a 404), `sitemap.xml` and `robots.txt`.
"""

from __future__ import annotations

import html
from urllib.parse import quote, urlsplit

# A speech bubble in the site's link colour, as a data URI: no request, no 404.
FAVICON = "data:image/svg+xml," + quote(
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32">'
    '<rect width="32" height="32" rx="7" fill="#0b57d0"/>'
    '<path d="M8 9h16v11H14l-5 4v-4H8z" fill="#fff"/></svg>',
    safe="",
)


def base_url_problem(url: str) -> str | None:
    """Why `url` cannot be the site's base URL (absolute `https://` with a host, no query,
    fragment or credentials), or None."""
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as err:
        return f"not a URL: {err}"
    if parts.scheme != "https":
        return "the base URL must start with https://"
    if not parts.hostname or any(c.isspace() for c in url):
        return "the base URL needs a host name and no spaces"
    if parts.query or parts.fragment or "#" in url or "?" in url:
        return "the base URL cannot have a query or fragment"
    if parts.username is not None or parts.password is not None:
        return "the base URL cannot carry credentials"
    del port
    return None


def normal_base(url: str) -> str:
    """`url` ending in exactly one slash, so page paths append to it."""
    return url.rstrip("/") + "/"


def public(path: str) -> str:
    """A page path as its address: `fr/x/index.html` → `fr/x/` (servers serve index.html)."""
    return path.removesuffix("index.html")


def sitemap(base: str, paths: list[str]) -> bytes:
    """`sitemap.xml` listing every page, sorted, absolute."""
    rows = "".join(
        f"<url><loc>{html.escape(base + quote(public(p)), quote=False)}</loc></url>\n"
        for p in sorted(paths)
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
        f"{rows}</urlset>\n"
    ).encode()


def robots(base: str) -> bytes:
    """`robots.txt`: everything may be crawled; where the sitemap is."""
    return f"User-agent: *\nAllow: /\n\nSitemap: {base}sitemap.xml\n".encode()
