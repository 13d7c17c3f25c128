// Inviting a colleague (email + role) and the list of open invitations with a revoke per row.
import { Form } from "@remix-run/react";
import { FormError, SelectField, TextField } from "../Field";
import { useFormatDate, useT } from "../../lib/i18n";
import { CopyLink } from "./CopyLink";
import { DATE_TIME } from "./SessionList";

export interface InvitationRow {
  id: string;
  email: string;
  role: "ORG_ADMIN" | "MEMBER";
  expiresAt: string | Date;
}

export function InviteForm({
  fieldErrors = {},
  formError,
  values = {},
  created,
  busy,
}: {
  fieldErrors?: Record<string, string>;
  formError?: string;
  values?: Record<string, string | string[]>;
  created?: { email: string; link: string };
  busy: boolean;
}) {
  const t = useT();
  const value = (key: string) => {
    const v = values[key];
    return typeof v === "string" ? v : "";
  };
  return (
    <section aria-labelledby="invite-title" className="stack">
      <h2 id="invite-title">{t("account.invitations.title")}</h2>
      <p className="muted">{t("account.invitations.lead")}</p>
      {created ? (
        <div className="alert alert-ok stack" role="status">
          <p>{t("account.invitations.created", { email: created.email })}</p>
          <CopyLink id="invitation-link" label={t("account.invitations.linkLabel")} hint={t("account.invitations.linkHint")} value={created.link} />
        </div>
      ) : null}
      <FormError message={formError} />
      {/* A new key after each invitation empties the form for the next one. */}
      <Form key={created?.link ?? "invite"} method="post" className="form card" noValidate>
        <input type="hidden" name="intent" value="invite" />
        <TextField
          name="email"
          type="email"
          label={t("account.invitations.email")}
          autoComplete="off"
          required
          maxLength={254}
          defaultValue={created ? "" : value("email")}
          error={fieldErrors.email}
        />
        <SelectField
          name="role"
          label={t("account.invitations.role")}
          defaultValue={value("role") || "MEMBER"}
          error={fieldErrors.role}
          options={[
            { value: "MEMBER", label: t("common.roles.MEMBER") },
            { value: "ORG_ADMIN", label: t("common.roles.ORG_ADMIN") },
          ]}
        />
        <div>
          <button type="submit" disabled={busy}>
            {t("account.invitations.submit")}
          </button>
        </div>
      </Form>
    </section>
  );
}

export function OpenInvitations({ invitations, busy }: { invitations: InvitationRow[]; busy: boolean }) {
  const t = useT();
  const formatDate = useFormatDate();
  return (
    <section aria-labelledby="open-invitations-title" className="stack">
      <h2 id="open-invitations-title">{t("account.invitations.openTitle")}</h2>
      {invitations.length === 0 ? (
        <p className="muted">{t("account.invitations.none")}</p>
      ) : (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">{t("account.colleagues.email")}</th>
                <th scope="col">{t("account.colleagues.role")}</th>
                <th scope="col">{t("account.invitations.expires")}</th>
                <th scope="col">{t("account.colleagues.actions")}</th>
              </tr>
            </thead>
            <tbody>
              {invitations.map((i) => (
                <tr key={i.id}>
                  <th scope="row">{i.email}</th>
                  <td>{t(`common.roles.${i.role}`)}</td>
                  <td>{formatDate(i.expiresAt, DATE_TIME)}</td>
                  <td>
                    <Form method="post" className="inline-form">
                      <input type="hidden" name="intent" value="revoke" />
                      <input type="hidden" name="invitationId" value={i.id} />
                      <button
                        type="submit"
                        className="button button-secondary button-small"
                        disabled={busy}
                        aria-label={t("account.invitations.revokeLabel", { email: i.email })}
                      >
                        {t("account.invitations.revoke")}
                      </button>
                    </Form>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
