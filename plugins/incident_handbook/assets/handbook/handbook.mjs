// Entry point of the handbook's scripts, loaded on every page as a module.
//
// Each feature module exports `enhance(root)`, which finds its widgets under
// `root` and makes them interactive once (it marks what it has done). With
// Material's instant navigation the page body is swapped without reloading
// scripts, so we enhance again on every `document$` emission.
import { enhance as enhanceChecklists } from "./checklist.mjs";
import { start as startOffline } from "./offline.mjs";
import { enhance as enhanceWizards, settled as wizardEngineSettled } from "./wizard.mjs";

const features = [enhanceChecklists, enhanceWizards];

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

if (window.document$ && typeof window.document$.subscribe === "function") {
  window.document$.subscribe(enhanceAll);
} else if (document.readyState === "loading") {
  document.addEventListener("DOMContentLoaded", enhanceAll, { once: true });
} else {
  enhanceAll();
}
