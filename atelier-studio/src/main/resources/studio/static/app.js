// Atelier Studio page: plain JavaScript, no libraries, talks to the JSON API and the live channel.
'use strict';
const $ = id => document.getElementById(id);
const token = new URLSearchParams(location.search).get('token');
if (token) {
  // images and the live channel carry the token as a cookie; fetches also send it as a header
  document.cookie = 'atelier_token=' + encodeURIComponent(token) + '; path=/; SameSite=Strict';
}
const MASK_SIDE = 256;
let examples = [];
let content = null;          // {ref, width, height}
const styles = [];           // [{ref, weight, scale, mask: canvas, painted: bool, el}]
let activeStyle = 0;
let current = null;          // id of the job shown
let currentStatus = null;
let curve = [];
let changeTimer = null;

async function api(method, path, body, raw) {
  const headers = {};
  if (token) headers['X-Atelier-Token'] = token;
  let payload;
  if (raw) { payload = body; headers['Content-Type'] = 'application/octet-stream'; }
  else if (body !== undefined) { payload = JSON.stringify(body); headers['Content-Type'] = 'application/json'; }
  const r = await fetch(path, {method, headers, body: payload});
  const text = await r.text();
  const data = text ? JSON.parse(text) : null;
  if (!r.ok) throw new Error(data && data.error ? data.error : r.status + ' ' + r.statusText);
  return data;
}
function showError(e) { $('error').textContent = e ? (e.message || String(e)) : ''; }
function imageUrl(ref) { return '/api/image?ref=' + encodeURIComponent(ref); }

function option(select, value, label) {
  const o = document.createElement('option'); o.value = value; o.textContent = label; select.appendChild(o);
}

async function init() {
  const info = await api('GET', '/api/info');
  $('size').value = info.defaults.size;
  $('maxEvals').value = info.defaults.maxEvals;
  $('previewEvery').value = info.defaults.previewEvery;
  examples = await api('GET', '/api/examples');
  for (const e of examples.filter(e => e.kind === 'content')) option($('contentExample'), e.ref, e.name);
  $('contentExample').onchange = () => setContent({ref: $('contentExample').value});
  $('contentFile').onchange = async () => {
    const f = $('contentFile').files[0];
    if (!f) return;
    try {
      const u = await api('POST', '/api/uploads', f, true);
      option($('contentExample'), u.ref, 'upload ' + u.ref.slice(7, 15));
      $('contentExample').value = u.ref;
      await setContent(u); showError();
    } catch (e) { showError(e); }
  };
  addStyle(examples.find(e => e.kind === 'style').ref);
  $('addStyle').onclick = () => { if (styles.length < 4) addStyle(examples.find(e => e.kind === 'style').ref); };
  await setContent({ref: $('contentExample').value});
  $('styleWeight').oninput = () => { $('styleWeightValue').textContent = styleWeight().toPrecision(3); };
  $('styleWeight').dispatchEvent(new Event('input'));
  for (const id of ['styleWeight', 'contentWeight', 'tvWeight', 'styleLayers', 'colors', 'styleScale']) {
    $(id).addEventListener('change', steer);
  }
  $('start').onclick = start;
  $('pause').onclick = () => control('pause');
  $('resume').onclick = () => control('resume');
  $('stop').onclick = () => control('stop');
  $('savePreset').onclick = savePreset;
  $('clearMask').onclick = () => {
    const s = styles[activeStyle];
    clearMask(s); drawOverlay(); steer();
  };
  setupBrush();
  listen();
  refreshJobs();
  refreshHistory();
}

function styleWeight() { return Math.pow(10, parseFloat($('styleWeight').value)); }

async function setContent(c) {
  const img = $('contentImage');
  await new Promise(resolve => { img.onload = resolve; img.onerror = resolve; img.src = imageUrl(c.ref); });
  content = {ref: c.ref, width: img.naturalWidth, height: img.naturalHeight};
  const f = MASK_SIDE / Math.max(content.width, content.height);
  const w = Math.max(1, Math.round(content.width * f)), h = Math.max(1, Math.round(content.height * f));
  for (const s of styles) { s.mask.width = w; s.mask.height = h; clearMask(s); }
  $('maskOverlay').width = w; $('maskOverlay').height = h;
  $('status').textContent = 'content: ' + c.ref;
  drawOverlay();
}

