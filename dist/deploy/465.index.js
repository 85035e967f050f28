export const id = 465;
export const ids = [465];
export const modules = {

/***/ 3465:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   describePublicImage: () => (/* binding */ describePublicImage),
/* harmony export */   ensurePublicRepository: () => (/* binding */ ensurePublicRepository),
/* harmony export */   getPublicRegistryLogin: () => (/* binding */ getPublicRegistryLogin),
/* harmony export */   requirePublicRepository: () => (/* binding */ requirePublicRepository)
/* harmony export */ });
/* harmony import */ var _aws_sdk_client_ecr_public__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(9821);
/* harmony import */ var _core_errors__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(4296);
/* harmony import */ var _core_mask__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(9239);



/** ECR Public: repositories at public.ecr.aws/<alias>/<name>, API in us-east-1 only. */
function isNamed(error, name) {
    return typeof error === 'object' && error !== null && error.name === name;
}
function info(repository) {
    const uri = repository.repositoryUri ?? '';
    return {
        name: repository.repositoryName ?? '',
        uri,
        // public.ecr.aws/<alias>/<name>: the registry is the host, the alias is part of the path.
        registry: uri.split('/')[0] ?? '',
        tagMutability: 'MUTABLE',
    };
}
async function describe(ecr, name) {
    try {
        return (await ecr.send(new _aws_sdk_client_ecr_public__WEBPACK_IMPORTED_MODULE_2__/* .DescribeRepositoriesCommand */ .pE({ repositoryNames: [name] })))
            .repositories?.[0];
    }
    catch (error) {
        if (isNamed(error, 'RepositoryNotFoundException'))
            return undefined;
        throw error;
    }
}
async function requirePublicRepository(ecr, name) {
    const repository = await describe(ecr, name);
    if (repository === undefined) {
        throw new _core_errors__WEBPACK_IMPORTED_MODULE_0__/* .ConfigurationError */ .j1(`ECR Public repository ${JSON.stringify(name)} does not exist in this account; create it, or set create-repository: true`, 'repository');
    }
    return info(repository);
}
async function ensurePublicRepository(ecr, name) {
    const existing = await describe(ecr, name);
    if (existing !== undefined)
        return { repository: info(existing), changes: [] };
    try {
        const created = await ecr.send(new _aws_sdk_client_ecr_public__WEBPACK_IMPORTED_MODULE_2__/* .CreateRepositoryCommand */ .WT({ repositoryName: name }));
        return {
            repository: info(created.repository ?? {}),
            changes: ['created the public repository'],
        };
    }
    catch (error) {
        if (!isNamed(error, 'RepositoryAlreadyExistsException'))
            throw error;
        return { repository: await requirePublicRepository(ecr, name), changes: [] };
    }
}
async function describePublicImage(ecr, repositoryName, id) {
    try {
        const detail = (await ecr.send(new _aws_sdk_client_ecr_public__WEBPACK_IMPORTED_MODULE_2__/* .DescribeImagesCommand */ .ji({ repositoryName, imageIds: [id] })))
            .imageDetails?.[0];
        if (detail?.imageDigest === undefined)
            return undefined;
        return {
            digest: detail.imageDigest,
            tags: detail.imageTags ?? [],
            ...(detail.imageSizeInBytes === undefined ? {} : { sizeInBytes: detail.imageSizeInBytes }),
        };
    }
    catch (error) {
        if (isNamed(error, 'ImageNotFoundException'))
            return undefined;
        throw error;
    }
}
/** Credentials for `docker login public.ecr.aws`; token and password masked. */
async function getPublicRegistryLogin(ecr) {
    const data = (await ecr.send(new _aws_sdk_client_ecr_public__WEBPACK_IMPORTED_MODULE_2__/* .GetAuthorizationTokenCommand */ .Eu({}))).authorizationData;
    const token = data?.authorizationToken;
    if (token === undefined)
        throw new Error('ECR Public GetAuthorizationToken returned no authorization data');
    (0,_core_mask__WEBPACK_IMPORTED_MODULE_1__/* .maskSecret */ .$l)(token);
    const decoded = Buffer.from(token, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon <= 0)
        throw new Error('ECR Public returned an authorization token that is not user:password');
    const password = decoded.slice(colon + 1);
    (0,_core_mask__WEBPACK_IMPORTED_MODULE_1__/* .maskSecret */ .$l)(password);
    return {
        registry: 'public.ecr.aws',
        username: decoded.slice(0, colon),
        password,
        ...(data?.expiresAt === undefined ? {} : { expiresAt: data.expiresAt }),
    };
}


/***/ })

};

//# sourceMappingURL=465.index.js.map