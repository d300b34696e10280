// The account web console: plain DOM, no framework, no build step. It calls the public APIs of account-service
// and device-service straight from the browser (CORS), with the access token kept in sessionStorage only, so it
// ends with the tab. API data is only ever inserted with textContent, never as HTML.
(() => {
  'use strict';

  const CONFIG = window.MIACCOUNT_CONFIG || {
    accountService: 'http://127.0.0.1:8081', deviceService: 'http://127.0.0.1:8082',
    notificationService: 'http://127.0.0.1:8083', dashboard: 'http://127.0.0.1:8080'
  };
  const TOKEN_KEY = 'miaccount.accessToken';
  const DELETE_PATIENCE_MS = 30000;
  const POLL_MS = 500;
  const $ = (id) => document.getElementById(id);

  // ---- the API ------------------------------------------------------------------------------------------------

  /** A failed call, carrying what the person should read: the problem's detail (or title) and its field errors. */
  class ApiError extends Error {
    constructor(status, message, fields) {
      super(message);
      this.status = status;
      this.fields = fields || [];
    }
  }

  const token = () => sessionStorage.getItem(TOKEN_KEY);

  async function call(base, method, path, body, extraHeaders) {
    const headers = { Accept: 'application/json, application/problem+json', ...(extraHeaders || {}) };
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    if (token()) headers.Authorization = 'Bearer ' + token();
    let response;
    try {
      response = await fetch(base + '/api/v1' + path,
        { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    } catch (e) {
      throw new ApiError(0, 'The service cannot be reached. Check your connection and try again.');
    }
    if (response.ok) {
      const text = await response.text();
      return text ? JSON.parse(text) : null;
    }
    throw await problemOf(response);
  }

  async function problemOf(response) {
    let problem = null;
    try {
      problem = await response.json();
    } catch (ignored) {
      // not a problem document: say what happened in words
    }
    if (problem && typeof problem === 'object' && (problem.detail || problem.title)) {
      const fields = Array.isArray(problem.errors)
        ? problem.errors.map((e) => (e.field ? e.field + ': ' : '') + (e.message || '')) : [];
      return new ApiError(response.status, String(problem.detail || problem.title), fields);
    }
    return new ApiError(response.status, `The service answered with an error (HTTP ${response.status}). Please try again.`);
  }

  const account = (method, path, body, headers) => call(CONFIG.accountService, method, path, body, headers);
  const devices = (method, path, body, headers) => call(CONFIG.deviceService, method, path, body, headers);
  const notifications = (method, path) => call(CONFIG.notificationService, method, path);

  /** A flow's id as a link to the event dashboard's view of it. */
  function flowLink(flowId) {
    const link = document.createElement('a');
    link.href = CONFIG.dashboard + '/?flowId=' + encodeURIComponent(flowId);
    link.target = '_blank';
    link.rel = 'noopener';
    link.className = 'flow-link';
    link.textContent = 'flow ' + flowId.slice(0, 8);
    link.title = 'Follow this flow in the event dashboard';
    return link;
  }

  const when = (iso) => (iso ? new Date(iso).toLocaleString() : '—');

  /**
   * The password asked again before a step that lifts a lock or moves the account: a single-use step-up token,
   * sent in the X-Step-Up-Token header of that one call.
   */
  async function passwordAgain(password) {
    if (!password) throw new ApiError(403, 'Enter your password to confirm this step.');
    const answer = await account('POST', '/accounts/me/reauth', { password });
    return { 'X-Step-Up-Token': answer.stepUpToken };
  }

  // ---- messages -----------------------------------------------------------------------------------------------

  function showProblem(error) {
    $('notice').hidden = true;
    $('problem-text').textContent = error.message;
    const list = $('problem-fields');
    list.replaceChildren(...(error.fields || []).map((text) => {
      const item = document.createElement('li');
      item.textContent = text;
      return item;
    }));
    $('problem').hidden = false;
  }

  function showNotice(text) {
    $('problem').hidden = true;
    $('notice').textContent = text;
    $('notice').hidden = !text;
  }

  function clearMessages() {
    $('problem').hidden = true;
    $('notice').hidden = true;
  }

  /** Runs a user action: a refused session sends the person to sign in, any other failure is shown as a problem. */
  async function attempt(action) {
    try {
      await action();
    } catch (error) {
      if (error instanceof ApiError && error.status === 401 && token()) {
        sessionStorage.removeItem(TOKEN_KEY);
        go('sign-in');
        showProblem(new ApiError(401, 'Your session has ended. Please sign in again.'));
      } else if (error instanceof ApiError) {
        showProblem(error);
      } else {
        showProblem(new ApiError(0, 'Something went wrong in the page: ' + error.message));
      }
    }
  }

  // ---- views --------------------------------------------------------------------------------------------------

  const PUBLIC_VIEWS = ['sign-in', 'forgot', 'register'];
  const VIEWS = ['sign-in', 'forgot', 'register', 'devices', 'sessions', 'activity', 'notifications', 'profile'];

  function go(view) {
    if (location.hash !== '#' + view) {
      history.replaceState(null, '', '#' + view);
    }
    render();
  }

  function render() {
    let view = location.hash.replace('#', '');
    if (!VIEWS.includes(view)) view = token() ? 'devices' : 'sign-in';
    if (!token() && !PUBLIC_VIEWS.includes(view)) view = 'sign-in';
    for (const name of VIEWS) $('view-' + name).hidden = name !== view;
    $('nav').hidden = !token();
    document.querySelectorAll('nav a').forEach((a) => a.classList.toggle('current', a.hash === '#' + view));
    if (view === 'devices') attempt(loadDevices);
    if (view === 'profile') attempt(loadProfile);
    if (view === 'sessions') attempt(loadSessions);
    if (view === 'activity') attempt(() => loadActivity(null));
    if (view === 'notifications') attempt(loadNotifications);
  }

  window.addEventListener('hashchange', () => {
    clearMessages();
    render();
  });

  // ---- sign in and out ----------------------------------------------------------------------------------------

  $('sign-in-form').addEventListener('submit', (event) => {
    event.preventDefault();
    const form = event.target;
    attempt(async () => {
      const session = await account('POST', '/sessions',
        { identifier: form.identifier.value.trim(), password: form.password.value });
      sessionStorage.setItem(TOKEN_KEY, session.accessToken);
      form.reset();
      clearMessages();
      go('devices');
    });
  });

  $('sign-out').addEventListener('click', () => attempt(async () => {
    try {
      await account('DELETE', '/sessions/current');
    } finally {
      sessionStorage.removeItem(TOKEN_KEY);
    }
    go('sign-in');
    showNotice('You are signed out.');
  }));

  // ---- register -----------------------------------------------------------------------------------------------

  $('register-form').addEventListener('submit', (event) => {
    event.preventDefault();
    const form = event.target;
    attempt(async () => {
      const body = { password: form.password.value };
      for (const name of ['email', 'phone', 'displayName']) {
        const value = form[name].value.trim();
        if (value) body[name] = value;
      }
      const created = await account('POST', '/accounts', body);
      const session = await account('POST', '/sessions', { identifier: created.accountId, password: body.password });
      sessionStorage.setItem(TOKEN_KEY, session.accessToken);
      form.reset();
      go('devices');
      showNotice('Welcome! Your Mi Account ID is ' + created.accountId + '.');
    });
  });

  // ---- sessions -----------------------------------------------------------------------------------------------

  async function loadSessions() {
    const list = await account('GET', '/sessions');
    $('sessions').replaceChildren(...list.map(sessionItem));
  }

  function sessionItem(session) {
    const item = $('session-template').content.firstElementChild.cloneNode(true);
    item.dataset.sessionId = session.sessionId;
    item.querySelector('.what').textContent = session.kind === 'DEVICE'
      ? (session.model || 'Phone') + ' (' + session.deviceId + ')' : 'Website';
    item.querySelector('.current-mark').hidden = !session.current;
    item.querySelector('.created-at').textContent = when(session.createdAt);
    item.querySelector('.last-used-at').textContent = when(session.lastUsedAt);
    const end = item.querySelector('.end-session');
    end.hidden = session.current;
    end.addEventListener('click', () => attempt(async () => {
      await account('DELETE', '/sessions/' + encodeURIComponent(session.sessionId));
      item.remove();
      showNotice('That session is signed out.');
    }));
    return item;
  }

  $('sign-out-everywhere-form').addEventListener('submit', (event) => {
    event.preventDefault();
    const form = event.target;
    attempt(async () => {
      const stepUp = await passwordAgain(form.password.value);
      form.reset();
      const answer = await account('DELETE', '/sessions', undefined, stepUp);
      await loadSessions();
      showNotice('Every other session is signed out. ');
      $('notice').append(flowLink(answer.flowId));
    });
  });

  // ---- security activity --------------------------------------------------------------------------------------

  const ACTIVITY_TEXT = {
    SIGNED_IN: 'Signed in', SIGN_IN_FAILED: 'Wrong password entered', LOCKED_OUT: 'Sign-in locked after wrong passwords',
    SIGNED_OUT: 'Device signed out', DEVICE_DELETED: 'Device deleted', DEVICE_LOCKED: 'Device locked after a reset',
    DEVICE_ACTIVATED: 'Device activated again', FIND_DEVICE_CHANGED: 'Find device changed',
    PASSWORD_RESET_REQUESTED: 'Password reset requested', PASSWORD_CHANGED: 'Password changed',
    CONTACT_CHANGED: 'Email or phone changed', SESSION_REVOKED: 'A session was signed out',
    SIGNED_OUT_EVERYWHERE: 'Signed out everywhere'
  };
  let activityNext = null;

  async function loadActivity(before) {
    const page = await account('GET', '/accounts/me/activity?limit=20'
      + (before ? '&before=' + encodeURIComponent(before) : ''));
    const items = page.items.map((entry) => {
      const item = document.createElement('li');
      item.dataset.type = entry.type;
      const what = document.createElement('strong');
      what.textContent = ACTIVITY_TEXT[entry.type] || entry.type;
      item.append(what);
      if (entry.model || entry.deviceId) item.append(' — ' + [entry.model, entry.deviceId].filter(Boolean).join(' '));
      const at = document.createElement('span');
      at.className = 'when';
      at.textContent = when(entry.at);
      item.append(at);
      if (entry.flowId) item.append(' ', flowLink(entry.flowId));
      return item;
    });
    if (before) $('activity').append(...items); else $('activity').replaceChildren(...items);
    activityNext = page.next || null;
    $('activity-more').hidden = !activityNext;
    $('activity-empty').hidden = $('activity').children.length > 0;
  }

  $('activity-more').addEventListener('click', () => attempt(() => loadActivity(activityNext)));

  // ---- notifications ------------------------------------------------------------------------------------------

  async function loadNotifications() {
    const list = await notifications('GET', '/notifications');
    $('notifications').replaceChildren(...list.map((n) => {
      const item = document.createElement('li');
      item.dataset.reason = n.reason || '';
      const what = document.createElement('strong');
      what.textContent = (n.kind === 'VERIFICATION_CODE' ? 'Verification code' : 'Security alert')
        + (n.reason ? ': ' + n.reason : '');
      const at = document.createElement('span');
      at.className = 'when';
      at.textContent = when(n.createdAt);
      item.append(what, ' — ', n.channel + ' to ' + n.destination + ', ' + n.status, at);
      return item;
    }));
    $('notifications-empty').hidden = list.length > 0;
  }

  // ---- forgot password ----------------------------------------------------------------------------------------

  let resetId = null;

  $('reset-request-form').addEventListener('submit', (event) => {
    event.preventDefault();
    attempt(async () => {
      const answer = await account('POST', '/password-resets', { identifier: event.target.identifier.value.trim() });
      resetId = answer.resetId;
      $('reset-confirm-form').hidden = false;
      showNotice('If the account exists, a verification code is on its way.');
    });
  });

  $('reset-confirm-form').addEventListener('submit', (event) => {
    event.preventDefault();
    const form = event.target;
    attempt(async () => {
      await account('POST', '/password-resets/' + encodeURIComponent(resetId) + '/confirm',
        { code: form.code.value.trim(), newPassword: form.newPassword.value });
      form.reset();
      form.hidden = true;
      resetId = null;
      go('sign-in');
      showNotice('Your password is changed and every device was signed out. Sign in with the new password.');
    });
  });

  // ---- My Devices ---------------------------------------------------------------------------------------------

  async function loadDevices() {
    const list = await devices('GET', '/devices');
    // A device being deleted here stays on the page until it reads DELETED, although My Devices no longer lists it.
    const following = [...$('devices').querySelectorAll('li[data-following]')];
    const items = list.map(deviceItem).filter((item) => !following.some((f) => f.dataset.deviceId === item.dataset.deviceId));
    $('devices').replaceChildren(...following, ...items);
    $('devices-empty').hidden = $('devices').children.length > 0;
  }

  function deviceItem(device) {
    const item = $('device-template').content.firstElementChild.cloneNode(true);
    item.dataset.deviceId = device.deviceId;
    item.querySelector('.model').textContent = device.model || 'Phone';
    item.querySelector('.device-id').textContent = device.deviceId;
    item.querySelector('.rom-region').textContent = device.romRegion || '';
    item.querySelector('.find-device').textContent = device.findDevice ? 'on' : 'off';
    item.querySelector('.bound-at').textContent = device.boundAt ? new Date(device.boundAt).toLocaleString() : '';
    setState(item, device.state);
    // Deleting a LOCKED phone, or one with Find device on, lifts its activation lock: the password is asked again.
    item.dataset.liftsLock = String(device.state === 'LOCKED' || Boolean(device.findDevice));
    item.querySelector('.password-again').hidden = item.dataset.liftsLock !== 'true';

    const confirm = item.querySelector('.confirm');
    item.querySelector('.delete-device').addEventListener('click', () => {
      confirm.hidden = false;
      (item.dataset.liftsLock === 'true' ? item.querySelector('.step-up-password')
        : item.querySelector('.confirm-delete')).focus();
    });
    item.querySelector('.cancel-delete').addEventListener('click', () => {
      confirm.hidden = true;
    });
    item.querySelector('.confirm-delete').addEventListener('click', () => attempt(() => deleteDevice(item)));
    return item;
  }

  function setState(item, state) {
    const badge = item.querySelector('.state');
    badge.textContent = state;
    badge.dataset.state = state;
    item.querySelector('.delete-device').hidden = !['BOUND', 'LOCKED'].includes(state);
  }

  async function deleteDevice(item) {
    const deviceId = item.dataset.deviceId;
    item.querySelectorAll('.confirm button').forEach((b) => { b.disabled = true; });
    let answer;
    try {
      const password = item.querySelector('.step-up-password');
      const stepUp = item.dataset.liftsLock === 'true' ? await passwordAgain(password.value) : {};
      password.value = '';
      answer = await devices('DELETE', '/devices/' + encodeURIComponent(deviceId), undefined, stepUp);
    } finally {
      item.querySelectorAll('.confirm button').forEach((b) => { b.disabled = false; });
    }
    item.querySelector('.confirm').hidden = true;
    item.dataset.following = 'true';
    setState(item, 'DELETING');
    const progress = item.querySelector('.progress');
    progress.textContent = 'Deleting… ';
    if (answer && answer.flowId) progress.append(flowLink(answer.flowId));
    item.dataset.flowId = answer && answer.flowId ? answer.flowId : '';

    // The deletion crosses services (device-service → account-service revokes the sessions → DELETED): follow it.
    const until = Date.now() + DELETE_PATIENCE_MS;
    while (Date.now() < until) {
      const device = await devices('GET', '/devices/' + encodeURIComponent(deviceId));
      setState(item, device.state);
      if (device.state === 'DELETED') {
        progress.textContent = 'Deleted: the device is signed out and no longer on your account. ';
        if (item.dataset.flowId) progress.append(flowLink(item.dataset.flowId));
        delete item.dataset.following;
        return;
      }
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
    progress.textContent = 'The deletion is taking longer than usual; reload the page later to see its state.';
  }

  // ---- profile ------------------------------------------------------------------------------------------------

  async function loadProfile() {
    showProfile(await account('GET', '/accounts/me'));
  }

  function showProfile(profile) {
    shownProfile = profile;
    for (const dd of $('profile-data').querySelectorAll('dd')) {
      const value = profile[dd.dataset.field];
      dd.textContent = value == null ? '—'
        : dd.dataset.field === 'createdAt' ? new Date(value).toLocaleString() : String(value);
    }
    const form = $('profile-form');
    form.displayName.value = profile.displayName || '';
    form.email.value = profile.email || '';
    form.phone.value = profile.phone || '';
  }

  let shownProfile = {};
  let contactChangeId = null;

  $('profile-form').addEventListener('submit', (event) => {
    event.preventDefault();
    const form = event.target;
    attempt(async () => {
      // Only what changed is sent: an empty field means "leave as it is".
      const changes = {};
      for (const name of ['displayName', 'email', 'phone']) {
        const value = form[name].value.trim();
        if (value && value !== shownProfile[name]) changes[name] = value;
      }
      const movesAccount = 'email' in changes || 'phone' in changes;
      const stepUp = movesAccount ? await passwordAgain(form.password.value) : {};
      form.password.value = '';
      const answer = await account('PATCH', '/accounts/me', changes, stepUp);
      if (answer && answer.changeId) {
        contactChangeId = answer.changeId;
        $('contact-confirm-form').hidden = false;
        $('contact-confirm-form').code.focus();
        showNotice('A verification code is on its way to the new address.');
        return;
      }
      showProfile(answer);
      showNotice('Profile saved.');
    });
  });

  $('contact-confirm-form').addEventListener('submit', (event) => {
    event.preventDefault();
    const form = event.target;
    attempt(async () => {
      showProfile(await account('POST', '/accounts/me/contact-changes/' + encodeURIComponent(contactChangeId)
        + '/confirm', { code: form.code.value.trim() }));
      form.reset();
      form.hidden = true;
      contactChangeId = null;
      showNotice('Your address is changed. Your old address was told of the change.');
    });
  });

  // ---- delete the account (API.md v1.2) ----------------------------------------------------------------------

  let deletionId = null;

  $('account-deletion-form').addEventListener('submit', (event) => {
    event.preventDefault();
    const form = event.target;
    attempt(async () => {
      const stepUp = await passwordAgain(form.password.value);
      form.reset();
      deletionId = (await account('POST', '/accounts/me/deletion', undefined, stepUp)).deletionId;
      $('account-deletion-confirm-form').hidden = false;
      $('account-deletion-confirm-form').code.focus();
      showNotice('A verification code is on its way to your phone (or your email).');
    });
  });

  $('account-deletion-confirm-form').addEventListener('submit', (event) => {
    event.preventDefault();
    const form = event.target;
    attempt(async () => {
      const answer = await account('POST', '/accounts/me/deletion/' + encodeURIComponent(deletionId) + '/confirm',
        { code: form.code.value.trim() });
      form.reset();
      form.hidden = true;
      deletionId = null;
      // every session of the account has ended with it, this one too
      sessionStorage.removeItem(TOKEN_KEY);
      go('sign-in');
      showNotice('Your Mi Account is being deleted: its phones are removed and its data erased. ');
      $('notice').append(flowLink(answer.flowId));
    });
  });

  render();
})();
