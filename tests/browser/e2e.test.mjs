// End-to-end tests of the web page in headless Chromium, against a server over the test corpus
// (tests/browser/run starts it and sets PEERSCOPE_URL). Expected values come from the API of the
// same server, so the tests check that the page shows what the index holds. A screenshot of each
// page goes to PEERSCOPE_ARTIFACTS.
import { test, before, after, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { chromium } from 'playwright-core';

const base = process.env.PEERSCOPE_URL;
const artifacts = process.env.PEERSCOPE_ARTIFACTS || 'artifacts';
const executablePath = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
if (!base) throw new Error('PEERSCOPE_URL is not set; run tests/browser/run');

// axe-core checks each page against WCAG 2 A and AA. It is evaluated through the DevTools
// protocol, which the page's Content-Security-Policy (script-src 'self') does not apply to.
const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

let browser;
let context;
let page;
let problems = [];
const outside = [];

async function api(pathAndQuery) {
  const response = await fetch(`${base}/v1${pathAndQuery}`);
  assert.equal(response.status, 200, `API ${pathAndQuery} answered ${response.status}`);
  return response.json();
}

async function shot(name, target = page) {
  await target.screenshot({ path: path.join(artifacts, `${name}.png`), fullPage: true });
}

/** Watches a page: console errors, uncaught exceptions and any request to another origin. */
function watch(p) {
  p.on('console', (m) => { if (m.type() === 'error') problems.push(`console: ${m.text()}`); });
  p.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  p.on('request', (r) => {
    const url = r.url();
    if (!url.startsWith(base) && !url.startsWith('data:') && !url.startsWith('blob:')) outside.push(url);
  });
  return p;
}

/** The number in the result summary ("12 works for …"). */
async function resultCount(p = page) {
  const text = await p.locator('#result-count').innerText();
  const m = text.replace(/,/g, '').match(/^(\d+) works?/);
  if (/^No works/.test(text)) return 0;
  assert.ok(m, `unexpected result summary '${text}'`);
  return Number(m[1]);
}

/** Waits until the page shows results (or their absence) for the current URL. */
async function settled(p = page) {
  await p.waitForFunction(() => {
    const main = document.getElementById('main');
    return main && !main.hasAttribute('aria-busy');
  });
}

/** The WCAG 2 A/AA violations axe finds on the page as it is now, as readable lines. */
async function accessibilityViolations(p = page) {
  await p.evaluate(axeSource);
  const result = await p.evaluate(() => window.axe.run(document, { runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] }));
  return result.violations.map((v) => `${v.id} (${v.impact}): ${v.help}; ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')}`);
}

/** Opens the home page and types @p text into the search box; returns the box. */
async function typeQuery(text) {
  await page.goto(`${base}/`);
  await settled();
  const box = page.getByRole('combobox', { name: 'Search works and authors' });
  await box.pressSequentially(text, { delay: 20 });
  return box;
}

before(async () => {
  browser = await chromium.launch({ executablePath, args: ['--no-sandbox', '--disable-dev-shm-usage'] });
  context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  page = watch(await context.newPage());
});

after(async () => {
  if (browser) await browser.close();
});

afterEach(() => {
  const seen = problems;
  problems = [];
  assert.deepEqual(seen, [], 'the page logged errors');
});

test('the page and its files come from the server alone', async () => {
  const response = await page.goto(`${base}/`);
  assert.equal(response.status(), 200);
  assert.match(response.headers()['content-type'], /^text\/html/);
  await settled();
  await page.locator('h1').waitFor();
  assert.equal(await page.title(), 'Peerscope');
  assert.equal(await page.locator('#boot').count(), 0, 'the scripts replaced the loading note');
  await shot('home');
  assert.deepEqual(outside, [], 'requests to other origins');
});

