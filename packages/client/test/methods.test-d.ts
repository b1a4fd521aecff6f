import type {
  BulkExportConnectionsBody,
  BulkExportConnectionsResponse,
  components,
  HTTPValidationError,
  OAuthProviders,
  PaginatedUsersResponse,
  paths,
} from "@junction/openapi-types";
import type { FetchResponse } from "openapi-fetch";
import { describe, expectTypeOf, it } from "vitest";
import { createJunctionClient, type JunctionRequestInit, type Middleware } from "../src/index.js";
import type { JunctionMethods } from "../src/method-types.js";

const client = createJunctionClient({ apiKey: "k" });
type User = components["schemas"]["ClientFacingUser"];

describe("request inits are checked for excess properties", () => {
  it("in the body of POST", () => {
    // @ts-expect-error: the field is user_ids; a typo would export every user
    client.POST("/v2/link/bulk_export", { body: { provider: "oura", user_id: ["u"] } });
    // @ts-expect-error: no such field
    client.POST("/v2/link/bulk_export", { body: { provider: "oura", colour: "red" } });
    // @ts-expect-error: user_ids are strings
    client.POST("/v2/link/bulk_export", { body: { provider: "oura", user_ids: [1] } });
    client.POST("/v2/link/bulk_export", { body: { provider: "oura", user_ids: ["u"], next_token: null } });
  });

  it("in the body of PATCH", () => {
    const path = { user_id: "u" };
    // @ts-expect-error: the field is fallback_time_zone
    client.PATCH("/v2/user/{user_id}", { params: { path }, body: { fallback_timezone: "Europe/London" } });
    client.PATCH("/v2/user/{user_id}", { params: { path }, body: { fallback_time_zone: "Europe/London" } });
  });

  it("in query parameters", () => {
    // @ts-expect-error: the parameter is limit
    client.GET("/v2/user", { params: { query: { limt: 10 } } });
    // @ts-expect-error: an unknown parameter next to known ones
    client.GET("/v2/user", { params: { query: { offset: 0, limt: 10 } } });
    // @ts-expect-error: limit is a number
    client.GET("/v2/user", { params: { query: { limit: "10" } } });
    client.GET("/v2/user", { params: { query: { offset: 0, limit: 10 } } });
  });

  it("in path parameters", () => {
    // @ts-expect-error: the parameter is user_id
    client.GET("/v2/user/{user_id}", { params: { path: { userId: "u" } } });
    // @ts-expect-error: the parameter is user_id
    client.DELETE("/v2/user/{user_id}", { params: { path: { user: "u" } } });
    // @ts-expect-error: an unknown parameter next to the right one
    client.GET("/v2/user/{user_id}", { params: { path: { user_id: "u", team_id: "t" } } });
    // @ts-expect-error: no such part of params
    client.GET("/v2/user/{user_id}", { params: { path: { user_id: "u" }, body: {} } });
    client.GET("/v2/user/{user_id}", { params: { path: { user_id: "u" } } });
  });

  it("in the init itself", () => {
    // @ts-expect-error: the option is timeoutMs
    client.POST("/v2/link/bulk_export", { body: { provider: "oura" }, timeoutMS: 5000 });
    // @ts-expect-error: body is not a top-level field of params
    client.POST("/v2/link/bulk_export", { provider: "oura" });
  });

  it("in request(method, path, init)", () => {
    // @ts-expect-error: the field is user_ids
    client.request("post", "/v2/link/bulk_export", { body: { provider: "oura", user_id: ["u"] } });
    // @ts-expect-error: the parameter is limit
    client.request("get", "/v2/user", { params: { query: { limt: 10 } } });
    // @ts-expect-error: bulk export is a POST
    client.request("get", "/v2/link/bulk_export");
    const call = client.request("get", "/v2/user/{user_id}", { params: { path: { user_id: "u" } } });
    expectTypeOf(call).resolves.toHaveProperty("data").toEqualTypeOf<User | undefined>();
  });
});

