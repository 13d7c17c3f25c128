// The user's notifications, newest first, with "mark as read" for one or all as plain forms (they
// work without JavaScript). With JavaScript, a new notification reloads the first page in place.
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useRevalidator } from "@remix-run/react";
import { useEffect } from "react";
import { ErrorPage } from "../components/ErrorPage";
import { FormError } from "../components/Field";
import { orRespond, withNotice } from "../components/members/actions.server";
import { titleMeta } from "../components/members/meta";
import { Notice } from "../components/members/Notice";
import { describeNotification } from "../components/notifications/describe";
import { requireUser } from "../lib/auth.server";
import { formError, formValues } from "../lib/forms.server";
import { useFormatDate, useLocale, useT } from "../lib/i18n";
import { portalSocket } from "../lib/socket.client";

export const meta = titleMeta("notifications.title");

export async function loader({ context, request }: LoaderFunctionArgs) {
  const user = requireUser(context, request);
  const params = new URL(request.url).searchParams;
  const unread = params.get("unread") === "1";
  const cursor = params.get("cursor") ?? undefined;
  const page = await orRespond(context.services.notifications.listNotifications(user, { cursor, unread }));
  return { ...page, unread, paged: Boolean(cursor) };
}

export async function action({ context, request }: ActionFunctionArgs) {
  const user = requireUser(context, request);
  const form = await request.formData();
  const notifications = context.services.notifications;
  try {
    switch (form.get("intent")) {
      case "read":
        await notifications.markRead(user, { id: formValues(form).id });
        throw redirect(withNotice(request, "read"));
      case "read-all":
        await notifications.markAllRead(user);
        throw redirect(withNotice(request, "allRead", ["cursor"]));
      default:
        throw new Response("Bad Request", { status: 400 });
    }
  } catch (error) {
    if (error instanceof Response) throw error;
    return formError(form, error);
  }
}

const NOTICES = { read: "notifications.notices.read", allRead: "notifications.notices.allRead" };

export default function Notifications() {
  const { items, nextCursor, unread, paged } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const t = useT();
  const locale = useLocale();
  const formatDate = useFormatDate();
  const revalidator = useRevalidator();

  // Live: a new notification shows up on the first page without a reload.
  useEffect(() => {
    if (paged) return;
    let stop = () => {};
    let cancelled = false;
    const reload = () => revalidator.revalidate();
    void portalSocket().then((socket) => {
      if (cancelled) return;
      socket.on("notification:new", reload);
      stop = () => socket.off("notification:new", reload);
    });
    return () => {
      cancelled = true;
      stop();
    };
    // The revalidator's identity changes on every render; the listener only needs the latest one.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [paged]);

  const filterLink = (toUnread: boolean) => (toUnread ? "/notifications?unread=1" : "/notifications");
  const nextLink = () => {
    const next = new URLSearchParams();
    if (unread) next.set("unread", "1");
    if (nextCursor) next.set("cursor", nextCursor);
    return `/notifications?${next}`;
  };

  return (
    <div className="stack">
      <div className="row row-between">
        <h1>{t("notifications.title")}</h1>
        <Form method="post" className="inline-form">
          <input type="hidden" name="intent" value="read-all" />
          <button type="submit" className="button button-secondary">
            {t("notifications.markAllRead")}
          </button>
        </Form>
      </div>
      <p className="muted">{t("notifications.lead")}</p>
      <Notice allowed={NOTICES} />
      {result && !result.ok ? <FormError message={result.formError ?? "errors.invalidInput"} /> : null}
      <nav aria-label={t("notifications.title")} className="row">
        <Link to={filterLink(false)} aria-current={!unread ? "page" : undefined}>
          {t("notifications.filters.all")}
        </Link>
        <Link to={filterLink(true)} aria-current={unread ? "page" : undefined}>
          {t("notifications.filters.unread")}
        </Link>
      </nav>
      {items.length === 0 ? (
        <p>{unread ? t("notifications.emptyUnread") : t("notifications.empty")}</p>
      ) : (
        <ul className="notification-list">
          {items.map((n) => {
            const { sentence, href, reason } = describeNotification(n, t, locale);
            return (
              <li key={n.id} className={n.readAt ? "read" : "unread"} data-kind={n.kind}>
                <div>
                  {n.readAt ? null : <span className="badge badge-warn">{t("notifications.unreadBadge")}</span>}{" "}
                  {href ? (
                    <Link to={href} id={`n-${n.id}`}>
                      {sentence}
                    </Link>
                  ) : (
                    <span id={`n-${n.id}`}>{sentence}</span>
                  )}
                  {reason ? <div className="muted">{reason}</div> : null}
                  <div className="when">
                    <time dateTime={n.createdAt}>{formatDate(n.createdAt, { dateStyle: "medium", timeStyle: "short" })}</time>
                  </div>
                </div>
                {n.readAt ? null : (
                  <Form method="post" className="inline-form">
                    <input type="hidden" name="intent" value="read" />
                    <input type="hidden" name="id" value={n.id} />
                    <button type="submit" className="link-button" aria-describedby={`n-${n.id}`}>
                      {t("notifications.markRead")}
                    </button>
                  </Form>
                )}
              </li>
            );
          })}
        </ul>
      )}
      <p className="row">
        {paged ? <Link to={filterLink(unread)}>{t("notifications.newest")}</Link> : null}
        {nextCursor ? <Link to={nextLink()}>{t("notifications.more")}</Link> : null}
      </p>
    </div>
  );
}

export { ErrorPage as ErrorBoundary };
