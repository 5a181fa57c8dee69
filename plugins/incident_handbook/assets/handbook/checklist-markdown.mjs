// A checklist as Markdown, to paste into the comms plan issue or the
// incident channel. Pure and DOM-free: checklist-toolbar.mjs gathers the text.
// (The incident record's Markdown, incident-markdown.mjs, is laid out by the same markdownBlocks().)

import { formatStamp } from "./incident-time.mjs";
import { t } from "./words.mjs";

/** Markdown of `blocks` (each a list of lines; empty ones left out), a blank line between them. */
export function markdownBlocks(blocks) {
  return blocks.filter((lines) => lines.length).map((lines) => lines.join("\n")).join("\n\n") + "\n";
}

function itemLine(item, nowMs) {
  const line = `- ${item.done.length ? "[x]" : "[ ]"} ${item.text}`;
  if (!item.done.length) return line;
  const times = item.done.map(formatStamp);
  if (!item.everyMinutes) return `${line} ${t("checklist.md_ticked", { time: times.at(-1) })}`;
  const next = item.done.at(-1) + item.everyMinutes * 60 * 1000;
  const due = t(nowMs >= next ? "checklist.md_overdue_since" : "checklist.md_next_due", { time: formatStamp(next) });
  const values = { every: item.everyShort, last: times.at(-1), due };
  if (times.length > 1) return `${line} ${t("checklist.md_repeated_times", { ...values, n: times.length, times: times.join(", ") })}`;
  return `${line} ${t("checklist.md_repeated", values)}`;
}

/**
 * Markdown for `checklist`:
 *   { incident: "name", exportedAt: ms, title: "Scribe checklist",
 *     sections: [{ title: "On appointment",
 *                  items: [{ text: "…", done: [ms, …], everyMinutes: 360 | null, everyShort: "every 6 h" }] }] }
 * Item text is already Markdown (links written as [text](url)).
 */
export function checklistMarkdown(checklist) {
  const items = checklist.sections.flatMap((section) => section.items);
  const done = items.filter((item) => item.done.length).length;
  return markdownBlocks([
    [`### ${t("checklist.md_title", { title: checklist.title, incident: checklist.incident })}`],
    [t("checklist.md_progress", { done, total: items.length, time: formatStamp(checklist.exportedAt) })],
    ...checklist.sections.flatMap((section) => [[`**${section.title}**`],
      section.items.map((item) => itemLine(item, checklist.exportedAt))]),
  ]);
}
