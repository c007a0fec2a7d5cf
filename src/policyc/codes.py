"""The registry of diagnostic codes: title, explanation, a failing example and its fix.

One source for `policyc explain`, the docs and the tests that prove every code is reachable.
Codes are stable: PC1xx load, PC2xx schema, PC3xx semantic, PC4xx emit/write, PC5xx routing,
tests and diff, PC6xx push, PC9xx internal.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal


@dataclass(frozen=True, slots=True)
class Code:
    code: str
    title: str
    explanation: str
    example: str  # a policy file (or situation) that triggers the code
    fix: str
    exit_code: int = 1  # 1 = policy error, 2 = usage/environment error
    severity: Literal["error", "warning"] = "error"  # a warning alone exits 0

    @property
    def exit_status(self) -> int:
        """The exit code of a run whose only finding is this one."""
        return 0 if self.severity == "warning" else self.exit_code


_HEADER = "apiVersion: policyc/v1\nkind: Calendar\nid: office\n"

_ZD = (
    "# sla.yaml\n"
    "apiVersion: policyc/v1\n"
    "kind: Export\n"
    "programme: northwind-support\n"
    "system: zendesk\n"
)
_ZD_FULL_TIERS = (
    "conditions:\n"
    "  tiers: {field: current_tags, operator: includes,\n"
    "          values: {standard: nw_standard, business: nw_business, enterprise: nw_enterprise}}\n"
)
_ZD_OK = (
    _ZD
    + "range: max\n"
    + "severities: {p1: urgent, p2: high, p3: normal, p4: low}\n"
    + "metrics: {first-response: first_reply_time, resolution: total_resolution_time}\n"
)
_PD = (
    "# regions.yaml\n"
    "apiVersion: policyc/v1\n"
    "kind: Export\n"
    "programme: northwind-support\n"
    "system: pagerduty\n"
)

EXPORT_CODES = [
    Code(
        "PC360",
        "second export for one system",
        "A programme has one `Export` document per system (zendesk, pagerduty); a second "
        "one would make two sets of payloads for the same account.",
        _ZD_OK + _ZD_FULL_TIERS + _ZD_OK + _ZD_FULL_TIERS,
        "Merge the two mappings into one document.",
    ),
    Code(
        "PC361",
        "severity not mapped to a Zendesk priority",
        "Zendesk SLA targets are set per ticket priority (low, normal, high, urgent). Every "
        "severity of the programme needs the priority (or priorities) whose targets it sets.",
        _ZD
        + "range: max\n"
        + "severities: {p1: urgent, p2: high, p3: normal}   # p4 is missing\n"
        + "metrics: {first-response: first_reply_time, resolution: total_resolution_time}\n"
        + _ZD_FULL_TIERS,
        "Add the severity under `severities:`.",
    ),
    Code(
        "PC362",
        "two severities map to one Zendesk priority",
        "A Zendesk policy holds one target per priority and metric, so a priority set from "
        "two severities would get two targets: the mapping is ambiguous.",
        _ZD
        + "range: max\n"
        + "severities: {p1: urgent, p2: high, p3: normal, p4: normal}\n"
        + "metrics: {first-response: first_reply_time, resolution: total_resolution_time}\n"
        + _ZD_FULL_TIERS,
        "Map each priority from one severity (Zendesk has four priorities).",
    ),
    Code(
        "PC363",
        "targeted metric not mapped to a Zendesk metric",
        "Every metric with targets (`targeted: true`, the default) needs the Zendesk SLA "
        "metric it becomes: first_reply_time, next_reply_time, periodic_update_time, "
        "requester_wait_time, agent_work_time, total_resolution_time or pausable_update_time.",
        _ZD
        + "range: max\n"
        + "severities: {p1: urgent, p2: high, p3: normal, p4: low}\n"
        + "metrics: {first-response: first_reply_time}   # resolution is missing\n"
        + _ZD_FULL_TIERS,
        "Add the metric under `metrics:`.",
    ),
    Code(
        "PC364",
        "two metrics map to one Zendesk metric",
        "Two metrics mapped to the same Zendesk SLA metric would give one priority two targets "
        "for it: the mapping is ambiguous.",
        _ZD
        + "range: max\n"
        + "severities: {p1: urgent, p2: high, p3: normal, p4: low}\n"
        + "metrics: {first-response: first_reply_time, resolution: first_reply_time}\n"
        + _ZD_FULL_TIERS,
        "Map each Zendesk metric from one metric.",
    ),
    Code(
        "PC365",
        "SLA policy needs an unmapped Zendesk condition",
        "Zendesk chooses an SLA policy by its filter conditions. A policy's `applies_to` "
        "values (regions, countries, languages, products, channels), and its tiers when they "
        "have different targets, become conditions: each needs the ticket field, operator and "
        "value the team uses (usually a tag).",
        _ZD_OK + "# no conditions: the tiers of standard-terms have different targets\n",
        "Map the values under `conditions: {tiers: {field, operator, values}}`.",
    ),
    Code(
        "PC366",
        "range targets without a `range` bound",
        "Zendesk takes one time per target; a range (`within: {min, max}`) exports the bound "
        "the owner chooses. Without `range:` the mapping does not say which.",
        _ZD
        + "severities: {p1: urgent, p2: high, p3: normal, p4: low}\n"
        + "metrics: {first-response: first_reply_time, resolution: total_resolution_time}\n"
        + _ZD_FULL_TIERS,
        "Add `range: min` or `range: max`.",
    ),
    Code(
        "PC367",
        "contact without an e-mail for PagerDuty",
        "PagerDuty targets are users, found by e-mail address when policyc pushes. A contact "
        "in an escalation chain with no `email` (and no address under `users:`) cannot be one.",
        "# regions.yaml\n"
        "contacts:\n"
        "  - {id: duty-manager, name: Duty Manager, title: contact.duty}\n"
        "  - {id: anna, name: Anna Becker, email: anna.becker@northwind.example, title: contact.account}\n"
        "  - {id: luc, name: Luc Martin, email: luc.martin@northwind.example, title: contact.account}\n"
        + _PD
        + "escalation_delay: 30m\n",
        "Give the contact an `email`, or map it under `users: {duty-manager: duty@example.com}`.",
    ),
    Code(
        "PC368",
        "escalation level without a delay for PagerDuty",
        "Each PagerDuty escalation rule needs `escalation_delay_in_minutes`. A level without "
        "`delay:` takes the mapping's `escalation_delay`; neither is given.",
        _PD + "# level 2 of each chain states no delay\n",
        "Add `escalation_delay: 30m` to the mapping or a `delay:` to each level.",
    ),
    Code(
        "PC369",
        "nothing to export to PagerDuty",
        "A PagerDuty export turns escalation chains into escalation policies; the programme "
        "has none.",
        "apiVersion: policyc/v1\n"
        "kind: Export\n"
        "programme: shop\n"
        "system: pagerduty\n"
        "escalation_delay: 30m\n"
        "---\n"
        "apiVersion: policyc/v1\n"
        "kind: Programme\n"
        "id: shop\n"
        "name: shop.name\n"
        "owner: {organisation: Shop}\n"
        "products: [{id: app, name: shop.name}]\n"
        "locales: [en]\n"
        "tiers: [{id: basic, name: shop.name}]\n"
        "severities: [{id: normal, name: shop.name}]\n"
        "metrics: [{id: reply, name: shop.name, targeted: false}]\n"
        "---\n"
        "apiVersion: policyc/v1\n"
        "kind: Catalog\n"
        "programme: shop\n"
        "locale: en\n"
        "messages: {shop.name: Shop}\n",
        "Add an Escalation document for the programme, or remove the export.",
    ),
    Code(
        "PC430",
        "range target exported at one bound",
        "Zendesk takes one time per priority and metric: a range target exports the bound "
        "the mapping's `range:` chooses, reported so nobody reads Zendesk's timer as the "
        "whole promise (warning).",
        _ZD_OK + _ZD_FULL_TIERS,
        "Nothing, if the bound is the one to enforce; the pages still show the range.",
        severity="warning",
    ),
    Code(
        "PC431",
        "cell without a target not exported",
        "A not-offered, best-effort or not-stated cell has no time; Zendesk has no such "
        "target, so the cell's priority gets no timer for that metric (warning).",
        "# sla.yaml\n"
        "targets:\n"
        "  - {metric: first-response, within: 4h}\n"
        "  - {metric: resolution, within: best-effort}\n" + _ZD_OK,
        "Nothing, if those tickets need no timer; or state a target for the cell.",
        severity="warning",
    ),
    Code(
        "PC432",
        "condition without a Zendesk field: not exported",
        "A policy or calendar exception depends on a case type (or another condition) that the "
        "mapping gives no Zendesk condition for; Zendesk could not tell those tickets apart, "
        "so that SLA policy is not exported (warning).",
        "# programme.yaml\n"
        "case_types: [{id: outage, name: priority.p1}]\n"
        "# calendars.yaml\n"
        "exceptions: [{id: outages, case_types: [outage], calendar: nonstop, text: calendar.p1-nonstop}]\n"
        + _ZD_OK
        + _ZD_FULL_TIERS,
        "Map the case types under `conditions: {case_types: {field, operator, values}}`.",
        severity="warning",
    ),
    Code(
        "PC433",
        "cell on a second business-hours calendar: not exported",
        "A Zendesk ticket runs on one business-hours schedule: `business_hours: true` means "
        "that schedule. A cell measured on another business-hours calendar than the rest of "
        "its policy (24/7 ones are fine: `business_hours: false`) cannot be expressed (warning).",
        "# sla.yaml\n"
        "targets:\n"
        "  - {metric: first-response, within: 4h}\n"
        "  - {metric: resolution, within: 2d, calendar: paris-office}\n"
        "# calendars.yaml\n"
        "apiVersion: policyc/v1\n"
        "kind: Calendar\n"
        "id: paris-office\n"
        "programme: northwind-support\n"
        "name: calendar.berlin-office\n"
        "timezone: Europe/Paris\n"
        "hours: [{days: [mon, tue, wed, thu, fri], from: '09:00', to: '17:00'}]\n" + _ZD_OK,
        "Measure one policy's cells on one business-hours calendar, or split the policy.",
        severity="warning",
    ),
    Code(
        "PC434",
        "region calendars need a schedule per region",
        "With `region_calendars`, targets run on the customer's regional calendar; a Zendesk "
        "ticket has one schedule, which a trigger must set per region (warning).",
        "# sla.yaml\nregion_calendars: {dach: berlin-office}\n" + _ZD_OK + _ZD_FULL_TIERS,
        "Add a Zendesk trigger per region that sets the region's schedule.",
        severity="warning",
    ),
    Code(
        "PC435",
        "escalation level without anyone to page",
        "A level that names a role but no contact gives PagerDuty no target; the rule is "
        "left out unless the mapping's `roles:` names users for the role (warning).",
        "# regions.yaml\n"
        "chains:\n"
        "  - region: dach\n"
        "    levels: [{level: 1, role: escalation.duty, delay: 30m}]\n"
        "  - region: france\n"
        "    levels: [{level: 1, role: escalation.duty, delay: 30m, contacts: [{contact: luc}]}]\n"
        + _PD
        + "escalation_delay: 30m\n",
        "Map the role under `roles: {escalation.duty: [duty@example.com]}`.",
        severity="warning",
    ),
    Code(
        "PC436",
        "more than 10 people on one level",
        "A PagerDuty escalation rule takes at most 10 targets; the first 10 are exported "
        "(warning).",
        "# regions.yaml\n"
        "contacts:\n"
        + "".join(
            f"  - {{id: p{i}, name: P{i}, email: p{i}@northwind.example}}\n" for i in range(11)
        )
        + "# regions.yaml\n"
        "chains:\n"
        "  - region: dach\n"
        "    levels:\n"
        "      - level: 1\n"
        "        role: escalation.duty\n"
        "        contacts: ["
        + ", ".join(f"{{contact: p{i}}}" for i in range(11))
        + "]\n"
        + _PD
        + "escalation_delay: 30m\n",
        "Split the level, or page a PagerDuty schedule that rotates through them.",
        severity="warning",
    ),
    Code(
        "PC437",
        "exported calendar rests on an assumption",
        "The calendar says the source does not state its days or zone (`not_stated`); the "
        "Zendesk schedule carries the assumed values (warning).",
        "# calendars.yaml\nnot_stated: [timezone]\n" + _ZD_OK + _ZD_FULL_TIERS,
        "Confirm the hours or zone with the vendor before pushing.",
        severity="warning",
    ),
    Code(
        "PC438",
        "cell falls through to another policy",
        "In policyc a conditional policy without a cell for a metric leaves that metric to "
        "the next policy; Zendesk applies only the first matching policy, so the cell "
        "cannot be exported (warning).",
        "# sla.yaml\n"
        "apiVersion: policyc/v1\n"
        "kind: SlaPolicy\n"
        "id: dach-fast\n"
        "programme: northwind-support\n"
        "name: sla.standard-terms\n"
        "calendar: berlin-office\n"
        "applies_to: {regions: [dach]}\n"
        "targets: [{metric: first-response, within: 1h}]\n"
        + _ZD_OK
        + _ZD_FULL_TIERS
        + "  regions: {field: current_tags, operator: includes, values: {dach: nw_dach}}\n",
        "Give the conditional policy a cell for every metric.",
        severity="warning",
    ),
    Code(
        "PC439",
        "next-business-day target not exported",
        "Zendesk's SLA targets are a number of minutes; \"by the start (or end) of the next "
        'business day" is a point in time that depends on when the ticket comes, so the '
        "cell's priority gets no timer for that metric (warning).",
        "# sla.yaml\n"
        "targets:\n"
        "  - {metric: first-response, within: 4h}\n"
        "  - {metric: resolution, within: {next_business_day: end}}\n" + _ZD_OK,
        "Nothing, if a Zendesk trigger or automation sets the due date; or state the target "
        "as a duration if the vendor promises one.",
        severity="warning",
    ),
]

PUSH_CODES = [
    Code(
        "PC601",
        "API token not set",
        "`policyc push` reads the vendor's API token from an environment variable "
        "(ZENDESK_API_TOKEN with ZENDESK_EMAIL, or PAGERDUTY_API_TOKEN), never from a flag, "
        "so it stays out of shell history and logs. The variable is unset or empty.",
        "(policyc push zendesk --programme zoho-partner-support with ZENDESK_API_TOKEN unset)",
        "Export the variable in the shell or CI secret store, then run the command again.",
        exit_code=2,
    ),
    Code(
        "PC602",
        "vendor API unreachable",
        "The connection to the API failed or timed out (after retries): DNS, TLS, a proxy "
        "or a wrong --base-url. Nothing more was sent.",
        "(policyc push pagerduty --programme zoho-partner-support --base-url http://127.0.0.1:9)",
        "Check --base-url and the network; the plan can be re-run safely (it is idempotent).",
        exit_code=2,
    ),
    Code(
        "PC603",
        "vendor rejected a request",
        "The API answered a request with a 4xx status (bad token, missing permission, "
        "invalid field). policyc stops at the first one and shows the vendor's message; "
        "what was applied before it stays applied.",
        "(policyc push zendesk --apply, answered 422 'Title: has already been taken')",
        "Fix what the vendor's message names and apply again: done steps show as unchanged.",
        exit_code=2,
    ),
    Code(
        "PC604",
        "vendor API kept failing",
        "The API answered 429 (rate limit) or 5xx on every attempt; policyc waited as "
        "Retry-After asked (or backed off exponentially) and gave up after its retries.",
        "(policyc push pagerduty --apply, answered 503 five times)",
        "Run the command again later: the plan resumes where it stopped.",
        exit_code=2,
    ),
    Code(
        "PC605",
        "no export mapping for the system",
        "The programme has no `Export` document for the system pushed to, so there is "
        "nothing to send.",
        "(policyc push pagerduty --programme dropbox-premium-support)",
        "Add an Export document (`system: pagerduty`) for the programme; see docs/exports.md.",
    ),
    Code(
        "PC606",
        "PagerDuty user not found",
        "Escalation targets are PagerDuty users looked up by e-mail (GET /users?query=); no "
        "user of the account has this address, so the policy cannot be sent.",
        "(policyc push pagerduty for a contact whose address has no PagerDuty user)",
        "Invite the person to PagerDuty, or map the contact to their login under `users:`.",
    ),
    Code(
        "PC607",
        "invalid --base-url",
        "--base-url must be an absolute http or https URL (https for anything but "
        "127.0.0.1/localhost, so a token is never sent in clear text).",
        "(policyc push zendesk --base-url ftp://example.com)",
        "Pass the API root, e.g. https://example.zendesk.com or https://api.eu.pagerduty.com.",
        exit_code=2,
    ),
    Code(
        "PC608",
        "unexpected answer from the vendor",
        "The API answered with something that is not the JSON its documentation describes "
        "(a proxy's HTML page, a truncated body), so policyc cannot tell what exists.",
        "(policyc push zendesk --base-url pointing at a web page instead of the API)",
        "Check --base-url names the API root.",
        exit_code=2,
    ),
]


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
            "YAML forbids tab characters for indentation; editors often insert them silently. "
            "A tab elsewhere is fine: in text, after a value, or on a line of only white space "
            "or a comment.",
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
            "non-string or empty mapping key",
            "Mapping keys must be non-empty strings; `1:` or `true:` as a key is almost always "
            "a mistake, and an empty key (`: value`, `? : value`) is null in YAML 1.2.",
            _HEADER + "1: one\n",
            "Quote the key: `'1': one`.",
        ),
        Code(
            "PC107",
            "alias expansion limit exceeded",
            "Anchors and aliases are allowed, but what they expand to is bounded (100,000 nodes "
            "and 1,000,000 characters of text per document) so that an 'alias bomb' (billion "
            "laughs), or thousands of aliases of one long text, cannot exhaust memory. An alias "
            "inside the collection its anchor names (`a: &x [*x]`) would expand forever and is "
            "rejected too.",
            "a: &a [x, x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
            "(repeated for six levels)",
            "Write the data out; do not nest aliases of aliases.",
        ),
        Code(
            "PC108",
            "nesting too deep",
            "Documents nested deeper than 64 levels are rejected to bound memory and recursion.",
            "a: " + "[" * 65 + "]" * 65 + "   # 66 levels with the mapping",
            "Flatten the structure.",
        ),
        Code(
            "PC109",
            "file too large",
            "Policy files larger than 8 MiB are rejected before parsing; files with more than "
            "100,000 YAML nodes or 1,000 documents are rejected while parsing, so a small file "
            "cannot make the parser use gigabytes of memory.",
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
            "YAML 1.1 merge keys (`<<: *anchor`, also `!!merge <<: *anchor`) are not part of "
            "YAML 1.2 and hide where values come from.",
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
            "symlink loop, a named pipe or device), cannot be read (permissions), has a name "
            "that is not UTF-8 or lies more than 32 directories deep. Symlinks found in a "
            "policy directory (files and directories) are followed only when they lead inside "
            "it or the git work tree holding it; one leading elsewhere is not read "
            "(`x.yaml -> /proc/self/environ` would print secrets into a CI log).",
            "policies/missing.yaml",
            "Fix the path or the file's permissions.",
            exit_code=2,
        ),
        Code(
            "PC114",
            "value does not match its tag",
            "A standard tag must fit its value, as YAML 1.2's core schema defines them: "
            "`!!int`, `!!float`, `!!bool` and `!!null` take exactly the forms an untagged value "
            'of that type is written in (quoted or not: `!!int "0x1A"` is 26, `!!float 1` is '
            "1.0), and `!!str`, `!!seq` and `!!map` tag a scalar, a sequence and a mapping. "
            "`!!bool yes`, `!!int 1.5`, `!!null text` or `!!seq 1` would otherwise be "
            "guessed at.",
            _HEADER + "name: calendar.office\ntimezone: !!bool yes\n",
            "Remove the tag, or write the value in the tag's form (`!!bool true`).",
        ),
        Code(
            "PC115",
            "number too large",
            "Integers have at most 18 digits (less than 10^18, within a signed 64-bit "
            "integer), and a decimal number must fit a 64-bit float (`1e400` is not read as "
            "infinity; write `.inf` for that): no policy number comes near, and longer ones "
            "are typing mistakes that other tools read differently.",
            _HEADER + "name: calendar.office\ntimezone: 1234567890123456789012\n",
            "Fix the number, or quote it if it is text.",
        ),
        Code(
            "PC116",
            "no policy files found",
            "The policy directory holds no `*.yaml` or `*.yml` file, so nothing was checked, "
            "tested or built: usually the wrong --policies, or a checkout without its "
            "policies (warning). `policyc diff` compares an empty side as a set with no "
            "programmes.",
            "policyc validate --policies schemas   # a directory with no YAML",
            "Pass the directory that holds the policy files with --policies DIR.",
            severity="warning",
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
            "# sla.yaml\ntargets:\n  - {metric: first-respnse, within: 4h}   # the metric is "
            "first-response\n",
            "Use a defined id (the hint suggests the nearest one).",
        ),
        Code(
            "PC302",
            "duplicate id",
            "Two definitions share an id (within a programme, or globally for calendars and "
            "programmes), or a catalog defines the same message twice.",
            "# programme.yaml\nmetrics:\n  - {id: first-response, name: metric.first-response}\n"
            "  - {id: first-response, name: metric.resolution}   # meant: resolution\n",
            "Rename or remove one of them.",
        ),
        Code(
            "PC303",
            "unknown message key",
            "A text field names a message key that the programme's `en` catalog does not define.",
            "# programme.yaml\nmetrics:\n  - {id: first-response, name: metric.first-respons}"
            "   # en has metric.first-response\n  - {id: resolution, name: metric.resolution}\n",
            "Fix the key or add the message to every catalog.",
        ),
        Code(
            "PC304",
            "missing translation",
            "A catalog of a declared locale lacks messages that the `en` catalog has.",
            "# catalogs/en.yaml\nmessages:\n  tier.gold: Gold   # and no tier.gold in "
            "catalogs/fr.yaml\n",
            "Translate the missing messages.",
        ),
        Code(
            "PC305",
            "missing catalog",
            "A programme declares a locale (or pages need chrome text in a locale) but no "
            "catalog exists for it.",
            "# programme.yaml\nlocales: [en, fr, de]   # and no Catalog with locale: de\n",
            "Add a Catalog document for the locale, or remove the locale.",
        ),
        Code(
            "PC306",
            "obsolete message",
            "A translated catalog has a key the `en` catalog no longer has (warning).",
            "# catalogs/fr.yaml\nmessages:\n  tier.gold: Or   # the en catalog has no tier.gold\n",
            "Remove it, or add it to `en`.",
            severity="warning",
        ),
        Code(
            "PC307",
            "placeholder mismatch",
            "A translation uses different `{placeholders}` than the `en` message.",
            "# catalogs/en.yaml\nmessages:\n  eligibility.contract: At least {seats} users.\n"
            "# catalogs/fr.yaml\nmessages:\n  eligibility.contract: Au moins {places} utilisateurs.\n",
            "Keep the same placeholders as the source message.",
        ),
        Code(
            "PC308",
            "missing plural form",
            "A plural message lacks a CLDR plural category its locale needs (Babel knows which).",
            "# catalogs/en.yaml\nmessages:\n  unit.hours: {one: '{count} hour', other: '{count} hours'}\n"
            "# catalogs/fr.yaml\nmessages:\n  unit.hours: {other: '{count} heures'}   # fr needs one, many\n",
            "Add the missing categories.",
        ),
        Code(
            "PC309",
            "country in two regions",
            "Each country belongs to exactly one region of a programme.",
            "# regions.yaml\nregions:\n  - {id: dach, name: region.dach, countries: [DE, AT, CH]}\n"
            "  - {id: france, name: region.france, countries: [FR, MC, CH]}   # CH is in dach too\n",
            "Remove the country from one region.",
        ),
        Code(
            "PC310",
            "escalation contact does not resolve",
            "At an escalation level with country-scoped contacts, some country of the region "
            "resolves to no contact or to two different ones.",
            "# regions.yaml\nchains:\n  - region: france   # countries: [FR, MC]\n    levels:\n"
            "      - level: 1\n        role: escalation.account\n"
            "        contacts: [{contact: luc, countries: [FR]}]   # nobody for MC\n",
            "Scope the contacts so that they cover each country exactly once.",
        ),
        Code(
            "PC311",
            "escalation levels not contiguous",
            "Escalation levels must be numbered 1, 2, 3, … in order.",
            "# regions.yaml\nchains:\n  - region: france\n    levels:\n"
            "      - {level: 1, role: escalation.duty}\n"
            "      - {level: 3, role: escalation.account}   # there is no level 2\n",
            "Renumber the levels.",
        ),
        Code(
            "PC312",
            "range minimum above maximum",
            "A ranged target's `min` is greater than its `max`.",
            "# sla.yaml\ntargets:\n  - {metric: first-response, within: 4h}\n"
            "  - {metric: resolution, within: {min: 3d, max: 1d}}\n",
            "Swap the values.",
        ),
        Code(
            "PC313",
            "target on a calendar that is never open",
            "A target is measured on a calendar with no open hours, so it could never be met.",
            "# calendars.yaml\nid: berlin-office   # the calendar of the targets in sla.yaml\n"
            "hours: []\n",
            "Give the calendar hours or measure on another calendar.",
        ),
        Code(
            "PC314",
            "higher tier slower than lower tier",
            "A higher tier promises a slower target than the tier below it with the same "
            "audience, for the same severity and metric (warning).",
            "# sla.yaml   (tiers: [standard, business, enterprise], lowest first)\ntargets:\n"
            "  - {metric: first-response, tiers: [standard], within: 1h}\n"
            "  - {metric: first-response, tiers: [business, enterprise], within: 4h}\n"
            "  - {metric: resolution, within: 5d}\n",
            "Check the tier order (lowest first) and the targets.",
            severity="warning",
        ),
        Code(
            "PC315",
            "unknown time zone",
            "The time zone is not in the IANA tz database.",
            "# calendars.yaml\ntimezone: Europe/Atlantis\n",
            "Use a tz database name such as Europe/Rome.",
        ),
        Code(
            "PC316",
            "unknown country code",
            "The code is not an ISO 3166-1 alpha-2 country (or a sub-territory lies outside "
            "its region).",
            "# regions.yaml\nregions:\n  - {id: dach, name: region.dach, countries: [DE, AT, CH, FL]}"
            "   # Liechtenstein is LI\n  - {id: france, name: region.france, countries: [FR, MC]}\n",
            "Use the ISO 3166-1 alpha-2 code.",
        ),
        Code(
            "PC317",
            "unknown locale",
            "The locale tag is not one CLDR knows.",
            "# programme.yaml\nsupport_languages: [en, fr, jp]   # Japanese is ja (JP is the country)\n",
            "Use a BCP 47 tag such as fr or zh-TW.",
        ),
        Code(
            "PC318",
            "SLA matrix hole",
            "The programme's default SLA policy (one without `applies_to`) is missing, or does "
            "not define a target for some tier × severity × metric the programme declares. "
            "A cell the source promises no time for is still a cell: write `within: "
            "not-offered`, `best-effort` or `not-stated` for it, and it counts as defined.",
            "# sla.yaml   (the programme's metrics: first-response, resolution)\ntargets:\n"
            "  - {metric: first-response, within: 4h}   # and no resolution target\n",
            "Add targets; for cells without a promised time add a rule such as "
            "`{metric: resolution, severities: [sev-1], within: best-effort}` (or `not-offered`, "
            "`not-stated`), or mark the whole metric `targeted: false`.",
        ),
        Code(
            "PC319",
            "target defined twice",
            "Two target rules of one SLA policy cover the same tier × severity × metric.",
            "# sla.yaml\ntargets:\n  - {metric: first-response, within: 4h}\n"
            "  - {metric: first-response, tiers: [enterprise], within: 1h}   # enterprise again\n"
            "  - {metric: resolution, within: 5d}\n",
            "Narrow the tiers or severities of one rule.",
        ),
        Code(
            "PC320",
            "country under two large-account rules",
            "Each country may have at most one large-account threshold.",
            "# regions.yaml\nlarge_accounts:\n"
            "  - {id: dach, name: region.dach, regions: [dach], min_seats: 70}\n"
            "  - {id: germany, name: region.dach, countries: [DE], min_seats: 50}   # DE is in dach\n",
            "Remove the country from one rule.",
        ),
        Code(
            "PC321",
            "source locale not first",
            "A programme's first locale must be the source locale `en`.",
            "# programme.yaml\nlocales: [fr, en]\n",
            "List en first.",
        ),
        Code(
            "PC322",
            "catalog for undeclared locale",
            "A catalog exists for a locale the programme does not declare (warning).",
            "# catalogs/fr.yaml   (the programme's locales: [en, fr])\nlocale: de\n",
            "Declare the locale or remove the catalog.",
            severity="warning",
        ),
        Code(
            "PC323",
            "empty calendar interval",
            "An opening interval starts and ends at the same time.",
            "# calendars.yaml\nhours: [{days: [mon], from: '09:00', to: '09:00'}]\n",
            "For a whole day write from '00:00' to '24:00'.",
        ),
        Code(
            "PC324",
            "validity ends before it starts",
            "`valid_to` is earlier than `valid_from`.",
            "# programme.yaml\nvalid_from: '2026-01-01'\nvalid_to: '2025-12-31'\n",
            "Fix the dates.",
        ),
        Code(
            "PC325",
            "service matrix incomplete",
            "A service row does not say whether some tier gets the service.",
            "# programme.yaml   (tiers: standard, business, enterprise)\nservices:\n"
            "  - id: named-engineer\n    name: service.named-engineer\n"
            "    by_tier: {enterprise: {included: true}}   # standard, business missing\n",
            "Add every tier with included: true or false.",
        ),
        Code(
            "PC326",
            "region without escalation chain",
            "A region has no escalation chain (warning).",
            "# regions.yaml   (regions: dach, france)\nchains:\n  - region: dach\n"
            "    levels: [{level: 1, role: escalation.duty}]\n# and no chain for france\n",
            "Add a chain for the region.",
            severity="warning",
        ),
        Code(
            "PC327",
            "id is a reserved file name",
            "Ids become file and directory names in generated/. Windows reserves the device "
            "names con, prn, aux, nul, com0-com9 and lpt0-lpt9, with or without an extension, "
            "so a checkout of generated/ would fail there. (The id pattern already rules out "
            "`../`, `/`, `.`, upper case and ids over 64 characters.)",
            "apiVersion: policyc/v1\nkind: Calendar\nid: con\nname: calendar.con\n"
            "timezone: UTC\nhours: []\n",
            "Choose another id, e.g. `console`.",
        ),
        Code(
            "PC328",
            "glossary variant",
            "A catalog's `glossary` names, per concept, the term the source uses in that locale "
            "and variants that must not stand for it; a message of that catalog uses a variant "
            "(warning). Latin variants match at the start of a word, others anywhere.",
            "# catalogs/fr.yaml\nglossary:\n  ticket: {term: demande, variants: [ticket]}\n"
            "messages:\n  calendar.p1-nonstop: Les tickets P1 sont traités 24 h/24.\n",
            "Write the glossary's term, or change the glossary if the source uses the variant.",
            severity="warning",
        ),
        Code(
            "PC329",
            "link is not an https URL",
            "A `url:` (a channel's page, a rule's form, an article's source page, the owner's "
            "site) becomes a link customers open on the help-centre pages. Only absolute "
            "`https://` URLs with a host name are accepted: `javascript:` and `data:` URLs "
            "could run code, plain `http:` sends readers over an unencrypted connection, and a "
            "relative address ('dropbox.com/support') would resolve inside the help centre.",
            "# programme.yaml\nowner: {organisation: Northwind, url: 'javascript:alert(1)'}\n",
            "Write the full https address, e.g. `url: https://example.com/support`.",
        ),
        Code(
            "PC330",
            "ambiguous SLA policies",
            "Two conditional SLA policies of the same precedence (equal `priority`, equal number "
            "of `applies_to` fields) can both match one ticket and set the same tier × severity "
            "× metric, so nothing but their ids would decide which target applies. Policies are "
            "tried by `priority` (higher first), then by the number of conditions (more first).",
            "# sla.yaml\napiVersion: policyc/v1\nkind: SlaPolicy\nid: german\n"
            "programme: northwind-support\nname: sla.standard-terms\ncalendar: berlin-office\n"
            "applies_to: {languages: [de]}\n"
            "targets: [{metric: first-response, within: 1h}]\n"
            "# sla.yaml\napiVersion: policyc/v1\nkind: SlaPolicy\nid: dach\n"
            "programme: northwind-support\nname: sla.standard-terms\ncalendar: berlin-office\n"
            "applies_to: {regions: [dach]}   # a German-language ticket from Austria: which?\n"
            "targets: [{metric: first-response, within: 2h}]\n",
            "Give the policy that should win a higher `priority:`, or make the conditions "
            "disjoint (e.g. `applies_to: {regions: [dach], languages: [de]}`).",
        ),
        Code(
            "PC331",
            "ambiguous calendar exceptions",
            "Two exceptions of one calendar can match the same ticket (their conditions "
            "overlap), so it is not clear which calendar its targets are measured on.",
            "# calendars.yaml\nexceptions:\n"
            "  - {id: p1-nonstop, severities: [p1], calendar: nonstop, text: calendar.p1-nonstop}\n"
            "  - {id: urgent, severities: [p1, p2], calendar: nonstop, text: calendar.p1-nonstop}\n",
            "Make the conditions disjoint (different severities, case types, regions ...) or "
            "merge the exceptions.",
        ),
        Code(
            "PC332",
            "calendar exception without condition",
            "A calendar exception must say which tickets it is for (severities, tiers, "
            "case_types, regions, countries, languages, products or channels); without any it "
            "would replace the calendar for every ticket.",
            "# calendars.yaml\nexceptions:\n"
            "  - {id: always, calendar: nonstop, text: calendar.p1-nonstop}\n",
            "Add a condition, e.g. `case_types: [downtime]`, or measure the targets on the "
            "other calendar directly.",
        ),
        Code(
            "PC333",
            "unused calendar",
            "No SLA policy, target, channel, region calendar or calendar exception of any "
            "programme refers to the calendar, so it appears in no page, package or routing "
            "table: its hours and holidays would silently vanish (e.g. one calendar per region "
            "defined, but only one chosen).",
            "# calendars.yaml\napiVersion: policyc/v1\nkind: Calendar\nid: paris-office\n"
            "programme: northwind-support\nname: calendar.berlin-office\n"
            "timezone: Europe/Paris\n"
            "hours: [{days: [mon, tue, wed, thu, fri], from: '09:00', to: '17:00'}]\n",
            "Refer to it (a policy's `calendar`, `region_calendars`, a channel's `calendar`) or "
            "delete it.",
            severity="warning",
        ),
        Code(
            "PC334",
            "case type never used",
            "The programme declares a case type that no SLA policy (`applies_to.case_types`) "
            "and no calendar exception (`case_types`) mentions, so a ticket's case type never "
            "changes an answer.",
            "# programme.yaml\ncase_types:\n  - {id: outage, name: tier.enterprise}\n",
            "Name it in a condition, or delete it.",
            severity="warning",
        ),
        Code(
            "PC335",
            "key date before validity",
            "A key date of the programme (`dates`) is earlier than its `valid_from`: one of "
            "them is probably wrong, and pages would show a date of a programme not yet valid.",
            "# programme.yaml\nvalid_from: '2026-01-01'\n"
            "dates:\n  - {id: cutoff, date: '2025-06-30', text: programme.summary}\n",
            "Check both dates against the source.",
            severity="warning",
        ),
        Code(
            "PC350",
            "closed to new customers outside validity",
            "`closed_to_new_from` (the first day the programme takes no new customers) is not "
            "after `valid_from`, so it would never have taken one, or is after `valid_to`, when "
            "the programme has ended anyway (warning).",
            "# programme.yaml\nvalid_from: '2026-01-01'\nclosed_to_new_from: '2025-07-01'\n",
            "Check both dates against the source; leave `closed_to_new_from` out when the "
            "programme takes new customers until it ends.",
            severity="warning",
        ),
        Code(
            "PC336",
            "incomplete locale not published",
            "A locale of the programme's `locales` still has untranslated messages (PC342) in "
            "the programme's catalog or the page chrome, and the programme's "
            "`incomplete_locales` is `skip` (the default): the build publishes nothing of it "
            "(no pages or Markdown, no generated-code locale, no language-switcher, hreflang "
            "or sitemap entry) until it is translated (warning).",
            "# catalogs/fr.yaml\ntranslated_from: {}\nmessages:\n"
            "  metric.first-response: First response\n",
            "Translate the messages (`policyc i18n export --locale L`, then `policyc i18n "
            "import`), or set `incomplete_locales: publish` to publish it with English where "
            "untranslated.",
            severity="warning",
        ),
        Code(
            "PC337",
            "incomplete locale",
            "A locale of the programme's `locales` still has untranslated messages (PC342) in "
            "the programme's catalog or the page chrome, and the programme's "
            "`incomplete_locales` (or `policyc build --incomplete-locales`) is `fail`.",
            "# programme.yaml\nincomplete_locales: fail\n# catalogs/fr.yaml\n"
            "translated_from: {}\nmessages:\n  metric.first-response: First response\n",
            "Translate the messages (`policyc i18n export --locale L`, then `policyc i18n "
            "import`), or set `incomplete_locales` to `skip` or `publish`.",
        ),
        Code(
            "PC340",
            "duration longer than 366 days",
            "A duration (SLA target, business day, escalation delay, policy-test expectation) "
            "is at most 366 days, read with 24-hour days: `366d`, `8784h` or `527040m`. Longer "
            "ones are typing mistakes, would make due-time computation walk the calendar for "
            "years, and could not be read exactly by every routing-table consumer.",
            "apiVersion: policyc/v1\nkind: Calendar\nid: office\nname: calendar.office\n"
            "timezone: UTC\nbusiness_day: 3000000d\nhours: []\n",
            "Write the duration you mean, e.g. `8h` for a business day or `30d` for a target.",
        ),
        Code(
            "PC341",
            "stale translation",
            "The catalog records (`translated_from`) the fingerprint of the `en` text each "
            "message was translated from; the `en` message has changed since, so the "
            "translation may say something the source no longer says. Reported at the "
            "translation, with the recorded fingerprint and the new English (warning).",
            "# catalogs/fr.yaml\ntranslated_from:\n  metric.first-response: 'aaaaaaaaaaaa'\n",
            "Update the translation (`policyc i18n export` marks it `#, fuzzy` with the new "
            "English) and import it, or run `policyc i18n stamp` if it is still right.",
            severity="warning",
        ),
        Code(
            "PC342",
            "untranslated message",
            "In a catalog whose translation state is tracked (it has `translated_from`, as "
            "`policyc new catalog` and `policyc i18n add-locale` write it), a message is the "
            "`en` text itself: copied, never translated. Brand names, e-mail addresses and "
            "codes that are the same in every language go in `same_in_every_language` "
            "(warning).",
            "# catalogs/fr.yaml\ntranslated_from: {}\nmessages:\n"
            "  metric.first-response: First response\n",
            "Translate it, or list its key under `same_in_every_language` (in the `en` "
            "catalog for every locale, or in this catalog; `*` for the whole catalog).",
            severity="warning",
        ),
        Code(
            "PC343",
            "invalid PO entry",
            "`policyc i18n import` checks every entry of every PO file before writing: "
            "the PO file must be one `policyc i18n export` wrote for this policy tree "
            "(`Project-Id-Version` names the programme, `Language` a catalog's locale), each "
            "`msgctxt` a message key of `en`, each translation with the `{placeholders}` of "
            "its English and one `msgstr[N]` per CLDR plural category of the locale. If any "
            "entry is invalid, no catalog is written.",
            "a PO entry whose msgstr drops the {count} placeholder of its msgid",
            "Fix the entry at the reported line of the PO file and import again.",
        ),
        Code(
            "PC345",
            "half-width punctuation beside CJK text",
            "A catalog message has a half-width `,` `:` `;` `(` `)` `?` or `!` directly "
            "before or after a Chinese, Japanese or Korean character. CJK text sets these "
            "marks full-width (，：；（）？！); mixing both forms on one page reads as a typo "
            "(warning).",
            "# catalogs/fr.yaml\nmessages:\n  programme.summary: 支援服務,請聯絡我們\n",
            "Write the full-width form (，：；（）？！) and drop the spaces around it.",
            severity="warning",
        ),
        Code(
            "PC346",
            "free text states a number the data holds",
            "A customer-facing message (a services cell's detail, a tier's description, a "
            "note, a rule) states, in some locale, a response time or a number that a data "
            'field of the same programme holds: an SLA target ("within 30 minutes", "dans '
            'l’heure"), or, in a services row or a rule, its own `count` or `min_seats`. '
            "Change the data and the text would still say the old value (warning).",
            "# catalogs/en.yaml\nmessages:\n"
            "  eligibility.contract: Requires a maintenance contract for at least 5 users.\n"
            "# catalogs/fr.yaml\nmessages:\n"
            "  eligibility.contract: Nécessite un contrat pour au moins 5 utilisateurs.\n",
            "Bind it to the data: a services cell `sla: {metric: first-response}` or `count: "
            "N`, or write `{within_<metric>_<tier>}` (an SLA target), `{count}` or "
            "`{min_seats_<rule>}` in the message instead of the number.",
            severity="warning",
        ),
        Code(
            "PC347",
            "reference to no single SLA target",
            "A services cell's `sla:` or a `{within_…}` placeholder names an SLA target that "
            "does not exist (no such policy, or no cell for the tier, severity and metric) or "
            "is ambiguous (the severities, or tiers, it covers have different targets); or a "
            "`{min_seats_<rule>}` placeholder names no rule with `min_seats`.",
            "# programme.yaml\nservices:\n  - id: response\n    name: service.named-engineer\n"
            "    by_tier:\n      standard: {included: true, sla: {metric: first-response}}\n"
            "      business: {included: false}\n      enterprise: {included: false}\n",
            "Name a cell the policy defines: add `severity:` when the severities' targets "
            "differ, or `policy:`/`tier:` for another policy's or tier's cell.",
        ),
        Code(
            "PC348",
            "count not shown",
            "A services cell has a `count` and a `detail` whose message has no `{count}` "
            "placeholder: the page would show the detail without the number (or a number "
            "written by hand in the text).",
            "# programme.yaml\nservices:\n  - id: named-engineer\n"
            "    name: service.named-engineer\n    by_tier:\n"
            "      standard: {included: false}\n      business: {included: false}\n"
            "      enterprise: {included: true, count: 2, detail: service.named-engineer.detail}\n",
            'Write the detail as a plural message with `{count}` ("{count} named engineers"), '
            "or leave `detail` out to show the number alone.",
        ),
        Code(
            "PC401",
            "unsafe artifact path",
            "An emitter produced a path that would be written outside --out, or that is not "
            "portable: absolute, with `..`, `.` or empty parts, characters other than "
            "A-Z a-z 0-9 . _ + -, a Windows device name, over 200 characters, produced twice, "
            "or equal to another path but for case. Nothing is written. This is a policyc bug "
            "or a hostile input that validation should have caught.",
            "(an artifact named ../x)",
            "Report it.",
        ),
        Code(
            "PC402",
            "output is locked",
            "Another `policyc build` is writing the same output directory right now: it holds "
            "the lock file `.generated.lock` beside it. A lock left by a build that died is "
            "taken over automatically (PC405).",
            "(two builds at once)",
            "Wait for the other build to finish and build again.",
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
            "PC405",
            "stale output lock taken over",
            "The lock file beside the output names a build that is no longer running (it was "
            "killed). This build took the lock over and removed the half-written tree that "
            "build left behind; the output itself was never touched (warning).",
            "(a build killed while writing)",
            "Nothing to do; find out why the earlier build was killed.",
            severity="warning",
        ),
        Code(
            "PC406",
            "output directory not written by policyc",
            "--out names a directory that is not empty and has no policyc manifest.json. A "
            "build replaces the whole output directory, so policyc refuses rather than delete "
            "files it did not write.",
            "(policyc build --out src)",
            "Pass the right --out, or empty the directory if it really is the output.",
            exit_code=2,
        ),
        Code(
            "PC407",
            "output written by another toolchain",
            "The output's manifest.json records the versions that shape generated bytes "
            "(policyc, CLDR through Babel, tzdata), and they are not this environment's. "
            "`build --check` says so first, before listing the files that differ; a build "
            "says so when it rewrites the output (warning).",
            "(generated/ written with Babel 2.17.0, checked with Babel 2.19.0)",
            "Install the pinned versions (`python -m pip install -e .`), or rebuild and commit "
            "generated/ if the upgrade is deliberate.",
            severity="warning",
        ),
        Code(
            "PC408",
            "not policyc's file",
            "Where policyc keeps a file of its own (the lock `.generated.lock`, the output's "
            "manifest.json) there is a symbolic link, a named pipe, a device, a hard link or a "
            "file with other content. policyc never writes through a link or over a file it "
            "did not write, and never reads a pipe or a device, so it stops and leaves it as "
            "it is.",
            "(.generated.lock is a symbolic link to a user's file)",
            "Move the file away; the next build creates its own.",
            exit_code=2,
        ),
        Code(
            "PC409",
            "output holds files policyc did not write",
            "A build replaces the whole output directory, and the previous manifest.json lists "
            "what policyc wrote there. Other files (a `.git` of a site kept as a repository, a "
            "user's notes) would be deleted, so the build stops and names them.",
            "(generated/notes.txt, which manifest.json does not list)",
            "Move the files out of the output directory, or pass --force-clean to delete them.",
            exit_code=2,
        ),
        Code(
            "PC410",
            "output and policy directories overlap",
            "--out is the policy directory, lies inside it or holds it. A build replaces the "
            "whole output directory, so it would delete the policies it reads or write "
            "artifacts among them.",
            "(policyc build --policies generated/policies --out generated)",
            "Pass an --out beside the policy directory, such as generated/ of the project root.",
            exit_code=2,
        ),
        Code(
            "PC415",
            "preview cannot listen on the port",
            "`policyc preview` serves the site on 127.0.0.1 at the port --port names; another "
            "program already listens there, or the port is one this user may not open "
            "(below 1024).",
            "(policyc preview --port 8000 while another server listens on port 8000)",
            "Pass another --port, or leave --port out: the preview then takes a free port and "
            "prints its address.",
            exit_code=2,
        ),
        Code(
            "PC416",
            "cannot watch the policy directory",
            "`policyc build --watch` and `policyc preview` watch the policy directory for "
            "saves. The watcher could not start or stopped: the directory was removed or "
            "renamed while watched, or the system's limit of watched directories is reached "
            "(Linux: fs.inotify.max_user_watches).",
            "(policyc build --watch, and the policy directory is deleted before the watcher "
            "starts)",
            "Check the policy directory exists and run the command again; on Linux raise the "
            "limit (`sysctl fs.inotify.max_user_watches=524288`).",
            exit_code=2,
        ),
        Code(
            "PC411",
            "corrupt cache ignored",
            "A file in .policyc_cache/ (the incremental cache of `validate` and `build`) is not "
            "what policyc wrote there: truncated, its checksum does not match, or not a cache "
            "file at all. It is never trusted: this run loaded and built what it needed from "
            "the policy files and replaced the cache (warning). A spare output tree "
            "(.policyc_cache/spare-*) holding a file its manifest does not list is left as it "
            "is, and the output written afresh.",
            "(.policyc_cache/files-….cache cut short by a full disk)",
            "Nothing to do. The .policyc_cache/ directory is always safe to delete.",
            severity="warning",
        ),
        Code(
            "PC412",
            "cache from another toolchain ignored",
            "The incremental cache in .policyc_cache/ was written by another policyc, Python "
            "or dependency version (or policyc's own code changed). Its results could differ "
            "from this environment's, so it is not used: this run rebuilt what it needed and "
            "replaced the cache (warning).",
            "(.policyc_cache/ written before `pip install -U policyc`)",
            "Nothing to do; the next run uses the new cache.",
            severity="warning",
        ),
        Code(
            "PC413",
            "cannot write the cache",
            "The run itself completed, but its incremental cache could not be written: "
            ".policyc_cache/ is a symbolic link or not a directory, or the disk is full or "
            "read-only. The next run does the full work again (warning).",
            "(.policyc_cache is a symbolic link)",
            "Make .policyc_cache/ a writable directory (or delete it), or set "
            "POLICYC_CACHE_DIR to a writable directory.",
            severity="warning",
        ),
        Code(
            "PC420",
            "no page chrome: help-center pages not built",
            "The help-center pages (site/ and docs/) take their headings and labels from the "
            "page chrome catalogs (`Catalog` documents with `domain: chrome`). The policy tree "
            "has none, so those pages are skipped; the other artifacts are built (warning).",
            "# programme.yaml\n"
            "locales: [en, fr]   # in a policy tree without policies/shared/chrome/*.yaml\n",
            "Add the chrome catalogs (copy policies/shared/chrome/) to the policy tree.",
            severity="warning",
        ),
        Code(
            "PC421",
            "page chrome message missing",
            "The help-center pages need a chrome message that the en chrome catalog lacks, or "
            "that has the wrong shape (a counted message needs CLDR plural forms). Audience and "
            "large-account unit slugs each need a label: `audience.<slug>`, `count.<unit>`.",
            "apiVersion: policyc/v1\n"
            "kind: Programme\n"
            "id: shop\n"
            "name: shop.name\n"
            "owner: {organisation: Shop}\n"
            "products: [{id: app, name: shop.name}]\n"
            "locales: [en]\n"
            'valid_from: "2026-01-01"\n'
            "tiers: [{id: basic, name: shop.name, audience: resellers}]\n"
            "severities: [{id: normal, name: shop.name}]\n"
            "metrics: [{id: reply, name: shop.name}]\n"
            "---\n"
            "apiVersion: policyc/v1\n"
            "kind: Calendar\n"
            "id: office\n"
            "programme: shop\n"
            "name: shop.name\n"
            "timezone: Europe/Rome\n"
            'hours: [{days: [mon, tue, wed, thu, fri], from: "09:00", to: "17:00"}]\n'
            "---\n"
            "apiVersion: policyc/v1\n"
            "kind: SlaPolicy\n"
            "id: terms\n"
            "programme: shop\n"
            "name: shop.name\n"
            "calendar: office\n"
            "targets: [{metric: reply, within: 4h}]\n"
            "---\n"
            "apiVersion: policyc/v1\n"
            "kind: Catalog\n"
            "programme: shop\n"
            "locale: en\n"
            "messages: {shop.name: Shop}\n"
            "---\n"
            "apiVersion: policyc/v1\n"
            "kind: Catalog\n"
            "domain: chrome\n"
            "locale: en\n"
            "messages: {site.title: Support}  # the pages need many more, and audience.resellers\n",
            "Add the message to policies/shared/chrome/en.yaml and translate it in every locale.",
        ),
        Code(
            "PC501",
            "unknown programme",
            "`policyc route` (or a policy test) names a programme id that no Programme "
            "document defines.",
            "policyc route --programme zoho-partners --tier premium --severity sev-1",
            "Use the programme's `id` (the hint suggests the closest one).",
        ),
        Code(
            "PC502",
            "unknown tier",
            "The ticket names a tier the programme does not define.",
            "policyc route --programme zoho-partner-support --tier premum --severity sev-1",
            "Use one of the programme's tier ids.",
        ),
        Code(
            "PC503",
            "unknown severity",
            "The ticket names a severity the programme does not define.",
            "policyc route --programme zoho-partner-support --tier premium --severity sev1",
            "Use one of the programme's severity ids.",
        ),
        Code(
            "PC504",
            "country in no region",
            "The ticket's country is not an ISO 3166-1 alpha-2 code listed in any region of the "
            "programme, so no region, large-account rule or escalation chain applies.",
            "policyc route --programme zoho-partner-support --tier premium --severity sev-1 "
            "--country UK",
            "Use the ISO code (GB, not UK), or add the country to a region.",
        ),
        Code(
            "PC505",
            "unknown sub-territory",
            "The ticket's sub-territory is neither a named sub-territory id nor an ISO 3166-2 "
            "code listed in one, or it belongs to another country than --country.",
            "policyc route --programme zoho-partner-support --tier premium --severity sev-1 "
            "--country US --subdivision US-NYC",
            "Give an ISO 3166-2 code such as US-NY, or a territory id such as us-east.",
        ),
        Code(
            "PC506",
            "unknown ticket attribute",
            "The ticket names a product, channel or case type the programme does not define, "
            "or a negative seat count.",
            "policyc route --programme dropbox-premium-support --tier essentials "
            "--severity standard --channel japanese-mail",
            "Use one of the programme's product, channel or case type ids.",
        ),
        Code(
            "PC507",
            "bad opening time",
            "The ticket's opening time is not an ISO 8601 date and time with a UTC offset. "
            "Without an offset the instant is ambiguous, so due times cannot be computed.",
            "policyc route --programme zoho-partner-support --tier premium --severity sev-1 "
            "--opened 2026-03-27T17:30",
            "Add the offset: 2026-03-27T17:30:00+01:00, or Z for UTC.",
        ),
        Code(
            "PC508",
            "language not supported by the programme",
            "The ticket's language is not one of the programme's `support_languages`; no "
            "language-specific SLA policy applies (warning).",
            "policyc route --programme dropbox-premium-support --tier essentials "
            "--severity standard --language jp",
            "Check the language tag (ja, not jp); otherwise the default policy is right.",
            severity="warning",
        ),
        Code(
            "PC509",
            "channel not offered to this ticket",
            "The ticket came through a channel the programme does not offer to its tier or "
            "product (warning): the answer is given, but the ticket may be misrouted.",
            "policyc route --programme zoho-partner-support --tier authorized "
            "--severity sev-2 --channel chat",
            "Check the tier and channel of the ticket.",
            severity="warning",
        ),
        Code(
            "PC510",
            "programme has no regions",
            "A country was given but the programme defines no regions, so it changes nothing: "
            "no large-account rule or escalation chain applies (warning).",
            "policyc route --programme dropbox-premium-support --tier essentials "
            "--severity standard --country FR",
            "Leave out --country, or add a Regions document to the programme.",
            severity="warning",
        ),
        Code(
            "PC551",
            "policy test: routing fact differs",
            "A policy test expects a region, an SLA policy, a calendar for every target, or a "
            "large-account verdict that differs from what the policies resolve for the ticket.",
            "apiVersion: policyc/v1\nkind: PolicyTest\nid: regions\nprogramme: northwind-support\n"
            "cases:\n  - name: Monaco is served from Germany\n"
            "    given: {tier: standard, severity: p2, country: MC}\n"
            "    expect: {region: dach}   # MC is in region france\n",
            "Fix the policies if the expectation is the promise; otherwise fix the test.",
        ),
        Code(
            "PC552",
            "policy test: target differs",
            "A policy test expects a target (minutes, the calendar it is measured on, or the SLA "
            "policy it comes from) that differs from the resolved target, or names a metric "
            "without a target.",
            "apiVersion: policyc/v1\nkind: PolicyTest\nid: targets\nprogramme: northwind-support\n"
            "cases:\n  - name: Business P1 first response\n"
            "    given: {tier: business, severity: p1}\n"
            "    expect:\n      targets:\n"
            "        first-response: {within: 15m}   # the SLA policy says 30m\n",
            "Fix the target in the SLA policy, or the expectation.",
        ),
        Code(
            "PC553",
            "policy test: due time differs",
            "A policy test expects a target to fall due at another instant than business-time "
            "arithmetic on its calendar gives (opening hours, weekends, holidays, time zone), or "
            "expects a due time without `given.opened`. Instants compare equal whatever offset "
            "they are written in.",
            "apiVersion: policyc/v1\nkind: PolicyTest\nid: due\nprogramme: northwind-support\n"
            "cases:\n  - name: P2 opened Friday evening\n"
            '    given: {tier: standard, severity: p2, opened: "2026-03-27T17:30+01:00"}\n'
            "    expect:\n      targets:\n        first-response:\n"
            '          due: {latest: "2026-03-27T21:30+01:00"}   # office hours: Monday 11:30\n',
            "Check the calendar (hours, holidays, time zone) or the expected instant.",
        ),
        Code(
            "PC554",
            "policy test: escalation differs",
            "A policy test expects a contact (by id or name) at an escalation level, or exactly "
            "some contacts, but the chain of the ticket's region resolves otherwise, or has no "
            "such level.",
            "apiVersion: policyc/v1\nkind: PolicyTest\nid: escalation\nprogramme: northwind-support\n"
            "cases:\n  - name: Monaco escalates to the account manager\n"
            "    given: {tier: enterprise, severity: p1, country: MC}\n"
            "    expect:\n      escalation:\n"
            "        - {level: 2, contact: Anna Becker}   # L2 for MC is Luc Martin\n",
            "Fix the contact's scope in the escalation chain, or the expectation.",
        ),
        Code(
            "PC555",
            "policy test names no programme",
            "A case must name its programme, in `given.programme` or once for the whole suite in "
            "the document's `programme`.",
            "apiVersion: policyc/v1\nkind: PolicyTest\nid: anonymous\ncases:\n"
            "  - name: which programme?\n    given: {tier: standard, severity: p1}\n"
            "    expect: {region: france}\n",
            "Add `programme: <id>` to the suite.",
        ),
        Code(
            "PC556",
            "no policy tests found",
            "`policyc test` found no PolicyTest document in the policy directory (or in the "
            "PATHS given), so nothing was checked (warning).",
            "policyc test --policies tests/cases/vendor/policies",
            "Add PolicyTest documents, e.g. with `policyc new policy-test NAME --programme P` "
            "(they live in policies/tests/ by convention).",
            severity="warning",
        ),
        Code(
            "PC571",
            "diff side cannot be read",
            "`policyc diff` takes policy directories or git revisions. The argument is neither "
            "an existing directory nor a revision of the repository, git is missing, or the "
            "revision has no policy directory at --policies-subdir.",
            "policyc diff mian HEAD   # the branch is main",
            "Name an existing directory, branch, tag or commit; pass --policies-subdir when the "
            "policies are not in policies/ of the repository.",
            exit_code=2,
        ),
        Code(
            "PC581",
            "file exists",
            "`policyc new` writes new files only; it found a file where the skeleton goes and "
            "wrote nothing.",
            "policyc new programme northwind-support --policies tests/cases/vendor/policies"
            "   # that programme exists",
            "Choose another name or --dir, or edit the existing file.",
            exit_code=2,
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
        *EXPORT_CODES,
        *PUSH_CODES,
    ]
}


def exit_code_for(code: str) -> int:
    entry = CODES.get(code)
    return entry.exit_code if entry else 1
