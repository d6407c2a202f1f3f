// The topic page: where it sits in the hierarchy (and its children to browse down), works over
// the years, top venues and authors, related topics, and its most cited works.
import { get } from './api.js';
import { h, link, number, plural, loading, setTitle, pageHeading, barChart, apiPanel } from './dom.js';
import { workMeta, authorLinks } from './search.js';

function countedList(items, href, empty) {
  if (!items || !items.length) return h('p', { class: 'muted', text: empty });
  return h('ol', { class: 'counted' }, items.slice(0, 10).map((i) => h('li', {},
    link(href(i), i.display_name), h('span', { class: 'count', text: number(i.count) }))));
}

function yearsChart(topic) {
  const rows = [...(topic.counts_by_year || [])].sort((a, b) => a.year - b.year);
  if (!rows.length) return h('p', { class: 'muted', text: 'No dated works.' });
  const points = [];
  const counts = new Map(rows.map((r) => [r.year, r.works_count]));
  for (let y = rows[0].year; y <= rows[rows.length - 1].year; y += 1) {
    points.push({ label: String(y), short: `'${String(y).slice(2)}`, value: counts.get(y) || 0 });
  }
  return barChart(points, { label: `Works on ${topic.display_name} per year, ${points[0].label} to ${points[points.length - 1].label}`, height: 120 });
}

function topWorks(topic, signal) {
  return apiPanel({ title: 'Most cited works', id: 'topic-works-title', what: 'the works of the topic' }, async (section) => {
    const answer = await get('/works', {
      filter: `topics.id:${topic.id}`, sort: 'cited_by_count:desc', per_page: 10,
      select: 'id,display_name,publication_year,type,primary_location,authorships,cited_by_count',
    }, { signal });
    section.append(answer.results.length
      ? h('ol', { class: 'result-list' }, answer.results.map((w) => h('li', { class: 'result' },
        h('h3', { class: 'result-title' }, link(`/work/${encodeURIComponent(w.id)}`, w.display_name)),
        h('p', { class: 'byline' }, authorLinks(w.authorships, 4)), workMeta(w))))
      : h('p', { class: 'muted', text: 'No works in this index have this topic.' }));
    if (answer.meta.count > answer.results.length) {
      section.append(h('p', {}, link(`/?topic=${encodeURIComponent(topic.id)}`, `All ${plural(answer.meta.count, 'work')} on this topic`)));
    }
  });
}

export async function renderTopic(main, id, nav, signal) {
  main.replaceChildren(loading('the topic'));
  const topic = await get(`/topics/${encodeURIComponent(id)}`, {}, { signal });
  setTitle(topic.display_name);
  const path = topic.path || [];
  const crumbs = h('nav', { class: 'breadcrumbs', 'aria-label': 'Topic hierarchy' }, h('ol', {},
    h('li', {}, link('/', 'All works')),
    path.map((p) => h('li', {}, p.id === topic.id
      ? h('span', { 'aria-current': 'page', text: p.display_name })
      : link(`/topic/${encodeURIComponent(p.id)}`, p.display_name)))));
  const trend = topic.trend;
  const trendText = trend && trend.recent_years
    ? `${trend.rising ? 'Rising' : 'Not rising'}: ${plural(trend.recent_works, 'work')} in ${trend.recent_years.from}–${trend.recent_years.to}, ${plural(trend.earlier_works, 'work')} before.`
    : null;
  const header = h('header', { class: 'panel topic-header' },
    crumbs,
    h('p', { class: 'kicker', text: `${topic.level}${topic.origin && topic.origin !== 'taxonomy' ? ` · from ${topic.origin}` : ''}` }),
    pageHeading(topic.display_name),
    topic.description ? h('p', { class: 'lede', text: topic.description }) : null,
    h('ul', { class: 'counts', 'aria-label': 'Counts' },
      h('li', {}, h('strong', { text: number(topic.works_count) }), ` ${topic.works_count === 1 ? 'work' : 'works'}`),
      h('li', {}, h('strong', { text: number(topic.cited_by_count) }), ' citations'),
      h('li', {}, h('strong', { text: number(topic.children_count) }), ` ${topic.children_count === 1 ? 'subtopic' : 'subtopics'}`)),
    trendText ? h('p', { class: trend.rising ? 'trend rising' : 'trend', text: trendText }) : null,
    h('p', {}, link(`/?topic=${encodeURIComponent(topic.id)}`, 'Search within this topic')));
  const children = h('section', { class: 'panel', 'aria-labelledby': 'children-title' },
    h('h2', { id: 'children-title', text: topic.children_count ? 'Subtopics' : 'Subtopics' }),
    (topic.children || []).length
      ? h('ul', { class: 'counted' }, topic.children.map((c) => h('li', {},
        link(`/topic/${encodeURIComponent(c.id)}`, c.display_name), h('span', { class: 'count', text: number(c.works_count) }))))
      : h('p', { class: 'muted', text: 'This is a leaf of the hierarchy.' }));
  const years = h('section', { class: 'panel', 'aria-labelledby': 'years-title' },
    h('h2', { id: 'years-title', text: 'Works over the years' }), yearsChart(topic));
  const venues = h('section', { class: 'panel', 'aria-labelledby': 'venues-title' },
    h('h2', { id: 'venues-title', text: 'Top venues' }),
    countedList(topic.top_venues, (v) => `/?topic=${encodeURIComponent(topic.id)}&venue=${encodeURIComponent(v.id)}`, 'No venues.'));
  const authors = h('section', { class: 'panel', 'aria-labelledby': 'authors-title' },
    h('h2', { id: 'authors-title', text: 'Top authors' }),
    countedList(topic.top_authors, (a) => `/author/${encodeURIComponent(a.id)}`, 'No authors.'));
  const related = h('section', { class: 'panel', 'aria-labelledby': 'related-topics-title' },
    h('h2', { id: 'related-topics-title', text: 'Related topics' }),
    (topic.related_topics || []).length
      ? h('ul', { class: 'counted' }, topic.related_topics.map((r) => h('li', {},
        link(`/topic/${encodeURIComponent(r.id)}`, r.display_name),
        h('span', { class: 'muted', text: ` · ${plural(r.shared_works, 'shared work')}` }))))
      : h('p', { class: 'muted', text: 'No topic outside this one’s lineage shares its works.' }));
  const grid = h('div', { class: 'topic-grid' }, children, years, venues, authors, related);
  main.replaceChildren(h('article', { class: 'topic' }, header, grid));
  main.querySelector('.topic').append(await topWorks(topic, signal));
}