test('typing a query shows suggestions, and Enter shows highlighted results with authors, venue and year', async () => {
  const expected = await api('/works?search=contrastive&per_page=1&select=id');
  const completions = await api('/autocomplete/works?q=contrastive');
  assert.ok(completions.results.length > 0);
  const box = await typeQuery('contrastive');
  const listbox = page.getByRole('listbox', { name: 'Suggestions' });
  await listbox.waitFor();
  assert.equal(await box.getAttribute('aria-expanded'), 'true');
  const options = listbox.getByRole('option');
  assert.ok(await options.count() >= completions.results.length);
  assert.equal((await options.first().locator('.sugg-name').innerText()), completions.results[0].display_name);
  await shot('suggestions');
  await box.press('Enter');
  await page.waitForURL(/\?q=contrastive$/);
  await settled();
  assert.equal(await resultCount(), expected.meta.count);
  const first = page.locator('.result').first();
  assert.ok(await first.locator('.result-title mark').count() > 0, 'the title has highlighted words');
  assert.ok(await first.locator('.snippet mark').count() > 0, 'the snippet has highlighted words');
  assert.ok(await first.locator('.byline a[href^="/author/"]').count() > 0, 'authors link to their pages');
  assert.match(await first.locator('.work-meta').innerText(), /\b(19|20)\d\d\b/);
  assert.ok(await first.locator('.work-meta .venue').count() === 1, 'the venue is shown');
  assert.match(await page.locator('#status').innerText(), /works? for “contrastive”/);
  await shot('search');
});

test('suggestions are usable with the keyboard: arrows choose, Enter opens the researcher', async () => {
  const authors = await api('/autocomplete/authors?q=sch%C3%B6lkopf');
  assert.ok(authors.results.length > 0);
  const box = await typeQuery('schölkopf');
  const authorOption = page.locator('#sugg-author ~ [role="option"]').first();
  await authorOption.waitFor();
  const count = await page.getByRole('option').count();
  // Move down to the first author suggestion.
  const works = await page.locator('#sugg-work ~ [role="option"]').count();
  for (let i = 0; i <= works; i += 1) await box.press('ArrowDown');
  assert.equal(await authorOption.getAttribute('aria-selected'), 'true');
  assert.equal(await box.getAttribute('aria-activedescendant'), await authorOption.getAttribute('id'));
  assert.ok(count >= 1);
  await box.press('Escape');
  assert.equal(await box.getAttribute('aria-expanded'), 'false');
  await box.press('ArrowDown'); // closed: nothing happens
  await box.fill('');
  await box.pressSequentially('schölkopf', { delay: 20 });
  await authorOption.waitFor();
  for (let i = 0; i <= works; i += 1) await box.press('ArrowDown');
  await box.press('Enter');
  await page.waitForURL(new RegExp(`/author/${authors.results[0].id}$`));
  await settled();
  assert.equal(await page.locator('h1').innerText(), authors.results[0].display_name);
  assert.equal(await page.evaluate(() => document.activeElement.id), 'page-title', 'focus moves to the new page heading');
});

test('picking facet values narrows the results and changes the counts; values of one facet are ORed', async () => {
  const all = await api('/works?search=learning&group_by=primary_location.source.id,topics.id&per_page=1&select=id');
  const venues = all.group_bys.find((g) => g.group_by_key === 'primary_location.source.id').groups;
  assert.ok(venues.length >= 2, 'the corpus has two venues for "learning"');
  const [a, b] = venues;
  await page.goto(`${base}/?q=learning`);
  await settled();
  assert.equal(await resultCount(), all.meta.count);
  const venueBox = (v) => page.locator(`#facet-venue input[value="${v.key}"]`);
  const countOf = async (facet, key) => Number((await page.locator(`#facet-${facet} input[value="${key}"] + label .count`).innerText()).replace(/,/g, ''));
  assert.equal(await countOf('venue', a.key), a.count);
  const topicBefore = await page.locator('#facet-topic .count').allInnerTexts();

  await venueBox(a).check();
  await page.waitForURL(new RegExp(`venue=${a.key}$`));
  await settled();
  assert.equal(await resultCount(), a.count);
  const topicAfter = await page.locator('#facet-topic .count').allInnerTexts();
  assert.notDeepEqual(topicAfter, topicBefore, 'topic counts follow the venue');
  const narrowed = await api(`/works?search=learning&filter=primary_location.source.id:${a.key}&group_by=topics.id&per_page=1&select=id`);
  const topTopic = narrowed.group_by[0];
  assert.equal(await countOf('topic', topTopic.key), topTopic.count);
  // The other venues keep their counts (a facet does not filter its own values).
  assert.equal(await countOf('venue', b.key), b.count);
  assert.equal(await page.evaluate(() => document.activeElement && document.activeElement.value), a.key, 'focus stays on the box');

  await venueBox(b).check();
  await page.waitForURL(new RegExp(`venue=${a.key},${b.key}$`));
  await settled();
  assert.equal(await resultCount(), a.count + b.count);
  assert.ok(await venueBox(a).isChecked());
  assert.ok(await venueBox(b).isChecked());
  await shot('facets');

  // A year bar of the histogram filters by that year.
  const years = await api(`/works?search=learning&filter=primary_location.source.id:${a.key}|${b.key}&group_by=publication_year&per_page=1&select=id`);
  const year = years.group_by[0];
  await page.locator(`#facet-year button[data-key="year-${year.key}"]`).click();
  await page.waitForURL(new RegExp(`year=${year.key}&`));
  await settled();
  assert.equal(await resultCount(), year.count);
  assert.equal(await page.locator(`#facet-year button[data-key="year-${year.key}"]`).getAttribute('aria-pressed'), 'true');

  // Back returns to the previous state.
  await page.goBack();
  await settled();
  assert.equal(await resultCount(), a.count + b.count);
});

