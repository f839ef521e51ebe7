/**
 * Screenshots of the staff console for docs/screenshots: the queue, a report, the dashboard and
 * the questions for officers,
 * at laptop (1366×900) and phone (390×844) widths, over a month of demo reports in Bangka
 * Belitung and Jambi. Everything runs here: an in-memory database, the real app on a local
 * port, Debian's chromium. Usage: npx tsx scripts/console-screenshots.ts [out-dir]
 */

import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { serve } from "@hono/node-server";
import { and, eq, like } from "drizzle-orm";
import sharp from "sharp";
import { renderWebchatPage } from "../src/channels/webchat/page";
import { loadConfig } from "../src/config";
import { mediaAad } from "../src/conversations/conductor";
import { createLogger } from "../src/logger";
import { generateDataKey } from "../src/privacy/keyring";
import { reportAad } from "../src/reports/sealing";
import { createAwas } from "../src/server";
import { addStaff } from "../src/staff/accounts";
import { hashPassword } from "../src/staff/passwords";
import { openDatabase } from "../src/storage/database";
import {
  contacts,
  media,
  organizations,
  questionTickets,
  regions,
  reportEvents,
  reportEvidence,
  reports,
  staff,
} from "../src/storage/schema";
import { launchChromium } from "../test/support/chromium";

const out = path.resolve(process.argv[2] ?? "docs/screenshots");
const now = new Date();
const day = 86_400_000;

/** A small deterministic generator, so the demo month looks the same on every run. */
function random(seed: number) {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    return state / 2 ** 31;
  };
}
const rand = random(20261206);
const pick = <T>(items: readonly T[]): T => items[Math.floor(rand() * items.length)] as T;

const stories: Record<string, string[]> = {
  politik_uang: [
    "Tadi pagi tim sukses membagikan amplop berisi Rp100.000 ke warga di dekat masjid.",
    "Ada pembagian sembako atas nama paslon di balai desa, warga diminta memilih nomor 2.",
    "Warga didatangi malam hari, diberi uang dan diminta menunjukkan foto surat suara.",
  ],
  asn: [
    "Seorang guru PNS mengunggah ajakan memilih salah satu calon di grup WhatsApp sekolah.",
    "Camat hadir dan berpidato di acara kampanye calon bupati.",
  ],
  kades: [
    "Kepala desa mengumpulkan RT dan meminta warga mendukung calon tertentu.",
    "Perangkat desa memasang spanduk calon di kantor desa.",
  ],
  apk: [
    "Baliho calon dipasang di pagar sekolah dasar dan di tiang listrik.",
    "Spanduk kampanye dipaku di pohon sepanjang jalan utama.",
  ],
  kampanye_hitam: ["Beredar selebaran tanpa nama yang menuduh calon menerima suap."],
  sara: ["Ceramah di acara warga menyebut calon lain tidak pantas dipilih karena agamanya."],
  online: ["Akun media sosial tidak terdaftar menyebarkan video kampanye pada masa tenang."],
  luar_jadwal: ["Tim kampanye mengadakan pertemuan warga pada masa tenang."],
};
const categoryWeights = [
  "politik_uang",
  "politik_uang",
  "politik_uang",
  "politik_uang",
  "asn",
  "asn",
  "kades",
  "kades",
  "apk",
  "apk",
  "kampanye_hitam",
  "sara",
  "online",
  "luar_jadwal",
] as const;
const regencyWeights = ["19.06", "19.06", "19.06", "19.02", "19.71", "19.05", "15.04", "15.71"];
const stageByAge = (track: string, ageDays: number) => {
  const formal = [
    "diterima",
    "dikaji",
    "perlu_dilengkapi",
    "diregistrasi",
    "diteruskan",
    "selesai",
  ];
  const tip = ["informasi_awal", "ditelusuri", "menjadi_temuan", "ditutup"];
  const path = track === "report" ? formal : tip;
  return path[
    Math.min(path.length - 1, Math.floor((ageDays / 30) * path.length * rand()))
  ] as string;
};

