// The search page: results with highlighted titles and snippets, facets for topic, year and venue
// with counts (several values at once, OR'ed within a facet), sorting, paging and the spelling
// suggestion. Every control changes the URL (state.js), and the page is drawn from the URL.
import { get } from './api.js';
import { h, link, marked, number, plural, errorBox, loading, announce, setTitle, pageHeading, barChart, apiPanel } from './dom.js';
import { FACETS, PER_PAGE, SORTS, apiFilter, effectiveSort, formatState, formatYears } from './state.js';

const RESULT_FIELDS = 'id,display_name,publication_year,type,primary_location,authorships,cited_by_count,topics,highlight';
const SHOWN_VALUES = 8;
const SHOWN_AUTHORS = 6;
/** Whether the person opened or closed the filters (kept across searches); null: not yet. */
let facetsOpen = null;
/** The facets whose full list of values the person opened (kept across searches). */
const expandedFacets = new Set();

/** The buckets of one key in an answer with group_by (one key) or group_bys (several). */
function buckets(answer, apiKey) {
  if (Array.isArray(answer.group_bys)) {
    const entry = answer.group_bys.find((g) => g.group_by_key === apiKey);
    return entry ? entry.groups : [];
  }
  return answer.group_by || [];
}

/** Fetches the page of results and the counts of every facet. */
async function fetchSearch(state, signal) {
  const sort = effectiveSort(state);
  const unselected = FACETS.filter((f) => state[f.key].length === 0);
  const selected = FACETS.filter((f) => state[f.key].length > 0);
  const main = get('/works', {
    search: state.q,
    filter: apiFilter(state),
    // Relevance is the API's default with a search (and sending it for a query of unknown words
    // is refused), so only other orders are sent.
    sort: sort.value === 'relevance' ? '' : sort.api,
    page: state.page,
    per_page: PER_PAGE,
    highlight: state.q ? 'true' : '',
    select: RESULT_FIELDS,
    group_by: unselected.map((f) => f.api).join(','),
  }, { signal });
  // A facet with a selection counts its values without its own clause (OR within the facet).
  const own = selected.map((f) => get('/works', {
    search: state.q,
    filter: apiFilter(state, f.key),
    group_by: f.api,
    per_page: 1,
    select: 'id',
  }, { signal }));
  const [answer, ...owns] = await Promise.all([main, ...own]);
  const counts = {};
  for (const f of unselected) counts[f.key] = buckets(answer, f.api);
  selected.forEach((f, i) => { counts[f.key] = buckets(owns[i], f.api); });
  return { answer, counts };
}

/** The state with one facet value toggled (page back to 1). */
function toggled(state, key, value) {
  const values = state[key].includes(value) ? state[key].filter((v) => v !== value) : [...state[key], value];
  if (key === 'year') values.sort((a, b) => a - b);
  return { ...state, [key]: values, page: 1 };
}

function checkboxFacet(facet, state, values, nav) {
  const selected = new Set(state[facet.key]);
  const rows = values.map((b) => ({ id: b.key, name: b.key_display_name || b.key, count: b.count }));
  // Selected values keep their box even when nothing matches them any more.
  for (const id of selected) {
    if (!rows.some((r) => r.id === id)) rows.push({ id, name: id, count: 0 });
  }
  rows.sort((a, b) => (selected.has(b.id) - selected.has(a.id)) || (b.count - a.count));
  const fieldset = h('fieldset', { class: 'facet', id: `facet-${facet.key}` },
    h('legend', { text: facet.label }));
  if (rows.length === 0) {
    fieldset.append(h('p', { class: 'muted', text: 'No values for these results.' }));
    return fieldset;
  }
  const ul = h('ul', { class: 'facet-values' });
  rows.forEach((row, i) => {
    const id = `f-${facet.key}-${row.id}`;
    const input = h('input', {
      type: 'checkbox', id, value: row.id, checked: selected.has(row.id), 'data-key': id,
      on: { change: () => nav.go(`/${formatState(toggled(state, facet.key, row.id))}`) },
    });
    const li = h('li', { class: i >= SHOWN_VALUES && !selected.has(row.id) ? 'extra' : null },
      input,
      h('label', { for: id }, h('span', { class: 'facet-name', text: row.name }),
        h('span', { class: 'count', 'aria-label': `${plural(row.count, 'work')}`, text: number(row.count) })));
    ul.append(li);
  });
  fieldset.append(ul);
  const extra = ul.querySelectorAll('li.extra').length;
  if (extra > 0) {
    ul.id = `values-${facet.key}`;
    const more = h('button', {
      type: 'button', class: 'link-button', 'aria-controls': ul.id, 'data-key': `more-${facet.key}`,
    });
    const show = (open) => {
      ul.classList.toggle('collapsed', !open);
      more.setAttribute('aria-expanded', String(open));
      more.textContent = open ? 'Show fewer' : `Show ${extra} more`;
    };
    show(expandedFacets.has(facet.key));
    more.addEventListener('click', () => {
      const open = !expandedFacets.has(facet.key);
      if (open) expandedFacets.add(facet.key);
      else expandedFacets.delete(facet.key);
      show(open);
    });
    fieldset.append(more);
  }
  return fieldset;
}