function clearMask(s) {
  const g = s.mask.getContext('2d');
  g.fillStyle = '#000'; g.fillRect(0, 0, s.mask.width, s.mask.height);
  s.painted = false;
}

function addStyle(ref) {
  const i = styles.length;
  const el = document.createElement('div');
  el.className = 'style';
  el.innerHTML = '<select></select><input type="file" accept="image/png,image/jpeg" id="styleFile-' + i + '">'
    + '<img alt="style"><label>weight <input type="number" value="1" min="0" step="0.1"></label>'
    + '<button type="button">paint its mask</button>';
  const select = el.querySelector('select');
  for (const e of examples.filter(e => e.kind === 'style')) option(select, e.ref, e.name);
  const mask = document.createElement('canvas');
  mask.width = $('maskOverlay').width || MASK_SIDE; mask.height = $('maskOverlay').height || MASK_SIDE;
  const s = {ref, el, mask, painted: false};
  clearMask(s);
  styles.push(s);
  const setRef = r => { s.ref = r; el.querySelector('img').src = imageUrl(r); };
  select.value = ref; setRef(ref);
  select.onchange = () => { setRef(select.value); steer(); };
  el.querySelector('input[type=file]').onchange = async ev => {
    const f = ev.target.files[0];
    if (!f) return;
    try { const u = await api('POST', '/api/uploads', f, true); option(select, u.ref, 'upload ' + u.ref.slice(7, 15)); select.value = u.ref; setRef(u.ref); showError(); steer(); }
    catch (e) { showError(e); }
  };
  el.querySelector('input[type=number]').onchange = steer;
  el.querySelector('button').onclick = () => selectStyle(i);
  $('styles').appendChild(el);
  selectStyle(i);
}

function selectStyle(i) {
  activeStyle = i;
  styles.forEach((s, k) => s.el.classList.toggle('active', k === i));
  drawOverlay();
}

function drawOverlay() {
  const o = $('maskOverlay'), g = o.getContext('2d');
  g.clearRect(0, 0, o.width, o.height);
  const s = styles[activeStyle];
  if (!s || !s.painted) return;
  // show the painted area tinted: the mask's white becomes translucent red
  const src = s.mask.getContext('2d').getImageData(0, 0, s.mask.width, s.mask.height);
  const out = g.createImageData(o.width, o.height);
  for (let p = 0; p < src.data.length; p += 4) {
    out.data[p] = 220; out.data[p + 1] = 40; out.data[p + 2] = 40; out.data[p + 3] = src.data[p] * 0.45;
  }
  g.putImageData(out, 0, 0);
}

function setupBrush() {
  const o = $('maskOverlay');
  let down = false, last = null;
  const at = ev => {
    const r = o.getBoundingClientRect();
    return [(ev.clientX - r.left) * o.width / r.width, (ev.clientY - r.top) * o.height / r.height];
  };
  const dab = p => {
    const s = styles[activeStyle], g = s.mask.getContext('2d');
    g.strokeStyle = g.fillStyle = $('erase').checked ? '#000' : '#fff';
    g.lineWidth = parseFloat($('brush').value); g.lineCap = 'round';
    g.beginPath();
    if (last) { g.moveTo(last[0], last[1]); g.lineTo(p[0], p[1]); g.stroke(); }
    else { g.arc(p[0], p[1], g.lineWidth / 2, 0, 2 * Math.PI); g.fill(); }
    last = p; s.painted = true; drawOverlay();
  };
  o.addEventListener('pointerdown', ev => { down = true; last = null; o.setPointerCapture(ev.pointerId); dab(at(ev)); });
  o.addEventListener('pointermove', ev => { if (down) dab(at(ev)); });
  const up = () => { if (down) { down = false; last = null; steer(); } };
  o.addEventListener('pointerup', up);
  o.addEventListener('pointercancel', up);
}

function numberOrNull(id) { const v = $(id).value.trim(); return v === '' ? null : parseFloat(v); }
function textOrNull(id) { const v = $(id).value.trim(); return v === '' ? null : v; }

