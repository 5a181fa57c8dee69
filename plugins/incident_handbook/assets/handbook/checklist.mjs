// Interactive role checklists, kept per incident in this browser.
//
// Without scripts a checklist is a list of plain checkboxes. enhance() adds,
// once per page, a toolbar before the first checklist (which incident, its
// progress, Copy as Markdown, Reset) and to each item the time it was ticked;
// a duty on a cadence also shows when it is next due, and turns overdue.
//
// handbook.mjs calls enhance(document) on every page Material shows, also
// after instant navigation, which swaps the page body but keeps this module.
// So: checklists are marked when enhanced; window listeners are added once
// for the module's life; the one timer runs only while a page with
// checklists is showing; and pages whose elements left the document are
// dropped on every call.
import { checklistMarkdown, formatStamp } from "./checklist-markdown.mjs";
import {
  cadenceStatus,
  cleanName,
  copyState,
  doneAgain,
  ensureIncident,
  getIncident,
  incidentsByRecency,
  itemKey,
  MAX_NAME_LENGTH,
  newIncidentId,
  pruneRole,
  renameIncident,
  resetItems,
  setCurrent,
  setTicked,
} from "./checklist-state.mjs";
import { ChecklistStore } from "./checklist-store.mjs";

const RECHECK_MS = 30 * 1000;
const ENHANCED = "handbookEnhanced";

let store = null;
const pages = new Set();
let ticker = null;
// The incident this tab shows before anything is stored for it: a person
// who only opens the page should not leave an incident behind.
let draft = null;
let serial = 0;

/** Make every checklist under `root` interactive. Safe to call again on the same document. */
export function enhance(root = document) {
  sweep();
  const fresh = [...root.querySelectorAll(".handbook-checklist")].filter((el) => !(ENHANCED in el.dataset));
  if (fresh.length === 0) return;
  if (store === null) start();
  for (const el of fresh) el.dataset[ENHANCED] = "";
  const page = [...pages].find((p) => p.root === root);
  if (page) page.add(fresh);
  else pages.add(new ChecklistPage(root, fresh));
  if (ticker === null) ticker = setInterval(recheck, RECHECK_MS);
}

// -- module life ----------------------------------------------------------------

function start() {
  store = new ChecklistStore();
  store.subscribe(() => renderAll());
  // Another tab ticked something: show it here too.
  window.addEventListener("storage", (event) => store.storageChanged(event.key));
  // Timers are slowed down in background tabs: catch up as soon as the tab is seen.
  document.addEventListener("visibilitychange", () => {
    if (document.visibilityState === "visible") recheck();
  });
}

function sweep() {
  for (const page of pages) {
    if (!page.connected) {
      page.dispose();
      pages.delete(page);
    }
  }
  if (pages.size === 0 && ticker !== null) {
    clearInterval(ticker);
    ticker = null;
  }
}

function recheck() {
  sweep();
  renderAll();
}

function renderAll() {
  for (const page of pages) if (page.connected) page.render();
}

// -- the incident this tab shows -------------------------------------------------

