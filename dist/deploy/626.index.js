export const id = 626;
export const ids = [626];
export const modules = {

/***/ 6626:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   getRegistryLogin: () => (/* binding */ getRegistryLogin)
/* harmony export */ });
/* harmony import */ var _aws_sdk_client_ecr__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(8249);
/* harmony import */ var _core_mask__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(9239);


/** Credentials for `docker login` from ECR GetAuthorizationToken; token and password are masked. */
async function getRegistryLogin(ecr) {
    const out = await ecr.send(new _aws_sdk_client_ecr__WEBPACK_IMPORTED_MODULE_1__/* .GetAuthorizationTokenCommand */ .Eu6({}));
    const data = out.authorizationData?.[0];
    const token = data?.authorizationToken;
    if (token === undefined || data?.proxyEndpoint === undefined) {
        throw new Error('ECR GetAuthorizationToken returned no authorization data');
    }
    (0,_core_mask__WEBPACK_IMPORTED_MODULE_0__/* .maskSecret */ .$l)(token);
    const decoded = Buffer.from(token, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon <= 0)
        throw new Error('ECR returned an authorization token that is not user:password');
    const password = decoded.slice(colon + 1);
    (0,_core_mask__WEBPACK_IMPORTED_MODULE_0__/* .maskSecret */ .$l)(password);
    return {
        registry: data.proxyEndpoint.replace(/^[a-z]+:\/\//i, '').replace(/\/+$/, ''),
        username: decoded.slice(0, colon),
        password,
        ...(data.expiresAt === undefined ? {} : { expiresAt: data.expiresAt }),
    };
}


/***/ })

};

//# sourceMappingURL=626.index.js.map