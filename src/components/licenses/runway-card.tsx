import Link from "next/link";
import type { Runway } from "@/server/domain/licenses/alerts";
import { Card, DataTable, NumberCell } from "@/components/ui/table";

const number = new Intl.NumberFormat("en-US");

/** A product's runway as the card shows it: the page words the rate and the runway (rateLabel, runwayLabel). */
export type RunwayRow = Pick<Runway, "productId" | "displayName" | "unitsToBuy"> & { rate: string; runway: string };

/** The Runway card of Home and Products: per product, net claims a day, days until empty and units to buy. */
export function RunwayCard({ rows }: { rows: RunwayRow[] }) {
  return (
    <Card
      id="runway-heading"
      title="Runway"
      className="mt-6"
      description="Days until each pool is empty at the net claim rate of the last 28 days (claims − releases), and the units to buy for 30 more days of it."
    >
      <DataTable
        caption="Runway by product"
        testId="runway"
        columns={["Product", { label: "Net claims a day", numeric: true }, { label: "Runway", numeric: true }, { label: "Units to buy", numeric: true }]}
        empty={rows.length === 0 ? "No products yet." : undefined}
      >
        {rows.map((r) => (
          <tr key={r.productId} className="border-b border-line last:border-0" data-testid={`runway-${r.productId}`}>
            <th scope="row" className="px-5 py-3 font-normal">
              <Link href={`/billing/licenses/products/${r.productId}`} className="font-semibold text-brand hover:underline">
                {r.displayName}
              </Link>
            </th>
            <NumberCell>{r.rate}</NumberCell>
            <NumberCell testId="runway-days">{r.runway}</NumberCell>
            <NumberCell className="px-5 py-3" testId="units-to-buy">
              {r.unitsToBuy > 0 ? number.format(r.unitsToBuy) : "—"}
            </NumberCell>
          </tr>
        ))}
      </DataTable>
    </Card>
  );
}
