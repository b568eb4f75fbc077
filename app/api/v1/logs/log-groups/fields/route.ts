import { jsonRoute, parseInput, searchParams } from '@/server/http';
import { logGroupFields, logGroupFieldsQuery } from '@/server/logs/fields';

export const GET = jsonRoute(async (request) => {
  const names = new URL(request.url).searchParams.getAll('logGroupName');
  return logGroupFields(request, parseInput(logGroupFieldsQuery, { ...searchParams(request), logGroupName: names }, 'query'));
});
