/**
 * Redirects, followed by the client rather than the platform fetch, so that the API key goes to the
 * configured origin only, wherever a redirect points, and other credentials never leave their origin.
 */
import { apiKeyHeader } from "@junction/openapi-types";
import { isOnOrigin } from "./auth.js";
import { type Deadline, race, timedOut } from "./deadline.js";
import { ConnectionError } from "./errors.js";
import type { FetchLike } from "./options.js";
import type { Outgoing } from "./transport.js";

const redirectStatuses = [301, 302, 303, 307, 308];
/** Dropped when a redirect changes origin, as the Fetch standard and browsers do (plus `credentialHeaders`). */
const originBound = ["authorization", "cookie", "proxy-authorization"];
const maxRedirects = 20;
const noop = () => {};
/** Discards a response nobody waits for any more, which frees its connection. */
const discard = (late: Response) => void late.body?.cancel().catch(noop);

/** How undici reports a redirect it was told to refuse. */
const isRefusedRedirect = (error: unknown): boolean =>
  (error as { cause?: { message?: unknown } } | undefined)?.cause?.message === "unexpected redirect";

/**
 * Sends one attempt of `call` and follows its redirects, hop by hop. Each hop carries the API key only
 * when it goes to `origin`; once a redirect changes origin (scheme, host or port), `Authorization`,
 * `Cookie`, `Proxy-Authorization` and the `credentialHeaders` are dropped for the rest of the attempt;
 * https never continues to http; 303, and 301/302 after a POST, continue as a GET without the body, as
 * browsers do. `refuse`: send the first hop with `redirect: "error"` (cheaper on
 * Node) and, if the server redirects, send it again in "manual" mode to see where to. Resolves to the
 * final response; rejects with {@link timedOut} when `deadline` fires first (the late response is then
 * discarded when it comes), with a {@link ConnectionError} for a redirect not followed, or with the
 * platform's error. `path` names the call in errors.
 */
export async function followRedirects(
  platformFetch: FetchLike,
  auth: { origin: string; apiKey: string; credentialHeaders: readonly string[] },
  call: Outgoing,
  path: string,
  signal: AbortSignal | undefined,
  refuse: boolean,
  deadline: Deadline | undefined,
): Promise<Response> {
  const { method } = call;
  let url = call.url;
  let hopMethod = method;
  let body = call.body;
  let headers = call.headers;
  let redirect: RequestRedirect = refuse ? "error" : "manual";
  for (let hops = 0; ; hops++) {
    if (isOnOrigin(url, auth.origin)) headers[apiKeyHeader] = auth.apiKey;
    else delete headers[apiKeyHeader];
    let pending: Promise<Response> | undefined;
    let hop: Response | typeof timedOut;
    try {
      pending = platformFetch(url, { method: hopMethod, headers, body, signal, redirect });
      hop = deadline ? await race(pending, deadline) : await pending;
    } catch (error) {
      if (redirect === "manual" || !isRefusedRedirect(error)) throw error;
      // The server redirected a hop sent with `redirect: "error"`: send it again to see where to.
      redirect = "manual";
      pending = platformFetch(url, { method: hopMethod, headers, body, signal, redirect });
      hop = deadline ? await race(pending, deadline) : await pending;
    }
    if (hop === timedOut) {
      pending.then(discard, noop);
      throw timedOut;
    }
    const { status } = hop;
    const location = redirectStatuses.includes(status) ? hop.headers.get("location") : null;
    if (location === null) {
      if (status === 0 && hop.type === "opaqueredirect") {
        // Browsers hide a manual redirect's target, so it cannot be checked: refuse it.
        throw new ConnectionError(`${method} ${path} was redirected where this runtime cannot check; not followed.`);
      }
      return hop;
    }
    const target = new URL(location, url);
    const next = target.href;
    hop.body?.cancel().catch(noop);
    if (hops === maxRedirects) throw new ConnectionError(`${method} ${path}: more than ${maxRedirects} redirects.`);
    if (url.startsWith("https:") && next.startsWith("http:")) {
      throw new ConnectionError(`${method} ${path} was redirected from https to http; not followed.`);
    }
    if (status === 303 || (hopMethod === "POST" && status < 303)) {
      if (hopMethod !== "HEAD") hopMethod = "GET";
      body = undefined;
      headers = { ...headers };
      delete headers["content-type"];
    }
    if (target.origin !== new URL(url).origin) {
      // A copy: the call's own headers serve its next attempt, which starts on the first origin again.
      headers = { ...headers };
      for (const name of [...originBound, ...auth.credentialHeaders]) delete headers[name];
    }
    url = next;
  }
}
