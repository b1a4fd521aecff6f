/** The four paging styles, each on an in-memory server: positions sent, where walks end, protocol faults. */
import { describe, expect, it } from "vitest";
import { PaginationProtocolError } from "../src/errors.js";
import { createPaginator, type PagingEntry, type RequestingClient } from "../src/paginate.js";
import { paginated } from "./fixtures/generated/runtime.js";

type Query = Record<string, unknown>;
type Answer = (query: Query, body: Record<string, unknown> | undefined) => unknown;

/** A client whose every response body comes from `answer`; records each request's query and body. */
function server(answer: Answer) {
  const requests: { query: Query; body?: Record<string, unknown> }[] = [];
  const client: RequestingClient = {
    async request(_method, _path, init) {
      const query = { ...init?.params?.query };
      requests.push({ query, body: init?.body });
      return { data: answer(query, init?.body), response: new Response("{}") };
    },
  };
  return { client, requests };
}

const users = Array.from({ length: 23 }, (_, i) => ({ id: i }));

// The fixture spec's generated paging table: one operation of each style.
const table: Record<string, PagingEntry> = paginated;

/** `GET /v2/user` over `users`; `cap` is the largest limit the server honours. */
const offsetServer = (opts: { cap?: number; total?: boolean } = {}) =>
  server((query) => {
    const offset = Number(query.offset ?? 0);
    const limit = Math.min(Number(query.limit ?? 100), opts.cap ?? 100);
    const page = users.slice(offset, offset + limit);
    return opts.total === false ? { users: page, offset, limit } : { users: page, total: users.length, offset, limit };
  });

const pageServer = (size = 10) =>
  server((query) => {
    const page = Number(query.page ?? 1);
    const n = Number(query.size ?? size);
    return { orders: users.slice((page - 1) * n, page * n), total: users.length, page, size: n };
  });

const walk = (client: RequestingClient, route: string, init: unknown = {}, options = {}) => {
  const [method, path] = route.split(" ") as [string, string];
  return createPaginator(client, table, method.toUpperCase(), path, init, options);
};

describe("offset and limit", () => {
  it("walks until total, sending each page's offset", async () => {
    const { client, requests } = offsetServer();
    const items = await walk(client, "get /v2/user", { params: { query: { limit: 10 } } }).toArray();
    expect(items).toEqual(users);
    expect(requests.map((r) => r.query)).toEqual([{ limit: 10 }, { limit: 10, offset: 10 }, { limit: 10, offset: 20 }]);
  });

  it("follows the limit the server says it used, not the one asked for", async () => {
    const { client, requests } = offsetServer({ cap: 5 });
    expect(await walk(client, "get /v2/user", { params: { query: { limit: 50 } } }).toArray()).toEqual(users);
    expect(requests).toHaveLength(5);
  });

  it("ends on a short page when there is no total", async () => {
    const { client, requests } = offsetServer({ total: false });
    expect(await walk(client, "get /v2/user", { params: { query: { limit: 10 } } }).toArray()).toEqual(users);
    expect(requests).toHaveLength(3);
  });

  it("resumes from a saved offset with no gap and no duplicate", async () => {
    const { client } = offsetServer();
    const first = walk(client, "get /v2/user", { params: { query: { limit: 10 } } }, { maxPages: 1 });
    const part1 = await first.toArray();
    const pages = [];
    for await (const page of first.pages()) pages.push(page);
    expect(pages[0]?.nextToken).toBe("10");
    const part2 = await walk(
      client,
      "get /v2/user",
      { params: { query: { limit: 10 } } },
      { startToken: "10" },
    ).toArray();
    expect([...part1, ...part2]).toEqual(users);
  });
});

