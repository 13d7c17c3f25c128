import {
  data,
  redirect,
  type ActionFunctionArgs,
  type HeadersFunction,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/node";
import { Form, Link, useActionData, useNavigation, useSearchParams } from "@remix-run/react";
import { z } from "zod";
import { TextField } from "../components/Field";
import { ErrorPage } from "../components/ErrorPage";
import { translate } from "../i18n";
import { safeRedirect } from "../lib/auth.server";
import { useT } from "../lib/i18n";

export const meta: MetaFunction = ({ matches }) => {
  const locale = (matches[0]?.data as { locale?: "en" | "zh-CN" } | undefined)?.locale ?? "en";
  return [{ title: `${translate(locale, "auth.login.title")} · ${translate(locale, "common.appName")}` }];
};

// Document responses take their headers from here: pass Retry-After from a throttled sign-in through.
export const headers: HeadersFunction = ({ actionHeaders }) => {
  const retryAfter = actionHeaders.get("Retry-After");
  return retryAfter ? { "Retry-After": retryAfter } : new Headers();
};

export async function loader({ context, request }: LoaderFunctionArgs) {
  if (context.user) {
    throw redirect(safeRedirect(new URL(request.url).searchParams.get("redirectTo")));
  }
  return null;
}

const LoginForm = z.object({
  email: z.string().trim().max(254).default(""),
  password: z.string().max(1024).default(""),
  redirectTo: z.string().max(2000).optional(),
});

export async function action({ context, request }: ActionFunctionArgs) {
  const form = await request.formData();
  const parsed = LoginForm.safeParse(Object.fromEntries(form));
  const email = parsed.success ? parsed.data.email : "";
  if (!parsed.success || !parsed.data.email || !parsed.data.password) {
    return data(
      { formError: "errors.invalidCredentials", seconds: 0, email },
      { status: 400 },
    );
  }
  const result = await context.services.auth.signIn(
    { email: parsed.data.email, password: parsed.data.password },
    { ip: context.clientIp, userAgent: context.userAgent },
  );
  if (!result.ok) {
    if (result.reason === "rate_limited") {
      return data(
        { formError: "errors.rateLimited", seconds: result.retryAfterSeconds, email },
        { status: 429, headers: { "Retry-After": String(result.retryAfterSeconds) } },
      );
    }
    return data({ formError: "errors.invalidCredentials", seconds: 0, email }, { status: 400 });
  }
  // The browser may have come with an older session: end it, so a new session replaces it.
  if (context.sessionId) await context.services.auth.signOut(context.sessionId);
  throw redirect(safeRedirect(parsed.data.redirectTo), { headers: { "Set-Cookie": result.cookie } });
}

export default function Login() {
  const t = useT();
  const actionData = useActionData<typeof action>();
  const [params] = useSearchParams();
  const navigation = useNavigation();
  return (
    <div className="narrow stack">
      <h1>{t("auth.login.title")}</h1>
      <p className="muted">{t("auth.login.lead")}</p>
      {actionData?.formError ? (
        <div className="alert alert-error" role="alert">
          {t(actionData.formError, { seconds: actionData.seconds })}
        </div>
      ) : null}
      <Form method="post" className="form card" noValidate>
        <input type="hidden" name="redirectTo" value={params.get("redirectTo") ?? "/"} />
        <TextField
          name="email"
          type="email"
          label={t("auth.login.email")}
          autoComplete="username"
          required
          defaultValue={actionData?.email ?? ""}
          autoFocus
        />
        <TextField
          name="password"
          type="password"
          label={t("auth.login.password")}
          autoComplete="current-password"
          required
        />
        <div>
          <button type="submit" disabled={navigation.state === "submitting"}>
            {t("auth.login.submit")}
          </button>
        </div>
      </Form>
      <p>
        {t("auth.login.noAccount")} <Link to="/apply">{t("auth.login.apply")}</Link>
      </p>
    </div>
  );
}

export { ErrorPage as ErrorBoundary };
