/** A file the browser downloads: its name in Content-Disposition, never cached, never sniffed. */

/** Content-Disposition for a download, with an ASCII fallback and the UTF-8 name (RFC 6266). */
export function attachment(fileName: string): string {
  const ascii = fileName.replace(/[^\x20-\x7e]/g, "_").replace(/["\\]/g, "_");
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}

/** The answer that downloads `body` (a string, or a stream already started) as `fileName`. */
export function download(body: BodyInit, { fileName, contentType }: { fileName: string; contentType: string }): Response {
  return new Response(body, {
    headers: {
      "Content-Type": contentType,
      "Content-Disposition": attachment(fileName),
      "Cache-Control": "no-store",
      "X-Content-Type-Options": "nosniff",
    },
  });
}
