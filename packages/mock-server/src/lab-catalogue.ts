/** The small made-up lab test catalogue that synthetic orders are placed from. */
import type {
  ClientFacingLab,
  ClientFacingLabTest,
  ClientFacingMarker,
  LabTestCollectionMethod,
} from "@junction/openapi-types";
import { uuid } from "./fake.js";
import { mulberry32, seedFor } from "./random.js";

/** A collection method and the order status steps its orders go through, in order. */
export interface MethodFlow {
  method: LabTestCollectionMethod;
  /** Share of orders placed with this method, relative to the others. */
  weight: number;
  /** Status of each event, from the order's creation to its completion. */
  steps: readonly string[];
}

/** Flows of the four collection methods; every status is one of the spec's `OrderStatus` values. */
export const methodFlows: readonly MethodFlow[] = [
  {
    method: "testkit",
    weight: 40,
    steps: [
      "received.testkit.ordered",
      "received.testkit.requisition_created",
      "collecting_sample.testkit.transit_customer",
      "collecting_sample.testkit.out_for_delivery",
      "collecting_sample.testkit.with_customer",
      "collecting_sample.testkit.transit_lab",
      "sample_with_lab.testkit.delivered_to_lab",
      "completed.testkit.completed",
    ],
  },
  {
    method: "walk_in_test",
    weight: 30,
    steps: [
      "received.walk_in_test.ordered",
      "received.walk_in_test.requisition_created",
      "collecting_sample.walk_in_test.appointment_pending",
      "collecting_sample.walk_in_test.appointment_scheduled",
      "sample_with_lab.walk_in_test.partial_results",
      "completed.walk_in_test.completed",
    ],
  },
  {
    method: "at_home_phlebotomy",
    weight: 20,
    steps: [
      "received.at_home_phlebotomy.ordered",
      "received.at_home_phlebotomy.requisition_created",
      "collecting_sample.at_home_phlebotomy.appointment_pending",
      "collecting_sample.at_home_phlebotomy.appointment_scheduled",
      "collecting_sample.at_home_phlebotomy.draw_completed",
      "sample_with_lab.at_home_phlebotomy.partial_results",
      "completed.at_home_phlebotomy.completed",
    ],
  },
  {
    method: "on_site_collection",
    weight: 10,
    steps: [
      "received.on_site_collection.ordered",
      "received.on_site_collection.requisition_created",
      "sample_with_lab.on_site_collection.draw_completed",
      "completed.on_site_collection.completed",
    ],
  },
];

const labs: readonly ClientFacingLab[] = [
  {
    id: 1,
    slug: "mock_dbs_lab",
    name: "Mock Dried Blood Spot Lab",
    first_line_address: "100 Sample Way",
    city: "New York",
    zipcode: "10001",
    collection_methods: ["testkit"],
    sample_types: ["dried_blood_spot"],
  },
  {
    id: 2,
    slug: "mock_clinical_lab",
    name: "Mock Clinical Lab",
    first_line_address: "200 Assay Ave",
    city: "Austin",
    zipcode: "78701",
    collection_methods: ["walk_in_test", "at_home_phlebotomy", "on_site_collection"],
    sample_types: ["serum"],
  },
];

const marker = (id: number, name: string, slug: string, unit: string, labId: number): ClientFacingMarker => ({
  id,
  name,
  slug,
  lab_id: labId,
  provider_id: String(1000 + id),
  type: "biomarker",
  unit,
  price: null,
  a_la_carte_enabled: false,
  is_orderable: true,
});

interface Entry {
  slug: string;
  name: string;
  method: LabTestCollectionMethod;
  price: number;
  fasting: boolean;
  lab: ClientFacingLab;
  markers: ClientFacingMarker[];
  /** Usual and worst-case days from collection to results. */
  tatDays: [number, number];
}

const [dbsLab, clinicalLab] = labs as [ClientFacingLab, ClientFacingLab];
const entries: readonly Entry[] = [
  {
    slug: "lipids_panel",
    name: "Lipids Panel",
    method: "testkit",
    price: 49,
    fasting: true,
    lab: dbsLab,
    markers: [
      marker(1, "Total Cholesterol", "total_cholesterol", "mg/dL", 1),
      marker(2, "HDL Cholesterol", "hdl_cholesterol", "mg/dL", 1),
      marker(3, "LDL Cholesterol", "ldl_cholesterol", "mg/dL", 1),
      marker(4, "Triglycerides", "triglycerides", "mg/dL", 1),
    ],
    tatDays: [3, 7],
  },
  {
    slug: "hba1c",
    name: "Hemoglobin A1c",
    method: "testkit",
    price: 29,
    fasting: false,
    lab: dbsLab,
    markers: [marker(5, "Hemoglobin A1c", "hemoglobin_a1c", "%", 1)],
    tatDays: [3, 7],
  },
  {
    slug: "comprehensive_metabolic_panel",
    name: "Comprehensive Metabolic Panel",
    method: "walk_in_test",
    price: 39,
    fasting: true,
    lab: clinicalLab,
    markers: [
      marker(6, "Glucose", "glucose", "mg/dL", 2),
      marker(7, "Sodium", "sodium", "mmol/L", 2),
      marker(8, "Potassium", "potassium", "mmol/L", 2),
      marker(9, "Creatinine", "creatinine", "mg/dL", 2),
    ],
    tatDays: [1, 3],
  },
  {
    slug: "thyroid_panel",
    name: "Thyroid Panel",
    method: "at_home_phlebotomy",
    price: 59,
    fasting: false,
    lab: clinicalLab,
    markers: [marker(10, "TSH", "tsh", "uIU/mL", 2), marker(11, "Free T4", "free_t4", "ng/dL", 2)],
    tatDays: [2, 5],
  },
  {
    slug: "vitamin_d",
    name: "Vitamin D, 25-Hydroxy",
    method: "on_site_collection",
    price: 45,
    fasting: false,
    lab: clinicalLab,
    markers: [marker(12, "Vitamin D, 25-Hydroxy", "vitamin_d_25_hydroxy", "ng/mL", 2)],
    tatDays: [2, 5],
  },
];

/** A lab test of the catalogue with its turnaround. */
export interface CatalogueTest {
  labTest: ClientFacingLabTest;
  tatDays: readonly [number, number];
}

const catalogueSalt = 0x6c616273;

/** The catalogue of the data sets of `seed` (test ids depend on it), by collection method. */
export function labCatalogue(seed: number): ReadonlyMap<LabTestCollectionMethod, readonly CatalogueTest[]> {
  const byMethod = new Map<LabTestCollectionMethod, CatalogueTest[]>();
  entries.forEach((entry, i) => {
    const labTest: ClientFacingLabTest = {
      id: uuid(mulberry32(seedFor(seed ^ catalogueSalt, i))),
      slug: entry.slug,
      name: entry.name,
      sample_type: entry.method === "testkit" ? "dried_blood_spot" : "serum",
      method: entry.method,
      price: entry.price,
      is_active: true,
      status: "active",
      fasting: entry.fasting,
      lab: entry.lab,
      markers: entry.markers,
      is_delegated: false,
      auto_generated: false,
      has_collection_instructions: entry.method !== "on_site_collection",
      common_tat_days: entry.tatDays[0],
      worst_case_tat_days: entry.tatDays[1],
    };
    const list = byMethod.get(entry.method) ?? [];
    list.push({ labTest, tatDays: entry.tatDays });
    byMethod.set(entry.method, list);
  });
  return byMethod;
}
