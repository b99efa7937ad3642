"use client";

import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";

export interface ChartDay {
  day: string;
  claims: number;
}

const dayLabel = (day: string) => new Date(`${day}T00:00:00Z`).toLocaleDateString("en-US", { month: "short", day: "numeric", timeZone: "UTC" });

/**
 * Claims per day (UTC) as a bar chart (recharts, ADR 0007), with a tooltip on hover. The figure's
 * caption says what matters in words (total, days, busiest day) and the table below has every row,
 * so the SVG itself is hidden from screen readers.
 */
export function ClaimsChart({ days, summary }: { days: ChartDay[]; summary: string }) {
  return (
    <figure aria-labelledby="claims-chart-caption" className="rounded-md border border-line bg-white p-4 shadow-sm" data-testid="claims-chart">
      <figcaption id="claims-chart-caption" className="mb-2">
        <span className="font-semibold">Claims per day</span> <span className="text-ink-3">(UTC) — {summary}</span>
      </figcaption>
      {days.length === 0 ? (
        <p className="py-8 text-center text-ink-3">No claims in this range.</p>
      ) : (
        <div className="h-48 w-full" aria-hidden="true">
          <ResponsiveContainer width="100%" height="100%" initialDimension={{ width: 600, height: 192 }}>
            <BarChart data={days} margin={{ top: 4, right: 8, bottom: 0, left: -16 }} accessibilityLayer={false}>
              <CartesianGrid strokeDasharray="3 3" vertical={false} stroke="#e0e0e0" />
              <XAxis dataKey="day" tickFormatter={dayLabel} tick={{ fontSize: 11, fill: "#616161" }} minTickGap={24} />
              <YAxis allowDecimals={false} tick={{ fontSize: 11, fill: "#616161" }} width={48} />
              <Tooltip labelFormatter={(label) => dayLabel(String(label))} formatter={(value) => [value, "Claims"]} cursor={{ fill: "#ebf3fc" }} />
              <Bar dataKey="claims" name="Claims" fill="#0f6cbd" isAnimationActive={false} />
            </BarChart>
          </ResponsiveContainer>
        </div>
      )}
    </figure>
  );
}
