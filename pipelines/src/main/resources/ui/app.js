'use strict';
// Sparsight's web view: events from /api/events (server-sent, read_committed from Kafka), queries from /api/queries,
// clips and snapshots from /clips/<camera>/<file>. Plain DOM, no build step.

const TYPES = [
  {type: 'io.sparsight.anomaly', label: 'Anomaly', color: 'var(--anomaly)', on: true},
  {type: 'io.sparsight.prediction', label: 'Prediction', color: 'var(--prediction)', on: true},
  {type: 'io.sparsight.moment', label: 'Moment', color: 'var(--moment)', on: true},
  {type: 'io.sparsight.object', label: 'Object', color: 'var(--object)', on: true},
  {type: 'io.sparsight.zone', label: 'Zone', color: 'var(--zone)', on: true},
  {type: 'io.sparsight.repair', label: 'Repair', color: 'var(--repair)', on: true},
  {type: 'io.sparsight.motion', label: 'Motion', color: 'var(--motion)', on: false},
  {type: 'io.sparsight.camera.status', label: 'Status', color: 'var(--status)', on: false},
  {type: 'io.sparsight.rejected', label: 'Rejected', color: 'var(--rejected)', on: true},
];
const TYPE = Object.fromEntries(TYPES.map(t => [t.type, t]));
const MAX_SHOWN = 400;

const state = {
  events: new Map(),          // id -> CloudEvent
  order: [],                  // ids, oldest first
  cameras: new Map(),         // id -> {id, status, reason, snapshot, lastMs, count, spans: []}
  types: new Set(TYPES.filter(t => t.on).map(t => t.type)),
  camera: '', objectClass: '', text: '',
  selected: null,
  fps: {},
  info: {},
};

const $ = id => document.getElementById(id);
const el = (tag, props = {}, ...children) => {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (key === 'class') node.className = value;
    else if (key === 'style') node.setAttribute('style', value);
    else if (key.startsWith('data-')) node.setAttribute(key, value);
    else node[key] = value;
  }
  for (const child of children) if (child != null) node.append(child);
  return node;
};

// ---- helpers -------------------------------------------------------------------------------------------------

function ms(iso) { return iso ? Date.parse(iso) : NaN; }
function clock(t) {
  return isNaN(t) ? '' : new Date(t).toLocaleTimeString([], {hour: '2-digit', minute: '2-digit', second: '2-digit'});
}
function day(t) { return isNaN(t) ? '' : new Date(t).toLocaleDateString([], {month: 'short', day: 'numeric'}); }
function seconds(d) { return d >= 60000 ? (d / 60000).toFixed(1) + ' min' : (d / 1000).toFixed(1) + ' s'; }
/** A clip-store URI as this server's /clips/<camera>/<file>. */
function storeUrl(uri) {
  if (!uri) return null;
  const parts = uri.split('/').filter(Boolean);
  return parts.length >= 2 ? '/clips/' + parts.slice(-2).map(encodeURIComponent).join('/') : null;
}
function span(ev) {
  const d = ev.data || {};
  const start = ms(d.start || d.time || d.at);
  const end = ms(d.end || d.time || d.at);
  return {start, end: isNaN(end) ? start : end};
}
function objectClass(ev) {
  const d = ev.data || {};
  return d['class'] || (d.object && d.object['class']) || '';
}
function describe(ev) {
  const d = ev.data || {};
  switch (ev.type) {
    case 'io.sparsight.anomaly':
      return d.object ? `Unusual ${d.object['class']} #${d.object.track}` : 'Unusual activity';
    case 'io.sparsight.prediction': return 'Frames the diffusion model could not predict';
    case 'io.sparsight.moment': return `“${d.text}”`;
    case 'io.sparsight.object': return `${d['class']} #${d.track}`;
    case 'io.sparsight.zone': return `${d['class']} #${d.track} ${d.action === 'enter' ? 'entered' : d.action === 'leave' ? 'left' : 'loiters in'} ${d.zone}`;
    case 'io.sparsight.motion': return 'Motion';
    case 'io.sparsight.repair': return `${d.frames} lost frame(s) filled`;
    case 'io.sparsight.camera.status': return `${d.state}${d.reason ? ': ' + d.reason : ''}`;
    case 'io.sparsight.rejected': return `Rejected: ${d.reason || ''}`;
    default: return ev.type;
  }
}
function score(ev) {
  const d = ev.data || {};
  if (typeof d.peakScore === 'number') return d.peakScore;
  if (typeof d.score === 'number') return d.score;
  if (typeof d.bestScore === 'number') return d.bestScore;
  return null;
}
function token() { return localStorage.getItem('sparsight-token') || ''; }

