/** The types of the client's request methods (`GET`, `POST`, ..., `request`): openapi-fetch's, with strict inits. */
import type { paths } from "@junction/openapi-types";
import type {
  BodySerializer,
  ClientOptions,
  HeadersOptions,
  Middleware,
  ParamsOption,
  ParseAs,
  ParseAsResponse,
  PathSerializer,
  QuerySerializer,
  QuerySerializerOptions,
} from "openapi-fetch";
import type { JunctionRequestOptions } from "./options.js";

/** HTTP methods as openapi-fetch's `request(method, ...)` and the generated `paths` spell them. */
export type HttpMethod = "get" | "put" | "post" | "delete" | "options" | "head" | "patch" | "trace";

/** Paths that have an operation for `M` (as openapi-fetch's `PathsWithMethod`). */
export type PathsWith<Paths, M extends HttpMethod> = {
  [P in keyof Paths]: Paths[P] extends { [K in M]: unknown } ? P : never;
}[keyof Paths];

type OperationOf<Paths, P, M extends HttpMethod> = P extends keyof Paths ? Paths[P][M & keyof Paths[P]] : never;

/**
 * What a call of `M P` takes: the operation's `params` and `body` (required where the spec requires them),
 * openapi-fetch's options (`headers`, `parseAs`, `signal`, `middleware`, serializers, `RequestInit` extras) and
 * {@link JunctionRequestOptions}. Unknown fields are type errors, in `body`, `params` and the init itself.
 */
export type RequestInitOf<Paths, P, M extends HttpMethod> = ParamsOption<OperationOf<Paths, P, M>> &
  BodyOption<OperationOf<Paths, P, M>> &
  CallOptions<OperationOf<Paths, P, M>>;

/**
 * The init of a call of `M P`, to check one built apart (a variable is not checked for excess properties):
 * `const init = { body: { provider: "oura" } } satisfies JunctionRequestInit<"post", "/v2/link/bulk_export">`.
 */
export type JunctionRequestInit<M extends HttpMethod, P extends PathsWith<paths, M>> = RequestInitOf<paths, P, M>;

/**
 * openapi-fetch's `RequestBodyOption` without its `Writable`, which strips `$Read` markers the generated types do
 * not have, and turns an open enum's `string & {}` into an object of String's methods.
 */
type BodyOption<Op> = Op extends { requestBody: { content: infer C } }
  ? { body: MediaContent<C> }
  : Op extends { requestBody?: never }
    ? { body?: never }
    : Op extends { requestBody?: { content: infer C } }
      ? { body?: MediaContent<C> }
      : { body?: never };

type MediaContent<C> = [keyof C & `${string}/${string}`] extends [never] ? C : C[keyof C & `${string}/${string}`];

/** The rest of openapi-fetch's `FetchOptions`, and the client's per-call options. */
interface CallOptions<Op> extends Omit<RequestInit, "body" | "headers" | "signal">, JunctionRequestOptions {
  baseUrl?: string;
  querySerializer?: QuerySerializer<Op> | QuerySerializerOptions;
  bodySerializer?: BodySerializer<Op>;
  pathSerializer?: PathSerializer;
  parseAs?: ParseAs;
  fetch?: ClientOptions["fetch"];
  headers?: HeadersOptions;
  middleware?: Middleware[];
}

/**
 * The init argument, optional when the operation needs no parameters or body. `init` is not inferred (only its
 * `parseAs` is, into `A`), so TypeScript checks it for excess properties as it does a plain parameter.
 */
type InitArgs<Paths, P, M extends HttpMethod, A extends ParseAs> =
  RequiredKeys<ParamsOption<OperationOf<Paths, P, M>> & BodyOption<OperationOf<Paths, P, M>>> extends never
    ? [init?: RequestInitOf<Paths, P, M> & { parseAs?: A }]
    : [init: RequestInitOf<Paths, P, M> & { parseAs?: A }];

type RequiredKeys<T> = { [K in keyof T]-?: Record<never, never> extends Pick<T, K> ? never : K }[keyof T];

