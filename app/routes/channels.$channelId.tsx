// A channel: its details and periods with free capacity; members request a share here, and the
// owner's admins decide, confirm, pause or archive, and manage periods. The domain authorizes.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { ChannelNotice, ChannelStatusBadge, RequestStatusBadge, StaleBadge, useOrgName, usePeriodLabel } from "../components/channels/ui";
import { ErrorPage } from "../components/ErrorPage";
import { FormError, SelectField, TextArea, TextField } from "../components/Field";
import { orRespond, runIntent } from "../components/members/actions.server";
import { requireActiveMember, requireUser } from "../lib/auth.server";
import { formValues } from "../lib/forms.server";
import { useCountryName, useFormatDate, useT } from "../lib/i18n";
import type { ChannelPage } from "../../server/domain/channels";
import type { MetaFunction } from "@remix-run/node";
import { translate, type Locale } from "../i18n";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => {
  const locale = (matches[0]?.data as { locale?: Locale } | undefined)?.locale ?? "en";
  const name = data?.page.channel.name ?? translate(locale, "channels.title");
  return [{ title: `${name} · ${translate(locale, "common.appName")}` }];
};

const RORO_TYPES = ["PASSENGER_CAR", "SUV_MPV", "LIGHT_COMMERCIAL", "HEAVY_TRUCK", "BUS"] as const;

export async function loader({ context, request, params }: LoaderFunctionArgs) {
  const user = requireUser(context, request);
  if (!user.secretariat) requireActiveMember(context, request);
  const page = await orRespond(context.services.channels.getChannel(user, { channelId: params.channelId }));
  return { page };
}

/** RORO requests send one field per vehicle type: "vehicleMix.SUV_MPV" = "5". */
function vehicleMixOf(form: FormData) {
  const mix: Record<string, string> = {};
  for (const [key, value] of form) {
    if (key.startsWith("vehicleMix.") && typeof value === "string") mix[key.slice("vehicleMix.".length)] = value;
  }
  return mix;
}

export async function action({ context, request, params }: ActionFunctionArgs) {
  const user = requireActiveMember(context, request);
  const form = await request.formData();
  const channelId = params.channelId ?? "";
  const channels = context.services.channels;
  const back = (notice: string, offered = 0) => `/channels/${channelId}?notice=${notice}${offered > 0 ? `&offered=${offered}` : ""}#${noticeAnchor(notice)}`;
  return runIntent(form, {
    request: async () => {
      const r = await channels.requestCapacity(user, { ...formValues(form), vehicleMix: vehicleMixOf(form), channelId });
      return back(r.status === "WAITLISTED" ? "requestWaitlisted" : "requested");
    },
    approve: async () => back((await channels.approveRequest(user, formValues(form))).status === "APPROVED" ? "approved" : "approvedWaitlisted"),
    decline: () => channels.declineRequest(user, formValues(form)).then(() => back("declined")),
    confirm: () => channels.confirmChannel(user, { channelId }).then(() => back("confirmed")),
    status: () => channels.setChannelStatus(user, { channelId, status: form.get("status") }).then(() => back("statusChanged")),
    capacity: async () => back("capacityChanged", (await channels.setPeriodCapacity(user, formValues(form))).offered),
    addPeriod: () => channels.addPeriod(user, { ...formValues(form), channelId }).then(() => back("periodAdded")),
    removePeriod: () => channels.removePeriod(user, formValues(form)).then(() => back("periodRemoved")),
  });
}

function noticeAnchor(notice: string) {
  return ["requested", "requestWaitlisted"].includes(notice) ? "your-requests" : "top";
}

type Page = ChannelPage;

