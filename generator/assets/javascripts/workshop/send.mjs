// send.mjs: the "Send to the facilitator" button. Only a workshop server loads this module (it adds it to every
// page it serves); the published static site never does, so there nothing is sent, as before.
//
// A send keeps the answers document in this browser's outbox first, then posts it to /api/answers with this
// browser's participant key. No answer from the server: the outbox stays and is sent again with backoff (and
// at once when the browser is back online). A 4xx is final and shown. After a 2xx the form carries
// data-sent-at, the page says "Sent at 10:42", and the server's scores are compared with the page's own.

const PREFIX = "dealcraft-workshop:";
const BACKOFF_MS = [1000, 2000, 4000, 8000, 15000, 30000];
const KEY_PATTERN = /^[A-Za-z0-9_-]{16,128}$/;
const senders = new WeakMap();

function storage() {
  try {
    return globalThis.localStorage ?? null;
  } catch {
    return null;
  }
}

function load(key) {
  try {
    const text = storage()?.getItem(PREFIX + key);
    return text ? JSON.parse(text) : null;
  } catch {
    return null;
  }
}

function save(key, value) {
  try {
    storage()?.setItem(PREFIX + key, JSON.stringify(value));
    return true;
  } catch {
    return false;
  }
}

function forget(key) {
  try {
    storage()?.removeItem(PREFIX + key);
  } catch {
    // storage is off: nothing was kept
  }
}

/** This browser's participant key: random, made once, kept in localStorage; the server knows only its hash. */
export function participantKey() {
  let key = load("participant");
  if (typeof key !== "string" || !KEY_PATTERN.test(key)) {
    const bytes = crypto.getRandomValues(new Uint8Array(16));
    key = Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
    save("participant", key);
  }
  return key;
}

/** "10:42" in the participant's own time zone. */
export function clock(iso) {
  const at = new Date(iso);
  return `${String(at.getHours()).padStart(2, "0")}:${String(at.getMinutes()).padStart(2, "0")}`;
}

const close = (a, b) => (a === null || b === null ? a === b : Math.abs(a - b) <= 1e-9);
const number = (text) => (text === "" || text === undefined ? null : Number(text));

/** Where the server's scores differ from the results the page shows (its data-score/data-band attributes). */
export function differences(scores, resultsEl) {
  const out = [];
  const overall = resultsEl.querySelector("[data-overall]");
  if (overall) {
    const mine = number(overall.dataset.score);
    if (!close(mine, scores.overall?.score ?? null) || (overall.dataset.band || null) !== (scores.overall?.band ?? null)) {
      out.push("overall");
    }
  }
  for (const li of resultsEl.querySelectorAll("[data-dimension]")) {
    const theirs = scores.dimensions?.[li.dataset.dimension] ?? { score: null, band: null };
    if (!close(number(li.dataset.score), theirs.score) || (li.dataset.band || null) !== theirs.band) {
      out.push(li.dataset.dimension);
    }
  }
  return out;
}

class Sender {
  constructor(root, quiz) {
    this.root = root;
    this.quiz = quiz;
    this.qid = quiz.q.id;
    this.form = root.querySelector("form[data-questionnaire]");
    this.attempts = 0;
    this.timer = null;
    const actions = this.form.querySelector(".dc-actions");
    this.button = Object.assign(document.createElement("button"), {
      type: "button",
      className: "dc-button dc-button--primary",
      textContent: "Send to the facilitator",
    });
    this.button.dataset.action = "send";
    this.status = Object.assign(document.createElement("p"), { className: "dc-message" });
    this.status.dataset.dcSendStatus = "";
    this.status.setAttribute("role", "status");
    this.download = Object.assign(document.createElement("button"), {
      type: "button",
      className: "dc-button",
      textContent: "Download my report (PDF)",
      hidden: true,
    });
    this.download.dataset.action = "report";
    actions.append(this.button, this.download);
    actions.after(this.status);
    this.button.addEventListener("click", () => this.send());
    this.download.addEventListener("click", () => this.downloadReport());
    window.addEventListener("online", () => this.retryNow());
    this.restore();
  }

  say(text) {
    this.status.textContent = text;
  }

  restore() {
    const sent = load(`sent:${this.qid}`);
    if (sent?.at) this.markSent(sent.at);
    else this.say("This page is served by your facilitator's workshop. Your answers stay in this browser until you press “Send to the facilitator”.");
    if (load(`outbox:${this.qid}`)) this.attempt();
    else if (sent?.at) this.checkStillThere();
  }