function controls() {
  return {
    content: content && content.ref,
    styles: styles.map(s => ({
      image: s.ref,
      weight: parseFloat(s.el.querySelector('input[type=number]').value),
      mask: s.painted ? s.mask.toDataURL('image/png') : null,
    })),
    size: numberOrNull('size'), maxEvals: numberOrNull('maxEvals'), scales: textOrNull('scales'),
    styleWeight: styleWeight(), contentWeight: numberOrNull('contentWeight'), tvWeight: numberOrNull('tvWeight'),
    styleLayers: textOrNull('styleLayers'), colors: $('colors').value, styleScale: numberOrNull('styleScale'),
    previewEvery: numberOrNull('previewEvery'),
  };
}

async function start() {
  showError();
  try {
    const job = await api('POST', '/api/jobs', controls());
    show(job.id, job.status);
  } catch (e) { showError(e); }
}

function show(id, status) {
  current = id; curve = []; drawCurve();
  $('download').hidden = true; $('downloadSidecar').hidden = true;
  setStatus(status);
}

function setStatus(status) {
  currentStatus = status;
  const live = ['running', 'pausing', 'paused', 'queued'].includes(status);
  $('pause').disabled = status !== 'running';
  $('resume').disabled = status !== 'paused' && status !== 'pausing';
  $('stop').disabled = !live;
  $('status').textContent = current ? 'job ' + current.slice(0, 8) + ': ' + status : 'idle';
}

async function control(action) {
  if (!current) return;
  try { const j = await api('POST', '/api/jobs/' + current + '/' + action); if (j.status) setStatus(j.status); showError(); }
  catch (e) { showError(e); }
}

// a control moved during a run: send the change after a short pause in the user's hand
function steer() {
  if (!current || !['running', 'pausing', 'paused', 'queued'].includes(currentStatus)) return;
  clearTimeout(changeTimer);
  changeTimer = setTimeout(async () => {
    try { await api('POST', '/api/jobs/' + current + '/change', controls()); showError(); }
    catch (e) { showError(e); }
  }, 150);
}

async function savePreset() {
  try {
    const preset = await api('POST', '/api/presets', controls());
    const a = document.createElement('a');
    a.href = URL.createObjectURL(new Blob([JSON.stringify(preset, null, 2)], {type: 'application/json'}));
    a.download = 'atelier-preset.json'; a.click();
  } catch (e) { showError(e); }
}

function listen() {
  const src = new EventSource('/api/events' + (token ? '?token=' + encodeURIComponent(token) : ''));
  const mine = ev => { const d = JSON.parse(ev.data); return d.job === current ? d : null; };
  src.addEventListener('eval', ev => {
    const d = mine(ev); if (!d) return;
    curve.push([d.evaluation, d.total, d.scale]);
    drawCurve();
  });
  src.addEventListener('preview', ev => {
    const d = mine(ev); if (!d) return;
    $('preview').src = '/api/jobs/' + d.id + '/preview.png?v=' + d.previewVersion;
    progress(d);
  });
  for (const t of ['scale', 'status', 'changed']) {
    src.addEventListener(t, ev => { const d = mine(ev); if (d) { setStatus(d.status); progress(d); } refreshJobs(); });
  }
  src.addEventListener('queued', () => refreshJobs());
  src.addEventListener('finished', ev => {
    refreshJobs(); refreshHistory();
    const d = mine(ev); if (!d) return;
    setStatus(d.status); progress(d);
    if (d.status === 'done' || d.status === 'stopped') showResult(d.id);
    if (d.message) showError(d.message);
  });
}

function progress(d) {
  const s = d.scale || {};
  $('progress').textContent = 'scale ' + (s.index + 1) + '/' + s.count + ' ' + s.width + 'x' + s.height
    + ' | evaluations ' + d.evaluations + '/' + d.maxEvals + (d.loss != null ? ' | loss ' + d.loss.toPrecision(4) : '')
    + ' | ' + d.status;
}

function showResult(id) {
  $('preview').src = '/api/runs/' + id + '/result.png?v=final';
  $('download').href = '/api/runs/' + id + '/result.png?download=1';
  $('download').download = 'atelier-' + id + '.png';
  $('downloadSidecar').href = '/api/runs/' + id + '/sidecar.json?download=1';
  $('download').hidden = false; $('downloadSidecar').hidden = false;
}

