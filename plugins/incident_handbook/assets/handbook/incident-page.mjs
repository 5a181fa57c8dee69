// <handbook-incident-page>: the incident record's page. Everything it shows
// comes from the record in this browser (incident-state.mjs) and from what
// the build put in its data-handbook-data (the handbook's items and wizards);
// its parts are cloned from the build's <template> (incident.py).
import { copyWithFallback, el, patch } from "./dom.mjs";
import { changeCurrent, currentIncident, switchIncident } from "./incident-current.mjs";
import { clone, part, RecordElement } from "./incident-element.mjs";
import { decisionUrl, eventWords, handbookIndex, incidentMarkdown, progressByRole, timeline } from "./incident-markdown.mjs";
import { IncidentPicker } from "./incident-picker.mjs";
import { askForNotifications, learnDutyTexts } from "./incident-reminders.mjs";
import {
  cadenceStatus, emptyState, ensureIncident, exportHandover, getIncident, MAX_HANDOVER_BYTES, parseHandover, setLink,
  takeOver, tickedItem,
} from "./incident-state.mjs";
import { getStore } from "./incident-store.mjs";
import { utcTimeElement } from "./incident-time.mjs";
import { count, every, parts, t } from "./words.mjs";

/** The incident `current` (currentIncident()) as a record, an empty one if it is not stored yet. */
function recordOf(current) {
  return current.incident ?? ensureIncident(emptyState(), current.id, current.name, new Date().toISOString());
}

function fileName(name) {
  const slug = name.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "").slice(0, 60) || "incident";
  return `${slug}.handover.json`;
}

class IncidentPage extends RecordElement {
  build() {
    let data = {};
    try {
      data = JSON.parse(this.dataset.handbookData ?? "{}");
    } catch { /* a broken attribute: an empty record */ }
    this.index = handbookIndex(data, location.href);
    learnDutyTexts([...this.index.items].map(([key, item]) => [key, item.text]));
    this.replaceChildren(clone(this, "record"));
    this.picker = new IncidentPicker(this);
    [this.dutiesList, this.notifyArea, this.decisionsArea, this.progressList, this.timelineList, this.fileInput,
      this.importResult] = ["duties", "notify", "decisions", "progress", "timeline", "file", "import"]
      .map((name) => part(this, name));
    this.decisionsList = el("ol", { class: "handbook-decision-list" });
    this.exporter = copyWithFallback(t("record.export_label"));
    part(this, "actions").after(this.exporter.element);
    part(this, "copy").addEventListener("click", () => this.copy());
    part(this, "save").addEventListener("click", () => this.saveHandover());
    part(this, "notify-ask").addEventListener("click", async () => {
      await askForNotifications();
      this.renderNotifyOffer();
    });
    this.fileInput.addEventListener("change", () => this.openHandover());
    // Links to the incident channel and the comms plan.
    this.links = [...this.querySelectorAll("[data-handbook-link]")];
    for (const input of this.links) {
      const field = input.dataset.handbookLink;
      input.addEventListener("change", () => {
        const ok = changeCurrent((state, incident, now) => setLink(state, incident.id, incident.name, field,
          input.value, now));
        this.picker.say(ok ? t("record.link_saved", { what: input.labels[0].textContent }) : t("record.link_refused"));
      });
    }
  }

  render() {
    const { incident: current } = this.picker.render();
    const incident = recordOf(current);
    const now = Date.now();
    for (const input of this.links) {
      if (document.activeElement !== input) input.value = incident[input.dataset.handbookLink] ?? "";
    }
    this.renderDuties(incident, now);
    this.renderNotifyOffer();
    this.renderDecisions(incident, now);
    this.renderProgress(incident);
    this.renderTimeline(current.incident, now);
  }

  renderDuties(incident, now) {
    patch(this.dutiesList, [...this.index.items].filter(([, item]) => item.every).map(([key, item]) => {
      const entry = tickedItem(incident, key);
      const status = entry ? cadenceStatus(entry.done, entry.every ?? item.every, now) : null;
      const when = el("span", { class: "handbook-duty-when" });
      if (status === null) when.append(t("record.duty_not_started"));
      else if (status.overdue) {
        when.append(el("strong", { class: "handbook-overdue-label", text: t("record.duty_overdue") }), " ",
          ...parts("record.duty_overdue_since", { time: utcTimeElement(status.next, now) }));
      } else when.append(...parts("record.duty_next_due", { time: utcTimeElement(status.next, now) }));
      return el("li", { class: "handbook-duty", "data-handbook-duty": key,
        "data-handbook-state": status === null ? "todo" : status.overdue ? "overdue" : "due" },
      when, ": ", el("a", { href: item.url, text: `${item.role}: ${item.text}` }), ` · ${every(item.every)}`,
      status ? [" · ", parts("record.duty_last_done", { time: utcTimeElement(status.last, now) })] : null);
    }));
  }

