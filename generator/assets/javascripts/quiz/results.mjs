// results.mjs: the results panel of a quiz, a view of toJson(score(...)): overall, radar and bars by dimension,
// recommendations, computed numbers, the zone figure and the knowledge checks. No state here.
// One string of markup parsed once, which on the first submit is far cheaper than a node per call. Our
// pre-rendered HTML from the YAML goes in as HTML; every other text is escaped (t), above all the user's.

import { formatNumber, isNumber } from "../core/numbers.mjs";
import { bandLabel, shownScore } from "../core/scoring.mjs";
import { radarChart } from "../markup/radar.mjs";
import { escapeXml as t } from "../markup/svg.mjs";

const scoreAttr = (score) => (isNumber(score) ? String(score) : "");
/** The scorer's shown score as the panel writes it, "–" for no score (the one rule lives in scoring.mjs). */
const scoreText = (score) => (isNumber(score) ? String(shownScore(score)) : "–");

function guideLink(link, fallback) {
  if (!link) return "";
  return `<p class="dc-guide"><a href="${t(link.href)}">${t(`Read the guide: ${link.title || fallback}`)}</a></p>`;
}

/** The right option of a knowledge check (a choice whose options score only 0 or 100, one of them 100), or null. */
function rightOption(q) {
  if (q.type !== "choice" || !q.options?.length) return null;
  const right = q.options.filter((o) => o.score === 100);
  return right.length === 1 && q.options.every((o) => o.score === 0 || o.score === 100) ? right[0] : null;
}

// Plain formatting: Intl (toLocaleString) costs tens of milliseconds the first time it is used.
const MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];

function formatComputed(value, unit) {
  if (typeof value === "number") return `${unit}${formatNumber(value, 2)}`;
  if (typeof value === "boolean") return value ? "yes" : "no";
  if (Array.isArray(value)) return value.join(", ");
  return String(value);
}

/** Whether `count` dimensions get a radar: within `limits.radar_axes` (generator/limits.py), the range the PDF
 * report draws one for too. Two spokes draw a line, not a profile; past twelve the labels run into each other. */
export function drawsRadar(count, limits) {
  const [fewest, most] = limits.radar_axes;
  return count >= fewest && count <= most;
}

