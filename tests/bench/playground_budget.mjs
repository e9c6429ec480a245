// The playground's budgets (issue 6), measured in Debian's headless Chromium against
// `slipway playground`. A report, not a test: it prints a table and exits 0 whatever it measures.
//
//   web/build.sh && cargo build --release -p slipway && (cd web/e2e && npm ci)
//   node tests/bench/playground_budget.mjs            # SLIPWAY_BIN=... to pick the binary
//
// 1. download: gzip -9 size of the dist's .wasm + .js + .css      (budget 700 KB)
// 2. keystroke: window.slipway.keystroke_work(src) on a 200-line Dockerfile, median of 50 runs
//    timed with performance.now() in the page: check() + cache whatif()   (budget 5 ms)
// 3. first interactive render: navigation start -> body[data-ready=true], median of 5 cold
//    loads in fresh browser contexts                              (budget 1.5 s)

import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { ROOT, sel, setup, setDockerfile, openTab } from '../../web/e2e/harness.mjs';

const BUDGET = { download: 700 * 1024, keystroke: 5, render: 1500 };

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Every file under dir, as paths relative to it. */
function walk(dir, prefix = '') {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? walk(path, `${prefix}${name}/`) : [`${prefix}${name}`];
  });
}

/** The shell corpus's Dockerfiles concatenated up to 200 lines (as the linter's 200_lines bench). */
function twoHundredLines() {
  const dir = join(ROOT, 'crates/shell/tests/corpus');
  const lines = readdirSync(dir).sort().flatMap((name) => readFileSync(join(dir, name), 'utf8').replace(/\n$/, '').split(/\r?\n/));
  return `${lines.slice(0, 200).join('\n')}\n`;
}

// The dist the binary embedded: web/dist, or SLIPWAY_PLAYGROUND_DIST as for crates/cli/build.rs.
const dist = process.env.SLIPWAY_PLAYGROUND_DIST || join(ROOT, 'web/dist');
const rows = [];
const sizes = walk(dist).filter((path) => /\.(wasm|js|css)$/.test(path)).map((path) => {
  const bytes = readFileSync(join(dist, path));
  // What the server sends with Content-Encoding: gzip: web/build.sh's `gzip -9` copy when the
  // dist has one (the binary embeds it), else zlib level 9 as the server would make it.
  const precompressed = join(dist, `${path}.gz`);
  const gzip = existsSync(precompressed) ? statSync(precompressed).size : gzipSync(bytes, { level: 9 }).length;
  return { path, raw: bytes.length, gzip };
});
const download = sizes.reduce((sum, file) => sum + file.gzip, 0);
for (const file of sizes) console.log(`  ${file.path.padEnd(28)} ${String(file.raw).padStart(9)} B raw ${String(file.gzip).padStart(9)} B gzip -9`);
rows.push(['download (wasm+js+css, gzip -9)', `${(download / 1024).toFixed(1)} KB`, `${BUDGET.download / 1024} KB`, download / BUDGET.download]);

const env = await setup();
try {
  // First interactive render, cold (a fresh context has an empty HTTP cache); the observer is
  // installed before any script runs and performance.now() counts from the navigation's start.
  const renders = [];
  for (let run = 0; run < 5; run++) {
    const context = await env.newContext();
    await context.addInitScript(() => {
      new MutationObserver((_, observer) => {
        if (document.body?.dataset.ready === 'true') {
          window.__slipwayReadyAt = performance.now();
          observer.disconnect();
        }
      }).observe(document, { subtree: true, attributes: true, attributeFilter: ['data-ready'], childList: true });
    });
    const page = await context.newPage();
    await page.goto(env.url);
    await page.waitForSelector('body[data-ready="true"]', { timeout: 30000 });
    renders.push(await page.evaluate(() => window.__slipwayReadyAt ?? performance.now()));
    await context.close();
  }
  const render = median(renders);
  rows.push(['first interactive render (median of 5)', `${render.toFixed(0)} ms`, `${BUDGET.render} ms`, render / BUDGET.render]);

  // Keystroke: the 200-line Dockerfile in the editor, a remembered build, then one edit.
  const page = await env.open();
  const source = twoHundredLines();
  await setDockerfile(page, source);
  await openTab(page, 'cache');
  await page.click(sel('cache-remember'));
  await page.waitForSelector(`${sel('cache-table')}, ${sel('cache-error')}`, { timeout: 60000 });
  const timing = await page.evaluate((src) => {
    const edited = src.replace(/\n$/, ' \n');
    const times = [];
    let count = 0;
    for (let run = 0; run < 55; run++) {
      const start = performance.now();
      count = window.slipway.keystroke_work(run % 2 ? edited : src);
      const elapsed = performance.now() - start;
      if (run >= 5) times.push(elapsed); // the first runs warm the JIT and caches
    }
    return { times, count };
  }, source);
  const keystroke = median(timing.times);
  rows.push([`keystroke on 200 lines (median of 50, ${timing.count} diagnostics)`, `${keystroke.toFixed(2)} ms`, `${BUDGET.keystroke} ms`, keystroke / BUDGET.keystroke]);
  if (page.errors.length) console.log(`page errors: ${page.errors.join('; ')}`);
} finally {
  await env.close();
}

console.log('');
console.log(`${'budget'.padEnd(52)} ${'measured'.padStart(10)} ${'limit'.padStart(9)}  ratio`);
for (const [name, measured, limit, ratio] of rows) {
  console.log(`${name.padEnd(52)} ${measured.padStart(10)} ${limit.padStart(9)}  ${ratio.toFixed(2)} ${ratio <= 1 ? 'ok' : 'OVER'}`);
}
