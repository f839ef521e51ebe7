/**
 * Everyday names people use for places, mapped to Kemendagri codes checked against
 * idn-area-data 3.1.2 (`node_modules/idn-area-data/data/*.csv`). Aliases whose code is not
 * loaded (a province out of scope) are ignored, so the list may cover more than the scope.
 * The same alias may appear twice to make it deliberately ambiguous (`tanjab`).
 */
export interface RegionAlias {
  alias: string;
  code: string;
}

export const defaultAliases: readonly RegionAlias[] = [
  // Kepulauan Bangka Belitung (19)
  { alias: "babel", code: "19" },
  { alias: "bangka belitung", code: "19" },
  { alias: "bangka belitong", code: "19" },
  { alias: "belitong", code: "19.02" }, // local spelling of Kabupaten Belitung
  { alias: "beltim", code: "19.06" },
  { alias: "belitong timur", code: "19.06" },
  { alias: "basel", code: "19.03" },
  { alias: "bateng", code: "19.04" },
  { alias: "babar", code: "19.05" },
  { alias: "pangkalpinang", code: "19.71" },
  { alias: "pangkal pinang", code: "19.71" },
  { alias: "pkp", code: "19.71" },
  { alias: "muntok", code: "19.05.01" }, // the dataset spells the kecamatan "Mentok"
  { alias: "mentok", code: "19.05.01" },
  // The official new spelling is one word; the dataset still writes "Tanjung Pandan".
  { alias: "tanjung pandan", code: "19.02.01" },
  { alias: "tanjungpandan", code: "19.02.01" },
  // Towns that are also a kelurahan of the same name: the kecamatan is the safe reading.
  { alias: "sungailiat", code: "19.01.01" },
  { alias: "sungai liat", code: "19.01.01" },
  { alias: "koba", code: "19.04.01" },
  { alias: "toboali", code: "19.03.01" },
  { alias: "manggar", code: "19.06.01" },
  // Jambi (15)
  { alias: "tanjabbar", code: "15.06" },
  { alias: "tanjab barat", code: "15.06" },
  { alias: "tanjabtim", code: "15.07" },
  { alias: "tanjab timur", code: "15.07" },
  { alias: "tanjab", code: "15.06" },
  { alias: "tanjab", code: "15.07" },
  { alias: "batang hari", code: "15.04" }, // dataset: "Kabupaten Batanghari"
  { alias: "muara jambi", code: "15.05" }, // dataset: "Kabupaten Muaro Jambi"
  { alias: "sungai penuh", code: "15.72" },
  { alias: "sei penuh", code: "15.72" },
  { alias: "kuala tungkal", code: "15.06.02" }, // the town is Kecamatan Tungkal Ilir
  { alias: "muara bungo", code: "15.08.03" }, // the town is Kecamatan Pasar Muaro Bungo
];

/**
 * Word-level spellings folded together on both sides (names and queries) before matching:
 * abbreviations people type, and Jambi's Malay "muaro" beside Indonesian "muara" (the dataset
 * uses both).
 */
export const wordSynonyms: Readonly<Record<string, string>> = {
  sei: "sungai",
  sui: "sungai",
  sg: "sungai",
  sng: "sungai",
  tj: "tanjung",
  tg: "tanjung",
  tjg: "tanjung",
  kp: "kampung",
  kpg: "kampung",
  kamp: "kampung",
  pkl: "pangkal",
  spg: "simpang",
  muaro: "muara",
};
