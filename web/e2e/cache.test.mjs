// The Cache panel: remember a build, edit a context file or the Dockerfile, read the HIT/MISS
// table; the advisor's reordering applied with one click.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { openTab, screenshot, sel, setDockerfile, settle, setup } from './harness.mjs';

let env;
before(async () => { env = await setup(); });
after(async () => { await env?.close(); });

/** Adds a context file through the Build context panel and gives it `text`. */
async function addFile(page, path, text) {
  await openTab(page, 'context');
  await page.fill(sel('context-new-path'), path);
  await page.click(sel('context-add'));
  await page.click(sel('context-file', { path }));
  await page.fill(sel('context-editor'), text);
  await settle(page);
}

/** The cache table as { line: status } (every row of a line has the same status here). */
async function table(page) {
  await page.waitForSelector(sel('cache-table'));
  const rows = await page.$$eval(sel('cache-row'), (nodes) =>
    nodes.map((n) => [Number(n.getAttribute('data-line')), n.getAttribute('data-status')]));
  return Object.fromEntries(rows);
}

const DOCKERFILE = [
  'FROM alpine:3.19',
  'WORKDIR /app',
  'COPY package.json ./',
  'RUN cp package.json /installed',
  'COPY main.txt ./',
  'RUN cp main.txt /built',
  '',
].join('\n');

test('editing a context file misses its COPY and every later step, earlier steps hit', { timeout: 90000 }, async () => {
  const page = await env.open();
  await setDockerfile(page, DOCKERFILE);
  await addFile(page, 'package.json', '{"name": "demo"}\n');
  await addFile(page, 'main.txt', 'version 1\n');

  await openTab(page, 'cache');
  await page.click(sel('cache-remember'));
  // Nothing changed since the remembered build: every step with a cache key hits.
  const unchanged = await table(page);
  for (const line of [2, 3, 4, 5, 6]) assert.equal(unchanged[line], 'HIT', `line ${line} of ${JSON.stringify(unchanged)}`);
  assert.equal(await page.locator(sel('cache-error')).count(), 0);

  await openTab(page, 'context');
  await page.click(sel('context-file', { path: 'main.txt' }));
  await page.fill(sel('context-editor'), 'version 2\n');
  await settle(page);
  await openTab(page, 'cache');
  const edited = await table(page);
  for (const line of [2, 3, 4]) assert.equal(edited[line], 'HIT', `line ${line} of ${JSON.stringify(edited)}`);
  for (const line of [5, 6]) assert.equal(edited[line], 'MISS', `line ${line} of ${JSON.stringify(edited)}`);
  assert.match(await page.textContent(sel('cache-saved')), /\d/);
  await screenshot(page, 'cache-context-edit');

  // Editing the Dockerfile's RUN on line 4 misses it and everything after it.
  await setDockerfile(page, DOCKERFILE.replace('/installed', '/installed-too'));
  const rerun = await table(page);
  for (const line of [2, 3]) assert.equal(rerun[line], 'HIT', `line ${line} of ${JSON.stringify(rerun)}`);
  for (const line of [4, 5, 6]) assert.equal(rerun[line], 'MISS', `line ${line} of ${JSON.stringify(rerun)}`);
  assert.deepEqual(page.errors, []);
});

test('a build arg used by a RUN misses from that RUN on', { timeout: 90000 }, async () => {
  const page = await env.open();
  await setDockerfile(page, 'FROM alpine:3.19\nWORKDIR /app\nRUN echo setup > /setup\nARG MODE=dev\nRUN echo "$MODE" > /mode\n');
  await openTab(page, 'cache');
  await page.click(sel('cache-remember'));
  await table(page);
  await page.fill(sel('build-arg-name'), 'MODE');
  await page.fill(sel('build-arg-value'), 'prod');
  await page.click(sel('build-arg-add'));
  await settle(page);
  const rows = await table(page);
  for (const line of [2, 3]) assert.equal(rows[line], 'HIT', `line ${line} of ${JSON.stringify(rows)}`);
  assert.equal(rows[5], 'MISS', JSON.stringify(rows));
  assert.deepEqual(page.errors, []);
});

test('the advisor moves the manifest COPY before the install, and apply rewrites the Dockerfile', { timeout: 90000 }, async () => {
  const page = await env.open();
  const original = 'FROM node:20\nWORKDIR /app\nCOPY . .\nRUN npm ci\nCMD ["node", "server.js"]\n';
  await setDockerfile(page, original);
  await addFile(page, 'package.json', '{"name": "demo", "version": "1.0.0"}\n');
  await addFile(page, 'package-lock.json', '{"lockfileVersion": 3}\n');
  await addFile(page, 'server.js', 'console.log("hi")\n');
  await openTab(page, 'cache');
  await page.waitForSelector(sel('advisor-apply'));
  assert.ok((await page.textContent(sel('advisor-summary'))).trim().length > 0);
  await page.click(sel('advisor-apply'));
  await settle(page);
  const text = await page.inputValue(sel('editor-input'));
  assert.notEqual(text, original);
  const lines = text.split('\n');
  const install = lines.findIndex((l) => l.startsWith('RUN npm ci'));
  const manifest = lines.findIndex((l) => /^COPY\b.*package\.json/.test(l));
  const everything = lines.findIndex((l) => /^COPY \. \.?/.test(l));
  assert.ok(manifest >= 0 && manifest < install, `manifest COPY before the install:\n${text}`);
  assert.ok(everything > install, `the broad COPY after the install:\n${text}`);
  assert.deepEqual(page.errors, []);
});
