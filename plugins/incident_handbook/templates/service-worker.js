// The handbook's service worker, generated at build time: it keeps every page
// and asset of this build (the Pyodide runtime and the engine included) in
// Cache Storage, so after one visit the handbook works with the network gone.
//
// Every file is listed with a hash of its content. The memory snapshot (LATER)
// is not part of the install: it only speeds up a return visit, so a page
// that is already controlled asks for it, and not when the browser says to
// save data. A new build installs a new
// cache, reusing the entries whose hash did not change and downloading (and
// checking) only the rest, then the old cache is dropped: nothing stale is
// served after a deploy. The page offers a reload when a new build is ready.
"use strict";

const MANIFEST = /*HANDBOOK_MANIFEST*/{};
const LATER = /*HANDBOOK_LATER*/{};
const BUILD = /*HANDBOOK_BUILD*/"";
const PREFIX = "handbook-";
const CACHE = PREFIX + BUILD;
const HASH_HEADER = "x-handbook-hash";
const SCOPE = new URL(self.registration.scope);
const CONCURRENCY = 6;

async function sha256(buffer) {
  const digest = await crypto.subtle.digest("SHA-256", buffer);
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, "0")).join("").slice(0, 16);
}

async function previous(url, hash) {
  for (const name of await caches.keys()) {
    if (!name.startsWith(PREFIX) || name === CACHE) continue;
    const hit = await (await caches.open(name)).match(url);
    if (hit && hit.headers.get(HASH_HEADER) === hash) return hit;
  }
  return null;
}

async function download(url, hash) {
  const response = await fetch(url, { cache: "no-cache" });
  if (!response.ok) throw new Error(`${url.pathname}: HTTP ${response.status}`);
  const body = await response.arrayBuffer();
  const got = await sha256(body);
  // A server half-way through a deploy may hand out another build's file.
  if (got !== hash) throw new Error(`${url.pathname}: content does not match this build`);
  const headers = new Headers(response.headers);
  headers.set(HASH_HEADER, hash);
  return new Response(body, { status: response.status, statusText: response.statusText, headers });
}

async function precache(files = MANIFEST) {
  const cache = await caches.open(CACHE);
  const paths = Object.keys(files);
  let next = 0;
  async function lane() {
    while (next < paths.length) {
      const path = paths[next++];
      const url = new URL(path, SCOPE);
      const hash = files[path];
      const have = await cache.match(url);
      if (have && have.headers.get(HASH_HEADER) === hash) continue;
      await cache.put(url, (await previous(url, hash)) ?? (await download(url, hash)));
    }
  }
  await Promise.all(Array.from({ length: CONCURRENCY }, lane));
}

self.addEventListener("install", (event) => {
  event.waitUntil(precache());
});

self.addEventListener("activate", (event) => {
  event.waitUntil((async () => {
    for (const name of await caches.keys()) {
      if (name.startsWith(PREFIX) && name !== CACHE) await caches.delete(name);
    }
    await self.clients.claim();
  })());
});

self.addEventListener("message", (event) => {
  if (event.data?.type === "handbook:skip-waiting") self.skipWaiting();
  if (event.data?.type === "handbook:return-visit" && !self.navigator.connection?.saveData) {
    // A failed download is retried on the next visit; the engine boots without it meanwhile.
    event.waitUntil(precache(LATER).catch((error) => console.warn("handbook: snapshot not kept:", error)));
  }
});

function cacheKey(url) {
  const key = new URL(url);
  key.search = "";
  key.hash = "";
  if (key.pathname.endsWith("/index.html")) key.pathname = key.pathname.slice(0, -"index.html".length);
  return key;
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  if (url.origin !== SCOPE.origin || !url.pathname.startsWith(SCOPE.pathname)) return;
  event.respondWith((async () => {
    const cache = await caches.open(CACHE);
    // Precached files are exactly this build's: serve them first, offline or not.
    const hit = await cache.match(cacheKey(url));
    if (hit) return hit;
    try {
      return await fetch(request);
    } catch (error) {
      if (request.mode === "navigate") {
        const withSlash = cacheKey(url);
        if (!withSlash.pathname.endsWith("/")) withSlash.pathname += "/";
        const page = (await cache.match(withSlash)) ?? (await cache.match(new URL("404.html", SCOPE)));
        if (page) return page;
      }
      throw error;
    }
  })());
});
