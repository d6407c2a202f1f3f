// Small DOM helpers: elements are built with h(), never from strings, except the API's highlight
// text, whose only markup is <mark> (see marked()).

/**
 * Creates an element. attrs: attributes and properties ({class, href, text, on: {click}, ...});
 * children: nodes, strings, arrays, or null/false (skipped).
 */
export function h(tag, attrs = {}, ...children) {
  const svg = tag.startsWith('svg:');
  const el = svg
    ? document.createElementNS('http://www.w3.org/2000/svg', tag.slice(4))
    : document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (key === 'on') {
      for (const [event, handler] of Object.entries(value)) el.addEventListener(event, handler);
    } else if (key === 'text') {
      el.textContent = String(value);
    } else if (key === 'class') {
      el.setAttribute('class', Array.isArray(value) ? value.filter(Boolean).join(' ') : value);
    } else if (key === 'dataset') {
      Object.assign(el.dataset, value);
    } else if (value === true) {
      el.setAttribute(key, '');
    } else {
      el.setAttribute(key, String(value));
    }
  }
  append(el, children);
  return el;
}

/** Appends children (nested arrays, strings, nodes; null/false skipped) to el. */
export function append(el, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return el;
}

/** Replaces the content of el. */
export function replace(el, ...children) {
  el.replaceChildren();
  return append(el, children);
}

const decoder = document.createElement('textarea');

/** Decodes HTML entities of escaped text without interpreting any markup. */
function decodeEntities(text) {
  decoder.innerHTML = text;
  return decoder.value;
}

/**
 * Nodes for the API's highlight text: HTML-escaped text in which only <mark> and </mark> are
 * markup. Everything else becomes text nodes, so nothing the index holds can inject markup.
 */
export function marked(text) {
  const nodes = [];
  const parts = String(text).split(/(<mark>|<\/mark>)/);
  let inMark = false;
  for (const part of parts) {
    if (part === '<mark>') inMark = true;
    else if (part === '</mark>') inMark = false;
    else if (part) {
      const decoded = decodeEntities(part);
      nodes.push(inMark ? h('mark', { text: decoded }) : decoded);
    }
  }
  return nodes;
}

/** An internal link handled by the page's router. */
export function link(href, ...children) {
  return h('a', { href, 'data-link': true }, ...children);
}

/** "1,234" */
export function number(n) {
  return typeof n === 'number' ? n.toLocaleString('en-US') : '–';
}

/** "1 work", "3 works" */
export function plural(n, word, many = `${word}s`) {
  return `${number(n)} ${n === 1 ? word : many}`;
}

/** A message in words for an API error (or any failure), shown in place of the content. */
export function errorBox(error, what, { page = false } = {}) {
  const title = `Could not load ${what}`;
  const box = h('div', { class: 'error', role: 'alert' },
    page ? pageHeading(title) : h('h2', { text: title }),
    h('p', { text: error && error.message ? error.message : String(error) }));
  if (error && error.status) {
    box.append(h('p', { class: 'muted', text: `HTTP ${error.status}${error.kind ? ` · ${error.kind}` : ''}` }));
  }
  box.append(h('p', {}, h('a', { href: location.href, text: 'Try again' }), ' · ', link('/', 'Back to search')));
  return box;
}

/** A placeholder shown while a part of the page loads. */
export function loading(what) {
  return h('p', { class: 'loading', role: 'status', text: `Loading ${what}…` });
}

/** Announces text to screen readers through the page's live region. */
export function announce(text) {
  const region = document.getElementById('status');
  if (region) {
    region.textContent = '';
    // A separate task, so that the same text twice is announced twice.
    setTimeout(() => { region.textContent = text; }, 30);
  }
}

/** Sets the document title. */
export function setTitle(text) {
  document.title = text ? `${text} · Peerscope` : 'Peerscope';
}

/** The heading that receives focus after a navigation. */
export function pageHeading(text, ...extra) {
  return h('h1', { tabindex: '-1', id: 'page-title' }, text, ...extra);
}

/** A vertical bar chart of {label, value} as inline SVG (no scripts, no external files). */
export function barChart(points, { label, height = 90, onSelect, selected } = {}) {
  const max = Math.max(1, ...points.map((p) => p.value));
  const wrap = h('div', { class: 'bars', role: onSelect ? 'group' : 'img', 'aria-label': label });
  for (const point of points) {
    const pct = Math.round((point.value / max) * 100);
    const bar = h('span', { class: 'bar-fill' });
    bar.style.height = `${Math.max(pct, point.value > 0 ? 4 : 0)}%`;
    const title = `${point.label}: ${plural(point.value, 'work')}`;
    const isOn = selected ? selected(point) : false;
    // The short visible label is hidden from assistive technology, which reads the full title.
    const body = [h('span', { class: 'bar-track' }, bar), h('span', { class: 'bar-label', 'aria-hidden': 'true', text: point.short ?? point.label }),
      h('span', { class: 'visually-hidden', text: title })];
    const item = onSelect
      ? h('button', { type: 'button', class: ['bar', isOn && 'on'], title, 'aria-pressed': isOn ? 'true' : 'false', on: { click: (event) => onSelect(point, event) } }, body)
      : h('span', { class: 'bar', title }, body);
    wrap.append(item);
  }
  wrap.style.setProperty('--bars-height', `${height}px`);
  return wrap;
}

/**
 * A panel whose content comes from the API: `fill(section)` appends to it; a failure is shown in
 * words inside the panel (the rest of the page stays). Aborts (a newer navigation) propagate.
 */
export async function apiPanel({ title, id, what, className = 'panel' }, fill) {
  const section = h('section', { class: className, 'aria-labelledby': id }, h('h2', { id, text: title }));
  try {
    await fill(section);
  } catch (error) {
    if (error.name === 'AbortError') throw error;
    section.append(errorBox(error, what));
  }
  return section;
}
