/**
 * Paging against the stateful bulk-export mock behind `prism proxy --errors`: every request and
 * response of these tests is validated against openapi/junction.yaml.
 */

import { createServer } from "node:http";
import { join } from "node:path";
import { expectedConnections, type MockServer, startMockServer, startPrism } from "@junction/mock-server";
import type { ConnectionRecipe } from "@junction/openapi-types";
import createClient from "openapi-fetch";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { createJunctionClient, PaginationLoopError } from "../src/index.js";
import { createPaginator, type PagingEntry } from "../src/paginate.js";
import { paginated as fixturePaging } from "./fixtures/generated/runtime.js";

const data = { connections: 3000, seed: 7 };
const pageSize = 100;
const apiKey = "test-key";
const fastRetries = { initialRetryDelayMs: 1, maxRetryDelayMs: 50 };

const userIdsOf = (connections: ConnectionRecipe[]) => connections.map((c) => c.user_id);
/** Every connection exactly once, in order: compares user ids, which are unique. */
function expectExactlyOnce(received: ConnectionRecipe[], expected: ConnectionRecipe[]): void {
  expect(received.length).toBe(expected.length);
  expect(new Set(userIdsOf(received)).size).toBe(received.length);
  expect(received).toEqual(expected);
}

let mock: MockServer;
beforeAll(async () => {
  mock = await startMockServer({ ...data, pageSize, fallbackToPrism: false });
});
afterAll(() => mock?.close());

const client = () => createJunctionClient({ baseUrl: mock.url, apiKey, ...fastRetries });
const exportAll = (provider: string, userIds?: string[]) =>
  client().paginate("POST", "/v2/link/bulk_export", { body: { provider, user_ids: userIds ?? null } });

describe("bulk export through the validating proxy", () => {
  it("streams no connection when the provider has none", async () => {
    expect(await exportAll("runkeeper").toArray()).toEqual([]);
  });

  it("streams a single connection", async () => {
    const one = expectedConnections({ ...data, provider: "garmin" }).slice(0, 1);
    expectExactlyOnce(await exportAll("garmin", userIdsOf(one)).toArray(), one);
  });

  it("streams exactly one full page", async () => {
    const page = expectedConnections({ ...data, provider: "fitbit" }).slice(0, pageSize);
    const pages = [];
    for await (const p of exportAll("fitbit", userIdsOf(page)).pages()) pages.push(p);
    expect(pages.flatMap((p) => p.items)).toEqual(page);
    expect(pages.at(-1)?.nextToken).toBeNull();
  });

  it("streams many pages, every connection exactly once", async () => {
    const expected = expectedConnections({ ...data, provider: "fitbit" });
    expect(expected.length).toBeGreaterThan(5 * pageSize);
    const received: ConnectionRecipe[] = [];
    for await (const connection of exportAll("fitbit")) received.push(connection);
    expectExactlyOnce(received, expected);
    expect(mock.stats.backend.pages).toBeGreaterThan(5);
  });

  it("resumes from a checkpoint with no gap and no duplicate", async () => {
    const expected = expectedConnections({ ...data, provider: "garmin" });
    const first = client().paginate("POST", "/v2/link/bulk_export", { body: { provider: "garmin" } }, { maxPages: 3 });
    const part1: ConnectionRecipe[] = [];
    let checkpoint: string | null = null;
    for await (const page of first.pages()) {
      part1.push(...page.items);
      checkpoint = page.nextToken;
    }
    expect(part1).toHaveLength(3 * pageSize);
    expect(checkpoint).toEqual(expect.any(String));
    const rest = await client()
      .paginate("POST", "/v2/link/bulk_export", { body: { provider: "garmin" } }, { startToken: checkpoint })
      .toArray();
    expectExactlyOnce([...part1, ...rest], expected);
  });

  it("stops after maxPages", async () => {
    const items = await client()
      .paginate("POST", "/v2/link/bulk_export", { body: { provider: "fitbit" } }, { maxPages: 2 })
      .toArray();
    expect(items).toEqual(expectedConnections({ ...data, provider: "fitbit" }).slice(0, 2 * pageSize));
  });

  it("stops at once when aborted mid-stream", async () => {
    const controller = new AbortController();
    const before = mock.stats.backend.requests;
    let seen = 0;
    const error = await (async () => {
      for await (const _ of client().paginate(
        "POST",
        "/v2/link/bulk_export",
        { body: { provider: "fitbit" } },
        { signal: controller.signal },
      )) {
        if (++seen === 150) controller.abort(new Error("stop here"));
      }
    })().catch((e) => e);
    expect(error).toBeInstanceOf(Error);
    expect(error.message).toBe("stop here");
    expect(seen).toBe(150);
    await new Promise((r) => setTimeout(r, 100));
    expect(mock.stats.backend.requests - before).toBeLessThanOrEqual(3);
  });

  it("surfaces a rejected token as a ValidationError carrying the token to resume from", async () => {
    const error = await client()
      .paginate("POST", "/v2/link/bulk_export", { body: { provider: "fitbit" } }, { startToken: "forged-token" })
      .toArray()
      .catch((e) => e);
    expect(error.name).toBe("ValidationError");
    expect(error.status).toBe(422);
    expect(error.resumeToken).toBe("forged-token");
  });
});

