import { GetAuthorizationTokenCommand, type ECRClient } from '@aws-sdk/client-ecr';
import { maskSecret } from '../core/mask';

export interface RegistryLogin {
  /** Registry host as docker names it (no scheme), e.g. 123456789012.dkr.ecr.eu-west-1.amazonaws.com */
  registry: string;
  username: string;
  /** Masked the moment it was decoded. */
  password: string;
  expiresAt?: Date;
}

/** Credentials for `docker login` from ECR GetAuthorizationToken; token and password are masked. */
export async function getRegistryLogin(ecr: ECRClient): Promise<RegistryLogin> {
  const out = await ecr.send(new GetAuthorizationTokenCommand({}));
  const data = out.authorizationData?.[0];
  const token = data?.authorizationToken;
  if (token === undefined || data?.proxyEndpoint === undefined) {
    throw new Error('ECR GetAuthorizationToken returned no authorization data');
  }
  maskSecret(token);
  const decoded = Buffer.from(token, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon <= 0) throw new Error('ECR returned an authorization token that is not user:password');
  const password = decoded.slice(colon + 1);
  maskSecret(password);
  return {
    registry: data.proxyEndpoint.replace(/^[a-z]+:\/\//i, '').replace(/\/+$/, ''),
    username: decoded.slice(0, colon),
    password,
    ...(data.expiresAt === undefined ? {} : { expiresAt: data.expiresAt }),
  };
}
