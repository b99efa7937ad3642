// What our sessions carry (see options.ts).
import type { Role } from "@/generated/prisma/enums";
import "next-auth";
import "next-auth/jwt";

declare module "next-auth" {
  interface User {
    tenantId?: string;
    role?: Role;
    upn?: string;
    /** Set by the OIDC profile callback when the identity matches no enabled user: a sign-in error code. */
    denied?: string;
  }
  interface Session {
    user: {
      id: string;
      tenantId: string;
      role: Role;
      upn: string;
      name: string;
      email: string;
    };
    /** The user's session version when the session was issued (sessions.ts). */
    sessionVersion?: number;
  }
}

declare module "next-auth/jwt" {
  interface JWT {
    userId: string;
    tenantId: string;
    role: Role;
    upn: string;
    displayName: string;
    /** The user's session version at issue; absent in a session issued before versions existed. */
    sessionVersion?: number;
  }
}
