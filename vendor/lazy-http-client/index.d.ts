export * from 'actions-http-client-impl';
