export const id = 298;
export const ids = [298];
export const modules = {

/***/ 2298:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   describeImage: () => (/* binding */ describeImage),
/* harmony export */   getManifests: () => (/* binding */ getManifests),
/* harmony export */   tagImage: () => (/* binding */ tagImage)
/* harmony export */ });
/* harmony import */ var _aws_sdk_client_ecr__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(8249);
/* harmony import */ var _errors__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(2103);
/* harmony import */ var _names__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(7630);



function isNamed(error, name) {
    return typeof error === 'object' && error !== null && error.name === name;
}
/** The image a tag (or digest) names, as the registry holds it; undefined when absent. */
async function describeImage(ecr, repositoryName, id) {
    try {
        const out = await ecr.send(new _aws_sdk_client_ecr__WEBPACK_IMPORTED_MODULE_0__/* .DescribeImagesCommand */ .ji5({ repositoryName, imageIds: [id] }));
        const detail = out.imageDetails?.[0];
        if (detail?.imageDigest === undefined)
            return undefined;
        return {
            digest: detail.imageDigest,
            tags: detail.imageTags ?? [],
            ...(detail.imageSizeInBytes === undefined ? {} : { sizeInBytes: detail.imageSizeInBytes }),
            ...(detail.imageManifestMediaType === undefined
                ? {}
                : { mediaType: detail.imageManifestMediaType }),
        };
    }
    catch (error) {
        if (isNamed(error, 'ImageNotFoundException'))
            return undefined;
        throw error;
    }
}
/** Manifests of the images the ids name (BatchGetImage); ids not found are simply absent. */
async function getManifests(ecr, repositoryName, ids) {
    const found = new Map();
    if (ids.length === 0)
        return found;
    const out = await ecr.send(new _aws_sdk_client_ecr__WEBPACK_IMPORTED_MODULE_0__/* .BatchGetImageCommand */ .P8n({
        repositoryName,
        imageIds: ids,
        acceptedMediaTypes: _names__WEBPACK_IMPORTED_MODULE_1__/* .MANIFEST_MEDIA_TYPES */ .$T,
    }));
    for (const image of out.images ?? []) {
        const digest = image.imageId?.imageDigest;
        if (digest === undefined || image.imageManifest === undefined)
            continue;
        const key = image.imageId?.imageTag ?? digest;
        found.set(key, {
            digest,
            manifest: image.imageManifest,
            ...(image.imageManifestMediaType === undefined
                ? {}
                : { mediaType: image.imageManifestMediaType }),
        });
    }
    const unexpected = (out.failures ?? []).filter((f) => f.failureCode !== 'ImageNotFound');
    if (unexpected.length > 0) {
        const first = unexpected[0];
        throw new Error(`BatchGetImage failed: ${first?.failureCode ?? 'unknown'}: ${first?.failureReason ?? ''}`);
    }
    return found;
}
/**
 * Gives an image one more tag without pulling or pushing layers (PutImage with its manifest).
 * `already` when the tag named this image before; ImmutableTagError when it names another one
 * in an immutable repository.
 */
async function tagImage(ecr, repositoryName, image, tag) {
    try {
        await ecr.send(new _aws_sdk_client_ecr__WEBPACK_IMPORTED_MODULE_0__/* .PutImageCommand */ .SUU({
            repositoryName,
            imageManifest: image.manifest,
            ...(image.mediaType === undefined ? {} : { imageManifestMediaType: image.mediaType }),
            imageTag: tag,
            imageDigest: image.digest,
        }));
        return 'tagged';
    }
    catch (error) {
        if (isNamed(error, 'ImageAlreadyExistsException'))
            return 'already';
        if (isNamed(error, 'ImageTagAlreadyExistsException')) {
            throw new _errors__WEBPACK_IMPORTED_MODULE_2__/* .ImmutableTagError */ .z(`tag ${JSON.stringify(tag)} already names a different image in the immutable repository ${JSON.stringify(repositoryName)}; immutable tags cannot be moved: use a new tag (e.g. one with the run number) or make the repository MUTABLE`, { cause: error });
        }
        throw error;
    }
}


/***/ })

};

//# sourceMappingURL=298.index.js.map