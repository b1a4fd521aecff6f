import { describe, expect, it } from "vitest";
import {
  ConnectionError,
  createJunctionClient,
  InternalServerError,
  RateLimitError,
  TimeoutError,
  unwrap,
} from "../src/index.js";
import { apiKey, bulkExport, json, page, stubsClosedAfterEach } from "./helpers.js";

const stub = stubsClosedAfterEach();
const body = { provider: "oura" } as const;
// Small delays keep the suite fast; the policy is the same.
const fast = { apiKey, initialRetryDelayMs: 5, maxRetryDelayMs: 2000 };

describe("retries on the read-only bulk export (POST, paginated: resendable)", () => {
  it.each([408, 429, 500, 502, 503, 504])("retries after %i and returns the next answer", async (status) => {
    const server = await stub((_, res, __, i) =>
      i === 0 ? json(res, status, { detail: "busy" }) : json(res, 200, page()),
    );
    const client = createJunctionClient({ ...fast, baseUrl: server.url });
    const data = await unwrap(client.POST(bulkExport, { body }));
    expect(data.data).toHaveLength(1);
    expect(server.seen.map((s) => s.method)).toEqual(["POST", "POST"]);
    // The body is sent again, unchanged.
    expect(server.seen.map((s) => JSON.parse(s.body))).toEqual([body, body]);
  });

  it.each([400, 401, 403, 404, 409, 422, 501])("does not retry %i", async (status) => {
    const server = await stub((_, res) => json(res, status, { detail: "no" }));
    const client = createJunctionClient({ ...fast, baseUrl: server.url });
    const { response } = await client.POST(bulkExport, { body });
    expect(response.status).toBe(status);
    expect(server.seen).toHaveLength(1);
  });

  it("gives up after maxRetries and returns the last answer", async () => {
    const server = await stub((_, res) => json(res, 502, { detail: "bad gateway" }));
    const client = createJunctionClient({ ...fast, baseUrl: server.url, maxRetries: 3 });
    await expect(unwrap(client.POST(bulkExport, { body }))).rejects.toBeInstanceOf(InternalServerError);
    expect(server.seen).toHaveLength(4);
  });

  it("maxRetries per call overrides the client's", async () => {
    const server = await stub((_, res) => json(res, 503, {}));
    const client = createJunctionClient({ ...fast, baseUrl: server.url, maxRetries: 5 });
    const { response } = await client.POST(bulkExport, { body, maxRetries: 0 });
    expect(response.status).toBe(503);
    expect(server.seen).toHaveLength(1);
  });

  it("retries a connection reset by the server", async () => {
    const server = await stub((_, res, req, i) => (i === 0 ? req.socket.destroy() : json(res, 200, page())));
    const client = createJunctionClient({ ...fast, baseUrl: server.url });
    const { data } = await client.POST(bulkExport, { body });
    expect(data?.data[0]?.provider_id).toBe("p0");
    expect(server.seen).toHaveLength(2);
  });

  it("honours retry-after-ms (waits at least that long)", async () => {
    const server = await stub((_, res, __, i) =>
      i === 0 ? json(res, 429, {}, { "retry-after-ms": "300" }) : json(res, 200, page()),
    );
    const client = createJunctionClient({ ...fast, baseUrl: server.url });
    await unwrap(client.POST(bulkExport, { body }));
    const [first, second] = server.seen;
    expect(second && first && second.at - first.at).toBeGreaterThanOrEqual(280);
  });

  it("does not wait for a Retry-After beyond maxRetryDelayMs: returns a RateLimitError carrying it", async () => {
    const server = await stub((_, res) => json(res, 429, { detail: "slow down" }, { "retry-after": "120" }));
    const client = createJunctionClient({ ...fast, baseUrl: server.url });
    const error = await unwrap(client.POST(bulkExport, { body })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RateLimitError);
    expect((error as RateLimitError).retryAfterMs).toBe(120_000);
    expect(server.seen).toHaveLength(1);
  });
});

