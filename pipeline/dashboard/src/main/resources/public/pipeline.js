// Market Lab pipeline page: Kafka topics and the processor's lag, a browser of decoded messages and
// dead letters, rates, latency and each engine's health, over /api/pipeline/*. Refreshes every 2 s.
// Plain browser JavaScript, no build step (like dashboard.js).
'use strict';

const REFRESH_MS = 2000;
const PAGE = 20;

const state = {
  topic: new URLSearchParams(location.search).get('topic'), // a trades topic, or null = configured
  messageTopic: null,     // the topic the message browser shows
  partition: '',          // '' = all partitions
  before: null,           // offset the shown page ends before (null = the newest page)
  messages: [],
  selected: null,         // "partition/offset" of the message shown in #message-detail
  banner: { topics: null, engines: null },
};

const el = (id) => document.getElementById(id);

async function getJson(url) {
  const response = await fetch(url);
  let body = {};
  try { body = await response.json(); } catch (e) { /* an empty or non-JSON answer */ }
  if (!response.ok) {
    const error = new Error(body.error || `HTTP ${response.status}`);
    error.status = response.status;
    throw error;
  }
  return body;
}

function topicQuery() { return state.topic ? `topic=${encodeURIComponent(state.topic)}` : ''; }

// ---- the banner: no data yet, an engine down, an unknown topic ----------------------------

function showBanner() {
  // Kafka down shows once, as an engine down, not again as topics unavailable.
  const kafkaDown = state.banner.engines && state.banner.engines.kafka;
  const topics = kafkaDown && state.banner.topics && state.banner.topics.state === 'kafka-down' ? null : state.banner.topics;
  const parts = [topics, state.banner.engines].filter((b) => b);
  const banner = el('state-banner');
  banner.hidden = parts.length === 0;
  banner.className = 'banner' + (parts.some((b) => b.down) ? ' down' : '');
  banner.dataset.state = parts.length ? parts[0].state : '';
  banner.textContent = parts.map((b) => b.text).join(' · ');
}

// ---- topics --------------------------------------------------------------------------------

async function loadTopics() {
  try {
    const body = await getJson(`api/pipeline/topics?${topicQuery()}`);
    renderTopics(body);
    if (body.state === 'no-topics') {
      state.banner.topics = { state: 'no-data', text: 'no data yet: the trades topic does not exist (no run has started)' };
    } else if (body.state === 'no-data') {
      state.banner.topics = { state: 'no-data', text: 'no data yet: nothing has been written to the topics' };
    } else {
      state.banner.topics = null;
    }
  } catch (e) {
    el('topics').tBodies[0].innerHTML = `<tr><td colspan="8" class="hint">${esc(e.message)}</td></tr>`;
    state.banner.topics = e.status === 404
      ? { state: 'unknown-topic', down: true, text: e.message }
      : { state: 'kafka-down', down: true, text: `topics unavailable: ${e.message}` };
  }
  showBanner();
}

