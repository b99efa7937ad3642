"use client";

/**
 * The API reference: Swagger UI (a kept renderer; its self-contained bundle ships with the app, so
 * nothing is fetched from elsewhere) reading the OpenAPI document the server generates from its zod
 * schemas. It runs in the browser only and is loaded when the page opens. "Try it out" sends requests
 * from this page to the API with the token pasted under Authorize, which is kept in memory only.
 */
import { useEffect, useRef, useState } from "react";
import "swagger-ui-dist/swagger-ui.css";

export function ApiReference({ url }: { url: string }) {
  const root = useRef<HTMLDivElement>(null);
  const [state, setState] = useState<"loading" | "ready" | "failed">("loading");
  useEffect(() => {
    let cancelled = false;
    import("swagger-ui-dist/swagger-ui-es-bundle.js")
      .then(({ default: SwaggerUIBundle }) => {
        if (cancelled || !root.current) return;
        SwaggerUIBundle({ domNode: root.current, url, docExpansion: "list", defaultModelsExpandDepth: 0, tryItOutEnabled: false, persistAuthorization: false });
        setState("ready");
      })
      .catch(() => !cancelled && setState("failed"));
    return () => {
      cancelled = true;
    };
  }, [url]);
  return (
    <div className="rounded-md border border-line bg-white py-2" data-testid="api-reference">
      {state === "loading" && <p className="px-5 py-4 text-ink-2">Loading the API reference…</p>}
      {state === "failed" && (
        <p role="alert" className="px-5 py-4 text-danger">
          The API reference could not be loaded. The OpenAPI document is still at {url}.
        </p>
      )}
      <div ref={root} />
    </div>
  );
}
