// The incident record: its stored format, how it is read, migrated, changed,
// handed over and taken over. Pure and DOM-free, so tests can import it on its
// own; incident-store.mjs reads and writes the text in localStorage.
//
// One localStorage key, STORAGE_KEY, holds one JSON document (version 4):
//
//   {
//     "version": 4,
//     "current": "i-m3k9x0-4f2a" | null,       incident chosen last (new tabs open it)
//     "incidents": {
//       "i-m3k9x0-4f2a": {
//         "name": "2026-11-27 ingestion delay",
//         "created": "2026-11-27T09:58:00.000Z",
//         "updated": "2026-11-27T14:05:00.000Z",
//         "channel": "https://…" | "",          the incident channel
//         "plan": "https://…" | "",             the comms plan
//         "items": {
//           "scribe/open-timeline": { "done": ["2026-11-27T10:01:00.000Z"] },
//           "scribe/post-summary": { "done": ["…T10:02…", "…T16:05…"], "every": 360 }
//         },
//         "decisions": [
//           { "at": "…Z", "tree": "severity", "title": "How severe is it?",
//             "path": "yes.no", "answers": [{ "question": "…", "answer": "Yes" }],
//             "outcome": "…", "record": "the decision record, as copied" }
//         ]
//       }
//     }
//   }
//
// Items are keyed "role-id/item-id", the ids in checklists/roles/*.yml. An
// item present is ticked; `done` lists the times it was ticked, oldest first
// (a duty is done again each time; `every` is its cadence in minutes). What
// each field may hold is the table INCIDENT below. Older versions (MIGRATIONS)
// are migrated on read; a newer version is left alone.
//
// A handover (exportHandover / parseHandover) is one incident in the same
// shape, read strictly: one field that does not fit refuses the whole file.
import { t } from "./words.mjs";  // its refusals' words: the page's, when there is a page

export const STORAGE_KEY = "handbook.checklists";
const VERSION = 4;
const HANDOVER_KIND = "handbook-incident-handover";
/** Most incidents kept; the ones updated longest ago go first. */
const MAX_INCIDENTS = 50;
/** Most tick times kept an item (a duty every hour for two days is 48). */
const MAX_TICKS = 50;
const MAX_DECISIONS = 100;
export const MAX_NAME_LENGTH = 120;
const MAX_TEXT = 400;
/** Larger handover files are refused before they are parsed. */
export const MAX_HANDOVER_BYTES = 1_000_000;

const ID = "[a-z0-9]+(?:-[a-z0-9]+)*";
const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
// Control characters, and bidi overrides that could make a text read backwards.
const UNPRINTABLE = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;
const printable = (text) => text.search(UNPRINTABLE) < 0;  // search() ignores the g flag's lastIndex
/** A test for a text of at most `max` characters that all of `pattern` matches. */
function matches(pattern, max = Infinity) {
  const whole = new RegExp(`^(?:${pattern})$`);
  return (value) => typeof value === "string" && value.length <= max && whole.test(value);
}
const isItemKey = matches(`${ID}/${ID}`);
const isRoleId = matches(ID);
export const isIncidentId = matches("i-[a-z0-9]{1,32}(?:-[a-z0-9]{1,32})?");

/** A state with no incidents. */
export function emptyState() {
  return { version: VERSION, current: null, incidents: {} };
}

const compare = (a, b) => (a < b ? -1 : a > b ? 1 : 0);

const isRecord = (value) => typeof value === "object" && value !== null && !Array.isArray(value);

/** True for a time written by Date#toISOString() (and only such a time). */
function isTime(value) {
  if (typeof value !== "string" || !ISO_TIME.test(value)) return false;
  const ms = Date.parse(value);
  return Number.isFinite(ms) && new Date(ms).toISOString() === value;
}

/** The stored incident `id`, or null (never an inherited property). */
export function getIncident(state, id) {
  return typeof id === "string" && Object.hasOwn(state.incidents, id) ? state.incidents[id] : null;
}

