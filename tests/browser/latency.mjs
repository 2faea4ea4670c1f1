// Records, for the browser latency measurement, when each page applied each live update: one page
// per symbol on its 1s candles, from before the replay's trades reach the dashboard until standard
// input closes (or --max-seconds pass). Writes DIR/latency-events.json: per page, the hook's events
// (kind, wall-clock time in ms, candles as [window start s, trade count], trade ids) and any
// problem the page had. The IT joins them with each trade's receipt at the ingest.
//   node latency.mjs --url=http://127.0.0.1:PORT/ --symbols=A,B --out=DIR --chromium=/usr/bin/chromium
import { hookEvents, launch, log, options, watchedPage, writeJson } from './lib.mjs';

const opts = options(['url', 'symbols', 'out', 'chromium']);
const maxSeconds = Number(opts['max-seconds'] || 1800);
const browser = await launch(opts.chromium);
const pages = [];
for (const symbol of opts.symbols.split(',')) {
  const watched = await watchedPage(browser);
  const url = new URL(opts.url);
  url.searchParams.set('symbol', symbol);
  url.searchParams.set('resolution', '1s');
  await watched.page.goto(url.href);
  pages.push({ symbol, ...watched });
}
// The line the IT waits for before it counts trades as received while the pages were open.
console.log(JSON.stringify({ recording: pages.map((p) => p.symbol), at: Date.now() }));
log(`recording ${pages.map((p) => p.symbol).join(', ')}; close standard input to stop`);

await new Promise((resolve) => {
  process.stdin.on('end', resolve);
  process.stdin.on('error', resolve);
  process.stdin.resume();
  setTimeout(resolve, maxSeconds * 1000);
});
const recorded = [];
for (const p of pages) {
  recorded.push({ symbol: p.symbol, events: await hookEvents(p.page), problems: p.problems });
}
await browser.close();
const path = writeJson(opts.out, 'latency-events.json', { pages: recorded });
console.log(JSON.stringify({ done: path, events: recorded.map((r) => r.events.length) }));
process.exit(0);
