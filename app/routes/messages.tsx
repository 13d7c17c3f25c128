import type { LoaderFunctionArgs } from "@remix-run/node";
import { ComingLater } from "../components/ComingLater";
import { ErrorPage } from "../components/ErrorPage";
import { requireActiveMember } from "../lib/auth.server";

export async function loader({ context, request }: LoaderFunctionArgs) {
  requireActiveMember(context, request);
  return null;
}

export default function Page() {
  return <ComingLater section="messages" />;
}

export { ErrorPage as ErrorBoundary };
