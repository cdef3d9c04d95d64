// quiz.mjs: brings the server-rendered form (templates/forms/quiz.html.j2) to life, once per .dc-quiz root and on
// each of Material's document$ page swaps: show_if, progress, validation, autosave, results, export/import/share,
// print. What a user typed is text, never HTML.
// Its DOM contract (issue 4) is documented in content/authoring.md, "What the form looks like to other tools".

import { formatNumber, isNumber, roundHalfAway } from "../core/numbers.mjs";
import { radarChart } from "../markup/radar.mjs";
import { escapeXml as t } from "../markup/svg.mjs";
import * as store from "../page/storage.mjs";
import { isAnswered as answered, score, toJson } from "../core/scoring.mjs";

const FRAGMENT = "answers";
const controllers = new WeakMap();

/** The controller of a mounted quiz root, for the hashchange handler and for tests. */
export function controllerFor(root) {
  return controllers.get(root) ?? null;
}

/** Run `work` once the next frame is painted (or soon, in a hidden tab, which paints no frames). */
function afterPaint(work) {
  if (document.hidden) setTimeout(work, 0);
  else requestAnimationFrame(() => setTimeout(work, 0));
}

/** "auto" (a jump) for people who ask for reduced motion, else "smooth". */
const scrolling = () => (matchMedia("(prefers-reduced-motion: reduce)").matches ? "auto" : "smooth");

/** Keep only answers of the right type for a known question: {answers, dropped: [qid...]} (saved, file, link). */
export function sanitizeAnswers(questionnaire, raw) {
  const answers = {};
  const dropped = [];
  if (!raw || typeof raw !== "object" || Array.isArray(raw)) return { answers, dropped };
  const byId = new Map(questionnaire.questions.map((q) => [q.id, q]));
  for (const [qid, value] of Object.entries(raw)) {
    const q = byId.get(qid);
    const ok = q && fits(questionnaire, q, value);
    if (ok) answers[qid] = Array.isArray(value) ? [...value] : value;
    else if (answered(value)) dropped.push(qid);
  }
  return { answers, dropped };
}

function fits(questionnaire, q, value) {
  if (!answered(value)) return false;
  const isNum = isNumber(value);
  switch (q.type) {
    case "likert": {
      const scale = q.scale ?? questionnaire.scale;
      return isNum && Number.isInteger(value) && value >= scale.min && value <= scale.max;
    }
    case "choice":
      return typeof value === "string" && (q.options ?? []).some((o) => o.id === value);
    case "multi": {
      const ids = new Set((q.options ?? []).map((o) => o.id));
      return Array.isArray(value) && value.every((v) => typeof v === "string" && ids.has(v)) && new Set(value).size === value.length;
    }
    case "number":
      return isNum && (q.min == null || value >= q.min) && (q.max == null || value <= q.max);
    case "text":
      return typeof value === "string" && value.length <= 5000;
    default:
      return false;
  }
}

/** Mount the quiz inside `root` (a .dc-quiz element) once; returns its controller. */
export function mountQuiz(root) {
  if (controllers.has(root)) return controllers.get(root);
  const compiled = JSON.parse(root.dataset.dcCompiled);
  const controller = new Quiz(root, compiled);
  controllers.set(root, controller);
  root.dataset.dcMounted = "";
  return controller;
}

class Quiz {
  constructor(root, compiled) {
    this.root = root;
    this.compiled = compiled;
    this.q = compiled.questionnaire;
    this.form = root.querySelector("form[data-questionnaire]");
    this.resultsEl = root.querySelector("[data-results]");
    this.errorsEl = root.querySelector("[data-dc-errors]");
    this.noticeEl = root.querySelector("[data-dc-notice]");
    this.messageEl = root.querySelector("[data-dc-message]");
    this.alertEl = root.querySelector("[data-dc-alert]");
    this.progressEl = root.querySelector("[data-dc-progress]");
    this.progressText = root.querySelector("[data-dc-progress-text]");
    this.fileInput = root.querySelector("[data-dc-file]");
    this.shareBox = root.querySelector("[data-dc-share]");
    this.shareInput = root.querySelector("[data-dc-share-url]");
    this.respondentInputs = [...root.querySelectorAll("[data-dc-respondent]")];
    this.key = store.storageKey(this.q.id);
    this.submitted = false;
    this.questions = this.q.questions.map((def) => {
      const el = this.form.querySelector(`[data-question="${CSS.escape(def.id)}"]`);
      return {
        def,
        el,
        inputs: [...el.querySelectorAll(`[name="${CSS.escape(def.id)}"]`)],
        errorEl: el.querySelector("[data-dc-error]"),
      };
    });
    this.byId = new Map(this.questions.map((x) => [x.def.id, x]));
    this.wire();
    this.restore();
    (window.requestIdleCallback ?? setTimeout)(() => this.warmUp());
  }

