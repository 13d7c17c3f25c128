// Client-side navigation for plain <a> elements in long lists.
//
// A Remix <Link> costs a handful of hooks on every server render (route context, resolved path,
// click handler, prefetch state): on the member directory its 25 result links were about 5 % of
// the page's server CPU. A list renders plain `<a href data-discover="true">` instead (the same
// HTML a <Link> renders; data-discover lets Remix fetch the target's route modules ahead, as it
// does for a <Link>), and one listener on the list's element turns their clicks into client-side
// navigations, as <Link> would. Modified clicks (new tab, download, another window), links with a
// target or to another origin keep the browser's default.
import { useCallback, useRef } from "react";
import { useNavigate, type NavigateFunction } from "@remix-run/react";

/**
 * An unmodified left click on a same-origin link that the page should follow itself: not a new tab,
 * window or download, not a link with a target or one marked to reload the document.
 */
function isPlainClick(event: MouseEvent, anchor: HTMLAnchorElement): boolean {
  if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.altKey || event.ctrlKey || event.shiftKey) return false;
  if ((anchor.target && anchor.target !== "_self") || anchor.hasAttribute("download") || anchor.hasAttribute("data-reload-document")) return false;
  return new URL(anchor.href).origin === window.location.origin;
}

/**
 * Follows plain clicks on the links inside `element` that `handles` accepts as client-side
 * navigations, as <Link> would; returns what removes the listener. `navigate` is read at click time.
 */
export function followLinkClicks(
  element: HTMLElement,
  navigate: () => NavigateFunction,
  handles: (anchor: HTMLAnchorElement) => boolean = () => true,
): () => void {
  const onClick = (event: MouseEvent) => {
    const anchor = event.target instanceof Element ? event.target.closest("a[href]") : null;
    if (!(anchor instanceof HTMLAnchorElement) || !element.contains(anchor) || !handles(anchor) || !isPlainClick(event, anchor)) return;
    event.preventDefault();
    const url = new URL(anchor.href);
    const to = `${url.pathname}${url.search}${url.hash}`;
    // As <Link>: a click on a link to the page already shown replaces the history entry.
    const here = `${window.location.pathname}${window.location.search}${window.location.hash}`;
    void navigate()(to, { replace: to === here });
  };
  element.addEventListener("click", onClick);
  return () => element.removeEventListener("click", onClick);
}

/**
 * A ref callback for the element holding the plain links (a callback, so a list that appears only
 * after a navigation, as a results table does, still gets its listener). Put it on an element with
 * no <Link> inside: a <Link> handles its own clicks.
 */
export function usePlainLinks() {
  const navigate = useNavigate();
  const latest = useRef(navigate);
  latest.current = navigate;
  const detach = useRef<(() => void) | null>(null);
  return useCallback((element: HTMLElement | null) => {
    detach.current?.();
    detach.current = element ? followLinkClicks(element, () => latest.current) : null;
  }, []);
}
