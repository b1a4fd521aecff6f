/**
 * Benchmark stub of a paginated bulk export, in its own process. The path chooses the data:
 * POST /{total}/{pageSize}/{delayMs}/v2/link/bulk_export pages through `total` connections with
 * `next_token` = the next offset, answering each page after `delayMs`. Prints its port over IPC.
 */
import { createServer } from "node:http";
import { benchConnection as connection } from "./connections.ts";

// Pages of the same size share one serialized item list: the client's cost does not depend on the values.
const itemsJson = new Map<number, string>();
const items = (n: number) => {
  let json = itemsJson.get(n);
  if (!json) {
    json = JSON.stringify(Array.from({ length: n }, (_, i) => connection(i)));
    itemsJson.set(n, json);
  }
  return json;
};

const server = createServer((req, res) => {
  const match = /^\/(\d+)\/(\d+)\/(\d+)\/v2\/link\/bulk_export$/.exec(req.url ?? "");
  const chunks: Buffer[] = [];
  req.on("data", (c: Buffer) => chunks.push(c));
  req.on("end", () => {
    if (!match || req.method !== "POST") return res.writeHead(404, { "content-length": 0 }).end();
    const [total, pageSize, delayMs] = match.slice(1).map(Number) as [number, number, number];
    const token = JSON.parse(Buffer.concat(chunks).toString() || "{}").next_token;
    const offset = typeof token === "string" ? Number(token) : 0;
    const count = Math.max(0, Math.min(pageSize, total - offset));
    const next = offset + count < total ? JSON.stringify(String(offset + count)) : "null";
    const body = Buffer.from(`{"data":${items(count)},"next_token":${next}}`);
    const send = () =>
      res.writeHead(200, { "content-type": "application/json", "content-length": body.length }).end(body);
    if (delayMs > 0) setTimeout(send, delayMs);
    else send();
  });
});
server.keepAliveTimeout = 60_000;
server.listen(0, "127.0.0.1", () => {
  const address = server.address();
  process.send?.({ port: typeof address === "object" && address ? address.port : 0 });
});
process.on("disconnect", () => process.exit(0));
