/** How the synthetic data names and describes providers; shapes only, not facts of the API. */
import type { ClientFacingProvider } from "@junction/openapi-types";

const displayNames: Readonly<Record<string, string>> = {
  fitbit: "Fitbit",
  garmin: "Garmin",
  oura: "Oura",
  withings: "Withings",
  whoop_v2: "WHOOP",
  polar: "Polar",
  strava: "Strava",
  google_fit: "Google Fit",
  dexcom_v3: "Dexcom",
  wahoo: "Wahoo",
  apple_health_kit: "Apple HealthKit",
  ultrahuman: "Ultrahuman",
};

const sourceTypes: Readonly<Record<string, string>> = {
  fitbit: "watch",
  garmin: "watch",
  oura: "ring",
  withings: "scale",
  whoop_v2: "watch",
  polar: "watch",
  strava: "app",
  google_fit: "phone",
  dexcom_v3: "automatic",
  wahoo: "chest_strap",
  apple_health_kit: "phone",
  ultrahuman: "ring",
};

/** A provider as `connected_sources` shows it: display name, slug and a logo URL (on a reserved, unreachable host). */
export function providerInfo(slug: string): ClientFacingProvider {
  const name =
    displayNames[slug] ??
    slug.replace(/(^|_)(\w)/g, (_, space: string, c: string) => `${space && " "}${c.toUpperCase()}`);
  return { name, slug, logo: `https://logos.junction-mock.invalid/${slug}.png` };
}

/** The kind of device a provider's samples come from (`ClientFacingSource.type`). Default `unknown`. */
export function sourceType(slug: string): string {
  return sourceTypes[slug] ?? "unknown";
}
