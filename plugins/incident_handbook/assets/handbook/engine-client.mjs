// Main-thread access to the handbook's decision engine, which runs in a module
// worker (engine-worker.mjs) so booting Python never blocks the page.
//
//   import { getEngine } from "./engine-client.mjs";
//   const engine = getEngine();             // one worker per page, made on first call
//   engine.onStatus((status, engine) => …); // now, on every change of engine.status ("loading" |
//                                           // "ready" | "failed"), and on every step of progress
//   engine.message                          // why it failed, for people; "" unless "failed"
//   engine.progress                         // {loaded, total, phase}: bytes of the files a cold boot
//                                           // downloads (total 0 until known); phase "download", or
//                                           // "start" once Python is starting
//   await engine.ready;                     // rejects if the engine fails
//   const answer = await engine.call({ … }); // plain object in, plain object out (JSON strings between)
//
// If the worker cannot be created, the runtime fails to boot, or the boot
// STALLS (no byte downloaded and no step of the boot for stallTimeoutMs), the
// status becomes "failed" with a message for people, and every call() rejects
// quickly: the widgets can then fall back to the static content. A slow link
// is not a stall: on a phone's slow 4G the first visit downloads for many
// seconds, and as long as bytes arrive the engine is waited for.

import { t } from "./words.mjs";

const WORKER_URL = new URL("./engine-worker.mjs", import.meta.url);
// Long enough for a slow phone to run Python's start-up (no messages can
// come while it runs), short enough that a dead download is reported.
const DEFAULT_STALL_TIMEOUT_MS = 30000;
// A request that takes longer means Python is stuck in a loop.
const CALL_TIMEOUT_MS = 10000;

let engine = null;

/** Error raised by `Engine.call()` and by a rejected `Engine.ready`. */
class EngineError extends Error {
  name = "EngineError";
}

class Engine {
  status = "loading";
  message = "";
  progress = { loaded: 0, total: 0, phase: "download" };
  #worker = null;
  #listeners = new Set();
  #pending = new Map();
  #nextId = 1;
  #stallTimer = null;
  #stallTimeoutMs;
  #settleReady;

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
      event.preventDefault();
      this.#fail(event.message ? t("engine.not_loaded_because", { reason: event.message }) : t("engine.not_loaded"));
    });
    this.#watchForStall();
  }

  // Called at start and on every sign of progress: give up only when nothing
  // has moved for stallTimeoutMs, however long the whole boot takes.
  #watchForStall() {
    clearTimeout(this.#stallTimer);
    const seconds = Math.round(this.#stallTimeoutMs / 1000);
    this.#stallTimer = setTimeout(() => this.#fail(t("engine.stalled", { seconds })), this.#stallTimeoutMs);
  }

  /** Call `listener(status, engine)` now and on every status change; returns a function that stops the calls. */
  onStatus(listener) {
    this.#listeners.add(listener);
    this.#notify([listener]);
    return () => this.#listeners.delete(listener);
  }

  /** Send a request object to `incident_engine.browser.handle`; resolves with its response object. */
  async call(request) {
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
    if (this.status === "failed") return;
    if (data.type === "progress") {
      if (this.status !== "loading") return; // a download's copy counted after the boot
      this.progress = { loaded: data.loaded, total: data.total, phase: data.phase };
      this.#watchForStall();
      this.#notify();
    } else if (data.type === "ready") {
      clearTimeout(this.#stallTimer);
      this.status = "ready";
      this.#settleReady.resolve(this);
      this.#notify();
    } else if (data.type === "failed") {
      this.#fail(t(data.word, data.values));
    } else {
      const { resolve, reject, timer } = this.#pending.get(data.id);
      this.#pending.delete(data.id);
      clearTimeout(timer);
      if ("error" in data) reject(new EngineError(data.error));
      else resolve(JSON.parse(data.response));
    }
  }

  #fail(message) {
    if (this.status === "failed") return;
    clearTimeout(this.#stallTimer);
    this.status = "failed";
    this.message = message;
    this.#worker?.terminate();
    this.#settleReady.reject(new EngineError(message));
    for (const { reject, timer } of this.#pending.values()) {
      clearTimeout(timer);
      reject(new EngineError(message));
    }
    this.#pending.clear();
    this.#notify();
  }

  #notify(listeners = this.#listeners) {
    for (const listener of listeners) {
      try {
        listener(this.status, this);
      } catch (error) {
        console.error("[handbook engine] status listener failed", error);
      }
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
