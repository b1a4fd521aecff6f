/**
 * Opaque page tokens and cursors: base64url of version, scan position, page number and an HMAC over
 * those, the data set and the request's scope (its filter). A forged or altered token, or one from
 * another data set or scope, fails the check.
 */
import { createHash, createHmac, timingSafeEqual } from "node:crypto";

/** Where the next page starts. */
export interface PageCursor {
  /** Scan position of the first item of the next page (an item that passes the filter). */
  index: number;
  /** 1-based number of the next page. */
  page: number;
}

export interface PageTokens {
  /** A token for `cursor` (whole numbers up to 4294967295) that only `scope` accepts. */
  encode(cursor: PageCursor, scope: string): string;
  /** The cursor in `token`, or `undefined` when the token was not made by `encode` for this data set and scope. */
  decode(token: string, scope: string): PageCursor | undefined;
}

const version = 1;
const macBytes = 12;
const tokenBytes = 1 + 4 + 4 + macBytes;

/**
 * Page tokens bound to the data set with this fingerprint. A scope is any string that is the same for
 * every page of one walk and differs between walks that may not share tokens: build it from the
 * operation and its canonical filter.
 */
export function createPageTokens(datasetFingerprint: string): PageTokens {
  const key = createHash("sha256").update(`junction-mock page token v${version}\n${datasetFingerprint}`).digest();
  const mac = (payload: Buffer, scope: string): Buffer =>
    createHmac("sha256", key).update(payload).update(scope).digest().subarray(0, macBytes);
  return {
    encode(cursor, scope) {
      const payload = Buffer.alloc(9);
      payload.writeUInt8(version, 0);
      payload.writeUInt32BE(cursor.index, 1);
      payload.writeUInt32BE(cursor.page, 5);
      return Buffer.concat([payload, mac(payload, scope)]).toString("base64url");
    },
    decode(token, scope) {
      const bytes = Buffer.from(token, "base64url");
      // Buffer.from skips characters outside base64url; re-encoding catches them.
      if (bytes.length !== tokenBytes || bytes.toString("base64url") !== token) return undefined;
      const payload = bytes.subarray(0, 9);
      if (payload.readUInt8(0) !== version) return undefined;
      if (!timingSafeEqual(bytes.subarray(9), mac(payload, scope))) return undefined;
      return { index: payload.readUInt32BE(1), page: payload.readUInt32BE(5) };
    },
  };
}
