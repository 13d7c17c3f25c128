// Password change: current password, new password twice.
import { Form } from "@remix-run/react";
import { FormError, TextField } from "../Field";
import { useT } from "../../lib/i18n";

export function PasswordForm({
  email,
  fieldErrors = {},
  formError,
  busy,
}: {
  /** For password managers: which account the new password belongs to. */
  email: string;
  fieldErrors?: Record<string, string>;
  formError?: string;
  busy: boolean;
}) {
  const t = useT();
  return (
    <section aria-labelledby="password-title" className="stack">
      <h2 id="password-title">{t("account.password.title")}</h2>
      <p className="muted">{t("account.password.lead")}</p>
      <FormError message={formError} />
      <Form method="post" className="form card" noValidate>
        <input type="hidden" name="intent" value="changePassword" />
        <input type="email" name="username" autoComplete="username" value={email} readOnly hidden />
        <TextField
          name="currentPassword"
          type="password"
          label={t("account.password.current")}
          autoComplete="current-password"
          required
          maxLength={1024}
          error={fieldErrors.currentPassword}
        />
        <TextField
          name="newPassword"
          type="password"
          label={t("account.password.new")}
          hint={t("account.password.newHint")}
          autoComplete="new-password"
          required
          minLength={10}
          maxLength={128}
          error={fieldErrors.newPassword}
        />
        <TextField
          name="confirmPassword"
          type="password"
          label={t("account.password.confirm")}
          autoComplete="new-password"
          required
          maxLength={128}
          error={fieldErrors.confirmPassword}
        />
        <div>
          <button type="submit" disabled={busy}>
            {t("account.password.submit")}
          </button>
        </div>
      </Form>
    </section>
  );
}
