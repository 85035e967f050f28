import type {
  DeploymentConfiguration,
  DeploymentLifecycleHookStage,
  DeploymentStrategy,
} from '@aws-sdk/client-ecs';

/**
 * A service's native ECS deployment strategy (deploymentConfiguration.strategy) as the step
 * asks for it, and how it merges into the service's current deployment configuration. Data only:
 * inputs.ts uses it before any client loads.
 */

export type StrategyName = DeploymentStrategy;

/** The stages a lifecycle hook may name (DeploymentLifecycleHookStage, AWS's spelling). */
export const HOOK_STAGES = [
  'RECONCILE_SERVICE',
  'PRE_SCALE_UP',
  'POST_SCALE_UP',
  'TEST_TRAFFIC_SHIFT',
  'POST_TEST_TRAFFIC_SHIFT',
  'PRE_PRODUCTION_TRAFFIC_SHIFT',
  'PRODUCTION_TRAFFIC_SHIFT',
  'POST_PRODUCTION_TRAFFIC_SHIFT',
] as const satisfies readonly DeploymentLifecycleHookStage[];

export interface DeploymentStrategySettings {
  strategy?: StrategyName;
  bakeTimeInMinutes?: number;
  canary?: { canaryPercent?: number; canaryBakeTimeInMinutes?: number };
  linear?: { stepPercent?: number; stepBakeTimeInMinutes?: number };
  /** CloudWatch alarm names; a deployment that sets one off is rolled back. */
  alarms: string[];
  /** Stages where a PAUSE hook holds the deployment until someone continues it. */
  pauseStages: (typeof HOOK_STAGES)[number][];
  /** How long a PAUSE hook waits before ECS rolls the deployment back. */
  pauseTimeoutMinutes: number;
}

/** Whether the strategy runs ECS's lifecycle stages (blue/green family) rather than a rolling update. */
export function hasLifecycle(strategy: string | undefined): boolean {
  return strategy === 'BLUE_GREEN' || strategy === 'LINEAR' || strategy === 'CANARY';
}

/**
 * The deployment configuration to send: the service's current one with the strategy settings
 * laid over it (the circuit breaker, percentages and Lambda hooks the service has stay).
 */
export function mergeDeploymentConfiguration(
  current: DeploymentConfiguration | undefined,
  settings: DeploymentStrategySettings,
): DeploymentConfiguration {
  const merged: DeploymentConfiguration = { ...(current ?? {}) };
  if (settings.strategy !== undefined) merged.strategy = settings.strategy;
  if (settings.bakeTimeInMinutes !== undefined)
    merged.bakeTimeInMinutes = settings.bakeTimeInMinutes;
  if (settings.canary !== undefined)
    merged.canaryConfiguration = { ...(current?.canaryConfiguration ?? {}), ...settings.canary };
  if (settings.linear !== undefined)
    merged.linearConfiguration = { ...(current?.linearConfiguration ?? {}), ...settings.linear };
  if (settings.alarms.length > 0)
    merged.alarms = { alarmNames: [...settings.alarms], enable: true, rollback: true };
  if (settings.pauseStages.length > 0) {
    const others = (current?.lifecycleHooks ?? []).filter((h) => h.targetType !== 'PAUSE');
    merged.lifecycleHooks = [
      ...others,
      {
        targetType: 'PAUSE',
        lifecycleStages: [...settings.pauseStages],
        timeoutConfiguration: {
          timeoutInMinutes: settings.pauseTimeoutMinutes,
          action: 'ROLLBACK',
        },
      },
    ];
  }
  return merged;
}
