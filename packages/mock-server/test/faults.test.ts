import { createServer, type RequestListener } from "node:http";
import { afterEach, describe, expect, it } from "vitest";
import { createFaultInjector, type FaultInjector, type FaultOptions } from "../src/index.js";

const ok: RequestListener = (_, res) => {
  res.writeHead(200, { "content-type": "application/json" });
  res.end('{"ok":true}');
};

const servers: { close(): void }[] = [];
afterEach(() => {
  for (const server of servers.splice(0)) server.close();
});

async function serve(options: FaultOptions): Promise<{ url: string; injector: FaultInjector }> {
  const injector = createFaultInjector(ok, options);
  const server = createServer(injector).listen(0, "127.0.0.1");
  await new Promise((ready) => server.once("listening", ready));
  servers.push({ close: () => server.close() && server.closeAllConnections() });
  return { url: `http://127.0.0.1:${(server.address() as { port: number }).port}`, injector };
}

/** What the client sees: the status, or "reset" when the connection was dropped. */
async function outcome(url: string): Promise<number | "reset"> {
  try {
    const response = await fetch(url, { method: "POST", body: "{}" });
    await response.arrayBuffer();
    return response.status;
  } catch (error) {
    expect(error).toBeInstanceOf(TypeError);
    return "reset";
  }
}

describe("createFaultInjector", () => {
  it("fails the first n requests with the kinds in turn, then passes requests through", async () => {
    const { url, injector } = await serve({ failFirst: 5, kinds: ["503", "reset", "500", "502"] });
    const seen = [];
    for (let i = 0; i < 7; i++) seen.push(await outcome(url));
    expect(seen).toEqual([503, "reset", 500, 502, 503, 200, 200]);
    expect(injector.stats).toEqual({
      requests: 7,
      passed: 2,
      faults: { "500": 1, "502": 1, "503": 2, "429": 0, reset: 1, delay: 0 },
    });
  });

  it("answers 429 with Retry-After in whole seconds and retry-after-ms", async () => {
    const { url } = await serve({ failFirst: 1, kinds: ["429"], retryAfterMs: 1500 });
    const response = await fetch(url);
    expect(response.status).toBe(429);
    expect(response.headers.get("retry-after")).toBe("2");
    expect(response.headers.get("retry-after-ms")).toBe("1500");
    expect(await response.json()).toEqual({ detail: "Injected fault: 429 Too Many Requests" });
  });

  it("drops the connection on reset, which fetch reports as a TypeError", async () => {
    const { url } = await serve({ failFirst: 1, kinds: ["reset"] });
    await expect(fetch(url, { method: "POST", body: '{"provider":"oura"}' })).rejects.toThrow(TypeError);
    expect((await fetch(url)).status).toBe(200);
  });

  it("delays, then answers normally", async () => {
    const { url, injector } = await serve({ failFirst: 1, kinds: ["delay"], delayMs: 300 });
    const started = performance.now();
    const response = await fetch(url);
    expect(response.status).toBe(200);
    expect(performance.now() - started).toBeGreaterThanOrEqual(290);
    expect(injector.stats.faults.delay).toBe(1);
    expect(injector.stats.passed).toBe(1);
  });

  it("injects at about `rate`, the same way for the same seed", async () => {
    const run = async (seed: number) => {
      const { url } = await serve({ rate: 0.3, kinds: ["500", "503"], seed });
      const seen = [];
      for (let i = 0; i < 200; i++) seen.push(await outcome(url));
      return seen;
    };
    const [a, b, c] = [await run(4), await run(4), await run(5)];
    expect(b).toEqual(a);
    expect(c).not.toEqual(a);
    const faults = a.filter((status) => status !== 200);
    expect(faults.length).toBeGreaterThan(40);
    expect(faults.length).toBeLessThan(80);
    expect(new Set(faults)).toEqual(new Set([500, 503]));
  });

  it("injects nothing by default", async () => {
    const { url, injector } = await serve({});
    for (let i = 0; i < 20; i++) expect(await outcome(url)).toBe(200);
    expect(injector.stats.passed).toBe(20);
  });

  it("refuses bad options with a message that says what is wrong", () => {
    expect(() => createFaultInjector(ok, { rate: 2 })).toThrow("faults.rate must be a number from 0 to 1, got 2.");
    expect(() => createFaultInjector(ok, { failFirst: -1 })).toThrow(/faults.failFirst must be a whole number/);
    expect(() => createFaultInjector(ok, { kinds: [] })).toThrow(/faults.kinds must be a non-empty list/);
    // @ts-expect-error: not a fault kind
    expect(() => createFaultInjector(ok, { kinds: ["404"] })).toThrow(/faults.kinds must be a non-empty list/);
  });
});
