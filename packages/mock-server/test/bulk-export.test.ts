import { createServer } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createBulkExportHandler, expectedConnections, type MockServer, startMockServer } from "../src/index.js";
import { apiKey, exportPage, walkAllPages } from "./helpers.js";

const data = { connections: 3000, seed: 11 };

describe("bulk export handler (backend only)", () => {
  let mock: MockServer;
  beforeAll(async () => {
    mock = await startMockServer({ ...data, pageSize: 40, validate: false, fallbackToPrism: false });
  });
  afterAll(() => mock?.close());

  it("pages through every connection of a provider exactly once, full pages then a last one with next_token null", async () => {
    const expected = expectedConnections({ ...data, provider: "fitbit" });
    const walk = await walkAllPages(mock.url, { provider: "fitbit" });
    expect(walk.connections).toEqual(expected);
    expect(new Set(walk.connections.map((c) => c.user_id)).size).toBe(expected.length);
    const pages = Math.ceil(expected.length / 40);
    expect(walk.pageSizes).toEqual([...Array(pages - 1).fill(40), expected.length - 40 * (pages - 1)]);
    expect(walk.tokens.at(-1)).toBeNull();
    expect(walk.tokens.slice(0, -1).every((t) => typeof t === "string" && /^[A-Za-z0-9_-]+$/.test(t))).toBe(true);
  });

  it("filters by user_ids within the provider", async () => {
    const oura = expectedConnections({ ...data, provider: "oura" });
    const wanted = [oura[50], oura[2], oura[400]].map((c) => c?.user_id);
    const garminUser = expectedConnections({ ...data, provider: "garmin" })[0]?.user_id;
    const walk = await walkAllPages(mock.url, { provider: "oura", user_ids: [...wanted, garminUser] });
    expect(walk.connections).toEqual([oura[2], oura[50], oura[400]]);
    expect(walk.tokens).toEqual([null]);
  });

  it("answers an empty last page for a provider without connections", async () => {
    const response = await exportPage(mock.url, { provider: "ultrahuman" });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ data: [], next_token: null });
  });

  it("answers the same page again for the same token, so retries are safe", async () => {
    const first = await (await exportPage(mock.url, { provider: "garmin" })).json();
    const again = async () => (await exportPage(mock.url, { provider: "garmin", next_token: first.next_token })).json();
    const [a, b] = await Promise.all([again(), again()]);
    expect(a).toEqual(b);
    expect(a.data).toHaveLength(40);
    expect(a.data).toEqual(expectedConnections({ ...data, provider: "garmin" }).slice(40, 80));
  });

  it("refuses forged, altered and other-filter tokens with the API's 422", async () => {
    const first = await (await exportPage(mock.url, { provider: "fitbit" })).json();
    const token: string = first.next_token;
    const altered = `${token.slice(0, 3)}${token[3] === "A" ? "B" : "A"}${token.slice(4)}`;
    const invalid = {
      detail: [{ loc: ["body", "next_token"], msg: "invalid or expired next_token", type: "value_error" }],
    };
    for (const [body, why] of [
      [{ provider: "fitbit", next_token: "not-a-token" }, "random"],
      [{ provider: "fitbit", next_token: altered }, "altered"],
      [{ provider: "fitbit", next_token: `${token}=` }, "padded"],
      [{ provider: "fitbit", next_token: "" }, "empty"],
      [{ provider: "oura", next_token: token }, "other provider"],
      [{ provider: "fitbit", next_token: token, user_ids: [first.data[0].user_id] }, "other users"],
    ] as const) {
      const response = await exportPage(mock.url, body);
      expect(response.status, why).toBe(422);
      expect(await response.json(), why).toEqual(invalid);
    }
  });

  it("refuses a token from a data set with another seed", async () => {
    const other = await startMockServer({ ...data, seed: 12, pageSize: 40, validate: false, fallbackToPrism: false });
    try {
      const { next_token: token } = await (await exportPage(other.url, { provider: "fitbit" })).json();
      expect(token).toEqual(expect.any(String));
      expect((await exportPage(mock.url, { provider: "fitbit", next_token: token })).status).toBe(422);
      expect((await exportPage(other.url, { provider: "fitbit", next_token: token })).status).toBe(200);
    } finally {
      await other.close();
    }
  });

  it("answers 401 without a usable API key, and never repeats the key", async () => {
    for (const key of [null, ""]) {
      const response = await exportPage(mock.url, { provider: "fitbit" }, key);
      expect(response.status).toBe(401);
      expect((await response.json()).detail).toMatch(/x-vital-api-key/);
    }
    const strict = createBulkExportHandler({ ...data, apiKey: "right-key" });
    const server = createServer(strict).listen(0, "127.0.0.1");
    await new Promise((ok) => server.once("listening", ok));
    try {
      const url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
      const wrong = await exportPage(url, { provider: "fitbit" }, "secret-wrong-key");
      expect(wrong.status).toBe(401);
      expect(await wrong.text()).not.toContain("secret-wrong-key");
      expect((await exportPage(url, { provider: "fitbit" }, "right-key")).status).toBe(200);
      expect(strict.stats.rejected).toEqual({ 401: 1 });
    } finally {
      server.close();
    }
  });

  it("answers 422 for a body that is not valid JSON or breaks the schema, saying where", async () => {
    const cases: [unknown, unknown[]][] = [
      ["{not json", [expect.objectContaining({ loc: ["body"], type: "json_invalid" })]],
      [[], [expect.objectContaining({ loc: ["body"] })]],
      [{}, [{ loc: ["body", "provider"], msg: "Field required", type: "missing" }]],
      [{ provider: 3 }, [expect.objectContaining({ loc: ["body", "provider"] })]],
      [{ provider: "oura", user_ids: ["x"] }, [expect.objectContaining({ loc: ["body", "user_ids", 0] })]],
      [{ provider: "oura", user_ids: "x" }, [expect.objectContaining({ loc: ["body", "user_ids"] })]],
      [{ provider: "oura", next_token: 5 }, [expect.objectContaining({ loc: ["body", "next_token"] })]],
    ];
    for (const [body, detail] of cases) {
      const response = await exportPage(mock.url, body);
      expect(response.status, JSON.stringify(body)).toBe(422);
      expect((await response.json()).detail, JSON.stringify(body)).toEqual(detail);
    }
  });

  it("answers 415 for a body in another media type, as Prism refuses it, and reads JSON types and no type", async () => {
    const body = JSON.stringify({ provider: "oura" });
    const send = (contentType: string | undefined) =>
      fetch(`${mock.url}/v2/link/bulk_export`, {
        method: "POST",
        headers: { "x-vital-api-key": apiKey, ...(contentType ? { "content-type": contentType } : {}) },
        // A Blob without a type: fetch then sends no content-type of its own.
        body: new Blob([body]),
      });
    const before = mock.stats.backend.pages;
    for (const type of [
      "text/plain",
      "application/x-www-form-urlencoded",
      "multipart/form-data; boundary=x",
      "text/json",
    ]) {
      const response = await send(type);
      expect(response.status, type).toBe(415);
      expect(await response.json(), type).toEqual({
        detail: `Unsupported Media Type: send the body as application/json, not ${type}.`,
      });
    }
    expect(mock.stats.backend.pages).toBe(before);
    for (const type of [
      "application/json",
      "Application/JSON; charset=utf-8",
      "application/merge-patch+json",
      undefined,
    ]) {
      const response = await send(type);
      expect(response.status, String(type)).toBe(200);
      expect((await response.json()).data, String(type)).toHaveLength(40);
    }
  });

  it("answers 404 for other paths and 405 for other methods when there is no fallback", async () => {
    const other = await fetch(`${mock.url}/v2/user/2f1e3b9a-6c1d-4e55-9a7b-0c3d2e1f4a5b`, {
      headers: { "x-vital-api-key": apiKey },
    });
    expect(other.status).toBe(404);
    expect((await other.json()).detail).toMatch(
      /keeps state for POST \/v2\/link\/bulk_export, GET \/v2\/user, GET \/v3\/orders, GET \/v2\/timeseries\/\{user_id\}\/steps\/grouped only/,
    );
    const alone = createServer(createBulkExportHandler(data)).listen(0, "127.0.0.1");
    await new Promise((ok) => alone.once("listening", ok));
    try {
      const port = (alone.address() as { port: number }).port;
      const answer = await fetch(`http://127.0.0.1:${port}/v2/user`, { headers: { "x-vital-api-key": apiKey } });
      expect(answer.status).toBe(404);
      expect((await answer.json()).detail).toMatch(/implements only POST \/v2\/link\/bulk_export/);
    } finally {
      alone.close();
    }
    const get = await fetch(`${mock.url}/v2/link/bulk_export`, { headers: { "x-vital-api-key": apiKey } });
    expect(get.status).toBe(405);
    expect(get.headers.get("allow")).toBe("POST");
  });

  it("counts what it served", async () => {
    const before = { ...mock.stats.backend };
    const walk = await walkAllPages(mock.url, { provider: "polar" });
    expect(mock.stats.backend.pages - before.pages).toBe(walk.pageSizes.length);
    expect(mock.stats.backend.connections - before.connections).toBe(walk.connections.length);
  });
});

