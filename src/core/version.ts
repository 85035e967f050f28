/** Reported in the AWS user agent and in summaries. A test keeps it equal to package.json. */
export const BUNDLE_NAME = 'aws-web-deploy-actions';
export const BUNDLE_VERSION = '1.0.0';