function localDate(ms) {
  const d = new Date(ms);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, "0")}-${String(d.getDate()).padStart(2, "0")}`;
}

function defaultName(state, nowMs) {
  const base = `${localDate(nowMs)} incident`;
  const taken = new Set(Object.values(state.incidents).map((incident) => incident.name));
  let name = base;
  for (let n = 2; taken.has(name); n += 1) name = `${base} ${n}`;
  return name;
}

/**
 * {id, name, stored}: what this tab shows. Once a stored incident is shown,
 * the tab keeps it, whatever other tabs choose; a tab still on its unsaved
 * default follows the incident another tab has just stored.
 */
function currentIncident(state) {
  for (const id of [store.tabIncident, state.current]) {
    const incident = getIncident(state, id);
    if (incident) {
      if (store.tabIncident !== id) store.tabIncident = id;
      if (draft !== null && draft.id !== id) draft = null;
      return { id, name: incident.name, stored: true };
    }
  }
  if (draft !== null && store.tabIncident === draft.id) return { ...draft, stored: false };
  const newest = incidentsByRecency(state)[0];
  if (newest) {
    store.tabIncident = newest;
    return { id: newest, name: state.incidents[newest].name, stored: true };
  }
  draft = { id: newIncidentId(Date.now()), name: defaultName(state, Date.now()) };
  store.tabIncident = draft.id;
  return { ...draft, stored: false };
}

// -- small DOM helpers --------------------------------------------------------------

function el(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(props)) {
    if (name === "className") node.className = value;
    else if (name === "text") node.textContent = value;
    else if (name === "hidden") node.hidden = value;
    else node.setAttribute(name, value);
  }
  node.append(...children);
  return node;
}

function uid(prefix) {
  serial += 1;
  return `${prefix}-${serial}`;
}

const clock = new Intl.DateTimeFormat(undefined, { hour: "2-digit", minute: "2-digit" });
const dayAndClock = new Intl.DateTimeFormat(undefined, {
  month: "short", day: "numeric", hour: "2-digit", minute: "2-digit",
});

/** A <time> for people: the clock time today, with the date otherwise. */
function timeElement(ms, nowMs) {
  const sameDay = localDate(ms) === localDate(nowMs);
  const node = el("time", { datetime: new Date(ms).toISOString(), title: formatStamp(ms) });
  node.textContent = (sameDay ? clock : dayAndClock).format(ms);
  return node;
}

function humanize(id) {
  const words = String(id).replace(/-/g, " ");
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** An item's label as Markdown: text, with links as [text](url). */
function labelMarkdown(node) {
  let out = "";
  for (const child of node.childNodes) {
    if (child.nodeType === Node.TEXT_NODE) out += child.textContent;
    else if (child.nodeType === Node.ELEMENT_NODE) {
      const inner = labelMarkdown(child);
      out += child.localName === "a" && child.href ? `[${inner.trim()}](${child.href})` : inner;
    }
  }
  return out.replace(/\s+/g, " ").trim();
}

function plural(n, one, many) {
  return `${n} ${n === 1 ? one : many}`;
}

// -- one page's checklists ---------------------------------------------------------

class ChecklistPage {
  constructor(root, checklists) {
    this.root = root;
    this.checklists = [];
    this.wasOverdue = new Set();
    this.resetTimer = null;
    this.buildToolbar(checklists[0]);
    this.add(checklists);
  }

  get connected() {
    return this.toolbar.isConnected;
  }

  dispose() {
    clearTimeout(this.resetTimer);
    this.resetTimer = null;
  }

  add(elements) {
    for (const element of elements) this.checklists.push(this.adoptChecklist(element));
    this.prune();
    this.render();
  }

  /** Items on this page, each key once, in page order. */
  get keys() {
    const keys = [];
    for (const checklist of this.checklists) {
      for (const item of checklist.items) if (!keys.includes(item.key)) keys.push(item.key);
    }
    return keys;
  }

  // The handbook may have dropped items since they were ticked: forget them.
  prune() {
    const roles = new Map();
    for (const checklist of this.checklists) {
      if (checklist.roleItems !== null) roles.set(checklist.role, checklist.roleItems);
    }
    const trial = copyState(store.read());
    let dropped = 0;
    for (const [role, items] of roles) dropped += pruneRole(trial, role, items);
    if (dropped > 0) {
      store.update((state) => {
        for (const [role, items] of roles) pruneRole(state, role, items);
      });
    }
  }

  adoptChecklist(element) {
    const role = element.dataset.handbookRole ?? "";
    const id = element.dataset.handbookChecklist ?? "";
    const roleItems = element.dataset.handbookRoleItems;
    const checklist = {
      element,
      role,
      id,
      roleName: element.dataset.handbookRoleName || humanize(role),
      title: element.dataset.handbookTitle || humanize(id),
      roleItems: typeof roleItems === "string" ? roleItems.split(/\s+/).filter(Boolean) : null,
      items: [],
      progress: el("p", { className: "handbook-phase-progress" }),
    };
    const list = element.querySelector(".handbook-items");
    element.insertBefore(checklist.progress, list);
    for (const li of element.querySelectorAll("li.handbook-item[data-handbook-item]")) {
      const input = li.querySelector("input.handbook-box");
      const label = li.querySelector("label");
      if (!input || !label) continue;
      const cadence = li.querySelector(".handbook-cadence[data-handbook-every-hours]");
      const everyHours = cadence ? Number(cadence.dataset.handbookEveryHours) : null;
      const item = {
        li,
        input,
        key: itemKey(role, li.dataset.handbookItem),
        text: labelMarkdown(label),
        plainText: label.textContent.replace(/\s+/g, " ").trim(),
        everyHours: everyHours > 0 ? everyHours : null,
        whenText: el("span", { className: "handbook-when-text", id: uid("handbook-when") }),
        again: null,
      };
      const when = el("p", { className: "handbook-when", hidden: true }, item.whenText);
      if (item.everyHours) {
        item.again = el("button", { type: "button", className: "handbook-button handbook-again" },
          "Done again", el("span", { className: "handbook-sr-only", text: `: ${item.plainText}` }));
        when.append(" ", item.again);
      }
      item.when = when;
      label.after(when);
      input.setAttribute("aria-describedby", item.whenText.id);
      checklist.items.push(item);
    }
    element.addEventListener("change", (event) => {
      const item = checklist.items.find((x) => x.input === event.target);
      if (item) this.tick(item, item.input.checked);
    });
    element.addEventListener("click", (event) => {
      const item = checklist.items.find((x) => x.again !== null && x.again.contains(event.target));
      if (item) this.doneAgain(item);
    });
    return checklist;
  }

  // -- the toolbar ---------------------------------------------------------------

  buildToolbar(first) {
    const nameId = uid("handbook-incident-name");
    const switchId = uid("handbook-incident-switch");
    const progressId = uid("handbook-progress");
    this.nameInput = el("input", {
      type: "text", id: nameId, className: "handbook-incident-name", autocomplete: "off",
      maxlength: String(MAX_NAME_LENGTH), spellcheck: "false", enterkeyhint: "done",
    });
    this.newButton = el("button", { type: "button", className: "handbook-button", text: "New incident" });
    this.select = el("select", { id: switchId, className: "handbook-incident-switch" });
    this.switchRow = el("div", { className: "handbook-incident-row" },
      el("label", { for: switchId, text: "Switch to" }), this.select);
    this.status = el("p", { className: "handbook-progress-text", id: progressId, "aria-live": "polite" });
    this.bar = el("progress", { className: "handbook-progress-bar", "aria-labelledby": progressId });
    this.copyButton = el("button", { type: "button", className: "handbook-button handbook-button--primary",
      text: "Copy as Markdown" });
    this.resetButton = el("button", { type: "button", className: "handbook-button", text: "Reset ticks…" });
    this.message = el("p", { className: "handbook-incident-message", "aria-live": "polite" });
    this.notice = el("div", { className: "handbook-notice", hidden: true });
    const exportId = uid("handbook-export");
    this.exportBox = el("textarea", { id: exportId, className: "handbook-export", readonly: "", rows: "10" });
    this.exportArea = el("div", { className: "handbook-export-area", hidden: true },
      el("label", { for: exportId, text: "The checklist as Markdown: select it all and copy" }), this.exportBox);
    this.dialog = this.buildDialog();

    this.toolbar = el("section", { className: "handbook-incident", "aria-label": "Incident checklist" },
      el("p", { className: "handbook-incident-hint",
        text: "Tick items as you go. Ticks are kept in this browser, separately for each incident." }),
      el("div", { className: "handbook-incident-row" },
        el("label", { for: nameId, text: "Incident" }), this.nameInput, this.newButton),
      this.switchRow,
      el("div", { className: "handbook-progress" }, this.bar, this.status),
      el("div", { className: "handbook-incident-actions" }, this.copyButton, this.resetButton),
      this.message,
      this.notice,
      this.exportArea,
      ...(this.dialog ? [this.dialog] : []));

    // Before the phase heading that introduces the first checklist, if any.
    const heading = first.previousElementSibling;
    const anchor = heading && /^H[2-4]$/.test(heading.tagName) ? heading : first;
    anchor.before(this.toolbar);

    this.nameInput.addEventListener("input", () => this.rename(this.nameInput.value));
    this.nameInput.addEventListener("change", () => {
      if (!cleanName(this.nameInput.value)) this.nameInput.value = this.incident.name;
    });
    this.nameInput.addEventListener("keydown", (event) => {
      if (event.key === "Enter") this.nameInput.blur();
    });
    this.newButton.addEventListener("click", () => this.newIncident());
    this.select.addEventListener("change", () => this.switchTo(this.select.value));
    this.copyButton.addEventListener("click", () => this.copy());
    this.resetButton.addEventListener("click", () => this.askReset());
  }

  buildDialog() {
    if (typeof HTMLDialogElement !== "function" || !("showModal" in HTMLDialogElement.prototype)) return null;
    const titleId = uid("handbook-reset-title");
    const textId = uid("handbook-reset-text");
    this.dialogText = el("p", { id: textId });
    const keep = el("button", { type: "button", className: "handbook-button", text: "Keep the ticks", autofocus: "" });
    const reset = el("button", { type: "button", className: "handbook-button handbook-button--danger",
      text: "Untick all" });
    const dialog = el("dialog", { className: "handbook-dialog", "aria-labelledby": titleId,
      "aria-describedby": textId },
      el("p", { className: "handbook-dialog-title", id: titleId, text: "Reset the ticks?" }),
      this.dialogText,
      el("div", { className: "handbook-incident-actions" }, keep, reset));
    keep.addEventListener("click", () => dialog.close("keep"));
    reset.addEventListener("click", () => dialog.close("reset"));
    dialog.addEventListener("close", () => {
      if (dialog.returnValue === "reset") this.reset();
      // After a reset the button is disabled; its neighbour takes the focus.
      (this.resetButton.disabled ? this.copyButton : this.resetButton).focus();
    });
    return dialog;
  }

  // -- showing the state ----------------------------------------------------------

  render() {
    const state = store.read();
    const incident = currentIncident(state);
    const changedIncident = this.incident?.id !== incident.id;
    this.incident = incident;
    const stored = getIncident(state, incident.id);
    const ticks = stored ? stored.items : {};
    const now = Date.now();

    let done = 0;
    const overdue = [];
    const counted = new Set();
    for (const checklist of this.checklists) {
      let phaseDone = 0;
      let phaseOverdue = 0;
      for (const item of checklist.items) {
        const entry = Object.hasOwn(ticks, item.key) ? ticks[item.key] : null;
        const late = this.renderItem(item, entry, now);
        if (entry) phaseDone += 1;
        if (late) phaseOverdue += 1;
        if (!counted.has(item.key)) {
          counted.add(item.key);
          if (entry) done += 1;
          if (late) overdue.push(item);
        }
      }
      let text = `${phaseDone} of ${checklist.items.length} done`;
      if (phaseOverdue) text += `, ${phaseOverdue} overdue`;
      checklist.progress.textContent = text;
    }

    const total = counted.size;
    let status = `${done} of ${total} done`;
    if (overdue.length) status += ` · ${overdue.length} overdue`;
    if (this.status.textContent !== status) this.status.textContent = status;
    this.bar.max = Math.max(total, 1);
    this.bar.value = done;
    this.resetButton.disabled = done === 0;

    // Tell people once when a duty falls due while they are on the page.
    const late = new Set(overdue.map((item) => item.key));
    for (const item of overdue) {
      if (!this.wasOverdue.has(item.key) && !changedIncident) this.say(`Overdue: ${item.plainText}`);
    }
    this.wasOverdue = late;

    if (document.activeElement !== this.nameInput || changedIncident) this.nameInput.value = incident.name;
    this.renderSwitch(state, incident);
    this.renderNotice();
  }

  /** Show one item; returns true if it is overdue. */
  renderItem(item, entry, now) {
    item.input.checked = entry !== null;
    const status = entry && item.everyHours ? cadenceStatus(entry.done, item.everyHours, now) : null;
    const late = status !== null && status.overdue;
    item.li.dataset.handbookState = entry === null ? "todo" : late ? "overdue" : "done";
    item.li.classList.toggle("handbook-overdue", late);
    item.when.hidden = entry === null;
    if (entry === null) {
      item.whenText.replaceChildren();
      return false;
    }
    const last = Date.parse(entry.done[entry.done.length - 1]);
    if (status === null) {
      item.whenText.replaceChildren("Ticked ", timeElement(last, now));
    } else if (late) {
      item.whenText.replaceChildren(el("strong", { className: "handbook-overdue-label", text: "Overdue" }),
        " since ", timeElement(status.next, now), " · last done ", timeElement(last, now));
    } else {
      item.whenText.replaceChildren("Last done ", timeElement(last, now),
        " · next due ", timeElement(status.next, now));
    }
    if (status !== null && status.count > 1) item.whenText.append(` (${plural(status.count, "time", "times")})`);
    return late;
  }

  renderSwitch(state, incident) {
    const ids = incidentsByRecency(state);
    const options = ids.map((id) => [id, state.incidents[id].name]);
    if (!incident.stored) options.unshift([incident.id, incident.name]);
    const signature = JSON.stringify(options);
    if (signature !== this.switchSignature) {
      this.switchSignature = signature;
      this.select.replaceChildren(...options.map(([id, name]) => new Option(name, id)));
    }
    this.select.value = incident.id;
    this.switchRow.hidden = options.length < 2;
  }

  renderNotice() {
    const problem = store.mode === "local" ? null : store.problem;
    if (problem === this.noticeProblem) return;
    this.noticeProblem = problem;
    this.notice.hidden = problem === null;
    this.notice.dataset.handbookProblem = problem ?? "";
    const lost = "Your ticks are kept only while this tab is open: they will be lost when you reload or close it. "
      + "Use “Copy as Markdown” to keep a record.";
    const texts = {
      unavailable: "This browser does not let the handbook store anything. ",
      corrupt: "The checklist data stored in this browser could not be read (it is left as it was). ",
      newer: "A newer version of the handbook stored checklist data in this browser: reload the page to use it. ",
      "write-failed": "Your last change could not be stored (the browser's storage is full or refused it). ",
    };
    const children = problem === null ? [] : [el("strong", { text: "Ticks won't be kept. " }), texts[problem], lost];
    if (problem === "corrupt") {
      const discard = el("button", { type: "button", className: "handbook-button",
        text: "Discard the unreadable data and keep ticks from now on" });
      discard.addEventListener("click", () => {
        if (store.discardUnreadable()) this.say("Ticks are kept in this browser again.");
      });
      children.push(" ", discard);
    }
    this.notice.replaceChildren(...children);
    if (problem === "write-failed") this.say("Ticks won't be kept: the browser refused to store them.");
  }

  say(text) {
    this.message.textContent = text;
  }

  // -- changing the state ------------------------------------------------------------

  change(apply) {
    const incident = this.incident;
    store.update((state) => {
      apply(state, incident, new Date().toISOString());
      setCurrent(state, incident.id);
    });
    if (draft !== null && draft.id === incident.id && getIncident(store.read(), incident.id)) draft = null;
  }

  tick(item, ticked) {
    this.change((state, incident, now) => setTicked(state, incident.id, incident.name, item.key, ticked, now));
    const checklist = this.checklists.find((c) => c.items.includes(item));
    this.say(`${ticked ? "Ticked" : "Unticked"}. ${checklist.title}: ${checklist.progress.textContent}.`);
  }

  doneAgain(item) {
    this.change((state, incident, now) => doneAgain(state, incident.id, incident.name, item.key, now));
    this.say(`Done again at ${clock.format(Date.now())}. Next due in ${item.everyHours} hours.`);
  }

  rename(value) {
    if (!cleanName(value)) return;
    this.change((state, incident, now) => renameIncident(state, incident.id, value, now));
  }

  switchTo(id) {
    if (id === this.incident.id) return;
    store.tabIncident = id;
    if (getIncident(store.read(), id)) store.update((state) => setCurrent(state, id));
    else renderAll();
    this.say(`Showing ${this.incident.name}: ${this.status.textContent}.`);
  }

  newIncident() {
    const nowMs = Date.now();
    const id = newIncidentId(nowMs);
    const now = new Date(nowMs).toISOString();
    store.tabIncident = id;
    store.update((state) => {
      ensureIncident(state, id, defaultName(state, nowMs), now);
      setCurrent(state, id);
    });
    draft = null;
    this.say(`New incident: ${this.incident.name}. Type its name in the Incident field.`);
    this.nameInput.focus();
    this.nameInput.select();
  }

  askReset() {
    const count = this.keys.filter((key) => this.isTicked(key)).length;
    if (count === 0) return;
    if (this.dialog) {
      this.dialogText.textContent = `This unticks the ${plural(count, "ticked item", "ticked items")} on this page `
        + `for “${this.incident.name}” and forgets when they were done. It cannot be undone.`;
      this.dialog.returnValue = "";
      this.dialog.showModal();
      return;
    }
    // No <dialog>: a second click within a few seconds confirms.
    if (this.resetTimer !== null) {
      this.disarmReset();
      this.reset();
      return;
    }
    this.resetButton.textContent = "Really untick all?";
    this.resetTimer = setTimeout(() => this.disarmReset(), 5000);
  }

  disarmReset() {
    clearTimeout(this.resetTimer);
    this.resetTimer = null;
    this.resetButton.textContent = "Reset ticks…";
  }

  isTicked(key) {
    const incident = getIncident(store.read(), this.incident.id);
    return incident !== null && Object.hasOwn(incident.items, key);
  }

  reset() {
    const keys = this.keys;
    this.change((state, incident, now) => resetItems(state, incident.id, keys, now));
    this.say(`Unticked everything on this page for ${this.incident.name}.`);
  }

  // -- export ----------------------------------------------------------------------

  markdown() {
    const incident = getIncident(store.read(), this.incident.id);
    const ticks = incident ? incident.items : {};
    const roles = new Set(this.checklists.map((c) => c.role));
    const seen = new Set();
    const sections = [];
    for (const checklist of this.checklists) {
      const items = [];
      for (const item of checklist.items) {
        if (seen.has(item.key)) continue;
        seen.add(item.key);
        const done = Object.hasOwn(ticks, item.key) ? ticks[item.key].done.map((t) => Date.parse(t)) : [];
        items.push({ text: item.text, done, everyHours: item.everyHours });
      }
      if (items.length === 0) continue;
      const title = roles.size > 1 ? `${checklist.roleName}: ${checklist.title}` : checklist.title;
      sections.push({ title, items });
    }
    const title = roles.size === 1 ? `${this.checklists[0].roleName} checklist` : "Checklists";
    return checklistMarkdown({ title, incident: this.incident.name, exportedAt: Date.now(), sections });
  }

  async copy() {
    const text = this.markdown();
    try {
      if (!navigator.clipboard || typeof navigator.clipboard.writeText !== "function") {
        throw new Error("no clipboard");
      }
      await navigator.clipboard.writeText(text);
      this.exportArea.hidden = true;
      this.say("Copied the checklist as Markdown. Paste it into the comms plan or the incident channel.");
    } catch {
      this.exportBox.value = text;
      this.exportArea.hidden = false;
      this.exportBox.focus();
      this.exportBox.select();
      this.say("This browser did not let the page copy. The Markdown is in the box below: select it all and copy.");
    }
  }
}
