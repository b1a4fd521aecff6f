/**
 * The client against a hostile server (@junction/mock-server/hostile, real sockets on 127.0.0.1): bodies
 * that stall, are cut short, are not JSON or are huge; redirects that lead elsewhere; a server that echoes
 * the credentials it got. Each call goes both ways a call can go: the direct path and openapi-fetch (any
 * middleware sends it there).
 */
import { spawn } from "node:child_process";
import { readFile } from "node:fs/promises";
import { inspect } from "node:util";
import { type HostileServer, startHostileServer } from "@junction/mock-server/hostile";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import {
  ConnectionError,
  createJunctionClient,
  JunctionApiError,
  type JunctionClient,
  type JunctionClientOptions,
  type JunctionLogger,
  ResponseTooLargeError,
  TimeoutError,
  UnexpectedResponseError,
  unwrap,
} from "../src/index.js";
import { apiKey, bulkExport, json, page, stubsClosedAfterEach } from "./helpers.js";

const body = { provider: "oura" } as const;
let hostile: HostileServer;
beforeAll(async () => {
  hostile = await startHostileServer({ hugeBytes: 3 * 1024 * 1024 });
});
afterAll(() => hostile.close());
const stub = stubsClosedAfterEach();

/** A client of one hostile behaviour, on the direct path or through openapi-fetch (a no-op middleware). */
function clientOf(behaviour: string, via: "direct" | "openapi-fetch", options: JunctionClientOptions = {}) {
  const client = createJunctionClient({
    apiKey,
    baseUrl: `${hostile.url}/${behaviour}`,
    initialRetryDelayMs: 1,
    ...options,
  });
  if (via === "openapi-fetch") client.use({ onRequest: () => undefined });
  return client;
}
const paths = ["direct", "openapi-fetch"] as const;
const failure = (call: Promise<unknown>) =>
  call.then(
    () => undefined,
    (e: unknown) => e,
  );
/** Requests the hostile server got since `from`, as "origin method url". */
const since = (from: number) => hostile.seen.slice(from).map((s) => `${s.origin} ${s.method} ${s.url}`);

describe("timeoutMs covers the body (a server that stalls after the headers)", () => {
  it.each(paths)("%s: each attempt times out, the body too, and is retried: TimeoutError", async (via) => {
    const from = hostile.seen.length;
    const started = performance.now();
    const error = await failure(
      clientOf("stall-body", via, { timeoutMs: 300, maxRetries: 1 }).POST(bulkExport, { body }),
    );
    expect(error).toBeInstanceOf(TimeoutError);
    expect((error as Error).message).toBe("POST /v2/link/bulk_export timed out after 300 ms");
    expect(since(from)).toEqual(Array(2).fill("main POST /stall-body/v2/link/bulk_export"));
    expect(performance.now() - started).toBeGreaterThanOrEqual(590);
  });

  it("a body that stalls once is retried and the next answer returned", async () => {
    const server = await stub((_, res, __, i) => {
      if (i > 0) return json(res, 200, page(["second"]));
      res.writeHead(200, { "content-type": "application/json" });
      res.write('{"data":[');
    });
    const client = createJunctionClient({ apiKey, baseUrl: server.url, timeoutMs: 300, initialRetryDelayMs: 1 });
    const data = await unwrap(client.POST(bulkExport, { body }));
    expect(data.data[0]?.access_token).toBe("second");
    expect(server.seen).toHaveLength(2);
  });

  it.each(paths)("%s: a body cut short is a ConnectionError after retries", async (via) => {
    const from = hostile.seen.length;
    const error = await failure(clientOf("truncated", via, { maxRetries: 2 }).POST(bulkExport, { body }));
    expect(error).toBeInstanceOf(ConnectionError);
    expect((error as Error).message).toMatch(/^POST \/v2\/link\/bulk_export failed: terminated/);
    expect(since(from)).toHaveLength(3);
  });

  it("parseAs stream hands the body over after the headers: the caller reads it (and bounds it with signal)", async () => {
    const controller = new AbortController();
    const client = clientOf("stall-body", "direct", { timeoutMs: 300 });
    const { data } = await client.GET("/x" as never, { parseAs: "stream", signal: controller.signal } as never);
    const reader = (data as unknown as ReadableStream<Uint8Array>).getReader();
    expect(new TextDecoder().decode((await reader.read()).value)).toBe('{"data":[');
    controller.abort();
    await expect(reader.read()).rejects.toMatchObject({ name: "AbortError" });
  });

  it.each(["stall-body", "stall-headers"])(
    "a script exits by itself soon after its last call timed out (%s)",
    async (stall) => {
      const child = spawn(
        process.execPath,
        ["--import", "tsx", "test/fixtures/one-call.ts", `${hostile.url}/${stall}`, "500"],
        {
          env: { ...process.env, JUNCTION_API_KEY: apiKey },
          stdio: ["ignore", "pipe", "pipe"],
        },
      );
      let out = "";
      let err = "";
      child.stdout.on("data", (chunk) => (out += chunk));
      child.stderr.on("data", (chunk) => (err += chunk));
      let settledAt = 0;
      child.stdout.on("data", () => (settledAt ||= performance.now()));
      // An abandoned attempt would hold its socket (and the process) for undici's 300 s timeouts.
      const killer = setTimeout(() => child.kill(), 25_000);
      const code = await new Promise<number | null>((resolve) => child.on("exit", resolve));
      clearTimeout(killer);
      const exitedAfterMs = performance.now() - settledAt;
      expect(err).toBe("");
      expect(code).toBe(0);
      expect(JSON.parse(out).outcome).toBe("TimeoutError");
      expect(out).not.toContain(apiKey);
      // Generous: a loaded machine is slow to tear down a process, but nowhere near the 300 s a held socket takes.
      expect(exitedAfterMs).toBeLessThan(8000);
    },
    30_000,
  );
});

