import { createServer } from "node:http";
import { createServer as createNetServer } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  expectedConnections,
  expectedStepGroups,
  expectedUsers,
  type MockServer,
  startMockServer,
  startPrism,
} from "../src/index.js";
import { exportPage, getJson, walkAllPages } from "./helpers.js";

const data = { connections: 3000, seed: 21 };
const stepsUser = "5e6f7a8b-9c0d-4e1f-a2b3-c4d5e6f7a8b9";

describe("startMockServer behind the validating Prism proxy", () => {
  let mock: MockServer;
  beforeAll(async () => {
    mock = await startMockServer({ ...data, pageSize: 50, emptyPageEvery: 4, fallbackToPrism: false });
  });
  afterAll(() => mock?.close());

  it("puts Prism's proxy at url, in front of the backend", () => {
    expect(mock.url).toBe(mock.endpoints.prismProxy);
    expect(mock.endpoints.backend).not.toBe(mock.url);
    expect(mock.endpoints.prismMock).toBeUndefined();
  });

  it("walks every page of a provider and gets exactly the expected connections, each once", async () => {
    const expected = expectedConnections({ ...data, provider: "fitbit" });
    const walk = await walkAllPages(mock.url, { provider: "fitbit" });
    expect(walk.connections).toEqual(expected);
    expect(new Set(walk.connections.map((c) => c.user_id)).size).toBe(expected.length);
    expect(walk.tokens.at(-1)).toBeNull();
    // Every 4th page is empty but carries a token; the others are full except the last.
    walk.pageSizes.forEach((size, i) => {
      if ((i + 1) % 4 === 0) expect([size, typeof walk.tokens[i]], `page ${i + 1}`).toEqual([0, "string"]);
    });
    expect(walk.pageSizes.filter((size) => size === 0).length).toBeGreaterThanOrEqual(4);
    expect(walk.pageSizes.filter((size) => size !== 0 && size !== 50)).toHaveLength(1);
  });

  it("filters by user_ids through the proxy", async () => {
    const garmin = expectedConnections({ ...data, provider: "garmin" });
    const walk = await walkAllPages(mock.url, {
      provider: "garmin",
      user_ids: [garmin[9]?.user_id, garmin[1]?.user_id],
    });
    expect(walk.connections).toEqual([garmin[1], garmin[9]]);
  });

  it("passes the backend's 422 for a forged token through unchanged", async () => {
    const response = await exportPage(mock.url, { provider: "fitbit", next_token: "forged" });
    expect(response.status).toBe(422);
    expect(response.headers.get("sl-violations")).toBeNull();
    expect(await response.json()).toEqual({
      detail: [{ loc: ["body", "next_token"], msg: "invalid or expired next_token", type: "value_error" }],
    });
  });

  it("lets Prism refuse what breaks the spec before it reaches the backend", async () => {
    const before = mock.stats.backend.requests;
    const noKey = await exportPage(mock.url, { provider: "fitbit" }, null);
    expect(noKey.status).toBe(401);
    expect((await noKey.json()).type).toMatch(/UNAUTHORIZED/);
    const noProvider = await exportPage(mock.url, {});
    expect(noProvider.status).toBe(422);
    expect(JSON.stringify((await noProvider.json()).validation)).toMatch(/must have required property 'provider'/);
    const badUser = await exportPage(mock.url, { provider: "oura", user_ids: ["nope"] });
    expect(badUser.status).toBe(422);
    expect(mock.stats.backend.requests).toBe(before);
  });
});

describe("Prism proxy --errors, the premise of the validating setup", () => {
  it("turns an upstream answer that breaks the response schema into a 500 with sl-violations", async () => {
    const broken = createServer((_, res) => {
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify({ data: [{ user_id: "not-a-uuid", access_token: 1 }] }));
    }).listen(0, "127.0.0.1");
    await new Promise((ok) => broken.once("listening", ok));
    const upstream = `http://127.0.0.1:${(broken.address() as { port: number }).port}`;
    const proxy = await startPrism({ mode: "proxy", upstream });
    try {
      const response = await exportPage(proxy.url, { provider: "oura" });
      expect(response.status).toBe(500);
      const violations = response.headers.get("sl-violations") ?? "";
      expect(violations).toMatch(/must have required property 'next_token'/);
      expect(violations).toMatch(/user_id must match format \\"uuid\\"/);
    } finally {
      await proxy.close();
      broken.close();
    }
  });
});

