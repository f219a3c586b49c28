// The brush and the mask: strokes painted on the picture go into the active style's mask (white: the style
// goes here), shown tinted over the picture; each stroke can be undone.
import {clearMask} from './styles.js';

const UNDO_DEPTH = 30;

export class Brush {
  constructor(picture, styles, {size, eraser, undo, clear}, onStroke) {
    this.picture = picture; this.styles = styles; this.onStroke = onStroke;
    this.sizeInput = size; this.eraserInput = eraser; this.undoButton = undo;
    this.undoStack = [];       // [{slot, pixels, painted}] before each stroke, newest last
    this.cursor = null;
    this.enabled = true;
    picture.addLayer((g, w, h) => this.drawMask(g, w, h));
    this.bind();
    eraser.addEventListener('click', () => this.setEraser(eraser.getAttribute('aria-pressed') !== 'true'));
    undo.addEventListener('click', () => this.undo());
    clear.addEventListener('click', () => this.clear());
    size.addEventListener('input', () => this.showSize());
    this.showSize();
    this.updateUndo();
  }

  get erasing() { return this.eraserInput.getAttribute('aria-pressed') === 'true'; }

  setEraser(on) {
    this.eraserInput.setAttribute('aria-pressed', String(on));
    this.eraserInput.textContent = on ? 'Eraser (E): on' : 'Eraser (E): off';
    this.picture.canvas.classList.toggle('erasing', on);
  }

  /** Paints where it erased and erases where it painted: Krita's X (swap the colours) on a mask. */
  swap() { this.setEraser(!this.erasing); }

  /** Grows (step > 0) or shrinks the brush by one step, as `]` and `[` do. */
  resize(step) {
    const s = this.sizeInput, v = parseFloat(s.value);
    const next = step > 0 ? Math.ceil(v * 1.25) : Math.floor(v / 1.25);
    s.value = String(Math.max(Number(s.min), Math.min(Number(s.max), next)));
    this.showSize();
  }

  showSize() {
    const out = document.getElementById(this.sizeInput.id + 'Value');
    if (out) out.textContent = this.sizeInput.value + ' px';
    this.picture.redraw();
  }

  /** The brush's width in the mask's pixels: the size is in the picture's own pixels. */
  width(slot) { return parseFloat(this.sizeInput.value) * slot.mask.width / this.picture.canvas.width; }

  bind() {
    const c = this.picture.canvas;
    let down = false, last = null;
    const toMask = (ev, slot) => {
      const [x, y] = this.picture.at(ev);
      return [x * slot.mask.width / c.width, y * slot.mask.height / c.height];
    };
    const dab = (p, slot) => {
      const g = slot.mask.getContext('2d');
      g.strokeStyle = g.fillStyle = this.erasing ? '#000' : '#fff';
      g.lineWidth = this.width(slot); g.lineCap = 'round'; g.lineJoin = 'round';
      g.beginPath();
      if (last) { g.moveTo(last[0], last[1]); g.lineTo(p[0], p[1]); g.stroke(); }
      else { g.arc(p[0], p[1], g.lineWidth / 2, 0, 2 * Math.PI); g.fill(); }
      last = p; slot.painted = true;
      this.picture.redraw();
    };
    c.addEventListener('pointerdown', ev => {
      const slot = this.styles.current();
      if (!this.enabled || !slot || ev.button !== 0) return;
      this.remember(slot);
      down = true; last = null;
      c.setPointerCapture(ev.pointerId);
      dab(toMask(ev, slot), slot);
    });
    c.addEventListener('pointermove', ev => {
      this.cursor = this.picture.at(ev);
      const slot = this.styles.current();
      if (down && slot) dab(toMask(ev, slot), slot); else this.picture.redraw();
    });
    c.addEventListener('pointerleave', () => { this.cursor = null; this.picture.redraw(); });
    const up = () => { if (down) { down = false; last = null; this.onStroke(); } };
    c.addEventListener('pointerup', up);
    c.addEventListener('pointercancel', up);
  }

  /** Keeps the slot's mask as it is before a change, for undo. */
  remember(slot) {
    const g = slot.mask.getContext('2d');
    this.undoStack.push({slot, pixels: g.getImageData(0, 0, slot.mask.width, slot.mask.height), painted: slot.painted});
    if (this.undoStack.length > UNDO_DEPTH) this.undoStack.shift();
    this.updateUndo();
  }

  /** Takes the last stroke (or clear) back. */
  undo() {
    const u = this.undoStack.pop();
    if (!u) return;
    if (u.slot.mask.width === u.pixels.width && u.slot.mask.height === u.pixels.height) {
      u.slot.mask.getContext('2d').putImageData(u.pixels, 0, 0);
      u.slot.painted = u.painted;
    }
    this.updateUndo();
    this.picture.redraw();
    this.onStroke();
  }

  clear() {
    const slot = this.styles.current();
    if (!slot || !slot.painted) return;
    this.remember(slot);
    clearMask(slot);
    this.picture.redraw();
    this.onStroke();
  }

  /** Forgets every stroke: the masks were remade (another photo). */
  forget() { this.undoStack = []; this.updateUndo(); }

  updateUndo() {
    this.undoButton.disabled = this.undoStack.length === 0;
    this.picture.canvas.dataset.strokes = String(this.undoStack.length);
  }

  drawMask(g, w, h) {
    const slot = this.styles.current();
    if (this.enabled && slot && slot.painted) {
      // the mask's white as translucent red over the picture
      const tint = document.createElement('canvas');
      tint.width = slot.mask.width; tint.height = slot.mask.height;
      const tg = tint.getContext('2d');
      const src = slot.mask.getContext('2d').getImageData(0, 0, tint.width, tint.height);
      const out = tg.createImageData(tint.width, tint.height);
      for (let p = 0; p < src.data.length; p += 4) {
        out.data[p] = 220; out.data[p + 1] = 40; out.data[p + 2] = 40; out.data[p + 3] = src.data[p] * 0.45;
      }
      tg.putImageData(out, 0, 0);
      g.drawImage(tint, 0, 0, w, h);
    }
    if (this.enabled && this.cursor) {
      const r = parseFloat(this.sizeInput.value) / 2;
      g.save();
      g.lineWidth = Math.max(1, 1.5 / this.picture.scale());
      g.strokeStyle = '#fff'; g.beginPath(); g.arc(this.cursor[0], this.cursor[1], r, 0, 2 * Math.PI); g.stroke();
      g.strokeStyle = '#1f1d1a'; g.setLineDash([4, 4]); g.stroke();
      g.restore();
    }
  }
}
