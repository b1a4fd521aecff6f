import type { ServerResponse } from "node:http";
import { type RecordedRequest, type RecordingServer, startRecordingServer } from "@junction/mock-server/hostile";
import { afterEach } from "vitest";

/** A request as the stub server saw it. */
export type Seen = RecordedRequest;
export type Stub = RecordingServer;

/**
 * A node:http server on 127.0.0.1 (port 0) that records every request, body included, then lets
 * `handle` answer it. `handle` gets the request number (0-based) to script a sequence.
 */
export const startStub = startRecordingServer;

/** A {@link startStub} whose servers are closed after each test of the file that calls this. */
export function stubsClosedAfterEach(): (...args: Parameters<typeof startStub>) => Promise<Stub> {
  let stubs: Stub[] = [];
  afterEach(async () => {
    await Promise.all(stubs.map((s) => s.close()));
    stubs = [];
  });
  return async (...args) => {
    const s = await startStub(...args);
    stubs.push(s);
    return s;
  };
}

/** Answers JSON with the given status and headers. */
export function json(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(text), ...headers });
  res.end(text);
}

/** A bulk-export page with secrets in it, as the API sends. */
export const page = (tokens = ["at-secret-1"], next: string | null = null) => ({
  data: tokens.map((token, i) => ({
    user_id: `0b6a7d35-5c8f-4c0e-9d2a-${String(i).padStart(12, "0")}`,
    access_token: token,
    refresh_token: `rt-${token}`,
    provider_id: `p${i}`,
    expires_at: 2147483647,
    oauth_scopes: null,
  })),
  next_token: next,
});

export const bulkExport = "/v2/link/bulk_export" as const;
export const apiKey = "sk_test_TOTALLY-SECRET-KEY-1234";
