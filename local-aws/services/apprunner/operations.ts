import { randomUUID } from 'node:crypto';
import type { OperationStatus, OperationType, ServiceStatus } from '@aws-sdk/client-apprunner';
import { AwsError } from '../../server/aws-error';
import type { OperationRecord, ServiceRecord } from './model';

// A service's operations (ListOperations): one at a time, each IN_PROGRESS until it ends.

/** App Runner's timestamps: epoch seconds. */
export const now = (): number => Date.now() / 1000;

/** Starts an operation: the service is OPERATION_IN_PROGRESS until it finishes. */
export function startOperation(s: ServiceRecord, type: OperationType): OperationRecord {
  const operation: OperationRecord = {
    Id: randomUUID(),
    Type: type,
    Status: 'IN_PROGRESS',
    TargetArn: s.ServiceArn,
    StartedAt: now(),
    UpdatedAt: now(),
  };
  s.operations.unshift(operation);
  s.Status = 'OPERATION_IN_PROGRESS';
  s.UpdatedAt = now();
  return operation;
}

/** Ends an operation with its status and the service's new status. */
export function finish(
  s: ServiceRecord,
  operation: OperationRecord,
  status: OperationStatus,
  serviceStatus: ServiceStatus,
): void {
  operation.Status = status;
  operation.EndedAt = now();
  operation.UpdatedAt = now();
  s.Status = serviceStatus;
  s.UpdatedAt = now();
}

/** Refuses a change while an operation runs or after a failed create/delete, as App Runner does. */
export function requireIdle(s: ServiceRecord, action: string): void {
  if (s.Status === 'OPERATION_IN_PROGRESS') {
    throw new AwsError(
      'InvalidStateException',
      `You can't ${action} for service ${s.ServiceArn} while an operation is in progress. Wait for the operation to finish and try again.`,
      400,
    );
  }
  if (s.Status === 'CREATE_FAILED' || s.Status === 'DELETE_FAILED') {
    throw new AwsError(
      'InvalidStateException',
      `You can't ${action} for service ${s.ServiceArn} in status ${s.Status}. Delete the service and create it again.`,
      400,
    );
  }
}
