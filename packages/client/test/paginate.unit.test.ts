import { describe, expect, it } from "vitest";
import { PaginationLoopError } from "../src/errors.js";
import { createPaginator, type PagingEntry, paginate, type RequestingClient } from "../src/paginate.js";
import type { Page } from "../src/paginate-types.js";

type Item = { id: number };
type Call = { method: string; path: string; token: string | null; init: Record<string, unknown> };

/** An in-memory bulk-export: `pages` lists the item counts, tokens are "t1", "t2", ... */
function fakeServer(
  pages: number[],
  opts: { nextTokenOf?: (page: number) => string | null; failAt?: Map<number, number>; delayMs?: number } = {},
) {
  const calls: Call[] = [];
  let inFlight = 0;
  let maxInFlight = 0;
  const client: RequestingClient = {
    async request(method, path, init) {
      const token = (init.body?.next_token ?? init.params?.query?.cursor ?? null) as string | null;
      calls.push({ method, path, token, init });
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      try {
        if (opts.delayMs) {
          await new Promise((resolve, reject) => {
            const timer = setTimeout(resolve, opts.delayMs);
            init.signal?.addEventListener("abort", () => {
              clearTimeout(timer);
              reject(init.signal.reason);
            });
          });
        }
        const page = token === null ? 0 : Number(token.slice(1));
        const status = opts.failAt?.get(page);
        if (status) return { error: { detail: "boom" }, response: new Response("{}", { status }) };
        const start = pages.slice(0, page).reduce((a, b) => a + b, 0);
        const data = Array.from({ length: pages[page] ?? 0 }, (_, i) => ({ id: start + i }));
        const next = opts.nextTokenOf ? opts.nextTokenOf(page) : page + 1 < pages.length ? `t${page + 1}` : null;
        return { data: { data, next_token: next }, response: new Response("{}", { status: 200 }) };
      } finally {
        inFlight--;
      }
    },
  };
  return { client, calls, maxInFlight: () => maxInFlight };
}

const bulkExport = (client: RequestingClient, options = {}) =>
  paginate(client, "POST", "/v2/link/bulk_export", { body: { provider: "oura" } }, options);

const ids = (n: number, from = 0) => Array.from({ length: n }, (_, i) => ({ id: from + i }));

