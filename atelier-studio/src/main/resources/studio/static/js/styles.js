// The styles of the run: one to four, each an image with its blend weight and its own mask. One of them is
// the active one: the gallery's choice replaces its image and the brush paints its mask.
import {loadImage, thumbUrl} from './api.js';

export const MAX_STYLES = 4;
const MASK_SIDE = 512;       // the masks' long side in pixels (the server scales them to the output)

export class Styles {
  constructor(list, onChange) {
    this.list = list;          // the <ol> the slots are shown in
    this.onChange = onChange;  // called when anything sent to the server changes
    this.slots = [];
    this.active = 0;
    this.maskWidth = MASK_SIDE; this.maskHeight = MASK_SIDE;
  }

  /** Gives every mask the photo's aspect ratio, clearing them (a mask belongs to one photo). */
  fitMasks(width, height) {
    const f = MASK_SIDE / Math.max(width, height);
    this.maskWidth = Math.max(1, Math.round(width * f)); this.maskHeight = Math.max(1, Math.round(height * f));
    for (const s of this.slots) { s.mask.width = this.maskWidth; s.mask.height = this.maskHeight; clearMask(s); }
  }

  /** Adds a slot showing `ref` (`name` its caption) and makes it the active one. */
  add(ref, name) {
    if (this.slots.length >= MAX_STYLES) return;
    const mask = document.createElement('canvas');
    mask.width = this.maskWidth; mask.height = this.maskHeight;
    const s = {ref, name, weight: 1, mask, painted: false, el: document.createElement('li')};
    clearMask(s);
    this.slots.push(s);
    this.render();
    this.select(this.slots.length - 1);
    this.onChange();
  }

  remove(s) {
    if (this.slots.length <= 1) return;
    this.slots.splice(this.slots.indexOf(s), 1);
    this.active = Math.min(this.active, this.slots.length - 1);
    this.render();
    this.select(this.active);
    this.onChange();
  }

  /** The active slot takes `ref` as its image. */
  choose(ref, name) {
    const s = this.slots[this.active];
    if (!s) { this.add(ref, name); return; }
    s.ref = ref; s.name = name;
    this.render();
    this.onChange();
  }

  select(i) {
    this.active = i;
    this.slots.forEach((s, k) => {
      s.el.classList.toggle('active', k === i);
      const b = s.el.querySelector('.paint-mask');
      if (b) b.setAttribute('aria-pressed', String(k === i));
    });
    this.list.dispatchEvent(new Event('select'));
  }

  current() { return this.slots[this.active]; }

  /** The styles as the API takes them. */
  choices() {
    return this.slots.map(s => ({image: s.ref, weight: s.weight, mask: s.painted ? s.mask.toDataURL('image/png') : null}));
  }

  render() {
    this.list.innerHTML = '';
    this.slots.forEach((s, i) => {
      const li = s.el; li.innerHTML = ''; li.className = 'slot' + (i === this.active ? ' active' : '');
      li.dataset.ref = s.ref;
      const img = document.createElement('img');
      img.alt = ''; img.hidden = true; img.width = 56; img.height = 56;
      // shown once it has pixels: never a broken image
      loadImage(thumbUrl(s.ref)).then(t => { img.src = t.src; img.hidden = false; }).catch(() => {});
      const name = document.createElement('span'); name.className = 'name'; name.textContent = s.name || s.ref;
      const wid = 'styleWeight-' + i;
      const wl = document.createElement('label'); wl.htmlFor = wid; wl.textContent = 'Blend weight';
      const w = document.createElement('input');
      w.type = 'range'; w.id = wid; w.min = '0'; w.max = '2'; w.step = '0.05'; w.value = String(s.weight);
      const out = document.createElement('output'); out.htmlFor = wid; out.textContent = s.weight.toFixed(2);
      w.addEventListener('input', () => { s.weight = parseFloat(w.value); out.textContent = s.weight.toFixed(2); this.onChange(); });
      const paint = document.createElement('button');
      paint.type = 'button'; paint.className = 'paint-mask'; paint.textContent = 'Paint its mask';
      paint.setAttribute('aria-pressed', String(i === this.active));
      paint.onclick = () => this.select(i);
      const info = document.createElement('div'); info.className = 'info';
      const row = document.createElement('div'); row.className = 'row'; row.append(w, out);
      const actions = document.createElement('div'); actions.className = 'actions'; actions.append(paint);
      if (this.slots.length > 1) {
        const rm = document.createElement('button');
        rm.type = 'button'; rm.className = 'remove'; rm.textContent = 'Remove';
        rm.setAttribute('aria-label', 'Remove style ' + (i + 1));
        rm.onclick = () => this.remove(s);
        actions.append(rm);
      }
      info.append(name, wl, row, actions);
      li.append(img, info);
      this.list.appendChild(li);
    });
  }
}

export function clearMask(s) {
  const g = s.mask.getContext('2d');
  g.fillStyle = '#000'; g.fillRect(0, 0, s.mask.width, s.mask.height);
  s.painted = false;
}
