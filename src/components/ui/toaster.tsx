"use client";

import { Toaster as Sonner } from "sonner";

/** Where success toasts appear (bottom right, above everything); rendered once by the console layout. */
export function Toaster() {
  return (
    <Sonner
      position="bottom-right"
      closeButton
      duration={5000}
      toastOptions={{
        className: "!font-sans !text-sm",
        classNames: {
          success: "!border-[#9fd89f] !bg-success-subtle !text-ink",
          warning: "!border-[#f4bf75] !bg-warning-subtle !text-ink",
          error: "!border-[#eeacb2] !bg-danger-subtle !text-ink",
        },
      }}
    />
  );
}
