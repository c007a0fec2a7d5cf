#!/usr/bin/env node
// @ts-check
// A ticket router in Node (standard library only) that reads policyc's routing tables.
//
//   node examples/node/route.mjs --routing generated/routing --programme zoho-partner-support \
//        --tier premium --severity sev-1 --country MC --seats 80 --opened 2026-03-27T17:30:00+01:00
//
// It prints the same JSON as `policyc route --format json`:
// {"resolution": {...} | null, "diagnostics": [{code, severity, message, hint}, ...]}
// and exits 1 when an input is unknown. The routing format and the business-time algorithm
// are documented in docs/routing-format.md; this file is a reference implementation of both.
// Time zones come from Intl (the ICU data bundled with Node), no libraries needed.
//
// Type-checked JavaScript: the types of the tables are generated/routing/routing.d.ts,
// made from schemas/routing.schema.json (tests/test_routing_types.py runs tsc --strict).

/**
 * @import { Cell, Contact, Duration, IndexFile, ProgrammeFile, RegionTarget, Target } from "../../generated/routing/routing"
 * @typedef {ProgrammeFile["calendars"][string]} Calendar
 * @typedef {Pick<Calendar, "timezone" | "intervals" | "holidays">} Hours what business time reads
 * @typedef {ProgrammeFile["calendars"][string]["exceptions"][number]} CalendarException
 * @typedef {ProgrammeFile["sla_policies"][number]["applies_to"]} Conditions
 * @typedef {ProgrammeFile["channels"][number]} Channel
 * @typedef {ProgrammeFile["regions"][string]["subdivisions"][number]} Subdivision
 * @typedef {{code: string, severity: "error" | "warning", message: string, hint: string | null}} Finding
 * @typedef {{
 *   tier: string, severity: string, country?: string | null, subdivision?: string | null,
 *   seats?: number | null, opened?: string | null, language?: string | null,
 *   product?: string | null, channel?: string | null, case_type?: string | null,
 * }} Ticket
 * @typedef {{
 *   tier: string, severity: string, region: string | null, country: string | null,
 *   case_type: string | null, language: string | null, product: string | null,
 *   channel: string | null,
 * }} Facts
 * @typedef {{
 *   metric: string, policy: string, min?: Duration, max?: Duration,
 *   next_business_day?: "start" | "end", calendar: string,
 *   base_calendar: string, exception: string | null,
 *   due: {earliest: string, latest: string} | null,
 * }} ResolvedTarget
 * @typedef {{level: number, role: string, delay_minutes: number | null, contacts: Contact[]}} ResolvedLevel
 * @typedef {{
 *   rule: string, min_seats: number, unit: string | null, seats: number | null,
 *   large: boolean | null,
 * }} LargeAccount
 * @typedef {{
 *   programme: string, tier: string, severity: string, country: string | null,
 *   subdivision: string | null, territory: string | null, region: string | null,
 *   language: string | null, product: string | null, channel: string | null,
 *   case_type: string | null, seats: number | null, opened: string | null,
 *   sla_policy: string | null, targets: ResolvedTarget[],
 *   no_targets: {metric: string, policy: string, promise: Exclude<Cell["promise"], "target">}[],
 *   large_account: LargeAccount | null, escalation: ResolvedLevel[],
 * }} Resolution
 * @typedef {{resolution: Resolution | null, diagnostics: Finding[]}} Answer
 */

import { readFileSync } from "node:fs";
import { dirname, join, resolve as resolvePath } from "node:path";
import { pathToFileURL } from "node:url";

const MINUTE = 60_000;
const DAY = 86_400_000;

// -- time zones ----------------------------------------------------------------------------

/** @type {Map<string, Intl.DateTimeFormat>} */
const formats = new Map();

/**
 * The UTC offset of `zone` at the instant `ms`, in minutes.
 * @param {string} zone
 * @param {number} ms
 * @returns {number}
 */
export function offsetMinutes(zone, ms) {
  let format = formats.get(zone);
  if (!format) {
    format = new Intl.DateTimeFormat("en-US", {
      timeZone: zone,
      hourCycle: "h23",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
    });
    formats.set(zone, format);
  }
  /** @type {Record<string, string>} */
  const part = {};
  for (const p of format.formatToParts(new Date(ms))) part[p.type] = p.value;
  const local = Date.UTC(
    Number(part.year),
    Number(part.month) - 1,
    Number(part.day),
    Number(part.hour),
    Number(part.minute),
    Number(part.second),
  );
  return (local - Math.floor(ms / 1000) * 1000) / MINUTE;
}

