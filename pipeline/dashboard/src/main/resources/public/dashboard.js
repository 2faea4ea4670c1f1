// Market Lab live dashboard: loads a snapshot over the JSON API, then follows /api/stream (SSE).
// No build step: plain browser JavaScript over the vendored lightweight-charts 4.x standalone build.
'use strict';

const MAX_TRADES = 50;
const UP = '#26a69a', DOWN = '#ef5350', VWAP = '#f0b429';

const state = {
  symbol: null,
  resolution: new URLSearchParams(location.search).get('resolution') || '1m',
  bars: new Map(),      // window start (epoch s) -> candle view from the API
  lastTime: null,       // newest window start shown on the chart
  trades: [],           // newest first
  source: null,         // the EventSource of the current symbol/resolution
  generation: 0,        // ignores late answers for a previous selection
  gaps: [],             // gaps of the shown symbol (api/gaps), oldest first
  gapsLoadedAt: 0,      // Date.now() of the last gaps request
  forming: new Map(),   // window start (epoch s) -> live trades not yet in a stored candle
  anomalies: [],        // anomalies of the shown symbol (api/anomalies), oldest first
  hours: [],            // hourly rows of the shown symbol (api/hourly), oldest first
};

const el = (id) => document.getElementById(id);

// ---- chart ---------------------------------------------------------------------------------

const chart = LightweightCharts.createChart(el('chart'), {
  autoSize: true,
  layout: { background: { type: 'solid', color: '#161c24' }, textColor: '#aab4bf', attributionLogo: true },
  grid: { vertLines: { color: '#1f2732' }, horzLines: { color: '#1f2732' } },
  rightPriceScale: { borderColor: '#263040' },
  timeScale: { borderColor: '#263040', timeVisible: true, secondsVisible: false },
  crosshair: { mode: LightweightCharts.CrosshairMode.Normal },
});
// Gap ranges: a full-height band behind the candles, one bar per window the gap meets.
const gapSeries = chart.addHistogramSeries({
  priceScaleId: 'gaps', color: 'rgba(240,180,41,0.16)', priceLineVisible: false, lastValueVisible: false,
  base: 0,
});
chart.priceScale('gaps').applyOptions({ visible: false, scaleMargins: { top: 0, bottom: 0 } });
const candleSeries = chart.addCandlestickSeries({
  upColor: UP, downColor: DOWN, wickUpColor: UP, wickDownColor: DOWN, borderVisible: false,
});
const vwapSeries = chart.addLineSeries({
  color: VWAP, lineWidth: 1, priceLineVisible: false, lastValueVisible: false, crosshairMarkerVisible: false,
});
const volumeSeries = chart.addHistogramSeries({
  priceScaleId: 'volume', priceFormat: { type: 'volume' }, priceLineVisible: false, lastValueVisible: false,
});
// The volume histogram lives in the bottom fifth of the pane, under the candles.
chart.priceScale('volume').applyOptions({ scaleMargins: { top: 0.8, bottom: 0 } });
candleSeries.priceScale().applyOptions({ scaleMargins: { top: 0.08, bottom: 0.25 } });

// A candle whose window meets a gap may lack trades: drawn hollow-grey and marked.
const INCOMPLETE = '#8a93a0';
function barOf(c) {
  const bar = { time: c.time, open: c.open, high: c.high, low: c.low, close: c.close };
  return c.incomplete ? { ...bar, color: 'rgba(138,147,160,0.35)', borderColor: INCOMPLETE, wickColor: INCOMPLETE } : bar;
}
function volumeOf(c) {
  return { time: c.time, value: c.volume, color: c.close >= c.open ? 'rgba(38,166,154,0.45)' : 'rgba(239,83,80,0.45)' };
}
function vwapOf(c) { return { time: c.time, value: c.vwap }; }

