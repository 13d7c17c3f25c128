import type en from "../en/notifications";
import type { Catalog } from "../types";

// 通知铃铛与通知列表（app/routes/notifications.tsx）。
const zhCN: Catalog<typeof en> = {
  title: "通知",
  bell: {
    label: "通知",
    unread: "通知，{count} 条未读",
  },
  lead: "您的渠道、容量申请和会员资格的最新动态。新通知会即时出现在这里。",
  empty: "暂无通知。",
  emptyUnread: "没有未读通知。",
  filters: {
    all: "全部",
    unread: "未读",
  },
  unreadBadge: "新",
  markRead: "标为已读",
  markAllRead: "全部标为已读",
  open: "查看",
  more: "更早的通知",
  newest: "回到最新通知",
  notices: {
    read: "已标为已读。",
    allRead: "所有通知均已标为已读。",
  },
  kinds: {
    capacity_request: {
      created: "{organization} 申请使用您的渠道“{channel}”{units} 个单位的份额。",
      waitlisted: "您在“{channel}”上申请的 {units} 个单位已进入候补名单：该期间的容量暂时已满。",
      approved: "您在“{channel}”上的申请已获批准：批准 {approvedUnits} / 申请 {units} 个单位。",
      declined: "您在“{channel}”上申请的 {units} 个单位未获批准。",
      offered: "“{channel}”释放了容量：候补中申请 {units} 个单位的申请已恢复为待审批。",
      withdrawn: "您的渠道“{channel}”上一项 {units} 个单位的申请已撤回。",
      cancelled: "“{channel}”上已批准的 {units} 个单位的申请已被取消，释放 {releasedUnits} 个单位。",
    },
    message: {
      mentioned: "{sender} 在消息中提到了您：“{excerpt}”",
    },
    sourcing: {
      access_granted: "您已获准查看保密的{category}采购需求。",
      proposal_received: "{organization} 对您的{category}采购需求提交了方案。",
      proposal_shortlisted: "您对{category}采购需求的方案已入围，洽谈室已开启。",
      proposal_declined: "您对{category}采购需求的方案未被采纳。",
      proposal_accepted: "您对{category}采购需求的方案已被接受：该需求授予贵单位。",
      proposal_not_awarded: "您回应的{category}采购需求已授予其他会员。",
      proposal_withdrawn: "{organization} 撤回了对您的{category}采购需求的方案。",
      request_cancelled: "您回应的{category}采购需求已被发布方关闭或取消。",
    },
    membership: {
      approved: "欢迎加入出口联盟：{organization} 已成为会员单位，门户的全部功能现已向您开放。",
    },
    unknown: "您有一条新通知。",
  },
  reason: "原因：{reason}",
  errors: {
    cursor: "该分页链接已失效，请从最新通知开始浏览。",
  },
};

export default zhCN;
