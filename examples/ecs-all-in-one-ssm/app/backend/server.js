// The API container of the all-in-one task. Secrets (API_KEY) come from SSM Parameter Store
// through the task definition's `secrets`, never from the image.
import { createServer } from 'node:http';

const version = process.env.APP_VERSION ?? 'dev';
const products = [
  { id: 1, name: 'Coffee', price: 3.5 },
  { id: 2, name: 'Tea', price: 2.9 },
];

createServer((request, response) => {
  const send = (status, body) => {
    response.writeHead(status, { 'content-type': 'application/json', 'x-app-version': version });
    response.end(JSON.stringify(body));
  };
  if (request.url === '/health' || request.url === '/api/health')
    return send(200, { status: 'ok', version });
  if (request.url === '/api/products') return send(200, products);
  return send(404, { error: 'not found' });
}).listen(3000, '0.0.0.0');
