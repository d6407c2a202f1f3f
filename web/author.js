// The researcher page, laid out as the profile card: name, affiliation, trust snapshot with its
// evidence, counts, topics, close collaborators, the research graph as a picture, and the works.
import { get } from './api.js';
import { h, link, number, plural, errorBox, loading, setTitle, pageHeading, apiPanel } from './dom.js';
import { drawGraph } from './graph.js';
import { abstractText } from './work.js';

const WORKS_PER_PAGE = 10;
/** Names of the trust evidence kinds (docs/trust.md); other kinds show their key. */
const EVIDENCE_LABELS = {
  works: 'Works', years_active: 'Years active', peer_reviewed_works: 'Peer-reviewed works',
  peer_reviewed_venues: 'Peer-reviewed venues', repeat_collaborators: 'Repeat collaborators',
  dois: 'DOIs', citations: 'Citations', cross_source_works: 'Works in several sources',
  orcid: 'ORCID', claimed: 'Claimed',
};

function trustSnapshot(card) {
  const t = card.trust;
  if (!t) return null;
  const evidence = (t.evidence || []).map((e) => h('li', { class: 'evidence' },
    h('div', { class: 'evidence-head' },
      h('span', { class: 'evidence-kind', text: EVIDENCE_LABELS[e.kind] || e.kind.replace(/_/g, ' ') }),
      h('span', { class: 'evidence-points', text: `${number(e.points)} / ${number(e.max_points)} points` })),
    h('meter', { min: 0, max: e.max_points || 1, value: e.points, 'aria-label': `${e.kind}: ${e.points} of ${e.max_points} points` }),
    h('p', { text: e.detail }),
    (e.works || []).length ? h('p', { class: 'muted' }, 'Works: ', e.works.flatMap((w, i) => [i ? ', ' : '', link(`/work/${encodeURIComponent(w)}`, w)])) : null));
  return h('section', { class: 'panel trust', 'aria-labelledby': 'trust-title' },
    h('h2', { id: 'trust-title', text: 'Trust snapshot' }),
    h('p', { class: 'quick-read' },
      h('span', { class: 'pill trust-score', text: `Trust ${t.score} · ${t.tier}` }),
      h('span', { class: 'pill', title: t.verification || '', text: `Verification ${t.verification_level}` }),
      h('span', { class: 'pill', text: t.claimed ? 'Claimed author' : 'Unclaimed author' })),
    t.verification ? h('p', { class: 'muted', text: `Verification: ${t.verification}.` }) : null,
    h('ul', { class: 'counts', 'aria-label': 'Counts' },
      h('li', {}, h('strong', { text: number(card.works_count) }), ` ${card.works_count === 1 ? 'work' : 'works'}`),
      h('li', {}, h('strong', { text: number(card.topics_count) }), ` ${card.topics_count === 1 ? 'topic' : 'topics'}`),
      h('li', {}, h('strong', { text: number(card.collaborators_count) }), ` ${card.collaborators_count === 1 ? 'co-author' : 'co-authors'}`)),
    h('details', { class: 'evidence-box' },
      h('summary', { text: `Evidence for the score (${plural(evidence.length, 'item')})` }),
      h('ul', { class: 'evidence-list' }, evidence)));
}

function topicsPanel(card) {
  const topics = card.topics || [];
  return h('section', { class: 'panel', 'aria-labelledby': 'card-topics-title' },
    h('h2', { id: 'card-topics-title', text: 'Topics' }),
    topics.length ? h('ul', { class: 'share-list' }, topics.map((t) => {
      const fill = h('span', { class: 'share-fill' });
      fill.style.width = `${Math.round((t.share || 0) * 100)}%`;
      return h('li', {}, link(`/topic/${encodeURIComponent(t.id)}`, t.display_name),
        h('span', { class: 'share-bar', 'aria-hidden': 'true' }, fill),
        h('span', { class: 'muted', text: `${plural(t.works_count, 'work')} (${Math.round((t.share || 0) * 100)}%)` }));
    })) : h('p', { class: 'muted', text: 'No topics assigned.' }));
}

function collaboratorsPanel(card) {
  const people = card.close_collaborators || [];
  return h('section', { class: 'panel', 'aria-labelledby': 'collab-title' },
    h('h2', { id: 'collab-title', text: 'Close collaborators' }),
    people.length ? h('ul', { class: 'collaborators' }, people.map((c) => h('li', {},
      link(`/author/${encodeURIComponent(c.author.id)}`, c.author.display_name),
      h('span', { class: 'muted', text: ` · ${plural(c.shared_works, 'shared work')}${c.first_year ? `, ${c.first_year === c.last_year ? c.first_year : `${c.first_year}–${c.last_year}`}` : ''}` }),
      (c.shared_topics || []).length ? h('span', { class: 'small', text: ` · ${c.shared_topics.map((t) => t.display_name).join(', ')}` }) : null)))
      : h('p', { class: 'muted', text: 'No co-authors in this index.' }));
}

