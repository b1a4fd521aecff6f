import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from "node:http";

/** Thrown by {@link readBody} when the body is longer than allowed. */
export class BodyTooLargeError extends Error {}

/** Reads the whole request body, refusing more than `limitBytes`. */
export function readBody(req: IncomingMessage, limitBytes: number): Promise<Buffer> {
  return new Promise((ok, fail) => {
    const chunks: Buffer[] = [];
    let length = 0;
    req.on("data", (chunk: Buffer) => {
      length += chunk.length;
      if (length > limitBytes) {
        req.removeAllListeners("data");
        req.resume();
        fail(new BodyTooLargeError(`request body is larger than ${limitBytes} bytes`));
        return;
      }
      chunks.push(chunk);
    });
    req.on("end", () => ok(Buffer.concat(chunks)));
    req.on("error", fail);
  });
}

/** Answers with a JSON body and its exact length. */
export function sendJson(res: ServerResponse, status: number, body: unknown, headers: OutgoingHttpHeaders = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    ...headers,
    "content-type": "application/json",
    "content-length": Buffer.byteLength(text),
  });
  res.end(text);
}