export default function ChannelDetail() {
  const { page } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const t = useT();
  const orgName = useOrgName();
  const country = useCountryName();
  const formatDate = useFormatDate();
  const { channel, viewer } = page;
  const values: Record<string, string | string[]> = result?.values ?? {};
  const intent = typeof values.intent === "string" ? values.intent : undefined;
  const errorsFor = (which: string, target?: { key: string; id: string }) =>
    result && intent === which && (!target || values[target.key] === target.id) ? result.fieldErrors : {};
  const unitShort = t(`channels.unitsShort.${channel.unit}`);
  const route = channel.kind === "RORO" || channel.kind === "RAIL";

  return (
    <div className="stack" id="top">
      <p className="row">
        <Link to="/channels">{t("channels.title")}</Link>
        <Link to="/channels/mine">{t("channels.mineLink")}</Link>
      </p>
      <div className="stack">
        <h1>{channel.name}</h1>
        <p className="row">
          <span className="badge">{t(`channels.kinds.${channel.kind}`)}</span>
          <ChannelStatusBadge status={channel.status} />
          {channel.stale ? <StaleBadge /> : null}
        </p>
      </div>
      <ChannelNotice />
      {result && !result.ok && result.formError ? <FormError message={result.formError} /> : null}
      {channel.stale ? <div className="alert alert-info">{t("channels.detail.staleNote")}</div> : null}

      <dl className="card channel-facts">
        <dt>{t("channels.detail.owner")}</dt>
        <dd>
          <Link to={`/directory/${channel.owner.id}`}>{orgName(channel.owner)}</Link>
        </dd>
        <dt>{route ? t("channels.detail.route") : t("channels.detail.place")}</dt>
        <dd>
          {route
            ? `${channel.originName ?? ""}${channel.originCountry ? ` (${country(channel.originCountry)})` : ""} → ${channel.destinationName ?? channel.city} (${country(channel.country)})`
            : `${channel.city}, ${country(channel.country)}`}{" "}
          <span className="muted">· {t(`channels.regions.${channel.region}`)}</span>
        </dd>
        {channel.localPartner ? (
          <>
            <dt>{t("channels.detail.localPartner")}</dt>
            <dd>{channel.localPartner}</dd>
          </>
        ) : null}
        <dt>{t("channels.detail.segments")}</dt>
        <dd>{channel.segments.map((s) => t(`channels.segments.${s}`)).join(", ")}</dd>
        <dt>{t("channels.detail.capacityPerPeriod")}</dt>
        <dd>
          {channel.capacityPerPeriod} {t(`channels.units.${channel.unit}`)}
        </dd>
        <dt>{t("channels.detail.validity")}</dt>
        <dd>
          {formatDate(channel.validFrom)} – {formatDate(channel.validTo)}
        </dd>
        <dt>{t("channels.detail.lastConfirmed")}</dt>
        <dd>{channel.lastConfirmedAt ? formatDate(channel.lastConfirmedAt) : t("channels.detail.neverConfirmed")}</dd>
        <dt>{t("channels.detail.contact")}</dt>
        <dd>
          {channel.contactName} · <a href={`mailto:${channel.contactEmail}`}>{channel.contactEmail}</a>
          {channel.contactPhone ? ` · ${channel.contactPhone}` : null}
        </dd>
      </dl>
      {channel.terms ? (
        <section aria-labelledby="terms" className="stack">
          <h2 id="terms">{t("channels.detail.terms")}</h2>
          <p className="prewrap">{channel.terms}</p>
        </section>
      ) : null}

      {viewer.canManage ? <OwnerActions page={page} /> : null}

      <Periods page={page} errorsFor={errorsFor} unitShort={unitShort} />

      {viewer.canRequest ? (
        <RequestForm page={page} errors={errorsFor("request")} values={intent === "request" ? values : {}} />
      ) : viewer.cannotRequest && !viewer.isOwner ? (
        <div className="alert alert-info">
          {t("channels.detail.cannotRequest")}: {t(viewer.cannotRequest)}
        </div>
      ) : null}

      <Requests page={page} errorsFor={errorsFor} unitShort={unitShort} />
    </div>
  );
}

