// Choosing the incident this tab works on: its name, a new one, or another
// one kept in this browser. Used inside the checklists' toolbar, on the
// incident page, and on its own as <handbook-incident-picker> (home page,
// wizards).
import { el, uid } from "./dom.mjs";
import { currentIncident, changeCurrent, startIncident, switchIncident } from "./incident-current.mjs";
import { RecordElement } from "./incident-element.mjs";
import { IncidentNotice } from "./incident-notice.mjs";
import { cleanName, incidentsByRecency, MAX_NAME_LENGTH, renameIncident } from "./incident-state.mjs";
import { getStore } from "./incident-store.mjs";
import { t } from "./words.mjs";

export class IncidentPicker {
  /** `say(text)` announces what happened; `status()` is a few words on the incident shown, for the announcement. */
  constructor({ say, status = () => "" }) {
    this.say = say;
    this.status = status;
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
    return { incident, changed };
  }
}

/** <handbook-incident-picker data-handbook-record-url="…">: the picker on its own, with a link to the record. */
class PickerElement extends RecordElement {
  static followsClock = false;

  build() {
    this.message = el("p", { class: "handbook-incident-message", "aria-live": "polite" });
    this.picker = new IncidentPicker({ say: (text) => { this.message.textContent = text; } });
    this.notice = new IncidentNotice((text) => { this.message.textContent = text; });
    const url = this.dataset.handbookRecordUrl;
    const record = url ? el("p", { class: "handbook-incident-record-link" },
      el("a", { href: url, text: t("picker.open_record") })) : null;
    const hint = el("p", { class: "handbook-incident-hint", text: t("picker.hint") });
    this.replaceChildren(el("section", { class: "handbook-incident handbook-incident--picker",
      "aria-label": t("picker.region") }, hint, ...this.picker.rows, record, this.message, this.notice.element));
  }

  render() {
    const store = getStore();
    this.picker.render(store.read());
    this.notice.render(store);
  }
}

if (!customElements.get("handbook-incident-picker")) customElements.define("handbook-incident-picker", PickerElement);
