import { awsSettings } from '@/server/api/console';
import { jsonRoute } from '@/server/http';

export const GET = jsonRoute((request) => awsSettings(request));
