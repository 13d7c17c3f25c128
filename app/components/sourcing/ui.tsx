// Pieces the sourcing pages share: badges, match reasons as sentences, prices, option lists.
import { Link } from "@remix-run/react";
import { useCountryName, useLocale, useT } from "../../lib/i18n";
import { Notice } from "../members/Notice";

// The taxonomy itself lives with the domain; the pages list it in the same order.
export { BUSINESS_TYPES, PART_CATEGORIES } from "../../../server/domain/taxonomy";
export const DIRECTIONS = ["OEM_SEEKS_SUPPLIER", "SUPPLIER_SEEKS_OEM"] as const;
export const STATUSES = ["DRAFT", "OPEN", "AWARDED", "CLOSED", "CANCELLED"] as const;
export const SEGMENTS = ["ICE_PASSENGER", "COMMERCIAL", "NEV_PASSENGER", "NEV_COMMERCIAL", "PARTS"] as const;
export const CERT_TYPES = ["IATF_16949", "ISO_9001", "ISO_14001", "ISO_45001", "UNECE_TYPE_APPROVAL", "EU_WVTA", "CCC", "OTHER"] as const;

const STATUS_BADGE: Record<string, string> = { OPEN: "badge-ok", AWARDED: "badge-ok", CLOSED: "", CANCELLED: "badge-bad", DRAFT: "" };
const PROPOSAL_BADGE: Record<string, string> = { SUBMITTED: "", SHORTLISTED: "badge-warn", ACCEPTED: "badge-ok", DECLINED: "badge-bad", WITHDRAWN: "" };

export function SourcingStatusBadge({ status }: { status: string }) {
  const t = useT();
  return (
    <span className={`badge ${STATUS_BADGE[status] ?? ""}`} data-status={status}>
      {t(`sourcing.statuses.${status}`)}
    </span>
  );
}

export function ProposalStatusBadge({ status }: { status: string }) {
  const t = useT();
  return (
    <span className={`badge ${PROPOSAL_BADGE[status] ?? ""}`} data-status={status}>
      {t(`sourcing.proposalStatuses.${status}`)}
    </span>
  );
}

export interface ReasonData {
  kind: string;
  tone: string;
  params: Record<string, string | number | null>;
}

/** A match reason (structured data from server/domain/matching.ts) as a sentence in the reader's language. */
export function useReasonText() {
  const t = useT();
  return (reason: ReasonData): string => {
    const p = reason.params;
    const cert = () => (p.label ? String(p.label) : t(`members.certTypes.${String(p.type)}`));
    switch (reason.kind) {
      case "certificateValid":
      case "certificateExpiresBeforeSop":
        return t(`sourcing.reasons.${reason.kind}`, { cert: cert(), month: String(p.validTo) });
      case "businessType":
        return t(reason.tone === "plus" ? "sourcing.reasons.businessTypeMatch" : "sourcing.reasons.businessTypeMissing", {
          type: t(`sourcing.businessTypes.${String(p.businessType)}`),
        });
      default:
        return t(`sourcing.reasons.${reason.kind}`, Object.fromEntries(Object.entries(p).map(([k, v]) => [k, v ?? ""])));
    }
  };
}

export function ReasonList({ reasons }: { reasons: ReasonData[] }) {
  const text = useReasonText();
  return (
    <ul className="reasons">
      {reasons.map((r, i) => (
        <li key={`${r.kind}-${i}`} className={r.tone === "minus" ? "reason-minus" : "reason-plus"} data-kind={r.kind}>
          {r.tone === "minus" ? "− " : "+ "}
          {text(r)}
        </li>
      ))}
    </ul>
  );
}

/** Integer minor units to a formatted amount: 420000 USD -> "US$4,200.00". */
export function useFormatMoney() {
  const locale = useLocale();
  return (minor: number, currency: string) => {
    try {
      const format = new Intl.NumberFormat(locale, { style: "currency", currency });
      const digits = format.resolvedOptions().maximumFractionDigits ?? 2;
      return format.format(minor / 10 ** digits);
    } catch {
      return `${minor} ${currency}`;
    }
  };
}

export function useMarketList() {
  const country = useCountryName();
  const t = useT();
  return (codes: readonly string[]) => codes.map((c) => country(c)).join(t("members.listSeparator"));
}

export const SOURCING_NOTICES: Record<string, string> = {
  created: "sourcing.notices.created",
  updated: "sourcing.notices.updated",
  published: "sourcing.notices.published",
  cancelled: "sourcing.notices.cancelled",
  closed: "sourcing.notices.closed",
  granted: "sourcing.notices.granted",
  proposed: "sourcing.notices.proposed",
  proposalUpdated: "sourcing.notices.proposalUpdated",
  withdrawn: "sourcing.notices.withdrawn",
  shortlisted: "sourcing.notices.shortlisted",
  accepted: "sourcing.notices.accepted",
  declined: "sourcing.notices.declined",
  profileSaved: "sourcing.notices.profileSaved",
  filterSaved: "sourcing.notices.filterSaved",
  filterDeleted: "sourcing.notices.filterDeleted",
};

export function SourcingNotice() {
  return <Notice allowed={SOURCING_NOTICES} />;
}

export function SourcingNav() {
  const t = useT();
  return (
    <nav aria-label={t("sourcing.title")}>
      <ul className="row link-row">
        <li>
          <Link to="/sourcing">{t("sourcing.title")}</Link>
        </li>
        <li>
          <Link to="/sourcing/matches">{t("sourcing.matchesLink")}</Link>
        </li>
        <li>
          <Link to="/sourcing/profile">{t("sourcing.profileLink")}</Link>
        </li>
        <li>
          <Link to="/sourcing/new" className="button button-small">
            {t("sourcing.newLink")}
          </Link>
        </li>
      </ul>
    </nav>
  );
}

export interface ReputationData {
  total: number;
  answered: number;
  ratePercent: number | null;
  medianHours: number | null;
}

/** "80% answered (4 of 5), median 6.5 hours to answer", or "No history yet". */
export function ReputationLine({ label, data }: { label: string; data: ReputationData }) {
  const t = useT();
  return (
    <p className="reputation">
      {label}:{" "}
      {data.ratePercent === null
        ? t("sourcing.reputation.none")
        : [
            t("sourcing.reputation.rate", { percent: data.ratePercent, answered: data.answered, total: data.total }),
            data.medianHours === null ? null : t("sourcing.reputation.median", { hours: data.medianHours }),
          ]
            .filter(Boolean)
            .join(" · ")}
    </p>
  );
}
