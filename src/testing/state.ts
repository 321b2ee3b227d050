/**
 * What the emulator holds, per customer tenant: its orders (with their line items and attachments), the
 * answers remembered per MS-RequestId, and nothing derived. Statuses are computed from the clock when a
 * resource is read (life-cycle.ts), so no timer is ever needed to move an order along.
 */

export interface StoredLine {
  lineItemNumber: number;
  offerId: string;
  quantity: number;
  /** Minted when the line is committed; shown once the line is provisioned. */
  subscriptionId: string;
  parentSubscriptionId?: string;
  /** Service time (ms) the line was bought. */
  addedAt: number;
  cancelledAt?: number;
  /** The other properties the buyer sent for the line (friendlyName, termDuration, ...), as sent. */
  details: Record<string, unknown>;
}

export interface StoredAttachment {
  attachmentId: string;
  fileName: string;
  attachmentType: "POAttachment" | "TenderAttachment";
  contentType: string;
  bytes: Uint8Array;
}

export interface StoredOrder {
  id: string;
  customerId: string;
  billingCycle: string;
  transactionType: string;
  /** Service time (ms) of the order's creation. */
  createdAt: number;
  currencyCode: string;
  currencySymbol: string;
  lines: StoredLine[];
  /** Orders of some products wait for the customer's purchase order before they provision. */
  needsPurchaseOrder: boolean;
  purchaseOrderUploadedAt?: number;
  attachments: StoredAttachment[];
  referenceCustomerId?: string;
  partnerOnRecordAttestationAccepted?: boolean | null;
}

/** A committed answer to a write, replayed to a request that carries the same MS-RequestId. */
export interface RememberedAnswer {
  status: number;
  body: unknown;
}

export class Tenant {
  readonly orders = new Map<string, StoredOrder>();
  readonly remembered = new Map<string, RememberedAnswer>();
}

export class EmulatorState {
  readonly #tenants = new Map<string, Tenant>();

  /** Tenants are keyed by their id in lower case; a tenant exists as soon as it is addressed. */
  tenant(customerId: string): Tenant {
    const key = customerId.toLowerCase();
    let tenant = this.#tenants.get(key);
    if (tenant === undefined) {
      tenant = new Tenant();
      this.#tenants.set(key, tenant);
    }
    return tenant;
  }

  has(customerId: string): boolean {
    return this.#tenants.has(customerId.toLowerCase());
  }
}