  /** Lay out a throwaway copy of the results once, while the participant is still answering: the first real
   * submit then finds its code compiled and its fonts shaped, and shows the results within a frame. */
  warmUp() {
    if (!this.root.isConnected || !this.resultsEl.hidden) return;
    const state = this.evaluate();
    const ghost = document.createElement("section");
    ghost.className = this.resultsEl.className;
    ghost.inert = true;
    ghost.setAttribute("aria-hidden", "true");
    ghost.style.cssText = `position: absolute; left: -10000px; width: ${this.form.clientWidth}px; visibility: hidden`;
    ghost.innerHTML = resultsHtml({ compiled: this.compiled, result: toJson(state.result), answers: state.activeAnswers });
    this.resultsEl.after(ghost);
    void ghost.offsetHeight; // the layout is the point
    ghost.remove();
  }

  // ------------------------------------------------------------------ reading and writing answers

  readOne(item) {
    const { def, inputs } = item;
    if (def.type === "likert") {
      const c = inputs.find((i) => i.checked);
      return c ? Number(c.value) : null;
    }
    if (def.type === "choice") return inputs.find((i) => i.checked)?.value ?? null;
    if (def.type === "multi") {
      const list = inputs.filter((i) => i.checked).map((i) => i.value);
      return list.length ? list : null;
    }
    const input = inputs[0];
    if (def.type === "number") {
      if (input.value.trim() === "") return null;
      const n = Number(input.value);
      return Number.isFinite(n) ? n : null;
    }
    return input.value.trim() === "" ? null : input.value;
  }

  /** Every answered question, active or not (hidden answers are kept so toggling show_if loses nothing). */
  readAnswers() {
    const answers = {};
    for (const item of this.questions) {
      const v = this.readOne(item);
      if (answered(v)) answers[item.def.id] = v;
    }
    return answers;
  }

  writeAnswers(answers) {
    for (const item of this.questions) {
      const v = answers[item.def.id];
      const { def, inputs } = item;
      if (def.type === "likert" || def.type === "choice") {
        for (const i of inputs) i.checked = answered(v) && i.value === String(v);
      } else if (def.type === "multi") {
        const set = new Set(Array.isArray(v) ? v : []);
        for (const i of inputs) i.checked = set.has(i.value);
      } else {
        inputs[0].value = answered(v) ? String(v) : "";
      }
    }
  }

  readRespondent() {
    const r = {};
    for (const input of this.respondentInputs) r[input.dataset.dcRespondent] = input.value.trim();
    return r;
  }

  writeRespondent(r) {
    for (const input of this.respondentInputs) {
      const v = r && typeof r[input.dataset.dcRespondent] === "string" ? r[input.dataset.dcRespondent] : "";
      input.value = v.slice(0, 200);
    }
  }

  /** Answers, the scorer's result and the active ids in one pass (the scorer ignores inactive answers). */
  evaluate(answers = this.readAnswers()) {
    const result = score(this.q, answers);
    const active = new Set(result.active);
    const activeAnswers = Object.fromEntries(Object.entries(answers).filter(([id]) => active.has(id)));
    return { answers, result, active, activeAnswers };
  }

  // ------------------------------------------------------------------ live behaviour

