// "Record this decision": a wizard's outcome has the button (the build's,
// trees.wizard_outcome_html); clicked, it keeps the decision the wizard shows
// in the current incident, with its time, its answers and its outcome.
import { el } from "./dom.mjs";
import { changeCurrent, currentIncident } from "./incident-current.mjs";
import { recordDecision } from "./incident-state.mjs";
import { utcClock } from "./incident-time.mjs";
import { t } from "./words.mjs";

function record(button) {
  // {tree, title, path, answers, outcome, record}: what the wizard shows (wizard.mjs).
  const decision = button.closest("handbook-wizard")?.decision;
  const status = button.closest("[data-handbook-outcome]")?.querySelector(".handbook-recorded");
  if (!decision || !status) return;
  const at = Date.now();
  const ok = changeCurrent((state, incident, now) => recordDecision(state, incident.id, incident.name, decision, now));
  if (!ok) {
    status.replaceChildren(t("decision.refused"));
    return;
  }
  const url = document.querySelector("[data-handbook-record-url]")?.dataset.handbookRecordUrl;
  status.replaceChildren(t("decision.recorded", { name: currentIncident().name, clock: utcClock(at) }),
    ...(url ? [" ", el("a", { href: url, text: t("picker.open_record") })] : []));
}

/** Record a wizard's decision when its button is clicked (called once, for the page's life). */
export function listenForDecisions() {
  document.addEventListener("click", (event) => {
    const button = event.target instanceof Element && event.target.closest('button[data-handbook-action="record"]');
    if (button) record(button);
  });
}
