// Choosing by looking: a grid of thumbnails (the examples and every upload), one choice marked; an upload
// button and image files dropped onto the grid add to it through the upload API.
import {api, upload, loadImage, thumbUrl} from './api.js';
import {showError} from './errors.js';

/** Every image the studio has: the examples by kind, then the uploads (usable as either), newest first. */
export async function library() {
  const [examples, uploads] = await Promise.all([api('GET', '/api/examples'), api('GET', '/api/uploads')]);
  const named = uploads.map((u, i) => ({ref: u.ref, name: 'upload ' + u.ref.slice(7, 13), kind: 'upload'}));
  return {examples, uploads: named};
}

/** The drag data a dragged thumbnail carries: its image reference. */
export const REF_TYPE = 'application/x-atelier-ref';

export class Gallery {
  /**
   * `grid` is the list the thumbnails go in, `kind` the examples it offers (`content`, `style`, or a list),
   * `onPick(ref, name)` is called when the artist picks one, `errorLine` the id of the line for its errors.
   */
  constructor(grid, kind, onPick, errorLine) {
    this.grid = grid; this.kind = kind; this.onPick = onPick; this.errorLine = errorLine;
    this.items = [];
    this.chosen = null;
  }

  show(lib) {
    const kinds = [].concat(this.kind);
    // the kinds in the order given: a painting gallery shows the paintings before the photos
    this.items = kinds.flatMap(k => lib.examples.filter(e => e.kind === k)).map(e => ({ref: e.ref, name: e.name.replace(/-/g, ' ')}))
      .concat(lib.uploads);
    this.grid.innerHTML = '';
    for (const it of this.items) {
      const li = document.createElement('li');
      const b = document.createElement('button');
      b.type = 'button'; b.className = 'thumb'; b.dataset.ref = it.ref;
      b.title = it.name; b.setAttribute('aria-label', it.name);
      const img = document.createElement('img');
      img.alt = ''; img.hidden = true;
      const cap = document.createElement('span'); cap.className = 'caption'; cap.textContent = it.name;
      // the thumbnail only once it has pixels: until then (or if it cannot load) the caption stands alone
      loadImage(thumbUrl(it.ref)).then(t => { img.src = t.src; img.hidden = false; b.classList.add('loaded'); }).catch(() => {});
      b.append(img, cap);
      b.onclick = () => this.pick(it.ref);
      if (this.draggable) {
        // dragged onto the harmonize stage: the thumbnail's image is placed where it is dropped
        b.draggable = true;
        b.addEventListener('dragstart', ev => { ev.dataTransfer.setData(REF_TYPE, it.ref); ev.dataTransfer.effectAllowed = 'copy'; });
      }
      li.appendChild(b);
      this.grid.appendChild(li);
    }
    this.mark();
  }

  /** Picks `ref` as the artist would by clicking it. */
  pick(ref) {
    const it = this.items.find(i => i.ref === ref);
    this.chosen = ref;
    this.mark();
    this.onPick(ref, it ? it.name : ref);
  }

  /** Marks `ref` as the choice without telling anyone (the choice changed elsewhere). */
  mark(ref) {
    if (ref !== undefined) this.chosen = ref;
    for (const li of this.grid.children) {
      const b = li.firstChild, on = b.dataset.ref === this.chosen;
      b.setAttribute('aria-pressed', String(on));
    }
  }

  /** Uploads `file` and, once the gallery shows it, picks it. Errors go in the gallery's own line. */
  async add(file, refresh) {
    const scope = this.grid.closest('section') || document;
    try {
      if (file.type && !/^image\//.test(file.type)) throw new Error(file.name + ' is not an image: give a PNG or JPEG');
      const u = await upload(file);
      await refresh();
      this.pick(u.ref);
      showError(null, {scope, lineId: this.errorLine});
      return u;
    } catch (e) {
      showError(e, {scope, lineId: this.errorLine});
      return null;
    }
  }
}

/**
 * Image files dropped on the page: `route(target)` says which gallery a drop on `target` goes to (null: none).
 * The page shows where a drop would go while a file is dragged over it.
 */
export function acceptDrops(route, refresh) {
  let depth = 0;
  const zone = t => route(t);
  document.addEventListener('dragenter', ev => {
    if (!hasFiles(ev)) return;
    depth++; document.body.classList.add('dragging');
  });
  document.addEventListener('dragleave', ev => {
    if (!hasFiles(ev)) return;
    if (--depth <= 0) { depth = 0; document.body.classList.remove('dragging'); }
  });
  document.addEventListener('dragover', ev => {
    if (!hasFiles(ev)) return;
    ev.preventDefault();
    ev.dataTransfer.dropEffect = zone(ev.target) ? 'copy' : 'none';
  });
  document.addEventListener('drop', async ev => {
    if (!hasFiles(ev)) return;
    ev.preventDefault();
    depth = 0; document.body.classList.remove('dragging');
    const gallery = zone(ev.target);
    const file = ev.dataTransfer.files[0];
    if (gallery && file) await gallery.add(file, refresh);
  });
}

function hasFiles(ev) {
  return ev.dataTransfer && Array.from(ev.dataTransfer.types || []).includes('Files');
}
