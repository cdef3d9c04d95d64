/**
 * The Tools pages' entry module: mounts the bargaining-zone calculator ([data-calculator="bargaining-zone"])
 * and the concession-trade planner ([data-planner="concession-trades"]) on every page Material shows.
 *
 * Loaded by a <script type="module"> in those two pages only. Material's instant navigation re-inserts that
 * script on each visit, but a module runs once per document, so mounting hangs on `document$` (a replaying
 * stream of page loads) and marks each root with data-dc-mounted, which makes mounting idempotent.
 * Nothing leaves the browser: state lives in the URL fragment and, for the planner, in localStorage.
 *
 * DOM contract (tests and other tools drive it; keep it stable):
 *   calculator  [data-calculator="bargaining-zone"] holding a form with inputs named role (radios buyer|seller),
 *               my_limit, their_limit_low, their_limit_high, target and unit; [data-error-for=NAME] per input;
 *               one [data-zone] with data-state (exists|none|uncertain, empty on bad input), data-low, data-high,
 *               data-width, data-gap (numbers, empty where they do not apply) and data-target-position;
 *               [data-zone-summary] (aria-live sentence); [data-guidance=STATE]; state in "#zone=<base64url JSON>".
 *   planner     [data-planner="concession-trades"]; rows [data-row] with inputs issue, mine, cost, theirs;
 *               [data-action] add | remove (per row) | example | reset | export | import (file input) | share |
 *               print; [data-trades] > [data-trade] with data-give and data-get (issue labels); share links use
 *               "#plan=<base64url JSON>" and the plan autosaves in localStorage.
 */

import { computeZone, summary, zoneLine } from "../core/zone.mjs";
import { numberLine, quadrantChart } from "../markup/charts.mjs";
import { toSvgElement } from "../markup/svg.mjs";
import {
  clearFragment, downloadJson, fragmentFor, load, readFragment, readJsonFile, save, shareUrl, storageKey,
} from "../page/storage.mjs";
import {
  blankItem, classify, exampleItems, ifThenPrompts, itemLabel, MAX_ITEMS, openPrompt, planDocument, readPlan,
  suggestTrades,
} from "./planner.mjs";

const ZONE_FIELDS = { role: "role", my_limit: "my_limit", their_low: "their_limit_low", their_high: "their_limit_high", target: "target" };

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === false || v === null || v === undefined) continue;
    if (k === "text") node.textContent = v;
    else node.setAttribute(k, v === true ? "" : String(v));
  }
  node.append(...children.filter((c) => c !== null && c !== undefined));
  return node;
}

function setStatus(node, text) {
  if (!node) return;
  // Clearing first makes a repeated message announce again.
  node.textContent = "";
  setTimeout(() => { node.textContent = text; }, 30);
}

/** Offer a link: copy it when the browser allows, and always show it so it can be copied by hand. */
async function offerLink(url, output, status) {
  if (output) {
    output.value = url;
    output.hidden = false;
    output.closest("[data-share-box]")?.removeAttribute("hidden");
  }
  let copied = false;
  try {
    await navigator.clipboard.writeText(url);
    copied = true;
  } catch {
    copied = false;
  }
  setStatus(status, copied
    ? "Link copied. It holds your entries in its fragment (after #), which browsers never send to a server."
    : "Copy the link below. It holds your entries in its fragment (after #), which browsers never send to a server.");
}

/* ---------------------------------------------------------------- bargaining-zone calculator */

