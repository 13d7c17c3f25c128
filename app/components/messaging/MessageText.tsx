// A message body as text: React escapes everything, and only http(s) addresses become links (opened
// in a new tab, without the referrer or any hold on this page). Nothing else is interpreted.
import { Fragment } from "react";

const URL_PATTERN = /https?:\/\/[^\s<>"'\u3000-\u303f\uff08\uff09\uff0c\uff1b]+/gi;
/** Trailing punctuation is usually the sentence's, not the address's. */
const TRAILING = /[.,;:!?)\]}'"]+$/;

export function splitLinks(text: string): { text: string; href?: string }[] {
  const parts: { text: string; href?: string }[] = [];
  let last = 0;
  for (const match of text.matchAll(URL_PATTERN)) {
    const start = match.index ?? 0;
    let url = match[0];
    const trail = TRAILING.exec(url)?.[0] ?? "";
    if (trail) url = url.slice(0, -trail.length);
    if (start > last) parts.push({ text: text.slice(last, start) });
    parts.push({ text: url, href: url });
    last = start + url.length;
  }
  if (last < text.length) parts.push({ text: text.slice(last) });
  return parts;
}

export function MessageText({ text }: { text: string }) {
  return (
    <>
      {splitLinks(text).map((part, i) =>
        part.href ? (
          <a key={i} href={part.href} target="_blank" rel="noopener noreferrer nofollow ugc">
            {part.text}
          </a>
        ) : (
          <Fragment key={i}>{part.text}</Fragment>
        ),
      )}
    </>
  );
}
