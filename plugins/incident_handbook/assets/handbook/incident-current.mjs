// Which incident this tab is working on, and changes made to it.
//
// A tab that has shown a stored incident keeps it, whatever other tabs
// choose; a tab still on its unsaved default follows the incident another
// tab has just stored. The default is not stored until something is done
// with it: a person who only opens a page leaves no incident behind.
import { ensureIncident, getIncident, incidentsByRecency, newIncidentId, setCurrent } from "./incident-state.mjs";
import { getStore } from "./incident-store.mjs";
import { localDate } from "./incident-time.mjs";
import { t } from "./words.mjs";

let draft = null;

function defaultName(state, nowMs) {
  const base = t("picker.default_name", { date: localDate(nowMs) });
  const taken = new Set(Object.values(state.incidents).map((incident) => incident.name));
  let name = base;
  for (let n = 2; taken.has(name); n += 1) name = `${base} ${n}`;
  return name;
}

/** {id, name, stored, incident}: what this tab shows (`incident` is the stored record, or null). */
export function currentIncident(state = getStore().read()) {
  const store = getStore();
  for (const id of [store.tabIncident, state.current]) {
    const incident = getIncident(state, id);
    if (incident) {
      if (store.tabIncident !== id) store.tabIncident = id;
      if (draft !== null && draft.id !== id) draft = null;
      return { id, name: incident.name, stored: true, incident };
    }
  }
  if (draft !== null && store.tabIncident === draft.id) return { ...draft, stored: false, incident: null };
  const newest = incidentsByRecency(state)[0];
  if (newest) {
    store.tabIncident = newest;
    return { id: newest, name: state.incidents[newest].name, stored: true, incident: state.incidents[newest] };
  }
  draft = { id: newIncidentId(Date.now()), name: defaultName(state, Date.now()) };
  store.tabIncident = draft.id;
  return { ...draft, stored: false, incident: null };
}

/**
 * Change the current incident: `apply(state, {id, name}, nowIso)`, which
 * may create it; it becomes the one new tabs open. Returns what apply returned.
 */
export function changeCurrent(apply) {
  const store = getStore();
  const incident = currentIncident();
  let result;
  store.update((state) => {
    result = apply(state, incident, new Date().toISOString());
    if (getIncident(state, incident.id)) setCurrent(state, incident.id);
  });
  if (draft !== null && draft.id === incident.id && getIncident(store.read(), incident.id)) draft = null;
  return result;
}

/** Start a new incident (stored at once) and show it in this tab. */
export function startIncident() {
  const store = getStore();
  const nowMs = Date.now();
  const id = newIncidentId(nowMs);
  store.tabIncident = id;
  store.update((state) => {
    ensureIncident(state, id, defaultName(state, nowMs), new Date(nowMs).toISOString());
    setCurrent(state, id);
  });
  draft = null;
  return currentIncident();
}

/** Show incident `id` in this tab (and, if stored, in new tabs). */
export function switchIncident(id) {
  const store = getStore();
  store.tabIncident = id;
  if (getIncident(store.read(), id)) store.update((state) => setCurrent(state, id));
  else store.notifyAll();
}