function mountZone(root) {
  const form = root.querySelector("form");
  const out = root.querySelector("[data-zone]");
  if (!form || !out) return;
  const sentence = root.querySelector("[data-zone-summary]");
  const chart = root.querySelector("[data-zone-chart]");
  const status = root.querySelector("[data-zone-status]");
  const touched = new Set();

  const value = (name) => {
    const field = form.elements.namedItem(name);
    if (!field) return "";
    return field instanceof RadioNodeList || field.type === "radio" ? (form.querySelector(`[name="${name}"]:checked`)?.value ?? "") : field.value;
  };
  const entries = () => ({
    role: value("role"),
    my_limit: value("my_limit"),
    their_low: value("their_limit_low"),
    their_high: value("their_limit_high"),
    target: value("target"),
    unit: value("unit"),
  });

  function fill(state) {
    for (const radio of form.querySelectorAll('[name="role"]')) radio.checked = radio.value === state.role;
    for (const [key, name] of [["my_limit", "my_limit"], ["their_low", "their_limit_low"], ["their_high", "their_limit_high"], ["target", "target"], ["unit", "unit"]]) {
      const field = form.elements.namedItem(name);
      if (field && typeof state[key] === "string") field.value = state[key].slice(0, 40);
    }
  }

  function showErrors(result) {
    const byField = new Map(result.errors.map((e) => [e.field, e.message]));
    for (const [key, name] of Object.entries(ZONE_FIELDS)) {
      const box = root.querySelector(`[data-error-for="${name}"]`);
      const message = touched.has(key) ? byField.get(key) : undefined;
      if (box) {
        box.textContent = message ?? "";
        box.hidden = !message;
      }
      for (const input of form.querySelectorAll(`[name="${name}"]`)) {
        if (message) input.setAttribute("aria-invalid", "true");
        else input.removeAttribute("aria-invalid");
      }
    }
  }

  function drawChart(result, unit) {
    if (!chart) return;
    chart.replaceChildren();
    if (!result.state) {
      chart.append(el("p", { class: "dc-calc-placeholder", text: "The diagram appears once your limit and your estimate of theirs are filled in." }));
      return;
    }
    const width = Math.round(Math.max(300, Math.min(720, root.clientWidth || 600)));
    const markup = numberLine({
      ...zoneLine(result, unit),
      title: "Bargaining zone on a number line",
      desc: summary(result, unit),
      width,
      ticks: width < 480 ? 3 : 5,
    });
    chart.append(toSvgElement(markup));
  }

  function update({ writeFragment = true } = {}) {
    const raw = entries();
    const result = computeZone(raw);
    const unit = raw.unit.trim().slice(0, 12);
    showErrors(result);
    const num = (v) => (v === null || v === undefined ? "" : String(v));
    out.dataset.state = result.state ?? "";
    out.dataset.low = num(result.low);
    out.dataset.high = num(result.high);
    out.dataset.width = num(result.width);
    out.dataset.gap = num(result.gap);
    out.dataset.targetPosition = result.target_position ?? "";
    const anyTouched = result.errors.some((e) => touched.has(e.field));
    const text = result.state ? summary(result, unit)
      : anyTouched ? `Not yet: ${result.errors.filter((e) => touched.has(e.field)).map((e) => e.message).join(" ")}`
        : "Fill in your walk-away limit and your estimate of theirs to see whether a zone exists.";
    if (sentence && sentence.textContent !== text) sentence.textContent = text;
    for (const block of root.querySelectorAll("[data-guidance]")) {
      block.hidden = block.dataset.guidance !== (result.state ?? "");
    }
    const warn = root.querySelector("[data-target-warning]");
    if (warn) warn.hidden = result.target_position !== "beyond_limit";
    drawChart(result, unit);
    if (writeFragment) {
      const state = { role: raw.role, my_limit: raw.my_limit, their_low: raw.their_low, their_high: raw.their_high, target: raw.target, unit: raw.unit };
      const empty = !state.my_limit && !state.their_low && !state.their_high && !state.target && !state.unit;
      try {
        if (empty) clearFragment("zone");
        else history.replaceState(history.state, "", fragmentFor("zone", state));
      } catch {
        /* a sandboxed page may refuse; the calculator still works */
      }
    }
  }

  function restore() {
    let state = null;
    try {
      state = readFragment("zone");
    } catch (err) {
      setStatus(status, `The link could not be read (${err.message}). Start from empty fields.`);
      return false;
    }
    if (!state || typeof state !== "object") return false;
    fill(state);
    for (const key of Object.keys(ZONE_FIELDS)) touched.add(key);
    return true;
  }

  form.addEventListener("submit", (e) => e.preventDefault());
  form.addEventListener("input", (e) => {
    const key = Object.keys(ZONE_FIELDS).find((k) => ZONE_FIELDS[k] === e.target.name);
    if (key) touched.add(key);
    update();
  });
  form.addEventListener("change", () => update());
  form.addEventListener("focusout", (e) => {
    const key = Object.keys(ZONE_FIELDS).find((k) => ZONE_FIELDS[k] === e.target.name);
    if (key && e.target.value !== "" && !touched.has(key)) {
      touched.add(key);
      update({ writeFragment: false });
    }
  });
  root.querySelector('[data-action="share"]')?.addEventListener("click", () => {
    update();
    offerLink(shareUrl("zone", { ...entries() }), root.querySelector("[data-share-url]"), status);
  });
  root.querySelector('[data-action="print"]')?.addEventListener("click", () => window.print());
  root.querySelector('[data-action="reset"]')?.addEventListener("click", () => {
    form.reset();
    touched.clear();
    update();
    setStatus(status, "Cleared.");
    form.querySelector('[name="my_limit"]')?.focus();
  });
  root.dcRestore = () => {
    if (restore()) update({ writeFragment: false });
  };
  restore();
  update({ writeFragment: false });
}

