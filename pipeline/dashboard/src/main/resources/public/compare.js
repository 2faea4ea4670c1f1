// Market Lab compare page: several symbols on one chart as percent change from a chosen start, and
// the correlations of their 1 m returns over the shown range, from /api/compare.
// Plain browser JavaScript, no build step (like dashboard.js).
'use strict';

const COLORS = ['#60a5fa', '#f0b429', '#e879f9', '#26a69a', '#ef5350', '#a3e635', '#f97316', '#94a3b8'];
const MAX_SYMBOLS = 8;

const params = new URLSearchParams(location.search);
const state = { symbols: [], chosen: [], start: params.get('start'), from: params.get('from'),
  to: params.get('to'), series: new Map(), generation: 0 };

const el = (id) => document.getElementById(id);

const chart = LightweightCharts.createChart(el('chart'), {
  autoSize: true,
  layout: { background: { type: 'solid', color: '#161c24' }, textColor: '#aab4bf', attributionLogo: true },
  grid: { vertLines: { color: '#1f2732' }, horzLines: { color: '#1f2732' } },
  rightPriceScale: { borderColor: '#263040' },
  timeScale: { borderColor: '#263040', timeVisible: true, secondsVisible: false },
  localization: { priceFormatter: (v) => `${v >= 0 ? '+' : ''}${v.toFixed(2)}%` },
});

// A click on the chart moves the start (the base of every line) to that minute.
chart.subscribeClick((p) => {
  if (!p.time) return;
  state.start = new Date(p.time * 1000).toISOString();
  load();
});

async function getJson(url) {
  const response = await fetch(url);
  let body = {};
  try { body = await response.json(); } catch (e) { /* not JSON */ }
  if (!response.ok) throw new Error(body.error || `HTTP ${response.status}`);
  return body;
}

function setStatus(ok, text) {
  el('status').className = 'status ' + (ok ? 'ok' : 'bad');
  el('status').textContent = text;
}

// datetime-local holds a local wall time without a zone: the page reads and writes it as UTC.
function toInput(iso) { return iso ? iso.slice(0, 16) : ''; }
function fromInput(value) { return value ? `${value}:00Z` : null; }

function renderPicker() {
  el('symbols').innerHTML = state.symbols.map((s, i) =>
    `<label><input type="checkbox" value="${esc(s)}" ${state.chosen.includes(s) ? 'checked' : ''}>` +
    `<span class="swatch" style="background:${COLORS[i % COLORS.length]}"></span>${esc(s)}</label>`).join('');
}

function colorOf(symbol) { return COLORS[state.symbols.indexOf(symbol) % COLORS.length]; }

async function load() {
  const generation = ++state.generation;
  const query = new URLSearchParams();
  if (state.chosen.length) query.set('symbols', state.chosen.join(','));
  if (state.from) query.set('from', state.from);
  if (state.to) query.set('to', state.to);
  if (state.start) query.set('start', state.start);
  history.replaceState(null, '', `?${query}`);
  try {
    const body = await getJson(`api/compare?${query}`);
    if (generation !== state.generation) return;
    show(body);
    setStatus(true, body.from ? `${body.from.slice(0, 16)} .. ${body.to.slice(0, 16)} UTC` : 'no candles yet');
    applied('compare', body);
  } catch (e) {
    if (generation !== state.generation) return;
    setStatus(false, `error: ${e.message}`);
    if (/'start'/.test(e.message)) { state.start = null; }
  }
}

function show(body) {
  for (const series of state.series.values()) chart.removeSeries(series);
  state.series.clear();
  for (const line of body.lines) {
    const series = chart.addLineSeries({ color: colorOf(line.symbol), lineWidth: 2, title: line.symbol,
      priceLineVisible: false });
    series.setData(line.points.map((p) => ({ time: p.time, value: p.percent })));
    state.series.set(line.symbol, series);
  }
  if (body.from) {
    el('from').value = toInput(body.from);
    el('to').value = toInput(body.to);
  }
  chart.timeScale().fitContent();
  el('legend').textContent = body.start
    ? `percent change of each 1 m close from ${body.start.slice(0, 16).replace('T', ' ')} UTC · click the chart to move the start`
    : 'no candles in the range';
  renderLines(body.lines);
  renderCorrelations(body.lines.map((l) => l.symbol), body.correlations);
}

