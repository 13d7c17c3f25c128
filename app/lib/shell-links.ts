// The page shell's header links as plain anchors, with their active state worked out once.
//
// A <NavLink> is about a dozen hooks on every server render (the path resolved four times over, a
// navigate function, prefetch state, view-transition state), and the header had eight of them
// on every signed-in page (about 10 µs each). The shell renders the HTML a <NavLink> renders
// (`data-discover`, `aria-current` and the `active` class when the page is at or under the link's
// path) from the one location it already has, and one listener on the header gives them what <NavLink> adds in the browser:
// clicks become client-side navigations, and hovering or focusing a link that prefetches "on
// intent" for 100 ms renders its <PrefetchPageLinks>, as Remix's prefetch="intent" does.
// Only the paths handed to the hook are handled, so a <Link> elsewhere in the header (a new-message
// toast's) keeps handling its own clicks.
import { useCallback, useEffect, useRef, useState } from "react";
import { useNavigate } from "@remix-run/react";
import { followLinkClicks } from "./plain-links";

/** How long a pointer or focus must stay on a link before its page is prefetched (as Remix). */
const INTENT_DELAY_MS = 100;

/**
 * The attributes <NavLink to={to} className={className} end={end}> renders at `pathname`, in its
 * order (data-discover, aria-current, class, href). Paths compare case-insensitively, as NavLink's.
 */
export function shellLinkProps(pathname: string, to: string, { className = "", end = false }: { className?: string; end?: boolean } = {}) {
  const here = pathname.toLowerCase();
  const target = to.toLowerCase();
  const active = here === target || (!end && target !== "/" && here.startsWith(target) && here.charAt(target.length) === "/");
  return {
    "data-discover": "true",
    "aria-current": active ? ("page" as const) : undefined,
    className: active ? (className ? `${className} active` : "active") : className,
    href: to,
  };
}

/**
 * A ref callback for the header, and the path whose page to prefetch now (null: none).
 * `paths`: the hrefs of the plain links this hook handles; `intent`: those of them to prefetch.
 */
export function useShellLinks(paths: readonly string[], intent: readonly string[]) {
  const navigate = useNavigate();
  const latest = useRef({ navigate, paths, intent });
  latest.current = { navigate, paths, intent };
  const [maybePrefetch, setMaybePrefetch] = useState<string | null>(null);
  const [prefetch, setPrefetch] = useState<string | null>(null);

  useEffect(() => {
    if (!maybePrefetch) return;
    const timer = setTimeout(() => setPrefetch(maybePrefetch), INTENT_DELAY_MS);
    return () => clearTimeout(timer);
  }, [maybePrefetch]);

  const detach = useRef<(() => void) | null>(null);
  const ref = useCallback((element: HTMLElement | null) => {
    detach.current?.();
    detach.current = null;
    if (!element) return;
    /** The handled link `target` is in, with its href as written (the path). */
    const linkOf = (target: EventTarget | null) => {
      const anchor = target instanceof Element ? target.closest("a[href]") : null;
      if (!(anchor instanceof HTMLAnchorElement) || !element.contains(anchor)) return null;
      const path = anchor.getAttribute("href")!;
      return latest.current.paths.includes(path) ? { anchor, path } : null;
    };
    const onIntent = (event: Event) => {
      const link = linkOf(event.target);
      if (link && latest.current.intent.includes(link.path)) setMaybePrefetch(link.path);
    };
    const onLeave = (event: Event) => {
      const link = linkOf(event.target);
      // Moving between a link's own children is not leaving it.
      const to = "relatedTarget" in event ? (event as MouseEvent | FocusEvent).relatedTarget : null;
      if (!link || (to instanceof Node && link.anchor.contains(to))) return;
      setMaybePrefetch(null);
      setPrefetch(null);
    };
    const stopFollowing = followLinkClicks(
      element,
      () => latest.current.navigate,
      (anchor) => latest.current.paths.includes(anchor.getAttribute("href")!),
    );
    // One signal removes the intent listeners together.
    const listening = new AbortController();
    const { signal } = listening;
    element.addEventListener("mouseover", onIntent, { signal });
    element.addEventListener("focusin", onIntent, { signal });
    element.addEventListener("touchstart", onIntent, { signal, passive: true });
    element.addEventListener("mouseout", onLeave, { signal });
    element.addEventListener("focusout", onLeave, { signal });
    detach.current = () => {
      stopFollowing();
      listening.abort();
    };
  }, []);

  return { ref, prefetch };
}
