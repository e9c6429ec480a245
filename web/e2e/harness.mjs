// Shared setup of the end-to-end tests: the `slipway playground` server, Debian's headless
// Chromium through playwright-core, the page's readiness and error collection, screenshots,
// the CLI linter as the oracle for diagnostics, the gallery's expected codes, and a tar reader.

import { spawn, spawnSync } from 'node:child_process';
import { createInterface } from 'node:readline';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const here = dirname(fileURLToPath(import.meta.url));
/** The repository root. */
export const ROOT = resolve(here, '../..');
/** Where screenshots go (gitignored). */
export const ARTIFACTS = join(here, 'artifacts');

/** The slipway binary under test: $SLIPWAY_BIN, else the debug build in target/. */
export const SLIPWAY_BIN = process.env.SLIPWAY_BIN || join(ROOT, 'target/debug/slipway');

/** Chromium's flags: headless, no sandbox (root in CI), nothing that reaches the network. */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--no-first-run',
  '--disable-quic',
  '--disable-component-update',
  '--disable-sync',
];

/** Starts `slipway playground --port 0`; resolves to { url, stop }. */
export function startServer() {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(SLIPWAY_BIN, ['playground', '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk) => { stderr += chunk; });
    child.on('error', reject);
    child.on('exit', (code) => reject(new Error(`slipway playground exited with ${code}: ${stderr}`)));
    const lines = createInterface({ input: child.stdout });
    lines.once('line', (line) => {
      const match = /http:\/\/\S+\//.exec(line);
      if (!match) {
        reject(new Error(`unexpected first line from slipway playground: ${line}`));
        return;
      }
      const stop = () => new Promise((done) => {
        child.removeAllListeners('exit');
        child.once('exit', () => done());
        child.kill();
      });
      resolvePromise({ url: match[0], stop });
    });
  });
}

/** Launches Debian's Chromium. */
export function launchBrowser() {
  return chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
}

/**
 * A server and a browser for one test file: `const env = await setup(); ... await env.close()`.
 * `env.open(context?, path?)` opens the playground in a page that records uncaught exceptions and
 * console errors in `page.errors`, and waits for `body[data-ready=true]`.
 */
export async function setup() {
  const server = await startServer();
  const browser = await launchBrowser();
  const contexts = [];
  async function newContext(options = {}) {
    const context = await browser.newContext({ acceptDownloads: true, viewport: { width: 1400, height: 900 }, ...options });
    contexts.push(context);
    return context;
  }
  async function open(context, path = '') {
    const ctx = context ?? await newContext();
    const page = await ctx.newPage();
    page.setDefaultTimeout(15000);
    page.errors = [];
    page.on('pageerror', (error) => page.errors.push(`pageerror: ${error.message}`));
    page.on('console', (message) => {
      if (message.type() === 'error') page.errors.push(`console: ${message.text()}`);
      // wasm-bindgen's loader warns when the server's Content-Type prevents streaming compilation.
      if (message.type() === 'warning' && /instantiateStreaming|MIME type/.test(message.text())) {
        page.errors.push(`console warning: ${message.text()}`);
      }
    });
    await page.goto(server.url + path);
    await waitReady(page);
    return page;
  }
  async function close() {
    for (const context of contexts) await context.close().catch(() => {});
    await browser.close();
    await server.stop();
  }
  return { url: server.url, browser, newContext, open, close };
}

/** Waits until the app has rendered once. */
export async function waitReady(page) {
  await page.waitForSelector('body[data-ready="true"]', { timeout: 20000 });
}

/** `[data-testid="name"]` plus optional attribute filters: sel('problem', { code: 'DL3007' }). */
export function sel(testid, data = {}) {
  let selector = `[data-testid="${testid}"]`;
  for (const [key, value] of Object.entries(data)) selector += `[data-${key}="${value}"]`;
  return selector;
}

/** Saves a full-page screenshot under artifacts/. */
export async function screenshot(page, name) {
  mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: join(ARTIFACTS, `${name.replace(/[^A-Za-z0-9._-]+/g, '_')}.png`), fullPage: true });
}

/** Replaces the editor's text (as a paste would) and waits for the problems list to settle. */
export async function setDockerfile(page, text) {
  await page.fill(sel('editor-input'), text);
  await settle(page);
}

/** Waits two animation frames: Yew re-renders after the input event's task. */
export async function settle(page) {
  await page.evaluate(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))));
}

/** The problems list as sorted `CODE@LINE` strings. */
export async function problems(page) {
  const items = await page.$$eval(sel('problem'), (nodes) =>
    nodes.map((node) => `${node.getAttribute('data-code')}@${node.getAttribute('data-line')}`));
  return items.sort();
}

/** The problems list as sorted `CODE@LINE:SEVERITY` strings. */
export async function problemsWithSeverity(page) {
  const items = await page.$$eval(sel('problem'), (nodes) => nodes.map((node) =>
    `${node.getAttribute('data-code')}@${node.getAttribute('data-line')}:${node.getAttribute('data-severity')}`));
  return items.sort();
}

/** Chooses an example in the gallery and waits until the editor shows a non-empty Dockerfile. */
export async function chooseExample(page, id) {
  await page.selectOption(sel('example-select'), id);
  await page.waitForFunction((testid) => document.querySelector(testid)?.value.length > 0, sel('editor-input'));
  await settle(page);
}

