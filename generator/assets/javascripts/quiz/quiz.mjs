// quiz.mjs: the controller that brings the server-rendered form (templates/forms/quiz.html.j2) to life, once per
// .dc-quiz root on every page Material shows (mount.mjs): show_if, progress, validation, autosave, results
// (drawn by results.mjs), export/import/share, print. What a user typed is text, never HTML.
// The compiled questionnaire (scoring rules, results' texts) is a JSON file of its own, fetched when the form
// mounts: the page's HTML stays small and reads at once, and the results need no network once it is here.
// Its DOM contract (issue 4) is documented in content/authoring.md, "What the form looks like to other tools".

import { badText, decimalsHint, placesOf, sanitizeAnswers, withinPlaces } from "../core/answers.mjs";
import { isAnswered as answered, score, toJson } from "../core/scoring.mjs";
import { escapeXml as t } from "../markup/svg.mjs";
import { mount } from "../page/mount.mjs";
import * as store from "../page/storage.mjs";
import { renderResults, resultsHtml } from "./results.mjs";

const FRAGMENT = "answers";

/** Run `work` once the next frame is painted (or soon, in a hidden tab, which paints no frames). */
function afterPaint(work) {
  if (document.hidden) setTimeout(work, 0);
  else requestAnimationFrame(() => setTimeout(work, 0));
}

/** Run `work` when the browser has nothing else to do, or after 2 s of a busy page (soon, where it cannot tell). */
function whenIdle(work) {
  if (typeof requestIdleCallback === "function") requestIdleCallback(work, { timeout: 2000 });
  else setTimeout(work, 0);
}

/** "auto" (a jump) for people who ask for reduced motion, else "smooth". */
const scrolling = () => (matchMedia("(prefers-reduced-motion: reduce)").matches ? "auto" : "smooth");

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
    // The name and group fields, as items the error summary can point at like questions.
    this.respondentItems = this.respondentInputs.map((input) => ({
      def: { id: `respondent.${input.dataset.dcRespondent}`, type: "respondent" },
      el: input.closest(".dc-field"),
      inputs: [input],
      errorEl: input.closest(".dc-field").querySelector("[data-dc-error]"),
      label: input.labels?.[0]?.textContent ?? input.dataset.dcRespondent,
    }));
    this.byId = new Map([...this.questions, ...this.respondentItems].map((x) => [x.def.id, x]));
    this.wire();
    this.restore();
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
    // The warm-up waits for the first answer: a reader who only looks at the form costs the phone nothing, and
    // the page's load stays free of its long layout (about 50 ms on a phone).
    this.form.addEventListener("change", () => whenIdle(() => this.warmUp()), { once: true });
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
    const target = event?.target;
    const key = target?.dataset?.dcRespondent ? `respondent.${target.dataset.dcRespondent}` : target?.name;
    const item = key ? this.byId.get(key) : null;
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
        else if (answered(v) && !withinPlaces(v, placesOf(def, this.compiled.limits))) out.push([item, decimalsHint(placesOf(def, this.compiled.limits))]);
        else if (def.required && !answered(v)) out.push([item, "Enter a number to answer this question."]);
        continue;
      }
      if (def.required && !answered(answers[def.id])) {
        out.push([item, def.type === "multi" ? "Choose at least one option." : def.type === "text" ? "Write an answer." : "Choose an answer."]);
        continue;
      }
      // What Python refuses in a text answer (core/answers.mjs badText), said here rather than by `dealcraft report`.
      const why = def.type === "text" && answered(answers[def.id]) ? badText(answers[def.id], { allowBreaks: true }) : null;
      if (why) out.push([item, `Remove ${why}: it cannot be printed in a report. It may be invisible, so retype the text around it.`]);
    }
    return [...this.respondentProblems(), ...out]; // in the order of the form: the name and group come first
  }

  /** The name and group as Python checks them: one line of plain text (core/answers.mjs badText). */
  respondentProblems() {
    const out = [];
    for (const item of this.respondentItems) {
      const why = badText(item.inputs[0].value.trim());
      if (why) out.push([item, `Remove ${why}: names are one line of plain text. It may be invisible, so retype the text around it.`]);
    }
    return out;
  }

  showProblems(problems) {
    for (const item of this.questions) this.clearError(item);
    for (const item of this.respondentItems) this.clearError(item);
    if (this.errorsEl.firstChild) this.errorsEl.replaceChildren();
    if (!problems.length) return;
    let list = "";
    for (const [item, message] of problems) {
      item.invalid = true;
      item.el.classList.add("dc-has-error");
      item.errorEl.textContent = message;
      for (const i of item.inputs) i.setAttribute("aria-invalid", "true");
      const label = item.label ?? item.el.querySelector(".dc-qtext")?.textContent ?? item.def.id;
      list += `<li><a href="#${t(item.el.id || item.inputs[0].id)}" data-dc-goto="${t(item.def.id)}">${t(label)}</a> — ${t(message)}</li>`;
    }
    const noun = problems.some(([item]) => item.def.type === "respondent") ? "answer" : "question"; // a name too
    const title = problems.length === 1 ? `One ${noun} needs your attention` : `${problems.length} ${noun}s need your attention`;
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
    const { answers, dropped } = sanitizeAnswers(this.q, raw, this.compiled.limits);
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

// ------------------------------------------------------------------ mounting

/** The compiled questionnaire at `src` (generator/site/core.py compiled_file), its guide links made absolute:
 * they count from the file, which every page showing the form shares. */
async function fetchCompiled(src) {
  let response;
  try {
    response = await fetch(src);
  } catch {
    throw new Error("no connection to the site");
  }
  if (!response.ok) throw new Error(`the site answered ${response.status}`);
  const compiled = await response.json();
  for (const group of Object.values(compiled.links)) {
    for (const link of Object.values(group)) link.href = new URL(link.href, response.url).href;
  }
  return compiled;
}

/** Fetch the compiled questionnaire, then start the form. Until then a press on the submit button sends nothing
 * (the form has no action: the browser would put the answers in the page's URL); if it cannot be fetched, the
 * form says so at its top and stays that way. */
async function start(root) {
  const form = root.querySelector("form[data-questionnaire]");
  const hold = (event) => event.preventDefault();
  form.addEventListener("submit", hold);
  let compiled;
  try {
    compiled = await fetchCompiled(root.dataset.dcCompiledSrc);
  } catch (err) {
    const notice = root.querySelector("[data-dc-notice]");
    notice.setAttribute("role", "alert");
    notice.textContent =
      `This form could not load its scoring rules (${err.message}), ` +
      "so it cannot show results or keep your answers. Check your connection, then reload the page.";
    form.addEventListener("submit", () => notice.scrollIntoView({ block: "center", behavior: scrolling() }));
    throw err;
  }
  form.removeEventListener("submit", hold);
  return new Quiz(root, compiled);
}

const quizzes = mount({
  selector: ".dc-quiz",
  create: start,
  fragment: FRAGMENT,
  name: "form",
});

/** Mount the quiz inside `root` (a .dc-quiz element) once; returns a promise of its controller. */
export const mountQuiz = quizzes.mountRoot;

/** The controller of a mounted quiz root (null when none), for tests and the workshop's send button. */
export const controllerFor = quizzes.controllerFor;
