/**
 * A hostile Junction API for tests of what a client does when the server misbehaves: bodies that are
 * truncated, stall, are not JSON, have the wrong types or are huge; a server that echoes the request's
 * credentials back; redirect chains within and across origins. Two listeners on 127.0.0.1 (two
 * origins, `url` and `otherUrl`) share one handler, and the first path segment picks the behaviour,
 * so a client pointed at `${url}/html` gets an HTML page for every operation it calls:
 *
 * | prefix                 | answer                                                                                   |
 * | ---------------------- | ---------------------------------------------------------------------------------------- |
 * | `/ok`                  | 200, a valid bulk-export page (`okPage`)                                                 |
 * | `/pages`               | 200, `pages[n]` for a request whose body `next_token` is `"t<n>"` (`pages[0]` without); |
 * |                        | a {@link fault} there answers as that behaviour instead, e.g. a stall on the third page  |
 * | `/truncated`           | 200 whose `content-length` promises a whole page; half is sent, then the socket closes  |
 * | `/stall-headers`       | reads the request and never answers                                                      |
 * | `/stall-body`          | 200 JSON headers and `{"data":[`, then nothing                                           |
 * | `/wrong-types`         | 200 JSON with the wrong types: `{"data":"not a list","next_token":42}`                   |
 * | `/html`                | 200 `text/html`: a captive portal's login page                                           |
 * | `/empty`               | 200 `application/json` with an empty body (`content-length: 0`)                          |
 * | `/echo`                | 401 whose JSON property names and response header names are the request's header values |
 * | `/huge`                | 200 JSON page of `hugeBytes` bytes, streamed, with its `content-length`                  |
 * | `/huge-chunked`        | the same without `content-length`                                                        |
 * | `/redirect-<status>`   | `<status>` (301, 302, 303, 307, 308) to the rest of the path on the same origin           |
 * | `/redirect-<status>-x` | the same to the other origin (from `otherUrl` back to `url`)                             |
 *
 * Redirects compose: a base URL of `${url}/redirect-302/redirect-307-x/ok` is sent to `/ok` on the
 * other origin after two hops. Every request is recorded in `seen`, body included.
 */
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/** A request as a {@link startRecordingServer} saw it. */
export interface RecordedRequest {
  method: string;
  /** Path and query, as sent. */
  url: string;
  /** Lower-case names. */
  headers: IncomingHttpHeaders;
  body: string;
  /** `performance.now()` when the request had been read. */
  at: number;
}

/** A running {@link startRecordingServer}. */
export interface RecordingServer {
  /** e.g. `http://127.0.0.1:43121`. */
  url: string;
  /** Every request received, in order. */
  seen: RecordedRequest[];
  /** Closes the listener and every connection, stalled ones included. */
  close(): Promise<void>;
}

/**
 * A node:http server on 127.0.0.1 (a free port) that records every request, body included, then lets
 * `handle` answer it (or not). `index` is the request's number (from 0), to script a sequence.
 */
export async function startRecordingServer(
  handle: (request: RecordedRequest, res: ServerResponse, req: IncomingMessage, index: number) => unknown,
): Promise<RecordingServer> {
  const seen: RecordedRequest[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const request: RecordedRequest = {
        method: req.method ?? "",
        url: req.url ?? "/",
        headers: req.headers,
        body: Buffer.concat(chunks).toString("utf8"),
        at: performance.now(),
      };
      seen.push(request);
      handle(request, res, req, seen.length - 1);
    });
  });
  await new Promise<void>((ready) => server.listen(0, "127.0.0.1", ready));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    seen,
    close: () =>
      new Promise<void>((done) => {
        server.closeAllConnections();
        server.close(() => done());
      }),
  };
}

/** A request as the hostile server saw it, and which of its origins got it. */
export interface SeenRequest extends RecordedRequest {
  /** `"main"` (`url`) or `"other"` (`otherUrl`). */
  origin: "main" | "other";
}

/** Options of {@link startHostileServer}. */
export interface HostileServerOptions {
  /** Size of the `/huge` and `/huge-chunked` bodies, in bytes. Default `104857600` (100 MiB). */
  hugeBytes?: number;
  /**
   * Pages of `/pages`: `pages[n]` answers the request whose `next_token` is `"t<n>"`, or, when it is a
   * {@link fault}, that behaviour does. Default: `[okPage]`. The server's `pages` is this array: a test
   * may replace an entry (heal a fault) while the server runs.
   */
  pages?: unknown[];
}

const FAULT = Symbol("hostile fault");

/** A page of `/pages` that answers as another behaviour, e.g. `fault("stall-body")`. */
export const fault = (behaviour: string): { [FAULT]: string } => ({ [FAULT]: behaviour });

/** A running hostile server. */
export interface HostileServer {
  /** The main origin, e.g. `http://127.0.0.1:43121`. */
  url: string;
  /** A second origin (another port) with the same behaviours: the target of `/redirect-<status>-x`. */
  otherUrl: string;
  /** Every request received, on either origin, in order. */
  seen: SeenRequest[];
  /** The pages of `/pages` (see {@link HostileServerOptions.pages}); entries may be replaced. */
  pages: unknown[];
  /** Closes both listeners and every connection, stalled ones included. */
  close(): Promise<void>;
}

