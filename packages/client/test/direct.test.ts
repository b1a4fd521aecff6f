import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { isDirect } from "../src/direct.js";
import { createJunctionClient, type JunctionClient, type Middleware } from "../src/index.js";
import { apiKey, type Seen, type Stub, startStub } from "./helpers.js";

// Every answer the stub can give, chosen by the last path segment of the request.
const answers: Record<string, (res: import("node:http").ServerResponse) => void> = {
  json: (res) => res.writeHead(200, { "content-type": "application/json", "content-length": 11 }).end('{"a":[1,2]}'),
  chunked: (res) => {
    res.writeHead(200, { "content-type": "application/json" });
    res.write('{"chunked"');
    res.end(":true}");
  },
  "chunked-empty": (res) => {
    res.writeHead(200, { "content-type": "application/json", "transfer-encoding": "chunked" });
    res.end();
  },
  "no-content": (res) => res.writeHead(204).end(),
  "length-zero": (res) => res.writeHead(200, { "content-length": 0 }).end(),
  "error-length-zero": (res) => res.writeHead(404, { "content-length": 0 }).end(),
  "bad-json": (res) => res.writeHead(200, { "content-type": "application/json", "content-length": 6 }).end("{nope:"),
  "no-content-ok-json": (res) => res.writeHead(204, { "content-type": "application/json" }).end(),
  text: (res) => res.writeHead(200, { "content-type": "text/plain", "content-length": 5 }).end("hello"),
  "error-json": (res) =>
    res.writeHead(422, { "content-type": "application/json" }).end('{"detail":[{"loc":["body"],"msg":"bad"}]}'),
  "error-text": (res) => res.writeHead(400, { "content-type": "text/plain" }).end("not json"),
};

let server: Stub;
beforeAll(async () => {
  server = await startStub((seen, res) => answers[seen.url.split("?")[0]?.split("/").pop() ?? ""]?.(res));
});
afterAll(() => server.close());
afterEach(() => vi.unstubAllGlobals());

/** What a call sent and got back, comparable between the two paths. */
async function observe(client: JunctionClient, method: string, path: string, init: Record<string, unknown>) {
  const before = server.seen.length;
  let result: { data?: unknown; error?: unknown; response: Response };
  try {
    // biome-ignore lint/suspicious/noExplicitAny: every shape of call, including paths the spec does not have.
    result = await client.request(method as any, path as any, init as any);
  } catch (error) {
    return { threw: `${(error as Error).name}: ${(error as Error).message}`, sent: server.seen.length - before };
  }
  let { data } = result;
  if (data instanceof ReadableStream) data = `stream:${await new Response(data).text()}`;
  if (data instanceof Blob) data = `blob:${await data.text()}`;
  if (data instanceof ArrayBuffer) data = `arrayBuffer:${new TextDecoder().decode(data)}`;
  const sent = server.seen.slice(before) as Seen[];
  return {
    keys: Object.keys(result).sort(),
    data,
    error: result.error,
    status: result.response.status,
    sent: sent.map(({ method, url, headers, body }) => {
      const { connection, "keep-alive": _, ...rest } = headers;
      return { method, url, headers: rest, body };
    }),
  };
}

const cases: [string, string, string, Record<string, unknown>][] = [
  ["POST with a JSON body", "POST", "/v2/link/json", { body: { provider: "oura", next_token: null } }],
  [
    "GET with path and query parameters",
    "GET",
    "/v2/user/{user_id}/{kind}/json",
    {
      params: {
        path: { user_id: "a b/c", kind: "sleep" },
        query: { start_date: "2026-01-01", provider: ["oura", "fitbit"], filter: { a: 1 }, skip: undefined, no: null },
      },
    },
  ],
  ["a chunked JSON body (no content-length)", "GET", "/chunked", {}],
  ["an empty chunked body", "GET", "/chunked-empty", {}],
  ["204", "DELETE", "/no-content", {}],
  ["content-length 0", "GET", "/length-zero", {}],
  ["an error with content-length 0", "GET", "/error-length-zero", {}],
  ["HEAD", "HEAD", "/json", {}],
  ["204 with a JSON content type", "POST", "/no-content-ok-json", { body: {} }],
  ["a 200 whose JSON is malformed", "GET", "/bad-json", {}],
  ["lower-case method through request()", "post", "/json", { body: [1, 2, 3] }],
  ["parseAs text", "GET", "/text", { parseAs: "text" }],
  ["parseAs blob", "GET", "/text", { parseAs: "blob" }],
  ["parseAs arrayBuffer", "GET", "/text", { parseAs: "arrayBuffer" }],
  ["parseAs stream", "GET", "/text", { parseAs: "stream" }],
  ["a JSON error", "POST", "/error-json", { body: {} }],
  ["a text error", "POST", "/error-text", { body: {} }],
  ["per-call headers", "POST", "/json", { body: { a: 1 }, headers: { "X-Trace": "t1", Accept: "application/json" } }],
  ["header parameters", "GET", "/json", { params: { header: { "x-page": 2, "x-flag": true } } }],
  ["a per-call header unsetting a client header", "GET", "/json", { headers: { "x-team": null } }],
  [
    "a form-urlencoded body",
    "POST",
    "/json",
    {
      body: { a: "1", b: "x y" },
      headers: { "content-type": "application/x-www-form-urlencoded" },
    },
  ],
  ["per-call client options", "POST", "/json", { body: {}, timeoutMs: 5000, maxRetries: 0, idempotent: true }],
];

