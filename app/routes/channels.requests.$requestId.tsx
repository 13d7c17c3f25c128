// One capacity request: visible to the owner organisation, the requesting organisation and the
// secretariat (others get 403 from the domain). The owner's admins decide or cancel here; the
// requester withdraws. The history lists every decision; the deal room opens with messaging.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { ChannelNotice, RequestStatusBadge, useOrgName, usePeriodLabel } from "../components/channels/ui";
import { ErrorPage } from "../components/ErrorPage";
import { FormError, TextField } from "../components/Field";
import { orRespond, runIntent } from "../components/members/actions.server";
import { titleMeta } from "../components/members/meta";
import { requireActiveMember, requireUser } from "../lib/auth.server";
import { formValues } from "../lib/forms.server";
import { useCountryName, useFormatDate, useT } from "../lib/i18n";

export const meta = titleMeta("channels.request.title");

export async function loader({ context, request, params }: LoaderFunctionArgs) {
  const user = requireUser(context, request);
  if (!user.secretariat) requireActiveMember(context, request);
  const page = await orRespond(context.services.channels.getRequest(user, { requestId: params.requestId }));
  return { page };
}

export async function action({ context, request, params }: ActionFunctionArgs) {
  const user = requireActiveMember(context, request);
  const form = await request.formData();
  const requestId = params.requestId ?? "";
  const channels = context.services.channels;
  const input = { ...formValues(form), requestId };
  // A released unit may go to the next on the waitlist: the page says how many were offered.
  const done = (notice: string, offered = 0) => `/channels/requests/${requestId}?notice=${notice}${offered > 0 ? `&offered=${offered}` : ""}`;
  return runIntent(form, {
    approve: async () => done((await channels.approveRequest(user, input)).status === "APPROVED" ? "approved" : "approvedWaitlisted"),
    decline: () => channels.declineRequest(user, input).then(() => done("declined")),
    cancel: async () => done("cancelled", (await channels.cancelRequest(user, input)).offered),
    withdraw: async () => done("withdrawn", (await channels.withdrawRequest(user, input)).offered),
  });
}

const HISTORY_KEYS: Record<string, string> = {
  "capacity_request.created": "channels.history.created",
  "capacity_request.approved": "channels.history.approved",
  "capacity_request.declined": "channels.history.declined",
  "capacity_request.waitlisted": "channels.history.waitlisted",
  "capacity_request.offered": "channels.history.offered",
  "capacity_request.withdrawn": "channels.history.withdrawn",
  "capacity_request.cancelled": "channels.history.cancelled",
};