describe("a POST the server may have acted on is not resent", () => {
  // With no operation listed as read-only, the bulk export is an ordinary (unsafe) POST.
  const unsafe = { ...fast, idempotentOperations: [] };

  it("500 after reading the body: exactly one request", async () => {
    const server = await stub((_, res) => json(res, 500, { detail: "boom" }));
    const client = createJunctionClient({ ...unsafe, baseUrl: server.url });
    await expect(unwrap(client.POST(bulkExport, { body }))).rejects.toBeInstanceOf(InternalServerError);
    expect(server.seen).toHaveLength(1);
  });

  it("connection reset after reading the body: exactly one request, ConnectionError", async () => {
    const server = await stub((_, __, req) => req.socket.destroy());
    const client = createJunctionClient({ ...unsafe, baseUrl: server.url });
    const error = await client.POST(bulkExport, { body }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConnectionError);
    expect(server.seen).toHaveLength(1);
  });

  it("timeout: exactly one request", async () => {
    const server = await stub(() => {});
    const client = createJunctionClient({ ...unsafe, baseUrl: server.url, timeoutMs: 150 });
    await expect(client.POST(bulkExport, { body })).rejects.toBeInstanceOf(TimeoutError);
    expect(server.seen).toHaveLength(1);
  });

  it.each([429, 503])("%i says the server did not act: resent", async (status) => {
    const server = await stub((_, res, __, i) => (i === 0 ? json(res, status, {}) : json(res, 200, page())));
    const client = createJunctionClient({ ...unsafe, baseUrl: server.url });
    expect((await unwrap(client.POST(bulkExport, { body }))).data).toHaveLength(1);
    expect(server.seen).toHaveLength(2);
  });

  it('retryNonIdempotent "never": not even a 503 is resent', async () => {
    const server = await stub((_, res) => json(res, 503, {}));
    const client = createJunctionClient({ ...unsafe, baseUrl: server.url, retryNonIdempotent: "never" });
    expect((await client.POST(bulkExport, { body })).response.status).toBe(503);
    expect(server.seen).toHaveLength(1);
  });

  it('retryNonIdempotent "always" and per-call idempotent: true resend a 500', async () => {
    const server = await stub((_, res) => json(res, 500, {}));
    const always = createJunctionClient({
      ...unsafe,
      baseUrl: server.url,
      retryNonIdempotent: "always",
      maxRetries: 1,
    });
    await always.POST(bulkExport, { body });
    expect(server.seen).toHaveLength(2);
    const perCall = createJunctionClient({ ...unsafe, baseUrl: server.url, maxRetries: 1 });
    await perCall.POST(bulkExport, { body, idempotent: true });
    expect(server.seen).toHaveLength(4);
  });

  it("per-call idempotent: false turns the default read-only listing off", async () => {
    const server = await stub((_, res) => json(res, 500, {}));
    const client = createJunctionClient({ ...fast, baseUrl: server.url });
    await client.POST(bulkExport, { body, idempotent: false });
    expect(server.seen).toHaveLength(1);
  });

  it('idempotentOperations accepts "METHOD /path" with templates', async () => {
    const server = await stub((_, res) => json(res, 500, {}));
    const client = createJunctionClient({
      ...fast,
      baseUrl: server.url,
      maxRetries: 1,
      idempotentOperations: ["POST /v2/{area}/bulk_export"],
    });
    await client.POST(bulkExport, { body });
    expect(server.seen).toHaveLength(2);
    expect(() => createJunctionClient({ apiKey, idempotentOperations: ["bulk_exprot"] })).toThrow(
      'idempotentOperations: "bulk_exprot" is not "METHOD /path" (e.g. "POST /v2/link/bulk_export").',
    );
  });

  it("a refused connection is resent even for an unsafe POST (the server never saw it)", async () => {
    const calls: string[] = [];
    const refused = Object.assign(new TypeError("fetch failed"), {
      cause: Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:9"), { code: "ECONNREFUSED" }),
    });
    const client = createJunctionClient({
      ...unsafe,
      baseUrl: "https://api.example.test",
      fetch: async (url) => {
        calls.push(url);
        if (calls.length === 1) throw refused;
        return Response.json(page());
      },
    });
    expect((await unwrap(client.POST(bulkExport, { body }))).data).toHaveLength(1);
    expect(calls).toHaveLength(2);
  });
});