describe("empty pages (emptyPageEvery)", () => {
  it("sends every n-th page empty with a token, and the walk still returns everything once", async () => {
    const mock = await startMockServer({
      ...data,
      pageSize: 25,
      emptyPageEvery: 3,
      validate: false,
      fallbackToPrism: false,
    });
    try {
      const walk = await walkAllPages(mock.url, { provider: "withings" });
      expect(walk.connections).toEqual(expectedConnections({ ...data, provider: "withings" }));
      walk.pageSizes.forEach((size, i) => {
        if ((i + 1) % 3 === 0) expect(size, `page ${i + 1}`).toBe(0);
        else expect(size, `page ${i + 1}`).toBeGreaterThan(0);
      });
      const empties = walk.pageSizes.filter((size) => size === 0).length;
      expect(empties).toBeGreaterThanOrEqual(3);
      expect(mock.stats.backend.emptyPages).toBe(empties);
      walk.pageSizes.forEach((size, i) => {
        if (size === 0) expect(walk.tokens[i]).toEqual(expect.any(String));
      });
    } finally {
      await mock.close();
    }
  });

  it("refuses options that would make paging endless or meaningless", () => {
    expect(() => createBulkExportHandler({ emptyPageEvery: 1 })).toThrow(
      /emptyPageEvery must be a whole number from 2/,
    );
    expect(() => createBulkExportHandler({ pageSize: 0 })).toThrow(/pageSize must be a whole number from 1/);
    expect(() => createBulkExportHandler({ apiKey: "" })).toThrow(/apiKey must not be empty/);
  });
});
