// Languages (switch, remembered across reloads), autosave, reset, and share links opened in a
// fresh browser context.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { chooseExample, openTab, screenshot, sel, setDockerfile, settle, setup, waitReady } from './harness.mjs';

let env;
before(async () => { env = await setup(); });
after(async () => { await env?.close(); });

test('Korean: html lang, Korean UI text, remembered after a reload; back to English', { timeout: 60000 }, async () => {
  const context = await env.newContext();
  const page = await env.open(context);
  assert.equal(await page.getAttribute('html', 'lang'), 'en');
  await page.click(sel('lang-ko'));
  await page.waitForSelector('html[lang="ko"]');
  // The Stage graph tab's Korean label.
  assert.equal((await page.textContent(sel('tab-graph'))).trim(), '스테이지 그래프');
  assert.equal(await page.evaluate(() => localStorage.getItem('slipway.lang')), 'ko');
  await screenshot(page, 'lang-ko');

  await page.reload();
  await waitReady(page);
  assert.equal(await page.getAttribute('html', 'lang'), 'ko');
  assert.equal((await page.textContent(sel('tab-graph'))).trim(), '스테이지 그래프');

  await page.click(sel('lang-en'));
  await page.waitForSelector('html[lang="en"]');
  assert.equal((await page.textContent(sel('tab-graph'))).trim(), 'Stage graph');
  assert.deepEqual(page.errors, []);
});

test('Korean rule docs in the Explain panel', { timeout: 60000 }, async () => {
  const page = await env.open();
  await page.click(sel('lang-ko'));
  await setDockerfile(page, 'FROM ubuntu:latest\n');
  await page.locator(sel('problem', { code: 'DL3007' })).locator(sel('explain-link')).click();
  await page.waitForSelector(sel('panel-explain'));
  const text = await page.textContent(sel('panel-explain'));
  assert.match(text, /[\uac00-\ud7a3]/, 'Hangul in the rule explanation');
  assert.deepEqual(page.errors, []);
});

test('the project is autosaved and survives a reload; reset restores the example', { timeout: 60000 }, async () => {
  const context = await env.newContext();
  const page = await env.open(context);
  await chooseExample(page, 'nginx');
  const example = await page.inputValue(sel('editor-input'));
  const edited = `${example}# my edit\nLABEL autosave=yes\n`;
  await setDockerfile(page, edited);
  assert.ok((await page.evaluate(() => localStorage.getItem('slipway.project'))).includes('autosave=yes'));
  await page.reload();
  await waitReady(page);
  assert.equal(await page.inputValue(sel('editor-input')), edited);

  await page.click(sel('reset-button'));
  await settle(page);
  assert.equal(await page.inputValue(sel('editor-input')), example);
  assert.deepEqual(page.errors, []);
});

test('a share link opened in a fresh context gives the same Dockerfile, files and language', { timeout: 60000 }, async () => {
  const page = await env.open();
  const dockerfile = 'FROM alpine:3.19\n# shared from the e2e test\nCOPY notes.txt /notes.txt\n';
  await setDockerfile(page, dockerfile);
  await openTab(page, 'context');
  await page.fill(sel('context-new-path'), 'notes.txt');
  await page.click(sel('context-add'));
  await page.click(sel('context-file', { path: 'notes.txt' }));
  await page.fill(sel('context-editor'), 'ünïcödé notes 한국어\n');
  await page.click(sel('lang-ko'));
  await page.click(sel('share-button'));
  await page.waitForFunction((s) => document.querySelector(s)?.value.includes('#s='), sel('share-link'));
  const link = await page.inputValue(sel('share-link'));
  assert.ok(link.startsWith(env.url), link);
  assert.match(await page.evaluate(() => location.hash), /^#s=/);

  const fresh = await env.newContext();
  const other = await fresh.newPage();
  other.errors = [];
  other.on('pageerror', (e) => other.errors.push(e.message));
  await other.goto(link);
  await waitReady(other);
  assert.equal(await other.inputValue(sel('editor-input')), dockerfile);
  assert.equal(await other.getAttribute('html', 'lang'), 'ko');
  await openTab(other, 'context');
  await other.click(sel('context-file', { path: 'notes.txt' }));
  assert.equal(await other.inputValue(sel('context-editor')), 'ünïcödé notes 한국어\n');
  await screenshot(other, 'share-opened');
  assert.deepEqual(other.errors, []);
  assert.deepEqual(page.errors, []);
});

test('a corrupt share link shows an error and still opens the playground', { timeout: 60000 }, async () => {
  const context = await env.newContext();
  const page = await context.newPage();
  const uncaught = [];
  page.on('pageerror', (e) => uncaught.push(e.message));
  await page.goto(`${env.url}#s=this-is-not-a-share-link`);
  await waitReady(page);
  await page.waitForSelector(sel('share-error'));
  assert.ok((await page.inputValue(sel('editor-input'))).length > 0, 'falls back to an example');
  assert.deepEqual(uncaught, []);
});