describe("timeouts and cancellation", () => {
  it("times out each attempt: timeoutMs 200, maxRetries 1 → two attempts, then TimeoutError", async () => {
    const server = await stub(() => {}); // never answers
    const client = createJunctionClient({ ...fast, baseUrl: server.url, timeoutMs: 200, maxRetries: 1 });
    const started = performance.now();
    const error = await client.POST(bulkExport, { body }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TimeoutError);
    expect((error as TimeoutError).timeoutMs).toBe(200);
    expect((error as Error).message).toBe("POST /v2/link/bulk_export timed out after 200 ms");
    expect(server.seen).toHaveLength(2);
    // Each attempt gets a fresh 200 ms.
    expect(performance.now() - started).toBeGreaterThanOrEqual(390);
  });

  it("a timed-out attempt is torn down: every attempt's connection is closed when it times out", async () => {
    const closedAfter: number[] = [];
    const server = await stub((_, __, req, i) => req.socket.on("close", () => closedAfter.push(i)));
    const client = createJunctionClient({ ...fast, baseUrl: server.url, timeoutMs: 150, maxRetries: 1 });
    await expect(client.POST(bulkExport, { body })).rejects.toBeInstanceOf(TimeoutError);
    expect(server.seen).toHaveLength(2);
    await new Promise((r) => setTimeout(r, 200));
    // Neither connection is left open waiting for an answer that would be dropped.
    expect(closedAfter.sort()).toEqual([0, 1]);
  });

  it("timeoutMs per call overrides the client's", async () => {
    const server = await stub(() => {});
    const client = createJunctionClient({ ...fast, baseUrl: server.url, maxRetries: 0 });
    await expect(client.POST(bulkExport, { body, timeoutMs: 100 })).rejects.toMatchObject({ timeoutMs: 100 });
  });

  it("a caller abort is not a timeout: rejects with the signal's reason, no retry", async () => {
    const server = await stub(() => {});
    const client = createJunctionClient({ ...fast, baseUrl: server.url, timeoutMs: 5000 });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    const error = await client.POST(bulkExport, { body, signal: controller.signal }).catch((e: unknown) => e);
    expect(error).not.toBeInstanceOf(TimeoutError);
    expect((error as Error).name).toBe("AbortError");
    expect(server.seen).toHaveLength(1);
  });

  it("an abort during the backoff stops at once: no further request", async () => {
    const server = await stub((_, res) => json(res, 503, {}, { "retry-after-ms": "1500" }));
    const client = createJunctionClient({ ...fast, baseUrl: server.url, maxRetries: 3 });
    const controller = new AbortController();
    const reason = new Error("user went away");
    const started = performance.now();
    const call = client.POST(bulkExport, { body, signal: controller.signal });
    await new Promise((r) => setTimeout(r, 200)); // the first 503 is in, the client is sleeping
    expect(server.seen).toHaveLength(1);
    controller.abort(reason);
    await expect(call).rejects.toBe(reason);
    expect(performance.now() - started).toBeLessThan(1000);
    await new Promise((r) => setTimeout(r, 1600));
    expect(server.seen).toHaveLength(1);
  });

  it("an already aborted signal sends nothing", async () => {
    const server = await stub((_, res) => json(res, 200, page()));
    const client = createJunctionClient({ ...fast, baseUrl: server.url });
    await expect(client.POST(bulkExport, { body, signal: AbortSignal.abort() })).rejects.toMatchObject({
      name: "AbortError",
    });
    expect(server.seen).toHaveLength(0);
  });
});
