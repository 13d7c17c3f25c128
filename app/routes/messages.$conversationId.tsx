// One conversation. Without JavaScript: the history (with a link to earlier messages) and plain forms
// to send, reply (?replyTo=), edit (?edit=) and delete, and for groups to add, remove and leave.
// With JavaScript the page is live over Socket.IO (docs/realtime.md): new messages, edits and
// deletes, typing, read receipts and presence arrive as they happen, sending goes over the socket,
// and after a reconnect `sync` fetches whatever was missed. Non-members get 403 and learn nothing.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigate, useNavigation, useSearchParams } from "@remix-run/react";
import { useCallback, useEffect, useMemo, useRef, useState, type FormEvent } from "react";
import type { MessageView } from "../../server/domain/messaging";
import { useOrgName } from "../components/channels/ui";
import { ErrorPage } from "../components/ErrorPage";
import { FormError, SelectField } from "../components/Field";
import { orRespond, runIntent } from "../components/members/actions.server";
import { titleMeta } from "../components/members/meta";
import { MessageText } from "../components/messaging/MessageText";
import { requireActiveMember } from "../lib/auth.server";
import { formValues } from "../lib/forms.server";
import { useFormatDate, useT } from "../lib/i18n";
import { emitWithRetry, getSocket, retryDelayMs, syncGate } from "../lib/socket.client";

export const meta = titleMeta("messaging.title");

const EDIT_WINDOW_MS = 15 * 60_000;
const TYPING_SHOWN_MS = 5_000;
const TYPING_SENT_EVERY_MS = 3_000;

export async function loader({ context, request, params }: LoaderFunctionArgs) {
  const user = requireActiveMember(context, request);
  const url = new URL(request.url);
  const conversationId = params.conversationId ?? "";
  const messaging = context.services.messaging;
  const before = Number(url.searchParams.get("before"));
  const page = await orRespond(messaging.getConversation(user, { conversationId }));
  const history = await orRespond(
    messaging.history(user, { conversationId, ...(Number.isInteger(before) && before > 1 ? { beforeSeq: before } : {}) }),
  );
  const people = page.viewer.canManage ? await orRespond(messaging.directory(user)) : [];
  return {
    ...page,
    history,
    people,
    me: user.id,
    // A fresh id per page: a form submitted twice (a double click, a retry) stores one message.
    clientId: crypto.randomUUID(),
    replyToId: url.searchParams.get("replyTo"),
    editId: url.searchParams.get("edit"),
    paged: Number.isInteger(before) && before > 1,
  };
}

export async function action({ context, request, params }: ActionFunctionArgs) {
  const user = requireActiveMember(context, request);
  const conversationId = params.conversationId ?? "";
  const form = await request.formData();
  const values = { ...formValues(form, ["userIds"]), conversationId };
  const messaging = context.services.messaging;
  const here = () => `/messages/${conversationId}`;
  return runIntent(form, {
    send: () => messaging.sendMessage(user, values).then(here),
    edit: () => messaging.editMessage(user, values).then(here),
    delete: () => messaging.deleteMessage(user, values).then(here),
    add: () => messaging.addMembers(user, values).then(here),
    remove: () => messaging.removeMember(user, values).then(here),
    leave: () => messaging.leaveGroup(user, values).then(() => "/messages"),
  });
}

type LoaderData = ReturnType<typeof useLoaderData<typeof loader>>;
type Presence = "online" | "away" | "offline";
type Ack<T> = { ok: true; message?: MessageView; data?: T } | { ok: false; error: { code: string; message: string } };
interface Synced {
  conversationId: string;
  lastSeq: number;
  messages: MessageView[];
  updates: MessageView[];
  hasMore: boolean;
}

/** Merges messages by seq; `incoming` wins (it is newer: a live event, a sync, or a fresh load). */
function mergeMessages(current: MessageView[], incoming: MessageView[]): MessageView[] {
  if (incoming.length === 0) return current;
  const bySeq = new Map(current.map((m) => [m.seq, m]));
  for (const m of incoming) bySeq.set(m.seq, m);
  return [...bySeq.values()].sort((a, b) => a.seq - b.seq);
}

