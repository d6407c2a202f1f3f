// The page's entry point: routes the URL to a view, handles links and the back button, and runs
// the search box with its suggestions. Paths: / (search), /work/{id}, /author/{id}, /topic/{id}.
import { h, replace, errorBox, link, setTitle, pageHeading } from './dom.js';
import { parseState, formatState } from './state.js';
import { renderSearch } from './search.js';
import { renderWork } from './work.js';
import { renderAuthor } from './author.js';
import { renderTopic } from './topic.js';
import { setupSuggestions } from './suggest.js';

const main = document.getElementById('main');
// The page restores the scroll position of a history entry itself, once its content is drawn.
history.scrollRestoration = 'manual';
let controller = null;
let lastPath = null;
let firstRender = true;

function notFound() {
  setTitle('Not found');
  replace(main, pageHeading('Page not found'),
    h('p', {}, `There is no page at ${location.pathname}. `, link('/', 'Go to the search')));
}

/** Draws the view of the current URL. */
async function render({ focus = true, focusId = null, scrollY = null } = {}) {
  if (controller) controller.abort();
  controller = new AbortController();
  const { signal } = controller;
  const path = location.pathname;
  const samePage = path === lastPath;
  // Keep the focus on the control that changed the page (a facet box, the sort menu, ...).
  const active = document.activeElement;
  const focusKey = samePage && active && main.contains(active) ? active.getAttribute('data-key') : null;
  lastPath = path;
  main.setAttribute('aria-busy', 'true');
  try {
    const m = path.match(/^\/(work|author|topic)\/(.+)$/);
    if (path === '/' || path === '/index.html') {
      await renderSearch(main, parseState(location.search), nav, signal);
    } else if (m) {
      const id = decodeURIComponent(m[2]);
      const view = { work: renderWork, author: renderAuthor, topic: renderTopic }[m[1]];
      await view(main, id, nav, signal);
    } else {
      notFound();
    }
  } catch (error) {
    if (error.name === 'AbortError') return;
    setTitle('Error');
    replace(main, errorBox(error, 'this page', { page: true }));
  } finally {
    if (!signal.aborted) main.removeAttribute('aria-busy');
  }
  if (signal.aborted) return;
  const initial = firstRender;
  firstRender = false;
  const again = focusKey && main.querySelector(`[data-key="${CSS.escape(focusKey)}"]`);
  const target = focusId && document.getElementById(focusId);
  if (scrollY !== null) {
    // Back or Forward: the entry's scroll position, focus where it was or on the heading.
    const heading = document.getElementById('page-title');
    if (again) again.focus({ preventScroll: true });
    else if (!samePage && heading) heading.focus({ preventScroll: true });
    window.scrollTo(0, scrollY);
  } else if (target) {
    target.focus({ preventScroll: true });
    window.scrollTo(0, 0);
  } else if (again) {
    again.focus();
  } else if (focus && !samePage && !initial) {
    const heading = document.getElementById('page-title');
    if (heading) heading.focus({ preventScroll: true });
    window.scrollTo(0, 0);
  }
}

/** Navigation for the views: a new history entry (or a replaced one) and a new draw. */
const nav = {
  go(url, { replace: replaceEntry = false, focusId = null } = {}) {
    const target = new URL(url, location.origin);
    if (target.origin !== location.origin) {
      location.assign(url);
      return;
    }
    if (target.pathname + target.search === location.pathname + location.search) return;
    history.replaceState({ scrollY: window.scrollY }, '');
    if (replaceEntry) history.replaceState(null, '', target.pathname + target.search + target.hash);
    else history.pushState(null, '', target.pathname + target.search + target.hash);
    render({ focusId });
  },
};

// Links inside the page are followed without reloading it.
document.addEventListener('click', (event) => {
  if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
  const a = event.target.closest('a[data-link]');
  if (!a || a.target || a.hasAttribute('download')) return;
  event.preventDefault();
  nav.go(a.getAttribute('href'), { focusId: a.getAttribute('data-focus') });
});

window.addEventListener('popstate', (event) => {
  const saved = event.state && typeof event.state.scrollY === 'number' ? event.state.scrollY : null;
  render({ scrollY: saved });
});

// The search box: a search keeps the current filters only when they are on screen (the search page).
const form = document.getElementById('search-form');
const input = document.getElementById('q');
form.addEventListener('submit', (event) => {
  event.preventDefault();
  const q = input.value.trim();
  const state = location.pathname === '/' ? parseState(location.search) : parseState('');
  nav.go(`/${formatState({ ...state, q, page: 1, sort: q ? state.sort : '' })}`);
});
setupSuggestions(input, nav);

render();
