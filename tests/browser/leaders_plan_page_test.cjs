// A year's training plan in a real headless Chromium against the real server binary (issue 14):
// the demo's service-area director Pekka (3001) adds a training to Kasvatus ja opetus's plan on
// the leaders' pages and compiles it from the area's inputs; HR consolidates it into the central
// plan; Marketta (3002) of the management group records the group's review; Ville (9002) of the
// co-operation committee finds the plan put to him and confirms it. Refused by direct URL and by
// a forged POST with their own valid token: another area's director (Sari, 4003), a daycare
// director not in the group (Helena, 1005), the committee member before the plan is put to him;
// a signed-out browser gets the sign-in page. Takes the README's screenshots (in Finnish).
// Usage: node leaders_plan_page_test.cjs playwright|cdp SERVER ASSETS WORK_DIR SCREENSHOT_DIR
'use strict';
const path = require('node:path');

const [driverName, server, assets, work, shots] = process.argv.slice(2);
const { runBrowserTest, check, leaderSignIn: signIn, leaderSignOut: signOut } =
  require('./browser_drivers.cjs');
const training = 'Varhaiskasvatuksen digipedagogiikka';  // must never reach anyone refused
const plan = '/leaders/plan?scope=kasvatus_ja_opetus';

async function state(b) { return b.attr('#plan-state', 'data-state'); }

// Refused by direct URL, and by the sign-out form (this session's valid token) turned to the plan.
async function refusedPlan(b, base, staff, who) {
  await signIn(b, base, staff);
  check(await b.count('#plan-link') === 0 || staff === '4003', `${who}: no link to this area's plan`);
  await b.goto(base + plan);
  check(b.status() === 403 && !(await b.text('body')).includes(training), `${who}: refused by direct URL`);
  await b.goto(base + '/leaders/');
  await b.evaluate(`(() => { const f = document.querySelector('form[action="/leaders/logout"]');
    f.action = '/leaders/plan';
    f.insertAdjacentHTML('beforeend', '<input type="hidden" name="scope" value="kasvatus_ja_opetus">' +
      '<input type="hidden" name="action" value="notes"><input type="hidden" name="notes" value="x">' +
      '<input type="hidden" name="steps" value="0">'); })()`);
  await b.clickAndWait('form[action="/leaders/plan"] button[type="submit"]');
  check(b.status() === 403 && !(await b.text('body')).includes(training), `${who}: a forged POST with a valid token is refused`);
  await b.goto(base + '/leaders/');
  await signOut(b);
}

async function areaCompiles(b, base) {
  await signIn(b, base, '3001');
  await b.clickAndWait('#plan-link');
  check(await state(b) === 'draft', 'the area\'s plan starts as a draft');
  check((await b.text('#plan-deadline')).includes('30.9.'), 'the deadline, the end of September, is shown');
  await b.fill('#form-add-training input[name="name"]', training);
  await b.select('#form-add-training select[name="method"]', 'courses');
  await b.clickAndWait('#form-add-training button[type="submit"]');
  check((await b.text('#plan-trainings')).includes(training), 'he adds a training');
  await b.clickAndWait('#form-compile button[type="submit"]');
  check(await state(b) === 'compiled', 'he compiles the plan');
  check((await b.text('#plan-history')).includes('Pekka Salminen (3001)'), 'the history names him');
  await b.screenshot(path.join(shots, 'leaders_plan.png'), true);
  await signOut(b);
}

async function hrConsolidates(b, base) {
  await b.goto(base + '/hr/plan?scope=keskitetty');
  await b.fill('input[name="username"]', 'marja.peltonen');
  await b.fill('input[name="password"]', 'Osaamissilta-demo-2026');
  await b.clickAndWait('form[action="/hr/login"] button[type="submit"]');
  await b.goto(base + '/hr/plan?scope=keskitetty');
  check(await b.attr('#area-plan-kasvatus_ja_opetus', 'data-state') === 'compiled', 'HR sees the area\'s compiled plan');
  await b.clickAndWait('#form-consolidate button[type="submit"]');
  check((await b.text('#plan-trainings')).includes(training), 'HR consolidates it into the central plan');
  await b.goto(base + '/hr/plan?scope=kasvatus_ja_opetus');
  check(await b.count('#form-compile') === 0 && await b.count('#form-add-training') === 0, 'HR does not compile or edit the area\'s plan');
  await b.clickAndWait('form[action="/hr/logout"] button[type="submit"]');
}

async function groupReviews(b, base) {
  await signIn(b, base, '3002');
  await b.clickAndWait('#plan-link');
  await b.fill('#form-review input[name="reference"]', 'JR 14.10.2026 § 7');
  await b.clickAndWait('#form-review button[type="submit"]');
  check(await state(b) === 'reviewed' && await b.count('#form-review') === 0, 'the management group records its review once');
  await signOut(b);
}

async function committeeConfirms(b, base) {
  await signIn(b, base, '9002');
  await b.clickAndWait('#committee-link');
  await b.clickAndWait('#committee-plans a[href="' + plan + '"]');
  check((await b.text('#plan-trainings')).includes(training), 'the committee member reads the plan put to it');
  await b.fill('#form-confirm input[name="reference"]', 'Yt-nk 2.11.2026 § 4');
  await b.clickAndWait('#form-confirm button[type="submit"]');
  check(await state(b) === 'confirmed', 'he confirms it');
  check((await b.text('#plan-history')).includes('Ville Lindholm (9002)'), 'the history names him');
  await b.screenshot(path.join(shots, 'leaders_plan_confirmed.png'), true);
  await signOut(b);
}

runBrowserTest({ driverName, server, assets, work }, (run) => run(['init', '--demo']), async (b, base) => {
  await areaCompiles(b, base);
  await refusedPlan(b, base, '9002', 'the committee before the plan is put to it');
  await hrConsolidates(b, base);
  await groupReviews(b, base);
  await refusedPlan(b, base, '4003', 'another area\'s director');
  await refusedPlan(b, base, '1005', 'a daycare director not in the management group');
  await committeeConfirms(b, base);
  await b.goto(base + plan);
  check(await b.count('form[action="/leaders/login"]') === 1 && !(await b.text('body')).includes(training),
    'a signed-out browser gets the sign-in page, without the plan');
  console.log('all training-plan page checks passed; screenshots in ' + shots);
});