/** The highest seq up to which nothing is missing, starting from `from`. */
function contiguousFrom(from: number, messages: MessageView[]): number {
  const seqs = new Set(messages.map((m) => m.seq));
  let cursor = from;
  while (seqs.has(cursor + 1)) cursor++;
  return cursor;
}

/** The live side of the page: socket events in, messages and receipts out. */
function useLiveConversation(data: LoaderData) {
  const { conversation } = data;
  const conversationId = conversation.id;
  const [messages, setMessages] = useState<MessageView[]>(data.history.messages);
  const [connected, setConnected] = useState(false);
  const [readStates, setReadStates] = useState<Record<string, number>>(() => Object.fromEntries(data.readStates.map((r) => [r.userId, r.seq])));
  const [typing, setTyping] = useState<Record<string, { name: string; until: number }>>({});
  const [presence, setPresence] = useState<Record<string, Presence>>({});
  const cursor = useRef(data.history.lastSeq);
  const lastRead = useRef(readStates[data.me] ?? 0);

  // A fresh load (after a form post, or a navigation) brings the current state: take it.
  useEffect(() => {
    setMessages((current) => mergeMessages(current, data.history.messages));
    cursor.current = Math.max(cursor.current, data.history.lastSeq);
  }, [data.history]);

  const markRead = useCallback(() => {
    if (typeof document === "undefined" || document.visibilityState !== "visible") return;
    const seq = cursor.current;
    if (seq <= lastRead.current) return;
    lastRead.current = seq;
    getSocket().emit("read", { conversationId, seq }, () => {});
  }, [conversationId]);

  // Catch-up after each (re)connect and over a gap. When it has finished, the page's sends may be
  // retried (SyncGate); a failed sync is tried again after a jittered pause while connected.
  const sync = useCallback(
    (attempt = 0) => {
      const socket = getSocket();
      const again = () => {
        if (socket.connected) setTimeout(() => sync(attempt + 1), retryDelayMs(attempt));
      };
      socket.timeout(15_000).emit("sync", { cursors: { [conversationId]: cursor.current } }, (err: Error | null, ack?: Ack<{ conversations: Synced[] }>) => {
        if (err || !ack) return again();
        if (!ack.ok) {
          // Forbidden (no longer a member) will not change by retrying: nothing to wait for, so a
          // pending send retry goes ahead and gets its own answer.
          if (ack.error.code === "forbidden") syncGate().synced();
          else again();
          return;
        }
        if (!ack.data) return;
        const synced = ack.data.conversations[0];
        if (!synced) return;
        setMessages((current) => {
          const next = mergeMessages(current, [...synced.updates, ...synced.messages]);
          cursor.current = contiguousFrom(cursor.current, next);
          return next;
        });
        if (synced.hasMore) setTimeout(() => sync(0), 0);
        else {
          syncGate().synced();
          setTimeout(markRead, 0);
        }
      });
    },
    [conversationId, markRead],
  );

  useEffect(() => {
    const socket = getSocket();
    const onConnect = () => {
      setConnected(true);
      sync(0);
      socket.emit("presence:get", { conversationId }, (ack: Ack<{ presence: Record<string, Presence> }>) => {
        if (ack.ok && ack.data) setPresence(ack.data.presence);
      });
    };
    const onDisconnect = () => setConnected(false);
    const onNew = ({ message }: { message: MessageView }) => {
      if (message.conversationId !== conversationId) return;
      setMessages((current) => {
        const next = mergeMessages(current, [message]);
        const before = cursor.current;
        cursor.current = contiguousFrom(before, next);
        // Something in between has not arrived (another instance, a dropped packet): fetch it.
        if (message.seq > cursor.current) setTimeout(() => sync(0), 0);
        return next;
      });
      setTyping((current) => {
        if (!current[message.senderId]) return current;
        const { [message.senderId]: _gone, ...rest } = current;
        return rest;
      });
      setTimeout(markRead, 0);
    };
    const onUpdated = ({ message }: { message: MessageView }) => {
      if (message.conversationId !== conversationId) return;
      setMessages((current) => (current.some((m) => m.seq === message.seq) ? mergeMessages(current, [message]) : current));
    };
    const onRead = (e: { conversationId: string; userId: string; seq: number }) => {
      if (e.conversationId !== conversationId) return;
      setReadStates((current) => ({ ...current, [e.userId]: Math.max(current[e.userId] ?? 0, e.seq) }));
      if (e.userId === data.me) lastRead.current = Math.max(lastRead.current, e.seq);
    };
    const onTyping = (e: { conversationId: string; userId: string; name: string; typing: boolean }) => {
      if (e.conversationId !== conversationId || e.userId === data.me) return;
      setTyping((current) => {
        const { [e.userId]: _old, ...rest } = current;
        return e.typing ? { ...rest, [e.userId]: { name: e.name, until: Date.now() + TYPING_SHOWN_MS } } : rest;
      });
    };
    const onPresence = (e: { userId: string; status: Presence }) => setPresence((current) => ({ ...current, [e.userId]: e.status }));
    const onVisibility = () => {
      socket.emit("presence", { status: document.visibilityState === "visible" ? "online" : "away" }, () => {});
      markRead();
    };

    socket.on("connect", onConnect);
    socket.on("disconnect", onDisconnect);
    socket.on("message:new", onNew);
    socket.on("message:updated", onUpdated);
    socket.on("read", onRead);
    socket.on("typing", onTyping);
    socket.on("presence", onPresence);
    document.addEventListener("visibilitychange", onVisibility);
    if (socket.connected) onConnect();
    const expire = setInterval(() => {
      setTyping((current) => {
        const now = Date.now();
        const kept = Object.entries(current).filter(([, v]) => v.until > now);
        return kept.length === Object.keys(current).length ? current : Object.fromEntries(kept);
      });
    }, 1_000);
    return () => {
      socket.off("connect", onConnect);
      socket.off("disconnect", onDisconnect);
      socket.off("message:new", onNew);
      socket.off("message:updated", onUpdated);
      socket.off("read", onRead);
      socket.off("typing", onTyping);
      socket.off("presence", onPresence);
      document.removeEventListener("visibilitychange", onVisibility);
      clearInterval(expire);
    };
  }, [conversationId, data.me, sync, markRead]);

  return { messages, setMessages, connected, readStates, typing, presence, cursor };
}

