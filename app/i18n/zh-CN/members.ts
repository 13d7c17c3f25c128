import type en from "../en/members";
import type { Catalog } from "../types";

export default {} satisfies Catalog<typeof en>;
