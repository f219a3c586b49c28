// Instant mode: a trained style network (atelier style-net train) paints the photo in one pass. The networks
// are the studio's --nets folder and the uploads; "Instant" paints and keeps the picture as a run, "Refine"
// starts the normal optimisation from the network's picture (as stylize --init-net does).
import {api} from './api.js';
import {showError} from './errors.js';

const $ = id => document.getElementById(id);

export class Instant {
  constructor() {
    this.select = $('styleNet');
    this.last = null;          // the latest instant run: {id, content, net, size}
  }

  /** Fills the choice with the networks the server offers; keeps the one chosen when it is still there. */
  async refresh(choose) {
    const nets = await api('GET', '/api/nets');
    const keep = choose || this.select.value;
    this.select.innerHTML = '';
    const none = document.createElement('option');
    none.value = ''; none.textContent = nets.length ? 'choose a network' : 'none yet: upload one';
    this.select.appendChild(none);
    for (const n of nets) {
      const o = document.createElement('option');
      o.value = n.ref; o.textContent = n.name;
      this.select.appendChild(o);
    }
    if (nets.some(n => n.ref === keep)) this.select.value = keep;
    this.buttons();
    return nets;
  }

  buttons() {
    $('instant').disabled = !this.select.value;
    $('refine').disabled = !this.select.value;
  }

  /** Shows `e` beside the network's field (the server names it `styleNet`), or clears it. */
  error(e) { showError(e, {scope: $('netSection'), lineId: 'netError'}); }

  /** Uploads a network file; the server reads it as a network first and says in one line why not. */
  async upload(file) {
    try {
      const n = await api('POST', '/api/nets?name=' + encodeURIComponent(file.name), file, true);
      await this.refresh(n.ref);
      this.error();
    } catch (e) { this.error(e); }
  }

  /** Paints `content` at `size` (null: the default) with the chosen network: resolves with the new run's row. */
  async paint(content, size) {
    const net = this.select.value;
    const body = {content, styleNet: net};
    if (size !== null) body.size = size;
    const run = await api('POST', '/api/instant', body);
    this.last = {id: run.id, content, net, size};
    this.error();
    return run;
  }

  /** The latest instant run when it painted `content` at `size` with the chosen network, else null. */
  current(content, size) {
    const l = this.last;
    return l && l.content === content && l.net === this.select.value && l.size === size ? l : null;
  }
}
