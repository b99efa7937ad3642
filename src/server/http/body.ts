/**
 * Request bodies of route handlers, read with a limit: at most `MAX_BODY_BYTES` (1 MB) are read
 * from the stream, whatever Content-Length says (it may be absent or wrong). A declared length over
 * the limit is refused before anything is read; a stream that runs over it is cancelled at once.
 * Both are a `BodyTooLargeError` (413), which the route wrappers answer in their own shape.
 */
import { DomainError } from "@/server/domain/errors";

export const MAX_BODY_BYTES = 1024 * 1024;

export class BodyTooLargeError extends DomainError {
  readonly limit: number;
  constructor(limit = MAX_BODY_BYTES) {
    super(`The request body is too large: send at most ${formatBytes(limit)}.`, { code: "PAYLOAD_TOO_LARGE", httpStatus: 413 });
    this.limit = limit;
  }
}

const formatBytes = (n: number) => (n % (1024 * 1024) === 0 ? `${n / (1024 * 1024)} MB` : `${n} bytes`);

/** The body's bytes, at most `limit` of them; BodyTooLargeError beyond. */
export async function readBodyBytes(request: Request, limit = MAX_BODY_BYTES): Promise<Uint8Array<ArrayBuffer>> {
  const declared = request.headers.get("content-length");
  if (declared !== null && /^\d+$/.test(declared.trim()) && Number(declared.trim()) > limit) throw new BodyTooLargeError(limit);
  if (!request.body) return new Uint8Array(0);
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => {});
      throw new BodyTooLargeError(limit);
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(size);
  let at = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, at);
    at += chunk.byteLength;
  }
  return bytes;
}

const UTF8 = new TextDecoder("utf-8", { fatal: true });

/**
 * The body as JSON: `{ ok: true, value }`, or `{ ok: false }` when it is not UTF-8 JSON (empty,
 * malformed, invalid UTF-8). Over the limit: BodyTooLargeError.
 */
export async function readJsonBody(request: Request, limit = MAX_BODY_BYTES): Promise<{ ok: true; value: unknown } | { ok: false }> {
  const bytes = await readBodyBytes(request, limit);
  try {
    return { ok: true, value: JSON.parse(UTF8.decode(bytes)) };
  } catch {
    return { ok: false };
  }
}

/** The body as form data (urlencoded or multipart), empty when it is not form data. Over the limit: BodyTooLargeError. */
export async function readFormBody(request: Request, limit = MAX_BODY_BYTES): Promise<FormData> {
  const bytes = await readBodyBytes(request, limit);
  const type = request.headers.get("content-type");
  if (!type || bytes.byteLength === 0) return new FormData();
  try {
    return await new Response(bytes, { headers: { "content-type": type } }).formData();
  } catch {
    return new FormData();
  }
}
