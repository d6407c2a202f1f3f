// The search state and its URL: /?q=mixture+of+experts&topic=T11&year=2020-2022&venue=S3,S11&sort=cited&page=2
// The URL holds the whole state, so a search can be shared and reloaded.

export const SORTS = [
  { value: 'relevance', label: 'Relevance', api: 'relevance_score:desc', needsQuery: true },
  { value: 'cited', label: 'Most cited', api: 'cited_by_count:desc' },
  { value: 'newest', label: 'Newest first', api: 'publication_date:desc' },
  { value: 'oldest', label: 'Oldest first', api: 'publication_date:asc' },
];

export const PER_PAGE = 10;

/** Sorted, distinct years from "2016,2020-2022". Bad parts are ignored. */
export function parseYears(text) {
  const years = new Set();
  for (const part of String(text || '').split(',')) {
    const m = part.trim().match(/^(\d{4})(?:-(\d{4}))?$/);
    if (!m) continue;
    const from = Number(m[1]);
    const to = m[2] ? Number(m[2]) : from;
    if (to < from || to - from > 300) continue;
    for (let y = from; y <= to; y += 1) years.add(y);
  }
  return [...years].sort((a, b) => a - b);
}

/** Runs of consecutive years: [2016, 2020, 2021, 2022] → [[2016, 2016], [2020, 2022]]. */
function runs(years) {
  const out = [];
  for (const y of years) {
    const last = out[out.length - 1];
    if (last && y === last[1] + 1) last[1] = y;
    else out.push([y, y]);
  }
  return out;
}

/** "2016,2020-2022" */
export function formatYears(years) {
  return runs(years).map(([a, b]) => (a === b ? `${a}` : `${a}-${b}`)).join(',');
}

function list(text) {
  return String(text || '').split(',').map((s) => s.trim()).filter(Boolean);
}

/** The state in a URL's query string. */
export function parseState(search) {
  const params = new URLSearchParams(search);
  const page = Number.parseInt(params.get('page') || '1', 10);
  const q = (params.get('q') || '').trim();
  let sort = params.get('sort') || '';
  if (!SORTS.some((s) => s.value === sort)) sort = '';
  return {
    q,
    topic: list(params.get('topic')),
    venue: list(params.get('venue')),
    year: parseYears(params.get('year')),
    sort,
    page: Number.isFinite(page) && page > 0 ? page : 1,
  };
}

/** The query string of a state ("" for the empty state); keys in a fixed order. */
export function formatState(state) {
  const params = new URLSearchParams();
  if (state.q) params.set('q', state.q);
  if (state.topic.length) params.set('topic', state.topic.join(','));
  if (state.year.length) params.set('year', formatYears(state.year));
  if (state.venue.length) params.set('venue', state.venue.join(','));
  if (state.sort) params.set('sort', state.sort);
  if (state.page > 1) params.set('page', String(state.page));
  const text = params.toString().replace(/%2C/g, ',');
  return text ? `?${text}` : '';
}

/** The effective sort: the chosen one, else relevance with a query and most cited without. */
export function effectiveSort(state) {
  const chosen = SORTS.find((s) => s.value === state.sort);
  if (chosen && (!chosen.needsQuery || state.q)) return chosen;
  return state.q ? SORTS[0] : SORTS[1];
}

/** The facet keys: URL key, API filter / group-by key, label. */
export const FACETS = [
  { key: 'topic', api: 'topics.id', label: 'Topic' },
  { key: 'year', api: 'publication_year', label: 'Year' },
  { key: 'venue', api: 'primary_location.source.id', label: 'Venue' },
];

/** The API filter of a state, leaving out the facet `except` (for that facet's own counts). */
export function apiFilter(state, except = '') {
  const clauses = [];
  if (except !== 'topic' && state.topic.length) clauses.push(`topics.id:${state.topic.join('|')}`);
  if (except !== 'year' && state.year.length) {
    const r = runs(state.year);
    clauses.push(r.length === 1 && r[0][0] !== r[0][1]
      ? `publication_year:${r[0][0]}-${r[0][1]}`
      : `publication_year:${state.year.join('|')}`);
  }
  if (except !== 'venue' && state.venue.length) {
    clauses.push(`primary_location.source.id:${state.venue.join('|')}`);
  }
  return clauses.join(',');
}
