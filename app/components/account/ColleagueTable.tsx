// The organisation's colleagues, with a role change and a removal (confirmed in a second step that
// works without JavaScript) per row.
import { Form } from "@remix-run/react";
import { useFormatDate, useT } from "../../lib/i18n";

export interface ColleagueRow {
  id: string;
  name: string;
  email: string;
  role: "ORG_ADMIN" | "MEMBER";
  createdAt: string | Date;
  you: boolean;
}

export function ColleagueTable({ colleagues, busy }: { colleagues: ColleagueRow[]; busy: boolean }) {
  const t = useT();
  const formatDate = useFormatDate();
  const roles = ["MEMBER", "ORG_ADMIN"] as const;
  return (
    <div className="table-wrap">
      <table>
        <thead>
          <tr>
            <th scope="col">{t("account.colleagues.name")}</th>
            <th scope="col">{t("account.colleagues.email")}</th>
            <th scope="col">{t("account.colleagues.role")}</th>
            <th scope="col">{t("account.colleagues.joined")}</th>
            <th scope="col">{t("account.colleagues.actions")}</th>
          </tr>
        </thead>
        <tbody>
          {colleagues.map((c) => (
            <tr key={c.id}>
              <th scope="row">
                {c.name} {c.you ? <span className="badge">{t("account.colleagues.you")}</span> : null}
              </th>
              <td>{c.email}</td>
              <td>
                <Form method="post" className="row">
                  <input type="hidden" name="intent" value="changeRole" />
                  <input type="hidden" name="userId" value={c.id} />
                  <select name="role" defaultValue={c.role} aria-label={t("account.colleagues.roleFor", { name: c.name })} style={{ width: "auto" }}>
                    {roles.map((r) => (
                      <option key={r} value={r}>
                        {t(`common.roles.${r}`)}
                      </option>
                    ))}
                  </select>
                  <button type="submit" className="button button-secondary button-small" disabled={busy}>
                    {t("account.colleagues.changeRole")}
                  </button>
                </Form>
              </td>
              <td>{formatDate(c.createdAt)}</td>
              <td>
                <details>
                  <summary>{t("account.colleagues.remove")}</summary>
                  <p>{t("account.colleagues.removeConfirm", { name: c.name })}</p>
                  <Form method="post">
                    <input type="hidden" name="intent" value="remove" />
                    <input type="hidden" name="userId" value={c.id} />
                    <button type="submit" className="button button-danger button-small" disabled={busy}>
                      {t("account.colleagues.removeButton", { name: c.name })}
                    </button>
                  </Form>
                </details>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
