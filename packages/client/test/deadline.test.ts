import { describe, expect, it } from "vitest";
import { clearDeadline, race, startDeadline, timedOut } from "../src/deadline.js";

const never = new Promise<never>(() => {});
const outcome = (promise: Promise<unknown>, ms: number) =>
  Promise.race([promise, new Promise((resolve) => setTimeout(resolve, ms, "still pending"))]);

describe("shared deadline timer", () => {
  it("fires each deadline at its time, in order, whatever order they were started in", async () => {
    const fired: [string, number][] = [];
    const started = performance.now();
    const long = startDeadline(150, undefined);
    const short = startDeadline(50, undefined); // earlier than the armed timer: re-arms it
    const note = (name: string) => () => fired.push([name, performance.now() - started]);
    const waits = [race(never, long).then(note("long")), race(never, short).then(note("short"))];
    await Promise.all(waits);
    expect(fired.map(([name]) => name)).toEqual(["short", "long"]);
    const [[, shortAt], [, longAt]] = fired as [[string, number], [string, number]];
    expect(shortAt).toBeGreaterThanOrEqual(45);
    expect(shortAt).toBeLessThan(140);
    expect(longAt).toBeGreaterThanOrEqual(145);
  });

  it("a cleared deadline never fires; the others still do", async () => {
    const cleared = startDeadline(30, undefined);
    const kept = startDeadline(60, undefined);
    const clearedWait = race(never, cleared);
    clearDeadline(cleared);
    expect(await outcome(race(never, kept), 500)).toBe(timedOut);
    expect(await outcome(clearedWait, 50)).toBe("still pending");
  });

  it("race: the promise's outcome when it settles first; timedOut after the deadline passed", async () => {
    const deadline = startDeadline(40, undefined);
    expect(await race(Promise.resolve("answer"), deadline)).toBe("answer");
    await expect(race(Promise.reject(new Error("boom")), deadline)).rejects.toThrow("boom");
    await new Promise((r) => setTimeout(r, 80));
    expect(deadline.fired).toBe(true);
    expect(await race(never, deadline)).toBe(timedOut); // a later hop of the same attempt
  });

  it("aborts the attempt's controller when it fires", async () => {
    const controller = new AbortController();
    const deadline = startDeadline(20, controller);
    expect(await race(never, deadline)).toBe(timedOut);
    expect(controller.signal.aborted).toBe(true);
  });
});