/** The ids in the gallery's select (the "your own Dockerfile" option has an empty value). */
export async function exampleIds(page) {
  const values = await page.$$eval(`${sel('example-select')} option`, (options) => options.map((o) => o.value));
  return values.filter((value) => value !== '');
}

/** Clicks a tab and waits for its panel. */
export async function openTab(page, name) {
  await page.click(sel(`tab-${name}`));
  await page.waitForSelector(sel(`panel-${name}`));
}

/** The tabs of the DOM contract, in order. */
export const TABS = ['explain', 'graph', 'context', 'cache', 'image'];

/**
 * The gallery's examples as { id, dir, expectedCodes, files } read from the playground crate's
 * data (crates/playground/src/gallery.rs and crates/playground/gallery/<id>/).
 */
export function galleryExamples() {
  const source = readFileSync(join(ROOT, 'crates/playground/src/gallery.rs'), 'utf8');
  const examples = [];
  const pattern = /example!\s*\{\s*id:\s*"([^"]+)"[\s\S]*?files:\s*\[([^\]]*)\][\s\S]*?expected_codes:\s*\[([^\]]*)\]/g;
  for (const match of source.matchAll(pattern)) {
    const strings = (list) => [...list.matchAll(/"([^"]*)"/g)].map((m) => m[1]);
    examples.push({
      id: match[1],
      dir: join(ROOT, 'crates/playground/gallery', match[1]),
      files: strings(match[2]),
      expectedCodes: strings(match[3]),
    });
  }
  return examples;
}

/**
 * What `slipway lint --format json` reports for a Dockerfile in a build context made of `files`
 * ({ path: text }), as sorted `CODE@LINE` strings: the oracle for the browser's problems list.
 */
export function cliLint(dockerfile, files = {}) {
  return cliFindings(dockerfile, files).map((f) => `${f.code}@${f.line}`).sort();
}

/** Like cliLint, as sorted `CODE@LINE:LEVEL` strings. */
export function cliLintWithSeverity(dockerfile, files = {}) {
  return cliFindings(dockerfile, files).map((f) => `${f.code}@${f.line}:${f.level}`).sort();
}

/** The findings of `slipway lint --format json` (hadolint's JSON objects). */
function cliFindings(dockerfile, files) {
  const dir = mkdtempSync(join(tmpdir(), 'slipway-e2e-'));
  try {
    for (const [path, text] of Object.entries(files)) {
      mkdirSync(dirname(join(dir, path)), { recursive: true });
      writeFileSync(join(dir, path), text);
    }
    writeFileSync(join(dir, 'Dockerfile'), dockerfile);
    const result = spawnSync(SLIPWAY_BIN, ['lint', '--format', 'json', '--no-fail', 'Dockerfile'], {
      cwd: dir,
      encoding: 'utf8',
      env: { ...process.env, XDG_CONFIG_HOME: join(dir, '.no-config'), HOME: join(dir, '.no-home') },
    });
    if (result.status !== 0) throw new Error(`slipway lint failed (${result.status}): ${result.stderr}`);
    return JSON.parse(result.stdout);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The context files of a gallery example as { path: text }. */
export function exampleFiles(example) {
  const files = {};
  for (const path of example.files) files[path] = readFileSync(join(example.dir, 'context', path), 'utf8');
  return files;
}

/** Reads a (ustar/pax) tar into [{ name, type, data }]; throws on a malformed archive. */
export function readTar(buffer) {
  const entries = [];
  let offset = 0;
  let paxPath = null;
  let longName = null;
  const field = (block, start, length) => {
    const raw = block.subarray(start, start + length);
    const end = raw.indexOf(0);
    return raw.subarray(0, end === -1 ? length : end).toString('utf8');
  };
  while (offset + 512 <= buffer.length) {
    const header = buffer.subarray(offset, offset + 512);
    if (header.every((byte) => byte === 0)) break;
    const stored = parseInt(field(header, 148, 8).trim() || '0', 8);
    let sum = 0;
    for (let i = 0; i < 512; i++) sum += i >= 148 && i < 156 ? 32 : header[i];
    if (sum !== stored) throw new Error(`bad tar header checksum at offset ${offset}`);
    const size = parseInt(field(header, 124, 12).trim() || '0', 8);
    const type = String.fromCharCode(header[156] || 48);
    const prefix = field(header, 345, 155);
    let name = field(header, 0, 100);
    if (prefix) name = `${prefix}/${name}`;
    const data = buffer.subarray(offset + 512, offset + 512 + size);
    if (data.length !== size) throw new Error(`truncated tar entry ${name}`);
    offset += 512 + Math.ceil(size / 512) * 512;
    if (type === 'x') {
      const path = /\d+ path=([^\n]*)\n/.exec(data.toString('utf8'));
      paxPath = path ? path[1] : null;
      continue;
    }
    if (type === 'L') {
      longName = data.toString('utf8').replace(/\0+$/, '');
      continue;
    }
    if (type === 'g') continue;
    entries.push({ name: (paxPath ?? longName ?? name).replace(/^\.\//, ''), type, data });
    paxPath = null;
    longName = null;
  }
  return entries;
}
