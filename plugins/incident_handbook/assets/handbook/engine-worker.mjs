// Module worker that runs the handbook's decision engine under Pyodide.
//
// Created by engine-client.mjs as `new Worker(url, { type: "module" })`
// (Pyodide 314 refuses classic workers). Every URL is resolved from this
// file's own URL, so the site works under any sub-path:
//
//   ./pyodide/pyodide.mjs               the runtime (copied from npm at build)
//   ./pyodide/runtime.json              {pyodide: version, stdlib: name, snapshot: name|null}
//   ./pyodide/python_stdlib.pyc.zip     stdlib precompiled to bytecode (faster boot)
//   ./pyodide/snapshot.hbsnap           optional memory snapshot (experimental)
//   ./engine/incident_engine.zip        the pure-Python engine package
//
// Protocol (strings only cross the boundary; no PyProxy leaves this worker):
//   worker → page  {type: "ready", ms}            boot finished, ms since worker start
//   worker → page  {type: "failed", message}      boot failed; message is for people
//   page → worker  {id, request}                  request: a JSON string
//   worker → page  {id, response}                 response: the JSON string handle() returned
//   worker → page  {id, error}                    handle() raised, or the engine is not running

const RUNTIME_URL = new URL("./pyodide/", import.meta.url);
const MANIFEST_URL = new URL("./pyodide/runtime.json", import.meta.url);
// Used when runtime.json cannot be read.
const DEFAULT_MANIFEST = { pyodide: null, stdlib: "python_stdlib.pyc.zip", snapshot: null };
const ENGINE_URL = new URL("./engine/incident_engine.zip", import.meta.url);
const ENGINE_MODULE = "incident_engine.browser";
const ENGINE_MOUNT = "/lib/handbook_engine.zip"; // ENGINE_MOUNT in pyodide_runtime.py

// A failure with a sentence a reader can act on, and the technical cause
// for the console.
class BootError extends Error {
  constructor(message, cause) {
    super(message);
    this.name = "BootError";
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

async function importRuntime() {
  // loadPyodide() imports the 1.25 MB Emscripten module only once it runs;
  // asking for it now overlaps its download and compile with the rest.
  import(new URL("pyodide.asm.mjs", RUNTIME_URL).href).catch(() => {});
  try {
    return await import(new URL("pyodide.mjs", RUNTIME_URL).href);
  } catch (error) {
    throw new BootError(
      "The Python runtime is missing from this site or could not be downloaded.",
      error,
    );
  }
}

async function readManifest() {
  try {
    const response = await fetch(MANIFEST_URL);
    if (response.ok) return { ...DEFAULT_MANIFEST, ...(await response.json()) };
  } catch (error) {
    console.warn("[handbook engine] runtime.json unreadable; using defaults", error);
  }
  return DEFAULT_MANIFEST;
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

async function startPython(loadPyodide, stdlibUrl, extraOptions = {}) {
  const stderr = [];
  try {
    const pyodide = await loadPyodide({
      indexURL: RUNTIME_URL.href,
      stdLibURL: stdlibUrl.href,
      // Keep the console quiet; remember stderr so a failure can say why.
      stdout: () => {},
      stderr: (line) => stderr.push(line),
      ...extraOptions,
    });
    return pyodide;
  } catch (error) {
    const detail = stderr.length ? `${lastLine(error)} (${stderr.slice(-1)[0]})` : lastLine(error);
    throw new BootError(`The Python runtime could not start: ${detail}`, error);
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
    return await startPython(runtime.loadPyodide, stdlibUrl, { _loadSnapshot: snapshot });
  } catch (error) {
    console.warn("[handbook engine] snapshot not used; booting normally:", error?.cause ?? error);
    return null;
  }
}

async function fetchEngine() {
  let response;
  try {
    response = await fetch(ENGINE_URL);
  } catch (error) {
    throw new BootError("The decision engine could not be downloaded (network error).", error);
  }
  if (!response.ok) {
    throw new BootError(
      `The decision engine is missing from this site (HTTP ${response.status} for ${ENGINE_URL.pathname}).`,
    );
  }
  return response.arrayBuffer();
}

async function boot() {
  const [runtime, manifest] = await Promise.all([importRuntime(), readManifest()]);
  // Download the engine while the runtime boots.
  const engineBytes = fetchEngine();
  // Awaited below; this only stops an early rejection being reported as unhandled.
  engineBytes.catch(() => {});
  const stdlibUrl = new URL(manifest.stdlib, RUNTIME_URL);
  const pyodide =
    (await startFromSnapshot(runtime, manifest, stdlibUrl)) ??
    (await startPython(runtime.loadPyodide, stdlibUrl));
  const bytes = await engineBytes;
  try {
    // The archive holds the engine precompiled to .pyc: import it straight
    // from the zip (zipimport), with nothing to unpack or compile.
    pyodide.FS.writeFile(ENGINE_MOUNT, new Uint8Array(bytes));
    pyodide.runPython(`import sys; sys.path.insert(0, ${JSON.stringify(ENGINE_MOUNT)})`);
    // The one proxy kept: the function itself. Only strings go through it.
    const handle = pyodide.pyimport(`${ENGINE_MODULE}.handle`);
    if (typeof handle !== "function") {
      handle?.destroy?.();
      throw new Error(`${ENGINE_MODULE}.handle is not a function`);
    }
    return handle;
  } catch (error) {
    throw new BootError(`The decision engine could not start: ${lastLine(error)}`, error);
  }
}

function describe(error) {
  if (error instanceof BootError) return error.message;
  return `The interactive engine could not start: ${lastLine(error)}`;
}

const booted = boot().then(
  (handle) => {
    self.postMessage({ type: "ready", ms: Math.round(performance.now()) });
    return handle;
  },
  (error) => {
    console.error("[handbook engine]", error, error?.cause ?? "");
    self.postMessage({ type: "failed", message: describe(error) });
    return null;
  },
);

self.addEventListener("message", async (event) => {
  const { id, request } = event.data ?? {};
  if (id === undefined) return;
  const handle = await booted;
  if (handle === null) {
    self.postMessage({ id, error: "The engine is not running." });
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