/** The results panel's markup for toJson(score(...)) and the active `answers` (everything but the heading). */
export function resultsHtml({ compiled, result, answers, respondent = {}, now = new Date() }) {
  const q = compiled.questionnaire;
  const { html, links } = compiled;
  const who = [respondent.name, respondent.group].filter(Boolean).join(", ");
  const date = `${now.getDate()} ${MONTHS[now.getMonth()]} ${now.getFullYear()}`;
  let out = `<p class="dc-result-meta">${t(`${q.title} · version ${q.version} · ${date}${who ? ` · ${who}` : ""}`)}</p>`;

  const overall = result.overall ?? { score: null, band: null };
  const overallFeedback = overall.band && html.feedback?.[overall.band];
  out +=
    `<div class="dc-overall" data-overall="" data-score="${scoreAttr(overall.score)}" data-band="${t(overall.band ?? "")}">` +
    `<p class="dc-overall-line">Overall <strong class="dc-overall-score">${scoreText(overall.score)}</strong> / 100 · <strong>${t(bandLabel(q, null, overall.band) ?? "No score yet")}</strong></p>` +
    (overallFeedback ? `<div class="dc-feedback">${overallFeedback}</div>` : "") +
    "</div>";

  // Dimensions: radar with a table alternative, then one bar each with feedback and guide.
  const dims = q.dimensions.map((d) => ({ d, r: result.dimensions?.[d.id] ?? { score: null, band: null } }));
  if (dims.length) {
    out += "<h3>By dimension</h3>";
    if (drawsRadar(dims.length, compiled.limits)) {
      const chart = radarChart({
        title: `${q.title}: scores by dimension`,
        format: scoreText,
        axes: dims.map(({ d, r }) => ({ label: d.title, value: r.score })),
      });
      // The table alternative holds what the chart shows. A table never shrinks to 1px, so the hidden wrapper is
      // a div; the class keeps Material's style of plain tables (a scrollable box) off it.
      const rows = dims.map(({ d, r }) => `<tr><th scope="row">${t(d.title)}</th><td>${scoreText(r.score)}</td></tr>`);
      out +=
        `<figure class="dc-radar">${chart}<div class="dc-sr-only"><table class="dc-table"><caption>Scores by dimension (0 to 100)</caption>` +
        `<thead><tr><th scope="col">Dimension</th><th scope="col">Score</th></tr></thead><tbody>${rows.join("")}</tbody></table></div></figure>`;
    }
    out += '<ul class="dc-dimensions">';
    for (const { d, r } of dims) {
      const width = isNumber(r.score) ? Math.max(0, Math.min(100, r.score)) : 0;
      const feedback = r.band ? html.dimensions?.[d.id]?.feedback?.[r.band] : null;
      const lean = r.band && d.sides && r.side ? d.sides[r.side] : null;
      const score = r.band ? `${scoreText(r.score)} · ${bandLabel(q, d.id, r.band)}` : "No answers yet";
      out +=
        `<li data-dimension="${t(d.id)}" data-score="${scoreAttr(r.score)}" data-band="${t(r.band ?? "")}"${d.sides ? ` data-side="${t(r.side ?? "")}"` : ""}>` +
        `<div class="dc-dimension-head"><h4>${t(d.title)}</h4><span>${t(score)}${lean ? ` · <strong class="dc-lean">${t(lean)}</strong>` : ""}</span></div>` +
        `<div class="dc-bar" style="--dc-score: ${width}%" aria-hidden="true"></div>` +
        (feedback ? `<div class="dc-feedback">${feedback}</div>` : "") +
        guideLink(links.dimensions?.[d.id], d.title) +
        "</li>";
    }
    out += "</ul>";
  }

  // Flags about the situation (kind: circumstance) come apart from the advice on the person's readiness.
  const kinds = Object.fromEntries((q.recommendations ?? []).map((r) => [r.id, r.kind ?? "advice"]));
  const item = (id) =>
    `<li data-recommendation="${t(id)}"><div class="dc-feedback">${html.recommendations?.[id] ?? ""}</div>${guideLink(links.recommendations?.[id], "more on this")}</li>`;
  const flags = (result.recommendations ?? []).filter((id) => kinds[id] === "circumstance");
  const recs = (result.recommendations ?? []).filter((id) => kinds[id] !== "circumstance");
  if (flags.length) {
    out += `<h3>About your situation</h3><p class="dc-muted">Not scored: what the situation asks of you.</p><ul class="dc-recommendations dc-flags">${flags.map(item).join("")}</ul>`;
  }
  out += "<h3>Recommendations</h3>";
  if (recs.length) {
    out += `<ul class="dc-recommendations">${recs.map(item).join("")}</ul>`;
  } else {
    out += '<p class="dc-muted">No specific recommendations for these answers.</p>';
  }

  // Computed values with a label (e.g. the bargaining zone)
  const computed = (q.computed ?? []).filter((c) => c.label && result.computed?.[c.id] != null);
  if (computed.length) {
    out += '<h3>Your numbers</h3><dl class="dc-computed">';
    for (const c of computed) {
      const v = result.computed[c.id];
      out += `<dt>${t(c.label)}</dt><dd>${t(formatComputed(v, typeof v === "number" ? q.zone?.unit ?? "" : ""))}</dd>`;
    }
    out += "</dl>";
  }

  // The bargaining zone, drawn like the calculator (zone.mjs and charts.mjs load only for questionnaires with a zone).
  if (q.zone) out += '<h3>Your bargaining zone</h3><figure class="dc-zone" data-zone-chart=""></figure>';

  // Knowledge checks: right or not, with the explanation
  let checks = "";
  for (const x of q.questions) {
    const right = rightOption(x);
    const explanation = html.questions?.[x.id]?.explanation;
    if (!right || !(x.id in answers || explanation)) continue;
    const given = answers[x.id];
    const ok = given === right.id;
    const mark = ok ? "✓ Right: " : given === undefined ? "– Not answered. " : "✗ Not quite: ";
    const chosen = given === undefined ? "" : `you chose “${x.options.find((o) => o.id === given)?.label ?? given}”. `;
    checks +=
      `<li class="${ok ? "dc-right" : "dc-wrong"}" data-check="${t(x.id)}" data-correct="${ok}">` +
      `<p class="dc-check-q">${html.questions?.[x.id]?.text ?? t(x.text)}</p>` +
      `<p class="dc-check-a"><span class="dc-mark">${mark}</span>${t(chosen + (ok ? "" : `The answer is “${right.label}”.`))}</p>` +
      (explanation ? `<div class="dc-explanation">${explanation}</div>` : "") +
      "</li>";
  }
  if (checks) out += `<h3>Your answers, checked</h3><ol class="dc-checks">${checks}</ol>`;

  return out + '<p class="dc-muted">Scores run from 0 to 100 and are rounded for display. Export your answers to get the same figures in a PDF report.</p>';
}

/** Fill `section` (after its heading) with the results of toJson(score(...)) for the active `answers`. */
export function renderResults(section, { compiled, result, answers, respondent }) {
  section.replaceChildren(section.querySelector("h2"));
  section.insertAdjacentHTML("beforeend", resultsHtml({ compiled, result, answers, respondent }));
  const q = compiled.questionnaire;
  const zone = q.zone && section.querySelector("[data-zone-chart]");
  if (zone) {
    import("./zonefigure.mjs")
      .then(({ drawZone }) => drawZone(zone, q.zone, answers))
      .catch((err) => console.error("dealcraft: zone diagram", err));
  }
  return section;
}
