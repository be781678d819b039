/**
 * Validation of the body of `POST /invitations` (reference/graph-api.md §3.1), with Graph's OData
 * wording for unknown properties and a message naming the property for everything else.
 */
import { z } from 'zod';
import type { InvitationBody } from './contract.js';
import { badRequest } from './directory-errors.js';
import { checkEmailAddress } from './email-address.js';

const recipientSchema = z.object({
  emailAddress: z.object({
    name: z.string().nullable().optional(),
    address: z.string().nullable().optional(),
  }),
});

const invitationSchema = z.strictObject({
  invitedUserEmailAddress: z.string(),
  inviteRedirectUrl: z.string(),
  invitedUserDisplayName: z.string().max(256).nullable().optional(),
  invitedUserType: z.string().nullable().optional(),
  sendInvitationMessage: z.boolean().nullable().optional(),
  invitedUserMessageInfo: z
    .object({
      ccRecipients: z.array(recipientSchema).nullable().optional(),
      customizedMessageBody: z.string().nullable().optional(),
      messageLanguage: z.string().nullable().optional(),
    })
    .nullable()
    .optional(),
  resetRedemption: z.boolean().nullable().optional(),
  invitedUser: z.looseObject({ id: z.string().optional() }).nullable().optional(),
  invitedUserSponsors: z
    .array(z.looseObject({ id: z.string() }))
    .nullable()
    .optional(),
});

/** A validated invitation request with Graph's defaults applied. */
export type InvitationRequest = Omit<z.infer<typeof invitationSchema>, 'invitedUserType'> & {
  readonly invitedUserType: 'Guest' | 'Member';
  readonly sendInvitationMessage: boolean;
  readonly resetRedemption: boolean;
};

/**
 * Validates a `POST /invitations` body.
 * @throws GraphHttpError 400 `BadRequest` naming the missing, unknown or invalid property.
 */
export function parseInvitationBody(body: InvitationBody): InvitationRequest {
  const withoutAnnotations = Object.fromEntries(
    Object.entries(body).filter(([k]) => !k.startsWith('@odata.')),
  );
  for (const required of ['invitedUserEmailAddress', 'inviteRedirectUrl']) {
    const value = withoutAnnotations[required];
    if (value === undefined || value === null || value === '')
      throw badRequest(`The property '${required}' is required for an invitation.`);
  }
  const result = invitationSchema.safeParse(withoutAnnotations);
  if (!result.success) {
    const issue = result.error.issues[0];
    if (issue?.code === 'unrecognized_keys')
      throw badRequest(
        `The property '${issue.keys[0] ?? ''}' does not exist on type 'microsoft.graph.invitation'. ` +
          'Make sure to only use property names that are defined by the type.',
      );
    throw badRequest(`Invalid value for property '${issue?.path.join('.') ?? ''}' of the invitation.`);
  }
  const parsed = result.data;
  const address = parsed.invitedUserEmailAddress.trim();
  const problem = checkEmailAddress(address);
  if (problem === 'special-characters')
    throw badRequest(
      `The invited user email address '${address}' contains special characters that are not allowed in its local part.`,
    );
  if (problem === 'malformed')
    throw badRequest(`The invited user email address '${address}' is not a valid email address.`);
  if (!isAbsoluteUrl(parsed.inviteRedirectUrl))
    throw badRequest(`The inviteRedirectUrl '${parsed.inviteRedirectUrl}' is not a valid absolute URL.`);
  const type = (parsed.invitedUserType ?? 'Guest').toLowerCase();
  if (type !== 'guest' && type !== 'member')
    throw badRequest(
      `Invalid value for property 'invitedUserType': '${parsed.invitedUserType ?? ''}'; use Guest or Member.`,
    );
  return {
    ...parsed,
    invitedUserEmailAddress: address,
    invitedUserType: type === 'member' ? 'Member' : 'Guest',
    sendInvitationMessage: parsed.sendInvitationMessage ?? false,
    resetRedemption: parsed.resetRedemption ?? false,
  };
}

function isAbsoluteUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'https:' || url.protocol === 'http:';
  } catch {
    return false;
  }
}
