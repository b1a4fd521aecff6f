import { inspect } from "node:util";
import { afterEach, describe, expect, it, vi } from "vitest";
import {
  ConnectionError,
  createJunctionClient,
  type JunctionLogger,
  type LogLevel,
  maskSecrets,
  TimeoutError,
  unwrap,
} from "../src/index.js";
import { apiKey, bulkExport, json, page, type Stub, stubsClosedAfterEach } from "./helpers.js";

const stub = stubsClosedAfterEach();
afterEach(() => {
  vi.unstubAllEnvs();
});
const body = { provider: "oura" } as const;

describe("redirects", () => {
  // On Node, a request that may be sent twice (GET, the read-only bulk export) goes out with
  // `redirect: "error"`, which spares undici a copy of it; when the server redirects, that hop is sent
  // again in "manual" mode to see where to. So the first redirecting hop appears twice below.
  it("follows a cross-origin redirect without the API key", async () => {
    const other = await stub((_, res) => json(res, 200, page(["from-other"])));
    const api = await stub((_, res) => {
      res.writeHead(307, { location: `${other.url}/elsewhere` }).end();
    });
    const client = createJunctionClient({ apiKey, baseUrl: api.url });
    const data = await unwrap(client.POST(bulkExport, { body }));
    expect(data.data[0]?.access_token).toBe("from-other");
    expect(api.seen[0]?.headers["x-vital-api-key"]).toBe(apiKey);
    expect(other.seen).toHaveLength(1);
    expect(other.seen[0]?.headers["x-vital-api-key"]).toBeUndefined();
    expect(JSON.stringify(other.seen[0]?.headers)).not.toContain(apiKey);
    // 307 keeps the method and the body.
    expect(other.seen[0]?.method).toBe("POST");
    expect(JSON.parse(other.seen[0]?.body ?? "")).toEqual(body);
  });

  it("sends the key only on the hops that are on the configured origin", async () => {
    let home: Stub | undefined;
    const foreign = await stub((_, res) => res.writeHead(302, { location: `${home?.url}/final` }).end());
    home = await stub((seen, res) => {
      if (seen.url === "/start") res.writeHead(301, { location: `${foreign.url}/hop` }).end();
      else json(res, 200, page());
    });
    // home/start → foreign/hop (no key) → home/final (key again: the configured origin)
    const client = createJunctionClient({ apiKey, baseUrl: home.url });
    const { response } = await client.GET("/start" as never);
    expect(response.status).toBe(200);
    expect(home.seen.map((s) => [s.url, s.headers["x-vital-api-key"]])).toEqual([
      ["/start", apiKey],
      ["/start", apiKey],
      ["/final", apiKey],
    ]);
    expect(foreign.seen.map((s) => [s.url, s.headers["x-vital-api-key"]])).toEqual([["/hop", undefined]]);
  });

  it("follows a same-origin redirect with the key", async () => {
    const api = await stub((seen, res) => {
      if (seen.url === bulkExport) res.writeHead(308, { location: "/v2/link/bulk_export_moved" }).end();
      else json(res, 200, page(["moved"]));
    });
    const client = createJunctionClient({ apiKey, baseUrl: api.url });
    const data = await unwrap(client.POST(bulkExport, { body }));
    expect(data.data[0]?.access_token).toBe("moved");
    expect(api.seen.map((s) => [s.method, s.url, s.headers["x-vital-api-key"]])).toEqual([
      ["POST", bulkExport, apiKey],
      ["POST", bulkExport, apiKey],
      ["POST", "/v2/link/bulk_export_moved", apiKey],
    ]);
  });

  it("a request that may not be sent twice is redirected in one send", async () => {
    const api = await stub((seen, res) => {
      if (seen.url === "/v2/create") res.writeHead(307, { location: "/v2/create_moved" }).end();
      else json(res, 200, {});
    });
    const client = createJunctionClient({ apiKey, baseUrl: api.url });
    const { response } = await client.POST("/v2/create" as never, { body } as never);
    expect(response.status).toBe(200);
    expect(api.seen.map((s) => [s.method, s.url, s.body])).toEqual([
      ["POST", "/v2/create", JSON.stringify(body)],
      ["POST", "/v2/create_moved", JSON.stringify(body)],
    ]);
  });

  it("303 continues as a GET without the body", async () => {
    const api = await stub((seen, res) => {
      if (seen.method === "POST") res.writeHead(303, { location: "/result" }).end();
      else json(res, 200, page());
    });
    const client = createJunctionClient({ apiKey, baseUrl: api.url });
    await unwrap(client.POST(bulkExport, { body }));
    expect(api.seen.map((s) => s.method)).toEqual(["POST", "POST", "GET"]);
    expect(api.seen[2]).toMatchObject({ method: "GET", url: "/result", body: "" });
    expect(api.seen[2]?.headers["content-type"]).toBeUndefined();
  });

  it("stops a redirect loop with a ConnectionError", async () => {
    const api = await stub((_, res) => res.writeHead(302, { location: "/again" }).end());
    const client = createJunctionClient({ apiKey, baseUrl: api.url });
    const error = await client.GET("/again" as never).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConnectionError);
    expect((error as Error).message).toMatch(/more than 20 redirects/);
    expect(api.seen).toHaveLength(22);
  });
});

