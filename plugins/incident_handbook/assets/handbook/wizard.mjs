// Decision wizards: the first question is already in the page; this module
// makes it interactive and asks the decision engine (Python, in a Pyodide
// worker) where each answer leads.
//
// Nothing from the page data, the URL or the engine is ever inserted as
// HTML: text goes in with textContent, links only with vetted addresses.
// An answer given before the engine is ready is kept and applied when it is.
// The answers live in the URL (?<tree-id>=yes.no) so a decision can be shared.

const ANSWERS_PATTERN = /^(?:[a-z0-9]+(?:-[a-z0-9]+)*(?:\.[a-z0-9]+(?:-[a-z0-9]+)*)*)?$/;
const SEPARATOR = "."; // URLSearchParams leaves "." as it is, so links stay readable
const MAX_URL_STATE = 400;
const SCHEME = /^[a-z][a-z0-9+.-]*:/i;
const SAFE_SCHEME = /^(?:https?|mailto):/i;

let clientModule = null;
function loadClient() {
  // Only pages with a wizard pay for the engine client (and so for Pyodide).
  clientModule ??= import("./engine-client.mjs");
  return clientModule;
}

/**
 * Start booting the engine now if `root` has a wizard. Called as soon as the
 * entry module runs (the page is parsed by then), before DOMContentLoaded and
 * Material's `document$`: a cold boot takes about a second, so it should not
 * wait for anything. Resolves once the engine is ready or has failed.
 */
export function prestart(root) {
  if (!root.querySelector(".handbook-wizard")) return Promise.resolve();
  return loadClient()
    .then(({ getEngine }) => getEngine().ready)
    .catch(() => {}); // enhance() reports a failure where the person can see it
}

/**
 * Read the answers kept in the URL: `yes.no.unsure`. Anything else (too long,
 * other characters, empty parts) is refused: {ok: false}. Whether the answers
 * fit the tree is for the engine to say. Never throws.
 */
export function parseUrlAnswers(raw) {
  if (typeof raw !== "string" || raw.length > MAX_URL_STATE || !ANSWERS_PATTERN.test(raw)) return { ok: false };
  return { ok: true, answers: raw ? raw.split(SEPARATOR) : [] };
}

/** Make every not-yet-enhanced wizard under `root` interactive. */
export function enhance(root) {
  for (const element of root.querySelectorAll(".handbook-wizard:not([data-handbook-enhanced])")) {
    element.setAttribute("data-handbook-enhanced", "");
    try {
      new Wizard(element).start();
    } catch (error) {
      console.error("handbook wizard:", error);
    }
  }
}

function el(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (value === undefined || value === null || value === false) continue;
    if (key === "class") node.className = value;
    else if (key === "text") node.textContent = value;
    else if (key.startsWith("data-") || key.startsWith("aria-") || key === "role" || key === "tabindex" || key === "for") {
      node.setAttribute(key, value === true ? "" : String(value));
    } else node[key] = value;
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child);
  }
  return node;
}

function safeHref(href) {
  if (typeof href !== "string" || !href) return null;
  if (SCHEME.test(href) && !SAFE_SCHEME.test(href)) return null;
  return href;
}

/** Inline spans [kind, text, href] as DOM nodes: text, strong, em or a vetted link. */
function spans(list) {
  const out = [];
  for (const item of Array.isArray(list) ? list : []) {
    if (!Array.isArray(item)) continue;
    const [kind, text, href] = item;
    const words = String(text ?? "");
    if (kind === "strong") out.push(el("strong", { text: words }));
    else if (kind === "em") out.push(el("em", { text: words }));
    else if (kind === "link" && safeHref(href)) out.push(el("a", { href: safeHref(href), text: words }));
    else out.push(document.createTextNode(words));
  }
  return out;
}

function plain(list) {
  return (Array.isArray(list) ? list : []).map((item) => String(item?.[1] ?? "")).join("");
}

function utcNow() {
  const iso = new Date().toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;
}

