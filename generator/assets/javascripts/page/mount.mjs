// mount.mjs: starts a controller on each element it owns, once per element, on every page Material shows.
// Material's instant navigation swaps pages without reloading, and a module runs once per document, so mounting
// hangs on `document$` (a stream that replays each page load) when Material is there, else on DOMContentLoaded.
// A mounted root carries data-dc-mounted="" (or "failed"), which tests and styles wait on; a second kind of
// controller on the same root (the workshop's send button on a form) names its own attribute with `marker`.

/**
 * Mount `create(root)` on every element matching `selector`, now and on each page Material shows.
 * With `fragment`, the controller's `restore()` runs when the URL fragment gains `fragment=` in a page already
 * open (a shared link pasted into the address bar changes only the fragment). `name` says what failed in the
 * console; `marker` is the dataset key set on each root (default "dcMounted", i.e. data-dc-mounted).
 * Returns `mountRoot(root)` (start one root now; idempotent) and `controllerFor(root)` (null when not mounted).
 */
export function mount({ selector, create, fragment, name, marker = "dcMounted" }) {
  const controllers = new WeakMap();
  const controllerFor = (root) => controllers.get(root) ?? null;
  const mountRoot = (root) => {
    if (!controllers.has(root)) {
      controllers.set(root, create(root));
      root.dataset[marker] = "";
    }
    return controllers.get(root);
  };
  const mountAll = () => {
    for (const root of document.querySelectorAll(selector)) {
      if (controllers.has(root) || root.dataset[marker] === "failed") continue;
      try {
        mountRoot(root);
      } catch (err) {
        root.dataset[marker] = "failed";
        console.error(`dealcraft: could not start the ${name}`, err);
      }
    }
  };
  if (typeof document !== "undefined") {
    // node imports the modules in tests, without a page: nothing to wire there
    if (fragment) {
      addEventListener("hashchange", () => {
        if (!location.hash.includes(`${fragment}=`)) return;
        for (const root of document.querySelectorAll(selector)) controllerFor(root)?.restore();
      });
    }
    if (typeof window.document$?.subscribe === "function") window.document$.subscribe(mountAll);
    else if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", mountAll, { once: true });
    else mountAll();
  }
  return { mountRoot, controllerFor };
}
