import { operationIndex, type paths } from "@junction/openapi-types";
import type { FetchResponse, MaybeOptionalInit } from "openapi-fetch";
import { errorFromResult } from "./errors.js";

/** How an operation pages, as the generator writes it into the operation index. */
export interface PaginationInfo {
  style: "body" | "query";
  tokenParam: string;
  nextTokenField: string;
  itemsField: string;
}

/** The shape of an operation index entry this module relies on. */
export interface IndexedOperation {
  operationId: string;
  method: string;
  path: string;
  pagination: PaginationInfo | null;
}

type Paged<Index> = {
  [K in keyof Index]: Index[K] extends { pagination: { style: string } } ? Index[K] : never;
}[keyof Index];

/** HTTP methods (upper case) that have at least one paginated operation. */
export type PaginatedMethod<Index = typeof operationIndex> =
  Paged<Index> extends { method: infer M extends string } ? Uppercase<M> : never;

/** Paths that have a paginated operation for `M`. */
export type PaginatedPath<M extends string, Index = typeof operationIndex> =
  Extract<Paged<Index>, { method: Lowercase<M> }> extends { path: infer P extends string } ? P : never;

type EntryOf<Index, M extends string, P> = Extract<Paged<Index>, { method: Lowercase<M>; path: P }>;
type OperationOf<Paths, M extends string, P> = P extends keyof Paths
  ? Lowercase<M> extends keyof Paths[P]
    ? Paths[P][Lowercase<M>]
    : never
  : never;

/** The JSON body of the operation's success response. */
export type PageBody<Paths, M extends string, P> = NonNullable<
  // biome-ignore lint/suspicious/noExplicitAny: openapi-fetch's own constraint.
  FetchResponse<OperationOf<Paths, M, P> & Record<string | number, any>, object, "application/json">["data"]
>;

/** The type of one item of a page (e.g. `ConnectionRecipe` for bulk export). */
export type PageItem<Paths, Index, M extends string, P> =
  EntryOf<Index, M, P> extends { pagination: { itemsField: infer F } }
    ? F extends keyof PageBody<Paths, M, P>
      ? PageBody<Paths, M, P>[F] extends readonly (infer Item)[] | null | undefined
        ? Item
        : never
      : never
    : never;

/** The request of a paginated operation: what `client.POST(path, init)` takes. */
export type PaginateInit<Paths, M extends string, P> = P extends keyof Paths
  ? NonNullable<MaybeOptionalInit<Paths[P], Lowercase<M> & keyof Paths[P]>>
  : never;

export interface PaginateOptions {
  /**
   * Token to start from: a `nextToken` (checkpoint) saved from an earlier run. Default: the
   * first page (or the token already in the request).
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
  /** The page's items, in the server's order. */
  items: Item[];
  /** The token that fetched this page (`null` for the first page). Resuming from it refetches this page. */
  token: string | null;
  /** The token that resumes right after this page; `null` when this is the last page. Save it as a checkpoint. */
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
   * The token that resumes after the last page the caller finished with (asked past), or
   * `null` once the walk reached the last page; `undefined` before the first page is done.
   * When iterating items, a crash mid-page resumes at the start of that page.
   */
  readonly checkpoint: string | null | undefined;
}

/** Thrown when the server hands back a token it returned before: following it would never end. */
export class PaginationLoopError extends Error {
  override readonly name = "PaginationLoopError";
  /** `operationId` of the operation, e.g. `bulk_export_connections_v2_link_bulk_export_post`. */
  readonly operationId: string;
  /** `METHOD path` of the operation. */
  readonly operation: string;
  /** Index of the page whose `next` token was a repeat. */
  readonly pageIndex: number;
  constructor(operationId: string, operation: string, pageIndex: number) {
    super(
      `${operation} (${operationId}) returned a pagination token it had already returned (after page ${pageIndex}); ` +
        "following it would loop forever, so paging stopped. This is a server-side problem: report it, or resume " +
        "later from the last checkpoint.",
    );
    this.operationId = operationId;
    this.operation = operation;
    this.pageIndex = pageIndex;
  }
}

