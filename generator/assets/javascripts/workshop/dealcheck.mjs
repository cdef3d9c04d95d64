// dealcheck.mjs: the paired deal check page's controller (/dealcheck), mounted on its form (mount.mjs). It posts
// this side's limit with the browser's participant key, then asks every few seconds what this side may know:
// whether the other side has entered, whether a zone exists, and its width once both agreed. The server never
// sends the other side's number. When an entry gets no answer at all (the Wi-Fi dropped), the page says so and the
// form keeps it, to press again (or it goes by itself when the browser is back online). What it shows is in
// dealcheck-view.mjs.

import { mount } from "../page/mount.mjs";
import { notSentText, pollText, readEntry, refusedText, statusText } from "./dealcheck-view.mjs";
import { participantKey } from "./participant.mjs";

const POLL_MS = 3000;

class DealCheck {
  constructor(form) {
    this.form = form;
    this.status = document.querySelector("[data-dealcheck-status]");
    this.button = form.querySelector("button[type=submit]");
    this.timer = null;
    this.unsent = false; // an entry that got no answer from the server: the form still holds it
    window.addEventListener("online", () => {
      if (this.unsent) this.enter();
    });
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      this.enter();
    });
    this.poll();
  }

  say(text) {
    this.status.textContent = text;
  }

  /** This side's view, or null when it has not entered yet. */
  async fetchView() {
    const response = await fetch("/api/dealcheck", { headers: { "X-Dealcraft-Participant": participantKey() } });
    if (!response.ok) throw new Error(`the server answered ${response.status}`);
    const view = await response.json();
    return view.entered ? view : null;
  }

  async poll() {
    try {
      const view = await this.fetchView();
      this.say(pollText({ view, unsent: this.unsent }));
      if (view) this.form.hidden = false;
    } catch (err) {
      this.say(pollText({ error: err.message, unsent: this.unsent }));
    }
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.poll(), POLL_MS);
  }

  async enter() {
    this.button.disabled = true;
    let response;
    try {
      response = await fetch("/api/dealcheck", {
        method: "POST",
        headers: { "Content-Type": "application/json", "X-Dealcraft-Participant": participantKey() },
        body: JSON.stringify(readEntry(this.form)),
        cache: "no-store",
      });
    } catch (err) {
      this.unsent = true;
      this.say(notSentText(err.message));
      return;
    } finally {
      this.button.disabled = false;
    }
    this.unsent = false;
    const reply = await response.json().catch(() => ({}));
    if (!response.ok) {
      this.say(refusedText(reply, response.status));
      return;
    }
    this.say(statusText(reply));
    this.poll();
  }
}

mount({ selector: "[data-dealcheck]", create: (form) => new DealCheck(form), name: "deal check" });