describe("plain http", () => {
  it.each(["http://api.example.com", "http://10.0.0.8:8080", "http://128.0.0.1", "http://evil.localhost:8080"])(
    "refuses %s",
    (baseUrl) => {
      expect(() => createJunctionClient({ apiKey, baseUrl })).toThrow(
        /^Refusing http:\/\/[^:]+: the API key would travel unencrypted\. Use https:\/\/, a loopback host, or allowInsecureHttp: true\.$/,
      );
    },
  );
  it.each(["http://127.0.0.1:4010", "http://127.8.9.10", "http://localhost:3000/prefix/", "http://[::1]:4010"])(
    "allows loopback %s",
    (baseUrl) => {
      expect(createJunctionClient({ apiKey, baseUrl }).baseUrl).toBe(baseUrl.replace(/\/$/, ""));
    },
  );
  it("allows any host with allowInsecureHttp", () => {
    expect(createJunctionClient({ apiKey, baseUrl: "http://api.example.com", allowInsecureHttp: true }).baseUrl).toBe(
      "http://api.example.com",
    );
  });
  it("rejects other schemes, relative URLs and credentials in the URL", () => {
    for (const baseUrl of ["ftp://x.test", "/v2", "https://x.test/?q=1"]) {
      expect(() => createJunctionClient({ apiKey, baseUrl })).toThrow(
        `baseUrl ${JSON.stringify(baseUrl)} must be an absolute https:// URL without credentials, query or fragment.`,
      );
    }
    // The password in a URL is never echoed.
    for (const baseUrl of ["https://user:hunter2@x.test", "http://hunter2@127.0.0.1:4010/v2"]) {
      let message = "";
      try {
        createJunctionClient({ apiKey, baseUrl });
      } catch (error) {
        message = (error as Error).message;
      }
      expect(message).toMatch(
        /^baseUrl "(https|http):\/\/\*\*\*@[^"]+" must be an absolute https:\/\/ URL without credentials/,
      );
      expect(message).not.toContain("hunter2");
    }
  });
});

describe("the key never shows", () => {
  it("missing key: a clear error at creation", () => {
    vi.stubEnv("JUNCTION_API_KEY", undefined);
    expect(() => createJunctionClient()).toThrow(
      "No Junction API key was found: pass createJunctionClient({ apiKey }) or set the JUNCTION_API_KEY environment variable.",
    );
    expect(() => createJunctionClient({ apiKey: "" })).toThrow(/empty/);
    expect(() => createJunctionClient({ apiKey: `${apiKey}\n` })).toThrow(/spaces, line breaks/);
    expect(() => createJunctionClient({ apiKey: "sk_tést_ключ" })).toThrow(/non-ASCII/);
    try {
      createJunctionClient({ apiKey: `${apiKey}\n` });
    } catch (error) {
      expect(String(error)).not.toContain(apiKey);
      expect(inspect(error)).not.toContain(apiKey);
    }
  });

  it("falls back to JUNCTION_API_KEY", async () => {
    vi.stubEnv("JUNCTION_API_KEY", apiKey);
    const api = await stub((_, res) => json(res, 200, page()));
    const client = createJunctionClient({ baseUrl: api.url });
    await unwrap(client.POST(bulkExport, { body }));
    expect(api.seen[0]?.headers["x-vital-api-key"]).toBe(apiKey);
  });

  it("not in JSON.stringify or util.inspect of the client", () => {
    const client = createJunctionClient({ apiKey, environment: "sandbox" });
    expect(JSON.stringify(client)).toBe('{"baseUrl":"https://api.sandbox.us.junction.com","environment":"sandbox"}');
    expect(inspect(client, { depth: 10, showHidden: true })).not.toContain(apiKey);
    expect(inspect(client)).toContain("api.sandbox.us.junction.com");
  });

  it("not in errors: API errors, timeouts, connection errors", async () => {
    const api = await stub((seen, res) => {
      if (seen.url.endsWith("slow")) return;
      if (seen.url.endsWith("reset")) return res.socket?.destroy();
      // A careless server echoing the key back.
      json(res, 401, { detail: `invalid key ${apiKey}` }, { "x-echo": apiKey });
    });
    const client = createJunctionClient({ apiKey, baseUrl: api.url, timeoutMs: 100, maxRetries: 0 });
    const errors = [
      await unwrap(client.POST(bulkExport, { body })).catch((e: unknown) => e),
      await client.GET("/slow" as never).catch((e: unknown) => e),
      await client.GET("/reset" as never).catch((e: unknown) => e),
    ];
    expect(errors[1]).toBeInstanceOf(TimeoutError);
    expect(errors[2]).toBeInstanceOf(ConnectionError);
    for (const error of errors) {
      expect(error).toBeInstanceOf(Error);
      for (const shown of [String(error), JSON.stringify(error), inspect(error, { depth: 10, showHidden: true })]) {
        expect(shown).not.toContain(apiKey);
      }
    }
    expect((errors[0] as Error).message).toContain("invalid key [redacted]");
  });
});

