"""Policy tests as data: `PolicyTest` documents → pass/fail per case, with located diagnostics.

In: the IR and schema-valid `PolicyTest` documents. Out: a `TestRun` — one `CaseResult`
per case. Each case's `given` goes through `policyc.resolve.rules.resolve` (the one definition
of routing semantics, shared with `policyc route` and the routing tables); each fact in
`expect` is compared with the answer, and a mismatch is a PC55x diagnostic at the line of
that expectation. Unknown inputs are the resolver's own PC50x diagnostics, located at the
line of the input.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import TYPE_CHECKING, Any

from policyc.diagnostics import Diagnostic, Severity, Span, did_you_mean, has_errors
from policyc.load.document import Document
from policyc.model.context import DURATION_HINT, duration_problem, parse_duration
from policyc.resolve.rules import ResolveError, parse_opened, resolve
from policyc.zones import zone

if TYPE_CHECKING:
    from policyc.model.ir import Policies, Programme
    from policyc.resolve.rules import Resolution, ResolvedLevel, ResolvedTarget

KIND = "PolicyTest"
_INPUTS = (
    "programme",
    "tier",
    "severity",
    "country",
    "subdivision",
    "seats",
    "opened",
    "language",
    "product",
    "channel",
    "case_type",
)


@dataclass(frozen=True, slots=True)
class CaseResult:
    """One case: where it is, and what went wrong (errors fail it; warnings do not)."""

    suite: str
    name: str
    span: Span
    diagnostics: tuple[Diagnostic, ...] = ()

    @property
    def passed(self) -> bool:
        return not has_errors(self.diagnostics)


@dataclass
class TestRun:
    """Every case of every suite, in file order."""

    cases: list[CaseResult] = field(default_factory=list)
    suites: int = 0

    @property
    def diagnostics(self) -> list[Diagnostic]:
        return [d for c in self.cases for d in c.diagnostics]

    @property
    def failed(self) -> list[CaseResult]:
        return [c for c in self.cases if not c.passed]


def test_documents(docs: Iterable[Document]) -> list[Document]:
    return [d for d in docs if d.kind == KIND]


def run(policies: Policies, docs: Sequence[Document]) -> TestRun:
    """Run every case of every PolicyTest document in `docs` against `policies`."""
    result = TestRun()
    for doc in test_documents(docs):
        result.suites += 1
        for i in range(len(doc.value["cases"])):
            result.cases.append(Case(policies, doc, i).run())
    return result


def _instant(value: datetime) -> str:
    return value.isoformat(timespec="minutes" if value.second == 0 else "seconds")


def _span(low: int, high: int) -> str:
    """A resolved target in minutes: `4h (240 min)`, or a range `… to …`."""
    return _minutes(low) if low == high else f"{_minutes(low)} to {_minutes(high)}"


def _minutes(n: int) -> str:
    h, m = divmod(n, 60)
    text = (f"{h}h" if h else "") + (f"{m}m" if m or not h else "")
    return f"{text} ({n} min)" if h else f"{n} min"


class Case:
    """One case of a suite: resolve its ticket, then check each expectation."""

    def __init__(self, policies: Policies, doc: Document, index: int) -> None:
        self.policies = policies
        self.doc = doc
        self.path: tuple[str | int, ...] = ("cases", index)
        self.raw: dict[str, Any] = doc.value["cases"][index]
        self.found: list[Diagnostic] = []

    def span(self, *path: str | int) -> Span:
        return self.doc.span([*self.path, *path])

    def fail(self, code: str, message: str, *path: str | int, hint: str | None = None) -> None:
        self.found.append(
            Diagnostic(code, f"{self.raw['name']}: {message}", self.span(*path), hint=hint)
        )

    def named(self, diag: Diagnostic) -> Diagnostic:
        """A resolver diagnostic, prefixed with the case's name like the case's own."""
        return replace(diag, message=f"{self.raw['name']}: {diag.message}")

    def result(self) -> CaseResult:
        return CaseResult(
            self.doc.value["id"], self.raw["name"], self.span("name"), tuple(self.found)
        )

    # -- resolve ---------------------------------------------------------------------------
    def run(self) -> CaseResult:
        given: dict[str, Any] = self.raw["given"]
        programme = given.get("programme", self.doc.value.get("programme"))
        spans = {k: self.span("given", k) for k in _INPUTS if k in given}
        if "programme" not in given:
            spans["programme"] = (
                self.doc.span(["programme"])
                if "programme" in self.doc.value
                else self.span("given")
            )
        if programme is None:
            self.fail(
                "PC555",
                "the case names no programme",
                "given",
                hint="add `programme:` to the suite or to `given`",
            )
            return self.result()
        try:
            opened = parse_opened(given["opened"], spans["opened"]) if "opened" in given else None
            resolution = resolve(
                self.policies,
                programme,
                given["tier"],
                given["severity"],
                country=given.get("country"),
                subdivision=given.get("subdivision"),
                seats=given.get("seats"),
                opened=opened,
                language=given.get("language"),
                product=given.get("product"),
                channel=given.get("channel"),
                case_type=given.get("case_type"),
                spans=spans,
            )
        except ResolveError as exc:
            self.found.extend(self.named(d) for d in exc.diagnostics)
            return self.result()
        self.found.extend(self.named(d) for d in resolution.warnings)
        self.check(self.policies.programmes[resolution.programme], resolution)
        return self.result()

    # -- expectations ----------------------------------------------------------------------
    def check(self, prog: Programme, res: Resolution) -> None:
        expect: dict[str, Any] = self.raw["expect"]
        if "region" in expect and expect["region"] != res.region:
            known = [r.id for r in prog.regions]
            self.fail(
                "PC551",
                f"expected region {expect['region']!r}, resolved {res.region!r}"
                + (f" for {res.country}" if res.country else " (no country given)"),
                "expect",
                "region",
                hint=None
                if expect["region"] in known
                else did_you_mean(str(expect["region"]), known),
            )
        if "sla_policy" in expect and expect["sla_policy"] != res.sla_policy:
            self.fail(
                "PC551",
                f"expected SLA policy '{expect['sla_policy']}', resolved '{res.sla_policy}'",
                "expect",
                "sla_policy",
            )
        if "large_account" in expect:
            self.large_account(expect["large_account"], res)
        if "calendar" in expect:
            for t in res.targets:
                if t.calendar != expect["calendar"]:
                    self.fail(
                        "PC551",
                        f"expected every target on calendar '{expect['calendar']}', but "
                        f"{t.metric} is measured on '{t.calendar}'",
                        "expect",
                        "calendar",
                    )
        for metric, wanted in expect.get("targets", {}).items():
            self.target(prog, res, metric, wanted)
        for i, wanted in enumerate(expect.get("escalation", [])):
            self.escalation(prog, res, i, wanted)

    def large_account(self, wanted: bool, res: Resolution) -> None:
        large = res.large_account
        if large is None:
            why = (
                f"no large-account rule covers {res.country}" if res.country else "no country given"
            )
            self.fail(
                "PC551",
                f"expected large_account {str(wanted).lower()}, but {why}",
                "expect",
                "large_account",
            )
        elif large.large is None:
            self.fail(
                "PC551",
                f"expected large_account {str(wanted).lower()}, but no seats are given "
                f"(threshold {large.min_seats})",
                "expect",
                "large_account",
                hint="add `seats:` to `given`",
            )
        elif large.large != wanted:
            verdict = "is" if large.large else "is not"
            self.fail(
                "PC551",
                f"expected large_account {str(wanted).lower()}: {large.seats} seats {verdict} "
                f"large under rule '{large.rule}' (threshold {large.min_seats}, inclusive)",
                "expect",
                "large_account",
            )

    def _expected_minutes(self, value: int | str, target: ResolvedTarget) -> int:
        if isinstance(value, int):
            return value

        day = self.policies.calendars[target.base_calendar].business_day_minutes
        return parse_duration(value, day).minutes

    def target(
        self, prog: Programme, res: Resolution, metric: str, wanted: Mapping[str, Any]
    ) -> None:
        where = ("expect", "targets", metric)
        metrics = [m.id for m in prog.metrics]
        found = res.target(metric)
        missing = res.no_target(metric)
        promise = "target" if found else (missing.promise if missing else None)
        if "promise" in wanted and wanted["promise"] != promise:
            source = found or missing
            self.fail(
                "PC552",
                f"expected {metric} to be {wanted['promise']}, resolved {promise or 'no cell'}"
                + (f" (policy '{source.policy}')" if source is not None else ""),
                *where,
                "promise",
            )
            return
        if missing is not None:
            if "policy" in wanted and wanted["policy"] != missing.policy:
                self.fail(
                    "PC552",
                    f"expected {metric} policy '{wanted['policy']}', resolved '{missing.policy}'",
                    *where,
                    "policy",
                )
            if set(wanted) - {"promise", "policy"}:
                self.fail(
                    "PC552",
                    f"expected a {metric} target, but {res.tier} × {res.severity} is "
                    f"{missing.promise} (policy '{missing.policy}')",
                    *where,
                )
            return
        if found is None:
            if metric in metrics:
                self.fail(
                    "PC552",
                    f"expected a {metric} target, but {res.tier} × {res.severity} has none",
                    *where,
                )
            else:
                self.fail(
                    "PC552",
                    f"unknown metric '{metric}' in programme '{prog.id}'",
                    *where,
                    hint=did_you_mean(metric, metrics) or "metrics: " + ", ".join(metrics),
                )
            return
        if not self._target_bounds(found, metric, wanted, where):
            return
        for name, actual in (("calendar", found.calendar), ("policy", found.policy)):
            if name in wanted and wanted[name] != actual:
                self.fail(
                    "PC552",
                    f"expected {metric} {name} '{wanted[name]}', resolved '{actual}'",
                    *where,
                    name,
                )
        if "due" in wanted:
            self.due(res, found, wanted["due"], (*where, "due"))

    def _target_bounds(
        self,
        found: ResolvedTarget,
        metric: str,
        wanted: Mapping[str, Any],
        where: tuple[str, ...],
    ) -> bool:
        """Check `within`, `min`, `max` and `next_business_day`; False when the target is
        of the other kind than expected (the failure is reported once)."""
        durations = [n for n in ("within", "min", "max") if n in wanted]
        if found.min is None or found.max is None:
            at = found.next_business_day
            if durations:
                self.fail(
                    "PC552",
                    f"expected {metric} {durations[0]} {wanted[durations[0]]}, resolved the "
                    f"{at} of the next business day (policy '{found.policy}')",
                    *where,
                    durations[0],
                )
                return False
            if "next_business_day" in wanted and wanted["next_business_day"] != at:
                self.fail(
                    "PC552",
                    f"expected {metric} due at the {wanted['next_business_day']} of the next "
                    f"business day, resolved its {at} (policy '{found.policy}')",
                    *where,
                    "next_business_day",
                )
            return True
        if "next_business_day" in wanted:
            self.fail(
                "PC552",
                f"expected {metric} due on the next business day, resolved a target of "
                f"{_span(found.min.minutes, found.max.minutes)} (policy '{found.policy}')",
                *where,
                "next_business_day",
            )
            return False
        self._durations(found, metric, wanted, where, found.min.minutes, found.max.minutes)
        return True

    def _durations(
        self,
        found: ResolvedTarget,
        metric: str,
        wanted: Mapping[str, Any],
        where: tuple[str, ...],
        low: int,
        high: int,
    ) -> None:
        bounds = {"min": low, "max": high}

        for name in ("within", "min", "max"):
            if name not in wanted:
                continue
            if isinstance(wanted[name], str) and (problem := duration_problem(wanted[name])):
                self.fail("PC340", problem, *where, name, hint=DURATION_HINT)
                continue
            expected = self._expected_minutes(wanted[name], found)
            checks = ("min", "max") if name == "within" else (name,)
            wrong = [b for b in checks if bounds[b] != expected]
            if wrong:
                got = _span(low, high)
                self.fail(
                    "PC552",
                    f"expected {metric} {name} {_minutes(expected)}, resolved {got} "
                    f"(policy '{found.policy}')",
                    *where,
                    name,
                )

    def due(
        self,
        res: Resolution,
        found: ResolvedTarget,
        wanted: Mapping[str, str],
        where: tuple[str | int, ...],
    ) -> None:
        if found.due is None or res.opened is None:
            self.fail(
                "PC553",
                f"an expectation on when {found.metric} is due needs `given.opened`",
                *where,
            )
            return
        for name in ("earliest", "latest"):
            if name not in wanted:
                continue
            expected = parse_opened(wanted[name], self.span(*where, name))
            actual: datetime = getattr(found.due, name)
            if actual != expected:
                # in the calendar's zone, with its offset on that date (DST-aware)
                shown = actual.astimezone(zone(self.policies.calendars[found.calendar].timezone))
                self.fail(
                    "PC553",
                    f"expected {found.metric} due at the {name} {_instant(expected)}, "
                    f"resolved {_instant(shown)} (opened {_instant(res.opened)}, "
                    f"calendar '{found.calendar}')",
                    *where,
                    name,
                )

    def escalation(
        self, prog: Programme, res: Resolution, index: int, wanted: Mapping[str, Any]
    ) -> None:
        where = ("expect", "escalation", index)
        number = wanted["level"]
        level = res.level(number)
        if level is None:
            have = ", ".join(f"L{lv.level}" for lv in res.escalation) or "none"
            self.fail(
                "PC554",
                f"expected escalation level {number}, but the chain for "
                f"{res.country or 'no country'} has levels: {have}",
                *where,
                "level",
            )
            return
        if "contact" in wanted:
            name = wanted["contact"]
            if not any(self._is(c.contact, c.name, name) for c in level.contacts):
                self.fail(
                    "PC554",
                    f"expected {name} at L{number} for {res.country}, resolved " + _people(level),
                    *where,
                    "contact",
                    hint=self._suggest(prog, name),
                )
        if "contacts" in wanted:
            names: list[str] = wanted["contacts"]
            matched = all(
                any(self._is(c.contact, c.name, n) for c in level.contacts) for n in names
            )
            if not matched or len(names) != len(level.contacts):
                self.fail(
                    "PC554",
                    f"expected exactly {', '.join(names) or 'nobody'} at L{number} for "
                    f"{res.country}, resolved " + _people(level),
                    *where,
                    "contacts",
                )

    @staticmethod
    def _is(contact_id: str, name: str, wanted: str) -> bool:
        return wanted in (contact_id, name)

    @staticmethod
    def _suggest(prog: Programme, wanted: str) -> str | None:
        known = [c.name for c in prog.contacts.values()] + list(prog.contacts)
        return did_you_mean(wanted, known)


def _people(level: ResolvedLevel) -> str:
    if not level.contacts:
        return "nobody by name"
    return ", ".join(f"{c.name} ({c.contact})" for c in level.contacts)


def no_tests(where: str) -> Diagnostic:
    return Diagnostic(
        "PC556",
        "no policy tests found",
        Span(where),
        Severity.WARNING,
        hint="add PolicyTest documents, e.g. policies/tests/<programme>.yaml",
    )
