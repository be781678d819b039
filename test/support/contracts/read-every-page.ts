/** Walks a paged list to its end; returns every item and how many pages it took. */
export async function readEveryPage<T>(
  list: (continuationToken?: string) => Promise<{
    readonly items: readonly T[];
    readonly continuationToken?: string;
  }>,
): Promise<{ items: T[]; pages: number }> {
  const items: T[] = [];
  let pages = 0;
  let token: string | undefined;
  do {
    const page = await list(token);
    items.push(...page.items);
    token = page.continuationToken;
    pages += 1;
    if (pages > 100) throw new Error('paging does not end');
  } while (token !== undefined);
  return { items, pages };
}