function redrawAll() {
  const byTime = new Map(state.bars);
  for (const [w, trades] of state.forming) byTime.set(w, formingView(w, state.bars.get(w), [...trades.values()]));
  const candles = [...byTime.values()].sort((a, b) => a.time - b.time);
  candleSeries.setData(candles.map(barOf));
  volumeSeries.setData(candles.map(volumeOf));
  vwapSeries.setData(candles.filter((c) => c.volume > 0).map(vwapOf));
  state.lastTime = candles.length ? candles[candles.length - 1].time : null;
  showLegend(candles[candles.length - 1]);
  showMarkers();
  showGaps();
}

// The chart can only update its newest bar or append; a late change to an older window redraws.
function applyCandles(candles) {
  let redraw = false;
  for (const c of candles) {
    state.bars.set(c.time, c);
    state.forming.delete(c.time); // the stored candle replaces what live trades drew
    for (const w of state.forming.keys()) if (w < c.time) state.forming.delete(w);
    if (state.lastTime !== null && c.time < state.lastTime) {
      redraw = true;
    } else if (!redraw) {
      candleSeries.update(barOf(c));
      volumeSeries.update(volumeOf(c));
      if (c.volume > 0) vwapSeries.update(vwapOf(c));
      state.lastTime = c.time;
      showLegend(c);
    }
  }
  if (redraw) redrawAll();
  else if (candles.some((c) => c.incomplete)) showMarkers();
  if (Date.now() - state.gapsLoadedAt > GAPS_EVERY_MS) loadGaps(state.generation);
}

// ---- forming candles: live trades drawn before the candles query stores their window ----------

// A trade the stream delivers shows at once in its window's candle, ahead of the stateful candles
// query (a micro-batch, seconds behind under load); the stored candle replaces it when it comes,
// and a window left behind by a newer stored one drops what it formed. Only windows at or after
// the newest stored one form (older windows change through stored candles alone); the trades that
// count are those of the candles (no price updates, v > 0; a late trade can form a bar for a
// moment, until the next stored candle).
function formTrades(newTrades) {
  const width = WIDTH_S[state.resolution];
  const touched = new Set();
  for (const t of newTrades) {
    if (t.priceUpdate || !(t.volume > 0)) continue;
    const w = Math.floor(t.timeMs / 1000 / width) * width;
    if (state.lastTime !== null && w < state.lastTime) continue;
    let trades = state.forming.get(w);
    if (!trades) state.forming.set(w, (trades = new Map()));
    if (trades.has(t.id)) continue;
    trades.set(t.id, t);
    touched.add(w);
  }
  const views = [];
  for (const w of [...touched].sort((a, b) => a - b)) {
    const view = formingView(w, state.bars.get(w), [...state.forming.get(w).values()]);
    views.push(view);
    candleSeries.update(barOf(view));
    volumeSeries.update(volumeOf(view));
    vwapSeries.update(vwapOf(view));
    state.lastTime = w;
    showLegend(view);
  }
  if (views.length) applied('forming', views);
}

/** The stored candle of window w (or none) with live trades added: what the chart draws. */
function formingView(w, stored, trades) {
  trades.sort((a, b) => a.timeMs - b.timeMs);
  let volume = stored ? stored.volume : 0;
  let notional = stored ? stored.vwap * stored.volume : 0;
  let high = stored ? stored.high : -Infinity;
  let low = stored ? stored.low : Infinity;
  for (const t of trades) {
    volume += t.volume;
    notional += t.price * t.volume;
    high = Math.max(high, t.price);
    low = Math.min(low, t.price);
  }
  const last = trades[trades.length - 1];
  return {
    time: w, windowStart: new Date(w * 1000).toISOString(),
    open: stored ? stored.open : trades[0].price, high, low,
    close: last.price,
    volume, vwap: volume > 0 ? notional / volume : last.price,
    tradeCount: (stored ? stored.tradeCount : 0) + trades.length,
    isFinal: false, incomplete: stored ? stored.incomplete : false, forming: true,
  };
}

