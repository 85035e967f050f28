// Accounts API behind the ALB rule /api/* . MySQL credentials come from Secrets Manager through
// the task definition's `secrets` (DB_HOST, DB_USER, DB_PASSWORD, DB_NAME).
import { createServer } from 'node:http';
import { randomBytes, scryptSync, timingSafeEqual } from 'node:crypto';
import mysql from 'mysql2/promise';

const version = process.env.APP_VERSION ?? 'dev';
const pool = mysql.createPool({
  host: process.env.DB_HOST,
  user: process.env.DB_USER,
  password: process.env.DB_PASSWORD,
  database: process.env.DB_NAME,
});

async function body(request) {
  let text = '';
  for await (const chunk of request) text += chunk;
  return JSON.parse(text || '{}');
}

const hash = (password, salt) => scryptSync(password, salt, 32);

createServer(async (request, response) => {
  const send = (status, payload) => {
    response.writeHead(status, { 'content-type': 'application/json', 'x-app-version': version });
    response.end(JSON.stringify(payload));
  };
  try {
    if (request.url === '/api/health') return send(200, { status: 'ok', version });
    if (request.method === 'POST' && request.url === '/api/signup') {
      const { email, password } = await body(request);
      if (!email || !password) return send(400, { error: 'email and password are required' });
      const salt = randomBytes(16);
      await pool.execute('INSERT INTO users (email, salt, password_hash) VALUES (?, ?, ?)', [
        email,
        salt,
        hash(password, salt),
      ]);
      return send(201, { email });
    }
    if (request.method === 'POST' && request.url === '/api/login') {
      const { email, password } = await body(request);
      const [rows] = await pool.execute('SELECT salt, password_hash FROM users WHERE email = ?', [
        email,
      ]);
      const user = rows[0];
      if (!user || !timingSafeEqual(hash(password ?? '', user.salt), user.password_hash))
        return send(401, { error: 'invalid credentials' });
      return send(200, { email });
    }
    return send(404, { error: 'not found' });
  } catch (error) {
    return send(500, { error: 'internal error' });
  }
}).listen(3000, '0.0.0.0');
