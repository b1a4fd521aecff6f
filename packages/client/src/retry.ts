/**
 * The retry policy, whole: which answers are worth another attempt, which requests may be sent again
 * (a POST the server may have acted on is not), and how long to wait before the next attempt.
 */
import { paginated } from "@junction/openapi-types";
import type { RetryNonIdempotent } from "./options.js";

/** Statuses worth another attempt. */
const retryableStatuses = [408, 429, 500, 502, 503, 504];
/** Of those, the ones that say the server did not act on the request, so even a POST may be resent. */
const notActedStatuses = [429, 503];

/** How long the server asked to wait, in milliseconds: `retry-after-ms`, else `Retry-After` (seconds or HTTP date). */
export function parseRetryAfterMs(headers: Headers, now = Date.now()): number | undefined {
  const ms = Number.parseFloat(headers.get("retry-after-ms") ?? "");
  if (ms >= 0) return ms;
  const value = headers.get("retry-after");
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return seconds >= 0 ? seconds * 1000 : undefined;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** Delay before retry number `retry` (1-based): exponential from `initialMs`, capped, minus up to 25% jitter. */
export function backoffMs(retry: number, initialMs: number, maxMs: number, random: () => number): number {
  return Math.min(initialMs * 2 ** (retry - 1), maxMs) * (1 - random() * 0.25);
}

const idempotentMethods = ["GET", "HEAD", "OPTIONS", "PUT", "DELETE", "TRACE"];

/**
 * Default `idempotentOperations`: the operations the spec marks as paginated. Paging only reads,
 * so repeating a page request is harmless (for POST too, e.g. the bulk export).
 */
export const defaultIdempotentOperations: readonly string[] = Object.keys(paginated).map((route) =>
  route.replace(/^\S+/, (method) => method.toUpperCase()),
);

type Matcher = { method: string; path: RegExp };

/**
 * Compiles `idempotentOperations` (`"METHOD /path/{param}"`, checked by `checkOperations`) into a test of
 * `(method, path)`.
 */
export function idempotencyTest(operations: readonly string[]): (method: string, path: string) => boolean {
  const matchers: Matcher[] = operations.map((entry) => {
    const [method = "", path = ""] = entry.split(" ");
    return { method: method.toUpperCase(), path: new RegExp(`^${path.replace(/\{[^}]+\}/g, "[^/]+")}/?$`) };
  });
  return (method, path) =>
    idempotentMethods.includes(method) || matchers.some((m) => m.method === method && m.path.test(path));
}

const isRetryableStatus = (status: number): boolean => retryableStatuses.includes(status);
const isNotActedStatus = (status: number): boolean => notActedStatuses.includes(status);

const notSentCodes = ["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN", "ConnectionRefused"];

/** Whether a transport error means the request never reached the server (refused, or the name did not resolve). */
export function neverSent(error: unknown): boolean {
  for (let e = error as { code?: unknown; cause?: unknown; errors?: unknown[]; message?: unknown } | undefined; e; ) {
    if (notSentCodes.includes(e.code as string)) return true;
    if (typeof e.message === "string" && /connection refused/i.test(e.message)) return true;
    // Happy eyeballs: an AggregateError of one refusal per address.
    if (Array.isArray(e.errors) && e.errors.length > 0 && e.errors.every(neverSent)) return true;
    e = e.cause as typeof e;
  }
  return false;
}

/** The client's retry settings, checked (see `JunctionClientOptions`). */
export interface RetryPolicy {
  maxRetries: number;
  initialRetryDelayMs: number;
  maxRetryDelayMs: number;
  retryNonIdempotent: RetryNonIdempotent;
  isIdempotent: (method: string, path: string) => boolean;
  /** Source of jitter in [0, 1); injectable for tests. Default `Math.random`. */
  random?: () => number;
}

/** What the policy reads of a request: its method (upper case) and the caller's `idempotent`, unchecked. */
type Resendable = { method: string; idempotent?: unknown };

/**
 * Whether a failed attempt of `call` (to `path`, relative to the base URL) may be sent again.
 * `notActed`: the server cannot have acted on it (refused connection, 429, 503).
 */
export function mayResend(policy: RetryPolicy, call: Resendable, path: string, notActed: boolean): boolean {
  return typeof call.idempotent === "boolean"
    ? call.idempotent || notActed
    : policy.retryNonIdempotent === "always" ||
        policy.isIdempotent(call.method, path) ||
        (notActed && policy.retryNonIdempotent !== "never");
}

/**
 * Whether to retry after attempt number `attempt` (1-based) of at most `maxRetries + 1`: the delay before
 * the next attempt in milliseconds, or `undefined` not to retry. The attempt ended with `response`, or,
 * when that is `undefined`, failed with `failure` (`timedOut`: it ran out of time). A retryable answer
 * asking for a longer wait than `maxRetryDelayMs` is not retried: the caller gets it as it is.
 */
export function decideRetry(
  policy: RetryPolicy,
  call: Resendable,
  path: string,
  attempt: number,
  maxRetries: number,
  response: Response | undefined,
  failure: unknown,
  timedOut: boolean,
): number | undefined {
  if (attempt > maxRetries) return undefined;
  let delayMs: number | undefined;
  if (response === undefined) {
    if (!mayResend(policy, call, path, !timedOut && neverSent(failure))) return undefined;
  } else {
    const { status } = response;
    if (!isRetryableStatus(status) || !mayResend(policy, call, path, isNotActedStatus(status))) return undefined;
    delayMs = parseRetryAfterMs(response.headers);
    if ((delayMs ?? 0) > policy.maxRetryDelayMs) return undefined;
  }
  return (
    delayMs ?? backoffMs(attempt, policy.initialRetryDelayMs, policy.maxRetryDelayMs, policy.random ?? Math.random)
  );
}
