#!/usr/bin/env node
// Precompile Pyodide's standard library to bytecode.
//
//   node precompile-stdlib.mjs <pyodide_dir> <out_zip>
//   node precompile-stdlib.mjs <pyodide_dir> <package_zip> <mount_path> <out_zip>
//
// The second form precompiles a zip of our own package instead (the decision
// engine), for a worker that puts the zip at <mount_path> on sys.path: its
// import then costs no compile time either.
//
// Why: a stock Pyodide boot spends most of its time compiling ~125 stdlib
// modules from .py source (Python 3.14's zip importer even compiles each one
// twice). Shipping them as .pyc roughly halves the time to "engine ready".
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

const PRECOMPILE = `
import importlib._bootstrap_external as bootstrap_external
import importlib.util
import io
import zipfile

FIXED_DATE = (1980, 1, 1, 0, 0, 0)
FILE_MODE = 0o100644 << 16
DIR_MODE = (0o040755 << 16) | 0x10  # MS-DOS directory flag as well


def _member(name, is_dir, compress):
    info = zipfile.ZipInfo(name, date_time=FIXED_DATE)
    info.create_system = 3  # Unix, so external_attr means a mode
    info.external_attr = DIR_MODE if is_dir else FILE_MODE
    info.compress_type = zipfile.ZIP_STORED if is_dir else compress
    return info


def precompile(source_zip, mount_path, out_path):
    compiled = copied = 0
    kept_as_source = []
    with zipfile.ZipFile(source_zip) as src:
        members = {}
        for info in src.infolist():
            data = src.read(info)
            name = info.filename
            if name.endswith(".py"):
                try:
                    code = compile(
                        data, mount_path + "/" + name, "exec",
                        dont_inherit=True, optimize=0,
                    )
                except SyntaxError:
                    # Leave it importable from source rather than drop it.
                    kept_as_source.append(name)
                    members[name] = data
                    continue
                pyc = bootstrap_external._code_to_hash_pyc(
                    code, importlib.util.source_hash(data), checked=False
                )
                members[name + "c"] = bytes(pyc)
                compiled += 1
            else:
                members[name] = data
                copied += 1

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as out:
        for name in sorted(members):
            is_dir = name.endswith("/")
            out.writestr(
                _member(name, is_dir, zipfile.ZIP_DEFLATED),
                members[name],
                compresslevel=9,
            )
    with open(out_path, "wb") as f:
        f.write(buffer.getvalue())
    return compiled, copied, kept_as_source
`;

function fail(message) {
  console.error(`precompile-stdlib: ${message}`);
  process.exit(1);
}

async function main(argv) {
  if (argv.length !== 2 && argv.length !== 4) {
    fail("usage: node precompile-stdlib.mjs <pyodide_dir> [<package_zip> <mount_path>] <out_zip>");
  }
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

  const [major, minor] = pyodide
    .runPython("import sys; f'{sys.version_info[0]}.{sys.version_info[1]}'")
    .split(".");
  let mounted = `/lib/python${major}${minor}.zip`;
  let sourceZip = mounted;
  if (argv.length === 4) {
    mounted = argv[2];
    sourceZip = "/tmp/package.zip";
    pyodide.FS.writeFile(sourceZip, new Uint8Array(await readFile(path.resolve(argv[1]))));
  } else if (!pyodide.FS.analyzePath(mounted).exists) {
    // Older layouts: read the stdlib zip shipped next to pyodide.mjs.
    const bytes = await readFile(path.join(pyodideDir, "python_stdlib.zip"));
    sourceZip = "/tmp/python_stdlib.zip";
    pyodide.FS.writeFile(sourceZip, bytes);
  }

  pyodide.runPython(PRECOMPILE);
  const precompile = pyodide.globals.get("precompile");
  const scratch = "/tmp/python_stdlib.pyc.zip";
  const result = precompile(sourceZip, mounted, scratch);
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
