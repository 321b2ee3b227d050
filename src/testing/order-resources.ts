/** Resources under an order: provisioning status, activation links, attachments, and its subscriptions. */
import { isLineProvisioned } from "./life-cycle.js";
import type { UploadedForm } from "./multipart.js";
import { answer, type OperationHandler, orderIn, refused, type ServiceRequest } from "./operation.js";
import { refusals } from "./service-errors.js";
import type { StoredAttachment } from "./state.js";
import {
  activationLinksView,
  attachmentsView,
  collection,
  orderPath,
  provisioningView,
  subscriptionView,
  type ViewContext,
} from "./views.js";

function now(request: ServiceRequest, settings: ViewContext["settings"]): ViewContext {
  return { now: request.now, settings, includePrice: false };
}

export const getOrderProvisioningStatus: OperationHandler = {
  handle(request, context) {
    const order = orderIn(request);
    if (order === undefined) return refused(refusals.provisioningNotFound());
    return answer(200, provisioningView(order, now(request, context.settings)));
  },
};

export const listOrderActivationLinks: OperationHandler = {
  handle(request, context) {
    const order = orderIn(request);
    if (order === undefined) return refused(refusals.orderNotFound());
    const self = `${orderPath(order)}/activationlinks`;
    return answer(200, activationLinksView(order, order.lines, self, now(request, context.settings)));
  },
};

export const listOrderLineItemActivationLinks: OperationHandler = {
  handle(request, context) {
    const order = orderIn(request);
    if (order === undefined) return refused(refusals.orderNotFound());
    const line = order.lines.find((candidate) => candidate.lineItemNumber === request.path.lineItemNumber);
    if (line === undefined) return refused(refusals.lineItemNumbers());
    const self = `${orderPath(order)}/lineitems/${line.lineItemNumber}/activationlinks`;
    return answer(200, activationLinksView(order, [line], self, now(request, context.settings)));
  },
};

/**
 * Stores the purchase order (and tender files); an order waiting for its purchase order moves on to
 * `po_upload_complete` and provisions from then on.
 */
export const uploadOrderAttachment: OperationHandler = {
  handle(request, context) {
    const order = orderIn(request);
    if (order === undefined) return refused(refusals.orderNotFound());
    const form = request.body as UploadedForm;
    const stored = (files: UploadedForm["pofiles"], attachmentType: StoredAttachment["attachmentType"]) =>
      files.map((file) => ({
        attachmentId: context.ids.attachmentId(),
        fileName: file.fileName,
        attachmentType,
        contentType: file.contentType,
        bytes: file.bytes,
      }));
    order.attachments.push(
      ...stored(form.pofiles, "POAttachment"),
      ...stored(form.tenderfiles, "TenderAttachment"),
    );
    if (order.needsPurchaseOrder && order.purchaseOrderUploadedAt === undefined) {
      order.purchaseOrderUploadedAt = request.now;
    }
    return answer(201, attachmentsView(order));
  },
};

export const listOrderAttachments: OperationHandler = {
  handle(request) {
    const order = orderIn(request);
    if (order === undefined) return refused(refusals.orderNotFound());
    return answer(200, attachmentsView(order));
  },
};

export const downloadOrderAttachment: OperationHandler = {
  handle(request) {
    const order = orderIn(request);
    if (order === undefined) return refused(refusals.orderNotFound());
    const attachment = order.attachments.find(
      (candidate) => candidate.attachmentId === request.path.attachmentId,
    );
    if (attachment === undefined) return refused(refusals.notFound());
    return {
      status: 200,
      bytes: attachment.bytes,
      // The spec declares the download as application/octet-stream, whatever the file is.
      contentType: "application/octet-stream",
      headers: {
        "Content-Disposition": `attachment; filename*=UTF-8''${encodeURIComponent(attachment.fileName)}`,
      },
    };
  },
};

/** `GET /customers/{id}/subscriptions?order_id=`: the subscriptions the order's provisioned lines created. */
export const listOrderSubscriptions: OperationHandler = {
  handle(request, context) {
    const orderId = request.query.order_id;
    const order = typeof orderId === "string" ? request.tenant.orders.get(orderId) : undefined;
    const self = `/customers/${request.customerId}/subscriptions${typeof orderId === "string" ? `?order_id=${encodeURIComponent(orderId)}` : ""}`;
    if (order === undefined) return answer(200, collection([], "Collection", self));
    const view = now(request, context.settings);
    const items = order.lines
      .filter(
        (line) =>
          line.cancelledAt !== undefined || isLineProvisioned(order, line, request.now, context.settings),
      )
      .map((line) => subscriptionView(order, line, view));
    return answer(200, collection(items, "Collection", self));
  },
};
