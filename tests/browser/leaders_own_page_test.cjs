// A manager's own development discussion on the leaders' web, in a real headless Chromium against
// the real server binary: principal Kaisa (2004) fills in her pre-form (answers, all 13 ratings, a
// goal with 70-20-10 methods), saves a draft, finds it again after a reload, is told beside the
// field what is missing, submits; her service-area director Pekka (3001) reads it and records the
// agreement; she confirms; HR's completion counts her unit as discussed and agreed. Her colleague
// Helena (1005), a leader of another service area (Sari, 4003) and a signed-out browser are
// refused her pre-form, the record and the confirmation by direct URL and by forged POST (status,
// and the marker text nowhere in the page). The forms work with JavaScript off; with it on, they
// save themselves after typing pauses, and a save from a stale tab stops with a message and
// nothing lost. The longest legitimate form is saved whole; the pages follow the browser's
// language; the form is usable with the keyboard alone. Takes the README's screenshots (in Finnish).
// Usage: node leaders_own_page_test.cjs playwright|cdp SERVER ASSETS WORK_DIR SCREENSHOT_DIR
'use strict';
const fs = require('node:fs');
const path = require('node:path');

const [driverName, server, assets, work, shots] = process.argv.slice(2);
const { runBrowserTest, check, waitFor, leaderSignIn: signIn, leaderSignOut: signOut,
  leaderDemoPassword: demoPassword } = require('./browser_drivers.cjs');
const marker = 'Koulun muutoshanke eteni suunnitellusti';  // her answer: must never reach anyone refused
const year = new Date().getFullYear();
const catalogue = JSON.parse(fs.readFileSync(path.join(assets, 'catalog', `${year}.json`), 'utf8'));
// The manager form's competences: its groups' competences in the catalogue (7 + 6).
const managerForm = catalogue.forms.find((f) => f.id === 'development_discussion_manager');
const competences = catalogue.competences.filter((c) => managerForm.competence_groups.includes(c.group)).map((c) => c.id);


// Nothing of what was refused: the status, and neither her answer nor her name in the page.
async function refusedWithoutContent(b, status, what) {
  const body = await b.text('body');
  check(b.status() === status && !body.includes(marker) && !body.includes('Kaisa Lehtonen'), what);
}

// A POST of `fields` to `action`, from a page of the server's own origin (its sign-out form, with
// the session's valid token, turned to another target, as anyone with the developer tools could)
// or, with `elsewhere`, from a file on disk (another origin).
async function forgedPost(b, base, action, fields, elsewhere) {
  const hidden = Object.entries(fields).map(([k, v]) => `<input type="hidden" name="${k}" value="${v}">`).join('');
  if (elsewhere) {
    const file = path.join(work, 'forged-own.html');
    fs.writeFileSync(file, `<!doctype html><form method="post" action="${base}${action}">${hidden}<button>Lähetä</button></form>`);
    await b.goto('file://' + file);
    await b.clickAndWait('button');
    return;
  }
  await b.goto(base + '/leaders/');
  await b.evaluate(`(() => { const f = document.querySelector('form[action="/leaders/logout"]');
    f.action = ${JSON.stringify(action)}; f.insertAdjacentHTML('beforeend', ${JSON.stringify(hidden)}); })()`);
  await b.clickAndWait('form[action="' + action + '"] button[type="submit"]');
}

// The completion row of Kirkonkylän koulu on HR's page: its manager and "käyty" / "sovittu".
async function hrCompletion(b, base) {
  await b.goto(base + '/hr/');
  await b.fill('input[name="username"]', 'marja.peltonen');
  await b.fill('input[name="password"]', 'Osaamissilta-demo-2026');
  await b.clickAndWait('form[action="/hr/login"] button[type="submit"]');
  await b.goto(base + `/hr/?year=${year}`);
  const cells = await b.evaluate(`[...document.querySelectorAll('#completion tr')]
    .map((tr) => [...tr.cells].map((td) => td.innerText.trim())).find((row) => row[1] === 'Kirkonkylän koulu')`);
  await b.clickAndWait('form[action="/hr/logout"] button[type="submit"]');
  return { manager: cells[2], discussed: Number(cells[6]), agreed: Number(cells[7]) };
}

