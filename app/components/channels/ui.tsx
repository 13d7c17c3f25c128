// Small pieces the channel pages share: names in the reader's language, period labels, badges.
import { useSearchParams } from "@remix-run/react";
import { useFormatDate, useLocale, useT } from "../../lib/i18n";

export function useOrgName() {
  const locale = useLocale();
  return (org: { nameEn: string; nameZh: string }) => (locale === "zh-CN" ? org.nameZh : org.nameEn);
}

/** "December 2026" for monthly channels, the sailing or departure date otherwise. */
export function usePeriodLabel() {
  const format = useFormatDate();
  return (startsOn: string | Date, monthly: boolean) =>
    monthly ? format(startsOn, { year: "numeric", month: "long" }) : format(startsOn, { dateStyle: "medium" });
}

const CHANNEL_BADGE: Record<string, string> = { PUBLISHED: "badge-ok", PAUSED: "badge-warn", DRAFT: "", ARCHIVED: "badge-bad" };
const REQUEST_BADGE: Record<string, string> = {
  PENDING: "badge-warn",
  WAITLISTED: "badge-warn",
  APPROVED: "badge-ok",
  DECLINED: "badge-bad",
  WITHDRAWN: "",
  CANCELLED: "badge-bad",
};

export function ChannelStatusBadge({ status }: { status: string }) {
  const t = useT();
  return <span className={`badge ${CHANNEL_BADGE[status] ?? ""}`}>{t(`channels.statuses.${status}`)}</span>;
}

export function RequestStatusBadge({ status }: { status: string }) {
  const t = useT();
  return <span className={`badge ${REQUEST_BADGE[status] ?? ""}`}>{t(`channels.requestStatuses.${status}`)}</span>;
}

export function StaleBadge() {
  const t = useT();
  return <span className="badge badge-warn">{t("channels.detail.stale")}</span>;
}

const NOTICES = [
  "created",
  "published",
  "saved",
  "confirmed",
  "statusChanged",
  "requested",
  "requestWaitlisted",
  "approved",
  "approvedWaitlisted",
  "declined",
  "cancelled",
  "withdrawn",
  "periodAdded",
  "periodRemoved",
  "capacityChanged",
] as const;

/** The confirmation after a redirect (?notice=key&offered=n), from a fixed list of keys. */
export function ChannelNotice() {
  const t = useT();
  const [params] = useSearchParams();
  const key = params.get("notice");
  const offered = Number(params.get("offered") ?? "0");
  if (!key || !(NOTICES as readonly string[]).includes(key)) return null;
  return (
    <div className="alert alert-ok" role="status">
      {t(`channels.notices.${key}`)}
      {Number.isInteger(offered) && offered > 0 ? ` ${t("channels.notices.offered", { count: offered })}` : null}
    </div>
  );
}
