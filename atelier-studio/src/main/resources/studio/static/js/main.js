// Atelier Studio's page: wires the picture, the brush, the galleries, the settings, the progress, the
// history and the keyboard together. Plain ES modules served from the jar: no library, no build step.
import {api, listen, imageUrl, loadImage} from './api.js';
import {showError} from './errors.js';
import {Picture} from './canvas.js';
import {Styles} from './styles.js';
import {Brush} from './brush.js';
import {Gallery, library, acceptDrops} from './gallery.js';
import {Settings, numberOrNull} from './controls.js';
import {Progress, isLive} from './progress.js';
import {HistoryStrip} from './history.js';
import {bindKeys} from './keys.js';
import {Instant} from './instant.js';
import * as harmonize from './harmonize.js';

const $ = id => document.getElementById(id);
const mode = () => $('mode').value;
let photo = null;            // the photo chosen: {ref}
let shownKind = 'stylize';   // what the job or run shown paints
let shownVersion = 0;        // the latest preview drawn of the job shown
let opened = null;           // the finished run shown (for its branch): its row, and the snapshot shown
let comparing = false;       // the next run picked in the history goes beside the one open
let steerTimer = null;
let steerAfter = null;       // a change was accepted at this evaluation: the first preview past it shows it
let placing = true;          // harmonize mode: the stage (placing the object) rather than the run shown

const settings = new Settings(() => steer());
const picture = new Picture($('picture'), $('compare'));
const styles = new Styles($('styles'), () => steer());
const brush = new Brush(picture, styles, {size: $('brush'), eraser: $('eraser'), undo: $('undo'), clear: $('clearMask')},
  () => steer());
const progress = new Progress({state: $('runState'), figureEl: $('runFigure'), jobList: $('jobs'), curve: $('curve')},
  id => view(id));
const instant = new Instant();
const history = new HistoryStrip($('history'), r => comparing ? compareWith(r) : reopen(r));
let photos, paintings;

const error = e => showError(e, {scope: $('controls'), lineId: 'error'});

async function init() {
  const info = await api('GET', '/api/info');
  settings.fields(info.settings, '', 'moreSettings', info.limits);
  settings.fields(info.harmonizeSettings, 'h', 'hMoreSettings', info.limits);
  $('previewEvery').value = info.defaults.previewEvery;
  $('hPreviewEvery').value = info.defaults.previewEvery;

  photos = new Gallery($('contentGallery'), 'content', (ref, name) => choosePhoto(ref, name), 'photoError');
  paintings = new Gallery($('styleGallery'), 'style', (ref, name) => styles.choose(ref, name), 'styleError');
  const lib = await refreshLibrary();
  const firstStyle = lib.examples.find(e => e.kind === 'style');
  styles.add(firstStyle.ref, firstStyle.name.replace(/-/g, ' '));
  $('styles').addEventListener('select', () => { paintings.mark(styles.current().ref); picture.redraw(); });
  paintings.mark(firstStyle.ref);
  $('addStyle').onclick = () => { styles.add(firstStyle.ref, firstStyle.name.replace(/-/g, ' ')); $('addStyle').disabled = styles.slots.length >= 4; };
  const firstPhoto = lib.examples.find(e => e.kind === 'content');
  photos.pick(firstPhoto.ref);

  $('contentFile').onchange = () => { const f = $('contentFile').files[0]; if (f) photos.add(f, refreshLibrary); $('contentFile').value = ''; };
  $('styleFile').onchange = () => { const f = $('styleFile').files[0]; if (f) paintings.add(f, refreshLibrary); $('styleFile').value = ''; };
  const within = (target, id) => target.closest && target.closest(id);
  acceptDrops(target => mode() === 'harmonize'
    ? harmonize.galleries[within(target, '#hObjectSection') ? 1 : 0]
    : within(target, '#styleSection') ? paintings : photos, refreshLibrary);

  $('styleNet').onchange = () => { instant.buttons(); instant.error(); };
  $('instant').onclick = paintInstant;
  $('refine').onclick = refine;
  $('netFile').onchange = () => { const f = $('netFile').files[0]; if (f) instant.upload(f); $('netFile').value = ''; };
  await instant.refresh().catch(e => instant.error(e));
  $('start').onclick = start;
  $('pauseResume').onclick = pauseResume;
  $('stop').onclick = stop;
  $('savePreset').onclick = savePreset;
  $('branch').onclick = branch;
  $('compareRun').onclick = () => setComparing(!comparing);
  $('help').onclick = () => toggleHelp();
  $('closeHelp').onclick = () => $('shortcuts').close();
  $('mode').onchange = applyMode;
  $('hPlace').onclick = () => { placing = true; applyMode(); };
  $('hShowRun').onclick = () => { placing = false; applyMode(); };
  progress.onRender = buttons;
  bindKeys({
    pauseResume, stop,
    smaller: () => brush.resize(-1), larger: () => brush.resize(1),
    eraser: () => brush.setEraser(!brush.erasing), swap: () => brush.swap(), compare: on => picture.hold(on),
    undo: () => brush.undo(), help: toggleHelp,
  }, $('shortcuts'));
  // press and hold: the photo while the button is held, the painting again when it is let go
  const hold = $('holdCompare');
  hold.addEventListener('pointerdown', ev => { hold.setPointerCapture(ev.pointerId); picture.hold(true); });
  for (const type of ['pointerup', 'pointercancel', 'lostpointercapture']) hold.addEventListener(type, () => picture.hold(false));
  hold.addEventListener('keydown', ev => { if (ev.key === 'Enter') picture.hold(true); });
  hold.addEventListener('keyup', ev => { if (ev.key === 'Enter') picture.hold(false); });
  brush.setEraser(false);

  await harmonize.setupHarmonize(lib, info, () => progress.current, refreshLibrary);
  listen({
    eval: d => progress.evaluation(d),
    preview: d => { progress.update(d); if (d.id === progress.current) showPreview(d.id, d.previewVersion, d.evaluations); },
    scale: d => progress.update(d),
    status: d => progress.update(d),
    changed: d => progress.update(d),
    queued: () => progress.refresh().catch(error),
    pass: d => { if (d.id === progress.current) harmonize.showPasses(d.id, d.passPreviews); },
    finished: d => {
      progress.finished(d);
      history.refresh().catch(error);
      if (d.id !== progress.current) return;
      if (d.status === 'done' || d.status === 'stopped') showResult(d.id, d.kind);
      if (d.message) (d.kind === 'harmonize' ? harmonize.hError : error)(d.message);
    },
  });
  await Promise.all([progress.refresh(), history.refresh()]);
  progress.render();
  applyMode();
  // what the browser tests read beside the screen (the harmonize stage's placement is not on it in numbers)
  window.studio = {progress, h: harmonize.h, objectWidth: harmonize.objectWidth, objectHeight: harmonize.objectHeight,
    harmonizeControls: () => harmonize.harmonizeControls(settings), passLoads: harmonize.passLoads};
  mark('atelier:ready');
  document.body.dataset.ready = 'true';
}

