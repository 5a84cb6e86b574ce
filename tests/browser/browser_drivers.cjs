// The browser tests' two ways of driving Debian's headless Chromium: playwright-core (from npm),
// or, without npm, its DevTools protocol from plain node. Both offer the same calls: goto,
// fill, setValue (hidden fields too), select, clickAndWait, text, count, attr, screenshot,
// download (bytes), status (the HTTP status of the last page loaded), close. Pages are asked for
// in Finnish (Accept-Language fi-FI). Also: the real server binary started on a free port, and
// check(), which prints each passed check.
'use strict';
const { spawn, execFileSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const chromiumArgs = ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--font-render-hinting=none'];
const viewport = { width: 1280, height: 900 };

async function playwrightDriver(work) {
  const { chromium } = require(path.join(work, 'node_modules', 'playwright-core'));
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: chromiumArgs });
  const context = await browser.newContext({ viewport, acceptDownloads: true, locale: 'fi-FI' });
  const page = await context.newPage();
  let lastStatus = 0;
  const keep = (response) => { lastStatus = response ? response.status() : lastStatus; };
  return {
    goto: async (url) => keep(await page.goto(url)),
    fill: (sel, value) => page.fill(sel, value),
    setValue: (sel, value) => page.$eval(sel, (e, v) => { e.value = v; }, value),
    select: (sel, value) => page.selectOption(sel, value),
    clickAndWait: async (sel) => { const [response] = await Promise.all([page.waitForNavigation(), page.click(sel)]); keep(response); },
    text: (sel) => page.innerText(sel),
    count: (sel) => page.locator(sel).count(),
    attr: (sel, name) => page.getAttribute(sel, name),
    screenshot: (file, fullPage) => page.screenshot({ path: file, fullPage }),
    resize: (width, height) => page.setViewportSize({ width, height }),
    status: () => lastStatus,
    download: async (sel) => {
      const [download] = await Promise.all([page.waitForEvent('download'), page.click(sel)]);
      return fs.readFileSync(await download.path());
    },
    close: () => browser.close(),
  };
}

