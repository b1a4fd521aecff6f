/**
 * The client's transport, beneath the direct path and openapi-fetch: the attempt loop. Redirects (and
 * with them the API key's origin rule) are in `redirects.ts`, the retry policy in `retry.ts`, attempt
 * deadlines in `deadline.ts`, reading bodies in `body.ts`.
 */
import { parseJson, readText } from "./body.js";
import { clearDeadline, type Deadline, startDeadline, timedOut } from "./deadline.js";
import { ConnectionError, type FailedRequest, JunctionError, responseRequests, TimeoutError } from "./errors.js";
import { bodyForLog, type Log } from "./logger.js";
import { checkNumber } from "./option-checks.js";
import type { FetchLike } from "./options.js";
import { followRedirects } from "./redirects.js";
import { decideRetry, mayResend, type RetryPolicy } from "./retry.js";

/** Everything the transport needs; built once per client. */
export interface TransportConfig extends RetryPolicy {
  baseUrl: string;
  origin: string;
  apiKey: string;
  /** `[apiKey]`: the secrets masked in errors (one list per client, so its masking patterns are built once). */
  mask: readonly string[];
  /** Lower-case names of the headers dropped when a redirect changes origin (see redirects.ts). */
  credentialHeaders: readonly string[];
  fetch: FetchLike | undefined;
  timeoutMs: number;
  maxResponseBytes: number;
  log: Log | undefined;
  /** Waits `ms` or rejects with `signal.reason`; injectable for tests. */
  sleep?: (ms: number, signal: AbortSignal | undefined) => Promise<void>;
}

/** Per-call options (see `JunctionRequestOptions`), unchecked: they come from the caller's init. */
type CallOptions = { timeoutMs?: unknown; maxRetries?: unknown; idempotent?: unknown; maxResponseBytes?: unknown };

/**
 * How the caller reads a success body (openapi-fetch's `parseAs`): `"json"` and `"text"` bodies are read
 * by the transport, within the attempt's deadline and `maxResponseBytes` (JSON is also parsed); binary
 * ones (`"blob"`, `"arrayBuffer"`, `"stream"`) are the caller's to read. `undefined`: not known (a
 * middleware replaced the request), read as text but not parsed. Error bodies are always read.
 */
export type ParseAs = "json" | "text" | "blob" | "arrayBuffer" | "stream" | undefined;

/** One request as the transport sends it: built by the direct path, or read from openapi-fetch's `Request`. */
export interface Outgoing extends CallOptions {
  url: string;
  /** Upper case. */
  method: string;
  /** Lower-case names; owned by this call (the transport adds and removes the API key on it). */
  headers: Record<string, string>;
  body: string | ArrayBuffer | undefined;
  signal?: AbortSignal | null;
  parseAs: ParseAs;
}

/** A response as the transport hands it over: `text` is its body when the transport read it, `data` its JSON. */
export interface Received {
  response: Response;
  text?: string;
  data?: unknown;
}

/** The name under which the client passes openapi-fetch's `parseAs` down to {@link fromRequest} (openapi-fetch keeps its own). */
export const parseAsField = "junctionParseAs";

/**
 * The transport as openapi-fetch's `fetch`: reads the `Request` it built (and its middleware saw) into an
 * {@link Outgoing}. A body the transport has read comes back in a new `Response` for openapi-fetch to parse.
 */
export const fromRequest =
  (send: (request: Outgoing) => Promise<Received>) =>
  async (request: Request): Promise<Response> => {
    // openapi-fetch copies unknown init fields (the per-call options) onto the request.
    const { timeoutMs, maxRetries, idempotent, maxResponseBytes } = request as CallOptions;
    const { response, text } = await send({
      url: request.url,
      method: request.method,
      headers: Object.fromEntries(request.headers),
      // Read once, so that every attempt can resend it.
      body: request.body === null ? undefined : await request.arrayBuffer(),
      signal: request.signal,
      timeoutMs,
      maxRetries,
      idempotent,
      maxResponseBytes,
      parseAs: (request as unknown as Record<string, ParseAs>)[parseAsField],
    });
    if (text === undefined) return response;
    const copy = new Response(text || null, response);
    Object.defineProperty(copy, "url", { value: response.url });
    const failed = responseRequests.get(response);
    if (failed) responseRequests.set(copy, failed);
    return copy;
  };

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

const noop = () => {};

