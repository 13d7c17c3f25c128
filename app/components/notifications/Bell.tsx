// The bell in the shell header: a link to /notifications with the unread count. The count comes
// from the root loader (so it is right without JavaScript); with JavaScript the socket keeps it
// current as notifications arrive or are read in another tab.
import { useEffect, useState } from "react";
import { portalSocket } from "../../lib/socket.client";
import { useT } from "../../lib/i18n";
import { shellLinkProps } from "../../lib/shell-links";

/** `pathname`: the page shown (the bell is marked current on /notifications). */
export function NotificationBell({ unread, pathname }: { unread: number; pathname: string }) {
  const t = useT();
  const [count, setCount] = useState(unread);
  // A navigation re-runs the root loader: its figure is the fresh one.
  useEffect(() => setCount(unread), [unread]);
  useEffect(() => {
    let stop = () => {};
    let cancelled = false;
    const onCount = (payload: { unreadCount?: unknown }) => {
      if (typeof payload?.unreadCount === "number") setCount(payload.unreadCount);
    };
    void portalSocket().then((socket) => {
      if (cancelled) return;
      // After a reconnect (or a connect after this page was rendered) ask, in case something was missed.
      const sync = () => socket.emit("notifications:count", {}, (ack: { ok: boolean; data?: { unreadCount?: unknown } }) => ack.ok && ack.data && onCount(ack.data));
      for (const event of ["notification:new", "notification:read", "notifications:count"]) socket.on(event, onCount);
      socket.on("connect", sync);
      if (socket.connected) sync();
      stop = () => {
        for (const event of ["notification:new", "notification:read", "notifications:count"]) socket.off(event, onCount);
        socket.off("connect", sync);
      };
    });
    return () => {
      cancelled = true;
      stop();
    };
  }, []);
  return (
    // A plain link with NavLink's HTML; the shell's header handles its clicks (app/lib/shell-links.ts).
    <a aria-label={t("notifications.bell.unread", { count })} data-unread={count} {...shellLinkProps(pathname, "/notifications", { className: "bell" })}>
      <svg aria-hidden="true" viewBox="0 0 24 24" width="20" height="20" focusable="false">
        <path
          fill="currentColor"
          d="M12 22a2.5 2.5 0 0 0 2.45-2h-4.9A2.5 2.5 0 0 0 12 22Zm7-6V11a7 7 0 0 0-5.5-6.84V3a1.5 1.5 0 0 0-3 0v1.16A7 7 0 0 0 5 11v5l-2 2v1h18v-1Z"
        />
      </svg>
      {count > 0 ? <span className="bell-count">{count > 99 ? "99+" : count}</span> : null}
    </a>
  );
}
