// Shared by the browser scripts: options, Debian's Chromium through playwright-core, the page's test
// hook, and the rule that any console error, page error or failed request fails the run.
import { chromium } from 'playwright-core';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** --name=value arguments; every name in `required` must be given. */
export function options(required) {
  const given = {};
  for (const arg of process.argv.slice(2)) {
    const match = /^--([a-z-]+)=(.*)$/s.exec(arg);
    if (!match) fail(`unknown argument '${arg}' (expected --name=value)`);
    given[match[1]] = match[2];
  }
  for (const name of required) {
    if (!(name in given)) fail(`missing --${name}=...`);
  }
  mkdirSync(given.out || '.', { recursive: true });
  return given;
}

export function log(line) {
  process.stderr.write(`${new Date().toISOString()} ${line}\n`);
}

export function fail(reason) {
  process.stdout.write(`FAIL: ${reason}\n`);
  process.exit(1);
}

/** Debian's Chromium, headless; never a downloaded browser. */
export async function launch(executablePath) {
  return chromium.launch({
    executablePath,
    headless: true,
    // --no-sandbox: CI runs as root, where Chromium's sandbox refuses to start.
    args: ['--no-sandbox', '--disable-dev-shm-usage'],
  });
}

/**
 * A page whose problems are collected: console errors, uncaught exceptions, failed requests and
 * HTTP error answers. A request the browser aborts (the page navigates or closes) is no problem.
 */
export async function watchedPage(browser) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 720 } });
  // The dashboard calls window.__marketLab.applied(...) after it applied data (dashboard.js).
  await context.addInitScript(() => {
    window.__marketLab = {
      events: [],
      applied(e) {
        const event = { kind: e.kind, symbol: e.symbol, resolution: e.resolution, at: e.at };
        const candles = e.kind === 'snapshot' ? e.data.candles : e.kind === 'candles' || e.kind === 'forming' ? e.data : [];
        const trades = e.kind === 'snapshot' ? e.data.trades : e.kind === 'trades' ? e.data : [];
        event.candles = candles.map((c) => [c.time, c.tradeCount]);
        event.trades = trades.map((t) => t.id);
        if (e.kind === 'analytics') event.analytics = e.data;
        if (e.kind === 'compare') {
          event.lines = e.data.lines.map((l) => [l.symbol, l.points.length]);
          event.correlations = e.data.correlations;
        }
        this.events.push(event);
      },
    };
  });
  const page = await context.newPage();
  const problems = [];
  page.on('console', (message) => {
    if (message.type() === 'error') {
      const where = message.location() && message.location().url ? ` (${message.location().url})` : '';
      problems.push(`console error: ${message.text()}${where}`);
    }
  });
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('requestfailed', (request) => {
    const why = request.failure() ? request.failure().errorText : 'failed';
    // Aborted is the browser cancelling, not a failure: a live stream cut because the page
    // navigates or closes, a refresh in flight when the script moves to another page. A failure
    // to answer still shows (connection refused, reset) and so does every HTTP error below.
    if (why === 'net::ERR_ABORTED' && ['eventsource', 'fetch', 'xhr'].includes(request.resourceType())) return;
    problems.push(`request failed: ${request.method()} ${request.url()}: ${why}`);
  });
  page.on('response', (response) => {
    if (response.status() >= 400) {
      problems.push(`HTTP ${response.status()}: ${response.request().method()} ${response.url()}`);
    }
  });
  return { page, problems };
}

export async function screenshot(page, out, name) {
  const path = join(out, name);
  await page.screenshot({ path, fullPage: true });
  log(`screenshot ${path}`);
  return path;
}

/** What the hook recorded so far. */
export async function hookEvents(page) {
  return page.evaluate(() => window.__marketLab.events);
}

/** Distinct candle windows the chart holds for a selection: its snapshot plus live updates since. */
export function bars(events, symbol, resolution) {
  let times = null;
  for (const e of events) {
    if (e.symbol !== symbol || e.resolution !== resolution) continue;
    if (e.kind === 'snapshot') times = new Set();
    if (times === null) continue;
    for (const [time] of e.candles) times.add(time);
  }
  return times === null ? -1 : times.size;
}

/** Polls `probe` every 250 ms until it returns a truthy value, or fails with `what` after `ms`. */
export async function until(probe, ms, what) {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) fail(`${what} (waited ${ms / 1000} s)`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

export function writeJson(out, name, value) {
  const path = join(out, name);
  writeFileSync(path, JSON.stringify(value, null, 1));
  return path;
}

/** Fails naming every problem the page had, if any. */
export function noProblems(problems, where) {
  if (problems.length) {
    fail(`${where}: ${problems.length} console error(s) or failed request(s): ${problems.join(' | ')}`);
  }
}