function OwnerActions({ page }: { page: Page }) {
  const t = useT();
  const busy = useNavigation().state === "submitting";
  const { channel, viewer } = page;
  const statusButton = (status: string, label: string, className = "button-secondary") => (
    <Form method="post" className="inline-form">
      <input type="hidden" name="intent" value="status" />
      <input type="hidden" name="status" value={status} />
      <button type="submit" className={className} disabled={busy}>
        {label}
      </button>
    </Form>
  );
  return (
    <section aria-labelledby="manage" className="card stack">
      <h2 id="manage">{t("channels.detail.ownerActions")}</h2>
      <div className="row">
        {channel.status !== "ARCHIVED" ? (
          <Link to={`/channels/${channel.id}/edit`} className="button button-secondary">
            {t("channels.detail.edit")}
          </Link>
        ) : null}
        {channel.status === "PUBLISHED" || channel.status === "PAUSED" ? (
          <Form method="post" className="inline-form">
            <input type="hidden" name="intent" value="confirm" />
            <button type="submit" disabled={busy}>
              {t("channels.detail.confirm")}
            </button>
          </Form>
        ) : null}
        {channel.status === "DRAFT" && viewer.canPublish ? statusButton("PUBLISHED", t("channels.detail.publish"), "") : null}
        {channel.status === "PUBLISHED" ? statusButton("PAUSED", t("channels.detail.pause")) : null}
        {channel.status === "PAUSED" && viewer.canPublish ? statusButton("PUBLISHED", t("channels.detail.resume"), "") : null}
        {channel.status !== "ARCHIVED" ? statusButton("ARCHIVED", t("channels.detail.archive"), "button-danger") : null}
      </div>
      <p className="hint">{t("channels.hints.confirm")}</p>
      {channel.status !== "ARCHIVED" ? <p className="hint">{t("channels.detail.archiveNote")}</p> : null}
    </section>
  );
}

type ErrorsFor = (which: string, target?: { key: string; id: string }) => Record<string, string>;

