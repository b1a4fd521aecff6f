/** The synthetic users, orders and step counts, and the operation table, without a server. */
import {
  LabTestCollectionMethodValues,
  OrderStatusValues,
  OrderTopLevelStatusValues,
  operationIndex,
  paginated,
} from "@junction/openapi-types";
import { describe, expect, it } from "vitest";
import {
  createOrderDataset,
  createStepsDataset,
  createUserDataset,
  expectedStepGroups,
  expectedUsers,
  startMockServer,
  statefulOperations,
} from "../src/index.js";

const uuidV4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const dateTime = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+00:00$/;

describe("statefulOperations", () => {
  it("are the generated tables' operations, one of each paging style", () => {
    expect(statefulOperations.map((op) => `${op.method} ${op.path}`)).toEqual([
      "POST /v2/link/bulk_export",
      "GET /v2/user",
      "GET /v3/orders",
      "GET /v2/timeseries/{user_id}/steps/grouped",
    ]);
    const styles = statefulOperations.map((op) => {
      const key = `${op.method.toLowerCase()} ${op.path}` as keyof typeof paginated;
      const info = operationIndex[op.operationId as keyof typeof operationIndex];
      expect(`${info.method} ${info.path}`).toBe(key);
      return paginated[key].style;
    });
    expect(styles).toEqual(["body", "offset", "page", "cursor"]);
  });
});

describe("users", () => {
  it("are the same for the same seed, different for another, and can be made one at a time", () => {
    const a = expectedUsers({ seed: 8, users: { count: 300 } });
    expect(expectedUsers({ seed: 8, users: { count: 300 } })).toEqual(a);
    const other = new Set(expectedUsers({ seed: 9, users: { count: 300 } }).map((u) => u.user_id));
    expect(a.filter((u) => other.has(u.user_id))).toEqual([]);
    const dataset = createUserDataset({ seed: 8, users: { count: 300 } });
    expect(dataset.userAt(123)).toEqual(a[123]);
    expect(dataset.userIdAt(123)).toBe(a[123]?.user_id);
  });

  it("have well-formed, unique ids and sources from the provider mix", () => {
    const users = expectedUsers({ seed: 2, users: { count: 2000 }, providers: ["oura", "polar"] });
    expect(new Set(users.map((u) => u.user_id)).size).toBe(2000);
    expect(new Set(users.map((u) => u.client_user_id)).size).toBe(2000);
    for (const user of users) {
      expect(user.user_id).toMatch(uuidV4);
      expect(user.team_id).toMatch(uuidV4);
      expect(user.created_on).toMatch(dateTime);
      for (const source of user.connected_sources) {
        expect(["oura", "polar"]).toContain(source.provider.slug);
        expect(source.source).toEqual(source.provider);
      }
    }
  });
});

describe("orders", () => {
  it("use only the spec's statuses and methods, and events in time order", () => {
    const dataset = createOrderDataset({ seed: 4, orders: { count: 1500 }, users: { count: 10 } });
    const statuses = new Set<string>();
    for (let i = 0; i < dataset.size; i++) {
      const order = dataset.orderAt(i);
      expect(order.id).toMatch(uuidV4);
      expect(LabTestCollectionMethodValues).toContain(order.lab_test.method);
      expect(OrderTopLevelStatusValues).toContain(order.status);
      const times = order.events.map((e) => Date.parse(e.created_at));
      expect(times).toEqual([...times].sort((a, b) => a - b));
      expect(order.updated_at).toBe(order.last_event.created_at);
      for (const event of order.events) statuses.add(event.status);
    }
    for (const status of statuses) expect(OrderStatusValues).toContain(status);
    expect([...statuses].filter((s) => s.startsWith("cancelled.")).length).toBeGreaterThan(0);
    expect([...statuses].filter((s) => s.startsWith("completed.")).length).toBe(4);
  });

  it("make the millionth order directly", () => {
    const dataset = createOrderDataset({ orders: { count: 1_000_000 } });
    const last = dataset.orderAt(999_999);
    expect(last).toEqual(createOrderDataset({ orders: { count: 1_000_000 } }).orderAt(999_999));
    expect(Date.parse(last.created_at)).toBeGreaterThan(Date.parse("2006-01-01T00:00:00Z"));
  });
});

describe("step counts", () => {
  it("are the same whatever the case of the user id, and differ between users", () => {
    const query = { seed: 1, startDate: "2025-11-01", endDate: "2025-11-30" };
    const user = "5E6F7A8B-9C0D-4E1F-A2B3-C4D5E6F7A8B9";
    const groups = expectedStepGroups({ ...query, userId: user });
    expect(expectedStepGroups({ ...query, userId: user.toLowerCase() })).toEqual(groups);
    expect(expectedStepGroups({ ...query, userId: "3f0c1d2e-8a4b-4c5d-9e6f-7a8b9c0d1e2f" })).not.toEqual(groups);
    expect(createStepsDataset({ seed: 1 }).providersOf(user)).toEqual(
      createStepsDataset({ seed: 1 }).providersOf(user.toLowerCase()),
    );
  });

  it("start no earlier than the user's history and end on the data's last day", () => {
    const groups = expectedStepGroups({ userId: "5e6f7a8b-9c0d-4e1f-a2b3-c4d5e6f7a8b9", startDate: "1990-01-01" });
    const days = groups.map((g) => g.data[0]?.start.slice(0, 10) ?? "");
    expect(days.every((day) => day >= "2023-12-31" && day <= "2025-12-31")).toBe(true);
    expect(days).toContain("2025-12-31");
    expect(() => expectedStepGroups({ userId: "x", startDate: "soon" })).toThrow(/not a date or date-time: start_date/);
  });
});

describe("options of the new operations", () => {
  it("are refused with a message that says what is wrong, before anything starts", async () => {
    const cases: [Parameters<typeof startMockServer>[0], RegExp][] = [
      [{ users: { count: -1 } }, /users.count must be a whole number from 0 to 10000000, got -1/],
      [{ users: { maxPageSize: 501 } }, /users.maxPageSize must be a whole number from 1 to 500/],
      [{ users: { pageSize: 200, maxPageSize: 100 } }, /users.pageSize must be a whole number from 1 to 100, got 200/],
      [{ orders: { pageSize: 0 } }, /orders.pageSize must be a whole number from 1 to 100, got 0/],
      [{ orders: { count: 2_000_000 } }, /orders.count must be a whole number from 0 to 1000000/],
      [{ steps: { pageSize: 1.5 } }, /steps.pageSize must be a whole number from 1 to 10000, got 1.5/],
    ];
    for (const [options, message] of cases) {
      await expect(startMockServer({ ...options, validate: false, fallbackToPrism: false })).rejects.toThrow(message);
    }
  });
});
