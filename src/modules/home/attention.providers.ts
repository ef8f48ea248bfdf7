import { outboxAttention } from '../notification/outbox.attention.ts';
import type { AttentionProvider } from './attention.ts';

/** Every module's contribution to the home pages. */
export const ATTENTION_PROVIDERS: readonly AttentionProvider[] = [outboxAttention];