/**
 * The instant at which the clocks of `zone` read the wall time `naive` (milliseconds of
 * that wall time as if it were UTC). A reading that happens twice gives the first
 * occurrence, or the second when `last`; a reading that never happens (skipped by a DST
 * jump) gives the instant of the jump.
 * @param {string} zone
 * @param {number} naive
 * @param {boolean} [last]
 * @returns {number}
 */
export function wallToInstant(zone, naive, last = false) {
  const before = offsetMinutes(zone, naive - DAY);
  const after = offsetMinutes(zone, naive + DAY);
  const tBefore = naive - before * MINUTE;
  const tAfter = naive - after * MINUTE;
  const valid = [tBefore, tAfter].filter(
    (t, i) => offsetMinutes(zone, t) === (i === 0 ? before : after),
  );
  if (valid.length) return last ? Math.max(...valid) : Math.min(...valid);
  // skipped: find the jump, to the minute, between the two readings
  const lo = Math.min(tBefore, tAfter);
  const hi = Math.max(tBefore, tAfter);
  const target = offsetMinutes(zone, hi);
  let low = 1;
  let high = Math.floor((hi - lo) / MINUTE);
  while (low < high) {
    const mid = Math.floor((low + high) / 2);
    if (offsetMinutes(zone, lo + mid * MINUTE) === target) high = mid;
    else low = mid + 1;
  }
  return lo + low * MINUTE;
}

// -- business time -------------------------------------------------------------------------

/**
 * The open spans [opens, closes) (ms) of the local date starting at `dayMs` (UTC midnight).
 * @param {Hours} calendar
 * @param {number} dayMs
 * @returns {[number, number][]}
 */
function daySpans(calendar, dayMs) {
  const date = new Date(dayMs).toISOString().slice(0, 10);
  if (calendar.holidays.some((h) => h.date === date)) return [];
  const weekday = (new Date(dayMs).getUTCDay() + 6) % 7; // 0 = Monday
  return calendar.intervals
    .filter((i) => i.day === weekday)
    .sort((a, b) => a.start - b.start || a.end - b.end)
    .map((i) => /** @type {[number, number]} */ ([
      wallToInstant(calendar.timezone, dayMs + i.start * MINUTE),
      wallToInstant(calendar.timezone, dayMs + i.end * MINUTE, true),
    ]))
    .filter(([opens, closes]) => closes > opens);
}

/**
 * The open spans from `ms` on, in order, never overlapping, the first one clipped.
 * @param {Hours} calendar
 * @param {number} ms
 * @returns {Generator<[number, number], never, undefined>}
 */
export function* spansFrom(calendar, ms) {
  if (!calendar.intervals.some((i) => i.end > i.start)) {
    throw new Error(`calendar is never open`);
  }
  const local = ms + offsetMinutes(calendar.timezone, ms) * MINUTE;
  let day = Math.floor(local / DAY) * DAY - DAY;
  let cursor = ms;
  for (;;) {
    for (const [start, closes] of daySpans(calendar, day)) {
      const opens = Math.max(start, cursor);
      if (closes > opens) {
        yield [opens, closes];
        cursor = closes;
      }
    }
    day += DAY;
  }
}

/**
 * The instant (ms) at which `minutes` of open time have passed since `startMs`.
 * @param {Hours} calendar
 * @param {number} startMs
 * @param {number} minutes
 * @returns {number}
 */
export function addBusinessMinutes(calendar, startMs, minutes) {
  if (minutes < 0) throw new Error(`negative business time: ${minutes}`);
  if (minutes === 0) return startMs;
  let remaining = minutes * MINUTE;
  for (const [opens, closes] of spansFrom(calendar, startMs)) {
    if (closes - opens >= remaining) return opens + remaining;
    remaining -= closes - opens;
  }
  throw new Error("unreachable");
}

/**
 * Whether the calendar is open at `ms` (an opening instant is open, a closing one not).
 * @param {Hours} calendar
 * @param {number} ms
 * @returns {boolean}
 */
export function isOpen(calendar, ms) {
  return nextOpen(calendar, ms) === ms;
}

/**
 * `ms` if the calendar is open then, else its next opening.
 * @param {Hours} calendar
 * @param {number} ms
 * @returns {number}
 */
export function nextOpen(calendar, ms) {
  const first = spansFrom(calendar, ms).next();
  if (first.done) throw new Error("unreachable");
  return first.value[0];
}

