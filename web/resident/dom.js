// dom.js - append children that may be missing: Element.append would
// write a null or false child out as the text "null"; these skip them.

const present = (kids) => kids.flat().filter((k) => k !== null && k !== undefined && k !== false);

// Append the children of kids that are there.
export function put(el, ...kids) {
  el.append(...present(kids));
  return el;
}

// Replace el's children with those of kids that are there.
export function reput(el, ...kids) {
  el.replaceChildren(...present(kids));
  return el;
}