async function refreshLibrary() {
  const lib = await library();
  photos.show(lib); paintings.show(lib);
  for (const g of harmonize.galleries) g.show(lib);
  return lib;
}

async function choosePhoto(ref, name) {
  try {
    const img = await loadImage(imageUrl(ref));
    photo = {ref, name};
    picture.setPhoto(img, ref);
    styles.fitMasks(img.naturalWidth, img.naturalHeight);
    brush.forget();
    photos.mark(ref);
    if (!isLive(progress.status()) && shownKind === 'stylize') { picture.setPainting(null); hideDownloads(); }
    $('photoName').textContent = name || ref;
    showError(null, {scope: $('photoSection'), lineId: 'photoError'});
  } catch (e) { showError(e, {scope: $('photoSection'), lineId: 'photoError'}); }
}

function controls() {
  return Object.assign({content: photo && photo.ref, styles: styles.choices(), previewEvery: numberOrNull('previewEvery')},
    settings.values('', false));
}

async function start() {
  let job;
  if (mode() === 'harmonize') {
    job = await harmonize.startHarmonize(settings);
  } else {
    error();
    try { job = await api('POST', '/api/jobs', controls()); } catch (e) { error(e); }
  }
  if (job) { mark('atelier:start'); follow(job, []); }
}

/** Shows job `job` from now: its progress, its previews as they come, the photo it paints from as "before". */
function follow(job, curve) {
  shownKind = job.kind === 'harmonize' ? 'harmonize' : 'stylize';
  shownVersion = 0; opened = null;
  history.mark(null);
  progress.follow(job.id, job, curve);
  harmonize.resetPasses();
  hideDownloads();
  if (shownKind === 'harmonize' && harmonize.h.painting) {
    // its "before" is the naive composite it starts from, as placed
    picture.setPhoto(harmonize.composite(), 'composite:' + harmonize.h.painting.ref);
    placing = false;
  }
  picture.setPainting(null);
  applyMode();
  if (job.previewVersion) showPreview(job.id, job.previewVersion);
}

