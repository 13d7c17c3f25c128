import { redirect, type ActionFunctionArgs } from "@remix-run/node";
import { LOCALES, type Locale } from "../i18n";
import { safeRedirect } from "../lib/auth.server";

export async function loader() {
  throw redirect("/");
}

/** Remembers the chosen language for a year and returns to the page the user was on. */
export async function action({ request, context }: ActionFunctionArgs) {
  const form = await request.formData();
  const requested = String(form.get("locale") ?? "");
  const locale: Locale = (LOCALES as string[]).includes(requested) ? (requested as Locale) : context.locale;
  const secure = context.services.config.production ? "; Secure" : "";
  throw redirect(safeRedirect(form.get("redirectTo")), {
    headers: { "Set-Cookie": `lang=${encodeURIComponent(locale)}; Path=/; Max-Age=31536000; SameSite=Lax${secure}` },
  });
}
