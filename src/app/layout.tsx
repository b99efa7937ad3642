import type { Metadata } from "next";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Auto-claim portal", template: "%s - Auto-claim portal" },
  description: "Auto-claim licenses for Power Apps and Power Automate: policies, pools and reports.",
};

export default function RootLayout({ children }: { children: React.ReactNode }) {
  return (
    <html lang="en">
      <body className="min-h-screen bg-canvas font-sans text-sm text-ink antialiased">{children}</body>
    </html>
  );
}