export default function ConversationPage() {
  const data = useLoaderData<typeof loader>();
  // Another conversation is another page: start its live state afresh.
  return <ConversationView key={data.conversation.id} />;
}

function ConversationView() {
  const data = useLoaderData<typeof loader>();
  const { conversation, viewer, history, me } = data;
  const result = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const t = useT();
  const orgName = useOrgName();
  const formatDate = useFormatDate();
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const live = useLiveConversation(data);
  const [clientId, setClientId] = useState(data.clientId);
  const [sendError, setSendError] = useState<string | null>(null);
  const [sending, setSending] = useState(false);
  const [draft, setDraft] = useState("");
  const lastTypingSent = useRef(0);
  const listRef = useRef<HTMLOListElement>(null);

  const people = useMemo(() => {
    const map = new Map<string, { name: string; organization: { nameEn: string; nameZh: string } }>();
    for (const p of [...history.senders, ...conversation.members]) map.set(p.id, p);
    return map;
  }, [history.senders, conversation.members]);
  const nameOf = (id: string) => people.get(id)?.name ?? "—";
  const bySeqId = useMemo(() => new Map(live.messages.map((m) => [m.id, m])), [live.messages]);
  const replyTo = data.replyToId ? bySeqId.get(data.replyToId) : undefined;
  const editing = data.editId ? live.messages.find((m) => m.id === data.editId && m.senderId === me && !m.deletedAt) : undefined;
  const newest = live.messages.at(-1);
  const readers = newest
    ? Object.entries(live.readStates)
        .filter(([userId, seq]) => userId !== me && userId !== newest.senderId && seq >= newest.seq)
        .map(([userId]) => nameOf(userId))
    : [];
  const typingNames = Object.values(live.typing).map((v) => v.name);
  const title =
    conversation.kind === "DEAL" && conversation.deal
      ? `${conversation.name} · ${conversation.deal.organizations.map(orgName).join(" / ")}`
      : conversation.name;
  const values: Record<string, string | string[]> = result?.values ?? {};
  const errorsFor = (which: string): Record<string, string> => (result && values.intent === which ? result.fieldErrors : {});
  const linkWith = (key: string, value: string) => {
    const next = new URLSearchParams(params);
    next.delete("replyTo");
    next.delete("edit");
    next.set(key, value);
    return `?${next}`;
  };

  useEffect(() => {
    const list = listRef.current;
    if (list && !data.paged) list.scrollTop = list.scrollHeight;
  }, [live.messages.length, data.paged]);

  // A new page (after a form post) brings a new id for the next message.
  useEffect(() => setClientId(data.clientId), [data.clientId]);

  function onDraft(value: string) {
    setDraft(value);
    const now = Date.now();
    if (live.connected && value.trim() && now - lastTypingSent.current > TYPING_SENT_EVERY_MS) {
      lastTypingSent.current = now;
      getSocket().emit("typing", { conversationId: conversation.id, typing: true }, () => {});
    }
  }

  // With a connection, send over the socket; without one, the form posts as it would without JavaScript.
  // An unanswered or `unavailable` send is retried with the same clientId (emitWithRetry: jittered,
  // growing pauses, only once reconnected and caught up); the draft stays until it is acknowledged.
  function onSend(event: FormEvent<HTMLFormElement>) {
    const socket = getSocket();
    if (!socket.connected) return;
    event.preventDefault();
    if (sending) return;
    const body = draft;
    if (!body.trim()) {
      setSendError(t("errors.required"));
      return;
    }
    const payload = { conversationId: conversation.id, clientId, body, ...(replyTo ? { replyToId: replyTo.id } : {}) };
    setSending(true);
    void emitWithRetry<MessageView>(socket, syncGate(), "message:send", payload, {
      onRetry: (code) => setSendError(code === "unavailable" ? t("messaging.errors.unavailable") : t("messaging.errors.sending")),
    }).then((ack) => {
      setSending(false);
      if (!ack.ok) {
        setSendError(t("messaging.errors.sendFailed", { reason: t(ack.error.message) }));
        return;
      }
      const message = ack.message!;
      setSendError(null);
      setDraft("");
      setClientId(crypto.randomUUID());
      lastTypingSent.current = 0;
      socket.emit("typing", { conversationId: conversation.id, typing: false }, () => {});
      live.setMessages((current) => mergeMessages(current, [message]));
      // The reply was to the message in the address: done with it.
      if (params.has("replyTo")) navigate("?", { replace: true, preventScrollReset: true });
    });
  }

  const sendFieldError = errorsFor("send").body ?? errorsFor("send").replyToId;

  return (
    <div className="stack">
      <p className="row">
        <Link to="/messages">← {t("messaging.conversation.back")}</Link>
        {conversation.deal?.capacityRequestId ? (
          <Link to={`/channels/requests/${conversation.deal.capacityRequestId}`}>{t("messaging.conversation.dealRequest")}</Link>
        ) : null}
        {conversation.deal?.sourcingRequestId ? (
          <Link to={`/sourcing/${conversation.deal.sourcingRequestId}`}>{t("messaging.deal.viewSourcingRequest")}</Link>
        ) : null}
      </p>
      <h1>
        {title} <span className="badge">{t(`messaging.kinds.${conversation.kind}`)}</span>
      </h1>
      {conversation.deal?.capacityRequestId ? <p className="muted">{t("messaging.conversation.dealOf", { channel: conversation.deal.channelName })}</p> : null}
      {conversation.deal?.proposalId ? <p className="muted">{t("messaging.conversation.proposalDealOf", { title: conversation.deal.requestTitle })}</p> : null}
      {result && !result.ok && result.formError ? <FormError message={result.formError} /> : null}

      <div className="chat">
        <section className="stack">
          {history.hasOlder && live.messages[0] ? (
            <p>
              <Link to={`?before=${live.messages[0].seq}`}>{t("messaging.conversation.earlier")}</Link>
            </p>
          ) : null}
          {live.messages.length === 0 ? <p className="muted">{t("messaging.conversation.empty")}</p> : null}
          {data.paged ? (
            <p>
              <Link to="?">{t("messaging.conversation.latest")}</Link>
            </p>
          ) : null}
          <ol className="message-list" ref={listRef} aria-live="polite">
            {live.messages.map((m) => {
              const own = m.senderId === me;
              const original = m.replyToId ? bySeqId.get(m.replyToId) : undefined;
              const editable = own && !m.deletedAt && Date.now() - new Date(m.createdAt).getTime() < EDIT_WINDOW_MS;
              return (
                <li key={m.seq} className={`message${own ? " message-own" : ""}`} data-seq={m.seq} id={`m-${m.seq}`}>
                  <div className="message-meta">
                    <strong>{own ? t("messaging.list.you") : nameOf(m.senderId)}</strong>
                    <time dateTime={m.createdAt}>{formatDate(m.createdAt, { dateStyle: "medium", timeStyle: "short" })}</time>
                    {m.editedAt && !m.deletedAt ? <span>({t("messaging.conversation.edited")})</span> : null}
                    {!m.deletedAt ? (
                      <span className="message-actions">
                        <Link to={linkWith("replyTo", m.id)}>{t("messaging.conversation.reply")}</Link>
                        {editable ? <Link to={linkWith("edit", m.id)}>{t("messaging.conversation.edit")}</Link> : null}
                        {own ? (
                          <Form method="post">
                            <input type="hidden" name="intent" value="delete" />
                            <input type="hidden" name="messageId" value={m.id} />
                            <button type="submit" className="link-button">
                              {t("messaging.conversation.delete")}
                            </button>
                          </Form>
                        ) : null}
                      </span>
                    ) : null}
                  </div>
                  {m.replyToId ? (
                    <p className="message-quote">
                      {original
                        ? t("messaging.conversation.replyTo", {
                            name: nameOf(original.senderId),
                            excerpt: original.deletedAt ? t("messaging.conversation.deleted") : original.body.slice(0, 80),
                          })
                        : t("messaging.conversation.replyTo", { name: "", excerpt: t("messaging.conversation.originalGone") })}
                    </p>
                  ) : null}
                  {m.deletedAt ? (
                    <p className="message-body message-deleted">{t("messaging.conversation.deleted")}</p>
                  ) : editing?.id === m.id ? (
                    <Form method="post" className="stack">
                      <input type="hidden" name="intent" value="edit" />
                      <input type="hidden" name="messageId" value={m.id} />
                      <label htmlFor="edit-body" className="visually-hidden">
                        {t("messaging.conversation.editTitle")}
                      </label>
                      <textarea id="edit-body" name="body" rows={3} maxLength={4000} defaultValue={m.body} />
                      {errorsFor("edit").body ? <p className="field-error">{t(errorsFor("edit").body!)}</p> : null}
                      <p className="row">
                        <button type="submit" className="button-small" disabled={busy}>
                          {t("messaging.conversation.save")}
                        </button>
                        <Link to="?">{t("messaging.conversation.cancel")}</Link>
                      </p>
                    </Form>
                  ) : (
                    <p className="message-body">
                      <MessageText text={m.body} />
                    </p>
                  )}
                </li>
              );
            })}
          </ol>
          <p className="typing-line" aria-live="polite">
            {typingNames.length ? t("messaging.conversation.typing", { names: typingNames.join(", ") }) : readers.length ? t("messaging.conversation.readBy", { names: readers.join(", ") }) : ""}
          </p>

          {viewer.canWrite ? (
          <Form method="post" className="card stack composer" onSubmit={onSend} noValidate>
            <input type="hidden" name="intent" value="send" />
            <input type="hidden" name="clientId" value={clientId} />
            {replyTo ? (
              <>
                <input type="hidden" name="replyToId" value={replyTo.id} />
                <p className="message-quote">
                  {t("messaging.conversation.replyingTo", { name: nameOf(replyTo.senderId), excerpt: replyTo.body.slice(0, 80) })}{" "}
                  <Link to="?">{t("messaging.conversation.cancelReply")}</Link>
                </p>
              </>
            ) : null}
            <div className={`field${sendFieldError || sendError ? " field-invalid" : ""}`}>
              <label htmlFor="message-body">{t("messaging.conversation.messageLabel")}</label>
              <p className="hint" id="message-body-hint">
                {t("messaging.conversation.mentionHint")}
              </p>
              <textarea
                id="message-body"
                name="body"
                rows={3}
                maxLength={4000}
                aria-describedby="message-body-hint"
                value={draft}
                onChange={(e) => onDraft(e.target.value)}
                onKeyDown={(e) => {
                  if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) e.currentTarget.form?.requestSubmit();
                }}
              />
              {sendFieldError ? <p className="field-error">{t(sendFieldError)}</p> : null}
              {sendError ? (
                <p className="field-error" role="alert">
                  {sendError}
                </p>
              ) : null}
            </div>
            <p className="row row-between">
              <button type="submit" disabled={busy || sending}>
                {t("messaging.conversation.send")}
              </button>
              <span className="muted" data-live={live.connected ? "yes" : "no"}>
                {live.connected ? t("messaging.conversation.live") : null}
              </span>
            </p>
          </Form>
          ) : (
            <p className="card muted">{t("messaging.conversation.readOnly")}</p>
          )}
        </section>

        <aside className="card stack">
          <h2>{t("messaging.conversation.members")}</h2>
          <ul className="plain-list">
            {conversation.members.map((m) => {
              const status = live.presence[m.id] ?? "offline";
              return (
                <li key={m.id} data-member={m.id}>
                  <span className={`presence-dot presence-${status}`} aria-hidden="true" />
                  {m.name} <span className="muted">· {orgName(m.organization)}</span>{" "}
                  <span className="visually-hidden">({t(`messaging.conversation.presence.${status}`)})</span>
                  {(live.readStates[m.id] ?? 0) > 0 ? (
                    <span className="hint read-up-to" data-read-up-to={live.readStates[m.id]}>
                      {t("messaging.conversation.readUpTo", { seq: live.readStates[m.id]! })}
                    </span>
                  ) : null}
                  {viewer.canManage && m.id !== me ? (
                    <Form method="post" className="inline-form">
                      <input type="hidden" name="intent" value="remove" />
                      <input type="hidden" name="userId" value={m.id} />
                      <button type="submit" className="link-button">
                        {t("messaging.conversation.remove")}
                      </button>
                    </Form>
                  ) : null}
                </li>
              );
            })}
          </ul>
          {viewer.canManage ? (
            <Form method="post" className="stack">
              <input type="hidden" name="intent" value="add" />
              <SelectField
                name="userIds"
                id="add-members"
                label={t("messaging.conversation.addTitle")}
                multiple
                size={5}
                options={data.people.filter((p) => !conversation.members.some((m) => m.id === p.id)).map((p) => ({ value: p.id, label: `${p.name} · ${orgName(p.organization)}` }))}
                error={errorsFor("add").userIds}
              />
              <div>
                <button type="submit" className="button-secondary button-small" disabled={busy}>
                  {t("messaging.conversation.addSubmit")}
                </button>
              </div>
            </Form>
          ) : null}
          {viewer.canLeave ? (
            <Form method="post">
              <input type="hidden" name="intent" value="leave" />
              <button type="submit" className="button-danger button-small">
                {t("messaging.conversation.leave")}
              </button>
            </Form>
          ) : null}
        </aside>
      </div>
    </div>
  );
}

export { ErrorPage as ErrorBoundary };
