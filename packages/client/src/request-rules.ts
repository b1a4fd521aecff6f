/**
 * What the spec says about particular routes, applied to a call before it is sent (the generated
 * `requestRules`; most routes have none, and they cost one map lookup):
 * - `parseAs`: a PDF or other binary response is asked for (`Accept`) and read as a `Blob`, unless the
 *   call says otherwise;
 * - `idempotencyKeyHeader`: the call gets a fresh key (unless it brings its own), which its retries
 *   reuse, so the server can tell a resend from a new request and the call may be retried;
 * - `maxRequestBodyBytes`: a body larger than the API accepts is refused before it is sent.
 */
import { requestRules } from "@junction/openapi-types";
import { RequestTooLargeError } from "./errors.js";

/** What the generated `requestRules` says of one route. */
export type RequestRule = (typeof requestRules)[string];

function hasHeader(init: Record<string, unknown>, name: string): boolean {
  const lower = name.toLowerCase();
  const params = init.params as { header?: Record<string, unknown> } | undefined;
  for (const source of [params?.header, init.headers]) {
    if (!source) continue;
    if (typeof Headers !== "undefined" && source instanceof Headers) {
      if (source.has(name)) return true;
    } else if (Array.isArray(source)) {
      if (source.some(([key]) => String(key).toLowerCase() === lower)) return true;
    } else if (Object.keys(source).some((key) => key.toLowerCase() === lower && source[key as never] != null)) {
      return true;
    }
  }
  return false;
}

/** The call's init with one more header parameter (openapi-fetch sends `params.header` as headers). */
// biome-ignore lint/suspicious/noExplicitAny: openapi-fetch's init, as the caller typed it.
const withHeader = (init: any, name: string, value: string) => ({
  ...init,
  params: { ...init.params, header: { ...init.params?.header, [name]: value } },
});

/** A random key: a UUID where the runtime offers one. */
function newKey(): string {
  const crypto = globalThis.crypto;
  if (typeof crypto?.randomUUID === "function") return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

function bodyBytes(body: unknown): number | null {
  if (body === undefined || body === null) return null;
  if (typeof Blob !== "undefined" && body instanceof Blob) return body.size;
  if (body instanceof ArrayBuffer || ArrayBuffer.isView(body)) return body.byteLength;
  if (typeof FormData !== "undefined" && body instanceof FormData) return null;
  const text = typeof body === "string" ? body : JSON.stringify(body);
  return new TextEncoder().encode(text).length;
}

/**
 * The function that applies `table`'s rules to a call: it returns the call's init with the route's
 * rules applied (the caller's object is never changed), and throws {@link RequestTooLargeError}.
 */
export function createRequestRules(table: Readonly<Record<string, RequestRule>>) {
  // Path template → upper-case method → rule: a call costs one lookup by the path it already has.
  const rules = new Map<string, Record<string, RequestRule>>();
  for (const [route, rule] of Object.entries(table)) {
    const [method = "", path = ""] = route.split(" ");
    rules.set(path, { ...rules.get(path), [method.toUpperCase()]: rule });
  }
  // biome-ignore lint/suspicious/noExplicitAny: openapi-fetch's init, as the caller typed it.
  return (method: string, path: string, init: any): any => {
    const rule = rules.get(path)?.[method];
    return rule ? applyRule(rule, method, path, init) : init;
  };
}

/** The rules of the vendored spec. */
export const applyRequestRules = createRequestRules(requestRules);

// biome-ignore lint/suspicious/noExplicitAny: as above.
function applyRule(rule: RequestRule, method: string, path: string, init: any): any {
  let out = init ?? {};
  if (rule.parseAs && out.parseAs === undefined) {
    out = { ...out, parseAs: rule.parseAs };
    // Ask for the binary form: such routes also list an untyped JSON entry, which a server may pick.
    if (rule.accept && !hasHeader(out, "accept")) out = withHeader(out, "accept", rule.accept);
  }
  if (rule.maxRequestBodyBytes !== undefined) {
    const bytes = bodyBytes(out.body);
    if (bytes !== null && bytes > rule.maxRequestBodyBytes) {
      throw new RequestTooLargeError(method, path, bytes, rule.maxRequestBodyBytes);
    }
  }
  const keyHeader = rule.idempotencyKeyHeader;
  if (keyHeader) {
    if (!hasHeader(out, keyHeader)) out = withHeader(out, keyHeader, newKey());
    // With the key, a resend is recognised by the server: the call may be retried like a GET.
    if (out.idempotent === undefined) out = { ...out, idempotent: true };
  }
  return out;
}