  wire() {
    this.form.addEventListener("input", (e) => this.onChange(e));
    this.form.addEventListener("change", (e) => this.onChange(e));
    this.form.addEventListener("submit", (e) => {
      e.preventDefault();
      this.submit();
    });
    this.errorsEl.addEventListener("click", (e) => {
      const link = e.target.closest("a[data-dc-goto]");
      if (!link) return;
      e.preventDefault();
      e.stopPropagation();
      // Material's instant navigation also handles same-page links; focus after it has scrolled.
      const qid = link.dataset.dcGoto;
      setTimeout(() => this.focusQuestion(qid), 0);
    });
    const on = (action, fn) => {
      for (const b of this.root.querySelectorAll(`[data-action="${action}"]`)) b.addEventListener("click", fn);
    };
    on("reset", () => this.reset());
    on("export", () => this.exportAnswers());
    on("import", () => this.fileInput.click());
    on("share", () => this.share());
    on("print", () => this.print());
    this.fileInput.addEventListener("change", () => this.importFile());
    this.shareInput?.addEventListener("focus", () => this.shareInput.select());
  }

  onChange(event) {
    const item = event?.target?.name ? this.byId.get(event.target.name) : null;
    if (item) this.clearError(item);
    this.update();
  }

  /** Apply show_if, update progress, autosave; returns the evaluated state (see `evaluate`). */
  update({ save = true } = {}) {
    const state = this.evaluate();
    const { answers, active } = state;
    let visible = 0;
    let done = 0;
    for (const item of this.questions) {
      const on = active.has(item.def.id);
      if (item.el.hidden === on) item.el.hidden = !on;
      if (on) {
        visible += 1;
        if (answered(answers[item.def.id])) done += 1;
      }
    }
    const progress = `${done} of ${visible} questions answered`;
    if (this.progressText.textContent !== progress) {
      // Only when it changed: a submit or a save recounts the same numbers, and a write would cost a layout.
      this.progressEl.max = Math.max(visible, 1);
      this.progressEl.value = done;
      this.progressText.textContent = progress;
    }
    if (save) this.save(answers);
    return state;
  }

  save(answers = this.readAnswers()) {
    const saved = store.save(this.key, {
      version: this.q.version,
      hash: this.compiled.hash,
      answers,
      respondent: this.readRespondent(),
      submitted: this.submitted,
    });
    if (!saved && !this.warnedStorage) {
      this.warnedStorage = true;
      this.notice("This browser is not keeping data for this site (private browsing, or storage is blocked), so your answers will be gone when you close the page. Use “Export answers” to keep them.");
    }
  }

  // ------------------------------------------------------------------ validation

  clearError(item) {
    if (!item.invalid) return; // most questions never had an error: leave their DOM (and layout) alone
    item.invalid = false;
    item.el.classList.remove("dc-has-error");
    if (item.errorEl) item.errorEl.textContent = "";
    for (const i of item.inputs) i.removeAttribute("aria-invalid");
  }

  problems({ answers, active }) {
    const out = [];
    for (const item of this.questions) {
      const { def, inputs } = item;
      if (!active.has(def.id)) continue;
      if (def.type === "number") {
        const input = inputs[0];
        const raw = input.value.trim();
        if (input.validity.badInput || (raw !== "" && !Number.isFinite(Number(raw)))) {
          out.push([item, "Enter a number, using digits only."]);
          continue;
        }
        const v = answers[def.id];
        if (answered(v) && def.min != null && v < def.min) out.push([item, `Enter ${def.min} or more.`]);
        else if (answered(v) && def.max != null && v > def.max) out.push([item, `Enter ${def.max} or less.`]);
        else if (def.required && !answered(v)) out.push([item, "Enter a number to answer this question."]);
        continue;
      }
      if (def.required && !answered(answers[def.id])) {
        out.push([item, def.type === "multi" ? "Choose at least one option." : def.type === "text" ? "Write an answer." : "Choose an answer."]);
      }
    }
    return out;
  }

  showProblems(problems) {
    for (const item of this.questions) this.clearError(item);
    if (this.errorsEl.firstChild) this.errorsEl.replaceChildren();
    if (!problems.length) return;
    let list = "";
    for (const [item, message] of problems) {
      item.invalid = true;
      item.el.classList.add("dc-has-error");
      item.errorEl.textContent = message;
      for (const i of item.inputs) i.setAttribute("aria-invalid", "true");
      const label = item.el.querySelector(".dc-qtext")?.textContent ?? item.def.id;
      list += `<li><a href="#${t(item.el.id)}" data-dc-goto="${t(item.def.id)}">${t(label)}</a> — ${t(message)}</li>`;
    }
    const title = problems.length === 1 ? "One question needs your attention" : `${problems.length} questions need your attention`;
    this.errorsEl.innerHTML = `<h2 class="dc-error-title">${title}</h2><ul>${list}</ul>`;
    this.errorsEl.focus();
  }

