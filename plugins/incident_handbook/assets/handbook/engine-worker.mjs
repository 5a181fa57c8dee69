// Module worker that runs the handbook's decision engine under Pyodide.
//
// Created by engine-client.mjs as a module worker (Pyodide 314 refuses classic
// workers). Every URL is resolved from this file's own URL, so the site works
// under any sub-path. The one name fixed here is ./pyodide/runtime.json, written
// by the build (copy_runtime() in plugins/incident_handbook/pyodide_runtime.py):
// it names everything else, and lists the bytes of every file a cold boot
// downloads. At boot the worker sets up every tree of the site once
// (module.new_session with the trees' JSON); requests then name a tree by its id.
//
// Protocol (strings only cross the boundary; no PyProxy leaves this worker):
//   worker → page  {type: "progress", loaded, total, phase}
//                  bytes of the cold-boot files received so far (decoded),
//                  phase "download", then "start" once Python is starting
//   worker → page  {type: "ready"}                 boot finished
//   worker → page  {type: "failed", word, values}  boot failed: a worker has no page to read the
//                                                  interface's words from, so it names the key of its
//                                                  sentence (words.py) and the page says it
//   page → worker  {id, request}                   once ready; request: a JSON string
//   worker → page  {id, response} or {id, error}   the JSON string handle() returned, or why it raised

const RUNTIME_URL = new URL("./pyodide/", import.meta.url);
const MANIFEST_URL = new URL("runtime.json", RUNTIME_URL);
const PROGRESS_EVERY_MS = 100;

/** A failure with a sentence a reader can act on (its key and values) and the technical cause for the console. */
function bootError(word, values = {}, cause = undefined) {
  return Object.assign(new Error(word, { cause }), { word, values });
}

/** The line that says why: Python's tracebacks end with "ValueError: reason"; Pyodide may add a hint after it. */
function lastLine(error) {
  const lines = String(error?.message ?? error).split("\n").map((line) => line.trim())
    .filter((line) => line && !line.startsWith("For more information about the cause"));
  return lines.at(-1) ?? "unknown error";
}

// Progress of the download, from the streamed bodies: every response of a
// file runtime.json lists is cloned and its copy read as it arrives, so the
// runtime keeps the original (streaming compile of the wasm, its code cache).
const expected = new Map(); // href → its bytes
const received = new Map(); // href → its bytes so far (Infinity once it is all here)
let phase = "download";
let sentAt = 0;

function report(force = false) {
  if (!force && performance.now() - sentAt < PROGRESS_EVERY_MS) return;
  sentAt = performance.now();
  let loaded = 0;
  let total = 0;
  for (const [href, bytes] of expected) {
    total += bytes;
    loaded += Math.min(bytes, received.get(href) ?? 0);
  }
  // Every byte is here: the rest is CPU, not network.
  if (loaded === total) phase = "start";
  self.postMessage({ type: "progress", loaded, total, phase });
}

function arrived(href) {
  received.set(href, Infinity);
  report(true);
}

async function count(response, href) {
  const reader = response.body.getReader();
  let bytes = 0;
  for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) {
    received.set(href, (bytes += chunk.value.byteLength));
    report();
  }
  arrived(href);
}

function countDownloads(manifest) {
  for (const [path, bytes] of Object.entries(manifest.download)) expected.set(new URL(path, MANIFEST_URL).href, bytes);
  const fetchForReal = self.fetch.bind(self);
  self.fetch = async (input, init) => {
    const response = await fetchForReal(input, init);
    const href = new URL(input.url ?? input, self.location.href).href;
    // A failure of the copy is one of the original too, which the runtime reports.
    if (response.ok && expected.has(href)) count(response.clone(), href).catch(() => {});
    return response;
  };
  report(true);
}

async function importModule(path) {
  const url = new URL(path, RUNTIME_URL).href;
  const module = await import(url);
  arrived(url);
  return module;
}

/** The body of `url` read `as` "json", "text" or "arrayBuffer"; else a bootError: `failed`, or `refused` (HTTP). */
async function download(url, as, failed, refused = failed) {
  let response;
  try {
    response = await fetch(url);
    if (response.ok) return await response[as]();
  } catch (error) {
    throw bootError(failed, {}, error);
  }
  throw bootError(refused, { status: response.status, path: url.pathname });
}

