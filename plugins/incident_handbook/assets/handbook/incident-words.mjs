// The checklists' and the incident record's words, by the names their scripts
// use. The words themselves are the page's (words.mjs: the handbook's YAML over
// the defaults in plugins/incident_engine/words.py); here is only which key
// each name reads and how the parts that vary fill it. Nothing here is ever
// inserted as HTML.
import { every, parts, t } from "./words.mjs";

const count = (n, one, many) => t(n === 1 ? one : many, { n });
const progress = (key) => (done, total, overdue) =>
  (overdue ? t(key, { done, total, overdue }) : t("checklist.progress", { done, total }));

export const WORDS = {
  // -- the incident picker ----------------------------------------------------------
  get pickerLabel() { return t("picker.label"); },
  get pickerRegion() { return t("picker.region"); },
  get pickerHint() { return t("picker.hint"); },
  get newIncident() { return t("picker.new"); },
  get switchTo() { return t("picker.switch"); },
  get openRecord() { return t("picker.open_record"); },
  newIncidentSaid: (name) => t("picker.new_said", { name }),
  showingSaid: (name, status) => (status ? t("picker.showing_status_said", { name, status }) : t("picker.showing_said", { name })),

  // -- checklists -------------------------------------------------------------------
  get toolbarRegion() { return t("checklist.region"); },
  get toolbarHint() { return t("checklist.hint"); },
  phaseProgress: progress("checklist.progress_overdue"),
  pageProgress: progress("checklist.page_progress_overdue"),
  get copyMarkdown() { return t("checklist.copy_markdown"); },
  get resetTicks() { return t("checklist.reset"); },
  get reallyReset() { return t("checklist.really_reset"); },
  get exportLabel() { return t("checklist.export_label"); },
  get resetTitle() { return t("checklist.reset_title"); },
  get keepTicks() { return t("checklist.keep_ticks"); },
  get untickAll() { return t("checklist.untick_all"); },
  resetText: (n, name) => t("checklist.reset_text", { items: count(n, "checklist.ticked_item", "checklist.ticked_items"), name }),
  get doneAgain() { return t("checklist.done_again"); },
  /** When an item was ticked, as strings and the given time elements. */
  tickedAt: (time) => parts("checklist.ticked_at", { time }),
  lastDone: (last, next) => parts("checklist.last_done", { last, next }),
  get overdue() { return t("checklist.overdue"); },
  overdueSince: (next, last) => parts("checklist.overdue_since", { next, last }),
  times: (n) => count(n, "checklist.time", "checklist.times"),
  overdueSaid: (text) => t("checklist.overdue_said", { text }),
  tickedSaid: (ticked, title, progress) => t(ticked ? "checklist.ticked_said" : "checklist.unticked_said", { title, progress }),
  doneAgainSaid: (clock, minutes) => t("checklist.done_again_said", {
    clock,
    in: minutes % 60 === 0 ? t("checklist.due_in_hours", { n: minutes / 60 }) : t("checklist.due_in_minutes", { n: minutes }),
  }),
  resetSaid: (name) => t("checklist.reset_said", { name }),
  get copiedChecklist() { return t("checklist.copied"); },
  get copyRefused() { return t("checklist.copy_refused"); },
  checklistTitle: (role) => t("checklist.title_one", { role }),
  get checklistsTitle() { return t("checklist.title_many"); },

  // -- storage trouble --------------------------------------------------------------
  get notLeadIn() { return t("storage.lead_in"); },
  get notLost() { return t("storage.lost"); },
  notWhy: (problem) => ({
    unavailable: t("storage.unavailable"),
    corrupt: t("storage.corrupt"),
    newer: t("storage.newer"),
    "write-failed": t("storage.write_failed"),
  })[problem] ?? "",
  get discard() { return t("storage.discard"); },
  get discardedSaid() { return t("storage.discarded_said"); },
  get writeFailedSaid() { return t("storage.write_failed_said"); },

  // -- decisions from the wizards ---------------------------------------------------
  get recordDecision() { return t("decision.record"); },
  decisionRecorded: (name, clock) => t("decision.recorded", { name, clock }),
  get decisionRefused() { return t("decision.refused"); },

  // -- reminders --------------------------------------------------------------------
  tabTitle: (n, title) => t("reminder.tab_title", { count: n, title }),
  get aDuty() { return t("reminder.a_duty"); },
  dutyDueSaid: (text, clock) => t("reminder.due_said", { text, clock }),
  dutyDueTitle: (name) => t("reminder.due_title", { name }),

  // -- the incident record: page and Markdown --------------------------------------------
  recordHeading: (name) => t("record.heading", { name }),
  mdStarted: (started, exported) => t("record.md_started", { started, exported }),
  mdDecidedAt: (time) => t("record.md_decided_at", { time }),
  mdOverdueSince: (time) => t("record.md_overdue_since", { time }),
  mdNextDue: (time) => t("record.md_next_due", { time }),
  mdCadence: (minutes, last) => t("record.md_cadence", { every: every(minutes, { short: true }), last }),
  mdLastDone: (last) => t("record.md_last_done", { last }),
  get channelLabel() { return t("record.channel_label"); },
  get planLabel() { return t("record.plan_label"); },
  get linksHint() { return t("record.links_hint"); },
  get linkRefused() { return t("record.link_refused"); },
  linkSaved: (what) => t("record.link_saved", { what }),
  get timelineHeading() { return t("record.timeline"); },
  get decisionsHeading() { return t("record.decisions"); },
  get dutiesHeading() { return t("record.duties"); },
  get progressHeading() { return t("record.progress"); },
  get handoverHeading() { return t("record.handover"); },
  get eventStarted() { return t("record.event_started"); },
  eventDecision: (title, outcome) => t("record.event_decision", { title, outcome }),
  eventTicked: (role, text) => (role ? t("record.event_ticked_role", { role, text }) : t("record.event_ticked", { text })),
  eventAgain: (role, text) => (role ? t("record.event_again_role", { role, text }) : t("record.event_again", { text })),
  get noDecisions() { return t("record.no_decisions"); },
  get noDuties() { return t("record.no_duties"); },
  get nothingTicked() { return t("record.nothing_ticked"); },
  get noEvents() { return t("record.no_events"); },
  get reopenDecision() { return t("record.reopen_decision"); },
  get showRecord() { return t("record.show_record"); },
  get answersLabel() { return t("record.answers"); },
  get dutyOverdue() { return t("record.duty_overdue"); },
  dutyOverdueSince: (time) => parts("record.duty_overdue_since", { time }),
  dutyNextDue: (time) => parts("record.duty_next_due", { time }),
  get dutyNotStarted() { return t("record.duty_not_started"); },
  dutyEvery: (minutes) => every(minutes),
  dutyLastDone: (time) => parts("record.duty_last_done", { time }),
  get notifyOffer() { return t("record.notify_offer"); },
  get notifyGranted() { return t("record.notify_granted"); },
  get notifyDenied() { return t("record.notify_denied"); },
  get copyRecord() { return t("record.copy"); },
  get copiedRecord() { return t("record.copied"); },
  get copyRecordRefused() { return t("record.copy_refused"); },
  get recordExportLabel() { return t("record.export_label"); },
  get saveHandover() { return t("record.save_handover"); },
  handoverSaved: (file) => t("record.handover_saved", { file }),
  get openHandover() { return t("record.open_handover"); },
  get openHandoverHint() { return t("record.open_handover_hint"); },
  handoverRefused: (why) => t("record.handover_refused", { why }),
  handoverTaken: (name, decisions, items) => t("record.handover_taken", {
    name,
    decisions: count(decisions, "record.decision", "record.decisions_n"),
    items: count(items, "record.ticked_item", "record.ticked_items"),
  }),
  get handoverUnreadable() { return t("record.handover_unreadable"); },
};
