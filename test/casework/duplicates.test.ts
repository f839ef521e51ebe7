import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  DUPLICATE_THRESHOLD,
  findLikelyDuplicates,
  groupDuplicates,
  kecamatanOf,
  linkedReports,
  linkReports,
  sameArea,
  textSimilarity,
  unlinkReports,
} from "../../src/casework/duplicates";
import type { StaffScope } from "../../src/casework/scope";
import type { Keyring } from "../../src/privacy/keyring";
import { reportAad } from "../../src/reports/sealing";
import type { AppDatabase, Db } from "../../src/storage/database";
import { reportLinks, reports, staff } from "../../src/storage/schema";
import { testKeyring } from "../support/conductor-harness";
import { createTestDatabase, testDatabaseKind } from "../support/database";

// ── Stories as people write them ──────────────────────────────────────────────────────────

/** Retellings of one incident by different people: each must be offered as a duplicate. */
const SAME_INCIDENT: [string, string, string][] = [
  [
    "the envelope round, in chat spelling and in full",
    "tadi pagi ada bagi2 amplop 100rb di desa Lalang dari timses paslon 2",
    "pagi ini timses paslon 2 membagikan amplop Rp100.000 di Lalang",
  ],
  [
    "a serangan fajar, RT 03 and rt 3, 50rb and 50 ribu",
    "Ada serangan fajar di RT 03 Lalang, amplop isi 50rb dibagi ke warga",
    "serangan fajar td subuh di rt 3 desa lalang, dikasih amplop 50 ribu per org",
  ],
  [
    "the kepala desa at a campaign, kades and kepala desa",
    "Kepala desa Lalang ikut kampanye paslon 1 di lapangan bola, pakai seragam dinas",
    "kades lalang ikut kampanye paslon 1 di lapangan pake baju dinas",
  ],
  [
    "a banner nailed to a tree, SD Negeri and SDN",
    "Baliho paslon 2 dipasang di pohon depan SD Negeri 5 Manggar",
    "ada baliho paslon 2 dipaku di pohon dpn SDN 5 manggar",
  ],
  [
    "a one-line tip and a five-line account of the same round",
    "timses paslon 2 bagi2 amplop 100rb di lalang td pagi",
    "Saya lihat sendiri tadi pagi sekitar jam 7 tim sukses paslon nomor 2 membagikan amplop " +
      "berisi uang seratus ribu rupiah kepada warga di desa Lalang, Manggar. Ada sekitar 20 " +
      "orang yang menerima.",
  ],
  [
    "paslon 02 and no urut 2",
    "timses paslon 02 bagi amplop 100rb di Lalang",
    "tim sukses paslon no urut 2 bagi2 amplop 100 ribu di desa lalang",
  ],
  [
    "civil servants at a campaign, ASN and pns",
    "ASN dinas pendidikan Manggar ikut kampanye paslon 1, pakai baju dinas",
    "pns dinas pendidikan ikut kampanye paslon 1 di manggar pakai seragam",
  ],
];

/**
 * Different incidents of one category in one place: none may be offered. These are the hard
 * cases a filter on category, place and time lets through; only the text can tell them apart.
 */
const DIFFERENT_INCIDENTS: [string, string, string][] = [
  [
    "envelopes from a timses, groceries from the kades",
    "tadi pagi ada bagi2 amplop 100rb di desa Lalang dari timses paslon 2",
    "Kades Lalang membagikan sembako beras 5 kg ke warga atas nama paslon 1",
  ],
  [
    "envelopes in Lalang, phone credit in a WhatsApp group",
    "tadi pagi ada bagi2 amplop 100rb di desa Lalang dari timses paslon 2",
    "Caleg partai bagi-bagi voucher pulsa ke anak muda di Manggar lewat grup WA",
  ],
  [
    "a banner on a tree, another covering a road sign",
    "Baliho paslon 2 dipasang di pohon depan SD Negeri 5 Manggar",
    "Spanduk paslon 1 menutupi rambu lalu lintas di simpang lima Manggar",
  ],
  [
    "the same kades and paslon, a campaign event and a photo in the office",
    "Kepala desa Lalang ikut kampanye paslon 1 di lapangan bola, pakai seragam dinas",
    "kades lalang pasang foto paslon 1 di kantor desa",
  ],
  [
    "a serangan fajar and sarongs at the mosque",
    "Ada serangan fajar di RT 03 Lalang, amplop isi 50rb dibagi ke warga",
    "ada pembagian sarung dan kopiah di masjid Lalang oleh caleg",
  ],
  [
    "the same words for paslon 2 in the morning and paslon 1 at night",
    "tadi pagi ada bagi2 amplop 100rb di desa Lalang dari timses paslon 2",
    "malam ini timses paslon 1 bagi2 amplop 50rb di desa Lalang Jaya",
  ],
];

