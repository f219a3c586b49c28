// The history as a strip of thumbnails, oldest left, newest right: every run and branch; a click reopens it
// (or, while comparing, puts it beside the run open).
import {api, loadImage} from './api.js';

export class HistoryStrip {
  constructor(list, onOpen) {
    this.list = list; this.onOpen = onOpen;
    this.runs = [];
    this.opened = null;
  }

  async refresh() {
    const runs = await api('GET', '/api/runs');
    // the API lists the newest first; the strip reads in time order
    this.runs = runs.slice().sort((a, b) => a.created - b.created);
    this.render();
  }

  /** Marks run `id` as the one open on the picture. */
  mark(id) {
    this.opened = id;
    for (const li of this.list.children) {
      const b = li.querySelector('button');
      if (b) b.setAttribute('aria-pressed', String(li.dataset.run === id));
    }
  }

  render() {
    this.list.innerHTML = '';
    for (const r of this.runs) {
      const li = document.createElement('li');
      li.className = 'run ' + r.kind; li.dataset.run = r.id; li.dataset.status = r.status;
      const b = document.createElement('button');
      b.type = 'button'; b.className = 'run-thumb';
      b.setAttribute('aria-pressed', String(r.id === this.opened));
      b.setAttribute('aria-label', (r.kind === 'harmonize' ? 'harmonization ' : r.kind === 'instant' ? 'instant picture ' : 'run ') + r.id.slice(0, 8) + ', ' + r.status
        + (r.parent ? ', branch of ' + r.parent.slice(0, 8) : '') + (r.hasResult ? ': open it' : ''));
      b.disabled = !r.hasResult;
      if (r.hasResult) {
        const img = document.createElement('img');
        img.alt = ''; img.hidden = true;
        loadImage('/api/runs/' + r.id + '/thumb.png').then(t => { img.src = t.src; img.hidden = false; }).catch(() => {});
        b.appendChild(img);
      }
      const cap = document.createElement('span'); cap.className = 'caption';
      const badge = document.createElement('span'); badge.className = 'kind'; badge.textContent = r.kind === 'transfer' ? 'transfer' : r.kind;
      cap.append(badge, ' ' + r.status + ' \u00b7 ' + r.evaluations + ' evals' + (r.parent ? ' \u00b7 branch' : ''));
      b.appendChild(cap);
      b.onclick = () => this.onOpen(r);
      li.appendChild(b);
      this.list.appendChild(li);
    }
    if (!this.runs.length) {
      const li = document.createElement('li'); li.className = 'empty'; li.textContent = 'finished runs appear here';
      this.list.appendChild(li);
    }
    // the newest in view
    this.list.scrollLeft = this.list.scrollWidth;
  }
}
