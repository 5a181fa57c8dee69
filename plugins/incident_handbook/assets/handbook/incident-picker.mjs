// Choosing the incident this tab works on: its name, a new one, or another
// one kept in this browser; with the line that says what just happened, and
// the notice when the record cannot be kept in this browser (no storage,
// unreadable or newer data, a full quota). Used inside the checklists'
// toolbar, on the incident page, and on its own as <handbook-incident-picker>
// (home page, wizards).
import { el, uid } from "./dom.mjs";
import { currentIncident, changeCurrent, startIncident, switchIncident } from "./incident-current.mjs";
import { RecordElement } from "./incident-element.mjs";
import { cleanName, incidentsByRecency, MAX_NAME_LENGTH, renameIncident } from "./incident-state.mjs";
import { getStore } from "./incident-store.mjs";
import { t } from "./words.mjs";

const WHY = { unavailable: "storage.unavailable", corrupt: "storage.corrupt", newer: "storage.newer",
  "write-failed": "storage.write_failed" };

export class IncidentPicker {
  /** `status()` is a few words on the incident shown, for the announcement of a switch. */
  constructor({ status = () => "" } = {}) {
    this.status = status;
    this.message = el("p", { class: "handbook-incident-message", "aria-live": "polite" });
    this.notice = el("div", { class: "handbook-notice", hidden: true });
    this.problem = null;
    const nameId = uid("handbook-incident-name");
    const switchId = uid("handbook-incident-switch");
    this.nameInput = el("input", {
      type: "text", id: nameId, class: "handbook-incident-name", autocomplete: "off",
      maxLength: MAX_NAME_LENGTH, enterKeyHint: "done",
    });
    this.nameInput.spellcheck = false;
    this.newButton = el("button", { type: "button", class: "handbook-button", text: t("picker.new") });
    this.select = el("select", { id: switchId, class: "handbook-incident-switch" });
    this.switchRow = el("div", { class: "handbook-incident-row" },
      el("label", { for: switchId, text: t("picker.switch") }), this.select);
    this.rows = [
      el("div", { class: "handbook-incident-row" },
        el("label", { for: nameId, text: t("picker.label") }), this.nameInput, this.newButton),
      this.switchRow,
    ];
    this.nameInput.addEventListener("input", () => {
      if (cleanName(this.nameInput.value)) {
        changeCurrent((state, incident, now) => renameIncident(state, incident.id, this.nameInput.value, now));
      }
    });
    this.nameInput.addEventListener("change", () => {
      if (!cleanName(this.nameInput.value)) this.nameInput.value = this.incident.name;
    });
    this.nameInput.addEventListener("keydown", (event) => {
      if (event.key === "Enter") this.nameInput.blur();
    });
    this.newButton.addEventListener("click", () => {
      const incident = startIncident();
      this.say(t("picker.new_said", { name: incident.name }));
      this.nameInput.focus();
      this.nameInput.select();
    });
    this.select.addEventListener("change", () => {
      if (this.select.value === this.incident?.id) return;
      switchIncident(this.select.value);
      const { name } = currentIncident();
      const status = this.status();
      this.say(status ? t("picker.showing_status_said", { name, status }) : t("picker.showing_said", { name }));
    });
  }

  /** Announce `text` (what just happened). */
  say(text) {
    this.message.textContent = text;
  }

  /** Show the incident of `state` (the store's, read just before) and any storage trouble. */
  render(state = getStore().read()) {
    const incident = currentIncident(state);
    const changed = this.incident?.id !== incident.id;
    this.incident = incident;
    if (document.activeElement !== this.nameInput || changed) this.nameInput.value = incident.name;
    const options = incidentsByRecency(state).map((id) => [id, state.incidents[id].name]);
    if (!incident.stored) options.unshift([incident.id, incident.name]);
    const signature = JSON.stringify(options);
    if (signature !== this.signature) {
      this.signature = signature;
      this.select.replaceChildren(...options.map(([id, name]) => new Option(name, id)));
    }
    if (this.select.value !== incident.id) this.select.value = incident.id;
    this.switchRow.hidden = options.length < 2;
    this.renderNotice();
    return { incident, changed };
  }

  renderNotice() {
    const store = getStore();
    const problem = store.mode === "local" ? null : store.problem;
    if (problem === this.problem) return;
    this.problem = problem;
    this.notice.hidden = problem === null;
    this.notice.dataset.handbookProblem = problem ?? "";
    const children = problem === null ? []
      : [el("strong", { text: t("storage.lead_in") }), " ", `${t(WHY[problem])} `, t("storage.lost")];
    if (problem === "corrupt") {
      const discard = el("button", { type: "button", class: "handbook-button", text: t("storage.discard") });
      discard.addEventListener("click", () => {
        if (store.discardUnreadable()) this.say(t("storage.discarded_said"));
      });
      children.push(" ", discard);
    }
    this.notice.replaceChildren(...children);
    if (problem === "write-failed") this.say(t("storage.write_failed_said"));
  }
}

/** <handbook-incident-picker data-handbook-record-url="…">: the picker on its own, with a link to the record. */
class PickerElement extends RecordElement {
  static followsClock = false;

  build() {
    this.picker = new IncidentPicker();
    const url = this.dataset.handbookRecordUrl;
    const record = url ? el("p", { class: "handbook-incident-record-link" },
      el("a", { href: url, text: t("picker.open_record") })) : null;
    const hint = el("p", { class: "handbook-incident-hint", text: t("picker.hint") });
    this.replaceChildren(el("section", { class: "handbook-incident handbook-incident--picker",
      "aria-label": t("picker.region") }, hint, ...this.picker.rows, record, this.picker.message, this.picker.notice));
  }

  render() {
    this.picker.render();
  }
}

if (!customElements.get("handbook-incident-picker")) customElements.define("handbook-incident-picker", PickerElement);