function yearFacet(state, values, nav) {
  const counts = new Map(values.map((b) => [Number(b.key), b.count]));
  for (const y of state.year) if (!counts.has(y)) counts.set(y, 0);
  const years = [...counts.keys()].filter(Number.isFinite).sort((a, b) => a - b);
  const fieldset = h('fieldset', { class: 'facet', id: 'facet-year' }, h('legend', { text: 'Year' }));
  if (years.length === 0) {
    fieldset.append(h('p', { class: 'muted', text: 'No years for these results.' }));
    return fieldset;
  }
  // Every year between the first and the last, so gaps show as empty bars.
  const points = [];
  for (let y = years[0]; y <= years[years.length - 1]; y += 1) {
    points.push({ label: String(y), short: `'${String(y).slice(2)}`, year: y, value: counts.get(y) || 0 });
  }
  let anchor = null;
  const chart = barChart(points, {
    label: 'Works per year; press a year to filter by it, Shift to select a range',
    selected: (p) => state.year.includes(p.year),
    onSelect: (point, event) => {
      let next;
      if (event.shiftKey && (anchor !== null || state.year.length)) {
        const from = anchor ?? state.year[state.year.length - 1];
        const [a, b] = from < point.year ? [from, point.year] : [point.year, from];
        const range = [];
        for (let y = a; y <= b; y += 1) range.push(y);
        next = { ...state, year: [...new Set([...state.year, ...range])].sort((x, z) => x - z), page: 1 };
      } else {
        next = toggled(state, 'year', point.year);
      }
      anchor = point.year;
      nav.go(`/${formatState(next)}`);
    },
  });
  chart.querySelectorAll('button').forEach((b, i) => b.setAttribute('data-key', `year-${points[i].year}`));
  fieldset.append(chart);
  // The same as a form: a range typed in.
  const from = h('input', { type: 'number', id: 'year-from', inputmode: 'numeric', min: 1000, max: 3000, value: state.year[0] ?? '' });
  const to = h('input', { type: 'number', id: 'year-to', inputmode: 'numeric', min: 1000, max: 3000, value: state.year[state.year.length - 1] ?? '' });
  const form = h('form', { class: 'year-range', 'aria-label': 'Year range' },
    h('label', { for: 'year-from', text: 'From' }), from,
    h('label', { for: 'year-to', text: 'to' }), to,
    h('button', { type: 'submit', text: 'Apply' }));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const a = Number(from.value || to.value);
    const b = Number(to.value || from.value);
    const range = [];
    if (a && b) for (let y = Math.min(a, b); y <= Math.max(a, b) && range.length <= 300; y += 1) range.push(y);
    nav.go(`/${formatState({ ...state, year: range, page: 1 })}`);
  });
  fieldset.append(form);
  if (state.year.length) {
    fieldset.append(h('button', {
      type: 'button', class: 'link-button', 'data-key': 'year-clear', text: `Clear years (${formatYears(state.year)})`,
      on: { click: () => nav.go(`/${formatState({ ...state, year: [], page: 1 })}`) },
    }));
  }
  return fieldset;
}

/** "A. Author, B. Author and 3 more" with links to the researcher pages. */
export function authorLinks(authorships, max = SHOWN_AUTHORS) {
  const names = (authorships || []).filter((a) => a.author);
  if (names.length === 0) return [h('span', { class: 'muted', text: 'No authors recorded' })];
  const out = [];
  names.slice(0, max).forEach((a, i) => {
    if (i > 0) out.push(i === Math.min(max, names.length) - 1 && names.length <= max ? ' and ' : ', ');
    out.push(a.author.id ? link(`/author/${encodeURIComponent(a.author.id)}`, a.author.display_name) : a.author.display_name);
  });
  if (names.length > max) out.push(` and ${names.length - max} more`);
  return out;
}

