// The pipeline page during a replay, reached through the market page's link: the Kafka topics'
// end offsets move, every topic row shows a lag, the engines show a state, a recent message opens
// decoded (JSON with a symbol and a price), and the link back leads to the market page.
// Nothing on either page may fail (console errors and failed requests fail the run).
//   node pipeline.mjs --url=http://127.0.0.1:PORT/ --out=DIR --chromium=/usr/bin/chromium [--topic=T]
import { fail, launch, log, noProblems, options, screenshot, until, watchedPage, writeJson } from './lib.mjs';

const opts = options(['url', 'out', 'chromium']);
const TOPIC_ROWS = '#topics tbody tr[data-topic]';

/** topic -> end offset (the sum over its rows, one per partition or one per topic). */
async function endOffsets(page) {
  const rows = await page.$$eval(TOPIC_ROWS, (trs) => trs.map((tr) => ({
    topic: tr.dataset.topic,
    end: (tr.querySelector('td.end-offset') || {}).textContent,
    lag: (tr.querySelector('td.lag') || {}).textContent,
  })));
  const ends = {};
  for (const row of rows) {
    if (row.end === undefined) fail(`topic row ${row.topic} has no td.end-offset`);
    if (row.lag === undefined || !row.lag.trim()) fail(`topic row ${row.topic} shows no lag (td.lag)`);
    const digits = row.end.replace(/[^0-9]/g, '');
    if (!digits) fail(`topic row ${row.topic}: end offset '${row.end}' is no number`);
    ends[row.topic] = (ends[row.topic] || 0) + Number(digits);
  }
  return { rows, ends };
}

/** The message itself or an object inside it (e.g. its decoded value) with a symbol and a price. */
function findTrade(value, depth = 0) {
  if (value === null || typeof value !== 'object' || depth > 3) return null;
  if (typeof value.symbol === 'string' && typeof value.price === 'number') return value;
  for (const inner of Object.values(value)) {
    const found = findTrade(inner, depth + 1);
    if (found) return found;
  }
  return null;
}

const browser = await launch(opts.chromium);
try {
  const { page, problems } = await watchedPage(browser);
  await page.goto(opts.url);
  await page.waitForSelector('a#pipeline-link', { timeout: 30_000 })
    .catch(() => fail('the market page has no a#pipeline-link'));
  await Promise.all([page.waitForURL((u) => u.href !== opts.url, { timeout: 30_000 }), page.click('a#pipeline-link')]);
  log(`pipeline page: ${page.url()}`);
  await page.waitForSelector(TOPIC_ROWS, { timeout: 30_000 })
    .catch(() => fail(`the pipeline page (${page.url()}) shows no ${TOPIC_ROWS}`));
  const before = await endOffsets(page);
  log(`end offsets: ${JSON.stringify(before.ends)}`);
  if (opts.topic && !(opts.topic in before.ends)) {
    fail(`the pipeline page shows no row for the run's topic ${opts.topic}: ${Object.keys(before.ends).join(', ')}`);
  }
  await screenshot(page, opts.out, 'pipeline-first.png');
  const moved = await until(async () => {
    const now = await endOffsets(page);
    const topics = opts.topic ? [opts.topic] : Object.keys(now.ends);
    const grown = topics.filter((t) => t in before.ends && now.ends[t] > before.ends[t]);
    return grown.length ? { now, grown } : null;
  }, 30_000, `no end offset moved (${opts.topic || 'any topic'}) from ${JSON.stringify(before.ends)}`);
  log(`end offsets moved: ${JSON.stringify(moved.now.ends)}; lag ${JSON.stringify(moved.now.rows.map((r) => [r.topic, r.lag]))}`);

  const engines = await page.$$eval('#engines li[data-engine][data-state]',
    (lis) => lis.map((li) => ({ engine: li.dataset.engine, state: li.dataset.state })));
  if (!engines.length) fail('the pipeline page shows no engine (#engines li[data-engine][data-state])');
  log(`engines: ${JSON.stringify(engines)}`);

  await page.waitForSelector('#messages tbody tr', { timeout: 30_000 })
    .catch(() => fail('the pipeline page shows no recent message (#messages tbody tr)'));
  await page.click('#messages tbody tr >> nth=0');
  const detail = await until(async () => {
    // pre#message-detail says "click a message ..." until a message is opened into it as JSON
    const visible = await page.isVisible('pre#message-detail');
    const text = visible ? (await page.textContent('pre#message-detail')).trim() : '';
    return text.startsWith('{') ? text : null;
  }, 15_000, 'clicking a message opened no JSON in pre#message-detail');
  let decoded;
  try {
    decoded = JSON.parse(detail);
  } catch (e) {
    fail(`the opened message is no JSON (${e.message}): ${detail.slice(0, 300)}`);
  }
  const trade = findTrade(decoded);
  if (!trade) fail(`the opened message has no symbol and price: ${detail.slice(0, 300)}`);
  log(`opened message: ${trade.symbol} at ${trade.price}`);
  await screenshot(page, opts.out, 'pipeline-message.png');

  const pipelineUrl = page.url();
  await Promise.all([page.waitForURL((u) => u.href !== pipelineUrl, { timeout: 30_000 }), page.click('a#market-link')])
    .catch(() => fail('the pipeline page has no working a#market-link'));
  await page.waitForSelector('#chart', { state: 'attached', timeout: 30_000 })
    .catch(() => fail(`a#market-link led to ${page.url()}, which has no #chart`));
  await screenshot(page, opts.out, 'pipeline-back-to-market.png');
  writeJson(opts.out, 'pipeline.json', { before: before.ends, after: moved.now.ends, grown: moved.grown, engines, trade, problems });
  noProblems(problems, 'pipeline page');
  console.log(JSON.stringify({ ok: true, grown: moved.grown, engines: engines.length, symbol: trade.symbol }));
} finally {
  await browser.close();
}
