// dealcheck.mjs: the paired deal check page (/dealcheck). It posts this side's limit with the browser's
// participant key, then asks every few seconds what this side may know: whether the other side has entered,
// whether a zone exists, and its width once both agreed. The server never sends the other side's number.

import { participantKey } from "./send.mjs";

const POLL_MS = 3000;
const money = (x) => "$" + Math.round(x).toLocaleString("en-US");

function say(status, view, error) {
  if (error) {
    status.textContent = error;
    return;
  }
  if (!view) {
    status.textContent = "";
    return;
  }
  const parts = [`Your limit is in, as the ${view.role} of pair ${view.pair}.`];
  if (!view.other_entered) parts.push("Waiting for the other side to enter theirs.");
  else if (view.zone_exists === false) parts.push("There is no bargaining zone: your limits do not overlap.");
  else if (view.width !== null) parts.push(`A bargaining zone exists, ${money(view.width)} wide.`);
  else {
    parts.push("A bargaining zone exists.");
    parts.push(view.you_agreed && !view.they_agreed ? "The other side has not agreed to show its width." : "");
  }
  status.textContent = parts.filter(Boolean).join(" ");
}

async function fetchView() {
  const response = await fetch("/api/dealcheck", { headers: { "X-Dealcraft-Participant": participantKey() } });
  if (!response.ok) throw new Error(`the server answered ${response.status}`);
  const view = await response.json();
  return view.entered ? view : null;
}

function mount(form) {
  const status = document.querySelector("[data-dealcheck-status]");
  let timer = null;
  const poll = async () => {
    try {
      const view = await fetchView();
      say(status, view);
      if (view) form.hidden = false;
    } catch (err) {
      say(status, null, `Could not reach the server (${err.message}); trying again.`);
    }
    clearTimeout(timer);
    timer = setTimeout(poll, POLL_MS);
  };
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const data = new FormData(form);
    const body = {
      pair: String(data.get("pair") ?? ""),
      role: data.get("role"),
      limit: Number(data.get("limit")),
      consent: data.get("consent") === "on",
    };
    const response = await fetch("/api/dealcheck", {
      method: "POST",
      headers: { "Content-Type": "application/json", "X-Dealcraft-Participant": participantKey() },
      body: JSON.stringify(body),
    });
    const reply = await response.json().catch(() => ({}));
    if (!response.ok) {
      const first = reply.problems?.[0];
      say(status, null, first ? `${first.field}: ${first.message}` : `The server answered ${response.status}.`);
      return;
    }
    say(status, reply);
    poll();
  });
  poll();
}

const form = document.querySelector("[data-dealcheck]");
if (form) mount(form);