/** Venue · year · type · citations. */
export function workMeta(work) {
  const venue = work.primary_location && work.primary_location.source;
  const parts = [];
  if (venue) parts.push(h('span', { class: 'venue', text: venue.display_name }));
  if (work.publication_year) parts.push(h('span', { class: 'year', text: String(work.publication_year) }));
  if (work.type) parts.push(h('span', { text: work.type }));
  if (typeof work.cited_by_count === 'number') parts.push(h('span', { text: `cited by ${number(work.cited_by_count)}` }));
  return h('p', { class: 'work-meta' }, parts.flatMap((p, i) => (i ? [' · ', p] : [p])));
}

function resultItem(work) {
  const hl = work.highlight || {};
  const title = hl.title ? marked(hl.title) : [work.display_name];
  return h('li', { class: 'result' },
    h('h3', { class: 'result-title' }, link(`/work/${encodeURIComponent(work.id)}`, title)),
    h('p', { class: 'byline' }, authorLinks(work.authorships)),
    workMeta(work),
    hl.abstract ? h('p', { class: 'snippet' }, marked(hl.abstract)) : null);
}

function pager(state, count) {
  const pages = Math.min(Math.ceil(count / PER_PAGE), Math.floor(10000 / PER_PAGE));
  if (pages <= 1) return null;
  const at = Math.min(state.page, pages);
  const href = (p) => `/${formatState({ ...state, page: p })}`;
  const items = [];
  const add = (p, text, label, rel) => items.push(h('li', {},
    p === at && !rel ? h('span', { 'aria-current': 'page', class: 'current', text })
      : h('a', { href: href(p), 'data-link': true, 'data-focus': 'result-count', 'aria-label': label, rel }, text)));
  if (at > 1) add(at - 1, '‹ Previous', 'Previous page', 'prev');
  const window = new Set([1, pages, at - 1, at, at + 1].filter((p) => p >= 1 && p <= pages));
  let last = 0;
  for (const p of [...window].sort((a, b) => a - b)) {
    if (p - last > 1) items.push(h('li', { class: 'gap', 'aria-hidden': 'true', text: '…' }));
    add(p, String(p), `Page ${p}`);
    last = p;
  }
  if (at < pages) add(at + 1, 'Next ›', 'Next page', 'next');
  return h('nav', { class: 'pager', 'aria-label': 'Result pages' }, h('ul', {}, items));
}

function sortControl(state, nav) {
  const current = effectiveSort(state);
  const select = h('select', { id: 'sort', 'data-key': 'sort' },
    SORTS.filter((s) => !s.needsQuery || state.q).map((s) => h('option', { value: s.value, selected: s === current, text: s.label })));
  select.addEventListener('change', () => nav.go(`/${formatState({ ...state, sort: select.value, page: 1 })}`));
  return h('div', { class: 'sort' }, h('label', { for: 'sort', text: 'Sort by' }), select);
}

function selectionChips(state, counts, nav) {
  const names = new Map();
  for (const f of FACETS) for (const b of counts[f.key] || []) names.set(`${f.key}:${b.key}`, b.key_display_name || b.key);
  const chips = [];
  for (const f of ['topic', 'venue']) {
    for (const v of state[f]) {
      const name = names.get(`${f}:${v}`) || v;
      chips.push(h('li', {}, h('button', {
        type: 'button', class: 'chip', 'aria-label': `Remove filter ${name}`, 'data-key': `chip-${f}-${v}`,
        on: { click: () => nav.go(`/${formatState(toggled(state, f, v))}`) },
      }, name, h('span', { 'aria-hidden': 'true', text: ' ×' }))));
    }
  }
  if (state.year.length) {
    chips.push(h('li', {}, h('button', {
      type: 'button', class: 'chip', 'aria-label': `Remove filter years ${formatYears(state.year)}`,
      on: { click: () => nav.go(`/${formatState({ ...state, year: [], page: 1 })}`) },
    }, formatYears(state.year), h('span', { 'aria-hidden': 'true', text: ' ×' }))));
  }
  if (!chips.length) return null;
  return h('div', { class: 'chips' }, h('ul', { 'aria-label': 'Active filters' }, chips),
    link(`/${formatState({ ...state, topic: [], venue: [], year: [], page: 1 })}`, 'Clear all filters'));
}

