// The life of every element that shows the incident record: built once,
// then, while it is in the document, shown again whenever the record
// changes (here or in another tab) and, if it shows time passing, every
// half minute. The browser calls these as Material's instant navigation
// swaps pages, so nothing is left listening for a page that is gone, and a
// page without such elements runs no timer.
import { getStore } from "./incident-store.mjs";

/** The element in `root` the build marked data-handbook-part="`name`". */
export function part(root, name) {
  return root.querySelector(`[data-handbook-part="${name}"]`);
}

/** A copy of the content of `root`'s <template data-handbook-part="`name`">. */
export function clone(root, name) {
  return part(root, name).content.cloneNode(true);
}

// One clock for every element that shows time passing (due duties turning overdue).
const clocked = new Set();
let timer = null;

function tick() {
  for (const element of [...clocked]) {
    try {
      element.render();
    } catch (error) {
      console.error("handbook clock:", error);
    }
  }
}

// Timers are slowed down in background tabs: catch up as soon as the tab is seen.
document.addEventListener("visibilitychange", () => {
  if (document.visibilityState === "visible") tick();
});

/** A subclass shows the record in render(); it may make its parts in build() (once) and act in connected(). */
export class RecordElement extends HTMLElement {
  /** True if the element shows time passing (due duties), so it follows the clock. */
  static followsClock = true;

  connectedCallback() {
    if (!this.built) {
      this.built = true;
      this.build?.();
    }
    this.stop = getStore().subscribe(() => this.render());
    if (this.constructor.followsClock) {
      if (clocked.size === 0) timer = setInterval(tick, 30 * 1000);
      clocked.add(this);
    }
    this.connected?.();
    this.render();
  }

  disconnectedCallback() {
    this.stop();
    if (clocked.delete(this) && clocked.size === 0) clearInterval(timer);
  }
}
