export * from 'actions-exec-impl';
