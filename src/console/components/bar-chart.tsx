/**
 * A bar chart rendered on the server as inline SVG: no client JavaScript, no external fonts or
 * images, readable at any width (viewBox, width 100%). It is an image with a text summary
 * (`role="img"`, `aria-label`, `<title>`); the page puts the same figures in an HTML table
 * beside it, which is what screen readers and keyboard users should read.
 *
 * Colours on the chart's own white background (set on the SVG, so a dark page keeps them):
 * bars #1d4ed8 (6.7:1), text #1f2937 (14.7:1), axis #4b5563 (7.6:1); gridlines are decorative.
 */
import type { FC } from "hono/jsx";

export interface BarChartBar {
  label: string;
  value: number;
}

export interface BarChartProps {
  title: string;
  bars: BarChartBar[];
  /**
   * Height in viewBox units (the width is 640). Vertical charts default to 240; horizontal
   * ones grow with the number of bars unless a height is given.
   */
  height?: number;
  /**
   * Columns ("vertical", e.g. days) or rows ("horizontal", for long labels such as kab/kota
   * names). By default vertical when every label has at most 12 characters.
   */
  orientation?: "vertical" | "horizontal";
  /** The accessible summary; by default the title followed by every label and value. */
  summary?: string;
}

export const chartColours = {
  background: "#ffffff",
  bar: "#1d4ed8",
  text: "#1f2937",
  axis: "#4b5563",
  grid: "#e5e7eb",
} as const;

const WIDTH = 640;
const FONT_SIZE = 12;
/** A generous average glyph width for the system sans-serif at FONT_SIZE. */
const CHAR_WIDTH = 7;
const SHORT_LABEL = 12;

const round = (n: number) => Math.round(n * 100) / 100;
const safe = (n: number) => (Number.isFinite(n) && n > 0 ? n : 0);

export function formatValue(value: number): string {
  if (!Number.isFinite(value)) return "0";
  return Number.isInteger(value) ? String(value) : value.toFixed(1);
}

/** A round axis maximum and step for about four gridlines (integers from 1 upward). */
function scale(max: number): { top: number; step: number } {
  if (max <= 0) return { top: 1, step: 1 };
  const raw = max / 4;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const step = Math.max(
    1,
    [1, 2, 5, 10].map((m) => m * magnitude).find((candidate) => candidate >= raw) ?? 10 * magnitude,
  );
  return { top: Math.ceil(max / step) * step, step };
}

function ticks(top: number, step: number): number[] {
  const list: number[] = [];
  for (let value = 0; value <= top + step / 1000; value += step) list.push(round(value));
  return list;
}

/** Cuts a label to fit a width, with an ellipsis. */
function shorten(label: string, width: number): string {
  const chars = Math.floor(width / CHAR_WIDTH);
  if (label.length <= chars) return label;
  if (chars <= 1) return "";
  return `${label.slice(0, chars - 1)}…`;
}

/** A centred label's x, moved inwards so that it does not run off either edge. */
function labelX(centre: number, text: string): number {
  const half = (text.length * CHAR_WIDTH) / 2;
  return round(Math.min(Math.max(centre, half + 2), WIDTH - half - 2));
}

export function chartSummary(title: string, bars: BarChartBar[]): string {
  if (bars.length === 0) return title;
  return `${title}: ${bars.map((bar) => `${bar.label} ${formatValue(bar.value)}`).join("; ")}`;
}

