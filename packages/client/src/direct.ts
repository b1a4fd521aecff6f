/**
 * The direct path: openapi-fetch's request path for calls that no middleware sees, without building a
 * `Request` object (on Node, that and the `Headers` merge cost a third of a small request). It skips only
 * openapi-fetch's `Request`/`Headers` objects and its middleware hooks (a call with middleware, a custom
 * `bodySerializer`, `fetch`, `baseUrl` or any other field goes through openapi-fetch itself); URL, headers,
 * body and result are openapi-fetch's own. `test/direct.test.ts` proves the two paths send and return
 * the same thing: keep it passing when either side changes.
 */
import {
  type ClientOptions,
  createFinalURL,
  defaultBodySerializer,
  defaultPathSerializer,
  mergeHeaders,
  type QuerySerializer,
} from "openapi-fetch";
import type { Outgoing, Received } from "./transport.js";

/**
 * The per-call fields the direct path handles. Any other field (`middleware`, `fetch`, `baseUrl`,
 * a serializer, a `RequestInit` extra such as `cache`) sends the call through openapi-fetch itself.
 */
const directFields = [
  "params",
  "body",
  "parseAs",
  "headers",
  "signal",
  "timeoutMs",
  "maxRetries",
  "idempotent",
  "maxResponseBytes",
];

/** Whether a call with this init can take the direct path (the client also checks it has no middleware). */
export function isDirect(init: Record<string, unknown> | undefined): boolean {
  for (const key in init) if (!directFields.includes(key)) return false;
  // openapi-fetch leaves FormData to the platform (boundary in the content type).
  return !(typeof FormData !== "undefined" && init?.body instanceof FormData);
}

type Serializer = (body: unknown, headers: Headers) => string;
type Result = { data?: unknown; error?: unknown; response: Response };

/**
 * openapi-fetch's request path for calls that no middleware sees: the same URL, headers, body and
 * result as `coreFetch`, built with openapi-fetch's own serializers, but with no `Request` object and
 * no `Headers` merge unless the call sets headers (on Node, those cost a third of a small request).
 * `test/direct.test.ts` checks that both paths send and return the same thing.
 */
export function createDirectCall(
  options: {
    baseUrl: string;
    headers: ClientOptions["headers"];
    querySerializer: QuerySerializer<unknown>;
    /** Whether the query serializer is one of openapi-fetch's, which make nothing of an empty query. */
    plainQuery: boolean;
    pathSerializer: ClientOptions["pathSerializer"];
  },
  send: (request: Outgoing) => Promise<Received>,
) {
  const { baseUrl, querySerializer } = options;
  const pathSerializer = options.pathSerializer ?? defaultPathSerializer;
  // biome-ignore lint/suspicious/noExplicitAny: openapi-fetch's init, as the caller typed it.
  return async (method: string, path: string, init: any = {}): Promise<Result> => {
    const { params = {}, body, parseAs = "json" } = init;
    const url =
      params.path || params.query || !options.plainQuery
        ? createFinalURL(path, { baseUrl, params, querySerializer, pathSerializer })
        : baseUrl + path;
    let headers: Record<string, string>;
    let serialized: string | undefined;
    if (options.headers || init.headers || params.header) {
      const merged = mergeHeaders(
        body === undefined ? {} : { "Content-Type": "application/json" },
        options.headers,
        init.headers,
        params.header,
      );
      // openapi-fetch's serializer reads the content type from the headers (form-urlencoded bodies).
      serialized = body === undefined ? undefined : (defaultBodySerializer as Serializer)(body, merged);
      headers = Object.fromEntries(merged);
    } else {
      serialized = body === undefined ? undefined : JSON.stringify(body);
      headers = serialized === undefined ? {} : { "content-type": "application/json" };
    }
    const { signal, timeoutMs, maxRetries, idempotent, maxResponseBytes } = init;
    const { response, text, data } = await send({
      url,
      method,
      headers,
      body: serialized,
      signal,
      timeoutMs,
      maxRetries,
      idempotent,
      maxResponseBytes,
      parseAs,
    });

    // From here on, as openapi-fetch reads a response; the transport has read (and for JSON, parsed)
    // the body, except a binary success's.
    if (response.ok && parseAs === "json") return { data, response };
    const length = response.headers.get("Content-Length");
    if (
      response.status === 204 ||
      method === "HEAD" ||
      (length === "0" && !response.headers.get("Transfer-Encoding")?.includes("chunked"))
    ) {
      return response.ok ? { data: undefined, response } : { error: undefined, response };
    }
    if (response.ok) {
      return { data: text ?? (parseAs === "stream" ? response.body : await response[parseAs as "blob"]()), response };
    }
    let error: unknown = text;
    try {
      error = JSON.parse(text as string);
    } catch {}
    return { error, response };
  };
}
