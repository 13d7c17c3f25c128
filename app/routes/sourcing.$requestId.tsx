// One sourcing request: the details (or the confidential summary), the candidate ranking with its
// reasons and every proposal for the poster; the propose form and one's own proposal for others.
// The poster's admins shortlist, award, decline, close, cancel and grant access here.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useOrgName } from "../components/channels/ui";
import { ErrorPage } from "../components/ErrorPage";
import { FormError, SelectField, TextArea, TextField } from "../components/Field";
import { orRespond, runIntent } from "../components/members/actions.server";
import { titleMeta } from "../components/members/meta";
import {
  ProposalStatusBadge,
  ReasonList,
  ReputationLine,
  SourcingNav,
  SourcingNotice,
  SourcingStatusBadge,
  useFormatMoney,
  useMarketList,
  type ReasonData,
} from "../components/sourcing/ui";
import { requireActiveMember, requireUser } from "../lib/auth.server";
import { formValues } from "../lib/forms.server";
import { useFormatDate, useT } from "../lib/i18n";

export const meta = titleMeta("sourcing.title");

export async function loader({ context, request, params }: LoaderFunctionArgs) {
  const user = requireUser(context, request);
  if (!user.secretariat) requireActiveMember(context, request);
  const sourcing = context.services.sourcing;
  const page = await orRespond(sourcing.getRequest(user, { requestId: params.requestId }));
  const candidates = page.viewer.canSeeCandidates ? await orRespond(sourcing.candidates(user, { requestId: params.requestId })) : null;
  const grantable = page.viewer.canGrant ? await orRespond(sourcing.grantableOrganizations(user, { requestId: params.requestId })) : [];
  return { page, candidates, grantable };
}

export async function action({ context, request, params }: ActionFunctionArgs) {
  const user = requireActiveMember(context, request);
  const form = await request.formData();
  const requestId = params.requestId ?? "";
  const sourcing = context.services.sourcing;
  const input = { ...formValues(form), requestId };
  const done = (notice: string) => () => `/sourcing/${requestId}?notice=${notice}`;
  return runIntent(form, {
    publish: () => sourcing.publishRequest(user, input).then(done("published")),
    cancel: () => sourcing.cancelRequest(user, input).then(done("cancelled")),
    close: () => sourcing.closeRequest(user, input).then(done("closed")),
    grant: () => sourcing.grantAccess(user, input).then(done("granted")),
    propose: () => sourcing.submitProposal(user, input).then(done("proposed")),
    updateProposal: () => sourcing.updateProposal(user, input).then(done("proposalUpdated")),
    withdraw: () => sourcing.withdrawProposal(user, input).then(done("withdrawn")),
    shortlist: () => sourcing.shortlistProposal(user, input).then(done("shortlisted")),
    accept: () => sourcing.acceptProposal(user, input).then(done("accepted")),
    decline: () => sourcing.declineProposal(user, input).then(done("declined")),
  });
}

