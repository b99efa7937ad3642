/**
 * Microsoft's published SKU and service-plan identifiers for the products the demo tenant owns
 * ("Product names and service plan identifiers for licensing", Microsoft Learn).
 */
import type { ProductInput } from "../../tests/factories";

export const M365_E3: ProductInput = {
  skuPartNumber: "SPE_E3",
  skuId: "05e9a617-0261-4cee-bb44-138d3ef5d965",
  displayName: "Microsoft 365 E3",
  standaloneFor: null,
  servicePlans: [
    { servicePlanId: "efb87545-963c-4e0d-99df-69c6916d9eb0", servicePlanName: "EXCHANGE_S_ENTERPRISE", displayName: "Exchange Online (Plan 2)" },
    { servicePlanId: "5dbe027f-2339-4123-9542-606e4d348a72", servicePlanName: "SHAREPOINTENTERPRISE", displayName: "SharePoint (Plan 2)" },
    { servicePlanId: "57ff2da0-773e-42df-b2af-ffb7a2317929", servicePlanName: "TEAMS1", displayName: "Microsoft Teams" },
    { servicePlanId: "c68f8d98-5534-41c8-bf36-22fa496fa792", servicePlanName: "POWERAPPS_O365_P2", displayName: "Power Apps for Microsoft 365" },
    { servicePlanId: "76846ad7-7776-4c40-a281-a386362dd1b9", servicePlanName: "FLOW_O365_P2", displayName: "Power Automate for Microsoft 365" },
  ],
};

export const POWER_APPS_PREMIUM: ProductInput = {
  skuPartNumber: "POWERAPPS_PER_USER",
  skuId: "b30411f5-fea1-4a59-9ad9-3db7c7ead579",
  displayName: "Power Apps Premium",
  standaloneFor: "POWER_APPS",
  servicePlans: [
    { servicePlanId: "ea2cf03b-ac60-46ae-9c1d-eeaeb63cec86", servicePlanName: "POWERAPPS_PER_USER", displayName: "Power Apps per user" },
    { servicePlanId: "c9e5bf27-b91d-4f7f-8e74-8b8d6b95a2c4", servicePlanName: "DYN365_CDS_P2", displayName: "Dataverse" },
    { servicePlanId: "dc789ed8-0170-4b65-a415-eb77d5bb350a", servicePlanName: "Flow_PowerApps_PerUser", displayName: "Power Automate for Power Apps" },
    { servicePlanId: "113feb6c-3fe4-4440-bddc-54d774bf0318", servicePlanName: "EXCHANGE_S_FOUNDATION", displayName: "Exchange Foundation" },
  ],
};

export const POWER_APPS_PER_APP: ProductInput = {
  skuPartNumber: "POWERAPPS_PER_APP_NEW",
  skuId: "b4d7b828-e8dc-4518-91f9-e123ae48440d",
  displayName: "Power Apps per app",
  standaloneFor: "POWER_APPS",
  servicePlans: [
    { servicePlanId: "14f8dac2-0784-4daa-9cb2-6d670b088d64", servicePlanName: "POWERAPPS_PER_APP_NEW", displayName: "Power Apps per app" },
    { servicePlanId: "c2da6658-f89d-49f2-9508-40431dee115b", servicePlanName: "CDSAICAPACITY_PERAPP", displayName: "AI Builder capacity per app" },
    { servicePlanId: "7f40a1ce-8ab6-4ee8-9c9a-1fb8c0e5f2c1", servicePlanName: "DATAVERSE_POWERAPPS_PER_APP_NEW", displayName: "Dataverse" },
  ],
};

export const POWER_AUTOMATE_PREMIUM: ProductInput = {
  skuPartNumber: "POWERAUTOMATE_ATTENDED_RPA",
  skuId: "eda1941c-3c4f-4995-b5eb-e85a42175ab9",
  displayName: "Power Automate Premium",
  standaloneFor: "POWER_AUTOMATE",
  servicePlans: [
    { servicePlanId: "375cd0ad-c407-49fd-866a-0bff4f8a9a4d", servicePlanName: "POWER_AUTOMATE_ATTENDED_RPA", displayName: "Power Automate RPA attended" },
    { servicePlanId: "fb613c67-1424-4c61-9a6a-b3b5f1c37e2a", servicePlanName: "FLOW_PER_USER", displayName: "Power Automate per user" },
    { servicePlanId: "1d4e9cb1-708d-449c-9f71-943aa8ed1d6a", servicePlanName: "DATAVERSE_FOR_POWERAUTOMATE_DESKTOP", displayName: "Dataverse" },
  ],
};
