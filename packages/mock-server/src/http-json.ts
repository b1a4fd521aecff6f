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

/**
 * Whether a request's `content-type` lets its body be read as JSON: `application/json` or any
 * `application/*+json`, parameters and case aside. A body without a content type is read as JSON too,
 * as the API (FastAPI) does.
 */
export function isJsonContentType(contentType: string | undefined): boolean {
  if (contentType === undefined) return true;
  const type = contentType.split(";")[0]?.trim().toLowerCase() ?? "";
  return type === "application/json" || /^application\/[^/]+\+json$/.test(type);
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
