import { ConfigurationError } from '../core/errors';
import { quote, type InputReader } from '../core/inputs';
import {
  HOOK_STAGES,
  type DeploymentStrategySettings,
  type StrategyName,
} from '../ecs/deployment-strategy';

/**
 * Service mode's native ECS deployment strategy: `deployment-strategy` and its settings. A
 * setting that does not belong to the strategy chosen is refused, so nothing is silently
 * ignored.
 */
export function readStrategy(inputs: InputReader): DeploymentStrategySettings | undefined {
  const strategy = inputs.oneOf(
    'deployment-strategy',
    ['ROLLING', 'BLUE_GREEN', 'LINEAR', 'CANARY'] as const,
    undefined,
  );
  const minutes = (name: string): number | undefined =>
    inputs.integer(name, undefined, { min: 0, max: 1440 });
  const bakeTime = minutes('bake-time');
  const canaryPercent = inputs.number('canary-percent', undefined, { min: 0.1, max: 100 });
  const canaryBakeTime = minutes('canary-bake-time');
  const stepPercent = inputs.number('linear-step-percent', undefined, { min: 3, max: 100 });
  const stepBakeTime = minutes('linear-step-bake-time');
  const alarms = inputs.list('alarms');
  for (const alarm of alarms) {
    if (alarm.length > 255)
      throw new ConfigurationError(`alarm name ${quote(alarm)} is over 255 characters`, 'alarms');
  }
  const pauseStages = inputs.list('pause-stages');
  for (const stage of pauseStages) {
    if (!HOOK_STAGES.includes(stage as never)) {
      throw new ConfigurationError(
        `${quote(stage)} is not a lifecycle stage; use one of ${HOOK_STAGES.join(', ')}`,
        'pause-stages',
      );
    }
  }
  const pauseTimeout = inputs.integer('pause-timeout', undefined, { min: 1, max: 1440 });
  const given: [string, unknown, StrategyName[]][] = [
    ['bake-time', bakeTime, ['BLUE_GREEN', 'LINEAR', 'CANARY']],
    ['canary-percent', canaryPercent, ['CANARY']],
    ['canary-bake-time', canaryBakeTime, ['CANARY']],
    ['linear-step-percent', stepPercent, ['LINEAR']],
    ['linear-step-bake-time', stepBakeTime, ['LINEAR']],
    [
      'pause-stages',
      pauseStages.length > 0 ? pauseStages : undefined,
      ['BLUE_GREEN', 'LINEAR', 'CANARY'],
    ],
    ['pause-timeout', pauseTimeout, ['BLUE_GREEN', 'LINEAR', 'CANARY']],
  ];
  for (const [name, value, strategies] of given) {
    if (value !== undefined && (strategy === undefined || !strategies.includes(strategy))) {
      throw new ConfigurationError(
        `applies to deployment-strategy ${strategies.join(' or ')}; deployment-strategy is ${strategy ?? 'not set'}`,
        name,
      );
    }
  }
  if (pauseTimeout !== undefined && pauseStages.length === 0)
    throw new ConfigurationError('needs pause-stages (the stages that pause)', 'pause-timeout');
  if (strategy === undefined && alarms.length === 0) return undefined;
  return {
    ...(strategy === undefined ? {} : { strategy }),
    ...(bakeTime === undefined ? {} : { bakeTimeInMinutes: bakeTime }),
    ...(canaryPercent === undefined && canaryBakeTime === undefined
      ? {}
      : {
          canary: {
            ...(canaryPercent === undefined ? {} : { canaryPercent }),
            ...(canaryBakeTime === undefined ? {} : { canaryBakeTimeInMinutes: canaryBakeTime }),
          },
        }),
    ...(stepPercent === undefined && stepBakeTime === undefined
      ? {}
      : {
          linear: {
            ...(stepPercent === undefined ? {} : { stepPercent }),
            ...(stepBakeTime === undefined ? {} : { stepBakeTimeInMinutes: stepBakeTime }),
          },
        }),
    alarms,
    pauseStages: pauseStages as DeploymentStrategySettings['pauseStages'],
    pauseTimeoutMinutes: pauseTimeout ?? 60,
  };
}