async function view(id) {
  try {
    const full = await api('GET', '/api/jobs/' + id);
    follow(full, full.curve);
    harmonize.showPasses(id, full.passPreviews);
  } catch (e) { error(e); }
}

function showPreview(id, version, evaluations) {
  if (version <= shownVersion) return;
  shownVersion = version;
  loadImage('/api/jobs/' + id + '/preview.png?v=' + version).then(img => {
    // a later preview may have been drawn meanwhile, or another job chosen
    if (id === progress.current && version >= shownVersion) {
      picture.setPainting(img, 'preview:' + id + ':' + version);
      if (!performance.getEntriesByName('atelier:first-preview').length) mark('atelier:first-preview');
      if (steerAfter !== null && evaluations > steerAfter) { steerAfter = null; mark('atelier:steer-preview'); }
    }
  }).catch(() => {});
}

async function showResult(id, kind) {
  const base = kind === 'harmonize' ? '/api/harmonize/' + id : '/api/runs/' + id;
  try {
    const img = await loadImage(base + '/result.png?v=final');
    if (id !== progress.current) return;
    picture.setPainting(img, 'result:' + id);
  } catch (e) { error(e); return; }
  if (kind === 'harmonize') harmonize.showFinalPasses(id);
  $('download').href = base + '/result.png?download=1';
  $('download').download = (kind === 'harmonize' ? 'atelier-harmonized-' : 'atelier-') + id + '.png';
  $('downloadSidecar').href = base + '/sidecar.json?download=1';
  $('download').hidden = false; $('downloadSidecar').hidden = false;
  // an instant picture is refined (its own button) rather than branched
  $('branch').hidden = kind === 'harmonize' || (opened && opened.kind === 'instant');
  $('compareRun').hidden = !opened;
}

function hideDownloads() {
  for (const id of ['download', 'downloadSidecar', 'branch', 'compareRun', 'snapshots']) $(id).hidden = true;
  setComparing(false);
  $('compareHint').textContent = 'to the right: the picture it started from';
}

/** A reopened style run's snapshots, one per scale: shown on the picture, and branched from. */
function showSnapshots(r) {
  const box = $('snapshots');
  box.innerHTML = '';
  box.hidden = !(r.snapshots > 1);
  for (let k = 0; k < r.snapshots; k++) {
    const b = document.createElement('button');
    b.type = 'button'; b.textContent = k === r.snapshots - 1 ? 'Result' : 'Scale ' + (k + 1);
    b.setAttribute('aria-pressed', String(k === r.snapshots - 1));
    b.onclick = async () => {
      try {
        const img = await loadImage('/api/runs/' + r.id + '/snapshots/' + k + '.png');
        picture.setPainting(img, 'snapshot:' + r.id + ':' + k);
        opened.snapshot = k;
        for (const o of box.children) o.setAttribute('aria-pressed', String(o === b));
      } catch (e) { error(e); }
    };
    box.appendChild(b);
  }
}

function setComparing(on) {
  comparing = on;
  $('compareRun').setAttribute('aria-pressed', String(on));
  $('compareRun').textContent = on ? 'Pick a run in the history\u2026' : 'Compare with another run';
}

/** Run `r`'s result beside the one open: left of the divider `r`, right of it the run open. */
async function compareWith(r) {
  setComparing(false);
  if (!opened || r.id === opened.id || !r.hasResult) return;
  const base = r.kind === 'harmonize' ? '/api/harmonize/' + r.id : '/api/runs/' + r.id;
  try {
    const img = await loadImage(base + '/result.png?v=final');
    picture.setPhoto(img, 'result:' + r.id);
    $('compare').value = '50';
    picture.redraw();
    $('compareHint').textContent = 'to the right: run ' + r.id.slice(0, 8);
  } catch (e) { error(e); }
}

/** A finished run from the history: its photo as "before", its result as "after". */
async function reopen(r) {
  const kind = r.kind === 'harmonize' ? 'harmonize' : 'stylize';
  if (mode() !== kind) { $('mode').value = kind; }
  shownKind = kind; opened = Object.assign({}, r); placing = false;
  history.mark(r.id);
  progress.follow(r.id, {id: r.id, status: r.status, evaluations: r.evaluations, kind: r.kind, scale: {index: -1}}, []);
  harmonize.resetPasses();
  hideDownloads();
  const before = kind === 'harmonize' ? r.controls.painting : r.controls.content;
  try {
    const img = await loadImage(imageUrl(before));
    picture.setPhoto(img, before);
    if (kind === 'stylize') {
      photo = {ref: before}; photos.mark(before);
      styles.fitMasks(img.naturalWidth, img.naturalHeight); brush.forget();
    }
  } catch (e) { /* the photo is gone: the result alone */ }
  applyMode();
  await showResult(r.id, kind);
  if (kind === 'stylize') showSnapshots(r);
}

