import type { Environment } from "@junction/openapi-types";
import type { ClientOptions } from "openapi-fetch";
import type { JunctionLogger, LogLevel } from "./logger.js";

/**
 * The transport beneath the client: called as `fetch(url, init)` like the platform `fetch`,
 * once per attempt and redirect hop.
 */
export type FetchLike = (url: string, init: RequestInit) => Promise<Response>;

/**
 * When a request whose method is not idempotent (POST, PATCH) may be sent again:
 * - `"never"`: never resent;
 * - `"safe"`: resent only when the server cannot have acted on it (the connection was refused
 *   or the name did not resolve, or the answer was 429 or 503), or when the operation is listed
 *   in {@link JunctionClientOptions.idempotentOperations};
 * - `"always"`: resent like a GET (only if every such operation of yours is safe to repeat).
 */
export type RetryNonIdempotent = "never" | "safe" | "always";

/** Options of {@link createJunctionClient}. Every duration is in milliseconds. */
export interface JunctionClientOptions {
  /**
   * The Junction API key, sent in the spec's API-key header to the configured origin only.
   * Default: the `JUNCTION_API_KEY` environment variable, where the runtime has `process.env`.
   * Missing or empty: `createJunctionClient` throws.
   */
  apiKey?: string;
  /** Which Junction environment to call. Ignored when `baseUrl` is set. Default: `"production"`. */
  environment?: Environment;
  /**
   * Explicit base URL (e.g. a local mock), instead of `environment`. Must be `https://`, or
   * `http://` on a loopback host (127.0.0.0/8, `localhost`, `[::1]`) unless `allowInsecureHttp`.
   * Default: the URL of `environment`.
   */
  baseUrl?: string;
  /** Allow a plain `http://` `baseUrl` on a non-loopback host; the API key then travels unencrypted. Default `false`. */
  allowInsecureHttp?: boolean;
  /** Retries after the first attempt (so `2` means at most 3 attempts). Per call: `maxRetries`. Default `2`. */
  maxRetries?: number;
  /**
   * Time limit of each attempt: redirects, headers and the body of a JSON or text response (a body that stalls
   * times out and is retried like missing headers); `0` or `Infinity` turns it off. A binary response
   * (`parseAs` `"blob"`, `"arrayBuffer"`, `"stream"`) is covered until its headers; its body is the caller's to
   * read (bound it with `signal`). See README, "Timeouts". Per call: `timeoutMs`. Default `60000`.
   */
  timeoutMs?: number;
  /**
   * Largest JSON or text response body read, in bytes: a larger one (by its `content-length`, or counted while
   * reading) throws `ResponseTooLargeError` and is not retried. `Infinity` turns it off. Binary responses are not
   * capped. Per call: `maxResponseBytes`. Default `67108864` (64 MiB).
   */
  maxResponseBytes?: number;
  /** Backoff before the first retry; it doubles for each further one, minus up to 25% jitter. Default `500`. */
  initialRetryDelayMs?: number;
  /**
   * Longest wait before a retry. Caps the backoff; a `retry-after-ms` / `Retry-After` asking for longer
   * is not waited for: the response is returned as it is (e.g. a `RateLimitError` with `retryAfterMs`). Default `60000`.
   */
  maxRetryDelayMs?: number;
  /** When POST/PATCH requests are resent; see {@link RetryNonIdempotent}. Per call: `idempotent`. Default `"safe"`. */
  retryNonIdempotent?: RetryNonIdempotent;
  /**
   * POST/PATCH operations that only read and so may be resent like a GET, as `"METHOD /path"`
   * (path templates such as `/v2/user/{user_id}` match any value). Default: every operation the
   * spec marks as paging (the keys of `paginated`, e.g. `"POST /v2/link/bulk_export"`).
   */
  idempotentOperations?: readonly string[];
  /** Where log lines go: any console-like object. Default: `console`, used only when `logLevel` is set. */
  logger?: JunctionLogger;
  /** Lowest level logged; `"debug"` adds request and response bodies, with secrets masked. Default: `"off"`, or `"info"` when `logger` is given. */
  logLevel?: LogLevel;
  /**
   * Transport called as `fetch(url, init)` for every attempt and redirect hop, e.g. for tests, or to add an undici
   * `dispatcher` (proxy agent) on Node. Default: `globalThis.fetch`, looked up per request.
   */
  fetch?: FetchLike;
  /**
   * Names of more headers that carry credentials, dropped (like `Authorization`, `Cookie`,
   * `Proxy-Authorization` and the API key) when a redirect leads to another origin. Case does not matter.
   * Default: `[]`.
   */
  credentialHeaders?: readonly string[];
  /** Headers sent with every request (openapi-fetch's `headers`). The API key is added separately. Default: none. */
  headers?: ClientOptions["headers"];
  /** openapi-fetch's global `querySerializer`. Default: openapi-fetch's. */
  querySerializer?: ClientOptions["querySerializer"];
  /** openapi-fetch's global `bodySerializer`. Default: `JSON.stringify`. */
  bodySerializer?: ClientOptions["bodySerializer"];
  /** openapi-fetch's global `pathSerializer`. Default: openapi-fetch's. */
  pathSerializer?: ClientOptions["pathSerializer"];
}

/**
 * Options accepted per call next to openapi-fetch's own (`body`, `params`, `signal`, `headers`...):
 * `client.POST(path, { body, timeoutMs: 5000, maxRetries: 0 })`. They override the client's settings for that call.
 * An unknown field written in the call is a type error; check options built apart with `satisfies JunctionRequestOptions`.
 * They travel on the request openapi-fetch builds: a middleware that replaces the request drops them.
 */
export interface JunctionRequestOptions {
  /** Time limit of each attempt of this call, body included; `0` or `Infinity` turns it off. Default: the client's `timeoutMs`. */
  timeoutMs?: number;
  /** Largest JSON or text response body of this call, in bytes; `Infinity` turns it off. Default: the client's `maxResponseBytes`. */
  maxResponseBytes?: number;
  /** Retries for this call. Default: the client's `maxRetries`. */
  maxRetries?: number;
  /** `true`: this call may be resent like a GET; `false`: resend only when the server cannot have acted. Default: from the client's policy. */
  idempotent?: boolean;
  /** Cancels the call, including a pending retry; the call rejects with the signal's reason. Default: none. */
  signal?: AbortSignal;
}

/** Defaults of the numeric options. */
export const defaults = {
  maxRetries: 2,
  timeoutMs: 60_000,
  initialRetryDelayMs: 500,
  maxRetryDelayMs: 60_000,
  maxResponseBytes: 64 * 1024 * 1024,
};