describe("redirects to another origin drop credentials (Fetch standard)", () => {
  const headers = {
    authorization: "Bearer oauth-secret",
    cookie: "session=cookie-secret",
    "proxy-authorization": "Basic proxy-secret",
    "x-trace": "trace-1",
  };
  const credentials = ["authorization", "cookie", "proxy-authorization", "x-session-token", "x-vital-api-key"];
  const present = (h: Record<string, unknown>) => credentials.filter((name) => name in h);

  it.each([301, 302, 303, 307, 308])(
    "%i to another origin: none of them, nor the key; other headers kept",
    async (status) => {
      const from = hostile.seen.length;
      const client = createJunctionClient({
        apiKey,
        baseUrl: `${hostile.url}/redirect-${status}-x/ok`,
        headers: { ...headers, "x-session-token": "custom-secret" },
        credentialHeaders: ["X-Session-Token"],
      });
      expect((await unwrap(client.POST(bulkExport, { body }))).data).toHaveLength(1);
      const seen = hostile.seen.slice(from);
      const first = seen[0];
      const last = seen.at(-1);
      expect(first?.origin).toBe("main");
      expect(present(first?.headers ?? {})).toEqual(credentials);
      expect(last?.origin).toBe("other");
      expect(present(last?.headers ?? {})).toEqual([]);
      expect(last?.headers["x-trace"]).toBe("trace-1");
    },
  );

  it("dropped for the rest of the chain, even back on the first origin; the key only returns on its own origin", async () => {
    const from = hostile.seen.length;
    const client = createJunctionClient({
      apiKey,
      baseUrl: `${hostile.url}/redirect-307-x/redirect-308-x/ok`,
      headers,
    });
    await unwrap(client.POST(bulkExport, { body }));
    const hops = hostile.seen.slice(from).filter((s, i, all) => i === 0 || s.url !== all[i - 1]?.url);
    expect(hops.map((s) => [s.origin, present(s.headers)])).toEqual([
      ["main", ["authorization", "cookie", "proxy-authorization", "x-vital-api-key"]],
      ["other", []],
      ["main", ["x-vital-api-key"]],
    ]);
  });

  it("same-origin redirects keep them, and a retry after a cross-origin redirect starts with them again", async () => {
    const from = hostile.seen.length;
    const client = createJunctionClient({ apiKey, baseUrl: `${hostile.url}/redirect-307/ok`, headers });
    await unwrap(client.POST(bulkExport, { body }));
    expect(present(hostile.seen.at(-1)?.headers ?? {})).toEqual([
      "authorization",
      "cookie",
      "proxy-authorization",
      "x-vital-api-key",
    ]);
    // /redirect-307-x/truncated: cut short on the other origin, retried from the first origin with everything.
    const retried = createJunctionClient({
      apiKey,
      baseUrl: `${hostile.url}/redirect-307-x/truncated`,
      headers,
      maxRetries: 1,
      initialRetryDelayMs: 1,
    });
    await failure(retried.POST(bulkExport, { body }));
    const firstHops = hostile.seen.slice(from + 2).filter((s) => s.origin === "main");
    expect(firstHops.length).toBeGreaterThanOrEqual(2);
    for (const hop of firstHops) expect(present(hop.headers)).toContain("authorization");
  });

  it("credentialHeaders must be header names", () => {
    expect(() => createJunctionClient({ apiKey, credentialHeaders: ["x ok"] })).toThrow(
      'credentialHeaders must be a list of header names, e.g. ["x-session-token"].',
    );
    expect(() => createJunctionClient({ apiKey, credentialHeaders: "x-token" as never })).toThrow(/credentialHeaders/);
  });
});