/** Instant: the chosen network's picture of the photo, on the picture at once and in the history. */
async function paintInstant() {
  if (!photo) return null;
  try {
    const run = await instant.paint(photo.ref, numberOrNull('size'));
    mark('atelier:instant');
    await history.refresh();
    await reopen(run);
    return run;
  } catch (e) { instant.error(e); return null; }
}

/**
 * Refine: the normal optimisation (this run's styles and settings, its scale ladder) starting from the network's
 * picture of this photo at this size, painted first when it is not the latest instant picture.
 */
async function refine() {
  if (!photo) return;
  const size = numberOrNull('size');
  let from = instant.current(photo.ref, size);
  if (!from) { if (!(await paintInstant())) return; from = instant.current(photo.ref, size); }
  error();
  try {
    const job = await api('POST', '/api/runs/' + from.id + '/branch', {controls: controls()});
    mark('atelier:start');
    follow(job, []);
  } catch (e) { error(e); }
}

async function branch() {
  if (!opened) return;
  try {
    const k = opened.snapshot !== undefined ? opened.snapshot : opened.snapshots - 1;
    const job = await api('POST', '/api/runs/' + opened.id + '/branch', {snapshot: k, controls: settings.values('', true)});
    follow(job, []);
  } catch (e) { error(e); }
}

// a control moved during a run: sent after a short pause in the hand, applied from the next evaluation
function steer() {
  if (!progress.current || shownKind !== 'stylize' || !isLive(progress.status())) return;
  mark('atelier:steer-input');
  clearTimeout(steerTimer);
  steerTimer = setTimeout(async () => {
    try {
      const j = await api('POST', '/api/jobs/' + progress.current + '/change', Object.assign({styles: styles.choices()}, settings.values('', true)));
      progress.update(j); error();
      steerAfter = j.evaluations;
    } catch (e) { error(e); }
  }, 150);
}

/**
 * A moment the page's responsiveness is measured from or to (read in the browser with
 * performance.getEntriesByName; docs/benchmarks.md): the latest of each name is kept.
 */
function mark(name) {
  performance.clearMarks(name);
  performance.mark(name);
}

async function control(action) {
  const id = progress.current;
  if (!id) return;
  try {
    const j = await api('POST', '/api/jobs/' + id + '/' + action);
    if (j.status) progress.update(j);
    (shownKind === 'harmonize' ? harmonize.hError : error)();
  } catch (e) { (shownKind === 'harmonize' ? harmonize.hError : error)(e); }
}

function pauseResume() {
  const s = progress.status();
  if (s === 'running') control('pause');
  else if (s === 'paused' || s === 'pausing') control('resume');
}

function stop() { if (isLive(progress.status())) control('stop'); }

function buttons() {
  const s = progress.status();
  const held = s === 'paused' || s === 'pausing';
  $('pauseResume').disabled = !(s === 'running' || held);
  $('pauseResume').textContent = held ? 'Resume' : 'Pause';
  $('pauseResume').setAttribute('aria-label', (held ? 'Resume' : 'Pause') + ' (Space)');
  $('stop').disabled = !isLive(s);
}

function applyMode() {
  const h = mode() === 'harmonize';
  for (const id of ['stylizeInputs', 'controls', 'brushTools']) $(id).hidden = h;
  for (const id of ['harmonizeInputs', 'hControls', 'passes']) $(id).hidden = !h;
  brush.enabled = !h;
  // harmonize: one place in the middle, the stage while placing the object, the picture while a
  // harmonization is shown (its composite as "before", the blend as "after")
  const run = h && shownKind === 'harmonize' && !placing;
  $('hStageWrap').hidden = !h || run;
  $('stage').hidden = h && !run;
  $('hShowRun').hidden = !h || run || shownKind !== 'harmonize';
  $('hPlace').hidden = !run;
  picture.redraw();
}

function toggleHelp() {
  const d = $('shortcuts');
  if (d.open) d.close(); else d.showModal();
}

async function savePreset() {
  try {
    const preset = await api('POST', '/api/presets', controls());
    const a = document.createElement('a');
    a.href = URL.createObjectURL(new Blob([JSON.stringify(preset, null, 2)], {type: 'application/json'}));
    a.download = 'atelier-preset.json'; a.click();
  } catch (e) { error(e); }
}

init().catch(e => { error(e); console.warn('the studio page could not start:', e.message); });
