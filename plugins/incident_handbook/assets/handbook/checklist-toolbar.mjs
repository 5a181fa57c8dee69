// <handbook-checklist-bar>: the toolbar before a page's first checklist —
// which incident (the picker), its progress on this page, Copy as
// Markdown, Reset — and the notice when ticks cannot be kept.
import { checklistMarkdown } from "./checklist-markdown.mjs";
import { copyOrShow } from "./dom.mjs";
import { changeCurrent, currentIncident } from "./incident-current.mjs";
import { clone, part, RecordElement } from "./incident-element.mjs";
import { IncidentPicker } from "./incident-picker.mjs";
import { cadenceStatus, resetItems, tickedItem } from "./incident-state.mjs";
import { count, t } from "./words.mjs";

const TAG = "handbook-checklist-bar";

/** The part of the page a toolbar serves: Material's article, or the document. */
function scopeOf(node) {
  return node.closest("article, main") ?? node.ownerDocument;
}

/** The toolbar for `checklist`'s part of the page, made before it if there is none yet. */
export function ensureToolbar(checklist) {
  const existing = scopeOf(checklist).querySelector(TAG);
  if (existing) return existing;
  const bar = document.createElement(TAG);
  // Before the phase heading that introduces the first checklist, if any.
  const block = checklist.closest(".handbook-checklist-wrap") ?? checklist;
  const heading = block.previousElementSibling;
  (heading && /^H[2-4]$/.test(heading.tagName) ? heading : block).before(bar);
  return bar;
}

class ChecklistToolbar extends RecordElement {
  connected() {
    this.wasOverdue = null;
  }

  /** The checklists this toolbar counts: those of its part of the page. */
  get checklists() {
    return [...scopeOf(this).querySelectorAll("handbook-checklist")].filter((c) => Array.isArray(c.items));
  }

  /** A checklist joined the page: count it (once, after the others that join now). */
  refresh() {
    if (this.pending) return;
    this.pending = true;
    queueMicrotask(() => {
      this.pending = false;
      if (this.isConnected) this.render();
    });
  }

  build() {
    // The parts are the build's, from the page's one <template> (fragments.toolbar_html).
    this.append(clone(scopeOf(this), "toolbar"));
    this.picker = new IncidentPicker(this);
    [this.status, this.bar, this.copyButton, this.resetButton, this.dialog, this.dialogText] =
      ["status", "bar", "copy", "reset", "dialog", "reset-text"].map((name) => part(this, name));
    this.copyBox = part(this, "copy-box");
    this.copyButton.addEventListener("click", () => this.copy());
    this.resetButton.addEventListener("click", () => this.askReset());
    if (typeof this.dialog.showModal !== "function") {
      this.dialog.remove();
      this.dialog = null;
      return;
    }
    this.dialog.addEventListener("close", () => {
      if (this.dialog.returnValue === "reset") this.reset();
      // After a reset the button is disabled; its neighbour takes the focus.
      (this.resetButton.disabled ? this.copyButton : this.resetButton).focus();
    });
  }

  /** Items on this page, each key once (where it first stands), in page order. */
  get items() {
    const seen = new Set();
    return this.checklists.flatMap((c) => c.items).filter((item) => !seen.has(item.key) && seen.add(item.key));
  }

  render() {
    const { incident: { incident }, changed } = this.picker.render();
    const now = Date.now();
    const items = this.items;
    const ticked = items.filter((item) => tickedItem(incident, item.key));
    const overdue = ticked.filter((item) => item.everyMinutes
      && cadenceStatus(tickedItem(incident, item.key).done, item.everyMinutes, now).overdue);
    const done = ticked.length;
    const total = items.length;
    const status = overdue.length ? t("checklist.page_progress_overdue", { done, total, overdue: overdue.length })
      : t("checklist.progress", { done, total });
    if (this.status.textContent !== status) this.status.textContent = status;
    this.bar.max = Math.max(total, 1);
    this.bar.value = done;
    this.resetButton.disabled = done === 0;
    // Tell people once when a duty falls due while they are on the page.
    const fresh = this.wasOverdue && !changed ? overdue.filter((item) => !this.wasOverdue.has(item.key)) : [];
    for (const item of fresh) this.say(t("checklist.overdue_said", { text: item.plainText }));
    this.wasOverdue = new Set(overdue.map((item) => item.key));
  }

  say(text) {
    this.picker.say(text);
  }

  askReset() {
    const { incident, name } = currentIncident();
    const ticked = this.items.filter((item) => tickedItem(incident, item.key)).length;
    if (ticked === 0) return;
    const text = t("checklist.reset_text", { name, items: count(ticked, "checklist.ticked_item", "checklist.ticked_items") });
    if (!this.dialog) {
      // No <dialog> (Firefox before 98, Safari before 15.4): the browser's own confirmation.
      if (window.confirm(text)) this.reset();
      return;
    }
    this.dialogText.textContent = text;
    this.dialog.returnValue = "";
    this.dialog.showModal();
  }

  reset() {
    const keys = this.items.map((item) => item.key);
    changeCurrent((state, incident, now) => resetItems(state, incident.id, keys, now));
    this.say(t("checklist.reset_said", { name: currentIncident().name }));
  }

  markdown() {
    const { incident, name } = currentIncident();
    const checklists = this.checklists;
    const items = new Set(this.items);
    const oneRole = new Set(checklists.map((c) => c.roleId)).size === 1;
    const sections = checklists.map((checklist) => ({
      title: oneRole ? checklist.phaseTitle : `${checklist.roleName}: ${checklist.phaseTitle}`,
      items: checklist.items.filter((item) => items.has(item)).map((item) => ({
        text: item.text, everyMinutes: item.everyMinutes, everyShort: item.everyShort,
        done: (tickedItem(incident, item.key)?.done ?? []).map((time) => Date.parse(time)),
      })),
    })).filter((section) => section.items.length);
    const title = oneRole ? t("checklist.title_one", { role: checklists[0].roleName }) : t("checklist.title_many");
    return checklistMarkdown({ title, incident: name, exportedAt: Date.now(), sections });
  }

  async copy() {
    this.say(await copyOrShow(this.markdown(), this.copyBox) ? t("checklist.copied") : t("checklist.copy_refused"));
  }
}

if (!customElements.get(TAG)) customElements.define(TAG, ChecklistToolbar);
