// The search state <-> URL mapping of the web page (web/state.js): pure functions, tested in node.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';

// web/ has no package.json (every file there is served), so the module is loaded from its text:
// that works on any Node version, whatever it assumes of a .js file outside a package.
const source = readFileSync(new URL('../../web/state.js', import.meta.url), 'utf8');
const { parseState, formatState, parseYears, formatYears, apiFilter, effectiveSort } =
  await import(`data:text/javascript;base64,${Buffer.from(source).toString('base64')}`);

test('years parse from lists and ranges and format back as runs', () => {
  assert.deepEqual(parseYears('2016,2020-2022'), [2016, 2020, 2021, 2022]);
  assert.deepEqual(parseYears('2022-2020,abc,2019,2019'), [2019]);
  assert.deepEqual(parseYears(''), []);
  assert.equal(formatYears([2016, 2020, 2021, 2022]), '2016,2020-2022');
  assert.equal(formatYears([2020]), '2020');
});

test('a URL round-trips through the state with its keys in a fixed order', () => {
  const url = '?q=mixture+of+experts&topic=T1,T2&year=2020-2022&venue=S3,S11&sort=cited&page=3';
  const state = parseState(url);
  assert.deepEqual(state, {
    q: 'mixture of experts', topic: ['T1', 'T2'], venue: ['S3', 'S11'], year: [2020, 2021, 2022], sort: 'cited', page: 3,
  });
  assert.equal(formatState(state), url);
  assert.equal(formatState(parseState('?venue=S3&q=x')), '?q=x&venue=S3');
  assert.equal(formatState(parseState('')), '');
});

test('bad values in a URL fall back to defaults instead of failing', () => {
  const state = parseState('?page=-4&sort=sideways&year=never&topic=,,');
  assert.equal(state.page, 1);
  assert.equal(state.sort, '');
  assert.deepEqual(state.year, []);
  assert.deepEqual(state.topic, []);
});

test('the API filter ORs values within a facet, ANDs facets, and can leave one facet out', () => {
  const state = parseState('?topic=T1,T2&year=2016,2020-2021&venue=S3');
  assert.equal(apiFilter(state), 'topics.id:T1|T2,publication_year:2016|2020|2021,primary_location.source.id:S3');
  assert.equal(apiFilter(state, 'topic'), 'publication_year:2016|2020|2021,primary_location.source.id:S3');
  assert.equal(apiFilter(parseState('?year=2020-2022')), 'publication_year:2020-2022');
  assert.equal(apiFilter(parseState('?year=2020')), 'publication_year:2020');
});

test('relevance is the default order with a query and most cited without; relevance needs a query', () => {
  assert.equal(effectiveSort(parseState('?q=x')).value, 'relevance');
  assert.equal(effectiveSort(parseState('')).value, 'cited');
  assert.equal(effectiveSort(parseState('?sort=relevance')).value, 'cited');
  assert.equal(effectiveSort(parseState('?q=x&sort=newest')).value, 'newest');
});
