import type { BulkExportConnectionsResponse, ConnectionRecipe, paginated, paths } from "@junction/openapi-types";
import { describe, expectTypeOf, it } from "vitest";
import { paginate, type RequestingClient } from "../src/paginate.js";
import type { Page, PageItem, PaginatedMethod, PaginatedPath } from "../src/paginate-types.js";
import type * as Fixture from "./fixtures/generated/runtime.js";
import type { paths as FixturePaths, Order, StepGroup, User } from "./fixtures/generated/schema.js";

declare const client: RequestingClient;
type Table = typeof paginated;

describe("paginate types on the vendored spec", () => {
  it("accepts only paginated operations", () => {
    // @ts-expect-error: bulk export is a POST
    paginate(client, "GET", "/v2/link/bulk_export", {});
    // @ts-expect-error: not a path of the API
    paginate(client, "POST", "/v2/nope", {});
  });

  it("infers an item type for every operation that pages", () => {
    type Untyped = {
      [R in keyof Table]: R extends `${infer M} ${infer P}`
        ? [PageItem<paths, Table, Uppercase<M>, P>] extends [never]
          ? R
          : never
        : R;
    }[keyof Table];
    expectTypeOf<Untyped>().toEqualTypeOf<never>();
  });

  it("takes the operation's request and infers the item type", () => {
    const paginator = paginate(client, "POST", "/v2/link/bulk_export", { body: { provider: "oura" } });
    expectTypeOf(paginator).toMatchTypeOf<AsyncIterable<ConnectionRecipe>>();
    expectTypeOf(paginator.toArray()).resolves.toEqualTypeOf<ConnectionRecipe[]>();
    expectTypeOf(paginator.pages()).toMatchTypeOf<
      AsyncIterable<Page<ConnectionRecipe, BulkExportConnectionsResponse>>
    >();
    expectTypeOf(paginator.checkpoint).toEqualTypeOf<string | null | undefined>();
    // Unknown providers are fine: the enum is non-exhaustive.
    paginate(client, "POST", "/v2/link/bulk_export", { body: { provider: "next_year_provider" } });
    // @ts-expect-error: provider is required
    paginate(client, "POST", "/v2/link/bulk_export", { body: {} });
    // @ts-expect-error: user_ids are strings
    paginate(client, "POST", "/v2/link/bulk_export", { body: { provider: "oura", user_ids: [1] } });
  });
});

describe("paginate types in each style (fixture spec)", () => {
  type F = typeof Fixture.paginated;
  it("lists the paging methods and paths", () => {
    expectTypeOf<PaginatedMethod<F>>().toEqualTypeOf<"GET" | "POST">();
    expectTypeOf<PaginatedPath<"GET", F>>().toEqualTypeOf<
      "/v2/user" | "/v3/orders" | "/v2/timeseries/{user_id}/steps/grouped"
    >();
    expectTypeOf<PaginatedPath<"POST", F>>().toEqualTypeOf<"/v2/link/bulk_export">();
  });

  it("infers items from the one list, and from a grouped map of lists", () => {
    expectTypeOf<PageItem<FixturePaths, F, "GET", "/v2/user">>().toEqualTypeOf<User>();
    expectTypeOf<PageItem<FixturePaths, F, "GET", "/v3/orders">>().toEqualTypeOf<Order>();
    expectTypeOf<
      PageItem<FixturePaths, F, "GET", "/v2/timeseries/{user_id}/steps/grouped">
    >().toEqualTypeOf<StepGroup>();
  });
});
