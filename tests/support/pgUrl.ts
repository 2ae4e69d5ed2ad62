export const TEST_PG_URL = process.env.TEST_DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/test';

/** The server's maintenance connection (the URL's own database), used to create and drop test databases. */
export function adminUrl(): string {
  return TEST_PG_URL;
}

export function urlFor(database: string): string {
  const url = new URL(TEST_PG_URL);
  url.pathname = `/${database}`;
  return url.toString();
}
