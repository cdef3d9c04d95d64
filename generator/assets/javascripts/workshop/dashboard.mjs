// dashboard.mjs: keeps the facilitator's dashboard live (it polls state.json every two seconds) and runs its
// actions. Names and every other text from participants go in as text, never as HTML; the dot strips are SVG
// drawn by the server from scores only (report/charts.py).

const POLL_MS = 2000;
const csrf = document.querySelector('meta[name="csrf-token"]').content;
const $ = (selector) => document.querySelector(selector);

function el(tag, text, attrs = {}) {
  const node = document.createElement(tag);
  if (text !== undefined) node.textContent = text;
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  return node;
}

const ROUND_TEXT = {
  before: "The before round is open: answers sent now are each participant's first round.",
  after: "The after round is open: answers sent now are stored as each participant's second round, next to their first.",
};
const roundCounts = (rounds) => `before ${rounds.before} · after ${rounds.after}`;

const time = (iso) => (iso ? new Date(iso).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" }) : "");

function renderGroups(blocks) {
  const box = $("[data-groups]");
  const parts = blocks.map((q) => {
    const section = el("section", undefined, { class: "ws-group", "data-group": q.id });
    section.append(el("h3", `${q.title} (${roundCounts(q.rounds)})`));
    if (!q.aggregate) {
      section.append(el("p", `Shown from ${q.min_group} respondents; ${q.rounds.before} so far.`, { class: "ws-muted", "data-too-few": "" }));
      return section;
    }
    for (const strip of q.aggregate.strips) {
      const row = el("div", undefined, { class: "ws-strip", "data-strip": strip.id });
      row.append(el("span", `${strip.title}: mean ${strip.mean ?? "–"}`));
      const figure = el("figure");
      figure.innerHTML = strip.svg; // server-drawn SVG of numbers (titles are escaped there)
      if (strip.scale) figure.append(el("figcaption", strip.scale, { class: "ws-muted", "data-per-dot": String(strip.per_dot) }));
      row.append(figure);
      section.append(row);
    }
    if (q.aggregate.lowest.length) {
      section.append(el("h4", "Lowest-scored items"));
      const list = el("ol", undefined, { "data-lowest": "" });
      for (const item of q.aggregate.lowest) list.append(el("li", `${item.text} (mean ${item.mean})`));
      section.append(list);
    }
    if (q.shift) section.append(shiftTable(q.shift));
    return section;
  });
  box.replaceChildren(...parts);
}

/** The paired shift: average scores of the people who answered both rounds (the summary PDF's table). */
function shiftTable(shift) {
  const box = el("div", undefined, { "data-shift": "" });
  box.append(el("h4", `Before and after: ${shift.pairs} ${shift.pairs === 1 ? "person" : "people"} answered both rounds`));
  const table = el("table", undefined, { class: "ws-table" });
  const head = el("tr");
  for (const title of ["Dimension", "People", "Before", "After", "Change"]) head.append(el("th", title, { scope: "col" }));
  table.append(el("thead"));
  table.tHead.append(head);
  const body = el("tbody");
  for (const r of shift.rows) {
    const tr = el("tr");
    for (const value of [r.title, r.people, r.before ?? "–", r.after ?? "–", r.change]) tr.append(el("td", String(value)));
    body.append(tr);
  }
  table.append(body);
  box.append(table);
  return box;
}

function renderPeople(people, state) {
  const rows = people.map((p) => {
    const tr = el("tr", undefined, { "data-participant": String(p.id) });
    tr.append(el("td", p.name || "(no name)", { class: "ws-name", dir: "auto" }));
    tr.append(el("td", p.questionnaire));
    tr.append(el("td", p.round));
    tr.append(el("td", `${time(p.updated_at)}${p.revision > 1 ? ` (sent ${p.revision} times)` : ""}`));
    tr.append(el("td", !state.reports.enabled ? "off" : p.report_ready ? "ready" : "rendering…"));
    const cell = el("td");
    const button = el("button", "Delete", { type: "button", class: "ws-button ws-danger", "data-delete": String(p.id) });
    button.addEventListener("click", () => {
      if (confirm(`Delete the answers of ${p.name || "this participant"}?`)) post(`/facilitator/participants/${p.id}/delete`);
    });
    cell.append(button);
    tr.append(cell);
    return tr;
  });
  $("[data-participants]").replaceChildren(...rows);
}

function render(state) {
  $("[data-total]").textContent = String(state.total);
  for (const q of state.questionnaires) {
    const out = document.querySelector(`[data-count="${CSS.escape(q.id)}"]`);
    if (out) out.textContent = String(q.count);
    const split = document.querySelector(`[data-round-counts="${CSS.escape(q.id)}"]`);
    if (split) split.textContent = roundCounts(q.rounds);
  }
  const round = state.room.round ?? "before";
  $("[data-round]").dataset.round = round;
  $("[data-round-state]").textContent = ROUND_TEXT[round];
  $("[data-room-state]").textContent = state.room.open ? "open" : "closed";
  $("[data-reports-ready]").textContent = String(state.reports.ready);
  $("[data-reports-total]").textContent = String(state.reports.total);
  const bar = $("[data-reports-progress]");
  bar.max = Math.max(1, state.reports.total);
  bar.value = state.reports.ready;
  renderGroups(state.questionnaires);
  renderPeople(state.participants, state);
  $("[data-updated]").textContent = `Updated ${new Date().toLocaleTimeString()}`;
}

async function refresh() {
  try {
    const response = await fetch("/facilitator/state.json", { cache: "no-store" });
    if (response.ok) render(await response.json());
    else $("[data-updated]").textContent = `The server answered ${response.status}; retrying.`;
  } catch {
    $("[data-updated]").textContent = "The server cannot be reached; retrying.";
  }
}

async function post(url, statusSelector = "[data-action-status]") {
  const status = $(statusSelector);
  try {
    const response = await fetch(url, { method: "POST", headers: { "X-CSRF-Token": csrf } });
    const body = await response.json();
    status.textContent = response.ok ? "Done." : body.message;
  } catch (err) {
    status.textContent = `Failed: ${err.message}`;
  }
  refresh();
}

function save(blob, name) {
  const a = el("a", undefined, { href: URL.createObjectURL(blob), download: name });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(a.href), 10000);
}

async function downloadZip() {
  const status = $("[data-zip-status]");
  status.textContent = "Preparing the zip; the progress bar below shows the reports being finished…";
  try {
    const response = await fetch("/facilitator/reports.zip", { cache: "no-store" });
    if (!response.ok) throw new Error(`the server answered ${response.status}`);
    save(await response.blob(), "reports.zip");
    status.textContent = "The zip is in your downloads.";
  } catch (err) {
    status.textContent = `The zip could not be made: ${err.message}`;
  }
}

$('[data-action="zip"]').addEventListener("click", downloadZip);
$('[data-action="close"]').addEventListener("click", () => post("/facilitator/close"));
$('[data-action="open"]').addEventListener("click", () => post("/facilitator/open"));
$('[data-action="round-after"]').addEventListener("click", () => {
  if (confirm("Open the after round? Answers sent from now on are stored as each participant's second round.")) post("/facilitator/round/after", "[data-round-status]");
});
$('[data-action="round-before"]').addEventListener("click", () => {
  if (confirm("Go back to the before round? Answers sent from now on replace each participant's first round.")) post("/facilitator/round/before", "[data-round-status]");
});
$('[data-action="purge"]').addEventListener("click", () => {
  if (confirm("Delete every answer and report of this room? This cannot be undone.")) post("/facilitator/purge");
});
refresh();
setInterval(refresh, POLL_MS);
