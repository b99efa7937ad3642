"use client";

import type { ReactNode } from "react";
import { BarChart, CartesianGrid, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis, type TooltipProps } from "recharts";

/** A UTC day "yyyy-mm-dd" as the charts' axes and tooltips write it, e.g. "Nov 27". */
export const dayLabel = (day: string) => new Date(`${day}T00:00:00Z`).toLocaleDateString("en-US", { month: "short", day: "numeric", timeZone: "UTC" });

/**
 * The frame of the console's charts of values per UTC day (recharts, ADR 0007): a figure whose
 * caption says what matters in words — so the SVG is hidden from screen readers — a sentence in
 * place of an empty chart, and the chart with the shared grid, day axis, whole-number axis and a
 * tooltip naming the day. The series (bars, lines, a legend) are the children.
 */
export function DayChart<D extends { day: string }>({
  chart: Chart,
  id,
  title,
  summary,
  empty,
  days,
  className,
  tooltip,
  children,
}: {
  /** Recharts' BarChart or LineChart. */
  chart: typeof BarChart | typeof LineChart;
  /** The figure's test id; its caption's id is `${id}-caption`. */
  id: string;
  title: string;
  summary: string;
  /** What the figure says when there is no day to draw. */
  empty: string;
  days: D[];
  className: string;
  /** More tooltip settings (a value formatter, a cursor). */
  tooltip?: Omit<TooltipProps, "labelFormatter">;
  children: ReactNode;
}) {
  return (
    <figure aria-labelledby={`${id}-caption`} className={className} data-testid={id}>
      <figcaption id={`${id}-caption`} className="mb-2">
        <span className="font-semibold">{title}</span> <span className="text-ink-3">(UTC) — {summary}</span>
      </figcaption>
      {days.length === 0 ? (
        <p className="py-8 text-center text-ink-3">{empty}</p>
      ) : (
        <div className="h-48 w-full" aria-hidden="true">
          <ResponsiveContainer width="100%" height="100%" initialDimension={{ width: 600, height: 192 }}>
            <Chart data={days} margin={{ top: 4, right: 8, bottom: 0, left: -16 }} accessibilityLayer={false}>
              <CartesianGrid strokeDasharray="3 3" vertical={false} stroke="#e0e0e0" />
              <XAxis dataKey="day" tickFormatter={dayLabel} tick={{ fontSize: 11, fill: "#616161" }} minTickGap={24} />
              <YAxis allowDecimals={false} tick={{ fontSize: 11, fill: "#616161" }} width={48} />
              <Tooltip {...tooltip} labelFormatter={(label) => dayLabel(String(label))} />
              {children}
            </Chart>
          </ResponsiveContainer>
        </div>
      )}
    </figure>
  );
}
