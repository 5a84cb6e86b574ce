// HR's page in a real headless Chromium against the real server binary: sign in through the
// form, see completion and the aggregates with suppressed groups, download the completion CSV and
// check its bytes, move a training plan through steps with the page's own forms, and take the
// README's screenshots. Driven by playwright-core, or (without npm) by the DevTools protocol.
// Usage: node hr_page_test.cjs playwright|cdp SERVER ASSETS WORK_DIR SCREENSHOT_DIR
'use strict';
const { spawn, execFileSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const [driverName, server, assets, work, shots] = process.argv.slice(2);
const chromiumArgs = ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--font-render-hinting=none'];
const viewport = { width: 1280, height: 900 };

function check(condition, what) {
  if (!condition) throw new Error('FAILED: ' + what);
  console.log('ok - ' + what);
}

// [server] ---------------------------------------------------------------------------------------
function startServer(dataDir) {
  const run = (args, input) => execFileSync(server, ['--data', dataDir, '--assets', assets, ...args], { input, stdio: ['pipe', 'pipe', 'inherit'] });
  run(['init', '--demo']);
  run(['hr-user', 'testi.henkilosto'], 'Selaintesti-salasana-2026\n');
  const child = spawn(server, ['--data', dataDir, '--assets', assets, 'serve', '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  child.stderr.on('data', (d) => { log += d; });
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error('the server did not start: ' + out + log)), 20000);
    child.stdout.on('data', (d) => {
      out += d;
      const m = /listening on ([\d.]+):(\d+)/.exec(out);
      if (m) { clearTimeout(timer); resolve({ child, base: `http://${m[1]}:${m[2]}` }); }
    });
    child.on('exit', (code) => reject(new Error('the server exited with ' + code + ': ' + log)));
  });
}

// [drivers] --------------------------------------------------------------------------------------
// Both offer: goto, fill, clickAndWait, text, count, attr, screenshot, download (bytes), close.
async function playwrightDriver() {
  const { chromium } = require(path.join(work, 'node_modules', 'playwright-core'));
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: chromiumArgs });
  const context = await browser.newContext({ viewport, acceptDownloads: true, locale: 'fi-FI' });
  const page = await context.newPage();
  return {
    goto: (url) => page.goto(url),
    fill: (sel, value) => page.fill(sel, value),
    select: (sel, value) => page.selectOption(sel, value),
    clickAndWait: (sel) => Promise.all([page.waitForNavigation(), page.click(sel)]),
    text: (sel) => page.innerText(sel),
    count: (sel) => page.locator(sel).count(),
    attr: (sel, name) => page.getAttribute(sel, name),
    screenshot: (file, fullPage) => page.screenshot({ path: file, fullPage }),
    download: async (sel) => {
      const [download] = await Promise.all([page.waitForEvent('download'), page.click(sel)]);
      return fs.readFileSync(await download.path());
    },
    close: () => browser.close(),
  };
}