class Wizard {
  constructor(root) {
    this.root = root;
    this.data = JSON.parse(root.dataset.handbookData);
    this.treeId = root.dataset.handbookWizard;
    this.body = root.querySelector(".handbook-wizard-body");
    this.state = root.querySelector(".handbook-wizard-state");
    this.live = root.querySelector(".handbook-wizard-live");
    this.outline = document.getElementById(root.dataset.handbookOutline);
    this.answers = [];
    this.queued = null; // an answer given before the engine was ready
    this.fromUrl = false;
    this.engine = null;
    this.shown = null; // the engine's last response
  }

  start() {
    this.root.hidden = false;
    this.root.addEventListener("click", (event) => this.onClick(event));
    performance.mark(`handbook:wizard-interactive:${this.treeId}`);
    this.readUrl();
    this.setEngineState("loading", "Decision engine loading…");
    loadClient()
      .then(({ getEngine }) => {
        this.engine = getEngine();
        const stop = this.engine.onStatus((status, engine) => {
          if (!this.root.isConnected) {
            stop?.();
            return;
          }
          this.onEngineStatus(status, engine?.message);
        });
      })
      .catch((error) => this.onEngineStatus("failed", String(error?.message ?? error)));
  }

  readUrl() {
    const raw = new URLSearchParams(location.search).get(this.treeId);
    if (raw === null) return;
    const parsed = parseUrlAnswers(raw);
    if (!parsed.ok) {
      this.refuseUrl("The answers in this link could not be read");
      return;
    }
    this.answers = parsed.answers;
    this.fromUrl = this.answers.length > 0;
    if (this.fromUrl) this.notice("Opening the decision from this link…");
  }

  refuseUrl(reason) {
    this.answers = [];
    this.fromUrl = false;
    this.writeUrl();
    const note = el("p", { class: "handbook-wizard-notice", role: "alert", "data-handbook-refused": "" },
      `${reason}, so the wizard starts from the first question.`);
    this.root.prepend(note);
  }

  notice(text) {
    this.state.querySelector(".handbook-wizard-note")?.remove();
    if (text) this.state.append(el("span", { class: "handbook-wizard-note", text: ` ${text}` }));
  }

  setEngineState(status, text) {
    this.state.setAttribute("data-handbook-engine", status);
    this.state.querySelector(".handbook-engine-status").textContent = text;
  }

  onEngineStatus(status, message) {
    if (status === "ready") {
      this.setEngineState("ready", "");
      performance.mark(`handbook:engine-ready:${this.treeId}`);
      if (this.queued !== null) {
        this.answers = [...this.answers, this.queued];
        this.queued = null;
        this.sync({ focus: true });
      } else if (this.answers.length) {
        this.sync({ focus: false });
      }
      this.notice("");
    } else if (status === "failed") {
      this.fail(message ?? "");
    }
  }

  fail(message) {
    this.setEngineState("failed", "");
    this.notice("");
    for (const button of this.body.querySelectorAll("button")) button.disabled = true;
    const reason = message ? ` (${message})` : "";
    const text = `The interactive wizard could not start${reason}. Use the whole decision below: start at the top and follow your answers to an outcome.`;
    const box = el("div", { class: "admonition failure handbook-wizard-failed", role: "alert" },
      el("p", { text }));
    if (this.outline) box.append(el("p", {}, el("a", { href: `#${this.outline.id}`, text: "Go to the whole decision" })));
    this.body.prepend(box);
  }

  onClick(event) {
    const button = event.target.closest("button");
    if (!button || !this.root.contains(button) || button.disabled) return;
    const answer = button.dataset.handbookAnswer;
    const action = button.dataset.handbookAction;
    if (answer !== undefined) this.answer(answer, button);
    else if (action === "back") this.go(this.answers.slice(0, -1));
    else if (action === "restart") this.go([]);
    else if (action === "copy") this.copy(button);
  }

  answer(answer, button) {
    if (this.engine?.status === "ready") {
      this.go([...this.answers, answer]);
      return;
    }
    // Not ready yet: keep the answer (the last one clicked wins) and say so.
    this.queued = answer;
    for (const other of this.body.querySelectorAll("button[data-handbook-answer]")) {
      other.setAttribute("aria-pressed", other === button ? "true" : "false");
    }
    this.notice("Answer noted: the next step appears as soon as the decision engine is ready.");
    this.announce("Answer noted. The next step appears as soon as the decision engine is ready.");
  }

