// The one place that starts the page's decision engine.
//
// Loaded with <script type="module" async> from the head of each page with a
// wizard, so the engine's worker starts while the rest of the page is still
// being parsed, not after the theme's scripts: every millisecond before it
// starts is a millisecond the reader waits. wizard.mjs imports this module
// too (a wizard reached by instant navigation); a module runs once per page
// load, so there is one engine however many wizards the page has.
//
// It also watches for the wizard's own script failing to arrive: the widget
// would then stay dead. Once the page has loaded (every module script has
// run or failed) or the engine has settled, a <handbook-wizard> that is still
// not defined says so in plain words and points to the whole decision below it.
import { later, pageLoaded, showWizardFailed } from "./dom.mjs";
import { getEngine } from "./engine-client.mjs";
import { t } from "./words.mjs";

performance.mark("handbook:engine-start");
export const engine = getEngine();

// How long the wizard's script gets after the page's load (or the engine's
// start) before its absence counts as a failure.
const LOAD_GRACE_MS = 1000;
const ENGINE_GRACE_MS = 10000;

const settled = () => later(ENGINE_GRACE_MS);
Promise.race([pageLoaded().then(() => later(LOAD_GRACE_MS)), engine.ready.then(settled, settled)]).then(() => {
  if (customElements.get("handbook-wizard")) return;
  for (const root of document.querySelectorAll("handbook-wizard")) {
    showWizardFailed(root, t("wizard.no_script"));
    root.hidden = false;
  }
});
