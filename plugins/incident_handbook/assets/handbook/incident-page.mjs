// <handbook-incident-page>: the incident record's page. Everything it shows
// comes from the record in this browser (incident-state.mjs) and from what
// the build put in its data-handbook-data (the handbook's items and wizards);
// its parts are cloned from the build's <template> (incident.py).
import { copyOrShow, el, patch } from "./dom.mjs";
import { changeCurrent, currentIncident, switchIncident } from "./incident-current.mjs";
import { clone, part, RecordElement } from "./incident-element.mjs";
import { decisionUrl, eventWords, handbookIndex, incidentMarkdown, progressByRole, timeline } from "./incident-markdown.mjs";
import { IncidentPicker } from "./incident-picker.mjs";
import { learnDutyTexts } from "./incident-reminders.mjs";
import {
  cadenceStatus, emptyState, ensureIncident, exportHandover, getIncident, MAX_HANDOVER_BYTES, parseHandover, setLink,
  takeOver, tickedItem,
} from "./incident-state.mjs";
import { getStore } from "./incident-store.mjs";
import { utcTimeElement } from "./incident-time.mjs";
import { count, parts, t } from "./words.mjs";

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
    this.copyBox = part(this, "copy-box");
    part(this, "copy").addEventListener("click", () => this.copy());
    part(this, "save").addEventListener("click", () => this.saveHandover());
    const ask = part(this, "notify-ask");
    ask.addEventListener("click", async () => {
      try {
        await Notification.requestPermission();
      } catch { /* no answer: the offer stays */ }
      this.renderNotifyOffer();
      // Once the browser has answered the button is gone: the words that say its answer take the focus.
      if (ask.hidden) this.notifyArea.focus();
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

  /** Each repeated duty's row (the build's): when it is due, and when it was last done. */
  renderDuties(incident, now) {
    for (const li of this.dutiesList.children) {
      const key = li.dataset.handbookDuty;
      const entry = tickedItem(incident, key);
      const status = entry ? cadenceStatus(entry.done, entry.every ?? this.index.items.get(key).every, now) : null;
      li.dataset.handbookState = status === null ? "todo" : status.overdue ? "overdue" : "due";
      const time = (ms) => ({ time: utcTimeElement(ms, now) });
      patch(li.firstElementChild, status === null ? [t("record.duty_not_started")] : status.overdue
        ? [el("strong", { class: "handbook-overdue-label", text: t("record.duty_overdue") }), " ",
          parts("record.duty_overdue_since", time(status.next))]
        : parts("record.duty_next_due", time(status.next)));
      patch(li.lastElementChild, status ? [" · ", parts("record.duty_last_done", time(status.last))] : []);
    }
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

  /** Each role's row (the build's): how many of its items are ticked. */
  renderProgress(incident) {
    for (const role of progressByRole(this.index, incident)) {
      const li = this.progressList.querySelector(`[data-handbook-role="${CSS.escape(role.id)}"]`);
      li.querySelector("span").textContent = t("checklist.progress", { done: role.done, total: role.total });
      li.querySelector("progress").value = role.done;
    }
  }

  /** The timeline of `incident`, the stored record (null: none yet). */
  renderTimeline(incident, now) {
    patch(this.timelineList, incident ? timeline(incident).map((event) =>
      el("li", { "data-handbook-event": event.kind }, utcTimeElement(event.at, now), " ", eventWords(this.index, event)))
      : [el("li", { text: t("record.no_events") })]);
  }

  async copy() {
    const current = currentIncident();
    const markdown = incidentMarkdown(recordOf(current), current.name, this.index, Date.now());
    this.picker.say(await copyOrShow(markdown, this.copyBox) ? t("record.copied") : t("record.copy_refused"));
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
    let parsed;
    try {
      // A file too large to be a handover is refused unread.
      parsed = parseHandover(file.size > MAX_HANDOVER_BYTES ? " ".repeat(MAX_HANDOVER_BYTES + 1) : await file.text());
    } catch {
      parsed = { ok: false, error: t("record.handover_unreadable") };
    }
    this.fileInput.value = "";
    this.importResult.dataset.handbookImport = parsed.ok ? "opened" : "refused";
    if (!parsed.ok) {
      this.importResult.replaceChildren(el("strong", { text: t("record.handover_refused", { why: parsed.error }) }));
      return;
    }
    getStore().update((state) => takeOver(state, parsed.id, parsed.incident));
    switchIncident(parsed.id);
    const incident = getIncident(getStore().read(), parsed.id);
    this.importResult.replaceChildren(t("record.handover_taken", { name: incident.name,
      decisions: count(incident.decisions.length, "record.decision", "record.decisions_n"),
      items: count(Object.keys(incident.items).length, "record.ticked_item", "record.ticked_items") }));
  }
}

if (!customElements.get("handbook-incident-page")) customElements.define("handbook-incident-page", IncidentPage);
