#!/usr/bin/env node
// Make a memory snapshot of a booted Pyodide, for a faster boot in the browser.
//
//   node make-snapshot.mjs <pyodide_dir> <stdlib_zip> <out_file>
//
// EXPERIMENTAL: uses Pyodide's undocumented `_makeSnapshot` / `_loadSnapshot`
// options. A snapshot is the interpreter's whole linear memory after boot, so
// it is only valid for the exact runtime build (Pyodide checks its build id)
// AND the exact stdlib zip it was made with (zipimport keeps offsets into it).
// The worker checks the version recorded here, and falls back to a normal
// boot if anything about the snapshot fails.
//
// Only the interpreter and common stdlib modules are in it, not the engine:
// the filesystem is not part of a snapshot, so the engine's zip is still written
// and imported from after restore, and a snapshot survives engine changes.
//
// Output format (little-endian), which drops the many all-zero pages:
//   "HBSNAP01"  u32 total length of Pyodide's snapshot  u32 run count
//   u32 version length  version (UTF-8, padded to 4 bytes)
//   run count × (u32 offset, u32 length)   then the runs' bytes, in order.

import { readFile, rename, writeFile, mkdir } from "node:fs/promises";
import { existsSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";

const MAGIC = "HBSNAP01";
const PAGE = 4096;
// Imported before the snapshot so the engine finds them already loaded;
// the standard library may be trimmed to what the engine uses, so a module
// that is not there is simply not warmed.
const WARM_IMPORTS = `
import importlib
for name in ("json", "dataclasses", "typing", "difflib", "re", "collections.abc"):
    try:
        importlib.import_module(name)
    except ImportError:
        pass
`;

function fail(message) {
  console.error(`make-snapshot: ${message}`);
  process.exit(1);
}

function nonZeroRuns(bytes) {
  const runs = [];
  for (let start = 0; start < bytes.length; start += PAGE) {
    const page = bytes.subarray(start, Math.min(bytes.length, start + PAGE));
    if (page.every((b) => b === 0)) continue;
    const last = runs[runs.length - 1];
    if (last && last[0] + last[1] === start) last[1] += page.length;
    else runs.push([start, page.length]);
  }
  return runs;
}

function encode(snapshot, version) {
  const versionBytes = new TextEncoder().encode(version);
  const versionPadded = Math.ceil(versionBytes.length / 4) * 4;
  const runs = nonZeroRuns(snapshot);
  const dataLength = runs.reduce((sum, [, length]) => sum + length, 0);
  const headerLength = 8 + 12 + versionPadded + runs.length * 8;
  const out = new Uint8Array(headerLength + dataLength);
  const view = new DataView(out.buffer);
  out.set(new TextEncoder().encode(MAGIC), 0);
  view.setUint32(8, snapshot.length, true);
  view.setUint32(12, runs.length, true);
  view.setUint32(16, versionBytes.length, true);
  out.set(versionBytes, 20);
  let cursor = 20 + versionPadded;
  for (const [offset, length] of runs) {
    view.setUint32(cursor, offset, true);
    view.setUint32(cursor + 4, length, true);
    cursor += 8;
  }
  for (const [offset, length] of runs) {
    out.set(snapshot.subarray(offset, offset + length), cursor);
    cursor += length;
  }
  return { out, runs: runs.length };
}

async function main(argv) {
  if (argv.length !== 3) fail("usage: node make-snapshot.mjs <pyodide_dir> <stdlib_zip> <out_file>");
  const [pyodideDir, stdlibZip, outFile] = argv.map((arg) => path.resolve(arg));
  const entry = path.join(pyodideDir, "pyodide.mjs");
  if (!existsSync(entry)) fail(`no pyodide.mjs in ${pyodideDir} (run \`npm ci\`)`);
  if (!existsSync(stdlibZip)) fail(`no stdlib zip at ${stdlibZip}`);

  const { loadPyodide } = await import(pathToFileURL(entry).href);
  const pyodide = await loadPyodide({
    indexURL: pyodideDir + path.sep,
    stdLibURL: stdlibZip,
    _makeSnapshot: true,
    stdout: () => {},
    stderr: (line) => console.error(line),
  });
  pyodide.runPython(WARM_IMPORTS);
  const snapshot = pyodide.makeMemorySnapshot();
  const { out, runs } = encode(snapshot, pyodide.version);

  await mkdir(path.dirname(outFile), { recursive: true });
  const partial = `${outFile}.partial-${process.pid}`;
  await writeFile(partial, out);
  await rename(partial, outFile);
  console.log(
    JSON.stringify({ pyodide: pyodide.version, raw: snapshot.length, bytes: out.length, runs, out: outFile }),
  );
}

main(process.argv.slice(2)).catch((error) => fail(error?.stack ?? String(error)));
