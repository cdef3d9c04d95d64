// planner-view.mjs: what the concession planner shows for a list of issues (planner.mjs holds the rules): the
// editable rows, the quadrant chart and its table, the suggested trades and the open questions. No state here.

import { quadrantChart } from "../markup/charts.mjs";
import { toSvgElement } from "../markup/svg.mjs";
import { el } from "./dom.mjs";
import { ifThenPrompts, itemLabel, MAX_ITEMS } from "./planner.mjs";

const SCORE_LABELS = { mine: "Matters to me", cost: "Cost to concede", theirs: "Matters to them" };
const ROLE_WORDS = { offer: "Offer it", ask: "Ask for it", hold: "Hold or discuss" };
let uid = 0; // only makes ids unique within a document

function scoreSelect(field, value, id) {
  const select = el("select", { name: field, id, "aria-describedby": "dc-plan-scale-hint" });
  for (let v = 1; v <= 5; v++) select.append(el("option", { value: v, selected: v === value, text: String(v) }));
  return select;
}

function rowNode(item, index) {
  const base = `dc-plan-${++uid}`;
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
  const legend = el("legend", { text: `Issue ${index + 1}` });
  return el("li", { class: "dc-plan-row", "data-row": index }, el("fieldset", {}, legend, ...fields, remove));
}

/** One editable row per issue; "Add an issue" is disabled at the limit. */
export function showRows(root, items) {
  root.querySelector("[data-rows]").replaceChildren(...items.map(rowNode));
  const add = root.querySelector('[data-action="add"]');
  if (add) add.disabled = items.length >= MAX_ITEMS;
}

/** The issues as the rows hold them. */
export function readRows(root) {
  return [...root.querySelectorAll("[data-rows] [data-row]")].map((row) => ({
    issue: row.querySelector('[name="issue"]').value,
    mine: Number(row.querySelector('[name="mine"]').value),
    cost: Number(row.querySelector('[name="cost"]').value),
    theirs: Number(row.querySelector('[name="theirs"]').value),
  }));
}

/** The quadrant chart of cost to concede against worth to them, sized to its box. */
export function drawChart(chart, items, roles) {
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

/** The table that says what the chart shows. */
export function showTable(body, items, roles) {
  body.replaceChildren(...items.map((it, i) => el("tr", {},
    el("th", { scope: "row", text: itemLabel(it, i) }),
    el("td", { text: String(it.mine) }),
    el("td", { text: String(it.cost) }),
    el("td", { text: String(it.theirs) }),
    el("td", { text: ROLE_WORDS[roles[i]] }))));
}

/** The suggested trades with if-then wording to try, or why there is none yet. */
export function showTrades(box, trades) {
  const list = el("ol", { class: "dc-plan-trades" });
  for (const t of trades) {
    const prompts = el("ul", { class: "dc-plan-prompts" }, ...ifThenPrompts(t).map((p) => el("li", { text: p })));
    list.append(el("li", { class: "dc-plan-trade", "data-trade": "", "data-give": t.giveIssue, "data-get": t.getIssue },
      el("p", {}, "Give ground on ", el("strong", { text: t.giveIssue }), " in return for ", el("strong", { text: t.getIssue }), "."),
      el("p", { class: "dc-plan-say", text: "Try saying:" }),
      prompts));
  }
  box.replaceChildren(trades.length ? list : el("p", {
    class: "dc-plan-empty",
    text: "No trade to suggest yet. A trade needs one issue that is worth more to them than it costs you, and one that matters more to you than to them. Adjust the scores, or add issues.",
  }));
}

/** The questions to ask about issues left out of every trade; the box hides when there are none. */
export function showOpenQuestions(box, questions) {
  box.replaceChildren(...(questions.length ? [el("ul", {}, ...questions.map((q) => el("li", { text: q })))] : []));
  box.closest("[data-open-box]")?.toggleAttribute("hidden", !questions.length);
}
