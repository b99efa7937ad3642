"use client";

import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";

export interface UsageChartDay {
  day: string;
  consumed: number;
  purchased: number;
}

const dayLabel = (day: string) => new Date(`${day}T00:00:00Z`).toLocaleDateString("en-US", { month: "short", day: "numeric", timeZone: "UTC" });

/**
 * Consumed (the day's peak) vs purchased units per UTC day as a line chart (recharts, like the
 * report's claims chart). The caption says what matters in words, so the SVG is hidden from screen
 * readers.
 */
export function UsageChart({ days, summary }: { days: UsageChartDay[]; summary: string }) {
  return (
    <figure aria-labelledby="usage-chart-caption" className="px-5 py-4" data-testid="usage-chart">
      <figcaption id="usage-chart-caption" className="mb-2">
        <span className="font-semibold">Consumed vs purchased</span> <span className="text-ink-3">(UTC) — {summary}</span>
      </figcaption>
      {days.length === 0 ? (
        <p className="py-8 text-center text-ink-3">No history yet.</p>
      ) : (
        <div className="h-48 w-full" aria-hidden="true">
          <ResponsiveContainer width="100%" height="100%" initialDimension={{ width: 600, height: 192 }}>
            <LineChart data={days} margin={{ top: 4, right: 8, bottom: 0, left: -16 }} accessibilityLayer={false}>
              <CartesianGrid strokeDasharray="3 3" vertical={false} stroke="#e0e0e0" />
              <XAxis dataKey="day" tickFormatter={dayLabel} tick={{ fontSize: 11, fill: "#616161" }} minTickGap={24} />
              <YAxis allowDecimals={false} tick={{ fontSize: 11, fill: "#616161" }} width={48} />
              <Tooltip labelFormatter={(label) => dayLabel(String(label))} />
              <Legend wrapperStyle={{ fontSize: 12 }} />
              <Line type="stepAfter" dataKey="purchased" name="Purchased" stroke="#616161" strokeDasharray="4 3" dot={false} isAnimationActive={false} />
              <Line type="stepAfter" dataKey="consumed" name="Consumed" stroke="#0f6cbd" strokeWidth={2} dot={false} isAnimationActive={false} />
            </LineChart>
          </ResponsiveContainer>
        </div>
      )}
    </figure>
  );
}
