// One notification as a sentence in the reader's language, with a link to the thing it is about.
// The domain stores the facts (ids, names, units) in `data`; the words live in the catalogues, so a
// notification written in one language reads right in the other. Kinds this release does not know
// (for example from a newer server) read as a generic sentence without a link.
import type { Locale, Translate } from "../../i18n";

export interface NotificationItem {
  id: string;
  kind: string;
  data: Record<string, unknown>;
  createdAt: string;
  readAt: string | null;
}

const text = (v: unknown) => (typeof v === "string" ? v : typeof v === "number" ? String(v) : "");
const id = (v: unknown) => (typeof v === "string" && /^[0-9a-f-]{36}$/i.test(v) ? v : null);

interface KindView {
  key: string;
  vars: (data: Record<string, unknown>, locale: Locale, t: Translate) => Record<string, string>;
  href: (data: Record<string, unknown>) => string | null;
}

const requestHref = (data: Record<string, unknown>) => {
  const requestId = id(data.requestId);
  return requestId ? `/channels/requests/${requestId}` : null;
};
const requestVars = (data: Record<string, unknown>, locale: Locale) => ({
  channel: text(data.channelName),
  units: text(data.units),
  approvedUnits: text(data.approvedUnits ?? data.units),
  releasedUnits: text(data.releasedUnits ?? 0),
  organization: text(locale === "zh-CN" ? (data.requestingOrganizationZh ?? data.requestingOrganization) : data.requestingOrganization),
});
const capacity = (event: string): KindView => ({ key: `notifications.kinds.capacity_request.${event}`, vars: requestVars, href: requestHref });

const sourcingHref = (data: Record<string, unknown>) => {
  const requestId = id(data.requestId);
  return requestId ? `/sourcing/${requestId}` : null;
};
const sourcingVars = (data: Record<string, unknown>, locale: Locale, t: Translate) => ({
  category: typeof data.category === "string" && /^[A-Z_]+$/.test(data.category) ? t(`sourcing.categories.${data.category}`) : "",
  organization: text(locale === "zh-CN" ? (data.organizationNameZh ?? data.organizationName) : data.organizationName),
});
const sourcing = (event: string): KindView => ({ key: `notifications.kinds.sourcing.${event}`, vars: sourcingVars, href: sourcingHref });

const KINDS: Record<string, KindView> = {
  "sourcing.access_granted": sourcing("access_granted"),
  "sourcing.proposal_received": sourcing("proposal_received"),
  "sourcing.proposal_shortlisted": sourcing("proposal_shortlisted"),
  "sourcing.proposal_declined": sourcing("proposal_declined"),
  "sourcing.proposal_accepted": sourcing("proposal_accepted"),
  "sourcing.proposal_not_awarded": sourcing("proposal_not_awarded"),
  "sourcing.proposal_withdrawn": sourcing("proposal_withdrawn"),
  "sourcing.request_cancelled": sourcing("request_cancelled"),
  "capacity_request.created": capacity("created"),
  "capacity_request.waitlisted": capacity("waitlisted"),
  "capacity_request.approved": capacity("approved"),
  "capacity_request.declined": capacity("declined"),
  "capacity_request.offered": capacity("offered"),
  "capacity_request.withdrawn": capacity("withdrawn"),
  "capacity_request.cancelled": capacity("cancelled"),
  "message.mentioned": {
    key: "notifications.kinds.message.mentioned",
    vars: (data) => ({ sender: text(data.senderName), excerpt: text(data.excerpt) }),
    href: (data) => {
      const conversationId = id(data.conversationId);
      return conversationId ? `/messages/${conversationId}` : null;
    },
  },
  "membership.approved": {
    key: "notifications.kinds.membership.approved",
    vars: (data, locale) => ({ organization: text(locale === "zh-CN" ? (data.organizationNameZh ?? data.organizationName) : data.organizationName) }),
    href: (data) => {
      const organizationId = id(data.organizationId);
      return organizationId ? `/directory/${organizationId}` : null;
    },
  },
};

export function describeNotification(n: NotificationItem, t: Translate, locale: Locale) {
  const kind = KINDS[n.kind];
  if (!kind) return { sentence: t("notifications.kinds.unknown"), href: null, reason: null };
  const reason = typeof n.data.reason === "string" && n.data.reason ? t("notifications.reason", { reason: n.data.reason }) : null;
  return { sentence: t(kind.key, kind.vars(n.data, locale, t)), href: kind.href(n.data), reason };
}
