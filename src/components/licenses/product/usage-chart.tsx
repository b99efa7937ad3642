"use client";

import { Legend, Line, LineChart } from "recharts";
import { DayChart } from "@/components/ui/day-chart";

export interface UsageChartDay {
  day: string;
  consumed: number;
  purchased: number;
}

/** Consumed (the day's peak) vs purchased units per UTC day as a line chart; the caption says what matters in words. */
export function UsageChart({ days, summary }: { days: UsageChartDay[]; summary: string }) {
  return (
    <DayChart chart={LineChart} id="usage-chart" title="Consumed vs purchased" summary={summary} empty="No history yet." days={days} className="px-5 py-4">
      <Legend wrapperStyle={{ fontSize: 12 }} />
      <Line type="stepAfter" dataKey="purchased" name="Purchased" stroke="#616161" strokeDasharray="4 3" dot={false} isAnimationActive={false} />
      <Line type="stepAfter" dataKey="consumed" name="Consumed" stroke="#0f6cbd" strokeWidth={2} dot={false} isAnimationActive={false} />
    </DayChart>
  );
}
