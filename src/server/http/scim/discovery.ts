/**
 * The SCIM discovery resources (RFC 7644 §4): what this server supports (ServiceProviderConfig),
 * its two resource types and the attributes of their schemas — the ones it stores; others a client
 * sends are ignored.
 */
import { ENTERPRISE_SCHEMA, USER_SCHEMA } from "./users";
import { GROUP_SCHEMA } from "./groups";

export function serviceProviderConfig(base: string) {
  return {
    schemas: ["urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig"],
    documentationUri: `${base.replace(/\/scim\/v2$/, "")}/docs/scim`,
    patch: { supported: true },
    bulk: { supported: false, maxOperations: 0, maxPayloadSize: 0 },
    filter: { supported: true, maxResults: 100 },
    changePassword: { supported: false },
    sort: { supported: false },
    etag: { supported: false },
    authenticationSchemes: [
      { type: "oauthbearertoken", name: "API token", description: "An API token with the scope scim, sent as Authorization: Bearer <token>.", primary: true },
    ],
    meta: { resourceType: "ServiceProviderConfig", location: `${base}/ServiceProviderConfig` },
  };
}

export function resourceTypes(base: string) {
  return [
    {
      schemas: ["urn:ietf:params:scim:schemas:core:2.0:ResourceType"],
      id: "User",
      name: "User",
      endpoint: "/Users",
      schema: USER_SCHEMA,
      schemaExtensions: [{ schema: ENTERPRISE_SCHEMA, required: false }],
      meta: { resourceType: "ResourceType", location: `${base}/ResourceTypes/User` },
    },
    {
      schemas: ["urn:ietf:params:scim:schemas:core:2.0:ResourceType"],
      id: "Group",
      name: "Group",
      endpoint: "/Groups",
      schema: GROUP_SCHEMA,
      meta: { resourceType: "ResourceType", location: `${base}/ResourceTypes/Group` },
    },
  ];
}

type Attribute = {
  name: string;
  type: string;
  multiValued?: boolean;
  required?: boolean;
  caseExact?: boolean;
  uniqueness?: string;
  mutability?: string;
  subAttributes?: Attribute[];
};
const attr = (name: string, extra: Partial<Attribute> = {}): Attribute => ({
  name,
  type: "string",
  multiValued: false,
  required: false,
  caseExact: false,
  mutability: "readWrite",
  uniqueness: "none",
  ...extra,
});
const describe = (a: Attribute): Record<string, unknown> => ({
  returned: "default",
  ...a,
  ...(a.subAttributes ? { subAttributes: a.subAttributes.map(describe) } : {}),
});

export function schemas(base: string) {
  const of = (id: string, name: string, attributes: Attribute[]) => ({
    schemas: ["urn:ietf:params:scim:schemas:core:2.0:Schema"],
    id,
    name,
    attributes: attributes.map(describe),
    meta: { resourceType: "Schema", location: `${base}/Schemas/${id}` },
  });
  return [
    of(USER_SCHEMA, "User", [
      attr("userName", { required: true, uniqueness: "server" }),
      attr("externalId", { caseExact: true }),
      attr("active", { type: "boolean" }),
      attr("displayName"),
      attr("name", { type: "complex", subAttributes: [attr("formatted"), attr("familyName"), attr("givenName")] }),
      attr("title"),
      attr("emails", { type: "complex", multiValued: true, subAttributes: [attr("value"), attr("type"), attr("primary", { type: "boolean" })] }),
    ]),
    of(ENTERPRISE_SCHEMA, "EnterpriseUser", [
      attr("employeeNumber"),
      attr("costCenter"),
      attr("department"),
      attr("manager", { type: "complex", subAttributes: [attr("value")] }),
    ]),
    of(GROUP_SCHEMA, "Group", [
      attr("displayName", { required: true, uniqueness: "server" }),
      attr("externalId", { caseExact: true }),
      attr("members", {
        type: "complex",
        multiValued: true,
        subAttributes: [attr("value", { mutability: "immutable" }), attr("display", { mutability: "readOnly" })],
      }),
    ]),
  ];
}
