// zonefigure.mjs: the bargaining-zone diagram in the quiz results, drawn like the calculator on the tools page.
// Loaded (with zone.mjs and charts.mjs) only for questionnaires that have a `zone:`.

import { numberLine } from "./charts.mjs";
import { computeZone, formatAmount, summary } from "./zone.mjs";

/** The zone diagram and its one-sentence summary, from the answers named by the questionnaire's `zone:`. */
export function drawZone(figure, zone, answers) {
  const pick = (key) => (zone[key] ? answers[zone[key]] ?? null : null);
  const role = zone.role === "buyer" || zone.role === "seller" ? zone.role : answers[zone.role] ?? null;
  const result = computeZone({
    role,
    my_limit: pick("my_limit"),
    their_low: pick("their_low"),
    their_high: pick("their_high"),
    target: pick("target"),
  });
  const unit = zone.unit ?? "";
  if (!result.state) {
    const given = ["my_limit", "their_low", "their_high"].some((k) => pick(k) !== null);
    const text = given ? summary(result, unit) : "Answer the walk-away questions to see your bargaining zone here.";
    figure.replaceChildren(Object.assign(document.createElement("p"), { className: "dc-muted", textContent: text }));
    return;
  }
  const fmt = (v) => formatAmount(v, unit);
  const values = [result.my_limit, result.their_low, result.their_high, result.target].filter((v) => v !== null);
  const lo = Math.min(...values);
  const hi = Math.max(...values);
  const pad = hi > lo ? (hi - lo) * 0.2 : Math.max(lo * 0.1, 1);
  const points = [{ value: result.my_limit, label: "Your limit", kind: "mine" }];
  if (result.their_low === result.their_high) points.push({ value: result.their_low, label: "Their limit", kind: "theirs" });
  else {
    points.push({ value: result.their_low, label: "Their low guess", kind: "theirs" });
    points.push({ value: result.their_high, label: "Their high guess", kind: "theirs" });
  }
  if (result.target !== null) points.push({ value: result.target, label: "Target", kind: "target" });
  let interval;
  if (result.state === "exists") interval = { from: result.low, to: result.high, label: `Bargaining zone, ${fmt(result.width)} wide`, kind: "zone" };
  else if (result.state === "none") {
    const from = result.role === "buyer" ? result.my_limit : result.their_high;
    interval = { from, to: from + result.gap, label: `Gap of ${fmt(result.gap)}: no zone`, kind: "gap" };
  } else interval = { from: result.their_low, to: result.their_high, label: "Their limit lies somewhere here", kind: "estimate" };
  const text = summary(result, unit);
  figure.innerHTML = numberLine({
    min: Math.max(0, lo - pad),
    max: hi + pad,
    points,
    interval,
    title: "Your bargaining zone on a number line",
    desc: text,
    format: fmt,
    width: 520,
    ticks: 4,
  });
  figure.dataset.state = result.state;
  figure.append(Object.assign(document.createElement("figcaption"), { textContent: text }));
}