/** The ticked item `key` of `incident` ({done, every?}), or null (never an inherited property). */
export function tickedItem(incident, key) {
  return incident && Object.hasOwn(incident.items, key) ? incident.items[key] : null;
}

/** "role/item" key of a checklist item. */
export const itemKey = (roleId, itemId) => `${roleId}/${itemId}`;

/** A one-line text as people typed it, made safe to keep; "" if nothing is left. */
function cleanLine(value, max) {
  if (typeof value !== "string") return "";
  return value.replace(UNPRINTABLE, " ").replace(/\s+/g, " ").trim().slice(0, max).trim();
}

/** An incident name as people typed it, made safe to keep; "" if nothing is left. */
export const cleanName = (value) => cleanLine(value, MAX_NAME_LENGTH);

/**
 * A link to the incident channel or the comms plan as typed: "" for none,
 * the address if it is a web address, null if it is not one.
 */
function cleanLink(value) {
  const text = typeof value === "string" ? value.trim() : null;
  if (!text || text.length > 500 || /\s/.test(text) || !printable(text)) return text === "" ? "" : null;
  try {
    return ["https:", "http:"].includes(new URL(text).protocol) ? text : null;
  } catch {
    return null;
  }
}

/** A duty's cadence: whole minutes, at most a week. */
const isCadence = (minutes) => Number.isInteger(minutes) && minutes >= 1 && minutes <= 7 * 24 * 60;

// -- checking: what each field may hold, in one table ---------------------------------
// A check(value, path, problems) returns the value to keep, or null after adding
// what is wrong to `problems` as "path: what". Reading storage keeps what passes;
// taking over a handover refuses the file if anything is wrong.

function fail(problems, path, what) {
  problems.push(`${path}: ${what}`);
  return null;
}

// Where a field is, for a message: `incident.name`, or for a key that is not a plain
// word, `incident["{…"]` (quoted and cut short: a message never repeats the file).
function field(path, key, quoted = false) {
  if (!quoted && /^[A-Za-z_][\w-]{0,39}$/.test(key)) return path ? `${path}.${key}` : key;
  const name = key.length > 40 ? `${key.slice(0, 40)}…` : key;
  return `${path}[${JSON.stringify(name)}]`;
}

/** The check of a value kept as it is if it passes `test`. */
const is = (what, test) => (value, path, problems) => (test(value) ? value : fail(problems, path, what));

function text(max, { multiline = false } = {}) {
  return (value, path, problems) => {
    if (typeof value !== "string") return fail(problems, path, "not a text");
    if (value.length > max) return fail(problems, path, `longer than ${max} characters`);
    const shown = multiline ? printable(value.replaceAll("\n", "")) : value === cleanLine(value, max);
    return shown ? value : fail(problems, path, "has characters that cannot be shown");
  };
}

/** A list of `entry`, then `tidy`-ed. With `drop`, an entry that does not fit is left out; else it loses the list. */
function list(what, entry, { min = 0, max = Infinity, drop = false, tidy = (kept) => kept } = {}) {
  return (value, path, problems) => {
    if (!Array.isArray(value) || value.length > max) return fail(problems, path, what);
    if (value.length < min) return fail(problems, path, "empty");
    const kept = value.map((x, n) => entry(x, `${path}[${n}]`, problems));
    return drop || !kept.includes(null) ? tidy(kept.filter((x) => x !== null)) : null;
  };
}

