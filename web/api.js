// The JSON API of the same server (docs/api.md). Every failure becomes an ApiError with a message
// in words: the envelope's message, or what went wrong with the connection.

export class ApiError extends Error {
  constructor(message, status = 0, kind = '') {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.kind = kind;
  }
}

/** A query string from an object; null, undefined and '' values are left out. */
export function query(params = {}) {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== null && value !== undefined && value !== '') search.set(key, String(value));
  }
  const text = search.toString();
  return text ? `?${text}` : '';
}

/** GET /v1<path><query>; resolves to the parsed JSON or throws an ApiError. */
export async function get(path, params = {}, { signal } = {}) {
  const url = `/v1${path}${query(params)}`;
  let response;
  try {
    response = await fetch(url, { signal, headers: { Accept: 'application/json' } });
  } catch (error) {
    if (error.name === 'AbortError') throw error;
    throw new ApiError('The server could not be reached. Check that peerscope-server is running, then try again.');
  }
  let body = null;
  try {
    body = await response.json();
  } catch {
    body = null;
  }
  if (!response.ok) {
    const message = body && typeof body.message === 'string'
      ? body.message
      : `The server answered ${response.status} ${response.statusText || ''}`.trim();
    throw new ApiError(message, response.status, body && body.error ? body.error : '');
  }
  if (body === null) throw new ApiError('The server sent an answer that is not JSON.', response.status);
  return body;
}

/** A work id as a path segment: DOIs keep their slashes (the API accepts them unencoded). */
export function idPath(id) {
  return String(id).split('/').map(encodeURIComponent).join('/');
}
