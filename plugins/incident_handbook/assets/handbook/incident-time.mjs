// Times as the handbook shows them. Pure but for the <time> elements.
import { el } from "./dom.mjs";
import { t } from "./words.mjs";

const pad = (n) => String(n).padStart(2, "0");
const utcDate = (ms) => new Date(ms).toISOString().slice(0, 10);

/** "2026-11-27" in this browser's time zone. */
export function localDate(ms) {
  const d = new Date(ms);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

/** "14:05" in this browser's time zone. */
function localTime(ms) {
  const d = new Date(ms);
  return `${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

function zone(ms) {
  const offset = -new Date(ms).getTimezoneOffset();
  if (offset === 0) return "UTC";
  return `UTC${offset > 0 ? "+" : "-"}${pad(Math.floor(Math.abs(offset) / 60))}:${pad(Math.abs(offset) % 60)}`;
}

/** A time people in several time zones can all read: local, with its offset, "2026-11-27 14:05 UTC+01:00". */
export function formatStamp(ms) {
  return `${localDate(ms)} ${localTime(ms)} ${zone(ms)}`;
}

/** "13:05 UTC". */
export function utcClock(ms) {
  return `${new Date(ms).toISOString().slice(11, 16)} UTC`;
}

/** "2026-11-27 13:05 UTC". */
export function utcStamp(ms) {
  return `${utcDate(ms)} ${utcClock(ms)}`;
}

const clock = new Intl.DateTimeFormat(undefined, { hour: "2-digit", minute: "2-digit" });
const dayAndClock = new Intl.DateTimeFormat(undefined, { month: "short", day: "numeric", hour: "2-digit", minute: "2-digit" });

/** The local clock time, as the reader's locale writes it. */
export function shortClock(ms) {
  return clock.format(ms);
}

function timeAt(ms, text) {
  return el("time", { dateTime: new Date(ms).toISOString(), title: formatStamp(ms), text });
}

/** A <time> for people: the clock time today, with the date otherwise. */
export function timeElement(ms, nowMs) {
  return timeAt(ms, (localDate(ms) === localDate(nowMs) ? clock : dayAndClock).format(ms));
}

/** A <time> in UTC with the local time beside it: "13:05 UTC (14:05 local)", each with its date if not today's. */
export function utcTimeElement(ms, nowMs) {
  const day = (date) => (date(ms) === date(nowMs) ? "" : `${date(ms)} `);
  const local = zone(ms) === "UTC" ? "" : ` ${t("time.local", { clock: `${day(localDate)}${localTime(ms)}` })}`;
  return timeAt(ms, `${day(utcDate)}${utcClock(ms)}${local}`);
}
