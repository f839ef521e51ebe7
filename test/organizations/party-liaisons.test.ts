import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { activeSubscribers } from "../../src/broadcasts/subscriptions";
import type { Conductor } from "../../src/conversations/conductor";
import { addOrganization, findByInvite } from "../../src/organizations/organizations";
import { generateTicketCode } from "../../src/reports/ticket-code";
import type { AppDatabase } from "../../src/storage/database";
import { contacts, organizations, reports, subscriptions } from "../../src/storage/schema";
import {
  createTestConductor,
  fixedClock,
  type TestClock,
  webchatMessage,
} from "../support/conductor-harness";
import { createTestDatabase, testDatabaseKind } from "../support/database";
import { identifiedReportLines } from "../support/reports";

const joinedText =
  "Terima kasih! Anda sekarang penghubung partai untuk *Partai X, Belitung Timur*. Imbauan Bawaslu untuk penghubung partai, termasuk yang ditujukan khusus kepada Partai X, Belitung Timur, akan dikirim kepada Anda.";
const subscribeHint =
  "Agar imbauan itu sampai, berlanggananlah dulu: ketik *langganan* dan pilih wilayah Anda.";
const nowSubscribedAsLiaison =
  "Langganan imbauan Anda kini berlaku sebagai penghubung partai, untuk wilayah yang sudah Anda pilih.";
const refusal =
  "Kode undangan itu tidak dikenal atau sudah tidak berlaku. Periksa lagi kodenya, atau tanyakan ke pengurus organisasi Anda.";

