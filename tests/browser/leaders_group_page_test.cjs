// A cross-unit group discussion on the leaders' web, in a real headless Chromium against the real
// server binary: daycare director Helena (1005, Päiväkoti Tähtitaivas) records the principals' and
// directors' team's discussion with principal Kaisa (2004, Kirkonkylän koulu) – the two viewpoints'
// themes, participants from two units – and submits it; their service-area director Pekka (3001)
// and Kaisa read it. A management-group member who is not in the team (Marketta, 3002), a leader
// of another service area (Sari, 4003) and a signed-out browser are refused it by direct URL, and a
// forged POST with a valid session's token is refused too (status, and the marker nowhere in the
// page). Takes the README's screenshots (in Finnish).
// Usage: node leaders_group_page_test.cjs playwright|cdp SERVER ASSETS WORK_DIR SCREENSHOT_DIR
'use strict';
const path = require('node:path');

const [driverName, server, assets, work, shots] = process.argv.slice(2);
const { runBrowserTest, check, leaderSignIn: signIn, leaderSignOut: signOut } =
  require('./browser_drivers.cjs');
const marker = 'Yhteinen perehdytysmalli kouluille ja päiväkodeille';  // must never reach anyone refused


async function refusedWithoutContent(b, status, what) {
  const body = await b.text('body');
  check(b.status() === status && !body.includes(marker), what);
}

// Helena starts the team's discussion from her home page, ticks Kaisa, answers every theme under
// both points of view and submits. Returns the record's address.
async function record(b, base) {
  await signIn(b, base, '1005');
  await b.clickAndWait('a[href="/leaders/group/new?kind=principals_and_directors"]');
  check(b.status() === 200 && await b.count('input[name="p.2004"]') === 1 && await b.count('input[name="p.1001"]') === 0,
    'the form offers the team\'s members across units, and no one else');
  await b.click('input[name="p.2004"]');
  const fields = await b.evaluate(`[...document.querySelectorAll('textarea[name^="a."]')].map((t) => t.name)`);
  check(fields.some((n) => n.endsWith('@2')) && fields.some((n) => !n.includes('@')),
    `the themes under both points of view (${fields.length} fields)`);
  for (const name of fields) {
    const text = name === 'a.current_competence.strengths' ? marker : 'Keskustelimme tästä yhdessä.';
    await b.fill(`textarea[name="${name}"]`, text);
  }
  await b.evaluate('window.scrollTo(0, 0)');
  await b.screenshot(path.join(shots, 'leaders_group.png'), false);
  await b.clickAndWait('button[name="action"][value="submit"]');
  check(b.status() === 200, 'she submits it');
  await b.goto(base + '/leaders/');
  const address = await b.evaluate(`(() => { const a = document.querySelector('a[href^="/leaders/group/w-"]');
    return a ? a.getAttribute('href') : ''; })()`);
  check(address !== '', 'her home lists the submitted discussion');
  await signOut(b);
  return address;
}

async function readers(b, base, address) {
  await signIn(b, base, '3001');
  check(await b.count(`a[href="${address}"]`) === 1, 'the service-area director finds it on his home page');
  await b.clickAndWait(`a[href="${address}"]`);
  check(b.status() === 200 && (await b.text('body')).includes(marker), 'the service-area director reads it');
  await b.screenshot(path.join(shots, 'leaders_group_read.png'), false);
  await signOut(b);
  await signIn(b, base, '2004');
  await b.goto(base + address);
  check(b.status() === 200 && (await b.text('body')).includes(marker), 'Kaisa, a participant of another unit, reads it');
  await signOut(b);
}

async function refusals(b, base, address) {
  for (const [staff, who] of [['3002', 'a management-group member not in the team'], ['4003', 'a leader of another service area']]) {
    await signIn(b, base, staff);
    check(await b.count(`a[href="${address}"]`) === 0, `${who}: not on the home page`);
    await b.goto(base + address);
    await refusedWithoutContent(b, 403, `${who}: refused by direct URL`);
    // The sign-out form, with this session's valid token, turned to the record's address.
    await b.goto(base + '/leaders/');
    await b.evaluate(`(() => { const f = document.querySelector('form[action="/leaders/logout"]');
      f.action = ${JSON.stringify(address)};
      f.insertAdjacentHTML('beforeend', '<input type="hidden" name="action" value="save"><input type="hidden" name="version" value="1">'); })()`);
    await b.clickAndWait(`form[action="${address}"] button[type="submit"]`);
    await refusedWithoutContent(b, 403, `${who}: a forged POST with a valid token is refused`);
    await b.goto(base + '/leaders/');
    await signOut(b);
  }
  await b.goto(base + address);
  check(!(await b.text('body')).includes(marker) && await b.count('form[action="/leaders/login"]') === 1,
    'a signed-out browser gets the sign-in page, without the discussion');
}

runBrowserTest({ driverName, server, assets, work }, (run) => run(['init', '--demo']), async (b, base) => {
  const address = await record(b, base);
  await readers(b, base, address);
  await refusals(b, base, address);
  console.log('all group-discussion page checks passed; screenshots in ' + shots);
});