/** Path of `url` relative to the base URL, without query: what logs, errors and the idempotency test see. */
function pathOf(url: string, baseUrl: string): string {
  if (url.startsWith(baseUrl)) return url.slice(baseUrl.length).split(/[?#]/)[0] || "/";
  try {
    return new URL(url).pathname;
  } catch {
    return url;
  }
}

/** Logs how an attempt ended (and, at debug level, the body of the response returned). */
function logAttempt(
  log: Log,
  method: string,
  path: string,
  attempt: number,
  started: number,
  response: Response | undefined,
  text: string | undefined,
  error: Error | undefined,
  delayMs: number | undefined,
): void {
  const durationMs = Math.round(performance.now() - started);
  const retry = delayMs !== undefined;
  log[retry ? "warn" : error ? "error" : "info"](
    `${error ? error.message : `${method} ${path} ${response?.status}`} (attempt ${attempt}, ${durationMs} ms)` +
      (retry ? `; retrying in ${Math.round(delayMs)} ms` : ""),
    { method, path, status: response?.status, attempt, durationMs },
  );
  if (!retry && text !== undefined && log.bodies) {
    log.debug(`${method} ${path} response body`, { body: bodyForLog(text) });
  }
}

/**
 * The client's transport: adds the API key for the configured origin only, follows redirects itself
 * (see {@link followRedirects}), bounds each attempt, body included, by `timeoutMs` and its JSON or text
 * body by `maxResponseBytes` (see {@link readText}), and retries what the retry policy allows (see
 * {@link decideRetry}). `send` runs once per request: it allocates nothing per call beyond what each
 * attempt needs.
 *
 * Each timed attempt carries an AbortSignal that its deadline (one shared timer, see deadline.ts) aborts,
 * so a timed-out attempt is torn down, connection included, whether its headers or its body stalled:
 * nothing is left holding the process open. A caller's `signal` cancels it too.
 */
export function createTransport(config: TransportConfig): (request: Outgoing) => Promise<Received> {
  const { baseUrl, log, mask } = config;
  const wait = config.sleep ?? sleep;

  return async function send(call: Outgoing): Promise<Received> {
    // A per-call option, checked, else the client's.
    const option = (name: "timeoutMs" | "maxRetries" | "maxResponseBytes") =>
      checkNumber(name, call[name], name === "maxRetries") ?? config[name];
    const timeoutMs = option("timeoutMs");
    const maxRetries = option("maxRetries");
    const maxBytes = option("maxResponseBytes");
    // 0, Infinity (or anything setTimeout cannot hold) means no timeout.
    const timed = timeoutMs > 0 && timeoutMs < 2 ** 31;
    const { method, body, parseAs } = call;
    const path = pathOf(call.url, baseUrl);
    const request: FailedRequest = { method, path, mask };
    const signal = call.signal ?? undefined;
    const platformFetch = config.fetch ?? globalThis.fetch;
    // Binary successes are the caller's to read (not capped; see README, "Timeouts").
    const binary = parseAs === "blob" || parseAs === "arrayBuffer" || parseAs === "stream";
    // On Node, `redirect: "error"` spares undici's copy of the request (about a tenth of a small request).
    // A redirect then costs a second send of that hop, in "manual" mode to see where it points, so only
    // requests that may be sent twice get it.
    const refuseRedirects = isUndici && !config.fetch && mayResend(config, call, path, false);
    if (log?.bodies && body !== undefined) {
      const text = typeof body === "string" ? body : new TextDecoder().decode(body);
      log.debug(`${method} ${path} request body`, { body: bodyForLog(text) });
    }

    for (let attempt = 1; ; attempt++) {
      const started = log ? performance.now() : 0;
      let response: Response | undefined;
      let text: string | undefined;
      let failure: unknown;
      let deadline: Deadline | undefined;
      let controller: AbortController | undefined;
      let attemptSignal = signal;
      if (timed) {
        controller = new AbortController();
        // Without AbortSignal.any (older browsers), only the timeout tears the request down.
        attemptSignal = signal
          ? (AbortSignal.any?.([signal, controller.signal]) ?? controller.signal)
          : controller.signal;
        deadline = startDeadline(timeoutMs, controller);
      }
      try {
        response = await followRedirects(platformFetch, config, call, path, attemptSignal, refuseRedirects, deadline);
        // The body belongs to the attempt: a stalled one times out and is retried like missing headers.
        if (!(binary && response.ok)) text = await readText(response, maxBytes, deadline, request);
      } catch (error) {
        failure = error;
        response = undefined;
      } finally {
        clearDeadline(deadline);
      }
      if (signal?.aborted) throw signal.reason;

      // Classify a failed attempt.
      let error: Error | undefined;
      let isTimeout = false;
      if (response === undefined) {
        // A refused redirect or a response too large: nothing to retry.
        if (failure instanceof JunctionError) throw failure;
        isTimeout = failure === timedOut || controller?.signal.aborted === true;
        error = isTimeout
          ? new TimeoutError(`${method} ${path} timed out after ${timeoutMs} ms`, timeoutMs)
          : new ConnectionError(`${method} ${path} failed: ${describe(failure)}`, { cause: failure });
      }
      const delayMs = decideRetry(config, call, path, attempt, maxRetries, response, failure, isTimeout);
      if (log) logAttempt(log, method, path, attempt, started, response, text, error, delayMs);
      if (delayMs === undefined) {
        if (error) throw error;
        const received = response as Response;
        if (!received.ok) responseRequests.set(received, request);
        else if (parseAs === "json")
          return { response: received, text, data: parseJson(received, text ?? "", request) };
        return { response: received, text };
      }
      if (text === undefined) response?.body?.cancel().catch(noop);
      await wait(delayMs, signal);
    }
  };
}
