// /messages: the signed-in member's conversations (last message, unread count), a search over
// conversation names and the message text they can see, and forms to start a DIRECT conversation or
// create a GROUP. Works without JavaScript; the list is fresh on each visit.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useRevalidator } from "@remix-run/react";
import { useEffect, useState } from "react";
import type { ConversationSummary, MessageView } from "../../server/domain/messaging";
import { useOrgName } from "../components/channels/ui";
import { ErrorPage } from "../components/ErrorPage";
import { FormError, SelectField, TextField } from "../components/Field";
import { orRespond, runIntent } from "../components/members/actions.server";
import { titleMeta } from "../components/members/meta";
import { requireActiveMember } from "../lib/auth.server";
import { formValues } from "../lib/forms.server";
import { useFormatDate, useT } from "../lib/i18n";
import { getSocket } from "../lib/socket.client";

export const meta = titleMeta("messaging.title");

export async function loader({ context, request }: LoaderFunctionArgs) {
  const user = requireActiveMember(context, request);
  const q = new URL(request.url).searchParams.get("q")?.trim() ?? "";
  const messaging = context.services.messaging;
  const [conversations, people] = await Promise.all([
    orRespond(messaging.listConversations(user, { q: q || undefined })),
    orRespond(messaging.directory(user)),
  ]);
  return { conversations, people, q, me: user.id };
}

export async function action({ context, request }: ActionFunctionArgs) {
  const user = requireActiveMember(context, request);
  const form = await request.formData();
  const messaging = context.services.messaging;
  const open = ({ conversationId }: { conversationId: string }) => `/messages/${conversationId}`;
  return runIntent(form, {
    direct: () => messaging.startDirect(user, formValues(form)).then(open),
    group: () => messaging.createGroup(user, formValues(form, ["memberIds"])).then(open),
  });
}

type Summary = Omit<ConversationSummary, "lastMessage"> & { lastMessage: MessageView | null };

/**
 * With JavaScript the list follows the socket: a new message moves its conversation to the top and
 * raises its unread count; reading (here or on another device) lowers it; after a reconnect, or a
 * message in a conversation not on the list, the list is loaded again.
 */
