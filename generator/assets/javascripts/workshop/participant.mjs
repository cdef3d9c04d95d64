// participant.mjs: what a workshop keeps in this browser (localStorage, under "dealcraft-workshop:"): the
// participant's key, and the send button's outbox and receipts. Shared by the send button and the deal check.

import * as storage from "../page/storage.mjs";

const PREFIX = "dealcraft-workshop:";
const KEY_PATTERN = /^[A-Za-z0-9_-]{16,128}$/;

/** The value kept under `name`, or null. */
export const load = (name) => storage.load(PREFIX + name);

/** Keep `value` under `name`; false when storage is full or off. */
export const save = (name, value) => storage.save(PREFIX + name, value);

/** Forget `name`. */
export const forget = (name) => storage.remove(PREFIX + name);

/** This browser's participant key: random, made once, kept in localStorage; the server knows only its hash. */
export function participantKey() {
  let key = load("participant");
  if (typeof key !== "string" || !KEY_PATTERN.test(key)) {
    const bytes = crypto.getRandomValues(new Uint8Array(16));
    key = Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
    save("participant", key);
  }
  return key;
}
