// The shell's plain header links must render what <NavLink> rendered (app/lib/shell-links.ts):
// the same active class and aria-current for every kind of path, compared here with React Router's
// own NavLink at the same location.
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { MemoryRouter, NavLink } from "react-router-dom";
import { describe, expect, it } from "vitest";
import { shellLinkProps } from "../../app/lib/shell-links";

function navLinkHtml(pathname: string, to: string, options: { className?: string; end?: boolean }) {
  return renderToStaticMarkup(
    createElement(MemoryRouter, { initialEntries: [pathname] }, createElement(NavLink, { to, className: options.className, end: options.end }, "x")),
  );
}

function plainHtml(pathname: string, to: string, options: { className?: string; end?: boolean }) {
  // Remix's NavLink adds data-discover before React Router's attributes; leave it out to compare.
  const { "data-discover": discover, ...props } = shellLinkProps(pathname, to, options);
  expect(discover).toBe("true");
  return renderToStaticMarkup(createElement("a", props, "x"));
}

describe("shellLinkProps", () => {
  const cases: [string, string, { className?: string; end?: boolean }][] = [
    ["/directory", "/directory", {}],
    ["/directory/0b0e6c1a-2f4e-4b7a-9a57-7d1e3c4b5a60", "/directory", {}],
    ["/directory-archive", "/directory", {}],
    ["/DIRECTORY", "/directory", {}],
    ["/directory", "/channels", {}],
    ["/", "/", { className: "brand", end: true }],
    ["/directory", "/", { className: "brand", end: true }],
    ["/account", "/account", { className: "user-link" }],
    ["/account/password", "/account", { className: "user-link" }],
    ["/login", "/login", {}],
    ["/apply", "/apply", { className: "button button-small" }],
    ["/login", "/apply", { className: "button button-small" }],
  ];
  it.each(cases)("at %s, a link to %s renders as <NavLink> does", (pathname, to, options) => {
    expect(plainHtml(pathname, to, options)).toBe(navLinkHtml(pathname, to, options));
  });

  it("marks the current page for assistive technology", () => {
    expect(shellLinkProps("/directory", "/directory")).toMatchObject({ "aria-current": "page", className: "active", href: "/directory" });
    expect(shellLinkProps("/channels", "/directory")).toMatchObject({ "aria-current": undefined, className: "" });
  });
});
