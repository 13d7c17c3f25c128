// Domain functions take the context first: (ctx, actor, input) -> result. Services hand routes the
// same functions with the context already applied, so routes never see Prisma.
import type { DomainContext } from "../services.js";

// `any[]` is the standard way to accept functions of every parameter list here; each bound
// function keeps its exact parameter types through `Bound`.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type DomainFn = (ctx: DomainContext, ...args: any[]) => unknown;
type Bound<F> = F extends (ctx: DomainContext, ...args: infer A) => infer R ? (...args: A) => R : never;

export function bindDomain<M extends Record<string, DomainFn>>(ctx: DomainContext, fns: M): { [K in keyof M]: Bound<M[K]> } {
  const bound: Record<string, unknown> = {};
  for (const [name, fn] of Object.entries(fns)) bound[name] = (...args: unknown[]) => fn(ctx, ...args);
  return bound as { [K in keyof M]: Bound<M[K]> };
}
