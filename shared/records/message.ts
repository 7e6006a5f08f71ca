/**
 * A message between the customer and the team, shown live in the session (DESIGN §6). Keyed by
 * message id in `messages` of the `shared` document: both sides of the conversation see it.
 *
 * Written only by the server (server/sync/message-bridge.ts on 'message.posted', after the message
 * is in the communication log): the log stays the truth, the document only shows it. Any
 * participant's change to this map is reverted by the record guard.
 */
import { Type, type Static } from 'typebox';
import { defineRecordType } from './record-type.ts';
import { Instant, ShortText } from './vectors.ts';

/** The longest message body, for the customer's and the team's side alike. */
export const MESSAGE_BODY_MAX_LENGTH = 2000;

export const MessageFrom = { customer: 'customer', team: 'team' } as const;
export type MessageFrom = (typeof MessageFrom)[keyof typeof MessageFrom];

export const SessionMessageSchema = Type.Object(
  {
    from: Type.Enum(MessageFrom),
    /** Display name of the writer (the customer's name, or the staff member's). */
    author: ShortText(),
    body: Type.String({ minLength: 1, maxLength: MESSAGE_BODY_MAX_LENGTH }),
    at: Instant,
    /** The follow-up task that collects the customer's messages, when there is one. */
    taskId: Type.Optional(ShortText(120)),
  },
  { additionalProperties: false },
);
export type SessionMessage = Static<typeof SessionMessageSchema>;

export const messageRecord = defineRecordType({ typeName: 'message', version: 1, schema: SessionMessageSchema });

/** Oldest first; the id breaks ties so every participant shows the same order. */
export function byTimeThenId(a: { readonly at: string; readonly id: string }, b: { readonly at: string; readonly id: string }): number {
  return a.at < b.at ? -1 : a.at > b.at ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}
