// send-view.mjs: what the send button shows: its two buttons and status line, the sentences it says, the
// scores the page's results show (read back from their data attributes) and the downloaded report. No state.

/** "10:42" in the participant's own time zone. */
export function clock(iso) {
  const at = new Date(iso);
  return `${String(at.getHours()).padStart(2, "0")}:${String(at.getMinutes()).padStart(2, "0")}`;
}

/** Every sentence the status line says. */
export const TEXT = {
  intro: "This page is served by your facilitator's workshop. Your answers stay in this browser until you press “Send to the facilitator”.",
  incomplete: "Not sent: some questions still need an answer (see above).",
  sending: "Sending…",
  gone: "The facilitator no longer has your answers. Press “Send to the facilitator” to send them again.",
  preparing: "Preparing your report…",
  downloaded: "Your report is in your downloads.",
  sent: (at) => `Sent at ${clock(at)}. Sending again replaces these answers.`,
  waiting: (delay) => `Not sent yet: the facilitator's laptop cannot be reached. Your answers are kept in this browser and will be sent as soon as it answers (next try in ${Math.round(delay / 1000)} s).`,
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

/** Add "Send to the facilitator", a hidden "Download my report (PDF)" and a status line to the quiz's form. */
export function addControls(form) {
  const actions = form.querySelector(".dc-actions");
  const send = button("Send to the facilitator", "send", true);
  const download = button("Download my report (PDF)", "report", false);
  download.hidden = true;
  const status = Object.assign(document.createElement("p"), { className: "dc-message" });
  status.dataset.dcSendStatus = "";
  status.setAttribute("role", "status");
  actions.append(send, download);
  actions.after(status);
  return { send, download, status };
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

/** Hand `blob` to the browser as a download named `name`. */
export function saveFile(blob, name) {
  const link = Object.assign(document.createElement("a"), { href: URL.createObjectURL(blob), download: name });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(link.href), 10000);
}
