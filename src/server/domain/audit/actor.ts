import type { Actor } from "./service";

/** The signed-in admin as an audit actor: their id, shown by their user principal name. */
export function actorOf(user: { id: string; upn: string }): Actor {
  return { id: user.id, label: user.upn };
}
