// zonefigure.mjs: the bargaining-zone diagram in the quiz results, drawn like the calculator on the tools page.
// Loaded (with zone.mjs and charts.mjs) only for questionnaires that have a `zone:`.

import { numberLine } from "../markup/charts.mjs";
import { computeZone, summary, zoneLine } from "../core/zone.mjs";

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
  const text = summary(result, unit);
  figure.innerHTML = numberLine({
    ...zoneLine(result, unit),
    title: "Your bargaining zone on a number line",
    desc: text,
    width: 520,
    ticks: 4,
  });
  figure.dataset.state = result.state;
  figure.append(Object.assign(document.createElement("figcaption"), { textContent: text }));
}