// An object of `fields` (name → check; a name ending in "?" may be left out), kept in that
// order. A field it should not have loses it, or, with `dropUnknown`, is left out.
function record(what, fields, { dropUnknown = false } = {}) {
  const checks = Object.entries(fields).map(([name, check]) => [name.replace(/\?$/, ""), check, name.endsWith("?")]);
  return (value, path, problems) => {
    if (!isRecord(value)) return fail(problems, path, what);
    const unknown = Object.keys(value).filter((key) => !checks.some(([name]) => name === key));
    for (const key of unknown) fail(problems, field(path, key), "unknown field");
    let fits = dropUnknown || unknown.length === 0;
    const kept = {};
    for (const [name, check, optional] of checks) {
      if (optional && value[name] === undefined) continue;
      kept[name] = check(value[name], field(path, name), problems);
      if (kept[name] === null) fits = false;
    }
    return fits ? kept : null;
  };
}

const TIME = is("not a time", isTime);
const TEXT = text(MAX_TEXT);
const LINK = is("not a web address", (value) => typeof value === "string" && cleanLink(value) === value);

const ITEM = record("not a ticked item", {
  done: list("not a list of times", TIME, { min: 1, tidy: (done) => done.sort().slice(-MAX_TICKS) }),
  "every?": is("not a number of minutes", isCadence),
});

/** The ticked items, keyed "role/item"; an item that does not fit is left out. */
function items(value, path, problems) {
  if (!isRecord(value)) return fail(problems, path, "not a list of ticked items");
  const kept = {};
  for (const [key, entry] of Object.entries(value)) {
    const at = field(path, key, true);
    const item = isItemKey(key) ? ITEM(entry, at, problems) : fail(problems, at, "not a checklist item");
    if (item) kept[key] = item;
  }
  return kept;
}

const DECISION = record("not a decision", {
  at: TIME,
  tree: is("not a wizard", isRoleId),
  title: TEXT,
  path: is("not a list of answers", matches(`${ID}(?:\\.${ID})*`, MAX_TEXT)),
  answers: list("not a list of answers", record("not a question and its answer", { question: TEXT, answer: TEXT }),
    { max: 40 }),
  outcome: TEXT,
  record: text(6000, { multiline: true }),
});

// A bad item or decision is left out on its own; a bad name, time or link loses the incident.
const INCIDENT = record("not an incident", {
  name: is("not a name", (value) => typeof value === "string" && value !== "" && cleanName(value) === value),
  created: TIME,
  updated: TIME,
  channel: LINK,
  plan: LINK,
  items,
  decisions: list("not a list of decisions", DECISION, { max: MAX_DECISIONS, drop: true,
    tidy: (kept) => kept.sort((a, b) => compare(a.at, b.at)) }),
}, { dropUnknown: true });

const HANDOVER = record("not a handover", {
  kind: (value) => value,  // kind and version are read first, for their own refusals
  version: (value) => value,
  "exported?": TIME,
  id: is("not an incident id", isIncidentId),
  incident: INCIDENT,
});

// -- reading storage ----------------------------------------------------------------

// MIGRATIONS[v] turns an incident of version v into one of version v + 1. It
// may meet any junk: it must not throw on a wrong shape, only pass it on for
// the checks to drop.
const MIGRATIONS = {
  // v1 → v2: one time an item becomes a list of times; `updated` appears.
  1: ({ name, created, items }) => {
    const ticked = {};
    let updated = created;
    for (const [key, time] of isRecord(items) ? Object.entries(items) : []) {
      ticked[key] = { done: [time] };
      if (isTime(time) && (!isTime(updated) || time > updated)) updated = time;
    }
    return { name, created, updated, items: ticked };
  },
  // v2 → v3: the checklists' incident becomes the incident record: links and decisions appear.
  2: ({ name, created, updated, items }) => ({ name, created, updated, channel: "", plan: "", items, decisions: [] }),
  // v3 → v4: a duty's `every` is kept in minutes, not hours (a cadence may be 20 minutes).
  3: (incident) => {
    for (const item of isRecord(incident.items) ? Object.values(incident.items) : []) {
      if (isRecord(item) && Number.isInteger(item.every)) item.every *= 60;
    }
    return incident;
  },
};