test('sorting and paging change the URL and the results', async () => {
  const all = await api('/works?per_page=1&select=id');
  await page.goto(`${base}/`);
  await settled();
  assert.equal(await resultCount(), all.meta.count);
  await page.getByLabel('Sort by').selectOption('newest');
  await page.waitForURL(/\?sort=newest$/);
  await settled();
  const newest = await api('/works?sort=publication_date:desc&per_page=10&select=id,display_name');
  const titles = await page.locator('.result-title').allInnerTexts();
  assert.deepEqual(titles, newest.results.map((w) => w.display_name));
  await page.getByRole('link', { name: 'Next page' }).click();
  await page.waitForURL(/\?sort=newest&page=2$/);
  await settled();
  const second = await api('/works?sort=publication_date:desc&per_page=10&page=2&select=id,display_name');
  assert.deepEqual(await page.locator('.result-title').allInnerTexts(), second.results.map((w) => w.display_name));
  assert.equal(await page.locator('.pager [aria-current="page"]').innerText(), '2');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'result-count', 'paging moves focus to the top of the results');
  assert.equal(await page.locator('ol.result-list').getAttribute('start'), '11');
});

test('a misspelt query offers the spelling suggestion', async () => {
  const answer = await api('/works?search=tranformer&per_page=1&select=id');
  assert.ok(answer.meta.suggestion, 'the API suggests a spelling');
  await page.goto(`${base}/?q=tranformer`);
  await settled();
  const suggestion = page.locator('.suggestion a');
  assert.equal(await suggestion.innerText(), answer.meta.suggestion);
  await suggestion.click();
  await page.waitForURL(new RegExp(`\\?q=${answer.meta.suggestion}$`));
  await settled();
  const fixed = await api(`/works?search=${answer.meta.suggestion}&per_page=1&select=id`);
  assert.equal(await resultCount(), fixed.meta.count);
});

test('a researcher card opens from a result: trust, counts, topics, collaborators, graph and works', async () => {
  const found = await api('/authors?search=sch%C3%B6lkopf&per_page=1&select=id,display_name');
  const author = found.results[0];
  const card = await api(`/authors/${author.id}/card`);
  const graph = await api(`/authors/${author.id}/graph?limit=40`);
  await page.goto(`${base}/?q=causal`);
  await settled();
  await page.locator(`.result .byline a[href="/author/${author.id}"]`).first().click();
  await page.waitForURL(new RegExp(`/author/${author.id}$`));
  await settled();
  assert.equal(await page.locator('h1').innerText(), card.author.display_name);
  const trust = page.locator('section.trust');
  assert.match(await trust.innerText(), new RegExp(`Trust ${card.trust.score} · ${card.trust.tier}`));
  assert.match(await trust.innerText(), new RegExp(`Verification ${card.trust.verification_level}`));
  await trust.locator('summary').click();
  assert.equal(await trust.locator('.evidence').count(), card.trust.evidence.length);
  assert.match(await trust.locator('.counts').innerText(), new RegExp(`${card.works_count}\\s+works?`));
  const collaborators = page.locator('.collaborators a');
  assert.deepEqual(await collaborators.allInnerTexts(), card.close_collaborators.map((c) => c.author.display_name));
  const svg = page.locator('svg.graph');
  await svg.waitFor();
  assert.equal(await svg.locator('.nodes > *').count(), graph.nodes.length);
  assert.ok(await svg.locator('line.edge').count() > 0);
  assert.equal(await page.locator('.pubs .pub').count(), Math.min(card.works_count, 10));
  await shot('researcher');
  // A co-author node of the graph opens that researcher.
  const coauthor = graph.nodes.find((n) => n.kind === 'author' && n.ring === 1);
  await svg.locator(`a[href="/author/${coauthor.id}"]`).click();
  await page.waitForURL(new RegExp(`/author/${coauthor.id}$`));
  await settled();
  assert.equal(await page.locator('h1').innerText(), coauthor.label);
});

