import { AwsError } from '../server/aws-error';
import { jsonService } from '../server/protocols';
import type { AwsService, ServiceFactory } from '../server/service';

/** One log event; `ingestionTime` in the future keeps it hidden until then (a running container). */
export interface StoredEvent {
  timestamp: number;
  ingestionTime: number;
  message: string;
  eventId: string;
}

interface Stream {
  name: string;
  /** The stream exists for readers from this time (a container that has not started yet). */
  visibleFrom: number;
  creationTime: number;
  events: StoredEvent[];
}

interface Group {
  name: string;
  creationTime: number;
  streams: Map<string, Stream>;
}

/** CloudWatch Logs state, shared with ECS (containers with the awslogs driver write here). */
export interface LogsService extends AwsService {
  hasGroup(name: string): boolean;
  createGroup(name: string): void;
  /** Appends events to a stream (created if missing); future ingestion times stay hidden until then. */
  putEvents(
    group: string,
    stream: string,
    events: readonly { timestamp: number; message: string }[],
    visibleFrom?: number,
  ): void;
  /** Drops the events of a stream stamped after `time` (a container stopped before writing them). */
  truncate(group: string, stream: string, time: number): void;
  /** Every event of a stream visible now (tests). */
  read(group: string, stream: string): StoredEvent[];
}

const MAX_LIMIT = 10_000;

