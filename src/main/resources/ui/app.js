// The gateway dashboard: plain JavaScript, charts drawn as inline SVG. The admin token stays in this tab's
// sessionStorage and goes only to this gateway's /ui/api/ endpoints. Text from the server is set as textContent.
'use strict';

(function () {
  const TOKEN_KEY = 'gatewayAdminToken';
  const SVG = 'http://www.w3.org/2000/svg';
  const REFRESH_MS = 30000;
  let timer = null;

  const $ = (id) => document.getElementById(id);

  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    setAttrs(node, attrs);
    children.flat().forEach((c) => { if (c != null) node.append(c.nodeType ? c : String(c)); });
    return node;
  }

  function svg(tag, attrs, ...children) {
    const node = document.createElementNS(SVG, tag);
    setAttrs(node, attrs);
    children.flat().forEach((c) => { if (c != null) node.append(c.nodeType ? c : String(c)); });
    return node;
  }

  function setAttrs(node, attrs) {
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v != null) node.setAttribute(k, String(v));
    }
  }

  function usd(v) {
    if (v == null) return '–';
    const n = Number(v);
    if (n === 0) return '$0';
    if (Math.abs(n) < 0.01) return '$' + n.toFixed(6);
    if (Math.abs(n) < 1) return '$' + n.toFixed(4);
    return '$' + n.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  }

  function count(v) {
    if (v == null) return '–';
    const n = Number(v);
    if (n >= 1e9) return (n / 1e9).toFixed(1) + 'B';
    if (n >= 1e6) return (n / 1e6).toFixed(1) + 'M';
    if (n >= 1e4) return (n / 1e3).toFixed(1) + 'k';
    return String(n);
  }

  function pct(v) { return v == null ? '–' : (v * 100).toFixed(1) + '%'; }
  function ms(v) { return v == null ? '–' : (v < 10 ? v.toFixed(2) : Math.round(v)) + ' ms'; }

  function empty(container, text) {
    container.replaceChildren(el('div', { class: 'empty', 'data-empty': 'true' }, text));
  }

  // ---- charts -----------------------------------------------------------------------------------------------

  /** Horizontal bars: rows of {label, value, text, cls}. */
  function barChart(container, rows, emptyText) {
    if (!rows.length || rows.every((r) => !(r.value > 0))) { empty(container, emptyText); return; }
    const width = Math.max(300, Math.round(container.clientWidth) || 460);
    const labelW = Math.min(140, Math.round(width * 0.3)), valueW = 120, rowH = 22;
    const max = Math.max(...rows.map((r) => r.value));
    const height = rows.length * rowH + 4;
    const chart = svg('svg', { viewBox: `0 0 ${width} ${height}`, role: 'img', 'data-chart': 'bar' });
    rows.forEach((r, i) => {
      const y = i * rowH + 2;
      const w = max > 0 ? Math.max(1, ((width - labelW - valueW) * r.value) / max) : 0;
      chart.append(
        svg('text', { x: labelW - 6, y: y + 14, 'text-anchor': 'end' }, truncate(r.label, Math.floor(labelW / 7))),
        svg('rect', { class: 'bar ' + (r.cls || ''), x: labelW, y: y + 3, width: w.toFixed(1), height: rowH - 6,
          rx: 2, 'data-name': r.label, 'data-value': r.value }, svg('title', {}, `${r.label}: ${r.text}${r.title ? ' · ' + r.title : ''}`)),
        svg('text', { x: labelW + w + 6, y: y + 14, class: 'tick' }, r.text));
    });
    container.replaceChildren(chart);
  }

  function truncate(text, n) {
    const s = String(text);
    return s.length > n ? s.slice(0, n - 1) + '…' : s;
  }

  /** A donut of segments {name, value, cls}: one stroked circle per segment, dashed to its share. */
  function donut(container, segments, centre, emptyText) {
    const total = segments.reduce((a, s) => a + s.value, 0);
    if (!(total > 0)) { empty(container, emptyText); return; }
    const r = 60, c = 2 * Math.PI * r;
    const width = Math.max(360, Math.round(container.clientWidth) || 360);
    const chart = svg('svg', { viewBox: `0 0 ${width} 170`, role: 'img', 'data-chart': 'donut' });
    const group = svg('g', { transform: 'translate(85,85) rotate(-90)' });
    let offset = 0;
    segments.filter((s) => s.value > 0).forEach((s) => {
      const len = (c * s.value) / total;
      group.append(svg('circle', { class: 'arc ' + s.cls, r, cx: 0, cy: 0,
        'stroke-dasharray': `${len.toFixed(2)} ${(c - len).toFixed(2)}`, 'stroke-dashoffset': (-offset).toFixed(2),
        'data-name': s.name, 'data-value': s.value }, svg('title', {}, `${s.name}: ${s.value}`)));
      offset += len;
    });
    chart.append(group, svg('text', { x: 85, y: 82, 'text-anchor': 'middle', class: 'big' }, centre[0]),
      svg('text', { x: 85, y: 100, 'text-anchor': 'middle', class: 'tick' }, centre[1]));
    segments.forEach((s, i) => {
      chart.append(svg('rect', { x: 190, y: 40 + i * 26, width: 10, height: 10, class: 'bar ' + s.cls }),
        svg('text', { x: 206, y: 49 + i * 26 }, `${s.name}: ${s.text}`));
    });
    container.replaceChildren(chart);
  }

  /** An area (first series) and lines (the others) over time points. */
  function timeChart(container, points, series, emptyText, format) {
    const values = series.map((s) => points.map((p) => Number(p[s.key]) || 0));
    if (!points.length || values.every((v) => v.every((x) => x === 0))) { empty(container, emptyText); return; }
    const width = Math.max(360, Math.round(container.clientWidth) || 560);
    const height = 190, left = 70, right = 10, top = 10, bottom = 24;
    const max = Math.max(...values.flat()) || 1;
    const x = (i) => left + (points.length === 1 ? 0 : ((width - left - right) * i) / (points.length - 1));
    const y = (v) => top + (height - top - bottom) * (1 - v / max);
    const chart = svg('svg', { viewBox: `0 0 ${width} ${height}`, role: 'img', 'data-chart': 'time',
      'data-points': points.length });
    chart.append(svg('line', { class: 'axis', x1: left, x2: width - right, y1: y(0), y2: y(0) }),
      svg('line', { class: 'axis', x1: left, x2: width - right, y1: y(max), y2: y(max) }),
      svg('text', { x: left - 4, y: y(max) + 4, 'text-anchor': 'end', class: 'tick' }, format(max)),
      svg('text', { x: left - 4, y: y(0) + 4, 'text-anchor': 'end', class: 'tick' }, format(0)),
      svg('text', { x: left, y: height - 6, class: 'tick' }, timeLabel(points[0].t)),
      svg('text', { x: width - right, y: height - 6, 'text-anchor': 'end', class: 'tick' },
        timeLabel(points[points.length - 1].t)));
    values.forEach((vals, s) => {
      const line = vals.map((v, i) => `${x(i).toFixed(1)},${y(v).toFixed(1)}`).join(' ');
      if (s === 0) {
        chart.append(svg('path', { class: 'area', d: `M${x(0).toFixed(1)},${y(0)} L${line.replaceAll(' ', ' L')} `
          + `L${x(vals.length - 1).toFixed(1)},${y(0)} Z` }));
      }
      chart.append(svg('polyline', { class: 'line ' + (series[s].cls || ''), points: line,
        'data-series': series[s].key, 'data-total': vals.reduce((a, b) => a + b, 0) }));
    });
    container.replaceChildren(chart, el('div', { class: 'legend' },
      series.map((s) => el('span', {}, s.label))));
  }

  function timeLabel(t) {
    const d = new Date(t);
    return d.toISOString().slice(5, 16).replace('T', ' ') + ' UTC';
  }

  // ---- sections ---------------------------------------------------------------------------------------------

  function card(metric, label, value, text, sub) {
    return el('div', { class: 'card' }, el('div', { class: 'label' }, label),
      el('div', { class: 'value', 'data-metric': metric, 'data-value': value == null ? '' : value }, text),
      sub ? el('div', { class: 'sub' }, sub) : null);
  }

  function render(data) {
    const t = data.totals || {};
    const lat = data.latency || {};
    const cache = data.cache || {};
    const sav = data.savings || {};
    const req = data.requests || {};
    $('cards').replaceChildren(
      card('spend', 'Spend', t.cost_usd, usd(t.cost_usd), t.unpriced_turns ? `${t.unpriced_turns} unpriced turns` : null),
      card('turns', 'Turns', t.turns, count(t.turns), `${count(req.total)} requests here, ${count(req.failed)} failed`),
      card('saved', 'Saved by routing', sav.saved_usd, usd(sav.saved_usd), 'vs. all on the flagship'),
      card('tokens', 'Tokens in / out', (t.input_tokens || 0) + (t.output_tokens || 0),
        `${count(t.input_tokens)} / ${count(t.output_tokens)}`),
      card('cache-hit-rate', 'Response cache hit rate', cache.hit_rate, pct(cache.hit_rate),
        cache.hit_rate == null ? 'no cache lookups' : `${cache.hits} hits, ${cache.misses} misses`),
      card('provider-cache-share', 'Provider cache reads', cache.provider_cache_read_share,
        pct(cache.provider_cache_read_share), 'share of input tokens'),
      card('overhead-p50', 'Overhead p50 / p95', lat.overhead_ms && lat.overhead_ms.p50,
        `${ms(lat.overhead_ms && lat.overhead_ms.p50)} / ${ms(lat.overhead_ms && lat.overhead_ms.p95)}`),
      card('ttft-p50', 'Time to first token p50 / p95', lat.time_to_first_token_ms && lat.time_to_first_token_ms.p50,
        `${ms(lat.time_to_first_token_ms && lat.time_to_first_token_ms.p50)} / `
        + `${ms(lat.time_to_first_token_ms && lat.time_to_first_token_ms.p95)}`),
      card('failed', 'Failed requests', req.failed, count(req.failed)));

    const points = (data.series && data.series.points) || [];
    timeChart($('chart-requests'), points, [{ key: 'requests', label: '— requests' },
      { key: 'failed', label: '— failed', cls: 'failed' }], 'No turns in this period.', (v) => count(Math.round(v)));
    timeChart($('chart-spend'), points, [{ key: 'cost_usd', label: '— spend (USD)' }], 'No spend in this period.', usd);

    const split = data.split || {};
    const segments = ['cheap', 'flagship', 'direct'].map((name) => {
      const s = split[name] || {};
      return { name, cls: name, value: s.turns || 0, text: `${s.turns || 0} turns, ${usd(s.cost_usd)}` };
    });
    const routed = segments[0].value + segments[1].value;
    donut($('chart-split'), segments, [routed ? pct(segments[0].value / routed) : '–', 'routed to cheap'],
      'No turns in this period.');
    renderSavings(sav, data.flagship);

    const spendRows = (rows) => (rows || []).map((r) => ({ label: r.name, value: Number(r.cost_usd) || 0,
      text: `${usd(r.cost_usd)} · ${count(r.turns)} turns`,
      title: `${count(r.input_tokens)} input, ${count(r.output_tokens)} output tokens` }));
    [['owner', 'No spend by developer (turns without a virtual key have no owner).'], ['team', 'No spend by team.'],
      ['model', 'No spend by model.']].forEach(([group, emptyText]) => {
      const rows = data['by_' + group] || [];
      barChart($('chart-' + group), spendRows(rows), emptyText);
      if (rows.length) $('chart-' + group).append(tokenTable(rows));
    });

    const o = lat.overhead_ms || {}, f = lat.time_to_first_token_ms || {};
    barChart($('chart-latency'), [
      { label: 'overhead p50', value: o.p50 || 0, text: ms(o.p50) },
      { label: 'overhead p95', value: o.p95 || 0, text: ms(o.p95) },
      { label: 'first token p50', value: f.p50 || 0, text: ms(f.p50) },
      { label: 'first token p95', value: f.p95 || 0, text: ms(f.p95) }], 'No timed turns in this period.');
    barChart($('chart-cache'), [
      { label: 'cache hits', value: cache.hits || 0, text: count(cache.hits) },
      { label: 'cache misses', value: cache.misses || 0, text: count(cache.misses) },
      { label: 'cache bypasses', value: cache.bypasses || 0, text: count(cache.bypasses) },
      { label: 'input tokens', value: cache.input_tokens || 0, text: count(cache.input_tokens) },
      { label: 'provider-cached', value: cache.cached_input_tokens || 0, text: count(cache.cached_input_tokens) },
      { label: 'cache writes', value: cache.cache_write_tokens || 0, text: count(cache.cache_write_tokens) }],
    'No cache activity in this period.');

    renderProviders(data.providers || []);
    renderFailed(data.failed || []);
    const notice = data.ledger_error || (req.dropped ? `${req.dropped} turns were not counted (queue full).` : null);
    $('notice').hidden = !notice;
    $('notice').textContent = notice || '';
    $('footer').textContent = `Spend from ${data.source === 'ledger' ? 'the ledger' : 'this instance\'s memory'}; `
      + `latency, cache and failures from this instance since its start. ${data.from} → ${data.to}`;
  }

  function tokenTable(rows) {
    return el('table', { class: 'tokens' },
      el('thead', {}, el('tr', {}, ['', 'Turns', 'Input tok', 'Output tok', 'Spend']
        .map((h, i) => el('th', { class: i ? 'num' : '' }, h)))),
      el('tbody', {}, rows.map((r) => el('tr', { 'data-name': r.name, 'data-turns': r.turns,
        'data-input-tokens': r.input_tokens, 'data-output-tokens': r.output_tokens },
        el('td', {}, truncate(r.name, 28)), el('td', { class: 'num' }, count(r.turns)),
        el('td', { class: 'num' }, count(r.input_tokens)), el('td', { class: 'num' }, count(r.output_tokens)),
        el('td', { class: 'num' }, usd(r.cost_usd))))));
  }

  function renderSavings(sav, flagship) {
    const box = $('savings');
    if (!sav.routed_requests) {
      box.replaceChildren(el('div', { class: 'empty', 'data-empty': 'true' },
        'No priced routed turns (model auto) in this period.'));
      return;
    }
    box.replaceChildren(el('div', { class: 'savings' },
      el('div', { class: 'value', 'data-metric': 'saved-usd', 'data-value': sav.saved_usd }, usd(sav.saved_usd)),
      el('div', { class: 'muted' }, `${sav.routed_requests} routed turns cost ${usd(sav.cost_usd)}; `
        + `on ${flagship || 'the flagship'} they would have cost ${usd(sav.flagship_cost_usd)}.`)));
    const chart = el('div', { class: 'chart' });
    box.append(chart);
    barChart(chart, [
      { label: 'routed (actual)', value: Number(sav.cost_usd) || 0, text: usd(sav.cost_usd), cls: 'cheap' },
      { label: 'all on flagship', value: Number(sav.flagship_cost_usd) || 0, text: usd(sav.flagship_cost_usd),
        cls: 'flagship' }], '');
  }

  function renderProviders(list) {
    if (!list.length) { empty($('providers'), 'No providers configured.'); return; }
    const rows = list.map((p) => el('tr', { 'data-provider': p.name, 'data-state': p.state || 'none' },
      el('td', {}, p.name),
      el('td', {}, el('span', { class: 'state ' + (p.state || '') }, p.state || 'not used yet')),
      el('td', { class: 'num' }, p.failure_rate == null ? '–' : p.failure_rate.toFixed(1) + '%'),
      el('td', { class: 'num' }, count(p.calls)), el('td', { class: 'num' }, count(p.failed_calls)),
      el('td', { class: 'num' }, count(p.requests_in_window)), el('td', { class: 'num' }, count(p.retries_in_window)),
      el('td', {}, p.last_error ? el('span', { class: 'code' }, p.last_error.code) : '–',
        p.last_error ? ` ${p.last_error.at}` : '')));
    $('providers').replaceChildren(el('table', {},
      el('thead', {}, el('tr', {}, ['Provider', 'Breaker', 'Failure rate', 'Calls', 'Failed', 'Requests (window)',
        'Retries (window)', 'Last error'].map((h, i) => el('th', { class: i >= 2 && i <= 6 ? 'num' : '' }, h)))),
      el('tbody', {}, rows)));
  }

  function renderFailed(list) {
    if (!list.length) { empty($('failed'), 'No failed turns in this period.'); return; }
    const rows = list.map((f) => el('tr', { class: 'failed-turn', 'data-error-code': f.error_code || '',
      'data-status': f.status },
      el('td', {}, f.time.replace('T', ' ').replace(/\.\d+Z$/, 'Z')), el('td', { class: 'num' }, f.status),
      el('td', {}, el('span', { class: 'code' }, f.error_code || '–')), el('td', {}, f.client_api || '–'),
      el('td', {}, f.requested_model || '–'), el('td', {}, f.provider ? `${f.provider}/${f.model}` : '–'),
      el('td', {}, f.route || '–'), el('td', {}, f.owner || '–'), el('td', {}, f.team || '–')));
    $('failed').replaceChildren(el('table', {},
      el('thead', {}, el('tr', {}, ['Time', 'Status', 'Error', 'API', 'Requested', 'Upstream', 'Route', 'Developer',
        'Team'].map((h, i) => el('th', { class: i === 1 ? 'num' : '' }, h)))),
      el('tbody', {}, rows)));
  }

  // ---- session ----------------------------------------------------------------------------------------------

  async function load() {
    const token = sessionStorage.getItem(TOKEN_KEY);
    if (!token) { showLogin(null); return; }
    const period = $('period').value;
    document.body.dataset.state = 'loading';
    let response;
    try {
      response = await fetch('/ui/api/summary?period=' + encodeURIComponent(period), {
        headers: { Authorization: 'Bearer ' + token, Accept: 'application/json' }, cache: 'no-store',
        credentials: 'omit' });
    } catch (e) {
      showError('The gateway cannot be reached.');
      return;
    }
    if (response.status === 401 || response.status === 404) {
      sessionStorage.removeItem(TOKEN_KEY);
      showLogin(response.status === 401 ? 'Wrong admin token.' : 'The dashboard is off (no admin token is set).');
      return;
    }
    if (!response.ok) { showError(`The gateway answered ${response.status}.`); return; }
    const data = await response.json();
    $('login').hidden = true;
    $('dashboard').hidden = false;
    $('controls').hidden = false;
    render(data);
    document.body.dataset.period = data.period;
    document.body.dataset.state = 'ready';
    clearTimeout(timer);
    timer = setTimeout(load, REFRESH_MS);
  }

  function showLogin(message) {
    clearTimeout(timer);
    $('dashboard').hidden = true;
    $('controls').hidden = true;
    $('login').hidden = false;
    $('login-error').hidden = !message;
    $('login-error').textContent = message || '';
    document.body.dataset.state = message ? 'login-error' : 'login';
  }

  function showError(message) {
    // before the first answer the dashboard is hidden: say it on the login form instead
    const box = $('dashboard').hidden ? $('login-error') : $('notice');
    box.hidden = false;
    box.textContent = message;
    document.body.dataset.state = 'error';
    clearTimeout(timer);
    timer = setTimeout(load, REFRESH_MS);
  }

  document.addEventListener('DOMContentLoaded', () => {
    $('login-form').addEventListener('submit', (event) => {
      event.preventDefault();
      const token = $('token').value.trim();
      $('token').value = '';
      if (!token) return;
      sessionStorage.setItem(TOKEN_KEY, token);
      load();
    });
    $('period').addEventListener('change', load);
    $('refresh').addEventListener('click', load);
    $('logout').addEventListener('click', () => { sessionStorage.removeItem(TOKEN_KEY); showLogin(null); });
    load();
  });
})();
