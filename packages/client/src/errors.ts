import { apiKeyHeader, type HTTPValidationError } from "@junction/openapi-types";
import { maskSecrets, maskText } from "./logger.js";
import { parseRetryAfterMs } from "./retry.js";

/** Base class of every error this package throws. */
export class JunctionError extends Error {
  override name = "JunctionError";
  /**
   * Set when the error ended a paginated walk: the position of the page that failed (`null` for the
   * first page). Pass it as `startToken` to resume from that page. See `ResumableError`.
   */
  declare resumeToken?: string | null;
}

/**
 * An invalid option of the client, of a call or of `paginate` (a missing API key, an unknown environment,
 * a negative `timeoutMs`...), thrown before anything is sent. The message says what was wrong and how to fix it.
 */
export class JunctionConfigError extends JunctionError {
  override name = "JunctionConfigError";
  /** The option's name as the caller wrote it, e.g. `timeoutMs`, `baseUrl`, `apiKey`. */
  declare readonly option: string;
  /** `true` when a required option was not given at all (or given empty), rather than given wrong: the API key. */
  declare readonly missing: boolean;
  constructor(option: string, message: string, missing = false) {
    super(message);
    Object.assign(this, { option, missing });
  }
}

/** What a failed request was: filled in by the client's fetch, read by {@link unwrap}. */
export interface FailedRequest {
  method: string;
  path: string;
  /** Secrets (the API key) to mask in the error's body and message. */
  mask?: readonly string[];
}

/** Request of each error response the client returned, so `unwrap` can name it. */
export const responseRequests = new WeakMap<Response, FailedRequest>();

const hiddenHeaders = [apiKeyHeader, "set-cookie"];

/**
 * An HTTP response of the API that the call could not use: an error status (≥ 300, after retries; subclasses
 * by status: see {@link createApiError}), or a success the client could not read ({@link UnexpectedResponseError},
 * {@link ResponseTooLargeError}).
 */
export class JunctionApiError extends JunctionError {
  override name = "JunctionApiError";
  /** HTTP status code. */
  declare readonly status: number;
  /** Parsed JSON body (or its text, or `undefined` when empty), with secret fields masked. */
  declare readonly body: unknown;
  /** Response headers, lower-case names, without cookies or credentials; the API key masked in names and values. */
  declare readonly headers: Record<string, string>;
  /** Request method, e.g. `POST` (`""` when unknown). */
  declare readonly method: string;
  /** Request path, e.g. `/v2/link/bulk_export`. */
  declare readonly path: string;
  /** The request id the API sent (`x-request-id`, `x-vital-request-id` or `request-id`), for support tickets. */
  declare readonly requestId: string | undefined;

  /** `what` replaces "failed with HTTP <status>: <detail>" in the message (subclasses that are not error statuses). */
  constructor(status: number, body: unknown, headers: Headers, request: FailedRequest, what?: string) {
    const { method, path, mask } = request;
    const record: Record<string, string> = {};
    headers.forEach((value, name) => {
      if (!hiddenHeaders.includes(name)) record[name] = value;
    });
    const shown = maskSecrets(record, mask) as Record<string, string>;
    const requestId = shown["x-request-id"] ?? shown["x-vital-request-id"] ?? shown["request-id"];
    const masked = maskSecrets(body, mask);
    super(
      `${method} ${path} ${what ?? `failed with HTTP ${status}${summarize(masked)}`}${requestId ? ` (request id ${requestId})` : ""}`,
    );
    Object.assign(this, { status, body: masked, headers: shown, method, path, requestId });
  }
}

function summarize(body: unknown): string {
  let detail = body && typeof body === "object" && "detail" in body ? body.detail : body;
  if (detail === undefined || detail === "") return "";
  // FastAPI-style validation details: [{ loc: [...], msg }]
  if (Array.isArray(detail))
    detail = detail.map((d) => (d?.loc ? `${d.loc.join(".")}: ${d.msg}` : JSON.stringify(d))).join("; ");
  const text = typeof detail === "string" ? detail : JSON.stringify(detail);
  return `: ${text.length > 300 ? `${text.slice(0, 300)}…` : text}`;
}