  focusQuestion(qid) {
    const item = this.byId.get(qid);
    if (!item) return;
    const target = item.inputs.find((i) => i.checked) ?? item.inputs[0];
    target.focus();
    item.el.scrollIntoView({ block: "center", behavior: scrolling() });
  }

  // ------------------------------------------------------------------ results

  submit() {
    const state = this.update({ save: false }); // saved once below, with the submitted flag
    const problems = this.problems(state);
    this.showProblems(problems);
    if (problems.length) {
      this.resultsEl.hidden = true;
      this.save(state.answers);
      return false;
    }
    this.showResults({ focus: true, state });
    return true;
  }

  showResults({ focus = false, state = this.evaluate() } = {}) {
    const json = toJson(state.result);
    renderResults(this.resultsEl, {
      compiled: this.compiled,
      result: json,
      answers: state.activeAnswers,
      respondent: this.readRespondent(),
    });
    this.resultsEl.hidden = false;
    this.submitted = true;
    afterPaint(() => this.save(state.answers)); // the participant waits for the results, not for storage
    if (focus) {
      this.resultsEl.focus({ preventScroll: true });
      this.resultsEl.scrollIntoView({ block: "start", behavior: scrolling() });
    }
    return json;
  }

  // ------------------------------------------------------------------ restoring, resetting

  say(message) {
    this.alertEl.textContent = "";
    this.messageEl.textContent = message;
  }

  alert(message) {
    this.messageEl.textContent = "";
    this.alertEl.textContent = message;
  }

  notice(message) {
    this.noticeEl.textContent = message;
  }

  /** Apply answers from elsewhere (saved, file, link), keeping what still fits; returns {kept, dropped}. */
  apply(raw, { version, respondent, source }) {
    const { answers, dropped } = sanitizeAnswers(this.q, raw);
    this.writeAnswers(answers);
    if (respondent) this.writeRespondent(respondent);
    const notes = [];
    if (version !== undefined && version !== this.q.version) {
      notes.push(
        `These answers were given to version ${version} of this questionnaire; this is version ${this.q.version}. ` +
          `The answers that still fit were kept (${Object.keys(answers).length}); please check the rest before you look at your results.`,
      );
    }
    if (dropped.length) {
      notes.push(`${dropped.length} ${source} answer${dropped.length === 1 ? "" : "s"} no longer fit${dropped.length === 1 ? "s" : ""} a question and ${dropped.length === 1 ? "was" : "were"} left out.`);
    }
    this.notice(notes.join(" "));
    return { kept: Object.keys(answers).length, dropped };
  }

  restore() {
    let fromLink = null;
    try {
      fromLink = store.readFragment(FRAGMENT);
    } catch (err) {
      this.alert(`The shared link could not be read. ${err.message}`);
    }
    if (fromLink) {
      this.loadDocument(fromLink, "shared");
      store.clearFragment(FRAGMENT);
      return;
    }
    const saved = store.load(this.key);
    if (saved && typeof saved === "object") {
      const changed = saved.hash !== this.compiled.hash;
      this.apply(saved.answers, { version: changed ? saved.version : this.q.version, respondent: saved.respondent, source: "saved" });
      this.submitted = saved.submitted === true && !changed;
    }
    const state = this.update({ save: false });
    if (this.submitted && !this.problems(state).length) this.showResults({ state });
  }