describe("textSimilarity", () => {
  it.each(SAME_INCIDENT)("offers %s as a duplicate", (_name, a, b) => {
    expect(textSimilarity(a, b)).toBeGreaterThanOrEqual(DUPLICATE_THRESHOLD);
  });

  it.each(DIFFERENT_INCIDENTS)("does not offer %s", (_name, a, b) => {
    expect(textSimilarity(a, b)).toBeLessThan(DUPLICATE_THRESHOLD);
  });

  it("leaves room on both sides of the threshold (lowest retelling vs highest other incident)", () => {
    const lowestSame = Math.min(...SAME_INCIDENT.map(([, a, b]) => textSimilarity(a, b)));
    const highestOther = Math.max(...DIFFERENT_INCIDENTS.map(([, a, b]) => textSimilarity(a, b)));
    expect(lowestSame - DUPLICATE_THRESHOLD).toBeGreaterThanOrEqual(0.05);
    expect(DUPLICATE_THRESHOLD - highestOther).toBeGreaterThanOrEqual(0.03);
  });

  it("is 1 for the same story however it is cased or punctuated, and symmetric", () => {
    const story = "Tadi pagi ada bagi2 amplop 100rb di desa Lalang dari timses paslon 2!!";
    expect(textSimilarity(story, story.toUpperCase().replaceAll("!", "."))).toBe(1);
    const [, a, b] = SAME_INCIDENT[0] ?? ["", "", ""];
    expect(textSimilarity(a, b)).toBe(textSimilarity(b, a));
  });

  it("tolerates a typo through character trigrams", () => {
    const correct = "baliho paslon 2 dipasang di pohon depan sekolah";
    const typo = "balihoo paslon 2 dipasng di pohn depan sekolah";
    const unrelated = "spanduk caleg dipasang di tiang listrik";
    expect(textSimilarity(correct, typo)).toBeGreaterThan(textSimilarity(correct, unrelated));
    expect(textSimilarity(correct, typo)).toBeGreaterThanOrEqual(DUPLICATE_THRESHOLD);
  });

  it("scores 0 when both stories name paslon numbers and none of them is shared", () => {
    expect(
      textSimilarity(
        "timses paslon 1 bagi amplop di Lalang",
        "timses paslon 2 bagi amplop di Lalang",
      ),
    ).toBe(0);
    expect(
      textSimilarity(
        "timses paslon 2 bagi amplop di Lalang",
        "timses paslon 2 bagi amplop di Lalang",
      ),
    ).toBe(1);
  });

  it("scores 0 when a story has no words left to compare", () => {
    expect(textSimilarity("", "tadi pagi ada bagi2 amplop")).toBe(0);
    expect(textSimilarity("!!! ???", "!!! ???")).toBe(0);
  });
});

describe("sameArea", () => {
  it("matches the same desa", () => {
    expect(sameArea("19.06.01.2006", "19.06.01.2006")).toBe(true);
  });

  it("matches two desa of one kecamatan, and a desa with its kecamatan", () => {
    expect(sameArea("19.06.01.2006", "19.06.01.2001")).toBe(true);
    expect(sameArea("19.06.01.2006", "19.06.01")).toBe(true);
    expect(sameArea("19.06.01", "19.06.01")).toBe(true);
  });

  it("does not match another kecamatan of the same kabupaten", () => {
    expect(sameArea("19.06.01.2006", "19.06.02.2001")).toBe(false);
    expect(sameArea("19.06.01", "19.06.02")).toBe(false);
  });

  it("does not match a place known only to its kabupaten/kota, or no place", () => {
    expect(sameArea("19.06", "19.06")).toBe(false);
    expect(sameArea("19.06.01.2006", "19.06")).toBe(false);
    expect(sameArea(null, null)).toBe(false);
    expect(kecamatanOf("19.06.01.2006")).toBe("19.06.01");
    expect(kecamatanOf("19")).toBeUndefined();
  });
});

