// The work page: the full record, its versions, references and citing works, related works with
// the reasons they are related, and export links (JSON, BibTeX, RIS).
import { get, idPath } from './api.js';
import { h, link, number, plural, loading, setTitle, pageHeading, apiPanel } from './dom.js';
import { authorLinks, workMeta } from './search.js';

const REASON_LABELS = {
  text: 'Similar text',
  co_cited: 'Cited together',
  cited_by: 'Cited by this work',
  cites: 'Cites this work',
  shared_references: 'Shared references',
  authors: 'Same authors',
  topic: 'Same topic',
};

/** The abstract from OpenAlex's inverted index. */
export function abstractText(index) {
  if (!index) return '';
  const words = [];
  for (const [word, positions] of Object.entries(index)) for (const p of positions) words[p] = word;
  return words.filter((w) => w !== undefined).join(' ');
}

function bibtexKey(work) {
  const first = work.authorships && work.authorships[0] && work.authorships[0].author;
  const family = first ? first.display_name.split(/\s+/).pop() : 'anon';
  const word = (work.display_name.match(/[A-Za-z]{4,}/) || ['work'])[0];
  return `${family}${work.publication_year || ''}${word}`.normalize('NFD').replace(/[^A-Za-z0-9]/g, '').toLowerCase();
}

function bibtex(work) {
  const venue = work.primary_location && work.primary_location.source ? work.primary_location.source.display_name : '';
  const kind = work.type === 'article' ? 'article' : work.type === 'proceedings-article' ? 'inproceedings' : 'misc';
  const esc = (s) => String(s).replace(/[{}]/g, '');
  const fields = [
    ['title', `{${esc(work.display_name)}}`],
    ['author', (work.authorships || []).map((a) => esc(a.author.display_name)).join(' and ')],
    ['year', work.publication_year],
    [kind === 'article' ? 'journal' : kind === 'inproceedings' ? 'booktitle' : 'howpublished', venue && esc(venue)],
    ['doi', work.doi ? work.doi.replace('https://doi.org/', '') : ''],
    ['url', work.primary_location && work.primary_location.landing_page_url],
  ].filter(([, v]) => v);
  return `@${kind}{${bibtexKey(work)},\n${fields.map(([k, v]) => `  ${k} = {${v}}`).join(',\n')}\n}\n`;
}

function ris(work) {
  const type = work.type === 'article' ? 'JOUR' : work.type === 'proceedings-article' ? 'CPAPER' : 'GEN';
  const venue = work.primary_location && work.primary_location.source ? work.primary_location.source.display_name : '';
  const lines = [`TY  - ${type}`, `TI  - ${work.display_name}`];
  for (const a of work.authorships || []) lines.push(`AU  - ${a.author.display_name}`);
  if (work.publication_year) lines.push(`PY  - ${work.publication_year}`);
  if (venue) lines.push(`T2  - ${venue}`);
  if (work.doi) lines.push(`DO  - ${work.doi.replace('https://doi.org/', '')}`);
  const abstract = abstractText(work.abstract_inverted_index);
  if (abstract) lines.push(`AB  - ${abstract}`);
  lines.push('ER  - ', '');
  return lines.join('\r\n');
}

function download(name, type, text, label) {
  const url = URL.createObjectURL(new Blob([text], { type }));
  return h('a', { href: url, download: name, class: 'button-link', text: label });
}

function exportLinks(work) {
  return h('section', { class: 'panel', 'aria-labelledby': 'export-title' },
    h('h2', { id: 'export-title', text: 'Export' }),
    h('p', { class: 'actions' },
      h('a', { href: `/v1/works/${idPath(work.id)}`, class: 'button-link', type: 'application/json', text: 'JSON (API)' }),
      download(`${work.id}.bib`, 'application/x-bibtex', bibtex(work), 'BibTeX'),
      download(`${work.id}.ris`, 'application/x-research-info-systems', ris(work), 'RIS')));
}

function versions(work) {
  const rows = (work.locations || []).map((l) => h('tr', {},
    h('td', {}, l.source ? l.source.display_name : '—', l.is_primary ? h('span', { class: 'badge', text: 'primary' }) : null),
    h('td', { text: l.source && l.source.type ? l.source.type : '—' }),
    h('td', { text: l.version || '—' }),
    h('td', {}, l.landing_page_url ? h('a', { href: l.landing_page_url, rel: 'noopener', text: 'landing page' }) : '—',
      l.pdf_url ? [' · ', h('a', { href: l.pdf_url, rel: 'noopener', text: 'PDF' })] : null)));
  return h('section', { class: 'panel', 'aria-labelledby': 'versions-title' },
    h('h2', { id: 'versions-title', text: `Versions (${number(work.locations_count ?? rows.length)})` }),
    rows.length
      ? h('div', { class: 'table-wrap' }, h('table', {},
        h('thead', {}, h('tr', {}, ['Venue', 'Venue type', 'Version', 'Links'].map((t) => h('th', { scope: 'col', text: t })))),
        h('tbody', {}, rows)))
      : h('p', { class: 'muted', text: 'No versions recorded.' }));
}

function compactWork(w) {
  const venue = w.primary_location && w.primary_location.source ? w.primary_location.source.display_name : null;
  return h('li', {}, link(`/work/${encodeURIComponent(w.id)}`, w.display_name),
    h('span', { class: 'muted', text: ` · ${[venue, w.publication_year].filter(Boolean).join(' ')}` }));
}