  /** Load an answers document (file or link); shows results when it is complete. */
  loadDocument(doc, source) {
    if (!doc || typeof doc !== "object" || Array.isArray(doc)) {
      this.alert("This is not an answers file: it should hold a JSON object.");
      return false;
    }
    if (doc.questionnaire !== this.q.id) {
      const which = typeof doc.questionnaire === "string" ? `“${doc.questionnaire}”` : "no questionnaire";
      this.alert(`These answers belong to ${which}, not to “${this.q.title}”. Open that self-assessment to load them.`);
      return false;
    }
    if (!doc.answers || typeof doc.answers !== "object" || Array.isArray(doc.answers)) {
      this.alert("This file names this questionnaire but holds no answers object.");
      return false;
    }
    this.showProblems([]);
    const { kept } = this.apply(doc.answers, { version: doc.version, respondent: doc.respondent, source });
    const state = this.update();
    const complete = !this.problems(state).length;
    if (complete) this.showResults({ state });
    else {
      this.resultsEl.hidden = true;
      this.submitted = false;
    }
    this.say(
      `Loaded ${kept} answer${kept === 1 ? "" : "s"} from the ${source === "shared" ? "shared link" : "file"}.` +
        (complete ? " Your results are below the form." : " Some questions still need an answer."),
    );
    this.save(state.answers);
    return true;
  }

  reset() {
    if (!window.confirm("Start over? This clears all your answers and your name from this browser.")) return;
    this.form.reset();
    this.writeRespondent({});
    store.remove(this.key);
    this.submitted = false;
    this.resultsEl.hidden = true;
    this.resultsEl.replaceChildren(this.resultsEl.querySelector("h2"));
    this.showProblems([]);
    this.notice("");
    if (this.shareBox) this.shareBox.hidden = true;
    this.update({ save: false });
    this.say("All answers were cleared.");
    this.form.querySelector("input, textarea")?.focus();
  }

  // ------------------------------------------------------------------ export, import, share, print

  answersDocument() {
    const respondent = this.readRespondent();
    const person = { name: respondent.name || null, group: respondent.group || null };
    return {
      questionnaire: this.q.id,
      version: this.q.version,
      respondent: person,
      submitted_at: new Date().toISOString().replace(/\.\d{3}Z$/, "Z"),
      answers: this.evaluate().activeAnswers,
    };
  }

  exportAnswers() {
    const doc = this.answersDocument();
    store.downloadJson(`${this.q.id}-answers-${doc.submitted_at.slice(0, 10)}.json`, doc);
    this.say("Your answers were saved as a JSON file in your downloads.");
    return doc;
  }

  async importFile() {
    const file = this.fileInput.files?.[0];
    this.fileInput.value = "";
    if (!file) return;
    try {
      this.loadDocument(await store.readJsonFile(file), "file");
    } catch (err) {
      this.alert(err instanceof store.JsonFileError ? err.message : `The file could not be loaded: ${err.message}`);
    }
  }

  async share() {
    const doc = { questionnaire: this.q.id, version: this.q.version, answers: this.evaluate().activeAnswers };
    const url = store.shareUrl(FRAGMENT, doc);
    this.shareInput.value = url;
    this.shareBox.hidden = false;
    let copied = false;
    try {
      if (navigator.clipboard && window.isSecureContext) {
        await navigator.clipboard.writeText(url);
        copied = true;
      }
    } catch {
      copied = false;
    }
    this.say(copied ? "A link with your answers was copied. It holds your answers, not your name." : "Copy the link below to share your answers (not your name).");
    this.shareInput.focus();
    return url;
  }

  print() {
    if (!this.submitted || this.resultsEl.hidden) {
      if (!this.submit()) return;
    }
    window.print();
  }
}

// ------------------------------------------------------------------ the results panel
// One string of markup parsed once, which on the first submit is far cheaper than a node per call. Our
// pre-rendered HTML from the YAML goes in as HTML; every other text is escaped (t), above all the user's.

const scoreAttr = (score) => (isNumber(score) ? String(score) : "");
const shown = (score) => (isNumber(score) ? String(roundHalfAway(score)) : "–");

function bandLabel(q, dimension, bandId) {
  if (!bandId) return "No score yet";
  const bands = dimension?.bands?.length ? dimension.bands : q.bands ?? [];
  return bands.find((b) => b.id === bandId)?.label ?? bandId;
}

function guideLink(link, fallback) {
  if (!link) return "";
  return `<p class="dc-guide"><a href="${t(link.href)}">${t(`Read the guide: ${link.title || fallback}`)}</a></p>`;
}

