// The baseline of bench/export.ts: a bare fetch loop over one paging operation of the mock, writing
// NDJSON to a file (no fsync, no checkpoint, no checks). Usage: node baseline.mjs <style> <url> <out>
import { closeSync, openSync, writeSync } from "node:fs";

const [style, url, out] = process.argv.slice(2);
const headers = { "content-type": "application/json", "x-vital-api-key": "bench" };
const fd = openSync(out, "w", 0o600);
const write = (items) => writeSync(fd, items.map((item) => `${JSON.stringify(item)}\n`).join(""));
const get = async (path) => (await fetch(`${url}${path}`, { headers })).json();

if (style === "body") {
  let token = null;
  do {
    const res = await fetch(`${url}/v2/link/bulk_export`, {
      method: "POST",
      headers,
      body: JSON.stringify({ provider: "fitbit", next_token: token }),
    });
    const page = await res.json();
    write(page.data);
    token = page.next_token;
  } while (token);
} else if (style === "offset") {
  for (let offset = 0; ; ) {
    const page = await get(`/v2/user?offset=${offset}&limit=500`);
    write(page.users);
    offset += page.users.length;
    if (page.users.length === 0 || offset >= page.total) break;
  }
} else if (style === "page") {
  for (let page = 1; ; page++) {
    const body = await get(`/v3/orders?page=${page}&size=100`);
    write(body.orders);
    if (body.orders.length === 0 || page * 100 >= body.total) break;
  }
} else if (style === "cursor") {
  let cursor = null;
  do {
    const query = `start_date=${process.env.START_DATE}${cursor ? `&next_cursor=${encodeURIComponent(cursor)}` : ""}`;
    const body = await get(`/v2/timeseries/${process.env.USER_ID}/steps/grouped?${query}`);
    write(Object.values(body.groups).flat());
    cursor = body.next_cursor;
  } while (cursor);
} else {
  throw new Error(`unknown style ${style}`);
}
closeSync(fd);
