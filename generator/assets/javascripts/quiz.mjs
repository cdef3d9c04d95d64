// quiz.mjs: the entry module of the quiz pages. Mounts on Material's document$ (instant navigation swaps pages
// without a reload), once per .dc-quiz root (data-dc-mounted); without Material, once the document is parsed.

import { controllerFor, mountQuiz } from "./form.mjs";

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

// A share link pasted into the address bar of the page already open changes only the fragment.
window.addEventListener("hashchange", () => {
  if (!location.hash.includes("answers=")) return;
  for (const root of document.querySelectorAll(".dc-quiz[data-dc-mounted]")) controllerFor(root)?.restore();
});

if (window.document$ && typeof window.document$.subscribe === "function") {
  window.document$.subscribe(() => mountAll());
} else if (document.readyState === "loading") {
  document.addEventListener("DOMContentLoaded", mountAll, { once: true });
} else {
  mountAll();
}
