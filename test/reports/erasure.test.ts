import { count, eq, inArray } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import idErase from "../../locales/id/erase.json" with { type: "json" };
import idReport from "../../locales/id/report.json" with { type: "json" };
import idStatus from "../../locales/id/status.json" with { type: "json" };
import type { InboundMessage } from "../../src/channels/types";
import type { Conductor } from "../../src/conversations/conductor";
import { loadSession } from "../../src/conversations/sessions";
import type { Keyring } from "../../src/privacy/keyring";
import type { AppDatabase } from "../../src/storage/database";
import {
  abandonedDrafts,
  contacts,
  inboundMessages,
  media,
  outbox,
  reportEvidence,
  reports,
  subscriptions,
} from "../../src/storage/schema";
import {
  createTestConductor,
  fixedClock,
  type TestClock,
  webchatMessage,
} from "../support/conductor-harness";
import { createTestDatabase, testDatabaseKind } from "../support/database";

const ticketCode = "LPR-6YZR-HCY0";
const pin = "737190";
const reporterAddress = `webchat-erasure-reporter-${process.pid}`;
const bystanderAddress = `webchat-erasure-bystander-${process.pid}`;
const evidenceBytes = Buffer.from("evidence-photo-bytes");
const strayBytes = Buffer.from("stray-photo-bytes");

const fill = (template: string, params: Record<string, string>) =>
  template.replace(/\{\{(\w+)\}\}/g, (_, name: string) => params[name] ?? "");

function photo(address: string, content: Buffer, fileName: string): InboundMessage {
  return {
    ...webchatMessage(address, "unused"),
    text: undefined,
    media: [
      { kind: "image", mimeType: "image/png", byteSize: content.byteLength, fileName, content },
    ],
  };
}

let database: AppDatabase;
let conductor: Conductor;
let keyring: Keyring;
let clock: TestClock;
let reporterId: string;
let bystanderId: string;
/** What the reporter's conversation held just before erasing. */
const before = { inbound: 0, media: [] as number[], evidenceMedia: [] as number[], drafts: 0 };
let eraseReplies: { id: number; text: string }[] = [];
let bystanderInboundBefore = 0;

/** Sends one message a second later than the previous one; returns the reply texts. */
async function send(message: InboundMessage | [address: string, text: string]) {
  clock.advance(1000);
  const inbound = Array.isArray(message) ? webchatMessage(message[0], message[1]) : message;
  const result = await conductor.receive(inbound);
  expect(result.outcome).toBe("handled");
  return result;
}
const say = async (address: string, text: string) =>
  (await send([address, text])).replies.map((reply) => reply.text);

const inboundCount = async (contactId: string) =>
  (
    await database.db
      .select({ n: count() })
      .from(inboundMessages)
      .where(eq(inboundMessages.contactId, contactId))
  )[0]?.n ?? 0;

beforeAll(async () => {
  database = await createTestDatabase();
  clock = fixedClock();
  // Every message of the test lands within a minute or two: lift the per-minute limit.
  ({ conductor, keyring } = await createTestConductor(database, {
    clock,
    rateLimitPerMinute: 1000,
  }));

  // Someone else, whose data must not be touched.
  bystanderId = (await send([bystanderAddress, "halo"])).contactId;
  await send(photo(bystanderAddress, strayBytes, "bystander.png"));

  // A file sent outside any report: it is no evidence.
  reporterId = (await send(photo(reporterAddress, strayBytes, "stray.png"))).contactId;

  for (const text of [
    "lapor",
    "1",
    "desa Lalang, Manggar",
    "tadi pagi",
    "1",
    "Ada pembagian amplop berisi uang di rumah kepala dusun.",
    "Pak Budi, tim sukses paslon nomor 2",
    "Bu Sari, warga Desa Lalang",
  ])
    await say(reporterAddress, text);
  const evidence = await send(photo(reporterAddress, evidenceBytes, "bukti.png"));
  expect(evidence.replies.map((r) => r.text)).toEqual([
    fill(idReport.evidence_received, { files: "1", links: "0" }),
  ]);
  for (const text of [
    "selesai",
    "2",
    "1",
    "Siti Aminah",
    "Jl. Merdeka No. 5, Desa Lalang",
    "0812 3456 7890",
    "lewati",
  ])
    await say(reporterAddress, text);
  expect((await say(reporterAddress, "Kirim")).join("\n")).toContain(ticketCode);

  // A second report, left unfinished until the conversation expires: an abandoned draft.
  await say(reporterAddress, "lapor");
  await say(reporterAddress, "1");
  clock.advance(25 * 3600_000);
  expect(await conductor.expireIdleSessions(24 * 3600_000)).toBeGreaterThanOrEqual(1);

  before.inbound = await inboundCount(reporterId);
  before.media = (
    await database.db.select({ id: media.id }).from(media).where(eq(media.contactId, reporterId))
  ).map((row) => row.id);
  before.evidenceMedia = (
    await database.db
      .select({ id: media.id })
      .from(media)
      .innerJoin(reportEvidence, eq(reportEvidence.mediaId, media.id))
      .where(eq(media.contactId, reporterId))
  ).map((row) => row.id);
  before.drafts =
    (
      await database.db
        .select({ n: count() })
        .from(abandonedDrafts)
        .where(eq(abandonedDrafts.contactId, reporterId))
    )[0]?.n ?? 0;
  bystanderInboundBefore = await inboundCount(bystanderId);
  // Subscribed to advisories, too: a subscription names places the person cares about.
  await database.db.insert(subscriptions).values({
    contactId: reporterId,
    regionCodes: ["19.06"],
    language: "id",
    role: "public",
    subscribedAt: clock(),
  });

  const explain = await say(reporterAddress, "hapus data saya");
  expect(explain.join("\n")).toContain(idErase.explain);
  eraseReplies = (await send([reporterAddress, "1"])).replies;
});

