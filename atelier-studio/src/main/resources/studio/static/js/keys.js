// The keyboard: Space pause/resume, Esc stop, [ and ] brush size, E eraser, X swap paint and erase (Krita's key),
// C held: the photo instead of the painting, Ctrl/Cmd-Z undo stroke, ? the list. Keys typed into a field are the field's.

/** True while the artist is typing: the key belongs to the field. */
function typing(target) {
  if (!target || !target.tagName) return false;
  if (target.isContentEditable || target.tagName === 'TEXTAREA' || target.tagName === 'SELECT') return true;
  return target.tagName === 'INPUT' && !['range', 'checkbox', 'radio', 'button', 'file'].includes(target.type);
}

/**
 * Binds the shortcuts to `actions` ({pauseResume, stop, smaller, larger, eraser, swap, compare, undo, help});
 * `compare(on)` is called with true when C goes down and false when it comes up.
 */
export function bindKeys(actions, dialog) {
  let swallowSpace = false;
  document.addEventListener('keydown', ev => {
    if (typing(ev.target) || ev.altKey) return;
    if (dialog.open && ev.key !== '?') return;   // the dialog's own keys (Esc closes it)
    const mod = ev.ctrlKey || ev.metaKey;
    let act = null;
    if (mod && (ev.key === 'z' || ev.key === 'Z') && !ev.shiftKey) act = actions.undo;
    else if (mod) return;
    else if (ev.key === ' ') { act = actions.pauseResume; swallowSpace = true; }
    else if (ev.key === 'Escape') act = actions.stop;
    else if (ev.key === '[') act = actions.smaller;
    else if (ev.key === ']') act = actions.larger;
    else if (ev.key === 'e' || ev.key === 'E') act = actions.eraser;
    else if (ev.key === 'x' || ev.key === 'X') act = actions.swap;
    else if (ev.key === 'c' || ev.key === 'C') { if (!ev.repeat) actions.compare(true); ev.preventDefault(); return; }
    else if (ev.key === '?') act = actions.help;
    if (!act) return;
    // Space on a focused button would also press it, a range would move: the shortcut wins
    ev.preventDefault();
    act();
  });
  document.addEventListener('keyup', ev => {
    if (ev.key === ' ' && swallowSpace) { swallowSpace = false; ev.preventDefault(); }
    // released wherever the focus went meanwhile: a held compare never sticks
    if (ev.key === 'c' || ev.key === 'C') actions.compare(false);
  });
  // the window losing focus while C is held would never see its keyup
  window.addEventListener('blur', () => actions.compare(false));
}
