// Bad input, said once, where it belongs: next to the field the server names, else in the form's message line.
const $ = id => document.getElementById(id);

function clear(scope) {
  for (const el of scope.querySelectorAll('.field-error')) el.remove();
  for (const el of scope.querySelectorAll('[aria-invalid]')) {
    el.removeAttribute('aria-invalid');
    el.removeAttribute('aria-describedby');
  }
}

/**
 * Shows `e` (an error, a message, or nothing to clear) within the section `scope`: next to the field it names
 * (the server's field name, with `prefix` for the harmonize form's ids), else in the line `lineId`.
 */
export function showError(e, {scope = document, prefix = '', lineId = 'error', fieldId = null} = {}) {
  clear(scope);
  const message = e ? (e.message || String(e)) : '';
  const name = fieldId || (e && e.field ? (prefix ? prefix + e.field[0].toUpperCase() + e.field.slice(1) : e.field) : null);
  const field = name ? $(name) : null;
  if (field && message) {
    field.setAttribute('aria-invalid', 'true');
    const note = document.createElement('span');
    note.className = 'field-error'; note.id = field.id + 'Error'; note.setAttribute('role', 'alert');
    note.textContent = message;
    field.setAttribute('aria-describedby', note.id);
    // beside the field: after its label when the field sits inside one
    const anchor = field.closest('label') || field;
    anchor.insertAdjacentElement('afterend', note);
  }
  const line = $(lineId);
  if (line) line.textContent = field ? '' : message;
}
