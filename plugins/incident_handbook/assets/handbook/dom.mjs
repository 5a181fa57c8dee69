// The handbook's DOM helpers (build, patch, wait for the page), its one
// clipboard helper, and the wizard's failure notice.
//
// el() builds elements from plain values: text goes in as text nodes or
// textContent, never as markup, so words from the content, the URL or
// storage can never become HTML.

/**
 * `el("p", {class: "x", text: "Hi"}, child, [more])`: an element.
 * Props: `class` sets className, `text` the textContent; `data-*`, `aria-*`,
 * `role`, `tabindex` and `for` become attributes (true as ""), anything else
 * is set as a property (`type`, `hidden`, `href`, `disabled`…). null,
 * undefined and false props and children are skipped; arrays of children
 * are flattened; strings become text nodes.
 */
export function el(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (value === undefined || value === null || value === false) continue;
    if (key === "class") node.className = value;
    else if (key === "text") node.textContent = value;
    else if (key.startsWith("data-") || key.startsWith("aria-") || key === "role" || key === "tabindex" || key === "for") {
      node.setAttribute(key, value === true ? "" : String(value));
    } else node[key] = value;
  }
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child);
  }
  return node;
}

/**
 * Make `children` (as for el()) the children of `parent`, keeping each child
 * that shows the same as its new version where it is: the reader's focus in
 * it, and a <details> they opened, survive the page being shown again.
 */
export function patch(parent, children) {
  const old = [...parent.childNodes];
  let from = 0;
  const wanted = children.flat(Infinity).filter((c) => c !== null && c !== undefined && c !== false).map((child) => {
    const node = typeof child === "string" ? document.createTextNode(child) : child;
    const at = old.findIndex((o, n) => n >= from && unchanged(o, node));
    if (at < 0) return node;
    from = at + 1;
    return old[at];
  });
  const kept = new Set(wanted);
  for (const node of old) if (!kept.has(node)) node.remove();
  // The kept children are in order: only new ones go in, so no kept one is moved (and blurred).
  let next = parent.firstChild;
  for (const node of wanted) {
    if (node === next) next = next.nextSibling;
    else parent.insertBefore(node, next);
  }
}

/** Whether `old` shows what `node` does, but for the <details> the reader opened (they come closed). */
function unchanged(old, node) {
  if (old.isEqualNode(node)) return true;
  if (!(old instanceof Element) || !(old.matches("details[open]") || old.querySelector("details[open]"))) return false;
  const copy = el("div", {}, old.cloneNode(true));
  for (const details of copy.querySelectorAll("details[open]")) details.open = false;
  return copy.firstChild.isEqualNode(node);
}

/**
 * Put `text` on the clipboard; if the browser refuses (no permission, an insecure context, no clipboard),
 * show it selected in `area`'s box (a hidden read-only <textarea> the build made: copy_box_html) for the
 * reader to copy by hand. Resolves true if the clipboard took it.
 */
export async function copyOrShow(text, area) {
  try {
    await navigator.clipboard.writeText(text);
    area.hidden = true;
    return true;
  } catch {
    const box = area.querySelector("textarea");
    box.value = text;
    area.hidden = false;
    box.focus();
    box.select();
    return false;
  }
}

/** Resolves once the page has loaded: every script of it has run or failed. */
export function pageLoaded() {
  return new Promise((resolve) => {
    if (document.readyState === "complete") resolve();
    else window.addEventListener("load", () => resolve(), { once: true });
  });
}

/** Resolves after `ms` milliseconds. */
export const later = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Say in a <handbook-wizard> why it cannot work, once: its buttons disabled,
 * its status line emptied, and its "failed" template (wizard.py) shown with
 * `reason`. From wizard.mjs, or engine-boot.mjs when wizard.mjs never arrived.
 */
export function showWizardFailed(root, reason) {
  const body = root.querySelector(".handbook-wizard-body");
  if (body.querySelector(".handbook-wizard-failed")) return;
  for (const button of body.querySelectorAll("button")) button.disabled = true;
  const box = root.querySelector('template[data-handbook-part="failed"]').content.firstElementChild.cloneNode(true);
  box.querySelector('[data-handbook-text="reason"]').textContent = reason;
  body.prepend(box);
  const state = root.querySelector(".handbook-wizard-state");
  state.dataset.handbookEngine = "failed";
  state.querySelector("progress")?.remove();
  for (const text of state.children) text.textContent = "";
}
