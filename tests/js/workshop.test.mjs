// send.mjs (workshop mode): the participant key and the time shown after a send, checked without a browser.
import { test } from "node:test";
import assert from "node:assert/strict";

class MemoryStorage {
  constructor() { this.map = new Map(); }
  getItem(k) { return this.map.has(k) ? this.map.get(k) : null; }
  setItem(k, v) { this.map.set(k, String(v)); }
  removeItem(k) { this.map.delete(k); }
}
globalThis.localStorage = new MemoryStorage();
const { participantKey, clock } = await import("../../generator/assets/javascripts/workshop/send.mjs");

test("the participant key is random, made once and kept", () => {
  const key = participantKey();
  assert.match(key, /^[0-9a-f]{32}$/);
  assert.equal(participantKey(), key);
  globalThis.localStorage = new MemoryStorage();
  assert.notEqual(participantKey(), key);
});

test("a stored key the server would refuse is replaced", () => {
  globalThis.localStorage.setItem("dealcraft-workshop:participant", JSON.stringify("<script>"));
  assert.match(participantKey(), /^[0-9a-f]{32}$/);
});

test("the send time reads as hours and minutes in the participant's zone", () => {
  const at = new Date(2026, 11, 2, 9, 5);
  assert.equal(clock(at.toISOString()), "09:05");
});
