// The GitHub toolkit packages (@actions/*, and the real ones behind vendor/lazy-*) export only an
// `import` condition. Tests run as CommonJS (SWC), so jest would ask for `require` and fail to
// find them: for those packages only, resolve the `import` entry (SWC compiles it to CommonJS).
const TOOLKIT = /^(@actions\/|actions-(http-client|exec)-impl(\/|$))/;

module.exports = (request, options) =>
  options.defaultResolver(
    request,
    TOOLKIT.test(request)
      ? { ...options, conditions: [...new Set([...(options.conditions ?? []), 'import'])] }
      : options,
  );