function useLiveList(initial: Summary[], me: string) {
  const [list, setList] = useState(initial);
  const revalidator = useRevalidator();
  useEffect(() => setList(initial), [initial]);
  useEffect(() => {
    const socket = getSocket();
    // Whatever happened while the socket was not connected (first connect included), load afresh.
    const onConnect = () => revalidator.revalidate();
    const onNew = ({ message }: { message: MessageView }) => {
      setList((current) => {
        const found = current.find((c) => c.id === message.conversationId);
        if (!found) {
          setTimeout(() => revalidator.revalidate(), 0);
          return current;
        }
        if (message.seq <= found.lastSeq && found.lastMessage?.seq !== message.seq) return current;
        const lastReadSeq = message.senderId === me ? Math.max(found.lastReadSeq, message.seq) : found.lastReadSeq;
        const lastSeq = Math.max(found.lastSeq, message.seq);
        const updated = { ...found, lastSeq, lastReadSeq, unreadCount: lastSeq - lastReadSeq, lastMessage: message, lastMessageAt: message.createdAt };
        return [updated, ...current.filter((c) => c.id !== found.id)];
      });
    };
    const onUpdated = ({ message }: { message: MessageView }) => {
      setList((current) => current.map((c) => (c.id === message.conversationId && c.lastMessage?.seq === message.seq ? { ...c, lastMessage: message } : c)));
    };
    const onRead = (e: { conversationId: string; userId: string; seq: number }) => {
      if (e.userId !== me) return;
      setList((current) =>
        current.map((c) => {
          if (c.id !== e.conversationId) return c;
          const lastReadSeq = Math.max(c.lastReadSeq, e.seq);
          return { ...c, lastReadSeq, unreadCount: Math.max(0, c.lastSeq - lastReadSeq) };
        }),
      );
    };
    socket.on("connect", onConnect);
    socket.on("message:new", onNew);
    socket.on("message:updated", onUpdated);
    socket.on("read", onRead);
    return () => {
      socket.off("connect", onConnect);
      socket.off("message:new", onNew);
      socket.off("message:updated", onUpdated);
      socket.off("read", onRead);
    };
    // The revalidator object changes identity on every render; its revalidate function is what we need.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [me]);
  return list;
}

export default function MessagesIndex() {
  const data = useLoaderData<typeof loader>();
  const { people, q, me } = data;
  const conversations = useLiveList(data.conversations, me);
  const result = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const t = useT();
  const orgName = useOrgName();
  const formatDate = useFormatDate();
  const values: Record<string, string | string[]> = result?.values ?? {};
  const errorsFor = (which: string): Record<string, string> => (result && values.intent === which ? result.fieldErrors : {});
  const personOptions = people.map((p) => ({ value: p.id, label: `${p.name} · ${orgName(p.organization)}` }));
  const chosen = new Set(Array.isArray(values.memberIds) ? values.memberIds : values.memberIds ? [values.memberIds] : []);

  return (
    <div className="stack">
      <h1>{t("messaging.title")}</h1>
      <p className="muted">{t("messaging.lead")}</p>
      {result && !result.ok && result.formError ? <FormError message={result.formError} /> : null}

      <Form method="get" className="row search-row" role="search">
        <label htmlFor="q" className="visually-hidden">
          {t("messaging.list.search")}
        </label>
        <input id="q" name="q" type="search" defaultValue={q} placeholder={t("messaging.list.search")} maxLength={100} />
        <button type="submit" className="button-secondary">
          {t("messaging.list.searchButton")}
        </button>
        {q ? <Link to="/messages">{t("messaging.list.clearSearch")}</Link> : null}
      </Form>

      <section className="stack" aria-labelledby="conversations-heading">
        <h2 id="conversations-heading">{t("messaging.list.heading")}</h2>
        {conversations.length === 0 ? (
          <p className="muted">{q ? t("messaging.list.noResults", { q }) : t("messaging.list.empty")}</p>
        ) : (
          <ul className="conversation-list">
            {conversations.map((c) => {
              const last = c.lastMessage;
              const sender = last ? (last.senderId === me ? t("messaging.list.you") : (c.members.find((m) => m.id === last.senderId)?.name ?? "")) : "";
              const name = c.kind === "DEAL" && c.deal ? `${c.name} · ${c.deal.organizations.map(orgName).join(" / ")}` : c.name;
              return (
                <li key={c.id} className="card" data-conversation={c.id}>
                  <Link to={`/messages/${c.id}`}>
                    <span>
                      <span className="conversation-name">{name}</span> <span className="badge">{t(`messaging.kinds.${c.kind}`)}</span>
                    </span>
                    <span>
                      {c.unreadCount > 0 ? (
                        <span className="badge unread-badge" data-unread={c.unreadCount}>
                          {t("messaging.list.unread", { count: c.unreadCount })}
                        </span>
                      ) : null}{" "}
                      {c.lastMessageAt ? <span className="muted">{formatDate(c.lastMessageAt, { dateStyle: "medium", timeStyle: "short" })}</span> : null}
                    </span>
                    <span className="conversation-last">
                      {last ? (last.deletedAt ? `${sender}: ${t("messaging.conversation.deleted")}` : `${sender}: ${last.body}`) : t("messaging.list.noMessages")}
                    </span>
                  </Link>
                </li>
              );
            })}
          </ul>
        )}
      </section>

      <div className="grid">
        <Form method="post" className="card stack" noValidate>
          <h2>{t("messaging.start.directTitle")}</h2>
          <input type="hidden" name="intent" value="direct" />
          <SelectField
            name="userId"
            id="direct-user"
            label={t("messaging.start.directPerson")}
            options={[{ value: "", label: t("messaging.start.choose") }, ...personOptions]}
            defaultValue={typeof values.userId === "string" ? values.userId : ""}
            error={errorsFor("direct").userId}
          />
          <div>
            <button type="submit" disabled={busy}>
              {t("messaging.start.directSubmit")}
            </button>
          </div>
        </Form>
        <Form method="post" className="card stack" noValidate>
          <h2>{t("messaging.start.groupTitle")}</h2>
          <input type="hidden" name="intent" value="group" />
          <TextField
            type="text"
            name="name"
            id="group-name"
            label={t("messaging.start.groupName")}
            maxLength={120}
            defaultValue={values.intent === "group" && typeof values.name === "string" ? values.name : ""}
            error={errorsFor("group").name}
          />
          <SelectField
            name="memberIds"
            id="group-members"
            label={t("messaging.start.groupMembers")}
            hint={t("messaging.start.groupMembersHint")}
            multiple
            size={8}
            options={personOptions}
            defaultValue={[...chosen]}
            error={errorsFor("group").memberIds}
          />
          <div>
            <button type="submit" disabled={busy}>
              {t("messaging.start.groupSubmit")}
            </button>
          </div>
        </Form>
      </div>
    </div>
  );
}

export { ErrorPage as ErrorBoundary };
