// zone-calculator.mjs: the bargaining-zone calculator's controller. It keeps which fields were touched, reads
// the form, computes the zone (zone.mjs), asks zone-view.mjs to show it and keeps the entries in "#zone=...".

import { computeZone } from "../core/zone.mjs";
import { clearFragment, fragmentFor, readFragment, shareUrl } from "../page/storage.mjs";
import { offerLink, setStatus } from "./dom.mjs";
import { ZONE_FIELDS, drawChart, fillEntries, readEntries, showErrors, showResult } from "./zone-view.mjs";

const FIELD_OF_INPUT = Object.fromEntries(Object.entries(ZONE_FIELDS).map(([key, name]) => [name, key]));

export class ZoneCalculator {
  constructor(root) {
    this.root = root;
    this.form = root.querySelector("form");
    this.status = root.querySelector("[data-zone-status]");
    this.touched = new Set();
    this.wire();
    this.readLink();
    this.update({ writeFragment: false });
  }

  wire() {
    const { form, root } = this;
    form.addEventListener("submit", (e) => e.preventDefault());
    form.addEventListener("input", (e) => {
      const key = FIELD_OF_INPUT[e.target.name];
      if (key) this.touched.add(key);
      this.update();
    });
    form.addEventListener("change", () => this.update());
    form.addEventListener("focusout", (e) => {
      const key = FIELD_OF_INPUT[e.target.name];
      if (key && e.target.value !== "" && !this.touched.has(key)) {
        this.touched.add(key);
        this.update({ writeFragment: false });
      }
    });
    const on = (action, handler) => root.querySelector(`[data-action="${action}"]`)?.addEventListener("click", handler);
    on("share", () => {
      this.update();
      offerLink(shareUrl("zone", readEntries(form)), root.querySelector("[data-share-url]"), this.status);
    });
    on("print", () => window.print());
    on("reset", () => {
      form.reset();
      this.touched.clear();
      this.update();
      setStatus(this.status, "Cleared.");
      form.querySelector('[name="my_limit"]')?.focus();
    });
  }

  /** Compute and show the zone; keep the entries in the URL fragment unless told not to. */
  update({ writeFragment = true } = {}) {
    const entries = readEntries(this.form);
    const result = computeZone(entries);
    const unit = entries.unit.trim().slice(0, 12);
    showErrors(this.root, result, this.touched);
    showResult(this.root, result, unit, this.touched);
    drawChart(this.root, result, unit);
    if (writeFragment) this.writeLink(entries);
  }

  writeLink(entries) {
    const empty = ["my_limit", "their_low", "their_high", "target", "unit"].every((key) => !entries[key]);
    try {
      if (empty) clearFragment("zone");
      else history.replaceState(history.state, "", fragmentFor("zone", entries));
    } catch {
      /* a sandboxed page may refuse; the calculator still works */
    }
  }

  /** Fill the form from "#zone=..." when the address has one; returns whether it did. */
  readLink() {
    let state = null;
    try {
      state = readFragment("zone");
    } catch (err) {
      setStatus(this.status, `The link could not be read (${err.message}). Start from empty fields.`);
      return false;
    }
    if (!state || typeof state !== "object") return false;
    fillEntries(this.form, state);
    for (const key of Object.keys(ZONE_FIELDS)) this.touched.add(key);
    return true;
  }

  /** A new link in the address of the open page (see mount.mjs). */
  restore() {
    if (this.readLink()) this.update({ writeFragment: false });
  }
}
