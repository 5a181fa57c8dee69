// Main-thread access to the handbook's decision engine.
//
//   import { getEngine } from "./engine-client.mjs";
//   const engine = getEngine();            // one worker per page, made on first call
//   engine.onStatus((status, engine) => …); // "loading" | "ready" | "failed",
//                                           // and again on every step of progress
//   engine.progress                          // {loaded, total, phase} while loading
//   const answer = await engine.call({ … }); // plain object in, plain object out
//
// The engine runs in a module worker (engine-worker.mjs) so booting Python
// never blocks the page. Requests and responses cross the boundary as JSON
// strings. If the worker cannot be created, the runtime fails to boot, or
// the boot STALLS (no byte downloaded and no step of the boot for
// stallTimeoutMs), the status becomes "failed" with a message for people,
// and every call() rejects quickly: the widgets can then fall back to the
// static content. A slow link is not a stall: on a phone's slow 4G the first
// visit downloads for many seconds, and as long as bytes arrive the engine
// is waited for.

import { has, t } from "./words.mjs";

/** The worker's sentence in the page's words when it has them (the worker names the key), else as sent. */
function said(data, fallback) {
  if (typeof data.word === "string" && has(data.word)) {
    return t(data.word, data.values && typeof data.values === "object" ? data.values : {});
  }
  return String(data.message || data.error || fallback);
}

const WORKER_URL = new URL("./engine-worker.mjs", import.meta.url);
// Long enough for a slow phone to run Python's start-up (no messages can
// come while it runs), short enough that a dead download is reported.
const DEFAULT_STALL_TIMEOUT_MS = 30000;
// A request that takes longer means Python is stuck in a loop.
const CALL_TIMEOUT_MS = 10000;

let engine = null;

/** Error raised by `Engine.call()` and by a rejected `Engine.ready`. */
class EngineError extends Error {
  constructor(message) {
    super(message);
    this.name = "EngineError";
  }
}

class Engine {
  #worker = null;
  #status = "loading";
  #message = "";
  #listeners = new Set();
  #pending = new Map();
  #nextId = 1;
  #stallTimer = null;
  #stallTimeoutMs;
  #settleReady;
  #progress = { loaded: 0, total: 0, phase: "download" };

  constructor(stallTimeoutMs) {
    this.#stallTimeoutMs = stallTimeoutMs;
    this.ready = new Promise((resolve, reject) => {
      this.#settleReady = { resolve, reject };
    });
    // Pages that only watch onStatus should not log an unhandled rejection.
    this.ready.catch(() => {});

    try {
      this.#worker = new Worker(WORKER_URL, { type: "module", name: "handbook-engine" });
    } catch (error) {
      this.#fail(t("engine.no_start", { error: error?.message ?? error }));
      return;
    }
    this.#worker.addEventListener("message", (event) => this.#receive(event.data));
    // Fires when the worker script itself cannot load or throws at top level.
    this.#worker.addEventListener("error", (event) => {
      event.preventDefault?.();
      this.#fail(event.message ? t("engine.not_loaded_because", { reason: event.message }) : t("engine.not_loaded"));
    });
    this.#watchForStall();
  }

  // Called at start and on every sign of progress: give up only when nothing
  // has moved for stallTimeoutMs, however long the whole boot takes.
  #watchForStall() {
    clearTimeout(this.#stallTimer);
    this.#stallTimer = setTimeout(() => {
      const seconds = Math.round(this.#stallTimeoutMs / 1000);
      this.#fail(t("engine.stalled", { seconds }));
    }, this.#stallTimeoutMs);
  }

  /** "loading", "ready" or "failed". */
  get status() {
    return this.#status;
  }

  /** Why the engine failed, for people; "" unless status is "failed". */
  get message() {
    return this.#message;
  }

  /**
   * How far the boot is: {loaded, total} bytes of the files a cold boot
   * downloads (as the browser decodes them), and phase "download" or "start"
   * (everything is here; Python is starting). total is 0 until known.
   */
  get progress() {
    return { ...this.#progress };
  }

  /**
   * Call `listener(status, engine)` now and on every status change.
   * Returns a function that stops the calls.
   */
  onStatus(listener) {
    this.#listeners.add(listener);
    this.#notify(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Send a request object to `incident_engine.browser.handle`; resolves with its response object. */
  async call(request) {
    if (this.#status === "failed") throw new EngineError(this.#message);
    const payload = JSON.stringify(request);
    await this.ready;
    return new Promise((resolve, reject) => {
      const id = this.#nextId++;
      // A stuck worker can run nothing else: give up on the engine.
      const timer = setTimeout(() => this.#fail(t("engine.no_answer", { seconds: CALL_TIMEOUT_MS / 1000 })),
        CALL_TIMEOUT_MS);
      this.#pending.set(id, { resolve, reject, timer });
      this.#worker.postMessage({ id, request: payload });
    });
  }

  #receive(data) {
    if (data == null || this.#status === "failed") return;
    if (data.type === "progress") {
      if (this.#status !== "loading") return;
      this.#progress = {
        loaded: Number(data.loaded) || 0,
        total: Number(data.total) || 0,
        phase: data.phase === "start" ? "start" : "download",
      };
      this.#watchForStall();
      this.#listeners.forEach((listener) => this.#notify(listener));
      return;
    }
    if (data.type === "ready") {
      clearTimeout(this.#stallTimer);
      this.#status = "ready";
      this.#settleReady.resolve(this);
      this.#listeners.forEach((listener) => this.#notify(listener));
      return;
    }
    if (data.type === "failed") {
      this.#fail(said(data, t("engine.could_not_start")));
      return;
    }
    const pending = this.#pending.get(data.id);
    if (!pending) return;
    this.#pending.delete(data.id);
    clearTimeout(pending.timer);
    if (typeof data.error === "string") {
      pending.reject(new EngineError(said(data, data.error)));
      return;
    }
    try {
      pending.resolve(JSON.parse(data.response));
    } catch (error) {
      pending.reject(new EngineError(t("engine.unreadable", { error: error.message })));
    }
  }

  #fail(message) {
    if (this.#status === "failed") return;
    clearTimeout(this.#stallTimer);
    this.#status = "failed";
    this.#message = message;
    this.#worker?.terminate();
    this.#settleReady.reject(new EngineError(message));
    for (const { reject, timer } of this.#pending.values()) {
      clearTimeout(timer);
      reject(new EngineError(message));
    }
    this.#pending.clear();
    this.#listeners.forEach((listener) => this.#notify(listener));
  }

  #notify(listener) {
    try {
      listener(this.#status, this);
    } catch (error) {
      console.error("[handbook engine] status listener failed", error);
    }
  }
}

/**
 * The page's one engine, created (and its worker started) on the first call;
 * only that call's `stallTimeoutMs` counts: give up if the boot makes no
 * progress for this long.
 */
export function getEngine({ stallTimeoutMs = DEFAULT_STALL_TIMEOUT_MS } = {}) {
  engine ??= new Engine(stallTimeoutMs);
  return engine;
}
