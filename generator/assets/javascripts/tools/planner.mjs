/**
 * The concession-trade planner's logic, as pure functions (the page's DOM lives in tools.mjs).
 *
 * Each issue on the table has three scores from 1 to 5, all the user's own judgement:
 *   mine    how much the issue matters to you;
 *   cost    what conceding it would cost you;
 *   theirs  how much you think it matters to the other side (a guess, to be checked by asking).
 *
 * Rules, chosen to be explainable in one sentence each:
 *   offer value = theirs - cost   (worth more to them than it costs you: something to give)
 *   ask value   = mine - theirs   (worth more to you than to them: something to ask for, as it should be
 *                                  cheap for them to give)
 * An issue is an "offer" when its offer value is at least 1 and not below its ask value, an "ask" when its
 * ask value is at least 1 and above its offer value, and "hold" otherwise, so each issue has one role.
 * suggestTrades pairs offers with asks, strongest with strongest (ties keep table order): each issue is
 * used in at most one trade, and a trade's gain is the offer value plus the ask value.
 */

export const PLAN_KIND = "dealcraft-concession-planner";
export const PLAN_VERSION = 1;
export const MAX_ITEMS = 40;
export const MAX_NAME = 120;
const SCORE_FIELDS = ["mine", "cost", "theirs"];

/** The label shown for an item: its name, or "Issue N" (1-based) when the name is blank. */
export function itemLabel(item, index) {
  const name = String(item?.issue ?? "").trim();
  return name || `Issue ${index + 1}`;
}

/** The role of one item: "offer", "ask" or "hold", with the two values behind it. */
export function classify(item) {
  const offer = item.theirs - item.cost;
  const ask = item.mine - item.theirs;
  let role = "hold";
  if (offer >= 1 && offer >= ask) role = "offer";
  else if (ask >= 1) role = "ask";
  return { role, offer, ask };
}

function ranked(items, role, key) {
  return items
    .map((item, index) => ({ index, ...classify(item) }))
    .filter((c) => c.role === role)
    .sort((a, b) => b[key] - a[key] || a.index - b.index);
}

/**
 * Pair what is cheap for you and valuable to them with what is valuable to you and cheap for them.
 * Returns {trades: [{give, get, giveIssue, getIssue, gain}], unpairedOffers: [index], unpairedAsks: [index]}
 * where give/get are item indexes in `items`.
 */
export function suggestTrades(items) {
  const offers = ranked(items, "offer", "offer");
  const asks = ranked(items, "ask", "ask");
  const n = Math.min(offers.length, asks.length);
  const trades = [];
  for (let i = 0; i < n; i++) {
    const give = offers[i].index;
    const get = asks[i].index;
    trades.push({
      give,
      get,
      giveIssue: itemLabel(items[give], give),
      getIssue: itemLabel(items[get], get),
      gain: offers[i].offer + asks[i].ask,
    });
  }
  return {
    trades,
    unpairedOffers: offers.slice(n).map((c) => c.index),
    unpairedAsks: asks.slice(n).map((c) => c.index),
  };
}

/** Conditional phrasings for one trade: the concession always comes with what you ask in return. */
export function ifThenPrompts(trade) {
  const give = `“${trade.giveIssue}”`;
  const get = `“${trade.getIssue}”`;
  return [
    `If you can move on ${get}, then we can move on ${give}.`,
    `We have some room on ${give}. What could you do on ${get} if we used it?`,
  ];
}

/** A question to ask when an issue has no partner yet, so the guess about their priorities gets tested. */
export function openPrompt(item, index, role) {
  const label = `“${itemLabel(item, index)}”`;
  return role === "offer"
    ? `How much does ${label} matter to you? If it matters a lot, what could you offer in return?`
    : `What would it take for you to move on ${label}?`;
}

/** A fresh empty row: neutral scores, no name. */
export function blankItem() {
  return { issue: "", mine: 3, cost: 3, theirs: 3 };
}

/** The JSON document for export and share links. */
export function planDocument(items) {
  return {
    kind: PLAN_KIND,
    version: PLAN_VERSION,
    items: items.map((it) => ({ issue: String(it.issue ?? ""), mine: it.mine, cost: it.cost, theirs: it.theirs })),
  };
}

/**
 * Check an imported or shared plan document and return its items; throws Error with a readable message.
 * Accepts the planDocument shape; scores must be integers 1–5 and names at most MAX_NAME characters.
 */
export function readPlan(value) {
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    throw new Error("This is not a concession plan: expected a JSON object.");
  }
  if (value.kind !== PLAN_KIND) {
    throw new Error("This is not a concession plan exported from the planner (its “kind” is missing or different).");
  }
  if (value.version !== PLAN_VERSION) {
    throw new Error(`This plan has version ${JSON.stringify(value.version)}; the planner reads version ${PLAN_VERSION}.`);
  }
  if (!Array.isArray(value.items)) throw new Error("This plan has no list of issues (“items”).");
  if (value.items.length > MAX_ITEMS) throw new Error(`This plan has ${value.items.length} issues; the planner holds at most ${MAX_ITEMS}.`);
  return value.items.map((raw, i) => {
    const where = `Issue ${i + 1}`;
    if (raw === null || typeof raw !== "object" || Array.isArray(raw)) throw new Error(`${where} is not an object.`);
    const issue = raw.issue ?? "";
    if (typeof issue !== "string") throw new Error(`${where}: the name must be text.`);
    if (issue.length > MAX_NAME) throw new Error(`${where}: the name is longer than ${MAX_NAME} characters.`);
    const item = { issue };
    for (const field of SCORE_FIELDS) {
      const v = raw[field];
      if (!Number.isInteger(v) || v < 1 || v > 5) {
        throw new Error(`${where} (${itemLabel(raw, i)}): “${field}” must be a whole number from 1 to 5.`);
      }
      item[field] = v;
    }
    return item;
  });
}

/** An example from a used-car purchase, for people who want to see the planner work before using it. */
export function exampleItems() {
  return [
    { issue: "Price", mine: 5, cost: 5, theirs: 5 },
    { issue: "Handover date", mine: 2, cost: 1, theirs: 4 },
    { issue: "Extended warranty", mine: 4, cost: 3, theirs: 2 },
    { issue: "Winter tyres included", mine: 4, cost: 2, theirs: 1 },
    { issue: "Payment in one transfer", mine: 1, cost: 1, theirs: 4 },
  ];
}
