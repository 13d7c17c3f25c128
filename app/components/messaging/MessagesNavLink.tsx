// The shell's Messages link with a live unread badge, and the polite "new message from X in Y"
// toast for a conversation the user is not looking at. The first figure comes from the root loader
// (right without JavaScript); with JavaScript, `message:new` from someone else in another
// conversation adds one and shows the toast, and a `read` by this user (here or on another device)
// or a reconnect asks /api/unread for the exact figure.
import { Link, useLocation } from "@remix-run/react";
import { useEffect, useRef, useState } from "react";
import { getSocket } from "../../lib/socket.client";
import { useT } from "../../lib/i18n";
import { shellLinkProps } from "../../lib/shell-links";

interface Toast {
  key: string;
  conversationId: string;
  sender: string;
  conversation: string;
}

const TOAST_MS = 8_000;

/** The conversation open on this page, if any (/messages/<id>). */
function openConversationId(pathname: string): string | null {
  const match = /^\/messages\/([0-9a-f-]{36})\/?$/i.exec(pathname);
  return match ? match[1]!.toLowerCase() : null;
}

export function MessagesNavLink({ unread, userId, label }: { unread: number; userId: string; label: string }) {
  const t = useT();
  const [count, setCount] = useState(unread);
  const [toasts, setToasts] = useState<Toast[]>([]);
  const location = useLocation();
  const openRef = useRef<string | null>(null);
  openRef.current = openConversationId(location.pathname);
  useEffect(() => setCount(unread), [unread]);

  useEffect(() => {
    const socket = getSocket();
    let refreshing: ReturnType<typeof setTimeout> | undefined;
    const refresh = () => {
      clearTimeout(refreshing);
      refreshing = setTimeout(() => {
        void fetch("/api/unread", { headers: { Accept: "application/json" } })
          .then((res) => (res.ok ? (res.json() as Promise<{ unreadMessages?: unknown }>) : null))
          .then((body) => typeof body?.unreadMessages === "number" && setCount(body.unreadMessages))
          .catch(() => {});
      }, 250);
    };
    const onNew = ({ message }: { message: { id: string; conversationId: string; senderId: string } }) => {
      if (message.senderId === userId || message.conversationId === openRef.current) return;
      setCount((n) => n + 1);
      const query = new URLSearchParams({ conversationId: message.conversationId, senderId: message.senderId });
      void fetch(`/api/unread?${query}`, { headers: { Accept: "application/json" } })
        .then((res) => (res.ok ? (res.json() as Promise<{ conversation?: { name: string; senderName: string | null } | null }>) : null))
        .then((body) => {
          if (!body?.conversation) return;
          const toast = { key: message.id, conversationId: message.conversationId, sender: body.conversation.senderName ?? "", conversation: body.conversation.name };
          setToasts((current) => [...current.filter((x) => x.conversationId !== toast.conversationId), toast].slice(-3));
          setTimeout(() => setToasts((current) => current.filter((x) => x.key !== toast.key)), TOAST_MS);
        })
        .catch(() => {});
    };
    const onRead = (e: { userId: string }) => {
      if (e.userId === userId) refresh();
    };
    socket.on("message:new", onNew);
    socket.on("read", onRead);
    socket.on("connect", refresh);
    return () => {
      clearTimeout(refreshing);
      socket.off("message:new", onNew);
      socket.off("read", onRead);
      socket.off("connect", refresh);
    };
  }, [userId]);

  return (
    <>
      {/* A plain link with NavLink's HTML; the shell's header handles its clicks and prefetches it
          on intent (app/lib/shell-links.ts). */}
      <a aria-label={count > 0 ? t("messaging.shell.unread", { count }) : undefined} data-unread-messages={count} {...shellLinkProps(location.pathname, "/messages")}>
        {label}
        {count > 0 ? (
          <span className="nav-count" aria-hidden="true">
            {count > 99 ? "99+" : count}
          </span>
        ) : null}
      </a>
      <div className="toasts" aria-live="polite" role="status">
        {toasts.map((toast) => (
          <p key={toast.key} className="toast">
            <Link to={`/messages/${toast.conversationId}`}>{t("messaging.shell.newMessage", { sender: toast.sender, conversation: toast.conversation })}</Link>
            <button type="button" className="link-button" aria-label={t("messaging.shell.dismiss")} onClick={() => setToasts((c) => c.filter((x) => x.key !== toast.key))}>
              ×
            </button>
          </p>
        ))}
      </div>
    </>
  );
}
