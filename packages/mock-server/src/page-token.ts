/**
 * Opaque `next_token`s: base64url of version, scan position, page number and an HMAC over those, the
 * data set and the filter. A forged or altered token, or one from another data set or filter, fails the check.
 */
import { createHash, createHmac, timingSafeEqual } from "node:crypto";
import type { ConnectionFilter } from "./dataset.js";

/** Where the next page starts. */
export interface PageCursor {
  /** Index of the first connection of the next page (a connection that passes the filter). */
  index: number;
  /** 1-based number of the next page. */
  page: number;
}

export interface PageTokens {
  encode(cursor: PageCursor, filter: ConnectionFilter): string;
  /** The cursor in `token`, or `undefined` when the token was not made by `encode` for this data set and filter. */
  decode(token: string, filter: ConnectionFilter): PageCursor | undefined;
}

const version = 1;
const macBytes = 12;
const tokenBytes = 1 + 4 + 4 + macBytes;

/** Page tokens bound to the data set with this fingerprint. */
export function createPageTokens(datasetFingerprint: string): PageTokens {
  const key = createHash("sha256").update(`junction-mock page token v${version}\n${datasetFingerprint}`).digest();
  const mac = (payload: Buffer, filter: ConnectionFilter): Buffer => {
    // Sorted so that the same users in another order still match the token.
    const users = [...new Set((filter.userIds ?? []).map((id) => id.toLowerCase()))].sort();
    return createHmac("sha256", key)
      .update(payload)
      .update(JSON.stringify([filter.provider, users]))
      .digest()
      .subarray(0, macBytes);
  };
  return {
    encode(cursor, filter) {
      const payload = Buffer.alloc(9);
      payload.writeUInt8(version, 0);
      payload.writeUInt32BE(cursor.index, 1);
      payload.writeUInt32BE(cursor.page, 5);
      return Buffer.concat([payload, mac(payload, filter)]).toString("base64url");
    },
    decode(token, filter) {
      const bytes = Buffer.from(token, "base64url");
      // Buffer.from skips characters outside base64url; re-encoding catches them.
      if (bytes.length !== tokenBytes || bytes.toString("base64url") !== token) return undefined;
      const payload = bytes.subarray(0, 9);
      if (payload.readUInt8(0) !== version) return undefined;
      if (!timingSafeEqual(bytes.subarray(9), mac(payload, filter))) return undefined;
      return { index: payload.readUInt32BE(1), page: payload.readUInt32BE(5) };
    },
  };
}
