/** `GET /v2/user` (offset/limit paging) through the validating Prism proxy. */
import type { ClientFacingUser, PaginatedUsersResponse } from "@junction/openapi-types";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectedUsers, type MockServer, startMockServer } from "../src/index.js";
import { getJson, okBody } from "./helpers.js";

const data = { seed: 5, users: { count: 237, pageSize: 50, maxPageSize: 80 } };

interface Walk {
  users: ClientFacingUser[];
  pages: PaginatedUsersResponse[];
}

/** Follows offsets from `offset` until a short page, as a client would, checking `total` on every page. */
async function walkUsers(baseUrl: string, offset = 0, limit?: number): Promise<Walk> {
  const walk: Walk = { users: [], pages: [] };
  for (let page = 0; page < 1000; page++) {
    const body = await okBody<PaginatedUsersResponse>(await getJson(baseUrl, "/v2/user", { offset, limit }));
    walk.pages.push(body);
    walk.users.push(...body.users);
    expect(body.offset).toBe(offset);
    if (body.users.length < body.limit || body.users.length === 0) return walk;
    offset += body.users.length;
  }
  throw new Error("the walk never ended");
}

describe("GET /v2/user behind the validating proxy", () => {
  let mock: MockServer;
  beforeAll(async () => {
    mock = await startMockServer({ ...data, fallbackToPrism: false });
  });
  afterAll(() => mock?.close());

  it("walks every user exactly once, in order, with the right total on every page", async () => {
    const expected = expectedUsers(data);
    expect(expected).toHaveLength(237);
    const walk = await walkUsers(mock.url);
    expect(walk.users).toEqual(expected);
    expect(new Set(walk.users.map((u) => u.user_id)).size).toBe(237);
    expect(walk.pages.map((p) => [p.offset, p.limit, p.users.length, p.total])).toEqual([
      [0, 50, 50, 237],
      [50, 50, 50, 237],
      [100, 50, 50, 237],
      [150, 50, 50, 237],
      [200, 50, 37, 237],
    ]);
    expect(mock.stats.users.pages).toBeGreaterThanOrEqual(5);
  });

  it("resumes from a mid-walk offset, aligned or not, with no gap and no duplicate", async () => {
    const expected = expectedUsers(data);
    for (const resumeAt of [100, 73]) {
      const first = expected.slice(0, resumeAt);
      const rest = await walkUsers(mock.url, resumeAt);
      expect([...first, ...rest.users], `resume at ${resumeAt}`).toEqual(expected);
    }
  });

  it("caps a larger limit at maxPageSize and says so in `limit`", async () => {
    const walk = await walkUsers(mock.url, 0, 200);
    expect(walk.pages.map((p) => [p.limit, p.users.length])).toEqual([
      [80, 80],
      [80, 80],
      [80, 77],
    ]);
    expect(walk.users).toEqual(expectedUsers(data));
  });

  it("answers an empty page past the end, still with the total", async () => {
    const body = await okBody<PaginatedUsersResponse>(await getJson(mock.url, "/v2/user", { offset: 237 }));
    expect(body).toEqual({ users: [], total: 237, offset: 237, limit: 50 });
  });

  it("refuses a negative offset with the API's 422, and Prism refuses what the spec forbids", async () => {
    const negative = await getJson(mock.url, "/v2/user", { offset: -1 });
    expect(negative.status).toBe(422);
    expect(negative.headers.get("sl-violations")).toBeNull();
    expect(await negative.json()).toEqual({
      detail: [
        { loc: ["query", "offset"], msg: "Input should be greater than or equal to 0", type: "greater_than_equal" },
      ],
    });
    const before = mock.stats.users.requests;
    for (const query of [{ limit: 501 }, { limit: "many" }, { offset: "1.5" }]) {
      const response = await getJson(mock.url, "/v2/user", query);
      expect(response.status, JSON.stringify(query)).toBe(422);
      expect((await response.json()).type, JSON.stringify(query)).toMatch(/UNPROCESSABLE_ENTITY/);
    }
    expect(mock.stats.users.requests).toBe(before);
  });

  it("gives every user well-formed fields and the team's id", () => {
    const users = expectedUsers(data);
    expect(new Set(users.map((u) => u.team_id)).size).toBe(1);
    const created = users.map((u) => Date.parse(u.created_on));
    expect(created).toEqual([...created].sort((a, b) => a - b));
    expect(users.some((u) => u.connected_sources.length > 0)).toBe(true);
    expect(users.some((u) => u.fallback_time_zone === null)).toBe(true);
    expect(users.some((u) => u.fallback_time_zone !== null)).toBe(true);
  });
});

describe("GET /v2/user over a large team", () => {
  it("serves the last page of ten million users directly, without making the others", async () => {
    const mock = await startMockServer({ users: { count: 10_000_000 }, validate: false, fallbackToPrism: false });
    try {
      const started = performance.now();
      const response = await getJson(mock.url, "/v2/user", { offset: 9_999_950, limit: 100 });
      const body = await okBody<PaginatedUsersResponse>(response);
      expect(performance.now() - started).toBeLessThan(1000);
      expect(body.total).toBe(10_000_000);
      expect(body.users).toHaveLength(50);
      const last = body.users.at(-1);
      expect(Date.parse(last?.created_on ?? "")).toBeLessThan(Date.parse("2042-01-01T00:00:00Z"));
    } finally {
      await mock.close();
    }
  });
});
