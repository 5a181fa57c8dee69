// The incident record: its stored format, how it is read, migrated, changed,
// handed over and taken over.
//
// Pure and DOM-free (but for the words of its refusals, read from the page
// once, words.mjs), so the browser tests can import it on its own. Nothing
// here touches localStorage: incident-store.mjs reads and writes the text.
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
// item present is ticked; `done` lists the times it was ticked, oldest
// first (a duty on a cadence is done again each time; `every` is its
// cadence in minutes, so reminders and a handover know when it is due).
//
// Version 1 kept one time an item and no `updated`; version 2 had no links
// and no decisions; version 3 kept `every` in hours. All are migrated on
// read. A newer version is left alone.
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
const MAX_LINK_LENGTH = 500;
const MAX_TEXT = 400;
const MAX_RECORD = 6000;
const MAX_ANSWERS = 40;
const MAX_EVERY_MINUTES = 24 * 7 * 60;
/** Larger handover files are refused before they are parsed. */
export const MAX_HANDOVER_BYTES = 1_000_000;

const ID = "[a-z0-9]+(?:-[a-z0-9]+)*";
const ITEM_KEY = new RegExp(`^${ID}/${ID}$`);
const ROLE_ID = new RegExp(`^${ID}$`);
const PATH = new RegExp(`^${ID}(?:\\.${ID})*$`);
const INCIDENT_ID = /^i-[a-z0-9]{1,32}(?:-[a-z0-9]{1,32})?$/;
const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
// Control characters, and bidi overrides that could make a text read backwards.
const UNPRINTABLE = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;
const printable = (text) => text.search(UNPRINTABLE) < 0;  // search() ignores the g flag's lastIndex

/** A state with no incidents. */
export function emptyState() {
  return { version: VERSION, current: null, incidents: {} };
}