async function fillOwnForm(b, base) {
  await signIn(b, base, '2004');
  check((await b.text('#own-stage')) === 'Ei aloitettu', 'her own stage: not started');
  await b.clickAndWait('#own-link');
  check(b.status() === 200 && await b.count('input[type="radio"][name^="r."]') === competences.length * 5,
    `her own pre-form asks for ${competences.length} competences on the scale 1–5`);
  await b.fill('textarea[name="a.past_year.review"]', `${marker}, ja opettajat ottivat uuden opetussuunnitelman omakseen.`);
  await b.fill('textarea[name="a.professional_development.future_needs"]', 'Talouden seuranta ja tiedolla johtaminen.');
  for (const id of competences.slice(1)) await b.click(`input[name="r.${id}"][value="4"]`);
  await b.fill('textarea[name="g0.text"]', 'Opin lukemaan talousraportit itse');
  await b.select('select[name="g0.competence"]', 'manager.finance_and_knowledge');
  await b.click('input[name="g0.m.projects"]');
  await b.click('input[name="g0.m.mentoring"]');
  await b.click('input[name="g0.m.courses"]');
  await b.clickAndWait('button[name="action"][value="save"]');
  check(b.status() === 200 && await b.count('#saved') === 1, 'she saves a draft');
  await b.reload();
  check((await b.evaluate('document.querySelector(\'textarea[name="a.past_year.review"]\').value')).startsWith(marker) &&
    await b.count(`input[name="r.${competences[1]}"][value="4"]:checked`) === 1 &&
    await b.count('input[name="g0.m.mentoring"]:checked') === 1, 'after a reload her text, ratings and methods are there');
  await b.screenshot(path.join(shots, 'leaders_own.png'), false);
  await b.clickAndWait('button[name="action"][value="submit"]');
  const missing = `r.${competences[0]}-error`;
  check(b.status() === 400 && await b.count(`[id="${missing}"]`) === 1 && await b.count('#form-errors') === 1 &&
    (await b.evaluate('document.querySelector(\'textarea[name="a.past_year.review"]\').value')).startsWith(marker),
  'a rating left out: not sent, said beside that competence, her text kept');
  await b.evaluate(`document.getElementById(${JSON.stringify(missing)}).scrollIntoView({ block: 'center' })`);
  await b.screenshot(path.join(shots, 'leaders_own_missing.png'), false);
  await b.click(`input[name="r.${competences[0]}"][value="3"]`);
  await b.clickAndWait('button[name="action"][value="submit"]');
  check(await b.count('#own-submitted') === 1, 'she submits her pre-form to her supervisor');
  await b.goto(base + '/leaders/');
  check((await b.text('#own-stage')) === 'Esilomake lähetetty', 'her own stage: submitted');
  await signOut(b);
}

async function recordAgreement(b, base) {
  await signIn(b, base, '3001');
  check((await b.text('#staff-2004 .stage')) === 'Esilomake lähetetty', "her director sees her pre-form's stage");
  await b.clickAndWait('#staff-2004 a[href="/leaders/staff/2004"]');
  check(b.status() === 200 && (await b.text('main')).includes(marker), 'he reads her submitted pre-form');
  await b.goto(base + '/leaders/');
  await b.clickAndWait('#staff-2004 a[href="/leaders/record/2004"]');
  check(b.status() === 200 && (await b.text('main')).includes(marker) &&
    (await b.evaluate('document.querySelector(\'textarea[name="g0.text"]\').value')) === 'Opin lukemaan talousraportit itse',
  'the record page shows her answers above his notes and starts from her goal');
  await b.fill('textarea[name="a.past_year.review"]', 'Käyty läpi: muutos eteni, seuraavaksi talous.');
  for (const id of competences) await b.click(`input[name="r.${id}"][value="3"]`);
  await b.evaluate('window.scrollTo(0, 0)');
  await b.screenshot(path.join(shots, 'leaders_record.png'), false);
  await b.clickAndWait('button[name="action"][value="submit"]');
  check(b.status() === 200 && await b.count('#recorded') === 1, 'he records the agreement for her to confirm');
  check(await b.count('form[data-autosave]') === 0 && await b.count('script') === 0,
    'once recorded for confirmation the form no longer saves itself (a change needs a new confirmation)');
  await signOut(b);
}

