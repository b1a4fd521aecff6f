/**
 * The answer for operations the backend keeps no state for: the request goes on to a Prism mock
 * started with `dynamic` bodies. Where Prism cannot generate a body from the schema, the request is
 * sent once more asking for the spec's example instead (`Prefer: dynamic=false`).
 *
 * Why generated bodies: in 78 of the spec's 196 operations the `example`s break their own schemas
 * (connected sources without `provider`, timeseries samples without `timestamp`, orders without
 * `health_insurance_id`, dates that are not date-times...). A Prism mock with `--errors` checks its
 * own answer and sends a 500 for those, and so would the validating proxy in front. Letting such
 * answers through unchecked would hand clients bodies that break the types generated from the same
 * spec; generated bodies follow the schemas, so every fallback answer that reaches a client is still
 * checked and still one the spec allows. Prism 5.14.2 cannot generate `prefixItems` tuples (the
 * blood pressure timeseries), and answers a 500 "UNKNOWN" problem instead: the spec's example is
 * valid there, hence the retry. A caller's own `Prefer` header is passed on as sent, without retry.
 */
import {
  Agent,
  type IncomingMessage,
  type OutgoingHttpHeaders,
  type RequestListener,
  request,
  type ServerResponse,
} from "node:http";
import type { Forwarder } from "./forward.js";
import { endToEnd } from "./forward.js";
import { BodyTooLargeError, readBody, sendJson } from "./http-json.js";

/** Largest request body passed on to the Prism mock (uploads included): 32 MiB. */
const maxBodyBytes = 32 * 1024 * 1024;
/** Problem type of Prism's answer when it failed to make a response at all. */
const prismUnknownError = "https://stoplight.io/prism/errors#UNKNOWN";

/** A forwarder to the Prism mock at `target`, with the example retry described above. */
export function createPrismFallback(target: string): Forwarder {
  const origin = new URL(target);
  const agent = new Agent({ keepAlive: true });

  const send = (req: IncomingMessage, body: Buffer, prefer?: string): Promise<IncomingMessage> =>
    new Promise((ok, fail) => {
      const headers: OutgoingHttpHeaders = { ...endToEnd(req.headers), host: origin.host };
      // The body is sent whole, so its length is known even when the client streamed it in chunks.
      if (body.length > 0 || headers["content-length"] !== undefined) headers["content-length"] = String(body.length);
      if (prefer) headers.prefer = prefer;
      const upstream = request(
        { agent, hostname: origin.hostname, port: origin.port, method: req.method, path: req.url, headers },
        ok,
      );
      upstream.on("error", fail);
      upstream.end(body);
    });

  const relay = (answer: IncomingMessage, res: ServerResponse, body?: Buffer) => {
    res.writeHead(answer.statusCode ?? 502, answer.statusMessage, endToEnd(answer.headers));
    if (body) res.end(body);
    else answer.pipe(res);
  };

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const body = await readBody(req, maxBodyBytes);
    const answer = await send(req, body);
    if (answer.statusCode !== 500 || req.headers.prefer !== undefined) return relay(answer, res);
    const text = Buffer.concat(await answer.toArray());
    let type: unknown;
    try {
      type = (JSON.parse(text.toString("utf8")) as { type?: unknown }).type;
    } catch {
      // Not Prism's problem JSON: pass it on as it is.
    }
    if (type !== prismUnknownError) return relay(answer, res, text);
    relay(await send(req, body, "dynamic=false"), res);
  }

  const listener: RequestListener = (req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (res.headersSent) res.destroy();
      else if (error instanceof BodyTooLargeError)
        sendJson(res, 413, { detail: `Request body too large: ${error.message}.` });
      else sendJson(res, 502, { detail: `Mock server: the Prism mock at ${target} did not answer: ${String(error)}` });
    });
  };
  return { handle: listener, close: () => agent.destroy() };
}
