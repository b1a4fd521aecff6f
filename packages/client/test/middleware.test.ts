import { afterEach, describe, expect, it } from "vitest";
import { ConnectionError, createJunctionClient, type Middleware, unwrap } from "../src/index.js";
import { apiKey, bulkExport, json, page, type Stub, startStub } from "./helpers.js";

let server: Stub;
afterEach(() => server?.close());
const body = { provider: "oura" } as const;

describe("openapi-fetch middleware keeps working", () => {
  it("onRequest adding a header", async () => {
    server = await startStub((_, res) => json(res, 200, page()));
    const client = createJunctionClient({ apiKey, baseUrl: server.url });
    const seenByMiddleware: string[] = [];
    client.use({
      onRequest({ request, schemaPath }) {
        seenByMiddleware.push(`${request.method} ${schemaPath} ${request instanceof Request}`);
        request.headers.set("x-trace-id", "trace-1");
      },
    });
    await unwrap(client.POST(bulkExport, { body }));
    expect(seenByMiddleware).toEqual(["POST /v2/link/bulk_export true"]);
    expect(server.seen[0]?.headers["x-trace-id"]).toBe("trace-1");
    expect(server.seen[0]?.headers["x-vital-api-key"]).toBe(apiKey);
    expect(JSON.parse(server.seen[0]?.body ?? "")).toEqual(body);
  });

  it("the middleware never sees the API key", async () => {
    server = await startStub((_, res) => json(res, 200, page()));
    const client = createJunctionClient({ apiKey, baseUrl: server.url });
    const headersSeen: string[] = [];
    client.use({
      onRequest: ({ request }) => void headersSeen.push(JSON.stringify([...request.headers])),
      onResponse: ({ request }) => void headersSeen.push(JSON.stringify([...request.headers])),
    });
    await client.POST(bulkExport, { body });
    expect(headersSeen).toHaveLength(2);
    for (const h of headersSeen) expect(h).not.toContain(apiKey);
  });

  it("onRequest returning a new Request built from the old one (body and method survive, and it is retried)", async () => {
    server = await startStub((_, res, __, i) => (i === 0 ? json(res, 503, {}) : json(res, 200, page())));
    const client = createJunctionClient({ apiKey, baseUrl: server.url, initialRetryDelayMs: 1 });
    client.use({
      onRequest: ({ request }) => {
        const headers = new Headers(request.headers);
        headers.set("x-replaced", "yes");
        return new Request(request, { headers });
      },
    });
    const data = await unwrap(client.POST(bulkExport, { body }));
    expect(data.data).toHaveLength(1);
    expect(server.seen).toHaveLength(2);
    for (const seen of server.seen) {
      expect(seen.method).toBe("POST");
      expect(seen.headers["x-replaced"]).toBe("yes");
      expect(JSON.parse(seen.body)).toEqual(body);
    }
  });

  it("onRequest returning a Request to another URL: sent there, without the key", async () => {
    server = await startStub((_, res) => json(res, 200, page(["other"])));
    const client = createJunctionClient({ apiKey, baseUrl: "https://api.example.test" });
    client.use({
      onRequest: ({ request }) => new Request(request.url.replace("https://api.example.test", server.url), request),
    });
    const data = await unwrap(client.POST(bulkExport, { body }));
    expect(data.data[0]?.access_token).toBe("other");
    expect(server.seen[0]?.headers["x-vital-api-key"]).toBeUndefined();
  });

  it("onResponse reading the response (the caller still gets the body)", async () => {
    server = await startStub((_, res) => json(res, 200, page(["one", "two"])));
    const client = createJunctionClient({ apiKey, baseUrl: server.url });
    let counted = -1;
    client.use({
      async onResponse({ response }) {
        counted = ((await response.clone().json()) as { data: unknown[] }).data.length;
      },
    });
    const data = await unwrap(client.POST(bulkExport, { body }));
    expect(counted).toBe(2);
    expect(data.data).toHaveLength(2);
  });

  it("onError turning a transport failure into a response", async () => {
    server = await startStub((_, __, req) => req.socket.destroy());
    const client = createJunctionClient({ apiKey, baseUrl: server.url, maxRetries: 1, initialRetryDelayMs: 1 });
    const errors: unknown[] = [];
    client.use({
      onError({ error }) {
        errors.push(error);
        return Response.json(page(["fallback"]));
      },
    });
    const data = await unwrap(client.POST(bulkExport, { body }));
    expect(data.data[0]?.access_token).toBe("fallback");
    expect(errors).toHaveLength(1);
    expect(errors[0]).toBeInstanceOf(ConnectionError);
    expect(server.seen).toHaveLength(2); // the client retried before giving up
  });

  it("per-call middleware, and eject", async () => {
    server = await startStub((_, res) => json(res, 200, page()));
    const client = createJunctionClient({ apiKey, baseUrl: server.url });
    const tag: Middleware = { onRequest: ({ request }) => void request.headers.set("x-tag", "global") };
    const perCall: Middleware = { onRequest: ({ request }) => void request.headers.set("x-call", "yes") };
    client.use(tag);
    await client.POST(bulkExport, { body, middleware: [perCall] });
    client.eject(tag);
    await client.POST(bulkExport, { body });
    expect(server.seen.map((s) => [s.headers["x-tag"], s.headers["x-call"]])).toEqual([
      ["global", "yes"],
      [undefined, undefined],
    ]);
  });

  it("rejects invalid middleware like openapi-fetch does", () => {
    const client = createJunctionClient({ apiKey });
    expect(() => client.use({} as Middleware)).toThrow(/Middleware must be an object/);
  });
});
