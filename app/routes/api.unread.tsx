// GET /api/unread: the shell's live Messages badge asks for the exact figure after it hears a `read`
// (this user read somewhere) or reconnects. With `?conversationId=` it also names that conversation
// and, with `&senderId=`, the sender, for the "new message from X in Y" toast; a conversation the
// user is not in answers 403 like every other conversation route.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { isDomainError } from "../lib/forms.server";

export async function loader({ context, request }: LoaderFunctionArgs) {
  const user = context.user;
  if (!user) return Response.json({ error: { code: "unauthorized", message: "messaging.errors.signInRequired" } }, { status: 401 });
  const url = new URL(request.url);
  const conversationId = url.searchParams.get("conversationId");
  const senderId = url.searchParams.get("senderId");
  try {
    const unreadMessages = await context.services.messaging.unreadMessageCount(user);
    let conversation: { id: string; name: string; senderName: string | null } | null = null;
    if (conversationId) {
      const page = await context.services.messaging.getConversation(user, { conversationId });
      const c = page.conversation;
      const dealOrgs = c.deal?.organizations.map((o) => (context.locale === "zh-CN" ? o.nameZh : o.nameEn)).join(" / ");
      conversation = {
        id: c.id,
        name: dealOrgs ? `${c.name} · ${dealOrgs}` : c.name,
        senderName: c.members.find((m) => m.id === senderId)?.name ?? null,
      };
    }
    return Response.json({ unreadMessages, conversation }, { headers: { "Cache-Control": "no-store" } });
  } catch (error) {
    if (isDomainError(error)) {
      return Response.json({ error: { code: error.code, message: error.message } }, { status: error.status });
    }
    throw error;
  }
}
