import { writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { freePort, startPrism } from "../src/index.js";

describe("startPrism", () => {
  it("serves the vendored spec on a free loopback port with --errors, and stops on close()", async () => {
    const prism = await startPrism();
    try {
      expect(prism.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      const invalid = await fetch(`${prism.url}/v2/link/bulk_export`, {
        method: "POST",
        headers: { "content-type": "application/json", "x-vital-api-key": "k" },
        body: "{}",
      });
      expect(invalid.status).toBe(422);
      expect(invalid.headers.get("sl-violations")).toMatch(/required property 'provider'/);
    } finally {
      await prism.close();
    }
    await expect(fetch(prism.url)).rejects.toThrow();
  });

  it("fails clearly, with Prism's own output, when the spec cannot be loaded", async () => {
    const spec = join(tmpdir(), `not-a-spec-${process.pid}.yaml`);
    await writeFile(spec, "this: is not: an openapi document\n");
    await expect(startPrism({ spec, startTimeoutMs: 20_000 })).rejects.toThrow(/Prism exited before it was ready/);
  });

  it("fails clearly when the port is taken", async () => {
    const first = await startPrism();
    try {
      const port = Number(new URL(first.url).port);
      await expect(startPrism({ port, startTimeoutMs: 20_000 })).rejects.toThrow(/Prism exited|did not answer/);
    } finally {
      await first.close();
    }
  });

  it("needs an upstream in proxy mode", async () => {
    await expect(startPrism({ mode: "proxy" })).rejects.toThrow(/proxy mode needs `upstream`/);
    expect(await freePort()).toBeGreaterThan(0);
  });
});
