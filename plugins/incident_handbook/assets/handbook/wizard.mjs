// Decision wizards: the first question is already in the page; this module
// makes it interactive and asks the decision engine (Python, in a Pyodide
// worker) where each answer leads.
//
// Everything the wizard shows is rendered at build time, by Python, into the
// widget's <template> elements; this module clones them and adds only what
// depends on the walk: the step number, the trail, the decision record.
// Nothing from the URL or the engine is ever inserted as HTML.
// An answer given before the engine is ready is kept and applied when it is.
// The answers live in the URL (?<tree-id>=yes.no) so a decision can be shared.

import { copyOrShow, el, showWizardFailed } from "./dom.mjs";
import { t } from "./words.mjs";

const ANSWERS_PATTERN = /^(?:[a-z0-9]+(?:-[a-z0-9]+)*(?:\.[a-z0-9]+(?:-[a-z0-9]+)*)*)?$/;
const SEPARATOR = "."; // URLSearchParams leaves "." as it is, so links stay readable
const MAX_URL_STATE = 400;

// The page's one engine, started by engine-boot.mjs (loaded from the head of
// every page with a wizard; imported here too, for a wizard that arrives by
// instant navigation). Only pages with a wizard pay for it (and so for Pyodide).
const booting = () => import("./engine-boot.mjs").then(({ engine }) => engine);

