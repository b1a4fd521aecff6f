/**
 * Synthetic lab test orders, as `GET /v3/orders` lists them: newest first, each computed from
 * `(seed, i)` alone, so any page is made directly in constant memory. An order's user is one of the
 * team's users of `GET /v2/user` (the same seed and `users.count`).
 */
import type {
  ClientFacingOrder,
  ClientFacingOrderEvent,
  Interpretation,
  OrderStatus,
  OrderTopLevelStatus,
  PatientAddressCompatible,
} from "@junction/openapi-types";
import { between, daySeconds, digits, isoDate, isoDateTime, pick, type Random, uuid } from "./fake.js";
import { labCatalogue, type MethodFlow, methodFlows } from "./lab-catalogue.js";
import { mulberry32, seedFor } from "./random.js";
import { seedOption, teamIdFor, wholeOption } from "./team.js";
import { createUserDataset, type UsersDataOptions } from "./users-data.js";

/** The orders of `GET /v3/orders` and how that operation pages. */
export interface OrdersOptions {
  /** Number of orders of the team (at most 1000000). Default `500`. */
  count?: number;
  /** `size` used when a request gives none. Default `50`, the spec's default. */
  pageSize?: number;
  /** The most orders a page holds, whatever `size` asks for; the answer's `size` says what was used. Default `100`, the spec's maximum. */
  maxPageSize?: number;
}

/** What the orders data set is made of: the mock's `seed`, `providers`, `users` and `orders` options. */
export interface OrdersDataOptions extends UsersDataOptions {
  orders?: Pick<OrdersOptions, "count">;
}

/** The team's orders, each computed on demand. */
export interface OrderDataset {
  /** Number of orders. */
  readonly size: number;
  /** Order `index` (0-based, below `size`; 0 is the newest). */
  orderAt(index: number): ClientFacingOrder;
}

const ordersSalt = 0x6f726472;
/** Orders are placed one every ten minutes, with jitter, going back from this instant (2026-01-01T00:00:00Z). */
const latestOrder = 1_767_225_600;
const firstNames = ["Alex", "Sam", "Jordan", "Taylor", "Morgan", "Casey", "Riley", "Jamie", "Avery", "Quinn"];
const lastNames = ["Smith", "Garcia", "Chen", "Okafor", "Novak", "Silva", "Kim", "Patel", "Jensen", "Rossi"];
const streets = ["Main St", "Oak Ave", "Pine St", "Maple Dr", "Cedar Ln", "Elm St"];
const places = [
  ["San Francisco", "CA", "94103"],
  ["Austin", "TX", "78701"],
  ["New York", "NY", "10001"],
  ["Chicago", "IL", "60601"],
  ["Denver", "CO", "80202"],
  ["Seattle", "WA", "98101"],
] as const;
const notes = ["Patient prefers morning appointments.", "Repeat of last quarter's panel.", "Fasting confirmed."];
const totalWeight = methodFlows.reduce((sum, flow) => sum + flow.weight, 0);

function flowFor(random: Random): MethodFlow {
  let u = random() * totalWeight;
  for (const flow of methodFlows) {
    u -= flow.weight;
    if (u < 0) return flow;
  }
  return methodFlows[methodFlows.length - 1] as MethodFlow;
}

/** The statuses an order has reached: a prefix of its flow, sometimes cut short by a cancellation. */
function statusesFor(random: Random, flow: MethodFlow): string[] {
  if (random() < 0.05) return [...flow.steps.slice(0, between(random, 1, 2)), `cancelled.${flow.method}.cancelled`];
  return flow.steps.slice(0, between(random, 1, flow.steps.length));
}

const reached = (statuses: readonly string[], step: string) => statuses.some((status) => status.endsWith(`.${step}`));