async function main() {
  fs.mkdirSync(out, { recursive: true });
  const log = createLogger({ level: "warn" });
  const database = await openDatabase({ kind: "pglite-memory" }, { purpose: "screenshots" });
  const config = loadConfig({
    DATA_DIR: fs.mkdtempSync(path.join(os.tmpdir(), "awas-shots-")),
    DATA_KEY: generateDataKey(),
    LOG_LEVEL: "warn",
  });
  const awas = await createAwas({
    config,
    database,
    log,
    webchatTemplate: fs.readFileSync("src/channels/webchat/page.html", "utf8"),
    renderWebchatPage,
  });
  const { keyring } = awas;
  const db = database.db;

  const admin = await addStaff(db, {
    email: "rina@bawaslu-babel.example",
    name: "Rina Oktaviani",
    role: "admin",
  });
  const officer = await addStaff(db, {
    email: "dedi@bawaslu-beltim.example",
    name: "Dedi Saputra",
    role: "officer",
    regionCode: "19.06",
  });
  const [org] = await db
    .insert(organizations)
    .values({ name: "Relawan Demokrasi Beltim", regionCode: "19.06", inviteCodeHash: "demo" })
    .returning({ id: organizations.id });
  const [contact] = await db
    .insert(contacts)
    .values({ channel: "whatsapp", addressIndex: "demo", addressSealed: keyring.seal("demo", "x") })
    .returning({ id: contacts.id });

  const villages = new Map<string, string[]>();
  for (const regency of new Set(regencyWeights)) {
    const rows = await db
      .select({ code: regions.code })
      .from(regions)
      .where(and(eq(regions.level, "village"), like(regions.code, `${regency}.%`)));
    villages.set(regency, rows.map((row) => row.code).slice(0, 40));
  }

  const photo = await sharp({
    create: { width: 1200, height: 900, channels: 3, background: { r: 214, g: 190, b: 140 } },
  })
    .composite([
      {
        input: {
          create: { width: 520, height: 300, channels: 3, background: { r: 240, g: 240, b: 232 } },
        },
        top: 300,
        left: 340,
      },
    ])
    .jpeg()
    .toBuffer();

  let showcase = "";
  for (let i = 0; i < 64; i++) {
    const ageDays = Math.floor(rand() * rand() * 30);
    const createdAt = new Date(now.getTime() - ageDays * day - Math.floor(rand() * 8) * 3_600_000);
    const category = pick(categoryWeights);
    const regency = pick(regencyWeights);
    const region = pick(villages.get(regency) ?? [regency]);
    const track = rand() < 0.6 ? "report" : "tip";
    const stage = i === 0 ? "dikaji" : stageByAge(track, ageDays);
    const isoDay = new Date(createdAt.getTime() + 7 * 3_600_000).toISOString().slice(0, 10);
    const ticket = `LPR-${String(1000 + i * 37).padStart(4, "0")}-${"ABCDEFGHJKMNPQRS"[i % 16]}${String(100 + i).slice(-3)}`;
    const relayed = regency === "19.06" && rand() < 0.3;
    const [row] = await db
      .insert(reports)
      .values({
        ticketCode: ticket,
        pinHash: "demo",
        contactId: contact?.id ?? null,
        channel: pick(["whatsapp", "whatsapp", "whatsapp", "telegram", "webchat"]),
        track,
        category,
        regionCode: region,
        happenedOn: isoDay,
        knownOn: isoDay,
        pastReportingWindow: false,
        storySealed: keyring.seal(pick(stories[category] ?? ["-"]), reportAad.story),
        terlaporSealed: keyring.seal("Tim sukses paslon nomor 2", reportAad.terlapor),
        witnessesSealed: rand() < 0.5 ? keyring.seal("Dua warga RT 03", reportAad.witnesses) : null,
        reporterSealed:
          track === "report"
            ? keyring.sealJson(
                { name: "Demo", address: "Demo", phone: "+62800000000" },
                reportAad.reporter,
              )
            : null,
        relayedByOrgId: relayed ? (org?.id ?? null) : null,
        missingForFormal:
          track === "report" ? ["signed_form"] : ["identity", "witnesses", "signed_form"],
        stage,
        stageUpdatedAt: createdAt,
        createdAt,
        assignedTo: regency === "19.06" && stage !== "diterima" ? officer.id : null,
      })
      .returning({ id: reports.id });
    if (i === 0 && row) {
      showcase = ticket;
      const [file] = await db
        .insert(media)
        .values({
          contactId: contact?.id ?? null,
          mimeType: "image/jpeg",
          byteSize: photo.byteLength,
          sha256: (await import("node:crypto")).createHash("sha256").update(photo).digest("hex"),
          contentSealed: keyring.seal(photo, mediaAad),
        })
        .returning({ id: media.id });
      await db
        .insert(reportEvidence)
        .values({ reportId: row.id, mediaId: file?.id ?? null, addedAt: createdAt });
      await db.insert(reportEvents).values([
        {
          reportId: row.id,
          kind: "assigned",
          staffId: admin.id,
          meta: { to: officer.name },
          at: createdAt,
        },
        {
          reportId: row.id,
          kind: "stage",
          staffId: officer.id,
          fromStage: "diterima",
          toStage: "dikaji",
          at: createdAt,
        },
        {
          reportId: row.id,
          kind: "reply",
          staffId: officer.id,
          bodySealed: keyring.seal(
            "Terima kasih. Apakah ada warga lain yang menerima amplop?",
            "report_events.body",
          ),
          at: createdAt,
        },
        {
          reportId: row.id,
          kind: "reporter_message",
          bodySealed: keyring.seal(
            "Ada, tetangga saya juga dapat. Dia mau jadi saksi.",
            "report_events.body",
          ),
          at: createdAt,
        },
      ]);
    }
  }
  await db.insert(questionTickets).values({
    ticketCode: "TNY-7Q2K-M4P9",
    contactId: contact?.id ?? null,
    channel: "whatsapp",
    language: "id",
    questionSealed: keyring.seal(
      "Kalau pindah domisili, masih bisa ikut memilih di Pilkada ulang?",
      "question_tickets.question",
    ),
    suggestedTopics: ["pindah_memilih"],
    status: "open",
    createdAt: now,
  });

  const server = serve({ fetch: awas.app.fetch, port: 0, hostname: "127.0.0.1" });
  await new Promise((resolve) => server.once("listening", resolve));
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : 0;
  const base = `http://127.0.0.1:${port}`;
  const password = "demo-password-only";
  await db
    .update(staff)
    .set({ passwordHash: await hashPassword(password) })
    .where(eq(staff.id, admin.id));
  const browser = await launchChromium();
  const pages: [string, string][] = [
    ["queue", "/staff"],
    ["report", `/staff/reports/${showcase}`],
    ["dashboard", "/staff/dashboard"],
    ["questions", "/staff/questions"],
  ];
  for (const [width, height, label] of [
    [1366, 900, "laptop"],
    [390, 844, "phone"],
  ] as const) {
    const context = await browser.newContext({ locale: "id-ID", viewport: { width, height } });
    const page = await context.newPage();
    await page.goto(`${base}/staff/login`);
    await page.locator("#email").fill(admin.email);
    await page.locator("#password").fill(password);
    await page.locator("form[action='/staff/login'] button[type=submit]").click();
    await page.waitForURL(`${base}/staff`).catch(async (error) => {
      console.error(await page.locator("main").textContent());
      throw error;
    });
    for (const [name, route] of pages) {
      await page.goto(`${base}${route}`);
      const file = path.join(out, `${name}-${label}.png`);
      await page.screenshot({ path: file, fullPage: name !== "queue" });
      console.log(file);
    }
    await context.close();
  }
  await browser.close();
  server.close();
  await database.close();
}

await main();