async function refusals(b, base) {
  for (const staff of ['1005', '4003']) {
    const who = staff === '1005' ? 'her colleague (another unit director)' : 'a leader of another service area';
    await signIn(b, base, staff);
    await b.goto(base + '/leaders/staff/2004');
    await refusedWithoutContent(b, 403, `${who}: her pre-form by direct URL is refused (403, no content)`);
    await b.goto(base + '/leaders/record/2004');
    await refusedWithoutContent(b, 403, `${who}: the record page by direct URL is refused (403, no content)`);
    await b.goto(base + '/leaders/own');
    await refusedWithoutContent(b, 200, `${who}: /leaders/own is their own, empty form, none of hers`);
    const csrf = await b.attr('input[name="csrf"]', 'value');
    await forgedPost(b, base, '/leaders/record/2004', { version: '1', action: 'submit', 'a.past_year.review': 'VÄÄRENNETTY' });
    // #refused: the token passed; the rights on the server refused it.
    await refusedWithoutContent(b, 403, `${who}: a forged POST of her record with a valid token is refused (403)`);
    check(await b.count('#refused') === 1, `${who}: refused by the rights check, not by the token`);
    await forgedPost(b, base, '/leaders/confirm', { version: '1' });
    await refusedWithoutContent(b, 403, `${who}: a forged confirmation of her agreement is refused (403)`);
    check(await b.count('#refused') === 1, `${who}: the confirmation too by the rights check`);
    await forgedPost(b, base, '/leaders/own', { csrf, version: '0', action: 'save' }, true);
    await refusedWithoutContent(b, 403, `${who}: a POST to /leaders/own from another site is refused (403)`);
    await b.goto(base + '/leaders/');
    await signOut(b);
  }
  for (const url of ['/leaders/own', '/leaders/record/2004', '/leaders/staff/2004']) {
    await b.goto(base + url);
    check(await b.count('#password') === 1, `signed out, ${url} leads to the sign-in page`);
    await refusedWithoutContent(b, 200, `signed out, ${url} shows nothing of hers`);
  }
  for (const action of ['/leaders/own', '/leaders/record/2004', '/leaders/confirm']) {
    await forgedPost(b, base, action, { csrf: 'x', version: '1', action: 'save' }, true);
    await refusedWithoutContent(b, 403, `signed out, a forged POST to ${action} is refused (403)`);
  }
}

async function confirm(b, base) {
  await signIn(b, base, '2004');
  check((await b.text('#own-stage')) === 'Keskustelu käyty' && (await b.text('#agreed-goals')).includes('talousraportit'),
    'she sees the agreed goals, not yet confirmed (the forged confirmations did nothing)');
  await b.screenshot(path.join(shots, 'leaders_confirm.png'), false);
  await b.clickAndWait('#confirm');
  check(await b.count('#confirmed') === 1 && (await b.text('#own-stage')) === 'Sovittu ja vahvistettu', 'she confirms them');
  await signOut(b);
}

// Helena (1005) with JavaScript off: her own pre-form is saved by its button and found again.
async function withoutJavaScript(b, base) {
  const t = await b.noScriptTab();
  await signIn(t, base, '1005');
  await t.goto(base + '/leaders/own');
  await t.fill('textarea[name="a.wellbeing.coping"]', 'Ilman JavaScriptiä kirjoitettu');
  await t.clickAndWait('button[name="action"][value="save"]');
  check(t.status() === 200 && await t.count('#saved') === 1, 'with JavaScript off the draft is saved by the button');
  check((await t.text('#autosave-status')) === '', 'and nothing speaks of autosave');
  await signOut(t);
}

const valueOf = (b, name) => b.evaluate(`document.querySelector('[name="${name}"]').value`);
const statusSays = (b, pattern) => waitFor(async () => pattern.test(await b.text('#autosave-status')), 10000);

