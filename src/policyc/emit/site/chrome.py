"""The page chrome the help-center emitters need, and the check that the catalogs hold it.

In: the IR and the source documents (for positions). Out: PC420/PC421 diagnostics. Chrome
keys are used by the emitters, not by policy documents, so the model's message checks
cannot see them: `CHROME_KEYS` lists every one, and `check_chrome` runs before emitting.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Container, Iterable, Iterator, Sequence
from typing import TYPE_CHECKING, Protocol, runtime_checkable

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


@runtime_checkable
class Indexed(Protocol):
    """Documents that tell each one's file, kind and owner without being read
    (`incremental.Documents`: a cached file's documents stay packed until read)."""

    def kinds(self) -> Iterator[tuple[str, str | None]]: ...
    def owners(self) -> Iterator[tuple[str, str | None]]: ...
    def of(self, files: Container[str]) -> list[Document]: ...


class _Listed:
    """`Indexed` over documents in memory."""

    def __init__(self, documents: Sequence[Document]) -> None:
        self._documents = documents

    def kinds(self) -> Iterator[tuple[str, str | None]]:
        return ((d.file, d.kind) for d in self._documents)

    def owners(self) -> Iterator[tuple[str, str | None]]:
        return ((d.file, d.owner) for d in self._documents)

    def of(self, files: Container[str]) -> list[Document]:
        return [d for d in self._documents if d.file in files]


def indexed(documents: Sequence[Document]) -> Indexed:
    """`documents` as `Indexed` (as they are when they are)."""
    return documents if isinstance(documents, Indexed) else _Listed(documents)


def owned_by(documents: Sequence[Document], programmes: Collection[str]) -> list[Document]:
    """The documents of the files holding a document of `programmes` (`Document.owner`),
    in order: every document of those programmes, and only those files are read."""
    found = indexed(documents)
    files = {f for f, owner in found.owners() if owner in programmes}
    return found.of(files)


# The PC421 findings of the audiences and units used in the documents of some files (None:
# every file), in document order, as `check_chrome` makes them.
UseFindings = Callable[[Collection[str] | None], list[Diagnostic]]
# Where `check_chrome` takes those findings from instead (`incremental.Cache.chrome_findings`):
# given what of the en chrome they depend on (`shape_key`) and how to make them.
KeptUses = Callable[[str, UseFindings], list[Diagnostic]]


def _slug_uses(
    documents: Iterable[Document],
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


def use_findings(source: dict[str, ir.Message], documents: Iterable[Document]) -> list[Diagnostic]:
    """PC421 for each audience and unit of `documents` the en chrome `source` cannot label."""
    found: list[Diagnostic] = []
    for key, plural, doc, path in _slug_uses(documents):
        problem = _shape_problem(source, key, plural)
        if problem:
            found.append(Diagnostic("PC421", problem, doc.span(path), hint=_HINT))
    return found


def shape_key(source: dict[str, ir.Message]) -> str:
    """All `use_findings` reads of the en chrome: each message's key and whether it is
    plural, as text (a cache keeps the findings under it)."""
    return "\n".join(f"{k}\x00{isinstance(m, dict):d}" for k, m in sorted(source.items()))


def check_chrome(
    policies: ir.Policies, documents: Sequence[Document], kept: KeptUses | None = None
) -> list[Diagnostic]:
    """PC420 when there is no page chrome at all; PC421 for each message the pages lack.
    `kept` gives the findings of the audiences and units used, making those it does not
    keep; only the shared documents are read (unpacked) here."""
    heads = indexed(documents)
    # the first Programme in (file, index) order: the first of its file with the least name
    first = min((f for f, kind in heads.kinds() if kind == "Programme"), default=None)
    if first is None:
        return []
    source = policies.chrome.get("en")
    if not source:
        programme = next(d for d in heads.of({first}) if d.kind == "Programme")
        return [
            Diagnostic(
                "PC420",
                "no page chrome catalog (a Catalog with `domain: chrome`, locale en): "
                "the help-center pages are not built",
                programme.span(("id",)),
                Severity.WARNING,
                "add the shared chrome catalogs (policies/shared/chrome/*.yaml) to the policy tree",
            )
        ]
    found: list[Diagnostic] = []
    missing = sorted(k for k in CHROME_KEYS if k not in source)
    problems = [
        p
        for k in sorted(CHROME_KEYS - set(missing))
        if (p := _shape_problem(source, k, k in PLURAL_KEYS))
    ]
    if missing or problems:
        where = _chrome_where(heads, first)
        if missing:
            listed = first_few(missing, 6)
            message = f"the en chrome catalog lacks {len(missing)} message(s) the help-center pages need: {listed}"
            found.append(Diagnostic("PC421", message, where, hint=_HINT))
        found.extend(Diagnostic("PC421", p, where, hint=_HINT) for p in problems)

    def uses(files: Collection[str] | None) -> list[Diagnostic]:
        return use_findings(source, documents if files is None else heads.of(files))

    return found + (uses(None) if kept is None else kept(shape_key(source), uses))


def _chrome_where(heads: Indexed, first: str) -> Span:
    """Where the chrome's own findings point: the messages of the first en chrome catalog."""
    shared = {f for f, owner in heads.owners() if owner is None}  # chrome has no programme
    catalogs = sorted(
        (d for d in heads.of(shared) if _is_chrome_catalog(d) and d.value.get("locale") == "en"),
        key=lambda d: (d.file, d.index),
    )
    return catalogs[0].span(("messages",), key=True) if catalogs else Span(first)


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
