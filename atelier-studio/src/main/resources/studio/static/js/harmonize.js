// Harmonize mode: place an object on a painting (drag it, scale it), paint its mask, watch it blend; each
// pass's latest image beside the picture.
import {api, imageUrl, loadImage} from './api.js';
import {showError} from './errors.js';
import {Gallery, REF_TYPE} from './gallery.js';

const $ = id => document.getElementById(id);

/** The placement: the painting, the object, its top-left corner and scale in the painting's pixels, its mask. */
export const h = {painting: null, object: null, x: 0, y: 0, scale: 0.5, mask: document.createElement('canvas'), painted: false};
/** Every pass image loaded, in order (what the page showed, for the browser tests). */
export const passLoads = [];
const shownPass = {1: 0, 2: 0};
let current = () => null;
let qualities = [];

export const hError = e => showError(e, {scope: $('hControls'), prefix: 'h', lineId: 'hError'});
export const objectWidth = () => h.object ? Math.round(h.object.img.naturalWidth * h.scale) : 0;
export const objectHeight = () => h.object ? Math.round(h.object.img.naturalHeight * h.scale) : 0;

/** One choice of the quality's segmented control: a radio and its label, which says what it paints. */
function segment(group, q, checked) {
  const id = 'hQuality-' + q.id;
  const input = document.createElement('input');
  input.type = 'radio'; input.name = 'hQualityChoice'; input.id = id; input.value = q.id; input.checked = checked;
  const label = document.createElement('label');
  label.htmlFor = id; label.title = q.cost;
  const summary = document.createElement('span'); summary.className = 'summary'; summary.textContent = q.summary;
  label.append(q.id, summary);
  group.append(input, label);
}

/** The painting and object galleries (shown again with the others when the library changes). */
export let galleries = [];

/**
 * Sets the mode up: `lib` the images to choose from, `shown()` the id of the job the page shows, `refresh()`
 * reads the library again and shows it in every gallery (after an upload).
 */
export async function setupHarmonize(lib, info, shown, refresh) {
  current = shown;
  qualities = info.harmonizeQualities || [];
  qualities.forEach((q, i) => segment($('hQuality'), q, i === 0));
  $('hQuality').addEventListener('change', showQuality);
  showQuality();
  const paintings = new Gallery($('hPaintingGallery'), ['style', 'content'], ref => setPainting(ref).catch(hError), 'hPaintingError');
  const objects = new Gallery($('hObjectGallery'), 'content', ref => setObject(ref).catch(hError), 'hObjectError');
  objects.draggable = true;
  galleries = [paintings, objects];
  for (const g of galleries) g.show(lib);
  const uploader = (input, gallery) => () => { const f = input.files[0]; if (f) gallery.add(f, refresh); input.value = ''; };
  $('hPaintingFile').onchange = uploader($('hPaintingFile'), paintings);
  $('hObjectFile').onchange = uploader($('hObjectFile'), objects);
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
  setupStage();
  acceptObjectDrops(objects);
  const first = kind => lib.examples.find(e => e.kind === kind).ref;
  paintings.mark(first('style')); objects.mark(first('content'));
  await setPainting(first('style'));
  await setObject(first('content'));
}

/** An object thumbnail dropped on the stage: that object, centred where it was dropped. */
function acceptObjectDrops(objects) {
  const c = $('hStage');
  const carries = ev => ev.dataTransfer && Array.from(ev.dataTransfer.types || []).includes(REF_TYPE);
  c.addEventListener('dragover', ev => { if (carries(ev)) { ev.preventDefault(); c.classList.add('dropping'); } });
  c.addEventListener('dragleave', () => c.classList.remove('dropping'));
  c.addEventListener('drop', async ev => {
    if (!carries(ev)) return;
    ev.preventDefault();
    c.classList.remove('dropping');
    const ref = ev.dataTransfer.getData(REF_TYPE);
    const r = c.getBoundingClientRect();
    const at = [(ev.clientX - r.left) * c.width / r.width, (ev.clientY - r.top) * c.height / r.height];
    try {
      if (!h.object || h.object.ref !== ref) await setObject(ref);
      objects.mark(ref);
      h.x = Math.round(at[0] - objectWidth() / 2); h.y = Math.round(at[1] - objectHeight() / 2);
      drawStage();
      hError();
    } catch (e) { hError(e); }
  });
}

async function setPainting(ref) {
  const img = await loadImage(imageUrl(ref));
  h.painting = {ref, img};
  $('hStage').width = img.naturalWidth; $('hStage').height = img.naturalHeight;
  centreObject();
}