/** The connection of `/ok` and the first item of other pages. */
export const okConnection = {
  user_id: "0b6a7d35-5c8f-4c0e-9d2a-000000000001",
  provider_id: "p1",
  access_token: "at-hostile-1",
  refresh_token: "rt-hostile-1",
  expires_at: 2147483647,
  oauth_scopes: null,
};

/** The page `/ok` answers: a valid, last bulk-export page. */
export const okPage = { data: [okConnection], next_token: null };

/** The page `/html` answers, as a captive portal or a proxy's login screen would. */
export const captivePortalHtml =
  "<!DOCTYPE html><html><head><title>Wi-Fi login</title></head><body><form action=/login>Accept the terms to continue</form></body></html>";

const redirectStatuses = [301, 302, 303, 307, 308];

function send(res: ServerResponse, status: number, type: string, body: string): void {
  res.writeHead(status, { "content-type": type, "content-length": Buffer.byteLength(body) }).end(body);
}

/** Streams a JSON page of exactly `bytes` bytes (≥ 32) without holding it in memory. */
function streamHuge(res: ServerResponse, bytes: number, withLength: boolean): void {
  const head = '{"data":[],"next_token":null,"padding":"';
  const tail = '"}';
  res.writeHead(200, { "content-type": "application/json", ...(withLength ? { "content-length": bytes } : {}) });
  res.write(head);
  let left = bytes - head.length - tail.length;
  const chunk = "x".repeat(64 * 1024);
  const pump = () => {
    while (left > 0) {
      const part = left >= chunk.length ? chunk : chunk.slice(0, left);
      left -= part.length;
      if (!res.write(part)) return void res.once("drain", pump);
    }
    res.end(tail);
  };
  pump();
}

/** Starts the hostile server on two free ports of 127.0.0.1. */
export async function startHostileServer(options: HostileServerOptions = {}): Promise<HostileServer> {
  const hugeBytes = options.hugeBytes ?? 100 * 1024 * 1024;
  const pages = options.pages ?? [okPage];
  const seen: SeenRequest[] = [];
  const urls = { main: "", other: "" };
  const listen = (origin: "main" | "other") =>
    startRecordingServer((recorded, res) => {
      const request = { ...recorded, origin };
      seen.push(request);
      answer(request, res);
    });

  const answer = (request: SeenRequest, res: ServerResponse): unknown => {
    const [, behaviour = "", ...rest] = request.url.split("/");
    const redirect = /^redirect-(\d{3})(-x)?$/.exec(behaviour);
    if (redirect && redirectStatuses.includes(Number(redirect[1]))) {
      const origin = redirect[2] ? urls[request.origin === "main" ? "other" : "main"] : "";
      res.writeHead(Number(redirect[1]), { location: `${origin}/${rest.join("/")}`, "content-length": 0 }).end();
      return;
    }
    switch (behaviour) {
      case "ok":
        return send(res, 200, "application/json", JSON.stringify(okPage));
      case "pages": {
        let token: unknown;
        try {
          token = JSON.parse(request.body || "{}").next_token;
        } catch {}
        const page = pages[typeof token === "string" ? Number(token.slice(1)) : 0] ?? { data: [], next_token: null };
        const as = (page as { [FAULT]?: string })[FAULT];
        if (as !== undefined) return answer({ ...request, url: `/${as}` }, res);
        return send(res, 200, "application/json", JSON.stringify(page));
      }
      case "truncated": {
        const text = JSON.stringify(okPage);
        res.writeHead(200, { "content-type": "application/json", "content-length": Buffer.byteLength(text) });
        res.write(text.slice(0, text.length >> 1), () => res.destroy());
        return;
      }
      case "stall-headers":
        return;
      case "stall-body":
        res.writeHead(200, { "content-type": "application/json" });
        res.write('{"data":[');
        return;
      case "wrong-types":
        return send(res, 200, "application/json", JSON.stringify({ data: "not a list", next_token: 42 }));
      case "html":
        return send(res, 200, "text/html; charset=utf-8", captivePortalHtml);
      case "empty":
        return send(res, 200, "application/json", "");
      case "echo": {
        // Every request header value becomes a property name and a response header name.
        const echoed: Record<string, string> = {};
        for (const [name, value] of Object.entries(request.headers)) {
          const text = String(value);
          echoed[text] = name;
          try {
            res.setHeader(text, name);
          } catch {
            // Not a valid header name (spaces...): only the body echoes it.
          }
        }
        return send(res, 401, "application/json", JSON.stringify({ detail: echoed }));
      }
      case "huge":
      case "huge-chunked":
        return streamHuge(res, hugeBytes, behaviour === "huge");
      default:
        return send(
          res,
          404,
          "application/json",
          JSON.stringify({ detail: `Unknown hostile behaviour "/${behaviour}"` }),
        );
    }
  };

  const [main, other] = await Promise.all([listen("main"), listen("other")]);
  urls.main = main.url;
  urls.other = other.url;
  return {
    url: main.url,
    otherUrl: other.url,
    seen,
    pages,
    close: async () => {
      await Promise.all([main.close(), other.close()]);
    },
  };
}
