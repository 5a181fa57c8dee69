// The notice shown when the incident record cannot be kept in this browser
// (no storage, unreadable or newer data, a full quota).
import { el } from "./dom.mjs";
import { t } from "./words.mjs";

const WHY = { unavailable: "storage.unavailable", corrupt: "storage.corrupt", newer: "storage.newer",
  "write-failed": "storage.write_failed" };

export class IncidentNotice {
  /** `say(text)` announces what happened. */
  constructor(say) {
    this.say = say;
    this.problem = null;
    this.element = el("div", { class: "handbook-notice", hidden: true });
  }

  render(store) {
    const problem = store.mode === "local" ? null : store.problem;
    if (problem === this.problem) return;
    this.problem = problem;
    this.element.hidden = problem === null;
    this.element.dataset.handbookProblem = problem ?? "";
    const children = problem === null ? []
      : [el("strong", { text: t("storage.lead_in") }), " ", `${t(WHY[problem])} `, t("storage.lost")];
    if (problem === "corrupt") {
      const discard = el("button", { type: "button", class: "handbook-button", text: t("storage.discard") });
      discard.addEventListener("click", () => {
        if (store.discardUnreadable()) this.say(t("storage.discarded_said"));
      });
      children.push(" ", discard);
    }
    this.element.replaceChildren(...children);
    if (problem === "write-failed") this.say(t("storage.write_failed_said"));
  }
}
