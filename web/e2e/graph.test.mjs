// The stage graph: nodes per stage, and the stages a --target build skips greyed out
// (BuildKit builds only what the target needs; the legacy builder every stage up to it).

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { chooseExample, openTab, screenshot, sel, settle, setDockerfile, setup } from './harness.mjs';

let env;
before(async () => { env = await setup(); });
after(async () => { await env?.close(); });

/** { stage: built } for every node of the graph. */
async function built(page) {
  await page.waitForSelector(`svg${sel('stage-graph')}`);
  const nodes = await page.$$eval(sel('stage-node'), (list) =>
    list.map((n) => [n.getAttribute('data-stage'), n.getAttribute('data-built')]));
  return Object.fromEntries(nodes);
}

test('--target example: BuildKit skips the stage the target does not need; legacy builds it', { timeout: 60000 }, async () => {
  const page = await env.open();
  // FROM ubuntu AS base; FROM base AS stage1; FROM base AS stage2; target stage2.
  await chooseExample(page, 'target-stages');
  await openTab(page, 'graph');
  assert.equal(await page.inputValue(sel('target-select')), 'stage2');
  assert.equal(await page.inputValue(sel('builder-select')), 'buildkit');
  assert.deepEqual(await built(page), { base: 'true', stage1: 'false', stage2: 'true' });
  await screenshot(page, 'graph-target-buildkit');

  await page.selectOption(sel('builder-select'), 'legacy');
  await settle(page);
  assert.deepEqual(await built(page), { base: 'true', stage1: 'true', stage2: 'true' });
  await screenshot(page, 'graph-target-legacy');

  // Targeting stage1: the legacy builder stops there, so stage2 is skipped by both.
  await page.selectOption(sel('target-select'), 'stage1');
  await settle(page);
  assert.deepEqual(await built(page), { base: 'true', stage1: 'true', stage2: 'false' });
  await page.selectOption(sel('builder-select'), 'buildkit');
  await settle(page);
  assert.deepEqual(await built(page), { base: 'true', stage1: 'true', stage2: 'false' });
  assert.deepEqual(page.errors, []);
});

test('a typed multi-stage Dockerfile: one node per stage; unnamed stages by index', { timeout: 60000 }, async () => {
  const page = await env.open();
  await setDockerfile(page, [
    'FROM golang:1.22 AS build',
    'RUN go build -o /app .',
    'FROM alpine:3.19 AS tools',
    'RUN echo tools',
    'FROM scratch',
    'COPY --from=build /app /app',
    '',
  ].join('\n'));
  await openTab(page, 'graph');
  // Without a target, BuildKit builds the last stage and what it copies from: `tools` is unused.
  assert.deepEqual(await built(page), { build: 'true', tools: 'false', 2: 'true' });
  assert.deepEqual(page.errors, []);
});