export default function SourcingRequestPage() {
  const { page, candidates, grantable } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const t = useT();
  const formatDate = useFormatDate();
  const money = useFormatMoney();
  const markets = useMarketList();
  const orgName = useOrgName();
  const { request, proposals, viewer, grants, posterReputation } = page;
  const values: Record<string, string | string[]> = result?.values ?? {};
  const errorsFor = (intent: string, id?: string): Record<string, string> =>
    result && values.intent === intent && (!id || values.proposalId === id) ? result.fieldErrors : {};
  const text = (k: string) => (typeof values[k] === "string" ? (values[k] as string) : "");
  const category = t(`sourcing.categories.${request.category}`);

  return (
    <div className="stack">
      <SourcingNav />
      <h1>
        {request.full ? request.title : t("sourcing.list.confidentialTitle", { category })} <SourcingStatusBadge status={request.status} />
      </h1>
      <SourcingNotice />
      {result && !result.ok && result.formError ? <FormError message={result.formError} /> : null}
      {!request.full ? <p className="alert alert-info">{t("sourcing.detail.confidentialSummary")}</p> : null}

      <dl className="card channel-facts">
        <dt>{t("sourcing.fields.direction")}</dt>
        <dd>{t(`sourcing.directions.${request.direction}`)}</dd>
        <dt>{t("sourcing.fields.category")}</dt>
        <dd>{category}</dd>
        <dt>{t("sourcing.detail.markets")}</dt>
        <dd>{markets(request.targetMarkets)}</dd>
        <dt>{request.full ? t("sourcing.detail.volume") : t("sourcing.detail.volumeBand")}</dt>
        <dd>{request.full ? request.annualVolume.toLocaleString() : t(`sourcing.volumeBands.${request.volumeBand}`)}</dd>
        <dt>{t("sourcing.detail.deadline")}</dt>
        <dd>{formatDate(request.responseDeadline)}</dd>
        {request.full ? (
          <>
            <dt>{t("sourcing.detail.poster")}</dt>
            <dd>
              <Link to={`/sourcing/profile?org=${request.poster.id}`}>{orgName(request.poster)}</Link>
              {posterReputation ? <ReputationLine label={t("sourcing.reputation.asPoster")} data={posterReputation} /> : null}
            </dd>
            <dt>{t("sourcing.detail.businessType")}</dt>
            <dd>{t(`sourcing.businessTypes.${request.businessType}`)}</dd>
            <dt>{t("sourcing.detail.segments")}</dt>
            <dd>{request.segments.length ? request.segments.map((s) => t(`channels.segments.${s}`)).join(t("members.listSeparator")) : t("sourcing.detail.none")}</dd>
            <dt>{t("sourcing.detail.certifications")}</dt>
            <dd>
              {request.requiredCertifications.length
                ? request.requiredCertifications.map((c) => t(`members.certTypes.${c}`)).join(t("members.listSeparator"))
                : t("sourcing.detail.none")}
            </dd>
            <dt>{t("sourcing.detail.sop")}</dt>
            <dd>{formatDate(request.startOfProduction)}</dd>
            <dt>{t("sourcing.detail.description")}</dt>
            <dd className="prewrap">{request.description}</dd>
          </>
        ) : null}
      </dl>

      {viewer.canEdit || viewer.canPublish || viewer.canClose || viewer.canCancel ? (
        <div className="row">
          {viewer.canEdit ? (
            <Link to={`/sourcing/${request.id}/edit`} className="button button-secondary">
              {t("sourcing.detail.edit")}
            </Link>
          ) : null}
          {viewer.canPublish ? (
            <Form method="post">
              <button type="submit" name="intent" value="publish" disabled={busy}>
                {t("sourcing.detail.publish")}
              </button>
            </Form>
          ) : null}
          {viewer.canClose ? (
            <Form method="post">
              <button type="submit" name="intent" value="close" className="button-secondary" disabled={busy}>
                {t("sourcing.detail.close")}
              </button>
            </Form>
          ) : null}
          {viewer.canCancel ? (
            <Form method="post">
              <button type="submit" name="intent" value="cancel" className="button-secondary" disabled={busy}>
                {t("sourcing.detail.cancel")}
              </button>
            </Form>
          ) : null}
        </div>
      ) : null}

      {viewer.isPoster && request.confidential ? (
        <section className="card stack" aria-labelledby="access-title">
          <h2 id="access-title">{t("sourcing.detail.access")}</h2>
          {grants.length ? (
            <p>
              {t("sourcing.detail.grantedTo")}: {grants.map((g) => orgName(g)).join(t("members.listSeparator"))}
            </p>
          ) : (
            <p className="muted">{t("sourcing.detail.noGrants")}</p>
          )}
          {viewer.canGrant && grantable.length ? (
            <Form method="post" className="row">
              <SelectField name="organizationId" label={t("sourcing.detail.grantTo")} error={errorsFor("grant").organizationId}
                options={grantable.map((o) => ({ value: o.id, label: orgName(o) }))} />
              <button type="submit" name="intent" value="grant" disabled={busy}>
                {t("sourcing.detail.grant")}
              </button>
            </Form>
          ) : null}
        </section>
      ) : null}

      {candidates ? (
        <section className="stack" aria-labelledby="candidates-title">
          <h2 id="candidates-title">{t(candidates.kind === "oems" ? "sourcing.candidates.oemTitle" : "sourcing.candidates.title")}</h2>
          <p className="muted">{t(candidates.kind === "oems" ? "sourcing.candidates.oemLead" : "sourcing.candidates.lead")}</p>
          {candidates.items.length === 0 ? (
            <p className="muted">{t(candidates.kind === "oems" ? "sourcing.candidates.oemNone" : "sourcing.candidates.none")}</p>
          ) : (
            <ol className="stack candidates">
              {candidates.items.map((c) => (
                <li key={c.organizationId} className="card" data-organization-id={c.organizationId}>
                  <strong>
                    {/* OEMs keep no capability profile: their directory page says who they are. */}
                    <Link to={candidates.kind === "oems" ? `/directory/${c.organizationId}` : `/sourcing/profile?org=${c.organizationId}`}>
                      {orgName({ nameEn: c.nameEn, nameZh: c.nameZh })}
                    </Link>
                  </strong> · <span className="badge">{t("sourcing.candidates.score", { score: c.score })}</span>
                  <ReasonList reasons={c.reasons as ReasonData[]} />
                </li>
              ))}
            </ol>
          )}
        </section>
      ) : null}

      {viewer.isPoster || proposals.length > 0 ? (
        <section className="stack" aria-labelledby="proposals-title">
          <h2 id="proposals-title">{viewer.isPoster ? t("sourcing.proposals.title") : t("sourcing.proposals.yours")}</h2>
          {proposals.length === 0 ? <p className="muted">{t("sourcing.proposals.none")}</p> : null}
          {proposals.map((p) => (
            <article key={p.id} className="card stack proposal" data-proposal-id={p.id}>
              <h3>
                {orgName(p.organization)} <ProposalStatusBadge status={p.status} />
              </h3>
              <p>
                {t("sourcing.proposals.price")}:{" "}
                {t("sourcing.proposals.priceRange", { min: money(p.priceMinMinor, p.currency), max: money(p.priceMaxMinor, p.currency) })} ·{" "}
                {t("sourcing.proposals.leadTime", { days: p.leadTimeDays })} · {t("sourcing.proposals.validUntil", { date: formatDate(p.validUntil) })}
                {p.expired ? ` (${t("sourcing.proposals.expired")})` : ""}
              </p>
              <p className="prewrap">{p.message}</p>
              {p.decisionReason ? (
                <p>
                  {t("sourcing.proposals.reason")}: {p.decisionReason}
                </p>
              ) : null}
              {p.dealRoomPath ? (
                <p>
                  <a href={p.dealRoomPath} className="button button-secondary">
                    {t("sourcing.proposals.dealRoom")}
                  </a>
                </p>
              ) : null}
              <div className="row">
                {p.viewer.canShortlist ? (
                  <Form method="post">
                    <input type="hidden" name="proposalId" value={p.id} />
                    <button type="submit" name="intent" value="shortlist" disabled={busy}>
                      {t("sourcing.proposals.shortlist")}
                    </button>
                  </Form>
                ) : null}
                {p.viewer.canAccept ? (
                  <Form method="post">
                    <input type="hidden" name="proposalId" value={p.id} />
                    <button type="submit" name="intent" value="accept" disabled={busy}>
                      {t("sourcing.proposals.accept")}
                    </button>
                  </Form>
                ) : null}
                {p.viewer.canWithdraw ? (
                  <Form method="post">
                    <input type="hidden" name="proposalId" value={p.id} />
                    <button type="submit" name="intent" value="withdraw" className="button-secondary" disabled={busy}>
                      {t("sourcing.proposals.withdraw")}
                    </button>
                  </Form>
                ) : null}
              </div>
              {p.viewer.canEdit ? <ProposalEditForm proposal={p} values={values.intent === "updateProposal" ? values : null} errors={errorsFor("updateProposal", p.id)} busy={busy} /> : null}
              {p.viewer.canDecline ? (
                <Form method="post" className="form stack" noValidate>
                  <input type="hidden" name="proposalId" value={p.id} />
                  <TextField name="reason" id={`reason-${p.id}`} label={t("sourcing.proposals.declineReason")} error={errorsFor("decline", p.id).reason} />
                  <button type="submit" name="intent" value="decline" className="button-secondary" disabled={busy}>
                    {t("sourcing.proposals.decline")}
                  </button>
                </Form>
              ) : null}
            </article>
          ))}
        </section>
      ) : null}

      {viewer.canPropose ? (
        <section className="card stack" aria-labelledby="propose-title">
          <h2 id="propose-title">{t("sourcing.propose.title")}</h2>
          <Form method="post" className="form stack" noValidate>
            <TextArea name="message" label={t("sourcing.propose.message")} defaultValue={text("message")} error={errorsFor("propose").message} />
            <p className="hint">{t("sourcing.propose.priceHint")}</p>
            <TextField name="priceMinMinor" inputMode="numeric" label={t("sourcing.propose.priceMin")} defaultValue={text("priceMinMinor")} error={errorsFor("propose").priceMinMinor} />
            <TextField name="priceMaxMinor" inputMode="numeric" label={t("sourcing.propose.priceMax")} defaultValue={text("priceMaxMinor")} error={errorsFor("propose").priceMaxMinor} />
            <TextField name="currency" label={t("sourcing.propose.currency")} defaultValue={text("currency") || "USD"} error={errorsFor("propose").currency} maxLength={3} />
            <TextField name="leadTimeDays" inputMode="numeric" label={t("sourcing.propose.leadTimeDays")} defaultValue={text("leadTimeDays")} error={errorsFor("propose").leadTimeDays} />
            <TextField name="validUntil" type="date" label={t("sourcing.propose.validUntil")} defaultValue={text("validUntil")} error={errorsFor("propose").validUntil} />
            <button type="submit" name="intent" value="propose" disabled={busy}>
              {t("sourcing.propose.submit")}
            </button>
          </Form>
        </section>
      ) : null}
    </div>
  );
}

