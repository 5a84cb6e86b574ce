// The browser tests' two ways of driving Debian's headless Chromium: playwright-core (from npm),
// or, without npm, its DevTools protocol from plain node. Both offer the same calls: goto,
// reload, fill, setValue (hidden fields too), select, click (no page load awaited: a radio, a
// checkbox), type (key by key, so the page's scripts see input events), press (a key such as Tab
// or Enter), clickAndWait, text, count, attr, evaluate (an expression in the page), focusedId,
// screenshot, download (bytes), status (the HTTP status of the last page loaded), newTab (another
// tab of the same browser, sharing its cookies, with the same calls), noScriptTab (a tab with
// JavaScript off), localeTab (a tab asking for pages in another language), close. Pages are asked for
// in Finnish (Accept-Language fi-FI). Also: the real server binary started on a free port,
// check(), which prints each passed check, and waitFor(), which polls until a condition holds.
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
  const tab = (page) => {
    let lastStatus = 0;
    const keep = (response) => { lastStatus = response ? response.status() : lastStatus; };
    return {
      goto: async (url) => keep(await page.goto(url)),
      reload: async () => keep(await page.reload()),
      fill: (sel, value) => page.fill(sel, value),
      setValue: (sel, value) => page.$eval(sel, (e, v) => { e.value = v; }, value),
      select: (sel, value) => page.selectOption(sel, value),
      click: (sel) => page.click(sel),
      type: (sel, value) => page.locator(sel).pressSequentially(value),
      press: (key) => page.keyboard.press(key),
      clickAndWait: async (sel) => { const [response] = await Promise.all([page.waitForNavigation(), page.click(sel)]); keep(response); },
      pressAndWait: async (key) => { const [response] = await Promise.all([page.waitForNavigation(), page.keyboard.press(key)]); keep(response); },
      text: (sel) => page.innerText(sel),
      count: (sel) => page.locator(sel).count(),
      attr: (sel, name) => page.getAttribute(sel, name),
      evaluate: (expression) => page.evaluate(expression),
      focusedId: () => page.evaluate('document.activeElement ? document.activeElement.id : ""'),
      screenshot: (file, fullPage) => page.screenshot({ path: file, fullPage }),
      resize: (width, height) => page.setViewportSize({ width, height }),
      status: () => lastStatus,
      download: async (sel) => {
        const [download] = await Promise.all([page.waitForEvent('download'), page.click(sel)]);
        return fs.readFileSync(await download.path());
      },
      newTab: async () => tab(await context.newPage()),
      // A tab that runs no page scripts (a browser with JavaScript off); its own cookies here.
      noScriptTab: async () => tab(await (await browser.newContext({ viewport, locale: 'fi-FI', javaScriptEnabled: false })).newPage()),
      // A tab of a browser set to another language (Accept-Language `locale`); its own cookies.
      localeTab: async (locale) => tab(await (await browser.newContext({ viewport, locale })).newPage()),
      close: () => browser.close(),
    };
  };
  return tab(await context.newPage());
}

