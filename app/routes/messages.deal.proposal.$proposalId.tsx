// /messages/deal/proposal/:proposalId: the deal room of a proposal, for the poster's and the
// proposer's organisations, once the poster has shortlisted (or accepted) it. An existing room opens
// at once; the first visitor opens it with a button (a GET never creates anything). Before the
// shortlist the page says so (409); others get 403, an unknown proposal 404.
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
  const found = await orRespond(context.services.messaging.findProposalDeal(user, { proposalId: params.proposalId }));
  if (found.conversationId) throw redirect(`/messages/${found.conversationId}`);
  return Response.json({ requestId: found.requestId, canOpen: found.canOpen }, { status: found.canOpen ? 200 : 409 });
}

export async function action({ context, request, params }: ActionFunctionArgs) {
  const user = requireActiveMember(context, request);
  const opened = await orRespond(context.services.messaging.openProposalDeal(user, { proposalId: params.proposalId }));
  throw redirect(`/messages/${opened.conversationId}`);
}

export default function OpenProposalDealRoom() {
  const { requestId, canOpen } = useLoaderData<{ requestId: string; canOpen: boolean }>();
  const t = useT();
  return (
    <div className="stack narrow">
      <h1>{t("messaging.deal.title")}</h1>
      {canOpen ? (
        <>
          <p>{t("messaging.deal.proposalOpenLead")}</p>
          <Form method="post">
            <button type="submit">{t("messaging.deal.open")}</button>
          </Form>
        </>
      ) : (
        <p role="status">{t("messaging.deal.proposalNotYet")}</p>
      )}
      <p>
        <Link to={`/sourcing/${requestId}`}>{t("messaging.deal.viewSourcingRequest")}</Link>
      </p>
    </div>
  );
}

export { ErrorPage as ErrorBoundary };
