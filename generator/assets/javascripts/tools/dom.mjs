// dom.mjs: the small DOM helpers both tools share: building an element, announcing a status, offering a link.

/** A new `tag` element with attributes (`text` sets its text; false/null/undefined are left out) and children. */
export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === false || v === null || v === undefined) continue;
    if (k === "text") node.textContent = v;
    else node.setAttribute(k, v === true ? "" : String(v));
  }
  node.append(...children.filter((c) => c !== null && c !== undefined));
  return node;
}

/** Put `text` in a live region, cleared first so that a repeated message is announced again. */
export function setStatus(node, text) {
  if (!node) return;
  node.textContent = "";
  setTimeout(() => { node.textContent = text; }, 30);
}

/** Offer a link: copy it when the browser allows, and always show it so it can be copied by hand. */
export async function offerLink(url, output, status) {
  if (output) {
    output.value = url;
    output.hidden = false;
    output.closest("[data-share-box]")?.removeAttribute("hidden");
  }
  let copied = false;
  try {
    await navigator.clipboard.writeText(url);
    copied = true;
  } catch {
    copied = false;
  }
  setStatus(status, copied
    ? "Link copied. It holds your entries in its fragment (after #), which browsers never send to a server."
    : "Copy the link below. It holds your entries in its fragment (after #), which browsers never send to a server.");
}