/* ---------------------------------------------------------------- concession-trade planner */

const SCORE_LABELS = {
  mine: "Matters to me",
  cost: "Cost to concede",
  theirs: "Matters to them",
};
const ROLE_WORDS = { offer: "Offer it", ask: "Ask for it", hold: "Hold or discuss" };

function mountPlanner(root) {
  const list = root.querySelector("[data-rows]");
  if (!list) return;
  const chart = root.querySelector("[data-plan-chart]");
  const tableBody = root.querySelector("[data-plan-table] tbody");
  const tradesBox = root.querySelector("[data-trades]");
  const openBox = root.querySelector("[data-open-questions]");
  const status = root.querySelector("[data-plan-status]");
  const key = storageKey("concession-planner");
  let items = [blankItem()];
  let uid = 0;

  function scoreSelect(field, value, id) {
    const select = el("select", { name: field, id, "aria-describedby": "dc-plan-scale-hint" });
    for (let v = 1; v <= 5; v++) select.append(el("option", { value: v, selected: v === value, text: String(v) }));
    return select;
  }

  function rowNode(item, index) {
    const n = ++uid;
    const base = `dc-plan-${n}`;
    const legend = el("legend", { text: `Issue ${index + 1}` });
    const name = el("input", {
      type: "text", name: "issue", id: `${base}-issue`, maxlength: 120, autocomplete: "off",
      placeholder: "e.g. price, delivery date, warranty",
    });
    name.value = item.issue;
    const fields = [el("div", { class: "dc-plan-name" }, el("label", { for: `${base}-issue`, text: "Issue" }), name)];
    for (const field of ["mine", "cost", "theirs"]) {
      fields.push(el("div", { class: "dc-plan-score" },
        el("label", { for: `${base}-${field}`, text: SCORE_LABELS[field] }),
        scoreSelect(field, item[field], `${base}-${field}`)));
    }
    const remove = el("button", { type: "button", class: "dc-tool-button dc-tool-button-quiet", "data-action": "remove", text: "Remove" });
    remove.setAttribute("aria-label", `Remove issue ${index + 1}`);
    return el("li", { class: "dc-plan-row", "data-row": index }, el("fieldset", {}, legend, ...fields, remove));
  }

  function renderRows() {
    list.replaceChildren(...items.map(rowNode));
    const add = root.querySelector('[data-action="add"]');
    if (add) add.disabled = items.length >= MAX_ITEMS;
  }

  function readRows() {
    items = [...list.querySelectorAll("[data-row]")].map((row) => ({
      issue: row.querySelector('[name="issue"]').value,
      mine: Number(row.querySelector('[name="mine"]').value),
      cost: Number(row.querySelector('[name="cost"]').value),
      theirs: Number(row.querySelector('[name="theirs"]').value),
    }));
  }

  function renderOutputs() {
    const { trades, unpairedOffers, unpairedAsks } = suggestTrades(items);
    const roles = items.map((it) => classify(it).role);
    if (chart) {
      const seen = new Map();
      const points = items.map((it, i) => {
        const spot = `${it.cost},${it.theirs}`;
        const k = seen.get(spot) ?? 0;
        seen.set(spot, k + 1);
        // Issues that share a cell are stacked downwards so each label stays readable.
        return { x: it.cost, y: it.theirs - k * 0.3, label: itemLabel(it, i), kind: roles[i] };
      });
      const size = Math.round(Math.max(300, Math.min(440, chart.clientWidth || 400)));
      chart.replaceChildren(toSvgElement(quadrantChart({
        points,
        title: "Your issues by what conceding costs you and what they are worth to the other side",
        desc: items.length
          ? items.map((it, i) => `${itemLabel(it, i)}: costs you ${it.cost} to concede, matters to them ${it.theirs}; ${ROLE_WORDS[roles[i]].toLowerCase()}`).join("; ")
          : "No issues yet.",
        xLabel: "What conceding costs you (1 to 5)",
        yLabel: "What it is worth to them (1 to 5)",
        quadrants: ["Offer these", "Trade with care", "Low stakes", "Keep these"],
        // 0..6 keeps scores of 1 and 5 clear of the edges and captions; the midlines still fall on 3.
        min: 0,
        max: 6,
        size,
      })));
    }
    if (tableBody) {
      tableBody.replaceChildren(...items.map((it, i) => el("tr", {},
        el("th", { scope: "row", text: itemLabel(it, i) }),
        el("td", { text: String(it.mine) }),
        el("td", { text: String(it.cost) }),
        el("td", { text: String(it.theirs) }),
        el("td", { text: ROLE_WORDS[roles[i]] }))));
    }
    if (tradesBox) {
      const listNode = el("ol", { class: "dc-plan-trades" });
      for (const t of trades) {
        const prompts = el("ul", { class: "dc-plan-prompts" }, ...ifThenPrompts(t).map((p) => el("li", { text: p })));
        listNode.append(el("li", { class: "dc-plan-trade", "data-trade": "", "data-give": t.giveIssue, "data-get": t.getIssue },
          el("p", {}, "Give ground on ", el("strong", { text: t.giveIssue }), " in return for ", el("strong", { text: t.getIssue }), "."),
          el("p", { class: "dc-plan-say", text: "Try saying:" }),
          prompts));
      }
      tradesBox.replaceChildren(trades.length ? listNode : el("p", {
        class: "dc-plan-empty",
        text: "No trade to suggest yet. A trade needs one issue that is worth more to them than it costs you, and one that matters more to you than to them. Adjust the scores, or add issues.",
      }));
    }
    if (openBox) {
      const questions = [
        ...unpairedOffers.map((i) => openPrompt(items[i], i, "offer")),
        ...unpairedAsks.map((i) => openPrompt(items[i], i, "ask")),
      ];
      openBox.replaceChildren(...(questions.length ? [el("ul", {}, ...questions.map((q) => el("li", { text: q })))] : []));
      openBox.closest("[data-open-box]")?.toggleAttribute("hidden", !questions.length);
    }
    save(key, planDocument(items));
  }

  function setItems(next, message) {
    items = next.length ? next : [blankItem()];
    renderRows();
    renderOutputs();
    if (message) setStatus(status, message);
  }

  list.addEventListener("input", () => { readRows(); renderOutputs(); });
  list.addEventListener("change", () => { readRows(); renderOutputs(); });
  list.addEventListener("click", (e) => {
    const button = e.target.closest('[data-action="remove"]');
    if (!button) return;
    const row = button.closest("[data-row]");
    const index = [...list.querySelectorAll("[data-row]")].indexOf(row);
    readRows();
    const removed = itemLabel(items[index], index);
    items.splice(index, 1);
    setItems(items, `Removed ${removed}.`);
    const rows = list.querySelectorAll("[data-row]");
    (rows[Math.min(index, rows.length - 1)]?.querySelector('[name="issue"]') ?? root.querySelector('[data-action="add"]'))?.focus();
  });
  const on = (action, handler) => root.querySelector(`[data-action="${action}"]`)?.addEventListener("click", handler);
  on("add", () => {
    readRows();
    if (items.length >= MAX_ITEMS) return;
    items.push(blankItem());
    setItems(items, `Added issue ${items.length}.`);
    list.querySelector("[data-row]:last-child [name='issue']")?.focus();
  });
  on("example", () => setItems(exampleItems(), "Loaded the used-car example."));
  on("reset", () => {
    setItems([], "Cleared the planner.");
    list.querySelector('[name="issue"]')?.focus();
  });
  on("export", () => {
    readRows();
    downloadJson("concession-plan.json", planDocument(items));
    setStatus(status, "Saved concession-plan.json to your downloads.");
  });
  on("share", () => {
    readRows();
    offerLink(shareUrl("plan", planDocument(items)), root.querySelector("[data-share-url]"), status);
  });
  on("print", () => window.print());
  const fileInput = root.querySelector('[data-action="import"]');
  fileInput?.addEventListener("change", async () => {
    const file = fileInput.files?.[0];
    if (!file) return;
    try {
      const next = readPlan(await readJsonFile(file, { maxBytes: 200_000 }));
      setItems(next, `Loaded ${next.length} issue${next.length === 1 ? "" : "s"} from ${file.name}.`);
    } catch (err) {
      setStatus(status, `Nothing was loaded. ${err.message}`);
    } finally {
      fileInput.value = "";
    }
  });

  root.dcRestore = () => {
    let shared = null;
    try {
      shared = readFragment("plan");
    } catch (err) {
      setStatus(status, `The shared link could not be read: ${err.message}`);
    }
    if (shared !== null) {
      try {
        const next = readPlan(shared);
        clearFragment("plan");
        setItems(next, `Loaded ${next.length} issue${next.length === 1 ? "" : "s"} from the shared link.`);
        return true;
      } catch (err) {
        setStatus(status, `The shared link could not be used: ${err.message}`);
      }
    }
    return false;
  };
  if (!root.dcRestore()) {
    let saved = null;
    try {
      saved = readPlan(load(key));
    } catch {
      saved = null; // nothing saved yet, or saved by an older planner: start fresh
    }
    setItems(saved ?? [blankItem()]);
  }
}

/* ---------------------------------------------------------------- mounting */

const MOUNTS = [
  ['[data-calculator="bargaining-zone"]', mountZone],
  ['[data-planner="concession-trades"]', mountPlanner],
];

function mountAll() {
  for (const [selector, mount] of MOUNTS) {
    for (const root of document.querySelectorAll(selector)) {
      if (root.dataset.dcMounted) continue;
      root.dataset.dcMounted = "true";
      mount(root);
    }
  }
}

// Once per document: a new link pasted into the address bar changes only the fragment.
window.addEventListener("hashchange", () => {
  for (const [selector] of MOUNTS) for (const root of document.querySelectorAll(selector)) root.dcRestore?.();
});

if (window.document$?.subscribe) window.document$.subscribe(mountAll);
else if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", mountAll, { once: true });
else mountAll();
