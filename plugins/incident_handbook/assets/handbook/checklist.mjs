// <handbook-checklist>: one role's checklist, ticked per incident in this browser.
// Without scripts it is a list of plain checkboxes. Once defined, each item
// shows when it was ticked; a duty on a cadence also shows when it is next
// due, turns overdue, and can be done again. The first checklist of a page
// puts the toolbar (checklist-toolbar.mjs) before itself.
import { ensureToolbar } from "./checklist-toolbar.mjs";
import { el, patch } from "./dom.mjs";
import { changeCurrent, currentIncident } from "./incident-current.mjs";
import { RecordElement } from "./incident-element.mjs";
import {
  cadenceStatus, copyState, doneAgain, fillCadences, itemKey, pruneRole, setTicked, tickedItem,
} from "./incident-state.mjs";
import { getStore } from "./incident-store.mjs";
import { shortClock, timeElement } from "./incident-time.mjs";
import { count, parts, t } from "./words.mjs";

/** An item's label as Markdown: text, with links as [text](url). */
function labelMarkdown(node) {
  const parts = [...node.childNodes].map((child) => {
    if (child.nodeType !== Node.ELEMENT_NODE) return child.nodeType === Node.TEXT_NODE ? child.textContent : "";
    const inner = labelMarkdown(child);
    return child.localName === "a" && child.href ? `[${inner.trim()}](${child.href})` : inner;
  });
  return parts.join("").replace(/\s+/g, " ").trim();
}

class ChecklistElement extends RecordElement {
  connected() {
    this.toolbar = ensureToolbar(this);
    this.prune();
    this.toolbar.refresh();
  }

  /** Find the items and what the build put beside them for scripts to fill (fragments.py). */
  build() {
    this.roleId = this.dataset.handbookRole ?? "";
    this.roleName = this.dataset.handbookRoleName;  // names for the exported Markdown and announcements
    this.phaseTitle = this.dataset.handbookTitle;
    this.items = [];
    this.progress = this.querySelector(".handbook-phase-progress");
    this.progress.hidden = false;
    for (const li of this.querySelectorAll("li.handbook-item[data-handbook-item]")) {
      const [input, label, when] = ["input.handbook-box", "label", ".handbook-when"].map((s) => li.querySelector(s));
      if (!input || !label || !when) continue;
      // A duty's cadence in minutes, and the build's words for it (fragments.checklist_html).
      const cadence = li.querySelector(".handbook-cadence")?.dataset ?? {};
      const everyMinutes = Number(cadence.handbookEveryMinutes);
      const item = {
        li, input, when,
        key: itemKey(this.roleId, li.dataset.handbookItem),
        plainText: label.textContent.replace(/\s+/g, " ").trim(),
        text: labelMarkdown(label),
        everyMinutes: everyMinutes > 0 ? everyMinutes : null,
        everyShort: cadence.handbookEveryShort,
        dueIn: cadence.handbookDueIn,
        whenText: when.querySelector(".handbook-when-text"),
        again: when.querySelector(".handbook-again"),
      };
      input.setAttribute("aria-describedby", item.whenText.id);
      this.items.push(item);
    }
    this.addEventListener("change", (event) => {
      const item = this.items.find((x) => x.input === event.target);
      if (item) this.tick(item, item.input.checked);
    });
    this.addEventListener("click", (event) => {
      const item = this.items.find((x) => x.again?.contains(event.target));
      if (item) this.doneAgain(item);
    });
  }

  // The handbook may have dropped items since they were ticked: forget them.
  // Duties ticked before the record kept their cadence get it now.
  prune() {
    const known = this.dataset.handbookRoleItems?.split(/\s+/).filter(Boolean);
    const cadences = this.items.filter((item) => item.everyMinutes).map((item) => [item.key, item.everyMinutes]);
    const apply = (state) => (known ? pruneRole(state, this.roleId, known) : 0) + fillCadences(state, cadences);
    const store = getStore();
    if (apply(copyState(store.read())) > 0) store.update(apply);
  }

  render() {
    const { incident } = currentIncident();
    const now = Date.now();
    const states = this.items.map((item) => this.renderItem(item, tickedItem(incident, item.key), now));
    const [total, done] = [states.length, states.filter((state) => state !== "todo").length];
    const overdue = states.filter((state) => state === "overdue").length;
    const progress = overdue ? t("checklist.progress_overdue", { done, total, overdue })
      : t("checklist.progress", { done, total });
    if (this.progress.textContent !== progress) this.progress.textContent = progress;
  }

  /** Show one item; returns its state: "todo", "done" or "overdue". */
  renderItem(item, entry, now) {
    item.input.checked = entry !== null;
    const status = entry && item.everyMinutes ? cadenceStatus(entry.done, item.everyMinutes, now) : null;
    const late = status !== null && status.overdue;
    const state = entry === null ? "todo" : late ? "overdue" : "done";
    item.li.dataset.handbookState = state;
    item.li.classList.toggle("handbook-overdue", late);
    item.when.hidden = entry === null;
    if (entry === null) {
      patch(item.whenText, []);
      return state;
    }
    const last = timeElement(Date.parse(entry.done.at(-1)), now);
    const next = status && timeElement(status.next, now);
    const words = status === null ? parts("checklist.ticked_at", { time: last })
      : !late ? parts("checklist.last_done", { last, next })
      : [el("strong", { class: "handbook-overdue-label", text: t("checklist.overdue") }), " ",
        parts("checklist.overdue_since", { next, last })];
    const times = status !== null && status.count > 1 ? ` ${count(status.count, "checklist.time", "checklist.times")}` : null;
    // Patched, not replaced: what has not changed stays where a screen reader is reading it.
    patch(item.whenText, [words, times]);
    return state;
  }

  tick(item, ticked) {
    changeCurrent((state, incident, now) =>
      setTicked(state, incident.id, incident.name, item.key, ticked, now, item.everyMinutes));
    this.toolbar.say(t(ticked ? "checklist.ticked_said" : "checklist.unticked_said",
      { title: this.phaseTitle, progress: this.progress.textContent }));
  }

  doneAgain(item) {
    changeCurrent((state, incident, now) => doneAgain(state, incident.id, incident.name, item.key, now, item.everyMinutes));
    this.toolbar.say(t("checklist.done_again_said", { clock: shortClock(Date.now()), in: item.dueIn }));
  }
}

if (!customElements.get("handbook-checklist")) customElements.define("handbook-checklist", ChecklistElement);
