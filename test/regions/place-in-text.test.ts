import { beforeAll, describe, expect, it } from "vitest";
import { createPlaceFinder, findPlaceInText } from "../../src/regions/place-in-text";
import { createRegionResolver, type RegionResolver } from "../../src/regions/resolver";
import { readRegionRows } from "../../src/regions/seed";

describe("findPlaceInText over Bangka Belitung and Jambi", () => {
  let regions: RegionResolver;
  let find: (text: string) => string | undefined;
  beforeAll(async () => {
    regions = createRegionResolver(await readRegionRows({ provinceCodes: ["19", "15"] }));
    const finder = createPlaceFinder(regions);
    find = (text) => finder(text)?.code;
  });

  it("finds a desa through its kecamatan named after it, and describes it", () => {
    expect(findPlaceInText("ada bagi2 amplop di desa Lalang Manggar", regions)).toEqual({
      code: "19.06.01.2006",
      name: "Desa Lalang, Kec. Manggar, Kab. Belitung Timur",
      level: "village",
    });
    expect(find("tadi di lalang, kec. manggar")).toBe("19.06.01.2006");
  });

  it.each([
    ["serangan fajar di Kudai Sungailiat", "19.01.01.1003"],
    ["timses bagi beras di Pasar Bangko", "15.02.02.1010"],
    ["akun palsu promosi calon walikota di kota jambi", "15.71"],
    ["baliho dipaku di pohon sepanjang jalan di toboali", "19.03.01"],
    ["kampanye di mentok", "19.05.01"],
    ["Campaign banners everywhere in Muaro Bungo", "15.08.03"],
    ["rapat di tanjung pandan", "19.02.01"],
    ["spanduk fitnah di simpang Gantung", "19.06.02"],
    ["di tps 12 kelapa kampit", "19.06.04"],
  ])("finds the place in %j", (text, code) => {
    expect(find(text)).toBe(code);
  });

  it.each([
    "ada kampanye di pasar tadi pagi",
    "tps baru buka jam 9",
    "rumah di tengah kampung",
    "air sungai naik sampai jalan",
    "anak2 dikasih kaos paslon",
    "selamat sore min",
    "di desa kami ada serangan fajar",
    "pak Budiman bagi2 duit",
    "pak kades pake mobil desa buat antar jemput tim kampanye",
    "dana desa baru cair langsung dipakai kampanye",
  ])("does not take ordinary words for a place: %j", (text) => {
    expect(find(text)).toBeUndefined();
  });

  it("takes an ordinary word for a desa only with its kecamatan right after it", () => {
    expect(find("di desa baru manggar")).toBe("19.06.01.2007");
    expect(find("tps baru di manggar")).toBe("19.06.01");
  });

  it("gives nothing for a name shared by villages of different kab/kota", () => {
    // Sungai Baung is a desa in Sarolangun, Batanghari and Tanjung Jabung Barat.
    expect(find("ada bagi amplop di sungai baung")).toBeUndefined();
  });

  it("reads the first words of names that all lie in one kab/kota as that kab/kota", () => {
    // Kecamatan Muara Sabak Barat and Muara Sabak Timur, both in Tanjung Jabung Timur.
    expect(find("rapat umum paslon di muara sabak tadi siang")).toBe("15.07");
  });

  it("does not read a marker as a name: 'kabupaten/kota' is not Kelurahan Kota", () => {
    expect(find("direkap di kecamatan lalu kabupaten/kota")).toBeUndefined();
    expect(find("di kelurahan kota, tanjung pandan")).toBe("19.02.01.1001");
  });

  it("gives the broader area when a kecamatan and its kelurahan share the name", () => {
    expect(find("tadi di sungailiat")).toBe("19.01.01");
    expect(find("tadi di kelurahan sungailiat")).toBe("19.01.01.1001");
  });

  it("gives nothing when no place is named", () => {
    expect(find("pak kades kami jadi ketua tim pemenangan caleg")).toBeUndefined();
    expect(find("")).toBeUndefined();
  });
});
