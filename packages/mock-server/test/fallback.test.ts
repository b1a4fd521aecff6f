/**
 * Operations without state, answered by the Prism mock behind the backend and the validating proxy.
 * Each request below is one the spec allows and whose static example breaks the spec's own schema.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type MockServer, type RunningServer, startMockServer, startPrism } from "../src/index.js";
import { apiKey } from "./helpers.js";

const user = "2f1e3b9a-6c1d-4e55-9a7b-0c3d2e1f4a5b";
const order = "71b74c26-04f4-4d5b-ad01-e98103543de7";

interface Case {
  why: string;
  method?: string;
  path: string;
  body?: unknown;
  /** What the spec's example lacks or gets wrong, checked on the answer. */
  check?(body: unknown): void;
}

const cases: Case[] = [
  {
    why: "the example's connected sources have no `provider`",
    path: `/v2/user/${user}`,
    check: (body) => {
      const sources = (body as { connected_sources: { provider?: unknown }[] }).connected_sources;
      for (const source of sources) expect(source.provider).toEqual(expect.any(Object));
    },
  },
  {
    why: "the same example, answered to a create",
    method: "POST",
    path: "/v2/user",
    body: { client_user_id: "client-42" },
    check: (body) => expect(body).toHaveProperty("user_id"),
  },
  {
    why: "the example order has no `health_insurance_id`",
    path: `/v3/order/${order}`,
    check: (body) => expect(body).toHaveProperty("health_insurance_id"),
  },
  {
    why: "the example samples have no `timestamp`",
    path: `/v2/timeseries/${user}/heart_rate_alert/grouped?start_date=2025-01-01`,
    check: (body) => {
      const groups = Object.values((body as { groups: Record<string, { data: object[] }[]> }).groups).flat();
      for (const sample of groups.flatMap((g) => g.data)) expect(sample).toHaveProperty("timestamp");
    },
  },
  { why: "the example sleep summary has no `type`", path: `/v2/summary/sleep/${user}?start_date=2025-01-01` },
  {
    why: "the example's `start_at` is not a date-time",
    path: `/v3/order/${order}/phlebotomy/appointment`,
  },
  { why: "the example's billing map has keys outside its `propertyNames`", path: "/v3/lab_test/lab_account" },
  {
    why: "Prism cannot generate the `prefixItems` tuple, so the (valid) example is asked for",
    path: `/v2/timeseries/${user}/blood_pressure?start_date=2025-01-01`,
  },
];

function call(baseUrl: string, c: Case): Promise<Response> {
  const headers: Record<string, string> = { "x-vital-api-key": apiKey };
  if (c.body !== undefined) headers["content-type"] = "application/json";
  return fetch(`${baseUrl}${c.path}`, {
    method: c.method ?? "GET",
    headers,
    body: c.body === undefined ? undefined : JSON.stringify(c.body),
  });
}

describe("the premise: the spec's examples break its schemas", () => {
  let prism: RunningServer;
  beforeAll(async () => {
    prism = await startPrism();
  });
  afterAll(() => prism?.close());

  it("so a Prism mock with --errors answers those requests with a 500", async () => {
    for (const c of cases.slice(0, 3)) {
      const response = await call(prism.url, c);
      expect(response.status, c.why).toBe(500);
      expect(response.headers.get("sl-violations"), c.why).toMatch(/Error/);
    }
  });
});

describe("the fallback through startMockServer", () => {
  let mock: MockServer;
  beforeAll(async () => {
    mock = await startMockServer({ connections: 100, seed: 3 });
  });
  afterAll(() => mock?.close());

  it("answers requests the spec allows with a 2xx the validating proxy accepts", async () => {
    const before = mock.stats.backend.fallback;
    for (const c of cases) {
      const response = await call(mock.url, c);
      const text = await response.text();
      expect(response.status, `${c.why}: ${text.slice(0, 300)}`).toBeGreaterThanOrEqual(200);
      expect(response.status, c.why).toBeLessThan(300);
      expect(response.headers.get("sl-violations"), c.why).toBeNull();
      c.check?.(JSON.parse(text));
    }
    expect(mock.stats.backend.fallback - before).toBe(cases.length);
  });

  it("answers the same request with the same body (bodies are generated from the seed)", async () => {
    const c = cases[0] as Case;
    const [a, b] = await Promise.all([
      call(mock.url, c).then((r) => r.text()),
      call(mock.url, c).then((r) => r.text()),
    ]);
    expect(a).toBe(b);
    expect(JSON.parse(a)).toHaveProperty("user_id");
  });

  it("generates no properties the schemas do not name", async () => {
    const body = await (await call(mock.url, cases[0] as Case)).json();
    const named = [
      "user_id",
      "team_id",
      "client_user_id",
      "created_on",
      "connected_sources",
      "fallback_time_zone",
      "fallback_birth_date",
      "ingestion_start",
      "ingestion_end",
    ];
    for (const key of Object.keys(body)) expect(named).toContain(key);
  });

  it("still refuses, with Prism's 4xx, requests the spec does not allow", async () => {
    const badId = await fetch(`${mock.url}/v2/user/not-a-uuid`, { headers: { "x-vital-api-key": apiKey } });
    expect(badId.status).toBe(422);
    const noKey = await fetch(`${mock.url}/v2/user/${user}`);
    expect(noKey.status).toBe(401);
    const noBody = await fetch(`${mock.url}/v2/user`, {
      method: "POST",
      headers: { "x-vital-api-key": apiKey, "content-type": "application/json" },
      body: "{}",
    });
    expect(noBody.status).toBe(422);
  });
});