// The snapshot file drops Pyodide's all-zero pages; put them back.
// Format: see plugins/incident_handbook/node/make-snapshot.mjs.
function decodeSnapshot(buffer, runtimeVersion) {
  const bytes = new Uint8Array(buffer);
  const view = new DataView(buffer);
  const text = (from, to) => new TextDecoder().decode(bytes.subarray(from, to));
  if (text(0, 8) !== "HBSNAP01") throw new Error("not a handbook snapshot");
  const [total, runs, versionLength] = [8, 12, 16].map((at) => view.getUint32(at, true));
  const version = text(20, 20 + versionLength);
  if (version !== runtimeVersion) throw new Error(`snapshot is for Pyodide ${version}, not ${runtimeVersion}`);
  const memory = new Uint8Array(total);
  let entry = 20 + Math.ceil(versionLength / 4) * 4;
  let data = entry + runs * 8;
  for (const end = data; entry < end; entry += 8) {
    const [offset, length] = [view.getUint32(entry, true), view.getUint32(entry + 4, true)];
    if (offset + length > total || data + length > bytes.length) throw new Error("snapshot is truncated");
    memory.set(bytes.subarray(data, data + length), offset);
    data += length;
  }
  return memory;
}

async function startPython(loadPyodide, options) {
  const stderr = [];
  try {
    // Keep the console quiet; remember stderr so a failure can say why.
    return await loadPyodide({ ...options, stdout: () => {}, stderr: (line) => stderr.push(line) });
  } catch (error) {
    const detail = lastLine(error) + (stderr.length ? ` (${stderr.at(-1)})` : "");
    throw bootError("engine.runtime_failed", { detail }, error);
  }
}

// EXPERIMENTAL fast path: restore a memory snapshot made at build time, made
// for this very Pyodide version; any failure falls back to a normal boot, so a
// bad snapshot costs time, not the engine.
//
// Only on a return visit: the snapshot is 12 MB more to download, which on a
// slow network would cost a first visit more than it saves. The service
// worker keeps it with the rest of the site after the first visit; the boot
// uses it only when it is already there (not at all without Cache Storage:
// opaque origin, private mode).
async function startFromSnapshot(runtime, manifest, options) {
  if (!manifest.snapshot) return null;
  const url = new URL(manifest.snapshot, RUNTIME_URL);
  if (!(await self.caches?.match(url).catch(() => null))) return null;
  const snapshot = fetch(url).then((response) => response.arrayBuffer())
    .then((buffer) => decodeSnapshot(buffer, runtime.version));
  snapshot.catch(() => {});
  try {
    return await startPython(runtime.loadPyodide, { ...options, _loadSnapshot: snapshot });
  } catch (error) {
    console.warn("[handbook engine] snapshot not used; booting normally:", error.cause);
    return null;
  }
}

async function boot() {
  const manifest = await download(MANIFEST_URL, "json", "engine.runtime_missing");
  countDownloads(manifest);
  // loadPyodide() imports the 1.25 MB Emscripten module only once it runs;
  // asking for it now overlaps its download and compile with the rest.
  importModule(manifest.glue).catch(() => {});
  const runtime = await importModule(manifest.loader).catch((error) => {
    throw bootError("engine.runtime_missing", {}, error);
  });
  const { engine } = manifest;
  // Download the engine while the runtime boots.
  const engineFiles = Promise.all([
    download(new URL(engine.archive, MANIFEST_URL), "arrayBuffer", "engine.download_failed", "engine.missing"),
    download(new URL(engine.trees, MANIFEST_URL), "text", "engine.download_failed", "engine.missing"),
  ]);
  engineFiles.catch(() => {}); // awaited below; this only stops an early failure being reported as unhandled
  const options = {
    indexURL: RUNTIME_URL.href,
    stdLibURL: new URL(manifest.stdlib, RUNTIME_URL).href,
    // No packages are ever loaded: the lock file's header is enough, and
    // comes with runtime.json instead of as a 120 kB download.
    lockFileContents: manifest.lock,
  };
  const pyodide =
    (await startFromSnapshot(runtime, manifest, options)) ?? (await startPython(runtime.loadPyodide, options));
  phase = "start";
  report(true);
  const [archive, trees] = await engineFiles;
  try {
    // The archive holds the engine precompiled to .pyc: import it straight
    // from the zip (zipimport), with nothing to unpack or compile.
    pyodide.FS.writeFile(engine.mount, new Uint8Array(archive));
    pyodide.runPython(`import sys; sys.path.insert(0, ${JSON.stringify(engine.mount)})`);
    // Set up the trees once. The one proxy kept: the session's handle(); only strings go through it.
    return pyodide.pyimport(`${engine.module}.new_session`)(trees);
  } catch (error) {
    throw bootError("engine.start_failed", { detail: lastLine(error) }, error);
  }
}

boot().then(
  (handle) => {
    self.addEventListener("message", ({ data: { id, request } }) => {
      try {
        // str in, str out: Pyodide converts both without a proxy.
        self.postMessage({ id, response: handle(request) });
      } catch (error) {
        console.error("[handbook engine]", error);
        self.postMessage({ id, error: lastLine(error) });
      }
    });
    self.postMessage({ type: "ready" });
  },
  (error) => {
    console.error("[handbook engine]", error, error.cause ?? "");
    const { word = "engine.failed", values = { detail: lastLine(error) } } = error;
    self.postMessage({ type: "failed", word, values });
  },
);
