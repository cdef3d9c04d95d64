// storage.mjs: a user's data, kept in their browser (localStorage) and moved as JSON files or URL fragments
// (#name=base64url(UTF-8 JSON)), never sent anywhere. Shared by the quiz forms and the tools pages.

import { roundHalfAway } from "../core/numbers.mjs";

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

/** Offer `blob` (made here, or a file a server sent) as a download named `filename`. */
export function downloadBlob(filename, blob) {
  const url = URL.createObjectURL(blob);
  const a = document.createElement("a");
  a.href = url;
  a.download = filename;
  a.hidden = true;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
}

/** Offer `value` as a pretty-printed JSON file download named `filename`. */
export function downloadJson(filename, value) {
  downloadBlob(filename, new Blob([JSON.stringify(value, null, 2) + "\n"], { type: "application/json" }));
}

/** Read a user-chosen File (or Blob) as a JSON object; rejects with a JsonFileError that says what is wrong. */
export async function readJsonFile(file, { maxBytes = 1_000_000 } = {}) {
  if (!file) throw new JsonFileError("No file was chosen.");
  const name = file.name ? `“${file.name}”` : "The file";
  if (file.size > maxBytes) {
    throw new JsonFileError(`${name} is too large (${Math.ceil(file.size / 1000)} kB); an answers file is at most ${roundHalfAway(maxBytes / 1000)} kB.`);
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
