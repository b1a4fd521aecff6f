import type { paths } from "@junction/openapi-types";
import { paginated } from "@junction/openapi-types";
import createClient from "openapi-fetch";
import { describe, expect, it } from "vitest";
import { createJunctionClient } from "../src/index.js";
import { backoffMs, defaultIdempotentOperations, idempotencyTest, neverSent, parseRetryAfterMs } from "../src/retry.js";
import { createTransport, fromRequest, type TransportConfig } from "../src/transport.js";
import { apiKey, bulkExport, page } from "./helpers.js";

const body = { provider: "oura" } as const;

/** A client over the transport with an injected fetch and a recording sleep: no real waiting. */
function harness(answers: (() => Response)[], overrides: Partial<TransportConfig> = {}) {
  const sleeps: number[] = [];
  const sent: { url: string; init: RequestInit; key: string | null }[] = [];
  const transport = createTransport({
    baseUrl: "https://api.example.test",
    origin: "https://api.example.test",
    apiKey,
    mask: [apiKey],
    credentialHeaders: [],
    timeoutMs: 60_000,
    maxResponseBytes: 64 * 1024 * 1024,
    maxRetries: 3,
    initialRetryDelayMs: 500,
    maxRetryDelayMs: 60_000,
    retryNonIdempotent: "safe",
    isIdempotent: idempotencyTest(defaultIdempotentOperations),
    log: undefined,
    random: () => 0,
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    fetch: async (url, init) => {
      sent.push({ url, init, key: new Headers(init.headers).get("x-vital-api-key") });
      const answer = answers[sent.length - 1];
      if (!answer) throw new Error("no more answers");
      return answer();
    },
    ...overrides,
  });
  const client = createClient<paths>({
    baseUrl: "https://api.example.test",
    fetch: fromRequest(transport),
  });
  return { client, sleeps, sent };
}
const status =
  (code: number, headers: Record<string, string> = {}) =>
  () =>
    new Response("{}", { status: code, headers });
const ok = () => Response.json(page());

describe("retry delays (injected sleep)", () => {
  it("backs off exponentially from initialRetryDelayMs", async () => {
    const h = harness([status(500), status(502), status(504), ok]);
    await h.client.POST(bulkExport, { body });
    expect(h.sleeps).toEqual([500, 1000, 2000]);
  });

  it("jitter takes off at most 25%", () => {
    expect(backoffMs(1, 500, 60_000, () => 0)).toBe(500);
    expect(backoffMs(1, 500, 60_000, () => 0.999_999)).toBeCloseTo(375, 3);
    expect(backoffMs(10, 500, 8000, () => 0)).toBe(8000);
  });

  it("Retry-After in seconds", async () => {
    const h = harness([status(429, { "retry-after": "2" }), ok]);
    await h.client.POST(bulkExport, { body });
    expect(h.sleeps).toEqual([2000]);
  });

  it("Retry-After as an HTTP date", async () => {
    const date = new Date(Date.now() + 10_000).toUTCString();
    const h = harness([status(503, { "retry-after": date }), ok]);
    await h.client.POST(bulkExport, { body });
    expect(h.sleeps).toHaveLength(1);
    // HTTP dates have whole seconds: somewhere in (9 s, 10 s].
    expect(h.sleeps[0]).toBeGreaterThan(8_900);
    expect(h.sleeps[0]).toBeLessThanOrEqual(10_000);
  });

  it("retry-after-ms wins over Retry-After", async () => {
    const h = harness([status(429, { "retry-after-ms": "1234", "retry-after": "5" }), ok]);
    await h.client.POST(bulkExport, { body });
    expect(h.sleeps).toEqual([1234]);
  });

  it("a wait beyond maxRetryDelayMs is not taken", async () => {
    const h = harness([status(429, { "retry-after": "61" }), ok]);
    const { response } = await h.client.POST(bulkExport, { body });
    expect(response.status).toBe(429);
    expect(h.sleeps).toEqual([]);
  });

  it("parses what servers send", () => {
    const now = Date.parse("2026-01-01T00:00:00Z");
    const at = (value: Record<string, string>) => parseRetryAfterMs(new Headers(value), now);
    expect(at({ "retry-after": "0" })).toBe(0);
    expect(at({ "retry-after": "1.5" })).toBe(1500);
    expect(at({ "retry-after": "Thu, 01 Jan 2026 00:00:30 GMT" })).toBe(30_000);
    expect(at({ "retry-after": "Wed, 31 Dec 2025 00:00:30 GMT" })).toBe(0);
    expect(at({ "retry-after": "soon" })).toBeUndefined();
    expect(at({ "retry-after": "-3" })).toBeUndefined();
    expect(at({ "retry-after-ms": "250" })).toBe(250);
    expect(at({})).toBeUndefined();
  });
});

