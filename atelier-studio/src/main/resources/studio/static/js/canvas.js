// The picture: one canvas, the largest thing on the page, showing the painting over the photo it starts from.
// The compare slider draws the photo ("before") left of its divider and the painting ("after") right of it;
// layers drawn on top (the mask being painted, the brush's outline) come from whoever registered them.
const LONG_SIDE = 1024;      // the canvas's own pixels: crisp at any width it is shown, cheap to redraw

export class Picture {
  constructor(canvas, compare) {
    this.canvas = canvas;
    this.compare = compare;
    this.photo = null;         // the image painted from (before)
    this.painting = null;      // the latest preview or result (after)
    this.layers = [];
    this.scheduled = false;
    this.holding = false;      // the photo alone while the artist holds compare (button or C)
    compare.addEventListener('input', () => this.redraw());
    this.canvas.hidden = true; // nothing to show until a photo has loaded: no empty box
  }

  /**
   * Shows `img` (an image, or a canvas such as a harmonization's naive composite) as the photo; the canvas
   * takes its aspect ratio. `label` names it for the page.
   */
  setPhoto(img, label) {
    this.photo = img;
    const w = img.naturalWidth || img.width, h = img.naturalHeight || img.height;
    const f = Math.min(1, LONG_SIDE / Math.max(w, h));
    this.canvas.width = Math.max(1, Math.round(w * f));
    this.canvas.height = Math.max(1, Math.round(h * f));
    this.canvas.style.setProperty('--aspect', String(this.canvas.width / this.canvas.height));
    this.canvas.dataset.photo = label || '';
    this.canvas.hidden = false;
    this.redraw();
  }

  /** Shows `img` as the painting, `label` saying which (`preview:ID:N`, `result:ID`); null shows the photo alone. */
  setPainting(img, label) {
    this.painting = img;
    this.canvas.dataset.painting = img ? label : '';
    // the painting's own size, which the canvas (sized by the photo) does not show
    this.canvas.dataset.paintingSize = img ? (img.naturalWidth || img.width) + 'x' + (img.naturalHeight || img.height) : '';
    this.compare.disabled = !img;
    const hold = document.getElementById('holdCompare');
    if (hold) hold.disabled = !img;
    this.redraw();
  }

  /** While `on`, the photo alone is shown (press-and-hold compare); released, the painting again. */
  hold(on) {
    if (this.holding === on) return;
    this.holding = on;
    this.draw();
  }

  /** Adds a layer drawn over the picture: `draw(g, width, height)`. */
  addLayer(draw) { this.layers.push(draw); }

  /** Where a pointer event falls, in the canvas's own pixels. */
  at(ev) {
    const r = this.canvas.getBoundingClientRect();
    return [(ev.clientX - r.left) * this.canvas.width / r.width, (ev.clientY - r.top) * this.canvas.height / r.height];
  }

  /** One canvas pixel in screen pixels (for a brush outline that matches the hand). */
  scale() {
    const r = this.canvas.getBoundingClientRect();
    return r.width > 0 ? r.width / this.canvas.width : 1;
  }

  /** Redraws at the next frame, once however often it is asked. */
  redraw() {
    if (this.scheduled) return;
    this.scheduled = true;
    // a timer, not requestAnimationFrame: a page in a background tab still follows its run
    setTimeout(() => { this.scheduled = false; this.draw(); }, 0);
  }

  draw() {
    const c = this.canvas, g = c.getContext('2d'), w = c.width, h = c.height;
    g.clearRect(0, 0, w, h);
    if (this.photo) g.drawImage(this.photo, 0, 0, w, h);
    // what the artist sees, for the page's tests: the painting (over the divider) or the photo alone
    c.dataset.showing = this.painting && !this.holding ? 'painting' : 'photo';
    if (this.painting && !this.holding) {
      // the divider: left of it the photo, right of it the painting
      const x = Math.round(w * Number(this.compare.value) / 100);
      g.save();
      g.beginPath(); g.rect(x, 0, w - x, h); g.clip();
      g.drawImage(this.painting, 0, 0, w, h);
      g.restore();
      if (x > 0 && x < w) {
        g.fillStyle = '#fff'; g.fillRect(x - 1, 0, 2, h);
        g.fillStyle = '#1f1d1a'; g.fillRect(x + 1, 0, 1, h);
      }
    }
    for (const layer of this.layers) layer(g, w, h);
  }
}
