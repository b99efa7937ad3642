import { NumberCell } from "@/components/ui/table";

const number = new Intl.NumberFormat("en-US");

/** A product's row header: its name, and its SKU part number under it. */
export function ProductNameCell({ displayName, skuPartNumber }: { displayName: string; skuPartNumber: string }) {
  return (
    <th scope="row" className="px-5 py-3 font-normal">
      <div className="font-semibold" data-testid="product-name">
        {displayName}
      </div>
      <div className="font-mono text-xs text-ink-3">{skuPartNumber}</div>
    </th>
  );
}

/** A product's purchased, consumed and available units, one cell each. */
export function UnitCells({ purchased, consumed, available }: { purchased: number; consumed: number; available: number }) {
  return (
    <>
      <NumberCell testId="purchased">{number.format(purchased)}</NumberCell>
      <NumberCell testId="consumed">{number.format(consumed)}</NumberCell>
      <NumberCell testId="available">{number.format(available)}</NumberCell>
    </>
  );
}
