// results.mjs: the results panel, from the scorer's JSON and the compiled questionnaire. Our pre-rendered HTML
// goes in as HTML, anything from the user as text. Contract: see the DOM contract in form.mjs.

import { escapeXml as t, formatNumber, radarChart, roundHalfAway } from "./radar.mjs";

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
  if (!link) return "";
  return `<p class="dc-guide"><a href="${t(link.href)}">${t(`Read the guide: ${link.title || fallback}`)}</a></p>`;
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

/** Fill `section` (keeping its first heading) with the results of toJson(score(...)) for the active `answers`. */
export function renderResults(section, { compiled, result, answers, respondent = {}, prefix = "dc" }) {
  const q = compiled.questionnaire;
  const html = compiled.html;
  const links = compiled.links;
  const heading = section.querySelector("h2") ?? Object.assign(document.createElement("h2"), { id: `${prefix}-results-title`, textContent: "Your results" });
  // One string parsed once: far cheaper on the first submit than a node per call. Every text is escaped (t);
  // only our compiled HTML from the YAML goes in raw.
  const parts = [];

  const who = [respondent.name, respondent.group].filter(Boolean).join(", ");
  const now = new Date();
  const date = `${now.getDate()} ${MONTHS[now.getMonth()]} ${now.getFullYear()}`;
  parts.push(`<p class="dc-result-meta">${t(`${q.title} · version ${q.version} · ${date}${who ? ` · ${who}` : ""}`)}</p>`);

  const overall = result.overall ?? { score: null, band: null };
  const overallFeedback = overall.band && html.feedback?.[overall.band];
  parts.push(
    `<div class="dc-overall dc-band-${t(overall.band ?? "none")}" data-overall="" data-score="${scoreAttr(overall.score)}" data-band="${t(overall.band ?? "")}">` +
      `<p class="dc-overall-line"><span class="dc-overall-label">Overall </span><strong class="dc-overall-score">${shown(overall.score)}</strong>` +
      `<span class="dc-overall-of"> / 100</span><span class="dc-band-label"> · ${t(bandLabel(q, null, overall.band))}</span></p>` +
      (overallFeedback ? `<div class="dc-feedback">${overallFeedback}</div>` : "") +
      "</div>",
  );

  // Dimensions: radar with a table alternative, then one bar each with feedback and guide.
  const dims = q.dimensions.map((d) => ({ d, r: result.dimensions?.[d.id] ?? { score: null, band: null } }));
  if (dims.length) {
    parts.push("<h3>By dimension</h3>");
    if (dims.length >= 3) {
      const chart = radarChart({
        title: `${q.title}: scores by dimension`,
        format: (v) => String(roundHalfAway(v)),
        axes: dims.map(({ d, r }) => ({ label: d.title, value: r.score })),
      });
      const rows = dims.map(({ d, r }) => `<tr><th scope="row">${t(d.title)}</th><td>${shown(r.score)}</td><td>${t(bandLabel(q, d.id, r.band))}</td></tr>`);
      // A table never shrinks to 1px, so the visually hidden wrapper is a div.
      parts.push(
        `<figure class="dc-radar">${chart}<div class="dc-sr-only"><table class="dc-table"><caption>Scores by dimension (0 to 100)</caption>` +
          `<thead><tr><th scope="col">Dimension</th><th scope="col">Score</th><th scope="col">Band</th></tr></thead><tbody>${rows.join("")}</tbody></table></div></figure>`,
      );
    }
    parts.push('<ul class="dc-dimensions">');
    for (const { d, r } of dims) {
      const pct = typeof r.score === "number" ? Math.max(0, Math.min(100, r.score)) : 0;
      const feedback = r.band ? html.dimensions?.[d.id]?.feedback?.[r.band] : null;
      const score = r.band ? `${shown(r.score)} · ${bandLabel(q, d.id, r.band)}` : "No answers yet";
      parts.push(
        `<li class="dc-dimension dc-band-${t(r.band ?? "none")}" data-dimension="${t(d.id)}" data-score="${scoreAttr(r.score)}" data-band="${t(r.band ?? "")}">` +
          `<div class="dc-dimension-head"><h4>${t(d.title)}</h4><span class="dc-dimension-score">${t(score)}</span></div>` +
          `<div class="dc-bar" aria-hidden="true"><span class="dc-bar-fill" style="width: ${pct}%;"></span></div>` +
          (feedback ? `<div class="dc-feedback">${feedback}</div>` : "") +
          guideLink(links.dimensions?.[d.id], d.title) +
          "</li>",
      );
    }
    parts.push("</ul>");
  }

  const recs = result.recommendations ?? [];
  parts.push("<h3>Recommendations</h3>");
  if (recs.length) {
    const items = recs.map(
      (id) => `<li data-recommendation="${t(id)}"><div class="dc-feedback">${html.recommendations?.[id] ?? ""}</div>${guideLink(links.recommendations?.[id], "more on this")}</li>`,
    );
    parts.push(`<ul class="dc-recommendations">${items.join("")}</ul>`);
  } else {
    parts.push('<p class="dc-muted">No specific recommendations for these answers.</p>');
  }

  // Computed values with a label (e.g. the bargaining zone)
  const computed = (q.computed ?? []).filter((c) => c.label && result.computed?.[c.id] !== null && result.computed?.[c.id] !== undefined);
  if (computed.length) {
    const unit = q.zone?.unit ?? "";
    const items = computed.map((c) => {
      const v = result.computed[c.id];
      return `<dt>${t(c.label)}</dt><dd>${t(formatComputed(v, typeof v === "number" ? unit : ""))}</dd>`;
    });
    parts.push(`<h3>Your numbers</h3><dl class="dc-computed">${items.join("")}</dl>`);
  }

  // The bargaining zone, drawn like the calculator (zone.mjs and charts.mjs load only for questionnaires with a zone).
  if (q.zone) parts.push('<h3>Your bargaining zone</h3><figure class="dc-zone" data-zone-chart=""></figure>');

  // Knowledge checks: right or not, with the explanation
  const checks = q.questions.filter((x) => isCheck(x) && (x.id in answers || html.questions?.[x.id]?.explanation));
  if (checks.length) {
    const items = checks.map((x) => {
      const given = answers[x.id];
      const right = x.options.find((o) => o.score === 100);
      const ok = given === right.id;
      const mark = ok ? "✓ Right: " : given === undefined ? "– Not answered. " : "✗ Not quite: ";
      const explanation = html.questions?.[x.id]?.explanation;
      return (
        `<li class="${ok ? "dc-right" : "dc-wrong"}" data-check="${t(x.id)}" data-correct="${ok}">` +
        `<p class="dc-check-q">${html.questions?.[x.id]?.text ?? t(x.text)}</p>` +
        `<p class="dc-check-a"><span class="dc-mark">${mark}</span>` +
        (given === undefined ? "" : t(`you chose “${optionLabel(x, given)}”. `)) +
        (ok ? "" : t(`The answer is “${right.label}”.`)) +
        "</p>" +
        (explanation ? `<div class="dc-explanation">${explanation}</div>` : "") +
        "</li>"
      );
    });
    parts.push(`<h3>Your answers, checked</h3><ol class="dc-checks">${items.join("")}</ol>`);
  }

  parts.push('<p class="dc-muted dc-result-foot">Scores run from 0 to 100 and are rounded for display. Export your answers to get the same figures in a PDF report.</p>');
  section.replaceChildren(heading);
  section.insertAdjacentHTML("beforeend", parts.join(""));
  const zone = q.zone && section.querySelector("[data-zone-chart]");
  if (zone) {
    import("./zonefigure.mjs")
      .then(({ drawZone }) => drawZone(zone, q.zone, answers))
      .catch((err) => console.error("dealcraft: zone diagram", err));
  }
  return section;
}