describe("the key never shows, wherever a server echoes it", () => {
  const lowerKey = apiKey.toLowerCase();
  function capture(): { logger: JunctionLogger; lines: string[] } {
    const lines: string[] = [];
    const record = (...args: unknown[]) =>
      void lines.push(args.map((a) => (typeof a === "string" ? a : JSON.stringify(a))).join(" "));
    return { logger: { debug: record, info: record, warn: record, error: record }, lines };
  }
  const shows = (text: string) => text.includes(apiKey) || text.includes(lowerKey);

  it.each(paths)("%s: echoed as JSON property names and header names", async (via) => {
    const { logger, lines } = capture();
    const client = clientOf("echo", via, { logger, logLevel: "debug" });
    const error = (await failure(unwrap(client.POST(bulkExport, { body })))) as JunctionApiError;
    expect(error).toBeInstanceOf(JunctionApiError);
    expect(error.status).toBe(401);
    // The echo is there, masked: a header named after the key, and a property named after it.
    expect(error.headers["[redacted]"]).toBe("x-vital-api-key");
    expect((error.body as { detail: Record<string, string> }).detail["[redacted]"]).toBe("x-vital-api-key");
    expect(error.message).toMatch(
      /^POST \/v2\/link\/bulk_export failed with HTTP 401: \{.*"\[redacted\]":"x-vital-api-key"/,
    );
    const shown = [
      error.message,
      JSON.stringify(error),
      inspect(error, { depth: 10 }),
      JSON.stringify(error.headers),
      ...lines,
    ];
    expect(lines.some((l) => l.includes("response body"))).toBe(true);
    for (const text of shown) expect(shows(text)).toBe(false);
  });

  it("an onResponse middleware that replaces the response keeps the masking and names the call", async () => {
    const server = await stub((_, res) => json(res, 401, { detail: `invalid key ${apiKey}` }));
    const client = createJunctionClient({ apiKey, baseUrl: server.url });
    client.use({ onResponse: async ({ response }) => new Response(await response.text(), response) });
    const error = (await failure(unwrap(client.POST(bulkExport, { body })))) as JunctionApiError;
    expect(error.message).toBe("POST /v2/link/bulk_export failed with HTTP 401: invalid key [redacted]");
    expect([error.method, error.path]).toEqual(["POST", "/v2/link/bulk_export"]);
    expect(JSON.stringify(error)).not.toContain(apiKey);
  });

  it("a key shorter than 8 characters is masked as a whole token only, not inside other words", async () => {
    const server = await stub((_, res) => json(res, 404, { detail: "key k is not known; kk and bulk stay" }));
    const client = createJunctionClient({ apiKey: "k", baseUrl: server.url });
    const error = (await failure(unwrap(client.POST(bulkExport, { body })))) as JunctionApiError;
    expect(error.message).toBe(
      "POST /v2/link/bulk_export failed with HTTP 404: key [redacted] is not known; kk and bulk stay",
    );
  });
});

describe("maxResponseBytes", () => {
  const limit = 1024 * 1024;
  it.each([
    ["huge", "its content-length"],
    ["huge-chunked", "counting, without a content-length"],
  ])("/%s: ResponseTooLargeError by %s, not retried", async (behaviour) => {
    for (const via of paths) {
      const from = hostile.seen.length;
      const error = (await failure(
        clientOf(behaviour, via, { maxResponseBytes: limit }).GET("/v2/user" as never),
      )) as ResponseTooLargeError;
      expect(error).toBeInstanceOf(ResponseTooLargeError);
      expect(error).toBeInstanceOf(JunctionApiError);
      expect([error.status, error.method, error.path, error.maxBytes]).toEqual([200, "GET", "/v2/user", limit]);
      expect(error.message).toBe(
        "GET /v2/user answered HTTP 200 with a body over maxResponseBytes (1048576 bytes), not read. " +
          "Raise maxResponseBytes (client or per call) if that is expected.",
      );
      expect(since(from)).toHaveLength(1);
    }
  });

  it("defaults to 64 MiB; a per-call value overrides the client's; binary bodies are not capped", async () => {
    const big = await startHostileServer({ hugeBytes: 65 * 1024 * 1024 });
    try {
      const error = await failure(
        createJunctionClient({ apiKey, baseUrl: `${big.url}/huge` }).GET("/v2/user" as never),
      );
      expect(error).toMatchObject({ name: "ResponseTooLargeError", maxBytes: 64 * 1024 * 1024 });
    } finally {
      await big.close();
    }
    const client = clientOf("huge-chunked", "direct", { maxResponseBytes: limit });
    const { data } = await client.GET("/v2/user" as never, { maxResponseBytes: 4 * limit } as never);
    expect((data as unknown as { padding: string }).padding).toHaveLength(3 * limit - 42);
    const blob: { data?: unknown } = await client.GET("/v2/user" as never, { parseAs: "blob" } as never);
    expect((blob.data as Blob).size).toBe(3 * limit);
  });
});

describe("a success that is not the JSON expected", () => {
  it.each(paths)("%s: an HTML page (a captive portal) is an UnexpectedResponseError", async (via) => {
    const error = (await failure(clientOf("html", via).POST(bulkExport, { body }))) as UnexpectedResponseError;
    expect(error).toBeInstanceOf(UnexpectedResponseError);
    expect(error).toBeInstanceOf(JunctionApiError);
    expect([error.status, error.method, error.path, error.contentType]).toEqual([
      200,
      "POST",
      "/v2/link/bulk_export",
      "text/html; charset=utf-8",
    ]);
    expect(error.excerpt).toMatch(/^<!DOCTYPE html><html><head><title>Wi-Fi login<\/title>/);
    expect(error.message).toBe(
      `POST /v2/link/bulk_export answered HTTP 200 (text/html; charset=utf-8) with a body that is not JSON: ${JSON.stringify(error.excerpt)}. A proxy or captive portal may have answered instead of the API.`,
    );
  });

  it.each(paths)("%s: an empty 200 is an UnexpectedResponseError, unwrap or not", async (via) => {
    const client = clientOf("empty", via);
    for (const call of [client.POST(bulkExport, { body }), unwrap(client.POST(bulkExport, { body }))]) {
      const error = (await failure(call)) as UnexpectedResponseError;
      expect(error).toBeInstanceOf(UnexpectedResponseError);
      expect([error.status, error.excerpt, error.contentType]).toEqual([200, "", "application/json"]);
      expect(error.message).toMatch(
        /^POST \/v2\/link\/bulk_export answered HTTP 200 \(application\/json\) with an empty body, not JSON/,
      );
    }
  });

  it("the excerpt is the first 200 characters, the key masked", async () => {
    const server = await stub((_, res) => {
      res.writeHead(200, { "content-type": "text/plain" }).end(`key ${apiKey} ${"x".repeat(500)}`);
    });
    const client = createJunctionClient({ apiKey, baseUrl: server.url });
    const error = (await failure(client.POST(bulkExport, { body }))) as UnexpectedResponseError;
    expect(error.excerpt).toBe(`key [redacted] ${"x".repeat(185)}…`);
    expect(JSON.stringify(error) + inspect(error)).not.toContain(apiKey);
  });

  it.each(paths)("%s: 204, an empty 202 and HEAD still give data undefined", async (via) => {
    const server = await stub((seen, res) => {
      if (seen.method === "DELETE") return res.writeHead(204).end();
      if (seen.method === "HEAD") return res.writeHead(200, { "content-type": "application/json" }).end();
      res.writeHead(202, { "content-length": 0 }).end();
    });
    const client = createJunctionClient({ apiKey, baseUrl: server.url });
    if (via === "openapi-fetch") client.use({ onRequest: () => undefined });
    const calls: Promise<{ data?: unknown; response: Response }>[] = [
      client.DELETE("/v2/user/{user_id}" as never, { params: { path: { user_id: "u1" } } } as never),
      client.POST("/v2/link/bulk_import" as never, { body: {} } as never),
      client.HEAD("/v2/user" as never),
    ];
    const results = await Promise.all(calls);
    expect(results.map((r) => [r.response.status, r.data])).toEqual([
      [204, undefined],
      [202, undefined],
      [200, undefined],
    ]);
  });

  it("the rule's premise: the spec gives every 200 a body (no-content successes are 202 or 204)", async () => {
    const spec = parse(await readFile(new URL("../../../openapi/junction.yaml", import.meta.url), "utf8")) as {
      paths: Record<string, Record<string, { responses?: Record<string, { content?: object }> }>>;
    };
    const operations = Object.values(spec.paths).flatMap((item) => Object.values(item));
    const okWithoutBody = operations.filter((op) => op.responses?.["200"] && !op.responses["200"].content);
    expect(operations.length).toBeGreaterThan(100);
    expect(okWithoutBody).toEqual([]);
  });

  it("a wrong-typed page is returned as it came (the client does not validate types; paging checks its fields)", async () => {
    const client: JunctionClient = clientOf("wrong-types", "direct");
    expect((await client.POST(bulkExport, { body })).data).toEqual({ data: "not a list", next_token: 42 });
    await expect(client.paginate("POST", bulkExport, { body }).toArray()).rejects.toMatchObject({
      name: "PaginationProtocolError",
    });
  });
});
