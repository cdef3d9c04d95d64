// dealcheck-view.mjs: what the deal check page shows: the sentence for what this side may know, the entry read
// from its form, and what went wrong. No state here.

import { formatAmount } from "../core/zone.mjs";

/**
 * The status sentence for the server's view of this side (null: nothing entered yet, nothing to say). The width is
 * money as the results and reports show it (formatAmount, zone.py's format_amount): to the cent, in the currency the
 * server names (the project's report currency).
 */
export function statusText(view) {
  if (!view) return "";
  const parts = [`Your limit is in, as the ${view.role} of pair ${view.pair}.`];
  if (!view.other_entered) parts.push("Waiting for the other side to enter theirs.");
  else if (view.zone_exists === false) parts.push("There is no bargaining zone: your limits do not overlap.");
  else if (view.width === 0) parts.push("A bargaining zone exists, but it is a single point: your limits are the same.");
  else if (view.width !== null) parts.push(`A bargaining zone exists, ${formatAmount(view.width, view.currency)} wide.`);
  else {
    parts.push("A bargaining zone exists.");
    parts.push(view.you_agreed && !view.they_agreed ? "The other side has not agreed to show its width." : "");
  }
  return parts.filter(Boolean).join(" ");
}

/** Why the server refused an entry: the first problem it names, else its status. */
export function refusedText(reply, status) {
  const first = reply.problems?.[0];
  return first ? `${first.field}: ${first.message}` : `The server answered ${status}.`;
}

/** The page could not ask the server (it asks again by itself). */
export const unreachableText = (message) => `Could not reach the server (${message}); trying again.`;

/** An entry that did not reach the server (no answer at all): it stays in the form for another press. */
export const notSentText = (message) =>
  `Your limit was not sent: could not reach the server (${message}). What you entered is still in the form; ` +
  "check your connection, then press “Enter my limit” again.";

/** What the page says after a poll: while an entry is unsent that comes first, since the form still holds it. */
export function pollText({ view = null, error = null, unsent = false }) {
  if (unsent && error) return notSentText(error);
  if (unsent) return "Your limit is not sent yet: the server answers again, so press “Enter my limit” to send it.";
  return error ? unreachableText(error) : statusText(view);
}

/** The form's entry, as the body /api/dealcheck takes. */
export function readEntry(form) {
  const data = new FormData(form);
  return {
    pair: String(data.get("pair") ?? ""),
    role: data.get("role"),
    limit: Number(data.get("limit")),
    consent: data.get("consent") === "on",
  };
}
