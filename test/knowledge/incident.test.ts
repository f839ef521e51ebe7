import { beforeAll, describe, expect, it } from "vitest";
import { readIncident } from "../../src/knowledge/incident";
import { findTimeInText } from "../../src/knowledge/time-in-text";
import { findPlaceInText } from "../../src/regions/place-in-text";
import { createRegionResolver, type RegionResolver } from "../../src/regions/resolver";
import { readRegionRows } from "../../src/regions/seed";
import type { ReportCategory } from "../../src/reports/categories";

/** Friday 20 November 2026, 10:00 WIB. */
const NOW = new Date("2026-11-20T03:00:00Z");

function categoryOf(text: string): ReportCategory | "not_incident" {
  const reading = readIncident(text);
  return reading.kind === "incident" ? reading.category : reading.kind;
}

describe("a whole violation told in the first message", () => {
  let regions: RegionResolver;
  beforeAll(async () => {
    regions = createRegionResolver(await readRegionRows({ provinceCodes: ["19", "15"] }));
  });

  it("gives the category, the village and the day of 'tadi pagi … amplop … desa Lalang Manggar'", () => {
    const text = "tadi pagi ada bagi2 amplop 100rb di desa Lalang Manggar dari timses paslon 2";
    const reading = readIncident(text);
    expect(reading).toMatchObject({ kind: "incident", category: "politik_uang" });

    const place = findPlaceInText(text, regions);
    expect(place).toEqual({
      code: "19.06.01.2006",
      name: "Desa Lalang, Kec. Manggar, Kab. Belitung Timur",
      level: "village",
    });
    expect(regions.pathOf(place?.code ?? "").map((r) => r.code)).toContain("19.06");

    expect(findTimeInText(text, NOW)).toBe("2026-11-20");
  });
});

describe("readIncident: the category of a report", () => {
  it.each<[ReportCategory, string]>([
    [
      "politik_uang",
      "semalem rumah2 di gang kami didatangi org bawa beras 5 kilo dari caleg nomor 4",
    ],
    [
      "politik_uang",
      "td pagi ibu2 dikumpulin di rumah pak rt dikasih duit 50rb suruh pilih calon no 1",
    ],
    ["politik_uang", "My neighbour got 200k from a candidate's volunteer this morning."],
    ["asn", "kepala sekolah sd 3 ikut jadi jurkam paslon bupati kemarin sore"],
    ["asn", "sy liat pak camat foto bareng sambil acung 2 jari sama caleg di acara partai"],
    ["kades", "pak kades ngumpulin warga di balai desa trus nyuruh milih paslon 3"],
    ["kades", "The village head told residents at the mosque to vote for candidate number 1."],
    ["tni_polri", "polisi di polsek kami pake kaos partai pas kampanye akbar kemarin"],
    [
      "kampanye_hitam",
      "beredar selebaran bilang calon bupati kita pernah dipenjara, padahal itu fitnah",
    ],
    ["kampanye_hitam", "ada yg nyebarin video editan calon walikota lagi mabuk, itu hoaks"],
    ["sara", "penceramah di pengajian bilang haram pilih calon yg beda agama"],
    ["apk", "baliho caleg dipaku di pohon sepanjang jalan ke pantai"],
    ["luar_jadwal", "hari ini masa tenang tapi timses masih keliling bagi stiker dan ajak pilih"],
    ["fasilitas_negara", "ambulans desa dipakai ngangkut peserta kampanye caleg"],
    ["fasilitas_negara", "ada kampanye caleg di halaman sekolah pas jam belajar"],
    ["anak", "banyak balita dibawa ke kampanye akbar paslon di stadion, panas2an"],
    ["daftar_pemilih", "nama bapak sy yg udah meninggal 3 thn lalu masih ada di dpt"],
    ["pemungutan", "di tps 5 ada orang nyoblos pake ktp orang lain"],
    ["penghitungan", "hasil rekap di ppk beda sama c hasil di tps, suara caleg A dikurangin"],
    ["penyelenggara", "petugas pps ikut kampanye paslon tadi pagi, pake atribut lengkap"],
    ["online", "akun tiktok anonim upload video kampanye paslon pas masa tenang"],
    ["lainnya", "ada caleg intimidasi warga yg gak mau dukung dia, diancam gak dapet bantuan"],
  ])("reads %s from %j", (category, text) => {
    expect(categoryOf(text)).toBe(category);
  });

  it.each<[ReportCategory, string]>([
    ["luar_jadwal", "paslon udh keliling kampung minta dukungan, pdhl blm masuk masa kampanye"],
    [
      "politik_uang",
      "ade urang timses bagi duit 100 ribu ke bapak2 di warung kopi, dak lupa nomor 8",
    ],
    ["pemungutan", "di tps 4 ada pemilih yg ngaku2 orang lain, pake undangan tetangga yg merantau"],
  ])("reads chat spellings and the Malay of Babel and Jambi: %s from %j", (category, text) => {
    expect(categoryOf(text)).toBe(category);
  });

  it.each<[ReportCategory, string]>([
    [
      "kampanye_hitam",
      "They are telling people at the market that the candidate is a drug dealer, which is completely false.",
    ],
    [
      "pemungutan",
      "People who came after 1 pm were turned away even though they had been queuing.",
    ],
    ["fasilitas_negara", "The candidate's team used the health centre's car to transport voters."],
    [
      "penghitungan",
      "Dengan hormat, kami selaku saksi melaporkan bahwa pada rapat pleno rekapitulasi di kecamatan, perolehan suara partai kami berubah dan tidak sama dengan salinan C hasil yang kami pegang.",
    ],
  ])("reads a story told in English or in a formal letter: %s from %j", (category, text) => {
    expect(categoryOf(text)).toBe(category);
  });

  it("reads a lurah as a civil servant: a kelurahan is run by the regency, not elected", () => {
    expect(categoryOf("pak lurah ikut orasi di panggung kampanye caleg semalem")).toBe("asn");
  });

  it("reads something given with a vote asked for as money politics", () => {
    expect(
      categoryOf("ada yg dateng ke rumah nawarin tabung gas 3 kilo asal sekeluarga nyoblos no 2"),
    ).toBe("politik_uang");
  });

  it("files who did it over where and how: the officer who hangs a banner, the first official named", () => {
    expect(categoryOf("anggota polres ikut masang spanduk salah satu calon di jalan raya")).toBe(
      "tni_polri",
    );
    expect(categoryOf("camat ngajak kades2 makan malam bareng calon gubernur, ada fotonya")).toBe(
      "asn",
    );
  });

  it("files what was said over where it was posted or hung", () => {
    expect(
      categoryOf(
        "di tiktok dan grup wa beredar kabar calon bupati pernah aniaya istrinya, itu fitnah",
      ),
    ).toBe("kampanye_hitam");
    expect(
      categoryOf("di spanduk ditulis jangan pilih pemimpin kafir, dipasang dekat gereja"),
    ).toBe("sara");
  });

  it("reads a school's field or hall used for a campaign as state facilities", () => {
    expect(
      categoryOf("lapangan sekolah SMA negeri dipakai buat panggung kampanye calon gubernur"),
    ).toBe("fasilitas_negara");
  });

  it("files who did it over where it was posted: a kades in a WhatsApp group is about the kades", () => {
    expect(categoryOf("pak kades kami tiap hari posting dukungan ke caleg di grup wa desa")).toBe(
      "kades",
    );
  });

  it("reads a school as where campaign material hangs (APK) or where a campaign was held", () => {
    expect(categoryOf("spanduk paslon dipasang di pagar sekolah dan tiang listrik")).toBe("apk");
    expect(categoryOf("calon bupati pidato minta dipilih di aula sekolah tadi siang")).toBe(
      "fasilitas_negara",
    );
  });

  it("reads an unregistered account as online, an unregistered voter as the voter list", () => {
    expect(categoryOf("akun ig relawan paslon itu gak terdaftar tapi tiap hari iklan")).toBe(
      "online",
    );
    expect(categoryOf("sy udah tinggal disini 20 thn tapi gak terdaftar sebagai pemilih")).toBe(
      "daftar_pemilih",
    );
  });

  it("gives a score, the weight of the category's cues", () => {
    const reading = readIncident("tadi ada serangan fajar, amplop isi 100rb per kk");
    expect(reading.kind).toBe("incident");
    if (reading.kind === "incident") expect(reading.score).toBeGreaterThan(4);
  });
});