// ---- events --------------------------------------------------------------------------------------------------

function accept(ev) {
  if (!ev || !ev.id || state.events.has(ev.id)) return false;
  state.events.set(ev.id, ev);
  state.order.push(ev.id);
  const camera = ev.subject || (ev.data && ev.data.camera);
  if (camera && ev.type !== 'io.sparsight.rejected') {
    const cam = state.cameras.get(camera) || {id: camera, status: null, reason: '', snapshot: null, lastMs: NaN, count: 0, spans: []};
    const s = span(ev);
    if (ev.type === 'io.sparsight.camera.status') {
      cam.status = ev.data.state;
      cam.reason = ev.data.reason || '';
    } else {
      cam.count++;
      if (ev.data && ev.data.clip && ev.data.clip.snapshot && !(s.end < cam.snapshotMs)) {
        cam.snapshot = storeUrl(ev.data.clip.snapshot);
        cam.snapshotMs = s.end;
      }
      if (ev.type !== 'io.sparsight.motion') cam.spans.push({type: ev.type, start: s.start, end: s.end});
      if (cam.spans.length > 200) cam.spans.shift();
    }
    if (!(s.end < cam.lastMs)) cam.lastMs = s.end;
    state.cameras.set(camera, cam);
  }
  return true;
}

function visible(ev) {
  if (!state.types.has(ev.type)) return false;
  const camera = ev.subject || (ev.data && ev.data.camera) || '';
  if (state.camera && camera !== state.camera) return false;
  if (state.objectClass && objectClass(ev) !== state.objectClass) return false;
  if (state.text) {
    const hay = (describe(ev) + ' ' + camera + ' ' + JSON.stringify(ev.data || {})).toLowerCase();
    if (!hay.includes(state.text.toLowerCase())) return false;
  }
  return true;
}

function eventCard(ev) {
  const t = TYPE[ev.type] || {label: ev.type, color: 'var(--muted)'};
  const d = ev.data || {};
  const s = span(ev);
  const camera = ev.subject || d.camera || '';
  const clip = d.clip || {};
  const compact = ev.type === 'io.sparsight.camera.status' || ev.type === 'io.sparsight.rejected';
  const card = el('li', {class: 'event' + (compact ? ' compact' : '') + (clip.uri ? ' has-clip' : ''),
    style: `--c: ${t.color}`, 'data-id': ev.id, 'data-type': ev.type});
  if (!compact) {
    const shot = el('div', {class: 'shot'});
    const snap = storeUrl(clip.snapshot);
    if (snap) shot.style.backgroundImage = `url("${snap}")`;
    if (clip.uri) shot.append(el('span', {class: 'play', textContent: '▶'}));
    card.append(shot);
  }
  const body = el('div', {class: 'body'});
  body.append(el('div', {class: 'line1'}, el('span', {class: 'badge', textContent: t.label}),
    el('span', {class: 'what', textContent: describe(ev)})));
  const line2 = el('div', {class: 'line2'}, el('span', {textContent: camera}));
  const sc = score(ev);
  if (sc != null && !compact) {
    const bar = el('span', {class: 'bar'}, el('span', {style: `width: ${Math.round(Math.min(1, sc) * 100)}%`}));
    line2.append(el('span', {class: 'score'}, bar, el('span', {textContent: sc.toFixed(2)})));
  }
  if (s.end > s.start) line2.append(el('span', {textContent: seconds(s.end - s.start)}));
  if (clip.error) line2.append(el('span', {textContent: 'no clip: ' + clip.error}));
  body.append(line2);
  card.append(body);
  card.append(el('div', {class: 'when'}, el('b', {textContent: clock(s.start)}),
    el('span', {textContent: s.end > s.start ? '→ ' + clock(s.end) : day(s.start)})));
  card.addEventListener('click', () => select(ev.id));
  return card;
}

function renderEvents() {
  const list = $('events');
  const shown = [];
  for (let i = state.order.length - 1; i >= 0 && shown.length < MAX_SHOWN; i--) {
    const ev = state.events.get(state.order[i]);
    if (visible(ev)) shown.push(ev);
  }
  list.replaceChildren(...shown.map(eventCard));
  for (const card of list.children) card.classList.toggle('selected', card.dataset.id === state.selected);
  $('events-empty').hidden = shown.length > 0;
  $('events-empty').textContent = state.order.length ? 'No event matches the filters.'
    : 'Waiting for events. They appear here as jobs commit them.';
  renderChips();
}

