// The editor: live diagnostics as you type, gutter markers, underlines, hover, quick fixes, and
// every gallery example's problems list against the CLI linter.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  chooseExample, cliLint, cliLintWithSeverity, exampleFiles, exampleIds, galleryExamples, problems, problemsWithSeverity,
  screenshot, sel, setDockerfile, setup, settle,
} from './harness.mjs';

let env;
before(async () => { env = await setup(); });
after(async () => { await env?.close(); });

test('typing FROM ubuntu:latest shows DL3007 on line 1 with gutter marker and underline', { timeout: 60000 }, async () => {
  const page = await env.open();
  await setDockerfile(page, '');
  // Type it key by key, as a person would: the diagnostics follow the text.
  await page.click(sel('editor-input'));
  await page.keyboard.type('FROM ubuntu:latest\n', { delay: 5 });
  await page.waitForSelector(sel('problem', { code: 'DL3007', line: 1 }));
  assert.deepEqual(await problems(page), cliLint('FROM ubuntu:latest\n'));
  assert.ok((await problems(page)).includes('DL3007@1'));
  await page.waitForSelector(sel('gutter-marker', { line: 1, severity: 'warning' }));
  const underline = page.locator(sel('diag-underline', { code: 'DL3007' }));
  assert.equal(await underline.count(), 1);
  // The underline covers the image reference (`ubuntu:latest`), not the whole line.
  assert.match((await underline.textContent()).trim(), /^ubuntu:latest$/);

  // Hovering the underline shows the message, the rule's doc and an explain link.
  await underline.hover();
  const hover = page.locator(sel('diag-hover'));
  await hover.waitFor({ state: 'visible' });
  assert.match(await hover.textContent(), /latest/i);

  // Pinning the tag removes the finding.
  await setDockerfile(page, 'FROM ubuntu:24.04\n');
  await page.waitForSelector(sel('problem', { code: 'DL3007' }), { state: 'detached' });
  assert.equal(await page.locator(sel('gutter-marker', { line: 1 })).count(), 0);
  await screenshot(page, 'editor-typed');
  assert.deepEqual(page.errors, []);
});

test('a problem explains its rule in the Explain panel', { timeout: 60000 }, async () => {
  const page = await env.open();
  await setDockerfile(page, 'FROM ubuntu:latest\n');
  const problem = page.locator(sel('problem', { code: 'DL3007' }));
  await problem.locator(sel('explain-link')).click();
  await page.waitForSelector(sel('panel-explain'));
  assert.match(await page.textContent(sel('explain-title')), /latest/i);
  assert.ok((await page.textContent(sel('explain-body'))).trim().length > 20);
  assert.deepEqual(page.errors, []);
});

test('a quick fix rewrites the text and its finding goes away', { timeout: 60000 }, async () => {
  const page = await env.open();
  // Legacy `ENV key value` (BuildKit's LegacyKeyValueFormat) has a safe fix to `key=value`.
  await setDockerfile(page, 'FROM alpine:3.19\nENV APP_HOME /app\n');
  const problem = page.locator(sel('problem', { code: 'LegacyKeyValueFormat', line: 2 }));
  await problem.waitFor();
  await problem.locator(sel('fix-button')).first().click();
  await page.waitForSelector(sel('problem', { code: 'LegacyKeyValueFormat' }), { state: 'detached' });
  const text = await page.inputValue(sel('editor-input'));
  assert.match(text, /^FROM alpine:3\.19\nENV APP_HOME="?\/app"?\n$/);
  assert.match(text, /APP_HOME=/);
  assert.deepEqual(await problems(page), cliLint(text));
  assert.deepEqual(page.errors, []);
});

test('every example shows its expected codes, and exactly what the CLI linter reports', { timeout: 240000 }, async () => {
  const page = await env.open();
  const ids = await exampleIds(page);
  const gallery = galleryExamples();
  assert.deepEqual([...ids].sort(), gallery.map((e) => e.id).sort(), 'the select offers every gallery example');
  for (const example of gallery) {
    await chooseExample(page, example.id);
    const shown = await problems(page);
    const codes = new Set(shown.map((p) => p.split('@')[0]));
    for (const code of example.expectedCodes) assert.ok(codes.has(code), `${example.id}: ${code} missing from ${shown}`);
    const dockerfile = await page.inputValue(sel('editor-input'));
    assert.deepEqual(
      await problemsWithSeverity(page),
      cliLintWithSeverity(dockerfile, exampleFiles(example)),
      `${example.id}: browser vs slipway lint (code, line, severity)`,
    );
    // The lesson of the example is shown.
    assert.ok((await page.textContent(sel('lesson'))).trim().length > 40, `${example.id}: lesson`);
    await screenshot(page, `example-${example.id}`);
  }
  await settle(page);
  assert.deepEqual(page.errors, []);
});
