// results.mjs: the results panel, from the scorer's JSON and the compiled questionnaire. Our pre-rendered HTML
// goes in as HTML, anything from the user as text. Contract: see the DOM contract in form.mjs.

import { roundHalfAway } from "./expressions.mjs";
import { formatNumber, radarChart } from "./radar.mjs";

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === null || v === undefined || v === false) continue;
    if (k === "text") node.textContent = v;
    else if (k === "html") node.innerHTML = v; // only our compiled HTML, never user input
    else node.setAttribute(k, v === true ? "" : String(v));
  }
  node.append(...children.filter((c) => c !== null && c !== undefined && c !== false));
  return node;
}

function scoreAttr(score) {
  return typeof score === "number" && Number.isFinite(score) ? String(score) : "";
}

function shown(score) {
  return typeof score === "number" && Number.isFinite(score) ? String(roundHalfAway(score)) : "–";
}

function bandsFor(q, dimensionId) {
  const d = dimensionId ? q.dimensions.find((x) => x.id === dimensionId) : null;
  return (d && d.bands && d.bands.length ? d.bands : q.bands) ?? [];
}

function bandLabel(q, dimensionId, bandId) {
  if (!bandId) return "No score yet";
  return bandsFor(q, dimensionId).find((b) => b.id === bandId)?.label ?? bandId;
}

function guideLink(link, fallback) {
  if (!link) return null;
  const title = link.title || fallback;
  return el("p", { class: "dc-guide" }, el("a", { href: link.href, text: `Read the guide: ${title}` }));
}

function optionLabel(q, value) {
  return q.options?.find((o) => o.id === value)?.label ?? String(value);
}

/** Questions that are knowledge checks: choice items whose options score only 0 or 100, with one 100. */
function isCheck(q) {
  if (q.type !== "choice" || !q.options?.length) return false;
  const scores = q.options.map((o) => o.score);
  return scores.every((s) => s === 0 || s === 100) && scores.filter((s) => s === 100).length === 1;
}

// Plain formatting: Intl (toLocaleString) costs tens of milliseconds the first time it is used.
const MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];

function formatComputed(value, unit) {
  if (typeof value === "number") {
    const text = formatNumber(value, 2);
    return unit ? `${unit}${text}` : text;
  }
  if (typeof value === "boolean") return value ? "yes" : "no";
  if (Array.isArray(value)) return value.join(", ");
  return String(value);
}

/** The zone diagram and its one-sentence summary, from the answers named by the questionnaire's `zone:`. */
async function drawZone(figure, zone, answers) {
  const [{ computeZone, formatAmount, summary }, { numberLine }] = await Promise.all([import("./zone.mjs"), import("./charts.mjs")]);
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
    figure.replaceChildren(el("p", { class: "dc-muted", text }));
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
  figure.append(el("figcaption", { text }));
}

/**
 * Fill `section` (keeping its first heading) with the results.
 * `result` is toJson(score(...)); `answers` the active answers; `respondent` {name, group}.
 */
