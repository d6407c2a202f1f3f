// The research graph of a researcher (GET /v1/authors/{id}/graph) drawn as an SVG picture: the
// person in the middle, co-authors and institutions on the inner ring, works, topics and venues on
// the outer ring (second-ring people outside it), edges by kind. Every node links to its page;
// the same graph is also given as a list for screen readers and small screens.
import { h, plural } from './dom.js';

const KINDS = [
  { kind: 'author', label: 'People', ring: 'inner' },
  { kind: 'institution', label: 'Institutions', ring: 'inner' },
  { kind: 'work', label: 'Works', ring: 'outer' },
  { kind: 'topic', label: 'Topics', ring: 'outer' },
  { kind: 'source', label: 'Venues', ring: 'outer' },
];
const WIDTH = 860;
const HEIGHT = 620;
const RADII = { inner: 150, outer: 250, far: 295 };

function nodeHref(node) {
  const id = encodeURIComponent(node.id);
  switch (node.kind) {
    case 'author': return `/author/${id}`;
    case 'work': return `/work/${id}`;
    case 'topic': return `/topic/${id}`;
    case 'source': return `/?venue=${id}`;
    default: return null;
  }
}

/**
 * A label cut to at most max characters at a word boundary (so that what is shown is words of the
 * link's accessible name): the kept start, and whether an ellipsis must follow.
 */
function short(text, max) {
  if (text.length <= max) return { text, cut: false };
  const head = text.slice(0, max);
  const space = head.lastIndexOf(' ');
  return { text: (space > 0 ? head.slice(0, space) : head).replace(/[\s,;:–-]+$/, ''), cut: true };
}

/** Positions: {id: {x, y, angle}}. */
function layout(nodes) {
  const cx = WIDTH / 2;
  const cy = HEIGHT / 2;
  const pos = {};
  const rings = { inner: [], outer: [], far: [] };
  for (const n of nodes) {
    if (n.ring === 0) pos[n.id] = { x: cx, y: cy, angle: 0 };
    else if (n.kind === 'author' && n.ring >= 2) rings.far.push(n);
    else {
      const k = KINDS.find((x) => x.kind === n.kind);
      rings[k ? k.ring : 'outer'].push(n);
    }
  }
  const order = (n) => KINDS.findIndex((k) => k.kind === n.kind);
  for (const [ring, list] of Object.entries(rings)) {
    list.sort((a, b) => order(a) - order(b) || (b.weight - a.weight));
    const offset = ring === 'inner' ? -Math.PI / 2 : -Math.PI / 2 + Math.PI / Math.max(list.length, 1);
    list.forEach((n, i) => {
      const angle = offset + (2 * Math.PI * i) / list.length;
      const r = RADII[ring];
      pos[n.id] = { x: cx + r * Math.cos(angle), y: cy + r * 0.82 * Math.sin(angle), angle };
    });
  }
  return pos;
}

/** The graph as an SVG element plus legend and list; `graph` is the API answer. */
export function drawGraph(graph, personName) {
  const nodes = graph.nodes || [];
  const edges = graph.edges || [];
  const pos = layout(nodes);
  const svg = h('svg:svg', {
    viewBox: `0 0 ${WIDTH} ${HEIGHT}`, class: 'graph', role: 'group',
    'aria-label': `Research graph of ${personName}: ${plural(nodes.length, 'node')} and ${plural(edges.length, 'tie')}`,
  });
  const edgeLayer = h('svg:g', { class: 'edges', 'aria-hidden': 'true' });
  for (const e of edges) {
    const a = pos[e.source];
    const b = pos[e.target];
    if (!a || !b) continue;
    edgeLayer.append(h('svg:line', {
      x1: a.x.toFixed(1), y1: a.y.toFixed(1), x2: b.x.toFixed(1), y2: b.y.toFixed(1),
      class: `edge edge-${e.kind}`, 'stroke-width': Math.min(1 + Math.log2(1 + (e.weight || 1)), 5).toFixed(1),
    }));
  }
  svg.append(edgeLayer);
  const nodeLayer = h('svg:g', { class: 'nodes' });
  for (const n of nodes) {
    const p = pos[n.id];
    if (!p) continue;
    const center = n.ring === 0;
    const r = center ? 18 : Math.min(6 + 2.5 * Math.sqrt(n.weight || 1), 16);
    const shape = n.kind === 'work'
      ? h('svg:rect', { x: (p.x - r * 0.8).toFixed(1), y: (p.y - r * 0.8).toFixed(1), width: (r * 1.6).toFixed(1), height: (r * 1.6).toFixed(1), rx: 2, class: `node node-${n.kind}` })
      : h('svg:circle', { cx: p.x.toFixed(1), cy: p.y.toFixed(1), r: r.toFixed(1), class: ['node', `node-${n.kind}`, center && 'node-center'] });
    const right = Math.cos(p.angle) >= -0.01;
    const shown = n.kind === 'work' ? (n.year ? { text: String(n.year), cut: false } : short(n.label, 14)) : short(n.label, center ? 40 : 24);
    const label = h('svg:text', {
      x: (center ? p.x : p.x + (right ? r + 4 : -(r + 4))).toFixed(1),
      y: (center ? p.y + r + 16 : p.y + 4).toFixed(1),
      'text-anchor': center ? 'middle' : right ? 'start' : 'end',
      class: ['label', center && 'label-center'],
    }, shown.text, shown.cut ? h('svg:tspan', { 'aria-hidden': 'true', text: '…' }) : null);
    const title = h('svg:title', { text: `${n.label} (${n.kind}${n.year ? `, ${n.year}` : ''})` });
    const href = nodeHref(n);
    const group = href && !center
      ? h('svg:a', { href, 'data-link': true, 'aria-label': `${n.kind === 'work' && n.year ? `${n.year}: ` : ''}${n.label} (${n.kind === 'source' ? 'venue' : n.kind})`, class: 'graph-link' }, title, shape, label)
      : h('svg:g', {}, title, shape, label);
    nodeLayer.append(group);
  }
  svg.append(nodeLayer);

  const legend = h('ul', { class: 'legend', 'aria-label': 'Legend' }, KINDS.map((k) => h('li', {},
    h('span', { class: `swatch node-${k.kind}`, 'aria-hidden': 'true' }), k.label)));
  const byKind = KINDS.map((k) => {
    const list = nodes.filter((n) => n.kind === k.kind && n.ring !== 0);
    if (!list.length) return null;
    return h('li', {}, h('strong', { text: `${k.label}: ` }), list.flatMap((n, i) => {
      const href = nodeHref(n);
      const item = href ? h('a', { href, 'data-link': true, text: n.label }) : n.label;
      return i ? ['; ', item] : [item];
    }));
  });
  const asList = h('details', { class: 'graph-list' }, h('summary', { text: 'The graph as a list' }),
    h('ul', {}, byKind));
  const note = graph.meta && graph.meta.truncated
    ? h('p', { class: 'muted', text: `Showing the ${plural(nodes.length, 'closest node')}; the full graph is larger.` })
    : null;
  return h('div', { class: 'graph-wrap' }, h('div', { class: 'graph-scroll' }, svg), legend, note, asList);
}
