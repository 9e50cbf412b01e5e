// routeguide.RouteGuide: grpc's route guide example, all four kinds of call.
import { createClient, type Client, type Transport } from "@connectrpc/connect";
import { RouteGuide, type Feature, type Rectangle } from "../gen/route_guide_pb.js";

export type RouteGuideClient = Client<typeof RouteGuide>;

export function routeGuideClient(transport: Transport): RouteGuideClient {
  return createClient(RouteGuide, transport);
}

/** The rectangle between (40, -75) and (42, -73) degrees: 64 named features in the default database. */
export const NEW_JERSEY: Pick<Rectangle, "lo" | "hi"> = {
  lo: { $typeName: "routeguide.Point", latitude: 400000000, longitude: -750000000 },
  hi: { $typeName: "routeguide.Point", latitude: 420000000, longitude: -730000000 },
};

/** Collects a ListFeatures stream, calling onFeature as each one arrives. */
export async function listFeatures(
  client: RouteGuideClient,
  rect: Pick<Rectangle, "lo" | "hi">,
  onFeature: (f: Feature) => void = () => {},
): Promise<Feature[]> {
  const features: Feature[] = [];
  for await (const f of client.listFeatures(rect)) {
    features.push(f);
    onFeature(f);
  }
  return features;
}
