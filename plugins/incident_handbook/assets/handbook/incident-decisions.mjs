// "Record this decision": at a wizard's outcome, keep the decision in the
// current incident with its time, its answers and its outcome.
//
// The wizard only announces an outcome (a bubbling `handbook:decision`
// event on its root, detail {tree, title, path, answers, outcome, record,
// url}); this module adds the button beside the outcome's copy buttons.
import { el } from "./dom.mjs";
import { changeCurrent, currentIncident } from "./incident-current.mjs";
import { recordDecision } from "./incident-state.mjs";
import { utcClock } from "./incident-time.mjs";
import { t } from "./words.mjs";

function offer(root, decision) {
  const section = root.querySelector("[data-handbook-outcome]") ?? root;
  const row = section.querySelector(".handbook-copy") ?? section;
  const status = el("p", { class: "handbook-recorded", role: "status" });
  const button = el("button", { type: "button", class: "md-button handbook-record-decision",
    text: t("decision.record") });
  button.addEventListener("click", () => {
    const at = Date.now();
    const ok = changeCurrent((state, incident, now) => recordDecision(state, incident.id, incident.name, {
      tree: decision.tree, title: decision.title, path: decision.path, answers: decision.answers,
      outcome: decision.outcome, record: decision.record,
    }, now));
    if (!ok) {
      status.replaceChildren(t("decision.refused"));
      return;
    }
    const url = document.querySelector("[data-handbook-record-url]")?.dataset.handbookRecordUrl;
    status.replaceChildren(t("decision.recorded", { name: currentIncident().name, clock: utcClock(at) }),
      ...(url ? [" ", el("a", { href: url, text: t("picker.open_record") })] : []));
  });
  row.append(button);
  row.after(status);
}

/** Offer to record each decision a wizard reaches on this page (called once, for the page's life). */
export function listenForDecisions() {
  document.addEventListener("handbook:decision", (event) => {
    const detail = event.detail;
    if (!detail || typeof detail !== "object" || !(event.target instanceof Element)) return;
    try {
      offer(event.target, detail);
    } catch (error) {
      console.error("handbook incident:", error);
    }
  });
}