function upgrade(incident, version) {
  for (; version < VERSION && isRecord(incident); version += 1) incident = MIGRATIONS[version](incident);
  return incident;
}

/**
 * Read the stored text; never throws. {state, status, changed}: status "empty" (nothing stored), "ok", "migrated"
 * (an older version, upgraded), "corrupt" (unreadable: state is empty) or "newer" (a newer handbook's: state is
 * empty, leave it alone); changed is true when the state differs from the text (migrated, or entries dropped), so
 * it should be written back. Lenient: what does not fit is dropped, and only the fields we know are kept.
 */
export function parseStored(text) {
  const read = (status, state = emptyState(), changed = false) => ({ state, status, changed });
  if (text === null || text === undefined) return read("empty");
  let doc;
  try {
    doc = JSON.parse(text);
  } catch {
    return read("corrupt");
  }
  if (!isRecord(doc) || !Number.isInteger(doc.version) || doc.version < 1) return read("corrupt");
  if (doc.version > VERSION) return read("newer");
  // Version 1 read incidents that are not an object as none; later versions refuse them.
  const incidents = isRecord(doc.incidents) ? doc.incidents : doc.version === 1 ? {} : null;
  if (incidents === null) return read("corrupt");
  const state = emptyState();
  const problems = [];
  for (const [id, value] of Object.entries(incidents)) {
    const incident = isIncidentId(id) ? INCIDENT(upgrade(value, doc.version), id, problems)
      : fail(problems, id, "not an incident id");
    if (incident) state.incidents[id] = incident;
  }
  const trimmed = trimIncidents(state);
  if (getIncident(state, doc.current)) state.current = doc.current;
  else if ((doc.current ?? null) !== null) fail(problems, "current", "not an incident");
  const migrated = doc.version < VERSION;
  return read(migrated ? "migrated" : "ok", state, migrated || problems.length + trimmed > 0);
}

/** The text to store. */
export function serialize(state) {
  return JSON.stringify({ version: VERSION, current: state.current, incidents: state.incidents });
}

/** A deep copy, so a change can be tried without touching the original. */
export function copyState(state) {
  return JSON.parse(serialize(state));
}

// -- handing over ---------------------------------------------------------------------

/** The handover file of incident `id`: JSON text, or null if it is not stored. */
export function exportHandover(state, id, nowIso) {
  const incident = getIncident(state, id);
  const handover = { kind: HANDOVER_KIND, version: VERSION, exported: nowIso, id, incident };
  return incident && JSON.stringify(handover, null, 2) + "\n";
}

/**
 * Read a handover file. Never throws. {ok: true, id, incident} or
 * {ok: false, error: "what is wrong, in words", problems: ["path: what", …]}.
 * Strict: a file with any field that does not fit is refused whole.
 */
export function parseHandover(text) {
  const refuse = (error, problems = []) => ({ ok: false, error, problems });
  if (typeof text !== "string" || text.length > MAX_HANDOVER_BYTES) return refuse(t("handover.too_large"));
  if (text.trim() === "") return refuse(t("handover.empty"));
  let doc;
  try {
    doc = JSON.parse(text);
  } catch {
    return refuse(t("handover.incomplete"));
  }
  if (!isRecord(doc) || doc.kind !== HANDOVER_KIND) return refuse(t("handover.not_handover"));
  if (!Number.isInteger(doc.version) || doc.version < 1) return refuse(t("handover.no_version"));
  if (doc.version > VERSION) {
    return refuse(t("handover.newer", { version: doc.version, known: VERSION }));
  }
  const problems = [];
  const handover = HANDOVER({ ...doc, incident: upgrade(doc.incident, doc.version) }, "", problems);
  if (problems.length > 0) {
    const shown = problems.slice(0, 5).join("; ");
    const more = problems.length > 5 ? ` ${t("handover.more", { n: problems.length - 5 })}` : "";
    return refuse(t(problems.length === 1 ? "handover.bad_field" : "handover.bad_fields", { fields: `${shown}${more}` }),
      problems);
  }
  return { ok: true, id: handover.id, incident: handover.incident };
}

