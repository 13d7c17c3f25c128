import { describe, expect, it } from "vitest";
import { resolveLocale } from "../../server/http/locale";

describe("locale resolution", () => {
  it("defaults to English", () => {
    expect(resolveLocale(undefined, undefined)).toBe("en");
    expect(resolveLocale("", "")).toBe("en");
    expect(resolveLocale(undefined, "fr-FR,de;q=0.8")).toBe("en");
  });

  it("takes the first supported language from Accept-Language", () => {
    expect(resolveLocale(undefined, "zh-CN,zh;q=0.9,en;q=0.8")).toBe("zh-CN");
    expect(resolveLocale(undefined, "en-GB,en;q=0.9")).toBe("en");
    expect(resolveLocale(undefined, "fr-FR,en;q=0.5,zh;q=0.9")).toBe("zh-CN");
    expect(resolveLocale(undefined, "de, en;q=0.7")).toBe("en");
  });

  it("treats any Chinese as zh-CN", () => {
    expect(resolveLocale(undefined, "zh-TW")).toBe("zh-CN");
    expect(resolveLocale(undefined, "zh")).toBe("zh-CN");
    expect(resolveLocale(undefined, "zh-Hant-HK;q=0.8")).toBe("zh-CN");
  });

  it("ignores languages with q=0", () => {
    expect(resolveLocale(undefined, "zh;q=0, en")).toBe("en");
  });

  it("lets the lang cookie beat Accept-Language", () => {
    expect(resolveLocale("lang=en", "zh-CN,zh;q=0.9")).toBe("en");
    expect(resolveLocale("eap_session=abc; lang=zh-CN", "en-US")).toBe("zh-CN");
    expect(resolveLocale("lang=zh-CN", undefined)).toBe("zh-CN");
  });

  it("ignores an unknown cookie value and falls back to Accept-Language", () => {
    expect(resolveLocale("lang=fr", "zh-CN")).toBe("zh-CN");
    expect(resolveLocale("lang=%E4%B8%AD", undefined)).toBe("en");
  });

  it("reads only the cookie named lang", () => {
    expect(resolveLocale("xlang=en", "zh")).toBe("zh-CN");
  });
});
