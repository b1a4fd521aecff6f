/** `GET /v2/timeseries/{user_id}/steps/grouped` (query cursor, grouped items) through the validating Prism proxy. */
import type { GroupedSteps, GroupedStepsResponse } from "@junction/openapi-types";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createStepsDataset,
  expectedStepGroups,
  invalidCursorIssue,
  type MockServer,
  startMockServer,
  stepsDataEndMs,
} from "../src/index.js";
import { getJson, okBody } from "./helpers.js";

const data = { seed: 5, steps: { pageSize: 7 } };
/** A user with three providers for this seed; the other has one. */
const userId = "5e6f7a8b-9c0d-4e1f-a2b3-c4d5e6f7a8b9";
const otherUser = "3f0c1d2e-8a4b-4c5d-9e6f-7a8b9c0d1e2f";
const range = { startDate: "2025-10-01", endDate: "2025-11-15" };
const query = { start_date: range.startDate, end_date: range.endDate };
const path = (user = userId) => `/v2/timeseries/${user}/steps/grouped`;

/** The groups of a page in the order a client reads them: each provider's list in turn. */
const groupsOf = (page: GroupedStepsResponse): GroupedSteps[] => Object.values(page.groups).flat();
const keyOf = (group: GroupedSteps) => `${group.source.provider} ${group.data[0]?.start.slice(0, 10)}`;

interface Walk {
  groups: GroupedSteps[];
  pages: GroupedStepsResponse[];
}

/** Follows `next_cursor` (or the deprecated `cursor`) from `cursor` until it is null. */
async function walkSteps(
  baseUrl: string,
  params: Record<string, string>,
  cursor: string | null = null,
  cursorParam = "next_cursor",
): Promise<Walk> {
  const walk: Walk = { groups: [], pages: [] };
  for (let n = 0; n < 1000; n++) {
    const page = await okBody<GroupedStepsResponse>(
      await getJson(baseUrl, path(), { ...params, ...(cursor === null ? {} : { [cursorParam]: cursor }) }),
    );
    walk.pages.push(page);
    walk.groups.push(...groupsOf(page));
    cursor = page.next_cursor ?? null;
    if (cursor === null) return walk;
  }
  throw new Error("the walk never ended");
}