/**
/**
 * A "next business day" target: the first opening (`at` "start") or the last closing ("end")
 * of the first local date with open hours after the date on which the clock starts (the
 * opening instant, or the next opening when the calendar is closed then).
 * @param {Hours} calendar
 * @param {number} startMs
 * @param {"start" | "end"} at
 * @returns {number}
 */
export function nextBusinessDay(calendar, startMs, at) {
  const clock = nextOpen(calendar, startMs);
  const local = clock + offsetMinutes(calendar.timezone, clock) * MINUTE;
  let day = Math.floor(local / DAY) * DAY + DAY;
  let spans = daySpans(calendar, day);
  while (!spans.length) {
    day += DAY;
    spans = daySpans(calendar, day);
  }
  return at === "start" ? spans[0][0] : spans[spans.length - 1][1];
}

/**
 * When a target cell falls due: [earliest, latest] (ms).
 * @param {Hours} calendar
 * @param {number} openedMs
 * @param {Target | RegionTarget} cell
 * @returns {[number, number]}
 */
export function dueOf(calendar, openedMs, cell) {
  if (cell.next_business_day != null) {
    const due = nextBusinessDay(calendar, openedMs, cell.next_business_day);
    return [due, due];
  }
  if (cell.min == null || cell.max == null) throw new Error("a target cell without min/max");
  return [
    addBusinessMinutes(calendar, openedMs, cell.min.minutes),
    addBusinessMinutes(calendar, openedMs, cell.max.minutes),
  ];
}

/**
 * UTC, seconds precision, milliseconds only when non-zero: 2026-03-27T16:30:00Z.
 * @param {number} ms
 * @returns {string}
 */
export function formatInstant(ms) {
  return new Date(ms).toISOString().replace(".000Z", "Z");
}

// -- diagnostics ---------------------------------------------------------------------------

/**
 * @param {string} a
 * @param {string} b
 * @returns {number}
 */
function similarity(a, b) {
  // 2 × longest common subsequence / total length (close to Python's difflib ratio)
  const m = a.length;
  const n = b.length;
  if (!m && !n) return 1;
  let prev = new Array(n + 1).fill(0);
  for (let i = 1; i <= m; i++) {
    const row = new Array(n + 1).fill(0);
    for (let j = 1; j <= n; j++) {
      row[j] = a[i - 1] === b[j - 1] ? prev[j - 1] + 1 : Math.max(prev[j], row[j - 1]);
    }
    prev = row;
  }
  return (2 * prev[n]) / (m + n);
}

/**
 * @param {string} word
 * @param {string[]} known
 * @returns {string | null}
 */
function didYouMean(word, known) {
  const close = known
    .map((k) => /** @type {[number, string]} */ ([similarity(word, k), k]))
    .filter(([score]) => score >= 0.6)
    .sort((a, b) => b[0] - a[0])
    .slice(0, 3)
    .map(([, k]) => `'${k}'`);
  return close.length ? `did you mean ${close.join(" or ")}?` : null;
}

class Findings {
  constructor() {
    /** @type {Finding[]} */
    this.errors = [];
    /** @type {Finding[]} */
    this.warnings = [];
  }
  /**
   * @param {string} code
   * @param {string} message
   * @param {string | null} [hint]
   */
  error(code, message, hint = null) {
    this.errors.push({ code, severity: "error", message, hint });
  }
  /**
   * @param {string} code
   * @param {string} message
   * @param {string} value
   * @param {string[]} known
   */
  unknown(code, message, value, known) {
    this.error(code, message, didYouMean(value, known) ?? `known: ${known.slice(0, 12).join(", ")}`);
  }
  /**
   * @param {string} code
   * @param {string} message
   * @param {string | null} [hint]
   */
  warn(code, message, hint = null) {
    this.warnings.push({ code, severity: "warning", message, hint });
  }
}

// -- resolution ----------------------------------------------------------------------------

const COUNTRY = /^[A-Z]{2}$/;
const SUBDIVISION_CODE = /^[A-Z]{2}-[A-Z0-9]{1,3}$/;
const OFFSET = /(Z|[+-]\d{2}(:?\d{2})?)$/i;
/** @type {Record<string, string>} */
const NOT_ISO = { UK: "GB", EL: "GR" };
const YEARS = [1900, 9000];

