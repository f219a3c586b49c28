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
let currentKind = 'stylize'; // what the shown job is: 'stylize' or 'harmonize'

async function api(method, path, body, raw) {
  const headers = {};
  if (token) headers['X-Atelier-Token'] = token;
  let payload;
  if (raw) { payload = body; headers['Content-Type'] = 'application/octet-stream'; }
  else if (body !== undefined) { payload = JSON.stringify(body); headers['Content-Type'] = 'application/json'; }
  const r = await fetch(path, {method, headers, body: payload});
  const text = await r.text();
  const data = text ? JSON.parse(text) : null;
  if (!r.ok) {
    const e = new Error(data && data.error ? data.error : r.status + ' ' + r.statusText);
    if (data && data.field) e.field = data.field;
    throw e;
  }
  return data;
}
// a bad setting is shown next to its field (the server names it); anything else in the form's message line
function showError(e, prefix) {
  prefix = prefix || '';
  for (const el of document.querySelectorAll('.field-error')) el.remove();
  for (const el of document.querySelectorAll('[aria-invalid]')) el.removeAttribute('aria-invalid');
  const message = e ? (e.message || String(e)) : '';
  const field = e && e.field ? $(prefix ? prefix + e.field[0].toUpperCase() + e.field.slice(1) : e.field) : null;
  if (field) {
    field.setAttribute('aria-invalid', 'true');
    const note = document.createElement('span');
    note.className = 'field-error'; note.id = field.id + 'Error'; note.setAttribute('role', 'alert');
    note.textContent = message;
    field.setAttribute('aria-describedby', note.id);
    field.insertAdjacentElement('afterend', note);
  }
  $(prefix ? prefix + 'Error' : 'error').textContent = field ? '' : message;
}
function imageUrl(ref) { return '/api/image?ref=' + encodeURIComponent(ref); }

function option(select, value, label) {
  const o = document.createElement('option'); o.value = value; o.textContent = label; select.appendChild(o);
}