describe("faults in front of the validating proxy", () => {
  it("reach the client as real 429s, resets and 503s, then requests go through", async () => {
    const mock = await startMockServer({
      ...data,
      fallbackToPrism: false,
      faults: { failFirst: 3, kinds: ["429", "reset", "503"], retryAfterMs: 2500 },
    });
    try {
      expect(mock.url).toBe(mock.endpoints.faults);
      const limited = await exportPage(mock.url, { provider: "oura" });
      expect(limited.status).toBe(429);
      expect(limited.headers.get("retry-after")).toBe("3");
      expect(limited.headers.get("retry-after-ms")).toBe("2500");
      expect(limited.headers.get("sl-violations")).toBeNull();
      await expect(exportPage(mock.url, { provider: "oura" })).rejects.toThrow(TypeError);
      expect((await exportPage(mock.url, { provider: "oura" })).status).toBe(503);
      const page = await exportPage(mock.url, { provider: "oura" });
      expect(page.status).toBe(200);
      expect((await page.json()).data).toEqual(expectedConnections({ ...data, provider: "oura" }).slice(0, 100));
      expect(mock.stats.faults).toEqual({
        requests: 4,
        passed: 1,
        faults: { "500": 0, "502": 0, "503": 1, "429": 1, reset: 1, delay: 0 },
      });
      expect(mock.stats.backend.pages).toBe(1);
    } finally {
      await mock.close();
    }
  });

  it("apply to every stateful operation, not only the bulk export", async () => {
    const mock = await startMockServer({
      ...data,
      users: { count: 30 },
      orders: { count: 30 },
      fallbackToPrism: false,
      faults: { failFirst: 3, kinds: ["503", "429", "500"], retryAfterMs: 1000 },
    });
    try {
      const steps = `/v2/timeseries/${stepsUser}/steps/grouped`;
      const stepsQuery = { start_date: "2025-12-01" };
      expect((await getJson(mock.url, "/v2/user")).status).toBe(503);
      expect((await getJson(mock.url, "/v3/orders")).status).toBe(429);
      expect((await getJson(mock.url, steps, stepsQuery)).status).toBe(500);
      const users = await getJson(mock.url, "/v2/user");
      expect((await users.json()).users).toEqual(expectedUsers({ ...data, users: { count: 30 } }));
      const orders = await getJson(mock.url, "/v3/orders");
      expect((await orders.json()).orders).toHaveLength(30);
      const page = await getJson(mock.url, steps, stepsQuery);
      expect(Object.values((await page.json()).groups).flat()).toEqual(
        expectedStepGroups({ ...data, userId: stepsUser, startDate: "2025-12-01" }).slice(0, 30),
      );
      expect(mock.stats.faults?.faults).toEqual({ "500": 1, "502": 0, "503": 1, "429": 1, reset: 0, delay: 0 });
      expect([mock.stats.users.pages, mock.stats.orders.pages, mock.stats.steps.pages]).toEqual([1, 1, 1]);
    } finally {
      await mock.close();
    }
  });
});

function portIsFree(url: string): Promise<boolean> {
  return new Promise((ok) => {
    const probe = createNetServer();
    probe.once("error", () => ok(false));
    probe.listen(Number(new URL(url).port), "127.0.0.1", () => probe.close(() => ok(true)));
  });
}

describe("close()", () => {
  it("stops every server and Prism process", async () => {
    const mock = await startMockServer({ ...data, faults: { rate: 0 } });
    const urls = Object.values(mock.endpoints).filter((url): url is string => url !== undefined);
    expect(urls).toHaveLength(4);
    await mock.close();
    for (const url of urls) {
      await expect(fetch(url), url).rejects.toThrow(TypeError);
      expect(await portIsFree(url), url).toBe(true);
    }
    await mock.close();
  });
});
