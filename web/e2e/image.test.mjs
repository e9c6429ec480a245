// The Image panel: the emulated build's layers, file tree markers, config and history, and the
// OCI tar download validated byte by byte (and by umoci when it is installed).

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { chooseExample, openTab, readTar, screenshot, sel, setDockerfile, settle, setup } from './harness.mjs';

let env;
before(async () => { env = await setup(); });
after(async () => { await env?.close(); });

const DOCKERFILE = [
  'FROM scratch',
  'COPY hello.txt /srv/hello.txt',
  'ENV GREETING=hi',
  'WORKDIR /srv',
  'USER 1000',
  'EXPOSE 8080',
  'CMD ["cat", "/srv/hello.txt"]',
  '',
].join('\n');
const HELLO = 'hello from the playground\n';

async function buildCustomImage(page) {
  await setDockerfile(page, DOCKERFILE);
  await openTab(page, 'context');
  await page.fill(sel('context-new-path'), 'hello.txt');
  await page.click(sel('context-add'));
  await page.click(sel('context-file', { path: 'hello.txt' }));
  await page.fill(sel('context-editor'), HELLO);
  await settle(page);
  await openTab(page, 'image');
  await page.click(sel('image-build'));
  await page.waitForSelector(`${sel('image-config')}, ${sel('image-error')}`);
  assert.equal(await page.locator(sel('image-error')).count(), 0, await page.textContent(sel('panel-image')));
}

/** Parses an OCI layout tar and checks it: every blob's sha256 is its name; returns the parts. */
function validateOciTar(bytes) {
  const entries = readTar(bytes);
  const files = new Map(entries.filter((e) => e.type === '0' || e.type === '\0').map((e) => [e.name, e.data]));
  assert.ok(files.has('oci-layout'), `oci-layout in ${[...files.keys()]}`);
  assert.equal(JSON.parse(files.get('oci-layout')).imageLayoutVersion, '1.0.0');
  assert.ok(files.has('index.json'), 'index.json');
  const blobs = [...files.keys()].filter((name) => name.startsWith('blobs/'));
  assert.ok(blobs.length >= 3, 'manifest, config and at least one layer');
  for (const name of blobs) {
    const match = /^blobs\/sha256\/([0-9a-f]{64})$/.exec(name);
    assert.ok(match, `blob name ${name}`);
    assert.equal(createHash('sha256').update(files.get(name)).digest('hex'), match[1], `digest of ${name}`);
  }
  const blob = (descriptor) => {
    const data = files.get(`blobs/${descriptor.digest.replace(':', '/')}`);
    assert.ok(data, `blob ${descriptor.digest} present`);
    assert.equal(data.length, descriptor.size, `size of ${descriptor.digest}`);
    return data;
  };
  const index = JSON.parse(files.get('index.json'));
  assert.equal(index.schemaVersion, 2);
  assert.equal(index.manifests.length, 1);
  const manifest = JSON.parse(blob(index.manifests[0]));
  const config = JSON.parse(blob(manifest.config));
  const layers = manifest.layers.map((descriptor) => {
    const data = blob(descriptor);
    const tar = descriptor.mediaType.endsWith('+gzip') ? gunzipSync(data) : data;
    return readTar(tar);
  });
  return { index, manifest, config, layers };
}

