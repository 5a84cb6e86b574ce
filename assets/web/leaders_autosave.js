// Autosave of the leaders' web forms (served as /leaders/autosave.js): a progressive enhancement
// of a form marked data-autosave="<pause in ms>" (one's own pre-form, a discussion being recorded).
// After typing pauses, the form is posted in the background as a draft save (action=save) with its
// page token and the version it was made from; the answer (JSON: sync_server/leaders/
// leaders_autosave.cpp) gives the version now stored, which the form then carries. What happened
// is said in the form's aria-live region, in the page's language (the form's data-text-*).
// Nothing typed is ever removed from the page: on a conflict (saved in another tab meanwhile) or a
// signed-out session autosave stops and the buttons do the rest, as they do without JavaScript.
// What could not be saved because the session had ended is kept in this tab's sessionStorage
// (never sent anywhere, gone when the tab closes) and put back into the same form, opened again
// after signing in, as long as nothing was saved there since (the form's version is the same).
'use strict';
(() => {
  const form = document.querySelector('form[data-autosave]');
  const status = document.getElementById('autosave-status');
  if (!form || !status || !window.fetch || !window.URLSearchParams) return;
  const pause = Number(form.dataset.autosave) || 2000;
  const version = form.querySelector('input[name="version"]');
  const target = form.getAttribute('action');  // not form.action: the buttons named "action" shadow it
  let timer = null;
  let running = null;  // the save under way, a promise
  let changed = false;  // typed since the last save was sent
  let stopped = false;

  // The unsaved copy: the form's fields but the page's own, under the form's address.
  const copyKey = 'osm-unsaved:' + target;
  const keep = () => {
    try {
      const fields = [...new FormData(form)].filter(([name]) => name !== 'csrf' && name !== 'action');
      sessionStorage.setItem(copyKey, JSON.stringify({ version: version.value, fields }));
    } catch (e) { /* no storage: the text is still on the page */ }
  };
  const takeCopy = () => {
    let copy = null;
    try {
      copy = JSON.parse(sessionStorage.getItem(copyKey) || 'null');
      sessionStorage.removeItem(copyKey);
    } catch (e) { return false; }
    if (!copy || copy.version !== version.value || !Array.isArray(copy.fields)) return false;
    for (const control of form.elements) {
      if (!control.name || control.name === 'csrf' || control.name === 'version' || control.type === 'submit') continue;
      const values = copy.fields.filter(([name]) => name === control.name).map(([, value]) => value);
      if (control.type === 'checkbox' || control.type === 'radio') control.checked = values.includes(control.value);
      else control.value = values.length ? values[0] : '';
    }
    return true;
  };

  const say = (key, error) => {
    const time = new Date().toLocaleTimeString(document.documentElement.lang || 'fi',
      { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
    status.textContent = (form.dataset['text' + key[0].toUpperCase() + key.slice(1)] || '').replace('{0}', time);
    status.className = error ? 'error' : 'muted';
  };

  const send = async () => {
    changed = false;
    const body = new URLSearchParams(new FormData(form));
    body.set('action', 'save');
    say('saving', false);
    let response;
    try {
      response = await fetch(target, {
        method: 'POST', body, credentials: 'same-origin', redirect: 'manual', headers: { Accept: 'application/json' },
      });
    } catch (e) {
      changed = true;  // not stored: saved with the next change, or by the button
      say('failed', true);
      return;
    }
    const answer = await response.json().catch(() => ({}));
    if (response.ok && answer.version) {
      version.value = String(answer.version);
      say('saved', false);
      return;
    }
    changed = true;
    if (response.status === 409) {
      stopped = true;
      say('conflict', true);
    } else if (response.status === 403 || response.type === 'opaqueredirect') {
      stopped = true;
      keep();
      say('expired', true);
    } else {
      say(response.status === 400 ? 'invalid' : 'failed', true);
    }
  };

  // One save at a time: a save asked for while one is under way follows it, with its version.
  const save = async () => {
    timer = null;
    while (running) await running;
    if (stopped || !changed) return;
    running = send();
    try { await running; } finally { running = null; }
  };

  const typed = () => {
    if (stopped) return;
    changed = true;
    clearTimeout(timer);
    timer = setTimeout(save, pause);
  };
  form.addEventListener('input', typed);
  form.addEventListener('change', typed);
  if (takeCopy()) {
    say('restored', false);
    changed = true;  // saved after the usual pause, in the new session
    timer = setTimeout(save, pause);
  }

  // A button pressed while a save is under way waits for it, so the form carries its version.
  // A copy is kept while the page goes away with the form: if the session has ended, the sign-in
  // page says nothing was saved, and the form opened again after signing in gets it back.
  form.addEventListener('submit', (event) => {
    clearTimeout(timer);
    timer = null;
    keep();
    if (!running) return;
    event.preventDefault();
    const button = event.submitter;
    running.finally(() => setTimeout(() => form.requestSubmit(button), 0));
  });
})();
