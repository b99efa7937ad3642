/** Which icon of public/products/ a product shows, from its SKU part number. */
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { productIcon } from "./product-cells";

describe("productIcon", () => {
  it.each([
    ["POWERAPPS_PER_USER", "/products/power-apps.svg"],
    ["POWERAPPS_PER_APP_NEW", "/products/power-apps.svg"],
    ["powerapps_viral", "/products/power-apps.svg"],
    ["POWERAUTOMATE_ATTENDED_RPA", "/products/power-automate.svg"],
    ["FLOW_FREE", "/products/power-automate.svg"],
    ["SPE_E3", "/products/microsoft-365.svg"],
    ["", "/products/microsoft-365.svg"],
  ])("%s → %s, a file public/ has", (sku, icon) => {
    expect(productIcon(sku)).toBe(icon);
    expect(fs.existsSync(path.join(import.meta.dirname, "../../../public", icon))).toBe(true);
  });
});