/** 422: the request did not match the API's schema; `body.detail` lists what was wrong. */
export class ValidationError extends JunctionApiError {
  override name = "ValidationError";
  declare readonly body: HTTPValidationError;
}
/** 401: the API key is missing, wrong or revoked. */
export class AuthenticationError extends JunctionApiError {
  override name = "AuthenticationError";
}
/** 403: the key is valid but not allowed to do this (e.g. a sandbox key on production, or a missing feature). */
export class PermissionDeniedError extends JunctionApiError {
  override name = "PermissionDeniedError";
}
/** 404: no such resource (or path). */
export class NotFoundError extends JunctionApiError {
  override name = "NotFoundError";
}
/** 429: too many requests; returned once retries are used up or the wait asked for exceeds `maxRetryDelayMs`. */
export class RateLimitError extends JunctionApiError {
  override name = "RateLimitError";
  /** How long the API asked to wait (`retry-after-ms` or `Retry-After`), in milliseconds; `undefined` if it did not say. */
  declare readonly retryAfterMs: number | undefined;
  constructor(status: number, body: unknown, headers: Headers, request: FailedRequest) {
    super(status, body, headers, request);
    this.retryAfterMs = parseRetryAfterMs(headers);
  }
}
/** 5xx: the API failed; it was retried when that was safe. */
export class InternalServerError extends JunctionApiError {
  override name = "InternalServerError";
}

/** The request could not reach the API or got no answer (refused, reset, DNS, a refused redirect). `cause` holds the runtime's error. */
export class ConnectionError extends JunctionError {
  override name = "ConnectionError";
}

/** An attempt exceeded `timeoutMs` and no retry was left or allowed. A caller's abort rejects with the signal's reason instead. */
export class TimeoutError extends JunctionError {
  override name = "TimeoutError";
  /** The per-attempt limit that was exceeded, in milliseconds. */
  declare readonly timeoutMs: number;
  constructor(message: string, timeoutMs: number) {
    super(message);
    this.timeoutMs = timeoutMs;
  }
}

/** A request body larger than the spec's `x-max-req-body-size` for the operation: refused before sending. */
export class RequestTooLargeError extends JunctionError {
  override name = "RequestTooLargeError";
  declare readonly method: string;
  declare readonly path: string;
  /** Size of the serialized body, in bytes. */
  declare readonly bytes: number;
  /** The largest body the API accepts for this operation, in bytes. */
  declare readonly maxBytes: number;
  constructor(method: string, path: string, bytes: number, maxBytes: number) {
    super(
      `${method} ${path}: the request body is ${bytes} bytes, more than the ${maxBytes} bytes the API accepts ` +
        "for this operation; it was not sent. Split the request into smaller ones.",
    );
    Object.assign(this, { method, path, bytes, maxBytes });
  }
}

/**
 * A success response that is not what the call expects: a body that is not JSON (an HTML login page
 * of a captive portal, a truncated page), or an empty 200 where the operation returns JSON (the spec
 * gives every 200 a body). `body` and `excerpt` hold the start of what came, secrets masked.
 */
export class UnexpectedResponseError extends JunctionApiError {
  override name = "UnexpectedResponseError";
  /** The response's `content-type` (`""` when it had none). */
  declare readonly contentType: string;
  /** The first 200 characters of the body, the API key masked (`""` for an empty body). */
  declare readonly excerpt: string;
  constructor(status: number, text: string, headers: Headers, request: FailedRequest) {
    const masked = maskText(text, request.mask ?? []);
    const excerpt = masked.length > 200 ? `${masked.slice(0, 200)}…` : masked;
    const contentType = headers.get("content-type") ?? "";
    super(
      status,
      excerpt,
      headers,
      request,
      `answered HTTP ${status} (${contentType || "no content type"}) with ${excerpt ? `a body that is not JSON: ${JSON.stringify(excerpt)}` : "an empty body, not JSON"}. A proxy or captive portal may have answered instead of the API.`,
    );
    Object.assign(this, { contentType, excerpt });
  }
}

/**
 * A JSON or text response larger than `maxResponseBytes` (by its `content-length`, or counted while
 * reading): reading stopped there and the connection was closed. Not retried.
 */
