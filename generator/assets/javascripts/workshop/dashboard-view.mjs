// dashboard-view.mjs: what the facilitator's dashboard shows for a state.json: the counts, the round, each
// questionnaire's dot strips and shift, and the participants' table. Names and every other text from
// participants go in as text, never as HTML; the dot strips are SVG drawn by the server from scores only
// (report/charts.py). No state here.

import { el } from "../tools/dom.mjs";

/** Every sentence the dashboard says or asks. */
export const TEXT = {
  round: {
    before: "The before round is open: answers sent now are each participant's first round.",
    after: "The after round is open: answers sent now are stored as each participant's second round, next to their first.",
  },
  confirm: {
    after: "Open the after round? Answers sent from now on are stored as each participant's second round.",
    before: "Go back to the before round? Answers sent from now on replace each participant's first round.",
    purge: "Delete every answer and report of this room? This cannot be undone.",
    remove: (name) => `Delete the answers of ${name || "this participant"}?`,
  },
  roundCounts: (rounds) => `before ${rounds.before} · after ${rounds.after}`,
  tooFew: (minGroup, before) => `Shown from ${minGroup} ${minGroup === 1 ? "respondent" : "respondents"}; ${before} so far.`,
  strip: (strip) => `${strip.title}: mean ${strip.mean ?? "–"}`,
  shift: (pairs) => `Before and after: ${pairs} ${pairs === 1 ? "person" : "people"} answered both rounds`,
  report: (enabled, ready) => (!enabled ? "off" : ready ? "ready" : "rendering…"),
  sent: (at, revision) => `${at}${revision > 1 ? ` (sent ${revision} times)` : ""}`,
  updated: (at) => `Updated ${at}`,
  refused: (status) => `The server answered ${status}; retrying.`,
  unreachable: "The server cannot be reached; retrying.",
  done: "Done.",
  failed: (message) => `Failed: ${message}`,
  zipping: "Preparing the zip; the progress bar below shows the reports being finished…",
  zipped: "The zip is in your downloads.",
  zipFailed: (message) => `The zip could not be made: ${message}`,
};

const time = (iso) => (iso ? new Date(iso).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" }) : "");

/** The paired shift: average scores of the people who answered both rounds (the summary PDF's table). */
function shiftTable(shift) {
  const head = el("tr", {}, ...["Dimension", "People", "Before", "After", "Change"].map((t) => el("th", { text: t, scope: "col" })));
  const rows = shift.rows.map((r) => el("tr", {}, ...[r.title, r.people, r.before ?? "–", r.after ?? "–", r.change].map((v) => el("td", { text: String(v) }))));
  return el("div", { "data-shift": "" },
    el("h4", { text: TEXT.shift(shift.pairs) }),
    el("table", { class: "ws-table" }, el("thead", {}, head), el("tbody", {}, ...rows)));
}

function groupSection(q) {
  const section = el("section", { class: "ws-group", "data-group": q.id }, el("h3", { text: `${q.title} (${TEXT.roundCounts(q.rounds)})` }));
  // Who answered only in the after round, in the server's words (the summary PDF's): not in the shift or the strips
  if (q.only_after) section.append(el("p", { text: q.only_after, "data-only-after": "" }));
  if (!q.aggregate) {
    section.append(el("p", { text: TEXT.tooFew(q.min_group, q.rounds.before), class: "ws-muted", "data-too-few": "" }));
    return section;
  }
  for (const strip of q.aggregate.strips) {
    const figure = el("figure");
    figure.innerHTML = strip.svg; // server-drawn SVG of numbers (titles are escaped there)
    if (strip.scale) figure.append(el("figcaption", { text: strip.scale, class: "ws-muted", "data-per-dot": String(strip.per_dot) }));
    section.append(el("div", { class: "ws-strip", "data-strip": strip.id }, el("span", { text: TEXT.strip(strip) }), figure));
  }
  if (q.aggregate.lowest.length) {
    section.append(el("h4", { text: "Lowest-scored items" }));
    section.append(el("ol", { "data-lowest": "" }, ...q.aggregate.lowest.map((item) => el("li", { text: `${item.text} (mean ${item.mean})` }))));
  }
  if (q.shift) section.append(shiftTable(q.shift));
  return section;
}

function personRow(p, reportsEnabled, onDelete) {
  const button = el("button", { text: "Delete", type: "button", class: "ws-button ws-danger", "data-delete": String(p.id) });
  button.addEventListener("click", () => onDelete(p));
  return el("tr", { "data-participant": String(p.id) },
    el("td", { text: p.name || "(no name)", class: "ws-name", dir: "auto" }),
    el("td", { text: p.questionnaire }),
    el("td", { text: p.round }),
    el("td", { text: TEXT.sent(time(p.updated_at), p.revision) }),
    el("td", { text: TEXT.report(reportsEnabled, p.report_ready) }),
    el("td", {}, button));
}

/** Show `state` (state.json) in the dashboard `root`; `onDelete(participant)` runs when a row's Delete is pressed. */
export function showState(root, state, { onDelete }) {
  const $ = (selector) => root.querySelector(selector);
  $("[data-total]").textContent = String(state.total);
  for (const q of state.questionnaires) {
    const out = root.querySelector(`[data-count="${CSS.escape(q.id)}"]`);
    if (out) out.textContent = String(q.count);
    const split = root.querySelector(`[data-round-counts="${CSS.escape(q.id)}"]`);
    if (split) split.textContent = TEXT.roundCounts(q.rounds);
  }
  const round = state.room.round ?? "before";
  $("[data-round]").dataset.round = round;
  $("[data-round-state]").textContent = TEXT.round[round];
  $("[data-room-state]").textContent = state.room.open ? "open" : "closed";
  $("[data-reports-ready]").textContent = String(state.reports.ready);
  $("[data-reports-total]").textContent = String(state.reports.total);
  const bar = $("[data-reports-progress]");
  bar.max = Math.max(1, state.reports.total);
  bar.value = state.reports.ready;
  $("[data-groups]").replaceChildren(...state.questionnaires.map(groupSection));
  $("[data-participants]").replaceChildren(...state.participants.map((p) => personRow(p, state.reports.enabled, onDelete)));
  $("[data-updated]").textContent = TEXT.updated(new Date().toLocaleTimeString());
}