function isRecord(value) {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

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
export function itemKey(roleId, itemId) {
  return `${roleId}/${itemId}`;
}

function isItemKey(value) {
  return typeof value === "string" && ITEM_KEY.test(value);
}

export function isIncidentId(value) {
  return typeof value === "string" && INCIDENT_ID.test(value);
}

/** A one-line text as people typed it, made safe to keep; "" if nothing is left. */
function cleanLine(value, max) {
  if (typeof value !== "string") return "";
  return value.replace(UNPRINTABLE, " ").replace(/\s+/g, " ").trim().slice(0, max).trim();
}

/** An incident name as people typed it, made safe to keep; "" if nothing is left. */
export function cleanName(value) {
  return cleanLine(value, MAX_NAME_LENGTH);
}

/**
 * A link to the incident channel or the comms plan as typed: "" for none,
 * the address if it is a web address, null if it is not one.
 */
function cleanLink(value) {
  if (typeof value !== "string") return null;
  const text = value.trim();
  if (text === "") return "";
  if (text.length > MAX_LINK_LENGTH || /\s/.test(text) || !printable(text)) return null;
  let url;
  try {
    url = new URL(text);
  } catch {
    return null;
  }
  return url.protocol === "https:" || url.protocol === "http:" ? text : null;
}

// -- checking, field by field ------------------------------------------------------
//
// Each check returns the value to keep, or null, and adds what is wrong to
// `problems` as "path: what". Reading storage drops the entry at fault;
// taking over a handover refuses the file if anything is wrong.

/**
 * Where a field is, for a message: `incident.name`, or, for a name that is not a
 * plain word (a file can hold any key), the name quoted and cut short:
 * `incident["{…"]`. A message names the field; it never repeats the file.
 */
function field(path, key, quoted = false) {
  if (!quoted && /^[A-Za-z_][\w-]{0,39}$/.test(key)) return path ? `${path}.${key}` : key;
  const name = key.length > 40 ? `${key.slice(0, 40)}…` : key;
  return `${path}[${JSON.stringify(name)}]`;
}

function text(value, max, path, problems, { multiline = false } = {}) {
  if (typeof value !== "string") return problems.push(`${path}: not a text`), null;
  if (value.length > max) return problems.push(`${path}: longer than ${max} characters`), null;
  if (multiline ? !printable(value.replaceAll("\n", "")) : value !== cleanLine(value, max)) {
    return problems.push(`${path}: has characters that cannot be shown`), null;
  }
  return value;
}

function time(value, path, problems) {
  if (!isTime(value)) return problems.push(`${path}: not a time`), null;
  return value;
}

function checkItem(value, path, problems) {
  if (!isRecord(value) || !Array.isArray(value.done)) return problems.push(`${path}: not a ticked item`), null;
  for (const key of Object.keys(value)) {
    if (key !== "done" && key !== "every") return problems.push(`${field(path, key)}: unknown field`), null;
  }
  if (value.done.length === 0) return problems.push(`${path}.done: empty`), null;
  const bad = value.done.findIndex((t) => !isTime(t));
  if (bad >= 0) return problems.push(`${path}.done[${bad}]: not a time`), null;
  const item = { done: [...value.done].sort().slice(-MAX_TICKS) };
  if (value.every !== undefined) {
    if (!Number.isInteger(value.every) || value.every < 1 || value.every > MAX_EVERY_MINUTES) {
      return problems.push(`${path}.every: not a number of minutes`), null;
    }
    item.every = value.every;
  }
  return item;
}

const DECISION_FIELDS = ["at", "tree", "title", "path", "answers", "outcome", "record"];

function checkDecision(value, path, problems) {
  if (!isRecord(value)) return problems.push(`${path}: not a decision`), null;
  const before = problems.length;
  for (const key of Object.keys(value)) {
    if (!DECISION_FIELDS.includes(key)) problems.push(`${field(path, key)}: unknown field`);
  }
  const at = time(value.at, `${path}.at`, problems);
  if (typeof value.tree !== "string" || !ROLE_ID.test(value.tree)) problems.push(`${path}.tree: not a wizard`);
  if (typeof value.path !== "string" || value.path.length > MAX_TEXT || !PATH.test(value.path)) {
    problems.push(`${path}.path: not a list of answers`);
  }
  const title = text(value.title, MAX_TEXT, `${path}.title`, problems);
  const outcome = text(value.outcome, MAX_TEXT, `${path}.outcome`, problems);
  const record = text(value.record, MAX_RECORD, `${path}.record`, problems, { multiline: true });
  const answers = [];
  if (!Array.isArray(value.answers) || value.answers.length > MAX_ANSWERS) {
    problems.push(`${path}.answers: not a list of answers`);
  } else {
    value.answers.forEach((answer, n) => {
      const at = `${path}.answers[${n}]`;
      if (!isRecord(answer) || Object.keys(answer).some((k) => k !== "question" && k !== "answer")) {
        problems.push(`${at}: not a question and its answer`);
        return;
      }
      const question = text(answer.question, MAX_TEXT, `${at}.question`, problems);
      const given = text(answer.answer, MAX_TEXT, `${at}.answer`, problems);
      answers.push({ question, answer: given });
    });
  }
  if (problems.length > before) return null;
  return { at, tree: value.tree, title, path: value.path, answers, outcome, record };
}

const INCIDENT_FIELDS = ["name", "created", "updated", "channel", "plan", "items", "decisions"];

/**
 * Check one incident. {incident, dropped}: with `strict`, any problem makes
 * incident null; otherwise a bad item or decision is dropped on its own
 * (and counted), and only a bad name, time or shape loses the incident.
 */
function checkIncident(value, path, problems, { strict }) {
  if (!isRecord(value)) return problems.push(`${path}: not an incident`), { incident: null, dropped: 1 };
  const before = problems.length;
  const unknown = Object.keys(value).filter((key) => !INCIDENT_FIELDS.includes(key));
  if (strict) for (const key of unknown) problems.push(`${field(path, key)}: unknown field`);
  const name = typeof value.name === "string" && cleanName(value.name) === value.name && value.name
    ? value.name : (problems.push(`${path}.name: not a name`), null);
  time(value.created, `${path}.created`, problems);
  time(value.updated, `${path}.updated`, problems);
  const links = {};
  for (const field of ["channel", "plan"]) {
    const link = cleanLink(value[field]);
    if (link === null || link !== value[field]) problems.push(`${path}.${field}: not a web address`);
    else links[field] = link;
  }
  if (!isRecord(value.items)) problems.push(`${path}.items: not a list of ticked items`);
  if (!Array.isArray(value.decisions) || value.decisions.length > MAX_DECISIONS) {
    problems.push(`${path}.decisions: not a list of decisions`);
  }
  if (problems.length > before) return { incident: null, dropped: 1 };

  let dropped = 0;
  const items = {};
  for (const [key, entry] of Object.entries(value.items)) {
    const at = field(`${path}.items`, key, true);
    const item = isItemKey(key) ? checkItem(entry, at, problems) : (problems.push(`${at}: not a checklist item`), null);
    if (item) items[key] = item;
    else dropped += 1;
  }
  const decisions = [];
  value.decisions.forEach((entry, n) => {
    const decision = checkDecision(entry, `${path}.decisions[${n}]`, problems);
    if (decision) decisions.push(decision);
    else dropped += 1;
  });
  decisions.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
  if (strict && problems.length > before) return { incident: null, dropped };
  const incident = { name, created: value.created, updated: value.updated, channel: links.channel,
    plan: links.plan, items, decisions };
  return { incident, dropped: dropped + (unknown.length > 0 ? 1 : 0) };  // unknown fields are dropped too
}

// -- reading storage ----------------------------------------------------------------

function upgradeV1(doc) {
  // v1 → v2: one time an item becomes a list of times; `updated` appears.
  const incidents = {};
  if (isRecord(doc.incidents)) {
    for (const [id, incident] of Object.entries(doc.incidents)) {
      if (!isRecord(incident)) continue;
      const items = {};
      let updated = incident.created;
      if (isRecord(incident.items)) {
        for (const [key, time] of Object.entries(incident.items)) {
          items[key] = { done: [time] };
          if (isTime(time) && (!isTime(updated) || time > updated)) updated = time;
        }
      }
      incidents[id] = { name: incident.name, created: incident.created, updated, items };
    }
  }
  return { version: 2, current: doc.current ?? null, incidents };
}

function upgradeV2(doc) {
  // v2 → v3: the checklists' incident becomes the incident record: links and decisions appear.
  const incidents = {};
  if (isRecord(doc.incidents)) {
    for (const [id, incident] of Object.entries(doc.incidents)) {
      incidents[id] = isRecord(incident)
        ? { name: incident.name, created: incident.created, updated: incident.updated, channel: "", plan: "",
            items: incident.items, decisions: [] }
        : incident;
    }
  }
  // Junk stays junk, for validate() to refuse as before.
  return { version: 3, current: doc.current ?? null, incidents: isRecord(doc.incidents) ? incidents : doc.incidents };
}

function upgradeV3(doc) {
  // v3 → v4: a duty's `every` is kept in minutes, not hours (a cadence may be 20 minutes).
  if (isRecord(doc.incidents)) {
    for (const incident of Object.values(doc.incidents)) {
      if (!isRecord(incident) || !isRecord(incident.items)) continue;
      for (const item of Object.values(incident.items)) {
        if (isRecord(item) && Number.isInteger(item.every)) item.every *= 60;
      }
    }
  }
  return { ...doc, version: 4 };
}

// MIGRATIONS[v] turns a document of version v into one of version v + 1.
// A migration may meet any junk: it must not throw on a wrong shape, only
// pass it on for the checks to drop.
const MIGRATIONS = { 1: upgradeV1, 2: upgradeV2, 3: upgradeV3 };

function migrate(doc) {
  for (let version = doc.version; version < VERSION; version += 1) doc = MIGRATIONS[version](doc);
  return doc;
}

// Lenient: every field is checked, anything unexpected is dropped (and
// counted), and only the fields we know are kept.
function validate(doc) {
  if (!isRecord(doc.incidents)) return null;
  const state = emptyState();
  let dropped = 0;
  for (const [id, value] of Object.entries(doc.incidents)) {
    const problems = [];
    const { incident, dropped: lost } = isIncidentId(id)
      ? checkIncident(value, id, problems, { strict: false })
      : { incident: null, dropped: 1 };
    dropped += lost;
    if (incident) state.incidents[id] = incident;
  }
  dropped += trimIncidents(state);
  if (isIncidentId(doc.current) && getIncident(state, doc.current)) state.current = doc.current;
  else if (doc.current !== null && doc.current !== undefined) dropped += 1;
  return { state, dropped };
}

/**
 * Read the stored text. Never throws. Returns {state, status, changed}:
 *   status  "empty" (nothing stored), "ok", "migrated" (an older version,
 *           upgraded), "corrupt" (unreadable: state is empty) or "newer"
 *           (written by a newer handbook: state is empty, leave it alone)
 *   changed true when the state differs from the text (migrated, or entries
 *           dropped), so it should be written back
 */
export function parseStored(text) {
  if (text === null || text === undefined) return { state: emptyState(), status: "empty", changed: false };
  let doc;
  try {
    doc = JSON.parse(text);
  } catch {
    return { state: emptyState(), status: "corrupt", changed: false };
  }
  if (!isRecord(doc) || !Number.isInteger(doc.version) || doc.version < 1) {
    return { state: emptyState(), status: "corrupt", changed: false };
  }
  if (doc.version > VERSION) return { state: emptyState(), status: "newer", changed: false };
  const migrated = doc.version < VERSION;
  const result = validate(migrate(doc));
  if (result === null) return { state: emptyState(), status: "corrupt", changed: false };
  return {
    state: result.state,
    status: migrated ? "migrated" : "ok",
    changed: migrated || result.dropped > 0,
  };
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
  if (!incident) return null;
  return JSON.stringify({ kind: HANDOVER_KIND, version: VERSION, exported: nowIso, id, incident }, null, 2) + "\n";
}

const HANDOVER_FIELDS = ["kind", "version", "exported", "id", "incident"];

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
  for (const key of Object.keys(doc)) if (!HANDOVER_FIELDS.includes(key)) problems.push(`${field("", key)}: unknown field`);
  if (!isIncidentId(doc.id)) problems.push("id: not an incident id");
  if (doc.exported !== undefined && !isTime(doc.exported)) problems.push("exported: not a time");
  let incident = null;
  if (problems.length === 0) {
    const migrated = migrate({ version: doc.version, current: null, incidents: { [doc.id]: doc.incident } });
    incident = checkIncident(migrated.incidents[doc.id], "incident", problems, { strict: true }).incident;
  }
  if (problems.length || incident === null) {
    const shown = problems.slice(0, 5).join("; ");
    const more = problems.length > 5 ? ` ${t("handover.more", { n: problems.length - 5 })}` : "";
    return refuse(t(problems.length === 1 ? "handover.bad_field" : "handover.bad_fields", { fields: `${shown}${more}` }),
      problems);
  }
  return { ok: true, id: doc.id, incident };
}

