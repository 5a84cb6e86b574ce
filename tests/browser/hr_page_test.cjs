// HR's page in a real headless Chromium against the real server binary: sign in through the
// form, see completion and the aggregates with suppressed groups, download the completion CSV and
// check its bytes, see the charts, move a training plan through steps with the page's own forms, switch the
// pages' language, and take the README's screenshots. Driven by playwright-core, or (without npm)
// by the DevTools protocol.
// Usage: node hr_page_test.cjs playwright|cdp SERVER ASSETS WORK_DIR SCREENSHOT_DIR
'use strict';
const fs = require('node:fs');
const path = require('node:path');

const [driverName, server, assets, work, shots] = process.argv.slice(2);
const { runBrowserTest, check } = require('./browser_drivers.cjs');

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

  // The figures as pictures: server-made SVG, an image with its title for screen readers, the
  // whole city's row beside the service areas'.
  check(await b.count('svg[role="img"]') >= 3, 'the page draws its charts as SVG images');
  check(await b.count('#chart-completion title') === 1, 'the completion chart has a title');
  await b.click('#chart-completion-figure summary');  // the table behind the chart opens without a script
  check((await b.text('#chart-completion-table')).includes('Koko kaupunki'), 'the chart shows the whole city');
  check((await b.text('#completion')).includes('Koko kaupunki'), 'completion has the whole city\'s row');
  await b.goto(base + '/hr/?year=2026&area=kasvatus_ja_opetus#chart-ratings-figure');
  check((await b.evaluate("document.getElementById('chart-completion').textContent")).includes('Päiväkoti Satakieli'), 'a service area\'s chart shows its units');
  check((await b.evaluate("document.getElementById('chart-methods').textContent")).includes('liian vähän vastauksia'), 'a hidden unit is drawn as too few to show');
  await b.screenshot(path.join(shots, 'hr_charts.png'), false);
  await b.goto(base + '/hr/?year=2026');

  const csv = await b.download('a[href^="/hr/export/completion.csv"]');
  check(csv[0] === 0xef && csv[1] === 0xbb && csv[2] === 0xbf, 'CSV download starts with the UTF-8 BOM');
  const lines = csv.subarray(3).toString('utf8').split('\r\n');
  check(lines[0] === 'Palvelualue;Yksikkö;Esihenkilö;Vuorossa;Luonnos;Lähetetty;Osuus %;Käyty;Sovittu;Myöhässä', 'CSV header: semicolons, Finnish');
  check(lines.includes('Kasvatus ja opetus;Päiväkoti Satakieli;Tiina Kallio;8;0;8;100,0;0;0;0'), 'CSV row with a decimal comma');
  check(lines.some((l) => l.startsWith('Koko kaupunki;(yhteensä);;')), 'CSV: the whole city\'s row');

  await b.clickAndWait('#plans a[href*="scope=keskitetty"]');
  check(await b.attr('#plan-state', 'data-state') === 'draft', 'the central plan starts as a draft');
  check(await b.count('#area-plans') === 1, 'the service areas\' plans are shown beside it');
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
  check(await b.attr('#plan-state', 'data-state') === 'reviewed', 'the city manager\'s management group\'s review is recorded');
  check(await b.count('#form-confirm') === 0 && await b.count('#committee-confirms') === 1, 'the committee confirms, not HR');
  const history = await b.text('#plan-history');
  check(history.includes('JR 14.10.2026 § 7') && history.includes('testi.henkilosto'), 'the history shows who, the meeting and when');
  await b.screenshot(path.join(shots, 'hr_plan.png'), true);

  // The language switch on every HR page: Swedish from the plan page's link, remembered on the
  // next page, then English and back to Finnish.
  await b.clickAndWait('a[hreflang="sv"]');
  check(await b.attr('html', 'lang') === 'sv', 'the switch makes the plan page Swedish (<html lang="sv">)');
  check((await b.text('h1')).startsWith('Utbildningsplan 2026'), 'the plan page heading is in Swedish');
  check(await b.attr('#plan-state', 'data-state') === 'reviewed', 'the switch stays on the same plan');
  await b.goto(base + '/hr/?year=2026');
  check((await b.text('h1')) === 'Kompetensledning 2026', 'the choice is remembered on the next page');
  check((await b.text('#completion')).includes('Serviceområde'), 'the completion table is in Swedish');
  await b.clickAndWait('a[hreflang="en"]');
  check((await b.text('h1')) === 'Competence management 2026' && await b.attr('html', 'lang') === 'en', 'and English');
  await b.clickAndWait('a[hreflang="fi"]');
  check((await b.text('h1')) === 'Osaamisen johtaminen 2026' && await b.attr('html', 'lang') === 'fi', 'and back to Finnish');
}

runBrowserTest({ driverName, server, assets, work }, (run) => {
  run(['init', '--demo']);
  run(['hr-user', 'testi.henkilosto'], 'Selaintesti-salasana-2026\n');
}, async (b, base) => {
  await scenario(b, base);
  console.log('all HR page checks passed; screenshots in ' + shots);
});