/**
 * `ja` and `ja-JP` match a listed `ja` (case-insensitive); `ja` does not match `ja-JP`.
 * @param {string} language
 * @param {string[]} listed
 * @returns {boolean}
 */
export function languageMatches(language, listed) {
  const lang = language.toLowerCase();
  return listed.some((x) => lang === x.toLowerCase() || lang.startsWith(`${x.toLowerCase()}-`));
}

/**
 * Conditions (of an SLA policy or a calendar exception): every non-empty list must match.
 * @param {Conditions} conditions
 * @param {Facts} facts
 * @returns {boolean}
 */
function matches(conditions, facts) {
  const { languages, ...rest } = conditions;
  if (languages.length && (facts.language == null || !languageMatches(facts.language, languages)))
    return false;
  /** @type {Record<keyof typeof rest, string | null>} */
  const value = {
    tiers: facts.tier,
    severities: facts.severity,
    regions: facts.region,
    countries: facts.country,
    case_types: facts.case_type,
    products: facts.product,
    channels: facts.channel,
  };
  const names = /** @type {(keyof typeof rest)[]} */ (Object.keys(rest));
  return names.every((name) => {
    const given = value[name];
    return !rest[name].length || (given != null && rest[name].includes(given));
  });
}

/**
 * The conditions of a calendar exception.
 * @param {CalendarException} e
 * @returns {Conditions}
 */
const conditionsOf = (e) => ({
  tiers: e.tiers,
  severities: e.severities,
  regions: e.regions,
  countries: e.countries,
  case_types: e.case_types,
  languages: e.languages,
  products: e.products,
  channels: e.channels,
});

/**
 * @param {ProgrammeFile} table
 * @param {string} country
 * @returns {Subdivision[]}
 */
function territoriesOf(table, country) {
  const region = table.countries[country]?.region;
  if (!region) return [];
  return table.regions[region].subdivisions.filter((s) => s.country === country);
}

/**
 * (country, territory id) for a sub-territory given as a territory id or ISO 3166-2 code.
 * @param {ProgrammeFile} table
 * @param {string} given
 * @param {string | null} country
 * @param {Findings} found
 * @returns {[string | null, string | null]}
 */
function subdivisionOf(table, given, country, found) {
  const all = Object.values(table.regions).flatMap((r) => r.subdivisions);
  const byId = Object.fromEntries(all.map((s) => [s.id, s]));
  if (Object.hasOwn(byId, given)) {
    const sub = byId[given];
    if (country != null && country !== sub.country)
      found.error("PC505", `sub-territory '${given}' is in ${sub.country}, not in ${country}`);
    return [sub.country, sub.id];
  }
  const code = given.toUpperCase();
  if (!SUBDIVISION_CODE.test(code)) {
    const known = [...Object.keys(byId), ...all.flatMap((s) => s.codes)];
    found.unknown("PC505", `unknown sub-territory '${given}'`, given, known);
    return [country, null];
  }
  const owner = code.slice(0, 2);
  if (country != null && owner !== country) {
    found.error("PC505", `sub-territory ${code} is in ${owner}, not in ${country}`);
    return [country, null];
  }
  const named = territoriesOf(table, owner);
  if (!named.length) return [owner, null];
  const sub = named.find((s) => s.codes.includes(code));
  if (!sub) {
    const known = [...named.flatMap((s) => s.codes), ...named.map((s) => s.id)];
    found.unknown("PC505", `unknown sub-territory '${code}' of ${owner}`, code, known);
    return [owner, null];
  }
  return [owner, sub.id];
}

/**
 * Resolve a ticket against one programme's routing table: {resolution, diagnostics}.
 * @param {ProgrammeFile} table
 * @param {Ticket} ticket
 * @returns {Answer}
 */
