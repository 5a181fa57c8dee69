// One clock for everything that shows time passing (due duties turning
// overdue): a timer that runs only while some element on the page listens.
// Elements subscribe in connectedCallback and unsubscribe in
// disconnectedCallback, so a page without them runs no timer.

const RECHECK_MS = 30 * 1000;
const listeners = new Set();
let timer = null;
let watchingVisibility = false;

function tick() {
  for (const listener of [...listeners]) {
    try {
      listener();
    } catch (error) {
      console.error("handbook clock:", error);
    }
  }
}

/** Call `listener()` every half minute, and at once when the tab is seen again; returns the unsubscribe. */
export function onClock(listener) {
  listeners.add(listener);
  if (!watchingVisibility) {
    watchingVisibility = true;
    // Timers are slowed down in background tabs: catch up as soon as the tab is seen.
    document.addEventListener("visibilitychange", () => {
      if (document.visibilityState === "visible") tick();
    });
  }
  if (timer === null) timer = setInterval(tick, RECHECK_MS);
  return () => {
    listeners.delete(listener);
    if (listeners.size === 0 && timer !== null) {
      clearInterval(timer);
      timer = null;
    }
  };
}