function showLegend(c) {
  if (!c) { el('legend').innerHTML = `<b>${esc(state.symbol || '')}</b> ${state.resolution} · no candles yet`; return; }
  el('legend').innerHTML =
    `<b>${esc(state.symbol)}</b> ${state.resolution} · ${utc(c.time * 1000, state.resolution === '1s')}` +
    ` · O <b>${price(c.open)}</b> H <b>${price(c.high)}</b> L <b>${price(c.low)}</b> C <b>${price(c.close)}</b>` +
    ` · V <b>${amount(c.volume)}</b> · <span class="vwap">VWAP ${price(c.vwap)}</span> · ${c.tradeCount} trades` +
    (c.isFinal ? '' : c.forming ? ' · forming (live trades, not stored as a candle yet)' : ' · open') +
    (c.incomplete ? ' · <span class="incomplete">incomplete: a gap in the feed, trades may be missing</span>' : '');
}

// ---- gaps and incomplete candles -----------------------------------------------------------

const GAPS_EVERY_MS = 5000;
const WIDTH_S = { '1s': 1, '1m': 60, '1h': 3600 };

// The chart's markers: incomplete candles (grey squares) and anomalies (a jump's arrow points its
// way, a volume spike is a circle under the bar), each on the window of the shown resolution it
// falls in, when that window is on the chart.
function showMarkers() {
  const markers = [...state.bars.values()].filter((c) => c.incomplete)
    .map((c) => ({ time: c.time, position: 'aboveBar', color: INCOMPLETE, shape: 'square', size: 0.5 }));
  const width = WIDTH_S[state.resolution];
  let anomalies = 0;
  for (const a of state.anomalies) {
    const time = Math.floor(Date.parse(a.ts) / 1000 / width) * width;
    if (!state.bars.has(time) && !state.forming.has(time)) continue;
    anomalies++;
    if (a.kind === 'price_jump') {
      const up = a.value > 0;
      markers.push({ time, position: up ? 'belowBar' : 'aboveBar', color: JUMP,
        shape: up ? 'arrowUp' : 'arrowDown', text: `${score(a.score)}σ` });
    } else {
      markers.push({ time, position: 'belowBar', color: SPIKE, shape: 'circle', text: `vol ${score(a.score)}` });
    }
  }
  markers.sort((a, b) => a.time - b.time);
  candleSeries.setMarkers(markers);
  state.markedAnomalies = anomalies;
}

// One band bar per window of the shown resolution that a gap meets, bounded per gap.
function showGaps() {
  const width = WIDTH_S[state.resolution];
  const times = new Set();
  for (const g of state.gaps) {
    // the closed span [start, end] in trade time meets the windows from floor(start) to floor(end)
    const first = Math.floor(Date.parse(g.start) / 1000 / width) * width;
    const last = Math.floor(Date.parse(g.end) / 1000 / width) * width;
    for (let t = first, n = 0; t <= last && n < 2000; t += width, n++) times.add(t);
  }
  gapSeries.setData([...times].sort((a, b) => a - b).map((t) => ({ time: t, value: 1 })));
}

// Gaps, anomalies and hours change far more slowly than candles: read again every few seconds.
async function loadGaps(generation) {
  state.gapsLoadedAt = Date.now();
  const symbol = encodeURIComponent(state.symbol);
  try {
    const [gaps, anomalies, hours] = await Promise.all([
      getJson(`api/gaps?symbol=${symbol}`), getJson(`api/anomalies?symbol=${symbol}`),
      getJson(`api/hourly?symbol=${symbol}`)]);
    if (generation !== state.generation) return;
    state.gaps = gaps.gaps;
    state.anomalies = anomalies.anomalies;
    state.hours = hours.hours;
    showGaps();
    showMarkers();
    renderAnomalies(anomalies.limited);
    renderHours();
    applied('analytics', { anomalies: state.anomalies.length, marked: state.markedAnomalies,
      hours: state.hours.length });
  } catch (e) {
    // the status line shows store failures; the page keeps what it had
  }
}

// ---- analytics: the anomaly list and the hourly comparisons -------------------------------

const JUMP = '#e879f9', SPIKE = '#60a5fa';

