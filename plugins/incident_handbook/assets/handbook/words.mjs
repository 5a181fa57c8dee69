// The interface's words, read once from the page: a JSON data block,
// <script type="application/json" id="handbook-words">, that the build writes
// from the handbook's YAML (`words:`) over the defaults in
// plugins/incident_engine/words.py. Nothing here is ever inserted as HTML.
//
// Should the block be missing or unreadable, a key stands for its words (with
// the values after it, as in "checklist.progress 1 4"): the scripts keep
// working, and the gap is plain to see (and logged once).

const PLACEHOLDER = /\{([a-z][a-z0-9_]*)\}/g;
let words = null;

function load() {
  if (words !== null) return words;
  const element = typeof document === "undefined" ? null : document.getElementById("handbook-words");
  if (element === null) return {};  // not cached: the page may not have been parsed yet
  try {
    words = JSON.parse(element.textContent);
    if (words?.constructor !== Object) throw new TypeError("not an object");
  } catch (error) {
    words = {};
    console.warn("handbook: the page's words could not be read:", error);
  }
  return words;
}

/** The template under `key`; without the page's words, the key and a placeholder for each value. */
function template(key, values) {
  if (Object.hasOwn(load(), key)) return words[key];
  return [key, ...Object.keys(values).map((name) => `{${name}}`)].join(" ");
}

/** The words under `key`, each {name} filled from `values`. */
export function t(key, values = {}) {
  return template(key, values)
    .replace(PLACEHOLDER, (match, name) => (Object.hasOwn(values, name) ? String(values[name]) : match));
}

/** As `t`, but as a list of strings and the values as given (nodes), for `append(...parts)`. */
export function parts(key, values = {}) {
  const text = template(key, values);
  const out = [];
  let last = 0;
  for (const match of text.matchAll(PLACEHOLDER)) {
    if (!Object.hasOwn(values, match[1])) continue;
    if (match.index > last) out.push(text.slice(last, match.index));
    out.push(values[match[1]]);
    last = match.index + match[0].length;
  }
  if (last < text.length) out.push(text.slice(last));
  return out;
}

/** The words under `one` if `n` is 1, else under `many`, with {n} filled: "1 ticked item", "3 ticked items". */
export function count(n, one, many) {
  return t(n === 1 ? one : many, { n });
}
