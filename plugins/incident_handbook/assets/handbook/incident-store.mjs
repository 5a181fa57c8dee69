// Where the incident record lives: localStorage when the browser lets us,
// memory when it does not. One store a page load, made by the first page
// element that asks for it (module state survives Material's instant
// navigation, so an incident kept in memory does too).
//
// Every change is read-modify-write against the stored text, so two tabs
// ticking different items never undo each other's ticks.
import { STORAGE_KEY, copyState, emptyState, isIncidentId, parseStored, serialize } from "./incident-state.mjs";

// The incident this tab shows, so a reload keeps it even if another tab
// has since chosen a different one.
const TAB_KEY = "handbook.checklists.tab";

function openStorage(kind) {
  try {
    const storage = window[kind];
    const probe = "handbook.checklists.probe";
    storage.setItem(probe, "1");
    storage.removeItem(probe);
    return storage;
  } catch {
    return null;
  }
}

class IncidentStore {
  /** "local" (kept in localStorage) or "memory" (lost on reload). */
  mode = "memory";
  /** Why the state is only in memory: null, "unavailable" (no localStorage), "corrupt" (unreadable data is
   *  stored), "newer" (a newer handbook wrote it) or "write-failed" (full, or the browser refused). */
  problem = "unavailable";
  #local = openStorage("localStorage");
  #session = openStorage("sessionStorage");
  #state = emptyState();  // in "local" mode, as last read from #lastText
  #lastText = undefined;
  #tabIncident = null;
  #listeners = new Set();

  constructor() {
    if (this.#local === null) return;
    [this.mode, this.problem] = ["local", null];
    this.#load({ writeBack: true });
    const tab = this.#session?.getItem(TAB_KEY);  // openStorage() found it working
    if (isIncidentId(tab)) this.#tabIncident = tab;
  }

  /** Call `listener()` whenever the state or the mode changes (also from other tabs). */
  subscribe(listener) {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** The current state: treat it as read-only; change it with update(). */
  read() {
    if (this.mode === "local") this.#load({ writeBack: false });
    return this.#state;
  }

  /** Apply `change(state)` to a fresh copy of the stored state and keep the result. */
  update(change) {
    const state = copyState(this.read());
    change(state);
    if (this.mode === "memory") this.#state = state;
    else if (!this.#write(state)) this.#toMemory("write-failed", state);
    this.notifyAll();
    return state;
  }

  /** After "corrupt": overwrite the unreadable data with what is in memory, and keep ticks from now on. */
  discardUnreadable() {
    if (this.problem !== "corrupt" || !this.#write(copyState(this.#state))) return false;
    [this.mode, this.problem] = ["local", null];
    this.notifyAll();
    return true;
  }

  /** The incident this tab shows, if it chose one (it may not be stored yet). */
  get tabIncident() {
    return this.#tabIncident;
  }

  set tabIncident(id) {
    this.#tabIncident = id;
    try {
      this.#session?.setItem(TAB_KEY, id);
    } catch {
      // Only a reload of this tab forgets the choice.
    }
  }

  /** Tell every listener to show the state again (the state changed, or this tab chose another incident). */
  notifyAll() {
    for (const listener of this.#listeners) {
      try {
        listener();
      } catch (error) {
        console.error("handbook incident:", error);
      }
    }
  }

  /** Keep `state` in localStorage; false if the browser refuses. */
  #write(state) {
    const text = serialize(state);
    try {
      this.#local.setItem(STORAGE_KEY, text);
    } catch {
      return false;
    }
    [this.#lastText, this.#state] = [text, state];
    return true;
  }

  #load({ writeBack }) {
    let text;
    try {
      text = this.#local.getItem(STORAGE_KEY);
    } catch {
      return this.#toMemory("unavailable", this.#state);
    }
    if (text === this.#lastText) return;
    const { state, status, changed } = parseStored(text);
    // Unreadable or newer: keep what this page already knew, and do not overwrite what we cannot read.
    if (status === "corrupt" || status === "newer") return this.#toMemory(status, this.#state);
    [this.#lastText, this.#state] = [text, state];
    if (changed && writeBack && !this.#write(state)) this.#toMemory("write-failed", state);
  }

  #toMemory(problem, state) {
    if (this.mode === "local") queueMicrotask(() => this.notifyAll());
    [this.mode, this.problem] = ["memory", problem];
    this.#state = copyState(state);
  }
}

let shared = null;

/** The page's one store; the first call opens it and follows other tabs' changes. */
export function getStore() {
  if (shared === null) {
    shared = new IncidentStore();
    // Another tab changed something: show it here too.
    window.addEventListener("storage", (event) => {
      if ((event.key === STORAGE_KEY || event.key === null) && shared.mode === "local") shared.notifyAll();
    });
  }
  return shared;
}
