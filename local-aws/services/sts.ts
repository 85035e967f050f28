import { AwsError } from '../server/aws-error';
import { el, sendXml, sendXmlErrorResponse, requestId } from '../server/protocols';
import type { AwsService, ServiceFactory } from '../server/service';

const XMLNS = 'https://sts.amazonaws.com/doc/2011-06-15/';

/** STS (awsQuery): GetCallerIdentity, answering for whichever access key signed the call. */
export const createStsService: ServiceFactory = (context) => {
  const actionOf = (body: Buffer): string =>
    new URLSearchParams(body.toString('utf8')).get('Action') ?? '';
  const service: AwsService = {
    signingNames: ['sts'],
    operationOf: (req) => actionOf(req.body),
    sendError: (res, error) => sendXmlErrorResponse(res, error, XMLNS),
    handle(req, res) {
      const action = actionOf(req.body);
      if (action !== 'GetCallerIdentity') {
        return Promise.reject(
          new AwsError(
            'InvalidAction',
            `Could not find operation ${action} for version 2011-06-15`,
          ),
        );
      }
      sendXml(
        res,
        el(
          'GetCallerIdentityResponse',
          [
            el('GetCallerIdentityResult', [
              el(
                'Arn',
                `arn:aws:sts::${context.accountId}:assumed-role/local-deployer/github-actions`,
              ),
              el('UserId', `AROALOCAL:${req.accessKeyId ?? 'anonymous'}`),
              el('Account', context.accountId),
            ]),
            el('ResponseMetadata', el('RequestId', requestId())),
          ],
          { xmlns: XMLNS },
        ),
      );
      return Promise.resolve();
    },
  };
  return service;
};
