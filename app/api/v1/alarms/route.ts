import { alarmsList } from '@/server/alarms/api';
import { jsonRoute, searchParams } from '@/server/http';

export const GET = jsonRoute(async (request) => alarmsList(request, searchParams(request)));
