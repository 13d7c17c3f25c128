import type en from "../en/auth";
import type { Catalog } from "../types";

export default {
  login: {
    title: "登录",
    lead: "请使用贵单位注册的电子邮箱登录。",
    email: "电子邮箱",
    password: "密码",
    submit: "登录",
    noAccount: "还不是会员？",
    apply: "申请加入联盟",
  },
  logout: {
    done: "您已退出登录。",
  },
} satisfies Catalog<typeof en>;
