/**
 * `paginate`: walks every page of an operation the spec marks as paging, in any of its four styles
 * (see `page-styles.ts` for how each style finds the next page), with prefetch, resume and loop detection.
 */
import { paginated, type paths } from "@junction/openapi-types";
import { errorFromResult, JunctionConfigError, type PageLocation, PaginationLoopError } from "./errors.js";
import { type PaginationInfo, pagingStyle } from "./page-styles.js";
import type {
  Page,
  PageBody,
  PageItem,
  PaginatedMethod,
  PaginatedPath,
  PaginateInit,
  PaginateOptions,
  Paginator,
} from "./paginate-types.js";

/** An entry of a paging table: the generated `paginated` or a test's own. */
export type PagingEntry = PaginationInfo;

/** What the paginator needs from a client: openapi-fetch's `request`. */
export interface RequestingClient {
  // biome-ignore lint/suspicious/noExplicitAny: called with the operation's own init.
  request(method: any, url: any, init?: any): Promise<{ data?: unknown; error?: unknown; response: Response }>;
}

type Fetched<Item, Body> = { page: Page<Item, Body>; error?: undefined } | { page?: undefined; error: unknown };

function lookup(table: Record<string, PagingEntry>, method: string, path: string): PagingEntry {
  const entry = table[`${method.toLowerCase()} ${path}`];
  if (entry) return entry;
  throw new TypeError(
    `${method.toUpperCase()} ${path} does not page (or is not an operation of this API), so it cannot be paginated; ` +
      "call it directly. The operations that page are the keys of `paginated` in @junction/openapi-types.",
  );
}

function checkOptions(options: PaginateOptions): void {
  const { maxPages, prefetch } = options;
  if (
    maxPages !== undefined &&
    !(Number.isInteger(maxPages) && maxPages > 0) &&
    maxPages !== Number.POSITIVE_INFINITY
  ) {
    throw new JunctionConfigError("maxPages", `maxPages must be a positive integer, got ${String(maxPages)}.`);
  }
  if (prefetch !== undefined && !(Number.isInteger(prefetch) && prefetch >= 0)) {
    throw new JunctionConfigError(
      "prefetch",
      `prefetch must be a whole number of pages (0 turns it off), got ${String(prefetch)}.`,
    );
  }
  if (options.startToken != null && typeof options.startToken !== "string") {
    throw new JunctionConfigError(
      "startToken",
      `startToken must be a string saved from Page.nextToken, got ${typeof options.startToken}.`,
    );
  }
}

/** Builds the paginator of one operation. Exported for clients of other specs (tests use a fixture spec). */
export function createPaginator<Item, Body>(
  client: RequestingClient,
  table: Record<string, PagingEntry>,
  method: string,
  path: string,
  // biome-ignore lint/suspicious/noExplicitAny: the operation's init, typed by the caller's signature.
  init: any,
  options: PaginateOptions = {},
): Paginator<Item, Body> {
  const entry = lookup(table, method, path);
  const style = pagingStyle(entry);
  checkOptions(options);
  const operation = `${method.toUpperCase()} ${path}`;
  const { startToken } = options;
  if (typeof startToken === "string" && startToken !== "" && !style.accepts(startToken)) {
    throw new JunctionConfigError(
      "startToken",
      `startToken "${startToken.slice(0, 40)}" is not a position of ${operation} (${entry.style} paging).`,
    );
  }
  const maxPages = options.maxPages ?? Number.POSITIVE_INFINITY;
  const depth = options.prefetch ?? 1;
  const firstToken = startToken ? startToken : style.startOf(init);
  let checkpoint: string | null | undefined;
  const lowerMethod = method.toLowerCase();

  async function fetchPage(
    token: string | null,
    pageIndex: number,
    signal: AbortSignal | undefined,
  ): Promise<Page<Item, Body>> {
    const at: PageLocation = { operation, pageIndex, resumeToken: token };
    try {
      // The caller's request at this page: a style may hand back the caller's own init for the first page,
      // so the signal goes on a copy.
      const moved = style.requestAt(init, token);
      const request = signal ? { ...moved, signal } : moved;
      const result = await client.request(lowerMethod, path, request);
      if (result.error !== undefined || !result.response.ok) {
        throw errorFromResult(result, { method: method.toUpperCase(), path });
      }
      const { items, next } = style.read(result.data, token, init, at);
      return {
        items: items as Item[],
        token,
        nextToken: next,
        index: pageIndex,
        body: result.data as Body,
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
          if (next !== null && seen.has(next)) {
            // The page that points back is not handed over: its checkpoint would be the loop's token, and
            // resuming from its own token refetches it without writing anything twice.
            ended = true;
            const at = { operation, pageIndex: index, resumeToken: page.token };
            deliver({ error: new PaginationLoopError(at) });
            return;
          }
          if (next === null) ended = true;
          else {
            seen.add(next);
            token = next;
          }
          deliver({ page });
          if (ended && waiters.length > 0) close();
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

/** The generated paging table, typed for `paginate`'s signature. */
type Paginated = typeof paginated;

/**
 * Walks every page of a paginated operation of the Junction API, in whichever of the four styles it
 * pages. Only operations that page (see `paginated`) are accepted; `init` is the operation's request
 * and items are typed.
 *
 * @example
 * for await (const user of paginate(client, "GET", "/v2/user", {})) {}
 */
export function paginate<M extends PaginatedMethod<Paginated>, P extends PaginatedPath<M, Paginated>>(
  client: RequestingClient,
  method: M,
  path: P,
  init: PaginateInit<paths, M, P>,
  options?: PaginateOptions,
): Paginator<PageItem<paths, Paginated, M, P>, PageBody<paths, M, P>> {
  return createPaginator(client, paginated as Record<string, PagingEntry>, method, path, init, options);
}
