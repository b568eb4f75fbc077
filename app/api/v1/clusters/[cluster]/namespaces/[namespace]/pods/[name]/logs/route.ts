// `/logs` is the name the pods issue's API gives beside `/events`; `/log` mirrors the API server's subresource.
export { GET } from '../log/route';

export const dynamic = 'force-dynamic';
