import { ResourceNotFoundException } from '@aws-sdk/client-secrets-manager';
import { awsErrorName, awsHttpStatus, isAwsError } from '../../../src/core/aws-errors';

// The one way src/ reads an AWS SDK error: its code (name) and the HTTP status of the answer.

const notFound = new ResourceNotFoundException({
  message: 'Secrets Manager can not find the specified secret.',
  $metadata: { httpStatusCode: 400 },
});

describe('AWS SDK errors', () => {
  it('reads the error code and HTTP status of a service exception', () => {
    expect(awsErrorName(notFound)).toBe('ResourceNotFoundException');
    expect(awsHttpStatus(notFound)).toBe(400);
  });

  it('isAwsError matches any of the codes given, and nothing else', () => {
    expect(isAwsError(notFound, 'ResourceNotFoundException')).toBe(true);
    expect(isAwsError(notFound, 'ParameterNotFound', 'ResourceNotFoundException')).toBe(true);
    expect(isAwsError(notFound, 'AccessDeniedException')).toBe(false);
    expect(isAwsError(new Error('x'), 'Error')).toBe(true);
  });

  it.each([
    ['undefined', undefined],
    ['null', null],
    ['a string', 'ResourceNotFoundException'],
    ['an object with a numeric name', { name: 404, $metadata: { httpStatusCode: '404' } }],
  ])('reads nothing from %s', (_label, value) => {
    expect(awsErrorName(value)).toBeUndefined();
    expect(awsHttpStatus(value)).toBeUndefined();
    expect(isAwsError(value, 'ResourceNotFoundException')).toBe(false);
  });

  it('reads the status of a plain object as the SDK deserialises an unknown error', () => {
    expect(awsHttpStatus({ name: 'NotFound', $metadata: { httpStatusCode: 404 } })).toBe(404);
  });
});