/**
 * Take over a handover: add incident `id`, or merge it into the one stored
 * (ticks and decisions together, each once; the name, links and times of
 * the copy changed last). Makes it current.
 */
export function takeOver(state, id, incoming) {
  const mine = getIncident(state, id);
  if (!mine) {
    state.incidents[id] = JSON.parse(JSON.stringify(incoming));
  } else {
    const theirsNewer = incoming.updated > mine.updated;
    const merged = { ...(theirsNewer ? incoming : mine) };
    merged.created = incoming.created < mine.created ? incoming.created : mine.created;
    merged.items = {};
    for (const key of new Set([...Object.keys(mine.items), ...Object.keys(incoming.items)])) {
      const a = tickedItem(mine, key) ?? { done: [] };
      const b = tickedItem(incoming, key) ?? { done: [] };
      const item = { done: [...new Set([...a.done, ...b.done])].sort().slice(-MAX_TICKS) };
      const every = (theirsNewer ? b.every ?? a.every : a.every ?? b.every);
      if (every !== undefined) item.every = every;
      merged.items[key] = item;
    }
    const seen = new Map();
    for (const d of [...mine.decisions, ...incoming.decisions]) seen.set(`${d.at} ${d.tree} ${d.path}`, d);
    merged.decisions = [...seen.values()].sort((a, b) => (a.at < b.at ? -1 : 1)).slice(-MAX_DECISIONS);
    state.incidents[id] = JSON.parse(JSON.stringify(merged));
  }
  trimIncidents(state);
  setCurrent(state, id);
}