function renderTopics(body) {
  const rows = body.topics.map((t) => {
    if (!t.exists) {
      return `<tr data-topic="${esc(t.name)}" class="missing"><td>${esc(t.name)}</td><td>${esc(t.role)}</td>` +
        `<td class="num partitions">–</td><td class="num start-offset">–</td><td class="num end-offset">–</td>` +
        `<td class="num">–</td><td class="num lag">–</td><td class="hint">${esc(t.note)}</td></tr>`;
    }
    const perPartition = t.partitionOffsets.map((p) =>
      `p${p.partition}: ${p.startOffset}..${p.endOffset}` + (p.lag === undefined ? '' : ` lag ${p.lag}`)).join('\n');
    return `<tr data-topic="${esc(t.name)}" title="${esc(perPartition)}"><td>${esc(t.name)}</td><td>${esc(t.role)}</td>` +
      `<td class="num partitions">${t.partitions}</td><td class="num start-offset">${t.startOffset}</td>` +
      `<td class="num end-offset">${t.endOffset}</td><td class="num">${t.messages}</td>` +
      `<td class="num lag">${t.lag === null ? '–' : t.lag}</td><td class="hint">${esc(t.consumedBy)}</td></tr>`;
  });
  el('topics').tBodies[0].innerHTML = rows.join('');
  const picker = el('message-topic');
  const browsable = body.topics.filter((t) => t.exists && t.role !== 'dead-letters');
  const names = browsable.map((t) => t.name);
  if (picker.dataset.names !== names.join(',')) {
    picker.dataset.names = names.join(',');
    picker.innerHTML = names.map((n) => `<option>${esc(n)}</option>`).join('');
    if (!names.includes(state.messageTopic)) state.messageTopic = names[0] || null;
    picker.value = state.messageTopic || '';
  }
  const trades = browsable.find((t) => t.name === state.messageTopic);
  const partitions = el('message-partition');
  const count = trades ? trades.partitions : 0;
  if (Number(partitions.dataset.count || -1) !== count) {
    partitions.dataset.count = count;
    partitions.innerHTML = '<option value="">all</option>' +
      Array.from({ length: count }, (_, i) => `<option value="${i}">${i}</option>`).join('');
    partitions.value = state.partition;
  }
}

// ---- messages ------------------------------------------------------------------------------

async function loadMessages() {
  if (!state.messageTopic) return;
  let url = `api/pipeline/messages?topic=${encodeURIComponent(state.messageTopic)}&limit=${PAGE}`;
  if (state.partition !== '') url += `&partition=${state.partition}`;
  if (state.before !== null) url += `&offset=${state.before}`;
  try {
    const body = await getJson(url);
    state.messages = body.messages;
    state.next = body.next;
    renderMessages();
    el('messages-older').disabled = !body.next;
    el('messages-hint').textContent = state.partition === ''
      ? 'newest of every partition; pick a partition to page'
      : (state.before === null ? 'newest page' : `before offset ${state.before}`);
  } catch (e) {
    el('messages').tBodies[0].innerHTML = `<tr><td colspan="5" class="hint">${esc(e.message)}</td></tr>`;
  }
}

function summaryOf(m) {
  if (m.error) return `undecodable: ${m.error}`;
  const v = m.value;
  if ('price' in v) {
    return `${v.symbol} ${v.volume === 0 ? 'price update' : v.volume} @ ${v.price} · ${v.trade_time}`;
  }
  return `${v.symbol} ${v.reason} · ${v.from_time || '(start)'} → ${v.to_time || '(close)'}`;
}

function renderMessages() {
  const rows = state.messages.map((m) => {
    const key = `${m.partition}/${m.offset}`;
    return `<tr data-key="${key}" class="${m.error ? 'undecodable' : ''}${key === state.selected ? ' selected' : ''}">` +
      `<td class="num">${m.partition}</td><td class="num">${m.offset}</td><td>${esc(m.timestamp)}</td>` +
      `<td>${esc(m.key || '')}</td><td>${esc(summaryOf(m))}</td></tr>`;
  });
  el('messages').tBodies[0].innerHTML = rows.join('') ||
    '<tr><td colspan="5" class="hint">no messages in this topic yet</td></tr>';
}

function showMessage(key) {
  const message = state.messages.find((m) => `${m.partition}/${m.offset}` === key);
  if (!message) return;
  state.selected = key;
  el('message-detail').textContent = JSON.stringify(message, null, 2);
  renderMessages();
}

// ---- dead letters --------------------------------------------------------------------------