// Helena again, with JavaScript: typing saves by itself; a save from a stale tab stops it, nothing lost.
async function autosave(b, base) {
  await signIn(b, base, '1005');
  await b.goto(base + '/leaders/own');
  const csp = await b.evaluate("fetch(location.href).then((r) => r.headers.get('content-security-policy'))");
  check(/script-src 'self'/.test(csp) && /connect-src 'self'/.test(csp) && !/unsafe-inline'[^;]*;?\s*$/.test(csp.split('script-src')[1]),
    "the form page may run scripts from the server's own origin only: " + csp);
  const version = Number(await valueOf(b, 'version'));
  await b.type('textarea[name="a.wellbeing.coping"]', ' Autotallennus toimii.');
  check(await statusSays(b, /^Tallennettu klo \d{2}\.\d{2}$/), 'after a pause in typing the page says "Tallennettu klo HH.MM"');
  check(Number(await valueOf(b, 'version')) === version + 1, 'and the form carries the version now stored');
  const typed = await valueOf(b, 'a.wellbeing.coping');
  await b.reload();
  check(typed.includes('Autotallennus toimii.') && (await valueOf(b, 'a.wellbeing.coping')) === typed,
    'after a reload the text typed is there');

  const other = await b.newTab();
  await other.goto(base + '/leaders/own');
  await other.type('textarea[name="a.other_matters.other"]', 'Toisessa välilehdessä');
  check(await statusSays(other, /^Tallennettu klo/), 'another tab of hers saves meanwhile');
  await b.type('textarea[name="a.wellbeing.coping"]', ' Jatkan tässä.');
  const kept = await valueOf(b, 'a.wellbeing.coping');
  check(await statusSays(b, /toisessa ikkunassa/) && await b.attr('#autosave-status', 'class') === 'error',
    'the stale tab says the form was saved elsewhere and autosave stopped');
  check(kept.includes('Jatkan tässä.') && (await valueOf(b, 'a.wellbeing.coping')) === kept, 'her text stays on the page');
  await b.evaluate("document.getElementById('autosave-status').scrollIntoView({ block: 'center' })");
  await b.screenshot(path.join(shots, 'leaders_autosave_conflict.png'), false);
  await b.type('textarea[name="a.wellbeing.coping"]', '!');
  const more = await valueOf(b, 'a.wellbeing.coping');
  await new Promise((r) => setTimeout(r, 3000));
  await other.reload();
  check(Number(await valueOf(other, 'version')) === version + 2 && !(await valueOf(other, 'a.wellbeing.coping')).includes('Jatkan'),
    'after the conflict nothing more is saved in the background');
  await b.clickAndWait('button[name="action"][value="save"]');
  check(b.status() === 409 && await b.count('#conflict') === 1 && (await valueOf(b, 'a.wellbeing.coping')) === more,
    'the button shows her text back on top of the newer version');
  await b.clickAndWait('button[name="action"][value="save"]');
  await b.reload();
  check((await valueOf(b, 'a.wellbeing.coping')) === more, 'saved again, it is kept over the other tab\'s save');

  await b.goto(base + '/leaders/record/1001');
  await b.type('textarea[name="a.past_year.review"]', 'Keskustelun muistiinpano');
  check(await statusSays(b, /^Tallennettu klo/), 'a discussion being recorded saves itself too');
  await b.reload();
  check((await valueOf(b, 'a.past_year.review')).includes('Keskustelun muistiinpano'), 'and is there after a reload');
  await signOut(b);
}

