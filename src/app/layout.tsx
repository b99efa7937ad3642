import type { Metadata } from "next";
import { connection } from "next/server";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Auto-claim portal", template: "%s - Auto-claim portal" },
  description: "Auto-claim licenses for Power Apps and Power Automate: policies, pools and reports.",
};

export default async function RootLayout({ children }: { children: React.ReactNode }) {
  // Every page is rendered per request, never prerendered at build time: Next puts the nonce of
  // the request's Content-Security-Policy (src/proxy.ts) on its scripts only when it renders.
  await connection();
  return (
    <html lang="en">
      <body className="min-h-screen bg-canvas font-sans text-sm text-ink antialiased">{children}</body>
    </html>
  );
}
