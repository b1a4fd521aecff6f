import { paginated } from "@junction/openapi-types";

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
 * Compiles `idempotentOperations` (`"METHOD /path/{param}"`) into a test of `(method, path)`. Anything
 * else is an error: a typo would silently turn retries off.
 */
export function idempotencyTest(operations: readonly string[]): (method: string, path: string) => boolean {
  const matchers: Matcher[] = operations.map((entry) => {
    const [method, path] = entry.split(" ");
    if (!method || !path?.startsWith("/")) {
      throw new TypeError(`idempotentOperations: "${entry}" is not "METHOD /path" (e.g. "POST /v2/link/bulk_export").`);
    }
    return { method: method.toUpperCase(), path: new RegExp(`^${path.replace(/\{[^}]+\}/g, "[^/]+")}/?$`) };
  });
  return (method, path) =>
    idempotentMethods.includes(method) || matchers.some((m) => m.method === method && m.path.test(path));
}

export const isRetryableStatus = (status: number): boolean => retryableStatuses.includes(status);
export const isNotActedStatus = (status: number): boolean => notActedStatuses.includes(status);

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