/** Resolves once the page's engine is ready or has failed; at once if `root` has no wizard. */
export function settled(root) {
  if (!root.querySelector(".handbook-wizard")) return Promise.resolve();
  return booting()
    .then((engine) => engine.ready)
    .catch(() => {}); // the wizard reports a failure where the person can see it
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

/** An element's words in one line, without its step ("Question 2", "Outcome"). */
function words(node) {
  return [...node.childNodes].filter((n) => !n.classList?.contains("handbook-step"))
    .map((n) => n.textContent).join("").replace(/\s+/g, " ").trim();
}

function utcNow() {
  const iso = new Date().toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;
}

// <handbook-wizard>: the browser connects it (page load or instant
// navigation) and disconnects it when Material swaps the page out. The first
// connection makes it interactive; each connection follows the engine's
// status, and a disconnection lets go of it. The element is defined by this
// module, which runs after the page is parsed (a module script from the
// page, or an import after instant navigation), so its children are there.
class WizardElement extends HTMLElement {
  connectedCallback() {
    if (!this.started) {
      const start = performance.now();
      this.start();
      // The benchmark reads this (as handbook.mjs's): the main-thread time the widget costs a page.
      performance.measure("handbook:enhance", { start, end: performance.now() });
    }
    const connection = (this.connection = {});
    booting()
      .then((engine) => {
        this.engine = engine;
        if (this.connection !== connection) return; // disconnected meanwhile
        this.stop = engine.onStatus((status, current) => this.onEngineStatus(status, current));
      })
      .catch((error) => {
        if (this.connection === connection) showWizardFailed(this, error.message);
      });
  }

  disconnectedCallback() {
    this.connection = null;
    this.stop?.();
    this.stop = null;
  }

  /** Once: find the parts, listen for clicks, read the URL, show the widget. */
  start() {
    this.started = true;
    this.treeId = this.dataset.handbookWizard;
    this.body = this.querySelector(".handbook-wizard-body");
    this.state = this.querySelector(".handbook-wizard-state");
    this.live = this.querySelector(".handbook-wizard-live");
    this.answers = [];
    this.queued = null; // an answer given before the engine was ready
    this.hidden = false;
    this.addEventListener("click", (event) => this.onClick(event));
    performance.mark(`handbook:wizard-interactive:${this.treeId}`);
    this.readUrl();
  }

  readUrl() {
    const raw = new URLSearchParams(location.search).get(this.treeId);
    if (raw === null) return;
    const parsed = parseUrlAnswers(raw);
    if (!parsed.ok) {
      this.refuseUrl(t("wizard.link_unreadable"));
      return;
    }
    this.answers = parsed.answers;
    this.fromUrl = this.answers.length > 0;
    if (this.fromUrl) this.notice(t("wizard.opening_link"));
  }

  refuseUrl(reason) {
    this.answers = [];
    this.fromUrl = false;
    this.writeUrl();
    this.prepend(el("p", { class: "handbook-wizard-notice", role: "alert", "data-handbook-refused": "" },
      t("wizard.link_refused", { reason })));
  }

  notice(text) {
    this.state.querySelector(".handbook-wizard-note").textContent = text && ` ${text}`;
  }

  // The status line under the wizard: loading, how much is downloaded (a bar
  // and a percentage), starting, ready. Not a live region: a screen reader
  // would read every percent; what matters (the next question) is announced.
  setEngineState(status, text, progress = null) {
    this.state.dataset.handbookEngine = status;
    this.state.querySelector(".handbook-engine-status").textContent = text;
    const bar = this.state.querySelector("progress");
    if (!progress) bar?.remove();
    else Object.assign(bar ?? this.state.insertBefore(this.clone("progress", true), this.state.firstChild),
      { max: progress.total, value: progress.loaded });
  }

  onEngineStatus(status, engine) {
    if (status !== "loading" && status === this.seen) return; // a re-connection: shown already
    this.seen = status;
    const { loaded, total, phase } = engine.progress;
    if (status === "failed") showWizardFailed(this, engine.message);
    else if (status === "ready") this.engineReady();
    else if (phase === "start") this.setEngineState("loading", t("wizard.engine_starting"));
    else if (total > 0) {
      const percent = Math.floor((100 * loaded) / total);
      this.setEngineState("loading", t("wizard.engine_downloading", { percent }), engine.progress);
    }
  }

  engineReady() {
    this.setEngineState("ready", t("wizard.engine_ready"));
    performance.mark(`handbook:engine-ready:${this.treeId}`);
    this.notice("");
    if (this.queued !== null) this.ask({ op: "answer", answer: this.queued }, { focus: true });
    else if (this.answers.length) this.ask({ op: "walk" }, { focus: false });
    this.queued = null;
  }

  onClick(event) {
    const button = event.target.closest("button");
    if (!button || button.disabled) return;
    const answer = button.dataset.handbookAnswer;
    const action = button.dataset.handbookAction;
    if (answer !== undefined) this.answer(answer, button);
    else if (action === "back" || action === "restart") this.ask({ op: action }, { focus: true });
    else if (action === "copy") this.copy(button);
  }

  answer(answer, button) {
    if (this.engine?.status === "ready") {
      this.ask({ op: "answer", answer }, { focus: true });
      return;
    }
    // Not ready yet: keep the answer (the last one clicked wins) and say so.
    this.queued = answer;
    for (const other of this.body.querySelectorAll("button[data-handbook-answer]")) {
      other.setAttribute("aria-pressed", other === button ? "true" : "false");
    }
    this.notice(t("wizard.answer_noted"));
    this.announce(t("wizard.answer_noted_said"));
  }

  // The engine does the walking (start, answer, back, restart) on the tree
  // it set up once; the page holds only the answers, which live in the URL.
  async ask(request, { focus }) {
    let response;
    try {
      response = await this.engine.call({ tree: this.treeId, answers: this.answers, when: utcNow(), ...request });
    } catch (error) {
      showWizardFailed(this, error.message);
      return;
    }
    if (!response.ok) {
      if (this.fromUrl) {
        this.refuseUrl(t("wizard.link_misfit", { why: response.error }));
        this.ask({ op: "start" }, { focus: false });
      } else {
        this.answers = [];
        this.announce(t("wizard.answer_refused_said"));
        this.ask({ op: "start" }, { focus: true });
      }
      return;
    }
    this.fromUrl = false;
    this.answers = response.answers;
    this.writeUrl();
    this.render(response, focus);
  }

  writeUrl() {
    const url = new URL(location.href);
    if (this.answers.length) url.searchParams.set(this.treeId, this.answers.join(SEPARATOR));
    else url.searchParams.delete(this.treeId);
    history.replaceState(history.state, "", url);
  }

  /** A clone of the page's template for a node id, or for a part ("trail", "controls", "progress"). */
  clone(key, part = false) {
    const template = this.querySelector(`template[data-handbook-${part ? "part" : "node"}="${CSS.escape(key)}"]`);
    return template.content.firstElementChild.cloneNode(true);
  }

  render(response, focus) {
    const parts = [];
    const { history } = response;
    if (history.length) parts.push(this.renderTrail(history));
    const target = response.done ? this.renderOutcome(response, history)
      : this.renderQuestion(response.node, history.length + 1);
    parts.push(target.section);
    if (history.length) parts.push(this.clone("controls", true));
    this.body.replaceChildren(...parts);
    // "Question 2: Are customers affected?", "Outcome: …": the step, then the words after it.
    this.announce(`${target.focus.querySelector(".handbook-step").textContent}: ${words(target.focus)}`);
    if (focus) target.focus.focus();
  }

  /** Each answer of the walk as cloned from the templates: its question's text and the option chosen. */
  steps(history) {
    return history.map(([nodeId, answer]) => {
      const question = this.clone(nodeId);
      const option = question.querySelector(`button[data-handbook-answer="${CSS.escape(answer)}"]`);
      return { question: question.querySelector(".handbook-question-text"), option, answer };
    });
  }

  renderTrail(history) {
    const trail = this.clone("trail", true);
    const list = trail.querySelector("ol");
    for (const { question, option, answer } of this.steps(history)) {
      const item = this.clone("trail-item", true);
      item.querySelector(".handbook-trail-question").append(...question.childNodes);
      item.querySelector("strong").append(...(option ? option.childNodes : [answer]));
      list.append(item);
    }
    return trail;
  }

  renderQuestion(nodeId, number) {
    const section = this.clone(nodeId);
    const legend = section.querySelector("legend");
    legend.querySelector(".handbook-step").append(` ${number}`);
    return { section, focus: legend };
  }

  renderOutcome(response, history) {
    const section = this.clone(response.node);
    const { record } = response;
    const link = new URL(location.href); // with the answers (writeUrl), without the fragment
    link.hash = "";
    const recordText = `${record}\n\n${t("wizard.record_link", { url: link.href })}`;
    section.querySelector('[data-handbook-text="record"]').textContent = recordText;
    const message = section.querySelector('[data-handbook-text="message"]');
    this.texts = { record: recordText, message: message?.textContent ?? "", link: link.href };
    const focus = section.querySelector(".handbook-result-title");
    // For the incident record (incident-decisions.mjs), when the reader records the decision:
    // the same words as the page shows, read from the templates the page was built with.
    this.decision = {
      tree: this.treeId, title: this.dataset.handbookTitle ?? "", path: this.answers.join(SEPARATOR),
      answers: this.steps(history).map(({ question, option, answer }) =>
        ({ question: words(question), answer: option ? words(option) : answer })),
      outcome: words(focus), record,
    };
    return { section, focus };
  }

  async copy(button) {
    const text = this.texts[button.dataset.handbookCopy];
    if (await copyOrShow(text, this.body.querySelector('[data-handbook-part="copy-box"]'))) {
      this.announce(t("wizard.copied_said"));
      button.setAttribute("data-handbook-copied", "");
      const label = button.textContent;
      button.textContent = t("wizard.copied");
      setTimeout(() => { button.textContent = label; }, 2000);
    } else {
      this.announce(t("wizard.copy_blocked"));  // the text is selected, to copy by hand
    }
  }

  announce(text) {
    this.live.textContent = "";
    requestAnimationFrame(() => { this.live.textContent = text; });
  }
}

if (!customElements.get("handbook-wizard")) customElements.define("handbook-wizard", WizardElement);