// Helena's session ends while she types (she signs out in another tab, as an idle expiry would end
// it): autosave says nothing was saved and keeps a copy in this tab only; once she has signed in
// again, the form gets her text back and saves it. The button pressed in an ended session gets the
// sign-in page saying nothing was saved, and her text comes back the same way.
async function endedSession(b, base) {
  const field = 'a.other_matters.other';
  const endElsewhere = async () => {
    const other = await b.newTab();
    await other.goto(base + '/leaders/');
    await signOut(other);
  };
  await signIn(b, base, '1005');
  await b.goto(base + '/leaders/own');
  await endElsewhere();
  await b.type(`textarea[name="${field}"]`, ' Istunto päättyi kesken.');
  check(await statusSays(b, /^Istuntosi on päättynyt/) && await b.attr('#autosave-status', 'class') === 'error',
    'autosave in an ended session says nothing was saved');
  const typed = await valueOf(b, field);
  await signIn(b, base, '1005');
  await b.goto(base + '/leaders/own');
  check((await valueOf(b, field)) === typed && await statusSays(b, /^Palautettiin/),
    'signed in again, the form has her unsaved text back and says so');
  check(await statusSays(b, /^Tallennettu klo/), 'and saves it in the new session');
  await b.reload();
  check((await valueOf(b, field)) === typed, 'the restored text is on the server');

  await endElsewhere();
  await b.type(`textarea[name="${field}"]`, ' Painoin nappia.');
  const pressed = await valueOf(b, field);
  await b.clickAndWait('button[name="action"][value="save"]');
  check(b.status() === 403 && (await b.text('body')).includes('eikä lähettämääsi lomaketta tallennettu'),
    'the button in an ended session: the sign-in page says the form was not saved');
  await signIn(b, base, '1005');
  await b.goto(base + '/leaders/own');
  check((await valueOf(b, field)) === pressed && await statusSays(b, /^Tallennettu klo/),
    'after signing in the form has the text she sent back and saves it');
  await signOut(b);
}

// Marketta (3002) writes every answer of her pre-form to its limit (20,000 bytes of Finnish with
// line breaks): well over 256 KiB once the browser form-encodes it. Saved in the background and by
// the button, all of it comes back.
async function longestForm(b, base) {
  await signIn(b, base, '3002');
  await b.goto(base + '/leaders/own');
  const line = 'Hyvä työpäivä – jaksan hyvin, ja kehityn esihenkilönä.\n';
  let text = '';
  while (Buffer.byteLength(text + line) <= 20000) text += line;
  text += 'x'.repeat(20000 - Buffer.byteLength(text));
  const names = await b.evaluate("[...document.querySelectorAll('textarea[name^=\"a.\"]')].map((t) => t.name)");
  for (const name of names.slice(1)) await b.setValue(`textarea[name="${name}"]`, text);
  await b.setValue(`textarea[name="${names[0]}"]`, text.slice(0, -1));
  await b.type(`textarea[name="${names[0]}"]`, 'y');  // its last byte typed: autosave starts
  const encoded = await b.evaluate("new URLSearchParams(new FormData(document.querySelector('form[data-autosave]'))).toString().length");
  check(names.length === 10 && encoded > 256 * 1024, `her ${names.length} answers form-encoded take ${encoded} bytes`);
  check(await statusSays(b, /^Tallennettu klo/), 'autosave stores the longest legitimate form');
  await b.reload();
  const back = await b.evaluate(`[...document.querySelectorAll('textarea[name^="a."]')].map((t) => t.value)`);
  check(back.length === 10 && back.every((v) => Buffer.byteLength(v) === 20000 && v.includes('Hyvä työpäivä')),
    'after a reload every answer is there, 20,000 bytes each');
  await b.setValue(`textarea[name="${names[1]}"]`, back[1].slice(0, -1) + 'z');
  await b.clickAndWait('button[name="action"][value="save"]');
  check(b.status() === 200 && await b.count('#saved') === 1, 'and the button saves it too (no 8 KiB form limit of the HTTP library)');
  // Past the 2 MiB limit (each field's length limit taken off, as anyone could): a page in her
  // language says nothing was saved, and the stored form is the one saved before.
  const stored = await valueOf(b, names[1]);
  await b.evaluate(`document.querySelectorAll('textarea[name^="a."]').forEach((t) => {
    t.removeAttribute('maxlength'); t.value = 'x'.repeat(300 * 1024); })`);
  await b.clickAndWait('button[name="action"][value="save"]');
  check(b.status() === 413 && (await b.text('h1')) === 'Lomake on liian suuri' &&
    (await b.text('body')).includes('eikä siitä tallennettu mitään'), 'a form over 2 MiB gets the 413 page, in Finnish');
  const fresh = await b.newTab();  // its own sessionStorage: what the server holds
  await fresh.goto(base + '/leaders/own');
  check((await valueOf(fresh, names[1])) === stored, 'and the draft saved before is kept as it was');
  await b.goto(base + '/leaders/');
  await signOut(b);
}

