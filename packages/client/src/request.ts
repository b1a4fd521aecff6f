/**
 * What openapi-fetch builds for each call when no middleware will see it: the URL and init as
 * given, so the client's fetch can hand them to the platform `fetch(url, init)` without paying
 * for a platform `Request` (undici builds one per call anyway; two cost ~1.5x).
 * Only the client's own fetch ever receives one; with middleware a real `Request` is built.
 */
export class LightRequest {
  declare readonly url: string;
  declare readonly method: string;
  declare readonly headers: Headers;
  declare readonly signal: AbortSignal | undefined;
  /** The init openapi-fetch built: body, signal, and any per-call options. */
  declare readonly init: RequestInit;

  constructor(url: string, init: RequestInit) {
    this.url = url;
    this.init = init;
    this.method = init.method ?? "GET";
    // openapi-fetch always passes the Headers it merged.
    this.headers = init.headers as Headers;
    this.signal = init.signal ?? undefined;
  }
}

/**
 * The `Request` class given to openapi-fetch: a {@link LightRequest} normally, a platform
 * `Request` when `real()` says middleware will see it (so `new Request(request, init)`, `clone()`
 * and body reads behave exactly as openapi-fetch documents). `instanceof` accepts both kinds,
 * as openapi-fetch checks what `onRequest` returns against this class.
 */
export function requestClass(real: () => boolean): typeof Request {
  function JunctionRequest(url: string, init: RequestInit): Request | LightRequest {
    return real() ? new Request(url, init) : new LightRequest(url, init);
  }
  Object.defineProperty(JunctionRequest, Symbol.hasInstance, {
    value: (value: unknown) => value instanceof Request || value instanceof LightRequest,
  });
  return JunctionRequest as unknown as typeof Request;
}