function renderChips() {
  const counts = {};
  for (const ev of state.events.values()) counts[ev.type] = (counts[ev.type] || 0) + 1;
  const chips = $('type-chips');
  chips.replaceChildren(...TYPES.map(t => {
    const chip = el('button', {class: 'chip' + (state.types.has(t.type) ? ' on' : ''), 'data-type': t.type},
      el('i', {style: `background: ${t.color}`}), t.label, el('span', {class: 'n', textContent: counts[t.type] || 0}));
    chip.addEventListener('click', () => {
      state.types.has(t.type) ? state.types.delete(t.type) : state.types.add(t.type);
      renderEvents();
    });
    return chip;
  }));
}

function renderCameras() {
  const list = $('cameras');
  const cams = [...state.cameras.values()].sort((a, b) => a.id.localeCompare(b.id));
  list.replaceChildren(...cams.map(cam => {
    const thumb = el('div', {class: 'thumb'});
    if (cam.snapshot) thumb.style.backgroundImage = `url("${cam.snapshot}")`;
    else thumb.append(el('span', {class: 'none', textContent: 'no snapshot yet'}));
    const fps = state.fps[cam.id.replace(/[^A-Za-z0-9_]/g, '_')];
    const sub = el('div', {class: 'sub'}, el('span', {textContent: `${cam.count} event${cam.count === 1 ? '' : 's'}`}));
    if (typeof fps === 'number') sub.append(el('span', {textContent: `${fps.toFixed(1)} fps analysed`}));
    if (!isNaN(cam.lastMs)) sub.append(el('span', {textContent: 'last ' + clock(cam.lastMs)}));
    const strip = el('div', {class: 'strip', title: 'events of the last 5 minutes of this camera'});
    const windowMs = 5 * 60 * 1000;
    const from = cam.lastMs - windowMs;
    for (const s of cam.spans) {
      if (!(s.end >= from)) continue;
      const left = Math.max(0, (s.start - from) / windowMs * 100);
      const width = Math.max(0.6, (Math.min(s.end, cam.lastMs) - Math.max(s.start, from)) / windowMs * 100);
      strip.append(el('span', {style: `left: ${left}%; width: ${width}%; background: ${(TYPE[s.type] || {}).color}`}));
    }
    const item = el('li', {class: 'camera' + (state.camera === cam.id ? ' selected' : ''), 'data-camera': cam.id,
      title: cam.reason || ''}, thumb, el('div', {class: 'meta'},
      el('div', {class: 'title'}, el('span', {class: 'id', textContent: cam.id}),
        el('span', {class: 'pill ' + (cam.status || ''), textContent: cam.status || 'seen'})), sub, strip));
    item.addEventListener('click', () => {
      state.camera = state.camera === cam.id ? '' : cam.id;
      $('filter-camera').value = state.camera;
      renderCameras();
      renderEvents();
    });
    return item;
  }));
  $('camera-count').textContent = cams.length;
  $('cameras-empty').hidden = cams.length > 0;
  fillSelect($('filter-camera'), cams.map(c => c.id), 'All cameras', state.camera);
  fillSelect($('query-camera'), ['*', ...cams.map(c => c.id)], null, $('query-camera').value || '*');
  const classes = new Set();
  for (const ev of state.events.values()) { const c = objectClass(ev); if (c) classes.add(c); }
  fillSelect($('filter-class'), [...classes].sort(), 'All objects', state.objectClass);
}

function fillSelect(select, values, allLabel, current) {
  const options = [];
  if (allLabel) options.push(el('option', {value: '', textContent: allLabel}));
  for (const v of values) options.push(el('option', {value: v, textContent: v === '*' ? 'Every grounding camera' : v}));
  const key = values.join('\u0000');
  if (select.dataset.key === key) return;
  select.dataset.key = key;
  select.replaceChildren(...options);
  select.value = current;
}