async function cdpDriver() {
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
  const waiters = [];
  ws.addEventListener('message', (e) => {
    const msg = JSON.parse(e.data);
    if (msg.id && pending.has(msg.id)) {
      const { resolve, reject } = pending.get(msg.id);
      pending.delete(msg.id);
      msg.error ? reject(new Error(JSON.stringify(msg.error))) : resolve(msg.result);
    } else if (msg.method) {
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
  await page('Emulation.setDeviceMetricsOverride', { ...viewport, deviceScaleFactor: 1, mobile: false });
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
    select: (sel, value) => evaluate(`${q(sel)}.value = ${JSON.stringify(value)}`),
    clickAndWait: async (sel) => { const l = loaded(); await evaluate(`${q(sel)}.click()`); await l; },
    text: (sel) => evaluate(`${q(sel)}.innerText`),
    count: (sel) => evaluate(`document.querySelectorAll(${JSON.stringify(sel)}).length`),
    attr: (sel, name) => evaluate(`${q(sel)}.getAttribute(${JSON.stringify(name)})`),
    screenshot: async (file, fullPage) => {
      const r = await page('Page.captureScreenshot', { format: 'png', captureBeyondViewport: !!fullPage });
      fs.writeFileSync(file, Buffer.from(r.data, 'base64'));
    },
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

// [scenario] -------------------------------------------------------------------------------------
async function scenario(b, base) {
  // Login CSRF: a page elsewhere (here a file) posts the sign-in form with an account of its own.
  const attacker = path.join(work, 'attacker.html');
  fs.writeFileSync(attacker, `<!doctype html><form method="post" action="${base}/hr/login">` +
    '<input type="hidden" name="username" value="testi.henkilosto">' +
    '<input type="hidden" name="password" value="Selaintesti-salasana-2026">' +
    '<button type="submit">Avaa</button></form>');
  await b.goto('file://' + attacker);
  await b.clickAndWait('button[type="submit"]');
  check(await b.count('#completion') === 0, 'a sign-in form posted from another origin signs nobody in');
  await b.goto(base + '/hr/?year=2026');
  check(await b.count('#completion') === 0, 'after the forged post the browser still has no session');

  await b.goto(base + '/hr/?year=2026');
  check(await b.count('input[name="password"]') === 1, 'without a session the page asks to sign in');
  await b.fill('input[name="username"]', 'testi.henkilosto');
  await b.fill('input[name="password"]', 'Selaintesti-salasana-2026');
  await b.clickAndWait('form[action="/hr/login"] button[type="submit"]');
  check(await b.count('#completion') === 1, 'signing in through the form shows the HR page');

  await b.goto(base + '/hr/?year=2026');
  const completion = await b.text('#completion');
  check(/Päiväkoti Satakieli\s+Tiina Kallio\s+8\s+0\s+8\s+0\s+0/.test(completion), 'completion: Satakieli has 8 due and 8 submitted');
  const suppressed = await b.text('#aggregates');
  check(await b.count('#aggregates tr.suppressed') >= 2, 'aggregates: two groups are hidden');
  check(suppressed.includes('alle vähimmäiskoon'), 'aggregates: the small unit is hidden as under the minimum size');
  check(suppressed.includes('piilotettu, jottei pienempi ryhmä paljastu'), 'aggregates: its neighbour is hidden so it cannot be subtracted');
  check(!suppressed.includes('Esimerkkivastaus'), 'aggregates: no free text');
  await b.screenshot(path.join(shots, 'hr_page.png'), false);

  const csv = await b.download('a[href^="/hr/export/completion.csv"]');
  check(csv[0] === 0xef && csv[1] === 0xbb && csv[2] === 0xbf, 'CSV download starts with the UTF-8 BOM');
  const lines = csv.subarray(3).toString('utf8').split('\r\n');
  check(lines[0] === 'Palvelualue;Yksikkö;Esihenkilö;Vuorossa;Luonnos;Lähetetty;Osuus %;Käyty;Sovittu;Myöhässä', 'CSV header: semicolons, Finnish');
  check(lines.includes('Kasvatus ja opetus;Päiväkoti Satakieli;Tiina Kallio;8;0;8;100,0;0;0;0'), 'CSV row with a decimal comma');

  await b.clickAndWait('#plans a[href*="scope=kasvatus_ja_opetus"]');
  check(await b.attr('#plan-state', 'data-state') === 'draft', 'the service area plan starts as a draft');
  await b.fill('#form-add-training input[name="name"]', 'Digiosaamisen perusteet');
  await b.select('#form-add-training select[name="competence"]', 'staff.technology_and_digital');
  await b.select('#form-add-training select[name="method"]', 'webinars');
  await b.fill('#form-add-training input[name="audience"]', 'Varhaiskasvatuksen henkilöstö');
  await b.fill('#form-add-training input[name="timing"]', 'Syksy 2026');
  await b.fill('#form-add-training input[name="responsible"]', 'Henkilöstöpalvelut');
  await b.clickAndWait('#form-add-training button[type="submit"]');
  const trainings = await b.text('#plan-trainings');
  check(trainings.includes('Digiosaamisen perusteet') && trainings.includes('Webinaarit'), 'a training is added to the plan');
  await b.clickAndWait('#form-compile button[type="submit"]');
  check(await b.attr('#plan-state', 'data-state') === 'compiled', 'HR compiles the plan');
  check(await b.count('#plan-needs tr') > 1, 'the compiled plan lists prioritised needs');
  await b.fill('#form-review input[name="reference"]', 'JR 14.10.2026 § 7');
  await b.clickAndWait('#form-review button[type="submit"]');
  check(await b.attr('#plan-state', 'data-state') === 'reviewed', 'the management group review is recorded');
  const history = await b.text('#plan-history');
  check(history.includes('JR 14.10.2026 § 7') && history.includes('testi.henkilosto'), 'the history shows who, the meeting and when');
  await b.screenshot(path.join(shots, 'hr_plan.png'), true);
}

(async () => {
  const dataDir = fs.mkdtempSync(path.join(work, 'server-'));
  const { child, base } = await startServer(dataDir);
  let b;
  try {
    b = driverName === 'cdp' ? await cdpDriver() : await playwrightDriver();
    console.log(`driver: ${driverName}; server: ${base}`);
    await scenario(b, base);
    console.log('all HR page checks passed; screenshots in ' + shots);
  } finally {
    if (b) await b.close();
    child.kill('SIGTERM');
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
})().catch((e) => { console.error(e.stack || String(e)); process.exit(1); });
