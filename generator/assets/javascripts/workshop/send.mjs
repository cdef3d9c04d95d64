// send.mjs: the "Send to the facilitator" button's controller, mounted on every quiz form (mount.mjs). Only a
// workshop server loads this module (it adds it to every page it serves); the published static site never
// does, so there nothing is sent, as before.
//
// A send keeps the answers document in this browser's outbox first, then posts it to /api/answers with this
// browser's participant key. No answer from the server: the outbox stays and is sent again with backoff (and
// at once when the browser is back online). A 4xx is final and shown. After a 2xx the form carries
// data-sent-at, the page says "Sent at 10:42" (or, for the very answers it already had, "Already sent at 10:42 —
// nothing changed"), and the server's scores are compared with the page's own.
// The room collects a first round (before the workshop) and, once the facilitator opens it, a second round (after):
// the page says which one a send goes to; the server decides, and refuses a send meant for the other round.
// The rules are in sending.mjs, what it shows in send-view.mjs, what it keeps in participant.mjs.

import { mount } from "../page/mount.mjs";
import { downloadBlob } from "../page/storage.mjs";
import { mountQuiz } from "../quiz/quiz.mjs"; // the page's own module instance: one quiz controller per form
import { forget, load, participantKey, save } from "./participant.mjs";
import { addControls, attachmentName, showRound, showSent, shownScores, TEXT } from "./send-view.mjs";
import { currentRound, differences, outcome, retryDelay, secondRoundDue, wrongRound } from "./sending.mjs";

class Sender {
  constructor(root, quiz) {
    this.root = root;
    this.quiz = quiz;
    this.qid = quiz.q.id;
    this.form = root.querySelector("form[data-questionnaire]");
    this.attempts = 0;
    this.timer = null;
    this.round = null;
    const { send, download, status, roundNote } = addControls(this.form);
    Object.assign(this, { button: send, download, status, roundNote });
    send.addEventListener("click", () => this.send());
    download.addEventListener("click", () => this.downloadReport());
    window.addEventListener("online", () => this.retryNow());
    document.addEventListener("visibilitychange", () => {
      if (document.visibilityState === "visible") this.checkRound();
    });
    this.restore();
    this.checkRound();
  }

  /** Ask the room which round it collects and say it; a first-round receipt does not count as sent once the
   * second round is open. Returns the round (null when the server cannot be reached). */
  async checkRound() {
    const round = await currentRound();
    if (round === null || round === this.round) return round;
    this.round = round;
    this.root.dataset.dcRound = round;
    showRound(this.roundNote, round);
    const sent = load(`sent:${this.qid}`);
    if (secondRoundDue(round, sent, Boolean(load(`outbox:${this.qid}`)))) {
      showSent(this.form, this.download, null);
      this.download.hidden = false; // the first round's report is still theirs to download
      this.say(TEXT.secondRound(sent.at));
    }
    return round;
  }

  say(text) {
    this.status.textContent = text;
  }

  restore() {
    const sent = load(`sent:${this.qid}`);
    if (sent?.at) this.markSent(sent.at, sent.round);
    else this.say(TEXT.intro);
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
        showSent(this.form, this.download, null);
        this.say(TEXT.gone);
      }
    } catch {
      // offline: keep what we know
    }
  }

  markSent(at, round) {
    showSent(this.form, this.download, at);
    this.say(TEXT.sent(at, round));
  }

  async send() {
    if (!this.quiz.submit()) {
      this.say(TEXT.incomplete);
      return;
    }
    const round = (await this.checkRound()) ?? this.round; // the round this send is meant for: the server checks it
    const doc = this.quiz.answersDocument();
    save(`outbox:${this.qid}`, round ? { ...doc, round } : doc);
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
    this.say(TEXT.sending);
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
    const result = outcome(response?.status ?? null);
    if (result === "retry") {
      const delay = retryDelay(this.attempts);
      this.attempts += 1;
      this.root.dataset.dcSendPending = "";
      this.say(TEXT.waiting(delay));
      this.timer = setTimeout(() => this.attempt(), delay);
      return;
    }
    delete this.root.dataset.dcSendPending;
    forget(`outbox:${this.qid}`);
    const body = await response.json().catch(() => ({}));
    if (wrongRound(response.status, body)) {
      this.round = null; // say the room's round again
      await this.checkRound();
      this.say(TEXT.roundChanged);
      return;
    }
    if (result === "refused") {
      this.say(TEXT.refused(body.message, response.status));
      return;
    }
    save(`sent:${this.qid}`, { at: body.updated_at, revision: body.revision, round: body.round });
    this.markSent(body.updated_at, body.round);
    if (body.changed === false) this.say(TEXT.unchanged(body.updated_at)); // the first send's time, kept as it was
    const resultsEl = this.root.querySelector("[data-results]");
    const differ = body.scores && !resultsEl.hidden ? differences(body.scores, shownScores(resultsEl)) : [];
    if (differ.length) {
      this.root.dataset.dcScoresDiffer = differ.join(" ");
      this.say(TEXT.differ(body.updated_at, differ));
    } else {
      delete this.root.dataset.dcScoresDiffer;
    }
  }

  async downloadReport() {
    this.say(TEXT.preparing);
    try {
      const response = await fetch(`/api/report/${encodeURIComponent(this.qid)}`, {
        headers: { "X-Dealcraft-Participant": participantKey() },
        cache: "no-store",
      });
      if (!response.ok) {
        const body = await response.json().catch(() => ({}));
        throw new Error(body.message ?? `error ${response.status}`);
      }
      downloadBlob(attachmentName(response.headers.get("Content-Disposition")), await response.blob());
      this.say(TEXT.downloaded);
    } catch (err) {
      this.say(TEXT.downloadFailed(err.message));
    }
  }
}

// A second controller on the quiz's root: it names its own mark (data-dc-send-mounted), so data-dc-mounted
// still says the quiz itself started.
mount({ selector: ".dc-quiz", create: async (root) => new Sender(root, await mountQuiz(root)), name: "send button", marker: "dcSendMounted" });
