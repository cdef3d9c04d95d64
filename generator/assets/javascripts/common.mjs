// common.mjs: what the quiz and tools pages share. A user's data, kept in their browser (localStorage) and moved
// as JSON files or URL fragments (#name=base64url(UTF-8 JSON)), never sent anywhere; numbers; and SVG charts as
// strings of <svg role="img"> with a <title> and <desc>, every text escaped.

// ---------------------------------------------------------------- a user's data

const PREFIX = "dealcraft:";

/** A fragment that is not base64url JSON. `message` is meant for people. */
export class FragmentError extends Error {
  constructor(message) {
    super(message);
    this.name = "FragmentError";
  }
}

/** A chosen file that cannot be used. `message` is meant for people. */
export class JsonFileError extends Error {
  constructor(message) {
    super(message);
    this.name = "JsonFileError";
  }
}

function defaultStorage() {
  try {
    return globalThis.localStorage ?? null;
  } catch {
    return null; // some browsers throw on access when storage is disabled
  }
}

/** The localStorage key for one item on one page: the path keeps two sites on one host apart. */
export function storageKey(id, path = globalThis.location?.pathname ?? "/") {
  return `${PREFIX}${path}:${id}`;
}

/** The stored JSON value under `key`, or null when absent, unreadable or storage is unavailable. */
export function load(key, storage = defaultStorage()) {
  if (!storage) return null;
  try {
    const text = storage.getItem(key);
    return text === null ? null : JSON.parse(text);
  } catch {
    return null;
  }
}

/** Store `value` as JSON under `key`; false when storage is full, disabled or missing. */
export function save(key, value, storage = defaultStorage()) {
  if (!storage) return false;
  try {
    storage.setItem(key, JSON.stringify(value));
    return true;
  } catch {
    return false;
  }
}

/** Forget `key`; false when storage is unavailable. */
export function remove(key, storage = defaultStorage()) {
  if (!storage) return false;
  try {
    storage.removeItem(key);
    return true;
  } catch {
    return false;
  }
}

