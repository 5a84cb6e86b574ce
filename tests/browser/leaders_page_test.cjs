// The leaders' pages in a real headless Chromium against the real server binary: a principal's
// first sign-in with the operator's one-time code; a daycare director sees her staff's stages,
// reads a submitted pre-form and makes a PIN code on a printable slip; the refusals (a colleague,
// a leader of another service area, a signed-out browser; by direct URL and by forged POST) come
// with their status and nothing of what was refused; the language switch; a phone-sized window.
// Takes the README's screenshots (in Finnish).
// Usage: node leaders_page_test.cjs playwright|cdp SERVER ASSETS WORK_DIR SCREENSHOT_DIR
'use strict';
const fs = require('node:fs');
const path = require('node:path');

const [driverName, server, assets, work, shots] = process.argv.slice(2);
const { runBrowserTest, check } = require('./browser_drivers.cjs');
const demoPassword = 'Johtaja-demo-2026';

async function signIn(b, base, staff, password) {
  await b.goto(base + '/leaders/');
  await b.fill('#staff', staff);
  await b.fill('#password', password);
  await b.clickAndWait('form[action="/leaders/login"] button[type="submit"]');
}

async function signOut(b) {
  await b.clickAndWait('form[action="/leaders/logout"] button[type="submit"]');
}

// A page elsewhere (here a file) that posts a form to the server when its button is clicked.
async function forgedPost(b, base, action, fields) {
  const file = path.join(work, 'forged.html');
  fs.writeFileSync(file, `<!doctype html><form method="post" action="${base}${action}">` +
    Object.entries(fields).map(([k, v]) => `<input type="hidden" name="${k}" value="${v}">`).join('') +
    '<button type="submit">Avaa</button></form>');
  await b.goto('file://' + file);
  await b.clickAndWait('button[type="submit"]');
}

async function firstSignIn(b, base, code) {
  await b.goto(base + '/leaders/');
  await b.screenshot(path.join(shots, 'leaders_signin.png'), false);
  await b.clickAndWait('a[href="/leaders/activate"]');
  await b.fill('#staff', '2004');
  await b.fill('#code', code);
  check(await b.attr('#password', 'minlength') === '12', 'the browser itself asks for at least 12 characters');
  await b.fill('#password', 'Rehtorin-oma-salasana');
  await b.fill('#confirm', 'Rehtorin-toinen-salasana');
  await b.clickAndWait('form[action="/leaders/activate"] button[type="submit"]');
  check(b.status() === 400 && await b.count('#confirm-error') === 1, 'passwords that differ are refused, said next to the field');
  await b.fill('#staff', '2004');
  await b.fill('#code', code);
  await b.fill('#password', 'Rehtorin-oma-salasana');
  await b.fill('#confirm', 'Rehtorin-oma-salasana');
  await b.clickAndWait('form[action="/leaders/activate"] button[type="submit"]');
  check((await b.text('main')).includes('Kaisa Lehtonen'), "the principal's first sign-in with the one-time code sets her password");
  check((await b.text('#reports')).includes('Juha Heikkinen'), 'she sees her own staff');
  await signOut(b);
}

async function refusals(b, base) {
  await b.goto(base + '/leaders/staff/5002');
  check(b.status() === 200 && await b.count('#staff') === 1 && !(await b.text('body')).includes('Esimerkkivastaus'),
    'signed out, a direct URL of a pre-form leads to the sign-in page and shows nothing of it');
  await forgedPost(b, base, '/leaders/pin', { staff: '5002', csrf: 'x' });
  check(b.status() === 403 && !(await b.text('body')).includes('5002'), 'signed out, a forged POST for a PIN code is refused (403)');

  await signIn(b, base, '1001', demoPassword);
  check(b.status() === 401 && await b.count('#login-error') === 1, 'a colleague without a leading role cannot sign in');

  await signIn(b, base, '4003', demoPassword);
  check((await b.text('main')).includes('Sari Honkanen'), 'the director of another service area signs in');
  await b.goto(base + '/leaders/staff/5002');
  const body = await b.text('body');
  check(b.status() === 403 && !body.includes('Antti Ojala') && !body.includes('Esimerkkivastaus'),
    "a leader of another service area is refused a director's staff's pre-form by direct URL (403, no content)");
  await b.goto(base + '/leaders/');
  await forgedPost(b, base, '/leaders/pin', { staff: '5002', csrf: 'x' });
  check(b.status() === 403 && await b.count('#pin-code') === 0, 'her forged POST from another site is refused (403, no code)');
  await b.goto(base + '/leaders/');
  await signOut(b);
}

async function director(b, base) {
  await signIn(b, base, '5001', demoPassword);
  const reports = await b.text('#reports');
  check(reports.includes('Antti Ojala') && reports.includes('Esilomake lähetetty'), "the director sees her staff's stages");
  await b.screenshot(path.join(shots, 'leaders_home.png'), true);
  await b.clickAndWait('#staff-5002 a');
  check(b.status() === 200 && (await b.text('main')).includes('Esimerkkivastaus'), 'she reads a submitted pre-form');
  await b.screenshot(path.join(shots, 'leaders_preform.png'), true);
  await b.goto(base + '/leaders/');
  await b.clickAndWait('#staff-5003 form button');
  const code = await b.text('#pin-code');
  check(b.status() === 200 && /^[A-HJ-NP-Z2-9]{4}-[A-HJ-NP-Z2-9]{4}$/.test(code), 'she makes a one-time PIN code, shown on a slip');
  await b.screenshot(path.join(shots, 'leaders_pin_slip.png'), false);
  // Her own page's form, changed to someone of another unit: the server refuses it.
  await b.goto(base + '/leaders/');
  await b.setValue('#staff-5003 input[name="staff"]', '2001');
  await b.clickAndWait('#staff-5003 form button');
  check(b.status() === 403 && await b.count('#pin-code') === 0, 'a PIN code for staff of another unit is refused (403, no code)');
  await b.goto(base + '/leaders/');
  await b.setValue('#staff-5003 input[name="csrf"]', 'vaarennetty');
  await b.clickAndWait('#staff-5003 form button');
  check(b.status() === 403 && await b.count('#pin-code') === 0, 'a POST without the page token is refused (403)');
  await b.goto(base + '/leaders/?lang=sv');
  check((await b.text('#reports')).includes('Förhandsblanketten skickad'), 'the language switch turns the page into Swedish');
  await b.clickAndWait('a[hreflang="en"]');
  check((await b.text('main')).includes('My staff'), 'and into English from the switch on the page');
  await b.clickAndWait('a[hreflang="fi"]');
  await b.resize(390, 844);
  await b.goto(base + '/leaders/');
  await b.screenshot(path.join(shots, 'leaders_phone.png'), true);
  await b.resize(1280, 900);
  await signOut(b);
  await b.goto(base + '/leaders/staff/5002');
  check(await b.count('#staff') === 1, 'after signing out the same URL asks to sign in again');
}

let code = '';
runBrowserTest({ driverName, server, assets, work }, (run) => {
  run(['init', '--demo']);
  code = run(['leader-code', '2004']).trim();
}, async (b, base) => {
  await firstSignIn(b, base, code);
  await refusals(b, base);
  await director(b, base);
  console.log("all leaders' page checks passed; screenshots in " + shots);
});
