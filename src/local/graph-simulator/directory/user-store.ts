/**
 * The users of one tenant: active users and deleted items, each an append-only `RecordList`, with
 * indexes by id, by lower-cased userPrincipalName, and by lower-cased address-like values (mail,
 * otherMails, directory extensions) so lookups and the usual `eq` filters do not scan.
 */
import { RecordList } from './record-list.js';
import type { StoredValue, UserRecord, UserValues } from './user-record.js';

/** Properties whose (lower-cased) values are indexed for exact lookups among active users. */
export function isIndexedProperty(name: string): boolean {
  return (
    name === 'userPrincipalName' || name === 'mail' || name === 'otherMails' || name.startsWith('extension_')
  );
}

type Bucket = UserRecord | UserRecord[];

/** Active users and deleted items of one tenant, with their indexes. */
export class UserStore {
  readonly active = new RecordList();
  readonly deleted = new RecordList();
  private readonly activeById = new Map<string, UserRecord>();
  private readonly deletedById = new Map<string, UserRecord>();
  private readonly indexes = new Map<string, Map<string, Bucket>>();

  /** An active user by object id or userPrincipalName (both case-insensitive). */
  findActive(idOrUserPrincipalName: string): UserRecord | undefined {
    const key = idOrUserPrincipalName.toLowerCase();
    return this.activeById.get(key) ?? this.findByValue('userPrincipalName', key)[0];
  }

  /** A deleted item by object id (case-insensitive). */
  findDeleted(id: string): UserRecord | undefined {
    return this.deletedById.get(id.toLowerCase());
  }

  /** Active users whose indexed property (a collection matches on any element) equals `value`, ignoring case. */
  findByValue(property: string, value: string): readonly UserRecord[] {
    const bucket = this.indexes.get(property)?.get(value.toLowerCase());
    if (bucket === undefined) return [];
    return Array.isArray(bucket) ? bucket : [bucket];
  }

  /** Adds a new active user. */
  addActive(record: UserRecord): void {
    this.active.append(record);
    this.activeById.set(record.id, record);
    this.indexAll(record, record.values, 'add');
  }

  /** Replaces an active user's values, keeping the indexes in step. */
  replaceValues(record: UserRecord, values: UserValues): void {
    this.indexAll(record, record.values, 'remove');
    record.values = values;
    this.indexAll(record, values, 'add');
  }

  /** Moves an active user to deleted items (at the end of that list). */
  moveToDeleted(record: UserRecord): void {
    this.active.remove(record);
    this.activeById.delete(record.id);
    this.indexAll(record, record.values, 'remove');
    this.deleted.append(record);
    this.deletedById.set(record.id, record);
  }

  /** Moves a deleted item back to the active users (at the end of that list). */
  moveToActive(record: UserRecord): void {
    this.deleted.remove(record);
    this.deletedById.delete(record.id);
    this.addActive(record);
  }

  /** Forgets a deleted item for good. */
  purge(record: UserRecord): void {
    this.deleted.remove(record);
    this.deletedById.delete(record.id);
  }

  private indexAll(record: UserRecord, values: UserValues, mode: 'add' | 'remove'): void {
    for (const [property, value] of Object.entries(values)) {
      if (!isIndexedProperty(property)) continue;
      for (const item of indexKeys(value)) this.indexOne(property, item, record, mode);
    }
  }

  private indexOne(property: string, key: string, record: UserRecord, mode: 'add' | 'remove'): void {
    let index = this.indexes.get(property);
    if (index === undefined) {
      index = new Map();
      this.indexes.set(property, index);
    }
    const bucket = index.get(key);
    if (mode === 'add') {
      if (bucket === undefined) index.set(key, record);
      else if (Array.isArray(bucket)) bucket.push(record);
      else if (bucket !== record) index.set(key, [bucket, record]);
      return;
    }
    if (bucket === record) index.delete(key);
    else if (Array.isArray(bucket)) {
      const rest = bucket.filter((r) => r !== record);
      if (rest.length === 0) index.delete(key);
      else index.set(key, rest.length === 1 ? (rest[0] as UserRecord) : rest);
    }
  }
}

function indexKeys(value: StoredValue | undefined): string[] {
  if (typeof value === 'string') return [value.toLowerCase()];
  if (Array.isArray(value)) {
    const keys = value.filter((v): v is string => typeof v === 'string').map((v) => v.toLowerCase());
    return [...new Set(keys)];
  }
  return [];
}