describe("paginate over a body-token operation", () => {
  it.each([
    ["no connections", [0], 0],
    ["one connection", [1], 1],
    ["exactly one full page", [100], 100],
    ["many pages", [100, 100, 100, 7], 307],
  ])("streams every item once: %s", async (_, pages, total) => {
    const server = fakeServer(pages);
    const items: Item[] = [];
    for await (const item of bulkExport(server.client)) items.push(item as unknown as Item);
    expect(items).toEqual(ids(total));
    expect(server.calls.map((c) => c.token)).toEqual(pages.map((_, i) => (i === 0 ? null : `t${i}`)));
    expect(server.calls[0]).toMatchObject({ method: "post", path: "/v2/link/bulk_export" });
  });

  it("sends the token in the body next to the caller's fields, and no token on the first page", async () => {
    const server = fakeServer([1, 1]);
    await bulkExport(server.client).toArray();
    expect(server.calls[0]?.init.body).toEqual({ provider: "oura" });
    expect(server.calls[1]?.init.body).toEqual({ provider: "oura", next_token: "t1" });
  });

  it("goes on past empty pages that carry a token", async () => {
    const server = fakeServer([0, 3, 0, 0, 2]);
    expect(await bulkExport(server.client).toArray()).toEqual(ids(5));
    expect(server.calls).toHaveLength(5);
  });

  it.each([null, undefined, ""])("ends on a next_token of %j", async (end) => {
    const server = fakeServer([2, 2, 2], { nextTokenOf: (p) => (p === 0 ? "t1" : (end as string | null)) });
    expect(await bulkExport(server.client).toArray()).toEqual(ids(4));
    expect(server.calls).toHaveLength(2);
  });

  it("stops with PaginationLoopError naming the operation when a token repeats", async () => {
    const server = fakeServer([1, 1, 1], { nextTokenOf: () => "t1" });
    const seen: Item[] = [];
    const error = await (async () => {
      for await (const item of bulkExport(server.client)) seen.push(item as unknown as Item);
    })().catch((e) => e);
    expect(error).toBeInstanceOf(PaginationLoopError);
    expect(error.operation).toBe("POST /v2/link/bulk_export");
    expect(error.message).toMatch(/POST \/v2\/link\/bulk_export/);
    expect(error.message).toMatch(/server is at fault/);
    // The page that points back is not handed over: resuming from its own token writes nothing twice.
    expect(seen).toEqual(ids(1));
    expect(error.resumeToken).toBe("t1");
    expect(server.calls).toHaveLength(2);
  });

  it("detects a loop back to the start token", async () => {
    const server = fakeServer([1, 1, 1], { nextTokenOf: () => "t1" });
    await expect(bulkExport(server.client, { startToken: "t1" }).toArray()).rejects.toBeInstanceOf(PaginationLoopError);
    expect(server.calls).toHaveLength(1);
  });

  it("stops after maxPages without error", async () => {
    const server = fakeServer([2, 2, 2, 2]);
    const paginator = bulkExport(server.client, { maxPages: 2 });
    expect(await paginator.toArray()).toEqual(ids(4));
    expect(server.calls).toHaveLength(2);
  });

  it("resumes from a checkpoint with no gap and no duplicate", async () => {
    const server = fakeServer([3, 3, 3, 1]);
    const first = bulkExport(server.client, { maxPages: 2 });
    const part1 = await first.toArray();
    let saved: string | null | undefined;
    for await (const page of first.pages()) saved = page.nextToken;
    expect(saved).toBe("t2");
    const part2 = await bulkExport(server.client, { startToken: saved }).toArray();
    expect([...part1, ...part2]).toEqual(ids(10));
  });

  it("exposes the checkpoint after each finished page, null at the end", async () => {
    const server = fakeServer([2, 2]);
    const paginator = bulkExport(server.client);
    const checkpoints: (string | null | undefined)[] = [];
    for await (const _ of paginator) checkpoints.push(paginator.checkpoint);
    expect(checkpoints).toEqual([undefined, undefined, "t1", "t1"]);
    expect(paginator.checkpoint).toBeNull();
  });

  it("gives pages with items, tokens, index, body and response", async () => {
    const server = fakeServer([2, 1]);
    const pages: Page<unknown>[] = [];
    for await (const page of bulkExport(server.client).pages()) pages.push(page);
    expect(pages.map(({ items, token, nextToken, index }) => ({ items, token, nextToken, index }))).toEqual([
      { items: ids(2), token: null, nextToken: "t1", index: 0 },
      { items: ids(1, 2), token: "t1", nextToken: null, index: 1 },
    ]);
    expect(pages[0]?.response.status).toBe(200);
    expect(pages[1]?.body).toEqual({ data: ids(1, 2), next_token: null });
  });

  it("toArray({ max }) stops fetching once it has enough", async () => {
    const server = fakeServer([2, 2, 2, 2, 2]);
    expect(await bulkExport(server.client, { prefetch: 0 }).toArray({ max: 3 })).toEqual(ids(3));
    expect(server.calls).toHaveLength(2);
  });

  it("surfaces a failed page's error with the token to resume from", async () => {
    const server = fakeServer([1, 1, 1], { failAt: new Map([[2, 500]]) });
    const seen: Item[] = [];
    const error = await (async () => {
      for await (const item of bulkExport(server.client)) seen.push(item as unknown as Item);
    })().catch((e) => e);
    expect(error.status).toBe(500);
    expect(error.resumeToken).toBe("t2");
    expect(seen).toEqual(ids(2));
  });
});

describe("prefetch", () => {
  it("fetches the next page while the caller works, keeping order and at most one request in flight", async () => {
    const server = fakeServer([2, 2, 2, 2], { delayMs: 5 });
    const order: string[] = [];
    for await (const page of bulkExport(server.client).pages()) {
      order.push(`page ${page.index}, requests so far ${server.calls.length}`);
      await new Promise((r) => setTimeout(r, 20));
    }
    // When the caller gets page N, page N+1 is already requested.
    expect(order).toEqual([
      "page 0, requests so far 2",
      "page 1, requests so far 3",
      "page 2, requests so far 4",
      "page 3, requests so far 4",
    ]);
    expect(server.maxInFlight()).toBe(1);
  });

  it("holds no more than `prefetch` pages ahead of a slow caller", async () => {
    for (const depth of [0, 1, 3]) {
      const server = fakeServer(Array(10).fill(1));
      const ahead: number[] = [];
      for await (const page of bulkExport(server.client, { prefetch: depth }).pages()) {
        await new Promise((r) => setTimeout(r, 5));
        ahead.push(server.calls.length - (page.index + 1));
      }
      expect(Math.max(...ahead)).toBe(depth);
    }
  });

  it("stops prefetching when the caller breaks early", async () => {
    const server = fakeServer(Array(10).fill(1), { delayMs: 2 });
    for await (const page of bulkExport(server.client, { prefetch: 2 }).pages()) {
      if (page.index === 1) break;
    }
    await new Promise((r) => setTimeout(r, 30));
    expect(server.calls.length).toBeLessThanOrEqual(4);
  });
});

