/**
 * Response bodies, read by the transport as part of the attempt: within its deadline (a body that
 * stalls is a timeout, like headers that never come) and within `maxResponseBytes`. JSON bodies are
 * checked here too, so both request paths give the same {@link UnexpectedResponseError}.
 */
import { type Deadline, race, timedOut } from "./deadline.js";
import { type FailedRequest, ResponseTooLargeError, UnexpectedResponseError } from "./errors.js";

const decoder = new TextDecoder();
const noop = () => {};

/**
 * The whole body of `response` as text. Rejects with {@link timedOut} when `deadline` fires first, with
 * {@link ResponseTooLargeError} past `maxBytes` (a larger `content-length` is refused once the body
 * proves longer than one chunk; without one, bytes are counted), or with the platform's error (a
 * connection lost mid-body). Reading stops on any of these and the body is cancelled, which closes
 * the connection rather than leave it to hold the process open.
 */
export async function readText(
  response: Response,
  maxBytes: number,
  deadline: Deadline | undefined,
  request: FailedRequest,
): Promise<string> {
  const body = response.body;
  if (!body) return "";
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  const readAll = async () => {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      size += value.byteLength;
      // A body of one chunk (most pages) never pays for the header lookup.
      if (size > maxBytes || (chunks.length === 1 && Number(response.headers.get("content-length")) > maxBytes)) {
        throw new ResponseTooLargeError(response.status, response.headers, request, maxBytes);
      }
      chunks.push(value);
    }
  };
  try {
    if ((deadline ? await race(readAll(), deadline) : await readAll()) === timedOut) throw timedOut;
  } catch (error) {
    reader.cancel().catch(noop);
    throw error;
  }
  if (chunks.length === 1) return decoder.decode(chunks[0]);
  const all = new Uint8Array(size);
  let at = 0;
  for (const chunk of chunks) {
    all.set(chunk, at);
    at += chunk.byteLength;
  }
  return decoder.decode(all);
}

/**
 * The `data` of a JSON success: `undefined` for 204, 205, HEAD and an empty body other than 200's;
 * throws {@link UnexpectedResponseError} for an empty 200 or a body that is not JSON.
 */
export function parseJson(response: Response, text: string, request: FailedRequest): unknown {
  const { status } = response;
  if (status === 204 || status === 205 || request.method === "HEAD" || (!text && status !== 200)) return undefined;
  try {
    if (text) return JSON.parse(text);
  } catch {}
  throw new UnexpectedResponseError(status, text, response.headers, request);
}