function renderAnomalies(limited) {
  const rows = state.anomalies.slice().reverse().map((a) => {
    const jump = a.kind === 'price_jump';
    const value = jump ? `${bp(a.value)} bp` : amount(a.value);
    const baseline = jump ? `σ ${bp(a.baseline)} bp` : amount(a.baseline);
    const title = jump
      ? `1 s log return ${a.value} from close ${a.prevClose} (${a.prevTs}) to ${a.close}; robust σ ${a.baseline}; threshold ${a.threshold}`
      : `1 s volume ${a.value} against a typical ${a.baseline}; threshold ${a.threshold}`;
    return `<tr data-time="${esc(a.ts)}" title="${esc(title)}"><td>${utc(Date.parse(a.ts), true)}</td>` +
      `<td class="${jump ? 'jump' : 'spike'}">${jump ? 'jump' : 'volume'}</td>` +
      `<td class="num">${score(a.score)}</td><td class="num">${value}</td><td class="num">${baseline}</td></tr>`;
  });
  el('anomalies').innerHTML = rows.join('') ||
    '<tr><td colspan="5" class="hint">no anomalies stored for this symbol</td></tr>';
  el('anomalies-hint').textContent = limited
    ? 'the newest 1000 of more' : `${state.anomalies.length} · click one to show it on the chart`;
}

// A click on an anomaly centres the chart on its window.
el('anomalies').addEventListener('click', (event) => {
  const row = event.target.closest('tr[data-time]');
  if (!row) return;
  const width = WIDTH_S[state.resolution];
  const time = Math.floor(Date.parse(row.dataset.time) / 1000 / width) * width;
  chart.timeScale().setVisibleRange({ from: time - 30 * width, to: time + 30 * width });
});

const hoursChart = LightweightCharts.createChart(el('hours-chart'), {
  autoSize: true,
  layout: { background: { type: 'solid', color: '#161c24' }, textColor: '#aab4bf', attributionLogo: false, fontSize: 11 },
  grid: { vertLines: { visible: false }, horzLines: { color: '#1f2732' } },
  rightPriceScale: { borderColor: '#263040' },
  leftPriceScale: { visible: true, borderColor: '#263040' },
  timeScale: { borderColor: '#263040', timeVisible: true, secondsVisible: false },
});
const hourVolume = hoursChart.addHistogramSeries({
  priceScaleId: 'left', priceFormat: { type: 'volume' }, color: 'rgba(96,165,250,0.45)', priceLineVisible: false,
  lastValueVisible: false, title: 'volume',
});
const hourVol = hoursChart.addLineSeries({
  color: VWAP, lineWidth: 2, priceLineVisible: false, lastValueVisible: false, title: 'RV bp',
  pointMarkersVisible: true,
});

function change(hour, kind, hoursAgo, metric) {
  const against = hour.comparisons.find((c) => c.kind === kind && c.hoursAgo === hoursAgo);
  const c = against && against.changes.find((x) => x.metric === metric);
  if (!c || c.percent === null || c.percent === undefined) return '<td class="num hint">–</td>';
  const sign = c.percent > 0 ? '+' : '';
  return `<td class="num ${c.percent > 0 ? 'pos' : c.percent < 0 ? 'neg' : ''}" ` +
    `title="${esc(`${metric.toLowerCase()} ${c.current} against ${c.base}: ${c.absolute}`)}">${sign}${c.percent.toFixed(2)}%</td>`;
}

function renderHours() {
  const rows = state.hours.slice().reverse().map((h) => {
    const t = Date.parse(h.hourStart);
    return `<tr><td>${utc(t)}</td><td class="num">${price(h.close)}</td>` +
      change(h, 'previous_hour', 1, 'CLOSE') + change(h, 'same_hour', 24, 'CLOSE') +
      `<td class="num">${amount(h.volume)}</td>` + change(h, 'previous_hour', 1, 'VOLUME') +
      `<td class="num">${h.tradeCount}</td><td class="num">${price(h.range)}</td>` +
      `<td class="num">${h.returns > 1 ? bp(h.realizedVol) : '–'}</td>` +
      `<td class="${h.isFinal ? 'hint' : 'open'}">${h.isFinal ? 'final' : 'open'}</td></tr>`;
  });
  el('hours').innerHTML = rows.join('') ||
    '<tr><td colspan="10" class="hint">no hours stored for this symbol</td></tr>';
  const times = state.hours.map((h) => Date.parse(h.hourStart) / 1000);
  hourVolume.setData(state.hours.map((h, i) => ({ time: times[i], value: h.volume })));
  hourVol.setData(state.hours.filter((h) => h.returns > 1)
    .map((h) => ({ time: Date.parse(h.hourStart) / 1000, value: h.realizedVol * 1e4 })));
  hoursChart.timeScale().fitContent();
}