test('a work page shows the record, versions, related works with reasons and exports; a related work can be followed', async () => {
  const work = await api('/works/W1019');
  const related = await api('/works/W1019/related?per_page=8&select=id,display_name,reasons');
  assert.ok(related.results.length > 0);
  await page.goto(`${base}/work/W1018`); // a version's id opens the work it is grouped into
  await settled();
  await page.waitForURL(/\/work\/W1019$/);
  assert.equal(await page.locator('h1').innerText(), work.display_name);
  assert.equal(await page.locator('#versions-title + .table-wrap tbody tr').count(), work.locations.length);
  const exportLinks = page.locator('.actions a');
  assert.deepEqual(await exportLinks.allInnerTexts(), ['JSON (API)', 'BibTeX', 'RIS']);
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'BibTeX' }).click()]);
  const bib = await (await download.createReadStream()).toArray();
  assert.match(Buffer.concat(bib).toString(), new RegExp(`title = \\{\\{${work.display_name}\\}\\}`));
  const items = page.locator('.related-item');
  await items.first().waitFor();
  assert.equal(await items.count(), related.results.length);
  assert.equal(await items.first().locator('.reasons li').count(), related.results[0].reasons.length);
  assert.match(await items.first().locator('.reasons').innerText(), new RegExp(related.results[0].reasons[0].detail.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')));
  await shot('work');
  const target = related.results[0];
  await items.first().locator('h3 a').click();
  await page.waitForURL(new RegExp(`/work/${target.id}$`));
  await settled();
  assert.equal(await page.locator('h1').innerText(), target.display_name);
  const scrolled = await page.evaluate(() => window.scrollY);
  await page.goBack();
  await settled();
  assert.equal(await page.locator('h1').innerText(), work.display_name);
  // Back returns to where the link was, not to the top of the page.
  assert.ok(await page.evaluate(() => window.scrollY) > 0, 'the scroll position is restored');
  assert.equal(scrolled, 0, 'the new page started at its top');
});

test('a topic page shows the hierarchy, works over the years, top venues and authors, related topics', async () => {
  const roots = await api('/topics?filter=level:domain&per_page=1&select=id');
  const root = await api(`/topics/${roots.results[0].id}`);
  const child = root.children[0];
  await page.goto(`${base}/topic/${root.id}`);
  await settled();
  assert.equal(await page.locator('h1').innerText(), root.display_name);
  await page.locator('#children-title + ul a', { hasText: child.display_name }).click();
  await page.waitForURL(new RegExp(`/topic/${child.id}$`));
  await settled();
  const topic = await api(`/topics/${child.id}`);
  assert.equal(await page.locator('h1').innerText(), topic.display_name);
  assert.deepEqual(await page.locator('.breadcrumbs li').allInnerTexts(), ['All works', ...topic.path.map((p) => p.display_name)]);
  assert.equal(await page.locator('#years-title + .bars .bar').count(),
    topic.counts_by_year.length ? Math.max(...topic.counts_by_year.map((c) => c.year)) - Math.min(...topic.counts_by_year.map((c) => c.year)) + 1 : 0);
  assert.deepEqual(await page.locator('#venues-title + ol a').allInnerTexts(), topic.top_venues.slice(0, 10).map((v) => v.display_name));
  assert.deepEqual(await page.locator('#authors-title + ol a').allInnerTexts(), topic.top_authors.slice(0, 10).map((v) => v.display_name));
  assert.equal(await page.locator('#related-topics-title + ul li').count(), topic.related_topics.length);
  await shot('topic');
});

