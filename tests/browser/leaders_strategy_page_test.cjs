// The strategic discussion's page on the leaders' web, in a real headless Chromium against the
// real server binary (`init --demo`, which seeds the sample unit's 2024 besides 2026): the city
// manager (Leena, 9101) opens it from her home page and sees the plans, the whole city and every
// service area with 2024 and 2026 side by side as charts with tables behind them, and the themes;
// the service-area director (Pekka, 3001) sees his own area and is refused another's; a daycare
// director (Helena, 1005) is refused the page; a signed-out browser gets the sign-in page. Takes
// the README's screenshots (in Finnish).
// Usage: node leaders_strategy_page_test.cjs playwright|cdp SERVER ASSETS WORK_DIR SCREENSHOT_DIR
'use strict';
const path = require('node:path');

const [driverName, server, assets, work, shots] = process.argv.slice(2);
const { runBrowserTest, check, leaderSignIn: signIn, leaderSignOut: signOut } =
  require('./browser_drivers.cjs');

async function cityManager(b, base) {
  await signIn(b, base, '9101');
  await b.clickAndWait('#strategy-link');
  check(b.status() === 200 && await b.count('#plan-kasvatus_ja_opetus') === 1 &&
    await b.count('#plan-hyvinvointipalvelut') === 1 && await b.count('#plan-keskitetty') === 1,
    'the city manager sees every service area\'s plan and the central one');
  const body = await b.text('body');
  check(body.includes('Koko kaupunki') && body.includes('Kasvatus ja opetus') && body.includes('Hyvinvointipalvelut'),
    'the whole city and every service area');
  check(await b.count('#strategy-kasvatus_ja_opetus-table th') >= 4 && body.includes('2024') && body.includes('2026'),
    'the years 2024 and 2026 side by side');
  const chart = '#chart-years-ratings-kasvatus_ja_opetus';
  check(await b.count(`svg${chart}[role="img"]`) === 1 && await b.count(`${chart}-table`) === 1,
    'the years\' chart, an image for screen readers, with its table');
  check(await b.count('#strategy-themes > ol > li') === 4, 'the strategic form\'s four themes');
  check(!body.includes('Esimerkkivastaus'), 'no free text of any pre-form');
  await b.evaluate('window.scrollTo(0, 0)');
  await b.screenshot(path.join(shots, 'leaders_strategy.png'), false);
  await b.evaluate(`document.querySelector('#chart-years-ratings-kasvatus_ja_opetus').scrollIntoView(); window.scrollBy(0, -90)`);
  await b.screenshot(path.join(shots, 'leaders_strategy_chart.png'), false);
  await signOut(b);
}

async function refusals(b, base) {
  await signIn(b, base, '3001');
  await b.clickAndWait('#strategy-link');
  check(b.status() === 200 && await b.count('#strategy-kasvatus_ja_opetus-table') === 1 &&
    await b.count('#strategy-hyvinvointipalvelut-table') === 0, 'the service-area director sees his own area only');
  await b.goto(base + '/leaders/strategy?scope=hyvinvointipalvelut');
  check(b.status() === 403 && await b.count('[id^="strategy-"]') === 0, 'another area\'s page is refused him');
  await b.goto(base + '/leaders/');
  await signOut(b);
  await signIn(b, base, '1005');
  check(await b.count('#strategy-link') === 0, 'a daycare director has no link to it');
  await b.goto(base + '/leaders/strategy');
  check(b.status() === 403 && await b.count('[id^="strategy-"]') === 0, 'and is refused it');
  await b.goto(base + '/leaders/');
  await signOut(b);
  await b.goto(base + '/leaders/strategy?scope=city');
  check(await b.count('form[action="/leaders/login"]') === 1 && await b.count('[id^="strategy-"]') === 0,
    'a signed-out browser gets the sign-in page');
}

runBrowserTest({ driverName, server, assets, work }, (run) => run(['init', '--demo']), async (b, base) => {
  await cityManager(b, base);
  await refusals(b, base);
  console.log('all strategic page checks passed; screenshots in ' + shots);
});