describe("empty pages that carry a token", () => {
  let sparse: MockServer;
  beforeAll(async () => {
    sparse = await startMockServer({ ...data, pageSize, emptyPageEvery: 2, fallbackToPrism: false });
  });
  afterAll(() => sparse?.close());

  it("are followed, not taken for the end", async () => {
    const pages = [];
    const paginator = createJunctionClient({ baseUrl: sparse.url, apiKey }).paginate("POST", "/v2/link/bulk_export", {
      body: { provider: "oura" },
    });
    for await (const page of paginator.pages()) pages.push(page);
    expect(pages.filter((p) => p.items.length === 0 && p.nextToken !== null).length).toBeGreaterThan(1);
    expectExactlyOnce(
      pages.flatMap((p) => p.items),
      expectedConnections({ ...data, provider: "oura" }),
    );
  });
});

describe("injected faults at a high rate", () => {
  let faulty: MockServer;
  beforeAll(async () => {
    faulty = await startMockServer({
      ...data,
      pageSize,
      fallbackToPrism: false,
      // The first five requests get one fault of each kind, then 40% of requests get one.
      faults: { failFirst: 5, rate: 0.4, kinds: ["500", "502", "503", "429", "reset"], retryAfterMs: 5, seed: 3 },
    });
  });
  afterAll(() => faulty?.close());

  it("still yields every connection exactly once", async () => {
    const junction = createJunctionClient({ baseUrl: faulty.url, apiKey, maxRetries: 12, ...fastRetries });
    const received = await junction
      .paginate("POST", "/v2/link/bulk_export", { body: { provider: "fitbit" } }, { prefetch: 2 })
      .toArray();
    expectExactlyOnce(received, expectedConnections({ ...data, provider: "fitbit" }));
    const faults = faulty.stats.faults?.faults;
    for (const kind of ["500", "502", "503", "429", "reset"] as const) expect(faults?.[kind]).toBeGreaterThan(0);
  });
});

describe("against the plain Prism mock", () => {
  it("stops at once with PaginationLoopError: the static mock returns the same token forever", async () => {
    let requests = 0;
    const junction = createJunctionClient({
      baseUrl: inject("prismUrl"),
      apiKey,
      fetch: (url, init) => {
        requests++;
        return fetch(url, init);
      },
    });
    const error = await junction
      .paginate("POST", "/v2/link/bulk_export", { body: { provider: "oura" } })
      .toArray()
      .catch((e) => e);
    expect(error).toBeInstanceOf(PaginationLoopError);
    expect(error.operation).toBe("POST /v2/link/bulk_export");
    expect(requests).toBe(2);
  });
});

describe("a grouped cursor operation of a fixture spec, behind a validating Prism proxy", () => {
  const fixture = join(import.meta.dirname, "fixtures/paging-api.yaml");
  const sources = ["oura", "fitbit"];
  const groups = Array.from({ length: 23 }, (_, i) => ({ source: sources[i % 2] as string, data: [i] }));
  let upstream: ReturnType<typeof createServer>;
  let proxy: Awaited<ReturnType<typeof startPrism>>;

  beforeAll(async () => {
    upstream = createServer((req, res) => {
      const url = new URL(req.url ?? "/", "http://x");
      const from = Number(url.searchParams.get("next_cursor")?.replace("c", "") ?? 0);
      const next = from + 5 < groups.length ? `c${from + 5}` : null;
      const page: Record<string, typeof groups> = {};
      for (const group of groups.slice(from, from + 5)) page[group.source] = [...(page[group.source] ?? []), group];
      res.setHeader("content-type", "application/json");
      res.end(JSON.stringify({ groups: page, next_cursor: next }));
    });
    await new Promise<void>((r) => upstream.listen(0, "127.0.0.1", r));
    const address = upstream.address();
    const port = typeof address === "object" && address ? address.port : 0;
    proxy = await startPrism({ spec: fixture, mode: "proxy", upstream: `http://127.0.0.1:${port}` });
  });
  afterAll(async () => {
    await proxy?.close();
    upstream?.close();
  });

  it("is detected by the generator and paged through its cursor, yielding every group", async () => {
    const table: Record<string, PagingEntry> = fixturePaging;
    expect(table["get /v2/timeseries/{user_id}/steps/grouped"]).toMatchObject({ style: "cursor", grouped: true });
    const api = createClient({ baseUrl: proxy.url, headers: { "x-vital-api-key": "k" } });
    const pages = [];
    const paginator = createPaginator(api, table, "GET", "/v2/timeseries/{user_id}/steps/grouped", {
      params: { path: { user_id: "u1" } },
    });
    for await (const page of paginator.pages()) pages.push(page);
    expect(pages.map((p) => p.token)).toEqual([null, "c5", "c10", "c15", "c20"]);
    const received = pages.flatMap((p) => p.items as typeof groups);
    expect(received.map((g) => g.data[0]).sort((a, b) => (a ?? 0) - (b ?? 0))).toEqual(groups.map((g) => g.data[0]));
  });
});
