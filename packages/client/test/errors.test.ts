import type { paths } from "@junction/openapi-types";
import createClient from "openapi-fetch";
import { describe, expect, it } from "vitest";
import {
  AuthenticationError,
  createApiError,
  createJunctionClient,
  errorFromResult,
  InternalServerError,
  JunctionApiError,
  JunctionError,
  NotFoundError,
  PermissionDeniedError,
  RateLimitError,
  unwrap,
  ValidationError,
} from "../src/index.js";
import { apiKey, bulkExport, page } from "./helpers.js";

const body = { provider: "oura" } as const;
/** A client whose transport answers every request with `answer()`, no retries. */
const answering = (answer: () => Response) =>
  createJunctionClient({ apiKey, baseUrl: "https://api.example.test", maxRetries: 0, fetch: async () => answer() });

describe("unwrap and the error classes", () => {
  it.each([
    [400, JunctionApiError, "JunctionApiError"],
    [401, AuthenticationError, "AuthenticationError"],
    [403, PermissionDeniedError, "PermissionDeniedError"],
    [404, NotFoundError, "NotFoundError"],
    [409, JunctionApiError, "JunctionApiError"],
    [422, ValidationError, "ValidationError"],
    [429, RateLimitError, "RateLimitError"],
    [500, InternalServerError, "InternalServerError"],
    [503, InternalServerError, "InternalServerError"],
  ] as const)("%i → %o with status, body, headers, method, path, requestId", async (status, Class, name) => {
    const client = answering(() =>
      Response.json({ detail: "nope" }, { status, headers: { "x-request-id": "req_123", "retry-after": "7" } }),
    );
    const error = await unwrap(client.POST(bulkExport, { body })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Class);
    expect(error).toBeInstanceOf(JunctionApiError);
    expect(error).toBeInstanceOf(JunctionError);
    const e = error as JunctionApiError;
    expect(e.name).toBe(name);
    expect(e.status).toBe(status);
    expect(e.body).toEqual({ detail: "nope" });
    expect(e.method).toBe("POST");
    expect(e.path).toBe("/v2/link/bulk_export");
    expect(e.requestId).toBe("req_123");
    expect(e.headers["content-type"]).toBe("application/json");
    expect(e.message).toBe(`POST /v2/link/bulk_export failed with HTTP ${status}: nope (request id req_123)`);
    if (e instanceof RateLimitError) expect(e.retryAfterMs).toBe(7000);
  });

  it("422: body typed as HTTPValidationError, details in the message", async () => {
    const detail = [
      { loc: ["body", "provider"], msg: "Field required", type: "missing" },
      { loc: ["body", "user_ids", 0], msg: "Input should be a valid UUID", type: "uuid_parsing" },
    ];
    const client = answering(() => Response.json({ detail }, { status: 422 }));
    const error = (await unwrap(client.POST(bulkExport, { body })).catch((e: unknown) => e)) as ValidationError;
    expect(error).toBeInstanceOf(ValidationError);
    expect(error.body.detail).toEqual(detail);
    expect(error.message).toBe(
      "POST /v2/link/bulk_export failed with HTTP 422: body.provider: Field required; body.user_ids.0: Input should be a valid UUID",
    );
  });

  it("an empty error body is still an error (openapi-fetch gives error: undefined)", async () => {
    const client = answering(() => new Response(null, { status: 500, headers: { "content-length": "0" } }));
    const result = await client.POST(bulkExport, { body });
    expect(result.error).toBeUndefined();
    const error = await unwrap(Promise.resolve(result)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InternalServerError);
    expect((error as InternalServerError).body).toBeUndefined();
    expect((error as Error).message).toBe("POST /v2/link/bulk_export failed with HTTP 500");
  });

  it("a non-JSON error body is kept as text", async () => {
    const client = answering(() => new Response("<html>Bad Gateway</html>", { status: 502 }));
    const error = (await unwrap(client.POST(bulkExport, { body })).catch((e: unknown) => e)) as InternalServerError;
    expect(error.body).toBe("<html>Bad Gateway</html>");
    expect(error.status).toBe(502);
  });

  it("hides cookies and credentials from error headers and masks secret fields in the body", async () => {
    const client = answering(() =>
      Response.json(
        { detail: [{ msg: "bad", input: { access_token: "tok-1", refresh_token: "tok-2" } }] },
        { status: 400, headers: { "set-cookie": "session=abc", "x-vital-request-id": "vr_1" } },
      ),
    );
    const error = (await unwrap(client.POST(bulkExport, { body })).catch((e: unknown) => e)) as JunctionApiError;
    expect(error.headers["set-cookie"]).toBeUndefined();
    expect(error.requestId).toBe("vr_1");
    expect(JSON.stringify(error.body)).not.toMatch(/tok-1|tok-2/);
    expect(error.message).not.toMatch(/tok-1|tok-2/);
  });

  it("returns data on success", async () => {
    const client = answering(() => Response.json(page(["a", "b"])));
    const data = await unwrap(client.POST(bulkExport, { body }));
    expect(data.data.map((c) => c.access_token)).toEqual(["a", "b"]);
    expect(data.next_token).toBeNull();
  });

  it("works on results of any openapi-fetch client, and the factory maps statuses", async () => {
    const plain = createClient<paths>({
      baseUrl: "https://api.example.test",
      fetch: async () => new Response("{}", { status: 404 }),
    });
    const error = (await unwrap(plain.POST(bulkExport, { body })).catch((e: unknown) => e)) as NotFoundError;
    expect(error).toBeInstanceOf(NotFoundError);
    // The response did not come through a Junction client, so the request is not known (it has no url either).
    expect([error.method, error.path]).toEqual(["", ""]);
    const named = errorFromResult(
      { error: {}, response: new Response("", { status: 418 }) },
      { method: "GET", path: "/x" },
    );
    expect(named.message).toBe("GET /x failed with HTTP 418: {}");
    expect(createApiError(504, undefined, new Headers(), { method: "GET", path: "/" })).toBeInstanceOf(
      InternalServerError,
    );
  });
});
