// <handbook-checklist-bar>: the toolbar before a page's first checklist —
// which incident (the picker), its progress on this page, Copy as
// Markdown, Reset — and the notice when ticks cannot be kept.
import { checklistMarkdown } from "./checklist-markdown.mjs";
import { copyWithFallback, el, uid } from "./dom.mjs";
import { changeCurrent, currentIncident } from "./incident-current.mjs";
import { RecordElement } from "./incident-element.mjs";
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

  disconnected() {
    this.disarmReset();
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
    this.resetTimer = null;
    const progressId = uid("handbook-progress");
    this.picker = new IncidentPicker({ status: () => this.status.textContent });
    this.status = el("p", { class: "handbook-progress-text", id: progressId, "aria-live": "polite" });
    this.bar = el("progress", { class: "handbook-progress-bar", "aria-labelledby": progressId });
    this.copyButton = el("button", { type: "button", class: "handbook-button handbook-button--primary",
      text: t("checklist.copy_markdown") });
    this.resetButton = el("button", { type: "button", class: "handbook-button", text: t("checklist.reset") });
    this.exporter = copyWithFallback(t("checklist.export_label"));
    this.dialog = this.buildDialog();
    const url = scopeOf(this).querySelector("handbook-checklist[data-handbook-record-url]")?.dataset.handbookRecordUrl;
    this.append(el("section", { class: "handbook-incident", "aria-label": t("checklist.region") },
      el("p", { class: "handbook-incident-hint", text: t("checklist.hint") }),
      ...this.picker.rows,
      el("div", { class: "handbook-progress" }, this.bar, this.status),
      el("div", { class: "handbook-incident-actions" }, this.copyButton, this.resetButton,
        url ? el("a", { class: "handbook-button", href: url, text: t("picker.open_record") }) : null),
      this.picker.message,
      this.picker.notice,
      this.exporter.element,
      this.dialog));
    this.copyButton.addEventListener("click", () => this.copy());
    this.resetButton.addEventListener("click", () => this.askReset());
  }

  buildDialog() {
    if (typeof HTMLDialogElement !== "function" || !("showModal" in HTMLDialogElement.prototype)) return null;
    const titleId = uid("handbook-reset-title");
    const textId = uid("handbook-reset-text");
    this.dialogText = el("p", { id: textId });
    const keep = el("button", { type: "button", class: "handbook-button", text: t("checklist.keep_ticks"), autofocus: true });
    const reset = el("button", { type: "button", class: "handbook-button handbook-button--danger",
      text: t("checklist.untick_all") });
    const dialog = el("dialog", { class: "handbook-dialog", "aria-labelledby": titleId, "aria-describedby": textId },
      el("p", { class: "handbook-dialog-title", id: titleId, text: t("checklist.reset_title") }),
      this.dialogText,
      el("div", { class: "handbook-incident-actions" }, keep, reset));
    keep.addEventListener("click", () => dialog.close("keep"));
    reset.addEventListener("click", () => dialog.close("reset"));
    dialog.addEventListener("close", () => {
      if (dialog.returnValue === "reset") this.reset();
      // After a reset the button is disabled; its neighbour takes the focus.
      (this.resetButton.disabled ? this.copyButton : this.resetButton).focus();
    });
    return dialog;
  }

  /** Items on this page, each key once, in page order. */
  get items() {
    const seen = new Map();
    for (const checklist of this.checklists) {
      for (const item of checklist.items) if (!seen.has(item.key)) seen.set(item.key, item);
    }
    return [...seen.values()];
  }

  render() {
    const { incident: { incident }, changed } = this.picker.render();
    const now = Date.now();
    const items = this.items;
    let done = 0;
    const overdue = [];
    for (const item of items) {
      const entry = tickedItem(incident, item.key);
      if (!entry) continue;
      done += 1;
      const status = item.everyMinutes ? cadenceStatus(entry.done, item.everyMinutes, now) : null;
      if (status?.overdue) overdue.push(item);
    }
    const total = items.length;
    const status = overdue.length ? t("checklist.page_progress_overdue", { done, total, overdue: overdue.length })
      : t("checklist.progress", { done, total });
    if (this.status.textContent !== status) this.status.textContent = status;
    this.bar.max = Math.max(total, 1);
    this.bar.value = done;
    this.resetButton.disabled = done === 0;
    // Tell people once when a duty falls due while they are on the page.
    if (this.wasOverdue !== null && !changed) {
      for (const item of overdue) {
        if (!this.wasOverdue.has(item.key)) this.say(t("checklist.overdue_said", { text: item.plainText }));
      }
    }
    this.wasOverdue = new Set(overdue.map((item) => item.key));
  }

  say(text) {
    this.picker.say(text);
  }

  askReset() {
    const { incident, name } = currentIncident();
    const ticked = this.items.filter((item) => tickedItem(incident, item.key)).length;
    if (ticked === 0) return;
    if (this.dialog) {
      this.dialogText.textContent = t("checklist.reset_text", { name,
        items: count(ticked, "checklist.ticked_item", "checklist.ticked_items") });
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
    this.resetButton.textContent = t("checklist.really_reset");
    this.resetTimer = setTimeout(() => this.disarmReset(), 5000);
  }

  disarmReset() {
    if (this.resetTimer === null || this.resetTimer === undefined) return;
    clearTimeout(this.resetTimer);
    this.resetTimer = null;
    this.resetButton.textContent = t("checklist.reset");
  }

  reset() {
    const keys = this.items.map((item) => item.key);
    changeCurrent((state, incident, now) => resetItems(state, incident.id, keys, now));
    this.say(t("checklist.reset_said", { name: currentIncident().name }));
  }

  markdown() {
    const { incident, name } = currentIncident();
    const checklists = this.checklists;
    const roles = new Set(checklists.map((c) => c.roleId));
    const seen = new Set();
    const sections = [];
    for (const checklist of checklists) {
      const items = [];
      for (const item of checklist.items) {
        if (seen.has(item.key)) continue;
        seen.add(item.key);
        const done = (tickedItem(incident, item.key)?.done ?? []).map((time) => Date.parse(time));
        items.push({ text: item.text, done, everyMinutes: item.everyMinutes });
      }
      if (items.length === 0) continue;
      sections.push({ title: roles.size > 1 ? `${checklist.roleName}: ${checklist.phaseTitle}` : checklist.phaseTitle, items });
    }
    const title = roles.size === 1 ? t("checklist.title_one", { role: checklists[0].roleName }) : t("checklist.title_many");
    return checklistMarkdown({ title, incident: name, exportedAt: Date.now(), sections });
  }

  async copy() {
    this.say(await this.exporter.copy(this.markdown()) ? t("checklist.copied") : t("checklist.copy_refused"));
  }
}

if (!customElements.get(TAG)) customElements.define(TAG, ChecklistToolbar);
