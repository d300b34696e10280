// The event dashboard page: loads the recent window from /api/v1/events, then follows /api/v1/events/stream.
// Hand-written, no dependencies. Event data is only ever put into the page as text, never as HTML.
'use strict';

(() => {
  const API = '/api/v1/events';
  const LOAD_LIMIT = 1000; // the most the API returns at once
  const KEEP = 2000; // events the page holds
  const SHOW = 500; // rows the table shows
  const CHART_SECONDS = 60;
  const ACCOUNT_ID = /^[0-9]{10}$/;

  const $ = (id) => document.getElementById(id);
  const form = $('filters');

  const state = {
    filter: {}, // {subject, type, flowId} as the API takes them
    events: [], // newest first
    ids: new Set(),
    fresh: new Set(), // ids that arrived live since the last render
    types: new Set(),
    source: null, // the EventSource of the main list
    retry: null,
    flow: null, // {id, events, ids, source}
    openData: new Set(), // ids whose data row is open
    renderQueued: false,
  };

  // ---- helpers ------------------------------------------------------------------------------------------------

  function query(params) {
    const q = new URLSearchParams();
    for (const [name, value] of Object.entries(params)) {
      if (value !== undefined && value !== null && value !== '') q.set(name, value);
    }
    const text = q.toString();
    return text ? '?' + text : '';
  }

  /** Milliseconds since the epoch, keeping the sub-millisecond part of an ISO-8601 instant. */
  function timeOf(event) {
    if (event._t === undefined) {
      const m = /^(.*?)(?:\.(\d+))?Z$/.exec(event.time || '');
      event._t = m ? Date.parse(m[1] + 'Z') + (m[2] ? Number('0.' + m[2]) * 1000 : 0) : 0;
      if (Number.isNaN(event._t)) event._t = 0;
    }
    return event._t;
  }

  function clock(event) {
    const t = new Date(timeOf(event));
    const pad = (n, w = 2) => String(n).padStart(w, '0');
    return `${pad(t.getHours())}:${pad(t.getMinutes())}:${pad(t.getSeconds())}.${pad(t.getMilliseconds(), 3)}`;
  }

  function delay(ms) {
    if (ms < 1) return `+${ms.toFixed(2)} ms`;
    if (ms < 1000) return `+${Math.round(ms)} ms`;
    if (ms < 60000) return `+${(ms / 1000).toFixed(2)} s`;
    return `+${Math.floor(ms / 60000)} min ${Math.round((ms % 60000) / 1000)} s`;
  }

  function el(tag, props = {}, ...children) {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(props)) {
      if (name === 'dataset') Object.assign(node.dataset, value);
      else if (name.startsWith('on')) node.addEventListener(name.slice(2), value);
      else node[name] = value;
    }
    for (const child of children) {
      if (child !== null && child !== undefined) node.append(child);
    }
    return node;
  }

  function pick(text, title, action) {
    return el('a', {
      href: '#', className: 'pick', textContent: text, title,
      onclick: (e) => { e.preventDefault(); e.stopPropagation(); action(); },
    });
  }

  function sourceBadge(event) {
    return el('span', { className: 'source', textContent: event.source, dataset: { source: event.source } });
  }

  /** Inserts by time, newest first; an event that arrives later wins a tie. Returns false for a known id. */
  function insert(list, ids, event) {
    if (!event || !event.id || ids.has(event.id)) return false;
    ids.add(event.id);
    const t = timeOf(event);
    let lo = 0;
    let hi = list.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (timeOf(list[mid]) > t) lo = mid + 1; else hi = mid;
    }
    list.splice(lo, 0, event);
    return true;
  }

  // ---- the API ------------------------------------------------------------------------------------------------

  async function problemDetail(response) {
    try {
      const problem = await response.json();
      if (problem && (problem.detail || problem.title)) return problem.detail || problem.title;
    } catch (ignored) {
      // not a problem document
    }
    return `The dashboard answered HTTP ${response.status}.`;
  }

  async function load(filter) {
    let response;
    try {
      response = await fetch(API + query({ ...filter, limit: LOAD_LIMIT }), { headers: { Accept: 'application/json' } });
    } catch (e) {
      return { ok: false, detail: 'The dashboard cannot be reached.' };
    }
    if (!response.ok) return { ok: false, detail: await problemDetail(response) };
    return { ok: true, events: await response.json() };
  }

  // ---- the main list ------------------------------------------------------------------------------------------

  function merge(events, live) {
    let added = false;
    for (const event of events) {
      if (insert(state.events, state.ids, event)) {
        added = true;
        if (live) state.fresh.add(event.id);
        if (event.type && !state.types.has(event.type)) {
          state.types.add(event.type);
          $('types').append(el('option', { value: event.type }));
        }
      }
    }
    while (state.events.length > KEEP) {
      const gone = state.events.pop();
      state.ids.delete(gone.id);
    }
    if (added) scheduleRender();
  }

  function scheduleRender() {
    if (state.renderQueued) return;
    state.renderQueued = true;
    requestAnimationFrame(() => {
      state.renderQueued = false;
      render();
    });
  }

  function render() {
    const rows = [];
    for (const event of state.events.slice(0, SHOW)) {
      const row = el('tr', {
        className: 'event' + (state.fresh.has(event.id) ? ' fresh' : ''),
        title: 'id ' + event.id,
        onclick: () => toggleData(event.id),
      },
      el('td', { className: 'mono', textContent: clock(event), title: event.time }),
      el('td', {}, pick(event.type, 'show only this type', () => setFilter({ type: event.type }))),
      el('td', {}, sourceBadge(event)),
      el('td', { className: 'mono' }, event.subject
        ? pick(event.subject, 'show only this subject', () => setFilter(subjectFilter(event.subject))) : '—'),
      el('td', { className: 'mono' }, event.flowId
        ? pick(event.flowId, 'follow this flow across the services', () => openFlow(event.flowId)) : '—'));
      rows.push(row);
      if (state.openData.has(event.id)) {
        rows.push(el('tr', { className: 'data' },
          el('td', { colSpan: 5 }, el('pre', { textContent: JSON.stringify(event.data, null, 2) }))));
      }
    }
    state.fresh.clear();
    $('rows').replaceChildren(...rows);
    $('empty').hidden = state.events.length > 0;
    const shown = Math.min(state.events.length, SHOW);
    $('count').textContent = state.events.length > SHOW
      ? `newest ${shown} of ${state.events.length}` : `${state.events.length}`;
  }

  function toggleData(id) {
    if (state.openData.has(id)) state.openData.delete(id); else state.openData.add(id);
    render();
  }

  // ---- live stream --------------------------------------------------------------------------------------------

  function setStatus(kind, text) {
    const status = $('status');
    status.className = 'status ' + kind;
    status.textContent = text;
  }

  function connect() {
    if (state.source) state.source.close();
    clearTimeout(state.retry);
    const source = new EventSource(API + '/stream' + query(state.filter));
    state.source = source;
    setStatus('connecting', 'connecting…');
    source.onopen = async () => {
      setStatus('live', 'live');
      // whatever happened while the stream was not open yet (or away): the ids keep it from showing twice
      const result = await load(state.filter);
      if (source === state.source && result.ok) merge(result.events, false);
    };
    source.onmessage = (message) => {
      try {
        merge([JSON.parse(message.data)], true);
      } catch (e) {
        console.warn('unreadable event on the stream', e);
      }
    };
    source.onerror = () => {
      if (source !== state.source) return;
      if (source.readyState === EventSource.CLOSED) {
        setStatus('offline', 'offline, retrying…');
        state.retry = setTimeout(connect, 3000);
      } else {
        setStatus('reconnecting', 'reconnecting…');
      }
    };
  }

  // ---- filters ------------------------------------------------------------------------------------------------

  function subjectFilter(subject) {
    return ACCOUNT_ID.test(subject) ? { account: subject, device: '' } : { account: '', device: subject };
  }

  function showProblem(text) {
    const problem = $('problem');
    problem.textContent = text;
    problem.hidden = !text;
  }

  function setFilter(values) {
    for (const [name, value] of Object.entries(values)) form.elements[name].value = value;
    return apply();
  }

  async function apply() {
    const account = form.elements.account.value.trim();
    const device = form.elements.device.value.trim();
    if (account && device) {
      showProblem('Filter by account or by phone, not both: an event is about one subject.');
      return;
    }
    if (account && !ACCOUNT_ID.test(account)) {
      showProblem('account: an accountId is 10 digits.');
      return;
    }
    const filter = {
      subject: account || device,
      type: form.elements.type.value.trim(),
      flowId: form.elements.flowId.value.trim(),
    };
    const result = await load(filter);
    if (!result.ok) {
      showProblem(result.detail);
      return;
    }
    showProblem('');
    state.filter = filter;
    state.events = [];
    state.ids = new Set();
    state.openData.clear();
    merge(result.events, false);
    render();
    history.replaceState(null, '', location.pathname + query(filter));
    connect();
  }

  form.addEventListener('submit', (e) => { e.preventDefault(); apply(); });
  $('clear').addEventListener('click', () => setFilter({ account: '', device: '', type: '', flowId: '' }));

  // ---- flow view ----------------------------------------------------------------------------------------------

  async function openFlow(flowId) {
    closeFlow();
    const flow = { id: flowId, events: [], ids: new Set(), source: null };
    state.flow = flow;
    $('flow-id').textContent = flowId;
    $('flow').hidden = false;
    renderFlow();
    $('flow').scrollIntoView({ behavior: 'smooth', block: 'nearest' });
    flow.source = new EventSource(API + '/stream' + query({ flowId }));
    flow.source.onmessage = (message) => {
      try {
        if (insert(flow.events, flow.ids, JSON.parse(message.data))) renderFlow();
      } catch (e) {
        console.warn('unreadable event on the flow stream', e);
      }
    };
    const result = await load({ flowId });
    if (state.flow !== flow) return;
    if (!result.ok) {
      $('flow-summary').textContent = result.detail;
      return;
    }
    result.events.forEach((event) => insert(flow.events, flow.ids, event));
    renderFlow();
  }

  function closeFlow() {
    if (state.flow && state.flow.source) state.flow.source.close();
    state.flow = null;
    $('flow').hidden = true;
  }

  function renderFlow() {
    const flow = state.flow;
    if (!flow) return;
    const steps = flow.events.slice().reverse(); // oldest first
    const rows = steps.map((event, i) => el('tr', {},
      el('td', { textContent: String(i + 1) }),
      el('td', { className: 'mono', textContent: clock(event), title: event.time }),
      el('td', { className: 'delay', textContent: i === 0 ? 'start' : delay(timeOf(event) - timeOf(steps[i - 1])) }),
      el('td', { textContent: event.type }),
      el('td', {}, sourceBadge(event)),
      el('td', { className: 'mono', textContent: event.subject || '—' })));
    $('flow-rows').replaceChildren(...rows);
    renderTimeline(steps);
    const services = new Set(steps.map((event) => event.source));
    $('flow-summary').textContent = steps.length === 0 ? 'No events of this flow in the window (yet).'
      : `${steps.length} event${steps.length === 1 ? '' : 's'} from ${services.size} service${services.size === 1 ? '' : 's'}`
        + (steps.length > 1 ? `, ${delay(timeOf(steps[steps.length - 1]) - timeOf(steps[0])).slice(1)} from first to last` : '')
        + '; new steps appear as they happen.';
  }

  /**
   * The flow as a timeline: one lane per service, each step placed at its time (0 = the first step, the right end =
   * the last), labelled with its type and the delay to the next step; the total and the trace id, where there is one.
   */
  function renderTimeline(steps) {
    const box = $('flow-timeline');
    if (steps.length === 0) {
      box.replaceChildren();
      return;
    }
    const start = timeOf(steps[0]);
    const total = Math.max(timeOf(steps[steps.length - 1]) - start, 1);
    const lanes = [...new Set(steps.map((event) => event.source))];
    const traceIds = [...new Set(steps.map((event) => event.traceId).filter(Boolean))];
    const laneRows = lanes.map((source) => {
      const track = el('div', { className: 'track' });
      let inLane = 0;
      steps.forEach((event, i) => {
        if (event.source !== source) return;
        const next = steps[i + 1];
        const step = el('div', {
          className: 'step',
          title: `${i + 1}. ${event.type} at ${clock(event)}`
            + (next ? `, ${delay(timeOf(next) - timeOf(event))} to ${next.type}` : ', last step'),
        }, el('span', { className: 'dot', dataset: { source } }),
        el('span', { className: 'label', textContent: `${i + 1} ${event.type.replace(/\.v\d+$/, '')}` }),
        el('span', { className: 'gap', textContent: next ? delay(timeOf(next) - timeOf(event)) : 'end' }));
        step.style.left = `${((timeOf(event) - start) / total) * 100}%`; // CSSOM, allowed under the CSP
        if (inLane++ % 2 === 1) step.classList.add('low'); // steps close in time do not write over each other
        track.append(step);
      });
      return el('div', { className: 'lane' }, el('div', { className: 'lane-name' }, sourceBadge({ source })), track);
    });
    const foot = el('p', { className: 'timeline-foot' },
      `total ${delay(total).slice(1)} across ${lanes.length} service${lanes.length === 1 ? '' : 's'}; trace `,
      el('code', { textContent: traceIds.length ? traceIds.join(', ') : 'none recorded' }));
    box.replaceChildren(...laneRows, foot);
  }

  $('flow-close').addEventListener('click', closeFlow);

  // ---- what needs an operator: dead letters and stuck flows -------------------------------------------------------

  async function loadTrouble() {
    try {
      const [letters, stuck] = await Promise.all([
        fetch('/api/v1/dead-letters').then((r) => (r.ok ? r.json() : [])),
        fetch(API + '?type=device.flow-stuck.v1&limit=50').then((r) => (r.ok ? r.json() : [])),
      ]);
      $('dead-letters').replaceChildren(...letters.slice(0, 20).map((letter) => el('li', {},
        el('strong', { textContent: letter.type || '(no CloudEvent)' }), ' on ',
        el('code', { textContent: letter.topic }),
        ` #${letter.offset} — ${letter.reason || 'no reason given'}`,
        el('div', { className: 'mono preview', textContent: letter.preview }))));
      $('stuck-flows').replaceChildren(...stuck.map((event) => el('li', {},
        pick(event.flowId, 'follow this flow', () => openFlow(event.flowId)), ' — ',
        el('span', { textContent: `${event.subject} at ${clock(event)}` }))));
      $('trouble-count').textContent = `${letters.length} dead letter${letters.length === 1 ? '' : 's'}, `
        + `${stuck.length} stuck flow${stuck.length === 1 ? '' : 's'}`;
    } catch (e) {
      console.warn('dead letters or stuck flows unavailable', e);
    }
  }

  loadTrouble();
  setInterval(loadTrouble, 5000);

  // ---- events per second --------------------------------------------------------------------------------------

  function drawChart() {
    const canvas = $('chart');
    const ratio = window.devicePixelRatio || 1;
    const width = canvas.clientWidth;
    const height = canvas.clientHeight;
    if (canvas.width !== Math.round(width * ratio) || canvas.height !== Math.round(height * ratio)) {
      canvas.width = Math.round(width * ratio);
      canvas.height = Math.round(height * ratio);
    }
    const g = canvas.getContext('2d');
    g.setTransform(ratio, 0, 0, ratio, 0, 0);
    g.clearRect(0, 0, width, height);

    const now = Date.now();
    const buckets = new Array(CHART_SECONDS).fill(0);
    for (const event of state.events) { // newest first: stop at the first one older than the chart
      const age = now - timeOf(event);
      if (age >= CHART_SECONDS * 1000) break;
      if (age >= 0) buckets[CHART_SECONDS - 1 - Math.floor(age / 1000)]++;
    }
    const peak = Math.max(1, ...buckets);
    const left = 30;
    const bottom = height - 16;
    const top = 8;
    const barWidth = (width - left) / CHART_SECONDS;

    g.font = '11px system-ui, sans-serif';
    g.fillStyle = '#6b7385';
    g.strokeStyle = '#e2e5eb';
    g.beginPath();
    g.moveTo(left, top);
    g.lineTo(width, top);
    g.moveTo(left, bottom);
    g.lineTo(width, bottom);
    g.stroke();
    g.textAlign = 'right';
    g.fillText(String(peak), left - 5, top + 4);
    g.fillText('0', left - 5, bottom + 4);
    g.textAlign = 'left';
    g.fillText(`-${CHART_SECONDS} s`, left, height - 3);
    g.textAlign = 'right';
    g.fillText('now', width, height - 3);

    g.fillStyle = '#ff6900';
    buckets.forEach((count, i) => {
      if (count === 0) return;
      const h = ((bottom - top) * count) / peak;
      g.fillRect(left + i * barWidth + 1, bottom - h, Math.max(1, barWidth - 2), h);
    });
  }

  setInterval(drawChart, 1000);
  window.addEventListener('resize', drawChart);

  // ---- start: the filters in the address, if any ----------------------------------------------------------------

  (async () => {
    const params = new URLSearchParams(location.search);
    const initial = {
      ...subjectFilter(params.get('subject') || ''),
      type: params.get('type') || '',
      flowId: params.get('flowId') || '',
    };
    for (const [name, value] of Object.entries(initial)) form.elements[name].value = value;
    await apply();
    if (initial.flowId && state.source) openFlow(initial.flowId); // a link to one flow opens its view
    if (!state.source) { // the address held filters the API refused: show everything, and say why
      const detail = $('problem').textContent;
      await setFilter({ account: '', device: '', type: '', flowId: '' });
      showProblem(detail);
    }
    drawChart();
  })();
})();
