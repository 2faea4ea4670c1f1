// The analytics on the pages once a replay is stored: the market page shows the symbol's stored
// anomalies as chart markers and as a list, and its stored hours in the hours table; the compare
// page draws every symbol and fills the correlation table. Nothing on either page may fail.
//   node analytics.mjs --url=http://127.0.0.1:PORT/ --symbol=BINANCE:ETHUSDT --anomalies=N --hours=H
//        --symbols=A,B --out=DIR --chromium=/usr/bin/chromium
import {
  fail, hookEvents, launch, log, noProblems, options, screenshot, until, watchedPage, writeJson,
} from './lib.mjs';

const opts = options(['url', 'symbol', 'anomalies', 'hours', 'symbols', 'out', 'chromium']);
const anomalies = Number(opts.anomalies);
const hours = Number(opts.hours);
const symbols = opts.symbols.split(',');
const browser = await launch(opts.chromium);
try {
  const { page, problems } = await watchedPage(browser);
  // 1m: every window of a short session is on the chart, so every anomaly has its marker.
  await page.goto(`${opts.url}?symbol=${encodeURIComponent(opts.symbol)}&resolution=1m`);
  const shown = await until(async () => {
    const events = (await hookEvents(page)).filter((e) => e.kind === 'analytics' && e.symbol === opts.symbol);
    const last = events[events.length - 1];
    return last && last.analytics.anomalies === anomalies && last.analytics.hours === hours ? last.analytics : null;
  }, 60_000, `the market page never showed ${anomalies} anomalies and ${hours} hours of ${opts.symbol}`);
  log(`market page: ${JSON.stringify(shown)}`);
  if (shown.marked !== anomalies) fail(`${shown.marked} of ${anomalies} anomalies have a marker on the 1m chart`);
  const listed = await page.locator('#anomalies tr[data-time]').count();
  if (listed !== anomalies) fail(`the anomaly list has ${listed} rows, the store ${anomalies}`);
  const hourRows = await page.locator('#hours tr').allTextContents();
  if (hours > 0 && hourRows.length !== hours) fail(`the hours table has ${hourRows.length} rows, the store ${hours}`);
  if (hours > 0 && !hourRows.every((r) => /final|open/.test(r))) fail(`an hour row says neither final nor open: ${hourRows}`);
  if (anomalies > 0) {
    // A click on an anomaly keeps the page whole (it moves the chart).
    await page.locator('#anomalies tr[data-time]').first().click();
  }
  await screenshot(page, opts.out, 'market-analytics.png');

  await page.goto(`${opts.url}compare.html?symbols=${encodeURIComponent(symbols.join(','))}`);
  const compared = await until(async () => {
    const events = (await hookEvents(page)).filter((e) => e.kind === 'compare');
    return events.length ? events[events.length - 1] : null;
  }, 30_000, 'the compare page never showed an answer');
  log(`compare page: lines ${JSON.stringify(compared.lines)}, correlations ${JSON.stringify(compared.correlations)}`);
  if (compared.lines.length !== symbols.length) fail(`the compare page drew ${compared.lines.length} of ${symbols.length} symbols`);
  if (compared.lines.some(([, points]) => points < 2)) fail(`a symbol has fewer than 2 points: ${JSON.stringify(compared.lines)}`);
  const pairs = symbols.length * (symbols.length - 1) / 2;
  if (compared.correlations.length !== pairs) fail(`${compared.correlations.length} correlations for ${pairs} pairs`);
  const cells = await page.locator('#correlations td.corr').allTextContents();
  const computable = compared.correlations.filter((c) => c.correlation !== null).length;
  if (cells.length !== 2 * computable) fail(`the correlation table shows ${cells.length} values for ${computable} pairs`);
  await screenshot(page, opts.out, 'compare.png');

  writeJson(opts.out, 'analytics.json', { symbol: opts.symbol, shown, listed, hourRows, compared, problems });
  noProblems(problems, 'market and compare pages');
  console.log(JSON.stringify({ ok: true, anomalies, hours, correlations: compared.correlations }));
} finally {
  await browser.close();
}
