/**
 * Reads an attachment upload (multipart/form-data) with the platform's own parser, into the parts the
 * spec names: `metadata` (JSON) and the `pofiles` / `tenderfiles` files.
 */

export interface UploadedFile {
  fileName: string;
  contentType: string;
  bytes: Uint8Array;
}

export interface UploadedForm {
  metadata: unknown;
  pofiles: UploadedFile[];
  tenderfiles: UploadedFile[];
  /** The form as the spec's schema sees it: files as strings of their bytes. */
  asDeclared: Record<string, unknown>;
}

export async function readMultipart(bytes: Uint8Array, contentType: string): Promise<UploadedForm | string> {
  let form: FormData;
  try {
    form = await new Response(bytes as BodyInit, { headers: { "content-type": contentType } }).formData();
  } catch {
    return "the body is not a readable multipart/form-data form";
  }
  // Part names in any casing (`pofiles`, `POFiles`), as the service reads them.
  const names = [...new Set(form.keys())];
  const files = async (name: string) => {
    const found: UploadedFile[] = [];
    const entries = names.filter((key) => key.toLowerCase() === name).flatMap((key) => form.getAll(key));
    for (const entry of entries) {
      if (typeof entry === "string") {
        found.push({ fileName: name, contentType: "text/plain", bytes: new TextEncoder().encode(entry) });
      } else {
        const blob = entry as File;
        found.push({
          fileName: blob.name || name,
          contentType: blob.type || "application/octet-stream",
          bytes: new Uint8Array(await blob.arrayBuffer()),
        });
      }
    }
    return found;
  };
  const metadataPart = form.get("metadata");
  let metadata: unknown;
  if (metadataPart !== null) {
    const text = typeof metadataPart === "string" ? metadataPart : await (metadataPart as Blob).text();
    try {
      metadata = JSON.parse(text);
    } catch {
      return "the metadata part is not JSON";
    }
  }
  const pofiles = await files("pofiles");
  const tenderfiles = await files("tenderfiles");
  // For the schema, each part under the name it was sent with; files as text of their bytes.
  const asDeclared: Record<string, unknown> = {};
  for (const name of names) {
    if (name === "metadata") asDeclared.metadata = metadata;
    else {
      const parts = await Promise.all(
        form
          .getAll(name)
          .map(async (part) =>
            typeof part === "string"
              ? part
              : Buffer.from(await (part as Blob).arrayBuffer()).toString("latin1"),
          ),
      );
      asDeclared[name] = parts;
    }
  }
  return { metadata, pofiles, tenderfiles, asDeclared };
}
