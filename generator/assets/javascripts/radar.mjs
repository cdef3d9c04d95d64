// radar.mjs: the SVG radar chart of the quiz results, and the markup helpers every chart shares (charts.mjs).
// Charts are strings of <svg role="img"> with a <title> and <desc> (aria-labelledby); every text is escaped.

const SVG_NS = "http://www.w3.org/2000/svg";
let counter = 0; // only makes ids unique within a document

/** Escape text for use in SVG/XML content and attribute values. */
export function escapeXml(text) {
  return String(text ?? "")
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&#39;");
}

/** Half away from zero, with the same operations as expressions.mjs (copied so the tools need no parser). */
export function roundHalfAway(x, n = 0) {
  const p = 10 ** n;
  const scaled = Math.abs(x) * p;
  if (!Number.isFinite(x) || scaled >= 2 ** 52) return x;
  const magnitude = Math.floor(scaled + 0.5) / p;
  return (x >= 0 ? magnitude : -magnitude) + 0;
}

/** A coordinate: finite, short, never locale-formatted (an attribute must not pick up "1,5"). */
export function num(x) {
  return Number.isFinite(x) ? String(roundHalfAway(x, 2)) : "0";
}

/** At most `digits` decimals, with thousands commas (no Intl: slow to start and varies by locale). */
export function formatNumber(v, digits = 1) {
  const [whole, frac] = String(Math.abs(roundHalfAway(v, digits))).split(".");
  const text = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ",") + (frac ? `.${frac}` : "");
  return v < 0 && text !== "0" ? `-${text}` : text;
}

export const isNumber = (v) => typeof v === "number" && Number.isFinite(v);
export const clamp = (v, lo, hi) => Math.min(hi, Math.max(lo, v));

/** Split `text` into lines of about `width` characters, at spaces. */
function wrap(text, width) {
  const lines = [];
  let line = "";
  for (const w of String(text ?? "").split(/\s+/).filter(Boolean)) {
    if (line && (line + " " + w).length > width) {
      lines.push(line);
      line = w;
    } else {
      line = line ? `${line} ${w}` : w;
    }
  }
  if (line) lines.push(line);
  return lines.length ? lines : [""];
}

/** A <text> of wrapped lines at (x, y), aligned by `anchor` and `valign`. */
export function textBlock(x, y, text, { anchor = "middle", cls = "dc-chart-label", width = 18, lineHeight = 13, valign = "top" } = {}) {
  const lines = wrap(text, width);
  const y0 = valign === "middle" ? y - ((lines.length - 1) * lineHeight) / 2 : valign === "bottom" ? y - (lines.length - 1) * lineHeight : y;
  const spans = lines.map((l, i) => `<tspan x="${num(x)}" y="${num(y0 + i * lineHeight)}">${escapeXml(l)}</tspan>`).join("");
  return `<text class="${cls}" text-anchor="${anchor}" fill="currentColor">${spans}</text>`;
}

/** The <svg> wrapper with its title and description; returns body => markup. */
export function frame(viewBox, { title, desc, cls }) {
  const id = `dc-chart-${++counter}`;
  const open =
    `<svg xmlns="${SVG_NS}" class="dc-chart ${cls}" viewBox="${viewBox}" role="img" aria-labelledby="${id}-t ${id}-d" focusable="false">` +
    `<title id="${id}-t">${escapeXml(title ?? "Chart")}</title><desc id="${id}-d">${escapeXml(desc ?? "")}</desc>`;
  return (body) => `${open}${body}</svg>`;
}

/** A radar (spider) chart of 0..max values; null values sit at the centre and are marked as missing. */
export function radarChart({ axes = [], title = "Radar chart", desc, max = 100, rings = [25, 50, 75, 100], labelWidth = 16, format = formatNumber } = {}) {
  const n = axes.length;
  const r = 100;
  const box = r + 92;
  const angle = (i) => -Math.PI / 2 + (2 * Math.PI * i) / Math.max(n, 1);
  const at = (i, v) => [Math.cos(angle(i)) * r * v, Math.sin(angle(i)) * r * v];
  const description = desc ?? axes.map((a) => `${a.label}: ${isNumber(a.value) ? format(a.value) : "no score"}`).join("; ");
  const wrapSvg = frame(`${-box} ${-box + 20} ${2 * box} ${2 * box - 40}`, { title, desc: description, cls: "dc-chart-radar" });
  const grid = 'fill="none" stroke="currentColor" stroke-opacity="0.25"';
  const parts = [];
  for (const ring of rings) {
    const f = clamp(ring / max, 0, 1);
    const pts = axes.map((_, i) => at(i, f).map(num).join(",")).join(" ");
    if (n >= 3) parts.push(`<polygon class="dc-chart-grid" points="${pts}" ${grid}/>`);
    else parts.push(`<circle class="dc-chart-grid" r="${num(r * f)}" ${grid}/>`);
  }
  axes.forEach((_, i) => {
    const [x, y] = at(i, 1);
    parts.push(`<line class="dc-chart-grid" x1="0" y1="0" x2="${num(x)}" y2="${num(y)}" stroke="currentColor" stroke-opacity="0.25"/>`);
  });
  const values = axes.map((a) => (isNumber(a.value) ? clamp(a.value / max, 0, 1) : 0));
  if (n >= 3) {
    const pts = values.map((v, i) => at(i, v).map(num).join(",")).join(" ");
    parts.push(`<polygon class="dc-chart-area" points="${pts}" fill="currentColor" fill-opacity="0.25" stroke="currentColor" stroke-width="2"/>`);
  }
  axes.forEach((a, i) => {
    const [x, y] = at(i, values[i]);
    const missing = !isNumber(a.value);
    parts.push(
      `<circle class="dc-chart-point${missing ? " dc-chart-missing" : ""}" cx="${num(x)}" cy="${num(y)}" r="${missing ? 3 : 4}" ` +
        `fill="${missing ? "none" : "currentColor"}" stroke="currentColor"/>`,
    );
    const c = Math.cos(angle(i));
    const s = Math.sin(angle(i));
    const anchor = c > 0.3 ? "start" : c < -0.3 ? "end" : "middle";
    const valign = s < -0.5 ? "bottom" : s > 0.5 ? "top" : "middle";
    const label = `${a.label} (${isNumber(a.value) ? format(a.value) : "–"})`;
    parts.push(textBlock(c * (r + 12), s * (r + 12) + (valign === "top" ? 10 : 4), label, { anchor, width: labelWidth, valign }));
  });
  return wrapSvg(parts.join(""));
}