describe("GET /v2/timeseries/{user_id}/steps/grouped behind the validating proxy", () => {
  let mock: MockServer;
  const expected = expectedStepGroups({ ...data, userId, ...range });
  beforeAll(async () => {
    mock = await startMockServer({ ...data, fallbackToPrism: false });
  });
  afterAll(() => mock?.close());

  it("has a data set worth walking: several providers, most days", () => {
    const providers = createStepsDataset(data).providersOf(userId);
    expect(providers).toEqual(["fitbit", "garmin", "whoop_v2"]);
    expect(new Set(expected.map((g) => g.source.provider))).toEqual(new Set(providers));
    expect(expected.length).toBeGreaterThan(30 * providers.length);
    expect(expected.length).toBeLessThanOrEqual(46 * providers.length);
  });

  it("walks every group exactly once, in order, full pages then a last one with next_cursor null", async () => {
    const walk = await walkSteps(mock.url, query);
    expect(walk.groups).toEqual(expected);
    expect(new Set(walk.groups.map(keyOf)).size).toBe(expected.length);
    const sizes = walk.pages.map((page) => groupsOf(page).length);
    expect(sizes.slice(0, -1).every((size) => size === 7)).toBe(true);
    expect(sizes.at(-1)).toBe(expected.length - 7 * (sizes.length - 1));
    for (const page of walk.pages) {
      expect(page.next).toBe(page.next_cursor);
      for (const [provider, groups] of Object.entries(page.groups)) {
        expect(groups.every((g) => g.source.provider === provider)).toBe(true);
      }
    }
    const cursors = walk.pages.slice(0, -1).map((page) => page.next_cursor);
    expect(cursors.every((c) => typeof c === "string" && /^[A-Za-z0-9_-]+$/.test(c))).toBe(true);
    expect(new Set(cursors).size).toBe(cursors.length);
  });

  it("keeps samples inside the range and groups to one provider and day", () => {
    const start = Date.parse("2025-10-01T00:00:00Z");
    const end = Date.parse("2025-11-15T23:59:59Z");
    for (const group of expected) {
      const days = new Set(group.data.map((sample) => sample.start.slice(0, 10)));
      expect(days.size).toBe(1);
      for (const sample of group.data) {
        expect(sample.unit).toBe("count");
        expect(Date.parse(sample.start)).toBeGreaterThanOrEqual(start);
        expect(Date.parse(sample.start)).toBeLessThanOrEqual(end);
      }
    }
  });

  it("resumes from a mid-walk cursor with no gap and no duplicate", async () => {
    const first = await walkSteps(mock.url, query);
    const checkpoint = first.pages[2]?.next_cursor ?? null;
    expect(checkpoint).toEqual(expect.any(String));
    const before = first.pages.slice(0, 3).flatMap(groupsOf);
    const rest = await walkSteps(mock.url, query, checkpoint);
    expect([...before, ...rest.groups]).toEqual(expected);
  });

  it("takes the deprecated `cursor` like next_cursor (Prism's proxy refuses deprecated parameters, so ask the backend)", async () => {
    const refused = await getJson(mock.url, path(), { ...query, cursor: "x" });
    expect(refused.status).toBe(422);
    expect(JSON.stringify(await refused.json())).toMatch(/Query param cursor is deprecated/);

    const first = await walkSteps(mock.url, query);
    const checkpoint = first.pages[2]?.next_cursor ?? null;
    const before = first.pages.slice(0, 3).flatMap(groupsOf);
    const rest = await walkSteps(mock.endpoints.backend, query, checkpoint, "cursor");
    expect([...before, ...rest.groups]).toEqual(expected);
    const forged = await getJson(mock.endpoints.backend, path(), { ...query, cursor: "forged" });
    expect(forged.status).toBe(422);
    expect(await forged.json()).toEqual({ detail: [invalidCursorIssue("cursor")] });
  });

  it("answers the same page again for the same cursor, so retries are safe", async () => {
    const first = await okBody<GroupedStepsResponse>(await getJson(mock.url, path(), query));
    const again = () =>
      getJson(mock.url, path(), { ...query, next_cursor: first.next_cursor ?? "" }).then((r) =>
        okBody<GroupedStepsResponse>(r),
      );
    const [a, b] = await Promise.all([again(), again()]);
    expect(a).toEqual(b);
    expect(groupsOf(a)).toEqual(expected.slice(7, 14));
  });

  it("filters by provider", async () => {
    const provider = createStepsDataset(data).providersOf(userId)[1] ?? "";
    const walk = await walkSteps(mock.url, { ...query, provider });
    expect(walk.groups).toEqual(expected.filter((g) => g.source.provider === provider));
    expect(walk.groups).toEqual(expectedStepGroups({ ...data, userId, ...range, provider }));
    const none = await okBody<GroupedStepsResponse>(await getJson(mock.url, path(), { ...query, provider: "nope" }));
    expect(none).toEqual({ groups: {}, next: null, next_cursor: null });
  });

  it("refuses forged, altered and other-query cursors with the API's 422", async () => {
    const first = await okBody<GroupedStepsResponse>(await getJson(mock.url, path(), query));
    const cursor = first.next_cursor ?? "";
    const altered = `${cursor.slice(0, 3)}${cursor[3] === "A" ? "B" : "A"}${cursor.slice(4)}`;
    const cases: [string, Record<string, string>, string?][] = [
      ["random", { ...query, next_cursor: "not-a-cursor" }],
      ["altered", { ...query, next_cursor: altered }],
      ["padded", { ...query, next_cursor: `${cursor}=` }],
      ["empty", { ...query, next_cursor: "" }],
      ["other end date", { ...query, end_date: "2025-11-16", next_cursor: cursor }],
      ["other provider", { ...query, provider: "fitbit", next_cursor: cursor }],
      ["other user", { ...query, next_cursor: cursor }, otherUser],
    ];
    for (const [why, params, user] of cases) {
      const response = await getJson(mock.url, path(user), params);
      expect(response.status, why).toBe(422);
      expect(response.headers.get("sl-violations"), why).toBeNull();
      expect(await response.json(), why).toEqual({ detail: [invalidCursorIssue("next_cursor")] });
    }
  });

  it("refuses a cursor from a data set with another seed", async () => {
    const other = await startMockServer({ ...data, seed: 6, validate: false, fallbackToPrism: false });
    try {
      const page = await okBody<GroupedStepsResponse>(await getJson(other.url, path(), query));
      expect(page.next_cursor).toEqual(expect.any(String));
      const next = { ...query, next_cursor: page.next_cursor ?? "" };
      expect((await getJson(mock.url, path(), next)).status).toBe(422);
      expect((await getJson(other.url, path(), next)).status).toBe(200);
    } finally {
      await other.close();
    }
  });

  it("refuses dates that are not dates, and a range that ends before it starts", async () => {
    const cases: [Record<string, string>, string][] = [
      [{ start_date: "yesterday" }, "start_date"],
      [{ start_date: "2025-02-30" }, "start_date"],
      [{ start_date: "2025-10-01", end_date: "soon" }, "end_date"],
      [{ start_date: "2025-10-02", end_date: "2025-10-01" }, "end_date"],
    ];
    for (const [params, name] of cases) {
      const response = await getJson(mock.url, path(), params);
      expect(response.status, JSON.stringify(params)).toBe(422);
      const { detail } = await response.json();
      expect(detail, JSON.stringify(params)).toEqual([expect.objectContaining({ loc: ["query", name] })]);
    }
    const missing = await getJson(mock.url, path(), {});
    expect(missing.status).toBe(422);
    expect(JSON.stringify(await missing.json())).toMatch(/start_date/);
  });

  it("reads a date-time start to the second, and a missing end_date as the end of the data", async () => {
    const params = { start_date: "2025-12-30T12:00:00Z" };
    const walk = await walkSteps(mock.url, params);
    expect(walk.groups).toEqual(expectedStepGroups({ ...data, userId, startDate: params.start_date }));
    expect(walk.groups.length).toBeGreaterThan(0);
    const starts = walk.groups.flatMap((g) => g.data.map((s) => Date.parse(s.start)));
    expect(Math.min(...starts)).toBeGreaterThanOrEqual(Date.parse("2025-12-30T12:00:00Z"));
    expect(Math.max(...starts)).toBeLessThanOrEqual(stepsDataEndMs);
    expect(Math.max(...starts)).toBeGreaterThanOrEqual(Date.parse("2025-12-31T00:00:00Z"));
  });
});