test('the emulated build shows layers, tree markers, config and history; the OCI tar is valid', { timeout: 120000 }, async () => {
  const page = await env.open();
  await buildCustomImage(page);

  // One layer, from the COPY (WORKDIR /srv already exists, the rest only changes the config).
  const layerItems = await page.$$eval(sel('layer-item'), (nodes) => nodes.map((n) => n.getAttribute('data-index')));
  assert.ok(layerItems.length >= 1);
  await page.click(sel('layer-item', { index: layerItems[0] }));
  await settle(page);
  const entries = await page.$$eval(sel('image-entry'), (nodes) =>
    nodes.map((n) => [n.getAttribute('data-path'), n.getAttribute('data-marker')]));
  const hello = entries.find(([path]) => path.replace(/^\//, '') === 'srv/hello.txt');
  assert.ok(hello, `srv/hello.txt in ${JSON.stringify(entries)}`);
  assert.equal(hello[1], 'added', 'the first layer adds its files to an empty image');

  const config = await page.textContent(sel('image-config'));
  for (const expected of ['GREETING=hi', '/srv', '1000', '8080', 'cat']) assert.ok(config.includes(expected), `${expected} in ${config}`);
  const history = await page.$$eval(sel('history-row'), (nodes) => nodes.map((n) => n.textContent));
  assert.ok(history.some((row) => row.includes('hello.txt')), `COPY in the history: ${history}`);
  assert.ok(history.some((row) => row.includes('GREETING')), `ENV in the history: ${history}`);
  await screenshot(page, 'image-custom');

  const [download] = await Promise.all([page.waitForEvent('download'), page.click(sel('image-download'))]);
  assert.equal(download.suggestedFilename(), 'image.oci.tar');
  const dir = mkdtempSync(join(tmpdir(), 'slipway-e2e-oci-'));
  try {
    const path = join(dir, 'image.oci.tar');
    await download.saveAs(path);
    const bytes = readFileSync(path);
    const oci = validateOciTar(bytes);
    assert.equal(oci.manifest.layers.length, layerItems.length, 'a layer in the tar for each layer in the panel');
    assert.deepEqual(oci.config.config.Cmd, ['cat', '/srv/hello.txt']);
    assert.ok(oci.config.config.Env.includes('GREETING=hi'));
    assert.equal(oci.config.config.WorkingDir, '/srv');
    assert.equal(oci.config.config.User, '1000');
    assert.ok('8080/tcp' in oci.config.config.ExposedPorts);
    const copied = oci.layers.flat().find((e) => e.name.replace(/^\//, '') === 'srv/hello.txt');
    assert.ok(copied, 'srv/hello.txt in a layer');
    assert.equal(copied.data.toString('utf8'), HELLO);
    umociUnpack(bytes, oci.index, dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  assert.deepEqual(page.errors, []);
});

/** When umoci is installed, unpacks the layout with it and checks the file it wrote. */
function umociUnpack(bytes, index, dir) {
  if (spawnSync('umoci', ['--version']).status !== 0) {
    console.log('# note: umoci is not installed; the OCI tar was checked by the test alone');
    return;
  }
  const layout = join(dir, 'layout');
  for (const entry of readTar(bytes)) {
    if (entry.type !== '0' && entry.type !== '\0') continue;
    mkdirSync(dirname(join(layout, entry.name)), { recursive: true });
    writeFileSync(join(layout, entry.name), entry.data);
  }
  mkdirSync(join(layout, 'blobs/sha256'), { recursive: true });
  let ref = index.manifests[0].annotations?.['org.opencontainers.image.ref.name'];
  if (!ref) {
    // umoci addresses images by tag: give the layout's only manifest one.
    ref = 'e2e';
    const tagged = { ...index, manifests: [{ ...index.manifests[0], annotations: { 'org.opencontainers.image.ref.name': ref } }] };
    writeFileSync(join(layout, 'index.json'), JSON.stringify(tagged));
  }
  const bundle = join(dir, 'bundle');
  const result = spawnSync('umoci', ['unpack', '--rootless', '--image', `${layout}:${ref}`, bundle], { encoding: 'utf8' });
  assert.equal(result.status, 0, `umoci unpack: ${result.stderr}`);
  assert.equal(readFileSync(join(bundle, 'rootfs/srv/hello.txt'), 'utf8'), HELLO);
}

test('every example builds in the Image panel without an error', { timeout: 300000 }, async () => {
  const page = await env.open();
  const ids = await page.$$eval(`${sel('example-select')} option`, (o) => o.map((x) => x.value).filter(Boolean));
  const failures = [];
  for (const id of ids) {
    await chooseExample(page, id);
    await openTab(page, 'image');
    await page.click(sel('image-build'));
    await page.waitForSelector(`${sel('image-config')}, ${sel('image-error')}`, { timeout: 60000 });
    await screenshot(page, `image-${id}`);
    const error = page.locator(sel('image-error'));
    if (await error.count() > 0) {
      failures.push(`${id}: ${await error.first().textContent()}`);
      continue;
    }
    if (await page.locator(sel('history-row')).count() === 0) failures.push(`${id}: no history`);
  }
  assert.deepEqual(failures, []);
  assert.deepEqual(page.errors, []);
});