function bytesToBase64url(bytes) {
  let binary = "";
  const chunk = 0x8000;
  for (let i = 0; i < bytes.length; i += chunk) {
    binary += String.fromCharCode.apply(null, bytes.subarray(i, i + chunk));
  }
  return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

function base64urlToBytes(text) {
  if (!/^[A-Za-z0-9_-]*$/.test(text)) throw new FragmentError("The link is damaged: it contains characters that do not belong in it.");
  const b64 = text.replace(/-/g, "+").replace(/_/g, "/") + "===".slice((text.length + 3) % 4);
  let binary;
  try {
    binary = atob(b64);
  } catch {
    throw new FragmentError("The link is damaged or cut short.");
  }
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/** base64url (no padding) of the UTF-8 JSON of `value`. */
export function encodeFragment(value) {
  return bytesToBase64url(new TextEncoder().encode(JSON.stringify(value)));
}

/** The value encoded by `encodeFragment`; throws FragmentError when the text is not such an encoding. */
export function decodeFragment(text) {
  const bytes = base64urlToBytes(String(text));
  let json;
  try {
    json = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    throw new FragmentError("The link is damaged: its data is not readable text.");
  }
  try {
    return JSON.parse(json);
  } catch {
    throw new FragmentError("The link is damaged or cut short: its data is incomplete.");
  }
}

/** "#name=<encoded value>". */
export function fragmentFor(name, value) {
  return `#${name}=${encodeFragment(value)}`;
}

function fragmentParts(hash) {
  const body = String(hash ?? "").replace(/^#/, "");
  return body ? body.split("&") : [];
}

/** The value under `name` in a fragment like "#name=..." (or "#a=..&name=.."); null when absent. */
export function readFragment(name, hash = globalThis.location?.hash ?? "") {
  for (const part of fragmentParts(hash)) {
    const eq = part.indexOf("=");
    if (eq > 0 && part.slice(0, eq) === name) return decodeFragment(part.slice(eq + 1));
  }
  return null;
}

/** `href` with its fragment replaced by "#name=<encoded value>". */
export function shareUrl(name, value, href = globalThis.location?.href ?? "") {
  const base = String(href).split("#")[0];
  return base + fragmentFor(name, value);
}

/** Remove "name=..." from the address bar (no reload, no new history entry), so a reload uses saved answers. */
export function clearFragment(name) {
  const loc = globalThis.location;
  if (!loc || !globalThis.history?.replaceState) return;
  const kept = fragmentParts(loc.hash).filter((part) => !part.startsWith(`${name}=`));
  const url = loc.pathname + loc.search + (kept.length ? `#${kept.join("&")}` : "");
  try {
    globalThis.history.replaceState(globalThis.history.state, "", url);
  } catch {
    /* sandboxed documents may refuse; the fragment then simply stays */
  }
}

/** Offer `value` as a pretty-printed JSON file download named `filename`. */
export function downloadJson(filename, value) {
  const blob = new Blob([JSON.stringify(value, null, 2) + "\n"], { type: "application/json" });
  const url = URL.createObjectURL(blob);
  const a = document.createElement("a");
  a.href = url;
  a.download = filename;
  a.hidden = true;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** Read a user-chosen File (or Blob) as a JSON object; rejects with a JsonFileError that says what is wrong. */
export async function readJsonFile(file, { maxBytes = 1_000_000 } = {}) {
  if (!file) throw new JsonFileError("No file was chosen.");
  const name = file.name ? `“${file.name}”` : "The file";
  if (file.size > maxBytes) {
    throw new JsonFileError(`${name} is too large (${Math.ceil(file.size / 1000)} kB); an answers file is at most ${Math.round(maxBytes / 1000)} kB.`);
  }
  let text;
  try {
    text = await file.text();
  } catch {
    throw new JsonFileError(`${name} could not be read.`);
  }
  let value;
  try {
    value = JSON.parse(text.replace(/^\uFEFF/, ""));
  } catch {
    throw new JsonFileError(`${name} is not a JSON file. Choose a file exported from this page (it ends in .json).`);
  }
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    throw new JsonFileError(`${name} does not hold a JSON object, so it is not an answers file.`);
  }
  return value;
}

// ---------------------------------------------------------------- numbers and chart markup

const SVG_NS = "http://www.w3.org/2000/svg";
let counter = 0; // only makes ids unique within a document

const ENTITIES = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

/** Escape text for use in HTML, SVG or XML content and attribute values. */
export function escapeXml(text) {
  return String(text ?? "").replace(/[&<>"']/g, (c) => ENTITIES[c]);
}

/** sign(x) * floor(abs(x) * 10**n + 0.5) / 10**n, bit for bit like round_half_away; huge or non-finite x unchanged. */
export function roundHalfAway(x, ndigits = 0) {
  if (!Number.isInteger(ndigits) || ndigits < 0 || ndigits > 15) {
    throw new RangeError(`ndigits must be a whole number in 0..15, not ${ndigits}`);
  }
  x = Number(x);
  if (!Number.isFinite(x)) return x;
  const power = 10 ** ndigits;
  const scaled = Math.abs(x) * power;
  if (scaled >= 2 ** 52) return x;
  const magnitude = Math.floor(scaled + 0.5) / power;
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

/** A circle of radius `r` at (x, y) as path data, so many dots can share one <path>. */
function dot(x, y, r) {
  return `M${num(x - r)},${num(y)}a${r},${r} 0 1,0 ${2 * r},0a${r},${r} 0 1,0 ${-2 * r},0`;
}

/** A radar chart of 0..max values; null values sit at the centre, marked as missing. The grid, the dots and the
 * labels are one element each, with far fewer nodes to lay out than a shape per ring, spoke and dot. */
export function radarChart({ axes = [], title = "Radar chart", desc, max = 100, rings = [25, 50, 75, 100], labelWidth = 16, format = formatNumber } = {}) {
  const n = axes.length;
  const r = 100;
  const box = r + 92;
  const description = desc ?? axes.map((a) => `${a.label}: ${isNumber(a.value) ? format(a.value) : "no score"}`).join("; ");
  const wrapSvg = frame(`${-box} ${-box + 20} ${2 * box} ${2 * box - 40}`, { title, desc: description, cls: "dc-chart-radar" });
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