/** The right option of a knowledge check (a choice whose options score only 0 or 100, one of them 100), or null. */
function rightOption(q) {
  if (q.type !== "choice" || !q.options?.length) return null;
  const right = q.options.filter((o) => o.score === 100);
  return right.length === 1 && q.options.every((o) => o.score === 0 || o.score === 100) ? right[0] : null;
}

// Plain formatting: Intl (toLocaleString) costs tens of milliseconds the first time it is used.
const MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];

function formatComputed(value, unit) {
  if (typeof value === "number") return `${unit}${formatNumber(value, 2)}`;
  if (typeof value === "boolean") return value ? "yes" : "no";
  if (Array.isArray(value)) return value.join(", ");
  return String(value);
}

/** The results panel's markup for toJson(score(...)) and the active `answers` (everything but the heading). */
export function resultsHtml({ compiled, result, answers, respondent = {}, now = new Date() }) {
  const q = compiled.questionnaire;
  const { html, links } = compiled;
  const who = [respondent.name, respondent.group].filter(Boolean).join(", ");
  const date = `${now.getDate()} ${MONTHS[now.getMonth()]} ${now.getFullYear()}`;
  let out = `<p class="dc-result-meta">${t(`${q.title} · version ${q.version} · ${date}${who ? ` · ${who}` : ""}`)}</p>`;

  const overall = result.overall ?? { score: null, band: null };
  const overallFeedback = overall.band && html.feedback?.[overall.band];
  out +=
    `<div class="dc-overall" data-overall="" data-score="${scoreAttr(overall.score)}" data-band="${t(overall.band ?? "")}">` +
    `<p class="dc-overall-line">Overall <strong class="dc-overall-score">${shown(overall.score)}</strong> / 100 · <strong>${t(bandLabel(q, null, overall.band))}</strong></p>` +
    (overallFeedback ? `<div class="dc-feedback">${overallFeedback}</div>` : "") +
    "</div>";

  // Dimensions: radar with a table alternative, then one bar each with feedback and guide.
  const dims = q.dimensions.map((d) => ({ d, r: result.dimensions?.[d.id] ?? { score: null, band: null } }));
  if (dims.length) {
    out += "<h3>By dimension</h3>";
    if (dims.length >= 3) {
      const chart = radarChart({
        title: `${q.title}: scores by dimension`,
        format: (v) => String(roundHalfAway(v)),
        axes: dims.map(({ d, r }) => ({ label: d.title, value: r.score })),
      });
      // The table alternative holds what the chart shows. A table never shrinks to 1px, so the hidden wrapper is
      // a div; the class keeps Material's style of plain tables (a scrollable box) off it.
      const rows = dims.map(({ d, r }) => `<tr><th scope="row">${t(d.title)}</th><td>${shown(r.score)}</td></tr>`);
      out +=
        `<figure class="dc-radar">${chart}<div class="dc-sr-only"><table class="dc-table"><caption>Scores by dimension (0 to 100)</caption>` +
        `<thead><tr><th scope="col">Dimension</th><th scope="col">Score</th></tr></thead><tbody>${rows.join("")}</tbody></table></div></figure>`;
    }
    out += '<ul class="dc-dimensions">';
    for (const { d, r } of dims) {
      const width = isNumber(r.score) ? Math.max(0, Math.min(100, r.score)) : 0;
      const feedback = r.band ? html.dimensions?.[d.id]?.feedback?.[r.band] : null;
      const score = r.band ? `${shown(r.score)} · ${bandLabel(q, d, r.band)}` : "No answers yet";
      out +=
        `<li data-dimension="${t(d.id)}" data-score="${scoreAttr(r.score)}" data-band="${t(r.band ?? "")}">` +
        `<div class="dc-dimension-head"><h4>${t(d.title)}</h4><span>${t(score)}</span></div>` +
        `<div class="dc-bar" style="--dc-score: ${width}%" aria-hidden="true"></div>` +
        (feedback ? `<div class="dc-feedback">${feedback}</div>` : "") +
        guideLink(links.dimensions?.[d.id], d.title) +
        "</li>";
    }
    out += "</ul>";
  }

  const recs = result.recommendations ?? [];
  out += "<h3>Recommendations</h3>";
  if (recs.length) {
    out += '<ul class="dc-recommendations">';
    for (const id of recs) {
      out += `<li data-recommendation="${t(id)}"><div class="dc-feedback">${html.recommendations?.[id] ?? ""}</div>${guideLink(links.recommendations?.[id], "more on this")}</li>`;
    }
    out += "</ul>";
  } else {
    out += '<p class="dc-muted">No specific recommendations for these answers.</p>';
  }

  // Computed values with a label (e.g. the bargaining zone)
  const computed = (q.computed ?? []).filter((c) => c.label && result.computed?.[c.id] != null);
  if (computed.length) {
    out += '<h3>Your numbers</h3><dl class="dc-computed">';
    for (const c of computed) {
      const v = result.computed[c.id];
      out += `<dt>${t(c.label)}</dt><dd>${t(formatComputed(v, typeof v === "number" ? q.zone?.unit ?? "" : ""))}</dd>`;
    }
    out += "</dl>";
  }

  // The bargaining zone, drawn like the calculator (zone.mjs and charts.mjs load only for questionnaires with a zone).
  if (q.zone) out += '<h3>Your bargaining zone</h3><figure class="dc-zone" data-zone-chart=""></figure>';

  // Knowledge checks: right or not, with the explanation
  let checks = "";
  for (const x of q.questions) {
    const right = rightOption(x);
    const explanation = html.questions?.[x.id]?.explanation;
    if (!right || !(x.id in answers || explanation)) continue;
    const given = answers[x.id];
    const ok = given === right.id;
    const mark = ok ? "✓ Right: " : given === undefined ? "– Not answered. " : "✗ Not quite: ";
    const chosen = given === undefined ? "" : `you chose “${x.options.find((o) => o.id === given)?.label ?? given}”. `;
    checks +=
      `<li class="${ok ? "dc-right" : "dc-wrong"}" data-check="${t(x.id)}" data-correct="${ok}">` +
      `<p class="dc-check-q">${html.questions?.[x.id]?.text ?? t(x.text)}</p>` +
      `<p class="dc-check-a"><span class="dc-mark">${mark}</span>${t(chosen + (ok ? "" : `The answer is “${right.label}”.`))}</p>` +
      (explanation ? `<div class="dc-explanation">${explanation}</div>` : "") +
      "</li>";
  }
  if (checks) out += `<h3>Your answers, checked</h3><ol class="dc-checks">${checks}</ol>`;

  return out + '<p class="dc-muted">Scores run from 0 to 100 and are rounded for display. Export your answers to get the same figures in a PDF report.</p>';
}

