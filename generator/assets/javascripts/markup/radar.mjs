// radar.mjs: the radar chart of the quiz results, as a string of <svg role="img"> with a <title> and <desc>,
// every text escaped (svg.mjs holds the helpers it shares with charts.mjs).

import { clamp, formatNumber, isNumber, num } from "../core/numbers.mjs";
import { escapeXml, frame, lines } from "./svg.mjs";

/** A circle of radius `r` at (x, y) as path data, so many dots can share one <path>. */
function dot(x, y, r) {
  return `M${num(x - r)},${num(y)}a${r},${r} 0 1,0 ${2 * r},0a${r},${r} 0 1,0 ${-2 * r},0`;
}

/** A radar chart of 0..max values; null values sit at the centre, marked as missing. The grid, the dots and the
 * labels are one element each, with far fewer nodes to lay out than a shape per ring, spoke and dot. */
export function radarChart({ axes = [], title = "Radar chart", desc, max = 100, rings = [25, 50, 75, 100], labelWidth = 12, format = formatNumber } = {}) {
  const n = axes.length;
  const r = 100;
  // Beside the rings: room for labelWidth characters of 13-unit text (dealcraft.css), so no label spills off a phone.
  const side = r + 104;
  const top = r + 66;
  const description = desc ?? axes.map((a) => `${a.label}: ${isNumber(a.value) ? format(a.value) : "no score"}`).join("; ");
  const wrapSvg = frame(`${-side} ${-top} ${2 * side} ${2 * top}`, { title, desc: description, cls: "dc-chart-radar" });
  const cos = [];
  const sin = [];
  for (let i = 0; i < n; i++) {
    const angle = -Math.PI / 2 + (2 * Math.PI * i) / n;
    cos.push(Math.cos(angle));
    sin.push(Math.sin(angle));
  }
  const point = (i, length) => `${num(cos[i] * length)},${num(sin[i] * length)}`;
  let grid = "";
  for (const ring of rings) {
    const length = r * clamp(ring / max, 0, 1);
    grid += n >= 3 ? `M${cos.map((_, i) => point(i, length)).join("L")}Z` : dot(0, 0, num(length));
  }
  for (let i = 0; i < n; i++) grid += `M0,0L${point(i, r)}`;
  let area = "";
  let given = "";
  let missing = "";
  let labels = "";
  for (let i = 0; i < n; i++) {
    const value = axes[i].value;
    const length = isNumber(value) ? r * clamp(value / max, 0, 1) : 0;
    area += `${i ? "L" : "M"}${point(i, length)}`;
    if (isNumber(value)) given += dot(cos[i] * length, sin[i] * length, 4);
    else missing += dot(0, 0, 3);
    const anchor = cos[i] > 0.3 ? "start" : cos[i] < -0.3 ? "end" : "middle";
    const valign = sin[i] < -0.5 ? "bottom" : sin[i] > 0.5 ? "top" : "middle";
    const label = `${axes[i].label} (${isNumber(value) ? format(value) : "–"})`;
    labels += lines(cos[i] * (r + 12), sin[i] * (r + 12) + (valign === "top" ? 10 : 4), label, { anchor, width: labelWidth, valign });
  }
  const grey = 'stroke="currentColor" stroke-opacity="0.25"';
  return wrapSvg(
    `<path class="dc-chart-grid" d="${grid}" fill="none" ${grey}/>` +
      (n >= 3 ? `<path class="dc-chart-area" d="${area}Z" fill="currentColor" fill-opacity="0.25" stroke="currentColor" stroke-width="2"/>` : "") +
      (given ? `<path class="dc-chart-point" d="${given}" fill="currentColor" stroke="currentColor"/>` : "") +
      (missing ? `<path class="dc-chart-point dc-chart-missing" d="${missing}" fill="none" stroke="currentColor"/>` : "") +
      `<text class="dc-chart-label" fill="currentColor">${labels}</text>`,
  );
}