/** What the paginator needs from a client: openapi-fetch's `request`. */
export interface RequestingClient {
  // biome-ignore lint/suspicious/noExplicitAny: called with the operation's own init.
  request(method: any, url: any, init?: any): Promise<{ data?: unknown; error?: unknown; response: Response }>;
}

/** Turns a failed result into the error to throw (the client's typed errors). */
export type ErrorFactory = (
  result: { error?: unknown; response: Response },
  request: { method: string; path: string },
) => Error;

type Fetched<Item, Body> = { page: Page<Item, Body>; error?: undefined } | { page?: undefined; error: unknown };

function lookup(index: Record<string, IndexedOperation>, method: string, path: string): IndexedOperation {
  const lower = method.toLowerCase();
  const entry = Object.values(index).find((op) => op.method === lower && op.path === path);
  if (!entry) throw new TypeError(`${method.toUpperCase()} ${path} is not an operation of this API.`);
  if (!entry.pagination) {
    const paged = Object.values(index)
      .filter((op) => op.pagination)
      .map((op) => `${op.method.toUpperCase()} ${op.path}`);
    throw new TypeError(
      `${method.toUpperCase()} ${path} does not page, so it cannot be paginated. Call it directly` +
        (paged.length ? `; these operations page: ${paged.join(", ")}.` : "."),
    );
  }
  return entry;
}

const isToken = (value: unknown): value is string => typeof value === "string" && value !== "";

function checkOptions(options: PaginateOptions): void {
  const { maxPages, prefetch } = options;
  if (
    maxPages !== undefined &&
    !(Number.isInteger(maxPages) && maxPages > 0) &&
    maxPages !== Number.POSITIVE_INFINITY
  ) {
    throw new RangeError(`maxPages must be a positive integer, got ${String(maxPages)}.`);
  }
  if (prefetch !== undefined && !(Number.isInteger(prefetch) && prefetch >= 0)) {
    throw new RangeError(`prefetch must be a whole number of pages (0 turns it off), got ${String(prefetch)}.`);
  }
  if (options.startToken != null && typeof options.startToken !== "string") {
    throw new TypeError(`startToken must be a string saved from Page.nextToken, got ${typeof options.startToken}.`);
  }
}