async function cdpDriver(work) {
  const profile = fs.mkdtempSync(path.join(work, 'profile-'));
  const chrome = spawn('/usr/bin/chromium', [...chromiumArgs, '--remote-debugging-port=0', `--user-data-dir=${profile}`,
    `--window-size=${viewport.width},${viewport.height}`, 'about:blank'], { stdio: ['ignore', 'ignore', 'pipe'] });
  const wsUrl = await new Promise((resolve, reject) => {
    let err = '';
    chrome.stderr.on('data', (d) => { err += d; const m = /DevTools listening on (ws:\S+)/.exec(err); if (m) resolve(m[1]); });
    setTimeout(() => reject(new Error('chromium did not start: ' + err)), 20000);
  });
  const ws = new WebSocket(wsUrl);
  await new Promise((resolve) => ws.addEventListener('open', resolve));
  let nextId = 0;
  let lastStatus = 0;
  const pending = new Map();
  const waiters = [];
  ws.addEventListener('message', (e) => {
    const msg = JSON.parse(e.data);
    if (msg.id && pending.has(msg.id)) {
      const { resolve, reject } = pending.get(msg.id);
      pending.delete(msg.id);
      msg.error ? reject(new Error(JSON.stringify(msg.error))) : resolve(msg.result);
    } else if (msg.method) {
      if (msg.method === 'Network.responseReceived' && msg.params.type === 'Document') lastStatus = msg.params.response.status;
      for (const w of waiters.splice(0)) (w.method === msg.method ? w.resolve : (x) => waiters.push(w))(msg.params);
    }
  });
  const send = (method, params = {}, sessionId) => new Promise((resolve, reject) => {
    const id = ++nextId;
    pending.set(id, { resolve, reject });
    ws.send(JSON.stringify({ id, method, params, sessionId }));
  });
  const event = (method) => new Promise((resolve) => waiters.push({ method, resolve }));
  const downloads = fs.mkdtempSync(path.join(work, 'downloads-'));
  await send('Browser.setDownloadBehavior', { behavior: 'allow', downloadPath: downloads });
  const { targetId } = await send('Target.createTarget', { url: 'about:blank' });
  const { sessionId } = await send('Target.attachToTarget', { targetId, flatten: true });
  const page = (method, params) => send(method, params, sessionId);
  await page('Page.enable');
  await page('Network.enable');
  const { userAgent } = await send('Browser.getVersion');
  await page('Emulation.setUserAgentOverride', { userAgent, acceptLanguage: 'fi-FI,fi' });
  const metrics = (width, height) => page('Emulation.setDeviceMetricsOverride', { width, height, deviceScaleFactor: 1, mobile: false });
  await metrics(viewport.width, viewport.height);
  const evaluate = async (expression) => {
    const r = await page('Runtime.evaluate', { expression, returnByValue: true, awaitPromise: true });
    if (r.exceptionDetails) throw new Error(r.exceptionDetails.text + ' in ' + expression);
    return r.result.value;
  };
  const q = (sel) => `document.querySelector(${JSON.stringify(sel)})`;
  const loaded = () => event('Page.loadEventFired');
  return {
    goto: async (url) => { const l = loaded(); await page('Page.navigate', { url }); await l; },
    fill: (sel, value) => evaluate(`${q(sel)}.value = ${JSON.stringify(value)}`),
    setValue: (sel, value) => evaluate(`${q(sel)}.value = ${JSON.stringify(value)}`),
    select: (sel, value) => evaluate(`${q(sel)}.value = ${JSON.stringify(value)}`),
    clickAndWait: async (sel) => { const l = loaded(); await evaluate(`${q(sel)}.click()`); await l; },
    text: (sel) => evaluate(`${q(sel)}.innerText`),
    count: (sel) => evaluate(`document.querySelectorAll(${JSON.stringify(sel)}).length`),
    attr: (sel, name) => evaluate(`${q(sel)}.getAttribute(${JSON.stringify(name)})`),
    screenshot: async (file, fullPage) => {
      const r = await page('Page.captureScreenshot', { format: 'png', captureBeyondViewport: !!fullPage });
      fs.writeFileSync(file, Buffer.from(r.data, 'base64'));
    },
    resize: (width, height) => metrics(width, height),
    status: () => lastStatus,
    download: async (sel) => {
      await evaluate(`${q(sel)}.click()`);
      for (let i = 0; i < 100; ++i) {
        const done = fs.readdirSync(downloads).filter((f) => !f.endsWith('.crdownload'));
        if (done.length) return fs.readFileSync(path.join(downloads, done[0]));
        await new Promise((r) => setTimeout(r, 100));
      }
      throw new Error('no download arrived');
    },
    close: async () => {
      ws.close();
      chrome.kill('SIGTERM');
      await new Promise((r) => chrome.once('exit', r));
      for (const dir of [profile, downloads]) fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

function check(condition, what) {
  if (!condition) throw new Error('FAILED: ' + what);
  console.log('ok - ' + what);
}

// Runs `prepare(run)` (run: one subcommand of the server, with optional standard input; answers
// its output), then serves on a free loopback port. Resolves to { child, base, run }.
function startServer(server, assets, dataDir, prepare) {
  const run = (args, input) => execFileSync(server, ['--data', dataDir, '--assets', assets, ...args], { input, stdio: ['pipe', 'pipe', 'inherit'] }).toString();
  prepare(run);
  const child = spawn(server, ['--data', dataDir, '--assets', assets, 'serve', '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  child.stderr.on('data', (d) => { log += d; });
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error('the server did not start: ' + out + log)), 20000);
    child.stdout.on('data', (d) => {
      out += d;
      const m = /listening on ([\d.]+):(\d+)/.exec(out);
      if (m) { clearTimeout(timer); resolve({ child, base: `http://${m[1]}:${m[2]}`, run, log: () => log }); }
    });
    child.on('exit', (code) => reject(new Error('the server exited with ' + code + ': ' + log)));
  });
}

module.exports = { playwrightDriver, cdpDriver, startServer, check };