export class ResponseTooLargeError extends JunctionApiError {
  override name = "ResponseTooLargeError";
  /** The limit that was exceeded, in bytes (`maxResponseBytes`). */
  declare readonly maxBytes: number;
  constructor(status: number, headers: Headers, request: FailedRequest, maxBytes: number) {
    super(
      status,
      undefined,
      headers,
      request,
      `answered HTTP ${status} with a body over maxResponseBytes (${maxBytes} bytes), not read. ` +
        "Raise maxResponseBytes (client or per call) if that is expected.",
    );
    this.maxBytes = maxBytes;
  }
}

/** Where in a paginated walk something went wrong: the operation and the page. */
export interface PageLocation {
  /** `METHOD path` of the operation, e.g. `GET /v2/user`. */
  operation: string;
  /** Index of the page in this walk, from 0. */
  pageIndex: number;
  /** The token that fetched the page (`null` for the first): resuming from it refetches that page. */
  resumeToken: string | null;
}

/** Thrown when the server hands back a token it returned before: following it would never end. */
export class PaginationLoopError extends JunctionError {
  override name = "PaginationLoopError";
  /** `METHOD path` of the operation. */
  declare readonly operation: string;
  /** Index of the page whose next token was a repeat. */
  declare readonly pageIndex: number;
  /** The token of the page that repeated; resuming from it fetches that page again, never the loop. */
  declare readonly resumeToken: string | null;
  constructor(at: PageLocation) {
    super(
      `${at.operation} returned a pagination token it had already returned (after page ${at.pageIndex}); ` +
        "following it would loop forever, so paging stopped. The server is at fault: report it, or resume " +
        "later from the last checkpoint.",
    );
    Object.assign(this, at);
  }
}

/**
 * A page that breaks the paging contract: the items field missing or not a list, a next token that
 * is not a string, a total that is not a number. Paging stops there rather than end early and look
 * complete; `resumeToken` refetches the faulty page.
 */
export class PaginationProtocolError extends JunctionError {
  override name = "PaginationProtocolError";
  /** `METHOD path` of the operation. */
  declare readonly operation: string;
  declare readonly pageIndex: number;
  declare readonly resumeToken: string | null;
  /** The response field at fault, e.g. `next_token`. */
  declare readonly field: string;
  constructor(at: PageLocation, field: string, problem: string) {
    super(
      `${at.operation} returned page ${at.pageIndex} with ${problem} in "${field}", so paging ` +
        "stopped instead of ending early. The server is at fault; resuming refetches this page.",
    );
    Object.assign(this, at, { field });
  }
}

const classes: Record<number, typeof JunctionApiError> = {
  401: AuthenticationError,
  403: PermissionDeniedError,
  404: NotFoundError,
  422: ValidationError,
  429: RateLimitError,
};

/** The one place that maps a status to its error class. */
export function createApiError(
  status: number,
  body: unknown,
  headers: Headers,
  request: FailedRequest,
): JunctionApiError {
  const Class = classes[status] ?? (status >= 500 ? InternalServerError : JunctionApiError);
  return new Class(status, body, headers, request);
}

/**
 * The typed error of a failed openapi-fetch result (`{ error, response }`). `request` names the call when
 * the response did not come through this client's fetch (e.g. a middleware made it).
 */
export function errorFromResult(
  result: { error?: unknown; response: Response },
  request?: FailedRequest,
): JunctionApiError {
  const { response } = result;
  // Not from this client (e.g. made by a middleware): name what is known.
  const info = responseRequests.get(response) ?? request ?? { method: "", path: response.url };
  return createApiError(response.status, result.error, response.headers, info);
}

type Result = { data?: unknown; error?: unknown; response: Response };
/** The `data` member of an openapi-fetch result union: what a successful call returns. */
export type SuccessData<T extends Result> = Extract<T, { error?: never }>["data"];

/**
 * Awaits an openapi-fetch call and returns its `data`, or throws the typed {@link JunctionApiError}
 * when the response is not 2xx, even when the error body was empty or not JSON.
 *
 * @example const page = await unwrap(client.POST("/v2/link/bulk_export", { body: { provider: "oura" } }));
 */
export async function unwrap<T extends Result>(call: Promise<T> | T): Promise<SuccessData<T>> {
  const result = await call;
  if (!result.response.ok) throw errorFromResult(result);
  return result.data as SuccessData<T>;
}
