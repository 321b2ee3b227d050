/**
 * The multipart body of an attachment upload: a `metadata` JSON part, purchase-order files under
 * `pofiles` and tender files under `tenderfiles`.
 */
import { checkBoolean, checkNonEmptyString, checkObject } from "./arguments.js";
import type { AttachmentMetadata } from "./models.js";

/** A file to upload: a Blob/File, or bytes with a name. */
export type AttachmentFileInput =
  | Blob
  | { fileName: string; content: Blob | ArrayBuffer | Uint8Array; contentType?: string };

export interface UploadAttachmentInput {
  metadata: AttachmentMetadata;
  /** The customer's purchase order: one file or more. */
  purchaseOrderFiles: AttachmentFileInput | AttachmentFileInput[];
  tenderFiles?: AttachmentFileInput | AttachmentFileInput[];
}

const DECIMAL = /^\d+(\.\d+)?$/;
const MAX_FILES = 20;

export function buildAttachmentForm(input: UploadAttachmentInput): FormData {
  const upload = checkObject(input, "attachment");
  const metadata = checkMetadata(upload.metadata);
  const purchaseOrders = toFiles(upload.purchaseOrderFiles, "attachment.purchaseOrderFiles", 1);
  const tenders =
    upload.tenderFiles === undefined ? [] : toFiles(upload.tenderFiles, "attachment.tenderFiles", 0);
  if (metadata.isPartOfTender === true && tenders.length === 0 && metadata.tenderLink === undefined) {
    throw new TypeError("attachment: a tender purchase needs metadata.tenderLink or tenderFiles.");
  }
  const form = new FormData();
  form.append(
    "metadata",
    new Blob([JSON.stringify(metadata)], { type: "application/json" }),
    "metadata.json",
  );
  for (const file of purchaseOrders) form.append("pofiles", file.blob, file.name);
  for (const file of tenders) form.append("tenderfiles", file.blob, file.name);
  return form;
}

function checkMetadata(value: unknown): AttachmentMetadata {
  const metadata = checkObject(value, "attachment.metadata");
  if (typeof metadata.customerPrice !== "string" || !DECIMAL.test(metadata.customerPrice)) {
    throw new TypeError(
      'attachment.metadata.customerPrice must be a decimal string such as "1250.00" (not a number: money loses precision).',
    );
  }
  if (typeof metadata.currency !== "string" || !/^[A-Za-z]{3}$/.test(metadata.currency)) {
    throw new TypeError('attachment.metadata.currency must be a three-letter ISO 4217 code such as "EUR".');
  }
  if (
    metadata.fxRate !== undefined &&
    (typeof metadata.fxRate !== "string" || !DECIMAL.test(metadata.fxRate))
  ) {
    throw new TypeError("attachment.metadata.fxRate must be a decimal string.");
  }
  checkBoolean(metadata.isPartOfTender, "attachment.metadata.isPartOfTender");
  if (metadata.tenderLink !== undefined)
    checkNonEmptyString(metadata.tenderLink, "attachment.metadata.tenderLink", 2048);
  return { ...(metadata as AttachmentMetadata) };
}

function toFiles(value: unknown, name: string, minimum: number): { blob: Blob; name: string }[] {
  const list = Array.isArray(value) ? value : [value];
  if (list.length < minimum) throw new RangeError(`${name} must hold at least ${minimum} file.`);
  if (list.length > MAX_FILES) throw new RangeError(`${name} holds more than ${MAX_FILES} files.`);
  return list.map((file: unknown, index) => {
    const where = `${name}[${index}]`;
    if (file instanceof Blob) {
      const fileName =
        "name" in file && typeof file.name === "string" && file.name !== "" ? file.name : `file-${index}`;
      return { blob: file, name: fileName };
    }
    const described = checkObject(file, where);
    const fileName = checkNonEmptyString(described.fileName, `${where}.fileName`);
    const content = described.content;
    if (!(content instanceof Blob || content instanceof ArrayBuffer || content instanceof Uint8Array)) {
      throw new TypeError(`${where}.content must be a Blob, an ArrayBuffer or a Uint8Array.`);
    }
    const type =
      typeof described.contentType === "string" ? described.contentType : "application/octet-stream";
    return {
      blob: content instanceof Blob ? content : new Blob([content as ArrayBuffer], { type }),
      name: fileName,
    };
  });
}
