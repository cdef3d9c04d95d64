// charts.mjs: small, accessible SVG charts as markup strings (pure functions, every text escaped): the number line
// and the quadrant. The quiz's radar is radar.mjs; the helpers both build from (and toSvgElement) are svg.mjs.
//
// Each chart is an <svg role="img"> with a <title> and a <desc> wired by aria-labelledby, so a screen reader
// announces what it shows; pair it with a table when the numbers matter. Colours come from CSS classes
// (dc-chart-*) styled in dealcraft.css with Material's variables; presentation attributes give a sane fallback.
//
// Public API (every function returns a string of SVG markup; svg.mjs's toSvgElement turns one into a DOM node)
//   numberLine({min, max, points: [{value, label, kind?}], interval?: {from, to, label?, kind?},
//               title, desc, unit = "", format?, width = 600, ticks = 5})
//   quadrantChart({points: [{x: 1..5, y: 1..5, label}], title, desc, xLabel, yLabel,
//                  quadrants?: [topLeft, topRight, bottomLeft, bottomRight], min = 1, max = 5, size = 360})

import { clamp, formatNumber as defaultFormat, isNumber, num, roundHalfAway } from "../core/numbers.mjs";
import { escapeXml, frame, lines } from "./svg.mjs";

/** A <text> of wrapped lines at (x, y), aligned by `anchor` and `valign`. */
function textBlock(x, y, text, { cls = "dc-chart-label", ...options } = {}) {
  return `<text class="${cls}" fill="currentColor">${lines(x, y, text, options)}</text>`;
}

/** "Nice" tick values covering [min, max]. */
function niceTicks(min, max, count) {
  const span = max - min;
  if (!(span > 0)) return [min];
  const raw = span / Math.max(count, 1);
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * mag).find((s) => s >= raw) ?? raw;
  const ticks = [];
  for (let v = Math.ceil(min / step) * step; v <= max + step * 1e-9; v += step) ticks.push(roundHalfAway(v, 10));
  return ticks;
}

/**
 * A horizontal axis from min to max with labelled points and an optional shaded interval.
 * Points whose labels would collide are stacked on extra rows above the axis. Values outside [min, max] are
 * drawn at the edge with an arrow. `kind` values become classes (dc-chart-kind-<kind>) for colouring.
 */
export function numberLine({
  min,
  max,
  points = [],
  interval = null,
  title = "Number line",
  desc,
  unit = "",
  format = defaultFormat,
  width = 600,
  ticks = 5,
} = {}) {
  const lo = isNumber(min) ? min : 0;
  const hi = isNumber(max) && max > lo ? max : lo + 1;
  const left = 24;
  const right = width - 24;
  const x = (v) => left + ((clamp(v, lo, hi) - lo) / (hi - lo)) * (right - left);
  const fmt = (v) => (unit ? `${unit}${format(v)}` : format(v));
  const kindCls = (k) => (k ? ` dc-chart-kind-${String(k).replace(/[^a-z0-9-]/gi, "")}` : "");

  // Assign label rows so that labels (about 6.5 units per character) do not overlap.
  const placed = points
    .filter((p) => isNumber(p.value))
    .map((p) => ({ ...p, text: `${p.label} ${fmt(p.value)}` }))
    .sort((a, b) => a.value - b.value);
  const rowEnds = [];
  for (const p of placed) {
    const w = p.text.length * 6.5;
    const cx = x(p.value);
    const start = clamp(cx - w / 2, 0, width - w);
    let row = rowEnds.findIndex((end) => end + 8 <= start);
    if (row === -1) {
      row = rowEnds.length;
      rowEnds.push(0);
    }
    rowEnds[row] = start + w;
    p.row = row;
    p.tx = start + w / 2;
  }
  const rows = Math.max(rowEnds.length, 1);
  const axisY = 30 + rows * 18;
  const height = axisY + 46;
  const description =
    desc ??
    [
      ...placed.map((p) => `${p.label}: ${fmt(p.value)}`),
      interval && isNumber(interval.from) && isNumber(interval.to)
        ? `${interval.label ?? "Interval"}: ${fmt(interval.from)} to ${fmt(interval.to)}`
        : "",
    ]
      .filter(Boolean)
      .join("; ");
  const wrapSvg = frame(`0 0 ${width} ${height}`, { title, desc: description, cls: "dc-chart-numberline" });
  const parts = [];
  if (interval && isNumber(interval.from) && isNumber(interval.to)) {
    const a = x(Math.min(interval.from, interval.to));
    const b = x(Math.max(interval.from, interval.to));
    parts.push(
      `<rect class="dc-chart-interval${kindCls(interval.kind)}" x="${num(a)}" y="${num(axisY - 12)}" width="${num(Math.max(b - a, 1))}" ` +
        `height="24" fill="currentColor" fill-opacity="0.2"/>`,
    );
    if (interval.label) {
      parts.push(textBlock((a + b) / 2, axisY + 40, interval.label, { cls: "dc-chart-label dc-chart-interval-label", width: 60 }));
    }
  }
  parts.push(`<line class="dc-chart-axis" x1="${left}" y1="${axisY}" x2="${right}" y2="${axisY}" stroke="currentColor"/>`);
  for (const t of niceTicks(lo, hi, ticks)) {
    parts.push(
      `<line class="dc-chart-tick" x1="${num(x(t))}" y1="${axisY}" x2="${num(x(t))}" y2="${axisY + 5}" stroke="currentColor"/>` +
        `<text class="dc-chart-tick-label" x="${num(x(t))}" y="${axisY + 18}" text-anchor="middle" fill="currentColor">${escapeXml(fmt(t))}</text>`,
    );
  }
  for (const p of placed) {
    const cx = x(p.value);
    const ly = axisY - 16 - p.row * 18;
    const out = p.value < lo ? "◀ " : p.value > hi ? " ▶" : "";
    parts.push(
      `<g class="dc-chart-point-group${kindCls(p.kind)}">` +
        `<line class="dc-chart-leader" x1="${num(cx)}" y1="${axisY}" x2="${num(cx)}" y2="${num(ly + 4)}" stroke="currentColor" stroke-opacity="0.5"/>` +
        `<circle class="dc-chart-point" cx="${num(cx)}" cy="${axisY}" r="5" fill="currentColor"/>` +
        `<text class="dc-chart-label" x="${num(p.tx)}" y="${num(ly)}" text-anchor="middle" fill="currentColor">` +
        `${escapeXml(p.value < lo ? out + p.text : p.text + (p.value > hi ? out : ""))}</text></g>`,
    );
  }
  return wrapSvg(parts.join(""));
}

