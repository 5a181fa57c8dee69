// The incident record as Markdown, for the incident channel or the
// post-mortem. Pure and DOM-free: incident-page.mjs passes the record and
// what the handbook says about its items and wizards.
import { dutiesOf, itemKey, tickedItem } from "./incident-state.mjs";
import { markdownBlocks } from "./checklist-markdown.mjs";
import { utcStamp } from "./incident-time.mjs";
import { t } from "./words.mjs";

/**
 * Where each item and wizard of the handbook is: `data` is the incident page's {roles: [{id, name, url, items:
 * [{id, text, markdown, phase, every (minutes), every_short (its words), url}]}], trees: [{id, title, url}]}; urls resolved against `base`.
 */
export function handbookIndex(data, base) {
  const abs = (url) => new URL(url, base).href;
  const roles = data.roles ?? [];
  const items = new Map(roles.flatMap((role) => (role.items ?? []).map((item) =>
    [itemKey(role.id, item.id), { ...item, role: role.name, roleId: role.id, url: abs(item.url) }])));
  const trees = new Map((data.trees ?? []).map((tree) => [tree.id, { ...tree, url: abs(tree.url) }]));
  return { roles, items, trees };
}

/** The link that reopens decision `d` in its wizard, or null if this handbook has no such wizard. */
export function decisionUrl(index, d) {
  const tree = index.trees.get(d.tree);
  if (!tree) return null;
  const url = new URL(tree.url);
  url.searchParams.set(d.tree, d.path);
  return url.href;
}

/** Every event of the record, oldest first: {at: ms, kind, ...}. */
export function timeline(incident) {
  const events = [{ at: Date.parse(incident.created), kind: "started" }];
  for (const [key, item] of Object.entries(incident.items)) {
    item.done.forEach((time, n) => events.push({ at: Date.parse(time), kind: n === 0 ? "ticked" : "again", key }));
  }
  for (const decision of incident.decisions) events.push({ at: Date.parse(decision.at), kind: "decision", decision });
  const order = { started: 0, decision: 1, ticked: 2, again: 3 };
  return events.sort((a, b) => a.at - b.at || order[a.kind] - order[b.kind] || String(a.key).localeCompare(String(b.key)));
}

function itemWords(index, key, markdown) {
  const item = index.items.get(key);
  return item ? { role: item.role, text: markdown ? item.markdown : item.text } : { role: null, text: key };
}

/** One event in words: "Ticked (Scribe): Open the timeline…". */
export function eventWords(index, event, { markdown = false } = {}) {
  if (event.kind === "started") return t("record.event_started");
  if (event.kind === "decision") return t("record.event_decision", { title: event.decision.title, outcome: event.decision.outcome });
  const { role, text } = itemWords(index, event.key, markdown);
  if (event.kind === "ticked") return role ? t("record.event_ticked_role", { role, text }) : t("record.event_ticked", { text });
  return role ? t("record.event_again_role", { role, text }) : t("record.event_again", { text });
}

/** Roles with their progress in `incident`: [{name, url, done, total}]. */
export function progressByRole(index, incident) {
  return index.roles.map((role) => {
    const done = role.items.filter((item) => tickedItem(incident, itemKey(role.id, item.id))).length;
    return { id: role.id, name: role.name, url: role.url, done, total: role.items.length };
  });
}

/** The record of `incident` (named `name`) as Markdown, as of `nowMs`. */
export function incidentMarkdown(incident, name, index, nowMs) {
  const decisions = incident.decisions.flatMap((d) => {
    const url = decisionUrl(index, d);
    return [[`**${d.title}** (${t("record.md_decided_at", { time: utcStamp(Date.parse(d.at)) })}): ${d.outcome}`],
      d.record.split("\n").map((line) => (line ? `> ${line}` : ">")),
      url ? [`[${t("record.reopen_decision")}](${url})`] : []];
  });
  const duties = dutiesOf(incident, nowMs).map((duty) => {
    const { role, text } = itemWords(index, duty.key, true);
    const when = t(duty.overdue ? "record.md_overdue_since" : "record.md_next_due", { time: utcStamp(duty.next) });
    const short = index.items.get(duty.key)?.every_short;
    const cadence = short ? t("record.md_cadence", { every: short, last: utcStamp(duty.last) })
      : t("record.md_last_done", { last: utcStamp(duty.last) });
    return `- ${role ? `${role}: ` : ""}${text} — ${when} ${cadence}`;
  });
  const progress = progressByRole(index, incident).filter((role) => role.done)
    .map((role) => `- ${role.name}: ${t("checklist.progress", { done: role.done, total: role.total })}`);
  return markdownBlocks([
    [`## ${t("record.heading", { name })}`],
    [t("record.md_started", { started: utcStamp(Date.parse(incident.created)), exported: utcStamp(nowMs) })],
    [["channel", "record.channel_label"], ["plan", "record.plan_label"]]
      .filter(([link]) => incident[link]).map(([link, label]) => `- ${t(label)}: <${incident[link]}>`),
    [`### ${t("record.timeline")}`],
    timeline(incident).map((event) => `- ${utcStamp(event.at)}: ${eventWords(index, event, { markdown: true })}`),
    [`### ${t("record.decisions")}`],
    ...(decisions.length ? decisions : [[t("record.no_decisions")]]),
    [`### ${t("record.duties")}`],
    duties.length ? duties : [t("record.no_duties")],
    [`### ${t("record.progress")}`],
    progress.length ? progress : [t("record.nothing_ticked")],
  ]);
}