/** CloudWatch Logs (awsJson1_1, Logs_20140328): log groups, streams and events. */
export const createLogsService: ServiceFactory = (context) => {
  const groups = new Map<string, Group>();
  let eventSeq = 0;

  const groupNamed = (input: Record<string, unknown>): Group => {
    const name = groupName(input);
    const group = groups.get(name);
    if (group === undefined) {
      throw new AwsError('ResourceNotFoundException', 'The specified log group does not exist.');
    }
    return group;
  };
  const visibleStream = (group: Group, name: string, now: number): Stream => {
    const stream = group.streams.get(name);
    if (stream === undefined || stream.visibleFrom > now) {
      throw new AwsError('ResourceNotFoundException', 'The specified log stream does not exist.');
    }
    return stream;
  };
  const ensureGroup = (name: string): Group => {
    let group = groups.get(name);
    if (group === undefined) {
      group = { name, creationTime: Date.now(), streams: new Map() };
      groups.set(name, group);
    }
    return group;
  };
  const visibleEvents = (stream: Stream, now: number): StoredEvent[] =>
    stream.events.filter((e) => e.ingestionTime <= now);

  const base = jsonService({
    signingNames: ['logs'],
    targetPrefix: 'Logs_20140328',
    protocol: '1.1',
    operations: {
      CreateLogGroup(input) {
        const name = requiredString(input, 'logGroupName');
        if (groups.has(name)) {
          throw new AwsError(
            'ResourceAlreadyExistsException',
            'The specified log group already exists',
          );
        }
        ensureGroup(name);
        return {};
      },
      DeleteLogGroup(input) {
        const name = requiredString(input, 'logGroupName');
        if (!groups.delete(name)) {
          throw new AwsError(
            'ResourceNotFoundException',
            'The specified log group does not exist.',
          );
        }
        return {};
      },
      CreateLogStream(input) {
        const group = groupNamed(input);
        const name = requiredString(input, 'logStreamName');
        if (group.streams.has(name)) {
          throw new AwsError(
            'ResourceAlreadyExistsException',
            'The specified log stream already exists',
          );
        }
        group.streams.set(name, { name, visibleFrom: 0, creationTime: Date.now(), events: [] });
        return {};
      },
      DescribeLogGroups(input) {
        const prefix = typeof input.logGroupNamePrefix === 'string' ? input.logGroupNamePrefix : '';
        return {
          logGroups: [...groups.values()]
            .filter((g) => g.name.startsWith(prefix))
            .map((g) => ({
              logGroupName: g.name,
              creationTime: g.creationTime,
              arn: `arn:aws:logs:${context.region}:${context.accountId}:log-group:${g.name}:*`,
              storedBytes: 0,
            })),
        };
      },
      PutLogEvents(input) {
        const group = groupNamed(input);
        const stream = visibleStream(group, requiredString(input, 'logStreamName'), Date.now());
        const events = Array.isArray(input.logEvents)
          ? (input.logEvents as { timestamp?: number; message?: string }[])
          : [];
        const now = Date.now();
        for (const event of events) {
          stream.events.push({
            timestamp: Number(event.timestamp ?? now),
            ingestionTime: now,
            message: String(event.message ?? ''),
            eventId: String(++eventSeq).padStart(56, '0'),
          });
        }
        stream.events.sort((a, b) => a.timestamp - b.timestamp);
        return { nextSequenceToken: String(eventSeq).padStart(56, '0') };
      },
      GetLogEvents(input) {
        const now = Date.now();
        const group = groupNamed(input);
        const stream = visibleStream(group, requiredString(input, 'logStreamName'), now);
        const limit = readLimit(input);
        const events = visibleEvents(stream, now).filter((e) => inWindow(e, input));
        const token = typeof input.nextToken === 'string' ? input.nextToken : undefined;
        let start: number;
        let end: number;
        if (token !== undefined) {
          const parsed = /^([fb])\/(\d{56})$/.exec(token);
          if (parsed === null) {
            throw new AwsError('InvalidParameterException', 'The specified nextToken is invalid.');
          }
          const index = Math.min(Number(parsed[2]), events.length);
          if (parsed[1] === 'f') {
            start = index;
            end = Math.min(events.length, index + limit);
          } else {
            end = index;
            start = Math.max(0, index - limit);
          }
        } else if (input.startFromHead === true) {
          start = 0;
          end = Math.min(events.length, limit);
        } else {
          end = events.length;
          start = Math.max(0, end - limit);
        }
        return {
          events: events.slice(start, end).map((e) => ({
            timestamp: e.timestamp,
            message: e.message,
            ingestionTime: e.ingestionTime,
          })),
          nextForwardToken: `f/${String(end).padStart(56, '0')}`,
          nextBackwardToken: `b/${String(start).padStart(56, '0')}`,
        };
      },
      FilterLogEvents(input) {
        const now = Date.now();
        const group = groupNamed(input);
        const names = Array.isArray(input.logStreamNames)
          ? (input.logStreamNames as string[])
          : undefined;
        const prefix =
          typeof input.logStreamNamePrefix === 'string' ? input.logStreamNamePrefix : undefined;
        if (names !== undefined && prefix !== undefined) {
          throw new AwsError(
            'InvalidParameterException',
            'Cannot specify both logStreamNames and logStreamNamePrefix',
          );
        }
        const pattern = filterText(input.filterPattern);
        const matching = [...group.streams.values()]
          .filter((s) => s.visibleFrom <= now)
          .filter((s) => names === undefined || names.includes(s.name))
          .filter((s) => prefix === undefined || s.name.startsWith(prefix))
          .flatMap((s) =>
            visibleEvents(s, now)
              .filter((e) => inWindow(e, input))
              .filter((e) => pattern === '' || e.message.includes(pattern))
              .map((e) => ({ ...e, logStreamName: s.name })),
          )
          .sort((a, b) => a.timestamp - b.timestamp || a.eventId.localeCompare(b.eventId));
        const offset = decodeOffset(input.nextToken);
        const limit = readLimit(input);
        const page = matching.slice(offset, offset + limit);
        const next = offset + page.length;
        return {
          events: page.map((e) => ({
            logStreamName: e.logStreamName,
            timestamp: e.timestamp,
            message: e.message,
            ingestionTime: e.ingestionTime,
            eventId: e.eventId,
          })),
          searchedLogStreams: [],
          ...(next < matching.length
            ? { nextToken: Buffer.from(JSON.stringify({ offset: next })).toString('base64') }
            : {}),
        };
      },
    },
  });

  const service: LogsService = {
    ...base,
    hasGroup: (name) => groups.has(name),
    createGroup: (name) => void ensureGroup(name),
    putEvents(groupName_, streamName, events, visibleFrom = 0) {
      const group = ensureGroup(groupName_);
      let stream = group.streams.get(streamName);
      if (stream === undefined) {
        stream = { name: streamName, visibleFrom, creationTime: visibleFrom, events: [] };
        group.streams.set(streamName, stream);
      }
      for (const event of events) {
        stream.events.push({
          timestamp: event.timestamp,
          ingestionTime: event.timestamp,
          message: event.message,
          eventId: String(++eventSeq).padStart(56, '0'),
        });
      }
      stream.events.sort((a, b) => a.timestamp - b.timestamp);
    },
    truncate(groupName_, streamName, time) {
      const stream = groups.get(groupName_)?.streams.get(streamName);
      if (stream !== undefined) stream.events = stream.events.filter((e) => e.timestamp <= time);
    },
    read(groupName_, streamName) {
      const stream = groups.get(groupName_)?.streams.get(streamName);
      return stream === undefined ? [] : visibleEvents(stream, Date.now());
    },
  };
  return service;
};