function select(id) {
  state.selected = id;
  const ev = state.events.get(id);
  const t = TYPE[ev.type] || {label: ev.type, color: 'var(--muted)'};
  const d = ev.data || {};
  const clip = d.clip || {};
  $('detail').hidden = false;
  $('detail').style.setProperty('--c', t.color);
  $('detail-badge').textContent = t.label;
  $('detail-title').textContent = describe(ev);
  const player = $('player');
  const clipUrl = storeUrl(clip.uri);
  const snapUrl = storeUrl(clip.snapshot);
  player.hidden = !clipUrl;
  if (clipUrl) {
    player.poster = snapUrl || '';
    player.src = clipUrl;
    player.play().catch(() => {});
  } else {
    player.removeAttribute('src');
    player.load();
  }
  const predictedUrl = storeUrl(clip.predicted);
  const predictedPlayer = $('predicted-player');
  $('detail-predicted').hidden = !predictedUrl;
  if (predictedUrl) {
    predictedPlayer.src = predictedUrl;
    predictedPlayer.play().catch(() => {});
  } else {
    predictedPlayer.removeAttribute('src');
    predictedPlayer.load();
  }
  $('detail-snapshot').hidden = !snapUrl || !!clipUrl;
  if (snapUrl) $('detail-snapshot').src = snapUrl;
  $('detail-no-clip').hidden = !!clipUrl;
  $('detail-no-clip').textContent = clip.error ? 'No clip: ' + clip.error
    : 'No clip: this camera has no clips (clips: true in its configuration).';
  const s = span(ev);
  const facts = [['Camera', ev.subject || d.camera], ['When', `${day(s.start)} ${clock(s.start)}` + (s.end > s.start ? ` → ${clock(s.end)} (${seconds(s.end - s.start)})` : '')]];
  const sc = score(ev);
  if (sc != null) facts.push(['Score', sc.toFixed(3)]);
  if (d.text) facts.push(['Query', `${d.text} (${d.queryId})`]);
  if (d.object) facts.push(['Object', `${d.object['class']} #${d.object.track}, score ${d.object.score}`]);
  if (d.model) facts.push(['Model', d.model]);
  if (d.zones && d.zones.length) facts.push(['Zones', d.zones.join(', ')]);
  if (clip.start) facts.push(['Clip', `${clock(ms(clip.start))} → ${clock(ms(clip.end))}, ${clip.frames} frames`]);
  if (ev.type === 'io.sparsight.prediction') facts.push(['PSNR', `${d.lowestPsnrDb} dB lowest, ${d.normalPsnrDb} dB normal`]);
  $('detail-facts').replaceChildren(...facts.flatMap(([k, v]) => [el('dt', {textContent: k}), el('dd', {textContent: v})]));
  $('detail-json').textContent = JSON.stringify(ev, null, 2);
  for (const card of $('events').children) card.classList.toggle('selected', card.dataset.id === id);
}

let renderPending = false;
function scheduleRender() {
  if (renderPending) return;
  renderPending = true;
  requestAnimationFrame(() => { renderPending = false; renderEvents(); renderCameras(); });
}

function connect() {
  const source = new EventSource('/api/events');
  source.onopen = () => { $('live').className = 'live on'; $('live-text').textContent = 'live'; };
  source.onerror = () => { $('live').className = 'live off'; $('live-text').textContent = 'reconnecting'; };
  source.onmessage = message => {
    try { if (accept(JSON.parse(message.data))) scheduleRender(); } catch (e) { console.warn('unreadable event', e); }
  };
}

// ---- queries -------------------------------------------------------------------------------------------------

async function loadQueries() {
  const body = $('queries-list');
  try {
    const response = await fetch('/api/queries');
    const queries = await response.json();
    if (!response.ok) throw new Error(queries.error || response.statusText);
    body.replaceChildren(...queries.map(q => {
      const remove = el('button', {textContent: 'Remove', title: 'remove this standing query'});
      remove.addEventListener('click', () => removeQuery(q.id));
      return el('tr', {'data-id': q.id}, el('td', {textContent: q.id}), el('td', {textContent: q.camera}),
        el('td', {textContent: q.threshold.toFixed(2)}), el('td', {class: 'text', textContent: q.text}), el('td', {}, remove));
    }));
    $('queries-empty').hidden = queries.length > 0;
  } catch (e) {
    $('queries-empty').hidden = false;
    $('queries-empty').textContent = 'Could not read the queries: ' + e.message;
  }
}

async function change(method, url, body) {
  const response = await fetch(url, {method, headers: {'Content-Type': 'application/json', 'X-Sparsight-Token': token()},
    body: body ? JSON.stringify(body) : undefined});
  const answer = await response.json().catch(() => ({}));
  if (!response.ok) throw new Error(answer.error || response.statusText);
  return answer;
}

async function removeQuery(id) {
  try {
    await change('DELETE', '/api/queries/' + encodeURIComponent(id));
    await loadQueries();
  } catch (e) {
    message(e.message, true);
  }
}

function message(text, error) {
  $('query-message').textContent = text;
  $('query-message').className = 'form-message' + (error ? ' error' : '');
}