/**
 * Take over a handover: add incident `id`, or merge it into the one stored
 * (ticks and decisions together, each once; the name, links and times of
 * the copy changed last). Makes it current.
 */
export function takeOver(state, id, incoming) {
  const mine = getIncident(state, id);
  const [older, newer] = mine && incoming.updated <= mine.updated ? [incoming, mine] : [mine, incoming];
  const merged = { ...newer };
  if (older) {
    merged.created = compare(older.created, newer.created) < 0 ? older.created : newer.created;
    merged.items = {};
    for (const key of new Set([...Object.keys(mine.items), ...Object.keys(incoming.items)])) {
      const [a, b] = [tickedItem(older, key), tickedItem(newer, key)];
      const done = [...new Set([...(a?.done ?? []), ...(b?.done ?? [])])].sort().slice(-MAX_TICKS);
      const every = b?.every ?? a?.every;
      merged.items[key] = every === undefined ? { done } : { done, every };
    }
    const seen = new Map();
    for (const d of [...mine.decisions, ...incoming.decisions]) seen.set(`${d.at} ${d.tree} ${d.path}`, d);
    merged.decisions = [...seen.values()].sort((a, b) => compare(a.at, b.at)).slice(-MAX_DECISIONS);
  }
  state.incidents[id] = JSON.parse(JSON.stringify(merged));
  trimIncidents(state);
  setCurrent(state, id);
}

// -- changing -----------------------------------------------------------------
// Each change mutates `state` in place; `now` is an ISO time.

function trimIncidents(state) {
  const gone = incidentsByRecency(state).slice(MAX_INCIDENTS);
  for (const id of gone) delete state.incidents[id];
  if (state.current && !getIncident(state, state.current)) state.current = null;
  return gone.length;
}

/** A fresh incident id, unique enough for one person's browser. */
export function newIncidentId(nowMs, random = Math.random) {
  const suffix = Math.floor(random() * 36 ** 6).toString(36).padStart(6, "0");
  return `i-${Math.max(0, Math.floor(nowMs)).toString(36)}-${suffix}`;
}

/** The incident `id`, created with `name` if it is not stored yet. */
export function ensureIncident(state, id, name, now) {
  if (!isIncidentId(id)) throw new TypeError(`not an incident id: ${id}`);
  if (!getIncident(state, id)) {
    state.incidents[id] = { name: cleanName(name) || "Incident", created: now, updated: now, channel: "", plan: "",
      items: {}, decisions: [] };
    trimIncidents(state);
  }
  return state.incidents[id];
}

/** Apply `change(incident)` to incident `id` (created with `name` if need be), changed `now`. */
function changeIncident(state, id, name, now, change) {
  const incident = ensureIncident(state, id, name, now);
  change(incident);
  incident.updated = now;
}

export function renameIncident(state, id, name, now) {
  const clean = cleanName(name);
  if (clean) changeIncident(state, id, clean, now, (incident) => (incident.name = clean));
}

/** Set the incident's link `field` ("channel" or "plan"); false if `value` is not a web address. */
export function setLink(state, id, name, field, value, now) {
  const link = cleanLink(value);
  if (link === null || (field !== "channel" && field !== "plan")) return false;
  changeIncident(state, id, name, now, (incident) => (incident[field] = link));
  return true;
}

export function setCurrent(state, id) {
  state.current = getIncident(state, id) ? id : null;
}

/** Tick (or untick) an item; unticking forgets its times. `everyMinutes`: its cadence, if it has one. */
export function setTicked(state, id, name, key, ticked, now, everyMinutes) {
  if (!isItemKey(key)) return;
  if (ticked && !tickedItem(getIncident(state, id), key)) doneAgain(state, id, name, key, now, everyMinutes);
  else changeIncident(state, id, name, now, (incident) => {
    if (!ticked) delete incident.items[key];
  });
}