function workItem(w) {
  const venue = w.primary_location && w.primary_location.source ? w.primary_location.source.display_name : null;
  const abstract = abstractText(w.abstract_inverted_index);
  return h('li', { class: 'pub' },
    h('p', { class: 'kicker', text: [w.type, w.publication_year, venue].filter(Boolean).join(' · ') }),
    h('h3', {}, link(`/work/${encodeURIComponent(w.id)}`, w.display_name)),
    abstract ? h('p', { class: 'clamp', text: abstract }) : null);
}

async function worksPanel(card, authorId, signal) {
  const list = h('ol', { class: 'pubs' });
  const heading = h('h2', { id: 'works-title', text: 'Published work' });
  const sub = h('p', { class: 'muted', text: `${plural(card.works_count, 'published item')}` });
  const section = h('section', { class: 'panel', 'aria-labelledby': 'works-title' }, heading, sub, list);
  let page = 0;
  const more = h('button', { type: 'button', class: 'secondary', text: 'Show more works' });
  const loadPage = async () => {
    page += 1;
    more.disabled = true;
    try {
      const answer = await get('/works', {
        filter: `authorships.author.id:${authorId}`, sort: 'publication_year:desc', per_page: WORKS_PER_PAGE, page,
        select: 'id,display_name,publication_year,type,primary_location,abstract_inverted_index',
      }, { signal });
      const first = list.children.length;
      list.append(...answer.results.map(workItem));
      more.remove();
      if (list.children.length < answer.meta.count) section.append(more);
      more.disabled = false;
      if (page > 1 && list.children[first]) list.children[first].querySelector('a').focus();
    } catch (error) {
      if (error.name === 'AbortError') return;
      more.remove();
      section.append(errorBox(error, 'the works'));
    }
  };
  more.addEventListener('click', loadPage);
  await loadPage();
  return section;
}

function graphPanel(card, authorId, signal) {
  return apiPanel({ title: 'Research graph', id: 'graph-title', what: 'the research graph', className: 'panel graph-panel' }, async (section) => {
    section.append(h('p', { class: 'muted', text: 'The researcher in context: co-authors, works, topics, venues and institutions. Select a node to open it.' }));
    const graph = await get(`/authors/${encodeURIComponent(authorId)}/graph`, { limit: 40 }, { signal });
    section.append(drawGraph(graph, card.author.display_name));
  });
}

export async function renderAuthor(main, id, nav, signal) {
  main.replaceChildren(loading('the researcher'));
  const card = await get(`/authors/${encodeURIComponent(id)}/card`, {}, { signal });
  const a = card.author;
  setTitle(a.display_name);
  const years = card.years_active && card.years_active.first
    ? `active ${card.years_active.first === card.years_active.last ? card.years_active.first : `${card.years_active.first}–${card.years_active.last}`}` : null;
  const topicNames = (card.topics || []).slice(0, 3).map((t) => t.display_name);
  const header = h('header', { class: 'card-header panel' },
    h('p', { class: 'kicker', text: 'Researcher profile' }),
    pageHeading(a.display_name),
    topicNames.length ? h('p', { class: 'lede', text: `Works on ${topicNames.join(', ')}.` }) : null,
    h('p', { class: 'card-facts' },
      h('span', { class: 'pill' }, 'Researcher'),
      h('span', {}, a.affiliation === 'not imported' ? 'Affiliation not imported' : a.affiliation),
      years ? h('span', { text: years }) : null,
      a.orcid ? h('a', { href: a.orcid, rel: 'noopener', text: `ORCID ${a.orcid.replace('https://orcid.org/', '')}` }) : null),
    (card.venues || []).length ? h('p', { class: 'muted' }, 'Venues: ', card.venues.flatMap((v, i) => [i ? ', ' : '',
      link(`/?venue=${encodeURIComponent(v.id)}`, v.display_name), ` (${v.works_count})`])) : null);
  const layout = h('div', { class: 'card-layout' },
    h('div', { class: 'card-side' }, trustSnapshot(card), topicsPanel(card), collaboratorsPanel(card)),
    h('div', { class: 'card-main' }));
  main.replaceChildren(h('article', { class: 'researcher' }, header, layout));
  const mainColumn = layout.querySelector('.card-main');
  const [graph, works] = await Promise.all([graphPanel(card, id, signal), worksPanel(card, id, signal)]);
  mainColumn.append(graph, works);
}