// ── Queries ───────────────────────────────────────────────────────────────────────────────

const HOUR = 60 * 60 * 1000;
const T = new Date("2026-11-20T00:30:00Z").getTime();
const LALANG = "19.06.01.2006";
const LALANG_JAYA = "19.06.01.2001";
const MANGGAR = "19.06.01";
const GANTUNG_DESA = "19.06.02.2001";
const BELITUNG_TIMUR = "19.06";

const admin: StaffScope = { id: randomUUID(), role: "admin", regionCode: null };
const provinceOfficer: StaffScope = { id: randomUUID(), role: "officer", regionCode: "19" };
const kabupatenOfficer: StaffScope = { id: randomUUID(), role: "officer", regionCode: "19.06" };
/** Jambi: another province. */
const otherProvinceOfficer: StaffScope = { id: randomUUID(), role: "officer", regionCode: "15" };
/** Kabupaten Belitung: the same province, another kabupaten. */
const otherKabupatenOfficer: StaffScope = {
  id: randomUUID(),
  role: "officer",
  regionCode: "19.02",
};

const ENVELOPES = "tadi pagi ada bagi2 amplop 100rb di desa Lalang dari timses paslon 2";
const ENVELOPES_AGAIN = "pagi ini timses paslon 2 membagikan amplop Rp100.000 di Lalang";

