import Link from "next/link";
import { MessagePage } from "@/components/shell/message-page";

export default function NotFound() {
  return (
    <MessagePage title="Page not found">
      <p>There is no page at this address. It may have moved, or the link may be wrong.</p>
      <p>
        <Link href="/" className="font-semibold text-brand hover:underline">
          Go to Home
        </Link>
      </p>
    </MessagePage>
  );
}