// ---- trades and latency --------------------------------------------------------------------

function applyTrades(oldestFirst, live) {
  const known = new Set(state.trades.map((t) => t.id));
  const fresh = [];
  for (const t of oldestFirst) {
    if (!known.has(t.id)) {
      state.trades.unshift(t);
      fresh.push(t);
    }
  }
  if (live) formTrades(fresh);
  state.trades.sort((a, b) => b.timeMs - a.timeMs);
  state.trades.length = Math.min(state.trades.length, MAX_TRADES);
  renderTrades();
}

function renderTrades() {
  const rows = [];
  for (let i = 0; i < state.trades.length; i++) {
    const t = state.trades[i];
    const older = state.trades[i + 1];
    const direction = t.priceUpdate ? 'update' : older && t.price < older.price ? 'down' : 'up';
    rows.push(`<tr class="${direction}"><td>${utc(t.timeMs, true, true)}</td>` +
      `<td class="num price">${price(t.price)}</td>` +
      `<td class="num">${t.priceUpdate ? 'upd' : amount(t.volume)}</td>` +
      `<td class="num">${t.latencyMs.toFixed(1)} ms</td></tr>`);
  }
  el('trades').innerHTML = rows.join('') ||
    '<tr><td colspan="4" class="hint">no trades stored yet</td></tr>';
}

function showLatency(l) {
  const ms = (v) => (l.sampleCount ? `${v < 100 ? v.toFixed(1) : Math.round(v)} ms` : '–');
  el('p50').textContent = ms(l.p50Ms);
  el('p99').textContent = ms(l.p99Ms);
  el('max').textContent = ms(l.maxMs);
  el('latency-sample').textContent = l.sampleCount ? `over the last ${l.sampleCount} stored trades` : 'no trades stored yet';
}

// Browser tests (tests/browser) observe what the page applied and when: one optional callback,
// called after the chart and tables show the data, with the wall-clock time in ms.
function applied(kind, data) {
  const hook = window.__marketLab;
  if (hook && typeof hook.applied === 'function') {
    hook.applied({ kind, symbol: state.symbol, resolution: state.resolution, data,
      at: performance.timeOrigin + performance.now() });
  }
}

function setStatus(ok, text) {
  const status = el('status');
  status.className = 'status ' + (ok ? 'ok' : 'bad');
  status.textContent = text;
}

// ---- loading and streaming -----------------------------------------------------------------

async function getJson(url) {
  const response = await fetch(url);
  const body = await response.json();
  if (!response.ok) throw new Error(body.error || response.statusText);
  return body;
}

async function select(symbol, resolution) {
  const generation = ++state.generation;
  state.symbol = symbol;
  state.resolution = resolution;
  history.replaceState(null, '', `?symbol=${encodeURIComponent(symbol)}&resolution=${resolution}`);
  for (const b of document.querySelectorAll('[data-resolution]')) {
    b.classList.toggle('active', b.dataset.resolution === resolution);
  }
  chart.applyOptions({ timeScale: { secondsVisible: resolution === '1s' } });
  if (state.source) state.source.close();
  state.bars.clear();
  state.forming.clear();
  state.trades = [];
  state.gaps = [];
  state.anomalies = [];
  state.hours = [];
  renderAnomalies(false);
  renderHours();
  const query = `symbol=${encodeURIComponent(symbol)}&resolution=${resolution}`;
  try {
    const [candles, trades, latency] = await Promise.all([
      getJson(`api/candles?${query}`), getJson(`api/trades?symbol=${encodeURIComponent(symbol)}&limit=${MAX_TRADES}`),
      getJson('api/latency')]);
    if (generation !== state.generation) return;
    for (const c of candles.candles) state.bars.set(c.time, c);
    redrawAll();
    chart.timeScale().fitContent();
    applyTrades(trades.trades.slice().reverse());
    showLatency(latency);
    loadGaps(generation);
    setStatus(true, `loaded ${candles.candles.length} candles · ${utcNow()}`);
    applied('snapshot', { candles: candles.candles, trades: trades.trades });
  } catch (e) {
    if (generation !== state.generation) return;
    redrawAll();
    renderTrades();
    setStatus(false, `error: ${e.message}`);
  }
  stream(query, generation);
}

