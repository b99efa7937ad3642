"use client";

import { MessagePage } from "@/components/shell/message-page";

/** Anything unexpected while rendering a page: say so plainly, offer a retry, show the reference. */
export default function ErrorPage({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <MessagePage title="Something went wrong">
      <p>This page could not be shown. Try again; if it keeps happening, tell your administrator.</p>
      {error.digest && (
        <p className="text-xs text-ink-3">
          Reference: <code>{error.digest}</code>
        </p>
      )}
      <button type="button" onClick={reset} className="rounded bg-brand px-4 py-1.5 font-semibold text-white hover:bg-brand-hover">
        Try again
      </button>
    </MessagePage>
  );
}