function Periods({ page, errorsFor, unitShort }: { page: Page; errorsFor: ErrorsFor; unitShort: string }) {
  const t = useT();
  const periodLabel = usePeriodLabel();
  const busy = useNavigation().state === "submitting";
  const { channel, viewer, periods } = page;
  const manage = viewer.canManage && channel.status !== "ARCHIVED";
  const addErrors = errorsFor("addPeriod");
  return (
    <section aria-labelledby="periods" className="stack">
      <h2 id="periods">{t("channels.detail.periods")}</h2>
      {periods.length === 0 ? (
        <p className="muted">{t("channels.detail.noPeriods")}</p>
      ) : (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">{t("channels.detail.period")}</th>
                <th scope="col">{t("channels.detail.capacity")}</th>
                <th scope="col">{t("channels.detail.approved")}</th>
                <th scope="col">{t("channels.detail.free")}</th>
                {manage ? <th scope="col">{t("channels.detail.changeCapacity")}</th> : null}
              </tr>
            </thead>
            <tbody>
              {periods.map((p) => {
                const errors = errorsFor("capacity", { key: "periodId", id: p.id });
                const label = periodLabel(p.startsOn, channel.monthly);
                return (
                  <tr key={p.id}>
                    <th scope="row">{label}</th>
                    <td>{p.capacity}</td>
                    <td>{p.approvedUnits}</td>
                    <td>
                      <strong>{p.free}</strong> {unitShort}
                    </td>
                    {manage ? (
                      <td>
                        <Form method="post" className="row">
                          <input type="hidden" name="intent" value="capacity" />
                          <input type="hidden" name="periodId" value={p.id} />
                          <TextField type="text"
                            id={`capacity-${p.id}`}
                            name="capacity"
                            label={`${t("channels.fields.capacity")} (${label})`}
                            inputMode="numeric"
                            defaultValue={String(p.capacity)}
                            error={errors.capacity}
                            size={6}
                          />
                          <button type="submit" className="button-small" disabled={busy}>
                            {t("common.actions.save")}
                          </button>
                        </Form>
                        {p.approvedUnits === 0 && !channel.monthly ? (
                          <Form method="post" className="inline-form">
                            <input type="hidden" name="intent" value="removePeriod" />
                            <input type="hidden" name="periodId" value={p.id} />
                            <button type="submit" className="button-small button-danger" disabled={busy}>
                              {t("channels.detail.removePeriod")}
                            </button>
                          </Form>
                        ) : null}
                      </td>
                    ) : null}
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      {manage && !channel.monthly ? (
        <Form method="post" className="form card row">
          <input type="hidden" name="intent" value="addPeriod" />
          <TextField name="startsOn" type="date" label={t("channels.fields.startsOn")} error={addErrors.startsOn} required />
          <TextField type="text" name="capacity" id="new-period-capacity" label={t("channels.fields.capacity")} inputMode="numeric" defaultValue={String(channel.capacityPerPeriod)} error={addErrors.capacity} />
          <button type="submit" disabled={busy}>
            {t("channels.detail.addSailing")}
          </button>
        </Form>
      ) : null}
    </section>
  );
}

function RequestForm({ page, errors, values }: { page: Page; errors: Record<string, string>; values: Record<string, string | string[]> }) {
  const t = useT();
  const periodLabel = usePeriodLabel();
  const busy = useNavigation().state === "submitting";
  const { channel, periods } = page;
  const text = (name: string) => (typeof values[name] === "string" ? (values[name] as string) : "");
  const unitShort = t(`channels.unitsShort.${channel.unit}`);
  return (
    <section aria-labelledby="request" className="stack">
      <h2 id="request">{t("channels.detail.requestTitle")}</h2>
      <Form method="post" className="form card stack" noValidate>
        <input type="hidden" name="intent" value="request" />
        <SelectField
          name="periodId"
          label={t("channels.fields.period")}
          defaultValue={text("periodId") || periods.find((p) => p.free > 0)?.id || periods[0]?.id}
          error={errors.periodId}
          options={periods.map((p) => ({
            value: p.id,
            label: `${periodLabel(p.startsOn, channel.monthly)} · ${t("channels.detail.free")}: ${p.free} / ${p.capacity} ${unitShort}`,
          }))}
        />
        {channel.kind === "RORO" ? (
          <fieldset className={`field${errors.vehicleMix ? " field-invalid" : ""}`} aria-describedby={`vehicle-mix-hint${errors.vehicleMix ? " vehicle-mix-error" : ""}`}>
            <legend>{t("channels.fields.vehicleMix")}</legend>
            <p className="hint" id="vehicle-mix-hint">
              {t("channels.hints.vehicleMix")}
            </p>
            <div className="row">
              {RORO_TYPES.map((type) => (
                <TextField type="text"
                  key={type}
                  id={`mix-${type}`}
                  name={`vehicleMix.${type}`}
                  label={t(`channels.vehicleTypes.${type}`)}
                  inputMode="numeric"
                  size={6}
                  defaultValue={text(`vehicleMix.${type}`)}
                />
              ))}
            </div>
            {errors.vehicleMix ? (
              <p className="field-error" id="vehicle-mix-error">
                {t(errors.vehicleMix)}
              </p>
            ) : null}
          </fieldset>
        ) : (
          <TextField type="text"
            name="units"
            label={`${t("channels.fields.units")} (${t(`channels.units.${channel.unit}`)})`}
            hint={t("channels.hints.units")}
            inputMode="numeric"
            defaultValue={text("units")}
            error={errors.units}
            required
          />
        )}
        <TextArea name="message" label={t("channels.fields.message")} defaultValue={text("message")} error={errors.message} maxLength={2000} rows={3} />
        <div>
          <button type="submit" disabled={busy}>
            {t("channels.detail.requestSubmit")}
          </button>
        </div>
      </Form>
    </section>
  );
}

function Requests({ page, errorsFor, unitShort }: { page: Page; errorsFor: ErrorsFor; unitShort: string }) {
  const t = useT();
  const { viewer, requests } = page;
  if (!viewer.seesAll && requests.open.length === 0 && requests.closed.length === 0) return null;
  return (
    <section aria-labelledby="your-requests" className="stack">
      <h2 id="your-requests">{viewer.seesAll ? t("channels.detail.requestsTitle") : t("channels.detail.yourRequests")}</h2>
      {requests.open.length === 0 && requests.closed.length === 0 ? <p className="muted">{t("channels.detail.noRequests")}</p> : null}
      {requests.open.length ? (
        <>
          <h3>{t("channels.detail.openRequests")}</h3>
          <RequestTable rows={requests.open} page={page} decide={viewer.canManage} errorsFor={errorsFor} unitShort={unitShort} />
        </>
      ) : null}
      {requests.closed.length ? (
        <>
          <h3>{t("channels.detail.closedRequests")}</h3>
          <RequestTable rows={requests.closed} page={page} decide={false} errorsFor={errorsFor} unitShort={unitShort} />
        </>
      ) : null}
    </section>
  );
}

function RequestTable({
  rows,
  page,
  decide,
  errorsFor,
  unitShort,
}: {
  rows: Page["requests"]["open"];
  page: Page;
  decide: boolean;
  errorsFor: ErrorsFor;
  unitShort: string;
}) {
  const t = useT();
  const orgName = useOrgName();
  const periodLabel = usePeriodLabel();
  const formatDate = useFormatDate();
  const busy = useNavigation().state === "submitting";
  const archived = page.channel.status === "ARCHIVED";
  return (
    <div className="table-wrap">
      <table>
        <thead>
          <tr>
            <th scope="col">{t("channels.detail.requester")}</th>
            <th scope="col">{t("channels.detail.period")}</th>
            <th scope="col">{t("channels.detail.requested")}</th>
            <th scope="col">{t("channels.detail.status")}</th>
            <th scope="col">{t("channels.detail.made")}</th>
            {decide ? <th scope="col">{t("channels.detail.approve")} / {t("channels.detail.decline")}</th> : null}
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => {
            const approveErrors = errorsFor("approve", { key: "requestId", id: r.id });
            const declineErrors = errorsFor("decline", { key: "requestId", id: r.id });
            const who = orgName(r.requestingOrganization);
            return (
              <tr key={r.id}>
                <th scope="row">
                  <Link to={`/channels/requests/${r.id}`}>{who}</Link>
                  <div className="muted">{r.requestedBy.name}</div>
                </th>
                <td>{periodLabel(r.period.startsOn, page.channel.monthly)}</td>
                <td>
                  {r.approvedUnits !== null && r.status === "APPROVED" && r.approvedUnits !== r.units ? `${r.approvedUnits} / ${r.units}` : r.units} {unitShort}
                </td>
                <td>
                  <RequestStatusBadge status={r.status} />
                </td>
                <td>{formatDate(r.createdAt)}</td>
                {decide ? (
                  <td className="stack">
                    {r.status === "PENDING" && !archived ? (
                      <Form method="post" className="row">
                        <input type="hidden" name="intent" value="approve" />
                        <input type="hidden" name="requestId" value={r.id} />
                        <TextField type="text"
                          id={`approve-${r.id}`}
                          name="approvedUnits"
                          label={`${t("channels.fields.approvedUnits")} (${who})`}
                          inputMode="numeric"
                          size={6}
                          defaultValue={String(r.units)}
                          error={approveErrors.approvedUnits}
                        />
                        <button type="submit" className="button-small" disabled={busy}>
                          {t("channels.detail.approve")}
                        </button>
                      </Form>
                    ) : null}
                    <Form method="post" className="row">
                      <input type="hidden" name="intent" value="decline" />
                      <input type="hidden" name="requestId" value={r.id} />
                      <TextField type="text"
                        id={`decline-${r.id}`}
                        name="reason"
                        label={`${t("channels.fields.reason")} (${who})`}
                        maxLength={1000}
                        error={declineErrors.reason}
                      />
                      <button type="submit" className="button-small button-danger" disabled={busy}>
                        {t("channels.detail.decline")}
                      </button>
                    </Form>
                  </td>
                ) : null}
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

export { ErrorPage as ErrorBoundary };
