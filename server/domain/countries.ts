// ISO 3166-1 alpha-2 codes, grouped by the regions the action plan uses to split overseas markets.
// Display names come from Intl.DisplayNames in the user's language (app/i18n/countries.ts).

export const REGIONS = ["ASIA", "EUROPE", "AFRICA", "LATIN_AMERICA", "NORTH_AMERICA", "OCEANIA"] as const;
export type Region = (typeof REGIONS)[number];

const BY_REGION: Record<Region, string> = {
  ASIA:
    "AE AF AM AZ BD BH BN BT CN CY GE HK ID IL IN IQ IR JO JP KG KH KP KR KW KZ LA LB LK MM MN MO MV MY NP OM " +
    "PH PK PS QA SA SG SY TH TJ TL TM TR TW UZ VN YE",
  EUROPE:
    "AD AL AT AX BA BE BG BY CH CZ DE DK EE ES FI FO FR GB GG GI GR HR HU IE IM IS IT JE LI LT LU LV MC MD ME " +
    "MK MT NL NO PL PT RO RS RU SE SI SJ SK SM UA VA XK",
  AFRICA:
    "AO BF BI BJ BW CD CF CG CI CM CV DJ DZ EG EH ER ET GA GH GM GN GQ GW IO KE KM LR LS LY MA MG ML MR MU MW " +
    "MZ NA NE NG RE RW SC SD SH SL SN SO SS ST SZ TD TF TG TN TZ UG YT ZA ZM ZW",
  LATIN_AMERICA:
    "AG AI AR AW BB BL BO BQ BR BS BV BZ CL CO CR CU CW DM DO EC FK GD GF GP GS GT GY HN HT JM KN KY LC MF MQ " +
    "MS MX NI PA PE PR PY SR SV SX TC TT UY VC VE VG VI",
  NORTH_AMERICA: "BM CA GL PM US UM",
  OCEANIA:
    "AQ AS AU CC CK CX FJ FM GU HM KI MH MP NC NF NR NU NZ PF PG PN PW SB TK TO TV VU WF WS",
};

export const REGION_OF: ReadonlyMap<string, Region> = new Map(
  REGIONS.flatMap((region) => BY_REGION[region].split(" ").map((code) => [code, region] as const)),
);

export const COUNTRY_CODES: ReadonlySet<string> = new Set(REGION_OF.keys());

export function regionOf(code: string): Region | undefined {
  return REGION_OF.get(code.toUpperCase());
}