// The language follows the browser's choice (Accept-Language) when no switch was used.
async function browserLanguage(b, base) {
  const sv = JSON.parse(fs.readFileSync(path.join(assets, 'i18n', 'web', 'sv.json'), 'utf8'));
  const en = JSON.parse(fs.readFileSync(path.join(assets, 'i18n', 'web', 'en.json'), 'utf8'));
  const swedish = await b.localeTab('sv-FI');
  await swedish.goto(base + '/leaders/');
  check(await swedish.attr('html', 'lang') === 'sv' && (await swedish.text('h1')) === sv['web.signin.title'],
    'a browser set to Swedish gets the sign-in page in Swedish');
  await signIn(swedish, base, '3003');
  await swedish.goto(base + '/leaders/own');
  check((await swedish.text('h1')) === sv['web.own.title'].replace('{0}', String(year)) &&
    await swedish.attr('form[data-autosave]', 'data-text-saved') === sv['web.autosave.saved'],
  'and her own pre-form, autosave messages included, in Swedish');
  await signOut(swedish);
  const english = await b.localeTab('en-GB');
  await english.goto(base + '/leaders/');
  check(await english.attr('html', 'lang') === 'en' && (await english.text('h1')) === en['web.signin.title'],
    'a browser set to English gets it in English');
}

const nameOf = `(() => { const e = document.activeElement;
  return e && e.name ? (e.type === 'submit' ? e.name + '=' + e.value : e.name) : ''; })()`;

// With the keyboard alone: Tab reaches every field and both buttons of the own pre-form; a
// radio is chosen with Space, text typed, and Enter on the save button saves.
async function keyboard(b, base) {
  await signIn(b, base, '3003');
  await b.goto(base + '/leaders/own');
  const wanted = await b.evaluate(`[...new Set([...document.querySelectorAll('form[data-autosave] [name]')]
    .filter((e) => e.type !== 'hidden').map((e) => (e.type === 'submit' ? e.name + '=' + e.value : e.name)))]`);
  const reached = new Set();
  for (let i = 0; i < 300 && wanted.some((name) => !reached.has(name)); ++i) {
    await b.press('Tab');
    reached.add(await b.evaluate(nameOf));
  }
  const missed = wanted.filter((name) => !reached.has(name));
  check(wanted.length > 50 && missed.length === 0, `Tab reaches all ${wanted.length} fields and buttons` +
    (missed.length ? '; missed: ' + missed.join(', ') : ''));
  await b.evaluate(`document.querySelector('input[name="r.staff.professional"]').focus()`);
  await b.press('Space');
  check(await b.count('input[name="r.staff.professional"]:checked') === 1, 'Space chooses a rating');
  await b.type('textarea[name="a.past_year.review"]', 'Näppäimistöllä kirjoitettu');
  while (await b.evaluate(nameOf) !== 'action=save') await b.press('Tab');
  await b.pressAndWait('Enter');
  check(b.status() === 200 && await b.count('#saved') === 1 &&
    (await b.evaluate('document.querySelector(\'textarea[name="a.past_year.review"]\').value')) === 'Näppäimistöllä kirjoitettu',
  'Enter on the save button saves the draft');
  await signOut(b);
}

runBrowserTest({ driverName, server, assets, work }, (run) => run(['init', '--demo']), async (b, base) => {
  const before = await hrCompletion(b, base);
  check(before.manager === 'Kaisa Lehtonen', "HR's completion names her as her unit's manager");
  await fillOwnForm(b, base);
  await recordAgreement(b, base);
  await refusals(b, base);
  await confirm(b, base);
  const after = await hrCompletion(b, base);
  check(after.discussed === before.discussed + 1 && after.agreed === before.agreed + 1,
    `HR's completion counts her discussion as held and agreed (käyty ${before.discussed}→${after.discussed}, sovittu ${before.agreed}→${after.agreed})`);
  await withoutJavaScript(b, base);
  await autosave(b, base);
  await endedSession(b, base);
  await longestForm(b, base);
  await browserLanguage(b, base);
  await keyboard(b, base);
  console.log("all own-discussion page checks passed; screenshots in " + shots);
});