// -- changing -----------------------------------------------------------------
// Each change mutates `state` in place; `now` is an ISO time.

function trimIncidents(state) {
  const ids = Object.keys(state.incidents);
  if (ids.length <= MAX_INCIDENTS) return 0;
  ids.sort((a, b) => (state.incidents[b].updated > state.incidents[a].updated ? 1 : -1));
  for (const id of ids.slice(MAX_INCIDENTS)) delete state.incidents[id];
  if (state.current && !getIncident(state, state.current)) state.current = null;
  return ids.length - MAX_INCIDENTS;
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

export function renameIncident(state, id, name, now) {
  const clean = cleanName(name);
  if (!clean) return;
  const incident = ensureIncident(state, id, clean, now);
  incident.name = clean;
  incident.updated = now;
}

/** Set the incident's link `field` ("channel" or "plan"); false if `value` is not a web address. */
export function setLink(state, id, name, field, value, now) {
  const link = cleanLink(value);
  if (link === null || (field !== "channel" && field !== "plan")) return false;
  const incident = ensureIncident(state, id, name, now);
  incident[field] = link;
  incident.updated = now;
  return true;
}

export function setCurrent(state, id) {
  state.current = getIncident(state, id) ? id : null;
}

function cadenceOf(everyMinutes) {
  return Number.isInteger(everyMinutes) && everyMinutes >= 1 && everyMinutes <= MAX_EVERY_MINUTES ? everyMinutes : undefined;
}

/** Tick (or untick) an item; unticking forgets its times. `everyMinutes`: its cadence, if it has one. */
export function setTicked(state, id, name, key, ticked, now, everyMinutes) {
  if (!isItemKey(key)) return;
  const incident = ensureIncident(state, id, name, now);
  if (ticked) {
    if (!tickedItem(incident, key)) {
      incident.items[key] = { done: [now] };
      const every = cadenceOf(everyMinutes);
      if (every) incident.items[key].every = every;
    }
  } else {
    delete incident.items[key];
  }
  incident.updated = now;
}

/** A duty done once more: the clock starts again from `now`. */
export function doneAgain(state, id, name, key, now, everyMinutes) {
  if (!isItemKey(key)) return;
  const incident = ensureIncident(state, id, name, now);
  const before = tickedItem(incident, key);
  const item = { done: [...(before?.done ?? []), now].sort().slice(-MAX_TICKS) };
  const every = cadenceOf(everyMinutes) ?? before?.every;
  if (every) item.every = every;
  incident.items[key] = item;
  incident.updated = now;
}

/** Untick the items `keys` of incident `id`. */
export function resetItems(state, id, keys, now) {
  const incident = getIncident(state, id);
  if (!incident) return;
  for (const key of keys) delete incident.items[key];
  incident.updated = now;
}

/**
 * Add a decision taken with a wizard to incident `id`. `decision` is the
 * wizard's {tree, title, path, answers, outcome, record}; false if it does
 * not fit the format (nothing is changed then).
 */
export function recordDecision(state, id, name, decision, now) {
  const problems = [];
  const clean = checkDecision({ ...decision, at: now }, "decision", problems);
  if (clean === null) return false;
  const incident = ensureIncident(state, id, name, now);
  incident.decisions = [...incident.decisions, clean].slice(-MAX_DECISIONS);
  incident.updated = now;
  return true;
}

/**
 * Forget, in every incident, the items of role `roleId` that are not in
 * `itemIds` (the role's items in this build of the handbook). Returns how
 * many were dropped.
 */
export function pruneRole(state, roleId, itemIds) {
  if (!ROLE_ID.test(roleId)) return 0;
  const known = new Set(itemIds);
  const prefix = `${roleId}/`;
  let dropped = 0;
  for (const incident of Object.values(state.incidents)) {
    for (const key of Object.keys(incident.items)) {
      if (key.startsWith(prefix) && !known.has(key.slice(prefix.length))) {
        delete incident.items[key];
        dropped += 1;
      }
    }
  }
  return dropped;
}

/**
 * Give ticked duties their cadence where the record lacks it (kept before
 * version 3): `cadences` maps item keys to minutes. Returns how many changed.
 */
export function fillCadences(state, cadences) {
  let filled = 0;
  for (const incident of Object.values(state.incidents)) {
    for (const [key, minutes] of cadences) {
      const item = tickedItem(incident, key);
      if (item && item.every !== minutes && cadenceOf(minutes)) {
        item.every = minutes;
        filled += 1;
      }
    }
  }
  return filled;
}

/** Incident ids, the one updated last first. */
export function incidentsByRecency(state) {
  return Object.keys(state.incidents).sort((a, b) => {
    const x = state.incidents[a];
    const y = state.incidents[b];
    if (x.updated !== y.updated) return x.updated < y.updated ? 1 : -1;
    return a < b ? -1 : 1;
  });
}

// -- duties on a cadence ------------------------------------------------------

const MINUTE_MS = 60 * 1000;

/**
 * Where a duty repeated every `everyMinutes` stands at `nowMs`, given the
 * times it was done (ISO strings, oldest first). null if it was never done.
 * Returns {last, next, overdue, count}, times in ms.
 */
export function cadenceStatus(done, everyMinutes, nowMs) {
  if (!Array.isArray(done) || done.length === 0 || !(everyMinutes > 0)) return null;
  const last = Date.parse(done.at(-1));
  const next = last + everyMinutes * MINUTE_MS;
  return { last, next, overdue: nowMs >= next, count: done.length };
}

/** The duties of `incident` on a cadence, each {key, every, last, next, overdue, count}, soonest due first. */
export function dutiesOf(incident, nowMs) {
  const out = [];
  for (const [key, item] of Object.entries(incident.items)) {
    const status = item.every ? cadenceStatus(item.done, item.every, nowMs) : null;
    if (status) out.push({ key, every: item.every, ...status });
  }
  return out.sort((a, b) => a.next - b.next || (a.key < b.key ? -1 : 1));
}
