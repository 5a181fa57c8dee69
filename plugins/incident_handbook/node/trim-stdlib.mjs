#!/usr/bin/env node
// Pack only the standard library the decision engine uses, precompiled.
//
//   node trim-stdlib.mjs <pyodide_dir> <engine_zip> <trees_json> <mount> <module> <out_zip>
//
// 1. Record: boot the pinned Pyodide with its stock standard library, put the
//    engine archive at <mount> as the browser's worker does, set up every
//    tree with <module>.new_session, and walk every path of every tree
//    through the browser façade — start, each answer, back, restart, resume,
//    refused answers, garbage requests — the way the page does. Every module
//    Python loaded from the standard library (boot included) is recorded.
// 2. Pack: compile exactly those modules to unchecked hash-based .pyc
//    (bytecode.mjs), stored uncompressed so HTTP compression works on the
//    whole archive.
// 3. Check: boot a second Pyodide from the packed archive alone and walk
//    everything again; any import that is not shipped fails the build here,
//    with the module's name, rather than a reader's wizard later.
//
// The engine archive is trimmed the same way (only the engine modules the
// walks loaded: no build-time checks, no schemas) and written beside
// <out_zip> as <out_zip minus .zip>.engine.zip; the check runs with it.
//
// Prints a JSON report: modules recorded, bytes, requests walked.

