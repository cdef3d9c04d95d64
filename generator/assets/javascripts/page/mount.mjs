// mount.mjs: starts a controller on each element it owns, once per element, on every page Material shows.
// Material's instant navigation swaps pages without reloading, and a module runs once per document, so mounting
// hangs on `document$` (a stream that replays each page load) when Material is there, else on DOMContentLoaded.
// A mounted root carries data-dc-mounted="" (or "failed"), which tests and styles wait on; a second kind of
// controller on the same root (the workshop's send button on a form) names its own attribute with `marker`.
// A controller that needs data first (the quiz fetches its compiled questionnaire) returns a promise from
// `create`; the root is marked when it settles.

/**
 * Mount `create(root)` on every element matching `selector`, now and on each page Material shows.
 * With `fragment`, the controller's `restore()` runs when the URL fragment gains `fragment=` in a page already
 * open (a shared link pasted into the address bar changes only the fragment). `name` says what failed in the
 * console; `marker` is the dataset key set on each root (default "dcMounted", i.e. data-dc-mounted).
 * Returns `mountRoot(root)` (start one root now, once; a promise of its controller) and `controllerFor(root)`
 * (null until it is mounted).
 */
export function mount({ selector, create, fragment, name, marker = "dcMounted" }) {
  const started = new WeakMap(); // root -> promise of its controller
  const controllers = new WeakMap(); // root -> controller, once mounted
  const controllerFor = (root) => controllers.get(root) ?? null;
  const mountRoot = (root) => {
    if (!started.has(root)) {
      let made;
      try {
        made = create(root); // at once: a controller that needs nothing else is running before this returns
      } catch (err) {
        made = Promise.reject(err);
      }
      const mounted = Promise.resolve(made).then(
        (controller) => {
          controllers.set(root, controller);
          root.dataset[marker] = "";
          return controller;
        },
        (err) => {
          root.dataset[marker] = "failed";
          console.error(`dealcraft: could not start the ${name}`, err);
          throw err;
        },
      );
      started.set(root, mounted);
    }
    return started.get(root);
  };
  const mountAll = () => {
    for (const root of document.querySelectorAll(selector)) {
      if (!started.has(root)) mountRoot(root).catch(() => {}); // said in the console above
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