afterAll(() => database?.close());

describe(`"hapus data saya" on ${testDatabaseKind}`, () => {
  it("had a report, evidence, a stray file, a draft and messages to erase", () => {
    expect(before.inbound).toBe(20);
    expect(before.media).toHaveLength(2);
    expect(before.evidenceMedia).toHaveLength(1);
    expect(before.drafts).toBe(1);
  });

  it("confirms the erasure and says how many reports are kept without identity", () => {
    expect(eraseReplies.map((r) => r.text)).toEqual([fill(idErase.done, { reports: "1" })]);
  });

  it("keeps the report, no longer linked to the contact and without the reporter's identity", async () => {
    const [report] = await database.db
      .select()
      .from(reports)
      .where(eq(reports.ticketCode, ticketCode));
    expect(report).toBeDefined();
    expect(report?.contactId).toBeNull();
    expect(report?.reporterSealed).toBeNull();
    expect(report?.track).toBe("report");
    expect(report?.stage).toBe("diterima");
    expect(report?.storySealed).toBeTruthy();
  });

  it("deletes the contact's messages except the erasure request itself, whose content is emptied", async () => {
    const left = await database.db
      .select()
      .from(inboundMessages)
      .where(eq(inboundMessages.contactId, reporterId));
    expect(left).toHaveLength(1);
    expect(left[0]?.payloadSealed).toBeNull();
    // It is the message the erasure confirmation answers.
    const replies = await database.db
      .select({ inboundId: outbox.inboundId })
      .from(outbox)
      .where(eq(outbox.contactId, reporterId));
    expect(replies.map((r) => r.inboundId)).toEqual(eraseReplies.map(() => left[0]?.id));
  });

  it("keeps evidence files, unlinked from the contact and without their names, and deletes other files", async () => {
    const rows = await database.db.select().from(media).where(inArray(media.id, before.media));
    expect(rows.map((row) => row.id)).toEqual(before.evidenceMedia);
    const [kept] = rows;
    expect(kept?.contactId).toBeNull();
    expect(kept?.nameSealed).toBeNull();
    expect(keyring.open(kept?.contentSealed ?? "", "media.content")).toEqual(evidenceBytes);
    const [{ n: evidenceLinks } = { n: 0 }] = await database.db
      .select({ n: count() })
      .from(reportEvidence)
      .where(inArray(reportEvidence.mediaId, before.evidenceMedia));
    expect(evidenceLinks).toBe(1);
    const [{ n: stillOwned } = { n: 0 }] = await database.db
      .select({ n: count() })
      .from(media)
      .where(eq(media.contactId, reporterId));
    expect(stillOwned).toBe(0);
  });

  it("deletes the contact's subscription to advisories", async () => {
    const rows = await database.db
      .select()
      .from(subscriptions)
      .where(eq(subscriptions.contactId, reporterId));
    expect(rows).toEqual([]);
  });

  it("deletes the contact's abandoned drafts", async () => {
    const drafts = await database.db
      .select()
      .from(abandonedDrafts)
      .where(eq(abandonedDrafts.contactId, reporterId));
    expect(drafts).toEqual([]);
  });

  it("keeps none of the reporter's answers in the conversation's session", async () => {
    const session = await loadSession(database.db, keyring, reporterId);
    const text = JSON.stringify(session ?? {});
    for (const value of ["Siti Aminah", "Merdeka", "3456", "amplop"]) {
      expect(text).not.toContain(value);
    }
  });

  it("leaves other people's messages and files alone", async () => {
    expect(await inboundCount(bystanderId)).toBe(bystanderInboundBefore);
    const [{ n } = { n: 0 }] = await database.db
      .select({ n: count() })
      .from(media)
      .where(eq(media.contactId, bystanderId));
    expect(n).toBe(1);
    const [contact] = await database.db.select().from(contacts).where(eq(contacts.id, bystanderId));
    expect(contact).toBeDefined();
  });

  it("no longer shows the report to the same conversation without the PIN, but does with it", async () => {
    expect(await say(reporterAddress, `cek ${ticketCode}`)).toEqual([idStatus.not_found]);
    expect(await say(reporterAddress, `cek ${ticketCode} ${pin}`)).toEqual([
      `${fill(idStatus.summary, {
        code: ticketCode,
        stage: idStatus["stage.diterima"],
        updated: "Jumat, 20 November 2026",
      })}\n\n${idStatus["next.diterima"]}`,
    ]);
  });
});
