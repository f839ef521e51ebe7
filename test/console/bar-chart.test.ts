import { jsx } from "hono/jsx";
import { describe, expect, it } from "vitest";
import { BarChart, type BarChartProps, chartColours } from "../../src/console/components/bar-chart";

const render = (props: BarChartProps): string => {
  const html = jsx(BarChart, props as unknown as Record<string, unknown>).toString();
  if (typeof html !== "string") throw new Error("BarChart rendered asynchronously");
  return html;
};

const attribute = (tag: string, name: string) => new RegExp(`\\s${name}="([^"]*)"`).exec(tag)?.[1];
const rects = (svg: string) => svg.match(/<rect\b[^>]*>/g) ?? [];

/** WCAG 2 contrast ratio of two #rrggbb colours. */
function contrast(a: string, b: string): number {
  const luminance = (hex: string) => {
    const [r, g, bl] = [1, 3, 5].map((i) => {
      const c = Number.parseInt(hex.slice(i, i + 2), 16) / 255;
      return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * (r ?? 0) + 0.7152 * (g ?? 0) + 0.0722 * (bl ?? 0);
  };
  const [light, dark] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return ((light ?? 0) + 0.05) / ((dark ?? 0) + 0.05);
}

const days = [
  { label: "2026-11-20", value: 2 },
  { label: "2026-11-21", value: 4 },
  { label: "2026-11-22", value: 0 },
  { label: "2026-11-23", value: 1 },
];

describe("BarChart", () => {
  it("renders an accessible, responsive SVG image with the title and a summary of every bar", () => {
    const svg = render({ title: "Laporan per hari", bars: days });
    expect(svg.startsWith("<svg")).toBe(true);
    const root = /^<svg\b[^>]*>/.exec(svg)?.[0] ?? "";
    expect(attribute(root, "role")).toBe("img");
    expect(attribute(root, "width")).toBe("100%");
    expect(attribute(root, "viewBox")).toBe("0 0 640 240");
    expect(attribute(root, "aria-label")).toBe(
      "Laporan per hari: 2026-11-20 2; 2026-11-21 4; 2026-11-22 0; 2026-11-23 1",
    );
    expect(svg).toContain("<title>Laporan per hari</title>");
  });

  it("draws one rect per bar, zero values included, in both orientations", () => {
    expect(rects(render({ title: "t", bars: days }))).toHaveLength(4);
    expect(rects(render({ title: "t", bars: days, orientation: "horizontal" }))).toHaveLength(4);
    const regencies = Array.from({ length: 18 }, (_, i) => ({
      label: `Kabupaten Nomor ${i}`,
      value: i,
    }));
    expect(rects(render({ title: "t", bars: regencies }))).toHaveLength(18);
    expect(rects(render({ title: "t", bars: [] }))).toHaveLength(0);
  });

  it("sizes bars in proportion to their values", () => {
    const heights = rects(render({ title: "t", bars: days })).map((r) =>
      Number(attribute(r, "height")),
    );
    expect(heights[1]).toBeGreaterThan(0);
    expect(heights[0]).toBeCloseTo((heights[1] ?? 0) / 2, 1);
    expect(heights[3]).toBeCloseTo((heights[1] ?? 0) / 4, 1);
    expect(heights[2]).toBe(0);
    const widths = rects(render({ title: "t", bars: days, orientation: "horizontal" })).map((r) =>
      Number(attribute(r, "width")),
    );
    expect(widths[0]).toBeCloseTo((widths[1] ?? 0) / 2, 1);
    expect(widths[2]).toBe(0);
  });

  it("escapes labels and the title everywhere they appear", () => {
    const svg = render({
      title: 'Kab/kota <i>"A" & B</i>',
      bars: [{ label: '<script>alert("x")</script>', value: 3 }],
    });
    expect(svg).not.toContain("<script");
    expect(svg).not.toContain("<i>");
    expect(svg).toContain("&lt;script&gt;");
    expect(svg).toContain("<title>Kab/kota &lt;i&gt;&quot;A&quot; &amp; B&lt;/i&gt;</title>");
    expect(svg).toContain(
      'aria-label="Kab/kota &lt;i&gt;&quot;A&quot; &amp; B&lt;/i&gt;: &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; 3"',
    );
  });

  it("uses no script, event handler, link, image or external resource", () => {
    const svg = render({ title: "t", bars: days });
    expect(svg).not.toMatch(/<script|<image|<foreignObject|<a\b|\shref=|\son\w+=|url\(|@import/i);
    expect(svg.replace('xmlns="http://www.w3.org/2000/svg"', "")).not.toMatch(/https?:/);
  });

  it("keeps a long label whole in the bar's tooltip and the summary when it is shortened on the chart", () => {
    const label = "Kabupaten Tanjung Jabung Barat, Kecamatan Tungkal Ilir dan sekitarnya";
    const svg = render({ title: "t", bars: [{ label, value: 1 }] });
    expect(svg).toContain(`<title>${label}: 1</title>`);
    expect(svg).toContain(`aria-label="t: ${label} 1"`);
    expect(svg).toMatch(/<text[^>]*>[^<]*…<\/text>/);
  });

  it("takes its height from the height prop and a summary from the summary prop", () => {
    const svg = render({ title: "t", bars: days, height: 300, summary: "Ringkasan" });
    expect(svg).toContain('viewBox="0 0 640 300"');
    expect(svg).toContain('aria-label="Ringkasan"');
  });

  it("draws bars and text in colours that contrast with its own white background", () => {
    const svg = render({ title: "t", bars: days });
    expect(svg).toContain(`background-color:${chartColours.background}`);
    const barFills = new Set(rects(svg).map((r) => attribute(r, "fill")));
    const textFills = new Set((svg.match(/<text\b[^>]*>/g) ?? []).map((t) => attribute(t, "fill")));
    expect(barFills.size).toBeGreaterThan(0);
    expect(textFills.size).toBeGreaterThan(0);
    for (const fill of barFills)
      expect(contrast(fill ?? "", chartColours.background)).toBeGreaterThanOrEqual(3);
    for (const fill of textFills)
      expect(contrast(fill ?? "", chartColours.background)).toBeGreaterThanOrEqual(4.5);
  });
});