describe(`likely duplicates and links on ${testDatabaseKind}`, () => {
  let database: AppDatabase;
  let db: Db;
  let keyring: Keyring;
  let sequence = 0;
  const ids: Record<string, string> = {};

  async function file(
    name: string,
    values: {
      story: string;
      category?: string;
      regionCode?: string | null;
      hoursFromT?: number;
      stage?: string;
    },
  ): Promise<void> {
    const createdAt = new Date(T + (values.hoursFromT ?? 0) * HOUR);
    sequence++;
    const [row] = await db
      .insert(reports)
      .values({
        ticketCode: `LPR-TEST-${String(sequence).padStart(4, "0")}`,
        pinHash: "not-a-real-pin-hash",
        channel: "webchat",
        track: "tip",
        category: values.category ?? "politik_uang",
        regionCode: values.regionCode === undefined ? LALANG : values.regionCode,
        happenedOn: createdAt.toISOString().slice(0, 10),
        knownOn: createdAt.toISOString().slice(0, 10),
        pastReportingWindow: false,
        storySealed: keyring.seal(values.story, reportAad.story),
        missingForFormal: [],
        stage: values.stage ?? "informasi_awal",
        stageUpdatedAt: createdAt,
        createdAt,
      })
      .returning({ id: reports.id });
    if (!row) throw new Error("insert failed");
    ids[name] = row.id;
  }

  const id = (name: string): string => {
    const value = ids[name];
    if (!value) throw new Error(`no report ${name}`);
    return value;
  };
  const nameOf = (reportId: string): string =>
    Object.entries(ids).find(([, value]) => value === reportId)?.[0] ?? reportId;

  beforeAll(async () => {
    database = await createTestDatabase();
    db = database.db;
    keyring = testKeyring();
    // The report an officer opens.
    await file("anchor", { story: ENVELOPES });
    // Retellings: later the same day, the evening before from a kecamatan-level place, from
    // the neighbouring desa of the same kecamatan, and one the reporter then withdrew.
    await file("sameDesaLater", { story: ENVELOPES_AGAIN, hoursFromT: 5 });
    await file("kecamatanOnlyBefore", {
      story: "timses paslon 2 bagi amplop 100rb ke warga Lalang Manggar",
      regionCode: MANGGAR,
      hoursFromT: -20,
    });
    await file("neighbouringDesa", {
      story: "td pagi timses paslon 2 bagi2 amplop 100 ribu di lalang",
      regionCode: LALANG_JAYA,
      hoursFromT: 10,
    });
    await file("withdrawn", { story: ENVELOPES_AGAIN, hoursFromT: 3, stage: "dicabut" });
    // The same words, but not the same incident by the rule.
    await file("otherCategory", { story: ENVELOPES, category: "kades", hoursFromT: 1 });
    await file("otherKecamatan", { story: ENVELOPES, regionCode: GANTUNG_DESA, hoursFromT: 2 });
    await file("kabupatenOnly", { story: ENVELOPES, regionCode: BELITUNG_TIMUR, hoursFromT: 2 });
    await file("threeDaysLater", { story: ENVELOPES_AGAIN, hoursFromT: 72 });
    await file("justOutsideWindow", { story: ENVELOPES_AGAIN, hoursFromT: -49 });
    await file("spam", { story: ENVELOPES_AGAIN, hoursFromT: 4, stage: "spam" });
    // Same category, place and time, another incident.
    await file("otherIncident", {
      story: "Kades Lalang membagikan sembako beras 5 kg ke warga atas nama paslon 1",
      hoursFromT: 6,
    });
  });
  afterAll(() => database.close());

  describe("findLikelyDuplicates", () => {
    it("finds retellings in the same desa or kecamatan within 48 h either side, most similar first", async () => {
      const found = await findLikelyDuplicates(db, keyring, kabupatenOfficer, id("anchor"));
      expect(found.map((d) => nameOf(d.reportId)).sort()).toEqual(
        ["kecamatanOnlyBefore", "neighbouringDesa", "sameDesaLater", "withdrawn"].sort(),
      );
      const similarities = found.map((d) => d.similarity);
      expect(similarities).toEqual([...similarities].sort((a, b) => b - a));
      for (const duplicate of found) {
        expect(duplicate.similarity).toBeGreaterThanOrEqual(DUPLICATE_THRESHOLD);
        expect(duplicate.similarity).toBeLessThanOrEqual(1);
      }
    });

    it("returns each duplicate's ticket code, filing time and stage", async () => {
      const found = await findLikelyDuplicates(db, keyring, admin, id("anchor"));
      const withdrawn = found.find((d) => d.reportId === id("withdrawn"));
      expect(withdrawn).toMatchObject({ stage: "dicabut", ticketCode: "LPR-TEST-0005" });
      expect(withdrawn?.createdAt).toEqual(new Date(T + 3 * HOUR));
    });

    it("does not offer another category, another kecamatan, a kabupaten-only place, spam or another incident", async () => {
      const found = new Set(
        (await findLikelyDuplicates(db, keyring, admin, id("anchor"))).map((d) => d.reportId),
      );
      for (const name of [
        "otherCategory",
        "otherKecamatan",
        "kabupatenOnly",
        "spam",
        "otherIncident",
        "anchor",
      ]) {
        expect(found.has(id(name)), name).toBe(false);
      }
    });

    it("does not offer a report filed 3 days later, or 49 hours before", async () => {
      const found = new Set(
        (await findLikelyDuplicates(db, keyring, admin, id("anchor"))).map((d) => d.reportId),
      );
      expect(found.has(id("threeDaysLater"))).toBe(false);
      expect(found.has(id("justOutsideWindow"))).toBe(false);
    });

    it("gives the same answer to an admin, a province officer and a kabupaten officer", async () => {
      const names = async (scope: StaffScope) =>
        (await findLikelyDuplicates(db, keyring, scope, id("anchor"))).map((d) => d.reportId);
      const forAdmin = await names(admin);
      expect(forAdmin).toHaveLength(4);
      expect(await names(provinceOfficer)).toEqual(forAdmin);
      expect(await names(kabupatenOfficer)).toEqual(forAdmin);
    });

    it("finds nothing for an officer of another province or another kabupaten", async () => {
      expect(await findLikelyDuplicates(db, keyring, otherProvinceOfficer, id("anchor"))).toEqual(
        [],
      );
      expect(await findLikelyDuplicates(db, keyring, otherKabupatenOfficer, id("anchor"))).toEqual(
        [],
      );
    });

    it("finds nothing for a report placed only in a kabupaten, an unknown id or a malformed id", async () => {
      expect(await findLikelyDuplicates(db, keyring, admin, id("kabupatenOnly"))).toEqual([]);
      expect(await findLikelyDuplicates(db, keyring, admin, randomUUID())).toEqual([]);
      expect(await findLikelyDuplicates(db, keyring, admin, "LPR-TEST-0001")).toEqual([]);
    });

    it("cannot match without the key that sealed the stories", async () => {
      expect(await findLikelyDuplicates(db, testKeyring(), admin, id("anchor"))).toEqual([]);
    });
  });

  describe("groupDuplicates", () => {
    it("gives a queue page's likely duplicates one key: the earliest report of their group", async () => {
      const page = [
        "anchor",
        "sameDesaLater",
        "withdrawn",
        "otherCategory",
        "otherKecamatan",
        "otherIncident",
        "threeDaysLater",
      ].map(id);
      const groups = await groupDuplicates(db, keyring, kabupatenOfficer, page);
      // The evening-before report is not on the page but is the group's first report.
      const key = id("kecamatanOnlyBefore");
      expect(groups.get(id("anchor"))).toBe(key);
      expect(groups.get(id("sameDesaLater"))).toBe(key);
      expect(groups.get(id("withdrawn"))).toBe(key);
      for (const name of ["otherCategory", "otherKecamatan", "otherIncident", "threeDaysLater"]) {
        expect(groups.has(id(name)), name).toBe(false);
      }
      expect([...groups.keys()].every((reportId) => page.includes(reportId))).toBe(true);
    });

    it("ignores spam, unknown and malformed ids, and is empty for an officer of another province", async () => {
      const groups = await groupDuplicates(db, keyring, admin, [
        id("spam"),
        randomUUID(),
        "not-a-uuid",
      ]);
      expect(groups.size).toBe(0);
      const elsewhere = await groupDuplicates(db, keyring, otherProvinceOfficer, [
        id("anchor"),
        id("sameDesaLater"),
      ]);
      expect(elsewhere.size).toBe(0);
      expect(await groupDuplicates(db, keyring, admin, [])).toEqual(new Map());
    });
  });

  describe("confirmed links", () => {
    let officerId: string;
    beforeAll(async () => {
      const [row] = await db
        .insert(staff)
        .values({
          email: "petugas.beltim@example.org",
          name: "Petugas Beltim",
          role: "officer",
          regionCode: "19.06",
        })
        .returning({ id: staff.id });
      officerId = row?.id ?? "";
    });

    it("stores a pair once, the smaller uuid first, whichever order it is linked in", async () => {
      const [a, b] = [id("anchor"), id("sameDesaLater")];
      const linkedAt = new Date(T + 30 * HOUR);
      expect(await linkReports(db, b, a, officerId, linkedAt)).toBe(true);
      expect(await linkReports(db, a, b, officerId, new Date(T + 31 * HOUR))).toBe(false);
      const rows = await db.select().from(reportLinks);
      expect(rows).toEqual([
        {
          reportA: a < b ? a : b,
          reportB: a < b ? b : a,
          linkedBy: officerId,
          at: linkedAt,
        },
      ]);
    });

    it("lists the linked reports from either side", async () => {
      await linkReports(db, id("anchor"), id("withdrawn"), officerId, new Date(T + 32 * HOUR));
      const fromAnchor = await linkedReports(db, id("anchor"));
      expect(fromAnchor.map((link) => nameOf(link.reportId))).toEqual([
        "sameDesaLater",
        "withdrawn",
      ]);
      expect(fromAnchor[1]).toMatchObject({
        ticketCode: "LPR-TEST-0005",
        stage: "dicabut",
        linkedBy: officerId,
        linkedAt: new Date(T + 32 * HOUR),
      });
      const fromOther = await linkedReports(db, id("sameDesaLater"));
      expect(fromOther.map((link) => nameOf(link.reportId))).toEqual(["anchor"]);
    });

    it("shows links only to staff who may see the linked report", async () => {
      expect(await linkedReports(db, id("anchor"), kabupatenOfficer)).toHaveLength(2);
      expect(await linkedReports(db, id("anchor"), otherProvinceOfficer)).toEqual([]);
    });

    it("unlinks a pair given in either order, once", async () => {
      expect(await unlinkReports(db, id("withdrawn"), id("anchor"))).toBe(true);
      expect(await unlinkReports(db, id("anchor"), id("withdrawn"))).toBe(false);
      expect((await linkedReports(db, id("anchor"))).map((link) => nameOf(link.reportId))).toEqual([
        "sameDesaLater",
      ]);
    });

    it("does not link a report to itself", async () => {
      expect(await linkReports(db, id("anchor"), id("anchor"), officerId, new Date(T))).toBe(false);
      expect(
        (await linkedReports(db, id("anchor"))).some((link) => link.reportId === id("anchor")),
      ).toBe(false);
    });
  });
});
