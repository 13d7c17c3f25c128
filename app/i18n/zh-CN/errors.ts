import type en from "../en/errors";
import type { Catalog } from "../types";

export default {
  required: "此项为必填项。",
  tooLong: "内容过长。",
  tooMany: "条目过多。",
  invalidValue: "该值无效。",
  invalidInput: "请更正标出的字段。",
  invalidEmail: "请输入有效的电子邮箱，例如 name@company.com。",
  invalidUrl: "请输入有效的网址，例如 https://www.example.com。",
  invalidDate: "请按 YYYY-MM-DD 格式输入日期。",
  unknownCountry: "未知的国家代码。请使用两位 ISO 代码，例如 DE、TH 或 BR。",
  passwordTooShort: "密码至少 10 个字符。",
  passwordTooLong: "密码最多 128 个字符。",
  passwordTooCommon: "该密码过于常见，请选择更难猜到的密码。",
  passwordsDoNotMatch: "两次输入的密码不一致。",
  wrongPassword: "当前密码不正确。",
  emailTaken: "该电子邮箱已注册。",
  invalidCredentials: "电子邮箱或密码不正确。",
  rateLimited: "登录失败次数过多，请在 {seconds} 秒后重试。",
  forbidden: "您无权执行此操作。",
  notFound: "未找到。",
  internal: "出现问题，请重试。",
  dateRange: "结束日期必须晚于开始日期。",
} satisfies Catalog<typeof en>;