export function resolveTicket(table, ticket) {
  const found = new Findings();
  const where = `in programme '${table.programme.id}'`;
  /** @type {(list: {id: string}[]) => string[]} */
  const ids = (list) => list.map((x) => x.id);
  const { tier, severity, product = null, channel = null, language = null } = ticket;
  const caseType = ticket.case_type ?? null;
  let { country = null, subdivision = null, seats = null, opened = null } = ticket;
  if (!ids(table.tiers).includes(tier))
    found.unknown("PC502", `unknown tier '${tier}' ${where}`, tier, ids(table.tiers));
  if (!ids(table.severities).includes(severity))
    found.unknown("PC503", `unknown severity '${severity}' ${where}`, severity, ids(table.severities));
  if (product != null && !ids(table.products).includes(product))
    found.unknown("PC506", `unknown product '${product}' ${where}`, product, ids(table.products));
  const channels = Object.fromEntries(table.channels.map((c) => [c.id, c]));
  if (channel != null && !Object.hasOwn(channels, channel))
    found.unknown("PC506", `unknown channel '${channel}' ${where}`, channel, Object.keys(channels).sort());
  if (seats != null && seats < 0) found.error("PC506", `seat count ${seats} is negative`);
  if (caseType != null && !ids(table.case_types).includes(caseType))
    found.unknown("PC506", `unknown case type '${caseType}' ${where}`, caseType, ids(table.case_types));
  let openedMs = null;
  if (opened != null) {
    openedMs = Date.parse(opened.trim());
    if (Number.isNaN(openedMs)) found.error("PC507", `'${opened}' is not an ISO 8601 date and time`);
    else if (!OFFSET.test(opened.trim())) found.error("PC507", `opening time ${opened} has no UTC offset`);
    else if (!(YEARS[0] <= new Date(openedMs).getUTCFullYear() && new Date(openedMs).getUTCFullYear() <= YEARS[1]))
      found.error("PC507", `opening time ${opened} is out of range`);
  }

  let territory = null;
  const hasRegions = Object.keys(table.regions).length > 0;
  if (country != null) country = country.trim().toUpperCase();
  if (subdivision != null) {
    subdivision = subdivision.trim();
    if (hasRegions) [country, territory] = subdivisionOf(table, subdivision, country, found);
  }
  let region = null;
  if (country != null) {
    if (!hasRegions) {
      found.warn("PC510", `programme '${table.programme.id}' defines no regions: country ignored`);
    } else if (!COUNTRY.test(country) || !Object.hasOwn(table.countries, country)) {
      const message = `country '${country}' is in no region of programme '${table.programme.id}'`;
      if (NOT_ISO[country]) found.error("PC504", message, `did you mean '${NOT_ISO[country]}'?`);
      else found.unknown("PC504", message, country, Object.keys(table.countries).sort());
    } else {
      region = table.countries[country].region;
    }
  }
  const supported = table.programme.support_languages;
  if (language != null && supported.length && !languageMatches(language, supported))
    found.warn("PC508", `programme gives support in ${supported.join(", ")}, not in '${language}'`);
  if (channel != null && Object.hasOwn(channels, channel) && !found.errors.length) {
    const offered = channels[channel];
    if (offered.tiers.length && !offered.tiers.includes(tier))
      found.warn("PC509", `channel '${channel}' is not offered to tier '${tier}'`);
    if (product != null && offered.products.length && !offered.products.includes(product))
      found.warn("PC509", `channel '${channel}' is not offered for product '${product}'`);
  }
  if (found.errors.length) return { resolution: null, diagnostics: [...found.errors, ...found.warnings] };

  /** @type {Facts} */
  const facts = { tier, severity, region, country, case_type: caseType, language, product, channel };
  const applicable = table.sla_policies.filter((p) => matches(p.applies_to, facts));
  /** @type {ResolvedTarget[]} */
  const targets = [];
  /** @type {Resolution["no_targets"]} */
  const noTargets = [];
  for (const metric of ids(table.metrics)) {
    for (const policy of applicable) {
      const found = policy.targets[tier]?.[severity]?.[metric];
      if (!found) continue;
      // business hours in the customer's local region: that region's target, if listed
      const cell = (region != null && found.promise === "target" && found.by_region[region]) || found;
      if (cell.promise !== "target") {
        // not-offered, best-effort or not-stated: this policy's answer, no later one is tried
        noTargets.push({ metric, policy: policy.id, promise: cell.promise });
        break;
      }
      // a calendar exception that applies to this ticket only (by case type, region, ...)
      let [calendarId, exception] = [cell.calendar, cell.exception];
      const perTicket = table.calendars[cell.base_calendar].exceptions.find(
        (e) => cell.conditional_exceptions.includes(e.id) && matches(conditionsOf(e), facts),
      );
      if (perTicket) [calendarId, exception] = [perTicket.calendar, perTicket.id];
      const calendar = table.calendars[calendarId];
      const due = openedMs == null ? null : dueOf(calendar, openedMs, cell);
      targets.push({
        metric,
        policy: policy.id,
        // {min, max} of a duration target, or {next_business_day} (as policyc route)
        ...(cell.next_business_day != null
          ? { next_business_day: cell.next_business_day }
          : { min: cell.min, max: cell.max }),
        calendar: calendarId,
        base_calendar: cell.base_calendar,
        exception,
        due: due && { earliest: formatInstant(due[0]), latest: formatInstant(due[1]) },
      });
      break;
    }
  }
  /** @type {LargeAccount | null} */
  let largeAccount = null;
  /** @type {ResolvedLevel[]} */
  let escalation = [];
  if (region != null && country != null) {
    const ruleId = table.countries[country].large_account;
    if (ruleId != null) {
      const rule = table.large_accounts[ruleId];
      largeAccount = {
        rule: ruleId,
        min_seats: rule.min_seats,
        unit: rule.unit,
        seats,
        large: seats == null ? null : seats >= rule.min_seats,
      };
    }
    escalation = (table.escalation[region] ?? []).map((level) => ({
      level: level.level,
      role: level.role,
      delay_minutes: level.delay_minutes,
      contacts: (level.countries[country] ?? [])
        .map((i) => level.assignments[i])
        .filter((c) => territory == null || !c.subdivisions.length || c.subdivisions.includes(territory)),
    }));
  }
  return {
    resolution: {
      programme: table.programme.id,
      tier,
      severity,
      country,
      subdivision,
      territory,
      region,
      language,
      product,
      channel,
      case_type: caseType,
      seats,
      opened: openedMs == null ? null : formatInstant(openedMs),
      sla_policy: applicable.length ? applicable[0].id : null,
      targets,
      no_targets: noTargets,
      large_account: largeAccount,
      escalation,
    },
    diagnostics: found.warnings,
  };
}

