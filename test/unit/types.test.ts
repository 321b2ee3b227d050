// Type-level checks: `tsc --noEmit` (the lint step) fails if the public types drift; the runtime part
// only makes sure the file is a real test.
import { describe, expect, expectTypeOf, it } from "vitest";
import {
  type CreateOrderInput,
  KnownOrderStatus,
  type Order,
  type OrderCollection,
  type PagedAsyncIterableIterator,
  PartnerCenterClient,
  type UpdateOrderInput,
} from "../../src/index.js";

describe("public types", () => {
  it("keep server-owned fields out of request types", () => {
    // @ts-expect-error status is assigned by the service
    const withStatus: CreateOrderInput = { lineItems: [{ offerId: "A" }], status: "pending" };
    // @ts-expect-error add-ons are bought with purchaseAddOn, not create
    const withParent: CreateOrderInput = { lineItems: [{ offerId: "A", parentSubscriptionId: "p" }] };
    // @ts-expect-error only "cancelled" can be set
    const otherStatus: UpdateOrderInput = { status: "completed" };
    const numberless: CreateOrderInput = { lineItems: [{ offerId: "A", quantity: 1 }] };
    expect([withStatus, withParent, otherStatus, numberless]).toHaveLength(4);
  });

  it("type what the methods return", () => {
    const client = new PartnerCenterClient({ credential: "token" });
    expectTypeOf(client.orders.get).returns.toEqualTypeOf<Promise<Order>>();
    expectTypeOf(client.orders.list).returns.toEqualTypeOf<PagedAsyncIterableIterator<Order>>();
    expectTypeOf<Order["id"]>().toEqualTypeOf<string>();
    expectTypeOf<OrderCollection["items"]>().toEqualTypeOf<Order[]>();
    expectTypeOf(KnownOrderStatus.PendingPoUpload).toEqualTypeOf<"pending_po_upload">();
    expect(KnownOrderStatus.PendingPoUpload).toBe("pending_po_upload");
  });
});