describe("page and size", () => {
  it("with a signal, leaves the caller's request as it was", async () => {
    const { client } = pageServer();
    const init = { params: { query: { size: 10 } } };
    const controller = new AbortController();
    await walk(client, "get /v3/orders", init, { signal: controller.signal }).toArray();
    expect(init).toEqual({ params: { query: { size: 10 } } });
  });
  it("walks pages from the first until total", async () => {
    const { client, requests } = pageServer();
    expect(await walk(client, "get /v3/orders", { params: { query: { size: 10 } } }).toArray()).toEqual(users);
    expect(requests.map((r) => r.query.page)).toEqual([undefined, 2, 3]);
  });

  it("ends on an empty page, and on a page exactly at total", async () => {
    const empty = server(() => ({ orders: [], total: null, page: 1, size: 10 }));
    expect(await walk(empty.client, "get /v3/orders").toArray()).toEqual([]);
    expect(empty.requests).toHaveLength(1);
    const exact = server((query) => ({ orders: users.slice(0, 10), total: 10, page: query.page ?? 1, size: 10 }));
    expect(await walk(exact.client, "get /v3/orders").toArray()).toHaveLength(10);
    expect(exact.requests).toHaveLength(1);
  });

  it("starts at the caller's page, or at a checkpoint", async () => {
    const { client, requests } = pageServer();
    expect(await walk(client, "get /v3/orders", { params: { query: { page: 3, size: 10 } } }).toArray()).toEqual(
      users.slice(20),
    );
    expect(await walk(client, "get /v3/orders", {}, { startToken: "2" }).toArray()).toEqual(users.slice(10));
    expect(requests.map((r) => r.query.page)).toEqual([3, 2, 3]);
  });
});

describe("grouped cursor", () => {
  it("yields every group of every provider, page after page", async () => {
    const { client, requests } = server((query) =>
      query.next_cursor
        ? { groups: { oura: [{ g: 3 }] }, next_cursor: null }
        : { groups: { oura: [{ g: 1 }], fitbit: [{ g: 2 }] }, next_cursor: "c1" },
    );
    expect(await walk(client, "get /v2/timeseries/{user_id}/steps/grouped").toArray()).toEqual([
      { g: 1 },
      { g: 2 },
      { g: 3 },
    ]);
    expect(requests.map((r) => r.query.next_cursor)).toEqual([undefined, "c1"]);
  });
});

describe("a page that breaks the paging contract stops the walk with PaginationProtocolError", () => {
  it.each([
    ["a numeric token", "post /v2/link/bulk_export", { data: [{}], next_token: 12345 }, "next_token"],
    ["an object token", "post /v2/link/bulk_export", { data: [{}], next_token: { t: 1 } }, "next_token"],
    ["no items field", "post /v2/link/bulk_export", { next_token: "t" }, "data"],
    ["null items", "post /v2/link/bulk_export", { data: null, next_token: null }, "data"],
    ["items that are not a list", "get /v2/user", { users: {}, total: 1 }, "users"],
    ["a total that is not a number", "get /v2/user", { users: [{}], total: "many" }, "total"],
    [
      "groups that are not lists",
      "get /v2/timeseries/{user_id}/steps/grouped",
      { groups: { oura: 1 }, next_cursor: null },
      "groups.oura",
    ],
    ["a body that is not an object", "get /v3/orders", "<html>", "(body)"],
  ])("%s", async (_, route, page, field) => {
    const { client } = server(() => page);
    const received: unknown[] = [];
    const error = await (async () => {
      for await (const item of walk(client, route)) received.push(item);
    })().catch((e) => e);
    expect(error).toBeInstanceOf(PaginationProtocolError);
    const [method, path] = route.split(" ") as [string, string];
    expect(error).toMatchObject({
      field,
      pageIndex: 0,
      resumeToken: null,
      operation: `${method.toUpperCase()} ${path}`,
    });
    expect(error.message).toContain(`"${field}"`);
    expect(received).toEqual([]);
  });

  it("names the page and keeps the position of the faulty page for resuming", async () => {
    const { client } = server((_q, body) =>
      body?.next_token ? { data: [{ n: 2 }], next_token: 7 } : { data: [{ n: 1 }], next_token: "t1" },
    );
    const paginator = walk(client, "post /v2/link/bulk_export", { body: {} });
    const received: unknown[] = [];
    const error = await (async () => {
      for await (const item of paginator) received.push(item);
    })().catch((e) => e);
    expect(received).toEqual([{ n: 1 }]);
    expect(error).toMatchObject({ pageIndex: 1, resumeToken: "t1", field: "next_token" });
    expect(paginator.checkpoint).toBe("t1");
  });
});
