// placeholder until the channel lands
export type LinkState = { status: string };
