/**
 * Domain errors as Microsoft Graph reports them: its HTTP status, its error code, and — where
 * scripts are known to match on it — its message. One table, used by the Graph route wrapper
 * (./route.ts).
 */
import { DomainError } from "@/server/domain/errors";
import { NotMemberError, AlreadyMemberError } from "@/server/domain/groups/members";
import {
  LicenseInheritedError,
  LicenseNotHeldError,
  NoLicensesAvailableError,
  UnknownLicenseError,
  InvalidServicePlanError,
} from "@/server/domain/licenses/errors";
import { GraphQueryError } from "./odata";

export interface GraphErrorInfo {
  status: number;
  code: string;
  message: string;
}

const notFoundMessage = (reference: string) => `Resource '${reference}' does not exist or one of its queried reference-property objects are not present.`;

export function toGraphError(error: DomainError): GraphErrorInfo {
  if (error.httpStatus === 401) return { status: 401, code: "InvalidAuthenticationToken", message: error.message };
  // The database away (ADR 26): Graph's own code for a 503; the wrapper adds Retry-After.
  if (error.httpStatus === 503) return { status: 503, code: "serviceNotAvailable", message: error.message };
  if (error.httpStatus === 403)
    return { status: 403, code: "Authorization_RequestDenied", message: `Insufficient privileges to complete the operation. ${error.message}` };
  if (error instanceof NotMemberError) return { status: 404, code: "Request_ResourceNotFound", message: notFoundMessage(error.userId) };
  if (error.httpStatus === 404) return { status: 404, code: "Request_ResourceNotFound", message: error.message };
  if (error instanceof GraphQueryError) return { status: 400, code: error.code, message: error.message };
  const badRequest = (message: string) => ({ status: 400, code: "Request_BadRequest", message });
  if (error instanceof NoLicensesAvailableError) {
    return badRequest(`Subscription ${error.products.map((p) => p.skuId).join(", ")} does not have any available licenses.`);
  }
  if (error instanceof LicenseInheritedError)
    return badRequest("User license is inherited from a group membership and it cannot be removed directly from the user.");
  if (error instanceof LicenseNotHeldError) return badRequest("User does not have a corresponding license.");
  if (error instanceof UnknownLicenseError) return badRequest(`License ${error.reference} does not correspond to a valid company License.`);
  if (error instanceof InvalidServicePlanError)
    return badRequest(`Invalid value specified for property 'disabledPlans': ${error.servicePlanId} is not a service plan of license ${error.skuId}.`);
  if (error instanceof AlreadyMemberError)
    return badRequest("One or more added object references already exist for the following modified properties: 'members'.");
  // Graph answers a rule broken by a well-formed request with 400, not 409.
  return badRequest(error.message);
}