describe("valid calls keep openapi-fetch's types", () => {
  it("requires the init only when the operation needs parameters or a body", () => {
    client.GET("/v2/user");
    client.GET("/v2/user", undefined);
    // @ts-expect-error: user_id is required
    client.GET("/v2/user/{user_id}");
    // @ts-expect-error: user_id is required
    client.GET("/v2/user/{user_id}", { params: { path: {} } });
    // @ts-expect-error: the body is required
    client.POST("/v2/link/bulk_export");
    // @ts-expect-error: no such path
    client.GET("/v2/users");
  });

  it("types data and error per operation", () => {
    type Users = Awaited<ReturnType<typeof client.GET<"/v2/user">>>;
    expectTypeOf<NonNullable<Users["data"]>>().toEqualTypeOf<PaginatedUsersResponse>();
    expectTypeOf<NonNullable<Users["error"]>>().toEqualTypeOf<HTTPValidationError>();
    expectTypeOf<Users["response"]>().toEqualTypeOf<Response>();
    const exported = client.POST("/v2/link/bulk_export", { body: { provider: "oura" } });
    expectTypeOf(exported).resolves.toHaveProperty("data").toEqualTypeOf<BulkExportConnectionsResponse | undefined>();
  });

  it("resolves to openapi-fetch's FetchResponse, without the Readable pass that mangles open enums", () => {
    type Media = `${string}/${string}`;
    const patched = client.PATCH("/v2/user/{user_id}", { params: { path: { user_id: "u" } }, body: {} });
    expectTypeOf(patched).resolves.toEqualTypeOf<
      FetchResponse<paths["/v2/user/{user_id}"]["patch"], { parseAs: "json" }, Media>
    >();
    expectTypeOf(patched).resolves.toHaveProperty("data").toEqualTypeOf<undefined>();
    const exported = client.POST("/v2/link/bulk_export", { body: { provider: "oura" }, parseAs: "blob" });
    expectTypeOf(exported).resolves.toEqualTypeOf<
      FetchResponse<paths["/v2/link/bulk_export"]["post"], { parseAs: "blob" }, Media>
    >();
    // openapi-fetch's Readable turns `string & {}` (an open enum's "any other value") into an object of String's methods.
    type Provider = NonNullable<Awaited<ReturnType<typeof client.GET<"/v2/providers">>>["data"]>[number];
    expectTypeOf<Provider["auth_type"]>().toEqualTypeOf<
      components["schemas"]["ClientFacingProviderDetailed"]["auth_type"]
    >();
    expectTypeOf<NonNullable<Provider["auth_type"]>>().toExtend<string>();
  });

  it("checks an init built apart with JunctionRequestInit", () => {
    const init = { body: { provider: "oura" as const, user_ids: ["u"] } } satisfies JunctionRequestInit<
      "post",
      "/v2/link/bulk_export"
    >;
    client.POST("/v2/link/bulk_export", init);
    // @ts-expect-error: the field is user_ids
    ({ body: { provider: "oura", user_id: ["u"] } }) satisfies JunctionRequestInit<"post", "/v2/link/bulk_export">;
    // @ts-expect-error: bulk export is a POST
    expectTypeOf<JunctionRequestInit<"get", "/v2/link/bulk_export">>().not.toBeNever();
  });

  it("types the body as the spec's schema", () => {
    type Init = Parameters<typeof client.POST<"/v2/link/bulk_export">>[1];
    expectTypeOf<Init["body"]>().toEqualTypeOf<BulkExportConnectionsBody>();
    const provider: OAuthProviders = "oura";
    client.POST("/v2/link/bulk_export", { body: { provider } });
  });

  it("types data by parseAs", () => {
    const path = { user_id: "u" };
    const as = <T>(call: Promise<{ data?: T }>) => call;
    expectTypeOf(as(client.GET("/v2/user/{user_id}", { params: { path } }))).resolves.toEqualTypeOf<{
      data?: User;
    }>();
    const json = client.GET("/v2/user/{user_id}", { params: { path }, parseAs: "json" });
    expectTypeOf(json).resolves.toHaveProperty("data").toEqualTypeOf<User | undefined>();
    const blob = client.GET("/v2/user/{user_id}", { params: { path }, parseAs: "blob" });
    expectTypeOf(blob).resolves.toHaveProperty("data").toEqualTypeOf<Blob | undefined>();
    const text = client.POST("/v2/link/bulk_export", { body: { provider: "oura" }, parseAs: "text" });
    expectTypeOf(text).resolves.toHaveProperty("data").toEqualTypeOf<string | undefined>();
    const stream = client.GET("/v2/user", { parseAs: "stream" });
    expectTypeOf(stream).resolves.toHaveProperty("data").toEqualTypeOf<Response["body"] | undefined>();
    const buffer = client.request("get", "/v2/user", { parseAs: "arrayBuffer" });
    expectTypeOf(buffer).resolves.toHaveProperty("data").toEqualTypeOf<ArrayBuffer | undefined>();
    // The error body is JSON whatever parseAs says, as openapi-fetch types it.
    expectTypeOf(blob).resolves.toHaveProperty("error").toEqualTypeOf<HTTPValidationError | undefined>();
    // @ts-expect-error: not a way to parse
    client.GET("/v2/user", { parseAs: "xml" });
  });

  it("accepts openapi-fetch's options, RequestInit's and the per-call options", () => {
    const middleware: Middleware = { onRequest: ({ request }) => request };
    client.POST("/v2/link/bulk_export", {
      body: { provider: "oura" },
      timeoutMs: 5000,
      maxRetries: 0,
      idempotent: true,
      signal: AbortSignal.timeout(1000),
      headers: { "x-trace": "1", "x-count": 2 },
      middleware: [middleware],
      baseUrl: "https://api.sandbox.tryvital.io",
      querySerializer: { array: { style: "form", explode: false } },
      bodySerializer: (body) => JSON.stringify(body),
      pathSerializer: (pathname) => pathname,
      fetch: (request) => fetch(request),
      parseAs: "json",
      cache: "no-store",
      keepalive: true,
    });
    client.GET("/v2/user", { querySerializer: (query) => new URLSearchParams(query as never).toString() });
    client.use(middleware);
    client.eject(middleware);
  });
});

