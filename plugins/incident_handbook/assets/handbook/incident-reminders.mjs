// Reminders while the handbook is open: when a duty of the current incident
// comes due, the tab's title says so, a live region announces it, and, only
// if the reader has allowed it, a browser notification shows it. No server:
// a timer set for the next time a duty falls due, re-set on every change.
import { el } from "./dom.mjs";
import { currentIncident } from "./incident-current.mjs";
import { dutiesOf } from "./incident-state.mjs";
import { getStore } from "./incident-store.mjs";
import { utcClock } from "./incident-time.mjs";
import { t } from "./words.mjs";

let shown = null; // [the title this module set, the page's own title it was made from]
let started = false;
let timer = null;
let known = null; // "incident key due-time" of each duty already due, so each is told once
const texts = new Map(); // item key -> words, learnt from the pages seen

/** Words for an item key: from a checklist or the incident page on this page, if any. */
function dutyText(key) {
  const [role, item] = key.split("/");
  const label = document.querySelector(
    `handbook-checklist[data-handbook-role="${role}"] li[data-handbook-item="${item}"] label`);
  if (label) texts.set(key, label.textContent.replace(/\s+/g, " ").trim());
  return texts.get(key) ?? t("reminder.a_duty");
}

/** Let the incident page teach the reminders the words of every item. */
export function learnDutyTexts(entries) {
  for (const [key, text] of entries) texts.set(key, text);
}

/** Say `text` in the page's live region for reminders (made the first time), and clear it after a while. */
function announce(text) {
  const region = document.getElementById("handbook-reminder-live") ?? document.body.appendChild(
    el("div", { id: "handbook-reminder-live", class: "handbook-sr-only", role: "status", "aria-live": "polite" }));
  region.textContent = text;
  setTimeout(() => { if (region.textContent === text) region.textContent = ""; }, 15000);
}

function notify(title, body) {
  try {
    if (typeof Notification !== "function" || Notification.permission !== "granted") return;
    new Notification(title, { body, tag: "handbook-duty" });
  } catch {
    // Some browsers allow notifications only from a service worker: the title and announcement remain.
  }
}

function check() {
  clearTimeout(timer);
  const now = Date.now();
  const { id, name, incident } = currentIncident();
  const duties = incident ? dutiesOf(incident, now) : [];
  const due = duties.filter((duty) => duty.overdue);
  const base = shown !== null && document.title === shown[0] ? shown[1] : document.title;
  const title = due.length ? t("reminder.tab_title", { count: due.length, title: base }) : base;
  if (document.title !== title) document.title = title;
  shown = [title, base];

  const tag = (duty) => `${id} ${duty.key} ${duty.next}`;
  // Duties already due when the page opened show in the title but are not announced again.
  const fresh = known === null ? [] : due.filter((duty) => !known.has(tag(duty)));
  known = new Set([...(known ?? []), ...due.map(tag)]);
  if (fresh.length) {
    const words = fresh.map((duty) => t("reminder.due_said", { text: dutyText(duty.key), clock: utcClock(duty.next) }));
    announce(words.join(" "));
    notify(t("reminder.due_title", { name }), words.join("\n"));
  }
  const upcoming = duties.find((duty) => !duty.overdue);
  if (upcoming) timer = setTimeout(check, Math.min(Math.max(upcoming.next - now, 0) + 50, 2 ** 31 - 1));
}

/** Called on every page Material shows: start watching once; put the due count back into a new page's title. */
export function startReminders() {
  if (!started) {
    started = true;
    getStore().subscribe(check);
    // Timers are slowed down in background tabs: look again as soon as the tab is seen.
    document.addEventListener("visibilitychange", () => {
      if (document.visibilityState === "visible") check();
    });
  }
  check();
}
