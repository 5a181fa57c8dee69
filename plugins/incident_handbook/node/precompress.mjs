#!/usr/bin/env node
// Write a .br and a .gz beside every compressible file of a built site, so a
// static host serves them as they are (nginx `brotli_static on; gzip_static
// on;`) instead of compressing on every request or not at all.
//
//   node precompress.mjs <site_dir> <cache_dir>
//   node precompress.mjs --warm <cache_dir> <file>...   only fill the cache
//
// Node's own zlib, no dependency: brotli at quality 11 with a window as large
// as the file allows, gzip at level 9 (no timestamp, so the same bytes give
// the same file). Brotli at 11 takes half a minute for the 9.6 MB wasm, so
// each result is cached by the SHA-256 of its input, and the plugin starts
// `--warm` on the runtime's files when a build starts, so that half minute
// passes while the pages are made. Files are compressed on zlib's thread
// pool, several at a time; a file another process is compressing is waited
// for, not compressed again. A sibling is written only if it is at least 5 %
// smaller than the file; a stale sibling is removed.
// Prints a JSON report: files, bytes before, after brotli, after gzip.

import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdir, readdir, readFile, rename, rm, stat, writeFile } from "node:fs/promises";
import { availableParallelism } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import zlib from "node:zlib";

const brotliCompress = promisify(zlib.brotliCompress);
const gzip = promisify(zlib.gzip);

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
  return brotliCompress(bytes, {
    params: {
      [zlib.constants.BROTLI_PARAM_QUALITY]: quality,
      [zlib.constants.BROTLI_PARAM_LGWIN]: lgwin,
      [zlib.constants.BROTLI_PARAM_SIZE_HINT]: bytes.length,
    },
  });
}

const encoders = {
  ".br": (bytes, ext) => brotli(bytes, ext === ".hbsnap" ? 5 : 11),
  ".gz": (bytes, ext) => gzip(bytes, { level: ext === ".hbsnap" ? 6 : 9 }),
};

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

function alive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return error.code === "EPERM";
  }
}

/**
 * Take `lock` for this process, or wait while another live process holds it: two builds at once (or
 * `make test`'s warm-up and a build) compress each file once. False if the file was made meanwhile.
 */
async function claim(lock, file) {
  for (;;) {
    if (existsSync(file)) return false;
    try {
      await writeFile(lock, String(process.pid), { flag: "wx" });
      if (!existsSync(file)) return true;
      await rm(lock, { force: true });  // made just before the lock was taken
      return false;
    } catch (error) {
      if (error.code !== "EEXIST") throw error;
    }
    const holder = Number(await readFile(lock, "utf8").catch(() => ""));
    if (holder && alive(holder)) await sleep(200);
    else await rm(lock, { force: true });  // left by a process that died
  }
}

async function cached(cacheDir, digest, suffix, bytes, ext) {
  const file = path.join(cacheDir, digest + suffix);
  const lock = `${file}.lock`;
  if (!(await claim(lock, file))) return readFile(file);
  try {
    const out = await encoders[suffix](bytes, ext);
    const partial = `${file}.partial-${process.pid}`;
    await writeFile(partial, out);
    await rename(partial, file);
    return out;
  } finally {
    await rm(lock, { force: true });
  }
}

/** Run `work(item)` for every item, `limit` at a time. */
async function each(items, limit, work) {
  let next = 0;
  const lane = async () => {
    while (next < items.length) await work(items[next++]);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
}

const LANES = Math.max(1, Math.min(4, availableParallelism()));

function digestOf(bytes) {
  return createHash("sha256").update(bytes).digest("hex");
}

async function warm(cacheDir, paths) {
  await mkdir(cacheDir, { recursive: true });
  // The largest first: it takes longest, and the rest fit beside it.
  const sized = await Promise.all(paths.map(async (file) => ({ file, size: (await stat(file)).size })));
  sized.sort((a, b) => b.size - a.size);
  await each(sized, LANES, async ({ file }) => {
    const bytes = await readFile(file);
    const digest = digestOf(bytes);
    await Promise.all(Object.keys(encoders).map((suffix) => cached(cacheDir, digest, suffix, bytes, path.extname(file))));
  });
}

async function main(args) {
  if (args[0] === "--warm") {
    await warm(args[1], args.slice(2));
    return;
  }
  const [siteDir, cacheDir] = args;
  if (!siteDir || !cacheDir) throw new Error("usage: node precompress.mjs <site_dir> <cache_dir>");
  await mkdir(cacheDir, { recursive: true });
  const report = { files: 0, bytes: 0, br: 0, gz: 0 };
  const all = [];
  for await (const file of files(siteDir)) all.push(file);
  const todo = [];
  for (const file of all.sort()) {
    const ext = path.extname(file);
    if (ext === ".br" || ext === ".gz" || !SUFFIXES.has(ext)) continue;
    const { size } = await stat(file);
    if (size < MIN_BYTES) {
      for (const suffix of Object.keys(encoders)) await rm(file + suffix, { force: true });
      continue;
    }
    todo.push({ file, ext, size });
  }
  todo.sort((a, b) => b.size - a.size);
  await each(todo, LANES, async ({ file, ext, size }) => {
    const bytes = await readFile(file);
    const digest = digestOf(bytes);
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
  });
  console.log(JSON.stringify(report));
}

main(process.argv.slice(2)).catch((error) => {
  console.error(`precompress: ${error?.stack ?? error}`);
  process.exit(1);
});
