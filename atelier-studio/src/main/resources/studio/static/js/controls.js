// The settings: fields whose labels, defaults and ranges come from the server's settings table, the weights
// as sliders, and what of them is sent to start a run or to steer one while it paints.
const $ = id => document.getElementById(id);

/**
 * The weights' sliders move on a log scale between 10^min and 10^max. Each says "recipe" and sends nothing
 * until it is moved; `zero` makes its leftmost step mean 0 (off), for a weight whose default is 0.
 */
const WEIGHTS = {
  styleWeight: {min: -1, max: 4, start: 1},
  contentWeight: {min: -2, max: 2, start: 0},
  tvWeight: {min: -7, max: 0, start: -7, zero: true},
};

export class Settings {
  constructor(onSteer) {
    this.onSteer = onSteer;
    this.inputs = {'': [], h: []};
    this.moved = new Set();    // the weight sliders moved by the artist
  }

  /** Makes or labels the fields of `list` (the server's settings), the ones the page does not place in `more`. */
  fields(list, prefix, more, limits) {
    for (const s of list) {
      const id = prefix ? prefix + s.field[0].toUpperCase() + s.field.slice(1) : s.field;
      let input = $(id);
      if (!input) {
        const label = document.createElement('label');
        input = document.createElement('input');
        input.type = 'text'; input.id = id;
        label.htmlFor = id;
        label.append(s.label + ' ', input);
        $(more).appendChild(label);
      } else {
        const label = document.querySelector('label[for="' + id + '"] .text') || document.querySelector('label[for="' + id + '"]');
        if (label && !label.querySelector('input, select')) label.textContent = s.label;
      }
      input.title = s.help + (s.range ? ' (' + s.range + ')' : '');
      if (input.type !== 'range' && input.tagName !== 'SELECT' && input.tagName !== 'FIELDSET') input.placeholder = s['default'];
      if (input.type === 'number') {
        if (s.min !== undefined) input.min = s.min;
        const cap = limits[s.field];
        if (s.max !== undefined || cap !== undefined) input.max = Math.min(s.max === undefined ? Infinity : s.max, cap === undefined ? Infinity : cap);
      }
      this.inputs[prefix].push({field: s.field, id, numeric: s.numeric, steerable: s.steerable});
      if (!prefix && s.steerable) {
        // a steerable setting moved during a run applies from the run's next evaluation
        input.addEventListener(input.type === 'range' ? 'input' : 'change', () => this.onSteer());
      }
    }
    if (!prefix) for (const [id, w] of Object.entries(WEIGHTS)) this.slider(id, w);
  }

  slider(id, w) {
    const input = $(id), out = $(id + 'Value');
    input.min = String(w.min); input.max = String(w.max); input.step = '0.1'; input.value = String(w.start);
    out.textContent = 'recipe';
    input.addEventListener('input', () => { this.moved.add(id); out.textContent = format(this.weight(id)); });
  }

  /** A weight slider's value (0 at the leftmost step of one that can be off). */
  weight(id) {
    const w = WEIGHTS[id], v = parseFloat($(id).value);
    return w.zero && v <= w.min ? 0 : Math.pow(10, v);
  }

  /** What the fields say: only those the artist filled in or moved (the others keep the table's defaults). */
  values(prefix, steerableOnly) {
    const out = {};
    for (const f of this.inputs[prefix]) {
      if (steerableOnly && !f.steerable) continue;
      if (!prefix && WEIGHTS[f.id]) { if (this.moved.has(f.id)) out[f.field] = this.weight(f.id); continue; }
      const el = $(f.id);
      // a radio group (the harmonize quality) says its checked choice
      const v = (el.tagName === 'FIELDSET' ? (el.querySelector('input:checked') || {value: ''}).value : el.value).trim();
      if (v !== '') out[f.field] = f.numeric && !isNaN(Number(v)) ? Number(v) : v;
    }
    return out;
  }
}

function format(v) { return v === 0 ? 'off' : v >= 100 ? String(Math.round(v)) : v.toPrecision(2); }

export function numberOrNull(id) { const v = $(id).value.trim(); return v === '' ? null : parseFloat(v); }
