import { apiKeyHeader } from "@junction/openapi-types";
import { isOnOrigin } from "./auth.js";
import { clearDeadline, type Deadline, race, startDeadline, timedOut } from "./deadline.js";
import { ConnectionError, responseRequests, TimeoutError } from "./errors.js";
import { bodyForLog, type Log } from "./logger.js";
import { checkNumber, type FetchLike, type RetryNonIdempotent } from "./options.js";
import { backoffMs, isNotActedStatus, isRetryableStatus, neverSent, parseRetryAfterMs } from "./retry.js";

/** Everything the transport needs; built once per client. */
export interface TransportConfig {
  baseUrl: string;
  origin: string;
  apiKey: string;
  fetch: FetchLike | undefined;
  timeoutMs: number;
  maxRetries: number;
  initialRetryDelayMs: number;
  maxRetryDelayMs: number;
  retryNonIdempotent: RetryNonIdempotent;
  isIdempotent: (method: string, path: string) => boolean;
  log: Log | undefined;
  /** Waits `ms` or rejects with `signal.reason`; injectable for tests. */
  sleep?: (ms: number, signal: AbortSignal | undefined) => Promise<void>;
  /** Source of jitter in [0, 1); injectable for tests. */
  random?: () => number;
}

/** Per-call options (see `JunctionRequestOptions`), unchecked: they come from the caller's init. */
type CallOptions = { timeoutMs?: unknown; maxRetries?: unknown; idempotent?: unknown };

/** One request as the transport sends it: built by the direct path, or read from openapi-fetch's `Request`. */
export interface Outgoing extends CallOptions {
  url: string;
  /** Upper case. */
  method: string;
  /** Lower-case names; owned by this call (the transport adds and removes the API key on it). */
  headers: Record<string, string>;
  body: string | ArrayBuffer | undefined;
  signal?: AbortSignal | null;
}

/** The transport as openapi-fetch's `fetch`: reads the `Request` it built (and its middleware saw) into an {@link Outgoing}. */
export const fromRequest =
  (send: (request: Outgoing) => Promise<Response>) =>
  async (request: Request): Promise<Response> => {
    // openapi-fetch copies unknown init fields (the per-call options) onto the request.
    const { timeoutMs, maxRetries, idempotent } = request as CallOptions;
    return send({
      url: request.url,
      method: request.method,
      headers: Object.fromEntries(request.headers),
      // Read once, so that every attempt can resend it.
      body: request.body === null ? undefined : await request.arrayBuffer(),
      signal: request.signal,
      timeoutMs,
      maxRetries,
      idempotent,
    });
  };

const redirectStatuses = [301, 302, 303, 307, 308];
const maxRedirects = 20;

function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}

/** A transport error in one line, e.g. "fetch failed (connect ECONNREFUSED 127.0.0.1:9)". */
const describe = (error: unknown): string => {
  const { message, cause } = error as Error & { cause?: Error };
  return cause?.message ? `${message} (${cause.message})` : String(message ?? error);
};

/**
 * Whether the platform fetch is Node's (undici). It copies every request, body stream included, before
 * sending it, unless told to refuse redirects (`redirect: "error"`), as the Fetch standard allows.
 */
const isUndici =
  typeof (globalThis as { process?: { versions?: { undici?: unknown } } }).process?.versions?.undici === "string";
/** How undici reports a redirect it was told to refuse. */
const isRefusedRedirect = (error: unknown): boolean =>
  (error as { cause?: { message?: unknown } } | undefined)?.cause?.message === "unexpected redirect";

/** How long a client keeps arming real AbortSignals after one of its attempts timed out. */
export const armedAfterTimeoutMs = 300_000;
const noop = () => {};