export const BarChart: FC<BarChartProps> = ({ title, bars, height, orientation, summary }) => {
  const vertical =
    orientation === undefined
      ? bars.every((bar) => bar.label.length <= SHORT_LABEL)
      : orientation === "vertical";
  const max = Math.max(0, ...bars.map((bar) => safe(bar.value)));
  const { top, step } = scale(max);
  const tickValues = ticks(top, step);
  const widestValue = Math.max(...tickValues.map((t) => formatValue(t).length), 1) * CHAR_WIDTH;
  const label = summary ?? chartSummary(title, bars);
  const common = {
    role: "img",
    "aria-label": label,
    width: "100%",
    preserveAspectRatio: "xMidYMid meet",
    "font-family": "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif",
    "font-size": FONT_SIZE,
    style: `background-color:${chartColours.background};max-width:100%;height:auto`,
  };

  if (vertical) {
    const totalHeight = height ?? 240;
    const left = widestValue + 10;
    const right = 8;
    const topMargin = 20;
    const bottom = 32;
    const plotWidth = WIDTH - left - right;
    const plotHeight = Math.max(totalHeight - topMargin - bottom, 10);
    const slot = bars.length > 0 ? plotWidth / bars.length : plotWidth;
    const barWidth = Math.min(slot * 0.72, 56);
    const y = (value: number) => topMargin + plotHeight - (safe(value) / top) * plotHeight;
    const widestLabel = Math.max(...bars.map((bar) => bar.label.length), 1) * CHAR_WIDTH;
    // Every k-th label, so that labels never overlap; the table beside has them all.
    const every = Math.max(1, Math.ceil((widestLabel + 14) / slot));
    const showValues =
      Math.max(...bars.map((b) => formatValue(b.value).length), 1) * CHAR_WIDTH <= slot;
    return (
      <svg {...common} viewBox={`0 0 ${WIDTH} ${totalHeight}`} xmlns="http://www.w3.org/2000/svg">
        <title>{title}</title>
        <g>
          {tickValues.map((tick) => (
            <g>
              <line
                x1={left}
                x2={WIDTH - right}
                y1={round(y(tick))}
                y2={round(y(tick))}
                stroke={tick === 0 ? chartColours.axis : chartColours.grid}
                stroke-width={1}
              />
              <text
                x={left - 6}
                y={round(y(tick))}
                text-anchor="end"
                dominant-baseline="middle"
                fill={chartColours.text}
              >
                {formatValue(tick)}
              </text>
            </g>
          ))}
        </g>
        {bars.map((bar, i) => {
          const x = left + i * slot + (slot - barWidth) / 2;
          const barTop = y(bar.value);
          const centre = round(left + i * slot + slot / 2);
          return (
            <g>
              <rect
                x={round(x)}
                y={round(barTop)}
                width={round(barWidth)}
                height={round(topMargin + plotHeight - barTop)}
                fill={chartColours.bar}
              >
                <title>{`${bar.label}: ${formatValue(bar.value)}`}</title>
              </rect>
              {showValues && bar.value !== 0 && (
                <text
                  x={centre}
                  y={round(barTop - 4)}
                  text-anchor="middle"
                  fill={chartColours.text}
                >
                  {formatValue(bar.value)}
                </text>
              )}
              {i % every === 0 && (
                <text
                  x={labelX(centre, shorten(bar.label, slot * every - 4))}
                  y={topMargin + plotHeight + 18}
                  text-anchor="middle"
                  fill={chartColours.text}
                >
                  {shorten(bar.label, slot * every - 4)}
                </text>
              )}
            </g>
          );
        })}
      </svg>
    );
  }

  const topMargin = 8;
  const bottom = 24;
  const rowHeight =
    height !== undefined && bars.length > 0
      ? Math.max((height - topMargin - bottom) / bars.length, 4)
      : 26;
  const totalHeight = height ?? topMargin + bars.length * rowHeight + bottom;
  const labelWidth = Math.min(
    Math.max(...bars.map((bar) => bar.label.length), 1) * CHAR_WIDTH + 10,
    WIDTH * 0.4,
  );
  const valueWidth =
    Math.max(...bars.map((bar) => formatValue(bar.value).length), 1) * CHAR_WIDTH + 10;
  const plotWidth = WIDTH - labelWidth - valueWidth;
  const x = (value: number) => labelWidth + (safe(value) / top) * plotWidth;
  const thickness = Math.min(rowHeight * 0.7, 18);
  const axisY = topMargin + bars.length * rowHeight;
  return (
    <svg
      {...common}
      viewBox={`0 0 ${WIDTH} ${round(totalHeight)}`}
      xmlns="http://www.w3.org/2000/svg"
    >
      <title>{title}</title>
      <g>
        {tickValues.map((tick) => (
          <g>
            <line
              x1={round(x(tick))}
              x2={round(x(tick))}
              y1={topMargin}
              y2={round(axisY)}
              stroke={tick === 0 ? chartColours.axis : chartColours.grid}
              stroke-width={1}
            />
            <text
              x={round(x(tick))}
              y={round(axisY + 16)}
              text-anchor="middle"
              fill={chartColours.text}
            >
              {formatValue(tick)}
            </text>
          </g>
        ))}
      </g>
      {bars.map((bar, i) => {
        const middle = topMargin + i * rowHeight + rowHeight / 2;
        const end = x(bar.value);
        return (
          <g>
            <text
              x={round(labelWidth - 6)}
              y={round(middle)}
              text-anchor="end"
              dominant-baseline="middle"
              fill={chartColours.text}
            >
              {shorten(bar.label, labelWidth - 10)}
            </text>
            <rect
              x={round(labelWidth)}
              y={round(middle - thickness / 2)}
              width={round(end - labelWidth)}
              height={round(thickness)}
              fill={chartColours.bar}
            >
              <title>{`${bar.label}: ${formatValue(bar.value)}`}</title>
            </rect>
            <text
              x={round(end + 4)}
              y={round(middle)}
              dominant-baseline="middle"
              fill={chartColours.text}
            >
              {formatValue(bar.value)}
            </text>
          </g>
        );
      })}
    </svg>
  );
};