async function setObject(ref) {
  const img = await loadImage(imageUrl(ref));
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

/** The object at its own size, transparent where the painted mask is black (opaque before any paint). */
function maskedObject() {
  const o = document.createElement('canvas');
  o.width = h.mask.width; o.height = h.mask.height;
  const og = o.getContext('2d');
  og.drawImage(h.object.img, 0, 0);
  if (h.painted) {
    const px = og.getImageData(0, 0, o.width, o.height), m = h.mask.getContext('2d').getImageData(0, 0, o.width, o.height);
    for (let p = 0; p < px.data.length; p += 4) px.data[p + 3] = m.data[p];
    og.putImageData(px, 0, 0);
  }
  return o;
}

/** The painting, the object pasted through its mask, and its frame. */
function drawStage() {
  const c = $('hStage'), g = c.getContext('2d');
  if (!h.painting) return;
  g.drawImage(h.painting.img, 0, 0);
  if (!h.object) return;
  g.drawImage(maskedObject(), h.x, h.y, objectWidth(), objectHeight());
  g.save();
  g.setLineDash([6, 4]); g.strokeStyle = '#a51d2d'; g.lineWidth = Math.max(1, c.width / 400);
  g.strokeRect(h.x, h.y, objectWidth(), objectHeight());
  // the scale handle: the frame's bottom-right corner
  const r = handleRadius();
  g.setLineDash([]); g.fillStyle = '#fff'; g.lineWidth = Math.max(1, c.width / 300);
  g.fillRect(h.x + objectWidth() - r, h.y + objectHeight() - r, 2 * r, 2 * r);
  g.strokeRect(h.x + objectWidth() - r, h.y + objectHeight() - r, 2 * r, 2 * r);
  g.restore();
}

/** The scale handle's half-size in the painting's pixels: about 7 screen pixels however the stage is shown. */
function handleRadius() {
  const c = $('hStage'), shown = c.getBoundingClientRect().width;
  return Math.max(3, Math.round(7 * c.width / Math.max(1, shown)));
}

/** A copy of the stage as it stands: the naive composite a harmonization starts from (its "before"). */
export function composite() {
  const c = $('hStage'), copy = document.createElement('canvas');
  copy.width = c.width; copy.height = c.height;
  // the frame and handle are not part of the picture: drawn without them
  const g = copy.getContext('2d');
  if (h.painting) g.drawImage(h.painting.img, 0, 0);
  if (h.object) {
    g.drawImage(maskedObject(), h.x, h.y, objectWidth(), objectHeight());
  }
  return copy;
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
  let scaling = false;
  const onHandle = p => h.object && Math.abs(p[0] - (h.x + objectWidth())) <= 2 * handleRadius()
    && Math.abs(p[1] - (h.y + objectHeight())) <= 2 * handleRadius();
  c.addEventListener('pointerdown', ev => {
    down = true; last = at(ev); c.setPointerCapture(ev.pointerId);
    scaling = $('hMove').checked && onHandle(last);
    if (!$('hMove').checked) { last = null; dab(at(ev)); }
  });
  c.addEventListener('pointermove', ev => {
    const p = at(ev);
    if (!down) { c.classList.toggle('scaling', $('hMove').checked && onHandle(p)); return; }
    if (scaling) {
      // the corner follows the hand; the top-left corner stays where it is
      const s = Math.max((p[0] - h.x) / h.object.img.naturalWidth, (p[1] - h.y) / h.object.img.naturalHeight);
      h.scale = Math.round(Math.max(Number($('hScale').min), Math.min(Number($('hScale').max), s)) * 100) / 100;
      $('hScale').value = h.scale; $('hScaleValue').textContent = h.scale.toFixed(2);
      drawStage();
    } else if ($('hMove').checked) { h.x += Math.round(p[0] - last[0]); h.y += Math.round(p[1] - last[1]); last = p; drawStage(); }
    else dab(p);
  });
  const up = () => { down = false; last = null; scaling = false; };
  c.addEventListener('pointerup', up);
  c.addEventListener('pointercancel', up);
}

/** The placement and settings as the API takes them: only the settings the artist typed. */
export function harmonizeControls(settings) {
  return {
    painting: h.painting && h.painting.ref, object: h.object && h.object.ref,
    mask: h.painted ? h.mask.toDataURL('image/png') : null,
    x: h.x, y: h.y, scale: h.scale, previewEvery: $('hPreviewEvery').value.trim() === '' ? null : parseFloat($('hPreviewEvery').value),
    ...settings.values('h', false),
  };
}

// The quality: what it costs, and the size, evaluations and scales it paints with while those fields are empty.
function showQuality() {
  const chosen = $('hQuality').querySelector('input:checked');
  const q = chosen && qualities.find(q => q.id === chosen.value);
  if (!q) return;
  $('hQualityCost').textContent = q.id + ': ' + q.cost;
  $('hSize').placeholder = q.size; $('hMaxEvals').placeholder = q.maxEvals; $('hScales').placeholder = q.scales;
}

// Pass 1 (robust) and pass 2 (refined): each pass's latest image, shown once it has loaded, never before.
export function resetPasses() {
  for (const p of [1, 2]) {
    shownPass[p] = 0;
    $('pass' + p + 'Figure').hidden = true;
    $('pass' + p).removeAttribute('src');
    $('pass' + p + 'Info').textContent = '';
  }
}

function loadPass(id, p, version, info) {
  const url = '/api/harmonize/' + id + '/pass/' + p + '.png?v=' + version;
  loadImage(url).then(img => {
    if (id !== current()) return;
    $('pass' + p).src = url;
    $('pass' + p + 'Info').textContent = info;
    $('pass' + p + 'Figure').hidden = false;
    passLoads.push({pass: p, url, width: img.naturalWidth});
  }).catch(() => {});
}

export function showPasses(id, previews) {
  if (!previews) return;
  for (const p of [1, 2]) {
    const s = previews[p];
    if (!s || s.version <= shownPass[p]) continue;
    shownPass[p] = s.version;
    loadPass(id, p, s.version, '\u00b7 scale ' + (s.scale + 1) + ', ' + s.width + 'x' + s.height);
  }
}

/**
 * A finished harmonization's pass images, from its run folder: only the passes it names (a run stopped during
 * pass 1 has no pass 2 image, and asking for it would be a failed load in the console).
 */
export async function showFinalPasses(id) {
  let previews = {};
  try { previews = (await api('GET', '/api/harmonize/' + id)).passPreviews || {}; } catch (e) { return; }
  for (const p of [1, 2]) {
    const s = previews[p];
    if (s) loadPass(id, p, 'final', '\u00b7 scale ' + (s.scale + 1) + ', ' + s.width + 'x' + s.height);
  }
}

export async function startHarmonize(settings) {
  hError();
  try { return await api('POST', '/api/harmonize', harmonizeControls(settings)); }
  catch (e) { hError(e); return null; }
}