describe("next() called again before the last call settled", () => {
  it("pages come in order, each once, and the calls past the end get done", async () => {
    const server = fakeServer([2, 2, 2], { delayMs: 2 });
    const pages = bulkExport(server.client, { prefetch: 0 }).pages();
    const results = await Promise.all([pages.next(), pages.next(), pages.next(), pages.next(), pages.next()]);
    expect(results.map((r) => (r.done ? "done" : r.value.index))).toEqual([0, 1, 2, "done", "done"]);
    expect(server.calls.map((c) => c.token)).toEqual([null, "t1", "t2"]);
  });

  it("items come in order, each once", async () => {
    const server = fakeServer([1, 0, 2, 1], { delayMs: 2 });
    const items = bulkExport(server.client)[Symbol.asyncIterator]();
    const results = await Promise.all(Array.from({ length: 6 }, () => items.next()));
    expect(results.map((r) => (r.done ? "done" : r.value))).toEqual([...ids(4), "done", "done"]);
  });

  it("a failed page rejects the call that waits for it; the calls after it get done", async () => {
    const server = fakeServer([1, 1, 1], { failAt: new Map([[1, 500]]) });
    const pages = bulkExport(server.client).pages();
    const results = await Promise.allSettled([pages.next(), pages.next(), pages.next()]);
    expect(results.map((r) => r.status)).toEqual(["fulfilled", "rejected", "fulfilled"]);
    expect((results[2] as PromiseFulfilledResult<IteratorResult<unknown>>).value.done).toBe(true);
  });
});

describe("cancellation", () => {
  it("rejects with the signal's reason and sends nothing more once aborted", async () => {
    const server = fakeServer(Array(20).fill(1), { delayMs: 5 });
    const controller = new AbortController();
    const seen: unknown[] = [];
    const error = await (async () => {
      for await (const item of bulkExport(server.client, { signal: controller.signal })) {
        seen.push(item);
        if (seen.length === 3) controller.abort(new Error("user stopped"));
      }
    })().catch((e) => e);
    expect(error.message).toBe("user stopped");
    const calls = server.calls.length;
    await new Promise((r) => setTimeout(r, 30));
    expect(server.calls.length).toBe(calls);
    expect(calls).toBeLessThanOrEqual(5);
  });

  it("rejects at once when the signal is already aborted", async () => {
    const server = fakeServer([1]);
    const signal = AbortSignal.abort(new Error("already"));
    await expect(bulkExport(server.client, { signal }).toArray()).rejects.toThrow("already");
    expect(server.calls).toHaveLength(0);
  });
});

describe("input checks", () => {
  const index: Record<string, PagingEntry> = {
    "get /v2/users": {
      style: "cursor",
      tokenParam: "cursor",
      nextTokenField: "next_cursor",
      itemsField: "users",
    },
  };
  const client: RequestingClient = {
    request: async () => ({ data: { users: [], next_cursor: null }, response: new Response("{}") }),
  };

  it("refuses an operation that does not page, naming the ones that do nearby", () => {
    expect(() => createPaginator(client, index, "GET", "/v2/users/{id}", {})).toThrow(
      "GET /v2/users/{id} does not page (or is not an operation of this API), so it cannot be paginated; call it " +
        "directly. The operations that page are the keys of `paginated` in @junction/openapi-types.",
    );
    expect(() => createPaginator(client, index, "GET", "/nope", {})).toThrow(/GET \/nope does not page/);
  });

  it("refuses a start position the style cannot resume from", () => {
    const paged: Record<string, PagingEntry> = {
      "get /v2/user": {
        style: "offset",
        offsetParam: "offset",
        limitParam: "limit",
        totalField: "total",
        itemsField: "users",
      },
    };
    expect(() => createPaginator(client, paged, "GET", "/v2/user", {}, { startToken: "abc" })).toThrow(
      'startToken "abc" is not a position of GET /v2/user (offset paging).',
    );
  });

  it("refuses bad options with a message that says what to pass", () => {
    expect(() => createPaginator(client, index, "GET", "/v2/users", {}, { maxPages: 0 })).toThrow(
      "maxPages must be a positive integer, got 0.",
    );
    expect(() => createPaginator(client, index, "GET", "/v2/users", {}, { prefetch: -1 })).toThrow(/prefetch must be/);
  });

  it("pages a query-cursor operation through the cursor parameter", async () => {
    const seen: unknown[] = [];
    const cursorClient: RequestingClient = {
      async request(_m, _p, init) {
        seen.push(init.params);
        const cursor = init.params?.query?.cursor;
        return {
          data: { users: [{ id: cursor ?? "first" }], next_cursor: cursor ? null : "c1" },
          response: new Response("{}"),
        };
      },
    };
    const users = await createPaginator(cursorClient, index, "GET", "/v2/users", {
      params: { query: { limit: 5 } },
    }).toArray();
    expect(users).toEqual([{ id: "first" }, { id: "c1" }]);
    expect(seen).toEqual([{ query: { limit: 5 } }, { query: { limit: 5, cursor: "c1" } }]);
  });
});
