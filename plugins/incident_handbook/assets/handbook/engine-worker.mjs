// Module worker that runs the handbook's decision engine under Pyodide.
//
// Created by engine-client.mjs as `new Worker(url, { type: "module" })`
// (Pyodide 314 refuses classic workers). Every URL is resolved from this
// file's own URL, so the site works under any sub-path. The one name fixed
// here is ./pyodide/runtime.json, written by the build
// (plugins/incident_handbook/pyodide_runtime.py); it names everything else:
//
//   {pyodide: version, loader: "pyodide.mjs", glue: "pyodide.asm.mjs",
//    stdlib: "python_stdlib.pyc.zip", snapshot: name|null,
//    lock: {info, packages: {}},          Pyodide's lock file, without packages
//    engine: {archive, mount, module,     archive and trees relative to runtime.json
//             trees},
//    download: {path: bytes, ...}}        what a cold boot fetches, for progress
//
// At boot the worker sets up every tree of the site once (module.new_session
// with the trees' JSON); requests then name a tree by its id.
//
// Protocol (strings only cross the boundary; no PyProxy leaves this worker):
//   worker → page  {type: "progress", loaded, total, phase}
//                  bytes of the cold-boot files received so far (decoded),
//                  phase "download", then "start" once Python is starting
//   worker → page  {type: "ready"}                boot finished
//   worker → page  {type: "failed", message}      boot failed; message is for people
//   page → worker  {id, request}                  request: a JSON string
//   worker → page  {id, response}                 response: the JSON string handle() returned
//   worker → page  {id, error}                    handle() raised, or the engine is not running

const RUNTIME_URL = new URL("./pyodide/", import.meta.url);
const MANIFEST_URL = new URL("runtime.json", RUNTIME_URL);
const PROGRESS_EVERY_MS = 100;

// A failure with a sentence a reader can act on, and the technical cause
// for the console. A worker has no page to read the interface's words from:
// it names the key of its sentence (plugins/incident_engine/words.py) and the
// values, and the page says it in its words (engine-client.mjs); the English
// here is only for a page without them.
class BootError extends Error {
  constructor(word, values, message, cause) {
    super(message);
    this.name = "BootError";
    this.word = word;
    this.values = values;
    this.cause = cause;
  }
}

function lastLine(error) {
  // Python tracebacks end with "ValueError: reason"; Pyodide sometimes appends
  // a hint about setDebug() that says nothing to a reader.
  const text = String(error?.message ?? error ?? "");
  const lines = text
    .split("\n")
    .map((line) => line.trim())
    .filter((line) => line !== "" && !line.startsWith("For more information about the cause"));
  return lines.length ? lines[lines.length - 1] : "unknown error";
}

// Progress of the download, from the streamed bodies: every response of a
// file runtime.json lists is cloned and its copy read as it arrives, so the
// runtime keeps the original (streaming compile of the wasm, its code cache).
const progress = { expected: new Map(), received: new Map(), total: 0, phase: "download", sentAt: 0 };

function postProgress(force = false) {
  const now = performance.now();
  if (!force && now - progress.sentAt < PROGRESS_EVERY_MS) return;
  progress.sentAt = now;
  let loaded = 0;
  for (const bytes of progress.received.values()) loaded += bytes;
  self.postMessage({ type: "progress", loaded: Math.min(loaded, progress.total), total: progress.total, phase: progress.phase });
}

function received(href, bytes, done) {
  const size = progress.expected.get(href);
  if (size === undefined) return;
  progress.received.set(href, done ? size : Math.min(size, bytes));
  if (done && [...progress.expected].every(([url, all]) => progress.received.get(url) === all)) starting();
  else postProgress(done);
}

async function count(response, href) {
  let bytes = 0;
  try {
    const reader = response.body.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      bytes += value.byteLength;
      received(href, bytes, false);
    }
    received(href, bytes, true);
  } catch {
    // The runtime sees the same failure on its own copy and reports it.
  }
}

function expect(manifest) {
  for (const [path, size] of Object.entries(manifest.download ?? {})) {
    const bytes = Number(size);
    if (!Number.isFinite(bytes) || bytes < 0) continue;
    progress.expected.set(new URL(path, MANIFEST_URL).href, bytes);
    progress.total += bytes;
  }
  const fetchForReal = self.fetch.bind(self);
  self.fetch = async (input, init) => {
    const response = await fetchForReal(input, init);
    const href = new URL(typeof input === "string" || input instanceof URL ? input : input.url, self.location.href).href;
    if (response.ok && response.body && progress.expected.has(href)) count(response.clone(), href);
    return response;
  };
  postProgress(true);
}