// Keys press() knows over the DevTools protocol: what Chromium needs to act on them.
const cdpKeys = {
  Tab: { key: 'Tab', code: 'Tab', windowsVirtualKeyCode: 9 },
  Enter: { key: 'Enter', code: 'Enter', windowsVirtualKeyCode: 13, text: '\r' },
  Space: { key: ' ', code: 'Space', windowsVirtualKeyCode: 32, text: ' ' },
};

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
  const pending = new Map();
  const listeners = new Map();  // sessionId -> function(method, params)
  ws.addEventListener('message', (e) => {
    const msg = JSON.parse(e.data);
    if (msg.id && pending.has(msg.id)) {
      const { resolve, reject } = pending.get(msg.id);
      pending.delete(msg.id);
      msg.error ? reject(new Error(JSON.stringify(msg.error))) : resolve(msg.result);
    } else if (msg.method && listeners.has(msg.sessionId)) {
      listeners.get(msg.sessionId)(msg.method, msg.params);
    }
  });
  const send = (method, params = {}, sessionId) => new Promise((resolve, reject) => {
    const id = ++nextId;
    pending.set(id, { resolve, reject });
    ws.send(JSON.stringify({ id, method, params, sessionId }));
  });
  const downloads = fs.mkdtempSync(path.join(work, 'downloads-'));
  await send('Browser.setDownloadBehavior', { behavior: 'allow', downloadPath: downloads });
  const { userAgent } = await send('Browser.getVersion');
  const close = async () => {
    ws.close();
    chrome.kill('SIGTERM');
    await new Promise((r) => chrome.once('exit', r));
    for (const dir of [profile, downloads]) fs.rmSync(dir, { recursive: true, force: true });
  };
  const openTab = async () => {
    const { targetId } = await send('Target.createTarget', { url: 'about:blank' });
    const { sessionId } = await send('Target.attachToTarget', { targetId, flatten: true });
    let lastStatus = 0;
    const waiters = [];
    listeners.set(sessionId, (method, params) => {
      if (method === 'Network.responseReceived' && params.type === 'Document') lastStatus = params.response.status;
      for (const w of waiters.splice(0)) (w.method === method ? w.resolve : () => waiters.push(w))(params);
    });
    const page = (method, params) => send(method, params, sessionId);
    await page('Page.enable');
    await page('Network.enable');
    await page('Emulation.setUserAgentOverride', { userAgent, acceptLanguage: 'fi-FI,fi' });
    const metrics = (width, height) => page('Emulation.setDeviceMetricsOverride', { width, height, deviceScaleFactor: 1, mobile: false });
    await metrics(viewport.width, viewport.height);
    const evaluate = async (expression) => {
      const r = await page('Runtime.evaluate', { expression, returnByValue: true, awaitPromise: true });
      if (r.exceptionDetails) throw new Error(r.exceptionDetails.text + ' in ' + expression);
      return r.result.value;
    };
    const q = (sel) => `document.querySelector(${JSON.stringify(sel)})`;
    const loaded = () => new Promise((resolve) => waiters.push({ method: 'Page.loadEventFired', resolve }));
    const press = async (name) => {
      const key = cdpKeys[name];
      await page('Input.dispatchKeyEvent', { type: key.text ? 'keyDown' : 'rawKeyDown', ...key });
      await page('Input.dispatchKeyEvent', { type: 'keyUp', ...key, text: undefined });
    };
    return {
      goto: async (url) => { const l = loaded(); await page('Page.navigate', { url }); await l; },
      reload: async () => { const l = loaded(); await page('Page.reload', {}); await l; },
      fill: (sel, value) => evaluate(`${q(sel)}.value = ${JSON.stringify(value)}`),
      setValue: (sel, value) => evaluate(`${q(sel)}.value = ${JSON.stringify(value)}`),
      select: (sel, value) => evaluate(`${q(sel)}.value = ${JSON.stringify(value)}`),
      click: (sel) => evaluate(`${q(sel)}.click()`),
      type: async (sel, value) => {
        await evaluate(`${q(sel)}.focus()`);
        for (const c of value) await page('Input.insertText', { text: c });
      },
      press,
      session: page,
      clickAndWait: async (sel) => { const l = loaded(); await evaluate(`${q(sel)}.click()`); await l; },
      pressAndWait: async (key) => { const l = loaded(); await press(key); await l; },
      text: (sel) => evaluate(`${q(sel)}.innerText`),
      count: (sel) => evaluate(`document.querySelectorAll(${JSON.stringify(sel)}).length`),
      attr: (sel, name) => evaluate(`${q(sel)}.getAttribute(${JSON.stringify(name)})`),
      evaluate,
      focusedId: () => evaluate('document.activeElement ? document.activeElement.id : ""'),
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
      newTab: openTab,
      // Scripts off in a new tab; with this driver it shares the browser's cookies.
      noScriptTab: async () => {
        const t = await openTab();
        await t.session('Emulation.setScriptExecutionDisabled', { value: true });
        return t;
      },
      localeTab: async (locale) => {
        const t = await openTab();
        await t.session('Emulation.setUserAgentOverride', { userAgent, acceptLanguage: `${locale},${locale.slice(0, 2)}` });
        return t;
      },
      close,
    };
  };
  return openTab();
}

function check(condition, what) {
  if (!condition) throw new Error('FAILED: ' + what);
  console.log('ok - ' + what);
}

// Polls `condition` (async, answers true when it holds) every 100 ms for up to `ms`; false when
// it never held.
async function waitFor(condition, ms) {
  for (const end = Date.now() + ms; Date.now() < end; await new Promise((r) => setTimeout(r, 100))) {
    if (await condition()) return true;
  }
  return condition();
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

// A leader of the demo signs in at /leaders/ (the sign-out form then on the page), and out again.
const leaderDemoPassword = 'Johtaja-demo-2026';
async function leaderSignIn(b, base, staff) {
  await b.goto(base + '/leaders/');
  await b.fill('#staff', staff);
  await b.fill('#password', leaderDemoPassword);
  await b.clickAndWait('form[action="/leaders/login"] button[type="submit"]');
  check(b.status() === 200 && await b.count('form[action="/leaders/logout"]') === 1, `${staff} signs in`);
}
async function leaderSignOut(b) {
  await b.clickAndWait('form[action="/leaders/logout"] button[type="submit"]');
}

// A browser test's run: the server started on a fresh data folder (`prepare` runs its operator
// commands first), the driver opened, `scenario(b, base)` run, and everything stopped and removed
// however it ends; a failure prints its stack and exits 1. `driverName, server, assets, work` are
// the test's own arguments.
function runBrowserTest({ driverName, server, assets, work }, prepare, scenario) {
  (async () => {
    const dataDir = fs.mkdtempSync(path.join(work, 'server-'));
    const { child, base } = await startServer(server, assets, dataDir, prepare);
    let b;
    try {
      b = driverName === 'cdp' ? await cdpDriver(work) : await playwrightDriver(work);
      console.log(`driver: ${driverName}; server: ${base}`);
      await scenario(b, base);
    } finally {
      if (b) await b.close();
      child.kill('SIGTERM');
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  })().catch((e) => { console.error(e.stack || String(e)); process.exit(1); });
}

module.exports = { playwrightDriver, cdpDriver, startServer, runBrowserTest, check, waitFor, leaderSignIn, leaderSignOut, leaderDemoPassword };
