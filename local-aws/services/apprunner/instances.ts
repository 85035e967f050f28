import type { Candidate, LaunchSpec, Verdict } from '../../runtime/workloads';
import type { ServiceConfig, ServiceRecord } from './model';

// A service's instances: what a configuration runs (its image, port, environment, secrets and
// health check) as a container on the stack's workloads, and the switch of traffic to it.

/** What a configuration runs: image, port, environment (secrets by ARN), health check. */
export function launchSpec(config: ServiceConfig): LaunchSpec {
  const image = config.SourceConfiguration.ImageRepository;
  const settings = image?.ImageConfiguration;
  const health = config.HealthCheckConfiguration;
  return {
    image: image?.ImageIdentifier ?? '',
    env: { ...(settings?.RuntimeEnvironmentVariables ?? {}) },
    secrets: { ...(settings?.RuntimeEnvironmentSecrets ?? {}) },
    port: Number(settings?.Port ?? '8080'),
    healthPath: health.Protocol === 'HTTP' ? (health.Path ?? '/') : undefined,
    ...(settings?.StartCommand === undefined
      ? {}
      : { command: ['/bin/sh', '-c', settings.StartCommand] }),
  };
}

/** Starts a configuration's instance: its container runs and is health-checked (workloads). */
export function launch(s: ServiceRecord, config: ServiceConfig): Candidate {
  return s.endpoint.launch(launchSpec(config));
}

/** Switches traffic to a configuration: the workload now serves its image (container). */
export function serve(s: ServiceRecord, config: ServiceConfig, candidate?: Candidate): void {
  const spec = launchSpec(config);
  s.endpoint.healthPath = spec.healthPath ?? '/health';
  s.endpoint.serve({ image: spec.image, env: spec.env }, candidate);
}

/**
 * Runs `then` once the candidate's health is decided (at once in simulation); not when the
 * service has stopped meanwhile (`stopped()`).
 */
export function whenDecided(
  candidate: Candidate,
  stopped: () => boolean,
  then: (verdict: Verdict) => void,
): void {
  const verdict = candidate.decide();
  if (verdict !== undefined) {
    then(verdict);
    return;
  }
  void candidate.settled.then(() => {
    if (!stopped()) then(candidate.decide() ?? { healthy: false, reason: 'undecided' });
  });
}