import { readFile, rename, writeFile, mkdir } from "node:fs/promises";
import { existsSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";

import { PRECOMPILE } from "./bytecode.mjs";

const WHEN = "2026-01-01 00:00 UTC";
// As `python -OO`: no docstrings, no asserts. The check below proves the
// boot and every walk still work without them.
const OPTIMIZE = 2;

function fail(message) {
  console.error(`trim-stdlib: ${message}`);
  process.exit(1);
}

// Every request the page can make, for every path of every tree.
function requests(trees) {
  const out = [];
  for (const tree of trees) {
    const nodes = new Map(tree.nodes.map((node) => [node.id, node]));
    const todo = [[tree.start, []]];
    out.push({ op: "start", tree: tree.id }, { op: "restart", tree: tree.id, answers: [] });
    while (todo.length) {
      const [id, answers] = todo.pop();
      const node = nodes.get(id);
      out.push({ op: "walk", tree: tree.id, answers, when: WHEN });
      if (answers.length) out.push({ op: "back", tree: tree.id, answers, when: WHEN });
      if (!node?.options?.length) continue;
      out.push({ op: "answer", tree: tree.id, answers, answer: "not-an-answer", when: WHEN });
      for (const option of node.options) {
        out.push({ op: "answer", tree: tree.id, answers, answer: option.answer, when: WHEN });
        todo.push([option.next, [...answers, option.answer]]);
      }
    }
  }
  out.push({ op: "walk", tree: "no-such-tree", answers: [] }, { op: "dance" }, "not json", "[]", "x".repeat(30000));
  return out;
}

// Python: the source names ("json/__init__.py") of the modules loaded from
// the stdlib zip. Frozen modules (os, io, codecs, …: built into the
// interpreter) carry a __file__ there too but are never read from the zip.
function loadedFrom(zipPath) {
  return `
import sys
prefix = ${JSON.stringify(zipPath + "/")}
sorted({m.__file__[len(prefix):].removesuffix("c") for m in list(sys.modules.values())
        if isinstance(getattr(m, "__file__", None), str) and m.__file__.startswith(prefix)
        and getattr(getattr(m, "__spec__", None), "origin", None) != "frozen"})
`;
}

async function boot(loadPyodide, pyodideDir, stdlib, lock) {
  return loadPyodide({
    indexURL: pyodideDir + path.sep,
    ...(stdlib ? { stdLibURL: stdlib } : {}),
    lockFileContents: lock,
    stdout: () => {},
    stderr: (line) => console.error(line),
  });
}

// As engine-worker.mjs does it: mount, import, set up, then strings in and out.
function walkAll(pyodide, engineBytes, mount, module, treesJson, all) {
  pyodide.FS.writeFile(mount, engineBytes);
  pyodide.runPython(`import sys; sys.path.insert(0, ${JSON.stringify(mount)})`);
  const newSession = pyodide.pyimport(`${module}.new_session`);
  // A broken trees file raises into JavaScript: the worker's failure path.
  try {
    newSession("not json").destroy?.();
  } catch {
    // expected
  }
  const handle = newSession(treesJson);
  newSession.destroy();
  let walked = 0;
  for (const request of all) {
    const response = JSON.parse(handle(typeof request === "string" ? request : JSON.stringify(request)));
    if (typeof response.ok !== "boolean") throw new Error(`no answer to ${JSON.stringify(request)}`);
    walked += 1;
  }
  handle.destroy();
  return walked;
}

async function main(argv) {
  if (argv.length !== 6) {
    fail("usage: node trim-stdlib.mjs <pyodide_dir> <engine_zip> <trees_json> <mount> <module> <out_zip>");
  }
  const [pyodideDir, engineZip, treesFile] = argv.slice(0, 3).map((arg) => path.resolve(arg));
  const [mount, module] = argv.slice(3, 5);
  const outZip = path.resolve(argv[5]);
  const entry = path.join(pyodideDir, "pyodide.mjs");
  if (!existsSync(entry)) fail(`no pyodide.mjs in ${pyodideDir} (run \`npm ci\`)`);
  const engineBytes = new Uint8Array(await readFile(engineZip));
  const treesJson = await readFile(treesFile, "utf8");
  const parsed = JSON.parse(treesJson);  // a list of trees, or {trees, words} (incident_engine.browser)
  const all = requests(Array.isArray(parsed) ? parsed : parsed.trees);
  const lockFile = JSON.parse(await readFile(path.join(pyodideDir, "pyodide-lock.json"), "utf8"));
  const lock = { info: lockFile.info, packages: {} };
  const { loadPyodide } = await import(pathToFileURL(entry).href);

  // 1. Record.
  const stock = await boot(loadPyodide, pyodideDir, null, lock);
  const [major, minor] = stock.runPython("import sys; f'{sys.version_info[0]}.{sys.version_info[1]}'").split(".");
  const zipPath = `/lib/python${major}${minor}.zip`;
  walkAll(stock, engineBytes, mount, module, treesJson, all);
  const recorded = stock.runPython(loadedFrom(zipPath)).toJs();
  const engineModules = stock.runPython(loadedFrom(mount)).toJs().map((name) => `${name}c`);

  // 2. Pack.
  stock.runPython(PRECOMPILE);
  const precompile = stock.globals.get("precompile");
  const scratch = "/tmp/python_stdlib.trimmed.zip";
  const result = precompile.callKwargs(zipPath, zipPath, scratch, { keep: recorded, stored: true, optimize: OPTIMIZE, strip_lines: true });
  const [compiled, , keptAsSource] = result.toJs();
  result.destroy();
  precompile.destroy();
  const bytes = stock.FS.readFile(scratch);
  stock.runPython(`
import zipfile
with zipfile.ZipFile(${JSON.stringify(mount)}) as src, zipfile.ZipFile("/tmp/engine.trimmed.zip", "w") as out:
    for name in sorted(${JSON.stringify(engineModules)}):
        out.writestr(_member(name, False, zipfile.ZIP_STORED), src.read(name))
`);
  const engineTrimmed = stock.FS.readFile("/tmp/engine.trimmed.zip");
  const outEngine = outZip.replace(/\.zip$/, "") + ".engine.zip";
  const partial = `${outZip}.partial-${process.pid}`;
  const partialEngine = `${outEngine}.partial-${process.pid}`;
  await mkdir(path.dirname(outZip), { recursive: true });
  await writeFile(partial, bytes);
  await writeFile(partialEngine, engineTrimmed);

  // 3. Check, from the packed archive alone.
  let walked;
  try {
    const trimmed = await boot(loadPyodide, pyodideDir, partial, lock);
    walked = walkAll(trimmed, engineTrimmed, mount, module, treesJson, all);
    const shipped = new Set(recorded);
    const extra = trimmed.runPython(loadedFrom(zipPath)).toJs().filter((name) => !shipped.has(name));
    const engineShipped = new Set(engineModules);
    extra.push(...trimmed.runPython(loadedFrom(mount)).toJs().map((n) => `${n}c`).filter((n) => !engineShipped.has(n)));
    if (extra.length) throw new Error(`imported but not recorded: ${extra.join(", ")}`);
  } catch (error) {
    fail(`a walk of the trees needs a module that is not shipped: ${error?.message ?? error}`);
  }
  await rename(partialEngine, outEngine);
  await rename(partial, outZip);
  console.log(JSON.stringify({
    pyodide: stock.version, modules: recorded.length, compiled, kept_as_source: keptAsSource,
    requests: walked, bytes: bytes.length, out: outZip, engine_modules: engineModules, engine_bytes: engineTrimmed.length,
  }));
}

main(process.argv.slice(2)).catch((error) => fail(error?.stack ?? String(error)));