export function renderResults(section, { compiled, result, answers, respondent = {}, prefix = "dc" }) {
  const q = compiled.questionnaire;
  const html = compiled.html;
  const links = compiled.links;
  const heading = section.querySelector("h2") ?? el("h2", { id: `${prefix}-results-title`, text: "Your results" });
  const parts = [heading];

  const who = [respondent.name, respondent.group].filter(Boolean).join(", ");
  const now = new Date();
  const date = `${now.getDate()} ${MONTHS[now.getMonth()]} ${now.getFullYear()}`;
  parts.push(el("p", { class: "dc-result-meta", text: `${q.title} · version ${q.version} · ${date}${who ? ` · ${who}` : ""}` }));

  // Overall
  const overall = result.overall ?? { score: null, band: null };
  const overallBox = el(
    "div",
    { class: `dc-overall dc-band-${overall.band ?? "none"}`, "data-overall": true, "data-score": scoreAttr(overall.score), "data-band": overall.band ?? "" },
    el(
      "p",
      { class: "dc-overall-line" },
      el("span", { class: "dc-overall-label", text: "Overall " }),
      el("strong", { class: "dc-overall-score", text: shown(overall.score) }),
      el("span", { class: "dc-overall-of", text: " / 100" }),
      el("span", { class: "dc-band-label", text: ` · ${bandLabel(q, null, overall.band)}` }),
    ),
    overall.band && html.feedback?.[overall.band] ? el("div", { class: "dc-feedback", html: html.feedback[overall.band] }) : null,
  );
  parts.push(overallBox);

  // Dimensions: radar + table alternative + one bar each with feedback and guide.
  const dims = q.dimensions.map((d) => ({ d, r: result.dimensions?.[d.id] ?? { score: null, band: null } }));
  if (dims.length) {
    parts.push(el("h3", { text: "By dimension" }));
    if (dims.length >= 3) {
      const figure = el("figure", { class: "dc-radar" });
      // Every text in the chart markup is escaped by charts.mjs; the HTML parser builds inline SVG directly.
      figure.innerHTML = radarChart({
        title: `${q.title}: scores by dimension`,
        format: (v) => String(roundHalfAway(v)),
        axes: dims.map(({ d, r }) => ({ label: d.title, value: r.score })),
      });
      const table = el(
        "table",
        { class: "dc-table" },
        el("caption", { text: "Scores by dimension (0 to 100)" }),
        el("thead", {}, el("tr", {}, el("th", { scope: "col", text: "Dimension" }), el("th", { scope: "col", text: "Score" }), el("th", { scope: "col", text: "Band" }))),
        el(
          "tbody",
          {},
          ...dims.map(({ d, r }) =>
            el("tr", {}, el("th", { scope: "row", text: d.title }), el("td", { text: shown(r.score) }), el("td", { text: bandLabel(q, d.id, r.band) })),
          ),
        ),
      );
      // A table never shrinks to 1px, so the visually hidden wrapper is a div.
      figure.append(el("div", { class: "dc-sr-only" }, table));
      parts.push(figure);
    }
    const list = el("ul", { class: "dc-dimensions" });
    for (const { d, r } of dims) {
      const pct = typeof r.score === "number" ? Math.max(0, Math.min(100, r.score)) : 0;
      const bar = el("span", { class: "dc-bar-fill" });
      bar.style.width = `${pct}%`;
      const feedback = r.band ? html.dimensions?.[d.id]?.feedback?.[r.band] : null;
      list.append(
        el(
          "li",
          { class: `dc-dimension dc-band-${r.band ?? "none"}`, "data-dimension": d.id, "data-score": scoreAttr(r.score), "data-band": r.band ?? "" },
          el(
            "div",
            { class: "dc-dimension-head" },
            el("h4", { text: d.title }),
            el("span", { class: "dc-dimension-score", text: r.band ? `${shown(r.score)} · ${bandLabel(q, d.id, r.band)}` : "No answers yet" }),
          ),
          el("div", { class: "dc-bar", "aria-hidden": "true" }, bar),
          feedback ? el("div", { class: "dc-feedback", html: feedback }) : null,
          guideLink(links.dimensions?.[d.id], d.title),
        ),
      );
    }
    parts.push(list);
  }

  // Recommendations
  const recs = result.recommendations ?? [];
  parts.push(el("h3", { text: "Recommendations" }));
  if (recs.length) {
    parts.push(
      el(
        "ul",
        { class: "dc-recommendations" },
        ...recs.map((id) =>
          el("li", { "data-recommendation": id }, el("div", { class: "dc-feedback", html: html.recommendations?.[id] ?? "" }), guideLink(links.recommendations?.[id], "more on this")),
        ),
      ),
    );
  } else {
    parts.push(el("p", { class: "dc-muted", text: "No specific recommendations for these answers." }));
  }

  // Computed values with a label (e.g. the bargaining zone)
  const computed = (q.computed ?? []).filter((c) => c.label && result.computed?.[c.id] !== null && result.computed?.[c.id] !== undefined);
  if (computed.length) {
    const unit = q.zone?.unit ?? "";
    parts.push(el("h3", { text: "Your numbers" }));
    parts.push(
      el(
        "dl",
        { class: "dc-computed" },
        ...computed.flatMap((c) => {
          const v = result.computed[c.id];
          return [el("dt", { text: c.label }), el("dd", { text: formatComputed(v, typeof v === "number" ? unit : "") })];
        }),
      ),
    );
  }

  // The bargaining zone, drawn like the calculator does (zone.mjs loads only for questionnaires with a zone).
  if (q.zone) {
    const figure = el("figure", { class: "dc-zone", "data-zone-chart": true });
    parts.push(el("h3", { text: "Your bargaining zone" }), figure);
    drawZone(figure, q.zone, answers).catch((err) => console.error("dealcraft: zone diagram", err));
  }

  // Knowledge checks: right or not, with the explanation
  const checks = q.questions.filter((x) => isCheck(x) && (x.id in answers || html.questions?.[x.id]?.explanation));
  if (checks.length) {
    parts.push(el("h3", { text: "Your answers, checked" }));
    const list = el("ol", { class: "dc-checks" });
    for (const x of checks) {
      const given = answers[x.id];
      const right = x.options.find((o) => o.score === 100);
      const ok = given === right.id;
      const text = html.questions?.[x.id]?.text ?? x.text;
      list.append(
        el(
          "li",
          { class: ok ? "dc-right" : "dc-wrong", "data-check": x.id, "data-correct": ok ? "true" : "false" },
          el("p", { class: "dc-check-q", html: text }),
          el(
            "p",
            { class: "dc-check-a" },
            el("span", { class: "dc-mark", text: ok ? "✓ Right: " : given === undefined ? "– Not answered. " : "✗ Not quite: " }),
            given === undefined ? null : document.createTextNode(`you chose “${optionLabel(x, given)}”. `),
            ok ? null : document.createTextNode(`The answer is “${right.label}”.`),
          ),
          html.questions?.[x.id]?.explanation ? el("div", { class: "dc-explanation", html: html.questions[x.id].explanation }) : null,
        ),
      );
    }
    parts.push(list);
  }

  parts.push(
    el("p", { class: "dc-muted dc-result-foot", text: "Scores run from 0 to 100 and are rounded for display. Export your answers to get the same figures in a PDF report." }),
  );
  section.replaceChildren(...parts);
  return section;
}
