/** An immutable tag already names another image: ECR will not move it. */
export class ImmutableTagError extends Error {
  override readonly name = 'ImmutableTagError';
}