/** Validates the options and returns the orders they describe. Throws a descriptive error on bad options. */
export function createOrderDataset(options: OrdersDataOptions = {}): OrderDataset {
  const seed = seedOption(options.seed);
  const size = wholeOption("orders.count", options.orders?.count ?? 500, 0, 1_000_000);
  const users = createUserDataset(options);
  const teamId = teamIdFor(seed);
  const catalogue = labCatalogue(seed);

  const orderAt = (index: number): ClientFacingOrder => {
    const random = mulberry32(seedFor(seed ^ ordersSalt, index));
    const id = uuid(random);
    const userId = users.size > 0 ? users.userIdAt(between(random, 0, users.size - 1)) : uuid(random);
    const createdAt = latestOrder - index * 600 - Math.floor(random() * 600);
    const flow = flowFor(random);
    const { labTest, tatDays } = pick(random, catalogue.get(flow.method) ?? []);
    const statuses = statusesFor(random, flow);
    let at = createdAt;
    const events: ClientFacingOrderEvent[] = statuses.map((status, k) => {
      if (k > 0) at += between(random, 2 * 3600, 48 * 3600);
      return { id: index * 16 + k + 1, created_at: isoDateTime(at), status: status as OrderStatus };
    });
    const lastEvent = events[events.length - 1] as ClientFacingOrderEvent;
    const updatedAt = lastEvent.created_at;
    const completed = reached(statuses, "completed");

    const first = pick(random, firstNames);
    const last = pick(random, lastNames);
    const [city, state, zip] = pick(random, places);
    const phone = `+1555${digits(random, 7)}`;
    const address: PatientAddressCompatible = {
      receiver_name: `${first} ${last}`,
      first_line: `${between(random, 1, 9999)} ${pick(random, streets)}`,
      second_line: random() < 0.3 ? `Apt. ${between(random, 1, 400)}` : null,
      city,
      state,
      zip,
      country: "US",
      phone_number: phone,
    };
    const stamps = { created_at: isoDateTime(createdAt), updated_at: updatedAt };
    const appointmentId = reached(statuses, "appointment_scheduled") ? uuid(random) : null;
    const tracking = (step: string) => (reached(statuses, step) ? `9400${digits(random, 18)}` : null);
    const outbound = tracking("transit_customer");
    const inbound = tracking("transit_lab");
    const trackingUrl = (number: string | null) =>
      number === null ? null : `https://tracking.junction-mock.invalid/usps/${number}`;
    const detailsId = uuid(random);
    const details: ClientFacingOrder["details"] =
      flow.method === "testkit"
        ? {
            type: "testkit",
            data: {
              id: detailsId,
              shipment: {
                id: uuid(random),
                outbound_tracking_number: outbound,
                outbound_tracking_url: trackingUrl(outbound),
                inbound_tracking_number: inbound,
                inbound_tracking_url: trackingUrl(inbound),
                outbound_courier: outbound === null ? null : "usps",
                inbound_courier: inbound === null ? null : "usps",
                notes: null,
              },
              ...stamps,
            },
          }
        : flow.method === "walk_in_test"
          ? { type: "walk_in_test", data: { id: detailsId, ...stamps, appointment_id: appointmentId } }
          : flow.method === "at_home_phlebotomy"
            ? { type: "at_home_phlebotomy", data: { id: detailsId, appointment_id: appointmentId, ...stamps } }
            : { type: "on_site_collection", data: { id: detailsId, ...stamps } };
    const interpretation: Interpretation | null = completed
      ? pick(random, ["normal", "normal", "normal", "abnormal", "abnormal", "critical"] as const)
      : null;

    return {
      user_id: userId,
      id,
      team_id: teamId,
      patient_details: {
        first_name: first,
        last_name: last,
        dob: isoDateTime(-631_152_000 + between(random, 0, 55 * 365) * daySeconds),
        gender: pick(random, ["female", "male"]),
        phone_number: phone,
        email: `${first}.${last}.${digits(random, 4)}@example.com`.toLowerCase(),
      },
      patient_address: address,
      lab_test: labTest,
      details,
      sample_id: statuses.some((status) => /^(sample_with_lab|completed)\./.test(status)) ? digits(random, 9) : null,
      notes: random() < 0.2 ? pick(random, notes) : null,
      clinical_notes: null,
      created_at: stamps.created_at,
      updated_at: updatedAt,
      events,
      status: lastEvent.status.split(".")[0] as OrderTopLevelStatus,
      last_event: lastEvent,
      physician:
        random() < 0.7
          ? { first_name: pick(random, firstNames), last_name: pick(random, lastNames), npi: digits(random, 10) }
          : null,
      health_insurance_id: null,
      requisition_form_url: reached(statuses, "requisition_created")
        ? `https://requisitions.junction-mock.invalid/${id}.pdf`
        : null,
      priority: random() < 0.1,
      shipping_details: flow.method === "testkit" ? { ...address, phone_number: phone } : null,
      activate_by: null,
      passthrough: null,
      billing_type: "client_bill",
      icd_codes: null,
      has_abn: false,
      interpretation,
      has_missing_results: completed ? false : null,
      expected_result_by_date: isoDate(createdAt + tatDays[0] * daySeconds),
      worst_case_result_by_date: isoDate(createdAt + tatDays[1] * daySeconds),
      origin: "initial",
      order_transaction: null,
    };
  };

  return { size, orderAt };
}

/**
 * Every order `GET /v3/orders` lists for these options, in order (newest first): compare what a
 * client received over all pages against this to check it got each order exactly once.
 */
export function expectedOrders(options: OrdersDataOptions = {}): ClientFacingOrder[] {
  const dataset = createOrderDataset(options);
  return Array.from({ length: dataset.size }, (_, i) => dataset.orderAt(i));
}
