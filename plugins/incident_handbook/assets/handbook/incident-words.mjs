// Every word the checklists and the incident record show, in one place, so
// they can move into the handbook's YAML later. Functions take the parts
// that vary; nothing here is ever inserted as HTML.

const plural = (n, one, many) => `${n} ${n === 1 ? one : many}`;

export const WORDS = {
  plural,

  // -- the incident picker ----------------------------------------------------------
  pickerLabel: "Incident",
  pickerRegion: "Current incident",
  pickerHint: "Ticks and decisions are kept in this browser, separately for each incident.",
  newIncident: "New incident",
  switchTo: "Switch to",
  openRecord: "Incident record",
  newIncidentSaid: (name) => `New incident: ${name}. Type its name in the Incident field.`,
  showingSaid: (name, status) => (status ? `Showing ${name}: ${status}.` : `Showing ${name}.`),

  // -- checklists -------------------------------------------------------------------
  toolbarRegion: "Incident checklist",
  toolbarHint: "Tick items as you go. Ticks are kept in this browser, separately for each incident.",
  phaseProgress: (done, total, overdue) => `${done} of ${total} done${overdue ? `, ${overdue} overdue` : ""}`,
  pageProgress: (done, total, overdue) => `${done} of ${total} done${overdue ? ` · ${overdue} overdue` : ""}`,
  copyMarkdown: "Copy as Markdown",
  resetTicks: "Reset ticks…",
  reallyReset: "Really untick all?",
  exportLabel: "The checklist as Markdown: select it all and copy",
  resetTitle: "Reset the ticks?",
  keepTicks: "Keep the ticks",
  untickAll: "Untick all",
  resetText: (count, name) => `This unticks the ${plural(count, "ticked item", "ticked items")} on this page `
    + `for “${name}” and forgets when they were done. It cannot be undone.`,
  doneAgain: "Done again",
  ticked: "Ticked ",
  lastDone: "Last done ",
  nextDue: " · next due ",
  overdue: "Overdue",
  overdueSince: " since ",
  overdueLastDone: " · last done ",
  times: (n) => ` (${plural(n, "time", "times")})`,
  overdueSaid: (text) => `Overdue: ${text}`,
  tickedSaid: (ticked, title, progress) => `${ticked ? "Ticked" : "Unticked"}. ${title}: ${progress}.`,
  doneAgainSaid: (clock, span) => `Done again at ${clock}. Next due in ${span}.`,  // span: "6 hours", from the page
  resetSaid: (name) => `Unticked everything on this page for ${name}.`,
  copiedChecklist: "Copied the checklist as Markdown. Paste it into the comms plan or the incident channel.",
  copyRefused: "This browser did not let the page copy. The Markdown is in the box below: select it all and copy.",
  checklistTitle: (role) => `${role} checklist`,
  checklistsTitle: "Checklists",

  // -- storage trouble --------------------------------------------------------------
  notLeadIn: "Ticks won't be kept. ",
  notLost: "Your ticks are kept only while this tab is open: they will be lost when you reload or close it. "
    + "Use “Copy as Markdown” to keep a record.",
  notWhy: {
    unavailable: "This browser does not let the handbook store anything. ",
    corrupt: "The checklist data stored in this browser could not be read (it is left as it was). ",
    newer: "A newer version of the handbook stored checklist data in this browser: reload the page to use it. ",
    "write-failed": "Your last change could not be stored (the browser's storage is full or refused it). ",
  },
  discard: "Discard the unreadable data and keep ticks from now on",
  discardedSaid: "Ticks are kept in this browser again.",
  writeFailedSaid: "Ticks won't be kept: the browser refused to store them.",
};

Object.assign(WORDS, {
  // -- decisions from the wizards ---------------------------------------------------
  recordDecision: "Record this decision",
  decisionRecorded: (name, clock) => `Recorded in “${name}” at ${clock}.`,
  decisionRefused: "This decision could not be recorded.",
});

Object.assign(WORDS, {
  // -- reminders --------------------------------------------------------------------
  dueTitleWord: "due",
  aDuty: "a repeated duty",
  dutyDueSaid: (text, clock) => `Due now (since ${clock}): ${text}`,
  dutyDueTitle: (name) => `Due in “${name}”`,
});

Object.assign(WORDS, {
  // -- the incident record: page and Markdown --------------------------------------------
  recordHeading: (name) => `Incident record: ${name}`,
  mdStarted: (started, exported) => `Started ${started}; exported ${exported}.`,
  mdDecidedAt: (stamp) => `decided ${stamp}`,
  mdOverdueSince: (stamp) => `**Overdue** since ${stamp}`,
  mdNextDue: (stamp) => `next due ${stamp}`,
  mdCadence: (every, last) => `(every ${every}; last done ${last})`,  // every: "6 hours", from the page
  mdLastDone: (last) => `(last done ${last})`,
  channelLabel: "Incident channel",
  planLabel: "Comms plan",
  linksHint: "Links for whoever reads the record or takes it over (web addresses).",
  linkRefused: "That is not a web address (it should start with https://), so it was not kept.",
  linkSaved: (what) => `${what} kept.`,
  timelineHeading: "Timeline (UTC)",
  decisionsHeading: "Decisions",
  dutiesHeading: "Duties coming due",
  progressHeading: "Progress by role",
  handoverHeading: "Hand over and export",
  eventStarted: "Incident record started",
  eventDecision: (title, outcome) => `Decided with “${title}”: ${outcome}`,
  eventTicked: (role, text) => (role ? `Ticked (${role}): ${text}` : `Ticked: ${text}`),
  eventAgain: (role, text) => (role ? `Done again (${role}): ${text}` : `Done again: ${text}`),
  noDecisions: "No decision recorded yet. At a wizard's outcome, use “Record this decision”.",
  noDuties: "No repeated duty has been started yet.",
  nothingTicked: "Nothing ticked yet.",
  noEvents: "Nothing recorded yet.",
  reopenDecision: "Open this decision in the wizard",
  showRecord: "The decision record",
  answersLabel: "Answers",
  dutyOverdue: "Overdue",
  dutyOverdueSince: " since ",
  dutyNextDue: "Next due ",
  dutyNotStarted: "Not done yet",
  dutyEvery: (every) => ` · every ${every}`,
  dutyLastDone: " · last done ",
  goToChecklist: "Go to the checklist",
  roleChecklist: (name) => `${name}'s checklist`,
  notifyOffer: "Also remind me with a browser notification",
  notifyGranted: "Browser notifications are on for due duties while the handbook is open.",
  notifyDenied: "This browser does not allow notifications from the handbook; the tab's title and an announcement still say when a duty is due.",
  copyRecord: "Copy as Markdown",
  copiedRecord: "Copied the incident record as Markdown. Paste it into the incident channel or the post-mortem.",
  copyRecordRefused: "This browser did not let the page copy. The Markdown is in the box below: select it all and copy.",
  recordExportLabel: "The incident record as Markdown: select it all and copy",
  saveHandover: "Save handover file",
  handoverSaved: (file) => `Saved ${file}. Send it to the next Comms Lead; they open it on this page.`,
  openHandover: "Open a handover file",
  openHandoverHint: "The next Comms Lead opens the file here to continue with the same decisions, ticks and due duties.",
  handoverRefused: (why) => `This handover was not opened, and nothing stored here was changed. ${why}`,
  handoverTaken: (name, decisions, items) => `Opened the handover of “${name}”: `
    + `${plural(decisions, "decision", "decisions")}, ${plural(items, "ticked item", "ticked items")}. It is now the current incident.`,
  handoverUnreadable: "The file could not be read.",
});
