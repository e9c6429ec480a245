// Every panel on every example in both languages renders without error text, uncaught
// exceptions or console errors; a screenshot of each is kept under artifacts/.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { TABS, chooseExample, exampleIds, openTab, screenshot, sel, setup } from './harness.mjs';

let env;
before(async () => { env = await setup(); });
after(async () => { await env?.close(); });

/** What each panel must show once it has worked on an example. */
async function exercise(page, tab) {
  switch (tab) {
    case 'explain': {
      // Put the cursor on the first instruction: the panel explains it.
      await page.focus(sel('editor-input'));
      await page.evaluate((s) => {
        const input = document.querySelector(s);
        const offset = input.value.search(/^FROM/m);
        input.setSelectionRange(offset + 1, offset + 1);
        input.dispatchEvent(new Event('select', { bubbles: true }));
        input.dispatchEvent(new KeyboardEvent('keyup', { bubbles: true, key: 'ArrowRight' }));
        input.dispatchEvent(new MouseEvent('click', { bubbles: true }));
      }, sel('editor-input'));
      // The explanation replaces the "nothing under the cursor" text (en and ko).
      await page.waitForFunction((s) => {
        const title = document.querySelector(s)?.textContent.trim() ?? '';
        return title !== '' && title !== 'Nothing under the cursor' && title !== '커서 아래에 명령어가 없습니다';
      }, sel('explain-title'));
      assert.ok((await page.textContent(sel('explain-body'))).trim().length > 0, 'explanation body');
      break;
    }
    case 'graph':
      assert.ok(await page.locator(sel('stage-node')).count() > 0, 'stage nodes');
      break;
    case 'context':
      break;
    case 'cache':
      await page.click(sel('cache-remember'));
      await page.waitForSelector(`${sel('cache-table')}, ${sel('cache-error')}`);
      assert.ok(await page.locator(sel('cache-row')).count() > 0, 'cache rows');
      break;
    case 'image':
      await page.click(sel('image-build'));
      await page.waitForSelector(`${sel('image-config')}, ${sel('image-error')}`, { timeout: 60000 });
      break;
    default:
      throw new Error(`unknown tab ${tab}`);
  }
}

for (const lang of ['en', 'ko']) {
  test(`every panel on every example in ${lang}`, { timeout: 600000 }, async () => {
    const page = await env.open();
    await page.click(sel(`lang-${lang}`));
    await page.waitForSelector(`html[lang="${lang}"]`);
    const ids = await exampleIds(page);
    assert.ok(ids.length >= 10, `the gallery has its ten examples: ${ids}`);
    // Every (example, panel) is tried; the failures are listed together at the end.
    const failures = [];
    for (const id of ids) {
      await chooseExample(page, id);
      for (const tab of TABS) {
        try {
          await openTab(page, tab);
          await exercise(page, tab);
          const panel = page.locator(sel(`panel-${tab}`));
          assert.ok((await panel.textContent()).trim().length > 0, 'empty panel');
          const errors = await panel.locator('[data-testid$="-error"], .error').allTextContents();
          assert.deepEqual(errors, [], 'error text');
        } catch (error) {
          failures.push(`${id}/${tab}/${lang}: ${error.message.split('\n')[0]} ${error.actual ? JSON.stringify(error.actual) : ''}`);
        }
        await screenshot(page, `panel-${lang}-${id}-${tab}`);
      }
    }
    assert.deepEqual(failures, [], `${lang}: panels that did not work`);
    assert.deepEqual(page.errors, [], `${lang}: uncaught errors or console errors`);
  });
}
