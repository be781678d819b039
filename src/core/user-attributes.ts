/** A single user attribute value as Graph returns it for the properties xtsync reads and writes. */
export type AttributeValue = string | boolean | number | readonly string[] | null;

/** Attribute name → value. Names are Graph property names (including `extension_*` directory extensions). */
export type UserAttributes = Readonly<Record<string, AttributeValue>>;

/** A user read from a directory: its object id plus the selected attributes. */
export interface DirectoryUser {
  readonly id: string;
  readonly attributes: UserAttributes;
}
