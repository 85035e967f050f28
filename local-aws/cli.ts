import { startLocalAws } from './stack';

/** `npm run local-aws`: starts the stack and prints the environment that points at it. */
const started = Date.now();
const stack = await startLocalAws({
  port: Number(process.env.LOCAL_AWS_PORT ?? 4566),
  ...(process.env.LOCAL_AWS_DATA === undefined ? {} : { dataDir: process.env.LOCAL_AWS_DATA }),
  // Run deployed App Runner / ECS images for real on this Docker API socket (podman, dockerd).
  ...(process.env.LOCAL_AWS_DOCKER_HOST === undefined
    ? {}
    : { containers: { dockerHost: process.env.LOCAL_AWS_DOCKER_HOST } }),
});
const elapsed = Date.now() - started;
console.log(`# local AWS stack on ${stack.endpoint} (started in ${elapsed} ms)`);
console.log('# point the AWS SDK, the AWS CLI and the actions at it:');
for (const [key, value] of Object.entries(stack.env)) console.log(`export ${key}=${value}`);
console.log(`# control API: ${stack.endpoint}/_local/health, /_local/requests, /_local/faults`);
const stop = (): void => {
  void stack.stop().then(() => process.exit(0));
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
