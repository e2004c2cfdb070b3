// The report page's script (mcpcListed, the checks it lists, comes first; see
// reports/report_html.cpp): lists the summarised checks, then search, filters kept in
// the URL's query (a filtered link can be shared, a reload keeps it), the check x
// version grid, the link of each check and opening the check a link names, and
// "Copy as curl". Without it the controls stay hidden and the HTML checks show.
(function () {
  'use strict';
  const FIELDS = ['q', 'outcome', 'level', 'area', 'version'];
  const $ = (selector, root) => (root || document).querySelector(selector);
  const make = (tag, className, text) => {
    const element = document.createElement(tag);
    if (className) element.className = className;
    if (text !== undefined) element.textContent = text;
    return element;
  };
  const suites = Array.from(document.querySelectorAll('.suite'));
  // A check's link: its anchor as a fragment, "@" left readable.
  const linkTo = (anchor) => '#' + encodeURIComponent(anchor).replace(/%40/g, '@');
  const LINK_ICON =
    '<svg viewBox="0 0 16 16" aria-hidden="true"><path fill="none" stroke="currentColor" ' +
    'stroke-width="1.6" stroke-linecap="round" d="M6.5 9.5l3-3M7 4.5l1.2-1.2a2.6 2.6 0 013.7 ' +
    '3.7L10.7 8.2M9 11.5l-1.2 1.2a2.6 2.6 0 01-3.7-3.7L5.3 7.8"/></svg>';

  // ---- the summarised checks, listed from the data ----

  function fact(list, name, value, className) {
    if (!value) return;
    list.append(make('dt', '', name));
    list.append(make('dd', className || '', value));
  }

  // A listed check's details, written the first time it opens.
  function fillDetail(details, entry, listed) {
    const [, , level, area, rule, description, requirement, section, specPattern] = entry;
    const [suite, , , verdict, time, message, url, lines, expected] = listed;
    const specUrl = url || specPattern.split('{version}').join(suites[suite].dataset.version);
    const detail = make('div', 'detail');
    const facts = make('dl', 'facts');
    fact(facts, 'Requirement', requirement);
    fact(facts, 'Level', level);
    if (specUrl) {
      facts.append(make('dt', '', 'Section'));
      const link = make('a', '', section || specUrl);
      link.href = specUrl;
      facts.appendChild(make('dd')).append(link);
    } else {
      fact(facts, 'Section', section);
    }
    fact(facts, 'Rule', rule, 'rule');
    fact(facts, 'Area', area);
    fact(facts, 'Verdict', verdict);
    fact(facts, 'Time', time);
    if (expected !== 0) fact(facts, 'Expected to fail', expected || 'yes');
    detail.append(facts);
    if (description) detail.append(make('p', '', description));
    if (message) detail.append(make('pre', 'message', message));
    detail.append(make('h3', '', 'Wire exchanges (' + lines.length + ', one line each)'));
    const list = detail.appendChild(make('ol', 'xsum mono'));
    for (const line of lines) list.append(make('li', '', mcpcListed.lines[line]));
    details.append(detail);
  }

  function listedCheck(listed) {
    const entry = mcpcListed.entries[listed[2]];
    const [id, title, level, area, rule] = entry;
    const [suite, , , verdict, time, message, , , expected, anchor] = listed;
    const version = suites[suite].dataset.version;
    const details = make('details', 'check v-' + verdict);
    details.dataset.verdict = verdict;
    const summary = details.appendChild(make('summary'));
    const target = summary.appendChild(make('span'));
    target.id = anchor || id + (version ? '@' + version : '');
    target.dataset.level = level;
    target.dataset.area = area;
    target.append(make('span', 'pill', verdict));
    const head = summary.appendChild(make('span'));
    head.append(make('code', 'id', id), ' ');
    if (level) head.append(make('span', 'level', level), ' ');
    head.append(make('span', 'title', title));
    if (expected !== 0) head.append(' ', make('span', 'badge', 'expected failure'));
    summary.append(make('span', 'time', time));
    if (verdict !== 'pass' && message) summary.append(make('span', 'line', message));
    details.addEventListener('toggle', function first() {
      details.removeEventListener('toggle', first);
      fillDetail(details, entry, listed);
    });
    return { element: details, text: [id, title, rule, message].join('\n').toLowerCase() };
  }

  const searchText = new Map();
  if (typeof mcpcListed === 'object' && mcpcListed) {
    // Each goes back to its place among the checks written as HTML (failures first).
    const written = suites.map((suite) => Array.from($('.checks', suite).children));
    for (const listed of mcpcListed.cases) {
      const { element, text } = listedCheck(listed);
      const [suite, place] = listed;
      $('.checks', suites[suite]).insertBefore(element, written[suite][place] || null);
      searchText.set(element, text);
    }
  }

  // ---- every check: what it is filtered and searched on ----

  const textOf = (root, selector) => {
    const found = $(selector, root);
    return found ? found.textContent : '';
  };
  const checks = Array.from(document.querySelectorAll('.check')).map((element) => {
    const target = $('summary > span[id]', element);
    const suite = element.closest('.suite');
    const link = make('a', 'anchor');
    link.href = linkTo(target.id);
    link.title = 'Link to this check';
    link.setAttribute('aria-label', 'Link to this check');
    link.innerHTML = LINK_ICON;
    $('.time', element).after(link);
    return {
      element,
      suite,
      id: textOf(element, '.id'),
      anchor: target.id,
      outcome: element.dataset.verdict,
      level: target.dataset.level || '',
      area: target.dataset.area || '',
      version: suite.dataset.version || '',
      text:
        searchText.get(element) ||
        ['.id', '.title', '.rule', '.message'].map((s) => textOf(element, s)).join('\n').toLowerCase(),
      hidden: false,
    };
  });

  // ---- filters and search, kept in the URL's query ----

  const controls = document.getElementById('controls');
  const search = document.getElementById('q');
  const bar = document.getElementById('filters');
  const shown = document.getElementById('shown');
  const none = document.getElementById('no-match');
  const selects = Array.from(controls.querySelectorAll('select[data-field]'));
  const state = {};
  let pinned = null; // the check the URL's fragment names: shown whatever the filters say
  let grid = null;

  function readQuery() {
    const query = new URLSearchParams(location.search);
    for (const field of FIELDS) state[field] = query.get(field) || '';
  }

  function writeQuery() {
    const query = new URLSearchParams();
    for (const field of FIELDS) if (state[field]) query.set(field, state[field]);
    const text = query.toString();
    try {
      history.replaceState(null, '', location.pathname + (text ? '?' + text : '') + location.hash);
    } catch (e) {
      // A browser that will not rewrite this URL still filters; only the link is not kept.
    }
  }

  function matches(check) {
    if (state.outcome && check.outcome !== state.outcome) return false;
    if (state.level && check.level !== state.level) return false;
    if (state.area && check.area !== state.area) return false;
    if (state.version && check.version !== state.version) return false;
    const words = state.q.toLowerCase().split(/\s+/).filter(Boolean);
    return words.every((word) => check.text.includes(word));
  }

  function apply() {
    let count = 0;
    for (const check of checks) {
      check.hidden = !matches(check);
      check.element.hidden = check.hidden && check.element !== pinned;
      if (!check.hidden) count++;
    }
    for (const suite of suites) suite.hidden = !$('.check:not([hidden])', suite);
    if (document.activeElement !== search) search.value = state.q;
    for (const select of selects) select.value = state[select.dataset.field];
    for (const button of bar.querySelectorAll('button')) {
      const outcome = button.dataset.verdict === 'all' ? '' : button.dataset.verdict;
      button.setAttribute('aria-pressed', String(outcome === state.outcome));
    }
    shown.textContent = count + ' of ' + checks.length + ' checks';
    none.hidden = count > 0;
    if (grid) grid.update();
  }

  function set(field, value) {
    state[field] = value;
    writeQuery();
    apply();
  }

  // ---- the check x version grid (runs of more than one version): a row per check, a
  // column per version, each cell the outcome, linking to that check ----

  grid = (function buildGrid() {
    const section = document.getElementById('grid');
    const versions = [...new Set(checks.map((c) => c.version))].filter(Boolean).sort();
    if (!section || versions.length < 2) return null;
    const rows = new Map();
    for (const check of checks) {
      if (!rows.has(check.id)) rows.set(check.id, new Map());
      rows.get(check.id).set(check.version, check);
    }
    const table = make('table');
    const head = table.createTHead().insertRow();
    head.append(make('th', '', 'check'));
    for (const version of versions) head.append(make('th', '', version));
    const body = table.createTBody();
    const lines = [];
    // What needs fixing first on top, then by id.
    const RANK = { fail: 0, error: 1, warn: 2, info: 3, skip: 4, pass: 5 };
    const worst = (id) => Math.min(...[...rows.get(id).values()].map((c) => RANK[c.outcome] ?? 6));
    const ids = [...rows.keys()].sort((a, b) => worst(a) - worst(b) || a.localeCompare(b));
    for (const id of ids) {
      const row = body.insertRow();
      row.append(make('th', 'mono', id));
      const cells = [];
      for (const version of versions) {
        const check = rows.get(id).get(version);
        const cell = row.insertCell();
        if (!check) {
          cell.className = 'absent';
          cell.textContent = '\u2014';
          continue;
        }
        const link = cell.appendChild(make('a', 'v-' + check.outcome, check.outcome));
        link.href = linkTo(check.anchor);
        link.title = id + ' at ' + version + ': ' + check.outcome;
        cells.push({ cell, check });
      }
      lines.push({ row, cells });
    }
    $('.scroll', section).append(table);
    section.hidden = false;
    return {
      update() {
        for (const { row, cells } of lines) {
          for (const { cell, check } of cells) cell.classList.toggle('out', check.hidden);
          row.hidden = cells.every(({ check }) => check.hidden);
        }
      },
    };
  })();

  // ---- the check a link names: shown, opened, scrolled to ----

  function reveal() {
    if (pinned) pinned.classList.remove('pinned');
    pinned = null;
    let id = '';
    try {
      id = decodeURIComponent(location.hash.slice(1));
    } catch (e) {
      id = '';
    }
    const target = id ? document.getElementById(id) : null;
    const check = target ? target.closest('.check') : null;
    if (check) {
      pinned = check;
      check.classList.add('pinned');
      check.open = true;
    }
    apply();
    if (check) {
      check.closest('.suite').hidden = false;
      check.scrollIntoView({ block: 'start' });
    }
  }

  // ---- wiring ----

  search.addEventListener('input', () => set('q', search.value));
  for (const select of selects) {
    select.addEventListener('change', () => set(select.dataset.field, select.value));
  }
  bar.addEventListener('click', (event) => {
    const button = event.target.closest('button');
    if (!button) return;
    const outcome = button.dataset.verdict === 'all' ? '' : button.dataset.verdict;
    set('outcome', state.outcome === outcome ? '' : outcome);
  });
  document.getElementById('clear').addEventListener('click', () => {
    for (const field of FIELDS) state[field] = '';
    writeQuery();
    apply();
  });
  document.addEventListener('keydown', (event) => {
    if (event.key === '/' && document.activeElement !== search) {
      event.preventDefault();
      search.focus();
    }
  });
  document.addEventListener('click', (event) => {
    const button = event.target.closest('button.copy');
    if (!button) return;
    const pre = $('.curl-cmd', button.parentElement);
    const done = (word) => {
      if (word !== 'Copied') getSelection().selectAllChildren(pre); // for the user's own copy
      button.textContent = word;
      setTimeout(() => (button.textContent = 'Copy as curl'), 1500);
    };
    if (navigator.clipboard && navigator.clipboard.writeText) {
      navigator.clipboard.writeText(pre.textContent).then(() => done('Copied'), () => done('Press Ctrl+C'));
    } else {
      done('Press Ctrl+C');
    }
  });
  for (const button of document.querySelectorAll('button.copy')) button.hidden = false;
  window.addEventListener('hashchange', reveal);
  window.addEventListener('popstate', () => {
    readQuery();
    apply();
  });

  readQuery();
  controls.hidden = false;
  bar.hidden = false;
  reveal();
})();
