// Times as the handbook shows them. Pure but for timeElement().
import { el } from "./dom.mjs";
import { t } from "./words.mjs";

const pad = (n) => String(n).padStart(2, "0");

/** "2026-11-27" in this browser's time zone. */
export function localDate(ms) {
  const d = new Date(ms);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

function zone(ms) {
  const offset = -new Date(ms).getTimezoneOffset();
  if (offset === 0) return "UTC";
  return `UTC${offset > 0 ? "+" : "-"}${pad(Math.floor(Math.abs(offset) / 60))}:${pad(Math.abs(offset) % 60)}`;
}

/**
 * A time people in several time zones can all read: the local date and time
 * with its offset from UTC, e.g. "2026-11-27 14:05 UTC+01:00".
 */
export function formatStamp(ms) {
  const d = new Date(ms);
  return `${localDate(ms)} ${pad(d.getHours())}:${pad(d.getMinutes())} ${zone(ms)}`;
}

/** "2026-11-27 13:05 UTC". */
export function utcStamp(ms) {
  const iso = new Date(ms).toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;
}

/** "13:05 UTC". */
export function utcClock(ms) {
  return `${new Date(ms).toISOString().slice(11, 16)} UTC`;
}

/** "14:05" in this browser's zone, with the date before it if it is not the day of `nowMs`. */
export function localClock(ms, nowMs) {
  const d = new Date(ms);
  const clock = `${pad(d.getHours())}:${pad(d.getMinutes())}`;
  return localDate(ms) === localDate(nowMs) ? clock : `${localDate(ms)} ${clock}`;
}

const clock = new Intl.DateTimeFormat(undefined, { hour: "2-digit", minute: "2-digit" });
const dayAndClock = new Intl.DateTimeFormat(undefined, {
  month: "short", day: "numeric", hour: "2-digit", minute: "2-digit",
});

/** The local clock time, as the reader's locale writes it. */
export function shortClock(ms) {
  return clock.format(ms);
}

/** A <time> for people: the clock time today, with the date otherwise. */
export function timeElement(ms, nowMs) {
  const text = (localDate(ms) === localDate(nowMs) ? clock : dayAndClock).format(ms);
  return el("time", { dateTime: new Date(ms).toISOString(), title: formatStamp(ms), text });
}

/** A <time> in UTC with the local time beside it: "13:05 UTC (14:05 local)". */
export function utcTimeElement(ms, nowMs) {
  const iso = new Date(ms).toISOString();
  const day = iso.slice(0, 10) === new Date(nowMs).toISOString().slice(0, 10) ? "" : `${iso.slice(0, 10)} `;
  const local = zone(ms) === "UTC" ? "" : ` ${t("time.local", { clock: localClock(ms, nowMs) })}`;
  return el("time", { dateTime: iso, title: formatStamp(ms), text: `${day}${utcClock(ms)}${local}` });
}