/** Fill `section` (after its heading) with the results of toJson(score(...)) for the active `answers`. */
export function renderResults(section, { compiled, result, answers, respondent }) {
  section.replaceChildren(section.querySelector("h2"));
  section.insertAdjacentHTML("beforeend", resultsHtml({ compiled, result, answers, respondent }));
  const q = compiled.questionnaire;
  const zone = q.zone && section.querySelector("[data-zone-chart]");
  if (zone) {
    import("./zonefigure.mjs")
      .then(({ drawZone }) => drawZone(zone, q.zone, answers))
      .catch((err) => console.error("dealcraft: zone diagram", err));
  }
  return section;
}

// ------------------------------------------------------------------ mounting

function mountAll() {
  for (const root of document.querySelectorAll(".dc-quiz:not([data-dc-mounted])")) {
    try {
      mountQuiz(root);
    } catch (err) {
      root.dataset.dcMounted = "failed";
      console.error("dealcraft: could not start the form", err);
    }
  }
}

function start() {
  // A share link pasted into the address bar of the page already open changes only the fragment.
  window.addEventListener("hashchange", () => {
    if (!location.hash.includes(`${FRAGMENT}=`)) return;
    for (const root of document.querySelectorAll(".dc-quiz[data-dc-mounted]")) controllerFor(root)?.restore();
  });
  if (typeof window.document$?.subscribe === "function") {
    window.document$.subscribe(() => mountAll());
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", mountAll, { once: true });
  } else {
    mountAll();
  }
}

if (typeof document !== "undefined") start(); // node imports this module in tests, without a page
