// The credential handlers are small and load nothing: re-exported as they are.
export { BearerCredentialHandler } from 'actions-http-client-impl/lib/auth';