  renderNotifyOffer() {
    const permission = typeof Notification === "function" ? Notification.permission : null;
    for (const node of this.notifyArea.children) node.hidden = node.dataset.handbookPermission !== permission;
  }

  renderDecisions(incident, now) {
    patch(this.decisionsList, incident.decisions.map((d) => {
      const url = decisionUrl(this.index, d);
      return el("li", { class: "handbook-decision", "data-handbook-tree": d.tree },
        el("p", { class: "handbook-decision-head" }, utcTimeElement(Date.parse(d.at), now), " · ",
          el("strong", { text: d.title }), ": ", d.outcome),
        el("ol", { class: "handbook-decision-answers", "aria-label": t("record.answers") },
          d.answers.map((a) => el("li", {}, `${a.question} `, el("strong", { text: a.answer })))),
        url ? el("p", {}, el("a", { href: url, text: t("record.reopen_decision") })) : null,
        el("details", {}, el("summary", { text: t("record.show_record") }),
          el("pre", { class: "handbook-record", text: d.record })));
    }));
    patch(this.decisionsArea, incident.decisions.length ? [this.decisionsList] : [el("p", { text: t("record.no_decisions") })]);
  }

  renderProgress(incident) {
    patch(this.progressList, progressByRole(this.index, incident).map((role) => {
      const id = `handbook-role-progress-${role.id}`;
      return el("li", { "data-handbook-role": role.id },
        el("a", { href: role.url, id, text: role.name }), ": ",
        el("span", { class: "handbook-role-progress-text",
          text: t("checklist.progress", { done: role.done, total: role.total }) }), " ",
        el("progress", { max: Math.max(role.total, 1), value: role.done, "aria-labelledby": id }));
    }));
  }

  /** The timeline of `incident`, the stored record (null: none yet). */
  renderTimeline(incident, now) {
    patch(this.timelineList, incident ? timeline(incident).map((event) =>
      el("li", { "data-handbook-event": event.kind }, utcTimeElement(event.at, now), " ", eventWords(this.index, event)))
      : [el("li", { text: t("record.no_events") })]);
  }

  // -- exports -----------------------------------------------------------------------

  markdown() {
    const current = currentIncident();
    return incidentMarkdown(recordOf(current), current.name, this.index, Date.now());
  }

  async copy() {
    this.picker.say(await this.exporter.copy(this.markdown()) ? t("record.copied") : t("record.copy_refused"));
  }

  saveHandover() {
    // A handover needs the incident stored, even if nothing was done with it yet.
    changeCurrent((state, incident, now) => ensureIncident(state, incident.id, incident.name, now));
    const { id, name } = currentIncident();
    const text = exportHandover(getStore().read(), id, new Date().toISOString());
    if (text === null) return;
    const file = fileName(name);
    const url = URL.createObjectURL(new Blob([text], { type: "application/json" }));
    const link = el("a", { href: url, download: file, hidden: true });
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 60000);
    this.picker.say(t("record.handover_saved", { file }));
  }

  async openHandover() {
    const file = this.fileInput.files?.[0];
    if (!file) return;
    let text;
    try {
      // A file too large to be a handover is refused unread.
      text = file.size > MAX_HANDOVER_BYTES ? " ".repeat(MAX_HANDOVER_BYTES + 1) : await file.text();
    } catch {
      text = null;
    }
    this.fileInput.value = "";
    const parsed = text === null ? { ok: false, error: t("record.handover_unreadable") } : parseHandover(text);
    if (!parsed.ok) {
      this.importResult.dataset.handbookImport = "refused";
      this.importResult.replaceChildren(el("strong", { text: t("record.handover_refused", { why: parsed.error }) }));
      return;
    }
    getStore().update((state) => takeOver(state, parsed.id, parsed.incident));
    switchIncident(parsed.id);
    const incident = getIncident(getStore().read(), parsed.id);
    this.importResult.dataset.handbookImport = "opened";
    this.importResult.replaceChildren(t("record.handover_taken", { name: incident.name,
      decisions: count(incident.decisions.length, "record.decision", "record.decisions_n"),
      items: count(Object.keys(incident.items).length, "record.ticked_item", "record.ticked_items") }));
  }
}

if (!customElements.get("handbook-incident-page")) customElements.define("handbook-incident-page", IncidentPage);