/**
 * Load the programme's table from a routing directory (holding index.json).
 * @param {string} routingDir
 * @param {string} programme
 * @returns {{table: ProgrammeFile, error?: undefined} | {table?: undefined, error: Finding}}
 */
export function loadTable(routingDir, programme) {
  /** @type {IndexFile} */
  const index = JSON.parse(readFileSync(join(routingDir, "index.json"), "utf8"));
  if (index.format_version !== 2) throw new Error(`unsupported format_version ${index.format_version}`);
  const entry = index.programmes[programme];
  if (!entry) {
    const known = Object.keys(index.programmes).sort();
    const hint = didYouMean(programme, known) ?? `known: ${known.join(", ")}`;
    return { error: { code: "PC501", severity: "error", message: `unknown programme '${programme}'`, hint } };
  }
  // paths in the index are relative to the output root, the parent of routing/
  return { table: JSON.parse(readFileSync(join(dirname(resolvePath(routingDir)), entry.path), "utf8")) };
}

// -- command line --------------------------------------------------------------------------

const OPTIONS = [
  "routing",
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
  "case-type",
];

/**
 * The command line's options, checked: `--routing DIR --programme ID` and a ticket.
 * @param {string[]} argv
 * @returns {Ticket & {routing: string, programme: string}}
 */
function parseArgs(argv) {
  /** @type {Record<string, string>} */
  const args = { routing: "generated/routing" };
  for (let i = 0; i < argv.length; i++) {
    const name = argv[i].replace(/^--/, "");
    if (!argv[i].startsWith("--") || !OPTIONS.includes(name) || i + 1 >= argv.length) {
      throw new Error(`usage: route.mjs --programme ID --tier T --severity S [--${OPTIONS.slice(4).join(" X] [--")} X]`);
    }
    args[name.replace("-", "_")] = argv[++i];
  }
  for (const required of ["programme", "tier", "severity"]) {
    if (args[required] == null) throw new Error(`missing --${required}`);
  }
  if (args.seats != null && !/^-?\d+$/.test(args.seats)) throw new Error(`--seats must be a whole number`);
  const { routing, programme, tier, severity, seats, ...rest } = args;
  return { ...rest, routing, programme, tier, severity, seats: seats == null ? null : Number(seats) };
}

function main() {
  let args;
  try {
    args = parseArgs(process.argv.slice(2));
  } catch (err) {
    process.stderr.write(`${err instanceof Error ? err.message : err}\n`);
    process.exit(2);
  }
  const { table, error } = loadTable(args.routing, args.programme);
  /** @type {Answer} */
  const answer = error ? { resolution: null, diagnostics: [error] } : resolveTicket(table, args);
  process.stdout.write(`${JSON.stringify(answer, null, 2)}\n`);
  process.exit(answer.resolution == null ? 1 : 0);
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolvePath(process.argv[1])).href) main();
