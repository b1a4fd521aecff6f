/** `GET /v3/orders` (page/size paging) through the validating Prism proxy. */
import type { ClientFacingOrder, GetOrdersResponse } from "@junction/openapi-types";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectedOrders, expectedUsers, type MockServer, startMockServer } from "../src/index.js";
import { getJson, okBody } from "./helpers.js";

const data = { seed: 5, users: { count: 40 }, orders: { count: 173, pageSize: 20, maxPageSize: 25 } };

interface Walk {
  orders: ClientFacingOrder[];
  pages: GetOrdersResponse[];
}

/** Asks for pages from `page` on until one is short, as a client would. */
async function walkOrders(baseUrl: string, page = 1, size?: number): Promise<Walk> {
  const walk: Walk = { orders: [], pages: [] };
  for (let n = 0; n < 1000; n++, page++) {
    const body = await okBody<GetOrdersResponse>(await getJson(baseUrl, "/v3/orders", { page, size }));
    walk.pages.push(body);
    walk.orders.push(...body.orders);
    expect(body.page).toBe(page);
    if (body.orders.length < (body.size ?? 0) || body.orders.length === 0) return walk;
  }
  throw new Error("the walk never ended");
}

describe("GET /v3/orders behind the validating proxy", () => {
  let mock: MockServer;
  beforeAll(async () => {
    mock = await startMockServer({ ...data, fallbackToPrism: false });
  });
  afterAll(() => mock?.close());

  it("walks every order exactly once, newest first, with the right total on every page", async () => {
    const expected = expectedOrders(data);
    expect(expected).toHaveLength(173);
    const walk = await walkOrders(mock.url);
    expect(walk.orders).toEqual(expected);
    expect(new Set(walk.orders.map((o) => o.id)).size).toBe(173);
    expect(walk.pages.map((p) => [p.page, p.size, p.orders.length, p.total])).toEqual([
      ...Array.from({ length: 8 }, (_, i) => [i + 1, 20, 20, 173]),
      [9, 20, 13, 173],
    ]);
    const created = walk.orders.map((o) => Date.parse(o.created_at));
    expect(created).toEqual([...created].sort((a, b) => b - a));
  });

  it("resumes from a mid-walk page with no gap and no duplicate", async () => {
    const expected = expectedOrders(data);
    const first = await walkOrders(mock.url, 1);
    const part1 = first.orders.slice(0, 3 * 20);
    const rest = await walkOrders(mock.url, 4);
    expect([...part1, ...rest.orders]).toEqual(expected);
  });

  it("caps a larger size at maxPageSize and says so in `size`", async () => {
    const walk = await walkOrders(mock.url, 1, 100);
    expect(walk.pages.map((p) => [p.size, p.orders.length])).toEqual([
      ...Array.from({ length: 6 }, () => [25, 25]),
      [25, 23],
    ]);
    expect(walk.orders).toEqual(expectedOrders(data));
  });

  it("answers an empty page past the end, still with the total", async () => {
    const body = await okBody<GetOrdersResponse>(await getJson(mock.url, "/v3/orders", { page: 10 }));
    expect(body).toEqual({ orders: [], total: 173, page: 10, size: 20 });
  });

  it("lets Prism refuse pages and sizes the spec forbids, before they reach the backend", async () => {
    const before = mock.stats.orders.requests;
    for (const query of [{ page: 0 }, { size: 0 }, { size: 101 }, { page: "two" }]) {
      const response = await getJson(mock.url, "/v3/orders", query);
      expect(response.status, JSON.stringify(query)).toBe(422);
    }
    expect(mock.stats.orders.requests).toBe(before);
  });

  it("places every order for one of the team's users, with events that end in last_event", () => {
    const users = new Set(expectedUsers(data).map((u) => u.user_id));
    const orders = expectedOrders(data);
    const teams = new Set([...orders.map((o) => o.team_id), ...expectedUsers(data).map((u) => u.team_id)]);
    expect(teams.size).toBe(1);
    for (const order of orders) {
      expect(users.has(order.user_id), order.id).toBe(true);
      expect(order.last_event, order.id).toEqual(order.events.at(-1));
      expect(order.details.type, order.id).toBe(order.lab_test.method);
      expect(order.status, order.id).toBe(order.last_event.status.split(".")[0]);
    }
    expect(new Set(orders.map((o) => o.lab_test.method)).size).toBe(4);
  });
});

describe("the backend's own checks of page and size (no proxy in front)", () => {
  it("answers 422 with FastAPI-style issues", async () => {
    const mock = await startMockServer({ ...data, validate: false, fallbackToPrism: false });
    try {
      const response = await getJson(mock.url, "/v3/orders", { page: 0, size: "x" });
      expect(response.status).toBe(422);
      expect(await response.json()).toEqual({
        detail: [
          { loc: ["query", "page"], msg: "Input should be greater than or equal to 1", type: "greater_than_equal" },
          {
            loc: ["query", "size"],
            msg: "Input should be a valid integer, unable to parse string as an integer",
            type: "int_parsing",
          },
        ],
      });
      expect(mock.stats.orders.rejected).toEqual({ 422: 1 });
      const noKey = await getJson(mock.url, "/v3/orders", {}, null);
      expect(noKey.status).toBe(401);
      expect((await noKey.json()).detail).toMatch(/x-vital-api-key/);
    } finally {
      await mock.close();
    }
  });
});