function workList(title, id, params, signal, empty) {
  return apiPanel({ title, id, what: title.toLowerCase() }, async (section) => {
    const answer = await get('/works', { ...params, select: 'id,display_name,publication_year,primary_location' }, { signal });
    section.querySelector('h2').textContent = `${title} (${number(answer.meta.count)})`;
    section.append(answer.results.length ? h('ul', { class: 'plain-list' }, answer.results.map(compactWork))
      : h('p', { class: 'muted', text: empty }));
  });
}

function related(work, signal) {
  return apiPanel({ title: 'Related works', id: 'related-title', what: 'the related works', className: 'panel related' }, async (section) => {
    const answer = await get(`/works/${idPath(work.id)}/related`, {
      per_page: 8, select: 'id,display_name,publication_year,primary_location,authorships,relevance_score,reasons',
    }, { signal });
    if (!answer.results.length) {
      section.append(h('p', { class: 'muted', text: 'No related works were found in this index.' }));
      return;
    }
    section.append(h('ol', { class: 'related-list' }, answer.results.map((r) => h('li', { class: 'related-item' },
      h('h3', {}, link(`/work/${encodeURIComponent(r.id)}`, r.display_name)),
      h('p', { class: 'byline' }, authorLinks(r.authorships, 4)),
      workMeta(r),
      h('ul', { class: 'reasons', 'aria-label': 'Why it is related' }, (r.reasons || []).map((reason) => h('li', {},
        h('span', { class: `reason-kind reason-${reason.type}`, text: REASON_LABELS[reason.type] || reason.type }),
        ' ', reason.detail)))))));
  });
}

export async function renderWork(main, id, nav, signal) {
  main.replaceChildren(loading('the work'));
  const work = await get(`/works/${idPath(id)}`, {}, { signal });
  setTitle(work.display_name);
  if (work.id !== id && !id.includes('/')) {
    // Another version's id or an alias: show the canonical URL without a new history entry.
    history.replaceState(null, '', `/work/${encodeURIComponent(work.id)}`);
  }
  const abstract = abstractText(work.abstract_inverted_index);
  const links = [];
  if (work.doi) links.push(h('a', { href: work.doi, rel: 'noopener', text: `DOI ${work.doi.replace('https://doi.org/', '')}` }));
  if (work.ids && work.ids.arxiv) links.push(h('a', { href: work.ids.arxiv, rel: 'noopener', text: 'arXiv' }));
  if (work.primary_location && work.primary_location.landing_page_url) {
    links.push(h('a', { href: work.primary_location.landing_page_url, rel: 'noopener', text: 'Landing page' }));
  }
  const authors = (work.authorships || []).map((a) => h('li', {},
    a.author.id ? link(`/author/${encodeURIComponent(a.author.id)}`, a.author.display_name) : a.author.display_name,
    a.institutions && a.institutions.length ? h('span', { class: 'muted', text: ` · ${a.institutions.map((i) => i.display_name).join('; ')}` }) : null));
  const record = h('article', { class: 'work' },
    h('p', { class: 'kicker', text: [work.type, work.publication_year].filter(Boolean).join(' · ') }),
    pageHeading(work.display_name),
    workMeta(work),
    authors.length ? h('ul', { class: 'authors', 'aria-label': 'Authors' }, authors) : h('p', { class: 'muted', text: 'No authors recorded.' }),
    links.length ? h('p', { class: 'links' }, links.flatMap((l, i) => (i ? [' · ', l] : [l]))) : null,
    h('section', { 'aria-labelledby': 'abstract-title' }, h('h2', { id: 'abstract-title', text: 'Abstract' }),
      abstract ? h('p', { class: 'abstract', text: abstract }) : h('p', { class: 'muted', text: 'No abstract in the index.' })),
    h('dl', { class: 'facts' },
      h('dt', { text: 'Published' }), h('dd', { text: work.publication_date || work.publication_year || 'unknown' }),
      h('dt', { text: 'Language' }), h('dd', { text: work.language || 'unknown' }),
      h('dt', { text: 'Cited by' }), h('dd', { text: plural(work.cited_by_count || 0, 'work in this index', 'works in this index') }),
      h('dt', { text: 'Id' }), h('dd', { text: work.id })),
    (work.topics || []).length ? h('section', { 'aria-labelledby': 'topics-title' },
      h('h2', { id: 'topics-title', text: 'Topics' }),
      h('ul', { class: 'topic-chips' }, work.topics.map((t) => h('li', {},
        link(`/topic/${encodeURIComponent(t.id)}`, t.display_name),
        h('span', { class: 'muted', text: ` · ${t.reason === 'source' ? 'given by the source' : `rule: ${t.reason}`}` }))))) : null);
  const columns = h('div', { class: 'work-columns' },
    h('div', { class: 'work-main' }, record, versions(work)),
    h('div', { class: 'work-side' }, exportLinks(work)));
  main.replaceChildren(columns);
  const side = columns.querySelector('.work-side');
  const mainColumn = columns.querySelector('.work-main');
  const [relatedSection, refs, citing] = await Promise.all([
    related(work, signal),
    work.referenced_works && work.referenced_works.length
      ? workList('References', 'refs-title', { filter: `openalex_id:${work.referenced_works.slice(0, 100).join('|')}`, per_page: 100 }, signal, 'None in this index.')
      : null,
    workList('Cited by', 'citing-title', { filter: `cites:${work.id}`, per_page: 25, sort: 'publication_year:desc' }, signal, 'No work in this index cites it.'),
  ]);
  mainColumn.append(relatedSection);
  if (refs) side.append(refs);
  side.append(citing);
}
