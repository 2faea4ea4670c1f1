// The market page during a replay: it loads, a symbol is picked, its 1s candles grow between two
// observations, and nothing on the page fails (console errors and failed requests fail the run).
//   node market.mjs --url=http://127.0.0.1:PORT/ --symbol=BINANCE:ETHUSDT --out=DIR --chromium=/usr/bin/chromium
import {
  bars, fail, hookEvents, launch, log, noProblems, options, screenshot, until, watchedPage, writeJson,
} from './lib.mjs';

const opts = options(['url', 'symbol', 'out', 'chromium']);
const browser = await launch(opts.chromium);
try {
  const { page, problems } = await watchedPage(browser);
  await page.goto(opts.url);
  const offered = await until(
    async () => {
      const names = await page.locator('#symbol option').allTextContents();
      return names.length ? names : null;
    }, 30_000, 'the symbol picker never filled');
  log(`symbols offered: ${offered.join(', ')}`);
  if (!offered.includes(opts.symbol)) fail(`the page does not offer ${opts.symbol}, only ${offered.join(', ')}`);
  await screenshot(page, opts.out, 'market-loaded.png');

  await page.selectOption('#symbol', opts.symbol);
  await page.click('[data-resolution="1s"]');
  await until(async () => bars(await hookEvents(page), opts.symbol, '1s') >= 0, 30_000,
    `no snapshot of ${opts.symbol} 1s applied`);
  // The first observation once a live update was applied, the second once the chart grew.
  const first = await until(async () => {
    const events = await hookEvents(page);
    const live = events.some((e) => e.kind === 'candles' && e.symbol === opts.symbol && e.resolution === '1s');
    const count = bars(events, opts.symbol, '1s');
    return live && count > 0 ? count : null;
  }, 60_000, `no live candle of ${opts.symbol} reached the chart`);
  const legendBefore = await page.textContent('#legend');
  await screenshot(page, opts.out, 'market-first.png');
  log(`${opts.symbol} 1s: ${first} candles on the chart; legend: ${legendBefore}`);
  const second = await until(async () => {
    const count = bars(await hookEvents(page), opts.symbol, '1s');
    return count > first ? count : null;
  }, 30_000, `the ${opts.symbol} 1s chart did not grow past ${first} candles`);
  const legendAfter = await page.textContent('#legend');
  await screenshot(page, opts.out, 'market-grown.png');
  log(`${opts.symbol} 1s: ${second} candles; legend: ${legendAfter}`);
  if (!legendAfter.includes(opts.symbol)) fail(`the legend does not name ${opts.symbol}: ${legendAfter}`);
  const url = new URL(page.url());
  if (url.searchParams.get('symbol') !== opts.symbol || url.searchParams.get('resolution') !== '1s') {
    fail(`the address does not keep the selection: ${page.url()}`);
  }
  const status = await page.textContent('#status');
  writeJson(opts.out, 'market.json', { symbol: opts.symbol, offered, first, second, legendAfter, status, problems });
  noProblems(problems, 'market page');
  console.log(JSON.stringify({ ok: true, symbol: opts.symbol, first, second }));
} finally {
  await browser.close();
}