/** Builds the paginator of one operation. Exported for clients of other specs (tests use a fixture spec). */
export function createPaginator<Item, Body>(
  client: RequestingClient,
  index: Record<string, IndexedOperation>,
  method: string,
  path: string,
  // biome-ignore lint/suspicious/noExplicitAny: the operation's init, typed by the caller's signature.
  init: any,
  options: PaginateOptions = {},
  toError: ErrorFactory = errorFromResult,
): Paginator<Item, Body> {
  const entry = lookup(index, method, path);
  const pagination = entry.pagination as PaginationInfo;
  checkOptions(options);
  const operation = `${method.toUpperCase()} ${path}`;
  const maxPages = options.maxPages ?? Number.POSITIVE_INFINITY;
  const depth = options.prefetch ?? 1;
  const initToken =
    pagination.style === "body" ? init?.body?.[pagination.tokenParam] : init?.params?.query?.[pagination.tokenParam];
  const firstToken = isToken(options.startToken) ? options.startToken : isToken(initToken) ? initToken : null;
  let checkpoint: string | null | undefined;

  const { tokenParam, style } = pagination;
  const lowerMethod = method.toLowerCase();
  const requestFor = (token: string | null, signal: AbortSignal | undefined) => {
    // The caller's body (or query) with this page's token: a copy, the caller's init stays as it was.
    const carrier = { ...(style === "body" ? init?.body : init?.params?.query) };
    if (token === null) delete carrier[tokenParam];
    else carrier[tokenParam] = token;
    const request =
      style === "body" ? { ...init, body: carrier } : { ...init, params: { ...init?.params, query: carrier } };
    if (signal) request.signal = signal;
    return request;
  };

  async function fetchPage(
    token: string | null,
    pageIndex: number,
    signal: AbortSignal | undefined,
  ): Promise<Page<Item, Body>> {
    try {
      const result = await client.request(lowerMethod, path, requestFor(token, signal));
      if (result.error !== undefined || !result.response.ok || result.data == null) {
        throw toError(result, { method: method.toUpperCase(), path });
      }
      const body = result.data as Record<string, unknown>;
      const items = body[pagination.itemsField] ?? [];
      if (!Array.isArray(items)) {
        throw new TypeError(`${operation} returned a page whose "${pagination.itemsField}" is not an array.`);
      }
      const next = body[pagination.nextTokenField];
      return {
        items: items as Item[],
        token,
        nextToken: isToken(next) ? next : null,
        index: pageIndex,
        body: body as Body,
        response: result.response,
      };
    } catch (error) {
      // The caller resumes from the token of the page that failed.
      if (error && typeof error === "object" && !("resumeToken" in error)) {
        Object.defineProperty(error, "resumeToken", { value: token, enumerable: true, configurable: true });
      }
      throw error;
    }
  }

  /**
   * One walk over the pages. Fetching is sequential (each token comes from the page before), and
   * the next fetch starts the moment a page arrives, as long as no more than `depth` pages wait
   * beyond the one the caller holds. Hand-rolled rather than an async generator so that a page
   * reaches a waiting caller in one promise turn.
   */
  function walk(): AsyncIterableIterator<Page<Item, Body>> {
    const userSignal: AbortSignal | undefined = options.signal ?? init?.signal;
    // Without a caller's signal nothing cancels a request from outside; a page in flight when the
    // caller stops is left to finish and dropped, which spares every request a signal.
    const controller = userSignal ? new AbortController() : undefined;
    const queue: Fetched<Item, Body>[] = [];
    const seen = new Set<string>(firstToken === null ? [] : [firstToken]);
    let token = firstToken;
    let pageIndex = 0;
    let current: Page<Item, Body> | undefined;
    // Callers waiting for a page, in order (for await has at most one; a caller may call next() again early).
    const waiters: { resolve: (result: IteratorResult<Page<Item, Body>>) => void; reject: (e: unknown) => void }[] = [];
    let inFlight = false;
    let ended = false; // nothing more will be fetched
    let closed = false; // the caller stopped, or the walk is over: drop whatever still arrives
    const done: IteratorResult<Page<Item, Body>> = { value: undefined, done: true };

    /** Ends the walk; callers still waiting get the end. */
    const close = () => {
      closed = ended = true;
      queue.length = 0;
      userSignal?.removeEventListener("abort", onAbort);
      if (inFlight) controller?.abort(new Error("pagination stopped by the caller"));
      for (const pending of waiters.splice(0)) pending.resolve(done);
    };
    const onAbort = () => {
      waiters.shift()?.reject(userSignal?.reason);
      close();
    };
    userSignal?.addEventListener("abort", onAbort, { once: true });

    /** Hands an entry to the waiting caller, or queues it. */
    const deliver = (entry: Fetched<Item, Body>) => {
      const pending = waiters.shift();
      if (!pending) return void queue.push(entry);
      take(entry, pending.resolve, pending.reject);
    };
    const take = (
      entry: Fetched<Item, Body>,
      resolve: (result: IteratorResult<Page<Item, Body>>) => void,
      reject: (e: unknown) => void,
    ) => {
      if (entry.page === undefined) {
        reject(entry.error);
        close();
      } else {
        current = entry.page;
        resolve({ value: entry.page, done: false });
      }
    };
    const pump = () => {
      if (inFlight || ended || !(waiters.length > 0 || queue.length < depth)) return;
      if (pageIndex >= maxPages) {
        ended = true;
        if (waiters.length > 0) close();
        return;
      }
      inFlight = true;
      const index = pageIndex++;
      fetchPage(token, index, controller?.signal).then(
        (page) => {
          inFlight = false;
          if (closed) return;
          const next = page.nextToken;
          let loop: PaginationLoopError | undefined;
          if (next === null) ended = true;
          else if (seen.has(next)) {
            ended = true;
            loop = new PaginationLoopError(entry.operationId, operation, index);
          } else {
            seen.add(next);
            token = next;
          }
          deliver({ page });
          if (loop) deliver({ error: loop });
          else if (ended && waiters.length > 0) close();
          pump();
        },
        (error) => {
          inFlight = false;
          if (closed) return;
          ended = true;
          deliver({ error });
        },
      );
    };

    const iterator: AsyncIterableIterator<Page<Item, Body>> = {
      next() {
        // Asking past a page means the caller is done with it.
        if (current) checkpoint = current.nextToken;
        current = undefined;
        if (userSignal?.aborted) {
          close();
          return Promise.reject(userSignal.reason);
        }
        if (waiters.length === 0) {
          const entry = queue.shift();
          if (entry) {
            const result = new Promise<IteratorResult<Page<Item, Body>>>((resolve, reject) =>
              take(entry, resolve, reject),
            );
            pump();
            return result;
          }
          if (ended) {
            close();
            return Promise.resolve(done);
          }
        }
        return new Promise((resolve, reject) => {
          waiters.push({ resolve, reject });
          pump();
        });
      },
      return() {
        close();
        return Promise.resolve(done);
      },
      [Symbol.asyncIterator]() {
        return this;
      },
    };
    return iterator;
  }

  // A hand-rolled iterator: an async generator costs several promise turns per item.
  function items(): AsyncIterableIterator<Item> {
    const signal = options.signal ?? init?.signal;
    const pages = walk();
    let page: Item[] = [];
    let at = 0;
    const stop = async (reason: unknown): Promise<never> => {
      await pages.return?.(undefined);
      throw reason;
    };
    // The refill in progress: a call made meanwhile (for await never does) waits for it.
    let refilling: Promise<IteratorResult<Item>> | undefined;
    const refill = async (): Promise<IteratorResult<Item>> => {
      try {
        while (at >= page.length) {
          const next = await pages.next();
          if (next.done) return { value: undefined, done: true };
          page = next.value.items;
          at = 0;
        }
        return { value: page[at++] as Item, done: false };
      } finally {
        refilling = undefined;
      }
    };
    const iterator: AsyncIterableIterator<Item> = {
      next() {
        if (refilling) {
          const next = () => iterator.next();
          return refilling.then(next, next);
        }
        // An abort stops between items too, not only between pages.
        if (signal?.aborted) return stop(signal.reason);
        if (at < page.length) return Promise.resolve({ value: page[at++] as Item, done: false });
        refilling = refill();
        return refilling;
      },
      async return() {
        await pages.return?.(undefined);
        return { value: undefined, done: true };
      },
      [Symbol.asyncIterator]() {
        return this;
      },
    };
    return iterator;
  }

  return {
    pages: walk,
    [Symbol.asyncIterator]: items,
    async toArray({ max = Number.POSITIVE_INFINITY } = {}) {
      const all: Item[] = [];
      if (max <= 0) return all;
      for await (const page of walk()) {
        for (const item of page.items) {
          all.push(item);
          if (all.length >= max) return all;
        }
      }
      return all;
    },
    get checkpoint() {
      return checkpoint;
    },
  };
}

/**
 * Walks every page of a paginated operation of the Junction API. Only operations that page
 * (see `operationIndex`) are accepted; `init` is the operation's request and items are typed.
 *
 * @example
 * for await (const connection of paginate(client, "POST", "/v2/link/bulk_export", { body: { provider: "oura" } })) {}
 */
export function paginate<M extends PaginatedMethod, P extends PaginatedPath<M>>(
  client: RequestingClient,
  method: M,
  path: P,
  init: PaginateInit<paths, M, P>,
  options?: PaginateOptions,
): Paginator<PageItem<paths, typeof operationIndex, M, P>, PageBody<paths, M, P>> {
  return createPaginator(client, operationIndex, method, path, init, options);
}
