"""The page chrome the help-center emitters need, and the check that the catalogs hold it.

In: the IR and the source documents (for positions). Out: PC420/PC421 diagnostics. Chrome
keys are used by the emitters, not by policy documents, so the model's message checks
cannot see them: `CHROME_KEYS` lists every one, and `check_chrome` runs before emitting.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING

from policyc.diagnostics import Diagnostic, Severity, Span, first_few

if TYPE_CHECKING:
    from policyc.load.document import Document
    from policyc.model import ir

CHANNEL_KINDS = ("phone", "email", "chat", "callback", "web")
FIELD_TYPES = ("text", "email", "choice", "yes-no", "attachment", "date", "number", "product")

# Plain messages (placeholders allowed): page labels, headings and sentence patterns.
LABEL_KEYS: frozenset[str] = frozenset(
    {
        "site.title",
        "root.choose-language",
        "index.title",
        "index.intro",
        "notfound.title",
        "notfound.text",
        "nav.skip",
        "nav.language",
        "nav.contents",
        "nav.all-programmes",
        "nav.back-to-top",
        "footer.generated",
        "programme.provided-by",
        "programme.contact",
        "programme.support-languages",
        "programme.validity",
        "programme.valid-from",
        "programme.valid-range",
        "programme.new-customers",
        "programme.closed-from",
        "programme.source",
        "section.key-dates",
        "section.plans",
        "section.severities",
        "section.targets",
        "section.targets.committed",
        "section.targets.guaranteed",
        "section.hours",
        "section.channels",
        "section.eligibility",
        "section.purchase",
        "section.escalation",
        "section.large-accounts",
        "section.templates",
        "section.articles",
        "section.notes",
        "section.differences",
        "label.plans",
        "label.all-plans",
        "label.products",
        "label.languages",
        "label.channels",
        "label.case-types",
        "label.regions",
        "label.countries",
        "label.audience",
        "label.yes",
        "label.no",
        "label.not-stated",
        "template.optional",
        "label.email",
        "label.phone",
        "label.note",
        "punctuation.colon",
        "plans.matrix-caption",
        "plans.service",
        "plans.included",
        "plans.not-included",
        "plans.partial",
        "severity.impact",
        "severity.examples",
        "targets.metrics",
        "targets.caption",
        "targets.severity",
        "targets.measured-on",
        "targets.no-target",
        "targets.none",
        "targets.not-offered",
        "targets.best-effort",
        "targets.next-business-day.end",
        "targets.next-business-day.start",
        "targets.exception",
        "targets.exception-cases",
        "clock.business",
        "clock.calendar",
        "hours.time-zone",
        "hours.time-zone-name",
        "hours.business-day",
        "hours.holidays",
        "hours.around-the-clock",
        "hours.all-day",
        "hours.every-day",
        "hours.day-range",
        "hours.schedule-line",
        "hours.exception",
        "channel.type",
        "channel.hours",
        "channel.address",
        "rule.minimum",
        "escalation.when",
        "escalation.level",
        "escalation.delay",
        "escalation.find-contact",
        "regions.countries",
        "large-accounts.caption",
        "large-accounts.region",
        "large-accounts.threshold",
        "large-accounts.from",
        "template.caption",
        "template.field",
        "template.required",
        "template.type",
        "template.guidance",
        "template.choices",
        "template.purpose",
        "template.request-types",
        "differences.sources",
        "range.numbers",
        "range.durations",
        *(f"channel-kind.{k}" for k in CHANNEL_KINDS),
        *(f"field-type.{t}" for t in FIELD_TYPES),
    }
)

# Plural messages (CLDR categories) with a `{count}` placeholder.
PLURAL_KEYS: frozenset[str] = frozenset(
    {
        "rule.min-seats",
        "template.word-count",
        "count.seats",
        # a response time as the services matrix and `{within_…}` say it ("within 1 hour")
        "within.minute",
        "within.hour",
        "within.day",
    }
)

CHROME_KEYS: frozenset[str] = LABEL_KEYS | PLURAL_KEYS | {"within.range"}


def audience_key(slug: str) -> str:
    """The chrome label of an audience slug (`admins` → `audience.admins`)."""
    return f"audience.{slug}"


def unit_key(unit: str | None) -> str:
    """The plural chrome message counting a large-account unit (`count.user-licences`)."""
    return f"count.{unit or 'seats'}"


def _is_chrome_catalog(doc: Document) -> bool:
    v = doc.value
    return doc.kind == "Catalog" and isinstance(v, dict) and "programme" not in v


def _slug_uses(
    documents: Sequence[Document],
) -> Iterator[tuple[str, bool, Document, tuple[str | int, ...]]]:
    """(key, plural?, document, path) for every audience and unit the pages must label."""
    for doc in documents:
        v = doc.value
        if not isinstance(v, dict):
            continue
        if doc.kind == "Programme":
            for part in ("tiers", "channels", "eligibility", "purchase"):
                for i, item in enumerate(v.get(part) or []):
                    if isinstance(item, dict) and isinstance(item.get("audience"), str):
                        yield audience_key(item["audience"]), False, doc, (part, i, "audience")
        elif doc.kind == "Article" and isinstance(v.get("audience"), str):
            yield audience_key(v["audience"]), False, doc, ("audience",)
        elif doc.kind == "Regions":
            for i, rule in enumerate(v.get("large_accounts") or []):
                if isinstance(rule, dict):
                    unit = rule.get("unit") if isinstance(rule.get("unit"), str) else None
                    path: tuple[str | int, ...] = (
                        "large_accounts",
                        i,
                        "unit" if unit else "min_seats",
                    )
                    yield unit_key(unit), True, doc, path


def check_chrome(policies: ir.Policies, documents: Sequence[Document]) -> list[Diagnostic]:
    """PC420 when there is no page chrome at all; PC421 for each message the pages lack."""
    programmes = sorted(
        (d for d in documents if d.kind == "Programme"), key=lambda d: (d.file, d.index)
    )
    if not programmes:
        return []
    source = policies.chrome.get("en")
    if not source:
        return [
            Diagnostic(
                "PC420",
                "no page chrome catalog (a Catalog with `domain: chrome`, locale en): "
                "the help-center pages are not built",
                programmes[0].span(("id",)),
                Severity.WARNING,
                "add the shared chrome catalogs (policies/shared/chrome/*.yaml) to the policy tree",
            )
        ]
    catalogs = sorted(
        (d for d in documents if _is_chrome_catalog(d) and d.value.get("locale") == "en"),
        key=lambda d: (d.file, d.index),
    )
    where = catalogs[0].span(("messages",), key=True) if catalogs else Span(programmes[0].file)
    found: list[Diagnostic] = []
    missing = sorted(k for k in CHROME_KEYS if k not in source)
    if missing:
        listed = first_few(missing, 6)
        message = f"the en chrome catalog lacks {len(missing)} message(s) the help-center pages need: {listed}"
        found.append(Diagnostic("PC421", message, where, hint=_HINT))
    for key in sorted(CHROME_KEYS - set(missing)):
        problem = _shape_problem(source, key, key in PLURAL_KEYS)
        if problem:
            found.append(Diagnostic("PC421", problem, where, hint=_HINT))
    for key, plural, doc, path in _slug_uses(documents):
        problem = _shape_problem(source, key, plural)
        if problem:
            found.append(Diagnostic("PC421", problem, doc.span(path), hint=_HINT))
    return found


_HINT = "add the message to the en chrome catalog (policies/shared/chrome/en.yaml) and translate it"


def _shape_problem(source: dict[str, ir.Message], key: str, plural: bool) -> str | None:
    message = source.get(key)
    if message is None:
        return f"the help-center pages need the chrome message '{key}', which the en chrome catalog lacks"
    if plural and not isinstance(message, dict):
        return f"chrome message '{key}' counts something and needs plural forms (one, other, …)"
    if not plural and isinstance(message, dict):
        return f"chrome message '{key}' must be a plain message, not plural forms"
    return None