/** A 2×2 grid of points with x and y on [min, max] (default 1..5), quadrant captions and axis titles. */
export function quadrantChart({
  points = [],
  title = "Quadrant chart",
  desc,
  xLabel = "",
  yLabel = "",
  quadrants = null,
  min = 1,
  max = 5,
  size = 360,
} = {}) {
  const pad = 40;
  const inner = size - 2 * pad;
  const px = (v) => pad + ((clamp(v, min, max) - min) / (max - min)) * inner;
  const py = (v) => size - pad - ((clamp(v, min, max) - min) / (max - min)) * inner;
  const valid = points.filter((p) => isNumber(p.x) && isNumber(p.y));
  const description =
    desc ?? valid.map((p) => `${p.label}: ${xLabel || "x"} ${defaultFormat(p.x)}, ${yLabel || "y"} ${defaultFormat(p.y)}`).join("; ");
  const wrapSvg = frame(`0 0 ${size} ${size}`, { title, desc: description, cls: "dc-chart-quadrant" });
  const mid = pad + inner / 2;
  const parts = [
    `<rect class="dc-chart-grid" x="${pad}" y="${pad}" width="${inner}" height="${inner}" fill="none" stroke="currentColor" stroke-opacity="0.4"/>`,
    `<line class="dc-chart-grid" x1="${num(mid)}" y1="${pad}" x2="${num(mid)}" y2="${size - pad}" stroke="currentColor" stroke-opacity="0.4"/>`,
    `<line class="dc-chart-grid" x1="${pad}" y1="${num(mid)}" x2="${size - pad}" y2="${num(mid)}" stroke="currentColor" stroke-opacity="0.4"/>`,
  ];
  if (quadrants) {
    const spots = [
      [pad + inner / 4, pad + 16],
      [pad + (3 * inner) / 4, pad + 16],
      [pad + inner / 4, size - pad - 24],
      [pad + (3 * inner) / 4, size - pad - 24],
    ];
    quadrants.slice(0, 4).forEach((q, i) => {
      if (q) parts.push(textBlock(spots[i][0], spots[i][1], q, { cls: "dc-chart-caption", width: 20, lineHeight: 12 }));
    });
  }
  if (xLabel) parts.push(textBlock(size / 2, size - 10, xLabel, { cls: "dc-chart-axis-title", width: 60 }));
  if (yLabel) {
    parts.push(
      `<text class="dc-chart-axis-title" transform="translate(14 ${num(size / 2)}) rotate(-90)" text-anchor="middle" fill="currentColor">${escapeXml(yLabel)}</text>`,
    );
  }
  valid.forEach((p) => {
    const cx = px(p.x);
    const cy = py(p.y);
    const anchor = cx > size - pad - 60 ? "end" : "start";
    const dx = anchor === "end" ? -8 : 8;
    parts.push(
      `<g class="dc-chart-point-group${p.kind ? ` dc-chart-kind-${String(p.kind).replace(/[^a-z0-9-]/gi, "")}` : ""}">` +
        `<circle class="dc-chart-point" cx="${num(cx)}" cy="${num(cy)}" r="5" fill="currentColor"/>` +
        `<text class="dc-chart-label" x="${num(cx + dx)}" y="${num(cy + 4)}" text-anchor="${anchor}" fill="currentColor">${escapeXml(p.label)}</text></g>`,
    );
  });
  return wrapSvg(parts.join(""));
}
