"""The help-center site emitter: page view models → static HTML pages and one stylesheet.

In: `Policies`. Out: `site/index.html` (language chooser), `site/<locale>/index.html`
(programmes), `site/<locale>/<programme>/index.html` and `site/style.css`. Templates live
in `emit/site/templates/` and get plain view models; one Jinja environment with
`StrictUndefined` and HTML autoescaping renders them, so policy text is always data.
Raw NUL, C0 and C1 controls (HTML forbids them) are shown as symbols, as in the Markdown
pages (`markdown.CONTROLS`): the templates' own text has none, so one pass over each
rendered page replaces those of every value it printed.
"""

from __future__ import annotations

from functools import cache
from importlib.resources import files
from typing import TYPE_CHECKING

from jinja2 import PackageLoader, StrictUndefined
from markupsafe import Markup, escape

from policyc.emit.base import WHOLE, Artifact, Part
from policyc.emit.site.markdown import visible_text
from policyc.emit.site.pages import SiteViews, page_paths
from policyc.emit.site.printing import PrintingEnvironment
from policyc.emit.site.thai import utf8_with_word_breaks
from policyc.emit.site.views import Link, link_pattern
from policyc.emit.site.webmeta import FAVICON, normal_base, public, robots, sitemap

if TYPE_CHECKING:
    from jinja2 import Environment
    from markupsafe import Markup

    from policyc.model.ir import Policies

TEMPLATES = "templates"


@cache
def environment() -> Environment:
    """The one HTML environment: strict about undefined names, escaping every value."""
    env = PrintingEnvironment(
        loader=PackageLoader("policyc.emit.site", TEMPLATES),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["linked"] = linked
    env.filters["public"] = public
    return env


def linked(text: str, links: tuple[Link, ...]) -> Markup:
    """`text`, escaped, with every address of `links` it names as a real link."""
    pattern = link_pattern(links)
    if pattern is None:
        return escape(text)
    hrefs = {x.text: x.href for x in links}
    out = []
    for i, piece in enumerate(pattern.split(text)):
        if i % 2:
            out.append(Markup('<a href="{}">{}</a>').format(hrefs[piece], piece))
        else:
            out.append(escape(piece))
    return Markup("").join(out)


def stylesheet() -> bytes:
    return files("policyc.emit.site").joinpath(TEMPLATES, "style.css").read_bytes()


class SiteEmitter:
    """Static HTML help center, one page per programme per locale."""

    name = "site"

    def __init__(self, base_url: str | None = None, views: SiteViews | None = None) -> None:
        # With a base URL: canonical links, absolute hreflang, sitemap.xml and robots.txt.
        self.base = normal_base(base_url) if base_url else ""
        # the view models, shared with the Markdown emitter of the same build
        self.views = views or SiteViews()

    def emit(self, policies: Policies, part: Part = WHOLE) -> list[Artifact]:
        if not policies.chrome.get("en"):
            return []  # no page chrome: PC420 was reported before emitting
        site = self.views.of(policies, part)
        env = environment()
        base = self.base
        out = []
        if site.root is not None:
            out.append(Artifact("site/style.css", stylesheet()))
            out.append(
                _render(
                    env, "root.html", "site/index.html", base, page=site.root.page, root=site.root
                )
            )
            if site.not_found is not None:
                nf = site.not_found
                out.append(_render(env, "404.html", "site/404.html", base, page=nf.page, root=nf))
            if base:
                out.append(Artifact("site/sitemap.xml", sitemap(base, page_paths(policies))))
                out.append(Artifact("site/robots.txt", robots(base)))
        for index in site.locales:
            path = f"site/{index.page.lang}/index.html"
            out.append(_render(env, "locale.html", path, base, page=index.page, index=index))
        for prog in site.programmes:
            path = f"site/{prog.page.lang}/{prog.id}/index.html"
            out.append(_render(env, "programme.html", path, base, page=prog.page, prog=prog))
        return sorted(out, key=lambda a: a.path)


def _render(env: Environment, template: str, path: str, base: str, **context: object) -> Artifact:
    # Controls replaced in the whole page, not value by value through a `finalize`: the
    # same text (escaping never makes or removes one), without a call per printed value.
    html = visible_text(env.get_template(template).render(base=base, favicon=FAVICON, **context))
    return Artifact(path, utf8_with_word_breaks(html.encode()))
