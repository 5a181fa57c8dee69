// A checklist as Markdown, to paste into the comms plan issue or the
// incident channel. Pure and DOM-free: checklist-toolbar.mjs gathers the text.

import { formatStamp } from "./incident-time.mjs";

function itemLine(item, nowMs) {
  const box = item.done.length ? "[x]" : "[ ]";
  let line = `- ${box} ${item.text}`;
  if (!item.done.length) return line;
  const times = item.done.map(formatStamp);
  if (!item.everyMinutes) return `${line} (ticked ${times[times.length - 1]})`;
  const last = item.done[item.done.length - 1];
  const next = last + item.everyMinutes * 60 * 1000;
  const due = nowMs >= next ? `**overdue** since ${formatStamp(next)}` : `next due ${formatStamp(next)}`;
  line += ` (every ${item.everySaid}: last done ${times[times.length - 1]}, ${due}`;
  if (times.length > 1) line += `; done ${times.length} times: ${times.join(", ")}`;
  return `${line})`;
}

/**
 * Markdown for `checklist`:
 *   { incident: "name", exportedAt: ms, title: "Comms Lead checklist",
 *     sections: [{ title: "On appointment",
 *                  items: [{ text: "…", done: [ms, …], everyMinutes: 360 | null,
 *                           everySaid: "6 hours" (the handbook's words for the cadence) }] }] }
 * Item text is already Markdown (links written as [text](url)).
 */
export function checklistMarkdown(checklist) {
  const items = checklist.sections.flatMap((section) => section.items);
  const done = items.filter((item) => item.done.length).length;
  const lines = [
    `### ${checklist.title}: ${checklist.incident}`,
    "",
    `${done} of ${items.length} done, as of ${formatStamp(checklist.exportedAt)}.`,
  ];
  for (const section of checklist.sections) {
    lines.push("", `**${section.title}**`, "");
    for (const item of section.items) lines.push(itemLine(item, checklist.exportedAt));
  }
  return lines.join("\n") + "\n";
}
