/**
 * Benchmark stub of POST {prefix}/v2/link/bulk_export, run in its own process so that serving
 * does not compete with the measured client for the event loop. `/small` answers 10
 * connections per page, `/large` 1,000. Prints its port to the parent over IPC.
 */
import { createServer } from "node:http";
import { benchConnection as connection } from "./connections.ts";

const page = (n: number) =>
  Buffer.from(JSON.stringify({ data: Array.from({ length: n }, (_, i) => connection(i)), next_token: null }));
const pages: Record<string, Buffer> = {
  "/small/v2/link/bulk_export": page(10),
  "/large/v2/link/bulk_export": page(1000),
};

const server = createServer((req, res) => {
  const body = req.method === "POST" ? pages[req.url ?? ""] : undefined;
  req.resume();
  req.on("end", () => {
    if (!body) {
      res.writeHead(404, { "content-length": 0 }).end();
      return;
    }
    res.writeHead(200, { "content-type": "application/json", "content-length": body.length }).end(body);
  });
});
server.keepAliveTimeout = 60_000;
server.listen(0, "127.0.0.1", () => {
  const address = server.address();
  process.send?.({
    port: typeof address === "object" && address ? address.port : 0,
    sizes: { small: pages["/small/v2/link/bulk_export"]?.length, large: pages["/large/v2/link/bulk_export"]?.length },
  });
});
process.on("disconnect", () => process.exit(0));
