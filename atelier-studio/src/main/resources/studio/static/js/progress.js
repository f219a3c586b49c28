// One progress figure everywhere: the status line, the job list and the loss curve read the same record of
// each job (its last description, moved on by every evaluation the live channel reports).
import {api} from './api.js';

const LIVE = ['queued', 'running', 'pausing', 'paused'];
export const isLive = status => LIVE.includes(status);

/**
 * The figure for a job: `evaluations 40/150 · scale 1/2 (64×43)`; with a time budget also the seconds spent of
 * it, `evaluations 40 · 12/30 s · scale 1/2 (64×43)` (as the command line's `eval 40 (12/30s)`).
 */
export function figure(j) {
  // a reopened run has no budget to show, only what it spent
  let text = 'evaluations ' + (j.evaluations || 0) + (j.maxEvals ? '/' + j.maxEvals : '');
  if (j.timeBudget) text += ' \u00b7 ' + Math.min(Math.round(j.seconds || 0), Math.round(j.timeBudget)) + '/' + Math.round(j.timeBudget) + ' s';
  const s = j.scale || {};
  if (s.index >= 0 && s.count > 0) text += ' \u00b7 scale ' + (s.index + 1) + '/' + s.count + (s.width ? ' (' + s.width + '\u00d7' + s.height + ')' : '');
  return text;
}

export class Progress {
  constructor({state, figureEl, jobList, curve}, onView) {
    this.stateEl = state; this.figureEl = figureEl; this.jobList = jobList; this.curveEl = curve;
    this.onView = onView;
    this.jobs = new Map();     // id -> the job as last described, kept current by events
    this.current = null;       // the job (or run) the page shows
    this.curve = [];
    this.pending = false;
    this.endedAt = new Map();  // id -> the revision of its last description, for every job that has ended
  }

  /** Follows `id` from now (`job` its description; `curve` its loss curve so far, when joining late). */
  follow(id, job, curve) {
    this.current = id;
    if (job) this.merge(job);
    this.curve = (curve || []).map(p => [p[0], p[1], p[2]]);
    this.render();
  }

  /** The status of the job shown (`idle` with none). */
  status() {
    const j = this.current && this.jobs.get(this.current);
    return j ? j.status : null;
  }

  /** A job's description from the server: it replaces what was known. */
  update(j) {
    if (this.merge(j)) this.schedule();
  }

  /**
   * Takes in a job's description unless it is older than what is known. The answer to a request can arrive
   * after a newer event from the live channel (a pause answered "pausing" after the channel said "paused"):
   * an older description never replaces a newer one, and nothing brings back a job that has ended.
   */
  merge(j) {
    if (!j || !j.id) return false;
    const ended = this.endedAt.has(j.id);
    const known = this.jobs.get(j.id) || (ended ? {revision: this.endedAt.get(j.id)} : null);
    if (known && j.revision != null && known.revision != null && j.revision < known.revision) return false;
    if (ended && isLive(j.status)) return false;
    this.jobs.set(j.id, Object.assign(this.jobs.get(j.id) || {}, j));
    return true;
  }

  /** An evaluation: the count moves on (the server sends the full description only with previews). */
  evaluation(e) {
    const j = this.jobs.get(e.job);
    if (j && e.evaluation > (j.evaluations || 0)) {
      j.evaluations = e.evaluation;
      if (e.seconds != null) j.seconds = e.seconds;
      if (e.total != null) j.loss = e.total;
    }
    if (e.job === this.current) { this.curve.push([e.evaluation, e.total, e.scale]); }
    this.schedule();
  }

  /** A job ended: it leaves the job list; the page still shows how it ended if it was the one shown. */
  finished(d) {
    this.update(d);
    const keep = this.jobs.get(d.id);
    this.jobs.delete(d.id);
    this.endedAt.set(d.id, d.revision);
    if (d.id === this.current) this.ended = keep;
    this.schedule();
  }

