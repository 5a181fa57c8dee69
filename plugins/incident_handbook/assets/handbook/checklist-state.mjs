// The checklists' stored state: parse, validate, migrate and change it.
//
// Pure and DOM-free, so the browser tests can import it on its own. Nothing
// here touches localStorage: checklist-store.mjs reads and writes the text.
//
// One localStorage key, STORAGE_KEY, holds one JSON document (version 2):
//
//   {
//     "version": 2,
//     "current": "i-m3k9x0-4f2a" | null,       incident chosen last (new tabs open it)
//     "incidents": {
//       "i-m3k9x0-4f2a": {
//         "name": "2026-11-27 ingestion delay",
//         "created": "2026-11-27T09:58:00.000Z",
//         "updated": "2026-11-27T14:05:00.000Z",
//         "items": {
//           "comms-lead/join-channel": { "done": ["2026-11-27T10:01:00.000Z"] },
//           "comms-lead/status-page-accurate": { "done": ["…T10:02…", "…T16:05…"] }
//         }
//       }
//     }
//   }
//
// Items are keyed "role-id/item-id", the ids in checklists/roles/*.yml. An
// item present is ticked; `done` lists the times it was ticked, oldest
// first (a duty on a cadence is ticked again each time it is done).
//
// Version 1 kept one time an item ("comms-lead/join-channel": "…Z") and no
// `updated`; it is migrated on read. A version newer than ours is left alone.

export const STORAGE_KEY = "handbook.checklists";
export const VERSION = 2;
/** Most incidents kept; the ones updated longest ago go first. */
export const MAX_INCIDENTS = 50;
/** Most tick times kept an item (a duty every hour for two days is 48). */
export const MAX_TICKS = 50;
export const MAX_NAME_LENGTH = 120;

const ID = "[a-z0-9]+(?:-[a-z0-9]+)*";
const ITEM_KEY = new RegExp(`^${ID}/${ID}$`);
const ROLE_ID = new RegExp(`^${ID}$`);
const INCIDENT_ID = /^i-[a-z0-9]{1,32}(?:-[a-z0-9]{1,32})?$/;
const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
// Control characters, and bidi overrides that could make a name read backwards.
const UNPRINTABLE = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

/** A state with no incidents. */
export function emptyState() {
  return { version: VERSION, current: null, incidents: {} };
}

function isRecord(value) {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** True for a time written by Date#toISOString() (and only such a time). */
export function isTime(value) {
  if (typeof value !== "string" || !ISO_TIME.test(value)) return false;
  const ms = Date.parse(value);
  return Number.isFinite(ms) && new Date(ms).toISOString() === value;
}

/** The stored incident `id`, or null (never an inherited property). */
export function getIncident(state, id) {
  return typeof id === "string" && Object.hasOwn(state.incidents, id) ? state.incidents[id] : null;
}

/** "role/item" key of a checklist item. */
export function itemKey(roleId, itemId) {
  return `${roleId}/${itemId}`;
}

export function isItemKey(value) {
  return typeof value === "string" && ITEM_KEY.test(value);
}

export function isIncidentId(value) {
  return typeof value === "string" && INCIDENT_ID.test(value);
}

/** An incident name as people typed it, made safe to keep; "" if nothing is left. */
export function cleanName(value) {
  if (typeof value !== "string") return "";
  return value.replace(UNPRINTABLE, " ").replace(/\s+/g, " ").trim().slice(0, MAX_NAME_LENGTH).trim();
}

// -- reading ------------------------------------------------------------------

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

// MIGRATIONS[v] turns a document of version v into one of version v + 1.
// A migration may meet any junk: it must not throw on a wrong shape, only
// pass it on for validate() to drop.
const MIGRATIONS = { 1: upgradeV1 };

function validateItem(value) {
  if (!isRecord(value) || !Array.isArray(value.done)) return null;
  const done = value.done.filter(isTime).sort();
  if (done.length === 0 || done.length !== value.done.length) return null;
  return { done: done.slice(-MAX_TICKS) };
}

function validateIncident(value) {
  if (!isRecord(value)) return { incident: null, dropped: 1 };
  const name = cleanName(value.name);
  if (!name || name !== value.name || !isTime(value.created) || !isTime(value.updated) || !isRecord(value.items)) {
    return { incident: null, dropped: 1 };
  }
  const items = {};
  let dropped = 0;
  for (const [key, item] of Object.entries(value.items)) {
    const valid = isItemKey(key) ? validateItem(item) : null;
    if (valid) items[key] = valid;
    else dropped += 1;
  }
  return { incident: { name, created: value.created, updated: value.updated, items }, dropped };
}

// Strict: every field is checked, anything unexpected is dropped (and
// counted), and only the fields we know are kept.
function validate(doc) {
  if (!isRecord(doc.incidents)) return null;
  const state = emptyState();
  let dropped = 0;
  for (const [id, value] of Object.entries(doc.incidents)) {
    const { incident, dropped: lost } = isIncidentId(id) ? validateIncident(value) : { incident: null, dropped: 1 };
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
  let migrated = false;
  for (let version = doc.version; version < VERSION; version += 1) {
    doc = MIGRATIONS[version](doc);
    migrated = true;
  }
  const result = validate(doc);
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
    state.incidents[id] = { name: cleanName(name) || "Incident", created: now, updated: now, items: {} };
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

export function setCurrent(state, id) {
  state.current = getIncident(state, id) ? id : null;
}

/** Tick (or untick) an item; unticking forgets its times. */
export function setTicked(state, id, name, key, ticked, now) {
  if (!isItemKey(key)) return;
  const incident = ensureIncident(state, id, name, now);
  if (ticked) {
    if (!Object.hasOwn(incident.items, key)) incident.items[key] = { done: [now] };
  } else {
    delete incident.items[key];
  }
  incident.updated = now;
}

/** A duty done once more: the clock starts again from `now`. */
export function doneAgain(state, id, name, key, now) {
  if (!isItemKey(key)) return;
  const incident = ensureIncident(state, id, name, now);
  const done = Object.hasOwn(incident.items, key) ? incident.items[key].done : [];
  incident.items[key] = { done: [...done, now].sort().slice(-MAX_TICKS) };
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

const HOUR_MS = 3600 * 1000;

/**
 * Where a duty repeated every `everyHours` stands at `nowMs`, given the
 * times it was done (ISO strings, oldest first). null if it was never done.
 * Returns {last, next, overdue, count}, times in ms.
 */
export function cadenceStatus(done, everyHours, nowMs) {
  if (!Array.isArray(done) || done.length === 0 || !(everyHours > 0)) return null;
  const last = Date.parse(done[done.length - 1]);
  const next = last + everyHours * HOUR_MS;
  return { last, next, overdue: nowMs >= next, count: done.length };
}
