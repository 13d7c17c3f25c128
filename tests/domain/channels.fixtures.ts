// Shared set-up for the channel tests: channels created through the domain, as an owner would.
import type { CurrentUser } from "../../server/auth/index";
import { channelsDomain } from "../../server/domain/channels";
import type { DomainContext } from "../../server/services";

/** Form-like input: strings as a browser sends them (the domain parses everything). */
export type ChannelInput = Record<string, unknown>;

export const day = (d: Date) => d.toISOString().slice(0, 10);
export const daysFromNow = (n: number) => new Date(Date.now() + n * 24 * 60 * 60 * 1000);

export function serviceChannelInput(overrides: ChannelInput = {}): ChannelInput {
  return {
    kind: "SERVICE",
    name: "Almaty after-sales network",
    country: "KZ",
    city: "Almaty",
    localPartner: "Steppe Motors Service LLP",
    segments: ["ICE_PASSENGER", "NEV_PASSENGER"],
    capacityPerPeriod: "100",
    validFrom: day(daysFromNow(0)),
    validTo: day(daysFromNow(180)),
    terms: "Warranty repairs at the network's standard labour rate; parts supplied by the requester.",
    contactName: "Zhou Min",
    contactEmail: "service-kz@changjiang-auto.example",
    contactPhone: "+7 727 000 0000",
    publish: true,
    ...overrides,
  };
}

export function roroChannelInput(overrides: ChannelInput = {}): ChannelInput {
  return {
    kind: "RORO",
    name: "Shanghai - Zeebrugge ro-ro space",
    country: "BE",
    originName: "Shanghai Haitong",
    originCountry: "CN",
    destinationName: "Zeebrugge",
    segments: ["NEV_PASSENGER", "COMMERCIAL"],
    capacityPerPeriod: "300",
    validFrom: day(daysFromNow(0)),
    validTo: day(daysFromNow(120)),
    contactName: "Tang Wei",
    contactEmail: "roro@jialing-logistics.example",
    sailings: [day(daysFromNow(14)), day(daysFromNow(44))],
    publish: true,
    ...overrides,
  };
}

/** A published channel and its first open period. */
export async function publishedChannel(ctx: DomainContext, owner: CurrentUser, overrides: ChannelInput = {}) {
  const { id } = await channelsDomain.createChannel(ctx, owner, serviceChannelInput(overrides));
  const page = await channelsDomain.getChannel(ctx, owner, { channelId: id });
  const period = page.periods[0];
  if (!period) throw new Error("channel has no open period");
  return { id, period, page };
}