function drawCurve() {
  const c = $('curve'), g = c.getContext('2d');
  g.clearRect(0, 0, c.width, c.height);
  g.fillStyle = '#555'; g.font = '12px sans-serif';
  g.fillText('total loss (log scale) per evaluation', 8, 14);
  const pts = curve.filter(p => p[1] > 0 && isFinite(p[1]));
  if (pts.length < 2) return;
  const xs = pts.map(p => p[0]), ys = pts.map(p => Math.log10(p[1]));
  const x0 = Math.min(...xs), x1 = Math.max(...xs), y0 = Math.min(...ys), y1 = Math.max(...ys);
  const X = x => 40 + (x - x0) / Math.max(1, x1 - x0) * (c.width - 50);
  const Y = y => c.height - 10 - (y - y0) / Math.max(1e-9, y1 - y0) * (c.height - 30);
  const colours = ['#2a6f97', '#c0392b', '#27ae60', '#8e44ad', '#d35400', '#16a085'];
  for (let i = 1; i < pts.length; i++) {
    g.strokeStyle = colours[pts[i][2] % colours.length];
    g.beginPath(); g.moveTo(X(xs[i - 1]), Y(ys[i - 1])); g.lineTo(X(xs[i]), Y(ys[i])); g.stroke();
  }
  g.fillText(Math.pow(10, y1).toPrecision(3), 2, 26); g.fillText(Math.pow(10, y0).toPrecision(3), 2, c.height - 12);
}

async function refreshJobs() {
  try {
    const jobs = await api('GET', '/api/jobs');
    const ul = $('jobs'); ul.innerHTML = '';
    for (const j of jobs) {
      const li = document.createElement('li');
      li.textContent = j.id.slice(0, 8) + ' ' + j.status + ' ' + j.evaluations + '/' + j.maxEvals + ' ';
      const view = document.createElement('button'); view.textContent = 'view';
      view.onclick = async () => { const full = await api('GET', '/api/jobs/' + j.id); show(j.id, full.status); curve = full.curve; drawCurve(); progress(full); };
      const cancel = document.createElement('button'); cancel.textContent = 'cancel';
      cancel.onclick = () => api('POST', '/api/jobs/' + j.id + '/stop').catch(showError);
      li.append(view, cancel); ul.appendChild(li);
    }
  } catch (e) { showError(e); }
}

async function refreshHistory() {
  try {
    const runs = await api('GET', '/api/runs');
    const ul = $('history'); ul.innerHTML = '';
    for (const r of runs) {
      const li = document.createElement('li');
      li.className = 'run';
      if (r.hasResult) { const img = document.createElement('img'); img.src = '/api/runs/' + r.id + '/thumb.png'; li.appendChild(img); }
      const judge = r.judge ? ' judge ' + r.judge.total.toPrecision(3) : '';
      li.appendChild(document.createTextNode(r.id.slice(0, 8) + ' ' + r.status + (r.parent ? ' (branch of ' + r.parent.slice(0, 8) + ')' : '')
        + ' ' + r.evaluations + ' evals' + judge + ' '));
      if (r.hasResult) {
        const open = document.createElement('button'); open.textContent = 'open';
        open.onclick = () => { current = r.id; setStatus(r.status); showResult(r.id); };
        const branch = document.createElement('button'); branch.textContent = 'branch';
        branch.title = 'continue from its result with the current settings';
        branch.onclick = async () => {
          try {
            const c = controls();
            const job = await api('POST', '/api/runs/' + r.id + '/branch', {snapshot: r.snapshots - 1,
              controls: {styleWeight: c.styleWeight, contentWeight: c.contentWeight, tvWeight: c.tvWeight,
                styleLayers: c.styleLayers, colors: c.colors, styleScale: c.styleScale}});
            show(job.id, job.status);
          } catch (e) { showError(e); }
        };
        const png = document.createElement('a'); png.textContent = 'PNG'; png.href = '/api/runs/' + r.id + '/result.png?download=1';
        const side = document.createElement('a'); side.textContent = 'sidecar'; side.href = '/api/runs/' + r.id + '/sidecar.json?download=1';
        const preset = document.createElement('a'); preset.textContent = 'preset'; preset.href = '/api/runs/' + r.id + '/preset.json';
        li.append(open, branch, ' ', png, ' ', side, ' ', preset);
      }
      ul.appendChild(li);
    }
  } catch (e) { showError(e); }
}

init().catch(showError);
