// sending.mjs: the send button's rules, apart from the page: when to try again, what the server's answer means,
// and where the server's scores differ from the ones the page shows.

/** The waits between tries when the facilitator's laptop does not answer: doubling, then every 30 s. */
export const BACKOFF_MS = [1000, 2000, 4000, 8000, 15000, 30000];

/** Milliseconds to wait after `failed` tries in a row before the next one. */
export const retryDelay = (failed) => BACKOFF_MS[Math.min(failed, BACKOFF_MS.length - 1)];

/**
 * What an HTTP status (null: no answer at all) means for the answers in the outbox: "retry" when the server
 * could not take them now (unreachable, 5xx, 408, 429: they stay and are sent again), "sent" for a 2xx, and
 * "refused" for anything else (a 4xx is final: sending the same answers again would be refused again).
 */
export function outcome(status) {
  if (status === null || status >= 500 || status === 429 || status === 408) return "retry";
  return status >= 200 && status < 300 ? "sent" : "refused";
}

const same = (a, b) => (a === null || b === null ? a === b : Math.abs(a - b) <= 1e-9);

/**
 * The ids ("overall" and dimension ids) whose score or band differ between the server's `scores` (the
 * `dealcraft score --json` shape) and `shown`, what the page shows: { overall: {score, band} | null,
 * dimensions: [{id, score, band}] }, scores as numbers or null, bands as ids or null.
 */
export function differences(scores, shown) {
  const out = [];
  if (shown.overall) {
    const theirs = scores.overall ?? {};
    if (!same(shown.overall.score, theirs.score ?? null) || shown.overall.band !== (theirs.band ?? null)) out.push("overall");
  }
  for (const { id, score, band } of shown.dimensions) {
    const theirs = scores.dimensions?.[id] ?? { score: null, band: null };
    if (!same(score, theirs.score) || band !== theirs.band) out.push(id);
  }
  return out;
}

/** Whether a refusal says the room collects another round than the one the send was meant for (nothing stored). */
export const wrongRound = (status, body) => status === 409 && body?.field === "round";

/**
 * Whether the page should ask for the second round although this browser has sent: the room collects the
 * 'after' round and the last receipt (`sent`: { at, round }) is of the first round, with nothing waiting to go.
 */
export const secondRoundDue = (round, sent, pending) =>
  round === "after" && Boolean(sent?.at) && sent.round !== "after" && !pending;

/** The round the room collects now ("before" or "after"), or null when the server cannot be reached. */
export async function currentRound() {
  try {
    const response = await fetch("/api/room", { cache: "no-store" });
    return response.ok ? ((await response.json()).round ?? null) : null;
  } catch {
    return null;
  }
}
