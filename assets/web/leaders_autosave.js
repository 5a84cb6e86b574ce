// Autosave of the leaders' web forms (served as /leaders/autosave.js): a progressive enhancement
// of a form marked data-autosave="<pause in ms>" (one's own pre-form, a discussion being recorded).
// After typing pauses, the form is posted in the background as a draft save (action=save) with its
// page token and the version it was made from; the answer (JSON: sync_server/leaders/
// leaders_autosave.cpp) gives the version now stored, which the form then carries. What happened
// is said in the form's aria-live region, in the page's language (the form's data-text-*).
// Nothing typed is ever removed from the page: on a conflict (saved in another tab meanwhile) or a
// signed-out session autosave stops and the buttons do the rest, as they do without JavaScript.
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

  // A button pressed while a save is under way waits for it, so the form carries its version.
  form.addEventListener('submit', (event) => {
    clearTimeout(timer);
    timer = null;
    if (!running) return;
    event.preventDefault();
    const button = event.submitter;
    running.finally(() => setTimeout(() => form.requestSubmit(button), 0));
  });
})();