  /** After a reload: if the facilitator deleted the submission, stop saying it was sent. */
  async checkStillThere() {
    try {
      const response = await fetch(`/api/answers/${encodeURIComponent(this.qid)}`, {
        headers: { "X-Dealcraft-Participant": participantKey() },
        cache: "no-store",
      });
      if (response.status === 404) {
        forget(`sent:${this.qid}`);
        delete this.form.dataset.sentAt;
        this.download.hidden = true;
        this.say("The facilitator no longer has your answers. Press “Send to the facilitator” to send them again.");
      }
    } catch {
      // offline: keep what we know
    }
  }

  markSent(at) {
    this.form.dataset.sentAt = at;
    this.download.hidden = false;
    this.say(`Sent at ${clock(at)}. Sending again replaces these answers.`);
  }

  send() {
    if (!this.quiz.submit()) {
      this.say("Not sent: some questions still need an answer (see above).");
      return;
    }
    save(`outbox:${this.qid}`, this.quiz.answersDocument());
    this.attempts = 0;
    this.attempt();
  }

  retryNow() {
    if (!load(`outbox:${this.qid}`)) return;
    clearTimeout(this.timer);
    this.attempt();
  }

  async attempt() {
    clearTimeout(this.timer);
    const doc = load(`outbox:${this.qid}`);
    if (!doc) return;
    this.button.disabled = true;
    this.say("Sending…");
    let response;
    try {
      response = await fetch("/api/answers", {
        method: "POST",
        headers: { "Content-Type": "application/json", "X-Dealcraft-Participant": participantKey() },
        body: JSON.stringify(doc),
        cache: "no-store",
      });
    } catch {
      response = null;
    }
    this.button.disabled = false;
    if (response === null || response.status >= 500 || response.status === 429 || response.status === 408) {
      const delay = BACKOFF_MS[Math.min(this.attempts, BACKOFF_MS.length - 1)];
      this.attempts += 1;
      this.root.dataset.dcSendPending = "";
      this.say(`Not sent yet: the facilitator's laptop cannot be reached. Your answers are kept in this browser and will be sent as soon as it answers (next try in ${Math.round(delay / 1000)} s).`);
      this.timer = setTimeout(() => this.attempt(), delay);
      return;
    }
    delete this.root.dataset.dcSendPending;
    forget(`outbox:${this.qid}`);
    const body = await response.json().catch(() => ({}));
    if (!response.ok) {
      this.say(`Not sent: the facilitator's server refused these answers. ${body.message ?? `(error ${response.status})`}`);
      return;
    }
    save(`sent:${this.qid}`, { at: body.updated_at, revision: body.revision });
    this.markSent(body.updated_at);
    const resultsEl = this.root.querySelector("[data-results]");
    const differ = body.scores && !resultsEl.hidden ? differences(body.scores, resultsEl) : [];
    if (differ.length) {
      this.root.dataset.dcScoresDiffer = differ.join(" ");
      this.say(`Sent at ${clock(body.updated_at)}, but the facilitator's server scored your answers differently (${differ.join(", ")}). Please tell your facilitator.`);
    } else {
      delete this.root.dataset.dcScoresDiffer;
    }
  }

  async downloadReport() {
    this.say("Preparing your report…");
    try {
      const response = await fetch(`/api/report/${encodeURIComponent(this.qid)}`, {
        headers: { "X-Dealcraft-Participant": participantKey() },
        cache: "no-store",
      });
      if (!response.ok) {
        const body = await response.json().catch(() => ({}));
        throw new Error(body.message ?? `error ${response.status}`);
      }
      const name = /filename="([^"]+)"/.exec(response.headers.get("Content-Disposition") ?? "")?.[1] ?? "report.pdf";
      const link = Object.assign(document.createElement("a"), { href: URL.createObjectURL(await response.blob()), download: name });
      document.body.append(link);
      link.click();
      link.remove();
      setTimeout(() => URL.revokeObjectURL(link.href), 10000);
      this.say("Your report is in your downloads.");
    } catch (err) {
      this.say(`The report could not be downloaded: ${err.message}`);
    }
  }
}

async function mountAll() {
  const script = document.querySelector('script[type="module"][src*="quiz.mjs"]');
  const roots = [...document.querySelectorAll(".dc-quiz")].filter((root) => !senders.has(root));
  if (!script || !roots.length) return;
  const { mountQuiz } = await import(script.src); // the page's own module instance: one controller per form
  for (const root of roots) {
    try {
      senders.set(root, new Sender(root, mountQuiz(root)));
    } catch (err) {
      console.error("dealcraft: the send button could not start", err);
    }
  }
}

function start() {
  if (typeof window.document$?.subscribe === "function") window.document$.subscribe(() => mountAll());
  else if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", mountAll, { once: true });
  else mountAll();
}

if (typeof document !== "undefined") start(); // node imports this module in tests, without a page