$('query-form').addEventListener('submit', async e => {
  e.preventDefault();
  const form = new FormData(e.target);
  const query = {text: form.get('text').trim(), camera: form.get('camera'), threshold: Number(form.get('threshold'))};
  if (form.get('id')) query.id = form.get('id').trim();
  try {
    const answer = await change('POST', '/api/queries', query);
    message(`Added ${answer.id}.`, false);
    e.target.reset();
    await loadQueries();
  } catch (err) {
    message(err.message, true);
  }
});
$('queries-refresh').addEventListener('click', loadQueries);

// ---- cameras (with the job's configuration: its camera control topic) -------------------------------------------

async function loadCameraControl() {
  const body = $('camera-control-list');
  try {
    const response = await fetch('/api/cameras');
    const cameras = await response.json();
    if (!response.ok) throw new Error(cameras.error || response.statusText);
    body.replaceChildren(...cameras.map(c => {
      const cells = [el('td', {textContent: c.id}), el('td', {}, el('span', {class: 'pill ' + c.origin, textContent: c.origin})),
        el('td', {textContent: c.sampling || ''}), el('td', {textContent: c.size || ''}),
        el('td', {class: 'text', textContent: c.url || ''})];
      const action = el('td');
      if (c.origin !== 'removed') {
        const remove = el('button', {textContent: 'Remove', title: 'stop this camera in the running job'});
        remove.addEventListener('click', () => removeCamera(c.id));
        action.append(remove);
      }
      return el('tr', {'data-id': c.id, 'data-origin': c.origin}, ...cells, action);
    }));
    $('camera-control-empty').hidden = cameras.length > 0;
  } catch (e) {
    $('camera-control-empty').hidden = false;
    $('camera-control-empty').textContent = 'Could not read the cameras: ' + e.message;
  }
}

function cameraMessage(text, error) {
  $('camera-message').textContent = text;
  $('camera-message').className = 'form-message' + (error ? ' error' : '');
}

async function removeCamera(id) {
  try {
    await change('DELETE', '/api/cameras/' + encodeURIComponent(id));
    cameraMessage(`Removed ${id}.`, false);
    await loadCameraControl();
  } catch (e) {
    cameraMessage(e.message, true);
  }
}

$('camera-form').addEventListener('submit', async e => {
  e.preventDefault();
  const form = new FormData(e.target);
  const camera = {};
  for (const key of ['id', 'url', 'sampling', 'size']) if (form.get(key)) camera[key] = form.get(key).trim();
  try {
    const answer = await change('POST', '/api/cameras', camera);
    cameraMessage(`Sent ${answer.added} to the job.`, false);
    e.target.reset();
    await loadCameraControl();
  } catch (err) {
    cameraMessage(err.message, true);
  }
});
$('camera-control-refresh').addEventListener('click', loadCameraControl);

// ---- page ----------------------------------------------------------------------------------------------------

function show(view) {
  for (const tab of document.querySelectorAll('.tab')) tab.classList.toggle('active', tab.dataset.view === view);
  $('view-review').hidden = view !== 'review';
  $('view-queries').hidden = view !== 'queries';
  $('view-camera-control').hidden = view !== 'camera-control';
  if (view === 'queries') loadQueries();
  if (view === 'camera-control') loadCameraControl();
}
for (const tab of document.querySelectorAll('.tab')) tab.addEventListener('click', () => show(tab.dataset.view));
$('detail-close').addEventListener('click', () => {
  $('detail').hidden = true;
  $('player').pause();
  state.selected = null;
  renderEvents();
});
$('filter-camera').addEventListener('change', e => { state.camera = e.target.value; renderCameras(); renderEvents(); });
$('filter-class').addEventListener('change', e => { state.objectClass = e.target.value; renderEvents(); });
$('filter-text').addEventListener('input', e => { state.text = e.target.value; renderEvents(); });
$('token').value = token();
$('token').addEventListener('change', e => localStorage.setItem('sparsight-token', e.target.value));

async function loadInfo() {
  try {
    state.info = await (await fetch('/api/info')).json();
    state.fps = state.info.analysedFps || {};
    $('token-box').hidden = !state.info.tokenRequired;
    $('camera-control-tab').hidden = !state.info.cameraControl;
    $('banner').hidden = !state.info.feedProblem;
    $('banner').textContent = state.info.feedProblem || '';
    renderCameras();
  } catch (e) {
    // the server is away; the events stream says so
  }
}

renderChips();
connect();
loadInfo();
setInterval(loadInfo, 5000);
if (location.hash === '#queries') show('queries');
if (location.hash === '#cameras') show('camera-control');
