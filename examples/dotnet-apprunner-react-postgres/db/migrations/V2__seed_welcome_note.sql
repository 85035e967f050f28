INSERT INTO notes (body) VALUES ('Deployed by aws-web-deploy-actions');
