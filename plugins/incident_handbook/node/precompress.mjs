#!/usr/bin/env node
// Write a .br and a .gz beside every compressible file of a built site, so a
// static host serves them as they are (nginx `brotli_static on; gzip_static
// on;`) instead of compressing on every request or not at all.
//
//   node precompress.mjs <site_dir> <cache_dir>
//
// Node's own zlib, no dependency: brotli at quality 11 with a window as large
// as the file allows, gzip at level 9 (no timestamp, so the same bytes give
// the same file). Brotli at 11 takes seconds for the 9.6 MB wasm, so each
// result is cached by the SHA-256 of its input. A sibling is written only if
// it is at least 5 % smaller than the file; a stale sibling is removed.
// Prints a JSON report: files, bytes before, after brotli, after gzip.

import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdir, readdir, readFile, rename, rm, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import zlib from "node:zlib";

const SUFFIXES = new Set([
  ".html", ".js", ".mjs", ".css", ".json", ".wasm", ".svg", ".xml", ".txt", ".map", ".webmanifest",
  // Our own archives are stored uncompressed on purpose (see bytecode.mjs),
  // and the memory snapshot is mostly zeros and pointers.
  ".zip", ".hbsnap",
]);
const MIN_BYTES = 1024;
const WORTH_IT = 0.95;

async function* files(dir) {
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) yield* files(full);
    else if (entry.isFile()) yield full;
  }
}

// The snapshot changes with every edit of the trees and is only ever read by
// the service worker: a fast setting for it, the best for the rest.
function brotli(bytes, quality) {
  const lgwin = Math.max(zlib.constants.BROTLI_MIN_WINDOW_BITS,
    Math.min(24, Math.ceil(Math.log2(bytes.length + 1))));
  return zlib.brotliCompressSync(bytes, {
    params: {
      [zlib.constants.BROTLI_PARAM_QUALITY]: quality,
      [zlib.constants.BROTLI_PARAM_LGWIN]: lgwin,
      [zlib.constants.BROTLI_PARAM_SIZE_HINT]: bytes.length,
    },
  });
}

const encoders = {
  ".br": (bytes, ext) => brotli(bytes, ext === ".hbsnap" ? 5 : 11),
  ".gz": (bytes, ext) => zlib.gzipSync(bytes, { level: ext === ".hbsnap" ? 6 : 9 }),
};

async function cached(cacheDir, digest, suffix, bytes, ext) {
  const file = path.join(cacheDir, digest + suffix);
  if (existsSync(file)) return readFile(file);
  const out = encoders[suffix](bytes, ext);
  const partial = `${file}.partial-${process.pid}`;
  await writeFile(partial, out);
  await rename(partial, file);
  return out;
}

async function main([siteDir, cacheDir]) {
  if (!siteDir || !cacheDir) throw new Error("usage: node precompress.mjs <site_dir> <cache_dir>");
  await mkdir(cacheDir, { recursive: true });
  const report = { files: 0, bytes: 0, br: 0, gz: 0 };
  const all = [];
  for await (const file of files(siteDir)) all.push(file);
  for (const file of all.sort()) {
    const ext = path.extname(file);
    if (ext === ".br" || ext === ".gz" || !SUFFIXES.has(ext)) continue;
    const { size } = await stat(file);
    if (size < MIN_BYTES) {
      for (const suffix of Object.keys(encoders)) await rm(file + suffix, { force: true });
      continue;
    }
    const bytes = await readFile(file);
    const digest = createHash("sha256").update(bytes).digest("hex");
    report.files += 1;
    report.bytes += size;
    for (const suffix of Object.keys(encoders)) {
      const out = await cached(cacheDir, digest, suffix, bytes, ext);
      if (out.length <= size * WORTH_IT) {
        await writeFile(file + suffix, out);
        report[suffix.slice(1)] += out.length;
      } else {
        await rm(file + suffix, { force: true });
        report[suffix.slice(1)] += size;
      }
    }
  }
  console.log(JSON.stringify(report));
}

main(process.argv.slice(2)).catch((error) => {
  console.error(`precompress: ${error?.stack ?? error}`);
  process.exit(1);
});