export default function RequestDetail() {
  const { page } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const t = useT();
  const orgName = useOrgName();
  const country = useCountryName();
  const formatDate = useFormatDate();
  const periodLabel = usePeriodLabel();
  const { request, channel, period, history, viewer } = page;
  const values: Record<string, string | string[]> = result?.values ?? {};
  const errorsFor = (which: string): Record<string, string> => (result && values.intent === which ? result.fieldErrors : {});
  const unitShort = t(`channels.unitsShort.${channel.unit}`);
  const place = channel.originName ? `${channel.originName} → ${channel.destinationName ?? channel.city}` : channel.city;
  const mix = request.vehicleMix ? Object.entries(request.vehicleMix).filter(([, n]) => typeof n === "number" && n > 0) : [];
  const archivedDecline = request.status === "DECLINED" && !request.decisionReason && channel.status === "ARCHIVED";

  return (
    <div className="stack">
      <p className="row">
        <Link to={`/channels/${channel.id}`}>{channel.name}</Link>
        <Link to="/channels/mine">{t("channels.mineLink")}</Link>
      </p>
      <h1>
        {t("channels.request.title")}: {orgName(request.requestingOrganization)} <RequestStatusBadge status={request.status} />
      </h1>
      <ChannelNotice />
      {result && !result.ok && result.formError ? <FormError message={result.formError} /> : null}

      <dl className="card channel-facts">
        <dt>{t("channels.request.channel")}</dt>
        <dd>
          <Link to={`/channels/${channel.id}`}>{channel.name}</Link> · {t(`channels.kinds.${channel.kind}`)} · {place}, {country(channel.country)}
        </dd>
        <dt>{t("channels.request.owner")}</dt>
        <dd>{orgName(channel.owner)}</dd>
        <dt>{t("channels.request.requestedBy")}</dt>
        <dd>
          {request.requestedBy.name}, {orgName(request.requestingOrganization)}
        </dd>
        <dt>{t("channels.request.period")}</dt>
        <dd>
          {periodLabel(period.startsOn, channel.monthly)}{" "}
          <span className="muted">({t("channels.request.freeInPeriod", { free: period.free, capacity: period.capacity })})</span>
        </dd>
        <dt>{t("channels.request.requested")}</dt>
        <dd>
          {request.units} {t(`channels.units.${channel.unit}`)}
        </dd>
        {mix.length ? (
          <>
            <dt>{t("channels.request.vehicleMix")}</dt>
            <dd>{mix.map(([type, n]) => `${t(`channels.vehicleTypes.${type}`)}: ${n}`).join("; ")}</dd>
          </>
        ) : null}
        {request.approvedUnits !== null ? (
          <>
            <dt>{t("channels.request.approved")}</dt>
            <dd>
              {request.approvedUnits} {unitShort}
            </dd>
          </>
        ) : null}
        <dt>{t("channels.request.message")}</dt>
        <dd className="prewrap">{request.message || t("channels.request.noMessage")}</dd>
        {request.decisionReason || archivedDecline ? (
          <>
            <dt>{t("channels.request.decisionReason")}</dt>
            <dd className="prewrap">{request.decisionReason ?? t("channels.request.archivedReason")}</dd>
          </>
        ) : null}
      </dl>

      <p>
        <a href={request.dealRoomPath} className="button button-secondary">
          {t("channels.request.dealRoom")}
        </a>{" "}
        <span className="hint">{t("channels.request.dealRoomHint")}</span>
      </p>

      {viewer.canApprove ? (
        <Form method="post" className="form card stack" noValidate>
          <h2>{t("channels.request.approveTitle")}</h2>
          <input type="hidden" name="intent" value="approve" />
          <TextField type="text"
            name="approvedUnits"
            label={t("channels.fields.approvedUnits")}
            hint={t("channels.hints.approvedUnits")}
            inputMode="numeric"
            defaultValue={typeof values.approvedUnits === "string" ? values.approvedUnits : String(request.units)}
            error={errorsFor("approve").approvedUnits}
          />
          <TextField type="text" id="approve-reason" name="reason" label={t("channels.fields.reason")} maxLength={1000} error={errorsFor("approve").reason} />
          <div>
            <button type="submit" disabled={busy}>
              {t("channels.detail.approve")}
            </button>
          </div>
        </Form>
      ) : null}
      {viewer.canDecline ? (
        <Form method="post" className="form card stack" noValidate>
          <h2>{t("channels.request.declineTitle")}</h2>
          <input type="hidden" name="intent" value="decline" />
          <TextField type="text" id="decline-reason" name="reason" label={t("channels.fields.reason")} maxLength={1000} required error={errorsFor("decline").reason} />
          <div>
            <button type="submit" className="button-danger" disabled={busy}>
              {t("channels.detail.decline")}
            </button>
          </div>
        </Form>
      ) : null}
      {viewer.canCancel ? (
        <Form method="post" className="form card stack" noValidate>
          <h2>{t("channels.request.cancelTitle")}</h2>
          <p className="hint">{t("channels.request.cancelNote")}</p>
          <input type="hidden" name="intent" value="cancel" />
          <TextField type="text" id="cancel-reason" name="reason" label={t("channels.fields.reason")} maxLength={1000} required error={errorsFor("cancel").reason} />
          <div>
            <button type="submit" className="button-danger" disabled={busy}>
              {t("channels.request.cancel")}
            </button>
          </div>
        </Form>
      ) : null}
      {viewer.canWithdraw ? (
        <Form method="post" className="form card stack">
          <h2>{t("channels.request.withdrawTitle")}</h2>
          <p className="hint">{t("channels.request.withdrawNote")}</p>
          <input type="hidden" name="intent" value="withdraw" />
          <div>
            <button type="submit" className="button-danger" disabled={busy}>
              {t("channels.request.withdraw")}
            </button>
          </div>
        </Form>
      ) : null}

      <section aria-labelledby="history" className="stack">
        <h2 id="history">{t("channels.request.history")}</h2>
        {history.length === 0 ? (
          <p className="muted">{t("channels.request.noHistory")}</p>
        ) : (
          <ol className="history">
            {history.map((event) => {
              const data = event.data as { units?: number; approvedUnits?: number; reason?: string; releasedUnits?: number };
              return (
                <li key={event.id}>
                  <strong>{t(HISTORY_KEYS[event.action] ?? event.action)}</strong>{" "}
                  {typeof data.approvedUnits === "number" && typeof data.units === "number"
                    ? t("channels.history.approvedUnits", { approved: data.approvedUnits, units: data.units })
                    : typeof data.units === "number"
                      ? t("channels.history.units", { units: data.units })
                      : null}
                  <div className="muted">
                    {formatDate(event.at, { dateStyle: "medium", timeStyle: "short" })}
                    {event.actorName ? ` · ${t("channels.history.by", { name: event.actorName })}` : null}
                    {event.actorOrganization ? `, ${orgName(event.actorOrganization)}` : null}
                  </div>
                  {data.reason && data.reason !== "channel_archived" ? <div className="prewrap">{data.reason}</div> : null}
                </li>
              );
            })}
          </ol>
        )}
      </section>
    </div>
  );
}

export { ErrorPage as ErrorBoundary };
