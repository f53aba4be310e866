// The server's features, each registering its own LSP handlers on the shared context.
import type { Feature } from '../context';

/** Every feature, in registration order. */
export const features: Feature[] = [];