function groupName(input: Record<string, unknown>): string {
  if (typeof input.logGroupName === 'string' && input.logGroupName !== '')
    return input.logGroupName;
  if (typeof input.logGroupIdentifier === 'string' && input.logGroupIdentifier !== '') {
    // An identifier is a name or an ARN (arn:aws:logs:REGION:ACCOUNT:log-group:NAME[:*]).
    const arn = /^arn:[^:]+:logs:[^:]*:\d*:log-group:([^:]+)/.exec(input.logGroupIdentifier);
    return arn?.[1] ?? input.logGroupIdentifier;
  }
  throw new AwsError(
    'InvalidParameterException',
    'Either logGroupName or logGroupIdentifier must be specified',
  );
}

function requiredString(input: Record<string, unknown>, name: string): string {
  const value = input[name];
  if (typeof value !== 'string' || value === '') {
    throw new AwsError(
      'InvalidParameterException',
      `1 validation error detected: Value null at '${name}' failed to satisfy constraint: Member must not be null`,
    );
  }
  return value;
}

function readLimit(input: Record<string, unknown>): number {
  if (input.limit === undefined) return MAX_LIMIT;
  const limit = Number(input.limit);
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT) {
    throw new AwsError(
      'InvalidParameterException',
      `1 validation error detected: Value '${String(input.limit)}' at 'limit' failed to satisfy constraint: Member must have value between 1 and 10000`,
    );
  }
  return limit;
}

function inWindow(event: StoredEvent, input: Record<string, unknown>): boolean {
  const start = typeof input.startTime === 'number' ? input.startTime : undefined;
  const end = typeof input.endTime === 'number' ? input.endTime : undefined;
  return (
    (start === undefined || event.timestamp >= start) &&
    (end === undefined || event.timestamp <= end)
  );
}

/** Filter patterns: plain terms and "quoted phrases" match as substrings (enough for the bundle). */
function filterText(pattern: unknown): string {
  if (typeof pattern !== 'string') return '';
  const text = pattern.trim();
  return text.startsWith('"') && text.endsWith('"') && text.length >= 2 ? text.slice(1, -1) : text;
}

function decodeOffset(token: unknown): number {
  if (typeof token !== 'string') return 0;
  try {
    const offset = (
      JSON.parse(Buffer.from(token, 'base64').toString('utf8')) as { offset?: unknown }
    ).offset;
    if (typeof offset === 'number' && Number.isInteger(offset) && offset >= 0) return offset;
  } catch {
    // fall through
  }
  throw new AwsError('InvalidParameterException', 'The specified nextToken is invalid.');
}