async function loadDeadLetters() {
  try {
    const body = await getJson(`api/pipeline/dead-letters?${topicQuery()}&limit=${PAGE}`);
    const rows = body.messages.map((d) =>
      `<tr><td class="num">${d.partition}</td><td class="num">${d.offset}</td><td>${esc(d.timestamp)}</td>` +
      `<td class="reason">${esc(d.reason)}${d.rejectedCount ? ` <span class="hint">(${d.rejectedCount} rejected)</span>` : ''}</td>` +
      `<td class="num">${d.frameBytes}</td><td class="frame" title="${esc(d.frame)}">${esc(d.frame)}${d.frameCut ? '…' : ''}</td></tr>`);
    el('dead-letters').tBodies[0].innerHTML = rows.join('') ||
      '<tr><td colspan="6" class="hint">no dead letters</td></tr>';
  } catch (e) {
    el('dead-letters').tBodies[0].innerHTML = `<tr><td colspan="6" class="hint">${esc(e.message)}</td></tr>`;
  }
}

// ---- summary: rates, latency, engines ------------------------------------------------------

async function loadSummary() {
  try {
    const body = await getJson('api/pipeline/summary');
    const rate = (v) => (v === null || v === undefined ? 'measuring…' : `${v < 10 ? v.toFixed(1) : Math.round(v)}/s`);
    el('rates').innerHTML = figure('into Kafka', rate(body.rates.inPerSecond)) +
      figure('processed', rate(body.rates.processedPerSecond)) + figure('stored', rate(body.rates.storedPerSecond));
    const l = body.latency;
    const ms = (v) => (l && l.sampleCount ? `${v < 100 ? v.toFixed(1) : Math.round(v)} ms` : '–');
    el('latency').innerHTML = figure('p50', ms(l && l.p50Ms)) + figure('p99', ms(l && l.p99Ms)) +
      figure('max', ms(l && l.maxMs)) + figure('sample', l ? String(l.sampleCount) : '–');
    el('engines').innerHTML = body.engines.map((e) =>
      `<li data-engine="${esc(e.name)}" data-state="${esc(e.state)}"><b>${esc(e.name)}</b> ${esc(e.state)}` +
      `<span class="detail-text">${esc(e.detail || '')}</span></li>`).join('');
    const down = body.engines.filter((e) => e.state !== 'up');
    state.banner.engines = down.length
      ? { state: 'engine-down', down: true, kafka: down.some((e) => e.name === 'kafka'),
        text: down.map((e) => `${e.name} down: ${e.detail}`).join(' · ') }
      : null;
    setStatus(true, `updated ${body.time.slice(11, 19)} UTC`);
  } catch (e) {
    state.banner.engines = { state: 'dashboard-down', down: true, text: `the dashboard does not answer: ${e.message}` };
    setStatus(false, 'disconnected · retrying…');
  }
  showBanner();
}

function figure(label, value) {
  return `<div><span class="label">${esc(label)}</span><span class="value">${esc(value)}</span></div>`;
}

function setStatus(ok, text) {
  el('status').className = 'status ' + (ok ? 'ok' : 'bad');
  el('status').textContent = text;
}

function esc(text) { return String(text).replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`); }

// ---- start ---------------------------------------------------------------------------------

async function refresh() {
  await loadTopics();
  await Promise.all([loadSummary(), loadDeadLetters(), state.before === null ? loadMessages() : null]);
}

el('messages').tBodies[0].addEventListener('click', (event) => {
  const row = event.target.closest('tr[data-key]');
  if (row) showMessage(row.dataset.key);
});
el('message-topic').addEventListener('change', (event) => {
  state.messageTopic = event.target.value;
  state.before = null;
  loadMessages();
});
el('message-partition').addEventListener('change', (event) => {
  state.partition = event.target.value;
  state.before = null;
  loadMessages();
});
el('messages-older').addEventListener('click', () => {
  if (!state.next) return;
  state.before = state.next.offset;
  loadMessages();
});
el('messages-newer').addEventListener('click', () => {
  state.before = null;
  loadMessages();
});
if (state.topic) el('market-link').href = './';

refresh();
setInterval(refresh, REFRESH_MS);
