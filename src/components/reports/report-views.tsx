import { FilterTabs } from "@/components/ui/query-controls";

const VIEWS = ["held", "released"] as const;
const LABELS = { held: "Held", released: "Released" } as const;

/** The report's two views, each its own page: the licences people hold, and those reclaim runs released. */
export function ReportViews({ policyId, current }: { policyId: string; current: (typeof VIEWS)[number] }) {
  const report = `/billing/licenses/auto-claim/${policyId}/report`;
  return <FilterTabs label="Show licenses" values={VIEWS} current={current} labels={LABELS} href={(v) => (v === "held" ? report : `${report}/released`)} />;
}
