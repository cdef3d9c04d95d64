// send-view.mjs: what the send button shows: its two buttons and status line, the sentences it says, the
// scores the page's results show (read back from their data attributes) and the report's file name. No state.

import { roundHalfAway } from "../core/numbers.mjs";

/** "10:42" in the participant's own time zone. */
export function clock(iso) {
  const at = new Date(iso);
  return `${String(at.getHours()).padStart(2, "0")}:${String(at.getMinutes()).padStart(2, "0")}`;
}

const ROUND_SENT = { before: " as your first-round answers", after: " as your second-round answers" };

/** What the page says about the round a send goes to, in plain words ("" for an unknown round). */
export function roundText(round) {
  if (round === "after") {
    return "Second round: you are answering again at the end of the workshop. Your report will compare these answers with your first ones.";
  }
  if (round === "before") return "First round: you are answering at the start of the workshop.";
  return "";
}

/** Every sentence the status line says. */
export const TEXT = {
  intro: "This page is served by your facilitator's workshop. Your answers stay in this browser until you press “Send to the facilitator”.",
  incomplete: "Not sent: some questions still need an answer (see above).",
  sending: "Sending…",
  gone: "The facilitator no longer has your answers. Press “Send to the facilitator” to send them again.",
  preparing: "Preparing your report…",
  downloaded: "Your report is in your downloads.",
  sent: (at, round) => `Sent at ${clock(at)}${ROUND_SENT[round] ?? ""}. Sending again replaces these answers.`,
  unchanged: (at) => `Already sent at ${clock(at)} — nothing changed: the facilitator already has these very answers.`,
  secondRound: (at) => `Your first answers were sent at ${clock(at)}. The facilitator has opened the second round: answer again as you see yourself now, then press “Send to the facilitator”.`,
  roundChanged: "Not sent: the facilitator changed the round since you pressed Send. Check your answers, then press “Send to the facilitator” again.",
  waiting: (delay) => `Not sent yet: the facilitator's laptop cannot be reached. Your answers are kept in this browser and will be sent as soon as it answers (next try in ${roundHalfAway(delay / 1000)} s).`,
  refused: (message, status) => `Not sent: the facilitator's server refused these answers. ${message ?? `(error ${status})`}`,
  differ: (at, ids) => `Sent at ${clock(at)}, but the facilitator's server scored your answers differently (${ids.join(", ")}). Please tell your facilitator.`,
  downloadFailed: (message) => `The report could not be downloaded: ${message}`,
};

function button(text, action, primary) {
  const node = Object.assign(document.createElement("button"), {
    type: "button",
    className: primary ? "dc-button dc-button--primary" : "dc-button",
    textContent: text,
  });
  node.dataset.action = action;
  return node;
}

/** Add "Send to the facilitator", a hidden "Download my report (PDF)", a status line and (above the buttons,
 * hidden until the room's round is known) the round's note to the quiz's form. */
export function addControls(form) {
  const actions = form.querySelector(".dc-actions");
  const send = button("Send to the facilitator", "send", true);
  const download = button("Download my report (PDF)", "report", false);
  download.hidden = true;
  const status = Object.assign(document.createElement("p"), { className: "dc-message" });
  status.dataset.dcSendStatus = "";
  status.setAttribute("role", "status");
  const roundNote = Object.assign(document.createElement("p"), { className: "dc-message", hidden: true });
  roundNote.dataset.dcRoundNote = "";
  actions.append(send, download);
  actions.after(status);
  actions.before(roundNote);
  return { send, download, status, roundNote };
}

/** Say which round a send goes to. */
export function showRound(roundNote, round) {
  roundNote.textContent = roundText(round);
  roundNote.hidden = !roundNote.textContent;
}

/** Mark the form as sent at `at` (data-sent-at, the download offered), or with null as not sent. */
export function showSent(form, download, at) {
  if (at) form.dataset.sentAt = at;
  else delete form.dataset.sentAt;
  download.hidden = !at;
}

const number = (text) => (text === "" || text === undefined ? null : Number(text));

/** The scores the results show, for `differences` (sending.mjs): their data-score and data-band attributes. */
export function shownScores(resultsEl) {
  const overall = resultsEl.querySelector("[data-overall]");
  return {
    overall: overall ? { score: number(overall.dataset.score), band: overall.dataset.band || null } : null,
    dimensions: [...resultsEl.querySelectorAll("[data-dimension]")].map((li) => ({
      id: li.dataset.dimension,
      score: number(li.dataset.score),
      band: li.dataset.band || null,
    })),
  };
}

/** The file name a Content-Disposition header gives, else "report.pdf". */
export const attachmentName = (header) => /filename="([^"]+)"/.exec(header ?? "")?.[1] ?? "report.pdf";
