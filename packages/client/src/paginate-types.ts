/** The types of `paginate`: which operations page, their requests, pages and items. */
import type { HeadersOptions, Middleware, PathSerializer, QuerySerializerOptions } from "openapi-fetch";
import type { JunctionRequestOptions } from "./options.js";

/** The key of a route in the generated tables: `"get /v2/user"`. */
type Route<M extends string, P extends string> = `${Lowercase<M>} ${P}`;

/** HTTP methods (upper case) that have at least one paginated operation. */
export type PaginatedMethod<Table> = keyof Table extends infer K
  ? K extends `${infer M} ${string}`
    ? Uppercase<M>
    : never
  : never;

/** Paths that have a paginated operation for `M`. */
export type PaginatedPath<M extends string, Table> = keyof Table extends infer K
  ? K extends `${Lowercase<M>} ${infer P}`
    ? P
    : never
  : never;

type EntryOf<Table, M extends string, P extends string> = Route<M, P> extends keyof Table ? Table[Route<M, P>] : never;

type OperationOf<Paths, M extends string, P> = P extends keyof Paths
  ? Lowercase<M> extends keyof Paths[P]
    ? Paths[P][Lowercase<M>]
    : never
  : never;

/**
 * The JSON body of the operation's success response. Read straight from the operation's `responses`
 * rather than through openapi-fetch's `FetchResponse`, which costs a consumer's type-check several
 * times more per call on a spec of Junction's size (see `bench/typecheck.ts`).
 */
export type PageBody<Paths, M extends string, P> =
  OperationOf<Paths, M, P> extends { responses: infer R }
    ? {
        [C in keyof R]: C extends 200 | 201 | 202 | 203 | 206 | "2XX"
          ? R[C] extends { content: { "application/json": infer B } }
            ? B
            : never
          : never;
      }[keyof R]
    : never;

type ListItem<L> = L extends readonly (infer Item)[] | null | undefined ? Item : never;
type GroupItem<G> = G extends Record<string, infer L> | null | undefined ? ListItem<L> : never;

/**
 * The type of one item of a page: an element of the items list (`ConnectionRecipe` for the bulk
 * export, `ClientFacingUser` for `GET /v2/user`), or of a group's list for grouped timeseries.
 */
export type PageItem<Paths, Table, M extends string, P extends string> =
  EntryOf<Table, M, P> extends { itemsField: infer F; grouped: true }
    ? F extends keyof PageBody<Paths, M, P>
      ? GroupItem<PageBody<Paths, M, P>[F]>
      : never
    : EntryOf<Table, M, P> extends { itemsField: infer F }
      ? F extends keyof PageBody<Paths, M, P>
        ? ListItem<PageBody<Paths, M, P>[F]>
        : never
      : never;

// biome-ignore lint/complexity/noBannedTypes: `{} extends Pick<T, K>` is how an optional key is told from a required one.
type RequiredKeysOf<T> = { [K in keyof T]-?: {} extends Pick<T, K> ? never : K }[keyof T];
type ParamsPart<Op> = Op extends { parameters: infer Q }
  ? [RequiredKeysOf<Q>] extends [never]
    ? { params?: Q }
    : { params: Q }
  : { params?: never };
type BodyPart<Op> = Op extends { requestBody: { content: { "application/json": infer B } } }
  ? { body: B }
  : Op extends { requestBody?: { content: { "application/json": infer B } } }
    ? { body?: B }
    : { body?: never };

/** What a paginated request may carry besides its parameters and body (passed through to each page's request). */
export interface PaginateRequestOptions extends JunctionRequestOptions {
  headers?: HeadersOptions;
  middleware?: Middleware[];
  baseUrl?: string;
  querySerializer?: QuerySerializerOptions;
  pathSerializer?: PathSerializer;
}

/**
 * The request of a paginated operation: its `params` and JSON `body` as the spec types them (required
 * when the spec requires them; unknown fields are errors), plus {@link PaginateRequestOptions}.
 */
export type PaginateInit<Paths, M extends string, P> =
  OperationOf<Paths, M, P> extends infer Op ? ParamsPart<Op> & BodyPart<Op> & PaginateRequestOptions : never;

export interface PaginateOptions {
  /**
   * Position to start from: a `nextToken` (checkpoint) saved from an earlier walk: a token, a cursor,
   * a page number or an offset, as a string. Default: the first page (or the position already in the request).
   */
  startToken?: string | null;
  /** Stop after this many pages, without error. Default: no limit (loops are still detected). */
  maxPages?: number;
  /**
   * How many pages to fetch ahead while the caller works on the current one. Order is kept and
   * at most this many pages are held beyond the current one. `0` turns prefetch off. Default `1`.
   */
  prefetch?: number;
  /** Cancels the walk: the page in flight is aborted and iteration rejects with the signal's reason. */
  signal?: AbortSignal;
}

/** One page of a paginated operation. */
export interface Page<Item, Body = unknown> {
  /** The page's items, in the server's order (for grouped responses, every group of every provider). */
  items: Item[];
  /** The position that fetched this page (`null` for the first page). Resuming from it refetches this page. */
  token: string | null;
  /** The position that resumes right after this page; `null` when this is the last page. Save it as a checkpoint. */
  nextToken: string | null;
  /** Position of the page in this walk, from 0. */
  index: number;
  /** The parsed response body. */
  body: Body;
  /** The raw response. */
  response: Response;
}

/** An async stream of a paginated operation's items; also offers page-wise access. */
export interface Paginator<Item, Body = unknown> extends AsyncIterable<Item> {
  /** Walks page by page. Each walk (each call) starts again from `startToken`. */
  pages(): AsyncIterableIterator<Page<Item, Body>>;
  /** Collects the items, at most `max` of them (default: all). */
  toArray(options?: { max?: number }): Promise<Item[]>;
  /**
   * The position that resumes after the last page the caller finished with (asked past), or
   * `null` once the walk reached the last page; `undefined` before the first page is done.
   * When iterating items, a crash mid-page resumes at the start of that page.
   */
  readonly checkpoint: string | null | undefined;
}

/** Errors thrown by a walk carry the position of the page that failed: resuming from it retries that page. */
export interface ResumableError {
  resumeToken: string | null;
}
