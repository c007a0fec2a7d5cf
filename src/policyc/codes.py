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
