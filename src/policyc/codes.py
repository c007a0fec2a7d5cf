"""The registry of diagnostic codes: title, explanation, a failing example and its fix.

One source for `policyc explain`, the docs and the tests that prove every code is reachable.
Codes are stable: PC1xx load, PC2xx schema, PC3xx semantic, PC4xx emit/write, PC9xx internal.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Code:
    code: str
    title: str
    explanation: str
    example: str  # a policy file (or situation) that triggers the code
    fix: str
    exit_code: int = 1  # 1 = policy error, 2 = usage/environment error


_HEADER = "apiVersion: policyc/v1\nkind: Calendar\nid: office\n"

CODES: dict[str, Code] = {
    c.code: c
    for c in [
        Code(
            "PC101",
            "file is not valid UTF-8",
            "Policy files must be UTF-8 (a BOM is accepted). UTF-16 files or stray bytes from "
            "another encoding cannot be read reliably.",
            "a file saved as Latin-1 containing the byte 0xE9",
            "Re-save the file as UTF-8 in your editor.",
        ),
        Code(
            "PC102",
            "control character in file",
            "NUL bytes and other C0 control characters are not allowed in YAML text.",
            _HEADER + 'name: "calendar\x07"\n',
            "Remove the character.",
        ),
        Code(
            "PC103",
            "YAML syntax error",
            "The file is not well-formed YAML: a missing colon, bracket or quote, or bad indentation.",
            _HEADER + "hours: [{days: [mon], from: '09:00'\n",
            "Fix the syntax at the reported position.",
        ),
        Code(
            "PC104",
            "tab in indentation",
            "YAML forbids tab characters for indentation; editors often insert them silently.",
            _HEADER + "hours:\n\t- {days: [mon], from: '09:00', to: '17:00'}\n",
            "Indent with spaces.",
        ),
        Code(
            "PC105",
            "duplicate mapping key",
            "A key appears twice in the same mapping. Plain YAML loaders silently keep the last "
            "value, so an edit to the first occurrence would have no effect.",
            _HEADER + "timezone: Europe/Rome\ntimezone: Europe/Paris\n",
            "Keep one of the keys.",
        ),
        Code(
            "PC106",
            "non-string mapping key",
            "Mapping keys must be strings; `1:` or `true:` as a key is almost always a mistake.",
            _HEADER + "1: one\n",
            "Quote the key: `'1': one`.",
        ),
        Code(
            "PC107",
            "alias expansion limit exceeded",
            "Anchors and aliases are allowed, but their total expansion is bounded so that an "
            "'alias bomb' (billion laughs) cannot exhaust memory.",
            "a: &a [x, x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
            "(repeated for six levels)",
            "Write the data out; do not nest aliases of aliases.",
        ),
        Code(
            "PC108",
            "nesting too deep",
            "Documents nested deeper than 64 levels are rejected to bound memory and recursion.",
            "[[[[[[ ... 10,000 levels ... ]]]]]]",
            "Flatten the structure.",
        ),
        Code(
            "PC109",
            "file too large",
            "Policy files larger than 8 MiB are rejected before parsing.",
            "a 50 MB scalar",
            "Split the file.",
        ),
        Code(
            "PC110",
            "unsupported YAML tag",
            "Only the standard YAML types (string, number, boolean, null, list, mapping) are "
            "allowed. Tags such as `!!python/object` could execute code in other loaders.",
            _HEADER + "name: !!python/object:os.system x\n",
            "Remove the tag.",
        ),
        Code(
            "PC111",
            "merge key not supported",
            "YAML 1.1 merge keys (`<<: *anchor`) are not part of YAML 1.2 and hide where values "
            "come from.",
            _HEADER + "base: &b {from: '09:00'}\nhours:\n  - <<: *b\n",
            "Write the keys out in full.",
        ),
        Code(
            "PC112",
            "empty file",
            "The file contains no YAML document.",
            "(an empty .yaml file)",
            "Add a document or delete the file.",
        ),
        Code(
            "PC113",
            "cannot read file",
            "The path does not exist, is not a regular file (a directory named *.yaml, a "
            "symlink loop) or cannot be read (permissions).",
            "policies/missing.yaml",
            "Fix the path or the file's permissions.",
            exit_code=2,
        ),
        Code(
            "PC201",
            "missing or unknown apiVersion",
            "Every document starts with `apiVersion: policyc/v1`.",
            "kind: Calendar\nid: office\n",
            "Add `apiVersion: policyc/v1` as the first key.",
        ),
        Code(
            "PC202",
            "missing or unknown kind",
            "`kind` selects the schema the document is checked against.",
            "apiVersion: policyc/v1\nkind: Calender\nid: office\n",
            "Use one of the kinds listed in the message.",
        ),
        Code(
            "PC203",
            "missing required property",
            "A property the schema requires is absent.",
            "apiVersion: policyc/v1\nkind: Calendar\nid: office\nname: calendar.office\n"
            "hours: []\n",
            "Add the property (here: `timezone`).",
        ),
        Code(
            "PC204",
            "unknown property",
            "The schema does not know this property; usually a typo.",
            _HEADER + "name: calendar.office\ntimezone: UTC\nhours: []\ntimezon: UTC\n",
            "Rename or remove the property.",
        ),
        Code(
            "PC205",
            "wrong type",
            "The value has the wrong type, e.g. a number where text is expected. Unquoted "
            "values like `1.10` or `017` are read as numbers.",
            _HEADER + "name: 17\ntimezone: UTC\nhours: []\n",
            "Quote the value or use the expected type.",
        ),
        Code(
            "PC206",
            "value not allowed",
            "The value is not one of the allowed values or does not match the expected pattern.",
            _HEADER + "name: calendar.office\ntimezone: UTC\n"
            "hours: [{days: [monday], from: '09:00', to: '17:00'}]\n",
            "Use one of the allowed values (here: `mon`).",
        ),
        Code(
            "PC207",
            "invalid format",
            "A date, e-mail address, URI or similar value is malformed.",
            _HEADER + "name: calendar.office\ntimezone: UTC\nhours: []\n"
            "holidays: [{date: '2026-02-30', name: holiday.x}]\n",
            "Write dates as YYYY-MM-DD, e-mails as name@example.com.",
        ),
        Code(
            "PC208",
            "constraint violated",
            "A length, count or range constraint of the schema is violated.",
            _HEADER + "name: calendar.office\ntimezone: UTC\nhours: [{days: [], from: '09:00', "
            "to: '17:00'}]\n",
            "Adjust the value to the constraint named in the message.",
        ),
        Code(
            "PC209",
            "document is not a mapping",
            "A policy document must be a mapping with `apiVersion` and `kind`.",
            "- just\n- a list\n",
            "Make the document a mapping.",
        ),
        Code(
            "PC301",
            "unknown reference",
            "A document refers to a tier, severity, metric, calendar, region, contact, product, "
            "channel, article, sub-territory, request type or programme that is not defined.",
            "kind: SlaPolicy\n...\ntargets:\n  - {metric: first-respnse, within: 4h}\n",
            "Use a defined id (the hint suggests the nearest one).",
        ),
        Code(
            "PC302",
            "duplicate id",
            "Two definitions share an id (within a programme, or globally for calendars and "
            "programmes), or a catalog defines the same message twice.",
            "tiers:\n  - {id: basic, name: tier.basic}\n  - {id: basic, name: tier.basic2}\n",
            "Rename or remove one of them.",
        ),
        Code(
            "PC303",
            "unknown message key",
            "A text field names a message key that the programme's `en` catalog does not define.",
            "name: tier.esentials.name   # en catalog has tier.essentials.name\n",
            "Fix the key or add the message to every catalog.",
        ),
        Code(
            "PC304",
            "missing translation",
            "A catalog of a declared locale lacks messages that the `en` catalog has.",
            "locale: fr\nmessages: {}   # en has tier.basic.name\n",
            "Translate the missing messages.",
        ),
        Code(
            "PC305",
            "missing catalog",
            "A programme declares a locale (or pages need chrome text in a locale) but no "
            "catalog exists for it.",
            "locales: [en, de]   # and no Catalog with locale: de\n",
            "Add a Catalog document for the locale, or remove the locale.",
        ),
        Code(
            "PC306",
            "obsolete message",
            "A translated catalog has a key the `en` catalog no longer has (warning).",
            "locale: fr\nmessages:\n  tier.old.name: Ancien   # not in en\n",
            "Remove it, or add it to `en`.",
        ),
        Code(
            "PC307",
            "placeholder mismatch",
            "A translation uses different `{placeholders}` than the `en` message.",
            "en:  'At least {seats} users'\nfr:  'Au moins {places} utilisateurs'\n",
            "Keep the same placeholders as the source message.",
        ),
        Code(
            "PC308",
            "missing plural form",
            "A plural message lacks a CLDR plural category its locale needs (Babel knows which).",
            "locale: fr\nmessages:\n  hours: {other: '{count} heures'}   # fr needs one, many\n",
            "Add the missing categories.",
        ),
        Code(
            "PC309",
            "country in two regions",
            "Each country belongs to exactly one region of a programme.",
            "regions:\n  - {id: a, countries: [MC]}\n  - {id: b, countries: [MC]}\n",
            "Remove the country from one region.",
        ),
        Code(
            "PC310",
            "escalation contact does not resolve",
            "At an escalation level with country-scoped contacts, some country of the region "
            "resolves to no contact or to two different ones.",
            "levels:\n  - level: 4\n    contacts: [{contact: a, countries: [FR]}]  # MC uncovered\n",
            "Scope the contacts so that they cover each country exactly once.",
        ),
        Code(
            "PC311",
            "escalation levels not contiguous",
            "Escalation levels must be numbered 1, 2, 3, … in order.",
            "levels: [{level: 1, role: r1}, {level: 3, role: r3}]\n",
            "Renumber the levels.",
        ),
        Code(
            "PC312",
            "range minimum above maximum",
            "A ranged target's `min` is greater than its `max`.",
            "within: {min: 3h, max: 1h}\n",
            "Swap the values.",
        ),
        Code(
            "PC313",
            "target on a calendar that is never open",
            "A target is measured on a calendar with no open hours, so it could never be met.",
            "hours: []   # and a target on this calendar\n",
            "Give the calendar hours or measure on another calendar.",
        ),
        Code(
            "PC314",
            "higher tier slower than lower tier",
            "A higher tier promises a slower target than the tier below it with the same "
            "audience, for the same severity and metric (warning).",
            "tiers: [basic, premium]\ntargets: [{tiers: [premium], within: 8h}, "
            "{tiers: [basic], within: 4h}]\n",
            "Check the tier order (lowest first) and the targets.",
        ),
        Code(
            "PC315",
            "unknown time zone",
            "The time zone is not in the IANA tz database.",
            "timezone: Europe/Atlantis\n",
            "Use a tz database name such as Europe/Rome.",
        ),
        Code(
            "PC316",
            "unknown country code",
            "The code is not an ISO 3166-1 alpha-2 country (or a sub-territory lies outside "
            "its region).",
            "countries: [UK]   # the ISO code is GB\n",
            "Use the ISO 3166-1 alpha-2 code.",
        ),
        Code(
            "PC317",
            "unknown locale",
            "The locale tag is not one CLDR knows.",
            "locales: [en, xx-YY]\n",
            "Use a BCP 47 tag such as fr or zh-TW.",
        ),
        Code(
            "PC318",
            "SLA matrix hole",
            "The programme's default SLA policy (one without `applies_to`) is missing, or does "
            "not define a target for some tier × severity × metric the programme declares.",
            "metrics: [first-response, resolution]   # and no resolution targets\n",
            "Add targets, or mark the metric `targeted: false`.",
        ),
        Code(
            "PC319",
            "target defined twice",
            "Two target rules of one SLA policy cover the same tier × severity × metric.",
            "targets:\n  - {metric: m, within: 4h}\n  - {metric: m, tiers: [premium], "
            "within: 1h}\n",
            "Narrow the tiers or severities of one rule.",
        ),
        Code(
            "PC320",
            "country under two large-account rules",
            "Each country may have at most one large-account threshold.",
            "large_accounts:\n  - {id: a, countries: [US], min_seats: 70}\n"
            "  - {id: b, countries: [US], min_seats: 50}\n",
            "Remove the country from one rule.",
        ),
        Code(
            "PC321",
            "source locale not first",
            "A programme's first locale must be the source locale `en`.",
            "locales: [fr, en]\n",
            "List en first.",
        ),
        Code(
            "PC322",
            "catalog for undeclared locale",
            "A catalog exists for a locale the programme does not declare (warning).",
            "locales: [en]   # and a Catalog with locale: de\n",
            "Declare the locale or remove the catalog.",
        ),
        Code(
            "PC323",
            "empty calendar interval",
            "An opening interval starts and ends at the same time.",
            "hours: [{days: [mon], from: '09:00', to: '09:00'}]\n",
            "For a whole day write from '00:00' to '24:00'.",
        ),
        Code(
            "PC324",
            "validity ends before it starts",
            "`valid_to` is earlier than `valid_from`.",
            "valid_from: '2026-01-01'\nvalid_to: '2025-12-31'\n",
            "Fix the dates.",
        ),
        Code(
            "PC325",
            "service matrix incomplete",
            "A service row does not say whether some tier gets the service.",
            "by_tier: {basic: {included: true}}   # premium missing\n",
            "Add every tier with included: true or false.",
        ),
        Code(
            "PC326",
            "region without escalation chain",
            "A region has no escalation chain (warning).",
            "regions: [{id: anz, ...}]   # and no chain with region: anz\n",
            "Add a chain for the region.",
        ),
        Code(
            "PC401",
            "artifact path outside the output",
            "An emitter produced a path that would be written outside --out. This is a bug or a "
            "hostile input that validation should have caught.",
            "(an artifact named ../x)",
            "Report it.",
        ),
        Code(
            "PC402",
            "output is locked",
            "Another `policyc build` is writing the same output directory.",
            "(two builds at once)",
            "Wait for the other build; delete a stale lock file if none runs.",
            exit_code=2,
        ),
        Code(
            "PC403",
            "cannot write output",
            "Writing the output failed (disk full, permissions); the previous output is kept.",
            "(a full disk)",
            "Fix the file system problem and build again.",
            exit_code=2,
        ),
        Code(
            "PC404",
            "generated output out of date",
            "`policyc build --check` found a file that differs from, is missing from, or is not "
            "produced by a fresh build.",
            "(generated/ edited by hand)",
            "Run `policyc build` and commit the result.",
        ),
        Code(
            "PC901",
            "internal error",
            "policyc hit an unexpected condition. This is a bug in policyc, not in your policy; "
            "the file being processed is named.",
            "(none: please report it)",
            "Report the message and the file to the policyc maintainers.",
            exit_code=2,
        ),
    ]
}


def register(*codes: Code) -> None:
    """Add codes owned by a later stage (the model, emitters, the writer)."""
    for code in codes:
        CODES[code.code] = code


def exit_code_for(code: str) -> int:
    entry = CODES.get(code)
    return entry.exit_code if entry else 1
