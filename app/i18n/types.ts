// A catalogue in another language must have exactly the keys of the English one (checked by tsc).
export type Catalog<T> = { [K in keyof T]: T[K] extends string ? string : Catalog<T[K]> };

type Join<K, P> = K extends string ? (P extends string ? `${K}.${P}` : never) : never;
/** "members.apply.title" style keys of a nested catalogue. */
export type KeyPath<T> = {
  [K in keyof T & string]: T[K] extends string ? K : Join<K, KeyPath<T[K]>>;
}[keyof T & string];
