#!/usr/bin/env node
// Precompile a zip of our own Python package (the decision engine) to bytecode.
//
//   node precompile-stdlib.mjs <pyodide_dir> <package_zip> <mount_path> <out_zip>
//
// For a worker that puts the zip at <mount_path> on sys.path: its import then
// costs no compile time. (The standard library the site ships is precompiled
// by trim-stdlib.mjs, with only the modules the engine uses.)
//
// Why under Node with the npm package, and not with the host's Python: the
// bytecode must come from the very interpreter that will load it (Pyodide's
// Python 3.14); any other version is rejected with "bad magic number".
//
// Each .py member becomes an UNCHECKED hash-based .pyc (PEP 552) so the
// importer never looks for the source, which is no longer in the zip.
// Every other member is copied unchanged. The output is deterministic: members
// sorted by name, fixed timestamps and attributes, the runtime's own zlib.
// Tracebacks still show file and line, but no source text.

import { readFile, rename, writeFile, mkdir } from "node:fs/promises";
import { existsSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";

import { PRECOMPILE } from "./bytecode.mjs";

function fail(message) {
  console.error(`precompile-stdlib: ${message}`);
  process.exit(1);
}

async function main(argv) {
  if (argv.length !== 4) fail("usage: node precompile-stdlib.mjs <pyodide_dir> <package_zip> <mount_path> <out_zip>");
  const pyodideDir = path.resolve(argv[0]);
  const outZip = path.resolve(argv[argv.length - 1]);
  const entry = path.join(pyodideDir, "pyodide.mjs");
  if (!existsSync(entry)) {
    fail(`no pyodide.mjs in ${pyodideDir} (run \`npm ci\`)`);
  }

  const { loadPyodide } = await import(pathToFileURL(entry).href);
  // Quiet boot: the script's own stdout is its report.
  const pyodide = await loadPyodide({
    indexURL: pyodideDir + path.sep,
    stdout: () => {},
    stderr: (line) => console.error(line),
  });

  const mounted = argv[2];
  const sourceZip = "/tmp/package.zip";
  pyodide.FS.writeFile(sourceZip, new Uint8Array(await readFile(path.resolve(argv[1]))));

  pyodide.runPython(PRECOMPILE);
  const precompile = pyodide.globals.get("precompile");
  const scratch = "/tmp/package.pyc.zip";
  // Stored uncompressed (HTTP compression does better across members); docstrings dropped (as -OO;
  // line numbers kept for tracebacks).
  const result = precompile.callKwargs(sourceZip, mounted, scratch, { stored: true, optimize: 2 });
  const [compiled, copied, keptAsSource] = result.toJs();
  result.destroy();
  precompile.destroy();

  const bytes = pyodide.FS.readFile(scratch);
  await mkdir(path.dirname(outZip), { recursive: true });
  // Write then rename, so a crash never leaves a half-written zip in a cache.
  const partial = `${outZip}.partial-${process.pid}`;
  await writeFile(partial, bytes);
  await rename(partial, outZip);

  console.log(
    JSON.stringify({
      pyodide: pyodide.version,
      python: pyodide.runPython("import sys; sys.version.split()[0]"),
      compiled,
      copied,
      kept_as_source: keptAsSource,
      bytes: bytes.length,
      out: outZip,
    }),
  );
}

main(process.argv.slice(2)).catch((error) => fail(error?.stack ?? String(error)));