function starting() {
  // Every byte is here, or Python has started: the rest is CPU, not network.
  progress.phase = "start";
  postProgress(true);
}

async function importModule(url) {
  const module = await import(url.href);
  received(url.href, 0, true);
  return module;
}

const RUNTIME_MISSING = ["engine.runtime_missing", {},
  "The Python runtime is missing from this site or could not be downloaded."];

/**
 * The body of `url`, read `as` "json", "text" or "arrayBuffer"; else a BootError:
 * `failed` (the request or the body failed) or `refused(status)` (an HTTP error).
 */
async function download(url, as, failed, refused = () => failed) {
  let response;
  try {
    response = await fetch(url);
    if (response.ok) return await response[as]();
  } catch (error) {
    throw new BootError(...failed, error);
  }
  throw new BootError(...refused(response.status));
}

async function readManifest() {
  const manifest = await download(MANIFEST_URL, "json", RUNTIME_MISSING);
  const engine = manifest?.engine;
  const required = [manifest?.loader, manifest?.glue, manifest?.stdlib, engine?.archive, engine?.mount, engine?.module,
    engine?.trees];
  if (required.some((field) => typeof field !== "string")) {
    throw new BootError("engine.runtime_incomplete", {},
      "The Python runtime of this site is incomplete (its runtime.json is not readable).");
  }
  return manifest;
}

async function importRuntime(manifest) {
  // loadPyodide() imports the 1.25 MB Emscripten module only once it runs;
  // asking for it now overlaps its download and compile with the rest.
  importModule(new URL(manifest.glue, RUNTIME_URL)).catch(() => {});
  try {
    return await importModule(new URL(manifest.loader, RUNTIME_URL));
  } catch (error) {
    throw new BootError(...RUNTIME_MISSING, error);
  }
}

function fetchEngine(url, as) {
  return download(url, as, ["engine.download_failed", {}, "The decision engine could not be downloaded (network error)."],
    (status) => ["engine.missing", { status, path: url.pathname },
      `The decision engine is missing from this site (HTTP ${status} for ${url.pathname}).`]);
}

// The snapshot file drops Pyodide's all-zero pages; put them back.
// Format: see plugins/incident_handbook/node/make-snapshot.mjs.
function decodeSnapshot(buffer, runtimeVersion) {
  const bytes = new Uint8Array(buffer);
  const view = new DataView(buffer);
  const text = new TextDecoder();
  if (bytes.length < 20 || text.decode(bytes.subarray(0, 8)) !== "HBSNAP01") {
    throw new Error("not a handbook snapshot");
  }
  const total = view.getUint32(8, true);
  const runs = view.getUint32(12, true);
  const versionLength = view.getUint32(16, true);
  const version = text.decode(bytes.subarray(20, 20 + versionLength));
  if (version !== runtimeVersion) {
    throw new Error(`snapshot is for Pyodide ${version}, the runtime is ${runtimeVersion}`);
  }
  let entry = 20 + Math.ceil(versionLength / 4) * 4;
  let data = entry + runs * 8;
  const memory = new Uint8Array(total);
  for (let i = 0; i < runs; i++, entry += 8) {
    const offset = view.getUint32(entry, true);
    const length = view.getUint32(entry + 4, true);
    if (offset + length > total || data + length > bytes.length) throw new Error("snapshot is truncated");
    memory.set(bytes.subarray(data, data + length), offset);
    data += length;
  }
  return memory;
}

async function fetchSnapshot(url, runtimeVersion) {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`HTTP ${response.status} for ${url.pathname}`);
  return decodeSnapshot(await response.arrayBuffer(), runtimeVersion);
}

async function startPython(loadPyodide, manifest, stdlibUrl, extraOptions = {}) {
  const stderr = [];
  try {
    return await loadPyodide({
      indexURL: RUNTIME_URL.href,
      stdLibURL: stdlibUrl.href,
      // No packages are ever loaded: the lock file's header is enough, and
      // comes with runtime.json instead of as a 120 kB download.
      ...(manifest.lock ? { lockFileContents: manifest.lock } : {}),
      // Keep the console quiet; remember stderr so a failure can say why.
      stdout: () => {},
      stderr: (line) => stderr.push(line),
      ...extraOptions,
    });
  } catch (error) {
    const detail = stderr.length ? `${lastLine(error)} (${stderr.slice(-1)[0]})` : lastLine(error);
    throw new BootError("engine.runtime_failed", { detail }, `The Python runtime could not start: ${detail}`, error);
  }
}

