// Entry point of the handbook's scripts, loaded on every page as a module.
//
// The wizards, the checklists and the incident record are custom elements:
// importing their modules defines them, and the browser connects and
// disconnects them as Material's instant navigation swaps the page body.
// What is left runs again on every `document$` emission.
import "./checklist.mjs";
import "./incident-picker.mjs";
import { listenForDecisions } from "./incident-decisions.mjs";
import { startReminders } from "./incident-reminders.mjs";
import { start as startOffline } from "./offline.mjs";
import { settled as wizardEngineSettled } from "./wizard.mjs";

/** Only the record's own page pays for its module; the element upgrades when it is defined. */
function loadRecordPage(root) {
  if (!root.querySelector("handbook-incident-page")) return;
  import("./incident-page.mjs").catch((error) => console.error("handbook incident:", error));
}

const features = [startReminders, loadRecordPage];

function enhanceAll() {
  const start = performance.now();
  for (const enhance of features) {
    try {
      enhance(document);
    } catch (error) {
      // One broken feature must not take the others down with it.
      console.error("handbook:", error);
    }
  }
  // The benchmark reads this: the main-thread time our widgets cost a page.
  performance.measure("handbook:enhance", { start, end: performance.now() });
}

startOffline(wizardEngineSettled(document));
listenForDecisions();

if (typeof window.document$?.subscribe === "function") {
  window.document$.subscribe(enhanceAll);
} else if (document.readyState === "loading") {
  document.addEventListener("DOMContentLoaded", enhanceAll, { once: true });
} else {
  enhanceAll();
}
