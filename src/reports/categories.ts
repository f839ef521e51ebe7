/** Violation categories, in the order the menu offers them (ids are stored; labels are i18n). */
export const reportCategories = [
  "politik_uang",
  "asn",
  "kades",
  "tni_polri",
  "kampanye_hitam",
  "sara",
  "apk",
  "luar_jadwal",
  "fasilitas_negara",
  "anak",
  "daftar_pemilih",
  "pemungutan",
  "penghitungan",
  "penyelenggara",
  "online",
  "lainnya",
] as const;

export type ReportCategory = (typeof reportCategories)[number];

/** Stages a reporter can see (facts.md §3.6); staff move reports through them later. */
export const reportStages = [
  "diterima",
  "dikaji",
  "perlu_dilengkapi",
  "diregistrasi",
  "tidak_diregistrasi",
  "diteruskan",
  "selesai",
  "informasi_awal",
  "ditelusuri",
  "menjadi_temuan",
  "ditutup",
  "dicabut",
  "spam",
] as const;

export type ReportStage = (typeof reportStages)[number];

/** The formal-report window: "paling lama 7 hari sejak diketahui" (facts.md §3.4). */
export const reportingWindowDays = 7;