/**
 * The client's transport, beneath the direct path and openapi-fetch: adds the API key for the
 * configured origin only, follows redirects itself (the key never crosses origins), bounds each
 * attempt by `timeoutMs`, and retries what is safe to retry. One function: it runs once per request.
 *
 * Timeouts race a deadline (see deadline.ts) instead of passing an AbortSignal to the platform fetch:
 * on Node, a signal per request costs 5-8% of a small request (undici registers listeners and a finalizer).
 * A timed-out attempt is abandoned and its response discarded when it comes. Once an attempt has
 * timed out, the client arms a real AbortSignal on every attempt for {@link armedAfterTimeoutMs},
 * so a slow server cannot pile up abandoned connections. A caller's `signal` always cancels for real.
 */
export function createTransport(config: TransportConfig): (request: Outgoing) => Promise<Response> {
  const { baseUrl, origin, apiKey, log, maxRetryDelayMs, retryNonIdempotent } = config;
  const wait = config.sleep ?? sleep;
  const random = config.random ?? Math.random;
  const mask = [apiKey];
  let armedUntil = 0;

  /** Path relative to the base URL, without query: what logs, errors and the idempotency test see. */
  const pathOf = (url: string): string => {
    if (url.startsWith(baseUrl)) return url.slice(baseUrl.length).split(/[?#]/)[0] || "/";
    try {
      return new URL(url).pathname;
    } catch {
      return url;
    }
  };
  const where = (method: string, url: string) => `${method} ${pathOf(url)}`;
  /** Whether a failed attempt may be sent again; `notActed`: the server cannot have acted on it. */
  const mayResend = (call: CallOptions, method: string, url: string, notActed: boolean) =>
    typeof call.idempotent === "boolean"
      ? call.idempotent || notActed
      : retryNonIdempotent === "always" ||
        config.isIdempotent(method, pathOf(url)) ||
        (notActed && retryNonIdempotent !== "never");

  return async function send(call: Outgoing): Promise<Response> {
    const timeoutMs =
      call.timeoutMs === undefined ? config.timeoutMs : (checkNumber("timeoutMs", call.timeoutMs) as number);
    const maxRetries =
      call.maxRetries === undefined ? config.maxRetries : (checkNumber("maxRetries", call.maxRetries, true) as number);
    // 0, Infinity (or anything setTimeout cannot hold) means no timeout.
    const timed = timeoutMs > 0 && timeoutMs < 2 ** 31;
    const { url, method, headers, body } = call;
    const signal = call.signal ?? undefined;
    const platformFetch = config.fetch ?? globalThis.fetch;
    // On Node, `redirect: "error"` spares undici's copy of the request (about a tenth of a small request).
    // A redirect then costs a second send of that hop, in "manual" mode to see where it points, so only
    // requests that may be sent twice get it.
    const refuseRedirects = isUndici && !config.fetch && mayResend(call, method, url, false);
    if (log?.bodies && body !== undefined) {
      const text = typeof body === "string" ? body : new TextDecoder().decode(body);
      log.debug(`${where(method, url)} request body`, { body: bodyForLog(text) });
    }

    for (let attempt = 1; ; attempt++) {
      const started = log ? performance.now() : 0;
      let response: Response | undefined;
      let failure: unknown;
      let deadline: Deadline | undefined;
      let controller: AbortController | undefined;
      let attemptSignal = signal;
      if (timed) {
        if (Date.now() < armedUntil) {
          controller = new AbortController();
          // Without AbortSignal.any (older browsers), only the timeout tears the request down.
          attemptSignal = signal
            ? (AbortSignal.any?.([signal, controller.signal]) ?? controller.signal)
            : controller.signal;
        }
        deadline = startDeadline(timeoutMs, controller);
      }
      let pending: Promise<Response> | undefined;
      try {
        let hopUrl = url;
        let hopMethod = method;
        let hopBody = body;
        let hopHeaders = headers;
        let redirect: RequestRedirect = refuseRedirects ? "error" : "manual";
        for (let hops = 0; ; hops++) {
          // The key goes to the configured origin only, wherever a redirect or a middleware points.
          if (isOnOrigin(hopUrl, origin)) hopHeaders[apiKeyHeader] = apiKey;
          else delete hopHeaders[apiKeyHeader];
          let hop: Response | typeof timedOut;
          try {
            pending = platformFetch(hopUrl, {
              method: hopMethod,
              headers: hopHeaders,
              body: hopBody,
              signal: attemptSignal,
              redirect,
            });
            hop = deadline ? await race(pending, deadline) : await pending;
          } catch (error) {
            if (redirect === "manual" || !isRefusedRedirect(error)) throw error;
            // The server redirected: send this hop again, in "manual" mode, to see where to.
            redirect = "manual";
            hops--;
            continue;
          }
          if (hop === timedOut) throw hop;
          const { status } = hop;
          const location = redirectStatuses.includes(status) ? hop.headers.get("location") : null;
          if (location === null) {
            if (status === 0 && hop.type === "opaqueredirect") {
              // Browsers hide a manual redirect's target, so it cannot be checked: refuse it.
              throw new ConnectionError(
                `${where(method, url)} was redirected where this runtime cannot check; not followed.`,
              );
            }
            response = hop;
            break;
          }
          const next = new URL(location, hopUrl).href;
          hop.body?.cancel().catch(noop);
          if (hops === maxRedirects)
            throw new ConnectionError(`${where(method, url)}: more than ${maxRedirects} redirects.`);
          if (hopUrl.startsWith("https:") && next.startsWith("http:")) {
            throw new ConnectionError(`${where(method, url)} was redirected from https to http; not followed.`);
          }
          // As browsers do: 303, and 301/302 after a POST, continue as a GET without the body.
          if (status === 303 || (hopMethod === "POST" && status < 303)) {
            if (hopMethod !== "HEAD") hopMethod = "GET";
            hopBody = undefined;
            hopHeaders = { ...hopHeaders };
            delete hopHeaders["content-type"];
          }
          hopUrl = next;
        }
      } catch (error) {
        failure = error;
        // Abandoned after a timeout: drop its response when it comes, which frees the connection.
        if (error === timedOut) pending?.then((late) => void late.body?.cancel().catch(noop), noop);
      } finally {
        clearDeadline(deadline);
      }
      if (signal?.aborted) throw signal.reason;

      let error: Error | undefined;
      let retry = attempt <= maxRetries;
      let delayMs: number | undefined;
      if (response === undefined) {
        if (failure instanceof ConnectionError) throw failure; // a refused redirect: nothing to retry
        const isTimeout = failure === timedOut || controller?.signal.aborted === true;
        if (isTimeout) armedUntil = Date.now() + armedAfterTimeoutMs;
        error = isTimeout
          ? new TimeoutError(`${where(method, url)} timed out after ${timeoutMs} ms`, timeoutMs)
          : new ConnectionError(`${where(method, url)} failed: ${describe(failure)}`, { cause: failure });
        retry &&= mayResend(call, method, url, !isTimeout && neverSent(failure));
      } else {
        const { status } = response;
        delayMs = isRetryableStatus(status) ? parseRetryAfterMs(response.headers) : undefined;
        retry &&=
          isRetryableStatus(status) &&
          mayResend(call, method, url, isNotActedStatus(status)) &&
          !((delayMs ?? 0) > maxRetryDelayMs);
      }
      if (retry) delayMs ??= backoffMs(attempt, config.initialRetryDelayMs, maxRetryDelayMs, random);
      if (log) {
        const durationMs = Math.round(performance.now() - started);
        log[retry ? "warn" : error ? "error" : "info"](
          `${error ? error.message : `${where(method, url)} ${response?.status}`} (attempt ${attempt}, ${durationMs} ms)` +
            (retry ? `; retrying in ${Math.round(delayMs ?? 0)} ms` : ""),
          { method, path: pathOf(url), status: response?.status, attempt, durationMs },
        );
        if (!retry && response && log.bodies) {
          log.debug(`${where(method, url)} response body`, { body: bodyForLog(await response.clone().text()) });
        }
      }
      if (!retry) {
        if (error) throw error;
        if (!response?.ok) responseRequests.set(response as Response, { method, path: pathOf(url), mask });
        return response as Response;
      }
      response?.body?.cancel().catch(noop);
      await wait(delayMs as number, signal);
    }
  };
}
