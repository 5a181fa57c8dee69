// Offline support, page side: register the service worker (sw.js at the site
// root) and show, unobtrusively, when the page is offline and when a newer
// build of the handbook is ready. Where service workers are unavailable
// (file://, old browsers, some private modes) the site simply works online.

import { el, later, pageLoaded } from "./dom.mjs";
import { t } from "./words.mjs";

const SITE_ROOT = new URL("../../", import.meta.url);
let bar = null;

function show(kind, text, action = null) {
  if (!bar?.isConnected) {
    bar = el("div", { class: "handbook-netstate handbook-noprint", role: "status", "aria-live": "polite" });
    document.body.append(bar);
  }
  const button = action && el("button", { type: "button", class: "md-button", text: action.label });
  button?.addEventListener("click", action.run);
  bar.replaceChildren(el("span", { text }), button && " ", button);
  bar.dataset.handbookNetstate = kind;
  bar.hidden = false;
}

function hide(kind) {
  if (bar?.dataset.handbookNetstate === kind) bar.hidden = true;
}

function watchConnection() {
  const update = () => (navigator.onLine ? hide("offline") : show("offline", t("offline.offline")));
  window.addEventListener("online", update);
  window.addEventListener("offline", update);
  update();
}

let reloadWhenActive = false;

function offerUpdate(waiting) {
  show("update", t("offline.update"), {
    label: t("offline.reload"),
    run: () => {
      // The new worker takes over, then the page reloads with the new build.
      reloadWhenActive = true;
      waiting.postMessage({ type: "handbook:skip-waiting" });
    },
  });
}

async function register() {
  if (!("serviceWorker" in navigator) || !/^https?:$/.test(location.protocol)) return;
  let registration;
  try {
    registration = await navigator.serviceWorker.register(new URL("sw.js", SITE_ROOT), { scope: SITE_ROOT.href });
  } catch (error) {
    console.warn("handbook: offline copy unavailable:", error);
    return;
  }
  if (!registration) return; // refused without an error (a browser or tool that blocks workers)
  // Only an update replaces a controlling worker; the very first install is silent.
  const hadController = Boolean(navigator.serviceWorker.controller);
  // A return visit (the page came from the offline copy): now the worker may
  // keep what only speeds up later visits, unless the reader saves data.
  if (hadController && !navigator.connection?.saveData) {
    navigator.serviceWorker.controller.postMessage({ type: "handbook:return-visit" });
  }
  if (registration.waiting && hadController) offerUpdate(registration.waiting);
  registration.addEventListener("updatefound", () => {
    const installing = registration.installing;
    installing?.addEventListener("statechange", () => {
      if (installing.state === "installed" && navigator.serviceWorker.controller) offerUpdate(installing);
    });
  });
  navigator.serviceWorker.addEventListener("controllerchange", () => reloadWhenActive && location.reload());
}

/**
 * Once per page load (handbook.mjs calls it as it runs): watch the connection
 * and register the worker. Registering starts the download of the whole site,
 * so it waits for the page to load and for `settled` (the wizard's engine
 * booted or failed, when the page has one): the reader's page comes first, and
 * the runtime it just downloaded is then revalidated from the HTTP cache
 * rather than fetched twice.
 */
export function start(settled) {
  watchConnection();
  const patience = later(15000);
  pageLoaded().then(() => Promise.race([settled, patience])).then(register);
}