/** A duty done once more: the clock starts again from `now`. */
export function doneAgain(state, id, name, key, now, everyMinutes) {
  if (!isItemKey(key)) return;
  changeIncident(state, id, name, now, (incident) => {
    const before = tickedItem(incident, key);
    const item = { done: [...(before?.done ?? []), now].sort().slice(-MAX_TICKS) };
    const every = isCadence(everyMinutes) ? everyMinutes : before?.every;
    incident.items[key] = every ? { ...item, every } : item;
  });
}

/** Untick the items `keys` of incident `id`. */
export function resetItems(state, id, keys, now) {
  if (!getIncident(state, id)) return;
  changeIncident(state, id, "", now, (incident) => keys.forEach((key) => delete incident.items[key]));
}

/**
 * Add a decision taken with a wizard to incident `id`. `decision` is the
 * wizard's {tree, title, path, answers, outcome, record}; false if it does
 * not fit the format (nothing is changed then).
 */
export function recordDecision(state, id, name, decision, now) {
  const clean = DECISION({ ...decision, at: now }, "decision", []);
  if (clean === null) return false;
  changeIncident(state, id, name, now, (incident) => {
    incident.decisions = [...incident.decisions, clean].slice(-MAX_DECISIONS);
  });
  return true;
}

/**
 * Forget, in every incident, the items of role `roleId` that are not in
 * `itemIds` (the role's items in this build of the handbook). Returns how
 * many were dropped.
 */
export function pruneRole(state, roleId, itemIds) {
  if (!isRoleId(roleId)) return 0;
  const known = new Set(itemIds.map((id) => itemKey(roleId, id)));
  const gone = Object.values(state.incidents).flatMap((incident) => Object.keys(incident.items)
    .filter((key) => key.startsWith(`${roleId}/`) && !known.has(key)).map((key) => [incident, key]));
  for (const [incident, key] of gone) delete incident.items[key];
  return gone.length;
}

/**
 * Give ticked duties their cadence where the record lacks it (kept before
 * version 3): `cadences` maps item keys to minutes. Returns how many changed.
 */
export function fillCadences(state, cadences) {
  const lacking = Object.values(state.incidents).flatMap((incident) => cadences
    .map(([key, minutes]) => [tickedItem(incident, key), minutes])
    .filter(([item, minutes]) => item && item.every !== minutes && isCadence(minutes)));
  for (const [item, minutes] of lacking) item.every = minutes;
  return lacking.length;
}

/** Incident ids, the one updated last first. */
export function incidentsByRecency(state) {
  const updated = (id) => state.incidents[id].updated;
  return Object.keys(state.incidents).sort((a, b) => compare(updated(b), updated(a)) || compare(a, b));
}

// -- duties on a cadence ------------------------------------------------------

/**
 * Where a duty repeated every `everyMinutes` stands at `nowMs`, given the
 * times it was done (ISO strings, oldest first). null if it was never done.
 * Returns {last, next, overdue, count}, times in ms.
 */
export function cadenceStatus(done, everyMinutes, nowMs) {
  if (!Array.isArray(done) || done.length === 0 || !(everyMinutes > 0)) return null;
  const last = Date.parse(done.at(-1));
  const next = last + everyMinutes * 60_000;
  return { last, next, overdue: nowMs >= next, count: done.length };
}

/** The duties of `incident` on a cadence, each {key, every, last, next, overdue, count}, soonest due first. */
export function dutiesOf(incident, nowMs) {
  return Object.entries(incident.items).filter(([, item]) => item.every)
    .map(([key, item]) => ({ key, every: item.every, ...cadenceStatus(item.done, item.every, nowMs) }))
    .sort((a, b) => a.next - b.next || compare(a.key, b.key));
}