  go(answers) {
    this.answers = answers;
    this.sync({ focus: true });
  }

  async sync({ focus }) {
    let response;
    try {
      response = await this.engine.call({ op: "walk", tree: this.data.tree, answers: this.answers, when: utcNow() });
    } catch (error) {
      this.fail(String(error?.message ?? error));
      return;
    }
    if (!response || response.ok !== true) {
      const why = typeof response?.error === "string" ? response.error : "the answers did not fit";
      if (this.fromUrl) {
        this.refuseUrl(`The answers in this link don't fit this decision (${why})`);
        this.answers = [];
        this.fromUrl = false;
        this.sync({ focus: false });
      } else {
        this.answers = [];
        this.announce("That answer could not be applied; starting again.");
        this.sync({ focus: true });
      }
      return;
    }
    this.fromUrl = false;
    this.shown = response;
    this.writeUrl();
    this.render(response, focus);
  }

  writeUrl() {
    const url = new URL(location.href);
    if (this.answers.length) url.searchParams.set(this.treeId, this.answers.join(SEPARATOR));
    else url.searchParams.delete(this.treeId);
    history.replaceState(history.state, "", url);
  }

  node(id) {
    const view = this.data.nodes[id];
    if (!view) throw new Error(`no node ${id}`);
    return view;
  }

  render(response, focus) {
    const parts = [];
    const history = Array.isArray(response.history) ? response.history : [];
    if (history.length) parts.push(this.renderTrail(history));
    const view = this.node(response.node);
    const target = response.done ? this.renderOutcome(view, response, history) : this.renderQuestion(view, history.length + 1);
    parts.push(target.section);
    if (history.length) {
      parts.push(el("div", { class: "handbook-wizard-controls" },
        el("button", { type: "button", class: "md-button", "data-handbook-action": "back", text: "Back" }),
        el("button", { type: "button", class: "md-button", "data-handbook-action": "restart", text: "Start again" })));
    }
    this.body.replaceChildren(...parts);
    if (response.done) this.root.dispatchEvent(new CustomEvent("handbook:decision", { bubbles: true, detail: this.decision }));
    this.announce(target.announce);
    if (focus) target.focus.focus();
  }

  renderTrail(history) {
    const items = history.map(([nodeId, answer], index) => {
      const view = this.node(nodeId);
      const option = (view.options ?? []).find((o) => o.answer === answer);
      return el("li", {}, el("span", { class: "handbook-trail-question" }, spans(view.question)), " ",
        el("strong", {}, option ? spans(option.label) : answer));
    });
    return el("div", { class: "handbook-trail" },
      el("p", { class: "handbook-trail-title", text: "Your answers" }), el("ol", {}, items));
  }

  renderQuestion(view, number) {
    const legend = el("legend", { tabindex: "-1" }, el("span", { class: "handbook-step", text: `Question ${number}` }), " ",
      spans(view.question));
    const options = (view.options ?? []).map((option) =>
      el("button", { type: "button", class: "md-button handbook-option", "data-handbook-answer": option.answer },
        spans(option.label)));
    const section = el("fieldset", { class: "handbook-question", "data-handbook-node": view.id }, legend,
      view.help?.length ? el("p", { class: "handbook-help" }, spans(view.help)) : null,
      view.gap?.length ? el("p", { class: "handbook-gap" }, el("strong", { text: "Where the handbook is silent: " }), spans(view.gap)) : null,
      el("div", { class: "handbook-options" }, options));
    return { section, focus: legend, announce: `Question ${number}: ${plain(view.question)}` };
  }

