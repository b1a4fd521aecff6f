/**
 * One operation of each paging style besides the bulk export, end to end against the stateful mock
 * behind `prism proxy --errors` (every request and page is validated against openapi/junction.yaml):
 * offset and limit (`GET /v2/user`), page and size (`GET /v3/orders`) and a grouped cursor
 * (`GET /v2/timeseries/{user_id}/steps/grouped`). Each walk is compared with the data set item by item,
 * resumed from a mid-walk checkpoint, and repeated under injected faults.
 */
import {
  createStepsDataset,
  expectedOrders,
  expectedStepGroups,
  expectedUsers,
  type MockServer,
  startMockServer,
} from "@junction/mock-server";
import { paginated } from "@junction/openapi-types";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createJunctionClient, type Page } from "../src/index.js";

const apiKey = "test-key";
const data = {
  seed: 11,
  users: { count: 230, pageSize: 40 },
  orders: { count: 170, pageSize: 25 },
  steps: { pageSize: 7 },
};
const steps = createStepsDataset({ seed: data.seed });
// A user whose steps come from several providers, so pages hold more than one group list.
const stepsUser = Array.from({ length: 50 }, (_, i) => `00000000-0000-4000-8000-${String(i).padStart(12, "0")}`).find(
  (id) => steps.providersOf(id).length > 1,
) as string;
const stepsQuery = { start_date: "2025-10-01", end_date: "2025-12-31" };

/** The same walk through `.pages()`, split by `maxPages` and resumed from the checkpoint. */
async function resumed<T>(
  walk: (options: { maxPages?: number; startToken?: string | null }) => {
    pages(): AsyncIterableIterator<Page<T>>;
    toArray(): Promise<T[]>;
  },
) {
  const first: T[] = [];
  let checkpoint: string | null = null;
  for await (const page of walk({ maxPages: 2 }).pages()) {
    first.push(...page.items);
    checkpoint = page.nextToken;
  }
  const rest = await walk({ startToken: checkpoint }).toArray();
  return { first, rest, checkpoint };
}

describe("the stateful mock pages each style", () => {
  let mock: MockServer;
  beforeAll(async () => {
    mock = await startMockServer({ ...data, fallbackToPrism: false });
  });
  afterAll(() => mock?.close());
  const client = () => createJunctionClient({ baseUrl: mock.url, apiKey, maxRetries: 0 });

  it("the generated table gives the styles these tests rely on", () => {
    expect(paginated["get /v2/user"].style).toBe("offset");
    expect(paginated["get /v3/orders"].style).toBe("page");
    expect(paginated["get /v2/timeseries/{user_id}/steps/grouped"]).toMatchObject({ style: "cursor", grouped: true });
  });

  it("offset and limit: every user once, ending at total", async () => {
    const pages = [];
    for await (const page of client().paginate("GET", "/v2/user", {}).pages()) pages.push(page);
    expect(pages.flatMap((p) => p.items)).toEqual(expectedUsers(data));
    expect(pages).toHaveLength(Math.ceil(data.users.count / data.users.pageSize));
    expect(pages.map((p) => p.token)).toEqual(pages.map((_, i) => (i === 0 ? null : String(i * data.users.pageSize))));
    expect(pages.at(-1)?.nextToken).toBeNull();
  });

  it("offset and limit: resumes from an offset with no gap and no duplicate", async () => {
    const { first, rest, checkpoint } = await resumed((options) =>
      client().paginate("GET", "/v2/user", { params: { query: { limit: 30 } } }, options),
    );
    expect(checkpoint).toBe("60");
    expect([...first, ...rest]).toEqual(expectedUsers(data));
  });

  it("page and size: every order once, ending at total", async () => {
    const pages = [];
    for await (const page of client().paginate("GET", "/v3/orders", {}).pages()) pages.push(page);
    expect(pages.flatMap((p) => p.items)).toEqual(expectedOrders(data));
    expect(pages).toHaveLength(Math.ceil(data.orders.count / data.orders.pageSize));
    expect(pages.map((p) => p.token)).toEqual(pages.map((_, i) => (i === 0 ? null : String(i + 1))));
  });

  it("page and size: resumes from a page number", async () => {
    const { first, rest, checkpoint } = await resumed((options) =>
      client().paginate("GET", "/v3/orders", { params: { query: { size: 20 } } }, options),
    );
    expect(checkpoint).toBe("3");
    expect([...first, ...rest]).toEqual(expectedOrders(data));
  });

  it("grouped cursor: every group of every provider once, in order", async () => {
    const expected = expectedStepGroups({
      seed: data.seed,
      userId: stepsUser,
      startDate: "2025-10-01",
      endDate: "2025-12-31",
    });
    expect(expected.length).toBeGreaterThan(3 * data.steps.pageSize);
    const groups = await client()
      .paginate("GET", "/v2/timeseries/{user_id}/steps/grouped", {
        params: { path: { user_id: stepsUser }, query: stepsQuery },
      })
      .toArray();
    expect(groups).toEqual(expected);
  });

  it("grouped cursor: resumes from a cursor; a forged cursor is refused with the position to retry", async () => {
    const expected = expectedStepGroups({
      seed: data.seed,
      userId: stepsUser,
      startDate: "2025-10-01",
      endDate: "2025-12-31",
    });
    const init = { params: { path: { user_id: stepsUser }, query: stepsQuery } };
    const { first, rest } = await resumed((options) =>
      client().paginate("GET", "/v2/timeseries/{user_id}/steps/grouped", init, options),
    );
    expect([...first, ...rest]).toEqual(expected);
    const error = await client()
      .paginate("GET", "/v2/timeseries/{user_id}/steps/grouped", init, { startToken: "forged" })
      .toArray()
      .catch((e) => e);
    expect(error).toMatchObject({ name: "ValidationError", status: 422, resumeToken: "forged" });
  });
});

describe("each style under injected faults", () => {
  let faulty: MockServer;
  beforeAll(async () => {
    faulty = await startMockServer({
      ...data,
      fallbackToPrism: false,
      faults: { failFirst: 4, rate: 0.35, kinds: ["500", "503", "429", "reset"], retryAfterMs: 5, seed: 5 },
    });
  });
  afterAll(() => faulty?.close());

  it("still yields every item exactly once", async () => {
    const client = createJunctionClient({
      baseUrl: faulty.url,
      apiKey,
      maxRetries: 12,
      initialRetryDelayMs: 1,
      maxRetryDelayMs: 50,
    });
    expect(await client.paginate("GET", "/v2/user", {}).toArray()).toEqual(expectedUsers(data));
    expect(await client.paginate("GET", "/v3/orders", {}).toArray()).toEqual(expectedOrders(data));
    const groups = await client
      .paginate("GET", "/v2/timeseries/{user_id}/steps/grouped", {
        params: { path: { user_id: stepsUser }, query: stepsQuery },
      })
      .toArray();
    expect(groups).toEqual(
      expectedStepGroups({ seed: data.seed, userId: stepsUser, startDate: "2025-10-01", endDate: "2025-12-31" }),
    );
    const faults = faulty.stats.faults?.faults;
    for (const kind of ["500", "503", "429", "reset"] as const) expect(faults?.[kind]).toBeGreaterThan(0);
  });
});
