// /messages/deal/capacity-request/:requestId: the deal room of a capacity request, for the two
// organisations of the request. An existing room opens at once; the first visitor opens it with a
// button (a GET never creates anything). Others get 403, an unknown request 404.
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { ErrorPage } from "../components/ErrorPage";
import { orRespond } from "../components/members/actions.server";
import { titleMeta } from "../components/members/meta";
import { requireActiveMember } from "../lib/auth.server";
import { useT } from "../lib/i18n";

export const meta = titleMeta("messaging.deal.title");

export async function loader({ context, request, params }: LoaderFunctionArgs) {
  const user = requireActiveMember(context, request);
  const conversationId = await orRespond(context.services.messaging.findCapacityDeal(user, { requestId: params.requestId }));
  if (conversationId) throw redirect(`/messages/${conversationId}`);
  return { requestId: params.requestId ?? "" };
}

export async function action({ context, request, params }: ActionFunctionArgs) {
  const user = requireActiveMember(context, request);
  const opened = await orRespond(context.services.messaging.openCapacityDeal(user, { requestId: params.requestId }));
  throw redirect(`/messages/${opened.conversationId}`);
}

export default function OpenDealRoom() {
  const { requestId } = useLoaderData<typeof loader>();
  const t = useT();
  return (
    <div className="stack narrow">
      <h1>{t("messaging.deal.title")}</h1>
      <p>{t("messaging.deal.openLead")}</p>
      <Form method="post">
        <button type="submit">{t("messaging.deal.open")}</button>
      </Form>
      <p>
        <Link to={`/channels/requests/${requestId}`}>{t("messaging.conversation.dealRequest")}</Link>
      </p>
    </div>
  );
}

export { ErrorPage as ErrorBoundary };
