// Choosing the incident this tab works on: its name, a new one, or another
// one kept in this browser; with the line that says what just happened, and
// the notice when the record cannot be kept in this browser (no storage,
// unreadable or newer data, a full quota). Its markup is the build's
// (fragments.picker_rows_html), inside the checklists' toolbar, on the
// incident page, and on its own as <handbook-incident-picker> (home page, wizards).
import { currentIncident, changeCurrent, startIncident, switchIncident } from "./incident-current.mjs";
import { clone, part, RecordElement } from "./incident-element.mjs";
import { cleanName, incidentsByRecency, MAX_NAME_LENGTH, renameIncident } from "./incident-state.mjs";
import { getStore } from "./incident-store.mjs";
import { t } from "./words.mjs";

export class IncidentPicker {
  /** The picker in `root`'s parts; a status line there (the toolbar's progress) is said with a switch. */
  constructor(root) {
    this.status = part(root, "status");
    [this.nameInput, this.newButton, this.switchRow, this.select, this.message, this.notice] =
      ["name", "new", "switch-row", "switch", "message", "notice"].map((name) => part(root, name));
    this.nameInput.maxLength = MAX_NAME_LENGTH;
    part(root, "discard").addEventListener("click", () => {
      if (getStore().discardUnreadable()) this.say(t("storage.discarded_said"));
    });
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
      const status = this.status?.textContent;
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
    // The build wrote the words of every problem (and the discard button, for unreadable data): show this one's.
    for (const why of this.notice.querySelectorAll("[data-handbook-why]")) {
      why.hidden = why.dataset.handbookWhy !== problem;
    }
    if (problem === "write-failed") this.say(t("storage.write_failed_said"));
  }
}

/** <handbook-incident-picker>: the picker on its own, with a link to the record. */
class PickerElement extends RecordElement {
  static followsClock = false;

  build() {
    this.replaceChildren(clone(this, "picker"));
    this.picker = new IncidentPicker(this);
  }

  render() {
    this.picker.render();
  }
}

if (!customElements.get("handbook-incident-picker")) customElements.define("handbook-incident-picker", PickerElement);