test('a shared URL reloads the same search: query, facets, years, sort and page', async () => {
  const years = '2016-2022';
  const all = await api('/works?search=learning&filter=publication_year:2016-2022&group_by=primary_location.source.id&per_page=1&select=id');
  const venues = all.group_by.slice(0, 2).map((g) => g.key);
  const filter = `publication_year:2016-2022,primary_location.source.id:${venues.join('|')}`;
  const expected = await api(`/works?search=learning&filter=${filter}&sort=cited_by_count:desc&per_page=10&select=id,display_name`);
  const url = `${base}/?q=learning&year=${years}&venue=${venues.join(',')}&sort=cited`;
  const fresh = watch(await context.newPage());
  await fresh.goto(url);
  await settled(fresh);
  assert.equal(await fresh.locator('#q').inputValue(), 'learning');
  assert.equal(await resultCount(fresh), expected.meta.count);
  assert.deepEqual(await fresh.locator('.result-title').allInnerTexts(), expected.results.map((w) => w.display_name));
  for (const v of venues) assert.ok(await fresh.locator(`#facet-venue input[value="${v}"]`).isChecked());
  assert.equal(await fresh.locator('#sort').inputValue(), 'cited');
  assert.equal(await fresh.locator('#facet-year button[aria-pressed="true"]').count(), 7);
  await shot('shared-url', fresh);
  await fresh.reload();
  await settled(fresh);
  assert.equal(await resultCount(fresh), expected.meta.count);
  await fresh.close();
});

test('API errors are shown in words, never as a blank page', async () => {
  await page.goto(`${base}/work/W424242`);
  await settled();
  const alert = page.getByRole('alert');
  assert.match(await alert.innerText(), /no work has the id 'W424242'/);
  await shot('error-not-found');
  await page.goto(`${base}/author/S3`);
  await settled();
  assert.match(await page.getByRole('alert').innerText(), /S3/);
  // The server cannot be reached.
  await page.route('**/v1/works?**', (route) => route.abort());
  await page.goto(`${base}/?q=learning`);
  await settled();
  assert.match(await page.getByRole('alert').innerText(), /could not be reached/);
  await page.unroute('**/v1/works?**');
  await shot('error-network');
  problems = problems.filter((p) => !/Failed to load resource|net::ERR_FAILED/.test(p));
});

test('on a phone the page fits the screen, filters fold away and the keyboard reaches the results', async () => {
  const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 });
  const p = watch(await phone.newPage());
  await p.goto(`${base}/?q=learning`);
  await settled(p);
  // A phone widens its layout viewport to the content, so the width is compared with the screen's.
  const overflow = await p.evaluate(() => document.documentElement.scrollWidth - 390);
  assert.ok(overflow <= 0, `the page is ${overflow}px wider than the screen`);
  assert.equal(await p.locator('.facet-box').getAttribute('open'), null, 'filters are folded on a phone');
  await shot('phone-search', p);
  await p.goto(`${base}/author/${(await api('/authors?search=sch%C3%B6lkopf&per_page=1&select=id')).results[0].id}`);
  await settled(p);
  assert.ok(await p.evaluate(() => document.documentElement.scrollWidth) <= 390, 'the researcher page fits the screen');
  await shot('phone-researcher', p);
  await phone.close();
  // Desktop keyboard: the skip link comes first and leads to the content.
  await page.goto(`${base}/?q=learning`);
  await settled();
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement.textContent), 'Skip to content');
  assert.deepEqual(outside, [], 'requests to other origins');
});

test('every page passes the WCAG 2 A and AA checks of axe, on a desktop and on a phone in dark mode', async () => {
  const author = (await api('/authors?search=sch%C3%B6lkopf&per_page=1&select=id')).results[0].id;
  const topic = (await api('/topics?filter=level:field&per_page=1&select=id')).results[0].id;
  const venue = (await api('/works?group_by=primary_location.source.id&per_page=1&select=id')).group_by[0].key;
  const paths = ['/', `/?q=learning&venue=${venue}&year=2016-2022`, '/?q=tranformer', '/work/W1019', `/author/${author}`, `/topic/${topic}`, '/work/W424242'];
  const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, colorScheme: 'dark' });
  const small = watch(await phone.newPage());
  const found = [];
  for (const p of [page, small]) {
    for (const target of paths) {
      await p.goto(`${base}${target}`);
      await settled(p);
      await p.locator('h1').first().waitFor();
      if (p === small && target.startsWith('/author/')) await shot('phone-dark-researcher', p);
      for (const v of await accessibilityViolations(p)) found.push(`${target}${p === small ? ' (phone, dark)' : ''}: ${v}`);
    }
  }
  // The suggestion list, open.
  await typeQuery('contrastive');
  await page.getByRole('listbox').waitFor();
  await page.keyboard.press('ArrowDown');
  for (const v of await accessibilityViolations()) found.push(`suggestions: ${v}`);
  await phone.close();
  problems = problems.filter((p) => !/Failed to load resource/.test(p)); // the 404 page on purpose
  assert.deepEqual(found, []);
});