async function init() {
  const info = await api('GET', '/api/info');
  settingFields(info.settings, '', 'moreSettings', info.limits);
  qualities = info.harmonizeQualities || [];
  for (const q of qualities) option($('hQuality'), q.id, q.id + ' \u2014 ' + q.summary);
  settingFields(info.harmonizeSettings, 'h', 'hMoreSettings', info.limits);
  $('hQuality').onchange = showQuality;
  showQuality();
  $('previewEvery').value = info.defaults.previewEvery;
  $('hPreviewEvery').value = info.defaults.previewEvery;
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
  // the slider says "recipe" (the table's default) until the artist moves it
  $('styleWeight').oninput = () => { styleWeightSet = true; $('styleWeightValue').textContent = styleWeight().toPrecision(3); };
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
  await setupHarmonize();
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

// The settings' labels, defaults and ranges come from the server's settings table; the fields the page does not
// place itself are made here, in "More settings", so that every setting the studio offers can be set.
const settingInputs = {'': [], h: []};
function settingFields(list, prefix, more, limits) {
  for (const s of list) {
    const id = prefix ? prefix + s.field[0].toUpperCase() + s.field.slice(1) : s.field;
    let input = $(id);
    if (!input) {
      const label = document.createElement('label');
      input = document.createElement('input');
      input.type = 'text'; input.id = id;
      label.append(s.label + ' ', input);
      $(more).appendChild(label);
    } else if (input.parentElement.tagName === 'LABEL' && input.parentElement.firstChild.nodeType === Node.TEXT_NODE) {
      input.parentElement.firstChild.textContent = s.label + ' ';
    }
    input.title = s.help + (s.range ? ' (' + s.range + ')' : '');
    if (input.type !== 'range' && input.tagName !== 'SELECT') input.placeholder = s['default'];
    if (input.type === 'number') {
      if (s.min !== undefined) input.min = s.min;
      const cap = limits[s.field];
      if (s.max !== undefined || cap !== undefined) input.max = Math.min(s.max === undefined ? Infinity : s.max, cap === undefined ? Infinity : cap);
    }
    settingInputs[prefix].push({field: s.field, id, numeric: s.numeric, steerable: s.steerable});
  }
}
// what the settings fields say: only the ones the artist filled in (the others keep the table's defaults)
function settingValues(prefix, steerableOnly) {
  const out = {};
  for (const f of settingInputs[prefix]) {
    if (steerableOnly && !f.steerable) continue;
    if (f.id === 'styleWeight') { if (styleWeightSet) out.styleWeight = styleWeight(); continue; }
    const v = $(f.id).value.trim();
    if (v !== '') out[f.field] = f.numeric && !isNaN(Number(v)) ? Number(v) : v;
  }
  return out;
}
let styleWeightSet = false;

function numberOrNull(id) { const v = $(id).value.trim(); return v === '' ? null : parseFloat(v); }
function textOrNull(id) { const v = $(id).value.trim(); return v === '' ? null : v; }

function styleChoices() {
  return styles.map(s => ({
    image: s.ref,
    weight: parseFloat(s.el.querySelector('input[type=number]').value),
    mask: s.painted ? s.mask.toDataURL('image/png') : null,
  }));
}

function controls() {
  return Object.assign({content: content && content.ref, styles: styleChoices(), previewEvery: numberOrNull('previewEvery')},
    settingValues('', false));
}

// what may change while a run paints: the styles and the steerable settings
function steering() {
  return Object.assign({styles: styleChoices()}, settingValues('', true));
}

async function start() {
  showError();
  try {
    const job = await api('POST', '/api/jobs', controls());
    show(job.id, job.status);
  } catch (e) { showError(e); }
}

function show(id, status, kind) {
  current = id; curve = []; drawCurve();
  currentKind = kind || 'stylize';
  resetPasses();
  $('download').hidden = true; $('downloadSidecar').hidden = true;
  setStatus(status);
}

function setStatus(status) {
  currentStatus = status;
  const live = ['running', 'pausing', 'paused', 'queued'].includes(status);
  for (const p of ['', 'h']) {
    $(p + (p ? 'Pause' : 'pause')).disabled = status !== 'running';
    $(p + (p ? 'Resume' : 'resume')).disabled = status !== 'paused' && status !== 'pausing';
    $(p + (p ? 'Stop' : 'stop')).disabled = !live;
  }
  $('status').textContent = current ? 'job ' + current.slice(0, 8) + ': ' + status : 'idle';
}

async function control(action) {
  if (!current) return;
  try { const j = await api('POST', '/api/jobs/' + current + '/' + action); if (j.status) setStatus(j.status); showError(); }
  catch (e) { showError(e); }
}

// a control moved during a run: send the change after a short pause in the user's hand
function steer() {
  if (!current || currentKind !== 'stylize' || !['running', 'pausing', 'paused', 'queued'].includes(currentStatus)) return;
  clearTimeout(changeTimer);
  changeTimer = setTimeout(async () => {
    try { await api('POST', '/api/jobs/' + current + '/change', steering()); showError(); }
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
  src.addEventListener('pass', ev => { const d = mine(ev); if (d) showPasses(d.id, d.passPreviews); });
  src.addEventListener('queued', () => refreshJobs());
  src.addEventListener('finished', ev => {
    refreshJobs(); refreshHistory();
    const d = mine(ev); if (!d) return;
    setStatus(d.status); progress(d);
    if (d.status === 'done' || d.status === 'stopped') (d.kind === 'harmonize' ? showHarmonized : showResult)(d.id);
    if (d.message) { showError(d.message); hError(d.message); }
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
      view.onclick = async () => { const full = await api('GET', '/api/jobs/' + j.id); show(j.id, full.status, full.kind); curve = full.curve; drawCurve(); progress(full); showPasses(j.id, full.passPreviews); };
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
      const harmonized = r.kind === 'harmonize';
      const li = document.createElement('li');
      li.className = 'run ' + r.kind;
      li.dataset.kind = r.kind;
      if (r.hasResult) { const img = document.createElement('img'); img.src = '/api/runs/' + r.id + '/thumb.png'; li.appendChild(img); }
      const badge = document.createElement('span'); badge.className = 'kind'; badge.textContent = harmonized ? 'harmonize' : 'transfer';
      li.append(badge, ' ');
      const judge = r.judge ? ' judge ' + r.judge.total.toPrecision(3) : '';
      li.appendChild(document.createTextNode(r.id.slice(0, 8) + ' ' + r.status + (r.parent ? ' (branch of ' + r.parent.slice(0, 8) + ')' : '')
        + ' ' + r.evaluations + ' evals' + judge + gramChange(r.metrics) + ' '));
      if (r.hasResult && harmonized) {
        const open = document.createElement('button'); open.textContent = 'open';
        open.onclick = () => { current = r.id; currentKind = 'harmonize'; resetPasses(); setStatus(r.status); showHarmonized(r.id); };
        const png = document.createElement('a'); png.textContent = 'PNG'; png.href = '/api/runs/' + r.id + '/result.png?download=1';
        const side = document.createElement('a'); side.textContent = 'sidecar'; side.href = '/api/runs/' + r.id + '/sidecar.json?download=1';
        li.append(open, ' ', png, ' ', side);
      } else if (r.hasResult) {
        const open = document.createElement('button'); open.textContent = 'open';
        open.onclick = () => { current = r.id; currentKind = 'stylize'; setStatus(r.status); showResult(r.id); };
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

// a harmonization's mean Gram distance to the painting inside its mask, naive composite -> result
function gramChange(metrics) {
  if (!metrics || !metrics.naive_composite || !metrics.result) return '';
  const mean = m => { const v = Object.values(m.gram || {}); return v.length ? v.reduce((a, b) => a + b, 0) / v.length : NaN; };
  const before = mean(metrics.naive_composite), after = mean(metrics.result);
  return isFinite(before) && isFinite(after) ? ' Gram ' + before.toPrecision(3) + ' \u2192 ' + after.toPrecision(3) : '';
}

// Harmonize mode: place an object on a painting (drag, scale), paint its mask, watch it blend.
const h = {painting: null, object: null, x: 0, y: 0, scale: 0.5, mask: document.createElement('canvas'), painted: false};

function loadImage(ref) {
  return new Promise((resolve, reject) => {
    const img = new Image();
    img.onload = () => resolve(img);
    img.onerror = () => reject(new Error('cannot load ' + ref));
    img.src = imageUrl(ref);
  });
}

async function setupHarmonize() {
  for (const e of examples.filter(e => e.kind === 'style')) option($('hPainting'), e.ref, e.name);
  for (const e of examples.filter(e => e.kind === 'content')) option($('hObject'), e.ref, e.name);
  for (const e of examples.filter(e => e.kind === 'content')) option($('hPainting'), e.ref, e.name);
  $('mode').onchange = () => {
    const harmonize = $('mode').value === 'harmonize';
    $('controls').hidden = harmonize; $('contentFigure').hidden = harmonize;
    $('hControls').hidden = !harmonize; $('hStageFigure').hidden = !harmonize;
    $('passes').hidden = !harmonize;
  };
  $('hPainting').onchange = () => setPainting($('hPainting').value).catch(hError);
  $('hObject').onchange = () => setObject($('hObject').value).catch(hError);
  const uploader = (input, select, then) => async () => {
    const f = input.files[0];
    if (!f) return;
    try { const u = await api('POST', '/api/uploads', f, true); option(select, u.ref, 'upload ' + u.ref.slice(7, 15)); select.value = u.ref; await then(u.ref); hError(); }
    catch (e) { hError(e); }
  };
  $('hPaintingFile').onchange = uploader($('hPaintingFile'), $('hPainting'), setPainting);
  $('hObjectFile').onchange = uploader($('hObjectFile'), $('hObject'), setObject);
  $('hScale').oninput = () => {
    // scale about the object's centre, so it stays where the artist put it
    const cx = h.x + objectWidth() / 2, cy = h.y + objectHeight() / 2;
    h.scale = parseFloat($('hScale').value);
    $('hScaleValue').textContent = h.scale.toFixed(2);
    h.x = Math.round(cx - objectWidth() / 2); h.y = Math.round(cy - objectHeight() / 2);
    drawStage();
  };
  $('hClearMask').onclick = () => { h.painted = false; drawStage(); };
  for (const id of ['hMove', 'hBrush', 'hErase']) $(id).onchange = () => $('hStage').classList.toggle('painting', !$('hMove').checked);
  $('hStart').onclick = startHarmonize;
  $('hPause').onclick = () => control('pause');
  $('hResume').onclick = () => control('resume');
  $('hStop').onclick = () => control('stop');
  setupStage();
  await setPainting($('hPainting').value);
  await setObject($('hObject').value);
}

function hError(e) { showError(e, 'h'); }
function objectWidth() { return h.object ? Math.round(h.object.img.naturalWidth * h.scale) : 0; }
function objectHeight() { return h.object ? Math.round(h.object.img.naturalHeight * h.scale) : 0; }

async function setPainting(ref) {
  const img = await loadImage(ref);
  h.painting = {ref, img};
  $('hStage').width = img.naturalWidth; $('hStage').height = img.naturalHeight;
  centreObject();
}

async function setObject(ref) {
  const img = await loadImage(ref);
  h.object = {ref, img};
  h.mask.width = img.naturalWidth; h.mask.height = img.naturalHeight;
  h.painted = false;
  centreObject();
}

function centreObject() {
  if (!h.painting || !h.object) return;
  // an object larger than half the painting starts at a scale that fits it
  const fit = 0.5 * Math.min(h.painting.img.naturalWidth / h.object.img.naturalWidth, h.painting.img.naturalHeight / h.object.img.naturalHeight);
  h.scale = Math.max(0.05, Math.min(1, Math.round(fit * 100) / 100));
  $('hScale').value = h.scale; $('hScaleValue').textContent = h.scale.toFixed(2);
  h.x = Math.round((h.painting.img.naturalWidth - objectWidth()) / 2);
  h.y = Math.round((h.painting.img.naturalHeight - objectHeight()) / 2);
  drawStage();
}

/** The painting, the object pasted through its mask, and (while painting the mask) the mask tinted red. */
function drawStage() {
  const c = $('hStage'), g = c.getContext('2d');
  if (!h.painting) return;
  g.drawImage(h.painting.img, 0, 0);
  if (!h.object) return;
  const o = document.createElement('canvas');
  o.width = h.mask.width; o.height = h.mask.height;
  const og = o.getContext('2d');
  og.drawImage(h.object.img, 0, 0);
  if (h.painted) {
    const px = og.getImageData(0, 0, o.width, o.height), m = h.mask.getContext('2d').getImageData(0, 0, o.width, o.height);
    for (let p = 0; p < px.data.length; p += 4) px.data[p + 3] = m.data[p];
    og.putImageData(px, 0, 0);
  }
  g.drawImage(o, h.x, h.y, objectWidth(), objectHeight());
  g.save();
  g.setLineDash([6, 4]); g.strokeStyle = '#c0392b'; g.lineWidth = Math.max(1, c.width / 400);
  g.strokeRect(h.x, h.y, objectWidth(), objectHeight());
  g.restore();
}

function setupStage() {
  const c = $('hStage');
  let down = false, last = null;
  const at = ev => {
    const r = c.getBoundingClientRect();
    return [(ev.clientX - r.left) * c.width / r.width, (ev.clientY - r.top) * c.height / r.height];
  };
  const dab = p => {
    // the mask lives in the object's own pixels, so it moves and scales with the object
    const q = [(p[0] - h.x) / h.scale, (p[1] - h.y) / h.scale];
    const g = h.mask.getContext('2d');
    if (!h.painted) { g.fillStyle = '#000'; g.fillRect(0, 0, h.mask.width, h.mask.height); h.painted = true; }
    g.strokeStyle = g.fillStyle = $('hErase').checked ? '#000' : '#fff';
    g.lineWidth = parseFloat($('hBrushSize').value) / h.scale; g.lineCap = 'round';
    g.beginPath();
    if (last) { g.moveTo(last[0], last[1]); g.lineTo(q[0], q[1]); g.stroke(); }
    else { g.arc(q[0], q[1], g.lineWidth / 2, 0, 2 * Math.PI); g.fill(); }
    last = q; drawStage();
  };
  c.addEventListener('pointerdown', ev => {
    down = true; last = at(ev); c.setPointerCapture(ev.pointerId);
    if (!$('hMove').checked) { last = null; dab(at(ev)); }
  });
  c.addEventListener('pointermove', ev => {
    if (!down) return;
    const p = at(ev);
    if ($('hMove').checked) { h.x += Math.round(p[0] - last[0]); h.y += Math.round(p[1] - last[1]); last = p; drawStage(); }
    else dab(p);
  });
  const up = () => { down = false; last = null; };
  c.addEventListener('pointerup', up);
  c.addEventListener('pointercancel', up);
}

function harmonizeControls() {
  return {
    painting: h.painting && h.painting.ref, object: h.object && h.object.ref,
    mask: h.painted ? h.mask.toDataURL('image/png') : null,
    x: h.x, y: h.y, scale: h.scale, previewEvery: numberOrNull('hPreviewEvery'),
    ...settingValues('h', false),
  };
}

async function startHarmonize() {
  hError();
  try {
    const job = await api('POST', '/api/harmonize', harmonizeControls());
    show(job.id, job.status, 'harmonize');
  } catch (e) { hError(e); }
}

// The quality: what it costs, and the size, evaluations and scales it paints with while those fields are empty
// (the page sends only what the artist typed, so an untouched field never overrides the quality's value).
let qualities = [];
function showQuality() {
  const q = qualities.find(q => q.id === $('hQuality').value);
  if (!q) return;
  $('hQualityCost').textContent = q.id + ': ' + q.cost;
  $('hSize').placeholder = q.size; $('hMaxEvals').placeholder = q.maxEvals; $('hScales').placeholder = q.scales;
}

// Pass 1 (robust) and pass 2 (refined): each pass's latest image, shown once it has loaded, never before.
const shownPass = {1: 0, 2: 0};
const passLoads = [];        // every pass image loaded, in order (the browser test reads it)
function resetPasses() {
  for (const p of [1, 2]) {
    shownPass[p] = 0;
    $('pass' + p + 'Figure').hidden = true;
    $('pass' + p).removeAttribute('src');
    $('pass' + p + 'Info').textContent = '';
  }
}
function loadPass(id, p, version, info) {
  const img = new Image();
  const url = '/api/harmonize/' + id + '/pass/' + p + '.png?v=' + version;
  img.onload = () => {
    if (id !== current) return;
    $('pass' + p).src = url;
    $('pass' + p + 'Info').textContent = info;
    $('pass' + p + 'Figure').hidden = false;
    passLoads.push({pass: p, url, width: img.naturalWidth});
  };
  img.src = url;
}
function showPasses(id, previews) {
  if (!previews) return;
  for (const p of [1, 2]) {
    const s = previews[p];
    if (!s || s.version <= shownPass[p]) continue;
    shownPass[p] = s.version;
    loadPass(id, p, s.version, '\u00b7 scale ' + (s.scale + 1) + ', ' + s.width + 'x' + s.height);
  }
}

function showHarmonized(id) {
  // the passes' last images, from the run folder once it has ended (none for a run stopped early)
  for (const p of [1, 2]) loadPass(id, p, 'final', $('pass' + p + 'Info').textContent);
  $('preview').src = '/api/harmonize/' + id + '/result.png?v=final';
  $('download').href = '/api/harmonize/' + id + '/result.png?download=1';
  $('download').download = 'atelier-harmonized-' + id + '.png';
  $('downloadSidecar').href = '/api/harmonize/' + id + '/sidecar.json?download=1';
  $('download').hidden = false; $('downloadSidecar').hidden = false;
}

init().catch(showError);
