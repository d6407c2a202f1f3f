// Suggestions as you type in the search box: works and authors from the completion endpoints, in
// an ARIA combobox (arrow keys move, Enter opens, Escape closes; the typed text is searched when
// no suggestion is chosen).
import { get } from './api.js';
import { h } from './dom.js';

const DELAY_MS = 120;

/** The words of a name that start like a typed word, in <strong> (case and accents ignored). */
function emphasised(name, typed) {
  const fold = (s) => s.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase();
  const words = fold(typed).split(/\s+/).filter(Boolean);
  return name.split(/(\s+)/).map((part) => {
    const folded = fold(part);
    const hit = words.find((w) => folded.startsWith(w));
    if (!hit || !part.trim()) return part;
    // Folding keeps one letter per letter for Latin text; other scripts are shown whole.
    const n = fold(part.slice(0, hit.length)) === hit ? hit.length : part.length;
    return [h('strong', { text: part.slice(0, n) }), part.slice(n)];
  });
}

export function setupSuggestions(input, nav) {
  const box = document.getElementById('suggestions');
  let options = [];
  let active = -1;
  let timer = 0;
  let sequence = 0;
  let controller = null;

  function close() {
    box.hidden = true;
    box.replaceChildren();
    options = [];
    active = -1;
    input.setAttribute('aria-expanded', 'false');
    input.removeAttribute('aria-activedescendant');
  }

  function highlight(index) {
    active = index;
    options.forEach((o, i) => o.el.setAttribute('aria-selected', i === index ? 'true' : 'false'));
    if (index >= 0) {
      input.setAttribute('aria-activedescendant', options[index].el.id);
      options[index].el.scrollIntoView({ block: 'nearest' });
    } else {
      input.removeAttribute('aria-activedescendant');
    }
  }

  function choose(index) {
    const option = options[index];
    if (!option) return;
    close();
    nav.go(option.href);
  }

  function show(works, authors, typed) {
    box.replaceChildren();
    options = [];
    const group = (label, items, kind) => {
      if (!items.length) return;
      const groupId = `sugg-${kind}`;
      const g = h('div', { role: 'group', 'aria-labelledby': groupId, class: 'sugg-group' },
        h('div', { id: groupId, class: 'sugg-heading', role: 'presentation', text: label }));
      for (const item of items) {
        const index = options.length;
        const href = `/${kind}/${encodeURIComponent(item.id)}`;
        const el = h('div', {
          id: `sugg-${index}`, role: 'option', class: 'sugg', 'aria-selected': 'false',
          on: {
            mousedown: (event) => event.preventDefault(),
            click: () => choose(index),
            mousemove: () => { if (active !== index) highlight(index); },
          },
        }, h('span', { class: 'sugg-name' }, emphasised(item.display_name, typed)),
        item.hint ? h('span', { class: 'sugg-hint', text: item.hint }) : null);
        options.push({ el, href });
        g.append(el);
      }
      box.append(g);
    };
    group('Works', works, 'work');
    group('Authors', authors, 'author');
    if (!options.length) {
      close();
      return;
    }
    box.hidden = false;
    input.setAttribute('aria-expanded', 'true');
    highlight(-1);
  }

  async function fetchSuggestions(text) {
    const mine = ++sequence;
    if (controller) controller.abort();
    controller = new AbortController();
    const { signal } = controller;
    try {
      const [works, authors] = await Promise.all([
        get('/autocomplete/works', { q: text }, { signal }),
        get('/autocomplete/authors', { q: text }, { signal }),
      ]);
      if (mine !== sequence || input.value.trim() !== text) return;
      show(works.results.slice(0, 6), authors.results.slice(0, 4), text);
    } catch (error) {
      // Suggestions are optional: a failure leaves the box closed; the search itself reports errors.
      if (error.name !== 'AbortError' && mine === sequence) close();
    }
  }

  input.addEventListener('input', () => {
    clearTimeout(timer);
    const text = input.value.trim();
    if (text.length < 2) {
      sequence += 1;
      close();
      return;
    }
    timer = setTimeout(() => fetchSuggestions(text), DELAY_MS);
  });

  input.addEventListener('keydown', (event) => {
    if (event.key === 'ArrowDown' && options.length) {
      event.preventDefault();
      highlight((active + 1) % options.length);
    } else if (event.key === 'ArrowUp' && options.length) {
      event.preventDefault();
      highlight(active <= 0 ? options.length - 1 : active - 1);
    } else if (event.key === 'Enter' && active >= 0) {
      event.preventDefault();
      choose(active);
    } else if (event.key === 'Escape') {
      if (!box.hidden) {
        event.preventDefault();
        close();
      }
    }
  });

  input.addEventListener('blur', () => setTimeout(close, 100));
  input.form.addEventListener('submit', () => {
    sequence += 1;
    clearTimeout(timer);
    close();
  });
}
