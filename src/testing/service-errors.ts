/**
 * The service's refusals, as it words them: the Partner Center error body (`code`, `description`, `data`,
 * `source`) with codes and descriptions from the published error table, and the throttling body, which
 * has a shape of its own.
 */

export interface ServiceErrorBody {
  code: number;
  description: string;
  data: unknown[];
  source: string;
}

export interface Refusal {
  status: number;
  body: ServiceErrorBody;
}

const SOURCE = "PartnerFD";

function refusal(status: number, code: number, description: string, data: unknown[] = []): Refusal {
  return { status, body: { code, description, data, source: SOURCE } };
}

/** Each refusal the emulator gives, named by what went wrong. */
export const refusals = {
  tokenMissing: () => refusal(401, 800001, "Partner Token missing in request context"),
  tenantIdNotGuid: () => refusal(400, 2000, "Tenant Id must be a GUID."),
  noLineItems: () => refusal(400, 2000, "You must have at least one order line item."),
  parentSubscriptionOnCreate: () =>
    refusal(400, 2000, "ParentSubscriptionId is not supported for this request."),
  invalidOrderStatus: (value: unknown) =>
    refusal(400, 0, `The provided value '${String(value)}' is not a valid OrderStatus.`),
  lineItemNumbers: () =>
    refusal(400, 800071, "Line Item number should be from 0 to number of line items count"),
  invalidInput: (problems: string[]) => refusal(400, 800002, "Invalid request input", problems),
  orderNotFound: () => refusal(404, 20000, "Order ID not found"),
  provisioningNotFound: () => refusal(404, 800007, "Unable to retrieve provisioning information"),
  notFound: () => refusal(404, 1000, "Not found"),
  methodNotAllowed: () => refusal(405, 1000, "The method is not allowed for the requested URL."),
  orderInProgress: () =>
    refusal(
      409,
      800060,
      "Your order is in progress. Check your order history for recent orders in few minutes",
    ),
  cannotCancel: () => refusal(400, 800061, "Order can't be canceled"),
  cancellationWindowPassed: (days: number) =>
    refusal(
      400,
      900117,
      `You have passed your ${days}-day cancellation window. We are unable to cancel your purchase`,
    ),
  addOnNotRelated: () =>
    refusal(400, 800029, "The add-on isn't related to the specified parent subscription"),
  subscriptionsNotActive: () =>
    refusal(
      400,
      6000,
      "The billing cycle couldn't be changed because the order contains one or more subscriptions that aren't active",
    ),
  serviceUnavailable: () => refusal(503, 800003, "Unexpected service error"),
  emulatorFault: (problems: string[]) => ({
    status: 500,
    body: {
      code: 800003,
      description:
        "Emulator error: this answer does not match generated/openapi.json and was not sent. " +
        "The emulator, not your code, is wrong; see emulator.violations.",
      data: problems,
      source: "partner-center-orders-emulator",
    },
  }),
} satisfies Record<string, (...args: never[]) => Refusal>;

/** The 429 body the documentation shows (`statusCode`, `message`), not the usual error body. */
export function throttlingBody(retryAfterInSeconds: number): { statusCode: number; message: string } {
  return {
    statusCode: 429,
    message: `Rate limit is exceeded. Try again in ${retryAfterInSeconds} seconds.`,
  };
}
