export const id = 692;
export const ids = [692];
export const modules = {

/***/ 8692:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   describeRepository: () => (/* binding */ describeRepository),
/* harmony export */   ensureRepository: () => (/* binding */ ensureRepository),
/* harmony export */   keepImagesPolicy: () => (/* binding */ keepImagesPolicy),
/* harmony export */   requireRepository: () => (/* binding */ requireRepository)
/* harmony export */ });
/* harmony import */ var _aws_sdk_client_ecr__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(8249);
/* harmony import */ var _core_errors__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(4296);


function info(repository) {
    const uri = repository.repositoryUri ?? '';
    const name = repository.repositoryName ?? '';
    return {
        name,
        uri,
        registry: uri.endsWith(`/${name}`) ? uri.slice(0, -name.length - 1) : (uri.split('/')[0] ?? ''),
        tagMutability: repository.imageTagMutability ?? 'MUTABLE',
    };
}
function isNamed(error, name) {
    return typeof error === 'object' && error !== null && error.name === name;
}
/** The repository, or undefined when it does not exist. */
async function describeRepository(ecr, name) {
    try {
        const out = await ecr.send(new _aws_sdk_client_ecr__WEBPACK_IMPORTED_MODULE_1__/* .DescribeRepositoriesCommand */ .pE_({ repositoryNames: [name] }));
        return out.repositories?.[0];
    }
    catch (error) {
        if (isNamed(error, 'RepositoryNotFoundException'))
            return undefined;
        throw error;
    }
}
/** The repository, or a ConfigurationError saying how to get it created. */
async function requireRepository(ecr, name) {
    const repository = await describeRepository(ecr, name);
    if (repository === undefined) {
        throw new _core_errors__WEBPACK_IMPORTED_MODULE_0__/* .ConfigurationError */ .j1(`ECR repository ${JSON.stringify(name)} does not exist in this account and region; create it, or set create-repository: true`, 'repository');
    }
    return info(repository);
}
/** A lifecycle policy that keeps the newest `count` images and expires the rest. */
function keepImagesPolicy(count) {
    return JSON.stringify({
        rules: [
            {
                rulePriority: 1,
                description: `Keep the ${count} newest images (build-push-ecr keep-images)`,
                selection: { tagStatus: 'any', countType: 'imageCountMoreThan', countNumber: count },
                action: { type: 'expire' },
            },
        ],
    });
}
function samePolicy(a, b) {
    try {
        return JSON.stringify(JSON.parse(a)) === JSON.stringify(JSON.parse(b));
    }
    catch {
        return false;
    }
}
/**
 * Creates the repository with the desired settings, or brings an existing one to them. Only
 * settings that differ are written, so a re-run makes no changes. Returns what changed.
 */
async function ensureRepository(ecr, name, desired) {
    const changes = [];
    let repository = await describeRepository(ecr, name);
    if (repository === undefined) {
        try {
            const created = await ecr.send(new _aws_sdk_client_ecr__WEBPACK_IMPORTED_MODULE_1__/* .CreateRepositoryCommand */ .WTe({
                repositoryName: name,
                imageTagMutability: desired.tagMutability ?? 'MUTABLE',
                imageScanningConfiguration: { scanOnPush: desired.scanOnPush ?? false },
            }));
            repository = created.repository ?? {};
            changes.push('created the repository');
        }
        catch (error) {
            // Another job created it between our two calls: fine, continue with it.
            if (!isNamed(error, 'RepositoryAlreadyExistsException'))
                throw error;
            repository = (await describeRepository(ecr, name)) ?? {};
        }
    }
    if (desired.tagMutability !== undefined &&
        repository.imageTagMutability !== desired.tagMutability) {
        await ecr.send(new _aws_sdk_client_ecr__WEBPACK_IMPORTED_MODULE_1__/* .PutImageTagMutabilityCommand */ .cKn({
            repositoryName: name,
            imageTagMutability: desired.tagMutability,
        }));
        repository = { ...repository, imageTagMutability: desired.tagMutability };
        changes.push(`tag mutability set to ${desired.tagMutability}`);
    }
    if (desired.scanOnPush !== undefined &&
        (repository.imageScanningConfiguration?.scanOnPush ?? false) !== desired.scanOnPush) {
        await ecr.send(new _aws_sdk_client_ecr__WEBPACK_IMPORTED_MODULE_1__/* .PutImageScanningConfigurationCommand */ .BlZ({
            repositoryName: name,
            imageScanningConfiguration: { scanOnPush: desired.scanOnPush },
        }));
        changes.push(`scan on push ${desired.scanOnPush ? 'enabled' : 'disabled'}`);
    }
    if (desired.keepImages !== undefined) {
        const policy = keepImagesPolicy(desired.keepImages);
        let current;
        try {
            current = (await ecr.send(new _aws_sdk_client_ecr__WEBPACK_IMPORTED_MODULE_1__/* .GetLifecyclePolicyCommand */ .O0C({ repositoryName: name })))
                .lifecyclePolicyText;
        }
        catch (error) {
            if (!isNamed(error, 'LifecyclePolicyNotFoundException'))
                throw error;
        }
        if (current === undefined || !samePolicy(current, policy)) {
            await ecr.send(new _aws_sdk_client_ecr__WEBPACK_IMPORTED_MODULE_1__/* .PutLifecyclePolicyCommand */ .Rcn({ repositoryName: name, lifecyclePolicyText: policy }));
            changes.push(`lifecycle policy: keep the ${desired.keepImages} newest images`);
        }
    }
    return { repository: info(repository), changes };
}


/***/ })

};

//# sourceMappingURL=692.index.js.map