function topicBrowser(signal) {
  return apiPanel({ title: 'Browse topics', id: 'browse-title', what: 'the topics', className: 'panel browse' }, async (section) => {
    const answer = await get('/topics', { filter: 'level:domain', select: 'id,display_name,works_count,children_count' }, { signal });
    section.append(h('ul', { class: 'topic-list' }, answer.results.map((t) => h('li', {},
      link(`/topic/${encodeURIComponent(t.id)}`, t.display_name), ' ',
      h('span', { class: 'count', text: plural(t.works_count, 'work') })))));
  });
}

/** Draws the search page for @p state into @p main. */
export async function renderSearch(main, state, nav, signal) {
  setTitle(state.q ? `“${state.q}”` : '');
  const input = document.getElementById('q');
  if (input && document.activeElement !== input) input.value = state.q;
  const heading = pageHeading(state.q ? `Results for “${state.q}”` : 'Explore works');
  const status = h('p', { class: 'result-count', id: 'result-count', tabindex: '-1' }, loading('results'));
  // A search page already on screen stays (with its focus) until the new results arrive.
  const current = main.querySelector('.search-page');
  if (current) {
    current.querySelector('#result-count')?.replaceChildren(loading('results'));
  } else {
    main.replaceChildren(h('div', { class: 'search-page' }, heading, status));
  }
  let data;
  try {
    data = await fetchSearch(state, signal);
  } catch (error) {
    if (error.name === 'AbortError') throw error;
    main.replaceChildren(h('div', { class: 'search-page' }, heading, errorBox(error, 'the results')));
    announce(`Error: ${error.message}`);
    return;
  }
  const { answer, counts } = data;
  const count = answer.meta.count;
  const first = (state.page - 1) * PER_PAGE + 1;
  const last = Math.min(count, first + answer.results.length - 1);
  const summary = count === 0
    ? (state.q ? `No works found for “${state.q}”` : 'No works match these filters')
    : `${plural(count, 'work')}${state.q ? ` for “${state.q}”` : ''}${answer.results.length ? ` · showing ${number(first)}–${number(last)}` : ''}`;
  status.replaceChildren(summary);
  announce(summary);

  const notes = [];
  if (answer.meta.suggestion) {
    notes.push(h('p', { class: 'suggestion' }, 'Did you mean ',
      link(`/${formatState({ ...state, q: answer.meta.suggestion, page: 1 })}`, h('strong', { text: answer.meta.suggestion })), '?'));
  }
  for (const warning of answer.meta.warnings || []) notes.push(h('p', { class: 'warning', text: `Note: ${warning}` }));
  if (answer.results.length === 0 && count > 0) {
    notes.push(h('p', {}, 'This page is past the last result. ', link(`/${formatState({ ...state, page: 1 })}`, 'Go to the first page')));
  }

  const narrow = window.matchMedia('(max-width: 52rem)').matches;
  const facetBox = h('details', { class: 'facet-box', open: facetsOpen ?? !narrow },
      h('summary', { text: 'Filters' }),
      checkboxFacet(FACETS[0], state, counts.topic, nav),
      yearFacet(state, counts.year, nav),
      checkboxFacet(FACETS[2], state, counts.venue, nav));
  facetBox.addEventListener('toggle', () => { facetsOpen = facetBox.open; });
  const facets = h('aside', { class: 'facets', 'aria-label': 'Filters' }, facetBox);
  const results = h('section', { class: 'results', 'aria-labelledby': 'result-count' },
    h('h2', { class: 'visually-hidden', text: 'Results' }),
    h('div', { class: 'toolbar' }, selectionChips(state, counts, nav), sortControl(state, nav)),
    notes,
    answer.results.length
      ? h('ol', { class: 'result-list', start: first }, answer.results.map(resultItem))
      : null,
    pager(state, count));
  const page = h('div', { class: 'search-page' }, heading, status, h('div', { class: 'layout' }, facets, results));
  main.replaceChildren(page);
  if (!state.q && !state.topic.length && !state.venue.length && !state.year.length && state.page === 1) {
    results.prepend(await topicBrowser(signal));
  }
}
