// mount.mjs: starts a controller on each element it owns, once per element, on every page Material shows.
// Material's instant navigation swaps pages without reloading, and a module runs once per document, so mounting
// hangs on `document$` (a stream that replays each page load) when Material is there, else on DOMContentLoaded.
// A mounted root carries data-dc-mounted="" (or "failed"), which tests and styles wait on.

const controllers = new WeakMap();

/** The controller mounted on `root`, or null. */
export function controllerFor(root) {
  return controllers.get(root) ?? null;
}

/** Start `create(root)` on `root` unless it already runs; returns its controller. */
export function mountRoot(root, create) {
  if (!controllers.has(root)) {
    controllers.set(root, create(root));
    root.dataset.dcMounted = "";
  }
  return controllers.get(root);
}

function mountAll(selector, create, name) {
  for (const root of document.querySelectorAll(selector)) {
    if (controllers.has(root) || root.dataset.dcMounted === "failed") continue;
    try {
      mountRoot(root, create);
    } catch (err) {
      root.dataset.dcMounted = "failed";
      console.error(`dealcraft: could not start the ${name}`, err);
    }
  }
}

/**
 * Mount `create(root)` on every element matching `selector`, now and on each page Material shows.
 * The controller's `restore()` runs when the URL fragment gains `fragment=` in a page already open (a shared
 * link pasted into the address bar changes only the fragment). `name` says what failed in the console.
 */
export function mount({ selector, create, fragment, name }) {
  if (typeof document === "undefined") return; // node imports the modules in tests, without a page
  addEventListener("hashchange", () => {
    if (!location.hash.includes(`${fragment}=`)) return;
    for (const root of document.querySelectorAll(selector)) controllerFor(root)?.restore();
  });
  const run = () => mountAll(selector, create, name);
  if (typeof window.document$?.subscribe === "function") window.document$.subscribe(run);
  else if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", run, { once: true });
  else run();
}
