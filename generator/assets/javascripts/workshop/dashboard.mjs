// dashboard.mjs: the facilitator's dashboard's controller, mounted on its page (mount.mjs). It keeps the page
// live (it polls state.json every two seconds, and dashboard-view.mjs shows it) and runs the page's actions:
// the zip, closing and opening the room, the rounds, deleting one participant or every answer.

import { mount } from "../page/mount.mjs";
import { downloadBlob } from "../page/storage.mjs";
import { showState, TEXT } from "./dashboard-view.mjs";

const POLL_MS = 2000;

class Dashboard {
  constructor(root) {
    this.root = root;
    this.csrf = document.querySelector('meta[name="csrf-token"]').content;
    const on = (action, handler) => root.querySelector(`[data-action="${action}"]`).addEventListener("click", handler);
    const confirmed = (question, url, status) => () => {
      if (confirm(question)) this.post(url, status);
    };
    on("zip", () => this.downloadZip());
    on("close", () => this.post("/facilitator/close"));
    on("open", () => this.post("/facilitator/open"));
    on("round-after", confirmed(TEXT.confirm.after, "/facilitator/round/after", "[data-round-status]"));
    on("round-before", confirmed(TEXT.confirm.before, "/facilitator/round/before", "[data-round-status]"));
    on("purge", confirmed(TEXT.confirm.purge, "/facilitator/purge"));
    this.refresh();
    setInterval(() => this.refresh(), POLL_MS);
  }

  say(selector, text) {
    this.root.querySelector(selector).textContent = text;
  }

  async refresh() {
    try {
      const response = await fetch("/facilitator/state.json", { cache: "no-store" });
      if (response.ok) showState(this.root, await response.json(), { onDelete: (p) => this.remove(p) });
      else this.say("[data-updated]", TEXT.refused(response.status));
    } catch {
      this.say("[data-updated]", TEXT.unreachable);
    }
  }

  remove(participant) {
    if (confirm(TEXT.confirm.remove(participant.name))) this.post(`/facilitator/participants/${participant.id}/delete`);
  }

  async post(url, status = "[data-action-status]") {
    try {
      const response = await fetch(url, { method: "POST", headers: { "X-CSRF-Token": this.csrf } });
      const body = await response.json();
      this.say(status, response.ok ? TEXT.done : body.message);
    } catch (err) {
      this.say(status, TEXT.failed(err.message));
    }
    this.refresh();
  }

  async downloadZip() {
    this.say("[data-zip-status]", TEXT.zipping);
    try {
      const response = await fetch("/facilitator/reports.zip", { cache: "no-store" });
      if (!response.ok) throw new Error(`the server answered ${response.status}`);
      downloadBlob("reports.zip", await response.blob());
      this.say("[data-zip-status]", TEXT.zipped);
    } catch (err) {
      this.say("[data-zip-status]", TEXT.zipFailed(err.message));
    }
  }
}

mount({ selector: "body.ws-dashboard", create: (root) => new Dashboard(root), name: "dashboard" });
