// zone-view.mjs: what the bargaining-zone calculator shows for a computeZone result (zone.mjs): field errors,
// the result's data attributes and sentence, the guidance for its state, and the number line. No state here.

import { summary, zoneLine } from "../core/zone.mjs";
import { numberLine } from "../markup/charts.mjs";
import { toSvgElement } from "../markup/svg.mjs";
import { el } from "./dom.mjs";

/** The form's input name for each field of computeZone (their names in the DOM contract). */
export const ZONE_FIELDS = { role: "role", my_limit: "my_limit", their_low: "their_limit_low", their_high: "their_limit_high", target: "target" };
const ENTRY_NAMES = { ...ZONE_FIELDS, unit: "unit" };

function value(form, name) {
  const field = form.elements.namedItem(name);
  if (!field) return "";
  return field instanceof RadioNodeList || field.type === "radio" ? (form.querySelector(`[name="${name}"]:checked`)?.value ?? "") : field.value;
}

/** What the form holds, as computeZone's keyword arguments plus `unit`, every value a string. */
export function readEntries(form) {
  return Object.fromEntries(Object.entries(ENTRY_NAMES).map(([key, name]) => [key, value(form, name)]));
}

/** Put saved or shared entries back into the form (strings only, cut to the inputs' length). */
export function fillEntries(form, state) {
  for (const radio of form.querySelectorAll('[name="role"]')) radio.checked = radio.value === state.role;
  for (const [key, name] of Object.entries(ENTRY_NAMES)) {
    const field = form.elements.namedItem(name);
    if (key !== "role" && field && typeof state[key] === "string") field.value = state[key].slice(0, 40);
  }
}

/** Each touched field's error next to it, with aria-invalid on its inputs; untouched fields stay quiet. */
export function showErrors(root, result, touched) {
  const byField = new Map(result.errors.map((e) => [e.field, e.message]));
  for (const [key, name] of Object.entries(ZONE_FIELDS)) {
    const box = root.querySelector(`[data-error-for="${name}"]`);
    const message = touched.has(key) ? byField.get(key) : undefined;
    if (box) {
      box.textContent = message ?? "";
      box.hidden = !message;
    }
    for (const input of root.querySelectorAll(`[name="${name}"]`)) {
      if (message) input.setAttribute("aria-invalid", "true");
      else input.removeAttribute("aria-invalid");
    }
  }
}

/** The result's data attributes, its sentence (or what is still missing), the guidance and the target warning. */
export function showResult(root, result, unit, touched) {
  const out = root.querySelector("[data-zone]");
  const text = (v) => (v === null || v === undefined ? "" : String(v));
  out.dataset.state = result.state ?? "";
  out.dataset.low = text(result.low);
  out.dataset.high = text(result.high);
  out.dataset.width = text(result.width);
  out.dataset.gap = text(result.gap);
  out.dataset.targetPosition = result.target_position ?? "";
  const missing = result.errors.filter((e) => touched.has(e.field));
  const sentence = result.state ? summary(result, unit)
    : missing.length ? `Not yet: ${missing.map((e) => e.message).join(" ")}`
      : "Fill in your walk-away limit and your estimate of theirs to see whether a zone exists.";
  const live = root.querySelector("[data-zone-summary]");
  if (live && live.textContent !== sentence) live.textContent = sentence;
  for (const block of root.querySelectorAll("[data-guidance]")) {
    block.hidden = block.dataset.guidance !== (result.state ?? "");
  }
  const warn = root.querySelector("[data-target-warning]");
  if (warn) warn.hidden = result.target_position !== "beyond_limit";
}

/** The number line of the result, sized to the calculator, or a placeholder until there is a zone or a gap. */
export function drawChart(root, result, unit) {
  const chart = root.querySelector("[data-zone-chart]");
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