describe("the direct path sends and returns what openapi-fetch would", () => {
  const options = { apiKey, initialRetryDelayMs: 1 };
  const variants = [
    { name: "", client: {} },
    { name: ", with client headers", client: { headers: { "x-team": "data", "x-version": "2" } } },
    { name: ", with a client querySerializer", client: { querySerializer: () => "v=2" } },
  ];
  for (const variant of variants) {
    for (const [name, method, path, init] of cases) {
      it(`${name}${variant.name}`, async () => {
        const direct = createJunctionClient({ ...options, baseUrl: server.url, ...variant.client });
        const viaOpenapiFetch = createJunctionClient({ ...options, baseUrl: server.url, ...variant.client });
        // Any middleware sends calls through openapi-fetch.
        viaOpenapiFetch.use({ onRequest: () => undefined });
        const expected = await observe(viaOpenapiFetch, method, path, init);
        if (!("threw" in expected)) {
          expect(expected.sent).toHaveLength(1);
          expect(expected.sent[0]?.headers["x-vital-api-key"]).toBe(apiKey);
        }
        expect(await observe(direct, method, path, init)).toEqual(expected);
      });
    }
  }
});

describe("which calls take the direct path", () => {
  /** Counts platform Requests built (openapi-fetch builds one per call). */
  function countRequests() {
    const counter = { built: 0 };
    const Platform = globalThis.Request;
    vi.stubGlobal(
      "Request",
      class extends Platform {
        constructor(input: RequestInfo | URL, init?: RequestInit) {
          super(input, init);
          counter.built++;
        }
      },
    );
    return counter;
  }

  it("a plain call builds no Request; one with middleware, a per-call fetch or a RequestInit extra does", async () => {
    const counter = countRequests();
    const client = createJunctionClient({ apiKey, baseUrl: server.url });
    await client.request("get" as never, "/json" as never, { params: { query: { a: 1 } } } as never);
    expect(counter.built).toBe(0);
    await client.request("get" as never, "/json" as never, { cache: "no-store" } as never);
    expect(counter.built).toBe(1);
    const fetchCalls: string[] = [];
    await client.request(
      "get" as never,
      "/json" as never,
      {
        fetch: (request: Request) => {
          fetchCalls.push(request.url);
          return fetch(request);
        },
      } as never,
    );
    expect(fetchCalls).toEqual([`${server.url}/json`]);
    const middleware: Middleware = { onRequest: () => undefined };
    client.use(middleware);
    const built = counter.built;
    await client.request("get" as never, "/json" as never, {} as never);
    expect(counter.built).toBe(built + 1);
    client.eject(middleware);
    await client.request("get" as never, "/json" as never, {} as never);
    expect(counter.built).toBe(built + 1);
  });

  it("isDirect accepts only the fields the direct path handles", () => {
    expect(isDirect(undefined)).toBe(true);
    expect(isDirect({ params: {}, body: {}, parseAs: "text", headers: {}, signal: undefined, timeoutMs: 1 })).toBe(
      true,
    );
    for (const field of ["middleware", "fetch", "baseUrl", "querySerializer", "bodySerializer", "cache", "Request"]) {
      expect(isDirect({ [field]: undefined })).toBe(false);
    }
    expect(isDirect({ body: new FormData() })).toBe(false);
  });

  it("a client-level bodySerializer sends every call through openapi-fetch", async () => {
    const counter = countRequests();
    const client = createJunctionClient({
      apiKey,
      baseUrl: server.url,
      bodySerializer: (b: unknown) => `custom:${(b as { n: number }).n}`,
    });
    const before = server.seen.length;
    await client.request("post" as never, "/json" as never, { body: { n: 7 } } as never);
    expect(counter.built).toBe(1);
    expect(server.seen[before]?.body).toBe("custom:7");
  });
});
