/** The inputs of the Groups page's member forms. */
import { z } from "zod";
import { pageNumber, searchText } from "@/lib/search-params";
import { text } from "@/lib/text";

/** Add a member: the group, and the person by user principal name (or id). */
export const addMemberSchema = z.object({
  groupId: z.guid({ error: "That group does not exist." }),
  user: text({ min: 1, max: 320, required: "Enter the user's user principal name.", tooLong: "A user principal name has at most 320 characters." }),
});
export const removeMemberSchema = z.object({
  groupId: z.guid({ error: "That group does not exist." }),
  userId: z.guid({ error: "That user is not a member." }),
});

/** The Groups page's search params for the open group's members: ?q= (name or UPN contains) and ?page= (clamped). */
export const groupsQuerySchema = z.object({ q: searchText(200), page: pageNumber });
