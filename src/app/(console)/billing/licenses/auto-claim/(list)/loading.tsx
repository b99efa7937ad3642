import { LicensesTabs } from "@/components/shell/licenses-tabs";
import { PageHeader } from "@/components/shell/page-header";

/** While the policies load: the tab's frame and a placeholder table. */
export default function Loading() {
  return (
    <>
      <PageHeader title="Licenses" crumbs={[{ label: "Billing" }]} />
      <LicensesTabs current="auto-claim" />
      <section
        aria-busy="true"
        aria-labelledby="loading-policies"
        className="rounded-md border border-line bg-white p-5 shadow-sm"
        data-testid="policies-loading"
      >
        <p id="loading-policies" role="status" className="text-ink-3">
          Loading auto-claim policies…
        </p>
        <div aria-hidden="true" className="mt-4 space-y-3">
          {[0, 1, 2].map((i) => (
            <div key={i} className="h-6 animate-pulse rounded bg-canvas" />
          ))}
        </div>
      </section>
    </>
  );
}
