// concession-planner.mjs: the concession planner's controller. It holds the list of issues, turns edits and
// buttons into a new list, and shows it (planner-view.mjs) after the rules of planner.mjs; the plan autosaves in
// localStorage and travels in "#plan=..." links and JSON files.

import {
  clearFragment, downloadJson, load, readFragment, readJsonFile, save, shareUrl, storageKey,
} from "../page/storage.mjs";
import { offerLink, setStatus } from "./dom.mjs";
import {
  blankItem, classify, exampleItems, itemLabel, MAX_ITEMS, openPrompt, planDocument, readPlan, suggestTrades,
} from "./planner.mjs";
import { drawChart, readRows, showOpenQuestions, showRows, showTable, showTrades } from "./planner-view.mjs";

const plural = (n) => `${n} issue${n === 1 ? "" : "s"}`;

export class ConcessionPlanner {
  constructor(root) {
    this.root = root;
    this.list = root.querySelector("[data-rows]");
    this.status = root.querySelector("[data-plan-status]");
    this.key = storageKey("concession-planner");
    this.items = [blankItem()];
    this.wire();
    if (!this.readLink()) this.setItems(this.saved() ?? []);
  }

  saved() {
    try {
      return readPlan(load(this.key));
    } catch {
      return null; // nothing saved yet, or saved by an older planner: start fresh
    }
  }

  /** Replace the list, show the rows and everything derived from them, and announce `message`. */
  setItems(next, message) {
    this.items = next.length ? next : [blankItem()];
    showRows(this.root, this.items);
    this.showOutputs();
    if (message) setStatus(this.status, message);
  }

  /** The chart, table, trades and open questions for the current list; then autosave. */
  showOutputs() {
    const { root, items } = this;
    const { trades, unpairedOffers, unpairedAsks } = suggestTrades(items);
    const roles = items.map((it) => classify(it).role);
    const chart = root.querySelector("[data-plan-chart]");
    const table = root.querySelector("[data-plan-table] tbody");
    const tradesBox = root.querySelector("[data-trades]");
    const openBox = root.querySelector("[data-open-questions]");
    if (chart) drawChart(chart, items, roles);
    if (table) showTable(table, items, roles);
    if (tradesBox) showTrades(tradesBox, trades);
    if (openBox) {
      showOpenQuestions(openBox, [
        ...unpairedOffers.map((i) => openPrompt(items[i], i, "offer")),
        ...unpairedAsks.map((i) => openPrompt(items[i], i, "ask")),
      ]);
    }
    save(this.key, planDocument(items));
  }

  edited() {
    this.items = readRows(this.root);
    this.showOutputs();
  }

  wire() {
    const { root, list } = this;
    list.addEventListener("input", () => this.edited());
    list.addEventListener("change", () => this.edited());
    list.addEventListener("click", (e) => {
      const button = e.target.closest('[data-action="remove"]');
      if (button) this.remove([...list.querySelectorAll("[data-row]")].indexOf(button.closest("[data-row]")));
    });
    const on = (action, handler) => root.querySelector(`[data-action="${action}"]`)?.addEventListener("click", handler);
    on("add", () => this.add());
    on("example", () => this.setItems(exampleItems(), "Loaded the used-car example."));
    on("reset", () => {
      this.setItems([], "Cleared the planner.");
      list.querySelector('[name="issue"]')?.focus();
    });
    on("export", () => {
      this.items = readRows(root);
      downloadJson("concession-plan.json", planDocument(this.items));
      setStatus(this.status, "Saved concession-plan.json to your downloads.");
    });
    on("share", () => {
      this.items = readRows(root);
      offerLink(shareUrl("plan", planDocument(this.items)), root.querySelector("[data-share-url]"), this.status);
    });
    on("print", () => window.print());
    const file = root.querySelector('[data-action="import"]');
    file?.addEventListener("change", () => this.importFile(file));
  }

  add() {
    const items = readRows(this.root);
    if (items.length >= MAX_ITEMS) return;
    items.push(blankItem());
    this.setItems(items, `Added issue ${items.length}.`);
    this.list.querySelector("[data-row]:last-child [name='issue']")?.focus();
  }

  remove(index) {
    const items = readRows(this.root);
    const removed = itemLabel(items[index], index);
    items.splice(index, 1);
    this.setItems(items, `Removed ${removed}.`);
    const rows = this.list.querySelectorAll("[data-row]");
    (rows[Math.min(index, rows.length - 1)]?.querySelector('[name="issue"]') ?? this.root.querySelector('[data-action="add"]'))?.focus();
  }

  async importFile(input) {
    const file = input.files?.[0];
    if (!file) return;
    try {
      const next = readPlan(await readJsonFile(file, { maxBytes: 200_000 }));
      this.setItems(next, `Loaded ${plural(next.length)} from ${file.name}.`);
    } catch (err) {
      setStatus(this.status, `Nothing was loaded. ${err.message}`);
    } finally {
      input.value = "";
    }
  }

  /** Load the plan in "#plan=..." when the address has one; returns whether it did. */
  readLink() {
    let shared = null;
    try {
      shared = readFragment("plan");
    } catch (err) {
      setStatus(this.status, `The shared link could not be read: ${err.message}`);
    }
    if (shared === null) return false;
    try {
      const next = readPlan(shared);
      clearFragment("plan");
      this.setItems(next, `Loaded ${plural(next.length)} from the shared link.`);
      return true;
    } catch (err) {
      setStatus(this.status, `The shared link could not be used: ${err.message}`);
      return false;
    }
  }

  /** A new link in the address of the open page (see mount.mjs). */
  restore() {
    this.readLink();
  }
}
