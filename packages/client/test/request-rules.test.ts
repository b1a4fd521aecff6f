/**
 * The spec's per-route rules: binary responses read as Blobs, idempotency keys that make a POST
 * retryable, and the request body limit. Routes come from the generated tables (vendored spec) or
 * from the fixture spec, never restated.
 */
import { requestRules } from "@junction/openapi-types";
import { describe, expect, it } from "vitest";
import { createJunctionClient, RequestTooLargeError } from "../src/index.js";
import { createRequestRules } from "../src/request-rules.js";
import { requestRules as fixtureRules } from "./fixtures/generated/runtime.js";
import { apiKey, json, stubsClosedAfterEach } from "./helpers.js";

const stub = stubsClosedAfterEach();
const fast = { apiKey, initialRetryDelayMs: 1, maxRetryDelayMs: 50 };
// biome-ignore lint/suspicious/noExplicitAny: routes of the vendored spec are called untyped here.
type Untyped = (path: string, init?: any) => Promise<{ data?: unknown; error?: unknown; response: Response }>;

/** A concrete URL path for a template: every `{param}` becomes `x1`. */
const concrete = (template: string) => template.replace(/\{[^}]+\}/g, "x1");
const routesWith = (key: "parseAs" | "idempotencyKeyHeader") =>
  Object.entries(requestRules)
    .filter(([, rule]) => rule[key] !== undefined)
    .map(([route, rule]) => {
      const [method, path] = route.split(" ") as [string, string];
      return { method: method.toUpperCase(), path, rule };
    });

describe("binary responses", () => {
  const binary = routesWith("parseAs").filter((r) => r.rule.parseAs === "blob");

  it.skipIf(binary.length === 0)("come back as a Blob without asking, for every binary route of the spec", async () => {
    const pdf = Buffer.from("%PDF-1.7 fixture");
    const server = await stub((_, res) => {
      res.writeHead(200, { "content-type": "application/pdf", "content-length": pdf.length });
      res.end(pdf);
    });
    const client = createJunctionClient({ ...fast, baseUrl: server.url });
    const call = client as unknown as Record<string, Untyped>;
    for (const { method, path } of binary) {
      const params = { path: Object.fromEntries([...path.matchAll(/\{([^}]+)\}/g)].map((m) => [m[1], "x1"])) };
      const { data, response } = await (call[method] as Untyped)(path, { params });
      expect(response.status).toBe(200);
      expect(data).toBeInstanceOf(Blob);
      expect(Buffer.from(await (data as Blob).arrayBuffer())).toEqual(pdf);
    }
    expect(server.seen.map((s) => s.url)).toEqual(binary.map((r) => concrete(r.path)));
    expect(server.seen.map((s) => s.headers.accept)).toEqual(binary.map((r) => r.rule.accept));
  });

  it("a caller's own parseAs wins", () => {
    const apply = createRequestRules(fixtureRules);
    expect(apply("GET", "/v3/order/{order_id}/result/pdf", {})).toEqual({
      parseAs: "blob",
      params: { header: { accept: "application/pdf" } },
    });
    const own = { headers: { Accept: "*/*" } };
    expect(apply("GET", "/v3/order/{order_id}/result/pdf", own)).toEqual({
      parseAs: "blob",
      headers: { Accept: "*/*" },
    });
    expect(apply("GET", "/v3/order/{order_id}/result/pdf", { parseAs: "stream" }).parseAs).toBe("stream");
    const plain = { params: { path: { order_id: "o" } } };
    expect(apply("GET", "/v3/orders", plain)).toBe(plain);
  });
});

describe("idempotency keys", () => {
  const keyed = routesWith("idempotencyKeyHeader");

  it.skipIf(keyed.length === 0)(
    "are generated per call, kept across its retries, and make a POST retryable",
    async () => {
      const route = keyed[0] as (typeof keyed)[number];
      const header = String(route.rule.idempotencyKeyHeader).toLowerCase();
      const server = await stub((_, res, __, i) =>
        i % 2 === 0 ? json(res, 500, { detail: "busy" }) : json(res, 200, {}),
      );
      const client = createJunctionClient({ ...fast, baseUrl: server.url, idempotentOperations: [] });
      const call = (client as unknown as Record<string, Untyped>)[route.method] as Untyped;
      const params = { path: Object.fromEntries([...route.path.matchAll(/\{([^}]+)\}/g)].map((m) => [m[1], "x1"])) };
      const first = await call(route.path, { params, body: {} });
      const second = await call(route.path, { params, body: {} });
      expect([first.response.status, second.response.status]).toEqual([200, 200]);
      const keys = server.seen.map((s) => s.headers[header]);
      expect(server.seen).toHaveLength(4);
      expect(keys[0]).toMatch(/^[0-9a-f-]{32,36}$/);
      // One key per logical call, the same on its retry; a new call gets a new key.
      expect(keys[1]).toBe(keys[0]);
      expect(keys[2]).toBe(keys[3]);
      expect(keys[2]).not.toBe(keys[0]);
    },
  );

  it("a caller's own key is kept, whatever its header's case", () => {
    const apply = createRequestRules(fixtureRules);
    const init = { params: { path: { order_id: "o" }, header: { "x-idempotency-key": "mine" } }, body: { slot: "a" } };
    const applied = apply("POST", "/v3/order/{order_id}/book", init);
    expect(applied.params.header).toEqual({ "x-idempotency-key": "mine" });
    expect(applied.idempotent).toBe(true);
    expect(apply("POST", "/v3/order/{order_id}/book", { ...init, idempotent: false }).idempotent).toBe(false);
    expect(init.params.header).toEqual({ "x-idempotency-key": "mine" });
  });
});

describe("x-max-req-body-size", () => {
  it("refuses a larger body before sending it, saying what to do", () => {
    const apply = createRequestRules(fixtureRules);
    const ok = { params: { path: { order_id: "o" } }, body: { slot: "a" } };
    expect(apply("POST", "/v3/order/{order_id}/book", ok).body).toEqual({ slot: "a" });
    const big = { ...ok, body: { slot: "é".repeat(40) } };
    let error: unknown;
    try {
      apply("POST", "/v3/order/{order_id}/book", big);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(RequestTooLargeError);
    expect(error).toMatchObject({ method: "POST", path: "/v3/order/{order_id}/book", bytes: 91, maxBytes: 64 });
    expect(String((error as Error).message)).toMatch(/91 bytes, more than the 64 bytes the API accepts/);
  });
});
