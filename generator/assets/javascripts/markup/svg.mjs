// svg.mjs: the markup helpers the charts share: escaping, wrapped text lines, the accessible <svg> frame, and
// turning chart markup into a DOM node.

import { num } from "../core/numbers.mjs";

const SVG_NS = "http://www.w3.org/2000/svg";
let counter = 0; // only makes ids unique within a document

const ENTITIES = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

/** Escape text for use in HTML, SVG or XML content and attribute values. */
export function escapeXml(text) {
  return String(text ?? "").replace(/[&<>"']/g, (c) => ENTITIES[c]);
}

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

/** Wrapped lines at (x, y) as <tspan>s, each placed and anchored itself, so one <text> can hold many blocks. */
export function lines(x, y, text, { anchor = "middle", width = 18, lineHeight = 13, valign = "top" } = {}) {
  const rows = wrap(text, width);
  const y0 = valign === "middle" ? y - ((rows.length - 1) * lineHeight) / 2 : valign === "bottom" ? y - (rows.length - 1) * lineHeight : y;
  return rows.map((row, i) => `<tspan x="${num(x)}" y="${num(y0 + i * lineHeight)}" text-anchor="${anchor}">${escapeXml(row)}</tspan>`).join("");
}

/** The <svg> wrapper with its title and description; returns body => markup. */
export function frame(viewBox, { title, desc, cls }) {
  const id = `dc-chart-${++counter}`;
  const open =
    `<svg xmlns="${SVG_NS}" class="dc-chart ${cls}" viewBox="${viewBox}" role="img" aria-labelledby="${id}-t ${id}-d" focusable="false">` +
    `<title id="${id}-t">${escapeXml(title ?? "Chart")}</title><desc id="${id}-d">${escapeXml(desc ?? "")}</desc>`;
  return (body) => `${open}${body}</svg>`;
}

/** Parse chart markup into an SVG element owned by `doc` (DOMParser, so no HTML parsing of the text). */
export function toSvgElement(markup, doc = globalThis.document) {
  const parsed = new DOMParser().parseFromString(markup, "image/svg+xml");
  const root = parsed.documentElement;
  if (root.nodeName !== "svg") throw new Error("chart markup did not parse as SVG");
  return doc.importNode(root, true);
}
