// The whole demo: the alliance's members first, then the channels and requests they publish.
import type { DomainContext } from "../services.js";
import { seedDemoChannels } from "./channels.js";
import { seedDemoAlliance } from "./demo.js";
import { seedDemoMessaging } from "./messaging.js";
import { seedDemoSourcing } from "./sourcing.js";

export async function seedDemo(ctx: DomainContext) {
  const alliance = await seedDemoAlliance(ctx);
  const channels = await seedDemoChannels(ctx);
  const messaging = await seedDemoMessaging(ctx);
  const sourcing = await seedDemoSourcing(ctx);
  return { alliance, channels, messaging, sourcing };
}
