import { request } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  captivePortalHtml,
  type HostileServer,
  okPage,
  startHostileServer,
  startRecordingServer,
} from "../src/hostile.js";

let hostile: HostileServer;
beforeAll(async () => {
  hostile = await startHostileServer({
    hugeBytes: 1024 * 1024,
    pages: [
      { data: [1], next_token: "t1" },
      { data: [2], next_token: null },
    ],
  });
});
afterAll(() => hostile.close());

const post = (url: string, body: unknown = {}, init: RequestInit = {}) =>
  fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json", "x-vital-api-key": "sk-echo-me", ...init.headers },
    body: JSON.stringify(body),
    redirect: init.redirect,
  });

/** Status, headers and as much of the body as arrives within `ms` (status 0: no headers by then). */
function rawGet(url: string, ms: number) {
  const got = { status: 0, headers: {} as Record<string, unknown>, body: "", ended: false };
  return new Promise<typeof got>((resolve, reject) => {
    const req = request(url, (res) => {
      Object.assign(got, { status: res.statusCode, headers: res.headers });
      res.on("data", (chunk) => (got.body += chunk));
      res.on("end", () => (got.ended = true));
      res.on("error", () => {});
      res.on("close", () => resolve(got));
    });
    const timer = setTimeout(() => {
      resolve(got);
      req.destroy();
    }, ms);
    req.on("error", reject);
    req.on("close", () => clearTimeout(timer));
    req.end();
  });
}

describe("startHostileServer", () => {
  it("/ok answers a valid page; /pages follows next_token through the given pages", async () => {
    expect(await (await post(`${hostile.url}/ok/v2/link/bulk_export`)).json()).toEqual(okPage);
    expect(await (await post(`${hostile.url}/pages/v2/link/bulk_export`)).json()).toEqual({
      data: [1],
      next_token: "t1",
    });
    const second = await post(`${hostile.url}/pages/v2/link/bulk_export`, { next_token: "t1" });
    expect(await second.json()).toEqual({ data: [2], next_token: null });
  });

  it("/truncated promises a whole page, sends half and closes the connection", async () => {
    const { status, headers, body, ended } = await rawGet(`${hostile.url}/truncated/x`, 2000);
    expect(status).toBe(200);
    expect(Number(headers["content-length"])).toBe(JSON.stringify(okPage).length);
    expect(body).toBe(JSON.stringify(okPage).slice(0, JSON.stringify(okPage).length >> 1));
    expect(ended).toBe(false);
    await expect(fetch(`${hostile.url}/truncated/x`).then((r) => r.text())).rejects.toThrow(/terminated/);
  });

  it("/stall-body sends headers and the start of a page, then nothing; /stall-headers sends nothing", async () => {
    const stalled = await rawGet(`${hostile.url}/stall-body/x`, 300);
    expect([stalled.status, stalled.headers["content-type"], stalled.body, stalled.ended]).toEqual([
      200,
      "application/json",
      '{"data":[',
      false,
    ]);
    await expect(rawGet(`${hostile.url}/stall-headers/x`, 300)).resolves.toMatchObject({ status: 0, body: "" });
  }, 10_000);

  it.each([
    ["wrong-types", 200, "application/json", JSON.stringify({ data: "not a list", next_token: 42 })],
    ["html", 200, "text/html; charset=utf-8", captivePortalHtml],
    ["empty", 200, "application/json", ""],
  ])("/%s answers %i %s", async (behaviour, status, type, body) => {
    const response = await post(`${hostile.url}/${behaviour}/v2/link/bulk_export`);
    expect([response.status, response.headers.get("content-type"), await response.text()]).toEqual([
      status,
      type,
      body,
    ]);
  });

  it("/echo returns the request's header values as property names and header names", async () => {
    const response = await post(`${hostile.url}/echo/v2/link/bulk_export`, {}, { headers: { cookie: "session-echo" } });
    expect(response.status).toBe(401);
    expect(response.headers.get("sk-echo-me")).toBe("x-vital-api-key");
    expect(response.headers.get("session-echo")).toBe("cookie");
    const body = await response.json();
    expect(body.detail["sk-echo-me"]).toBe("x-vital-api-key");
    expect(body.detail["application/json"]).toBe("content-type");
  });

  it("/huge and /huge-chunked stream a JSON page of hugeBytes, with and without content-length", async () => {
    for (const [behaviour, length] of [
      ["huge", String(1024 * 1024)],
      ["huge-chunked", null],
    ] as const) {
      const response = await fetch(`${hostile.url}/${behaviour}/x`);
      expect(response.headers.get("content-length"), behaviour).toBe(length);
      const text = await response.text();
      expect(text.length, behaviour).toBe(1024 * 1024);
      expect(JSON.parse(text).data, behaviour).toEqual([]);
    }
  });

  it("redirects compose, within an origin and across to the other one and back", async () => {
    const start = hostile.seen.length;
    const response = await post(`${hostile.url}/redirect-302/redirect-307-x/redirect-308-x/ok/v2/link/bulk_export`);
    expect(await response.json()).toEqual(okPage);
    expect(hostile.seen.slice(start).map((s) => [s.origin, s.method, s.url])).toEqual([
      ["main", "POST", "/redirect-302/redirect-307-x/redirect-308-x/ok/v2/link/bulk_export"],
      ["main", "GET", "/redirect-307-x/redirect-308-x/ok/v2/link/bulk_export"],
      ["other", "GET", "/redirect-308-x/ok/v2/link/bulk_export"],
      ["main", "GET", "/ok/v2/link/bulk_export"],
    ]);
    for (const status of [301, 302, 303, 307, 308]) {
      const hop = await post(`${hostile.otherUrl}/redirect-${status}-x/ok`, {}, { redirect: "manual" });
      expect([hop.status, hop.headers.get("location")]).toEqual([status, `${hostile.url}/ok`]);
    }
  });

  it("answers 404 for an unknown behaviour, naming it", async () => {
    const response = await post(`${hostile.url}/nope/v2/link/bulk_export`);
    expect(response.status).toBe(404);
    expect((await response.json()).detail).toBe('Unknown hostile behaviour "/nope"');
  });
});

describe("startRecordingServer", () => {
  it("records each request, body included, and lets the handler answer by index", async () => {
    const server = await startRecordingServer((_, res, __, index) => res.end(`answer ${index}`));
    try {
      expect(await (await fetch(server.url, { method: "POST", body: "one" })).text()).toBe("answer 0");
      expect(await (await fetch(`${server.url}/two?x=1`)).text()).toBe("answer 1");
      expect(server.seen.map(({ method, url, body }) => [method, url, body])).toEqual([
        ["POST", "/", "one"],
        ["GET", "/two?x=1", ""],
      ]);
    } finally {
      await server.close();
    }
  });
});