  /** Reads the job list again (another tab may have queued a run). */
  async refresh() {
    const list = await api('GET', '/api/jobs');
    const seen = new Set(list.map(j => j.id));
    for (const id of [...this.jobs.keys()]) if (!seen.has(id)) this.jobs.delete(id);
    for (const j of list) this.update(j);
  }

  schedule() {
    if (this.pending) return;
    this.pending = true;
    setTimeout(() => { this.pending = false; this.render(); }, 30);
  }

  render() {
    const j = this.current ? (this.jobs.get(this.current) || (this.ended && this.ended.id === this.current ? this.ended : null)) : null;
    this.stateEl.textContent = j ? j.status : 'idle';
    this.stateEl.dataset.state = j ? j.status : 'idle';
    this.figureEl.textContent = j ? (j.kind === 'harmonize' ? 'harmonize \u00b7 ' : '') + figure(j) : 'no run yet';
    // rows are kept and updated in place, never rebuilt: a focused View button keeps its focus and a screen
    // reader its place while the run paints, and nothing on the list flickers at every evaluation
    const rows = new Map();
    for (const li of [...this.jobList.children]) {
      if (li.dataset.job && this.jobs.has(li.dataset.job)) rows.set(li.dataset.job, li); else li.remove();
    }
    let at = 0;
    for (const k of this.jobs.values()) {
      const li = rows.get(k.id) || this.jobRow(k.id);
      li.classList.toggle('current', k.id === this.current);
      li.querySelector('.state').textContent = k.status;
      li.querySelector('.figure').textContent = figure(k);
      const view = li.querySelector('button');
      view.textContent = k.id === this.current ? 'Shown' : 'View';
      view.disabled = k.id === this.current;
      if (this.jobList.children[at] !== li) this.jobList.insertBefore(li, this.jobList.children[at] || null);
      at++;
    }
    if (this.jobs.size === 0) {
      const li = document.createElement('li'); li.className = 'empty'; li.textContent = 'nothing painting';
      this.jobList.appendChild(li);
    }
    this.drawCurve();
    if (this.onRender) this.onRender();
  }

  /** A new row of the job list for job `id`: its state, its figure and a button that shows it. */
  jobRow(id) {
    const li = document.createElement('li');
    li.dataset.job = id;
    const st = document.createElement('span'); st.className = 'state';
    const fig = document.createElement('span'); fig.className = 'figure';
    const view = document.createElement('button');
    view.type = 'button';
    view.setAttribute('aria-label', 'View job ' + id.slice(0, 8));
    view.onclick = () => this.onView(id);
    li.append(st, ' ', fig, ' ', view);
    return li;
  }

  /** The total loss (log scale) per evaluation, one colour per scale: small, beside the controls. */
  drawCurve() {
    const c = this.curveEl, g = c.getContext('2d');
    g.clearRect(0, 0, c.width, c.height);
    g.fillStyle = '#4a4540'; g.font = '11px sans-serif';
    g.fillText('loss (log) per evaluation', 4, 12);
    const pts = this.curve.filter(p => p[1] > 0 && isFinite(p[1]));
    if (pts.length < 2) return;
    const xs = pts.map(p => p[0]), ys = pts.map(p => Math.log10(p[1]));
    const x0 = Math.min(...xs), x1 = Math.max(...xs), y0 = Math.min(...ys), y1 = Math.max(...ys);
    const X = x => 4 + (x - x0) / Math.max(1, x1 - x0) * (c.width - 8);
    const Y = y => c.height - 4 - (y - y0) / Math.max(1e-9, y1 - y0) * (c.height - 22);
    const colours = ['#1a5fb4', '#a51d2d', '#26a269', '#613583', '#c64600'];
    for (let i = 1; i < pts.length; i++) {
      g.strokeStyle = colours[pts[i][2] % colours.length];
      g.beginPath(); g.moveTo(X(xs[i - 1]), Y(ys[i - 1])); g.lineTo(X(xs[i]), Y(ys[i])); g.stroke();
    }
  }
}