/** The status codes openapi-fetch takes `data` from, and those it takes `error` from (as openapi-typescript-helpers). */
type OkStatus = 200 | 201 | 202 | 203 | 204 | 206 | 207 | "2XX";
// biome-ignore format: openapi-typescript-helpers' list, kept compact.
type ErrorStatus =
  | 400 | 401 | 402 | 403 | 404 | 405 | 406 | 407 | 408 | 409 | 410 | 411 | 412 | 413 | 414 | 415 | 416 | 417 | 418
  | 420 | 421 | 422 | 423 | 424 | 425 | 426 | 427 | 428 | 429 | 430 | 431 | 444 | 450 | 451 | 497 | 498 | 499 | "4XX"
  | 500 | 501 | 502 | 503 | 504 | 505 | 506 | 507 | 508 | 510 | 511 | "5XX" | "default";

/** The bodies of the responses with these codes, in any media type (`undefined` for a response without content). */
type ContentOf<Responses, Codes> = {
  [K in keyof Responses & Codes]: Responses[K] extends { content: infer C }
    ? [keyof C & `${string}/${string}`] extends [never]
      ? C
      : C[keyof C & `${string}/${string}`]
    : undefined;
}[keyof Responses & Codes];

/**
 * What a call resolves to: openapi-fetch's `{ data, error, response }`, `data` parsed as `parseAs` says. It is
 * openapi-fetch's `FetchResponse` without its `Readable`, a deep mapped type that strips `$Read`/`$Write` markers,
 * which the generated types do not have (the generator leaves openapi-typescript's `readWriteMarkers` off), and
 * which took most of a consumer's type-check of a call (see bench/typecheck.ts).
 */
export type ResultOf<Paths, P, M extends HttpMethod, A extends ParseAs = "json"> = ResultOfOperation<
  // A path cast `as never` (as tests do) resolves to openapi-fetch's `data: never` rather than to nothing.
  [OperationOf<Paths, P, M>] extends [never] ? { responses: Record<never, never> } : OperationOf<Paths, P, M>,
  A
>;

type ResultOfOperation<Op, A extends ParseAs> = Op extends { responses: infer R }
  ?
      | { data: ParseAsResponse<ContentOf<R, OkStatus>, { parseAs: A }>; error?: never; response: Response }
      | { data?: never; error: ContentOf<R, ErrorStatus>; response: Response }
  : never;

/** A request method of the client, e.g. `client.POST(path, init)`. */
export type JunctionMethod<M extends HttpMethod, Paths = paths> = <
  P extends PathsWith<Paths, M>,
  A extends ParseAs = "json",
>(
  url: P,
  ...init: InitArgs<Paths, P, M, A>
) => Promise<ResultOf<Paths, P, M, A>>;

/** The client's request methods, as openapi-fetch's `Client<paths>` has them, and its middleware registry. */
export interface JunctionMethods<Paths = paths> {
  /** Calls any method: `client.request("post", path, init)` is `client.POST(path, init)`. */
  request<M extends HttpMethod, P extends PathsWith<Paths, M>, A extends ParseAs = "json">(
    method: M,
    url: P,
    ...init: InitArgs<Paths, P, M, A>
  ): Promise<ResultOf<Paths, P, M, A>>;
  /** Calls a GET endpoint. */
  GET: JunctionMethod<"get", Paths>;
  /** Calls a PUT endpoint. */
  PUT: JunctionMethod<"put", Paths>;
  /** Calls a POST endpoint. */
  POST: JunctionMethod<"post", Paths>;
  /** Calls a DELETE endpoint. */
  DELETE: JunctionMethod<"delete", Paths>;
  /** Calls an OPTIONS endpoint. */
  OPTIONS: JunctionMethod<"options", Paths>;
  /** Calls a HEAD endpoint. */
  HEAD: JunctionMethod<"head", Paths>;
  /** Calls a PATCH endpoint. */
  PATCH: JunctionMethod<"patch", Paths>;
  /** Calls a TRACE endpoint. */
  TRACE: JunctionMethod<"trace", Paths>;
  /** Registers middleware. */
  use(...middleware: Middleware[]): void;
  /** Unregisters middleware. */
  eject(...middleware: Middleware[]): void;
}
