import { redirect, type ActionFunctionArgs } from "@remix-run/node";

export async function loader() {
  // Signing out changes state, so it is a POST (with the Origin check); a GET just goes home.
  throw redirect("/");
}

export async function action({ context }: ActionFunctionArgs) {
  const cookie = context.sessionId
    ? await context.services.auth.signOut(context.sessionId)
    : context.services.auth.blankCookie();
  if (context.sessionId) context.services.hooks.sessionsEnded([context.sessionId]);
  throw redirect("/login", { headers: { "Set-Cookie": cookie } });
}
