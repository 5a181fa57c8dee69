// The life of every element that shows the incident record: built once,
// then, while it is in the document, shown again whenever the record
// changes (here or in another tab) and, if it shows time passing, every
// half minute. The browser calls these as Material's instant navigation
// swaps pages, so nothing is left listening for a page that is gone.
import { onClock } from "./incident-clock.mjs";
import { getStore } from "./incident-store.mjs";

/** The element in `root` the build marked data-handbook-part="`name`". */
export function part(root, name) {
  return root.querySelector(`[data-handbook-part="${name}"]`);
}

/** A copy of the content of `root`'s <template data-handbook-part="`name`">. */
export function clone(root, name) {
  return part(root, name).content.cloneNode(true);
}

export class RecordElement extends HTMLElement {
  /** True if the element shows time passing (due duties), so it follows the clock. */
  static followsClock = true;

  connectedCallback() {
    if (!this.built) {
      this.built = true;
      this.build();
    }
    this.stops = [getStore().subscribe(() => this.render())];
    if (this.constructor.followsClock) this.stops.push(onClock(() => this.render()));
    this.connected();
    this.render();
  }

  disconnectedCallback() {
    for (const stop of this.stops ?? []) stop();
    this.stops = [];
    this.disconnected();
  }

  /** Make the element's parts, once. */
  build() {}

  /** Just connected, before the first render. */
  connected() {}

  /** Just disconnected. */
  disconnected() {}

  /** Show the record as it is now. */
  render() {}
}