/** The proposer's own, still undecided proposal, prefilled; after a failed submit, what was sent. */
function ProposalEditForm({
  proposal: p,
  values,
  errors,
  busy,
}: {
  proposal: { id: string; message: string; priceMinMinor: number; priceMaxMinor: number; currency: string; leadTimeDays: number; validUntil: Date };
  values: Record<string, string | string[]> | null;
  errors: Record<string, string>;
  busy: boolean;
}) {
  const t = useT();
  const text = (k: string, fallback: string) => (values ? (typeof values[k] === "string" ? (values[k] as string) : "") : fallback);
  const id = (name: string) => `edit-${name}-${p.id}`;
  return (
    <details className="stack" open={values !== null}>
      <summary>{t("sourcing.proposals.editTitle")}</summary>
      <Form method="post" className="form stack" noValidate>
        <input type="hidden" name="proposalId" value={p.id} />
        <TextArea name="message" id={id("message")} label={t("sourcing.propose.message")} defaultValue={text("message", p.message)} error={errors.message} />
        <p className="hint">{t("sourcing.propose.priceHint")}</p>
        <TextField name="priceMinMinor" id={id("priceMinMinor")} inputMode="numeric" label={t("sourcing.propose.priceMin")}
          defaultValue={text("priceMinMinor", String(p.priceMinMinor))} error={errors.priceMinMinor} />
        <TextField name="priceMaxMinor" id={id("priceMaxMinor")} inputMode="numeric" label={t("sourcing.propose.priceMax")}
          defaultValue={text("priceMaxMinor", String(p.priceMaxMinor))} error={errors.priceMaxMinor} />
        <TextField name="currency" id={id("currency")} label={t("sourcing.propose.currency")} defaultValue={text("currency", p.currency)} error={errors.currency} maxLength={3} />
        <TextField name="leadTimeDays" id={id("leadTimeDays")} inputMode="numeric" label={t("sourcing.propose.leadTimeDays")}
          defaultValue={text("leadTimeDays", String(p.leadTimeDays))} error={errors.leadTimeDays} />
        <TextField name="validUntil" id={id("validUntil")} type="date" label={t("sourcing.propose.validUntil")}
          defaultValue={text("validUntil", p.validUntil.toISOString().slice(0, 10))} error={errors.validUntil} />
        <button type="submit" name="intent" value="updateProposal" disabled={busy}>
          {t("sourcing.proposals.edit")}
        </button>
      </Form>
    </details>
  );
}

export { ErrorPage as ErrorBoundary };