function stream(query, generation) {
  const source = new EventSource(`api/stream?${query}`);
  state.source = source;
  const live = (handler) => (event) => {
    if (generation !== state.generation) return;
    const data = JSON.parse(event.data);
    handler(data);
    applied(event.type, data);
  };
  source.addEventListener('candles', live(applyCandles));
  source.addEventListener('trades', live((trades) => applyTrades(trades, true)));
  source.addEventListener('latency', live(showLatency));
  source.addEventListener('status', live((s) => {
    if (s.ok) setStatus(true, `connected · last update ${utc(Date.parse(s.time), true)} UTC`);
    else setStatus(false, `store unavailable since ${utc(Date.parse(s.time), true)} UTC: ${s.error}`);
  }));
  // EventSource hides why a stream failed (a 503 when too many pages are open, the store down):
  // the health answer says it.
  source.onerror = async () => {
    if (generation !== state.generation) return;
    setStatus(false, 'disconnected · retrying…');
    try {
      const response = await fetch('api/health');
      const health = await response.json();
      if (generation !== state.generation) return;
      if (!response.ok) setStatus(false, `store unavailable: ${health.error} · retrying…`);
      else if (source.readyState === EventSource.CLOSED) {
        setStatus(false, 'live updates refused (too many live pages?) · reload to retry');
      }
    } catch (e) {
      // the dashboard itself is down: "disconnected" says it
    }
  };
}

// ---- formatting (UTC everywhere) -----------------------------------------------------------

function utc(ms, withSeconds, withMillis) {
  const iso = new Date(ms).toISOString();            // 2024-08-08T23:54:14.087Z
  const time = iso.slice(11, withMillis ? 23 : withSeconds ? 19 : 16);
  return withMillis ? time : `${iso.slice(0, 10)} ${time}`;
}
function utcNow() { return utc(Date.now(), true) + ' UTC'; }
function price(v) {
  const abs = Math.abs(v);
  const digits = abs >= 1000 ? 2 : abs >= 1 ? 4 : 6;
  return v.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: digits });
}
function amount(v) {
  if (v >= 1e6) return (v / 1e6).toFixed(2) + 'M';
  if (v >= 1e4) return (v / 1e3).toFixed(1) + 'k';
  return Number.isInteger(v) ? String(v) : v.toFixed(4).replace(/0+$/, '').replace(/\.$/, '');
}
function bp(v) { return (v * 1e4).toFixed(1); }
function score(v) { return v >= 100 ? Math.round(v).toString() : v.toFixed(1); }
function esc(text) { return String(text).replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`); }

// ---- start ---------------------------------------------------------------------------------

async function start() {
  let symbols = [];
  try {
    symbols = await getJson('api/symbols');
  } catch (e) {
    setStatus(false, `error: ${e.message}`);
  }
  const picker = el('symbol');
  picker.innerHTML = symbols.map((s) => `<option>${esc(s)}</option>`).join('');
  const wanted = new URLSearchParams(location.search).get('symbol');
  const symbol = symbols.includes(wanted) ? wanted : symbols[0];
  if (!symbol) {
    setStatus(false, 'no symbols: start the dashboard with --symbols, or replay a session first');
    return;
  }
  picker.value = symbol;
  picker.addEventListener('change', () => select(picker.value, state.resolution));
  for (const b of document.querySelectorAll('[data-resolution]')) {
    b.addEventListener('click', () => select(state.symbol, b.dataset.resolution));
  }
  if (!['1s', '1m', '1h'].includes(state.resolution)) state.resolution = '1m';
  select(symbol, state.resolution);
}

start();
