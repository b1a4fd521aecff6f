import { describe, expect, it } from "vitest";
import { createDataset, defaultProviderMix, expectedConnections, oauth1ExpiresAt } from "../src/index.js";

const uuidV4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe("createDataset", () => {
  it("makes the same connections from the same seed, and different ones from another seed", () => {
    const a = createDataset({ connections: 500, seed: 42 });
    const b = createDataset({ connections: 500, seed: 42 });
    const c = createDataset({ connections: 500, seed: 43 });
    const all = (d: typeof a) => Array.from({ length: d.size }, (_, i) => d.connectionAt(i));
    const first = all(a);
    expect(all(b)).toEqual(first);
    expect(all(c).filter((x, i) => x.user_id === first[i]?.user_id)).toEqual([]);
    expect(a.fingerprint).not.toBe(c.fingerprint);
  });

  it("gives every connection realistic, well-formed fields", () => {
    const dataset = createDataset({ connections: 3000 });
    for (let i = 0; i < dataset.size; i++) {
      const c = dataset.connectionAt(i);
      expect(c.user_id).toMatch(uuidV4);
      expect(c.access_token).toMatch(/^mock_at_[A-Za-z0-9]{40}$/);
      expect(c.refresh_token).toMatch(/^mock_rt_[A-Za-z0-9]{40}$/);
      expect(Number.isInteger(c.expires_at)).toBe(true);
      const provider = dataset.providerAt(i);
      if (provider === "garmin") {
        expect(c.provider_id).toMatch(uuidV4);
        expect(c.expires_at).toBe(oauth1ExpiresAt);
        expect(c.oauth_scopes).toBeNull();
      } else {
        expect(c.expires_at).toBeGreaterThanOrEqual(1_767_225_600);
        expect(c.expires_at).toBeLessThan(1_767_225_600 + 366 * 86_400);
        expect(c.oauth_scopes?.length).toBeGreaterThan(0);
      }
      if (provider === "fitbit") expect(c.provider_id).toMatch(/^[A-Z0-9]{6}$/);
      if (provider === "withings") expect(c.provider_id).toMatch(/^[1-9]\d{7}$/);
    }
  });

  it("gives every connection its own user", () => {
    const dataset = createDataset({ connections: 50_000, seed: 9 });
    const users = new Set(Array.from({ length: dataset.size }, (_, i) => dataset.connectionAt(i).user_id));
    expect(users.size).toBe(50_000);
  });

  it("spreads providers by the weights of the mix", () => {
    const dataset = createDataset({ connections: 40_000 });
    const counts = new Map<string, number>();
    for (let i = 0; i < dataset.size; i++) {
      const provider = dataset.providerAt(i);
      counts.set(provider, (counts.get(provider) ?? 0) + 1);
    }
    const total = Object.values(defaultProviderMix).reduce((a, b) => a + b, 0);
    expect([...counts.keys()].sort()).toEqual(Object.keys(defaultProviderMix).sort());
    for (const [provider, weight] of Object.entries(defaultProviderMix)) {
      expect(Math.abs((counts.get(provider) ?? 0) / 40_000 - weight / total)).toBeLessThan(0.01);
    }
    const even = createDataset({ connections: 10_000, providers: ["oura", "polar"] });
    const oura = Array.from({ length: even.size }, (_, i) => even.providerAt(i)).filter((p) => p === "oura").length;
    expect(Math.abs(oura / 10_000 - 0.5)).toBeLessThan(0.02);
  });

  it("serves any connection of a million without making the others", () => {
    const dataset = createDataset({ connections: 1_000_000, seed: 5 });
    const last = dataset.connectionAt(999_999);
    expect(last).toEqual(createDataset({ connections: 1_000_000, seed: 5 }).connectionAt(999_999));
    expect(last.user_id).toMatch(uuidV4);
    const polar = expectedConnections({ connections: 1_000_000, seed: 5, provider: "polar" });
    expect(polar.length / 1_000_000).toBeGreaterThan(0.035);
    expect(polar.length / 1_000_000).toBeLessThan(0.045);
  });

  it("refuses bad options with a message that says what is wrong", () => {
    expect(() => createDataset({ connections: -1 })).toThrow(
      "connections must be a whole number from 0 to 4294967295, got -1",
    );
    expect(() => createDataset({ connections: 1.5 })).toThrow(/connections must be a whole number/);
    expect(() => createDataset({ providers: [] })).toThrow(/at least one provider/);
    expect(() => createDataset({ providers: { fitbit: -1 } })).toThrow(
      /weight of "fitbit" must be a finite number >= 0/,
    );
    expect(() => createDataset({ providers: ["oura", "oura"] })).toThrow(/listed once/);
    expect(() => createDataset({ seed: Number.NaN })).toThrow(/seed must be a whole number/);
  });
});

describe("expectedConnections", () => {
  it("keeps only the provider asked for, in data set order", () => {
    const dataset = createDataset({ connections: 2000, seed: 3 });
    const fitbit = expectedConnections({ connections: 2000, seed: 3, provider: "fitbit" });
    const indices = Array.from({ length: 2000 }, (_, i) => i).filter((i) => dataset.providerAt(i) === "fitbit");
    expect(fitbit).toEqual(indices.map((i) => dataset.connectionAt(i)));
    expect(fitbit.length).toBeGreaterThan(600);
    expect(expectedConnections({ connections: 2000, seed: 3, provider: "ultrahuman" })).toEqual([]);
  });

  it("keeps only the users asked for, whatever their case, and treats [] and null as every user", () => {
    const all = expectedConnections({ connections: 2000, provider: "oura" });
    const wanted = [all[3], all[100], all[7]].map((c) => c?.user_id ?? "");
    const some = expectedConnections({
      connections: 2000,
      provider: "oura",
      userIds: [...wanted, wanted[0]?.toUpperCase() ?? ""],
    });
    expect(some).toEqual([all[3], all[7], all[100]]);
    expect(expectedConnections({ connections: 2000, provider: "oura", userIds: [] })).toEqual(all);
    expect(expectedConnections({ connections: 2000, provider: "oura", userIds: null })).toEqual(all);
    // A user of another provider is not in this provider's export.
    const garmin = expectedConnections({ connections: 2000, provider: "garmin" })[0]?.user_id ?? "";
    expect(expectedConnections({ connections: 2000, provider: "oura", userIds: [garmin] })).toEqual([]);
  });
});