  renderOutcome(view, response, history) {
    const title = el("h2", { class: "handbook-result-title", tabindex: "-1" },
      el("span", { class: "handbook-step", text: "Outcome" }), " ", spans(view.outcome));
    const section = el("section", { class: "handbook-result", "data-handbook-outcome": view.id }, title,
      el("p", { class: "handbook-next" }, spans(view.next_steps)));
    if (Array.isArray(view.notify)) {
      const list = el("dl", { class: "handbook-notify" });
      for (const [term, value] of view.notify) list.append(el("dt", { text: String(term) }), el("dd", {}, spans(value)));
      section.append(list);
    }
    if (view.role?.url) {
      section.append(el("p", { class: "handbook-meta" }, "Checklist: ",
        el("a", { href: safeHref(view.role.url), text: String(view.role.name ?? "") })));
    }
    const basis = view.basis ?? {};
    section.append(el("blockquote", { class: "handbook-quote" },
      el("p", {}, basis.title ? el("strong", { text: `${basis.title} ` }) : null, spans(basis.text)),
      safeHref(basis.url) ? el("p", { class: "handbook-basis" }, el("a", { href: safeHref(basis.url), text: "Where the handbook says so" })) : null));
    const gaps = history.map(([nodeId]) => this.node(nodeId)).filter((n) => n.gap?.length);
    for (const gap of gaps) {
      section.append(el("p", { class: "handbook-gap" }, el("strong", { text: "Where the handbook is silent: " }), spans(gap.gap)));
    }
    const record = typeof response.record === "string" ? response.record : "";
    const link = new URL(location.href);
    link.searchParams.set(this.treeId, this.answers.join(SEPARATOR));
    link.hash = "";
    const copies = el("div", { class: "handbook-copy" },
      el("button", { type: "button", class: "md-button md-button--primary", "data-handbook-action": "copy", "data-handbook-copy": "record", text: "Copy decision record" }),
      view.message ? el("button", { type: "button", class: "md-button", "data-handbook-action": "copy", "data-handbook-copy": "message", text: "Copy message to post" }) : null,
      el("button", { type: "button", class: "md-button", "data-handbook-action": "copy", "data-handbook-copy": "link", text: "Copy link to this decision" }));
    section.append(copies,
      el("h3", { text: "Decision record" }),
      el("pre", { class: "handbook-record", "data-handbook-text": "record", text: `${record}\n\nLink: ${link.href}` }));
    if (view.message) {
      section.append(el("h3", { text: "Message to post" }),
        el("pre", { class: "handbook-message", "data-handbook-text": "message", text: view.message }));
    }
    this.texts = { record: `${record}\n\nLink: ${link.href}`, message: view.message ?? "", link: link.href };
    // For the incident record (incident-decisions.mjs), which offers to keep the decision.
    this.decision = {
      tree: this.treeId, title: String(this.data.title ?? ""), path: this.answers.join(SEPARATOR),
      answers: history.map(([nodeId, answer]) => {
        const node = this.node(nodeId);
        const option = (node.options ?? []).find((o) => o.answer === answer);
        return { question: plain(node.question), answer: option ? plain(option.label) : answer };
      }),
      outcome: plain(view.outcome), record, url: link.href,
    };
    return { section, focus: title, announce: `Outcome: ${plain(view.outcome)}` };
  }

  async copy(button) {
    const kind = button.dataset.handbookCopy;
    const text = this.texts?.[kind] ?? "";
    try {
      await navigator.clipboard.writeText(text);
      this.announce("Copied to the clipboard.");
      button.setAttribute("data-handbook-copied", "");
      const label = button.textContent;
      button.textContent = "Copied";
      setTimeout(() => { button.textContent = label; }, 2000);
    } catch {
      // No clipboard (permissions, insecure context): let the person copy by hand.
      let box = this.body.querySelector(".handbook-copy-fallback");
      if (!box) {
        box = el("textarea", { class: "handbook-copy-fallback", readOnly: true, rows: 8, "aria-label": "Text to copy" });
        button.parentElement.after(box);
      }
      box.value = text;
      box.focus();
      box.select();
      this.announce("Copying was blocked; the text is selected in the box below, ready to copy.");
    }
  }

  announce(text) {
    this.live.textContent = "";
    requestAnimationFrame(() => { this.live.textContent = text; });
  }
}
