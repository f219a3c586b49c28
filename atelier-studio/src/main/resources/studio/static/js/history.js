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
    // items are kept and updated in place: a thumbnail is fetched once per result, not at every refresh, and
    // a focused item keeps its focus
    const items = new Map();
    for (const li of [...this.list.children]) {
      if (li.dataset.run && this.runs.some(r => r.id === li.dataset.run)) items.set(li.dataset.run, li); else li.remove();
    }
    let at = 0;
    for (const r of this.runs) {
      const li = items.get(r.id) || this.item(r);
      li.className = 'run ' + r.kind; li.dataset.status = r.status;
      const b = li.querySelector('button');
      b.setAttribute('aria-pressed', String(r.id === this.opened));
      b.setAttribute('aria-label', (r.kind === 'harmonize' ? 'harmonization ' : r.kind === 'instant' ? 'instant picture ' : 'run ') + r.id.slice(0, 8) + ', ' + r.status
        + (r.parent ? ', branch of ' + r.parent.slice(0, 8) : '') + (r.hasResult ? ': open it' : ''));
      b.disabled = !r.hasResult;
      b.onclick = () => this.onOpen(r);
      // the thumbnail follows the result: fetched again only when the run has painted further since
      const shown = r.hasResult ? r.status + ':' + r.evaluations : '';
      if (li.dataset.thumb !== shown) {
        li.dataset.thumb = shown;
        const old = b.querySelector('img');
        if (old) old.remove();
        if (r.hasResult) {
          const img = document.createElement('img');
          img.alt = ''; img.hidden = true;
          loadImage('/api/runs/' + r.id + '/thumb.png?v=' + encodeURIComponent(shown))
            .then(t => { img.src = t.src; img.hidden = false; }).catch(() => {});
          b.prepend(img);
        }
      }
      const cap = b.querySelector('.caption');
      cap.firstChild.textContent = r.kind;
      cap.lastChild.textContent = ' ' + r.status + ' \u00b7 ' + r.evaluations + ' evals' + (r.parent ? ' \u00b7 branch' : '');
      if (this.list.children[at] !== li) this.list.insertBefore(li, this.list.children[at] || null);
      at++;
    }
    if (!this.runs.length) {
      const li = document.createElement('li'); li.className = 'empty'; li.textContent = 'finished runs appear here';
      this.list.appendChild(li);
    }
    // the newest in view
    this.list.scrollLeft = this.list.scrollWidth;
  }

  /** A new item of the strip for run `r`: one button holding its thumbnail and caption. */
  item(r) {
    const li = document.createElement('li');
    li.dataset.run = r.id;
    const b = document.createElement('button');
    b.type = 'button'; b.className = 'run-thumb';
    const cap = document.createElement('span'); cap.className = 'caption';
    const badge = document.createElement('span'); badge.className = 'kind';
    cap.append(badge, document.createTextNode(''));
    b.appendChild(cap);
    li.appendChild(b);
    return li;
  }
}
