/** A minimal streaming reverse proxy: sends each request on to another server and its answer back. */
import { Agent, type IncomingHttpHeaders, type RequestListener, request } from "node:http";
import { sendJson } from "./http-json.js";

/** Forwards requests to one server. */
export interface Forwarder {
  /** Sends the request to the target (same method, path, headers and body) and streams its answer back. */
  handle: RequestListener;
  /** Drops the kept-alive connections to the target. */
  close(): void;
}

// Headers about one connection, not the message (RFC 9110, section 7.6.1).
const hopByHop = new Set([
  "connection",
  "keep-alive",
  "proxy-connection",
  "proxy-authenticate",
  "proxy-authorization",
  "te",
  "trailer",
  "transfer-encoding",
  "upgrade",
]);

/** `headers` without the hop-by-hop ones, which a proxy must not pass on. */
export function endToEnd(headers: IncomingHttpHeaders): IncomingHttpHeaders {
  return Object.fromEntries(Object.entries(headers).filter(([name]) => !hopByHop.has(name)));
}

/** A forwarder to `target` (an `http://host:port` origin). */
export function createForwarder(target: string): Forwarder {
  const origin = new URL(target);
  if (origin.protocol !== "http:")
    throw new Error(`createForwarder: only http:// targets are supported, got ${target}.`);
  const agent = new Agent({ keepAlive: true });

  const handle: RequestListener = (req, res) => {
    const upstream = request(
      {
        agent,
        hostname: origin.hostname,
        port: origin.port,
        method: req.method,
        path: req.url,
        headers: { ...endToEnd(req.headers), host: origin.host },
      },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.statusMessage, endToEnd(answer.headers));
        answer.pipe(res);
        answer.on("aborted", () => res.destroy());
      },
    );
    upstream.on("error", (error) => {
      if (res.headersSent) res.destroy(error);
      else sendJson(res, 502, { detail: `Mock server: could not forward the request to ${target}: ${error.message}` });
    });
    // The client went away before the answer was complete: stop the upstream exchange too.
    res.on("close", () => {
      if (!res.writableFinished) upstream.destroy();
    });
    req.pipe(upstream);
  };
  return { handle, close: () => agent.destroy() };
}
