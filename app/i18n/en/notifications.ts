// The bell and the notification list (app/routes/notifications.tsx, app/components/notifications).
export default {
  title: "Notifications",
  bell: {
    label: "Notifications",
    unread: "Notifications, {count} unread",
  },
  lead: "What happened on your channels, requests and membership. New ones appear here as they happen.",
  empty: "No notifications yet.",
  emptyUnread: "Nothing unread.",
  filters: {
    all: "All",
    unread: "Unread",
  },
  unreadBadge: "New",
  markRead: "Mark as read",
  markAllRead: "Mark all as read",
  open: "Open",
  more: "Older notifications",
  newest: "Back to the newest",
  notices: {
    read: "Marked as read.",
    allRead: "All notifications are marked as read.",
  },
  kinds: {
    capacity_request: {
      created: "{organization} requested {units} units on your channel {channel}.",
      waitlisted: "Your request for {units} units on {channel} is on the waitlist: the period is full for now.",
      approved: "Your request on {channel} was approved: {approvedUnits} of {units} units.",
      declined: "Your request for {units} units on {channel} was declined.",
      offered: "Capacity was released on {channel}: the waitlisted request for {units} units is pending again.",
      withdrawn: "A request for {units} units on your channel {channel} was withdrawn.",
      cancelled: "The approved request for {units} units on {channel} was cancelled; {releasedUnits} units were released.",
    },
    message: {
      mentioned: "{sender} mentioned you: “{excerpt}”",
    },
    sourcing: {
      access_granted: "You were given access to the confidential {category} sourcing request.",
      proposal_received: "{organization} sent a proposal for your {category} sourcing request.",
      proposal_shortlisted: "Your proposal for the {category} sourcing request was shortlisted; the deal room is open.",
      proposal_declined: "Your proposal for the {category} sourcing request was declined.",
      proposal_accepted: "Your proposal for the {category} sourcing request was accepted: the request is awarded to you.",
      proposal_not_awarded: "The {category} sourcing request you answered was awarded to another member.",
      proposal_withdrawn: "{organization} withdrew its proposal for your {category} sourcing request.",
      request_cancelled: "The {category} sourcing request you answered was closed or cancelled by its poster.",
    },
    membership: {
      approved: "Welcome to the alliance: {organization} is now a member organisation, and the whole portal is open to you.",
    },
    unknown: "You have a new notification.",
  },
  reason: "Reason: {reason}",
  errors: {
    cursor: "This page link is not valid any more. Start from the newest notifications.",
  },
};
