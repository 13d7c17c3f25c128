// GET /api/conversations: the signed-in user's conversations as JSON (docs/realtime.md), for clients
// that keep their own list: ids, kinds, names, members, last seq and unread counts.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { isDomainError } from "../lib/forms.server";

export async function loader({ context, request }: LoaderFunctionArgs) {
  const user = context.user;
  if (!user) return Response.json({ error: { code: "unauthorized", message: "messaging.errors.signInRequired" } }, { status: 401 });
  const q = new URL(request.url).searchParams.get("q") ?? undefined;
  try {
    const conversations = await context.services.messaging.listConversations(user, { q });
    return Response.json(
      {
        conversations: conversations.map((c) => ({
          id: c.id,
          kind: c.kind,
          name: c.name,
          members: c.members.map((m) => ({ id: m.id, name: m.name, organizationId: m.organization.id })),
          lastSeq: c.lastSeq,
          lastReadSeq: c.lastReadSeq,
          unreadCount: c.unreadCount,
          lastMessage: c.lastMessage,
          capacityRequestId: c.deal?.capacityRequestId ?? null,
          proposalId: c.deal?.proposalId ?? null,
        })),
      },
      { headers: { "Cache-Control": "no-store" } },
    );
  } catch (error) {
    if (isDomainError(error)) {
      return Response.json({ error: { code: error.code, message: error.message } }, { status: error.status });
    }
    throw error;
  }
}
