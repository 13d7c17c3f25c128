// Dates for test data, relative to today.

/** The calendar day (YYYY-MM-DD, UTC) `offset` days from now: a deadline, a validity or a start of production. */
export const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
