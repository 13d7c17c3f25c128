// "Signed in on these devices": one row per session, this device marked, a sign-out per other one.
import { Form } from "@remix-run/react";
import { useFormatDate, useT } from "../../lib/i18n";

export interface SessionRow {
  handle: string;
  current: boolean;
  browser: string | null;
  os: string | null;
  ipAddress: string | null;
  createdAt: string | Date;
  lastSeenAt: string | Date;
}

/** Date and time with the zone named: times are shown in UTC, so the reader knows which clock. */
export const DATE_TIME: Intl.DateTimeFormatOptions = {
  year: "numeric",
  month: "short",
  day: "numeric",
  hour: "2-digit",
  minute: "2-digit",
  timeZoneName: "short",
};

export function SessionList({ sessions, busy }: { sessions: SessionRow[]; busy: boolean }) {
  const t = useT();
  const formatDate = useFormatDate();
  const device = (s: SessionRow) =>
    t("account.sessions.device", {
      browser: s.browser ?? t("account.sessions.unknownBrowser"),
      os: s.os ?? t("account.sessions.unknownOs"),
    });
  const others = sessions.filter((s) => !s.current);
  return (
    <section aria-labelledby="sessions-title" className="stack">
      <h2 id="sessions-title">{t("account.sessions.title")}</h2>
      <p className="muted">{t("account.sessions.lead")}</p>
      <ul className="stack" style={{ listStyle: "none", padding: 0 }}>
        {sessions.map((s) => (
          <li key={s.handle} className="card">
            <div className="row row-between">
              <strong>
                {device(s)}{" "}
                {s.current ? <span className="badge badge-ok">{t("account.sessions.thisDevice")}</span> : null}
              </strong>
              {s.current ? null : (
                <Form method="post" className="inline-form">
                  <input type="hidden" name="intent" value="endSession" />
                  <input type="hidden" name="session" value={s.handle} />
                  <button
                    type="submit"
                    className="button button-secondary button-small"
                    disabled={busy}
                    aria-label={t("account.sessions.signOutLabel", {
                      device: device(s),
                      when: formatDate(s.lastSeenAt, DATE_TIME),
                    })}
                  >
                    {t("account.sessions.signOut")}
                  </button>
                </Form>
              )}
            </div>
            <dl className="session-facts">
              <div>
                <dt>{t("account.sessions.ipAddress")}</dt>
                <dd>{s.ipAddress ?? t("account.sessions.unknownIp")}</dd>
              </div>
              <div>
                <dt>{t("account.sessions.signedIn")}</dt>
                <dd>{formatDate(s.createdAt, DATE_TIME)}</dd>
              </div>
              <div>
                <dt>{t("account.sessions.lastActive")}</dt>
                <dd>{formatDate(s.lastSeenAt, DATE_TIME)}</dd>
              </div>
            </dl>
          </li>
        ))}
      </ul>
      {others.length > 0 ? (
        <Form method="post">
          <input type="hidden" name="intent" value="endOtherSessions" />
          <button type="submit" className="button button-danger" disabled={busy}>
            {t("account.sessions.signOutOthers")}
          </button>
        </Form>
      ) : (
        <p className="muted">{t("account.sessions.noOthers")}</p>
      )}
    </section>
  );
}
