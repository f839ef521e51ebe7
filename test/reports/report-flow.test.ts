import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from "vitest";
import idEvidence from "../../locales/id/evidence.json";
import idReport from "../../locales/id/report.json";
import type { InboundMessage } from "../../src/channels/types";
import type { AppDatabase } from "../../src/storage/database";
import { reportEvidence, reports } from "../../src/storage/schema";
import { createTestConductor, webchatMessage } from "../support/conductor-harness";
import { createTestDatabase, testDatabaseKind } from "../support/database";

let database: AppDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(() => database.close());

const steps = (answers: string[]) => answers;

describe(`report flow storage on ${testDatabaseKind}`, () => {
  it("keeps a shared location pin beside the region code, sealed", async () => {
    const { conductor, keyring } = await createTestConductor(database);
    const address = "report-flow-location-0001";
    const send = (input: string | InboundMessage) =>
      conductor.receive(typeof input === "string" ? webchatMessage(address, input) : input);
    await send("lapor");
    await send("1");
    const pin = await send({
      channel: "webchat",
      address,
      externalId: "location-pin-1",
      receivedAt: new Date(),
      location: { latitude: -2.8712, longitude: 108.2754 },
    });
    expect(pin.replies.map((r) => r.text)).toEqual([idReport.location_noted]);
    for (const answer of steps([
      "Lalang, Manggar",
      "tadi pagi",
      "1",
      "Uang dibagikan di balai desa oleh tim sukses.",
      "tidak tahu",
      "tidak ada",
      "https://example.org/video/1",
      "selesai",
      "1",
    ])) {
      await send(answer);
    }
    const receipt = await send("Kirim");
    expect(receipt.replies[0]?.text).toContain("LPR-");
    const [row] = await database.db
      .select()
      .from(reports)
      .where(eq(reports.contactId, receipt.contactId));
    expect(row?.regionCode).toBe("19.06.01.2006");
    expect(row?.stage).toBe("informasi_awal");
    expect(row?.track).toBe("tip");
    expect(row?.missingForFormal).toEqual(["identity", "terlapor", "witnesses", "signed_form"]);
    expect(keyring.openJson(row?.locationSealed as string, "reports.location")).toEqual({
      latitude: -2.8712,
      longitude: 108.2754,
    });
    const evidence = await database.db
      .select()
      .from(reportEvidence)
      .where(eq(reportEvidence.reportId, row?.id as string));
    expect(evidence).toHaveLength(1);
    expect(keyring.openText(evidence[0]?.linkSealed as string, "report_evidence.link")).toBe(
      "https://example.org/video/1",
    );
  });

  it("attaches files only up to the per-report limit and says how many were left out", async () => {
    const { conductor } = await createTestConductor(database, { evidenceMaxBytes: 5 });
    const address = "report-flow-limit-000001";
    const send = (input: string | { kind: "media"; count: number }) =>
      conductor.receive(webchatMessage(address, input));
    for (const answer of ["lapor", "1", "Lalang, Manggar", "tadi pagi", "1"]) await send(answer);
    for (const answer of [
      "Uang dibagikan di balai desa oleh tim sukses.",
      "tidak tahu",
      "tidak ada",
    ]) {
      await send(answer);
    }
    await send({ kind: "media", count: 1 }); // 3 bytes
    await send({ kind: "media", count: 1 }); // 3 more: over the 5-byte limit
    for (const answer of ["selesai", "1"]) await send(answer);
    const receipt = await send("Kirim");
    expect(receipt.replies[0]?.text).toBe(
      idEvidence.over_limit.replace("{{count}}", "1").replace("{{max}}", "0 MB"),
    );
    const [row] = await database.db
      .select()
      .from(reports)
      .where(eq(reports.contactId, receipt.contactId));
    const evidence = await database.db
      .select()
      .from(reportEvidence)
      .where(eq(reportEvidence.reportId, row?.id as string));
    expect(evidence).toHaveLength(1);
  });

  it("draws a new ticket code when a generated one is already taken", async () => {
    // Two engines with the same seeded random draw the same first code.
    const answers = ["lapor", "1", "Lalang, Manggar", "tadi pagi", "1"];
    answers.push("Uang dibagikan di balai desa oleh tim sukses.", "tidak tahu", "tidak ada");
    answers.push("selesai", "1");
    const fresh = await createTestDatabase();
    onTestFinished(() => fresh.close());
    const codes: string[] = [];
    for (const address of ["collision-first-000001", "collision-second-00001"]) {
      const { conductor } = await createTestConductor(fresh, { rateLimitPerMinute: 1000 });
      for (const answer of answers) await conductor.receive(webchatMessage(address, answer));
      const receipt = await conductor.receive(webchatMessage(address, "Kirim"));
      const code = /LPR-[0-9A-Z]{4}-[0-9A-Z]{4}/.exec(receipt.replies[0]?.text ?? "")?.[0];
      expect(code).toBeDefined();
      codes.push(code as string);
    }
    expect(codes[1]).not.toBe(codes[0]);
    const stored = await fresh.db.select({ code: reports.ticketCode }).from(reports);
    expect(stored.map((row) => row.code).sort()).toEqual([...codes].sort());
  });
});