// EXPERIMENTAL fast path: restore a memory snapshot made at build time.
// Only if runtime.json names one made for this very Pyodide version; any
// failure falls back to a normal boot, so a bad snapshot costs time, not the engine.
//
// Only on a return visit: the snapshot is 12 MB more to download, which on a
// slow network would cost a first visit more than it saves. The service
// worker keeps it with the rest of the site after the first visit; the boot
// uses it only when it is already there.
async function snapshotIsLocal(url) {
  try {
    return Boolean(self.caches && (await self.caches.match(url)));
  } catch {
    return false; // no Cache Storage here (opaque origin, private mode): boot normally
  }
}

async function startFromSnapshot(runtime, manifest, stdlibUrl) {
  if (!manifest.snapshot || manifest.pyodide !== runtime.version) return null;
  const url = new URL(manifest.snapshot, RUNTIME_URL);
  if (!(await snapshotIsLocal(url))) return null;
  const snapshot = fetchSnapshot(url, runtime.version);
  snapshot.catch(() => {});
  try {
    return await startPython(runtime.loadPyodide, manifest, stdlibUrl, { _loadSnapshot: snapshot });
  } catch (error) {
    console.warn("[handbook engine] snapshot not used; booting normally:", error?.cause ?? error);
    return null;
  }
}

async function boot() {
  const manifest = await readManifest();
  expect(manifest);
  const runtime = await importRuntime(manifest);
  const engine = manifest.engine;
  // Download the engine while the runtime boots.
  const engineBytes = fetchEngine(new URL(engine.archive, MANIFEST_URL), "arrayBuffer");
  const treesJson = fetchEngine(new URL(engine.trees, MANIFEST_URL), "text");
  // Awaited below; this only stops an early rejection being reported as unhandled.
  engineBytes.catch(() => {});
  treesJson.catch(() => {});
  const stdlibUrl = new URL(manifest.stdlib, RUNTIME_URL);
  const pyodide =
    (await startFromSnapshot(runtime, manifest, stdlibUrl)) ??
    (await startPython(runtime.loadPyodide, manifest, stdlibUrl));
  starting();
  const bytes = await engineBytes;
  const trees = await treesJson;
  try {
    // The archive holds the engine precompiled to .pyc: import it straight
    // from the zip (zipimport), with nothing to unpack or compile.
    pyodide.FS.writeFile(engine.mount, new Uint8Array(bytes));
    pyodide.runPython(`import sys; sys.path.insert(0, ${JSON.stringify(engine.mount)})`);
    // Set up the trees once. The one proxy kept: the session's handle().
    // Only strings go through it.
    const newSession = pyodide.pyimport(`${engine.module}.new_session`);
    let handle;
    try {
      handle = newSession(trees);
    } finally {
      newSession.destroy?.();
    }
    if (typeof handle !== "function") {
      handle?.destroy?.();
      throw new Error(`${engine.module}.new_session did not return a function`);
    }
    return handle;
  } catch (error) {
    const detail = lastLine(error);
    throw new BootError("engine.start_failed", { detail }, `The decision engine could not start: ${detail}`, error);
  }
}

function describe(error) {
  if (error instanceof BootError) return { word: error.word, values: error.values, message: error.message };
  const detail = lastLine(error);
  return { word: "engine.failed", values: { detail }, message: `The interactive engine could not start: ${detail}` };
}

const booted = boot().then(
  (handle) => {
    self.postMessage({ type: "ready" });
    return handle;
  },
  (error) => {
    console.error("[handbook engine]", error, error?.cause ?? "");
    self.postMessage({ type: "failed", ...describe(error) });
    return null;
  },
);

self.addEventListener("message", async (event) => {
  const { id, request } = event.data ?? {};
  if (id === undefined) return;
  const handle = await booted;
  if (handle === null) {
    self.postMessage({ id, error: "The engine is not running.", word: "engine.not_running" });
    return;
  }
  if (typeof request !== "string") {
    self.postMessage({ id, error: "request must be a JSON string" });
    return;
  }
  try {
    // str in, str out: Pyodide converts both without a proxy.
    const response = handle(request);
    self.postMessage({ id, response: String(response) });
  } catch (error) {
    console.error("[handbook engine]", error);
    self.postMessage({ id, error: lastLine(error) });
  }
});