describe("the API key", () => {
  it("is added beneath openapi-fetch, to the configured origin", async () => {
    const h = harness([ok]);
    await h.client.POST(bulkExport, { body });
    expect(h.sent[0]?.key).toBe(apiKey);
    expect(h.sent[0]?.url).toBe("https://api.example.test/v2/link/bulk_export");
    expect(h.sent[0]?.init.redirect).toBe("manual");
  });

  it("is not sent when a per-call baseUrl points at another origin", async () => {
    const h = harness([ok]);
    await h.client.POST(bulkExport, { body, baseUrl: "https://api.example.test.evil.test" });
    expect(h.sent[0]?.url).toBe("https://api.example.test.evil.test/v2/link/bulk_export");
    expect(h.sent[0]?.key).toBeNull();
  });
});

describe("classifying failures", () => {
  it("knows which transport errors mean the request was never sent", () => {
    const wrap = (code: string) =>
      Object.assign(new TypeError("fetch failed"), { cause: Object.assign(new Error(code), { code }) });
    expect(neverSent(wrap("ECONNREFUSED"))).toBe(true);
    expect(neverSent(wrap("ENOTFOUND"))).toBe(true);
    expect(neverSent(wrap("ECONNRESET"))).toBe(false);
    expect(neverSent(wrap("UND_ERR_SOCKET"))).toBe(false);
    expect(neverSent(new TypeError("Failed to fetch"))).toBe(false);
    const aggregate = Object.assign(new TypeError("fetch failed"), {
      cause: new AggregateError([
        Object.assign(new Error("a"), { code: "ECONNREFUSED" }),
        Object.assign(new Error("b"), { code: "ECONNREFUSED" }),
      ]),
    });
    expect(neverSent(aggregate)).toBe(true);
  });

  it("treats GET/PUT/DELETE as idempotent and only the listed POSTs", () => {
    const test = idempotencyTest(defaultIdempotentOperations);
    // The default is every operation the spec pages (read from the generated table, not restated).
    expect(defaultIdempotentOperations).toEqual(
      Object.keys(paginated).map((r) => r.replace(/^\w+/, (m) => m.toUpperCase())),
    );
    expect(defaultIdempotentOperations).toContain("POST /v2/link/bulk_export");
    expect(test("GET", "/anything")).toBe(true);
    expect(test("DELETE", "/anything")).toBe(true);
    expect(test("POST", "/v2/link/bulk_export")).toBe(true);
    expect(test("POST", "/v2/link/not_paging")).toBe(false);
    expect(test("PATCH", "/v2/link/bulk_export")).toBe(false);
  });
});

describe("per-call fetch", () => {
  it("runs beneath the client's key and retries, called with a real Request", async () => {
    const seen: Request[] = [];
    const client = createJunctionClient({ apiKey, baseUrl: "https://api.example.test", initialRetryDelayMs: 1 });
    const { data } = await client.POST(bulkExport, {
      body,
      fetch: async (request: Request) => {
        seen.push(request);
        return seen.length === 1 ? new Response("", { status: 503 }) : Response.json(page());
      },
    });
    expect(data?.data).toHaveLength(1);
    expect(seen).toHaveLength(2);
    expect(seen[0]).toBeInstanceOf(Request);
    expect(seen[1]?.headers.get("x-vital-api-key")).toBe(apiKey);
    expect(await seen[1]?.json()).toEqual(body);
  });
});
