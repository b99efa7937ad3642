import Link from "next/link";
import { DataTable, EmptyState, NumberCell, type Column } from "@/components/ui/table";

const number = new Intl.NumberFormat("en-US");

/** The icon of a product's family (public/products/), from its SKU part number: Power Apps, Power Automate, else the suite. */
export function productIcon(skuPartNumber: string): string {
  const sku = skuPartNumber.toUpperCase();
  if (sku.startsWith("POWERAPPS")) return "/products/power-apps.svg";
  if (sku.startsWith("POWERAUTOMATE") || sku.startsWith("FLOW")) return "/products/power-automate.svg";
  return "/products/microsoft-365.svg";
}

/** A product's row header: its icon and name (linked to the product's page when `href` is given), and its SKU part number under it. */
export function ProductNameCell({ displayName, skuPartNumber, href }: { displayName: string; skuPartNumber: string; href?: string }) {
  return (
    <th scope="row" className="px-5 py-3 font-normal">
      <div className="flex items-center gap-2 font-semibold" data-testid="product-name">
        {/* eslint-disable-next-line @next/next/no-img-element -- a 20-px static SVG: nothing for next/image to optimise */}
        <img src={productIcon(skuPartNumber)} alt="" width={20} height={20} className="size-5 shrink-0" />
        {href ? (
          <Link href={href} className="text-brand hover:underline">
            {displayName}
          </Link>
        ) : (
          displayName
        )}
      </div>
      <div className="pl-7 font-mono text-xs text-ink-3">{skuPartNumber}</div>
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

/** The products of the organization, one row each headed by its name — or, with none, a sentence saying so. */
export function ProductTable<P extends { id: string; displayName: string; skuPartNumber: string }>({
  products,
  caption,
  className,
  columns,
  cells,
  href,
}: {
  products: P[];
  caption: string;
  className: string;
  columns: Column[];
  cells: (product: P) => React.ReactNode;
  /** Where a product's name links to. */
  href?: (product: P) => string;
}) {
  if (products.length === 0) return <EmptyState>This organization has no products yet.</EmptyState>;
  return (
    <DataTable caption={caption} className={className} columns={columns}>
      {products.map((p) => (
        <tr key={p.id} data-testid={`product-${p.skuPartNumber}`} className="border-b border-line last:border-0">
          <ProductNameCell displayName={p.displayName} skuPartNumber={p.skuPartNumber} href={href?.(p)} />
          {cells(p)}
        </tr>
      ))}
    </DataTable>
  );
}
