// Server calls: the JSON API, image addresses and the live channel. Nothing else in the page calls fetch.
const token = new URLSearchParams(location.search).get('token');
if (token) {
  // images and the live channel carry the token as a cookie (the server also sets it with the page)
  document.cookie = 'atelier_token=' + encodeURIComponent(token) + '; path=/; SameSite=Strict';
}

/** An error of the API: its one-line message, and the field it concerns when the server names one. */
export class ApiError extends Error {
  constructor(message, field, status) { super(message); this.field = field || null; this.status = status; }
}

/** Calls the API; `raw` sends the body as bytes (an upload). Rejects with an ApiError carrying the server's line. */
export async function api(method, path, body, raw) {
  const headers = {};
  if (token) headers['X-Atelier-Token'] = token;
  let payload;
  if (raw) { payload = body; headers['Content-Type'] = 'application/octet-stream'; }
  else if (body !== undefined) { payload = JSON.stringify(body); headers['Content-Type'] = 'application/json'; }
  let r;
  try { r = await fetch(path, {method, headers, body: payload}); }
  catch (e) { throw new ApiError('the studio does not answer: is it still running?'); }
  const text = await r.text();
  let data = null;
  try { data = text ? JSON.parse(text) : null; } catch (e) { data = {error: text}; }
  if (!r.ok) throw new ApiError(data && data.error ? data.error : r.status + ' ' + r.statusText, data && data.field, r.status);
  return data;
}

export const upload = file => api('POST', '/api/uploads', file, true);
export const imageUrl = ref => '/api/image?ref=' + encodeURIComponent(ref);
export const thumbUrl = ref => '/api/thumb?ref=' + encodeURIComponent(ref);

/**
 * Loads an image off screen: resolves with it once decoded, so the page never shows one without pixels.
 * Rejects with a one-line error when it cannot be loaded.
 */
export function loadImage(url) {
  return new Promise((resolve, reject) => {
    const img = new Image();
    img.onload = () => resolve(img);
    img.onerror = () => reject(new ApiError('cannot load ' + url));
    img.src = url;
  });
}

/** Opens the live channel; `handlers` maps an event name to a function of its parsed data. */
export function listen(handlers) {
  const src = new EventSource('/api/events' + (token ? '?token=' + encodeURIComponent(token) : ''));
  for (const [name, fn] of Object.entries(handlers)) {
    src.addEventListener(name, ev => fn(JSON.parse(ev.data)));
  }
  return src;
}