describe("logging", () => {
  function capture(): { logger: JunctionLogger; lines: string[] } {
    const lines: string[] = [];
    const record =
      (level: string) =>
      (...args: unknown[]) =>
        lines.push(`${level} ${args.map((a) => (typeof a === "string" ? a : JSON.stringify(a))).join(" ")}`);
    return {
      logger: { debug: record("debug"), info: record("info"), warn: record("warn"), error: record("error") },
      lines,
    };
  }

  it("is off by default", async () => {
    const spies = (["debug", "info", "warn", "error", "log"] as const).map((m) => vi.spyOn(console, m));
    const api = await stub((_, res) => json(res, 200, page()));
    await createJunctionClient({ apiKey, baseUrl: api.url }).POST(bulkExport, { body });
    for (const spy of spies) expect(spy).not.toHaveBeenCalled();
    vi.restoreAllMocks();
  });

  it("logs method, path, status, attempt and duration per request; retries at warn", async () => {
    const api = await stub((_, res, __, i) => (i === 0 ? json(res, 503, {}) : json(res, 200, page())));
    const { logger, lines } = capture();
    const client = createJunctionClient({ apiKey, baseUrl: api.url, logger, initialRetryDelayMs: 1 });
    await client.POST(bulkExport, { body });
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(
      /^warn \[junction\] POST \/v2\/link\/bulk_export 503 \(attempt 1, \d+ ms\); retrying in \d+ ms/,
    );
    expect(lines[1]).toMatch(/^info \[junction\] POST \/v2\/link\/bulk_export 200 \(attempt 2, \d+ ms\)/);
    expect(lines[1]).toMatch(
      /\{"method":"POST","path":"\/v2\/link\/bulk_export","status":200,"attempt":2,"durationMs":\d+\}$/,
    );
  });

  it("masks the key and every secret field at debug level, where bodies are logged", async () => {
    const tokens = ["at-SECRET-one", "at-SECRET-two"];
    const api = await stub((_, res) => json(res, 200, page(tokens)));
    const { logger, lines } = capture();
    const client = createJunctionClient({ apiKey, baseUrl: api.url, logger, logLevel: "debug" });
    const data = await unwrap(client.POST(bulkExport, { body: { provider: "oura", next_token: apiKey } }));
    expect(data.data.map((c) => c.access_token)).toEqual(tokens); // the caller still gets the real values
    const all = lines.join("\n");
    expect(lines.some((l) => l.startsWith("debug") && l.includes("request body"))).toBe(true);
    expect(lines.some((l) => l.startsWith("debug") && l.includes("response body"))).toBe(true);
    expect(all).toContain('"access_token":"[redacted]"');
    expect(all).toContain('"refresh_token":"[redacted]"');
    expect(all).not.toContain(apiKey);
    for (const token of tokens) expect(all).not.toContain(token);
    expect(all).toContain('"provider_id":"p1"'); // not everything is masked
  });

  // One retried 503 (a warn line) then the final 503 (an info line).
  it.each<[LogLevel, string[]]>([
    ["debug", ["warn", "info"]],
    ["info", ["warn", "info"]],
    ["warn", ["warn"]],
    ["error", []],
    ["off", []],
  ])("logLevel %s keeps %j", async (logLevel, expected) => {
    const api = await stub((_, res) => json(res, 503, {}));
    const { logger, lines } = capture();
    const client = createJunctionClient({
      apiKey,
      baseUrl: api.url,
      logger,
      logLevel,
      maxRetries: 1,
      initialRetryDelayMs: 1,
    });
    await client.POST(bulkExport, { body });
    expect(lines.map((l) => l.split(" ")[0]).filter((level) => level !== "debug")).toEqual(expected);
  });

  it("maskSecrets masks nested secret fields and the given secrets", () => {
    expect(maskSecrets({ a: [{ access_token: "x", refresh_token: "y", keep: 1 }] })).toEqual({
      a: [{ access_token: "[redacted]", refresh_token: "[redacted]", keep: 1 }],
    });
    expect(maskSecrets({ access_token: null, nested: { refresh_token: { deep: 1 } } })).toEqual({
      access_token: null,
      nested: { refresh_token: "[redacted]" },
    });
    expect(maskSecrets("key=abc123", ["abc123"])).toBe("key=[redacted]");
  });
});