describe("readIncident: what is not a report", () => {
  it.each([
    "apakah kades boleh kampanye?",
    "serangan fajar itu apa?",
    "boleh gak pns like postingan caleg",
    "kapan pemilu?",
    "kalau dikasih amplop tapi gak milih dia, kena pidana gak",
    "anak kecil dibawa kampanye sanksinya apa",
    "kampanye di masjid dilarang kan?",
    "gimana cara lapor politik uang",
    "Is a teacher allowed to campaign?",
    "How do I report vote buying?",
    "takut diintimidasi klo lapor kades",
    "kades kami ikut jadi timses, itu gimana min",
    "I heard the police officer in my village supports a candidate, what can I do?",
    "td pagi sy liat berita soal serangan fajar, itu hukumannya apa sih",
    "pilkada kemarin tanggal berapa sih nyoblosnya",
    "mohon info cara cek nama di dpt",
  ])("a question about the rules: %j", (text) => {
    expect(readIncident(text)).toEqual({ kind: "not_incident" });
  });

  it.each(["politik uang", "netralitas asn", "pns ikut kampanye", "cek dpt"])(
    "a topic typed as a search: %j",
    (text) => {
      expect(readIncident(text)).toEqual({ kind: "not_incident" });
    },
  );

  it.each([
    "tadi ada tabrakan di simpang lima",
    "kemarin motor saya hilang di pasar",
    "harga lada hari ini brp",
    "minta nomor wa bawaslu babel",
    "dpt online gak bisa dibuka",
  ])("something that is not an election violation: %j", (text) => {
    expect(readIncident(text)).toEqual({ kind: "not_incident" });
  });

  it("is not a report when empty or punctuation only", () => {
    expect(readIncident("")).toEqual({ kind: "not_incident" });
    expect(readIncident(" ?! ")).toEqual({ kind: "not_incident" });
  });
});
