import type en from "../en/account";
import type { Catalog } from "../types";

export default {} satisfies Catalog<typeof en>;