describe(`party liaisons on ${testDatabaseKind}`, () => {
  let database: AppDatabase;
  let conductor: Conductor;
  let clock: TestClock;
  let partyCode: string;
  let partyId: string;
  let otherPartyCode: string;
  let otherPartyId: string;
  let ormasCode: string;
  let ormasId: string;
  const address = (name: string) => `liaison-${name}-${process.pid}`;

  async function send(who: string, typed: string | { choice: string }) {
    clock.advance(4000); // under the 20-per-minute limit
    const input = typeof typed === "string" ? typed : { kind: "choice" as const, id: typed.choice };
    const result = await conductor.receive(webchatMessage(address(who), input));
    return {
      text: result.replies.map((reply) => reply.text).join("\n"),
      contactId: result.contactId,
    };
  }
  async function subscribe(who: string, place: string) {
    await send(who, "langganan");
    await send(who, place);
    await send(who, { choice: "yes" });
    return send(who, "1");
  }
  const contactRow = async (contactId: string) =>
    (await database.db.select().from(contacts).where(eq(contacts.id, contactId)))[0];
  const subscriptionRow = async (contactId: string) =>
    (
      await database.db.select().from(subscriptions).where(eq(subscriptions.contactId, contactId))
    )[0];

  beforeAll(async () => {
    database = await createTestDatabase();
    clock = fixedClock();
    ({ conductor } = await createTestConductor(database, { clock }));
    const party = await addOrganization(database.db, {
      kind: "party",
      name: "Partai X, Belitung Timur",
      regionCode: "19.06",
    });
    ({ inviteCode: partyCode } = party);
    partyId = party.organization.id;
    const otherParty = await addOrganization(database.db, {
      kind: "party",
      name: "Partai Y, Pangkalpinang",
      regionCode: "19.71",
    });
    ({ inviteCode: otherPartyCode } = otherParty);
    otherPartyId = otherParty.organization.id;
    const ormas = await addOrganization(database.db, {
      name: "Relawan Demokrasi Beltim",
      regionCode: "19.06",
    });
    ({ inviteCode: ormasCode } = ormas);
    ormasId = ormas.organization.id;
  });
  afterAll(() => database.close());

  it("gives a party group an LSN invite code and an ormas an ORG one, each opening only its group", async () => {
    expect(partyCode).toMatch(/^LSN-[0-9A-Z]{4}-[0-9A-Z]{4}$/);
    expect(ormasCode).toMatch(/^ORG-[0-9A-Z]{4}-[0-9A-Z]{4}$/);
    expect(await findByInvite(database.db, partyCode)).toMatchObject({
      id: partyId,
      kind: "party",
    });
    expect(await findByInvite(database.db, ormasCode)).toMatchObject({
      id: ormasId,
      kind: "ormas",
    });
    // The same characters under the other prefix pass the check character but open nothing.
    expect(await findByInvite(database.db, partyCode.replace("LSN", "ORG"))).toBeUndefined();
    expect(await findByInvite(database.db, ormasCode.replace("ORG", "LSN"))).toBeUndefined();
  });

  it("a liaison joins with the party code, typed loosely, and is told what they now receive and how to subscribe", async () => {
    await send("liaison", "halo");
    const typed = partyCode.toLowerCase().replace(/-/g, " ");
    const { text, contactId } = await send("liaison", `/gabung ${typed}`);
    expect(text).toBe(`${joinedText}\n\n${subscribeHint}`);
    expect(await contactRow(contactId)).toMatchObject({
      liaisonOrgId: partyId,
      relayerOrgId: null,
    });
  });

  it("asks for the code when /gabung comes alone, and takes a party code as the answer", async () => {
    expect((await send("asked", "/gabung")).text).toBe(
      "Tulis kode undangan organisasi atau partai Anda, misalnya *ORG-XXXX-XXXX* atau *LSN-XXXX-XXXX*.",
    );
    const { text, contactId } = await send("asked", partyCode);
    expect(text).toContain(joinedText);
    expect((await contactRow(contactId))?.liaisonOrgId).toBe(partyId);
  });

  it("refuses an unknown, mistyped, wrongly prefixed or revoked party code with the usual answer, changing nothing", async () => {
    const revoked = await addOrganization(database.db, {
      kind: "party",
      name: "Partai Lama",
      regionCode: "19.06",
    });
    await database.db
      .update(organizations)
      .set({ revokedAt: clock() })
      .where(eq(organizations.id, revoked.organization.id));
    const mistyped = `${partyCode.slice(0, -1)}${partyCode.endsWith("0") ? "1" : "0"}`;
    for (const code of [
      generateTicketCode("LSN"), // well formed, no such group
      mistyped,
      partyCode.replace("LSN", "ORG"),
      revoked.inviteCode,
    ]) {
      const { text, contactId } = await send("refused", `/gabung ${code}`);
      expect(text, code).toBe(refusal);
      expect(await contactRow(contactId)).toMatchObject({ liaisonOrgId: null, relayerOrgId: null });
    }
  });

  it("a liaison who subscribes later subscribes as a liaison", async () => {
    const { contactId } = await subscribe("liaison", "beltim");
    expect(await subscriptionRow(contactId)).toMatchObject({
      role: "liaison",
      regionCodes: ["19.06"],
      unsubscribedAt: null,
    });
  });

  it("a subscriber who joins a party group becomes a liaison subscriber at once, and is told so", async () => {
    const { contactId } = await subscribe("subscribed-first", "pangkalpinang");
    expect((await subscriptionRow(contactId))?.role).toBe("public");
    const { text } = await send("subscribed-first", `/gabung ${otherPartyCode}`);
    expect(text).toContain("penghubung partai untuk *Partai Y, Pangkalpinang*");
    expect(text).toContain(nowSubscribedAsLiaison);
    expect(text).not.toContain(subscribeHint);
    expect(await subscriptionRow(contactId)).toMatchObject({
      role: "liaison",
      regionCodes: ["19.71"],
    });
  });

  it("a liaison asks nothing about relaying and files a report that records no organisation", async () => {
    const asked = await send("liaison", "lapor");
    expect(asked.text).not.toContain("meneruskan");
    expect(asked.text).toContain("Apa jenis pelanggarannya?");
    await send("liaison", "batal");

    let receipt = "";
    for (const line of identifiedReportLines) receipt = (await send("liaison", line)).text;
    const code = /LPR-[0-9A-Z]{4}-[0-9A-Z]{4}/.exec(receipt)?.[0] ?? "";
    expect(code).not.toBe("");
    const [report] = await database.db.select().from(reports).where(eq(reports.ticketCode, code));
    expect(report).toMatchObject({ relayedByOrgId: null, relayerContactId: null });
    expect((await send("liaison", "laporanku")).text).not.toContain("diteruskan untuk");
  });

  it("an ormas member who joins a party group stops relaying (the later join wins) and is told so", async () => {
    await send("switcher", `/gabung ${ormasCode}`);
    const { contactId } = await subscribe("switcher", "beltim");
    expect((await subscriptionRow(contactId))?.role).toBe("relayer");
    expect((await send("switcher", "lapor")).text).toContain("meneruskan laporan orang lain");
    await send("switcher", "batal");

    const { text } = await send("switcher", `/gabung ${partyCode}`);
    expect(text).toBe(
      [
        joinedText,
        "Anda tidak lagi relawan pelapor untuk *Relawan Demokrasi Beltim*: satu akun chat hanya terdaftar pada satu organisasi atau partai. Laporan yang sudah Anda teruskan tetap tercatat.",
        nowSubscribedAsLiaison,
      ].join("\n\n"),
    );
    expect(await contactRow(contactId)).toMatchObject({
      relayerOrgId: null,
      liaisonOrgId: partyId,
    });
    expect((await subscriptionRow(contactId))?.role).toBe("liaison");
    expect((await send("switcher", "lapor")).text).not.toContain("meneruskan");
    await send("switcher", "batal");
  });

  it("a liaison who joins an ormas becomes its relayer and is told they left the party group", async () => {
    const { contactId } = await subscribe("back", "beltim");
    await send("back", `/gabung ${partyCode}`);
    const { text } = await send("back", `/gabung ${ormasCode}`);
    expect(text).toContain("Anda sekarang relawan pelapor untuk *Relawan Demokrasi Beltim*");
    expect(text).toContain(
      "Anda tidak lagi penghubung partai untuk *Partai X, Belitung Timur*: satu akun chat hanya terdaftar pada satu organisasi atau partai.",
    );
    expect(await contactRow(contactId)).toMatchObject({
      relayerOrgId: ormasId,
      liaisonOrgId: null,
    });
    expect((await subscriptionRow(contactId))?.role).toBe("relayer");
  });

  it("a liaison who asks to delete their data is no longer linked to the party group", async () => {
    await send("erased", "halo");
    const { contactId } = await send("erased", `/gabung ${partyCode}`);
    expect((await contactRow(contactId))?.liaisonOrgId).toBe(partyId);
    await send("erased", "hapus data saya");
    await send("erased", { choice: "yes" });
    expect(await contactRow(contactId)).toMatchObject({ liaisonOrgId: null, relayerOrgId: null });
  });

  it("refuses at the database a contact that is both a relayer and a liaison", async () => {
    const [contact] = await database.db
      .select({ id: contacts.id })
      .from(contacts)
      .where(eq(contacts.liaisonOrgId, partyId))
      .limit(1);
    await expect(
      database.db
        .update(contacts)
        .set({ relayerOrgId: ormasId })
        .where(eq(contacts.id, contact?.id ?? "")),
    ).rejects.toThrow();
  });

  describe("who a broadcast reaches", () => {
    const ids: Record<string, string> = {};
    const named = async (audience: Parameters<typeof activeSubscribers>[1]) => {
      const found = new Set(await activeSubscribers(database.db, audience));
      return Object.keys(ids)
        .filter((name) => found.has(ids[name] ?? ""))
        .sort();
    };

    beforeAll(async () => {
      // Everyone subscribed by now, by what they did above (and one resident more).
      ids.resident = (await subscribe("resident", "beltim")).contactId;
      for (const who of ["liaison", "subscribed-first", "switcher", "back"]) {
        ids[who] = (await send(who, "menu")).contactId;
      }
    });

    it("picks liaisons by the liaison role, and never by the relayer role", async () => {
      expect(await named({ roles: ["liaison"] })).toEqual([
        "liaison",
        "subscribed-first",
        "switcher",
      ]);
      expect(await named({ roles: ["relayer"] })).toEqual(["back"]);
      expect(await named({ roles: ["public"] })).toEqual(["resident"]);
    });

    it("picks a party group's liaisons by the group, and an ormas's relayers by the ormas", async () => {
      expect(await named({ organisations: [partyId] })).toEqual(["liaison", "switcher"]);
      expect(await named({ organisations: [otherPartyId] })).toEqual(["subscribed-first"]);
      expect(await named({ organisations: [ormasId] })).toEqual(["back"]);
      expect(await named({ organisations: [partyId, ormasId] })).toEqual([
        "back",
        "liaison",
        "switcher",
      ]);
    });

    it("combines the group with the other filters, and matches nobody for an empty list", async () => {
      expect(await named({ organisations: [partyId], roles: ["relayer"] })).toEqual([]);
      expect(await named({ organisations: [partyId, otherPartyId], regions: ["19.71"] })).toEqual([
        "subscribed-first",
      ]);
      expect(await named({ organisations: [] })).toEqual([]);
    });

    it("stops reaching a liaison who unsubscribes", async () => {
      await send("switcher", "berhenti");
      expect(await named({ organisations: [partyId] })).toEqual(["liaison"]);
    });
  });
});