/** A small spec in openapi-typescript's shape, for the methods the Junction spec has no operation of. */
interface Thing {
  parameters: { query?: { verbose?: boolean }; header?: never; path: { id: string }; cookie?: never };
  requestBody: { content: { "application/json": { name: string } } };
  responses: {
    200: { headers: { [name: string]: unknown }; content: { "application/json": { id: string; name: string } } };
    404: { headers: { [name: string]: unknown }; content: { "application/json": { message: string } } };
  };
}
interface ThingPaths {
  "/things/{id}": {
    parameters: { query?: never; header?: never; path?: never; cookie?: never };
    get?: never;
    put: Thing;
    post?: never;
    delete?: never;
    options: Thing;
    head: Thing;
    patch?: never;
    trace: Thing;
  };
}

describe("every method checks its init (fixture spec)", () => {
  const things = {} as JunctionMethods<ThingPaths>;
  const path = { id: "1" };

  it("PUT, OPTIONS, HEAD and TRACE", () => {
    for (const call of [things.PUT, things.OPTIONS, things.HEAD, things.TRACE]) {
      // @ts-expect-error: the body field is name
      call("/things/{id}", { params: { path }, body: { name: "x", nmae: "x" } });
      // @ts-expect-error: the query parameter is verbose
      call("/things/{id}", { params: { path, query: { verbose: true, verbos: true } }, body: { name: "x" } });
      // @ts-expect-error: the path parameter is id
      call("/things/{id}", { params: { path: { id: "1", ID: "1" } }, body: { name: "x" } });
      const ok = call("/things/{id}", { params: { path, query: { verbose: true } }, body: { name: "x" } });
      expectTypeOf(ok).resolves.toHaveProperty("data").toEqualTypeOf<{ id: string; name: string } | undefined>();
      expectTypeOf(ok).resolves.toHaveProperty("error").toEqualTypeOf<{ message: string } | undefined>();
    }
    // @ts-expect-error: the body field is name
    things.request("put", "/things/{id}", { params: { path }, body: { name: "x", nmae: "x" } });
    // @ts-expect-error: no GET on this path
    things.GET("/things/{id}", { params: { path } });
  });

  it("the Junction spec has no PUT, OPTIONS, HEAD or TRACE operation", () => {
    // @ts-expect-error: no such operation
    client.PUT("/v2/user/{user_id}", { params: { path: { user_id: "u" } } });
    expectTypeOf<Parameters<typeof client.HEAD>[0]>().toEqualTypeOf<never>();
  });
});