function renderLines(lines) {
  el('lines').querySelector('tbody').innerHTML = lines.map((l) => {
    const last = l.points.length ? l.points[l.points.length - 1] : null;
    return `<tr><td style="color:${colorOf(l.symbol)}" title="${esc(l.symbol)}">${esc(short(l.symbol))}</td>` +
      `<td>${l.baseTime ? l.baseTime.slice(11, 16) : '–'}</td><td class="num">${l.base ?? '–'}</td>` +
      `<td class="num">${last ? last.close : '–'}</td>` +
      `<td class="num">${last ? `${last.percent >= 0 ? '+' : ''}${last.percent.toFixed(2)}%` : '–'}</td></tr>`;
  }).join('') || '<tr><td colspan="5" class="hint">pick symbols</td></tr>';
}

function renderCorrelations(symbols, pairs) {
  const byPair = new Map(pairs.map((p) => [`${p.a}\u0000${p.b}`, p]));
  const cell = (a, b) => {
    if (a === b) return '<td class="hint">1</td>';
    const p = byPair.get(`${a}\u0000${b}`) || byPair.get(`${b}\u0000${a}`);
    if (!p || p.correlation === null) return `<td class="hint" title="${p ? p.points : 0} paired minutes">–</td>`;
    const r = p.correlation;
    const tint = r >= 0 ? `rgba(38,166,154,${Math.abs(r) * 0.6})` : `rgba(239,83,80,${Math.abs(r) * 0.6})`;
    return `<td class="corr" style="background:${tint}" title="${p.points} paired minutes">${r.toFixed(2)}</td>`;
  };
  const head = `<tr><th></th>${symbols.map((s) => `<th>${esc(short(s))}</th>`).join('')}</tr>`;
  const rows = symbols.map((a) => `<tr><th>${esc(short(a))}</th>${symbols.map((b) => cell(a, b)).join('')}</tr>`);
  el('correlations').querySelector('tbody').innerHTML = symbols.length > 1
    ? head + rows.join('') : '<tr><td class="hint">pick two symbols or more</td></tr>';
}

function short(symbol) { return symbol.includes(':') ? symbol.slice(symbol.indexOf(':') + 1) : symbol; }
function esc(text) { return String(text).replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`); }

// Browser tests (tests/browser) observe what the page applied, as on the market page.
function applied(kind, data) {
  const hook = window.__marketLab;
  if (hook && typeof hook.applied === 'function') {
    hook.applied({ kind, data, at: performance.timeOrigin + performance.now() });
  }
}

el('symbols').addEventListener('change', () => {
  state.chosen = [...el('symbols').querySelectorAll('input:checked')].map((i) => i.value).slice(0, MAX_SYMBOLS);
  load();
});
el('apply').addEventListener('click', () => {
  state.from = fromInput(el('from').value);
  state.to = fromInput(el('to').value);
  state.start = null;
  load();
});
el('latest').addEventListener('click', () => {
  state.from = state.to = state.start = null;
  load();
});

async function start() {
  try {
    state.symbols = await getJson('api/symbols');
  } catch (e) {
    setStatus(false, `error: ${e.message}`);
    return;
  }
  const wanted = (params.get('symbols') || '').split(',').filter((s) => state.symbols.includes(s));
  state.chosen = (wanted.length ? wanted : state.symbols).slice(0, MAX_SYMBOLS);
  renderPicker();
  if (!state.symbols.length) {
    setStatus(false, 'no symbols: start the dashboard with --symbols, or replay a session first');
    return;
  }
  load();
}

start();
