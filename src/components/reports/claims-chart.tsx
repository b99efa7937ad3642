"use client";

import { Bar, BarChart } from "recharts";
import { DayChart } from "@/components/ui/day-chart";

export interface ChartDay {
  day: string;
  claims: number;
}

/**
 * Claims per day (UTC) as a bar chart, with a tooltip on hover. The figure's caption says what
 * matters in words (total, days, busiest day) and the table below has every row.
 */
export function ClaimsChart({ days, summary }: { days: ChartDay[]; summary: string }) {
  return (
    <DayChart
      chart={BarChart}
      id="claims-chart"
      title="Claims per day"
      summary={summary}
      empty="No claims in this range."
      days={days}
      className="rounded-md border border-line bg-white p-4 shadow-sm"
      tooltip={{ formatter: (value) => [value, "Claims"], cursor: { fill: "#ebf3fc" } }}
    >
      <Bar dataKey="claims" name="Claims" fill="#0f6cbd" isAnimationActive={false} />
    </DayChart>
  );
}
